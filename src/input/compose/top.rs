//! The top level of the file the sources amount to: the architecture file's own, with the
//! regions the sources show.

use serde_json::{Map, Value};

use crate::input::locate::JsonPath;
use crate::input::{Diagnostic, InputError, LoadOptions};

/// An architecture file's text and top level, or where it is not a JSON object.
pub(super) fn top_level<'a>(
    bytes: &'a [u8],
    source_name: &str,
) -> Result<(&'a str, Map<String, Value>), InputError> {
    let fail = |diagnostics| InputError {
        source_name: source_name.to_string(),
        diagnostics,
    };
    let text = std::str::from_utf8(bytes).map_err(|_| {
        fail(vec![Diagnostic {
            position: None,
            path: JsonPath::root(),
            message: "the file is not UTF-8 text".into(),
            file: None,
            at_key: false,
        }])
    })?;
    let top: Map<String, Value> = serde_json::from_str(text).map_err(|e| {
        fail(vec![Diagnostic {
            position: Some(crate::input::locate::Position {
                line: e.line(),
                col: e.column().max(1),
            }),
            path: JsonPath::root(),
            message: crate::input::serde_message(&e),
            file: None,
            at_key: false,
        }])
    })?;
    Ok((text, top))
}

/// The top level of the file the sources amount to: the file's own, but its sources and
/// components, with the regions the sources show where it sets none.
pub(super) fn document(
    top: Map<String, Value>,
    primary: Option<String>,
    secondary: Option<String>,
) -> Map<String, Value> {
    let mut document: Map<String, Value> = (top.into_iter())
        .filter(|(key, _)| key != "sources" && key != "components")
        .collect();
    fill_regions(&mut document, primary, secondary);
    document
}

/// Regions the file does not set are the ones the sources show.
pub(super) fn fill_regions(
    document: &mut Map<String, Value>,
    primary: Option<String>,
    secondary: Option<String>,
) {
    let regions = document
        .entry("regions")
        .or_insert_with(|| Value::Object(Map::new()));
    let Value::Object(regions) = regions else {
        return;
    };
    for (key, value) in [("primary", primary), ("secondary", secondary)] {
        if let Some(v) = value
            && !regions.contains_key(key)
        {
            regions.insert(key.into(), Value::String(v));
        }
    }
    if regions.is_empty() {
        document.remove("regions");
    }
}

/// The original file's own errors, when it is not even shaped like an architecture.
pub(super) fn load_error(text: &str, source_name: &str, options: &LoadOptions) -> InputError {
    match crate::input::load(text.as_bytes(), source_name, options) {
        Err(e) => e,
        Ok(_) => InputError {
            source_name: source_name.to_string(),
            diagnostics: vec![Diagnostic {
                position: None,
                path: JsonPath::root().key("components"),
                message: "components must be a list".into(),
                file: None,
                at_key: false,
            }],
        },
    }
}
