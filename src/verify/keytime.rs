//! Timestamps written into object keys (`backup.time_from: "key"`, docs/verify.md).
//!
//! Backup jobs name their output after the time they ran: `orders-2026-11-26T0300Z.dump`,
//! `pg_20261126T030000.tar.gz`, `2026-11-26/`. The forms read here, all as UTC:
//!
//! | form | example | precision |
//! | --- | --- | --- |
//! | extended date and time | `2026-11-26T03:00:00Z`, `2026-11-26T0300Z`, `2026-11-26_03-00` | minutes or seconds |
//! | basic date and time | `20261126T030000`, `20261126T0300Z`, `20261126_0300` | minutes or seconds |
//! | extended date | `2026-11-26` | day |
//! | basic date | `20261126` | day |
//!
//! A timestamp must not touch other digits (`120261126` is not a date). When a key holds
//! several, the most precise wins, then the last (the file name over its folder).

use jiff::Timestamp;
use jiff::civil::DateTime;
use jiff::tz::TimeZone;

/// How much of a time a match carried; more is better when a key holds several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Precision {
    Day,
    Minute,
    Second,
}

/// The timestamp a key carries, if any.
pub fn parse_key_time(key: &str) -> Option<Timestamp> {
    let bytes = key.as_bytes();
    let mut best: Option<(Precision, usize, Timestamp)> = None;
    for start in 0..bytes.len() {
        let at_boundary = start == 0 || !bytes[start - 1].is_ascii_digit();
        if !at_boundary || !bytes[start].is_ascii_digit() {
            continue;
        }
        if let Some((precision, ts)) = match_at(&bytes[start..]) {
            let better = best.is_none_or(|(p, s, _)| (precision, start) > (p, s));
            if better {
                best = Some((precision, start, ts));
            }
        }
    }
    best.map(|(_, _, ts)| ts)
}

/// A cursor over the bytes of a candidate timestamp.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    /// Exactly `n` ASCII digits as a number.
    fn digits(&mut self, n: usize) -> Option<i32> {
        let run = self.bytes.get(self.at..self.at + n)?;
        if !run.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.at += n;
        Some(run.iter().fold(0, |v, b| v * 10 + i32::from(b - b'0')))
    }

    fn eat(&mut self, options: &[u8]) -> bool {
        match self.bytes.get(self.at) {
            Some(b) if options.contains(b) => {
                self.at += 1;
                true
            }
            _ => false,
        }
    }

    fn peek_digit(&self) -> bool {
        self.bytes.get(self.at).is_some_and(u8::is_ascii_digit)
    }
}

/// The longest timestamp starting at the beginning of `bytes`.
fn match_at(bytes: &[u8]) -> Option<(Precision, Timestamp)> {
    let mut c = Cursor { bytes, at: 0 };
    let year = c.digits(4)?;
    let extended = c.eat(b"-");
    let month = c.digits(2)?;
    if extended && !c.eat(b"-") {
        return None;
    }
    let day = c.digits(2)?;
    if c.peek_digit() {
        return None;
    }
    let date_end = c.at;
    let date_only = |c: &Cursor| {
        (!c.bytes.get(date_end).is_some_and(u8::is_ascii_digit))
            .then(|| to_timestamp(year, month, day, 0, 0, 0).map(|ts| (Precision::Day, ts)))
            .flatten()
    };
    let separated = c.eat(b"T_ ") || (extended && c.eat(b"-"));
    if !separated {
        return date_only(&c);
    }
    // From here on a time may follow; if it does not parse, the date alone still counts.
    let time = (|| {
        let hour = c.digits(2)?;
        let colon = c.eat(b":") || (extended && c.eat(b"-"));
        let minute = c.digits(2)?;
        let mut precision = Precision::Minute;
        let mut second = 0;
        let has_seconds = if colon {
            c.eat(b":") || c.eat(b"-")
        } else {
            c.peek_digit()
        };
        if has_seconds {
            second = c.digits(2)?;
            precision = Precision::Second;
            if c.eat(b".") {
                while c.peek_digit() {
                    c.at += 1;
                }
            }
        } else if c.peek_digit() {
            return None;
        }
        c.eat(b"Z");
        if c.peek_digit() {
            return None;
        }
        to_timestamp(year, month, day, hour, minute, second).map(|ts| (precision, ts))
    })();
    time.or_else(|| date_only(&c))
}

