//! A component being made from its resources, in no cloud's words: what a provider fills in
//! from its resource types, and what the middle (pairing, edges, ids, emit) reads.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::Arc;
use std::time::Duration;

use thin_vec::ThinVec;

use super::resource::{Empty, Held, OnDemand, Resource, held};
use crate::input::field::{Field, Why};
use crate::model::{DeployMethod, Kind, Mode, Scope, Strategy};

/// Whether users reach a component directly: what makes an imported component an entry point
/// (docs/import.md), by its type's role rather than by what happens to reference it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Users reach it (DNS, a CDN, an API gateway, an internet-facing load balancer, a public
    /// function URL): an entry point, unless another such component routes users to it.
    Users,
    /// An entry point only when nothing in the sources reaches it (compute, an internal load
    /// balancer).
    IfUnreached,
    /// Never an entry point: reached through what uses it (a store, a queue, a NAT gateway, a
    /// function its event source invokes).
    Never,
}

impl Reach {
    /// A kind's usual reach: DNS is what users reach; what runs code or routes traffic is an
    /// entry point when nothing reaches it; data and messages are reached through their users.
    pub const fn of(kind: Kind) -> Reach {
        match kind {
            Kind::Dns => Reach::Users,
            Kind::Compute | Kind::Network | Kind::External => Reach::IfUnreached,
            Kind::Database | Kind::Storage | Kind::Queue | Kind::Cache => Reach::Never,
        }
    }
}

// What a draft and a record weigh (docs/import.md, README "Performance"): a million of each
// are held at once, so a field added to either is weighed here.
#[cfg(target_pointer_width = "64")]
const _: () = assert!(
    size_of::<Draft>() <= 184 && size_of::<Resource>() <= 112,
    "a draft is at most 184 bytes and a record 112: hold what few have apart (`OnDemand`)"
);

/// A component being made from its resources.
#[derive(Debug)]
pub struct Draft {
    /// The resource it is named after.
    pub root: usize,
    /// Every resource folded into it, the root first.
    pub members: Members,
    pub kind: Kind,
    /// The table's own words for most components; a service read from an attribute (an
    /// engine) is the component's own.
    pub service: std::borrow::Cow<'static, str>,
    pub stateful: Option<bool>,
    pub instances: Option<u32>,
    pub zones: Option<u32>,
    pub scope: Option<Scope>,
    pub managed_failover: Option<bool>,
    /// How copies inside the region are kept.
    pub in_region: Option<Mode>,
    pub data_gb: Option<f64>,
    pub deletion_protection: Option<bool>,
    /// What survives its deletion (a stack's deletion policies, a final snapshot).
    pub on_delete: crate::model::Deletion,
    /// Held apart, and only once it has one (most components have none).
    pub backup: OnDemand<Backup>,
    pub region: Option<Box<str>>,
    /// Its copy in another region, when the sources describe one.
    pub secondary: Option<Box<Secondary>>,
    /// Its copies in other regions take writes too (a global table): nothing to promote.
    pub multi_writer: bool,
    pub strategy: Option<Strategy>,
    /// What it runs when it is compute (to compare with a copy in another region).
    pub capacity: Option<u32>,
    /// Its type's instances of one `count` or `for_each` resource fold into it (EC2
    /// instances): when it has several, its id leaves their key out.
    pub groups_instances: bool,
    /// Subnets it runs in, for its zones.
    pub subnets: ThinVec<usize>,
    /// Whether users reach it (its type's, or what its resources say; why, when they decided,
    /// is its `entry` note, which `entries` keeps or replaces).
    pub reach: Reach,
    /// Whether it is an entry point, as `entries` decided from `reach` and the edges.
    pub entry: Option<bool>,
    /// Edges by target draft.
    pub edges: Edges,
    /// The cloud resource it stands for, as `drplan verify` finds it.
    pub resource: Option<Box<Identity>>,
    /// Why each inferred field is what it is.
    pub why: Reasons,
    /// What few components have, held apart.
    pub rare: OnDemand<Rare>,
}

