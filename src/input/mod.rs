//! Reading the architecture file: bytes → raw serde types (every type error, component by
//! component) → validation into the checked `model` (every semantic error at once). Every
//! error names its JSON path with line and column.

pub mod compose;
pub mod field;
pub mod locate;
pub mod overrides;
pub mod policy;
pub mod raw;
mod validate;

use std::fmt;

use locate::{JsonPath, LineIndex, Position, Seg};
use raw::{RawArchitecture, RawComponent};

use rayon::prelude::*;

use crate::model::{Architecture, Policy};

/// One problem in the input, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The file it is in when it is not the architecture file (an imported source).
    pub file: Option<String>,
    pub position: Option<Position>,
    pub path: JsonPath,
    pub message: String,
    /// The problem is with a key itself (an unknown field): `position` is the key's.
    pub at_key: bool,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path)?;
        if let Some(p) = self.position {
            write!(f, " (line {}, col {})", p.line, p.col)?;
        }
        write!(f, ": {}", crate::words::Escaped(&self.message))
    }
}

/// The input could not be accepted; every problem found in the failing phase is listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub source_name: String,
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.diagnostics.len();
        write!(
            f,
            "{} is not a valid architecture ({n} problem{})",
            crate::words::Shown(&self.source_name),
            if n == 1 { "" } else { "s" }
        )?;
        for d in &self.diagnostics {
            let file = d.file.as_deref().unwrap_or(&self.source_name);
            write!(f, "\n  {}: {d}", crate::words::Shown(file))?;
        }
        Ok(())
    }
}

impl std::error::Error for InputError {}

/// What the caller may replace in the file (the `--policy` option).
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Replaces the file's own app policy (a Resilience Hub policy given with `--policy`).
    pub policy: Option<Policy>,
}

/// Parses and validates an architecture file.
pub fn load(
    bytes: &[u8],
    source_name: &str,
    options: &LoadOptions,
) -> Result<Architecture, InputError> {
    let fail = |diagnostics: Vec<Diagnostic>| InputError {
        source_name: source_name.to_string(),
        diagnostics,
    };
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let lines =
            LineIndex::new(std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default());
        fail(vec![Diagnostic {
            file: None,
            at_key: false,
            position: Some(lines.position(e.valid_up_to())),
            path: JsonPath::root(),
            message: "the file is not UTF-8 text".into(),
        }])
    })?;
    let lines = LineIndex::new(text);

    // The top level is read field by field and the components one by one, in parallel:
    // one bad field does not hide the others, and every error gets its place.
    let top: RawArchitecture = read_piecewise(text, &lines).map_err(fail)?;

    let mut problems = validate::Problems::default();
    let arch = validate::architecture(top, options, &mut problems);
    if problems.is_empty() {
        return Ok(arch);
    }
    Err(fail(problems.into_diagnostics(text, &lines)))
}

/// The top level with every field still raw, so that each is read on its own and one bad
/// field does not hide the others (or the components' errors).
/// `C` is how the components are held: one raw value, or (when the file is well formed, to
/// read it in one pass) the list of each component's raw value.
#[derive(serde::Deserialize)]
#[serde(expecting = "an architecture: a JSON object with \"name\" and \"components\"")]
struct Skeleton<'a, C> {
    #[serde(borrow, default)]
    name: Option<&'a serde_json::value::RawValue>,
    #[serde(borrow, default)]
    currency: Option<&'a serde_json::value::RawValue>,
    #[serde(borrow, default)]
    regions: Option<&'a serde_json::value::RawValue>,
    #[serde(borrow, default)]
    policy: Option<&'a serde_json::value::RawValue>,
    #[serde(borrow, default)]
    business: Option<&'a serde_json::value::RawValue>,
    #[serde(borrow, default)]
    sources: Option<&'a serde_json::value::RawValue>,
    #[serde(bound(deserialize = "C: serde::Deserialize<'de>"))]
    components: Option<C>,
    #[serde(flatten)]
    unknown: std::collections::BTreeMap<String, serde::de::IgnoredAny>,
}

