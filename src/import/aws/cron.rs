//! AWS schedule expressions (AWS Backup rules, EventBridge): `rate(6 hours)` and AWS's
//! six-field cron, `cron(minutes hours day-of-month month day-of-week year)`, with `?` in one
//! of the day fields, `L` (last), `W` (nearest weekday), `#` (nth weekday of the month), day
//! of week 1–7 from Sunday (or `SUN`–`SAT`) and a year. The cron is translated to the
//! `croner` crate's Quartz-style patterns (seconds and year fields, weekdays from 1 =
//! Sunday), which decide which minutes fire; the worst interval between consecutive fire
//! times over the twelve months after a given instant is counted here, from the actual fire
//! times: `cron(0 5 1,15 * ? *)` backs up at most 17 days apart (the 15th to the 1st of a
//! 31-day month), not 31. Times are UTC, AWS Backup's default; a rule's own time zone shifts
//! fire times by hours, not the days these intervals are made of.

use std::time::Duration;

use croner::parser::{CronParser, Seconds, Year};
use croner::{CivilDate, CivilDateTime, CivilTime, Cron, CronDateTime, Resolution, Weekday};
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;

/// A schedule expression that is not one AWS accepts, or not one drplan reads.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    #[error("is neither cron(...) nor rate(...)")]
    NotCronOrRate,
    #[error(
        "has {0} fields: AWS's cron has six (minutes hours day-of-month month day-of-week year)"
    )]
    Fields(usize),
    #[error("sets both day-of-month and day-of-week: AWS requires ? in one of them")]
    BothDays,
    #[error("is not a rate AWS accepts: write e.g. rate(12 hours) (minutes, hours or days)")]
    Rate,
    #[error("is not a cron AWS accepts: {0}")]
    Cron(String),
}

/// The worst interval between consecutive recovery points, and whether the schedule stops
/// firing within the window (its year field ends): then the time from its last fire to the
/// window's end counts as an interval, and a schedule that never fires in the window has the
/// window as its interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Worst {
    pub interval: Duration,
    pub stops: bool,
    /// The shortest interval between consecutive fire times (what `N` recovery points span at
    /// least).
    pub shortest: Duration,
}

/// The worst interval of a schedule expression over the twelve months after `now`.
pub fn worst(expression: &str, now: jiff::Timestamp) -> Result<Worst, ScheduleError> {
    let s = expression.trim();
    if let Some(body) = s.strip_prefix("rate(").and_then(|b| b.strip_suffix(')')) {
        return rate(body).map(|interval| Worst {
            interval,
            stops: false,
            shortest: interval,
        });
    }
    let body = (s.strip_prefix("cron(").and_then(|b| b.strip_suffix(')')))
        .ok_or(ScheduleError::NotCronOrRate)?;
    let schedule = Schedule::parse(body)?;
    Ok(schedule.worst(now))
}

/// `rate(value unit)`: a whole number of minutes, hours or days, at least one.
fn rate(body: &str) -> Result<Duration, ScheduleError> {
    let mut parts = body.split_whitespace();
    let (Some(n), Some(unit), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(ScheduleError::Rate);
    };
    let n: u64 = n.parse().map_err(|_| ScheduleError::Rate)?;
    let secs: u64 = match unit {
        "minute" | "minutes" => 60,
        "hour" | "hours" => 3_600,
        "day" | "days" => 86_400,
        _ => return Err(ScheduleError::Rate),
    };
    let total = n.checked_mul(secs).ok_or(ScheduleError::Rate)?;
    if n == 0 || Duration::from_secs(total) > crate::duration::MAX {
        return Err(ScheduleError::Rate);
    }
    Ok(Duration::from_secs(total))
}

/// An AWS cron split in two croner patterns: the days it fires on, and the times of day.
struct Schedule {
    days: Cron,
    times: Vec<i64>,
}

