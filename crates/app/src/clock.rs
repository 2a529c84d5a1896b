//! Time is passed in: the server uses the system clock, tests a manual one,
//! so timeouts and deadlines are tested without sleeping.

use std::sync::atomic::{AtomicI64, Ordering};

pub trait Clock: Send + Sync {
    /// Milliseconds since the Unix epoch, UTC.
    fn now_ms(&self) -> i64;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
    }
}

/// A clock that only moves when told to.
pub struct ManualClock(AtomicI64);

impl ManualClock {
    pub fn new(start_ms: i64) -> Self {
        ManualClock(AtomicI64::new(start_ms))
    }

    pub fn advance_ms(&self, ms: i64) {
        self.0.fetch_add(ms, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }
}

/// `YYYY-MM-DD HH:MM` UTC for display.
pub fn format_ms(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .map(|t| {
            format!("{:04}-{:02}-{:02} {:02}:{:02} UTC", t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute())
        })
        .unwrap_or_default()
}

/// Where a person who chose no time zone is: the ministry's.
pub const DEFAULT_ZONE: chrono_tz::Tz = chrono_tz::Europe::Amsterdam;

/// A zone by its IANA name; the ministry's for none or a name that is not one.
pub fn zone_named(name: Option<&str>) -> chrono_tz::Tz {
    name.and_then(|n| n.parse::<chrono_tz::Tz>().ok()).unwrap_or(DEFAULT_ZONE)
}

/// The calendar day of the moment `ms` where the person is: their IANA time
/// zone, else the ministry's (Europe/Amsterdam), as `YYYY-MM-DD`. A review
/// held just after midnight in The Hague is held today, not yesterday.
pub fn day_in_zone(ms: i64, zone: Option<&str>) -> String {
    use chrono::TimeZone;
    let zone = zone_named(zone);
    match chrono::Utc.timestamp_millis_opt(ms).single() {
        Some(t) => t.with_timezone(&zone).format("%Y-%m-%d").to_string(),
        None => String::new(),
    }
}

/// The calendar date `days` after the moment `ms` (UTC), as `YYYY-MM-DD`.
pub fn date_after(ms: i64, days: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
        + time::Duration::days(days);
    format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day())
}

/// RFC 3339 for the API.
pub fn rfc3339(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok())
        .unwrap_or_default()
}

/// A moment typed as `YYYY-MM-DD HH:MM` or `YYYY-MM-DDTHH:MM` (UTC, as the
/// form says) or as RFC 3339 with an offset (the API), to ms since the epoch.
pub fn parse_moment(s: &str) -> Option<i64> {
    let s = s.trim();
    if let Ok(t) = time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339) {
        return i64::try_from(t.unix_timestamp_nanos() / 1_000_000).ok();
    }
    let (date, clock) = s.split_once(['T', ' '])?;
    if !verbinding_domain::directory::valid_date(date) || clock.len() != 5 || clock.as_bytes()[2] != b':' {
        return None;
    }
    let (h, m) = (clock[..2].parse::<u8>().ok()?, clock[3..].parse::<u8>().ok()?);
    let (y, mo, d) = (date[..4].parse::<i32>().ok()?, date[5..7].parse::<u8>().ok()?, date[8..].parse::<u8>().ok()?);
    let day = time::Date::from_calendar_date(y, time::Month::try_from(mo).ok()?, d).ok()?;
    let t = day.with_hms(h, m, 0).ok()?.assume_utc();
    i64::try_from(t.unix_timestamp_nanos() / 1_000_000).ok()
}

/// `YYYY-MM-DDTHH:MM` (UTC), the value a form field shows for a moment.
pub fn form_moment(ms: i64) -> String {
    format_ms(ms).trim_end_matches(" UTC").replacen(' ', "T", 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_day_is_the_persons_not_utcs() {
        // 2 December 2026 23:30 UTC is already 3 December in Amsterdam.
        let late = 1_796_254_200_000;
        assert_eq!(day_in_zone(late, None), "2026-12-03");
        assert_eq!(day_in_zone(late, Some("America/New_York")), "2026-12-02");
        assert_eq!(day_in_zone(late, Some("Mars/Olympus")), "2026-12-03", "an unknown zone is the ministry's");
    }

    #[test]
    fn moments_parse_in_utc_and_bad_ones_do_not() {
        assert_eq!(parse_moment("1970-01-02 00:01"), Some(86_460_000));
        assert_eq!(parse_moment("1970-01-02T00:01"), Some(86_460_000));
        assert_eq!(parse_moment("1970-01-02T02:01:00+02:00"), Some(86_460_000));
        for bad in ["", "tomorrow", "2026-02-30 10:00", "2026-01-01 25:00", "2026-01-01", "2026-01-01 1:00"] {
            assert_eq!(parse_moment(bad), None, "{bad}");
        }
        assert_eq!(form_moment(86_460_000), "1970-01-02T00:01");
    }
}