/// Reads the top level field by field and the components one by one (in parallel),
/// collecting every error.
fn read_piecewise(text: &str, lines: &LineIndex) -> Result<RawArchitecture, Vec<Diagnostic>> {
    let mut diagnostics = Vec::new();
    let Some((mut top, raw_components)) = read_top_level(text, lines, &mut diagnostics) else {
        return Err(diagnostics);
    };
    // Each component is read on its own, so the components are read in parallel. Well-formed
    // components go straight into the list; any error and they are read again, each error
    // with its place.
    let read: Vec<Option<RawComponent>> = raw_components
        .par_iter()
        .map(|raw| serde_json::from_str::<RawComponent>(raw).ok())
        .collect();
    if diagnostics.is_empty() && read.iter().all(Option::is_some) {
        // In place: an `Option<RawComponent>` is as large as a `RawComponent`.
        top.components = Some(
            (read.into_iter())
                .map(|c| c.expect("every component was read"))
                .collect(),
        );
        return Ok(top);
    }
    drop(read);
    let base = text.as_ptr() as usize;
    let read: Vec<Result<RawComponent, Diagnostic>> = raw_components
        .par_iter()
        .enumerate()
        .map(|(i, raw)| {
            let offset = raw.as_ptr() as usize - base;
            let path = JsonPath::root().key("components").index(i);
            deserialize_located::<RawComponent>(raw, offset, &path, lines)
        })
        .collect();
    drop(raw_components);
    let mut components = Vec::with_capacity(read.len());
    for r in read {
        match r {
            Ok(c) => components.push(c),
            Err(d) => diagnostics.push(d),
        }
    }
    top.components = Some(components);
    if diagnostics.is_empty() {
        Ok(top)
    } else {
        Err(diagnostics)
    }
}

impl<'a, C> Skeleton<'a, C> {
    /// The fields as their texts in the file, and the components as read.
    fn into_fields(self) -> (Fields<'a>, Option<C>) {
        let field = |raw: Option<&'a serde_json::value::RawValue>| raw.map(|r| r.get());
        let fields = Fields {
            name: field(self.name),
            currency: field(self.currency),
            regions: field(self.regions),
            policy: field(self.policy),
            business: field(self.business),
            sources: field(self.sources),
            components: None,
            unknown: self.unknown,
        };
        (fields, self.components)
    }
}

/// The top level's fields, each as its text in the file.
struct Fields<'a> {
    name: Option<&'a str>,
    currency: Option<&'a str>,
    regions: Option<&'a str>,
    policy: Option<&'a str>,
    business: Option<&'a str>,
    sources: Option<&'a str>,
    components: Option<&'a str>,
    unknown: std::collections::BTreeMap<String, serde::de::IgnoredAny>,
}