impl Schedule {
    /// `minutes hours day-of-month month day-of-week year`, as inside `cron(...)`.
    pub fn parse(body: &str) -> Result<Schedule, ScheduleError> {
        let fields: Vec<&str> = body.split_whitespace().collect();
        let [minutes, hours, dom, month, dow, year] = fields[..] else {
            return Err(ScheduleError::Fields(fields.len()));
        };
        if dom != "?" && dow != "?" {
            return Err(ScheduleError::BothDays);
        }
        // Quartz reads a lone `L` in day-of-week as its last day, Saturday (7).
        let dow = if dow.eq_ignore_ascii_case("L") {
            "7"
        } else {
            dow
        };
        let parser = CronParser::builder()
            .seconds(Seconds::Required)
            .year(Year::Required)
            .alternative_weekdays(true)
            .sloppy_ranges(true)
            .build();
        let parse = |pattern: &str| {
            parser
                .parse(pattern)
                .map_err(|e| ScheduleError::Cron(e.to_string()))
        };
        let days = parse(&format!("0 0 0 {dom} {month} {dow} {year}"))?;
        let clock = parse(&format!("0 {minutes} {hours} * * ? *"))?;
        let midnight = Date::new(2000, 1, 1)
            .map_err(|e| ScheduleError::Cron(e.to_string()))?
            .to_datetime(jiff::civil::Time::midnight());
        let mut times = Vec::new();
        for minute in 0..24 * 60 {
            let t = midnight
                .checked_add(jiff::SignedDuration::from_mins(minute))
                .map_err(|e| ScheduleError::Cron(e.to_string()))?;
            if clock
                .is_time_matching(&Utc(t))
                .map_err(|e| ScheduleError::Cron(e.to_string()))?
            {
                times.push(minute * 60);
            }
        }
        if times.is_empty() {
            return Err(ScheduleError::Cron("no minute of the day matches".into()));
        }
        Ok(Schedule { days, times })
    }

    /// Whether the schedule fires on `date` (at some time of that day).
    fn fires_on(&self, date: Date) -> bool {
        self.days
            .is_time_matching(&Utc(date.to_datetime(jiff::civil::Time::midnight())))
            .unwrap_or(false)
    }

    /// The worst interval between consecutive fire times over the twelve months after `now`.
    pub fn worst(&self, now: jiff::Timestamp) -> Worst {
        let now_dt = now.to_zoned_datetime(TimeZone::UTC).datetime();
        let end_dt = now_dt
            .checked_add(jiff::Span::new().years(1))
            .unwrap_or(now_dt);
        let (start, end) = (seconds(now_dt), seconds(end_dt));
        // Fire times from `now`, until the first one at or past the window's end; the days
        // scanned run a year past it, so a yearly schedule still finds its next fire.
        let mut last: Option<i64> = None;
        let mut worst = 0i64;
        let mut shortest = i64::MAX;
        let mut date = now_dt.date();
        let limit = end_dt.date().checked_add(jiff::Span::new().days(367));
        let limit = limit.unwrap_or(end_dt.date());
        'days: while date <= limit {
            if self.fires_on(date) {
                let base = seconds(date.to_datetime(jiff::civil::Time::midnight()));
                for t in &self.times {
                    let fire = base + t;
                    if fire < start {
                        continue;
                    }
                    if let Some(prev) = last {
                        worst = worst.max(fire - prev);
                        shortest = shortest.min(fire - prev);
                    }
                    last = Some(fire);
                    if fire >= end {
                        break 'days;
                    }
                }
            }
            let Ok(next) = date.tomorrow() else { break };
            date = next;
        }
        let stops = last.is_none_or(|l| l < end);
        if stops {
            // Backups stop (or never start) within the window: the rest of it goes without.
            worst = worst.max(end - last.unwrap_or(start));
        }
        let secs = u64::try_from(worst).unwrap_or(0);
        let interval = Duration::from_secs(secs).min(crate::duration::MAX);
        Worst {
            interval,
            stops,
            shortest: u64::try_from(shortest)
                .map_or(interval, Duration::from_secs)
                .min(interval),
        }
    }
}

/// Seconds since the epoch of a UTC civil time.
fn seconds(dt: DateTime) -> i64 {
    dt.to_zoned_datetime(TimeZone::UTC)
        .map(|z| z.timestamp().as_second())
        .unwrap_or(0)
}

/// A UTC civil time, as croner asks for one: no daylight saving, so every wall clock time
/// happens exactly once.
#[derive(Debug, Clone, Copy)]
struct Utc(DateTime);

impl CronDateTime for Utc {
    fn to_civil(&self) -> CivilDateTime {
        let d = self.0;
        CivilDateTime::new(
            CivilDate::from_parts_unchecked(i32::from(d.year()), d.month() as u32, d.day() as u32),
            CivilTime::from_parts_unchecked(d.hour() as u32, d.minute() as u32, d.second() as u32),
        )
    }

