//! CloudFormation resources in Terraform's vocabulary, the AWS provider's own: each type drplan
//! reads becomes the Terraform type of its row in `types/`, its properties the attributes of
//! that type (`MultiAZ` → `multi_az`, `BackupPlan.BackupPlanRule[].ScheduleExpression` →
//! `rule[].schedule`), its references links. Keys are converted to snake case unless the
//! row renames them; wrapper properties (`LaunchTemplateData`, `DistributionConfig`) are
//! lifted to the top, where Terraform has their contents.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Number, Value as Json};

use super::lookup::{by_cfn, row_index};
use super::row::{Cfn, EXPORT_TYPE};
use super::types::TYPES;
use crate::import::cloudformation::{Resource as CfnResource, Template, Value, render};
use crate::import::resource::Handle;
use crate::import::resource::{Attributes, Empty, Link, More, Origin, Resource, Small};
use crate::words::snake;

/// The translated resources of a template, and the ones whose condition drplan could not
/// decide (by index into them, with the condition's name).
pub struct Translated {
    pub resources: Vec<Resource>,
    pub conditional: Vec<(usize, String)>,
    /// What the template imports from other stacks: (resource, attribute, export name).
    pub imports: Vec<(usize, String, String)>,
    /// What it exports: (export name, the resource the export's value names).
    pub exports: Vec<(String, usize)>,
}

/// Translates a template's resources; `provider` is the AWS provider's number.
pub fn resources(template: &Template, file: &str, provider: u8) -> Translated {
    // A record set group is several records: one resource each.
    let mut expanded: Vec<(String, &str, usize, &CfnResource, Value)> = Vec::new();
    for r in &template.resources {
        let expand =
            by_cfn(&r.type_name, |p| r.properties.get(p).is_some()).and_then(|(_, c)| c.expand);
        match expand {
            Some((list, item_type)) => {
                let items = r.properties.get(list).map_or(&[][..], Value::as_list);
                for (k, item) in items.iter().enumerate() {
                    expanded.push((
                        format!("{}.{list}[{k}]", r.logical_id),
                        item_type,
                        r.line,
                        r,
                        item.clone(),
                    ));
                }
            }
            None => expanded.push((
                r.logical_id.clone(),
                r.type_name.as_str(),
                r.line,
                r,
                r.properties.clone(),
            )),
        }
    }
    let index: HashMap<&str, usize> = (expanded.iter().enumerate())
        .map(|(i, (address, ..))| (address.as_str(), i))
        .collect();
    // One region, and one reason, for every resource.
    let region: Option<std::sync::Arc<crate::import::resource::Region>> =
        template.region.clone().map(|r| {
            std::sync::Arc::new((
                r,
                "the region the template is deployed to (`sources[].region` or --region)".into(),
            ))
        });
    let mut out = Vec::with_capacity(expanded.len());
    // One text for every resource's file.
    let shared: std::sync::Arc<str> = file.into();
    let mut conditional = Vec::new();
    let mut imports = Vec::new();
    for (i, (address, type_name, line, r, properties)) in expanded.iter().enumerate() {
        let found = by_cfn(type_name, |p| properties.get(p).is_some());
        let ty = found.map_or(*type_name, |(row, _)| TYPES[usize::from(row)].tf);
        let mut t = Translation {
            spec: found.map(|(_, c)| c),
            index: &index,
            links: Vec::new(),
            unknown: BTreeMap::new(),
            region: region.as_deref().map(|(r, _)| r.as_str()),
            imports: Vec::new(),
        };
        let mut values = match found {
            Some((_, c)) => t.top(properties, c),
            None => Json::Null,
        };
        if let Some((_, c)) = found
            && let (Some(shape), Json::Object(map)) = (c.adjust, &mut values)
        {
            super::cfn_shapes::adjust(shape, map, region.as_deref().map(|(r, _)| r.as_str()));
        }
        // What deleting or replacing it leaves (`deletion.rs`): resource attributes, not
        // properties, read as the provider's own.
        if let Json::Object(map) = &mut values {
            for (key, policy) in [
                ("deletion_policy", &r.deletion_policy),
                ("update_replace_policy", &r.update_replace_policy),
            ] {
                if let Some(p) = policy {
                    map.insert(key.to_string(), Json::String(p.clone()));
                }
            }
        }
        // A literal password in a template is not kept either.
        let mut values = Attributes::from(values);
        crate::import::secrets::drop_secret_attributes(&mut values);
        let mut links = t.links;
        imports.extend(t.imports.into_iter().map(|(a, name)| (i, a, name)));
        links.sort();
        links.dedup();
        let mut depends_on: Vec<usize> = (r.depends_on.iter())
            .filter_map(|d| index.get(d.as_str()).copied())
            .collect();
        depends_on.sort_unstable();
        depends_on.dedup();
        if r.condition_unknown
            && let Some(c) = &r.condition
        {
            conditional.push((i, c.clone()));
        }
        out.push(Resource {
            origin: Origin {
                file: shared.clone(),
                address: address.as_str().into(),
                line: u32::try_from(*line).ok(),
            },
            ty: match found {
                Some((row, _)) => Cow::Borrowed(TYPES[usize::from(row)].tf),
                None => Cow::Owned(ty.to_string()),
            },
            handle: found.map(|(row, _)| Handle { provider, row }),
            region: region.clone(),
            values,
            links: links.into(),
            tags: r
                .tags
                .iter()
                .cloned()
                .collect::<Small<String>>()
                .on_demand(),
            more: More {
                source_type: (ty != *type_name).then(|| (*type_name).into()),
                group: None,
                depends_on: depends_on.into(),
                unknown: t.unknown.into_iter().collect(),
            }
            .on_demand(),
        });
    }
    let exports = (template.exports.iter())
        .filter_map(|(name, value)| {
            let (target, _) = value.refs().into_iter().next()?;
            Some((name.clone(), *index.get(target)?))
        })
        .collect();
    Translated {
        resources: out,
        conditional,
        imports,
        exports,
    }
}

