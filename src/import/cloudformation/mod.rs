//! CloudFormation template reader: YAML or JSON text → the template's resources, with their
//! properties evaluated offline as far as the template and the given options allow.
//!
//! Layout: `yaml.rs` and `json.rs` turn text into one `node::Node` tree (tags kept);
//! `params.rs` reads parameters and pseudo parameters; `eval.rs` evaluates conditions,
//! mappings and intrinsic functions over the tree, producing [`Value`]s (`value.rs`);
//! `foreach.rs` expands `Fn::ForEach` (LanguageExtensions); this file assembles the
//! [`Template`]. What cannot be known offline (account ids, imports from other stacks, AZ
//! names, ...) becomes [`Value::Unknown`], [`Value::Ref`], [`Value::Concat`] or
//! [`Value::Zone`] rather than a guess. Every input-driven cost is bounded by [`Limits`].

mod error;
mod eval;
mod foreach;
mod json;
mod node;
mod params;
mod value;
mod yaml;

#[cfg(test)]
mod tests_prop;

use std::borrow::Cow;
use std::collections::BTreeMap;

pub use error::{Error, ErrorKind};
pub use value::{Value, render};

use error::ident;
use eval::Eval;
use node::Node;

/// One resource of the template whose condition is not false.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    pub logical_id: String,
    pub type_name: String,
    /// 1-based line where the resource's entry starts in the file.
    pub line: usize,
    /// Evaluated; a Map, or Null when absent (Unknown when the whole of it is).
    pub properties: Value,
    /// DependsOn, string or list.
    pub depends_on: Vec<String>,
    pub deletion_policy: Option<String>,
    /// UpdateReplacePolicy: what is kept of it when an update replaces it.
    pub update_replace_policy: Option<String>,
    /// The Condition name it had (true or unknown); resources whose condition is false are dropped.
    pub condition: Option<String>,
    /// Its condition could not be decided offline: kept, flagged.
    pub condition_unknown: bool,
    /// Properties.Tags as key/value when literal.
    pub tags: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Template {
    /// In file order (after `Fn::ForEach` expansion, in expansion order).
    pub resources: Vec<Resource>,
    /// The region used for AWS::Region.
    pub region: Option<String>,
    /// Parameters with no Default and no override, that were referenced.
    pub parameters_without_value: Vec<String>,
    /// Outputs.*.Export.Name (evaluated) and the output's Value.
    pub exports: Vec<(String, Value)>,
    /// Every Fn::ImportValue name met (evaluated when possible, `${...}` for unknown pieces).
    pub imports: Vec<String>,
    /// Resource types other than AWS::* (Custom::*, etc.), for the summary; each once.
    pub unknown_types: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub region: Option<String>,
    pub parameters: BTreeMap<String, String>,
    pub stack_name: Option<String>,
    pub limits: Limits,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub max_bytes: usize,
    pub max_depth: usize,
    /// Counting alias expansions and `Fn::ForEach` copies.
    pub max_nodes: usize,
    pub max_resources: usize,
    pub max_eval_steps: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 8 * 1024 * 1024,
            max_depth: 128,
            max_nodes: 2_000_000,
            max_resources: 10_000,
            max_eval_steps: 5_000_000,
        }
    }
}

/// Reads a template; `file` is only used to locate errors.
pub fn read(text: &str, file: &str, options: &Options) -> Result<Template, Error> {
    read_text(text, options).map_err(|e| e.in_file(file))
}

/// Whether `text` looks like a CloudFormation template (JSON or YAML with a top-level
/// `Resources` mapping or `AWSTemplateFormatVersion`), cheaply, for format detection.
pub fn looks_like_template(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_start().starts_with('{') && json_has_template_key(text) {
        return true;
    }
    const KEYS: [&str; 6] = [
        "Resources:",
        "\"Resources\":",
        "'Resources':",
        "AWSTemplateFormatVersion:",
        "\"AWSTemplateFormatVersion\":",
        "'AWSTemplateFormatVersion':",
    ];
    text.lines().any(|l| KEYS.iter().any(|k| l.starts_with(k)))
}

/// Looks for the keys among the top-level members only, skipping member values unparsed.
fn json_has_template_key(text: &str) -> bool {
    let Ok(top) =
        serde_json::from_str::<BTreeMap<Cow<'_, str>, &serde_json::value::RawValue>>(text)
    else {
        return false;
    };
    top.contains_key("AWSTemplateFormatVersion")
        || top
            .get("Resources")
            .is_some_and(|r| r.get().trim_start().starts_with('{'))
}