/// A draft's resources, the root first: the root alone held in place (most drafts have no
/// other).
#[derive(Debug, Clone)]
pub enum Members {
    One([usize; 1]),
    Many(ThinVec<usize>),
}

impl Members {
    pub fn push(&mut self, m: usize) {
        self.extend([m]);
    }
}

impl Extend<usize> for Members {
    fn extend<I: IntoIterator<Item = usize>>(&mut self, more: I) {
        let mut more = more.into_iter().peekable();
        if more.peek().is_none() {
            return;
        }
        if let Members::One([root]) = *self {
            *self = Members::Many(thin_vec::thin_vec![root]);
        }
        if let Members::Many(all) = self {
            all.extend(more);
        }
    }
}

impl std::ops::Deref for Members {
    type Target = [usize];
    fn deref(&self) -> &[usize] {
        match self {
            Members::One(root) => root,
            Members::Many(all) => all,
        }
    }
}

impl<'a> IntoIterator for &'a Members {
    type Item = &'a usize;
    type IntoIter = std::slice::Iter<'a, usize>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// The cloud resource a component stands for ([`Draft::resource`]): its ARN, or its kind,
/// identifier and region.
#[derive(Debug, Clone, PartialEq)]
pub enum Identity {
    Arn(Box<str>),
    Named {
        kind: crate::model::ResourceKind,
        id: Box<str>,
        region: Box<str>,
    },
}

impl Identity {
    /// As the input format writes it.
    pub fn raw(&self) -> crate::input::raw::RawResource {
        let (arn, service, id, region) = match self {
            Identity::Arn(arn) => (Some(arn.to_string()), None, None, None),
            Identity::Named { kind, id, region } => (
                None,
                Some(*kind),
                Some(id.to_string()),
                Some(region.to_string()),
            ),
        };
        crate::input::raw::RawResource {
            arn,
            service,
            id,
            region,
            unknown: crate::input::raw::Unknown::default(),
        }
    }
}

/// What few components have ([`Draft::rare`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Rare {
    /// How new versions roll out, when the service says (why: its `deploy.method` note).
    pub deploy: Option<DeployMethod>,
    /// Continuous replication to another region.
    pub replication: Option<(Mode, Option<Duration>)>,
    /// When the component only exists with a condition that could not be decided offline.
    pub conditional: Option<String>,
    /// Its members that exist only under such a condition.
    pub conditional_members: ThinVec<String>,
}

impl Empty for Rare {
    fn empty() -> &'static Rare {
        static NONE: Rare = Rare {
            deploy: None,
            replication: None,
            conditional: None,
            conditional_members: ThinVec::new(),
        };
        &NONE
    }
}

impl Draft {
    /// An empty list with room for one draft per resource `makes` one of: a list grown by
    /// doubling can hold twice what it needs, for a million drafts.
    pub fn room(resources: &[Resource], makes: impl Fn(&Resource) -> bool) -> Vec<Draft> {
        Vec::with_capacity(resources.iter().filter(|r| makes(r)).count())
    }

    /// A draft of one resource, with nothing known of it yet.
    pub fn new(root: usize, kind: Kind, service: &'static str, region: Option<&str>) -> Draft {
        Draft {
            root,
            members: Members::One([root]),
            kind,
            service: service.into(),
            stateful: None,
            instances: None,
            zones: None,
            scope: None,
            managed_failover: None,
            in_region: None,
            data_gb: None,
            deletion_protection: None,
            on_delete: crate::model::Deletion::default(),
            backup: OnDemand::default(),
            region: region.map(Box::from),
            secondary: None,
            multi_writer: false,
            strategy: None,
            capacity: None,
            groups_instances: false,
            subnets: ThinVec::new(),
            reach: Reach::of(kind),
            entry: None,
            edges: Edges::default(),
            resource: None,
            why: Reasons::default(),
            rare: OnDemand::default(),
        }
    }

