//! Importing infrastructure as code (docs/import.md): Terraform's `terraform show -json`
//! output and CloudFormation templates become components in the architecture format, each
//! with the resources it came from (`imported_from`) and why each inferred fact is what it is
//! (`x-why`).
//!
//! Three layers, each ignorant of the next:
//! - readers (`terraform`, `cloudformation`) turn text into neutral resource records
//!   (`resource`), keeping what the providers ask for (`provider`);
//! - providers (`aws/`, `gcp/`, one folder a cloud, listed in `registry`) turn their resources into
//!   component drafts (`draft`): facts, zones, backups, the copies they state;
//! - the middle, which names no type: references by value (`links`), pairs across regions and
//!   region strategies (`pairing`), creation-order edges (`edges`), ids (`ids`), the
//!   components in the format's own types (`emit`) and the summary (`summary`).
//!
//! An importer is a translator, not a second model: what it makes is checked by `input`, as a
//! file written by hand would be.

mod aws;
mod azure;
pub mod cloudformation;
mod draft;
mod edges;
mod emit;
mod entries;
mod error;
mod gcp;
mod ids;
mod links;
mod numbers;
mod pairing;
mod provider;
mod registry;
mod resource;
mod secrets;
mod small;
mod summary;
mod table;
pub mod terraform;
mod value;

use crate::input::compose::{Source, SourceKind};
use crate::lists::Texts;
use draft::{Credit, Draft, Notes, Watched, owners};
use provider::{Providers, Role};
use registry::PROVIDERS;
use resource::Resource;

pub use emit::Made;
pub use error::Error;
pub use summary::Summary;

/// A source's text, with what the architecture says of it.
pub struct File {
    pub source: Source,
    /// The path as the architecture (or the command line) wrote it.
    pub display: String,
    pub body: Body,
}

/// A source's content.
pub enum Body {
    /// Its whole text.
    Text(String),
    /// `terraform show -json` output (see [`streams`]), opened when the import comes to it (an
    /// architecture may name many sources: none is held open before its turn) and read once
    /// as it comes, never held whole: such a file can be hundreds of megabytes.
    Stream(Opener),
}

/// Opens a source's stream when it is read.
pub type Opener = Box<dyn FnOnce() -> std::io::Result<Box<dyn std::io::Read>>>;

impl Body {
    /// A reader of it, opened now; a text is its own reader, and freed with it.
    fn into_reader(self, file: &str) -> Result<Box<dyn std::io::Read>, Error> {
        match self {
            Body::Text(text) => Ok(Box::new(std::io::Cursor::new(text.into_bytes()))),
            Body::Stream(open) => open().map_err(|e| cannot_read(file, &e)),
        }
    }

    /// The whole text, read to its end when it is a stream.
    fn into_text(self, file: &str) -> Result<String, Error> {
        if let Body::Text(text) = self {
            return Ok(text);
        }
        let mut bytes = Vec::new();
        (self.into_reader(file)?)
            .read_to_end(&mut bytes)
            .map_err(|e| cannot_read(file, &e))?;
        String::from_utf8(bytes).map_err(|_| Error::at(file, None, "not UTF-8 text".into()))
    }
}

/// A source whose bytes could not be had, and why.
fn cannot_read(file: &str, e: &std::io::Error) -> Error {
    Error::at(file, None, format!("cannot read it: {e}"))
}

/// Whether a file that starts with `prefix` is `terraform show -json` output as Terraform
/// writes it (its first key `format_version`), which the import reads as a stream.
pub fn streams(prefix: &[u8]) -> bool {
    terraform::starts(prefix)
}

/// What applies to every source.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The region to assume where a source does not say (`--region`).
    pub region: Option<String>,
    /// The instant schedules are read from (`--now`): a cron's worst interval is over the
    /// twelve months after it. None: the current time.
    pub now: Option<jiff::Timestamp>,
}

/// The components of the sources, and what the import saw.
pub struct Import {
    pub components: Made,
    pub summary: Summary,
}

/// Which format a file is in, told by its content: `terraform show -json` output or a
/// CloudFormation template.
pub fn detect(text: &str) -> Option<SourceKind> {
    if terraform::looks_like(text) {
        Some(SourceKind::Terraform)
    } else if cloudformation::looks_like_template(text) {
        Some(SourceKind::CloudFormation)
    } else {
        None
    }
}

/// The format of a file named on the command line, or why it is neither: its JSON or YAML
/// syntax error, with the place.
pub fn detect_or_explain(text: &str, file: &str) -> Result<SourceKind, Error> {
    if let Some(kind) = detect(text) {
        return Ok(kind);
    }
    let neither = |what: &str| {
        Error::at(
            file,
            None,
            format!(
                "{what}, but neither `terraform show -json` output (which has a format_version) nor a CloudFormation template (which has Resources)"
            ),
        )
    };
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with(['{', '[']) {
        match serde_json::from_str::<serde::de::IgnoredAny>(trimmed) {
            Ok(_) if terraform::is_raw_state(trimmed) => {
                return Err(Error::at(file, None, terraform::RAW_STATE.into()));
            }
            Ok(_) => return Err(neither("valid JSON")),
            // An INI file starts with `[section]`: not JSON, and not worth a JSON error.
            Err(e) if trimmed.starts_with('{') => return Err(Error::json(file, &e)),
            Err(_) => {}
        }
    }
    match cloudformation::read(text, file, &cloudformation::Options::default()) {
        Err(e) if e.kind == cloudformation::ErrorKind::NotYaml => Err(Error {
            file: file.to_string(),
            line: e.line,
            column: e.column,
            message: format!(
                "neither JSON nor YAML, so neither `terraform show -json` output nor a CloudFormation template ({})",
                e.message
            ),
        }),
        _ => Err(neither("YAML")),
    }
}

