//! Terraform's `terraform show -json` output: a plan (`planned_values`, `configuration`) or a
//! state (`values`), `format_version` 0.x or 1.x, resources in nested `child_modules`,
//! `count` and `for_each` instances. The file is read once, as a stream, and never held whole
//! (`scan`): each resource is copied out as the scan meets it and read on a second thread
//! (`records`), and only those of types a provider reads (`Providers::wants`) are parsed
//! further, only the attributes it asks for; what a plan holds besides (its changes, its prior
//! state) is skipped as it is scanned. Sensitive values are dropped as they are read. The
//! reader knows no cloud: the providers say which types and attributes matter and where a
//! resource's region comes from.
//!
//! References come from the plan's `configuration` (`config`: each attribute's expression
//! lists what it refers to; `var.` and module outputs are followed through the module calls,
//! onto the resources filed by `addresses`); a state has none, and `links` matches values
//! (ids, ARNs, names, endpoints) instead.

mod addresses;
mod config;
mod records;
mod scan;

use std::borrow::Cow;
use std::io;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::error::Error;
use super::provider::Providers;
use super::resource::Resource;
use config::{Config, paths, regions, resolve};
use records::Records;
use scan::{Batch, check_version};

/// What to say of a raw state file (`terraform.tfstate`: `version`, `lineage`), which is
/// Terraform's own format, not the one it shows.
pub const RAW_STATE: &str = "a raw Terraform state (terraform.tfstate), not `terraform show -json` output: run `terraform show -json > state.json` and import that";

/// Whether the text is a raw state file.
pub fn is_raw_state(text: &str) -> bool {
    #[derive(Deserialize)]
    struct Probe<'a> {
        #[serde(borrow)]
        lineage: Option<&'a RawValue>,
        #[serde(borrow)]
        serial: Option<&'a RawValue>,
        #[serde(borrow)]
        format_version: Option<&'a RawValue>,
    }
    serde_json::from_str::<Probe>(text.trim_start())
        .is_ok_and(|p| p.lineage.is_some() && p.serial.is_some() && p.format_version.is_none())
}

/// Whether a text that starts with `prefix` is `terraform show -json` output as Terraform
/// writes it: an object whose first key is `format_version`.
pub fn starts(prefix: &[u8]) -> bool {
    (prefix.trim_ascii_start().strip_prefix(b"{"))
        .is_some_and(|rest| rest.trim_ascii_start().starts_with(b"\"format_version\""))
}

/// Whether the text looks like `terraform show -json` output.
pub fn looks_like(text: &str) -> bool {
    #[derive(Deserialize)]
    struct Probe<'a> {
        #[serde(borrow)]
        format_version: Option<Cow<'a, str>>,
        #[serde(borrow)]
        terraform_version: Option<Cow<'a, str>>,
        #[serde(borrow)]
        values: Option<&'a RawValue>,
        #[serde(borrow)]
        planned_values: Option<&'a RawValue>,
    }
    let trimmed = text.trim_start();
    trimmed.starts_with('{')
        && serde_json::from_str::<Probe>(trimmed).is_ok_and(|p| {
            p.format_version.is_some()
                && (p.terraform_version.is_some()
                    || p.values.is_some()
                    || p.planned_values.is_some())
        })
}

/// A file's resources, and the components it reads without managing them (data sources).
pub struct Read {
    pub resources: Vec<Resource>,
    pub outside: Vec<String>,
}

