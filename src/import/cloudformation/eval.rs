//! Offline evaluation of conditions (three-valued), mappings and the intrinsic functions over
//! a [`Node`] tree, given the parameters read by `params.rs`.
//!
//! Results are `Option<Value>`, where `None` is `AWS::NoValue`: the caller drops the property
//! or list element that held it. Whatever depends on deploy-time facts stays symbolic
//! (`Ref`, `Concat`, `Zone`, `Unknown`). Every call counts a step and carries a depth, so a
//! hostile template ends with a limit error rather than a hang or a stack overflow.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use super::error::{Error, ident};
use super::node::{Key, Kind, Node};
use super::params::{ParamValue, Params, pseudo};
use super::value::{Pieces, base64, equal, is_known, render, scalar, text_of, to_json};
use super::{Options, Value};

/// The argument of an intrinsic: either the tagged node itself (`!Join [...]`, whose tag must
/// then be ignored) or the value under the `Fn::` key.
#[derive(Clone, Copy)]
pub(super) struct Arg<'n> {
    pub node: &'n Node,
    pub own: bool,
}

impl<'n> Arg<'n> {
    /// A literal list written in place (not an intrinsic that returns a list).
    pub fn items(self) -> Option<&'n [Node]> {
        if !self.own && self.node.tag.is_some() {
            return None;
        }
        self.node.as_seq()
    }

    pub fn text(self) -> Option<&'n str> {
        if !self.own && self.node.tag.is_some() {
            return None;
        }
        self.node.as_scalar()
    }
}

/// The long-form name and argument of an intrinsic, if `n` is one.
pub(super) fn intrinsic(n: &Node) -> Option<(Cow<'static, str>, Arg<'_>)> {
    if let Some(tag) = &n.tag {
        let name = tag
            .strip_prefix('!')
            .filter(|s| !s.is_empty() && !s.contains('!'))?;
        let long = match name {
            "Ref" | "Condition" => Cow::Owned(name.to_owned()),
            _ => Cow::Owned(format!("Fn::{name}")),
        };
        return Some((long, Arg { node: n, own: true }));
    }
    long_form(n)
}

/// A long-form intrinsic, whatever the node's tag: `{"Fn::Sub": …}`.
fn long_form(n: &Node) -> Option<(Cow<'static, str>, Arg<'_>)> {
    match n.as_map()? {
        [(k, v)] if k.text == "Ref" || k.text == "Condition" || k.text.starts_with("Fn::") => {
            Some((
                Cow::Owned(k.text.clone()),
                Arg {
                    node: v,
                    own: false,
                },
            ))
        }
        _ => None,
    }
}

pub(super) struct Eval<'a> {
    options: &'a Options,
    params: Params,
    mappings: Option<&'a Node>,
    conditions: BTreeMap<&'a str, &'a Node>,
    resources: BTreeSet<&'a str>,
    pub(super) language_extensions: bool,
    cond_cache: BTreeMap<String, Option<bool>>,
    cond_stack: Vec<String>,
    steps: usize,
    pub(super) nodes: usize,
    missing: BTreeSet<String>,
    imports: Vec<String>,
    /// Set while evaluating what only feeds a comparison or a lookup (Fn::Equals, FindInMap
    /// keys), where a NoEcho parameter's given value may be used without being copied out.
    reveal: bool,
}

type Res = Result<Option<Value>, Error>;

fn unknown(why: impl Into<String>) -> Value {
    Value::Unknown { why: why.into() }
}

impl<'a> Eval<'a> {
    pub fn new(
        options: &'a Options,
        params: Params,
        mappings: Option<&'a Node>,
        language_extensions: bool,
    ) -> Self {
        Eval {
            options,
            params,
            mappings,
            conditions: BTreeMap::new(),
            resources: BTreeSet::new(),
            language_extensions,
            cond_cache: BTreeMap::new(),
            cond_stack: Vec::new(),
            steps: 0,
            nodes: 0,
            missing: BTreeSet::new(),
            imports: Vec::new(),
            reveal: false,
        }
    }

