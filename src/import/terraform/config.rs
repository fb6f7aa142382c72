//! The configuration side of a plan: provider regions, each resource's references, module
//! calls and outputs, and the references and creation order it gives the records.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Deserialize;
use serde_json::Value;
use serde_json::value::RawValue;

use super::addresses::{After, HashMap, Instances, config_key, split_address};
use crate::import::error::Error;
use crate::import::provider::Providers;
use crate::import::resource::{self, Link, Region, Resource};

#[derive(Deserialize)]
pub(super) struct Configuration {
    #[serde(default)]
    provider_config: BTreeMap<String, ProviderConfig>,
    #[serde(default)]
    root_module: Option<ConfigModule>,
}

#[derive(Deserialize)]
pub(super) struct Variable {
    #[serde(default)]
    value: Option<Box<RawValue>>,
}

#[derive(Deserialize)]
struct ProviderConfig {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    expressions: Option<Box<RawValue>>,
}

#[derive(Deserialize)]
struct ConfigModule {
    #[serde(default)]
    resources: Vec<ConfigResource>,
    #[serde(default)]
    module_calls: BTreeMap<String, ModuleCall>,
    #[serde(default)]
    outputs: BTreeMap<String, Box<RawValue>>,
}

#[derive(Deserialize)]
struct ConfigResource {
    address: String,
    #[serde(default)]
    mode: Option<String>,
    #[serde(rename = "type")]
    ty: String,
    #[serde(default)]
    provider_config_key: Option<String>,
    #[serde(default)]
    expressions: Option<Box<RawValue>>,
}

#[derive(Deserialize)]
struct ModuleCall {
    #[serde(default)]
    expressions: Option<Box<RawValue>>,
    #[serde(default)]
    module: Option<ConfigModule>,
}

/// A record's module path (names and instance keys) and configuration address.
pub(super) type Path = (Vec<(String, Option<String>)>, String);

/// Each record's path, split once for the regions and the references when either needs it:
/// a state has no configuration and, without `depends_on`, its addresses are never split.
pub(super) fn paths(out: &[Resource], after: &After, config: &Config) -> Option<Vec<Path>> {
    (!config.provider_regions.is_empty() || resolves(after, config)).then(|| {
        (out.iter())
            .map(|r| split_address(&r.origin.address))
            .collect()
    })
}

/// Whether the configuration or the creation order link any record to another.
fn resolves(after: &After, config: &Config) -> bool {
    !config.references.is_empty() || !after.addresses.is_empty()
}

/// Each resource's region, once the configuration (which a plan writes after its resources)
/// is known: its provider's rule over its own attributes and its provider configuration's,
/// else the source's. Each region, with its reason, is held once.
pub(super) fn regions(
    out: &mut [Resource],
    paths: Option<&[Path]>,
    config: &Config,
    region: Option<&str>,
    providers: Providers,
) {
    let mut regions: crate::import::resource::Held<Region> = Default::default();
    for (i, r) in out.iter_mut().enumerate() {
        let configured = paths.and_then(|p| config.provider_region(&p[i].0, &p[i].1));
        let found = match providers.owning(&r.ty) {
            Some((_, p)) => p.region(&r.values, configured),
            None => configured,
        }
        .or_else(|| region.map(|r| (r.to_string(), "the region the source is in".into())));
        r.region = found.map(|found| resource::held(&mut regions, &found, |r| Arc::new(r.clone())));
    }
}

/// References and creation order, through the configuration; a state without `depends_on`
/// has neither, and its resources are not even filed by address.
pub(super) fn resolve(
    out: &mut [Resource],
    paths: Option<&[Path]>,
    after: &After,
    config: &Config,
) {
    let Some(paths) = paths.filter(|_| resolves(after, config)) else {
        return;
    };
    let targets: Vec<_> = after.addresses.iter().map(|a| split_address(a)).collect();
    let mut instances = Instances::default();
    for (i, (modules, config_address)) in paths.iter().enumerate() {
        instances.add(modules, config_address, i);
    }
    for (i, ((modules, config_address), depends)) in paths.iter().zip(&after.of).enumerate() {
        if out[i].handle.is_none() {
            continue;
        }
        let mut links = Vec::new();
        for (attribute, refs) in config.references(modules, config_address) {
            for target in config.resolve(&refs, modules, &instances) {
                if target != i {
                    links.push(Link {
                        attribute: attribute.clone(),
                        to: target,
                    });
                }
            }
        }
        links.sort();
        links.dedup();
        out[i].links = links.into();
        let mut order: Vec<usize> = depends
            .iter()
            .flat_map(|&d| {
                let (m, a) = &targets[d as usize];
                let names: Vec<&str> = m.iter().map(|(n, _)| n.as_str()).collect();
                instances.get(modules, &names, a).to_vec()
            })
            .filter(|&t| t != i)
            .collect();
        order.sort_unstable();
        order.dedup();
        if !order.is_empty() {
            out[i].more.depends_on = order.into();
        }
    }
}