    /// Its only recovery points are snapshot resources (`snapshots`, their addresses): one
    /// recovery point each, taken once, not a schedule. Nothing when it has a schedule.
    pub fn one_off(&mut self, snapshots: &[&str]) {
        if snapshots.is_empty() || self.backup.frequency.is_some() || self.backup.pitr {
            return;
        }
        self.backup.one_off = true;
        self.note(
            Field::BackupOneOff,
            format!(
                "{} {}: one recovery point taken once, not a schedule; it restores to the moment it was taken, and the data lost grows with its age, which the infrastructure as code does not hold (drplan verify measures it on AWS)",
                snapshots.join(", "),
                if snapshots.len() == 1 { "is a snapshot of it" } else { "are snapshots of it" }
            ),
        );
        self.why.remove(&Field::Backup);
    }

    /// Says why a field is what it is.
    pub fn note(&mut self, field: Field, why: String) {
        self.why.insert(field, why);
    }

    /// Whether users reach it, as its resources decided, and why (its `entry` note, shared
    /// with its provider's other notes).
    pub fn reached(&mut self, reach: Reach, why: String) {
        self.reach = reach;
        self.note(Field::Entry, why);
    }

    /// Whether a field has a note.
    pub fn has_note(&self, field: &Field) -> bool {
        self.why.find(field).is_ok()
    }

    /// Sets a field's note (or removes it: `None`) once its provider's notes are shared, and
    /// shares its list again through `again`: a list is copied when one of its drafts
    /// changes, and shared again before the next is.
    pub fn note_again(
        &mut self,
        field: Field,
        why: Option<String>,
        resources: &[Resource],
        again: &mut Again,
    ) {
        match why {
            Some(why) => self.why.insert(field, why),
            None => self.why.remove(&field),
        }
        self.share_again(resources, again);
    }

    /// Shares its notes, backups and rare parts again through `again` once they changed after
    /// its provider's were shared (`read_facts`).
    pub fn share_again(&mut self, resources: &[Resource], again: &mut Again) {
        self.why
            .share(&resources[self.root].origin.address, &mut again.0);
        self.backup.hold_once(&mut again.0.backups);
        self.rare.hold_once(&mut again.0.rares);
    }

    /// The note of a field, to be added to (empty when it has none yet).
    pub fn note_mut(&mut self, field: Field, resources: &[Resource]) -> &mut String {
        self.why.entry(field, &resources[self.root].origin.address)
    }

    /// Whether it holds data that can be lost.
    pub fn is_stateful(&self) -> bool {
        self.stateful.unwrap_or(self.kind.stateful_by_default())
    }
}

/// Why each inferred field of a draft is what it is, sorted by field. Most notes read, but for
/// the draft's root's address, as the same field's note does on every other resource of its
/// type (a million database instances: eight notes each, eight texts in all): once its
/// provider has made the draft, such a note is kept shared, as the text around the address (or
/// the whole text, when it names no address), and so is the whole list, with every draft whose
/// notes read the same; a note is written out whole when its component is made (`written`),
/// and a list is copied when one of its drafts' notes changes.
#[derive(Debug, Clone, Default)]
pub struct Reasons(Option<Arc<ThinVec<(Field, Note)>>>);

/// A draft's note.
#[derive(Debug, Clone)]
enum Note {
    /// Its own text.
    Own(String),
    /// A text that does not name the root, shared.
    Shared(Arc<str>),
    /// The text without the root's address, which goes at byte `at`.
    Around { text: Arc<str>, at: u32 },
}

/// Notes and parts written once the providers' drafts are made (`Draft::note_again`,
/// `Draft::share_again`), shared among themselves. A set keeps what it holds until its pass
/// ends, replaced or not: a pass's own texts, lists and parts, a few for each kind of change.
#[derive(Default)]
pub struct Again(Shared);

/// The texts, the lists of notes, the backups and the rare parts drafts share, each held once:
/// one provider's (`read_facts`), or those of a pass after them (`Again`).
#[derive(Default)]
struct Shared {
    texts: Held<str>,
    lists: HashSet<SharedList, foldhash::quality::RandomState>,
    backups: Held<Backup>,
    rares: Held<Rare>,
}

