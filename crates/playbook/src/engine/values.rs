//! Values of CACAO variables (always strings) checked against their declared
//! type, and RFC 3339 moments as unix seconds.

use serde_json::Value;

/// Checks `value` against the CACAO variable type; `Err` says what was expected.
/// Types outside the CACAO vocabulary (and `string`) accept any text.
pub fn check_type(kind: &str, value: &str) -> Result<(), &'static str> {
    let hex = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_hexdigit());
    let ok = match kind {
        "bool" => value == "true" || value == "false",
        "integer" | "long" => value.parse::<i64>().is_ok(),
        "float" => value.parse::<f64>().is_ok_and(f64::is_finite) && !value.trim().is_empty(),
        "uuid" => is_uuid(value),
        "uri" => is_uri(value),
        "ipv4-addr" => is_ipv4(value),
        "ipv6-addr" => is_ipv6(value),
        "mac-addr" => is_mac(value),
        "hexstring" | "hash" => hex(value),
        "md5-hash" => value.len() == 32 && hex(value),
        "sha256-hash" => value.len() == 64 && hex(value),
        "dictionary" => serde_json::from_str::<Value>(value).is_ok_and(|v| v.is_object()),
        _ => true,
    };
    if ok { Ok(()) } else { Err(expected(kind)) }
}

fn expected(kind: &str) -> &'static str {
    match kind {
        "bool" => "true or false",
        "integer" | "long" => "a whole number",
        "float" => "a number",
        "uuid" => "a UUID (8-4-4-4-12 hexadecimal digits)",
        "uri" => "a URI with a scheme (https://…)",
        "ipv4-addr" => "an IPv4 address, optionally with /prefix",
        "ipv6-addr" => "an IPv6 address, optionally with /prefix",
        "mac-addr" => "a MAC address (six hexadecimal pairs)",
        "hexstring" | "hash" => "hexadecimal digits",
        "md5-hash" => "32 hexadecimal digits",
        "sha256-hash" => "64 hexadecimal digits",
        "dictionary" => "a JSON object",
        _ => "text",
    }
}

fn is_uuid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts.iter().zip([8, 4, 4, 4, 12]).all(|(p, n)| p.len() == n && p.chars().all(|c| c.is_ascii_hexdigit()))
}

fn is_uri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else { return false };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !s.chars().any(char::is_whitespace)
}

fn prefix(s: &str, max: u8) -> Option<&str> {
    match s.split_once('/') {
        Some((addr, p)) => p.parse::<u8>().ok().filter(|p| *p <= max).map(|_| addr),
        None => Some(s),
    }
}

fn is_ipv4(s: &str) -> bool {
    prefix(s, 32).is_some_and(|a| a.parse::<std::net::Ipv4Addr>().is_ok())
}

fn is_ipv6(s: &str) -> bool {
    prefix(s, 128).is_some_and(|a| a.parse::<std::net::Ipv6Addr>().is_ok())
}

fn is_mac(s: &str) -> bool {
    let parts: Vec<&str> = s.split([':', '-']).collect();
    parts.len() == 6 && parts.iter().all(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_hexdigit()))
}

/// A CACAO variable's JSON `value` as the engine keeps it: strings as they
/// are, numbers and booleans as their JSON text, objects as compact JSON,
/// null (or absent) as unknown.
pub fn from_json(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// An RFC 3339 date-time (`2025-03-01T17:00:00+01:00`, `…Z`, fractions of a
/// second dropped) as unix seconds.
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() < 20 {
        return None;
    }
    let num = |from: usize, len: usize| -> Option<i64> {
        let s = text.get(from..from + len)?;
        s.bytes().all(|c| c.is_ascii_digit()).then(|| s.parse().ok())?
    };
    let (y, mo, d) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (h, mi, s) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    if b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let month_days = [31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if !(1..=12).contains(&mo) || d < 1 || d > month_days[(mo - 1) as usize] || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    let mut i = 19;
    if b.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return None;
        }
    }
    let offset = match b.get(i)? {
        b'Z' | b'z' if i + 1 == b.len() => 0,
        sign @ (b'+' | b'-') if i + 6 == b.len() && b[i + 3] == b':' => {
            let (oh, om) = (num(i + 1, 2)?, num(i + 4, 2)?);
            if oh > 23 || om > 59 {
                return None;
            }
            let o = oh * 3600 + om * 60;
            if *sign == b'-' { -o } else { o }
        }
        _ => return None,
    };
    Some(days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s.min(59) - offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_moments_with_offsets() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_rfc3339("2025-03-01T17:00:00+01:00"), Some(1_740_844_800));
        assert_eq!(parse_rfc3339("2025-03-01T16:00:00.250Z"), Some(1_740_844_800));
        assert_eq!(parse_rfc3339("2024-02-29t12:00:00-05:30"), Some(1_709_227_800));
        for bad in ["", "2025-02-30T00:00:00Z", "2025-03-01T17:00:00", "2025-03-01T25:00:00Z", "2025-3-1T17:00:00Z"] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn typed_values() {
        for (kind, good, bad) in [
            ("bool", "true", "yes"),
            ("integer", "-42", "4.2"),
            ("long", "9000000000", "x"),
            ("float", "4.25", "NaN"),
            ("uuid", "6ba7b810-9dad-11d1-80b4-00c04fd430c8", "6ba7b810"),
            ("uri", "https://ncsc.nl/x", "not a uri"),
            ("ipv4-addr", "10.0.0.0/8", "10.0.0.256"),
            ("ipv6-addr", "2001:db8::1", "2001:db8::g"),
            ("mac-addr", "00:1a:2b:3c:4d:5e", "00:1a:2b"),
            ("md5-hash", "d41d8cd98f00b204e9800998ecf8427e", "d41d"),
            ("dictionary", "{\"a\":1}", "[1]"),
        ] {
            assert_eq!(check_type(kind, good), Ok(()), "{kind} {good}");
            assert!(check_type(kind, bad).is_err(), "{kind} {bad}");
        }
        assert_eq!(check_type("string", ""), Ok(()));
        assert_eq!(check_type("x-our-own", "anything"), Ok(()));
    }
}
