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
    let (destroy, replace) = (r.str("deletion_policy"), r.str("update_replace_policy"));
    if destroy.is_none() && replace.is_none() && !d.is_stateful() {
        return;
    }
    let documented = cfn.and_then(|c| c.deletion).unwrap_or(OnDelete::Delete);
    d.on_delete.destroy = Some(policy(
        d,
        Field::OnDeleteDestroy,
        (a, "DeletionPolicy", destroy),
        "deleting its stack, or removing it from the template,",
        (
            documented,
            format!(
                "{a} sets no DeletionPolicy: CloudFormation's documented default for {ty} is {}",
                if documented == OnDelete::Snapshot {
                    "Snapshot"
                } else {
                    "Delete"
                },
            ),
        ),
    ));
    d.on_delete.replace = Some(policy(
        d,
        Field::OnDeleteReplace,
        (a, "UpdateReplacePolicy", replace),
        "a change that replaces it",
        (
            OnDelete::Delete,
            format!("{a} sets no UpdateReplacePolicy: CloudFormation's default is Delete"),
        ),
    ));
}

/// One policy as the template writes it (`said`), or the default with why, noted on `field`.
fn policy(
    d: &mut Draft,
    field: Field,
    (a, name, said): (&str, &str, Option<&str>),
    when: &str,
    (default, why): (OnDelete, String),
) -> OnDelete {
    match said.map(|p| (p, parse(p))) {
        Some((p, Some(on))) => {
            d.note(field, format!("{a}: {name} {p}: {when} {}", leaves(on)));
            on
        }
        Some((p, None)) => {
            d.note(
                field,
                format!(
                    "{a}: {name} {} is not Delete, Snapshot or Retain (a parameter drplan could not read?): read as Delete",
                    crate::words::Shown(p)
                ),
            );
            OnDelete::Delete
        }
        None => {
            d.note(field, format!("{why}: {when} {}", leaves(default)));
            default
        }
    }
}

/// A Terraform resource's final snapshot: a destroy and a replacement (which destroys the old
/// resource) take it alike.
fn terraform(d: &mut Draft, r: &Resource, f: Final) {
    let a = &r.origin.address;
    let (on, why) = match f {
        Final::UnlessSkipped(skip, name) => match (r.bool(skip), r.more.unknown.get(skip)) {
            (Some(true), _) => (
                OnDelete::Delete,
                format!(
                    "{a}: {skip} = true: destroying or replacing it deletes its data, with no final snapshot"
                ),
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
            ),
            None => (
                OnDelete::Delete,
                format!(
                    "{a} sets no {name}: destroying or replacing it deletes its data, with no final snapshot"
                ),
            ),
        },
    };
    d.on_delete.destroy = Some(on);
    d.on_delete.replace = Some(on);
    for field in [Field::OnDeleteDestroy, Field::OnDeleteReplace] {
        d.note(field, why.clone());
    }
}