/// A list of shared notes, told apart by its fields and by which texts it shares: two of one
/// provider's notes read the same exactly when they share one text (`Shared::texts`), so a
/// list is hashed without reading its texts.
struct SharedList(Arc<ThinVec<(Field, Note)>>);

impl SharedList {
    /// Its notes' fields, texts (by where they are held: the list holds its texts, so a place
    /// stands for one text while the list lives; two equal texts held in two sets read as
    /// two, which only shares less) and places of the address.
    fn key(&self) -> impl Iterator<Item = (&Field, *const u8, Option<u32>)> {
        self.0.iter().map(|(field, note)| match note {
            Note::Shared(text) => (field, Arc::as_ptr(text) as *const u8, None),
            Note::Around { text, at } => (field, Arc::as_ptr(text) as *const u8, Some(*at)),
            Note::Own(_) => unreachable!("`share` keeps lists of shared notes only"),
        })
    }
}

impl std::hash::Hash for SharedList {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.len().hash(state);
        self.key().for_each(|key| key.hash(state));
    }
}

impl PartialEq for SharedList {
    fn eq(&self, other: &Self) -> bool {
        self.0.len() == other.0.len() && self.key().eq(other.key())
    }
}

impl Eq for SharedList {}

impl Reasons {
    fn notes(&self) -> &[(Field, Note)] {
        self.0.as_deref().map_or(&[], |notes| notes.as_slice())
    }

    /// The list to change: the draft's own from now on.
    fn notes_mut(&mut self) -> &mut ThinVec<(Field, Note)> {
        Arc::make_mut(self.0.get_or_insert_with(Default::default))
    }

    fn find(&self, field: &Field) -> Result<usize, usize> {
        self.notes().binary_search_by(|(f, _)| f.cmp(field))
    }

    /// Sets the note of a field.
    pub fn insert(&mut self, field: Field, why: String) {
        let at = self.find(&field);
        let notes = self.notes_mut();
        match at {
            Ok(i) => notes[i].1 = Note::Own(why),
            Err(i) => {
                // Room for one more, not for four: a draft has a few notes, and an import
                // holds a hundred thousand drafts.
                notes.reserve_exact(1);
                notes.insert(i, (field, Note::Own(why)))
            }
        }
    }

    pub fn remove(&mut self, field: &Field) {
        if let Ok(i) = self.find(field) {
            self.notes_mut().remove(i);
            if self.notes().is_empty() {
                self.0 = None;
            }
        }
    }

    /// The note of a field, to be added to (its own text from now on), empty when it has none
    /// yet; `address` is the draft's root's.
    pub fn entry(&mut self, field: Field, address: &str) -> &mut String {
        let at = self.find(&field);
        let notes = self.notes_mut();
        let i = match at {
            Ok(i) => i,
            Err(i) => {
                notes.reserve_exact(1);
                notes.insert(i, (field, Note::Own(String::new())));
                i
            }
        };
        let note = &mut notes[i].1;
        if !matches!(note, Note::Own(_)) {
            *note = Note::Own(note.text(address));
        }
        match note {
            Note::Own(text) => text,
            Note::Shared(_) | Note::Around { .. } => unreachable!("made its own text above"),
        }
    }

    /// Keeps each note shared through `shared` with every note that reads the same: one that
    /// names `address` (the draft's root's) as the text around it; then the list, with every
    /// list that reads the same.
    fn share(&mut self, address: &str, shared: &mut Shared) {
        let Some(list) = self.0.take() else { return };
        // Held by several drafts: shared already, and unchanged since (a change copies it).
        if Arc::strong_count(&list) > 1 {
            self.0 = Some(list);
            return;
        }
        let mut list = Arc::unwrap_or_clone(list);
        let mut one = |text: &str| held(&mut shared.texts, text, |t| Arc::from(t));
        // A note too long to be told by a `u32` offset keeps its own text, and its list.
        let mut all_shared = true;
        for (_, note) in &mut list {
            let Note::Own(own) = note else { continue };
            let at = own.find(address).filter(|_| !address.is_empty());
            *note = match at.map(|at| (at, u32::try_from(at))) {
                Some((at, Ok(offset))) => Note::Around {
                    text: one(&[&own[..at], &own[at + address.len()..]].concat()),
                    at: offset,
                },
                Some((_, Err(_))) => {
                    all_shared = false;
                    continue;
                }
                None => Note::Shared(one(own)),
            };
        }
        if !all_shared {
            self.0 = Some(Arc::new(list));
            return;
        }
        let list = SharedList(Arc::new(list));
        self.0 = Some(match shared.lists.get(&list) {
            Some(same) => same.0.clone(),
            None => {
                let one = list.0.clone();
                shared.lists.insert(list);
                one
            }
        });
    }