/// Reads the top level field by field; `None` when it is not even a JSON object (the reason
/// is in `diagnostics`). Field errors are added to `diagnostics` and the field left empty.
/// The components come back unread.
fn read_top_level<'a>(
    text: &'a str,
    lines: &LineIndex,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<(RawArchitecture, Vec<&'a str>)> {
    let root = JsonPath::root();
    // One pass finds the top level's fields and each component's text; when the file is not
    // even that well formed, the top level is read again with the components as one value, so
    // that what is wrong gets its place.
    type Listed<'a> = Skeleton<'a, Vec<&'a serde_json::value::RawValue>>;
    let (skeleton, listed) = match serde_json::from_str::<Listed>(text) {
        Ok(s) => {
            let (fields, components) = s.into_fields();
            let components = components.map(|c| c.into_iter().map(|r| r.get()).collect());
            (fields, Some(components))
        }
        Err(_) => match deserialize_located::<Skeleton<&serde_json::value::RawValue>>(
            text, 0, &root, lines,
        ) {
            Ok(s) => {
                let (mut fields, components) = s.into_fields();
                fields.components = components.map(|r| r.get());
                (fields, None)
            }
            Err(d) => {
                diagnostics.push(d);
                return None;
            }
        },
    };
    let base = text.as_ptr() as usize;
    fn read<'a, T: serde::Deserialize<'a>>(
        raw: Option<&'a str>,
        key: &str,
        base: usize,
        lines: &LineIndex,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<T> {
        let raw = raw?;
        let offset = raw.as_ptr() as usize - base;
        match deserialize_located(raw, offset, &JsonPath::root().key(key), lines) {
            Ok(v) => Some(v),
            Err(d) => {
                diagnostics.push(d);
                None
            }
        }
    }
    let name: Option<String> = read(skeleton.name, "name", base, lines, diagnostics);
    if skeleton.name.is_none() {
        diagnostics.push(Diagnostic {
            file: None,
            at_key: false,
            position: Some(lines.position(0)),
            path: root.clone(),
            message: "missing field `name`".into(),
        });
    }
    let components: Option<Vec<&'a str>> = match listed {
        Some(listed) => listed,
        None => read::<Option<Vec<&serde_json::value::RawValue>>>(
            skeleton.components,
            "components",
            base,
            lines,
            diagnostics,
        )
        .flatten()
        .map(|c| c.into_iter().map(|r| r.get()).collect()),
    };
    if skeleton.components.is_none() && components.is_none() {
        diagnostics.push(Diagnostic {
            file: None,
            at_key: false,
            position: Some(lines.position(0)),
            path: root.clone(),
            message: "missing field `components` (a list of components)".into(),
        });
    }
    let top = RawArchitecture {
        name: name.unwrap_or_default(),
        currency: read(skeleton.currency, "currency", base, lines, diagnostics),
        regions: read(skeleton.regions, "regions", base, lines, diagnostics),
        policy: read(skeleton.policy, "policy", base, lines, diagnostics),
        business: read(skeleton.business, "business", base, lines, diagnostics),
        sources: read(skeleton.sources, "sources", base, lines, diagnostics),
        components: None,
        unknown: raw::Unknown {
            keys: skeleton
                .unknown
                .into_keys()
                .filter(|k| !k.starts_with("x-") && k != "$schema")
                .collect(),
            known: RawArchitecture::FIELDS,
        },
    };
    Some((top, components.unwrap_or_default()))
}

/// Deserializes `slice` (which starts at byte `offset` of the whole text), turning a failure
/// into a diagnostic with the full path and the position in the whole text.
pub(crate) fn deserialize_located<'de, T: serde::Deserialize<'de>>(
    slice: &'de str,
    offset: usize,
    base: &JsonPath,
    lines: &LineIndex,
) -> Result<T, Diagnostic> {
    // The fast path: plain serde_json. Only a failure pays for tracking the path.
    if let Ok(value) = serde_json::from_str(slice) {
        return Ok(value);
    }
    let mut de = serde_json::Deserializer::from_str(slice);
    let result = serde_path_to_error::deserialize(&mut de);
    // Trailing characters after the document.
    if result.is_ok()
        && let Err(e) = de.end()
    {
        let position = Some(lines.position(
            offset
                + LineIndex::new(slice).offset(Position {
                    line: e.line(),
                    col: e.column().max(1),
                }),
        ));
        return Err(Diagnostic {
            file: None,
            at_key: false,
            position,
            path: base.clone(),
            message: serde_message(&e),
        });
    }
    result.map_err(|e| {
        let inner = e.inner();
        let position = (inner.line() > 0).then(|| {
            let local = LineIndex::new(slice).offset(Position {
                line: inner.line(),
                col: inner.column().max(1),
            });
            lines.position(offset + local)
        });
        let path = JsonPath(
            e.path()
                .iter()
                .filter_map(|s| match s {
                    serde_path_to_error::Segment::Seq { index } => Some(Seg::Index(*index)),
                    serde_path_to_error::Segment::Map { key } => Some(Seg::Key(key.clone())),
                    serde_path_to_error::Segment::Enum { .. }
                    | serde_path_to_error::Segment::Unknown => None,
                })
                .collect(),
        )
        .under(base);
        Diagnostic {
            file: None,
            at_key: false,
            position,
            path,
            message: serde_message(inner),
        }
    })
}