/// Imports every source together: a resource of one can be the replica, the standby or the
/// dependency of a resource of another. Each file's text is dropped once it is read.
pub fn import(files: Vec<File>, options: &Options) -> Result<Import, Error> {
    let clock = crate::timings::Timings::start();
    let providers = PROVIDERS;
    let (mut resources, notes) = read(files, options, providers)?;
    clock.lap("import: read the sources");
    links::by_value(&mut resources, providers);
    for p in providers.iter() {
        p.inherit_regions(&mut resources);
    }
    clock.lap("import: references by value");
    let mut clamped = Vec::new();
    for p in providers.iter() {
        clamped.extend(p.check(&mut resources)?);
    }
    let now = options.now.unwrap_or_else(jiff::Timestamp::now);
    let (components, mut summary) = map(resources, notes, providers, now);
    summary.clamped = clamped;
    clock.lap("import: components");
    Ok(Import {
        components,
        summary,
    })
}

/// Every source's resources, in one list (each file's links shifted to their place in it).
fn read(
    files: Vec<File>,
    options: &Options,
    providers: Providers,
) -> Result<(Vec<Resource>, Notes), Error> {
    let mut resources = Vec::new();
    let mut notes = Notes::default();
    let mut imports = Vec::new();
    let mut exports = std::collections::BTreeMap::new();
    for File {
        source,
        display,
        body,
    } in files
    {
        let region = source.region.as_deref().or(options.region.as_deref());
        let mut read: Vec<Resource> = match source.kind {
            SourceKind::Terraform => {
                let input = body.into_reader(&display)?;
                let read = terraform::read(input, &display, region, providers)?;
                notes.outside.extend(read.outside);
                read.resources
            }
            SourceKind::CloudFormation => {
                let cfn_options = cloudformation::Options {
                    region: region.map(str::to_string),
                    parameters: source.parameters.clone(),
                    stack_name: source.name.clone(),
                    limits: cloudformation::Limits::default(),
                };
                let text = body.into_text(&display)?;
                let template =
                    cloudformation::read(&text, &display, &cfn_options).map_err(|e| Error {
                        file: display.clone(),
                        line: e.line,
                        column: e.column,
                        message: e.message.clone(),
                    })?;
                notes.parameters_without_value.extend(
                    (template.parameters_without_value.iter()).map(|p| format!("{}: {p}", display)),
                );
                notes.outside.extend(
                    (template.imports.iter()).map(|i| format!("{}: Fn::ImportValue {i}", display)),
                );
                if let Some(stack) = &source.name {
                    notes.stacks.insert(display.clone(), stack.clone());
                }
                // CloudFormation is AWS's: its types are translated by the AWS provider.
                let translated = aws::cfn::resources(&template, &display, AWS);
                let base = resources.len();
                notes.conditional.extend(
                    translated
                        .conditional
                        .into_iter()
                        .map(|(i, c)| (base + i, c)),
                );
                imports.extend(
                    translated
                        .imports
                        .into_iter()
                        .map(|(i, a, n)| (base + i, a, n)),
                );
                // Exports are regional: a name is the region's.
                for (name, i) in translated.exports {
                    exports.insert((name, region.map(str::to_string)), base + i);
                }
                translated.resources
            }
        };
        // Each file's links are its own until the mapping pairs resources across files.
        let base = resources.len();
        for r in &mut read {
            for l in &mut r.links {
                l.to += base;
            }
            // Written to (and so held apart) only when there is something to shift.
            if !r.more.depends_on.is_empty() {
                r.more.depends_on.iter_mut().for_each(|d| *d += base);
            }
        }
        if resources.is_empty() {
            // Taken, not moved into a second buffer: a million records are never held twice.
            resources = read;
        } else {
            resources.extend(read);
        }
    }
    aws::cfn::link_imports(AWS, &mut resources, imports, &exports);
    Ok((resources, notes))
}

/// Reads a `terraform show -json` text into resource records and counts them: the part of an
/// import that sees every byte of the file, for measuring it alone.
pub fn read_terraform(text: &str, file: &str) -> Result<usize, Error> {
    Ok(
        terraform::read(Box::new(text.as_bytes()), file, None, PROVIDERS)?
            .resources
            .len(),
    )
}

/// The AWS provider's number in the registry.
const AWS: u8 = 0;