    /// The notes written out, `address` being the draft's root's.
    pub fn written(&self, address: &str) -> Why {
        Why::from_sorted(
            (self.notes().iter())
                .map(|(field, note)| (field.clone(), note.text(address)))
                .collect(),
        )
    }
}

impl Note {
    /// Its text, `address` being the draft's root's.
    fn text(&self, address: &str) -> String {
        match self {
            Note::Own(text) => text.clone(),
            Note::Shared(text) => text.to_string(),
            Note::Around { text, at } => {
                let (before, after) = text.split_at(*at as usize);
                [before, address, after].concat()
            }
        }
    }
}

/// The backups a component gets, from its service and from a backup service.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Backup {
    pub frequency: Option<Duration>,
    pub retention: Option<Duration>,
    pub pitr: bool,
    /// The region its recovery points are copied to (`None`: they stay in the region, or the
    /// copy's region is not known).
    pub copy_region: Option<String>,
    pub immutable: bool,
    pub versioning: Option<bool>,
    /// How long earlier versions are kept (a lifecycle rule that expires them).
    pub version_retention: Option<Duration>,
    /// A single recovery point taken once (a snapshot resource), where no schedule is known.
    pub one_off: bool,
}

impl Empty for Backup {
    fn empty() -> &'static Backup {
        static NONE: Backup = Backup {
            frequency: None,
            retention: None,
            pitr: false,
            copy_region: None,
            immutable: false,
            versioning: None,
            version_retention: None,
            one_off: false,
        };
        &NONE
    }
}

/// A component's copy in another region.
#[derive(Debug, Clone, PartialEq)]
pub struct Secondary {
    pub region: String,
    /// What the copy runs (compute), when known.
    pub capacity: Option<u32>,
    /// Whether the copy is a data replica kept in step (a read replica, a global table).
    pub replica: bool,
}

/// A draft's edges by target draft, as a sorted list (most drafts have none or a few).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Edges(ThinVec<(usize, Edge)>);

impl Edges {
    /// Adds an edge unless one to the same target is there already.
    pub fn add(&mut self, to: usize, edge: Edge) {
        if let Err(i) = self.0.binary_search_by_key(&to, |(t, _)| *t) {
            self.0.insert(i, (to, edge));
        }
    }

