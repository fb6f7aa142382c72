//! Override files (`--assumptions`, `--pricing`): a JSON object of the table's keys and their
//! values; `x-*` keys and `$schema` are notes. Every bad key is reported, not only the first.

use std::time::Duration;

use crate::duration::DurationError;

/// What is wrong with one key of an override file or its value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BadValue {
    #[error("unknown {what}{}", hint.map(|k| format!("; did you mean {k:?}?")).unwrap_or_default())]
    UnknownKey {
        what: &'static str,
        hint: Option<&'static str>,
    },
    #[error("{0} is not a duration string such as \"15m\"")]
    NotADurationString(String),
    #[error(transparent)]
    Duration(#[from] DurationError),
    #[error("{0} is not a number ≥ 0")]
    NotANumber(String),
}

impl BadValue {
    /// `key` is not one of `keys`: names the closest when it is a likely typo.
    pub fn unknown(what: &'static str, key: &str, keys: &'static [&'static str]) -> BadValue {
        BadValue::UnknownKey {
            what,
            hint: super::did_you_mean(key, keys.iter().copied()),
        }
    }
}

/// An override file that cannot be applied.
#[derive(Debug, thiserror::Error)]
pub enum OverrideError {
    #[error("not a JSON object of {what}: {source}")]
    NotAnObject {
        what: &'static str,
        #[source]
        source: serde_json::Error,
    },
    /// Every bad key with what is wrong with it.
    #[error("{}", .0.iter().map(|(k, e)| format!("{k}: {e}")).collect::<Vec<_>>().join("; "))]
    Keys(Vec<(String, BadValue)>),
}

/// Applies each key of the file with `set`.
pub fn read(
    text: &str,
    what: &'static str,
    mut set: impl FnMut(&str, &serde_json::Value) -> Result<(), BadValue>,
) -> Result<(), OverrideError> {
    let map: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(text).map_err(|source| OverrideError::NotAnObject { what, source })?;
    let errors: Vec<(String, BadValue)> = map
        .iter()
        .filter(|(k, _)| !k.starts_with("x-") && k.as_str() != "$schema")
        .filter_map(|(k, v)| set(k, v).err().map(|e| (k.clone(), e)))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(OverrideError::Keys(errors))
    }
}

/// A duration value: a string such as `"15m"`.
pub fn duration(v: &serde_json::Value) -> Result<Duration, BadValue> {
    match v {
        serde_json::Value::String(s) => Ok(crate::duration::parse(s)?),
        other => Err(BadValue::NotADurationString(other.to_string())),
    }
}

/// A number value, finite and not negative.
pub fn number(v: &serde_json::Value) -> Result<f64, BadValue> {
    v.as_f64()
        .filter(|n| n.is_finite() && *n >= 0.0)
        .ok_or_else(|| BadValue::NotANumber(v.to_string()))
}