/// The configuration side of a plan: provider regions, each resource's references, module
/// calls and outputs.
pub(super) struct Config {
    /// Provider configuration keys (`cloud`, `cloud.west`, `module.child:cloud`) → region.
    provider_regions: HashMap<String, String>,
    /// config key (module names + address) → provider config key.
    providers: HashMap<String, String>,
    /// config key → (attribute, references) of each expression.
    references: HashMap<String, Vec<(String, Vec<String>)>>,
    /// module names → variable → references of the call's expression for it.
    calls: HashMap<String, HashMap<String, Vec<String>>>,
    /// module names → output → references of its expression.
    outputs: HashMap<String, HashMap<String, Vec<String>>>,
}

impl Config {
    pub fn new(
        config: Option<Configuration>,
        variables: &BTreeMap<String, Variable>,
        file: &str,
        providers: Providers,
    ) -> Result<Config, Error> {
        let mut out = Config {
            provider_regions: HashMap::default(),
            providers: HashMap::default(),
            references: HashMap::default(),
            calls: HashMap::default(),
            outputs: HashMap::default(),
        };
        let Some(config) = config else {
            return Ok(out);
        };
        for (key, p) in &config.provider_config {
            // Only the providers drplan reads say where their resources are.
            let known = |n: &str| (providers.iter()).any(|p| p.terraform_providers().contains(&n));
            if p.name.as_deref().is_some_and(|n| !known(n)) {
                continue;
            }
            let Some(exprs) = &p.expressions else {
                continue;
            };
            let exprs: Value =
                serde_json::from_str(exprs.get()).map_err(|e| Error::json(file, &e))?;
            // A root module's provider may take its region from a variable; a provider
            // configured with a zone only (Google Cloud's) is in that zone's region, which its
            // provider reads from the zone.
            let root = !key.contains(':');
            let value = |name: &str| -> Option<String> {
                let expr = exprs.get(name)?;
                if let Some(v) = expr.get("constant_value").and_then(Value::as_str) {
                    return Some(v.to_string());
                }
                let var = expr
                    .get("references")?
                    .get(0)?
                    .as_str()?
                    .strip_prefix("var.")?;
                let raw = variables.get(var).filter(|_| root)?.value.as_ref()?;
                serde_json::from_str::<String>(raw.get()).ok()
            };
            if let Some(r) = value("region").or_else(|| value("zone")) {
                out.provider_regions.insert(key.to_string(), r);
            }
        }
        if let Some(root) = config.root_module {
            out.walk(&root, "", file, providers)?;
        }
        Ok(out)
    }

    fn walk(
        &mut self,
        module: &ConfigModule,
        prefix: &str,
        file: &str,
        providers: Providers,
    ) -> Result<(), Error> {
        for r in &module.resources {
            if r.mode.as_deref().is_some_and(|m| m != "managed") {
                continue;
            }
            let key = format!("{prefix}{}", r.address);
            if let Some(p) = &r.provider_config_key {
                self.providers.insert(key.clone(), p.to_string());
            }
            if providers.wants(&r.ty).is_none() {
                continue;
            }
            if let Some(exprs) = &r.expressions {
                let exprs: Value =
                    serde_json::from_str(exprs.get()).map_err(|e| Error::json(file, &e))?;
                let mut found = Vec::new();
                if let Value::Object(map) = &exprs {
                    for (attribute, expr) in map {
                        let mut refs = Vec::new();
                        references_in(expr, &mut refs);
                        if !refs.is_empty() {
                            found.push((attribute.clone(), refs));
                        }
                    }
                }
                self.references.insert(key, found);
            }
        }
        let here = prefix.trim_end_matches('.').to_string();
        let mut outputs = HashMap::default();
        for (name, output) in &module.outputs {
            let v: Value = serde_json::from_str(output.get()).map_err(|e| Error::json(file, &e))?;
            let mut refs = Vec::new();
            if let Some(expr) = v.get("expression") {
                references_in(expr, &mut refs);
            }
            outputs.insert(name.to_string(), refs);
        }
        self.outputs.insert(here, outputs);
        for (name, call) in &module.module_calls {
            let child = format!("{prefix}{name}");
            let mut vars = HashMap::default();
            if let Some(exprs) = &call.expressions {
                let exprs: Value =
                    serde_json::from_str(exprs.get()).map_err(|e| Error::json(file, &e))?;
                if let Value::Object(map) = exprs {
                    for (var, expr) in map {
                        let mut refs = Vec::new();
                        references_in(&expr, &mut refs);
                        vars.insert(var, refs);
                    }
                }
            }
            self.calls.insert(child.clone(), vars);
            if let Some(m) = &call.module {
                self.walk(m, &format!("{child}."), file, providers)?;
            }
        }
        Ok(())
    }