    pub fn contains_key(&self, to: &usize) -> bool {
        self.0.binary_search_by_key(to, |(t, _)| *t).is_ok()
    }

    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut Edge> {
        self.0.iter_mut().map(|(_, e)| e)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&usize, &Edge)> {
        self.0.iter().map(|(t, e)| (t, e))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The edges a provider found, by draft: `(to, mode, why, critical)` each, added to the drafts
/// (an edge to itself is dropped; the first edge to a target wins).
pub fn add_edges(drafts: &mut [Draft], found: Found) {
    for (k, edges) in found {
        for (to, mode, why, critical) in edges {
            if to == k {
                continue;
            }
            drafts[k].edges.add(
                to,
                Edge {
                    mode,
                    why,
                    timeout: None,
                    critical,
                },
            );
        }
    }
}

/// The edges a provider found, by draft (only the drafts it found some for): each a target,
/// a mode, why, and whether it is critical.
pub type Found = Vec<(usize, Vec<(usize, Mode, String, bool)>)>;

/// An edge being made.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    pub mode: Mode,
    pub why: String,
    /// How long the caller waits, when its configuration says (a load balancer's idle timeout).
    pub timeout: Option<Duration>,
    /// `false` for what is only needed when something else fails (a failover target).
    pub critical: bool,
}

/// A copy the sources state (a replica, a member of a global datastore, a replicated
/// bucket): draft `of` is copied to draft `copy`.
#[derive(Debug, Clone, PartialEq)]
pub struct Explicit {
    pub of: usize,
    pub copy: usize,
    pub mode: Mode,
    pub lag: Option<Duration>,
    pub why: String,
}

/// What a provider found of its resources: the drafts (`None` where one was folded into
/// another), the copies across regions they state, and what watches or tests components.
#[derive(Debug, Default)]
pub struct Drafted {
    pub drafts: Vec<Option<Draft>>,
    pub explicit: Vec<Explicit>,
    pub credits: Vec<Credit>,
    /// Resources of component types that are plumbing, not components (a topic only alarms
    /// publish to).
    pub plumbing: Vec<usize>,
}

/// An alarm, a health check, a canary or an experiment template the sources hold, credited to
/// the component it watches or tests.
#[derive(Debug, Clone, PartialEq)]
pub struct Credit {
    pub watched: Watched,
    /// `observability.alarms` or `observability.experiments`.
    pub field: Field,
    /// The alarm's or the experiment's kind (`health`, `instance-loss`).
    pub kind: String,
    pub why: String,
}

impl Credit {
    /// The alarms the enabled watchers among `resources` give what they watch: `watcher`
    /// says, of a resource, the alarm kinds it makes, what it is in words and the resources
    /// it watches (each credited once, the reason naming the watcher), or `None` when it is
    /// no watcher.
    pub fn alarms<'a>(
        resources: &'a [Resource],
        watcher: impl Fn(&'a Resource) -> Option<(BTreeSet<&'a str>, String, Vec<usize>)>,
    ) -> Vec<Credit> {
        let mut out = Vec::new();
        for r in resources
            .iter()
            .filter(|r| r.bool("enabled") != Some(false))
        {
            let Some((kinds, what, mut watched)) = watcher(r) else {
                continue;
            };
            watched.sort_unstable();
            watched.dedup();
            let kinds: Vec<String> = kinds.iter().map(|k| k.to_string()).collect();
            let watched: Vec<Watched> = watched.into_iter().map(Watched::Resource).collect();
            let why = format!("{}: {what}", r.origin.address);
            out.extend(Credit::each(
                &watched,
                &Field::ObservabilityAlarms,
                &kinds,
                &why,
            ));
        }
        out
    }

    /// One credit per thing watched and kind, each with the same reason.
    pub fn each(watched: &[Watched], field: &Field, kinds: &[String], why: &str) -> Vec<Credit> {
        let mut out = Vec::with_capacity(watched.len() * kinds.len());
        for w in watched {
            for kind in kinds {
                out.push(Credit {
                    watched: w.clone(),
                    field: field.clone(),
                    kind: kind.clone(),
                    why: why.to_string(),
                });
            }
        }
        out
    }
}

/// What a credit is for: the component a resource belongs to, or a component by its id (a tag
/// `drplan ops` writes).
#[derive(Debug, Clone, PartialEq)]
pub enum Watched {
    Resource(usize),
    Component(String),
}

/// What the readers noted on the way.
#[derive(Debug, Clone, Default)]
pub struct Notes {
    pub parameters_without_value: Vec<String>,
    /// References to what the sources do not hold.
    pub outside: Vec<String>,
    /// Logical ids whose condition could not be decided, by resource index.
    pub conditional: BTreeMap<usize, String>,
    /// Stack names by file, for ids that two sources share.
    pub stacks: BTreeMap<String, String>,
}