/// Attributes through which a resource calls what it imports (an API's URL in an environment
/// variable, a table's ARN in a policy); other imports are plumbing (subnets, security groups,
/// a VPC's id) and make no component.
const CALLS: &[&str] = &[
    "environment",
    "user_data",
    "container_definitions",
    "definition",
    "policy",
    "inline_policy",
    "endpoint",
    "event_source_arn",
    "origin",
];

/// Links what templates import to what other templates export; an import that calls a
/// service no source holds becomes an external component.
pub fn link_imports(
    provider: u8,
    resources: &mut Vec<Resource>,
    imports: Vec<(usize, String, String)>,
    exports: &BTreeMap<(String, Option<String>), usize>,
) {
    let mut external: BTreeMap<(String, Option<String>), usize> = BTreeMap::new();
    for (i, attribute, name) in imports {
        let region = resources[i].region().map(str::to_string);
        let to = match exports.get(&(name.clone(), region)) {
            Some(&to) => to,
            None if CALLS.contains(&attribute.as_str()) && is_plain_name(&name) => {
                let region = resources[i].region.clone();
                let key = (name.clone(), region.as_deref().map(|(r, _)| r.clone()));
                let n = resources.len();
                let to = *external.entry(key).or_insert(n);
                if to == n {
                    let from = &resources[i].origin;
                    resources.push(Resource {
                        origin: Origin {
                            file: from.file.clone(),
                            address: name.as_str().into(),
                            line: from.line,
                        },
                        ty: Cow::Borrowed(EXPORT_TYPE),
                        handle: row_index(EXPORT_TYPE).map(|row| Handle { provider, row }),
                        // Exports are regional: the one a stack imports is in its region.
                        region: region.map(|r| {
                            std::sync::Arc::new((
                                r.0.clone(),
                                "exports are regional: the stack's".into(),
                            ))
                        }),
                        values: serde_json::json!({ "name": name }).into(),
                        links: thin_vec::ThinVec::new(),
                        tags: Default::default(),
                        more: More {
                            source_type: Some("Fn::ImportValue".into()),
                            ..More::default()
                        }
                        .on_demand(),
                    });
                }
                to
            }
            None => continue,
        };
        let links = &mut resources[i].links;
        links.push(Link { attribute, to });
        links.sort();
        links.dedup();
    }
}

/// An export name written out in full (not `${?}` for a part known only at deploy time).
fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && !name.contains(['$', ' '])
}

struct Translation<'a> {
    spec: Option<&'static Cfn>,
    index: &'a HashMap<&'a str, usize>,
    links: Vec<Link>,
    unknown: BTreeMap<String, String>,
    region: Option<&'a str>,
    /// Exports of other stacks this resource imports, by attribute.
    imports: Vec<(String, String)>,
}