    fn provider_region(
        &self,
        modules: &[(String, Option<String>)],
        config_address: &str,
    ) -> Option<Region> {
        let key = self.providers.get(&config_key(modules, config_address))?;
        let region = self.provider_regions.get(key)?;
        Some((region.clone(), format!("its provider {key}").into()))
    }

    fn references(
        &self,
        modules: &[(String, Option<String>)],
        config_address: &str,
    ) -> Vec<(String, Vec<String>)> {
        self.references
            .get(&config_key(modules, config_address))
            .cloned()
            .unwrap_or_default()
    }

    /// The resources a list of references lands on, followed through variables and module
    /// outputs; in a module instance, its own instances first.
    fn resolve(
        &self,
        refs: &[String],
        modules: &[(String, Option<String>)],
        instances: &Instances,
    ) -> Vec<usize> {
        let names: Vec<String> = modules.iter().map(|(n, _)| n.clone()).collect();
        let mut out = Vec::new();
        let mut seen = std::collections::HashSet::new();
        let mut queue: Vec<(Vec<String>, String)> =
            refs.iter().map(|r| (names.clone(), r.clone())).collect();
        while let Some((path, reference)) = queue.pop() {
            if out.len() > 64 || !seen.insert((path.clone(), reference.clone())) {
                continue;
            }
            let prefix: String = path.iter().map(|n| format!("{n}.")).collect();
            if let Some(var) = reference.strip_prefix("var.") {
                let var = var.split(['.', '[']).next().unwrap_or(var);
                let Some((_, parent)) = path.split_last() else {
                    continue;
                };
                let call = prefix.trim_end_matches('.');
                if let Some(vars) = self.calls.get(call)
                    && let Some(inner) = vars.get(var)
                {
                    queue.extend(inner.iter().map(|r| (parent.to_vec(), r.clone())));
                }
            } else if let Some(rest) = reference.strip_prefix("module.") {
                let name = rest.split(['.', '[']).next().unwrap_or(rest);
                let after = rest[name.len()..].trim_start_matches(|c| c != '.' && c != ']');
                let after = after.trim_start_matches(']').trim_start_matches('.');
                let output = after.split(['.', '[']).next().unwrap_or("");
                let mut child = path.clone();
                child.push(name.to_string());
                let child_key: String = child.join(".");
                if let Some(outputs) = self.outputs.get(&child_key)
                    && let Some(inner) = outputs.get(output)
                {
                    queue.extend(inner.iter().map(|r| (child.clone(), r.clone())));
                }
            } else if !is_symbol(&reference) {
                let mut parts = reference.split('.');
                let (Some(ty), Some(name)) = (parts.next(), parts.next()) else {
                    continue;
                };
                let name = name.split('[').next().unwrap_or(name);
                let names: Vec<&str> = path.iter().map(String::as_str).collect();
                out.extend(instances.get(modules, &names, &format!("{ty}.{name}")));
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// References that name no resource.
fn is_symbol(reference: &str) -> bool {
    [
        "data.",
        "local.",
        "each.",
        "count.",
        "path.",
        "self.",
        "terraform.",
    ]
    .iter()
    .any(|p| reference.starts_with(p))
        || reference == "self"
}

/// Every `references` list inside an expression (nested blocks included).
fn references_in(expr: &Value, out: &mut Vec<String>) {
    match expr {
        Value::Object(map) => {
            if let Some(Value::Array(refs)) = map.get("references") {
                out.extend(refs.iter().filter_map(Value::as_str).map(str::to_string));
            }
            for (k, v) in map {
                if k != "references" && k != "constant_value" {
                    references_in(v, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|i| references_in(i, out)),
        _ => {}
    }
}
