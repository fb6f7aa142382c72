//! `drplan ops --emit`: the operational recommendations as a directory of templates, runbooks
//! and a manifest (docs/operations.md). The directory is written whole or not at all: the
//! files go to a temporary directory beside it, which then takes its place.

use std::path::{Path, PathBuf};

use super::pipeline::{self, Files};
use super::{Exit, UsageError, io};
use crate::cli::{EmitFormat, OpsArgs};
use crate::emit::{self, Format};

pub fn run(args: &OpsArgs, confine: super::sources::Confine) -> anyhow::Result<Exit> {
    let out = args.output.as_path();
    check_target(out, args.force)?;
    let files = Files {
        policy: args.policy.as_deref(),
        assumptions: args.assumptions.as_deref(),
        now: args.now.as_deref(),
        confine,
        ..Files::default()
    };
    let analysis = pipeline::load(&args.arch, &files)?.analyze();
    let format = match args.emit {
        EmitFormat::Cloudformation => Format::CloudFormation,
        EmitFormat::Terraform => Format::Terraform,
    };
    let emitted = emit::emit(&analysis, format, args.all);
    write_dir(out, &emitted.files, args.force)?;
    let text = if emitted.artifacts == 0 {
        format!(
            "nothing to recommend: every recommended item is implemented; wrote an empty manifest to {}\n",
            out.display()
        )
    } else {
        format!(
            "wrote {} artifacts to {} (manifest.json lists them; README.md says how to deploy)\n",
            emitted.artifacts,
            out.display()
        )
    };
    io::print(&text)?;
    Ok(Exit::Ok)
}

/// The output must be a directory that is absent or empty, or `--force` replaces it.
fn check_target(out: &Path, force: bool) -> Result<(), UsageError> {
    match std::fs::symlink_metadata(out) {
        Err(_) => Ok(()),
        Ok(m) if !m.is_dir() => Err(UsageError(format!("-o {}: not a directory", out.display()))),
        Ok(_) => {
            let empty = std::fs::read_dir(out)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
            if empty || force {
                Ok(())
            } else {
                Err(UsageError(format!(
                    "-o {}: the directory is not empty; use --force to replace its contents",
                    out.display()
                )))
            }
        }
    }
}

/// A sibling of `out` for a temporary directory.
fn sibling(out: &Path, what: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "ops".into());
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    parent.join(format!(".{name}.drplan-{}.{what}", std::process::id()))
}

/// Writes every file under a temporary directory, then puts it in place of `out` (the old
/// directory, with `--force`, is moved aside first and removed last).
fn write_dir(
    out: &Path,
    files: &std::collections::BTreeMap<String, String>,
    force: bool,
) -> Result<(), io::WriteError> {
    let fail = |cause| io::WriteError {
        path: out.display().to_string(),
        cause,
    };
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    let tmp = sibling(out, "tmp");
    let _ = std::fs::remove_dir_all(&tmp);
    let written = (|| {
        std::fs::create_dir_all(&tmp)?;
        for (path, text) in files {
            let p = tmp.join(path);
            if let Some(dir) = p.parent() {
                std::fs::create_dir_all(dir)?;
            }
            std::fs::write(&p, text)?;
        }
        Ok(())
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(fail(e));
    }
    let old = sibling(out, "old");
    let existed = out.exists();
    if existed {
        if !force && std::fs::read_dir(out).is_ok_and(|mut d| d.next().is_some()) {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(fail(std::io::Error::other(
                "the directory filled while drplan wrote; nothing was replaced",
            )));
        }
        if let Err(e) = std::fs::rename(out, &old) {
            let _ = std::fs::remove_dir_all(&tmp);
            return Err(fail(e));
        }
    }
    if let Err(e) = std::fs::rename(&tmp, out) {
        if existed {
            let _ = std::fs::rename(&old, out);
        }
        let _ = std::fs::remove_dir_all(&tmp);
        return Err(fail(e));
    }
    if existed {
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(())
}
