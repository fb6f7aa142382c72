//! A writer for the benches: it counts the bytes written and keeps none, so that a bench
//! measures the JSON's cost without a file system's (the command adds writing the file) or a
//! half-gigabyte buffer's. Included by the benches that write (`#[path]`).

#[derive(Default)]
pub struct Counted(pub usize);

impl std::io::Write for Counted {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0 += bytes.len();
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
