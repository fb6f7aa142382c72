//! Files and standard streams: reading an input (`-` is standard input), writing an output
//! atomically (a reader never sees half a file, a failure leaves nothing behind), and writing
//! to standard output (a closed pipe ends quietly).

use std::io::{Read, Write};
use std::path::Path;

/// An input that could not be read.
#[derive(Debug, thiserror::Error)]
#[error("cannot read {path}: {source}")]
pub struct ReadError {
    pub path: String,
    #[source]
    pub source: std::io::Error,
}

/// An output that could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {path}: {source}")]
pub struct WriteError {
    pub path: String,
    #[source]
    pub source: std::io::Error,
}

/// Reads a file, or standard input for `-`.
pub fn read(path: &Path) -> Result<Vec<u8>, ReadError> {
    let fail = |source| ReadError {
        path: path.display().to_string(),
        source,
    };
    if path.as_os_str() == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).map_err(fail)?;
        return Ok(buf);
    }
    std::fs::read(path).map_err(fail)
}

/// How errors name an input: its path, or `<stdin>`.
pub fn source_name(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "<stdin>".into()
    } else {
        path.display().to_string()
    }
}

/// Where an output goes: a file (`-o`) or standard output.
pub fn write_to(
    path: Option<&Path>,
    write: impl FnOnce(&mut (dyn Write + Send)) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    match path {
        Some(path) => write_atomically(path, write),
        None => write_stdout(write),
    }
}

/// Writes `bytes` to `path` atomically.
pub fn write_bytes(path: &Path, bytes: &[u8]) -> Result<(), WriteError> {
    write_atomically(path, |w| w.write_all(bytes))
}

/// Streams what `write` produces into `path` through a temporary file beside it, then puts the
/// finished file in place.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut (dyn Write + Send)) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let tmp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let result = std::fs::File::create(&tmp).and_then(|file| {
        let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
        write(&mut out)?;
        out.into_inner().map_err(|e| e.into_error())?;
        replace(&tmp, path)
    });
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(|source| WriteError {
        path: path.display().to_string(),
        source,
    })
}

/// Puts the finished file `tmp` at `path`. A regular file already there is swapped out in one
/// step (Linux `renameat2` with `RENAME_EXCHANGE`: `path` always holds a whole result) and then
/// deleted: renaming over it instead makes ext4 write the whole new file to disk before the
/// rename returns (its guard for the replace-by-rename idiom). drplan never promised that a
/// result survives a power cut (no fsync); it can be produced again.
fn replace(tmp: &Path, path: &Path) -> std::io::Result<()> {
    #[cfg(target_os = "linux")]
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file()) {
        use rustix::fs::{CWD, RenameFlags, renameat_with};
        if renameat_with(CWD, tmp, CWD, path, RenameFlags::EXCHANGE).is_ok() {
            return std::fs::remove_file(tmp);
        }
    }
    std::fs::rename(tmp, path)
}

/// Streams to standard output; a closed pipe (`drplan rules | head`) ends quietly.
pub fn write_stdout(
    write: impl FnOnce(&mut (dyn Write + Send)) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout());
    match write(&mut out).and_then(|_| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(WriteError {
            path: "<stdout>".into(),
            source: e,
        }),
        _ => Ok(()),
    }
}

/// A value as pretty JSON with a trailing newline: how drplan writes every JSON document but
/// the assessment (which streams).
pub fn json_text(value: &impl serde::Serialize) -> serde_json::Result<String> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    Ok(text)
}

/// Prints a whole text to standard output.
pub fn print(text: &str) -> Result<(), WriteError> {
    write_stdout(|w| w.write_all(text.as_bytes()))
}