    fn civil_weekday(&self) -> Weekday {
        Weekday::from_days_from_sunday(self.0.weekday().to_sunday_zero_offset() as u32)
    }

    fn resolve_civil(
        &self,
        civil: CivilDateTime,
    ) -> Result<Resolution<Self>, croner::errors::CronError> {
        let invalid = |_| croner::errors::CronError::InvalidDate;
        let dt = DateTime::new(
            i16::try_from(civil.year()).map_err(|_| croner::errors::CronError::InvalidDate)?,
            civil.month() as i8,
            civil.day() as i8,
            civil.hour() as i8,
            civil.minute() as i8,
            civil.second() as i8,
            0,
        )
        .map_err(invalid)?;
        Ok(Resolution::Single(Utc(dt)))
    }

    fn checked_add_seconds(&self, seconds: i64) -> Option<Self> {
        self.0
            .checked_add(jiff::SignedDuration::from_secs(seconds))
            .ok()
            .map(Utc)
    }

    fn cmp_instant(&self, other: &Self) -> std::cmp::Ordering {
        self.0.cmp(&other.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(date: &str) -> jiff::Timestamp {
        format!("{date}T00:00:00Z").parse().expect("a time")
    }

    fn days(n: u64) -> Duration {
        Duration::from_secs(n * 86_400)
    }

    fn hours(n: u64) -> Duration {
        Duration::from_secs(n * 3_600)
    }

    fn interval(expression: &str) -> Duration {
        worst(expression, at("2026-11-26"))
            .unwrap_or_else(|e| panic!("{expression}: {e}"))
            .interval
    }

    #[test]
    fn day_of_month_lists_give_the_real_worst_gap() {
        // The 15th to the 1st of a 31-day month: 17 days, not 31.
        assert_eq!(interval("cron(0 5 1,15 * ? *)"), days(17));
        assert_eq!(interval("cron(0 5 1 * ? *)"), days(31));
        assert_eq!(interval("cron(0 5 ? * * *)"), hours(24));
    }

    #[test]
    fn every_aws_form() {
        // Hours and minutes: lists, ranges, steps (`*/n` and AWS's `0/n`).
        assert_eq!(interval("cron(0 */12 * * ? *)"), hours(12));
        assert_eq!(interval("cron(0 0/6 * * ? *)"), hours(6));
        assert_eq!(interval("cron(15 * ? * * *)"), hours(1));
        assert_eq!(interval("cron(0 1,13 ? * * *)"), hours(12));
        assert_eq!(interval("cron(0 8-17 ? * * *)"), hours(15));
        assert_eq!(interval("cron(0/30 * ? * * *)"), Duration::from_secs(1_800));
        // Day of week, 1-7 from Sunday, or names: Friday to Monday is the worst gap.
        assert_eq!(interval("cron(0 5 ? * MON-FRI *)"), hours(72));
        assert_eq!(interval("cron(0 5 ? * 2-6 *)"), hours(72));
        assert_eq!(interval("cron(0 5 ? * SUN *)"), days(7));
        assert_eq!(interval("cron(0 5 ? * 1 *)"), days(7));
        // L: the last day of the month; 6L the last Friday; a lone L, Saturday.
        assert_eq!(interval("cron(0 5 L * ? *)"), days(31));
        assert_eq!(interval("cron(0 5 ? * 6L *)"), days(35));
        assert_eq!(interval("cron(0 5 ? * L *)"), days(7));
        // W: the weekday nearest the 15th; #: the first Monday.
        let w = interval("cron(0 5 15W * ? *)");
        assert!(w >= days(28) && w <= days(33), "{w:?}");
        assert_eq!(interval("cron(0 5 ? * 2#1 *)"), days(35));
        // Months by name and number: quarterly.
        assert_eq!(interval("cron(0 5 1 JAN,APR,JUL,OCT ? *)"), days(92));
        assert_eq!(interval("cron(0 5 1 1,4,7,10 ? *)"), days(92));
        // rate(...)
        assert_eq!(interval("rate(6 hours)"), hours(6));
        assert_eq!(interval("rate(1 day)"), hours(24));
        assert_eq!(interval("rate(90 minutes)"), Duration::from_secs(5_400));
    }

    #[test]
    fn years_end_a_schedule() {
        // Fires only in 2026: after its last fire on 31 December the rest of the window
        // goes without.
        let w = worst("cron(0 5 ? * * 2026)", at("2026-11-26")).expect("valid");
        assert!(w.stops);
        assert!(w.interval > days(320), "{w:?}");
        // Fires only from 2030: none in the window, which is then the interval.
        let w = worst("cron(0 5 ? * * 2030)", at("2026-11-26")).expect("valid");
        assert!(w.stops);
        assert_eq!(w.interval, days(365));
        // A yearly schedule finds its next fire past the window.
        let w = worst("cron(0 5 1 1 ? *)", at("2026-11-26")).expect("valid");
        assert!(!w.stops);
        assert_eq!(w.interval, days(365));
    }

    #[test]
    fn what_aws_refuses_is_an_error() {
        for (bad, why) in [
            ("every day", ScheduleError::NotCronOrRate),
            ("cron(0 5)", ScheduleError::Fields(2)),
            ("cron(0 5 * * * * *)", ScheduleError::Fields(7)),
            ("cron(0 5 1 * MON *)", ScheduleError::BothDays),
            ("rate(0 hours)", ScheduleError::Rate),
            ("rate(5 weeks)", ScheduleError::Rate),
            ("rate(99999999999999999 days)", ScheduleError::Rate),
        ] {
            assert_eq!(worst(bad, at("2026-11-26")), Err(why), "{bad}");
        }
        for bad in [
            "cron(0 5 ? * 9 *)",
            "cron(x 5 ? * * *)",
            "cron(0 25 ? * * *)",
        ] {
            assert!(
                matches!(worst(bad, at("2026-11-26")), Err(ScheduleError::Cron(_))),
                "{bad}"
            );
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, ..Default::default() })]

        /// The worst interval is a real gap between fire times: brute force over every minute
        /// of the window's first weeks agrees for daily schedules of a few hours, and a
        /// schedule that fires at more hours never has a worse interval.
        #[test]
        fn hour_lists_match_brute_force(
            hours in proptest::collection::btree_set(0u32..24, 1..6),
            minute in 0u32..60,
            start in 0i64..400,
        ) {
            let list: Vec<String> = hours.iter().map(u32::to_string).collect();
            let expression = format!("cron({minute} {} ? * * *)", list.join(","));
            let now = at("2026-01-01") .checked_add(jiff::SignedDuration::from_hours(start * 7)).expect("in range");
            let got = worst(&expression, now).expect("valid").interval;
            let sorted: Vec<u32> = hours.iter().copied().collect();
            let mut expect = 24 + sorted[0] - sorted[sorted.len() - 1];
            for w in sorted.windows(2) {
                expect = expect.max(w[1] - w[0]);
            }
            proptest::prop_assert_eq!(got, Duration::from_secs(u64::from(expect) * 3_600));
            let fewer = format!("cron({minute} {} ? * * *)", sorted[0]);
            proptest::prop_assert!(worst(&fewer, now).expect("valid").interval >= got);
        }

        /// Day-of-month lists: the worst gap is the largest distance between consecutive
        /// days of the months in the window, counted on the calendar.
        #[test]
        fn day_lists_match_the_calendar(
            doms in proptest::collection::btree_set(1u32..29, 1..5),
            month_offset in 0i64..24,
        ) {
            let list: Vec<String> = doms.iter().map(u32::to_string).collect();
            let expression = format!("cron(0 0 {} * ? *)", list.join(","));
            let now = Date::new(2026, 1, 1).expect("a date")
                .checked_add(jiff::Span::new().months(month_offset)).expect("in range")
                .to_zoned_datetime(TimeZone::UTC).expect("UTC").timestamp();
            let got = worst(&expression, now).expect("valid").interval;
            // Every fire in the window and one past it, day by day on the calendar.
            let mut fires = Vec::new();
            let mut d = now.to_zoned_datetime(TimeZone::UTC).datetime().date();
            let end = d.checked_add(jiff::Span::new().years(1)).expect("in range");
            loop {
                if doms.contains(&(d.day() as u32)) {
                    fires.push(d);
                    if d >= end { break; }
                }
                d = d.tomorrow().expect("in range");
            }
            let expect = fires.windows(2).map(|w| w[1].since(w[0]).expect("days").get_days()).max().expect("fires");
            proptest::prop_assert_eq!(got, Duration::from_secs(expect as u64 * 86_400));
        }
    }
}