/// Reads `terraform show -json` output into resources; `region` is the one to assume where the
/// file does not say. The text is read as a stream and never held whole: each resource is
/// copied out as the scan meets it and read a batch at a time on a second thread while the
/// scan goes on, and what a plan holds besides (its changes, its prior state) is skipped.
pub fn read(
    input: Box<dyn io::Read + '_>,
    file: &str,
    region: Option<&str>,
    providers: Providers,
) -> Result<Read, Error> {
    let (mut out, after, outside, config) = std::thread::scope(|scope| {
        // At most one batch waits while another is read: the scan never runs far ahead.
        let (send, batches) = std::sync::mpsc::sync_channel::<Batch>(1);
        let reader = Records {
            file,
            shared: file.into(),
            providers,
        };
        let worker = std::thread::Builder::new()
            .spawn_scoped(scope, move || reader.all(batches))
            .map_err(|e| Error::at(file, None, format!("cannot start reading it: {e}")))?;
        // The text is dropped as the scan ends: nothing after it reads the file.
        let scanned = scan::scan(input, file, send);
        // The second thread's error comes first: what it read was scanned before the scan's
        // own end (the errors are taken in the file's order, whatever the batches).
        let (out, after, outside) = worker
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p))?;
        scanned.end?;
        if scanned.version.is_none() && scanned.raw_state {
            return Err(Error::at(file, None, RAW_STATE.into()));
        }
        check_version(scanned.version.as_deref(), file)?;
        let config = Config::new(scanned.configuration, &scanned.variables, file, providers)?;
        Ok::<_, Error>((out, after, outside, config))
    })?;
    let paths = paths(&out, &after, &config);
    regions(&mut out, paths.as_deref(), &config, region, providers);
    resolve(&mut out, paths.as_deref(), &after, &config);
    Ok(Read {
        resources: out,
        outside,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reader that hands on a byte at a time, then fails when it has none left (`fail`).
    struct Trickle(Vec<u8>, usize, bool);

    impl io::Read for Trickle {
        fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
            match (self.0.get(self.1), out.first_mut()) {
                (Some(&b), Some(slot)) => {
                    *slot = b;
                    self.1 += 1;
                    Ok(1)
                }
                (None, _) if self.2 => Err(io::Error::other("the disk went away")),
                _ => Ok(0),
            }
        }
    }

    fn read_bytes(bytes: &[u8], fail: bool) -> Result<Read, Error> {
        let providers = crate::import::registry::PROVIDERS;
        read(
            Box::new(Trickle(bytes.to_vec(), 0, fail)),
            "t.json",
            None,
            providers,
        )
    }

    /// A character cut between two pieces of the stream is read whole; a byte that is not
    /// UTF-8, even in a part that is skipped, fails the read as it did when it was read whole.
    #[test]
    fn a_stream_is_utf8_whatever_its_pieces() {
        let text = concat!(
            r#"{"format_version":"1.0","values":{"root_module":{"resources":[{"address":"cloud_queue.caf"#,
            "\u{e9}\u{1f600}",
            r#"","mode":"managed","type":"cloud_queue","name":"q","values":{}}]}}}"#
        );
        let read = read_bytes(text.as_bytes(), false).expect("reads");
        assert_eq!(
            &*read.resources[0].origin.address,
            "cloud_queue.caf\u{e9}\u{1f600}"
        );
        let mut bad = br#"{"format_version":"1.0","skipped":""#.to_vec();
        bad.push(0xff);
        bad.extend_from_slice(br#"","values":{}}"#);
        let e = read_bytes(&bad, false).err().expect("not UTF-8");
        assert_eq!(e.message, "not UTF-8 text");
        let e = read_bytes(&text.as_bytes()[..text.len() - 1], false)
            .err()
            .expect("cut short");
        assert!(e.message.contains("ends too early"), "{}", e.message);
        // A character begun at the very end, never finished.
        let mut cut = text.as_bytes().to_vec();
        cut.push(0xe2);
        let e = read_bytes(&cut, false).err().expect("a cut character");
        assert_eq!(e.message, "not UTF-8 text");
    }

    /// A stream that fails says why, not only that it failed.
    #[test]
    fn a_stream_that_fails_says_why() {
        let e = read_bytes(br#"{"format_version":"1.0","values":"#, true)
            .err()
            .expect("fails");
        assert_eq!(e.message, "cannot read it: the disk went away");
    }

    /// A plan's `planned_values` win over its `values`, unless they are null.
    #[test]
    fn planned_values_win_unless_null() {
        let doc = |planned: &str| {
            format!(
                r#"{{"format_version":"1.0","values":{{"root_module":{{"resources":[{{"address":"cloud_queue.state","mode":"managed","type":"cloud_queue","name":"state","values":{{}}}}]}}}},"planned_values":{planned}}}"#
            )
        };
        let addresses = |text: String| -> Vec<String> {
            (read_bytes(text.as_bytes(), false).expect("reads").resources)
                .into_iter()
                .map(|r| r.origin.address.into())
                .collect()
        };
        assert_eq!(addresses(doc("null")), ["cloud_queue.state"]);
        assert_eq!(
            addresses(doc(
                r#"{"root_module":{"resources":[{"address":"cloud_queue.plan","mode":"managed","type":"cloud_queue","name":"plan","values":{}}]}}"#
            )),
            ["cloud_queue.plan"]
        );
    }

    /// The first error in the file is the one said, however many resources come before the
    /// place the file is cut: here a resource of the wrong shape, then the end too early.
    #[test]
    fn the_first_error_in_the_file_is_said_whatever_the_batches() {
        for n in [10, 5000] {
            let mut text = String::from(
                r#"{"format_version":"1.0","values":{"root_module":{"resources":[{"address":1}"#,
            );
            for i in 0..n {
                text.push_str(&format!(
                    r#",{{"address":"cloud_queue.q{i}","mode":"managed","type":"cloud_queue","name":"q{i}","values":{{}}}}"#
                ));
            }
            let e = read_bytes(text.as_bytes(), false).err().expect("fails");
            assert!(e.message.contains("not in the shape"), "{n}: {}", e.message);
        }
    }

    /// Records with the same tags hold one copy of them; a record without tags holds
    /// nothing; what is read of them is each record's own.
    #[test]
    fn equal_tags_are_held_once() {
        let queue = |i: usize, tags: &str| {
            format!(
                r#"{{"address":"aws_sqs_queue.q{i}","mode":"managed","type":"aws_sqs_queue","name":"q{i}","values":{{"name":"q{i}","tags_all":{tags}}}}}"#
            )
        };
        let resources = [
            queue(0, r#"{"team":"a","env":"prod"}"#),
            queue(1, r#"{"env":"prod","team":"a"}"#),
            queue(2, r#"{"team":"b","env":"prod"}"#),
            queue(3, "{}"),
        ];
        let text = format!(
            r#"{{"format_version":"1.0","values":{{"root_module":{{"resources":[{}]}}}}}}"#,
            resources.join(",")
        );
        let read = read_bytes(text.as_bytes(), false).expect("reads").resources;
        let held = |i: usize| read[i].tags.0.as_ref();
        let (a, b) = (held(0).expect("tags"), held(1).expect("tags"));
        assert!(std::sync::Arc::ptr_eq(a, b));
        assert!(!std::sync::Arc::ptr_eq(a, held(2).expect("tags")));
        assert!(held(3).is_none());
        assert_eq!(read[1].tags.get("team").map(String::as_str), Some("a"));
        assert_eq!(read[2].tags.get("team").map(String::as_str), Some("b"));
        assert_eq!(read[3].tags.iter().count(), 0);
    }

    #[test]
    fn only_output_that_starts_with_its_format_version_is_streamed() {
        assert!(starts(br#"{"format_version":"1.2","terraform_version""#));
        assert!(starts(b" \n{\n  \"format_version\": \"1.0\""));
        assert!(!starts(
            br#"{"terraform_version":"1.9","format_version":"1.0"}"#
        ));
        assert!(!starts(br#"{"Resources":{},"Outputs":{}}"#));
        assert!(!starts(b"\xef\xbb\xbf{\"format_version\""));
        assert!(!starts(b"{"));
        assert!(!starts(b""));
    }

    #[test]
    fn only_majors_zero_and_one() {
        assert!(check_version(Some("0.1"), "f").is_ok());
        assert!(check_version(Some("1.2"), "f").is_ok());
        let e = check_version(Some("2.0"), "f").unwrap_err().to_string();
        assert!(e.contains("format_version 2.0 is not supported"), "{e}");
    }
}
