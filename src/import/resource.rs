//! The resource records the readers produce, in no cloud's words: an address, a type, the
//! attributes a provider asked for, references and where it is written. A provider reads its
//! types' meaning from them; a CloudFormation resource is translated by the AWS provider into
//! the Terraform type and attribute names it corresponds to, so that what a resource means for
//! recovery is read in one place, whichever tool described it.

use std::borrow::Cow;
use std::sync::Arc;

use thin_vec::ThinVec;

pub use super::small::Small;
pub use super::value::Value;

/// A provider's handle on a type it reads: which provider, and its own index of the type.
/// Opaque to the readers and the middle, which only carry it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Handle {
    pub provider: u8,
    pub row: u16,
}

/// Values each held once (`held`, `OnDemand::hold_once`), hashed fast: a value is hashed each
/// time a draft's part is held again (seeded for each run, so that no file can choose its
/// collisions; the order of the set is never read).
pub type Held<T> = std::collections::HashSet<Arc<T>, foldhash::quality::RandomState>;

/// The value `set` holds equal to `value`, or one made of it (`make`), held from now on: one
/// allocation for every equal value (a note's text, a region).
pub fn held<T: ?Sized + std::hash::Hash + Eq>(
    set: &mut Held<T>,
    value: &T,
    make: impl FnOnce(&T) -> Arc<T>,
) -> Arc<T> {
    if let Some(one) = set.get(value) {
        return one.clone();
    }
    let one = make(value);
    set.insert(one.clone());
    one
}

/// A part of a record or a draft most leave empty, held apart and made only when it is
/// written to (each is in memory for each of a million resources): it reads as `T`'s empty
/// value until then. A part may be held once for every one that is the same (`hold_once`);
/// it is copied when one of them writes to it.
#[derive(Clone, Default)]
pub struct OnDemand<T>(pub(super) Option<Arc<T>>);

impl<T: std::hash::Hash + Eq> OnDemand<T> {
    /// Holds the part once, through `set`, with every other the same.
    /// A part several hold already is left as it is (a write would have copied it).
    pub fn hold_once(&mut self, set: &mut Held<T>) {
        if self
            .0
            .as_ref()
            .is_some_and(|mine| Arc::strong_count(mine) > 1)
        {
            return;
        }
        if let Some(mine) = self.0.take() {
            self.0 = Some(held(set, &mine, |_| Arc::clone(&mine)));
        }
    }
}

/// A type's empty value, held once for all.
pub trait Empty: Default + PartialEq + 'static {
    fn empty() -> &'static Self;

    /// Held apart when there is anything in it.
    fn on_demand(self) -> OnDemand<Self> {
        OnDemand((self != *Self::empty()).then(|| Arc::new(self)))
    }
}

impl<T: Empty> std::ops::Deref for OnDemand<T> {
    type Target = T;
    fn deref(&self) -> &T {
        self.0.as_deref().unwrap_or(T::empty())
    }
}

impl<T: Empty + Clone> std::ops::DerefMut for OnDemand<T> {
    fn deref_mut(&mut self) -> &mut T {
        Arc::make_mut(self.0.get_or_insert_with(Default::default))
    }
}

impl Empty for Small<String> {
    fn empty() -> &'static Small<String> {
        static NONE: Small<String> = Small::new();
        &NONE
    }
}

impl<T: Empty> PartialEq for OnDemand<T> {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl<T: Empty + std::fmt::Debug> std::fmt::Debug for OnDemand<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::ops::Deref::deref(self).fmt(f)
    }
}

/// Where a resource's region was read from.
pub type Region = (String, Cow<'static, str>);

/// Where a resource is written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Origin {
    /// The file, as the architecture's `sources` (or the command line) named it: one text
    /// for all of its resources.
    pub file: std::sync::Arc<str>,
    /// The Terraform address (`module.db["eu"].cloud_database.this`) or the CloudFormation
    /// logical id.
    pub address: Box<str>,
    /// Where the resource starts in the file (1-based).
    pub line: Option<u32>,
}

