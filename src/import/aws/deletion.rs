//! What deleting a component's resource leaves: CloudFormation's `DeletionPolicy` (stack
//! deleted, resource removed from the template) and `UpdateReplacePolicy` (a change that
//! replaces it), with the defaults AWS documents when a template sets neither; Terraform's final
//! snapshot (`skip_final_snapshot`, `final_snapshot_identifier`, `skip_final_backup`), which a
//! destroy and a replacement take alike. DR108 weighs it against deletion protection.

use super::lookup::row;
use super::row::Final;
use crate::import::draft::Draft;
use crate::import::resource::Resource;
use crate::input::field::Field;
use crate::model::OnDelete;

/// Reads what survives the deletion of the draft's root resource.
pub fn read(d: &mut Draft, resources: &[Resource]) {
    let r = &resources[d.root];
    let Some(t) = row(r) else { return };
    if r.source_type().starts_with("AWS::") {
        cloudformation(d, r, t.cfn.iter().find(|c| c.ty == r.source_type()));
    } else if let Some(f) = t.final_snapshot {
        terraform(d, r, f);
    }
}

fn parse(text: &str) -> Option<OnDelete> {
    match text {
        "Delete" => Some(OnDelete::Delete),
        "Snapshot" => Some(OnDelete::Snapshot),
        "Retain" | "RetainExceptOnCreate" => Some(OnDelete::Retain),
        _ => None,
    }
}

fn leaves(on: OnDelete) -> &'static str {
    match on {
        OnDelete::Delete => "deletes it and its data",
        OnDelete::Snapshot => "leaves a final snapshot of its data",
        OnDelete::Retain => "leaves it in place, outside the stack",
    }
}

/// A template's policies, or the documented defaults for a store (and for what says one).
fn cloudformation(d: &mut Draft, r: &Resource, cfn: Option<&super::row::Cfn>) {
    let a = &r.origin.address;
    let ty = r.source_type();
    let said = |key: &str| r.str(key).map(|p| (p, parse(p)));
    let (destroy, replace) = (said("deletion_policy"), said("update_replace_policy"));
    if destroy.is_none() && replace.is_none() && !d.is_stateful() {
        return;
    }
    let when = "deleting its stack, or removing it from the template,";
    d.on_delete.destroy = Some(match destroy {
        Some((p, Some(on))) => {
            d.note(
                Field::OnDeleteDestroy,
                format!("{a}: DeletionPolicy {p}: {when} {}", leaves(on)),
            );
            on
        }
        Some((p, None)) => {
            d.note_unknown(
                Field::OnDeleteDestroy,
                format!(
                    "{a}: DeletionPolicy {} is not Delete, Snapshot or Retain (a parameter drplan could not read?): read as Delete",
                    crate::words::Shown(p)
                ),
            );
            OnDelete::Delete
        }
        None => {
            let on = cfn.and_then(|c| c.deletion).unwrap_or(OnDelete::Delete);
            d.note(
                Field::OnDeleteDestroy,
                format!(
                    "{a} sets no DeletionPolicy: CloudFormation's documented default for {ty} is {}: {when} {}",
                    if on == OnDelete::Snapshot { "Snapshot" } else { "Delete" },
                    leaves(on)
                ),
            );
            on
        }
    });
    d.on_delete.replace = Some(match replace {
        Some((p, Some(on))) => {
            d.note(
                Field::OnDeleteReplace,
                format!(
                    "{a}: UpdateReplacePolicy {p}: a change that replaces it {}",
                    leaves(on)
                ),
            );
            on
        }
        Some((p, None)) => {
            d.note_unknown(
                Field::OnDeleteReplace,
                format!(
                    "{a}: UpdateReplacePolicy {} is not Delete, Snapshot or Retain: read as Delete",
                    crate::words::Shown(p)
                ),
            );
            OnDelete::Delete
        }
        None => {
            d.note(
                Field::OnDeleteReplace,
                format!(
                    "{a} sets no UpdateReplacePolicy: a change that replaces it deletes the old one with its data (CloudFormation's default)"
                ),
            );
            OnDelete::Delete
        }
    });
}

/// A Terraform resource's final snapshot: a destroy and a replacement (which destroys the old
/// resource) take it alike.
fn terraform(d: &mut Draft, r: &Resource, f: Final) {
    let a = &r.origin.address;
    let (on, why, unknown) = match f {
        Final::UnlessSkipped(skip, name) => match (r.bool(skip), r.unknown.get(skip)) {
            (Some(true), _) => (
                OnDelete::Delete,
                format!(
                    "{a}: {skip} = true: destroying or replacing it deletes its data, with no final snapshot"
                ),
                false,
            ),
            (skipped, unknown) => {
                let named = (!name.is_empty())
                    .then(|| r.str(name).filter(|n| !n.is_empty()))
                    .flatten();
                let how = match (skipped, unknown) {
                    (Some(false), _) => format!("{a}: {skip} = false"),
                    (_, Some(why)) => format!(
                        "{a}: {skip} is not known offline ({why}): false, the provider's default"
                    ),
                    _ => format!("{a} does not set {skip}: false, the provider's default"),
                };
                let then = match (named, name.is_empty()) {
                    (Some(n), _) => format!(", as {}", crate::words::Shown(n)),
                    (None, true) => String::new(),
                    (None, false) => format!(
                        " (without a {name}, Terraform refuses to destroy it until one is set)"
                    ),
                };
                (
                    OnDelete::Snapshot,
                    format!("{how}: destroying or replacing it takes a final snapshot first{then}"),
                    unknown.is_some(),
                )
            }
        },
        Final::WhenNamed(name) => match r.str(name).filter(|n| !n.is_empty()) {
            Some(n) => (
                OnDelete::Snapshot,
                format!(
                    "{a}: {name} = {}: destroying or replacing it takes a final snapshot first",
                    crate::words::Shown(n)
                ),
                false,
            ),
            None => (
                OnDelete::Delete,
                format!(
                    "{a} sets no {name}: destroying or replacing it deletes its data, with no final snapshot"
                ),
                r.unknown.contains_key(name),
            ),
        },
    };
    d.on_delete.destroy = Some(on);
    d.on_delete.replace = Some(on);
    for field in [Field::OnDeleteDestroy, Field::OnDeleteReplace] {
        if unknown {
            d.note_unknown(field, why.clone());
        } else {
            d.note(field, why.clone());
        }
    }
}