/// Makes the components of a set of resources.
fn map(
    mut all: Vec<Resource>,
    notes: Notes,
    providers: Providers,
    now: jiff::Timestamp,
) -> (emit::Made, Summary) {
    let resources = &mut all[..];
    let mut summary = Summary {
        parameters_without_value: notes.parameters_without_value.clone(),
        outside: notes.outside.clone(),
        ..Summary::default()
    };
    for r in &*resources {
        let bucket = match providers.role(&r.ty) {
            Role::Component(..) => None,
            Role::Member | Role::Informs => Some(&mut summary.informing),
            Role::NotModelled => Some(&mut summary.not_modelled),
            Role::Unknown => Some(&mut summary.unknown),
        };
        if let Some(b) = bucket {
            *b.entry(r.source_type().to_string()).or_default() += 1;
        }
    }
    let clock = crate::timings::Timings::start();
    let mut drafts: Vec<Option<Draft>> = Vec::new();
    let mut explicit = Vec::new();
    let mut credits = Vec::new();
    for p in providers.iter() {
        let mut found = p.drafts(resources, now);
        // What exists only under a condition the reader could not decide, whatever the cloud.
        for d in found.drafts.iter_mut().flatten() {
            draft::conditional(d, resources, &notes);
        }
        let base = drafts.len();
        for e in &mut found.explicit {
            e.of += base;
            e.copy += base;
        }
        if drafts.is_empty() {
            // Taken, not copied: a hundred thousand drafts are never held twice.
            drafts = std::mem::take(&mut found.drafts);
        } else {
            drafts.append(&mut found.drafts);
        }
        explicit.append(&mut found.explicit);
        credits.append(&mut found.credits);
        for i in found.plumbing {
            *(summary.plumbing)
                .entry(resources[i].source_type().to_string())
                .or_default() += 1;
        }
    }
    clock.lap("import: drafts");
    let pairs = pairing::pair(&mut drafts, &explicit, resources, providers);
    let (primary, secondary) = pairs.architecture();
    // Collected in place (an `Option<Draft>` is a `Draft`'s size): a hundred thousand drafts
    // are never held twice.
    #[allow(clippy::filter_map_identity)]
    let mut drafts: Vec<Draft> = drafts.into_iter().filter_map(|d| d).collect();
    let owner = owners(drafts.iter().map(Some), resources.len());
    for p in providers.iter() {
        p.edges(&mut drafts, resources, &owner);
    }
    edges::creation_order(&mut drafts, resources, &owner);
    for p in providers.iter() {
        p.timeouts(&mut drafts, resources);
    }
    // Each cloud's own: a Google load balancer routing to both Google regions says nothing
    // of an AWS application's.
    let both: Vec<Option<String>> = providers
        .iter()
        .map(|p| p.routes_to_both(&drafts, resources))
        .collect();
    pairing::strategies(&mut drafts, &pairs, &both, resources);
    // The components' names are all that is read of the resources' attributes from here on:
    // read, then the attributes are freed before as many components are made.
    let mut names = Texts::with_capacity(drafts.len());
    for d in &drafts {
        let root = &resources[d.root];
        names.push(
            root.handle
                .and_then(|h| providers.of(h).name(root))
                .as_deref(),
        );
    }
    for r in resources.iter_mut() {
        r.forget_attributes();
    }
    // Entry points are read from the edges and the addresses alone, so their notes are
    // written once the attributes are freed.
    entries::apply(&mut drafts, resources);
    // The draft each credit's resource belongs to: what the owners are still read for.
    let credits: Vec<(Option<usize>, Credit)> = (credits.into_iter())
        .map(|c| match c.watched {
            Watched::Resource(r) => (owner[r], c),
            Watched::Component(_) => (None, c),
        })
        .collect();
    drop(owner);
    clock.lap("import: pairs and edges");
    let ids = ids::assign(&drafts, resources, &notes.stacks, providers);
    for (k, d) in drafts.iter().enumerate() {
        let id = &ids[k];
        *summary
            .components
            .entry(d.kind.as_str().to_string())
            .or_default() += 1;
        if let Some(c) = &d.rare.conditional {
            summary.conditional.push(format!("{id} (condition {c})"));
        }
        for m in &d.rare.conditional_members {
            summary.conditional.push(format!("{id}: {m}"));
        }
    }
    let credits = emit::credits(credits, &ids);
    summary.outside.sort();
    summary.outside.dedup();
    summary.primary_region = primary.clone();
    summary.secondary_region = secondary.clone();
    // Each cloud's own pair, when the sources hold components of more than one.
    let clouds: Vec<summary::Cloud> = (pairs.of.iter().zip(providers.iter()))
        .filter(|(p, _)| p.components > 0)
        .map(|(p, provider)| summary::Cloud {
            cloud: provider.cloud().to_string(),
            components: p.components,
            primary_region: p.primary.clone(),
            secondary_region: p.secondary.clone(),
        })
        .collect();
    if clouds.len() > 1 {
        summary.clouds = clouds;
    }
    let made = emit::Made {
        drafts,
        ids,
        names,
        resources: all,
        credits,
        primary,
        secondary,
    };
    (made, summary)
}