fn to_timestamp(
    year: i32,
    month: i32,
    day: i32,
    hour: i32,
    minute: i32,
    second: i32,
) -> Option<Timestamp> {
    // Four digits that are not a plausible backup year are more likely a counter.
    if !(1970..=2200).contains(&year) {
        return None;
    }
    let dt = DateTime::new(
        i16::try_from(year).ok()?,
        i8::try_from(month).ok()?,
        i8::try_from(day).ok()?,
        i8::try_from(hour).ok()?,
        i8::try_from(minute).ok()?,
        i8::try_from(second).ok()?,
        0,
    )
    .ok()?;
    dt.to_zoned_datetime(TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(text: &str) -> Timestamp {
        text.parse().expect("test fixture is valid")
    }

    #[test]
    fn reads_the_three_forms_of_the_spec() {
        assert_eq!(
            parse_key_time("db/orders-2026-11-26T0300Z.dump"),
            Some(ts("2026-11-26T03:00:00Z"))
        );
        assert_eq!(
            parse_key_time("db/pg_20261126T030000.tar.gz"),
            Some(ts("2026-11-26T03:00:00Z"))
        );
        assert_eq!(
            parse_key_time("db/2026-11-26/full.tar"),
            Some(ts("2026-11-26T00:00:00Z"))
        );
    }

    #[test]
    fn reads_common_variants() {
        for (key, want) in [
            ("x/2026-11-26T03:04:05Z.gz", "2026-11-26T03:04:05Z"),
            ("x/2026-11-26T03:04:05.123Z.gz", "2026-11-26T03:04:05Z"),
            ("x/2026-11-26_03-04-05.gz", "2026-11-26T03:04:05Z"),
            ("x/2026-11-26T0304.gz", "2026-11-26T03:04:00Z"),
            ("x/20261126T0304Z", "2026-11-26T03:04:00Z"),
            ("x/20261126_030405", "2026-11-26T03:04:05Z"),
            ("backup-20261126.tar", "2026-11-26T00:00:00Z"),
        ] {
            assert_eq!(parse_key_time(key), Some(ts(want)), "{key}");
        }
    }

    #[test]
    fn the_most_precise_then_the_last_wins() {
        assert_eq!(
            parse_key_time("2026-11-01/dump-2026-11-26T0300Z"),
            Some(ts("2026-11-26T03:00:00Z"))
        );
        assert_eq!(
            parse_key_time("2026-11-01/2026-11-02/x"),
            Some(ts("2026-11-02T00:00:00Z"))
        );
        assert_eq!(
            parse_key_time("2026-11-26T0300Z/2026-11-27"),
            Some(ts("2026-11-26T03:00:00Z"))
        );
    }

    #[test]
    fn rejects_what_is_not_a_timestamp() {
        for key in [
            "db/latest.dump",
            "db/120261126.dump",
            "db/2026112601.dump",
            "db/2026-13-01.dump",
            "db/2026-02-30.dump",
            "db/0001-01-01.dump",
            "db/2026-11",
            "",
        ] {
            assert_eq!(parse_key_time(key), None, "{key}");
        }
    }

    #[test]
    fn an_impossible_time_falls_back_to_the_date() {
        assert_eq!(
            parse_key_time("x/2026-11-26T2561"),
            Some(ts("2026-11-26T00:00:00Z"))
        );
    }

    proptest::proptest! {
        /// Any key gives an answer or none, never a panic.
        #[test]
        fn never_panics(key in ".{0,64}") {
            let _ = parse_key_time(&key);
        }

        /// A timestamp written in the basic form reads back as itself.
        #[test]
        fn round_trips(secs in 0i64..4_000_000_000) {
            let t = Timestamp::from_second(secs).expect("test fixture is valid");
            let key = format!("b/{}", t.strftime("%Y%m%dT%H%M%SZ"));
            proptest::prop_assert_eq!(parse_key_time(&key), Some(t));
        }
    }
}