/// serde_json's message without its " at line L column C" suffix (the diagnostic has it).
pub(crate) fn serde_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let text = match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    };
    match e.classify() {
        serde_json::error::Category::Eof => format!("the file ends too early ({text})"),
        serde_json::error::Category::Syntax => format!("malformed JSON: {text}"),
        _ => suggest_variant(&text).unwrap_or(text),
    }
}

/// What is wrong with a JSON file that may not be what it claims (a source, a saved result),
/// in words that quote nothing of it: serde's syntax message names only what it expected, and
/// a value of the wrong shape is not repeated. `shape` says what was expected.
pub fn quiet_json_problem(e: &serde_json::Error, shape: &str) -> String {
    use serde_json::error::Category;
    match e.classify() {
        Category::Syntax => {
            let text = e.to_string();
            let text = text.split(" at line ").next().unwrap_or("");
            format!("not valid JSON: {text}")
        }
        Category::Eof => "not valid JSON: the file ends too early".to_string(),
        Category::Data => format!("valid JSON, but not {shape}"),
        Category::Io => "the file could not be read".to_string(),
    }
}

/// serde's ``unknown variant `databse`, expected one of `compute`, `database`…`` with the
/// closest valid value: ``unknown value `databse`: did you mean `database`? (one of …)``.
fn suggest_variant(text: &str) -> Option<String> {
    let rest = text.strip_prefix("unknown variant `")?;
    let (word, expected) = rest.split_once("`, expected one of ")?;
    let candidates: Vec<&str> = expected.split(", ").map(|c| c.trim_matches('`')).collect();
    let hint = did_you_mean(word, candidates.iter().copied())
        .map(|c| format!(": did you mean `{c}`?"))
        .unwrap_or_default();
    Some(format!(
        "unknown value `{word}`{hint} (one of {})",
        candidates.join(", ")
    ))
}

