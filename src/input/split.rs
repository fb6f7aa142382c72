//! Finds the components of a well-formed architecture file by its structure alone, so that
//! they can be read in parallel without reading the whole file once first: strings are
//! skipped to their closing quote, brackets counted, nothing else looked at. Whatever is
//! found is then read by serde_json, which checks it all; anything unusual and the caller
//! reads the file the careful way (`read_top_level`), which places every error.

/// A file split at its component list.
pub struct Split<'a> {
    /// Where the list is (`[` to `]` included).
    pub list: std::ops::Range<usize>,
    /// Each element of the list, as written (surrounding white space included).
    pub components: Vec<&'a str>,
}

/// Splits `{ ..., "components": [ ... ], ... }`; `None` when the top level is not an object
/// with exactly one plain (unescaped) `"components"` key whose value is a list, or when the
/// structure is broken anywhere: the careful reading then says what is wrong.
pub fn split(text: &str) -> Option<Split<'_>> {
    let b = text.as_bytes();
    let mut at = skip_space(b, 0);
    if b.get(at) != Some(&b'{') {
        return None;
    }
    at = skip_space(b, at + 1);
    let mut found = None;
    if b.get(at) == Some(&b'}') {
        return None;
    }
    loop {
        // A key, its colon, its value.
        let key_end = string_end(b, at)?;
        let key = &b[at + 1..key_end - 1];
        at = skip_space(b, key_end);
        if b.get(at) != Some(&b':') {
            return None;
        }
        at = skip_space(b, at + 1);
        if key == b"components" {
            if found.is_some() || b.get(at) != Some(&b'[') {
                return None;
            }
            let (end, components) = elements(text, at)?;
            found = Some(Split {
                list: at..end,
                components,
            });
            at = end;
        } else if key.contains(&b'\\') && unescapes_to_components(key) {
            return None;
        } else {
            at = value_end(b, at)?;
        }
        at = skip_space(b, at);
        match b.get(at) {
            Some(b',') => at = skip_space(b, at + 1),
            Some(b'}') => break,
            _ => return None,
        }
    }
    // Nothing but white space after the object.
    (skip_space(b, at + 1) == b.len()).then_some(())?;
    found
}

/// Whether an escaped key might spell `components` (then the careful reading decides).
fn unescapes_to_components(key: &[u8]) -> bool {
    key.len() >= "components".len()
}

/// The end of the list starting at `open` (`[`) and its elements.
fn elements(text: &str, open: usize) -> Option<(usize, Vec<&str>)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut at = skip_space(b, open + 1);
    if b.get(at) == Some(&b']') {
        return Some((at + 1, out));
    }
    loop {
        let start = at;
        at = value_end(b, at)?;
        out.push(text.get(start..at)?);
        at = skip_space(b, at);
        match b.get(at) {
            Some(b',') => at = skip_space(b, at + 1),
            Some(b']') => return Some((at + 1, out)),
            _ => return None,
        }
    }
}

