//! An architecture of imported components alone (what `drplan import` writes), each made when
//! it is checked and again when it is written.

use serde::Serialize;
use serde_json::{Map, Value};

use super::imported::{Credit, ImportedComponent, credit_imported};
use super::ordered::Ordered;
use super::place::{Origin, Place, relocate};
use super::top::{document, load_error, top_level};
use crate::input::{InputError, LoadOptions};
use crate::lists::Texts;

/// An architecture whose components are all imported (what `drplan import` writes), each made
/// when it is checked and made again when it is written: a million components are never all
/// held, nor is the text.
pub struct Streamed<'a, F> {
    document: Map<String, Value>,
    ids: &'a Texts,
    /// Makes component `k`, its credits not in it.
    make: F,
    /// By component id, sorted.
    credits: &'a [Credit],
    text: String,
    source_name: String,
}

/// What the importer made (the components' `ids`, their `credits` and how to `make` each)
/// under the top level of a file (`bytes`) that declares no component.
pub fn stream_imported<'a, F>(
    bytes: &[u8],
    source_name: &str,
    ids: &'a Texts,
    credits: &'a [Credit],
    regions: (Option<&str>, Option<&str>),
    make: F,
) -> Result<Streamed<'a, F>, InputError>
where
    F: Fn(usize) -> ImportedComponent + Sync,
{
    let (text, top) = top_level(bytes, source_name)?;
    debug_assert!(!top.contains_key("components"), "no component declared");
    let (primary, secondary) = regions;
    Ok(Streamed {
        document: document(top, primary.map(Into::into), secondary.map(Into::into)),
        ids,
        make,
        credits,
        text: text.to_string(),
        source_name: source_name.to_string(),
    })
}

impl<F: Fn(usize) -> ImportedComponent + Sync> Streamed<'_, F> {
    /// Component `k` with what the sources credit it.
    fn component(&self, k: usize) -> ImportedComponent {
        let mut c = (self.make)(k);
        let id = &self.ids[k];
        let from = self.credits.partition_point(|c| c.component.as_str() < id);
        for credit in self.credits[from..]
            .iter()
            .take_while(|c| c.component == id)
        {
            credit_imported(&mut c, credit);
        }
        c
    }

    /// The file it amounts to, as pretty JSON ending with a newline, each component made as
    /// it is written.
    pub fn write<W: std::io::Write>(&self, out: W) -> std::io::Result<()> {
        Ordered::architecture(&self.document, Made(self)).write(out)
    }

    /// Checked as the file it amounts to would be, each component made, checked and dropped
    /// (one a core at a time): for a file about to be written. A problem is placed at
    /// the resource the component was imported from.
    pub fn problems(&self, options: &LoadOptions) -> Result<(), InputError> {
        let Ok(top) = serde_json::from_value(Value::Object(self.document.clone())) else {
            return Err(load_error(&self.text, &self.source_name, options));
        };
        let problems = crate::input::validate::problems(
            &top,
            self.ids,
            &|k| self.component(k).component,
            options,
        );
        if problems.is_empty() {
            return Ok(());
        }
        static IMPORTED: Origin = Origin::Imported { overlay: None };
        let place = |k: usize| -> Option<Place> {
            let c = self.component(k).component;
            let o = c.imported_from.as_ref()?.first()?;
            Some(Place::of(&o.file, &o.address, o.line))
        };
        Err(InputError {
            source_name: self.source_name.clone(),
            diagnostics: relocate(
                problems.into_unplaced(),
                &self.text,
                &|_| Some(&IMPORTED),
                &place,
            ),
        })
    }
}

/// The components, made as they are written.
struct Made<'s, 'a, F>(&'s Streamed<'a, F>);

impl<F: Fn(usize) -> ImportedComponent + Sync> Serialize for Made<'_, '_, F> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let made = self.0;
        s.collect_seq((0..made.ids.len()).map(|k| made.component(k)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::field::{Field, Why};
    use crate::input::raw::RawComponent;

    /// Components made one at a time are checked as a file would be, each problem placed at
    /// the resource its component was imported from, and written with their credits.
    #[test]
    fn streamed_components_are_checked_placed_and_credited() {
        let make = |k: usize| {
            let (name, zones, line) = [("a", 1, 3), ("b", 3, 9)][k];
            let component: RawComponent = serde_json::from_value(serde_json::json!({
                "id": format!("sqs-queue.{name}"),
                "kind": "queue",
                "deployment": {"instances": 1, "zones": zones},
                "imported_from": [{"file": "plan.json", "address": format!("aws_sqs_queue.{name}"), "line": line}]
            }))
            .expect("a component");
            ImportedComponent {
                component,
                why: Why::default(),
            }
        };
        let ids: Texts = [Some("sqs-queue.a"), Some("sqs-queue.b")]
            .into_iter()
            .collect();
        let credits = vec![Credit {
            component: "sqs-queue.a".into(),
            field: Field::ObservabilityAlarms,
            kind: "health".into(),
            why: "aws_cloudwatch_metric_alarm.a: its depth".into(),
        }];
        let streamed = stream_imported(
            br#"{"name": "app"}"#,
            "arch.json",
            &ids,
            &credits,
            (Some("us-east-1"), None),
            make,
        )
        .expect("a top level");
        let e =
            (streamed.problems(&LoadOptions::default())).expect_err("b has 3 zones and 1 instance");
        assert_eq!(e.diagnostics.len(), 1, "{e}");
        assert_eq!(e.diagnostics[0].file.as_deref(), Some("plan.json"));
        assert_eq!(e.diagnostics[0].position.map(|p| p.line), Some(9));
        assert!(
            e.diagnostics[0]
                .message
                .starts_with("aws_sqs_queue.b (imported): "),
            "{e}"
        );
        let mut text = Vec::new();
        streamed.write(&mut text).expect("writes to memory");
        let written: Value = serde_json::from_slice(&text).expect("JSON");
        assert_eq!(written["regions"]["primary"], "us-east-1");
        assert_eq!(
            written["components"][0]["observability"]["alarms"][0],
            "health"
        );
        assert_eq!(written["components"][1]["id"], "sqs-queue.b");
        assert!(written["components"][1].get("observability").is_none());
    }
}
