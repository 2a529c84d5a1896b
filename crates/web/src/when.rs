//! Moments as people read them: in the viewer's language and time zone,
//! "2 december 2026 14:57" in Dutch and "2 December 2026 14:57" in English.
//! The month names come from the locale data chrono ships (glibc's), the
//! zone rules from the IANA database chrono-tz compiles in: no hand-written
//! month table, no daylight-saving arithmetic of our own.

use crate::i18n::Lang;
use chrono::{Locale, TimeZone, Utc};
use chrono_tz::Tz;

pub use verbinding_app::clock::DEFAULT_ZONE;

fn locale(lang: Lang) -> Locale {
    match lang {
        Lang::Nl => Locale::nl_NL,
        Lang::En => Locale::en_GB,
    }
}

/// A zone by its IANA name; the ministry's for a name that is not one.
pub fn zone(name: Option<&str>) -> Tz {
    verbinding_app::clock::zone_named(name)
}

/// A moment (milliseconds since the epoch) with its date and time.
pub fn moment(ms: i64, lang: Lang, zone: Tz) -> String {
    format(ms, lang, zone, "%-d %B %Y %H:%M")
}

/// A moment's calendar day in the zone.
pub fn day(ms: i64, lang: Lang, zone: Tz) -> String {
    format(ms, lang, zone, "%-d %B %Y")
}

fn format(ms: i64, lang: Lang, zone: Tz, pattern: &str) -> String {
    match Utc.timestamp_millis_opt(ms).single() {
        Some(t) => t.with_timezone(&zone).format_localized(pattern, locale(lang)).to_string(),
        None => String::new(),
    }
}

/// A day written `YYYY-MM-DD` as people read it ("20 november 2026"); the
/// text as it is when it is not such a day.
pub fn iso_day(text: &str, lang: Lang) -> String {
    match chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        Ok(d) => d.format_localized("%-d %B %Y", locale(lang)).to_string(),
        Err(_) => text.to_string(),
    }
}

/// The first moment (ms) of a day `YYYY-MM-DD` in the zone; none for a
/// text that is no such day.
pub fn day_start(text: &str, zone: Tz) -> Option<i64> {
    let day = chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()?;
    let midnight = day.and_hms_opt(0, 0, 0)?;
    Some(midnight.and_local_timezone(zone).earliest()?.timestamp_millis())
}

/// A moment typed in a form (`YYYY-MM-DDTHH:MM`, as a `datetime-local`
/// field sends it, or with a space) read in the viewer's zone, as RFC 3339
/// with its offset for the service. Anything else — RFC 3339 already, a
/// typing error, a minute the clock skips when summer time starts — is
/// passed on as typed, for the service to accept or name.
pub fn typed_moment(text: &str, zone: Tz) -> String {
    let trimmed = text.trim();
    let naive = chrono::NaiveDateTime::parse_from_str(trimmed, "%Y-%m-%dT%H:%M")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(trimmed, "%Y-%m-%d %H:%M"));
    match naive.ok().and_then(|n| n.and_local_timezone(zone).earliest()) {
        Some(t) => t.to_rfc3339(),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // 2 December 2026 13:57 UTC is 14:57 in Amsterdam (winter time, UTC+1).
    const WINTER: i64 = 1_796_219_820_000;
    // 1 July 2026 12:00 UTC is 14:00 in Amsterdam (summer time, UTC+2).
    const SUMMER: i64 = 1_782_907_200_000;

    #[test]
    fn moments_read_in_the_viewers_language_and_zone() {
        assert_eq!(moment(WINTER, Lang::Nl, DEFAULT_ZONE), "2 december 2026 14:57");
        assert_eq!(moment(WINTER, Lang::En, DEFAULT_ZONE), "2 December 2026 14:57");
        assert_eq!(moment(SUMMER, Lang::Nl, DEFAULT_ZONE), "1 juli 2026 14:00", "daylight saving time");
        assert_eq!(moment(WINTER, Lang::En, zone(Some("America/New_York"))), "2 December 2026 08:57");
        assert_eq!(day(WINTER, Lang::Nl, zone(Some("Asia/Tokyo"))), "2 december 2026");
        assert_eq!(zone(Some("Mars/Olympus")), DEFAULT_ZONE, "an unknown name falls back");
        assert_eq!(iso_day("2026-11-20", Lang::Nl), "20 november 2026");
        assert_eq!(iso_day("2026", Lang::En), "2026", "a year stays a year");
    }

    #[test]
    fn a_typed_moment_is_read_in_the_viewers_zone() {
        assert_eq!(typed_moment("2026-12-02T14:57", DEFAULT_ZONE), "2026-12-02T14:57:00+01:00");
        assert_eq!(typed_moment("2026-07-01 14:00", DEFAULT_ZONE), "2026-07-01T14:00:00+02:00");
        assert_eq!(typed_moment("2026-12-02T14:57", zone(Some("Asia/Tokyo"))), "2026-12-02T14:57:00+09:00");
        assert_eq!(
            typed_moment("2026-03-29T02:30", DEFAULT_ZONE),
            "2026-03-29T02:30",
            "a skipped minute stays as typed"
        );
        assert_eq!(typed_moment("morgen", DEFAULT_ZONE), "morgen");
        // 2 December 2026 begins at 23:00 UTC the day before in Amsterdam.
        assert_eq!(day_start("2026-12-02", DEFAULT_ZONE), Some(1_796_166_000_000));
        assert_eq!(day_start("2 december", DEFAULT_ZONE), None);
    }
}
