//! What the importer hands the composition: components in the format's own types, with the
//! reasons for what was inferred, and what the sources' alarms and experiments credit them.

use serde::Serialize;

use crate::input::field::{Field, Why};
use crate::input::raw::RawComponent;

/// What the importer made of the sources: components in the architecture format, each with
/// its `id`, `imported_from` and the `x-why` of what was inferred, and the regions it saw.
#[derive(Debug, Default)]
pub struct Imported {
    pub components: Vec<ImportedComponent>,
    /// What the sources' alarms, health checks, canaries and experiment templates watch or
    /// test, by component id: added to the component's `observability`, imported or declared.
    pub credits: Vec<Credit>,
    pub primary: Option<String>,
    pub secondary: Option<String>,
}

/// A component the importer made: the format's own fields, and why each inferred one is what
/// it is, by the field's path.
#[derive(Debug, Serialize)]
pub struct ImportedComponent {
    #[serde(flatten)]
    pub component: RawComponent,
    #[serde(rename = "x-why", skip_serializing_if = "Why::is_empty")]
    pub why: Why,
}

/// An alarm kind or an experiment kind that exists for a component, and why drplan says so.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Credit {
    pub component: String,
    /// `observability.alarms` or `observability.experiments`.
    pub field: Field,
    pub kind: String,
    pub why: String,
}

/// Adds what a credit says to an imported component.
pub(super) fn credit_imported(imported: &mut ImportedComponent, c: &Credit) {
    let o = (imported.component.observability)
        .get_or_insert_with(|| Box::new(crate::input::raw::RawObservability::empty()));
    let kinds = if c.field == Field::ObservabilityAlarms {
        o.alarms.get_or_insert_with(Vec::new)
    } else {
        o.experiments.get_or_insert_with(Vec::new)
    };
    if !kinds.contains(&c.kind) {
        kinds.push(c.kind.clone());
        kinds.sort();
    }
    note(imported.why.entry(c.field.clone()), &c.why);
}

/// Adds a reason to a note, once.
pub(super) fn note(text: &mut String, why: &str) {
    if text.split("; ").any(|w| w == why) {
        return;
    }
    if !text.is_empty() {
        text.push_str("; ");
    }
    text.push_str(why);
}
