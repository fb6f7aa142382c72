//! A path to a field of a component, as the notes of an import name it (`x-why`). Only fields
//! the input format has can be named: each path is a variant, and a test holds every one
//! against the JSON Schema the format's own types generate.

use std::cmp::Ordering;
use std::fmt;

use serde::{Serialize, Serializer};

macro_rules! fields {
    ($($variant:ident = $path:literal),+ $(,)?) => {
        /// A component's field, by its path in the architecture format.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum Field {
            $($variant,)+
            /// One of its edges: `depends_on.<component id>`.
            DependsOn(String),
        }

        impl Field {
            /// Every field path but the edges'.
            pub const ALL: &'static [Field] = &[$(Field::$variant),+];

            fn fixed(&self) -> Option<&'static str> {
                match self {
                    $(Field::$variant => Some($path),)+
                    Field::DependsOn(_) => None,
                }
            }
        }
    };
}

fields! {
    Stateful = "stateful",
    Entry = "entry",
    DataGb = "data_gb",
    Scope = "scope",
    Deployment = "deployment",
    DeploymentInstances = "deployment.instances",
    DeploymentZones = "deployment.zones",
    DeploymentRegionStrategy = "deployment.region_strategy",
    DeploymentManagedFailover = "deployment.managed_failover",
    Backup = "backup",
    BackupFrequency = "backup.frequency",
    BackupRetention = "backup.retention",
    BackupPitr = "backup.pitr",
    BackupCrossRegionCopy = "backup.cross_region_copy",
    BackupImmutable = "backup.immutable",
    BackupVersioning = "backup.versioning",
    BackupOneOff = "backup.one_off",
    BackupVersionRetention = "backup.version_retention",
    ReplicationMode = "replication.mode",
    DeployMethod = "deploy.method",
    DeletionProtection = "deletion_protection",
    OnDeleteDestroy = "on_delete.destroy",
    OnDeleteReplace = "on_delete.replace",
    ObservabilityAlarms = "observability.alarms",
    ObservabilityExperiments = "observability.experiments",
    ImportedFrom = "imported_from",
    Resources = "resources",
}

/// Why each inferred field is what it is: a few notes a component, kept as a sorted list (a
/// map's node is several hundred bytes however few notes it holds, and an import holds one
/// set a component).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Why(Vec<(Field, String)>);

impl Why {
    fn find(&self, field: &Field) -> Result<usize, usize> {
        self.0.binary_search_by(|(f, _)| f.cmp(field))
    }

    /// Sets the note of a field.
    pub fn insert(&mut self, field: Field, why: String) {
        match self.find(&field) {
            Ok(i) => self.0[i].1 = why,
            Err(i) => {
                // Room for one more, not for four: a component has a few notes, and an
                // import holds a hundred thousand components.
                self.0.reserve_exact(1);
                self.0.insert(i, (field, why))
            }
        }
    }

    pub fn remove(&mut self, field: &Field) -> Option<String> {
        self.find(field).ok().map(|i| self.0.remove(i).1)
    }

    pub fn get(&self, field: &Field) -> Option<&String> {
        self.find(field).ok().map(|i| &self.0[i].1)
    }

    pub fn get_mut(&mut self, field: &Field) -> Option<&mut String> {
        self.find(field).ok().map(|i| &mut self.0[i].1)
    }

    /// The note of a field, empty when it has none yet.
    pub fn entry(&mut self, field: Field) -> &mut String {
        let i = match self.find(&field) {
            Ok(i) => i,
            Err(i) => {
                self.0.reserve_exact(1);
                self.0.insert(i, (field, String::new()));
                i
            }
        };
        &mut self.0[i].1
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Notes already sorted by field, each field once.
    pub fn from_sorted(notes: Vec<(Field, String)>) -> Why {
        debug_assert!(notes.windows(2).all(|w| w[0].0 < w[1].0));
        Why(notes)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Field, &String)> {
        self.0.iter().map(|(f, w)| (f, w))
    }
}

impl Serialize for Why {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(f, w)| (f, w)))
    }
}

/// The schema of `x-why`: a note per field path, keyed only by paths the format has.
pub fn why_schema() -> serde_json::Value {
    let paths: Vec<String> = Field::ALL.iter().map(Field::to_string).collect();
    serde_json::json!({
        "type": "object",
        "description": "Why each inferred field is what it is, by the field's path (written by drplan import).",
        "propertyNames": {
            "anyOf": [
                { "enum": paths },
                { "pattern": "^depends_on\\.[a-z0-9][a-z0-9._-]*$" }
            ]
        },
        "additionalProperties": { "type": "string" }
    })
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.fixed(), self) {
            (Some(path), _) => f.write_str(path),
            (None, Field::DependsOn(id)) => write!(f, "depends_on.{id}"),
            (None, _) => Ok(()),
        }
    }
}