    /// The evaluator for the template proper, once `Fn::ForEach` has produced its sections.
    pub fn with_template<'b>(
        self,
        conditions: Option<&'b Node>,
        resources: &'b [(Key, Node)],
    ) -> Eval<'b>
    where
        'a: 'b,
    {
        let conditions = conditions
            .and_then(Node::as_map)
            .unwrap_or(&[])
            .iter()
            .map(|(k, v)| (k.text.as_str(), v))
            .collect();
        let resources = resources.iter().map(|(k, _)| k.text.as_str()).collect();
        Eval {
            options: self.options,
            params: self.params,
            mappings: self.mappings,
            conditions,
            resources,
            language_extensions: self.language_extensions,
            cond_cache: BTreeMap::new(),
            cond_stack: Vec::new(),
            steps: self.steps,
            nodes: self.nodes,
            missing: self.missing,
            imports: self.imports,
            reveal: false,
        }
    }

    /// Parameters referenced without a value (declaration order) and the imports met.
    pub fn finish(self) -> (Vec<String>, Vec<String>) {
        let missing = self
            .params
            .order
            .iter()
            .filter(|p| self.missing.contains(*p))
            .cloned()
            .collect();
        (missing, self.imports)
    }

    pub fn options(&self) -> &Options {
        self.options
    }

    pub fn is_resource(&self, name: &str) -> bool {
        self.resources.contains(name)
    }

    pub fn tick(&mut self, n: &Node, depth: usize) -> Result<(), Error> {
        self.steps += 1;
        let limits = &self.options.limits;
        if self.steps > limits.max_eval_steps {
            return Err(Error::limit(format!(
                "evaluating the template takes more than {} steps",
                limits.max_eval_steps
            )));
        }
        if depth > limits.max_depth {
            return Err(Error::at(
                super::ErrorKind::Limit,
                n.line,
                n.col,
                format!(
                    "the template's expressions nest deeper than {} levels",
                    limits.max_depth
                ),
            ));
        }
        Ok(())
    }

    /// Evaluates a node: an intrinsic, or a literal whose children are evaluated.
    pub fn value(&mut self, n: &Node, depth: usize) -> Res {
        self.tick(n, depth)?;
        match intrinsic(n) {
            Some((name, arg)) => self.call(&name, arg, n, depth),
            None => self.literal(n, depth),
        }
    }

    fn arg(&mut self, a: Arg, depth: usize) -> Res {
        if a.own {
            self.tick(a.node, depth)?;
            // YAML allows one tag per node, so a short form's argument is often a long-form
            // intrinsic: `!Base64 {Fn::Sub: …}`, `!ImportValue {Fn::Sub: …}`.
            if let Some((name, inner)) = long_form(a.node) {
                return self.call(&name, inner, a.node, depth);
            }
            self.literal(a.node, depth)
        } else {
            self.value(a.node, depth)
        }
    }

    /// The node as data, ignoring its own tag (the caller has dealt with it).
    fn literal(&mut self, n: &Node, depth: usize) -> Res {
        Ok(Some(match &n.kind {
            Kind::Scalar { text, plain } => scalar(text, *plain, n.tag.as_deref()),
            Kind::Seq(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    out.extend(self.value(item, depth + 1)?);
                }
                Value::List(out)
            }
            Kind::Map(entries) => {
                let mut out = Vec::with_capacity(entries.len());
                for (k, v) in entries {
                    if let Some(v) = self.value(v, depth + 1)? {
                        out.push((k.text.clone(), v));
                    }
                }
                Value::Map(out)
            }
        }))
    }

    fn call(&mut self, name: &str, arg: Arg, at: &Node, depth: usize) -> Res {
        let d = depth + 1;
        match name {
            "Ref" => self.ref_(arg, at, d),
            "Condition" => {
                let cname = arg.text().ok_or_else(|| {
                    Error::invalid(at.line, at.col, "Condition needs a condition name")
                })?;
                Ok(Some(tri(self.condition(cname, at, d)?, cname)))
            }
            "Fn::GetAtt" => self.get_att(arg, at, d),
            "Fn::Sub" => self.sub(arg, at, d),
            "Fn::Join" => self.join(arg, at, d),
            "Fn::Split" => self.split(arg, at, d),
            "Fn::Select" => self.select(arg, at, d),
            "Fn::GetAZs" => {
                self.azs_region(arg, d)?;
                Ok(Some(unknown(
                    "Fn::GetAZs: the zones of a region are not known offline",
                )))
            }
            "Fn::If" => self.if_(arg, at, d),
            "Fn::Equals" => self.equals(arg, at, d),
            "Fn::Not" | "Fn::And" | "Fn::Or" => self.logic(name, arg, at, d),
            "Fn::FindInMap" => self.find_in_map(arg, at, d),
            "Fn::ImportValue" => {
                // The name is copied out, so a NoEcho value must not be revealed into it.
                let outer = std::mem::replace(&mut self.reveal, false);
                let v = self.arg(arg, d);
                self.reveal = outer;
                let name = render(&v?.unwrap_or(Value::Null));
                let why = if is_plain_name(&name) {
                    format!("Fn::ImportValue {name}")
                } else {
                    "Fn::ImportValue of a name known only at deploy time".to_owned()
                };
                self.imports.push(name);
                Ok(Some(unknown(why)))
            }
            // Encoding a partly known value would hide its references (UserData that names a
            // database, say), so only fully known text is encoded; the rest is kept as it is.
            "Fn::Base64" => Ok(self.arg(arg, d)?.map(|v| match v {
                Value::String(s) => Value::String(base64(s.as_bytes())),
                other => other,
            })),
            "Fn::Cidr" => {
                self.arg(arg, d)?;
                Ok(Some(unknown("Fn::Cidr is not computed offline")))
            }
            "Fn::Transform" => Ok(Some(unknown(
                "Fn::Transform: a macro expanded at deploy time",
            ))),
            "Fn::Length" if self.language_extensions => Ok(Some(match self.arg(arg, d)? {
                Some(Value::List(items)) => Value::Number(items.len().to_string()),
                Some(u @ Value::Unknown { .. }) => u,
                _ => return Err(Error::invalid(at.line, at.col, "Fn::Length needs a list")),
            })),
            "Fn::ToJsonString" if self.language_extensions => Ok(Some(match self.arg(arg, d)? {
                Some(v) if is_known(&v) => Value::String(to_json(&v)),
                _ => unknown("Fn::ToJsonString of a value not known offline"),
            })),
            other => Ok(Some(unknown(format!(
                "{} is not supported offline",
                ident(other)
            )))),
        }
    }

    fn ref_(&mut self, arg: Arg, at: &Node, d: usize) -> Res {
        let name = match arg.text() {
            Some(t) => t.to_owned(),
            None if self.language_extensions => match self.arg(arg, d)? {
                Some(Value::String(s)) => s,
                _ => return Ok(Some(unknown("Ref to a name not known offline"))),
            },
            None => return Err(Error::invalid(at.line, at.col, "Ref needs a name")),
        };
        self.resolve(&name, at, "Ref to")
    }

    /// A name as `Ref` (or `${Name}` in Fn::Sub) sees it: pseudo parameter, parameter, resource.
    fn resolve(&mut self, name: &str, at: &Node, what: &str) -> Res {
        if let Some(v) = pseudo(name, self.options) {
            return Ok(v);
        }
        if let Some(p) = self.params.by_name.get(name) {
            let v = match &p.value {
                ParamValue::Known(_) if p.no_echo && !self.reveal => {
                    unknown(format!("NoEcho parameter {}", ident(name)))
                }
                ParamValue::Known(v) => v.clone(),
                ParamValue::Hidden => unknown(format!("NoEcho parameter {}", ident(name))),
                ParamValue::Ssm => unknown(format!(
                    "parameter {} is read from SSM at deploy time",
                    ident(name)
                )),
                ParamValue::Missing => {
                    self.missing.insert(name.to_owned());
                    unknown(format!("parameter {} has no value", ident(name)))
                }
            };
            return Ok(Some(v));
        }
        if self.resources.contains(name) {
            return Ok(Some(Value::Ref {
                target: name.to_owned(),
                attribute: None,
            }));
        }
        Err(Error::invalid(
            at.line,
            at.col,
            format!(
                "{what} {}, which is neither a parameter nor a resource of the template",
                ident(name)
            ),
        ))
    }

    fn get_att(&mut self, arg: Arg, at: &Node, d: usize) -> Res {
        let bad = || Error::invalid(at.line, at.col, "GetAtt needs Resource.Attribute");
        let (target, attribute): (String, Option<String>) = if let Some(t) = arg.text() {
            let (t, a) = t.split_once('.').ok_or_else(bad)?;
            (t.to_owned(), Some(a.to_owned()))
        } else if let Some([t, a]) = arg.items() {
            // LanguageExtensions allows both names to be computed (`!Sub Bucket${Id}`).
            let name = |n: &Node, me: &mut Self| -> Result<Option<String>, Error> {
                match n.as_scalar().filter(|_| n.tag.is_none()) {
                    Some(s) => Ok(Some(s.to_owned())),
                    None if me.language_extensions => {
                        Ok(me.value(n, d)?.and_then(|v| v.as_str().map(str::to_owned)))
                    }
                    None => Err(bad()),
                }
            };
            let target = name(t, self)?;
            let attribute = name(a, self)?;
            match target {
                Some(t) => (t, attribute),
                None => return Ok(Some(unknown("a GetAtt target not known offline"))),
            }
        } else {
            return Err(bad());
        };
        if target.is_empty() || attribute.as_deref() == Some("") {
            return Err(bad());
        }
        if !self.resources.contains(target.as_str()) {
            return Err(Error::invalid(
                at.line,
                at.col,
                format!(
                    "GetAtt to {}, which is not a resource of the template",
                    ident(&target)
                ),
            ));
        }
        let r = Value::Ref {
            target: target.to_owned(),
            attribute: attribute.clone(),
        };
        Ok(Some(match attribute {
            Some(_) => r,
            None => Value::Concat(vec![
                Value::Ref {
                    target: target.to_owned(),
                    attribute: None,
                },
                unknown("a GetAtt attribute name not known offline"),
            ]),
        }))
    }

    fn sub(&mut self, arg: Arg, at: &Node, d: usize) -> Res {
        let bad = || {
            Error::invalid(
                at.line,
                at.col,
                "Fn::Sub needs a string or [string, variables]",
            )
        };
        let (template, vars_node) = match (arg.text(), arg.items()) {
            (Some(t), _) => (t, None),
            (_, Some([t, vars])) => (
                t.as_scalar().filter(|_| t.tag.is_none()).ok_or_else(bad)?,
                Some(vars),
            ),
            (_, Some([t])) => (
                t.as_scalar().filter(|_| t.tag.is_none()).ok_or_else(bad)?,
                None,
            ),
            _ => return Err(bad()),
        };
        let mut vars: BTreeMap<&str, Option<Value>> = BTreeMap::new();
        if let Some(vn) = vars_node {
            let entries = vn.as_map().filter(|_| vn.tag.is_none()).ok_or_else(bad)?;
            for (k, v) in entries {
                vars.insert(&k.text, self.value(v, d + 1)?);
            }
        }
        let mut pieces = Pieces::default();
        let mut rest = template;
        while let Some(start) = rest.find("${") {
            pieces.text(&rest[..start]);
            let after = &rest[start + 2..];
            if let Some(literal) = after.strip_prefix('!') {
                // `${!Name}` is the text `${Name}`.
                pieces.text("${");
                rest = literal;
                continue;
            }
            let Some(end) = after.find('}') else {
                pieces.text(&rest[start..]);
                rest = "";
                break;
            };
            let var = after[..end].trim();
            rest = &after[end + 1..];
            let value = if let Some(v) = vars.get(var) {
                v.clone()
            } else if let Some((res, attr)) = var
                .split_once('.')
                .filter(|(r, _)| self.resources.contains(r))
            {
                Some(Value::Ref {
                    target: res.to_owned(),
                    attribute: Some(attr.to_owned()),
                })
            } else {
                self.resolve(var, at, "Fn::Sub refers to")?
            };
            if let Some(v) = value {
                pieces.value(v);
            }
        }
        pieces.text(rest);
        Ok(Some(pieces.finish()))
    }

    /// A list argument: literal elements (NoValue dropped) or an intrinsic returning a list;
    /// `Err` holds a value not known offline that stands for the list.
    fn list(
        &mut self,
        n: &Node,
        at: &Node,
        what: &str,
        d: usize,
    ) -> Result<Result<Vec<Value>, Value>, Error> {
        if n.tag.is_none()
            && let Some(items) = n.as_seq()
        {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                out.extend(self.value(item, d + 1)?);
            }
            return Ok(Ok(out));
        }
        match self.value(n, d)? {
            Some(Value::List(items)) => Ok(Ok(items)),
            // A list-valued attribute (`!GetAtt Vpc.Ipv6CidrBlocks`), an import, ...: the
            // caller keeps it as it is so that its references survive.
            Some(v) if !is_known(&v) => Ok(Err(v)),
            _ => Err(Error::invalid(
                at.line,
                at.col,
                format!("{what} needs a list"),
            )),
        }
    }

    fn join(&mut self, arg: Arg, at: &Node, d: usize) -> Res {
        let bad = || Error::invalid(at.line, at.col, "Fn::Join needs [delimiter, list]");
        let [delim, list] = arg.items().ok_or_else(bad)? else {
            return Err(bad());
        };
        let delim = match self.value(delim, d)? {
            Some(v) => v.as_str().map(str::to_owned).ok_or_else(bad)?,
            None => String::new(),
        };
        let items = match self.list(list, at, "Fn::Join", d)? {
            Ok(items) => items,
            Err(u @ Value::Unknown { .. }) => return Ok(Some(u)),
            Err(opaque) => {
                let mut pieces = Pieces::default();
                pieces.value(opaque);
                return Ok(Some(pieces.finish()));
            }
        };
        let mut pieces = Pieces::default();
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                pieces.text(&delim);
            }
            pieces.value(item);
        }
        Ok(Some(pieces.finish()))
    }

    fn split(&mut self, arg: Arg, at: &Node, d: usize) -> Res {
        let bad = || Error::invalid(at.line, at.col, "Fn::Split needs [delimiter, string]");
        let [delim, source] = arg.items().ok_or_else(bad)? else {
            return Err(bad());
        };
        let delim = self
            .value(delim, d)?
            .and_then(|v| v.as_str().map(str::to_owned))
            .ok_or_else(bad)?;
        if delim.is_empty() {
            return Err(Error::invalid(
                at.line,
                at.col,
                "Fn::Split needs a non-empty delimiter",
            ));
        }
        Ok(Some(match self.value(source, d)? {
            Some(Value::String(s) | Value::Number(s)) => Value::List(
                s.split(delim.as_str())
                    .map(|p| Value::String(p.to_owned()))
                    .collect(),
            ),
            // Kept as it is: a list derived from references is still about them.
            Some(v) if !is_known(&v) => v,
            _ => return Err(Error::invalid(at.line, at.col, "Fn::Split needs a string")),
        }))
    }

    fn select(&mut self, arg: Arg, at: &Node, d: usize) -> Res {
        let bad = || Error::invalid(at.line, at.col, "Fn::Select needs [index, list]");
        let [index, list] = arg.items().ok_or_else(bad)? else {
            return Err(bad());
        };
        let index = match self.value(index, d)? {
            Some(u @ Value::Unknown { .. }) => return Ok(Some(u)),
            Some(v) => v.as_u64().ok_or_else(|| {
                Error::invalid(at.line, at.col, "Fn::Select needs a numeric index")
            })?,
            None => return Err(bad()),
        };
        let index = usize::try_from(index)
            .map_err(|_| Error::invalid(at.line, at.col, "Fn::Select index is out of range"))?;
        if let Some((name, azs)) = intrinsic(list)
            && name == "Fn::GetAZs"
        {
            self.tick(list, d)?;
            let region = self.azs_region(azs, d + 1)?;
            return Ok(Some(Value::Zone { index, region }));
        }
        let items = match self.list(list, at, "Fn::Select", d)? {
            Ok(items) => items,
            Err(u) => return Ok(Some(u)),
        };
        let n = items.len();
        items.into_iter().nth(index).map(Some).ok_or_else(|| {
            Error::invalid(
                at.line,
                at.col,
                format!("Fn::Select index is out of range for a list of {n}"),
            )
        })
    }

    /// `None` for the stack's own region (`""`, `Ref AWS::Region`, or the region given).
    fn azs_region(&mut self, arg: Arg, d: usize) -> Result<Option<String>, Error> {
        let region = match arg.text() {
            Some(t) => Some(Value::String(t.to_owned())),
            None => self.arg(arg, d)?,
        };
        Ok(match region {
            Some(Value::String(r))
                if !r.is_empty() && self.options.region.as_deref() != Some(r.as_str()) =>
            {
                Some(r)
            }
            _ => None,
        })
    }

    fn if_(&mut self, arg: Arg, at: &Node, d: usize) -> Res {
        let bad = || {
            Error::invalid(
                at.line,
                at.col,
                "Fn::If needs [condition, value if true, value if false]",
            )
        };
        let [cond, yes, no] = arg.items().ok_or_else(bad)? else {
            return Err(bad());
        };
        let cname = cond
            .as_scalar()
            .filter(|_| cond.tag.is_none())
            .ok_or_else(bad)?;
        match self.condition(cname, cond, d)? {
            Some(true) => self.value(yes, d),
            Some(false) => self.value(no, d),
            None => {
                let a = self.value(yes, d)?;
                let b = self.value(no, d)?;
                Ok(match (a, b) {
                    (Some(v), None) | (None, Some(v)) => Some(v),
                    (None, None) => None,
                    (Some(a), Some(b)) if a == b => Some(a),
                    _ => Some(unknown(format!(
                        "Fn::If on condition {}, which is not known offline",
                        ident(cname)
                    ))),
                })
            }
        }
    }

    fn equals(&mut self, arg: Arg, at: &Node, d: usize) -> Res {
        let bad = || Error::invalid(at.line, at.col, "Fn::Equals needs [value, value]");
        let [a, b] = arg.items().ok_or_else(bad)? else {
            return Err(bad());
        };
        let outer = std::mem::replace(&mut self.reveal, true);
        let a = self.value(a, d);
        let b = self.value(b, d);
        self.reveal = outer;
        let (a, b) = (a?.unwrap_or(Value::Null), b?.unwrap_or(Value::Null));
        Ok(Some(match equal(&a, &b) {
            Some(eq) => Value::Bool(eq),
            None => match (&a, &b) {
                (Value::Unknown { why }, _) | (_, Value::Unknown { why }) => unknown(why.clone()),
                _ => unknown("Fn::Equals of a value not known offline"),
            },
        }))
    }

    fn logic(&mut self, name: &str, arg: Arg, at: &Node, d: usize) -> Res {
        let items = arg.items().ok_or_else(|| {
            Error::invalid(
                at.line,
                at.col,
                format!("{name} needs a list of conditions"),
            )
        })?;
        if items.is_empty() || (name == "Fn::Not" && items.len() != 1) {
            return Err(Error::invalid(
                at.line,
                at.col,
                format!("{name} needs a list of conditions"),
            ));
        }
        let mut all = Vec::with_capacity(items.len());
        for item in items {
            all.push(self.cond_value(item, d)?);
        }
        let result = match name {
            "Fn::Not" => all[0].map(|b| !b),
            "Fn::And" if all.contains(&Some(false)) => Some(false),
            "Fn::Or" if all.contains(&Some(true)) => Some(true),
            _ if all.contains(&None) => None,
            "Fn::And" => Some(true),
            _ => Some(false),
        };
        Ok(Some(tri(result, "")))
    }

    /// A condition expression as true / false / unknown (`None`).
    fn cond_value(&mut self, n: &Node, d: usize) -> Result<Option<bool>, Error> {
        match self.value(n, d)? {
            Some(Value::Unknown { .. }) => Ok(None),
            Some(v) => v
                .as_bool()
                .map(Some)
                .ok_or_else(|| Error::invalid(n.line, n.col, "expected a condition function here")),
            None => Err(Error::invalid(
                n.line,
                n.col,
                "expected a condition function here",
            )),
        }
    }

    /// The named condition, evaluated once; `at` locates the reference for errors.
    pub fn condition(
        &mut self,
        name: &str,
        at: &Node,
        depth: usize,
    ) -> Result<Option<bool>, Error> {
        if let Some(v) = self.cond_cache.get(name) {
            return Ok(*v);
        }
        if let Some(pos) = self.cond_stack.iter().position(|c| c == name) {
            let mut path: Vec<&str> = self.cond_stack[pos..].iter().map(|c| ident(c)).collect();
            path.push(ident(name));
            return Err(Error::invalid(
                at.line,
                at.col,
                format!(
                    "condition {} refers to itself through {}",
                    ident(name),
                    path.join(" -> ")
                ),
            ));
        }
        let Some(&node) = self.conditions.get(name) else {
            return Err(Error::invalid(
                at.line,
                at.col,
                format!("condition {} is not defined", ident(name)),
            ));
        };
        self.cond_stack.push(name.to_owned());
        let result = self.cond_value(node, depth + 1);
        self.cond_stack.pop();
        let result = result?;
        self.cond_cache.insert(name.to_owned(), result);
        Ok(result)
    }

    /// Evaluates every condition, so that a cycle or a bad reference is reported even when
    /// nothing uses the condition.
    pub fn check_conditions(&mut self) -> Result<(), Error> {
        let all: Vec<(&str, &Node)> = self.conditions.iter().map(|(k, v)| (*k, *v)).collect();
        for (name, node) in all {
            self.condition(name, node, 2)?;
        }
        Ok(())
    }

    fn find_in_map(&mut self, arg: Arg, at: &Node, d: usize) -> Res {
        let bad = || {
            Error::invalid(
                at.line,
                at.col,
                "Fn::FindInMap needs [map, top-level key, second-level key]",
            )
        };
        let items = arg.items().ok_or_else(bad)?;
        let (map, top, second, default) = match items {
            [m, t, s] => (m, t, s, None),
            [m, t, s, opt] => {
                let default = opt
                    .get("DefaultValue")
                    .filter(|_| opt.tag.is_none())
                    .ok_or_else(bad)?;
                (m, t, s, Some(default))
            }
            _ => return Err(bad()),
        };
        // The map name may appear in an error message, so only the keys see NoEcho values.
        let map_name = self.value(map, d);
        let outer = std::mem::replace(&mut self.reveal, true);
        let keys = [map_name, self.value(top, d), self.value(second, d)];
        self.reveal = outer;
        let mut texts = Vec::with_capacity(3);
        for k in keys {
            match k? {
                Some(Value::Unknown { why }) => {
                    return Ok(Some(unknown(format!("Fn::FindInMap key: {why}"))));
                }
                Some(v) if text_of(&v).is_some() => texts.push(text_of(&v).unwrap_or_default()),
                _ => return Ok(Some(unknown("Fn::FindInMap key not known offline"))),
            }
        }
        let name = ident(&texts[0]).to_owned();
        let Some(mapping) = self.mappings.and_then(|m| m.get(&texts[0])) else {
            return Err(Error::invalid(
                at.line,
                at.col,
                format!("Fn::FindInMap refers to mapping {name}, which is not defined"),
            ));
        };
        let found = mapping.get(&texts[1]).map(|t| (true, t.get(&texts[2])));
        match (found, default) {
            (Some((_, Some(v))), _) => self.value(v, d),
            (_, Some(default)) => self.value(default, d),
            (None, None) => Err(Error::invalid(
                at.line,
                at.col,
                format!("Fn::FindInMap: mapping {name} has no such top-level key"),
            )),
            (Some(_), None) => Err(Error::invalid(
                at.line,
                at.col,
                format!("Fn::FindInMap: mapping {name} has no such second-level key"),
            )),
        }
    }
}

/// Whether an import name is plain text worth showing (not `${...}` placeholders).
fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && ident(name) == name
}

fn tri(v: Option<bool>, name: &str) -> Value {
    match v {
        Some(b) => Value::Bool(b),
        None if name.is_empty() => unknown("a condition not known offline"),
        None => unknown(format!("condition {} is not known offline", ident(name))),
    }
}
