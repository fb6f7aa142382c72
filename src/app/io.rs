//! Files and standard streams: reading an input (`-` is standard input), writing an output
//! atomically (a reader never sees half a file, a failure leaves nothing behind), and writing
//! to standard output (a closed pipe ends quietly).

use std::io::{Read, Write};
use std::path::Path;

/// An input that could not be read. The cause is part of the message, not a source in the
/// error's chain: printed with its chain, it would say the same twice.
#[derive(Debug, thiserror::Error)]
#[error("cannot read {}: {cause}", crate::words::Shown(path))]
pub struct ReadError {
    pub path: String,
    pub cause: std::io::Error,
}

/// An output that could not be written (its cause in the message, as [`ReadError`]'s).
#[derive(Debug, thiserror::Error)]
#[error("cannot write {}: {cause}", crate::words::Shown(path))]
pub struct WriteError {
    pub path: String,
    pub cause: std::io::Error,
}

/// The largest input drplan reads, a file or standard input: a `terraform show -json` file of
/// about 170,000 resources; a CloudFormation template's own limit is smaller (docs/import.md,
/// "Limits").
pub const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// Reads a regular file, or standard input for `-`, of at most [`MAX_INPUT_BYTES`].
pub fn read(path: &Path) -> Result<Vec<u8>, ReadError> {
    read_at_most(path, MAX_INPUT_BYTES)
}

/// Reads a regular file, or standard input for `-`, of at most `limit` bytes (see
/// [`open_at_most`]).
fn read_at_most(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let (mut input, size) = open_at_most(path, limit)?;
    let mut buf = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    input.read_to_end(&mut buf).map_err(|cause| ReadError {
        path: source_name(path),
        cause,
    })?;
    Ok(buf)
}

/// Opens a regular file, or standard input for `-`, to be read as it comes, to at most `limit`
/// bytes. Anything else (a named pipe, a device such as /dev/zero, a directory) is refused
/// before a byte is read: a pipe could block forever and a device never ends. A file's size
/// is checked from its metadata before it is read, and reading past `limit` bytes (a file
/// that grows, standard input) fails. With the reader, the file's size (0 for standard input).
pub fn open_at_most(path: &Path, limit: u64) -> Result<(Box<dyn Read>, u64), ReadError> {
    let fail = |cause| ReadError {
        path: source_name(path),
        cause,
    };
    if path.as_os_str() == "-" {
        return Ok((Box::new(AtMost::new(std::io::stdin().lock(), limit)), 0));
    }
    let file = open_regular(path).map_err(fail)?;
    let size = file.metadata().map_err(fail)?.len();
    if size > limit {
        return Err(fail(too_large(size, limit)));
    }
    Ok((Box::new(AtMost::new(file, limit)), size))
}

/// A reader that fails once more than `limit` bytes have come.
struct AtMost<R> {
    inner: R,
    limit: u64,
    read: u64,
}

impl<R: Read> AtMost<R> {
    fn new(inner: R, limit: u64) -> Self {
        AtMost {
            inner,
            limit,
            read: 0,
        }
    }
}

impl<R: Read> Read for AtMost<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        // Never more than one byte past the limit: that byte says the input is too large.
        let room = self.limit.saturating_add(1).saturating_sub(self.read);
        let want = usize::try_from(room).unwrap_or(usize::MAX).min(buf.len());
        let n = self.inner.read(&mut buf[..want])?;
        self.read += n as u64;
        if self.read > self.limit {
            return Err(too_large(self.read, self.limit));
        }
        Ok(n)
    }
}

/// Opens `path` only if it is a regular file. The file is opened without blocking (a named
/// pipe's open waits for a writer otherwise) and its type read from the open descriptor, so a
/// file swapped for a pipe between a check and the open is caught too.
fn open_regular(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32);
    }
    let file = options.open(path)?;
    let kind = file.metadata()?.file_type();
    if kind.is_file() {
        Ok(file)
    } else {
        Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!(
                "it is {}, not a regular file (drplan reads files, or `-` for standard input)",
                describe_kind(kind)
            ),
        ))
    }
}

/// What a file that is not a regular file is, in words.
fn describe_kind(kind: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    if kind.is_dir() {
        "a directory"
    } else {
        "not a regular file"
    }
}

fn too_large(size: u64, limit: u64) -> std::io::Error {
    const MIB: u64 = 1024 * 1024;
    let size = if size > limit && size / MIB == limit / MIB {
        format!("more than {} MiB", limit / MIB)
    } else {
        format!("{} MiB", size.div_ceil(MIB))
    };
    std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        format!(
            "it is {size}: drplan reads inputs of at most {} MiB",
            limit / MIB
        ),
    )
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
/// finished file in place. A path that already names something other than a file or a
/// directory (`/dev/null`, `/dev/stdout`, a named pipe) is written to as it is: renaming a
/// file over it would replace the device (as root, `-o /dev/null` would remove /dev/null).
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut (dyn Write + Send)) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        return std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .and_then(|file| {
                let mut out = std::io::BufWriter::with_capacity(1 << 16, file);
                write(&mut out)?;
                out.flush()
            })
            .map_err(|cause| WriteError {
                path: path.display().to_string(),
                cause,
            });
    }
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
    result.map_err(|cause| WriteError {
        path: path.display().to_string(),
        cause,
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
            cause: e,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Up to the limit an input reads whole, however it is asked for; one byte more fails,
    /// and nothing past that byte is read.
    #[test]
    fn an_input_reads_to_its_limit_and_fails_past_it() {
        let text = b"0123456789";
        for ask in [1, 3, 64] {
            let mut at_most = AtMost::new(&text[..], 10);
            let (mut got, mut buf) = (Vec::new(), vec![0; ask]);
            loop {
                let n = at_most.read(&mut buf).expect("within the limit");
                if n == 0 {
                    break;
                }
                got.extend_from_slice(&buf[..n]);
            }
            assert_eq!(got, text);
            let mut over = AtMost::new(&text[..], 9);
            let mut all = Vec::new();
            let e = over.read_to_end(&mut all).expect_err("past the limit");
            assert_eq!(e.kind(), std::io::ErrorKind::InvalidData);
            assert!(e.to_string().contains("at most 0 MiB"), "{e}");
            assert_eq!(over.read, 10, "read one byte past the limit, no more");
        }
    }
}