/// A reference from one resource to another: an attribute of `from` that names `to` (by
/// expression in a plan or a template, or by value in a state).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Link {
    /// The attribute of the referring resource, top level (`replicate_source_db`,
    /// `user_data`, `environment`).
    pub attribute: String,
    /// The resource referred to (an index into the list of resources).
    pub to: usize,
}

/// One resource of a source, as the mapping to components reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    pub origin: Origin,
    /// The Terraform resource type (`cloud_database`); for a CloudFormation resource, the
    /// type it corresponds to, or its own type when none does (`AWS::Foo::Bar`).
    /// The name the provider's table holds (nothing allocated) when a provider reads it.
    pub ty: Cow<'static, str>,
    /// The provider's handle on its type, when a provider reads it.
    pub handle: Option<Handle>,
    /// The region it is in, and why drplan thinks so: held once for all the resources it is
    /// the same for.
    pub region: Option<Arc<Region>>,
    /// Its attributes in Terraform's shapes (nested blocks as lists of objects); unknown
    /// values are absent. Sensitive values are never kept.
    pub values: Attributes,
    /// Its references to other resources.
    pub links: ThinVec<Link>,
    /// Its tags (`tags` / `Tags`): a Terraform source's records with the same hold one copy
    /// (Terraform repeats a provider's default tags on every resource, in `tags_all`).
    pub tags: OnDemand<Small<String>>,
    /// What few resources have, held apart.
    pub more: OnDemand<More>,
}

/// What few resources have ([`Resource::more`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct More {
    /// The type as the source wrote it, for the summary, when it is not `ty`.
    pub source_type: Option<Box<str>>,
    /// Its configuration address without instance keys, for grouping the instances of one
    /// `count` or `for_each` (Terraform), when it is not the address itself.
    pub group: Option<Box<str>>,
    /// Creation order only (`depends_on`, `DependsOn`).
    pub depends_on: ThinVec<usize>,
    /// Top-level attributes whose value cannot be known offline, with why (a parameter
    /// without a value, an import from another stack).
    pub unknown: Small<String>,
}

impl Empty for More {
    fn empty() -> &'static More {
        static NONE: More = More {
            source_type: None,
            group: None,
            depends_on: ThinVec::new(),
            unknown: Small::new(),
        };
        &NONE
    }
}

/// Object entries whose value is an empty string, at any depth, dropped.
fn drop_blanks(v: &mut Value) {
    match v {
        Value::Object(map) => {
            map.retain(|_, x| x.as_str() != Some(""));
            map.values_mut().for_each(drop_blanks);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_blanks),
        _ => {}
    }
}

/// An attribute's name: the provider's own `&'static str` where it asked for the attribute
/// (nothing allocated for a name a hundred thousand resources share), owned otherwise.
pub type Key = Cow<'static, str>;

/// A resource's attributes, by name.
pub type Attributes = Small<Value, Key>;

impl From<serde_json::Value> for Attributes {
    /// An object's entries; anything else has none.
    fn from(v: serde_json::Value) -> Self {
        match v {
            serde_json::Value::Object(map) => (map.into_iter())
                .map(|(k, v)| (Cow::Owned(k), Value::from(v)))
                .collect(),
            _ => Small::default(),
        }
    }
}

impl Resource {
    /// The type as the source wrote it.
    pub fn source_type(&self) -> &str {
        self.more.source_type.as_deref().unwrap_or(&self.ty)
    }

    /// What the instances of one `count` or `for_each` resource share.
    pub fn group(&self) -> &str {
        self.more.group.as_deref().unwrap_or(&self.origin.address)
    }

    /// The attribute at a dotted path; a list along the way is entered at its first element
    /// (Terraform writes a single nested block as a list of one object).
    pub fn get(&self, path: &str) -> Option<&Value> {
        let mut keys = path.split('.');
        let mut v = self.values.get(keys.next()?)?;
        if v.is_null() {
            return None;
        }
        for key in keys {
            v = match v {
                Value::Array(items) => items.first()?.get(key)?,
                other => other.get(key)?,
            };
            if v.is_null() {
                return None;
            }
        }
        match v {
            Value::Array(items) if items.len() == 1 && items[0].is_object() => items.first(),
            other => Some(other),
        }
    }

