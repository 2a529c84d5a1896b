//! Interdepartmental consultation rounds (problem P8): a coordinator puts a
//! proposal to chosen organisations with a deadline; each answers once it is
//! sure (an answer may be replaced while the round is open). The round closes
//! when every invited organisation has answered or at the deadline, whichever
//! comes first. Answers after the close are still recorded, marked late, and
//! do not change the result: the result is what stood when the round closed.

use crate::error::Validator;
use crate::vocabulary::vocabulary;
use serde::Serialize;

vocabulary! {
    /// What a round is about.
    pub enum Subject as "consultation subject" {
        Attribution = "attribution",
        Response = "response",
        AttributionAndResponse = "attribution-and-response",
    }
}

vocabulary! {
    /// An invited organisation's answer.
    pub enum AnswerKind as "consultation answer" {
        Agree = "agree",
        AgreeWithRemarks = "agree-with-remarks",
        Object = "object",
        Abstain = "abstain",
    }
}

impl AnswerKind {
    /// Agreeing with remarks counts as agreeing.
    pub fn agrees(self) -> bool {
        matches!(self, AnswerKind::Agree | AnswerKind::AgreeWithRemarks)
    }

    /// An objection or remarks need an explanation.
    pub fn needs_explanation(self) -> bool {
        matches!(self, AnswerKind::Object | AnswerKind::AgreeWithRemarks)
    }
}

vocabulary! {
    /// `unanimity`: every invited organisation must agree (agreeing with remarks
    /// counts, an abstention does not block, silence does). `consensus`: adopted
    /// unless someone objects in time; silence counts as consent (the silence
    /// procedure of EU and NATO practice).
    pub enum DecisionRule as "decision rule" {
        Unanimity = "unanimity",
        Consensus = "consensus",
    }
}

vocabulary! {
    /// The result of a round under its rule.
    #[derive(Default)]
    pub enum RoundResult as "round result" {
        #[default]
        Open = "open",
        Adopted = "adopted",
        NotAdopted = "not-adopted",
    }
}

pub const PROPOSAL_MAX: usize = 5_000;
pub const EXPLANATION_MAX: usize = 5_000;

/// What a coordinator fills in to open a round. Organisation codes and
/// measures are resolved against storage by the caller.
#[derive(Debug, Clone, Default)]
pub struct RoundInput {
    pub subject: String,
    pub proposal: String,
    pub rule: String,
    pub organisations: Vec<String>,
    /// Deadline in ms since the epoch (UTC); `None` when the text did not parse.
    pub deadline_ms: Option<i64>,
    /// The deadline as typed, to tell "missing" from "not a date".
    pub deadline_text: String,
}

impl RoundInput {
    /// Checks the fields that need no storage; `now_ms` rules out deadlines
    /// in the past. The subject and rule as typed, when both are known.
    pub fn check(&self, v: &mut Validator, now_ms: i64) -> Option<(Subject, DecisionRule)> {
        let subject = Subject::parse(&self.subject);
        v.check(subject.is_some(), "subject", "subject_unknown");
        let proposal = self.proposal.trim();
        v.check(!proposal.is_empty(), "proposal", "required");
        v.check(proposal.chars().count() <= PROPOSAL_MAX, "proposal", "too_long");
        let rule = DecisionRule::parse(&self.rule);
        v.check(rule.is_some(), "rule", "rule_unknown");
        v.check(!self.organisations.is_empty(), "organisations", "required");
        let typed = !self.deadline_text.trim().is_empty();
        v.check(typed, "deadline", "required");
        if typed {
            match self.deadline_ms {
                None => v.check(false, "deadline", "datetime_invalid"),
                Some(d) => v.check(d > now_ms, "deadline", "deadline_past"),
            };
        }
        Some((subject?, rule?))
    }
}

/// Checks one answer's own fields: an objection or remarks need an
/// explanation. The answer as typed, when known.
pub fn check_answer(v: &mut Validator, answer: &str, explanation: &str) -> Option<AnswerKind> {
    let kind = AnswerKind::parse(answer);
    v.check(kind.is_some(), "answer", "answer_unknown");
    let text = explanation.trim();
    v.check(
        !kind.is_some_and(AnswerKind::needs_explanation) || !text.is_empty(),
        "explanation",
        "explanation_required",
    );
    v.check(text.chars().count() <= EXPLANATION_MAX, "explanation", "too_long");
    kind
}

/// One recorded answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer<'a> {
    pub org: &'a str,
    pub answer: AnswerKind,
    pub at_ms: i64,
}