impl Translation<'_> {
    fn top(&mut self, properties: &Value, spec: &Cfn) -> Json {
        let mut map = Map::new();
        let Value::Map(entries) = properties else {
            return Json::Object(map);
        };
        for (key, value) in entries {
            if key == "Tags" {
                continue;
            }
            if spec.lift.contains(&key.as_str()) {
                if let Value::Map(inner) = value {
                    for (k, v) in inner {
                        self.entry(&mut map, k, v);
                    }
                }
                continue;
            }
            self.entry(&mut map, key, value);
        }
        Json::Object(map)
    }

    fn entry(&mut self, map: &mut Map<String, Json>, key: &str, value: &Value) {
        let attribute = self.key(key);
        let mut refs = Vec::new();
        let json = self.convert(value, &mut refs, &attribute);
        for target in refs {
            self.links.push(Link {
                attribute: attribute.clone(),
                to: target,
            });
        }
        if let Some(j) = json {
            map.insert(attribute, j);
        }
    }

    fn key(&self, key: &str) -> String {
        (self
            .spec
            .and_then(|s| s.rename.iter().find(|(k, _)| *k == key)))
        .map_or_else(|| snake(key), |(_, v)| v.to_string())
    }

    /// The value in Terraform's shape; references are collected, not kept.
    fn convert(&mut self, value: &Value, refs: &mut Vec<usize>, attribute: &str) -> Option<Json> {
        Some(match value {
            Value::Null => return None,
            Value::Bool(b) => Json::Bool(*b),
            Value::Number(n) => number(n).unwrap_or_else(|| Json::String(n.clone())),
            Value::String(s) => Json::String(s.clone()),
            Value::List(items) => Json::Array(
                items
                    .iter()
                    .filter_map(|v| self.convert(v, refs, attribute))
                    .collect(),
            ),
            Value::Map(entries) => {
                let mut map = Map::new();
                for (k, v) in entries {
                    let key = self.key(k);
                    if let Some(j) = self.convert(v, refs, attribute) {
                        map.insert(key, j);
                    }
                }
                Json::Object(map)
            }
            Value::Ref { target, .. } => {
                if let Some(&i) = self.index.get(target.as_str()) {
                    refs.push(i);
                }
                return None;
            }
            Value::Concat(pieces) => {
                // The known text with `${Res.Attr}` / `${?}` for the rest: an ARN keeps its
                // region, a name its shape; the references become links.
                for p in pieces {
                    self.convert(p, refs, attribute);
                }
                Json::String(render(value))
            }
            Value::Zone { index, region } => {
                let region = region
                    .as_deref()
                    .or(self.region)
                    .unwrap_or("the stack's region");
                Json::String(format!("{region} zone {}", index + 1))
            }
            Value::Unknown { why } => {
                if let Some(name) = why.strip_prefix(IMPORT) {
                    self.imports.push((attribute.to_string(), name.to_string()));
                }
                self.unknown
                    .entry(attribute.to_string())
                    .or_insert_with(|| why.clone());
                return None;
            }
        })
    }
}

/// How the reader says a value is another stack's export.
const IMPORT: &str = "Fn::ImportValue ";

fn number(text: &str) -> Option<Json> {
    if let Ok(i) = text.parse::<i64>() {
        return Some(Json::Number(i.into()));
    }
    text.parse::<f64>()
        .ok()
        .and_then(Number::from_f64)
        .map(Json::Number)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::super::types::TYPES;

    #[test]
    fn a_cloudformation_type_translates_one_way_unless_a_property_decides() {
        let mut plain: BTreeMap<&str, &str> = BTreeMap::new();
        for t in TYPES.iter() {
            for c in t.cfn.iter().filter(|c| c.when.is_none()) {
                if let Some(other) = plain.insert(c.ty, t.tf) {
                    panic!("{} reads as both {other} and {}", c.ty, t.tf);
                }
            }
        }
        // A translation a property decides falls back on a plain one.
        for t in TYPES.iter() {
            for c in t.cfn.iter().filter(|c| c.when.is_some()) {
                assert!(
                    plain.contains_key(c.ty),
                    "{} has no plain translation",
                    c.ty
                );
            }
        }
    }
}