    pub fn str(&self, path: &str) -> Option<&str> {
        self.get(path).and_then(Value::as_str)
    }

    /// A boolean, written as a JSON boolean or as a string (CloudFormation's `"true"`).
    pub fn bool(&self, path: &str) -> Option<bool> {
        match self.get(path)? {
            Value::Bool(b) => Some(*b),
            Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
            Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        }
    }

    /// A number, written as a JSON number or a numeric string.
    pub fn num(&self, path: &str) -> Option<f64> {
        match self.get(path)? {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        }
    }

    /// The elements of a list attribute (nothing when absent or not a list).
    pub fn list(&self, path: &str) -> &[Value] {
        let mut keys = path.split('.');
        let Some(mut v) = keys.next().and_then(|k| self.values.get(k)) else {
            return &[];
        };
        for key in keys {
            v = match v {
                Value::Array(items) => match items.first().and_then(|i| i.get(key)) {
                    Some(x) => x,
                    None => return &[],
                },
                other => match other.get(key) {
                    Some(x) => x,
                    None => return &[],
                },
            };
        }
        v.as_array().unwrap_or(&[])
    }

    /// The resources this one refers to through `attribute`.
    /// Reads an empty string as no value, at any depth: the google and azurerm providers
    /// write an optional string left unset as `""` (a Cloud SQL backup `location`, a virtual
    /// machine's `availability_set_id`).
    pub fn drop_blank_strings(&mut self) {
        self.values.retain(|_, v| {
            drop_blanks(v);
            v.as_str() != Some("")
        });
    }

    pub fn links_at<'a>(&'a self, attribute: &'a str) -> impl Iterator<Item = usize> + 'a {
        self.links
            .iter()
            .filter(move |l| l.attribute == attribute)
            .map(|l| l.to)
    }

    pub fn region(&self) -> Option<&str> {
        self.region.as_deref().map(|(r, _)| r.as_str())
    }

    /// Frees its attributes, references and tags once the components' facts, edges and
    /// names are read: what is kept says where it is written and what it is.
    pub fn forget_attributes(&mut self) {
        // Its source type stays: ids and the summary read it.
        let source_type = self.more.source_type.clone();
        self.more = More {
            source_type,
            ..More::default()
        }
        .on_demand();
        self.values = Small::default();
        self.links = ThinVec::new();
        self.tags = OnDemand::default();
    }
}

#[cfg(test)]
impl Resource {
    /// A resource of a type with attributes, for tests.
    pub fn fixture(ty: &str, values: serde_json::Value) -> Resource {
        Resource {
            origin: Origin {
                file: "f".into(),
                address: ty.into(),
                line: None,
            },
            ty: ty.to_string().into(),
            handle: None,
            region: None,
            values: values.into(),
            links: ThinVec::new(),
            tags: OnDemand::default(),
            more: OnDemand::default(),
        }
    }
}

/// A nested block: Terraform writes one as a list of one object, CloudFormation as the object.
pub fn block(v: Option<&Value>) -> Option<&Value> {
    match v? {
        Value::Array(items) => items.first(),
        other => Some(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_enter_single_blocks() {
        let r = Resource::fixture(
            "cloud_table",
            serde_json::json!({
                "point_in_time_recovery": [{"enabled": true}],
                "replica": [{"region_name": "us-west-2"}, {"region_name": "eu-west-1"}],
                "n": "3"
            }),
        );
        assert_eq!(r.bool("point_in_time_recovery.enabled"), Some(true));
        assert_eq!(r.list("replica").len(), 2);
        assert_eq!(r.num("n"), Some(3.0));
        assert_eq!(r.str("replica.region_name"), Some("us-west-2"));
    }
}
