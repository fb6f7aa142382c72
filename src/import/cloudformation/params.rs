//! The Parameters section and the pseudo parameters: what a `Ref` to a name that is not a
//! resource gives, with the user's overrides applied and NoEcho values kept out of the output.

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::error::{Error, ident};
use super::node::Node;
use super::{Options, Value};

/// What a `Ref` to a parameter gives.
#[derive(Debug, Clone)]
pub(super) enum ParamValue {
    Known(Value),
    /// No Default and no override.
    Missing,
    /// NoEcho without an override: its Default is never used, so it cannot leak.
    Hidden,
    /// An SSM parameter type: the Default is a parameter *name*, the value is read at deploy time.
    Ssm,
}

#[derive(Debug, Clone)]
pub(super) struct Param {
    pub value: ParamValue,
    pub no_echo: bool,
}

pub(super) struct Params {
    pub by_name: BTreeMap<String, Param>,
    /// Declaration order, for reporting.
    pub order: Vec<String>,
}

/// Reads the Parameters section with the overrides of `options` applied.
pub(super) fn parameters(section: Option<&Node>, options: &Options) -> Result<Params, Error> {
    let mut params = Params {
        by_name: BTreeMap::new(),
        order: Vec::new(),
    };
    for (key, def) in section.and_then(Node::as_map).unwrap_or(&[]) {
        let name = ident(&key.text);
        if def.as_map().is_none() {
            return Err(Error::invalid(
                key.line,
                key.col,
                format!("parameter {name} is not a mapping"),
            ));
        }
        let ty = def
            .get("Type")
            .and_then(Node::as_scalar)
            .unwrap_or("String");
        let is_list =
            ty == "CommaDelimitedList" || ty.starts_with("List<") || ty.contains("<List<");
        let no_echo = def
            .get("NoEcho")
            .and_then(Node::as_scalar)
            .is_some_and(|s| s.eq_ignore_ascii_case("true"));
        let allowed: Vec<&str> = def
            .get("AllowedValues")
            .and_then(Node::as_seq)
            .unwrap_or(&[])
            .iter()
            .filter_map(Node::as_scalar)
            .collect();
        let given = options.parameters.get(&key.text);
        if let Some(given) = given
            && !allowed.is_empty()
        {
            let ok = if is_list {
                split_list(given)
                    .iter()
                    .all(|item| allowed.contains(&item.as_str()))
            } else {
                allowed.contains(&given.as_str())
            };
            if !ok {
                return Err(Error::invalid(
                    key.line,
                    key.col,
                    format!("the value given for parameter {name} is not one of its AllowedValues"),
                ));
            }
        }
        let default = def.get("Default");
        let value = match (given, default) {
            (Some(g), _) => {
                ParamValue::Known(param_value(Cow::Borrowed(g.as_str()), None, is_list))
            }
            (None, _) if ty.starts_with("AWS::SSM::Parameter::Value<") => ParamValue::Ssm,
            (None, Some(_)) if no_echo => ParamValue::Hidden,
            (None, Some(d)) => match (d.as_scalar(), d.as_seq()) {
                (Some(s), _) => ParamValue::Known(param_value(Cow::Borrowed(s), None, is_list)),
                (_, Some(items)) => {
                    ParamValue::Known(param_value(Cow::Borrowed(""), Some(items), is_list))
                }
                _ => {
                    return Err(Error::invalid(
                        d.line,
                        d.col,
                        format!("parameter {name}: Default must be a string"),
                    ));
                }
            },
            (None, None) => ParamValue::Missing,
        };
        params.order.push(key.text.clone());
        params
            .by_name
            .insert(key.text.clone(), Param { value, no_echo });
    }
    Ok(params)
}

fn split_list(s: &str) -> Vec<String> {
    if s.trim().is_empty() {
        return Vec::new();
    }
    // CloudFormation may not trim around commas; trimming never hurts an id or a name.
    s.split(',').map(|i| i.trim().to_owned()).collect()
}

/// Numbers become strings: that is what a Ref to a `Number` parameter gives.
fn param_value(text: Cow<str>, items: Option<&[Node]>, is_list: bool) -> Value {
    match items {
        Some(items) => Value::List(
            items
                .iter()
                .filter_map(Node::as_scalar)
                .map(|s| Value::String(s.to_owned()))
                .collect(),
        ),
        None if is_list => Value::List(split_list(&text).into_iter().map(Value::String).collect()),
        None => Value::String(text.into_owned()),
    }
}

/// A pseudo parameter's value: `Some(None)` is AWS::NoValue; `None`: not a pseudo parameter.
pub(super) fn pseudo(name: &str, options: &Options) -> Option<Option<Value>> {
    let unknown = |why: &str| Value::Unknown {
        why: why.to_owned(),
    };
    let region = options.region.as_deref();
    let cn = region.is_some_and(|r| r.starts_with("cn-"));
    Some(Some(match name {
        "AWS::Region" => match region {
            Some(r) => Value::String(r.to_owned()),
            None => unknown("AWS::Region: no region given"),
        },
        "AWS::AccountId" => unknown("AWS::AccountId is not known offline"),
        "AWS::StackName" => match &options.stack_name {
            Some(s) => Value::String(s.clone()),
            None => unknown("AWS::StackName: no stack name given"),
        },
        "AWS::StackId" => unknown("AWS::StackId is assigned at deploy time"),
        "AWS::Partition" => Value::String(partition(region).to_owned()),
        "AWS::URLSuffix" => Value::String(
            if cn {
                "amazonaws.com.cn"
            } else {
                "amazonaws.com"
            }
            .to_owned(),
        ),
        "AWS::NotificationARNs" => unknown("AWS::NotificationARNs is set at deploy time"),
        "AWS::NoValue" => return Some(None),
        _ => return None,
    }))
}

fn partition(region: Option<&str>) -> &'static str {
    match region {
        Some(r) if r.starts_with("cn-") => "aws-cn",
        Some(r) if r.starts_with("us-gov-") => "aws-us-gov",
        Some(r) if r.starts_with("us-isob-") => "aws-iso-b",
        Some(r) if r.starts_with("us-iso-") => "aws-iso",
        Some(r) if r.starts_with("eu-isoe-") => "aws-iso-e",
        _ => "aws",
    }
}
