//! Where a problem found in the composed file is placed: in the architecture file for what it
//! declared, at the resource in the infrastructure code for what was imported.

use crate::input::Diagnostic;
use crate::input::locate::{JsonPath, LineIndex, Seg, locate};

/// Where a component of the composed file came from; an imported one's file, address and
/// line are read from the component itself when a problem is placed, unless a declared
/// component was laid over it (which may set `imported_from` too).
pub(super) enum Origin {
    Declared(usize),
    Imported {
        /// The declared component laid over it, its keys, and the importer's own place.
        overlay: Option<(usize, Vec<String>, Option<Place>)>,
    },
}

/// The resource an imported component came from, where its problems are placed.
#[derive(Clone)]
pub(super) struct Place {
    pub file: String,
    pub address: String,
    pub line: Option<u64>,
}

impl Place {
    /// The place of an origin, as the importer wrote it or as the model holds it.
    pub fn of(file: &str, address: &str, line: Option<u32>) -> Place {
        Place {
            file: file.to_string(),
            address: address.to_string(),
            line: line.map(u64::from),
        }
    }
}

/// Moves each problem found in the composed file to where the user can fix it.
pub(super) fn relocate<'a>(
    diagnostics: Vec<Diagnostic>,
    text: &str,
    origins: &dyn Fn(usize) -> Option<&'a Origin>,
    place: &dyn Fn(usize) -> Option<Place>,
) -> Vec<Diagnostic> {
    let lines = LineIndex::new(text);
    let declared_path = |d: &Diagnostic| -> Option<JsonPath> {
        let [Seg::Key(list), Seg::Index(k), rest @ ..] = d.path.0.as_slice() else {
            return Some(d.path.clone());
        };
        if list != "components" {
            return Some(d.path.clone());
        }
        let j = match origins(*k)? {
            Origin::Declared(j) => *j,
            Origin::Imported {
                overlay: Some((j, keys, _)),
                ..
            } if matches!(rest.first(), Some(Seg::Key(key)) if keys.contains(key)) => *j,
            Origin::Imported { .. } => return None,
        };
        let mut segs = vec![Seg::Key("components".into()), Seg::Index(j)];
        segs.extend(rest.iter().cloned());
        Some(JsonPath(segs))
    };
    let paths: Vec<JsonPath> = diagnostics.iter().filter_map(declared_path).collect();
    let found = locate(text, &paths);
    let mut out: Vec<Diagnostic> = diagnostics
        .into_iter()
        .map(|d| match declared_path(&d) {
            Some(path) => Diagnostic {
                position: found.get(&path).map(|l| {
                    lines.position(if d.at_key {
                        l.key.unwrap_or(l.value)
                    } else {
                        l.value
                    })
                }),
                path,
                ..d
            },
            None => {
                let Some(Seg::Index(k)) = d.path.0.get(1) else {
                    return d;
                };
                let Some(Origin::Imported { overlay }) = origins(*k) else {
                    return d;
                };
                let kept = overlay.as_ref().and_then(|(_, _, kept)| kept.clone());
                let Some(Place {
                    file,
                    address,
                    line,
                }) = kept.or_else(|| place(*k))
                else {
                    return d;
                };
                Diagnostic {
                    position: line.map(|l| crate::input::locate::Position {
                        line: l as usize,
                        col: 1,
                    }),
                    message: format!("{address} (imported): {}", d.message),
                    file: Some(file),
                    ..d
                }
            }
        })
        .collect();
    out.sort();
    out.dedup();
    out
}