fn parse(text: &str, limits: &Limits) -> Result<Option<Node>, Error> {
    if text.trim_start().starts_with('{') {
        match json::parse(text, limits) {
            Ok(node) => return Ok(Some(node)),
            // A YAML flow mapping (`{Resources: ...}`) starts like JSON: give YAML a chance,
            // but report the JSON error, which is what a `{` file most likely meant.
            Err(e) if e.kind == ErrorKind::NotJson => {
                return yaml::parse(text, limits).map_err(|_| e);
            }
            Err(e) => return Err(e),
        }
    }
    yaml::parse(text, limits)
}

fn not_template(message: &str) -> Error {
    Error::new(
        ErrorKind::NotTemplate,
        format!("not a CloudFormation template: {message}"),
    )
}

fn read_text(text: &str, options: &Options) -> Result<Template, Error> {
    let limits = &options.limits;
    if text.len() > limits.max_bytes {
        return Err(Error::limit(format!(
            "the file is larger than {}",
            error::size(limits.max_bytes)
        )));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let root = parse(text, limits)?.ok_or_else(|| not_template("the file is empty"))?;
    if root.as_map().is_none() {
        return Err(not_template("the top level is not a mapping"));
    }
    let resources = root
        .get("Resources")
        .filter(|r| r.as_map().is_some() && r.tag.is_none())
        .ok_or_else(|| not_template("no Resources mapping"))?;
    let language_extensions = declares_language_extensions(&root);

    let params = params::parameters(root.get("Parameters"), options)?;
    let mut pre = Eval::new(options, params, root.get("Mappings"), language_extensions);
    let resources = expand_section(&mut pre, Some(resources), language_extensions)?
        .ok_or_else(|| not_template("no Resources mapping"))?;
    let conditions = expand_section(&mut pre, root.get("Conditions"), language_extensions)?;
    let outputs = expand_section(&mut pre, root.get("Outputs"), language_extensions)?;

    let entries = resources.as_map().unwrap_or(&[]);
    if entries.len() > limits.max_resources {
        return Err(Error::limit(format!(
            "more than {} resources",
            limits.max_resources
        )));
    }
    if let Some((dup, _)) = node::find_duplicate(entries) {
        return Err(Error::invalid(
            dup.line,
            dup.col,
            format!("resource {} is defined twice", ident(&dup.text)),
        ));
    }
    let mut ev = pre.with_template(conditions.as_deref(), entries);
    ev.check_conditions()?;

    let mut template = Template {
        resources: Vec::with_capacity(entries.len()),
        region: options.region.clone(),
        parameters_without_value: Vec::new(),
        exports: Vec::new(),
        imports: Vec::new(),
        unknown_types: Vec::new(),
    };
    for (key, node) in entries {
        if let Some(resource) = resource(&mut ev, key, node, language_extensions)? {
            if !resource.type_name.starts_with("AWS::")
                && !template.unknown_types.contains(&resource.type_name)
            {
                template.unknown_types.push(resource.type_name.clone());
            }
            template.resources.push(resource);
        }
    }
    if let Some(outputs) = outputs.as_deref() {
        template.exports = exports(&mut ev, outputs)?;
    }
    let (missing, imports) = ev.finish();
    template.parameters_without_value = missing;
    template.imports = imports;
    Ok(template)
}

fn expand_section<'n>(
    pre: &mut Eval,
    section: Option<&'n Node>,
    le: bool,
) -> Result<Option<Cow<'n, Node>>, Error> {
    match section {
        Some(s) if le => Ok(Some(Cow::Owned(pre.expand(s, 2)?))),
        Some(s) => Ok(Some(Cow::Borrowed(s))),
        None => Ok(None),
    }
}

/// The transform must be written literally (CloudFormation does not allow a parameter there).
fn declares_language_extensions(root: &Node) -> bool {
    match root.get("Transform") {
        Some(t) => match (t.as_scalar(), t.as_seq()) {
            (Some(s), _) => s == "AWS::LanguageExtensions",
            (_, Some(items)) => items
                .iter()
                .any(|i| i.as_scalar() == Some("AWS::LanguageExtensions")),
            _ => false,
        },
        None => false,
    }
}