/// The closest of `candidates` to `word`, when it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// The JSON Schema of the architecture file (`drplan schema`): the raw types', with `$schema`
/// allowed at the top and the notes of an import (`x-why`) keyed by field paths only.
pub fn schema() -> schemars::Schema {
    let mut schema = schemars::schema_for!(raw::RawArchitecture);
    // `$schema` is allowed at the top (editors use it to find this schema).
    if let Some(props) = schema.get_mut("properties").and_then(|p| p.as_object_mut()) {
        props.insert(
            "$schema".into(),
            serde_json::json!({ "type": "string", "description": "The URL of this schema, for editors" }),
        );
    }
    let component = (schema.get_mut("$defs"))
        .and_then(|d| d.get_mut("RawComponent"))
        .and_then(|c| c.get_mut("properties"))
        .and_then(|p| p.as_object_mut());
    if let Some(props) = component {
        props.insert("x-why".into(), field::why_schema());
    }
    schema
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_values_suggest_the_closest() {
        assert_eq!(
            suggest_variant(
                "unknown variant `databse`, expected one of `compute`, `database`, `dns`"
            )
            .as_deref(),
            Some(
                "unknown value `databse`: did you mean `database`? (one of compute, database, dns)"
            )
        );
        assert_eq!(
            suggest_variant("unknown variant `zzz`, expected one of `sync`, `async`").as_deref(),
            Some("unknown value `zzz` (one of sync, async)")
        );
    }

    #[test]
    fn suggests_close_words_only() {
        assert_eq!(
            did_you_mean("replicaton", ["replication", "retention"]),
            Some("replication")
        );
        assert_eq!(did_you_mean("zzz", ["replication"]), None);
        assert_eq!(
            did_you_mean("order-db", ["orders-db", "web"]),
            Some("orders-db")
        );
    }

    /// Fields before and after the component list (read apart from it) are placed in the
    /// file itself.
    #[test]
    fn top_level_errors_around_the_components_keep_their_place() {
        let text = "{\n  \"name\": 5,\n  \"components\": [\n    {\"id\": \"a\", \"kind\": \"compute\"}\n  ],\n  \"regions\": {\"primary\": 5}\n}\n";
        let err = load(text.as_bytes(), "k.json", &LoadOptions::default()).unwrap_err();
        let places: Vec<(String, Option<(usize, usize)>)> = (err.diagnostics.iter())
            .map(|d| (d.path.to_string(), d.position.map(|p| (p.line, p.col))))
            .collect();
        assert_eq!(
            places,
            [
                ("name".to_string(), Some((2, 11))),
                ("regions.primary".to_string(), Some((6, 26)))
            ]
        );
    }

    /// Keys are read borrowed from the text when they can be; an escaped key (which cannot)
    /// is the same key, and an unknown one is still reported with its place.
    #[test]
    fn escaped_keys_are_keys_and_unknown_keys_are_reported() {
        let text = r#"{"name": "k", "components": [
            {"\u0069d": "a", "kind": "compute", "deployment": {"inst\u0061nces": 2, "zones": 2}},
            {"id": "b", "kind": "compute", "colour": "blue"}
        ]}"#;
        let err = load(text.as_bytes(), "k.json", &LoadOptions::default()).unwrap_err();
        let [d] = err.diagnostics.as_slice() else {
            panic!("one problem expected: {err}");
        };
        assert_eq!(d.path.to_string(), "components[1].colour", "{err}");
        let fixed = text.replace(r#", "colour": "blue""#, "");
        let arch = load(fixed.as_bytes(), "k.json", &LoadOptions::default()).unwrap();
        assert_eq!(arch.components[0].id, "a");
        assert_eq!(arch.components[0].deployment.instances, 2);
    }

    /// `resources`: an ARN, or a service and an id with the region defaulting to the primary;
    /// every malformed entry is reported at its place, all at once.
    #[test]
    fn resources_are_arns_or_named_and_checked() {
        use crate::model::{Resource, ResourceKind};
        let text = r#"{"name": "r", "regions": {"primary": "eu-west-1"}, "components": [
            {"id": "db", "kind": "database", "resources": [
                {"arn": "arn:aws:rds:eu-west-1:123456789012:db:orders"},
                {"service": "dynamodb-table", "id": "Orders"},
                {"service": "ebs-volume", "id": "vol-0123456789abcdef0", "region": "eu-central-1"}
            ]}
        ]}"#;
        let arch =
            load(text.as_bytes(), "r.json", &LoadOptions::default()).expect("the resources load");
        let r = &arch.components[0].resources;
        assert_eq!(r.len(), 3);
        assert_eq!(
            r[0].kind(),
            Some((ResourceKind::RdsInstance, "orders")),
            "{r:?}"
        );
        assert_eq!(
            r[1],
            Resource::named(ResourceKind::DynamodbTable, "Orders", "eu-west-1")
                .expect("a table name")
        );
        assert_eq!(r[2].region(), Some("eu-central-1"));
        // What an importer writes (serde of the checked type) reads back as the same value.
        let written = serde_json::to_string(r).expect("serializes");
        let again = text.replace(
            &text[text
                .find("[\n                {\"arn\"")
                .expect("the list starts")
                ..text.find("]}\n        ]}").expect("the list ends") + 1],
            &written,
        );
        let arch2 = load(again.as_bytes(), "r.json", &LoadOptions::default())
            .expect("written resources load again");
        assert_eq!(&arch2.components[0].resources, r);

        let bad = r#"{"name": "r", "components": [
            {"id": "db", "kind": "database", "resources": [
                {"arn": "arn:aws:rds:eu-west-1:12345:db:orders"},
                {"service": "dynamodb-table", "id": "Orders"},
                {"service": "ebs-volume", "id": "vol-zz", "region": "eu-central-1"},
                {"arn": "arn:aws:s3:::b-1", "service": "s3-bucket", "id": "b-1"},
                {"service": "rds-cluster", "id": "c1", "region": "x"},
                {"id": "c1"},
                {"service": "tape", "id": "t"},
                {"arn": "arn:aws:s3:::b-1", "colour": "red"}
            ]}
        ]}"#;
        let err = load(bad.as_bytes(), "r.json", &LoadOptions::default()).unwrap_err();
        let places: Vec<String> = err.diagnostics.iter().map(|d| d.path.to_string()).collect();
        assert_eq!(
            places,
            ["components[0].resources[6].service"],
            "a type error stops the component: {err}"
        );
        let bad = bad.replace(r#"{"service": "tape", "id": "t"},"#, "");
        let err = load(bad.as_bytes(), "r.json", &LoadOptions::default()).unwrap_err();
        let places: Vec<String> = err.diagnostics.iter().map(|d| d.path.to_string()).collect();
        assert_eq!(
            places,
            [
                "components[0].resources[0].arn",
                "components[0].resources[1]",
                "components[0].resources[2].id",
                "components[0].resources[3]",
                "components[0].resources[4].region",
                "components[0].resources[5]",
                "components[0].resources[6].colour",
            ],
            "{err}"
        );
        assert!(err.to_string().contains("not 12 digits"), "{err}");
    }

    #[test]
    fn a_copy_may_name_its_own_region_instead_of_the_secondary() {
        let text = r#"{"name": "g", "regions": {"primary": "eastus"}, "components": [
            {"id": "db", "kind": "database",
             "backup": {"frequency": "24h", "copy_region": "westus"},
             "replication": {"mode": "async", "region": "westus"}}
        ]}"#;
        let arch = load(text.as_bytes(), "g.json", &LoadOptions::default())
            .expect("a copy that names its region needs no secondary");
        let db = &arch.components[0];
        let b = db.backup.as_ref().expect("a backup");
        assert!(b.cross_region_copy, "copy_region sets cross_region_copy");
        assert_eq!(b.copy_region.as_deref(), Some("westus"));
        assert_eq!(
            db.replication.as_ref().and_then(|r| r.region.as_deref()),
            Some("westus")
        );
        let bad = r#"{"name": "g", "regions": {"primary": "eastus"}, "components": [
            {"id": "a", "kind": "database",
             "backup": {"frequency": "24h", "copy_region": "eastus"}},
            {"id": "b", "kind": "database",
             "backup": {"frequency": "24h", "cross_region_copy": false, "copy_region": "westus"}},
            {"id": "c", "kind": "database", "backup": {"frequency": "24h", "cross_region_copy": true}},
            {"id": "d", "kind": "database", "replication": {"mode": "async"}},
            {"id": "e", "kind": "database", "replication": {"mode": "async", "region": " "}}
        ]}"#;
        let err = load(bad.as_bytes(), "g.json", &LoadOptions::default()).unwrap_err();
        let found: Vec<String> = (err.diagnostics.iter())
            .map(|d| format!("{}: {}", d.path, d.message))
            .collect();
        let expected = [
            ("components[0].backup.copy_region", "is regions.primary"),
            ("components[1].backup.cross_region_copy", "drop one"),
            ("components[2].backup.cross_region_copy", "\"copy_region\""),
            ("components[3].replication", "name where the copy is"),
            ("components[4].replication.region", "cannot be empty"),
        ];
        assert_eq!(found.len(), expected.len(), "{found:#?}");
        for ((path, words), f) in expected.iter().zip(&found) {
            assert!(
                f.starts_with(path) && f.contains(words),
                "{f} ({path}, {words})"
            );
        }
    }
}
