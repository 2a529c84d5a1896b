//! Reviews of a strategy (problem P10: strategic reflection as a habit): a
//! record of a quarterly or annual review with its date, participants and
//! lessons, the inputs as they stood when it was held (frozen: a later
//! measurement does not change what the review saw), its decisions — each
//! linked to what it changed — and its actions with an owner and a due
//! date. Pure: storage keeps them, the app freezes the inputs.

use super::{Frequency, Period, TEXT_MAX, parse_period_of};
use crate::error::{DomainError, Validator};
use crate::marking::{MarkingInput, ValidMarking};
use crate::vocabulary::vocabulary;

vocabulary! {
    /// What a decision of a review changed: a target (a revision was
    /// proposed), a part of the chain, a capacity-building project.
    pub enum ChangedKind as "changed object" {
        Target = "target",
        Objective = "objective",
        Project = "project",
    }
}

/// A review as typed: its cadence (quarterly or annual, the indicator
/// frequencies), the period it looks back on, when it was held, who took
/// part, its lessons and its marking.
#[derive(Debug, Clone, Default)]
pub struct ReviewInput {
    pub cadence: String,
    pub period: String,
    pub held_on: String,
    pub participants: String,
    pub lessons: String,
    /// The organisation that leads the review (and decides its marking with the owner).
    pub lead_org: String,
    pub marking: MarkingInput,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidReview {
    pub cadence: Frequency,
    pub period: Period,
    pub held_on: String,
    pub participants: String,
    pub lessons: String,
    pub lead_org: String,
    pub marking: ValidMarking,
}

impl ReviewInput {
    /// `today` (an ISO date) bounds when a review can have been held: a
    /// record is of a review that took place, after the period it looks
    /// back on began.
    pub fn validate(&self, ceiling: &str, today: &str) -> Result<ValidReview, DomainError> {
        let mut v = Validator::new();
        let cadence = Frequency::parse(&self.cadence);
        v.check(cadence.is_some(), "cadence", "cadence_unknown");
        let period = cadence.and_then(|c| parse_period_of(&mut v, &self.period, "period", c));
        let held_on = crate::directory::typed_date(&self.held_on);
        v.check(!held_on.is_empty(), "held_on", "required");
        let dated = crate::directory::valid_date(&held_on);
        v.check(held_on.is_empty() || dated, "held_on", "date_invalid");
        v.check(!dated || held_on.as_str() <= today, "held_on", "review_in_future");
        if let (Some(p), true) = (period, dated) {
            v.check(held_on >= p.dates().0, "held_on", "review_before_period");
        }
        let participants = self.participants.trim().to_string();
        v.check(!participants.is_empty(), "participants", "required");
        v.check(participants.chars().count() <= TEXT_MAX, "participants", "too_long");
        let lessons = self.lessons.trim().to_string();
        v.check(lessons.chars().count() <= TEXT_MAX, "lessons", "too_long");
        v.check(!self.lead_org.trim().is_empty(), "lead_org", "required");
        let marking = self.marking.check(ceiling, &mut v);
        v.finish()?;
        let invalid = || DomainError::invalid("period", "period_invalid");
        Ok(ValidReview {
            cadence: cadence.ok_or_else(invalid)?,
            period: period.ok_or_else(invalid)?,
            held_on,
            participants,
            lessons,
            lead_org: self.lead_org.trim().to_string(),
            marking: marking.ok_or_else(|| DomainError::invalid("tlp", "tlp_unknown"))?,
        })
    }
}

/// A decision of a review, and what it changed (if it names something).
#[derive(Debug, Clone, Default)]
pub struct DecisionNoteInput {
    pub text: String,
    /// `target`, `objective` or `project`; empty when it changed nothing recorded here.
    pub changed_kind: String,
    pub changed_id: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidDecisionNote {
    pub text: String,
    pub changed: Option<(ChangedKind, i64)>,
}

impl DecisionNoteInput {
    pub fn validate(&self) -> Result<ValidDecisionNote, DomainError> {
        let mut v = Validator::new();
        let text = self.text.trim().to_string();
        v.check(!text.is_empty(), "decision_text", "required");
        v.check(text.chars().count() <= TEXT_MAX, "decision_text", "too_long");
        let kind = self.changed_kind.trim();
        let id = self.changed_id.trim();
        let changed = match (kind.is_empty(), id.is_empty()) {
            (true, true) => None,
            _ => {
                let k = ChangedKind::parse(kind);
                let n = id.parse::<i64>().ok().filter(|n| *n > 0);
                v.check(k.is_some(), "changed_kind", "changed_kind_unknown");
                v.check(n.is_some(), "changed_id", "changed_unknown");
                k.zip(n)
            }
        };
        v.finish()?;
        Ok(ValidDecisionNote { text, changed })
    }
}

/// An action agreed in a review: what, which organisation owns it, by when.
#[derive(Debug, Clone, Default)]
pub struct ActionInput {
    pub text: String,
    pub owner_org: String,
    pub due: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ValidAction {
    pub text: String,
    pub owner_org: String,
    pub due: String,
}

impl ActionInput {
    /// An action is due on or after the day the review was held.
    pub fn validate(&self, held_on: &str) -> Result<ValidAction, DomainError> {
        let mut v = Validator::new();
        let text = self.text.trim().to_string();
        v.check(!text.is_empty(), "action_text", "required");
        v.check(text.chars().count() <= TEXT_MAX, "action_text", "too_long");
        v.check(!self.owner_org.trim().is_empty(), "owner_org", "required");
        let due = crate::directory::typed_date(&self.due);
        v.check(!due.is_empty(), "due", "required");
        let dated = crate::directory::valid_date(&due);
        v.check(due.is_empty() || dated, "due", "date_invalid");
        v.check(!dated || due.as_str() >= held_on, "due", "due_before_review");
        v.finish()?;
        Ok(ValidAction { text, owner_org: self.owner_org.trim().to_string(), due })
    }
}

/// The review periods that are over on `today` and have no review yet: the
/// last whole quarter (for the quarterly cadence) and the last whole year
/// (annual), from the strategy's first year on. `held` lists the reviews
/// there are, as (cadence, period).
pub fn reviews_due(
    first_year: i32,
    last_year: i32,
    today: Period,
    held: &[(Frequency, Period)],
) -> Vec<(Frequency, Period)> {
    let last_quarter = {
        let q = today.start_quarter() - 1;
        Period::quarter(q.div_euclid(4) as i32, (q.rem_euclid(4) + 1) as u8)
    };
    let last_year_over = Period::year(today.year - 1);
    let mut due = Vec::new();
    for (cadence, period) in [(Frequency::Quarterly, last_quarter), (Frequency::Annual, last_year_over)] {
        let within = (first_year..=last_year).contains(&period.year);
        if within && !held.contains(&(cadence, period)) {
            due.push((cadence, period));
        }
    }
    due
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(e: DomainError) -> Vec<(&'static str, &'static str)> {
        e.fields().iter().map(|f| (f.field, f.code)).collect()
    }

    fn input() -> ReviewInput {
        ReviewInput {
            cadence: "quarterly".into(),
            period: "2026-K3".into(),
            held_on: "2026-10-14".into(),
            participants: "TFC, NCSC, JenV".into(),
            lessons: String::new(),
            lead_org: "TFC".into(),
            marking: MarkingInput {
                classification: "dep-v".into(),
                tlp: "amber".into(),
                orgs: vec!["TFC".into()],
                ..Default::default()
            },
        }
    }

    #[test]
    fn a_review_looks_back_on_a_period_of_its_cadence_and_took_place() {
        let r = input().validate("stg-geheim", "2026-12-04").unwrap();
        assert_eq!(r.period, Period::quarter(2026, 3));
        let wrong = ReviewInput { period: "2026".into(), held_on: "2027-01-10".into(), ..input() };
        assert_eq!(
            codes(wrong.validate("stg-geheim", "2026-12-04").unwrap_err()),
            vec![("period", "period_not_of_frequency"), ("held_on", "review_in_future")]
        );
        let early = ReviewInput { held_on: "2026-06-30".into(), participants: " ".into(), ..input() };
        assert_eq!(
            codes(early.validate("stg-geheim", "2026-12-04").unwrap_err()),
            vec![("held_on", "review_before_period"), ("participants", "required")]
        );
    }

    #[test]
    fn a_decision_names_what_it_changed_or_nothing() {
        let d = DecisionNoteInput {
            text: "Streefwaarde 2027 herzien".into(),
            changed_kind: "target".into(),
            changed_id: "12".into(),
        };
        assert_eq!(d.validate().unwrap().changed, Some((ChangedKind::Target, 12)));
        let none = DecisionNoteInput { text: "Geen wijziging".into(), ..Default::default() };
        assert_eq!(none.validate().unwrap().changed, None);
        let half = DecisionNoteInput { text: "x".into(), changed_kind: "dossier".into(), changed_id: "".into() };
        assert_eq!(
            codes(half.validate().unwrap_err()),
            vec![("changed_kind", "changed_kind_unknown"), ("changed_id", "changed_unknown")]
        );
    }

    #[test]
    fn an_action_has_an_owner_and_is_due_after_the_review() {
        let a = ActionInput { text: "Nulmeting herhalen".into(), owner_org: "NCSC".into(), due: "2026-10-01".into() };
        assert_eq!(codes(a.validate("2026-10-14").unwrap_err()), vec![("due", "due_before_review")]);
        let ok = ActionInput { due: "2027-03-31".into(), ..a };
        assert_eq!(ok.validate("2026-10-14").unwrap().owner_org, "NCSC");
    }

    #[test]
    fn the_last_whole_quarter_and_year_are_due_until_reviewed() {
        let today = Period::quarter(2026, 4);
        assert_eq!(
            reviews_due(2023, 2028, today, &[]),
            vec![(Frequency::Quarterly, Period::quarter(2026, 3)), (Frequency::Annual, Period::year(2025))]
        );
        let held = [(Frequency::Quarterly, Period::quarter(2026, 3))];
        assert_eq!(reviews_due(2023, 2028, today, &held), vec![(Frequency::Annual, Period::year(2025))]);
        // In the first quarter the last whole quarter is the previous year's fourth.
        assert_eq!(reviews_due(2026, 2028, Period::quarter(2026, 1), &[]), vec![]);
        assert_eq!(reviews_due(2025, 2028, Period::quarter(2026, 1), &[])[0].1, Period::quarter(2025, 4));
    }
}
