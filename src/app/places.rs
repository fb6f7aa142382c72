//! Where each component of an assessed architecture is written, for SARIF: its object in the
//! architecture file (and its edges), or, for an imported component, the resource in the
//! infrastructure-as-code file it came from. Paths are as given on the command line, relative
//! to the working directory, with `/` separators, as code scanning wants them.

use std::path::{Component, Path, PathBuf};

use super::sources;
use crate::input::locate;
use crate::model::Architecture;
use crate::report::sarif::{Place, Places};

pub fn of(arch_path: &Path, text: &[u8], arch: &Architecture) -> Places {
    let declared = std::str::from_utf8(text)
        .map(locate::components)
        .unwrap_or_default();
    let file = (arch_path.as_os_str() != "-").then(|| uri(arch_path));
    let base = sources::base_dir(arch_path);
    let mut places = Places::default();
    for (i, c) in arch.components.iter().enumerate() {
        let imported = c.imported_from.first().map(|o| Place {
            uri: uri(&base.join(&o.file)),
            line: o.line.unwrap_or(1).max(1),
            column: None,
            address: Some(o.address.clone()),
        });
        let spot = declared.get(&c.id);
        let written = spot.zip(file.as_ref()).map(|(s, f)| Place {
            uri: f.clone(),
            line: s.at.line as u32,
            column: Some(s.at.col as u32),
            address: None,
        });
        places.components.push(imported.or(written));
        if let (Some(spot), Some(f)) = (spot, &file) {
            for (k, e) in c.depends_on.iter().enumerate() {
                if let Some(p) = spot.edges.get(&arch.components[e.to].id) {
                    let place = Place {
                        uri: f.clone(),
                        line: p.line as u32,
                        column: Some(p.col as u32),
                        address: None,
                    };
                    places.edges.insert((i, k), place);
                }
            }
        }
    }
    places
}

/// A path relative to the working directory, `.` and `..` folded, `/`-separated.
fn uri(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_default();
    let path = if path.is_absolute() {
        path.strip_prefix(&cwd)
            .map_or_else(|_| path.to_path_buf(), Path::to_path_buf)
    } else {
        path.to_path_buf()
    };
    let mut parts: Vec<String> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if parts.last().is_some_and(|p| p != "..") => {
                parts.pop();
            }
            Component::RootDir => parts.push(String::new()),
            other => parts.push(other.as_os_str().to_string_lossy().into_owned()),
        }
    }
    let joined = parts.join("/");
    if joined.is_empty() {
        PathBuf::from(".").display().to_string()
    } else {
        joined
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_fold_and_use_slashes() {
        assert_eq!(
            uri(Path::new("./fixtures/import/../webshop.json")),
            "fixtures/webshop.json"
        );
        assert_eq!(uri(Path::new("infra/plan.json")), "infra/plan.json");
    }
}
