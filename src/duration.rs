//! Durations as the input writes them (humantime `"1h 30m"` or ISO-8601 `"PT1H30M"`) and as
//! the outputs print them (whole seconds, rounded up; `1h 8m 16s` for people).

use std::fmt;
use std::time::Duration;

/// The longest duration accepted (100 years): anything longer is a typo, and keeping figures
/// bounded keeps every sum exact.
pub const MAX: Duration = Duration::from_secs(100 * 365 * 86_400);

/// A text that is not a duration drplan accepts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DurationError {
    #[error("{0:?} is not a duration; use e.g. \"1h\", \"15m\", \"90s\" or \"PT15M\"")]
    NotADuration(String),
    #[error("{0:?} is longer than 100 years: is it a typo?")]
    TooLong(String),
}

/// A number of seconds or days (from a file) that is no duration drplan accepts.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
pub enum NumberError {
    #[error("is not a number")]
    NotANumber,
    #[error("is negative")]
    Negative,
    #[error("is longer than 100 years")]
    TooLong,
}

/// Float seconds as a duration, checked: NaN, infinities, negative values and anything over
/// [`MAX`] (1e308, 2^64) are errors, never a panic or a silent wrap.
pub fn from_secs(secs: f64) -> Result<Duration, NumberError> {
    if secs.is_nan() {
        return Err(NumberError::NotANumber);
    }
    if secs < 0.0 {
        return Err(NumberError::Negative);
    }
    // Also catches +infinity; MAX is far inside what `Duration` holds.
    if secs > MAX.as_secs_f64() {
        return Err(NumberError::TooLong);
    }
    Ok(Duration::from_secs_f64(secs))
}

/// Float days as a duration, checked as [`from_secs`].
pub fn from_days(days: f64) -> Result<Duration, NumberError> {
    from_secs(days * 86_400.0)
}

/// Parses a duration string in humantime form (`"90s"`, `"15m"`, `"1h 30m"`, `"35d"`) or
/// ISO-8601 form (`"PT15M"`, `"P1DT2H"`).
pub fn parse(text: &str) -> Result<Duration, DurationError> {
    let trimmed = text.trim();
    let parsed = if trimmed.starts_with('P') || trimmed.starts_with('p') {
        parse_iso8601(trimmed)
    } else if humantime_tokens_ok(trimmed) {
        humantime::parse_duration(trimmed).ok()
    } else {
        None
    };
    match parsed {
        Some(d) if d > MAX => Err(DurationError::TooLong(text.to_string())),
        Some(d) => Ok(d),
        None => Err(DurationError::NotADuration(text.to_string())),
    }
}

/// humantime accepts `"1 hr"` (a space between number and unit) and months and years (which
/// have no fixed length); drplan does not: every token is `<number><unit>` (`"1h 30m"`,
/// `"1h30m"`), in units from nanoseconds to weeks.
fn humantime_tokens_ok(text: &str) -> bool {
    const UNITS: &[&str] = &[
        "nsec", "ns", "usec", "us", "msec", "ms", "seconds", "second", "sec", "secs", "s",
        "minutes", "minute", "min", "mins", "m", "hours", "hour", "hr", "hrs", "h", "days", "day",
        "d", "weeks", "week", "w",
    ];
    !text.is_empty()
        && text.split_whitespace().all(|token| {
            let mut rest = token;
            while !rest.is_empty() {
                let digits = rest
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(rest.len());
                if digits == 0 {
                    return false;
                }
                rest = &rest[digits..];
                let unit_len = rest
                    .find(|c: char| c.is_ascii_digit())
                    .unwrap_or(rest.len());
                if !UNITS.contains(&&rest[..unit_len]) {
                    return false;
                }
                rest = &rest[unit_len..];
            }
            true
        })
}

/// ISO-8601 durations with days, hours, minutes and seconds (`PnDTnHnMnS`, `PnW`). Years and
/// months are rejected: they have no fixed length.
fn parse_iso8601(text: &str) -> Option<Duration> {
    let body = text.get(1..)?.to_ascii_uppercase();
    if body.is_empty() {
        return None;
    }
    let (date, time) = match body.split_once('T') {
        Some((d, t)) if !t.is_empty() => (d.to_string(), Some(t.to_string())),
        Some(_) => return None,
        None => (body.clone(), None),
    };
    let mut total = 0f64;
    total += iso_part(&date, &[('W', 604_800.0), ('D', 86_400.0)])?;
    if let Some(time) = time {
        total += iso_part(&time, &[('H', 3600.0), ('M', 60.0), ('S', 1.0)])?;
    }
    if !(0.0..=1e15).contains(&total) {
        return None;
    }
    // Past 100 years: any duration over MAX, for `parse` to call too long.
    Some(from_secs(total).unwrap_or(MAX + Duration::from_secs(1)))
}