impl Field {
    /// The path's first key and the rest (`deployment.zones` → `deployment`, `zones`).
    pub fn split(&self) -> (&str, Option<String>) {
        match (self.fixed(), self) {
            (_, Field::DependsOn(id)) => ("depends_on", Some(id.clone())),
            (Some(path), _) => match path.split_once('.') {
                Some((head, tail)) => (head, Some(tail.to_string())),
                None => (path, None),
            },
            (None, _) => ("", None),
        }
    }
}

/// Fields are ordered as their paths are, as text.
impl Ord for Field {
    /// As the paths compare, without writing them out (an import compares fields millions
    /// of times).
    fn cmp(&self, other: &Self) -> Ordering {
        fn path(f: &Field) -> (&'static str, &str) {
            match (f.fixed(), f) {
                (Some(path), _) => (path, ""),
                (None, Field::DependsOn(id)) => ("depends_on.", id.as_str()),
                (None, _) => ("", ""),
            }
        }
        match ((path(self)), path(other)) {
            ((a, ""), (b, "")) => a.cmp(b),
            ((a, a_rest), (b, b_rest)) => {
                (a.bytes().chain(a_rest.bytes())).cmp(b.bytes().chain(b_rest.bytes()))
            }
        }
    }
}

impl PartialOrd for Field {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Serialize for Field {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    /// Fields order as their paths do as text, edges among them.
    #[test]
    fn fields_order_as_their_paths() {
        let mut all: Vec<Field> = Field::ALL.to_vec();
        all.extend(["a", "web", "deployment", "zz"].map(|id| Field::DependsOn(id.into())));
        for a in &all {
            for b in &all {
                assert_eq!(a.cmp(b), a.to_string().cmp(&b.to_string()), "{a} vs {b}");
            }
        }
    }

    use super::Field;

    /// The schema of a property path under a definition, through `$ref`s and `anyOf`s.
    fn resolve<'a>(root: &'a Value, mut node: &'a Value, path: &[&str]) -> Option<&'a Value> {
        for key in path {
            node = deref(root, node)?;
            node = node.get("properties")?.get(*key)?;
        }
        Some(node)
    }

    fn deref<'a>(root: &'a Value, node: &'a Value) -> Option<&'a Value> {
        if let Some(r) = node.get("$ref").and_then(Value::as_str) {
            let name = r.rsplit('/').next()?;
            return deref(root, root.get("$defs")?.get(name)?);
        }
        if let Some(options) = node.get("anyOf").and_then(Value::as_array) {
            return options
                .iter()
                .filter_map(|o| deref(root, o))
                .find(|o| o.get("properties").is_some());
        }
        Some(node)
    }

    #[test]
    fn every_field_path_names_a_field_of_the_schema() {
        let schema = serde_json::to_value(crate::input::schema()).expect("a schema");
        let component = &schema["$defs"]["RawComponent"];
        assert!(component.is_object(), "the component's definition");
        let mut paths: Vec<String> = Field::ALL.iter().map(Field::to_string).collect();
        paths.push(Field::DependsOn("orders-db".into()).to_string());
        for path in paths {
            let parts: Vec<&str> = path.split('.').collect();
            // An edge's path names the component it leads to, an item of `depends_on`.
            let parts = if parts[0] == "depends_on" {
                &parts[..1]
            } else {
                &parts[..]
            };
            assert!(
                resolve(&schema, component, parts).is_some(),
                "x-why names {path}, which the schema does not have"
            );
        }
        let why = &component["properties"]["x-why"]["propertyNames"]["anyOf"];
        assert!(why.is_array(), "x-why's keys are constrained");
    }

    #[test]
    fn paths_order_as_text() {
        let mut fields = [
            Field::DeploymentZones,
            Field::DependsOn("b".into()),
            Field::Backup,
            Field::DependsOn("a".into()),
        ];
        fields.sort();
        let text: Vec<String> = fields.iter().map(Field::to_string).collect();
        assert_eq!(
            text,
            ["backup", "depends_on.a", "depends_on.b", "deployment.zones"]
        );
    }
}