/// The draft each resource belongs to (`None` for those that belong to none), of drafts in
/// order (`None` where one was folded into another).
pub fn owners<'a>(drafts: impl Iterator<Item = Option<&'a Draft>>, n: usize) -> Vec<Option<usize>> {
    let mut owner = vec![None; n];
    for (k, d) in drafts.enumerate() {
        for &m in d.iter().flat_map(|d| &d.members) {
            owner[m] = Some(k);
        }
    }
    owner
}

/// Reads each draft's facts (`read`), then keeps the notes that name its root shared (see
/// [`Reasons`]), and its backups and rare parts with every draft's that are the same
/// ([`OnDemand`]): only one draft's notes are ever held whole.
pub fn read_facts(drafts: &mut [Draft], resources: &[Resource], mut read: impl FnMut(&mut Draft)) {
    let mut shared = Shared::default();
    for d in drafts {
        read(d);
        d.why.share(&resources[d.root].origin.address, &mut shared);
        d.backup.hold_once(&mut shared.backups);
        d.rare.hold_once(&mut shared.rares);
    }
}

/// Whether each resource's key (none for `None`) is another's too: found by sorting the
/// places of those with one, a few bytes a resource, where a map of every key would hold a
/// node's share of each. A key is made at each comparison, so it should borrow, not build.
pub fn shared_keys<'a, K: Ord>(
    resources: &'a [Resource],
    key: impl Fn(&'a Resource) -> Option<K>,
) -> Vec<bool> {
    let mut shared = vec![false; resources.len()];
    let mut keyed: Vec<usize> = (0..resources.len())
        .filter(|&i| key(&resources[i]).is_some())
        .collect();
    keyed.sort_by(|&a, &b| key(&resources[a]).cmp(&key(&resources[b])));
    for run in keyed.chunk_by(|&a, &b| key(&resources[a]) == key(&resources[b])) {
        if run.len() > 1 {
            run.iter().for_each(|&i| shared[i] = true);
        }
    }
    shared
}

/// Who links to each resource, and through which attribute: `incoming(resources)[i]`, in the
/// order of the resources that link.
pub fn incoming(resources: &[Resource]) -> Incoming<'_> {
    let links = || {
        (resources.iter().enumerate()).flat_map(|(i, r)| {
            r.links
                .iter()
                .map(move |l| (l.to, (i, l.attribute.as_str())))
        })
    };
    crate::lists::Lists::of(resources.len(), links)
}

/// Who links to each resource ([`incoming`]).
pub type Incoming<'a> = crate::lists::Lists<(usize, &'a str)>;

/// A draft that exists only under a condition drplan could not decide, or counts members
/// that do: said in its notes.
pub fn conditional(d: &mut Draft, resources: &[Resource], notes: &Notes) {
    if let Some(c) = notes.conditional.get(&d.root) {
        d.rare.conditional = Some(c.clone());
    }
    let undecided: Vec<String> = (d.members.iter().skip(1))
        .filter_map(|m| {
            let c = notes.conditional.get(m)?;
            Some(format!("{} (condition {c})", resources[*m].origin.address))
        })
        .collect();
    if !undecided.is_empty() {
        let note = format!(
            "counts {}, which exist only under conditions drplan could not decide offline",
            undecided.join(", ")
        );
        let why = d.note_mut(Field::DeploymentInstances, resources);
        if !why.is_empty() {
            why.push_str("; ");
        }
        why.push_str(&note);
        d.rare.conditional_members = undecided.into();
    }
}

pub use crate::words::plural_s as plural;

/// A number of days a provider read (checked by `numbers`: 0 to 100 years) as a duration.
pub fn days(n: f64) -> Duration {
    crate::duration::from_days(n.max(0.0)).unwrap_or(crate::duration::MAX)
}