/// When the round closed (or will close): the moment the last invited
/// organisation answered in time, else the deadline.
pub fn closes_at(invited: &[&str], answers: &[Answer<'_>], deadline_ms: i64) -> i64 {
    let mut last = 0;
    for org in invited {
        match answers.iter().filter(|a| a.org == *org && a.at_ms <= deadline_ms).map(|a| a.at_ms).min() {
            Some(first) => last = last.max(first),
            None => return deadline_ms,
        }
    }
    if invited.is_empty() { deadline_ms } else { last }
}

pub fn is_closed(invited: &[&str], answers: &[Answer<'_>], deadline_ms: i64, now_ms: i64) -> bool {
    now_ms >= deadline_ms || (!invited.is_empty() && closes_at(invited, answers, deadline_ms) <= now_ms)
}

/// What may happen when an organisation answers now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// Counted: the round is open.
    InTime,
    /// Recorded and marked late: the round closed before this organisation answered.
    Late,
    /// Refused: the round is closed and this organisation's answer stands.
    Closed,
    /// Refused: the organisation was not asked.
    NotInvited,
}

pub fn admit(invited: &[&str], answers: &[Answer<'_>], deadline_ms: i64, now_ms: i64, org: &str) -> Admission {
    if !invited.contains(&org) {
        return Admission::NotInvited;
    }
    if !is_closed(invited, answers, deadline_ms, now_ms) {
        return Admission::InTime;
    }
    if answers.iter().any(|a| a.org == org) { Admission::Closed } else { Admission::Late }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Outcome {
    pub result: RoundResult,
    /// The answer of each invited organisation that counts (its last one in time).
    pub counted: Vec<(String, AnswerKind)>,
    pub objecting: Vec<String>,
    pub silent: Vec<String>,
    /// Organisations that answered only after the close.
    pub late: Vec<String>,
}

/// The result under the rule, from the answers that count.
pub fn outcome(rule: DecisionRule, invited: &[&str], answers: &[Answer<'_>], deadline_ms: i64, now_ms: i64) -> Outcome {
    let close = closes_at(invited, answers, deadline_ms);
    let closed = is_closed(invited, answers, deadline_ms, now_ms);
    let mut o = Outcome::default();
    for org in invited {
        let in_time = answers.iter().filter(|a| a.org == *org && a.at_ms <= close).max_by_key(|a| a.at_ms);
        match in_time {
            Some(a) => {
                o.counted.push((org.to_string(), a.answer));
                if a.answer == AnswerKind::Object {
                    o.objecting.push(org.to_string());
                }
            }
            None => {
                o.silent.push(org.to_string());
                if answers.iter().any(|a| a.org == *org) {
                    o.late.push(org.to_string());
                }
            }
        }
    }
    let objection = !o.objecting.is_empty();
    let unanimity_missed =
        rule == DecisionRule::Unanimity && (!o.silent.is_empty() || !o.counted.iter().any(|(_, a)| a.agrees()));
    o.result = if !closed {
        RoundResult::Open
    } else if objection || unanimity_missed {
        RoundResult::NotAdopted
    } else {
        RoundResult::Adopted
    };
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEADLINE: i64 = 1_000;

    fn codes(v: Validator) -> Vec<(&'static str, &'static str)> {
        v.finish().err().map(|e| e.fields().iter().map(|f| (f.field, f.code)).collect()).unwrap_or_default()
    }

    fn a(org: &'static str, answer: &'static str, at_ms: i64) -> Answer<'static> {
        Answer { org, answer: AnswerKind::parse(answer).expect("a known answer"), at_ms }
    }

    #[test]
    fn the_round_closes_when_everyone_has_answered() {
        let invited = ["AIVD", "MIVD"];
        let answers = [a("AIVD", "agree", 100), a("MIVD", "agree", 300)];
        assert_eq!(closes_at(&invited, &answers, DEADLINE), 300);
        assert!(!is_closed(&invited, &answers[..1], DEADLINE, 500));
        assert!(is_closed(&invited, &answers, DEADLINE, 300));
        assert_eq!(outcome(DecisionRule::Unanimity, &invited, &answers, DEADLINE, 400).result, RoundResult::Adopted);
    }

    #[test]
    fn an_open_round_has_no_result_yet() {
        let invited = ["AIVD", "MIVD"];
        let o = outcome(DecisionRule::Consensus, &invited, &[a("AIVD", "object", 100)], DEADLINE, 500);
        assert_eq!(o.result, RoundResult::Open);
        assert_eq!(o.objecting, vec!["AIVD"]);
    }

    #[test]
    fn one_objection_blocks_under_both_rules() {
        let invited = ["AIVD", "MIVD", "NCTV"];
        let answers = [a("AIVD", "agree", 1), a("MIVD", "object", 2), a("NCTV", "abstain", 3)];
        for rule in DecisionRule::ALL {
            let o = outcome(rule, &invited, &answers, DEADLINE, 10);
            assert_eq!(o.result, RoundResult::NotAdopted, "{rule}");
            assert_eq!(o.objecting, vec!["MIVD"]);
        }
    }

    #[test]
    fn silence_is_consent_under_consensus_but_blocks_unanimity() {
        let invited = ["AIVD", "MIVD"];
        let answers = [a("AIVD", "agree-with-remarks", 10)];
        assert_eq!(
            outcome(DecisionRule::Consensus, &invited, &answers, DEADLINE, DEADLINE).result,
            RoundResult::Adopted
        );
        let u = outcome(DecisionRule::Unanimity, &invited, &answers, DEADLINE, DEADLINE);
        assert_eq!((u.result, u.silent.clone()), (RoundResult::NotAdopted, vec!["MIVD".to_string()]));
    }

    #[test]
    fn abstentions_do_not_block_but_unanimity_needs_someone_to_agree() {
        let invited = ["AIVD", "MIVD"];
        let mixed = [a("AIVD", "abstain", 1), a("MIVD", "agree", 2)];
        assert_eq!(outcome(DecisionRule::Unanimity, &invited, &mixed, DEADLINE, 5).result, RoundResult::Adopted);
        let all_abstain = [a("AIVD", "abstain", 1), a("MIVD", "abstain", 2)];
        assert_eq!(
            outcome(DecisionRule::Unanimity, &invited, &all_abstain, DEADLINE, 5).result,
            RoundResult::NotAdopted
        );
        assert_eq!(outcome(DecisionRule::Consensus, &invited, &all_abstain, DEADLINE, 5).result, RoundResult::Adopted);
    }

    #[test]
    fn a_late_objection_is_recorded_but_does_not_change_the_result() {
        let invited = ["AIVD", "MIVD"];
        let answers = [a("AIVD", "agree", 10), a("MIVD", "object", DEADLINE + 5)];
        let o = outcome(DecisionRule::Consensus, &invited, &answers, DEADLINE, DEADLINE + 10);
        assert_eq!(o.result, RoundResult::Adopted);
        assert_eq!(o.late, vec!["MIVD"]);
        assert!(o.objecting.is_empty());
    }

    #[test]
    fn the_last_answer_in_time_counts() {
        let invited = ["AIVD", "MIVD"];
        let answers = [a("AIVD", "object", 10), a("AIVD", "agree", 20)];
        let o = outcome(DecisionRule::Consensus, &invited, &answers, DEADLINE, DEADLINE);
        assert_eq!(o.result, RoundResult::Adopted);
        assert_eq!(o.counted, vec![("AIVD".to_string(), AnswerKind::Agree)]);
    }

    #[test]
    fn who_may_still_answer() {
        let invited = ["AIVD", "MIVD"];
        let answers = [a("AIVD", "agree", 10)];
        assert_eq!(admit(&invited, &answers, DEADLINE, 20, "AIVD"), Admission::InTime);
        assert_eq!(admit(&invited, &answers, DEADLINE, 20, "EZK"), Admission::NotInvited);
        assert_eq!(admit(&invited, &answers, DEADLINE, DEADLINE, "MIVD"), Admission::Late);
        assert_eq!(admit(&invited, &answers, DEADLINE, DEADLINE, "AIVD"), Admission::Closed);
        let all = [a("AIVD", "agree", 10), a("MIVD", "agree", 20)];
        assert_eq!(admit(&invited, &all, DEADLINE, 30, "MIVD"), Admission::Closed);
    }

    #[test]
    fn bad_rounds_and_answers_name_their_field() {
        let mut v = Validator::new();
        RoundInput { deadline_text: "tomorrow".into(), ..Default::default() }.check(&mut v, 0);
        let fields = codes(v);
        assert!(fields.contains(&("deadline", "datetime_invalid")), "{fields:?}");
        assert!(fields.contains(&("organisations", "required")));
        let mut v = Validator::new();
        RoundInput { deadline_text: "x".into(), deadline_ms: Some(5), ..Default::default() }.check(&mut v, 10);
        let fields = codes(v);
        assert!(fields.contains(&("deadline", "deadline_past")));
        let mut v = Validator::new();
        check_answer(&mut v, "object", " ");
        let fields = codes(v);
        assert_eq!(fields, vec![("explanation", "explanation_required")]);
    }
}
