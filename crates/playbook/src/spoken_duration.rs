//! Durations as people type them in a form — "4 uur", "2 dagen",
//! "1 dag 12 uur", "30 minutes" — besides the ISO 8601 form the draaiboeken
//! carry (`PT4H`). Pure: text in, seconds out.

/// Seconds per unit, by the words (Dutch and English, singular, plural and
/// the usual short forms) people write for it.
const UNITS: &[(&[&str], i64)] = &[
    (&["w", "wk", "week", "weken", "weeks"], 7 * 86_400),
    (&["d", "dag", "dagen", "day", "days"], 86_400),
    (&["u", "uur", "uren", "h", "hr", "hrs", "hour", "hours"], 3_600),
    (&["m", "min", "mins", "minuut", "minuten", "minute", "minutes"], 60),
    (&["s", "sec", "seconde", "seconden", "second", "seconds"], 1),
];

/// Units whose length depends on the calendar: refused as in ISO form.
const CALENDAR: &[&str] = &["maand", "maanden", "month", "months", "jaar", "jaren", "year", "years"];

/// A duration typed in words or in ISO 8601, in seconds. Words: one or more
/// "number unit" pairs, optionally joined by "en", "and" or commas
/// ("1 dag en 4 uur"). Errors are the finding codes of ISO durations:
/// `duration_invalid`, or `duration_calendar_units` for months and years.
pub fn parse(text: &str) -> Result<i64, &'static str> {
    let text = text.trim();
    if text.starts_with(['P', 'p']) && !text.contains(' ') {
        return crate::extension::parse_duration(&text.to_uppercase());
    }
    let lower = text.to_lowercase().replace(',', " ");
    // "4uur" as well as "4 uur": split where digits and letters meet.
    let mut spaced = String::with_capacity(lower.len() + 8);
    let mut previous: Option<char> = None;
    for c in lower.chars() {
        if let Some(p) = previous
            && (p.is_ascii_digit() && c.is_alphabetic() || p.is_alphabetic() && c.is_ascii_digit())
        {
            spaced.push(' ');
        }
        spaced.push(c);
        previous = Some(c);
    }
    let words: Vec<&str> = spaced.split_whitespace().filter(|w| !matches!(*w, "en" | "and")).collect();
    if words.is_empty() || !words.len().is_multiple_of(2) {
        return Err("duration_invalid");
    }
    let mut total: i64 = 0;
    for pair in words.chunks(2) {
        let n: i64 = pair[0].parse().map_err(|_| "duration_invalid")?;
        if CALENDAR.contains(&pair[1]) {
            return Err("duration_calendar_units");
        }
        let seconds = UNITS.iter().find(|(names, _)| names.contains(&pair[1])).ok_or("duration_invalid")?.1;
        total = n.checked_mul(seconds).and_then(|v| total.checked_add(v)).ok_or("duration_invalid")?;
    }
    if total == 0 { Err("duration_invalid") } else { Ok(total) }
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn words_in_dutch_and_english() {
        assert_eq!(parse("4 uur"), Ok(4 * 3_600));
        assert_eq!(parse("2 dagen"), Ok(2 * 86_400));
        assert_eq!(parse("1 dag en 12 uur"), Ok(36 * 3_600));
        assert_eq!(parse("1 week"), Ok(7 * 86_400));
        assert_eq!(parse("30 minuten"), Ok(1_800));
        assert_eq!(parse("4 hours"), Ok(4 * 3_600));
        assert_eq!(parse("2 days, 3 hours"), Ok(51 * 3_600));
        assert_eq!(parse("4u"), Ok(4 * 3_600));
        assert_eq!(parse("90 sec"), Ok(90));
    }

    #[test]
    fn iso_still_works() {
        assert_eq!(parse("PT4H"), Ok(4 * 3_600));
        assert_eq!(parse("p2d"), Ok(2 * 86_400));
    }

    #[test]
    fn nonsense_and_calendar_units_are_refused() {
        for bad in ["", "uur", "4", "vier uur", "4 lichtjaar", "0 uur", "4 uur 3"] {
            assert_eq!(parse(bad), Err("duration_invalid"), "{bad}");
        }
        assert_eq!(parse("2 maanden"), Err("duration_calendar_units"));
        assert_eq!(parse("1 year"), Err("duration_calendar_units"));
        assert_eq!(parse("P1M"), Err("duration_calendar_units"));
    }
}