/// The end of the value starting at `at`: a string, an object or list (to its matching
/// bracket, strings skipped), or a bare word or number (to the next delimiter).
fn value_end(b: &[u8], at: usize) -> Option<usize> {
    match *b.get(at)? {
        b'"' => string_end(b, at),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut i = at;
            loop {
                match *b.get(i)? {
                    b'"' => {
                        i = string_end(b, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
        }
        _ => {
            let len = b[at..]
                .iter()
                .position(|&c| matches!(c, b',' | b'}' | b']') || c.is_ascii_whitespace())
                .unwrap_or(b.len() - at);
            (len > 0).then_some(at + len)
        }
    }
}

/// Just past the closing quote of the string whose opening quote is at `at`.
fn string_end(b: &[u8], at: usize) -> Option<usize> {
    if b.get(at) != Some(&b'"') {
        return None;
    }
    let mut i = at + 1;
    loop {
        i += memchr::memchr2(b'"', b'\\', b.get(i..)?)?;
        if b[i] == b'"' {
            return Some(i + 1);
        }
        // An escape: skip the backslash and the character it escapes.
        i += 2;
    }
}

fn skip_space(b: &[u8], mut at: usize) -> usize {
    while b.get(at).is_some_and(|c| c.is_ascii_whitespace()) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_each_component_as_written() {
        let text = r#" { "name": "a \"[x\" {", "components" : [ {"id": "a", "x": [1, {"b": "]}\\"}]} , {"id":"b"} ], "policy": {"tier": "critical"} } "#;
        let s = split(text).expect("well formed");
        let list = &text[s.list.clone()];
        assert!(
            list.starts_with(r#"[ {"id": "a""#) && list.ends_with(r#"{"id":"b"} ]"#),
            "{list}"
        );
        assert_eq!(
            s.components,
            [r#"{"id": "a", "x": [1, {"b": "]}\\"}]}"#, r#"{"id":"b"}"#]
        );
        assert_eq!(split(r#"{"components": []}"#).unwrap().components.len(), 0);
    }

    /// Anything but one plain list under one plain key is left to the careful reading.
    #[test]
    fn leaves_the_unusual_to_the_careful_reading() {
        for text in [
            r#"{"components": [{"id": "a"}], "components": []}"#,
            r#"{"comp\u006fnents": [{"id": "a"}]}"#,
            r#"{"components": {"id": "a"}}"#,
            r#"{"components": [{"id": "a"} {"id": "b"}]}"#,
            r#"{"components": [{"id": "a"},]}"#,
            r#"{"components": [{"id": "a"}]} x"#,
            r#"{"components": [{"id": "a"]}"#,
            r#"{"components": [{"id": "a}]}"#,
            r#"{"name": "x"}"#,
            r#"[1]"#,
            "",
        ] {
            assert!(split(text).is_none(), "{text}");
        }
    }

    use proptest::prelude::*;
    use serde_json::Value;

    fn json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i32>().prop_map(Value::from),
            "[a-z\\[\\]{}\",:\\\\ \n\u{e9}]{0,8}".prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 32, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
                prop::collection::btree_map("[a-z\\[\"]{0,4}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    /// What the careful reading would make of a split file: the rest with the list put back.
    fn rejoined(text: &str, s: &Split) -> Option<Value> {
        let mut rest: Value = serde_json::from_str(&format!(
            "{}[]{}",
            &text[..s.list.start],
            &text[s.list.end..]
        ))
        .ok()?;
        let parts: Option<Vec<Value>> = s
            .components
            .iter()
            .map(|c| serde_json::from_str(c).ok())
            .collect();
        rest["components"] = Value::from(parts?);
        Some(rest)
    }

    proptest! {
        /// A well-formed file, compact or pretty, is split into exactly its components.
        #[test]
        fn splits_well_formed_files(
            components in prop::collection::vec(json(), 0..5),
            before in prop::collection::btree_map("[a-z\\[\"]{0,5}", json(), 0..3),
            pretty in any::<bool>(),
        ) {
            let mut top: serde_json::Map<String, Value> = before.into_iter().filter(|(k, _)| k != "components").collect();
            top.insert("components".into(), Value::from(components.clone()));
            let top = Value::Object(top);
            let text = if pretty { serde_json::to_string_pretty(&top) } else { serde_json::to_string(&top) }.unwrap();
            let s = split(&text).expect("a well-formed file splits");
            let parts: Vec<Value> = s.components.iter().map(|c| serde_json::from_str(c).unwrap()).collect();
            prop_assert_eq!(parts, components);
            prop_assert_eq!(rejoined(&text, &s), Some(top));
        }

        /// Whatever bytes are changed, a split whose pieces all read is the file itself: the
        /// fast way never accepts what the careful reading would not.
        #[test]
        fn a_split_that_reads_is_the_file(
            components in prop::collection::vec(json(), 1..4),
            at in any::<prop::sample::Index>(),
            byte in prop::sample::select(b"{}[]\",:\\ a0".to_vec()),
            how in 0u8..3,
        ) {
            let top = serde_json::json!({"name": "x", "components": components});
            let mut bytes = serde_json::to_vec(&top).unwrap();
            let i = at.index(bytes.len());
            match how {
                0 => bytes[i] = byte,
                1 => { bytes.remove(i); }
                _ => bytes.insert(i, byte),
            }
            let Ok(text) = std::str::from_utf8(&bytes) else { return Ok(()) };
            if let Some(s) = split(text) && let Some(value) = rejoined(text, &s) {
                let whole: Result<Value, _> = serde_json::from_str(text);
                prop_assert_eq!(whole.ok(), Some(value), "{}", text);
            }
        }
    }
}