fn resource(
    ev: &mut Eval,
    key: &node::Key,
    node: &Node,
    le: bool,
) -> Result<Option<Resource>, Error> {
    let id = ident(&key.text);
    if key.text.starts_with("Fn::ForEach::") && !le {
        return Err(Error::invalid(
            key.line,
            key.col,
            "Fn::ForEach needs `Transform: AWS::LanguageExtensions`",
        ));
    }
    if node.as_map().is_none() {
        return Err(Error::invalid(
            key.line,
            key.col,
            format!("resource {id} is not a mapping"),
        ));
    }
    let type_name = node
        .get("Type")
        .and_then(Node::as_scalar)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| Error::invalid(key.line, key.col, format!("resource {id} has no Type")))?
        .to_owned();
    let (condition, condition_unknown) = match node.get("Condition") {
        None => (None, false),
        Some(c) => {
            let name = c.as_scalar().ok_or_else(|| {
                Error::invalid(
                    c.line,
                    c.col,
                    format!("resource {id}: Condition must be a condition name"),
                )
            })?;
            match ev.condition(name, c, 3)? {
                Some(false) => return Ok(None),
                Some(true) => (Some(name.to_owned()), false),
                None => (Some(name.to_owned()), true),
            }
        }
    };
    let properties = match node.get("Properties") {
        None => Value::Null,
        Some(p) => match ev.value(p, 4)? {
            None | Some(Value::Null) => Value::Null,
            Some(v @ (Value::Map(_) | Value::Unknown { .. })) => v,
            Some(_) => {
                return Err(Error::invalid(
                    p.line,
                    p.col,
                    format!("resource {id}: Properties must be a mapping"),
                ));
            }
        },
    };
    let mut depends_on = Vec::new();
    if let Some(d) = node.get("DependsOn") {
        let names: Vec<&Node> = match (d.as_scalar(), d.as_seq()) {
            (Some(_), _) => vec![d],
            (_, Some(items)) => items.iter().collect(),
            _ => {
                return Err(Error::invalid(
                    d.line,
                    d.col,
                    format!("resource {id}: DependsOn must be a name or a list of names"),
                ));
            }
        };
        for n in names {
            let name = n.as_scalar().ok_or_else(|| {
                Error::invalid(n.line, n.col, "DependsOn must list resource names")
            })?;
            if !ev.is_resource(name) {
                return Err(Error::invalid(
                    n.line,
                    n.col,
                    format!(
                        "resource {id} depends on {}, which is not a resource of the template",
                        ident(name)
                    ),
                ));
            }
            depends_on.push(name.to_owned());
        }
    }
    let mut policy = |key: &str| -> Result<Option<String>, Error> {
        Ok(match node.get(key) {
            None => None,
            Some(p) if p.tag.is_none() && p.as_scalar().is_some() => {
                p.as_scalar().map(str::to_owned)
            }
            // LanguageExtensions allows an intrinsic here (typically a Ref to a parameter).
            Some(p) => ev.value(p, 4)?.and_then(|v| v.as_str().map(str::to_owned)),
        })
    };
    let deletion_policy = policy("DeletionPolicy")?;
    let update_replace_policy = policy("UpdateReplacePolicy")?;
    let tags = literal_tags(&properties);
    Ok(Some(Resource {
        logical_id: key.text.clone(),
        type_name,
        line: key.line,
        properties,
        depends_on,
        deletion_policy,
        update_replace_policy,
        condition,
        condition_unknown,
        tags,
    }))
}

/// `Tags: [{Key, Value}]` (most types) or `Tags: {k: v}` (SAM, SSM and a few others).
fn literal_tags(properties: &Value) -> Vec<(String, String)> {
    match properties.get("Tags") {
        Some(Value::List(items)) => items
            .iter()
            .filter_map(|t| {
                Some((
                    t.get("Key")?.as_str()?.to_owned(),
                    t.get("Value")?.as_str()?.to_owned(),
                ))
            })
            .collect(),
        Some(Value::Map(entries)) => entries
            .iter()
            .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
            .collect(),
        _ => Vec::new(),
    }
}

fn exports(ev: &mut Eval, outputs: &Node) -> Result<Vec<(String, Value)>, Error> {
    let mut out = Vec::new();
    for (key, node) in outputs.as_map().unwrap_or(&[]) {
        if let Some(c) = node.get("Condition") {
            let name = c.as_scalar().ok_or_else(|| {
                Error::invalid(
                    c.line,
                    c.col,
                    "an output's Condition must be a condition name",
                )
            })?;
            if ev.condition(name, c, 3)? == Some(false) {
                continue;
            }
        }
        let value = match node.get("Value") {
            Some(v) => ev.value(v, 4)?.unwrap_or(Value::Null),
            None => Value::Null,
        };
        if let Some(name) = node.get("Export").and_then(|e| e.get("Name")) {
            match ev.value(name, 5)? {
                Some(n) => out.push((value::render(&n), value)),
                None => {
                    return Err(Error::invalid(
                        name.line,
                        name.col,
                        format!("output {}: Export.Name is AWS::NoValue", ident(&key.text)),
                    ));
                }
            }
        }
    }
    Ok(out)
}