/// Sums `<number><unit>` pairs whose units appear in `units`, in that order, each at most once.
fn iso_part(text: &str, units: &[(char, f64)]) -> Option<f64> {
    let mut total = 0.0;
    let mut rest = text;
    let mut next_unit = 0;
    while !rest.is_empty() {
        let end = rest.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))?;
        let number: f64 = rest[..end].replace(',', ".").parse().ok()?;
        let unit = rest[end..].chars().next()?;
        let position = units[next_unit..].iter().position(|(u, _)| *u == unit)?;
        total += number * units[next_unit + position].1;
        next_unit += position + 1;
        rest = &rest[end + unit.len_utf8()..];
    }
    Some(total)
}

/// Whole seconds, rounded up: every duration drplan prints is in this unit.
pub fn secs(d: Duration) -> u64 {
    d.as_secs().saturating_add(u64::from(d.subsec_nanos() > 0))
}

/// A duration for people: `1h 8m 16s`, `5m`, `0s`, `2d 4h`.
pub struct Human(pub Duration);

impl fmt::Display for Human {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = secs(self.0);
        if s == 0 {
            return f.write_str("0s");
        }
        let mut first = true;
        for (unit, size) in [("d", 86_400), ("h", 3600), ("m", 60), ("s", 1)] {
            if s >= size {
                if !first {
                    f.write_str(" ")?;
                }
                write!(f, "{}{unit}", s / size)?;
                s %= size;
                first = false;
            }
        }
        Ok(())
    }
}

/// `Human` for whole seconds.
pub fn human_secs(s: u64) -> String {
    Human(Duration::from_secs(s)).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn humantime_and_iso_agree() {
        for (a, b) in [
            ("15m", "PT15M"),
            ("1h 30m", "PT1H30M"),
            ("35d", "P35D"),
            ("90s", "PT90S"),
            ("1d 2h", "P1DT2H"),
            ("1h30m", "PT1H30M"),
        ] {
            assert_eq!(
                parse(a).expect("test fixture is valid"),
                parse(b).expect("test fixture is valid"),
                "{a} vs {b}"
            );
        }
        assert_eq!(
            parse("P1W").expect("test fixture is valid"),
            Duration::from_secs(7 * 86_400)
        );
        assert_eq!(
            parse("PT0.5S").expect("test fixture is valid"),
            Duration::from_millis(500)
        );
    }

    #[test]
    fn rejects_what_is_not_a_duration() {
        for bad in [
            "1 hr", "2 months", "1y", "1h 30", "", "P", "PT", "P1Y", "P1M", "PT1H1H", "PT1M1H",
            "15", "abc", "P-1D",
        ] {
            assert!(parse(bad).is_err(), "{bad} should be rejected");
        }
        assert!((parse("1 hr").unwrap_err().to_string()).contains("use e.g. \"1h\""));
        assert!((parse("36501d").unwrap_err().to_string()).contains("longer than 100 years"));
        assert!(parse("36500d").is_ok());
    }

    #[test]
    fn float_seconds_and_days_are_checked() {
        assert_eq!(from_secs(1.5), Ok(Duration::from_millis(1500)));
        assert_eq!(from_days(35.0), Ok(Duration::from_secs(35 * 86_400)));
        assert_eq!(from_days(36_500.0), Ok(MAX));
        assert_eq!(from_secs(0.0), Ok(Duration::ZERO));
        for (bad, why) in [
            (f64::NAN, NumberError::NotANumber),
            (-1.0, NumberError::Negative),
            (f64::NEG_INFINITY, NumberError::Negative),
            (f64::INFINITY, NumberError::TooLong),
            (1e308, NumberError::TooLong),
            (18_446_744_073_709_551_616.0, NumberError::TooLong),
        ] {
            assert_eq!(from_secs(bad), Err(why), "{bad}");
        }
        assert_eq!(from_days(36_501.0), Err(NumberError::TooLong));
        assert_eq!(from_days(1e300), Err(NumberError::TooLong));
    }

    #[test]
    fn prints_whole_seconds_rounded_up() {
        assert_eq!(secs(Duration::from_millis(1001)), 2);
        assert_eq!(Human(Duration::from_secs(4096)).to_string(), "1h 8m 16s");
        assert_eq!(Human(Duration::ZERO).to_string(), "0s");
        assert_eq!(human_secs(86_400 + 3600), "1d 1h");
    }
}
