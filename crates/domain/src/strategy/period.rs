//! The periods indicators are measured in: a whole year or a quarter. No
//! day is invented where only a year is known.

use super::Frequency;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    pub year: i32,
    /// 1–4; none for a whole year.
    pub quarter: Option<u8>,
}

impl Period {
    pub fn year(year: i32) -> Period {
        Period { year, quarter: None }
    }

    pub fn quarter(year: i32, quarter: u8) -> Period {
        Period { year, quarter: Some(quarter) }
    }

    /// Reads "2024", "2024-Q1", "2024 Q1" or the Dutch "2024-K1" / "2024 K1".
    pub fn parse(text: &str) -> Option<Period> {
        let t = text.trim().to_ascii_uppercase();
        let (y, q) = match t.split_once(['-', ' ']) {
            Some((y, q)) => (y, Some(q.trim())),
            None => (t.as_str(), None),
        };
        let year = y
            .parse::<i32>()
            .ok()
            .filter(|y| y.to_string().len() == 4 && (super::FIRST_YEAR..=super::LAST_YEAR).contains(y))?;
        match q {
            None => Some(Period::year(year)),
            Some(q) => {
                let n = q.strip_prefix('Q').or_else(|| q.strip_prefix('K'))?.parse::<u8>().ok()?;
                (1..=4).contains(&n).then_some(Period::quarter(year, n))
            }
        }
    }

    /// The stable identifier stored and sent: "2024" or "2024-Q1".
    pub fn id(self) -> String {
        match self.quarter {
            None => self.year.to_string(),
            Some(q) => format!("{}-Q{q}", self.year),
        }
    }

    /// The quarter (counted from year 0) the period begins in.
    pub fn start_quarter(self) -> i64 {
        self.year as i64 * 4 + self.quarter.map_or(0, |q| q as i64 - 1)
    }

    /// The quarter (counted from year 0) the period ends in.
    pub fn end_quarter(self) -> i64 {
        self.year as i64 * 4 + self.quarter.map_or(3, |q| q as i64 - 1)
    }

    /// The first and the last day of the period as ISO dates: the span an
    /// IATI result period states.
    pub fn dates(self) -> (String, String) {
        let (first, last) = match self.quarter {
            None => (1, 12),
            Some(q) => (q * 3 - 2, q * 3),
        };
        let last_day = match last {
            3 | 12 => 31,
            _ => 30,
        };
        (format!("{:04}-{first:02}-01", self.year), format!("{:04}-{last:02}-{last_day}", self.year))
    }

    /// A number that sorts periods as [`Ord`] does, for storage.
    pub fn sort_key(self) -> i64 {
        self.end_quarter() * 8 + 3 - (self.end_quarter() - self.start_quarter())
    }

    /// Whether the period has the shape the frequency measures in.
    pub fn fits(self, frequency: Frequency) -> bool {
        match frequency {
            Frequency::Quarterly => self.quarter.is_some(),
            Frequency::Annual => self.quarter.is_none(),
        }
    }

    /// The quarter a moment (milliseconds since the Unix epoch, UTC) falls in.
    pub fn quarter_of(at_ms: i64) -> Period {
        let (year, month) = civil_year_month(at_ms.div_euclid(86_400_000));
        Period::quarter(year, (month - 1) / 3 + 1)
    }

    /// The moment the period is over: midnight (UTC) of the first day after it.
    pub fn end_ms(self) -> i64 {
        let next = self.end_quarter() + 1;
        let (year, month) = (next.div_euclid(4), next.rem_euclid(4) * 3 + 1);
        days_from_civil(year, month) * 86_400_000
    }

    /// Every quarter (for quarterly series) or year between two periods,
    /// both included: the x axis of a chart.
    pub fn range(from: Period, to: Period, frequency: Frequency) -> Vec<Period> {
        let mut out = Vec::new();
        match frequency {
            Frequency::Annual => {
                for y in from.year..=to.year {
                    out.push(Period::year(y));
                }
            }
            Frequency::Quarterly => {
                for q in from.start_quarter()..=to.end_quarter() {
                    out.push(Period::quarter(q.div_euclid(4) as i32, (q.rem_euclid(4) + 1) as u8));
                }
            }
        }
        out
    }
}

/// Sent and stored as its identifier ("2024", "2024-Q1").
impl serde::Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.id())
    }
}

/// Later periods sort after earlier ones; a whole year sorts by its end,
/// before its own last quarter.
impl Ord for Period {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.end_quarter(), self.start_quarter()).cmp(&(other.end_quarter(), other.start_quarter()))
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// Days from 1970-01-01 to the first of a month (Howard Hinnant's
/// days-from-civil, proleptic Gregorian).
fn days_from_civil(year: i64, month: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Year and month of a day counted from 1970-01-01 (Howard Hinnant's
/// civil-from-days, proleptic Gregorian).
fn civil_year_month(days: i64) -> (i32, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year as i32, month as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_read_in_both_languages_and_keep_their_precision() {
        assert_eq!(Period::parse("2024"), Some(Period::year(2024)));
        assert_eq!(Period::parse(" 2024-q3 "), Some(Period::quarter(2024, 3)));
        assert_eq!(Period::parse("2024 K2"), Some(Period::quarter(2024, 2)));
        for bad in ["", "24", "2024-Q5", "2024-03-01", "Q1", "1999", "2024-"] {
            assert_eq!(Period::parse(bad), None, "{bad}");
        }
        assert_eq!(Period::quarter(2024, 1).id(), "2024-Q1");
        assert_eq!(Period::year(2023).id(), "2023");
    }

    #[test]
    fn a_year_ends_with_its_last_quarter() {
        assert!(Period::year(2023) < Period::quarter(2024, 1));
        assert!(Period::quarter(2023, 3) < Period::year(2023));
        assert!(Period::year(2023) < Period::quarter(2023, 4));
        let mut sorted =
            [Period::quarter(2024, 1), Period::year(2023), Period::quarter(2023, 4), Period::quarter(2023, 3)];
        sorted.sort();
        let keys: Vec<i64> = sorted.iter().map(|p| p.sort_key()).collect();
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "the stored key sorts as periods do");
    }

    #[test]
    fn the_clock_falls_in_a_quarter() {
        // 2026-12-04T00:00:00Z and 2024-03-31T23:59:59Z.
        assert_eq!(Period::quarter_of(1_796_342_400_000), Period::quarter(2026, 4));
        assert_eq!(Period::quarter_of(1_711_929_599_000), Period::quarter(2024, 1));
        assert_eq!(Period::quarter_of(0), Period::quarter(1970, 1));
        // The end of 2026-Q3 is 2026-10-01T00:00:00Z; of the year 2023, 2024-01-01.
        assert_eq!(Period::quarter(2026, 3).end_ms(), 1_790_812_800_000);
        assert_eq!(Period::year(2023).end_ms(), 1_704_067_200_000);
    }

    #[test]
    fn a_range_lists_every_period_of_the_frequency() {
        let r = Period::range(Period::year(2023), Period::quarter(2024, 2), Frequency::Quarterly);
        assert_eq!(r.len(), 6);
        assert_eq!(r[0], Period::quarter(2023, 1));
        let years = Period::range(Period::year(2023), Period::year(2028), Frequency::Annual);
        assert_eq!(years.len(), 6);
    }
}
