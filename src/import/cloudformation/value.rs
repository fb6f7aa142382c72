//! [`Value`], what evaluated properties are made of, and the operations the evaluator needs
//! on values: YAML scalar typing, three-valued equality, text rendering, concatenation.

/// A value of an evaluated template property.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// As written (`5432`, `1.50`), so nothing is lost to float conversion.
    Number(String),
    String(String),
    List(Vec<Value>),
    /// Insertion order kept.
    Map(Vec<(String, Value)>),
    /// A reference to another resource of the template: Ref (attribute None) or GetAtt / ${Res.Attr}.
    Ref {
        target: String,
        attribute: Option<String>,
    },
    /// A string built from pieces some of which are references or unknown (Fn::Sub, Fn::Join with refs).
    Concat(Vec<Value>),
    /// `!Select [i, !GetAZs ...]` when the AZ names are not known: the i-th zone of `region` (None: the stack's).
    Zone {
        index: usize,
        region: Option<String>,
    },
    /// Not computable offline (Fn::ImportValue NAME, a parameter without value, Fn::Transform,
    /// AWS::AccountId, ...); `why` says which, never the content of a secret.
    Unknown {
        why: String,
    },
}

impl Value {
    /// The text of a string or of a number as written.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) | Value::Number(s) => Some(s),
            _ => None,
        }
    }

    /// The first entry named `key` of a map.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// Booleans, and the strings `true` / `false` in any case (CloudFormation's usual spelling
    /// of booleans in parameters and conditions).
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
            Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        }
    }

    /// Non-negative integers, written as numbers or numeric strings.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(s) | Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// The elements of a list; empty for anything else.
    pub fn as_list(&self) -> &[Value] {
        match self {
            Value::List(items) => items,
            _ => &[],
        }
    }

    /// Every Ref / GetAtt target in the value, recursively, as (logical id, attribute).
    pub fn refs(&self) -> Vec<(&str, Option<&str>)> {
        let mut out = Vec::new();
        self.collect_refs(&mut out);
        out
    }

    fn collect_refs<'v>(&'v self, out: &mut Vec<(&'v str, Option<&'v str>)>) {
        match self {
            Value::Ref { target, attribute } => out.push((target, attribute.as_deref())),
            Value::List(items) | Value::Concat(items) => {
                items.iter().for_each(|v| v.collect_refs(out))
            }
            Value::Map(entries) => entries.iter().for_each(|(_, v)| v.collect_refs(out)),
            _ => {}
        }
    }
}

/// A scalar typed the YAML way: only plain scalars may be null, booleans or numbers.
pub(super) fn scalar(text: &str, plain: bool, tag: Option<&str>) -> Value {
    if tag == Some("tag:yaml.org,2002:str") || !plain {
        return Value::String(text.to_owned());
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ if is_number(text) => Value::Number(text.to_owned()),
        _ => Value::String(text.to_owned()),
    }
}

fn is_number(s: &str) -> bool {
    let s = s.strip_prefix(['-', '+']).unwrap_or(s);
    if let Some(hex) = s.strip_prefix("0x") {
        return !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit());
    }
    if let Some(oct) = s.strip_prefix("0o") {
        return !oct.is_empty() && oct.chars().all(|c| ('0'..='7').contains(&c));
    }
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let (int, frac) = mantissa
        .split_once('.')
        .map_or((mantissa, None), |(i, f)| (i, Some(f)));
    let digits = |t: &str| t.chars().all(|c| c.is_ascii_digit());
    let mantissa_ok = digits(int)
        && frac.is_none_or(digits)
        && (!int.is_empty() || frac.is_some_and(|f| !f.is_empty()));
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

/// The text of a scalar value, as Fn::Join or a mapping lookup sees it.
pub(super) fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) | Value::Number(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Null => Some(String::new()),
        _ => None,
    }
}

/// Three-valued equality: `None` when either side is not known offline.
pub(super) fn equal(a: &Value, b: &Value) -> Option<bool> {
    match (a, b) {
        (Value::List(x), Value::List(y)) => {
            if x.len() != y.len() {
                return if is_known(a) && is_known(b) {
                    Some(false)
                } else {
                    None
                };
            }
            let mut result = Some(true);
            for (p, q) in x.iter().zip(y) {
                match equal(p, q) {
                    Some(false) => return Some(false),
                    None => result = None,
                    Some(true) => {}
                }
            }
            result
        }
        _ => match (text_of(a), text_of(b)) {
            (Some(x), Some(y)) => Some(x == y),
            _ if is_known(a) && is_known(b) => Some(a == b),
            _ => None,
        },
    }
}

pub(super) fn is_known(v: &Value) -> bool {
    match v {
        Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => true,
        Value::List(items) => items.iter().all(is_known),
        Value::Map(entries) => entries.iter().all(|(_, v)| is_known(v)),
        Value::Ref { .. } | Value::Concat(_) | Value::Zone { .. } | Value::Unknown { .. } => false,
    }
}

/// A value as one string: known text as is, references as `${Res}` / `${Res.Attr}`, anything
/// else unknown as `${?}` (used for import and export names, which are matched as text).
pub fn render(v: &Value) -> String {
    match v {
        Value::String(s) | Value::Number(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Null => String::new(),
        Value::Ref {
            target,
            attribute: None,
        } => format!("${{{target}}}"),
        Value::Ref {
            target,
            attribute: Some(a),
        } => format!("${{{target}.{a}}}"),
        Value::Concat(pieces) => pieces.iter().map(render).collect(),
        _ => "${?}".to_owned(),
    }
}

/// Builds the result of Fn::Sub / Fn::Join: one String when every piece is known text,
/// otherwise a Concat with adjacent text merged.
#[derive(Default)]
pub(super) struct Pieces {
    out: Vec<Value>,
}

impl Pieces {
    pub fn text(&mut self, t: &str) {
        if t.is_empty() {
            return;
        }
        if let Some(Value::String(last)) = self.out.last_mut() {
            last.push_str(t);
        } else {
            self.out.push(Value::String(t.to_owned()));
        }
    }

    pub fn value(&mut self, v: Value) {
        match v {
            Value::Concat(parts) => parts.into_iter().for_each(|p| self.value(p)),
            Value::List(_) | Value::Map(_) => self.out.push(Value::Unknown {
                why: "a list or mapping used as text".to_owned(),
            }),
            other => match text_of(&other) {
                Some(t) => self.text(&t),
                None => self.out.push(other),
            },
        }
    }

    pub fn finish(mut self) -> Value {
        match self.out.len() {
            0 => Value::String(String::new()),
            1 if matches!(self.out[0], Value::String(_)) => self.out.remove(0),
            _ => Value::Concat(self.out),
        }
    }
}

pub(super) fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// JSON text of a fully known value (Fn::ToJsonString).
pub(super) fn to_json(v: &Value) -> String {
    let quote = |s: &str| serde_json::Value::String(s.to_owned()).to_string();
    match v {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) if n.parse::<serde_json::Number>().is_ok() => n.clone(),
        Value::Number(n) | Value::String(n) => quote(n),
        Value::List(items) => format!(
            "[{}]",
            items.iter().map(to_json).collect::<Vec<_>>().join(",")
        ),
        Value::Map(entries) => {
            format!(
                "{{{}}}",
                entries
                    .iter()
                    .map(|(k, v)| format!("{}:{}", quote(k), to_json(v)))
                    .collect::<Vec<_>>()
                    .join(",")
            )
        }
        _ => quote(&render(v)),
    }
}