/// Distinct values, counted (for the number of zones a set of subnets spans).
pub fn distinct<'a>(values: impl IntoIterator<Item = &'a str>) -> usize {
    values.into_iter().collect::<BTreeSet<_>>().len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Only the resources whose key another has are marked, whatever their order.
    #[test]
    fn keys_shared_are_found_in_any_order() {
        let resources: Vec<Resource> = ["b", "a", "c", "a", "d", "b", "a"]
            .iter()
            .map(|k| Resource::fixture(k, serde_json::json!({})))
            .collect();
        let key = |r: &Resource| (r.ty != "d").then(|| r.ty.to_string());
        assert_eq!(
            shared_keys(&resources, key),
            [true, true, false, true, false, true, true]
        );
        assert!(shared_keys(&resources, |_| None::<u8>).iter().all(|s| !s));
    }
    use proptest::prelude::*;

    fn notes(texts: &[String]) -> Reasons {
        let mut why = Reasons::default();
        for (field, text) in Field::ALL.iter().zip(texts) {
            why.insert(field.clone(), text.clone());
        }
        why
    }

    proptest! {
        /// A note kept shared is written out as it was made, wherever the address is in it
        /// (and however often), whatever the characters.
        #[test]
        fn shared_notes_read_as_made(
            address in "\\PC{0,12}",
            texts in proptest::collection::vec("\\PC{0,8}(ADDR\\PC{0,8}){0,2}", 0..8),
        ) {
            let texts: Vec<String> = texts.iter().map(|t| t.replace("ADDR", &address)).collect();
            let made = notes(&texts).written(&address);
            let mut why = notes(&texts);
            let mut shared = Shared::default();
            why.share(&address, &mut shared);
            prop_assert_eq!(why.written(&address), made);
        }
    }

    /// A part held apart reads, until written to, as its type's default.
    #[test]
    fn empty_parts_are_their_defaults() {
        assert_eq!(*Backup::empty(), Backup::default());
        assert_eq!(*Rare::empty(), Rare::default());
    }

    /// Parts that are the same are held once; a write to one of them is its own.
    #[test]
    fn parts_the_same_are_held_once_until_one_is_written() {
        let daily = |pitr| {
            OnDemand(Some(Arc::new(Backup {
                frequency: Some(Duration::from_secs(86_400)),
                pitr,
                ..Backup::default()
            })))
        };
        let (mut a, mut b, mut c) = (daily(true), daily(true), daily(false));
        let mut held = Held::default();
        for part in [&mut a, &mut b, &mut c] {
            part.hold_once(&mut held);
        }
        let at = |p: &OnDemand<Backup>| p.0.as_ref().map(Arc::as_ptr);
        assert_eq!(at(&a), at(&b));
        assert_ne!(at(&a), at(&c));
        assert_eq!(held.len(), 2);
        b.immutable = true;
        assert!(b.immutable && !a.immutable, "b's write is b's alone");
        assert_ne!(at(&a), at(&b));
    }

    #[test]
    fn drafts_of_one_type_share_their_notes_text() {
        let mut shared = Shared::default();
        let mut drafts: Vec<Reasons> = ["db.a", "db.b"]
            .iter()
            .map(|a| {
                let mut why = notes(&[format!("{a} does not set it: the default")]);
                why.share(a, &mut shared);
                why
            })
            .collect();
        assert_eq!(shared.texts.len(), 1, "one text for both");
        assert_eq!(shared.lists.len(), 1, "one list for both");
        let list = |why: &Reasons| why.0.as_ref().map(Arc::as_ptr);
        assert_eq!(list(&drafts[0]), list(&drafts[1]), "one list held");
        // A draft whose note reads otherwise keeps a list of its own.
        let mut other = notes(&["db.c is set: 7".to_string()]);
        other.share("db.c", &mut shared);
        assert_eq!(shared.lists.len(), 2);
        assert_ne!(list(&other), list(&drafts[0]));
        // Added to after it is shared: its own text from then on, the address in place.
        drafts[1]
            .entry(Field::ALL[0].clone(), "db.b")
            .push_str("; more");
        let b = drafts.pop().expect("two").written("db.b");
        assert_eq!(
            b.get(&Field::ALL[0]).map(String::as_str),
            Some("db.b does not set it: the default; more")
        );
        let a = drafts.pop().expect("one").written("db.a");
        assert_eq!(
            a.get(&Field::ALL[0]).map(String::as_str),
            Some("db.a does not set it: the default")
        );
    }
}
