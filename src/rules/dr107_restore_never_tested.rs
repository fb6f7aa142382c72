//! DR107 `restore-never-tested`: the rule, its check, and what its findings carry.

use std::fmt::{self, Write};

use jiff::civil::Date;

use super::{Ctx, Detail, Sink};
use crate::mechanisms;
use crate::duration::Human;
use crate::model::CompIdx;

declare_rule! {
    "DR107" "restore-never-tested" {
        severity: Medium,
        category: Data,
        summary: "Fires on a component with backups but no proven restore within 90 days of `--now` (today when not given): neither `backup.last_restore_test` nor a restore AWS Backup ran and validated (`assess --evidence`), whichever is newer.",
        why: r#"A backup is a hypothesis until a restore proves it. Restores fail for mundane reasons: the
job backed up the wrong volume, the snapshot's KMS key was deleted or is not shared with the
recovery account, the dump is truncated, the restore takes five times longer than assumed, or
nobody remembers the steps. Untested, both the RPO (is there a usable recovery point?) and the
RTO (the restore term drplan computes from `data_gb` and `restore_mb_per_sec`) are guesses.
Testing regularly catches the drift in size, schema and permissions."#,
        fix: r#"- Restore the newest recovery point into an isolated environment, validate the data (row
  counts, checksums, an application smoke test), time it, then record the date and the measured
  speed: `"backup": {"last_restore_test": "2026-11-01", "restore_mb_per_sec": 150}`.
- Automate it with AWS Backup restore testing: a restore testing plan on a schedule, with a
  validation Lambda triggered through EventBridge that reports the result.
- Feed measurements back: `drplan verify --deep` measures the download throughput, and an
  `observability.drills` entry records a measured RTO (DR404)."#,
    }
}

fn check(ctx: &Ctx, sink: &mut Sink) {
    let max_age = ctx.options.assumptions.restore_test_max_age;
    for (i, _, backup) in ctx.backed_up_stores() {
        // The newer of the declared date and the last restore AWS Backup validated.
        let verified = (ctx.assessment.core.measured_of(i).last_verified_restore).map(|r| r.date);
        let last = backup.last_restore_test.max(verified);
        if ctx.stale(last, max_age) {
            sink.report(i, Unproven { last });
        }
    }
}

/// The last restore test, if there ever was one.
#[derive(Debug)]
struct Unproven {
    last: Option<Date>,
}

impl Detail for Unproven {
    fn message(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        match self.last {
            Some(date) => write!(
                w,
                "{}'s last restore test was on {date}, more than {} before {}",
                ctx.id(c),
                Human(ctx.options.assumptions.restore_test_max_age),
                ctx.options.now
            ),
            None => write!(
                w,
                "{}'s backups have never been restored in a test: the restore time and the backups themselves are unproven",
                ctx.id(c)
            ),
        }
    }

    fn remediation(&self, ctx: &Ctx, c: CompIdx, w: &mut dyn Write) -> fmt::Result {
        let comp = ctx.component(c);
        write!(
            w,
            "Restore the latest recovery point into a scratch environment ({}), time it, and record \"last_restore_test\"{}.",
            mechanisms::of(comp).restore_testing,
            if comp.beyond_aws().is_some() {
                ""
            } else {
                "; feed the measured throughput back with `drplan verify --deep`"
            }
        )
    }
}
