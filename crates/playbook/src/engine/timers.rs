//! Deadlines, reminders, escalation and CACAO timeouts. A deadline makes a
//! step overdue, never failed; each timer fires once, at or after its time,
//! at the first command whose `now` has reached it.

use super::effect::{CloseReason, Effect, Outcome, Reason};
use super::error::EngineError;
use super::run::Run;
use super::state::{Execution, Pending, Policy, StepKind, StepRef, Timer, TimerKind};

impl Run<'_> {
    pub(crate) fn schedule(&mut self, at: i64, instance: u32, kind: TimerKind) {
        let seq = self.ex.next_seq;
        self.ex.next_seq += 1;
        let pos = self.ex.timers.partition_point(|t| (t.at, t.seq) <= (at, seq));
        self.ex.timers.insert(pos, Timer { at, seq, instance, kind });
    }

    /// The deadline of instance `n`: reminders before it (those already past
    /// when the step starts are left out), overdue at it, escalation after it.
    pub(crate) fn schedule_deadline(
        &mut self,
        n: u32,
        deadline: i64,
        reminders: &[i64],
        escalation: Option<(i64, String)>,
    ) {
        self.inst(n).deadline = Some(deadline);
        for before in reminders {
            let at = deadline.saturating_sub(*before);
            if at > self.now {
                self.schedule(at, n, TimerKind::Reminder { before: *before });
            }
        }
        self.schedule(deadline, n, TimerKind::Deadline);
        if let Some((after, to)) = escalation {
            self.schedule(deadline.saturating_add(after), n, TimerKind::Escalation { to });
        }
    }

    pub(crate) fn remove_timers(&mut self, n: u32) {
        self.ex.timers.retain(|t| t.instance != n);
    }

    /// Fires the earliest timer due at `now`; false when none is due.
    pub(crate) fn fire_due(&mut self) -> Result<bool, EngineError> {
        if self.ex.timers.first().is_none_or(|t| t.at > self.now) {
            return Ok(false);
        }
        let timer = self.ex.timers.remove(0);
        let n = timer.instance;
        let inst = &self.ex.instances[n as usize];
        if !inst.status.is_open() {
            return Ok(true);
        }
        let task = inst.task.as_ref().filter(|t| t.closed.is_none()).map(|t| t.key.clone());
        let (step, deadline, kind) = (inst.step.clone(), inst.deadline.unwrap_or(timer.at), inst.kind);
        match timer.kind {
            TimerKind::Reminder { .. } => {
                self.inst(n).reminders_sent += 1;
                self.emit(Effect::Reminder { task, instance: n, step, deadline });
            }
            TimerKind::Deadline => {
                let at_deadline = kind == StepKind::Parallel
                    && self.step_plan(n)?.and_then(|sp| sp.ext.join.as_ref().map(Policy::from))
                        == Some(Policy::AtDeadline);
                if at_deadline {
                    self.join_check(n, true)?;
                } else {
                    self.inst(n).overdue = true;
                    self.emit(Effect::Overdue { task, instance: n, step, deadline });
                }
            }
            TimerKind::Escalation { to } => {
                self.inst(n).escalated_to = Some(to.clone());
                self.emit(Effect::Escalated { task, instance: n, step, to });
            }
            TimerKind::Delay => {
                let branch = self.ex.instances[n as usize].branch;
                self.inst(n).delayed_until = None;
                self.ex.pending.push_back(Pending { branch, step: StepRef::Delayed(n) });
            }
            TimerKind::Timeout => {
                self.close_task(n, CloseReason::TimedOut);
                let reason = Reason::new("timeout", format!("{step} did not finish within its timeout"));
                self.finish(n, Outcome::Failure, Some(reason))?;
            }
        }
        Ok(true)
    }
}

/// When the scheduler must next call `apply(Tick)`: the earliest pending
/// timer, while the execution is running or paused.
pub fn next_due(ex: &Execution) -> Option<i64> {
    if ex.status.is_finished() { None } else { ex.timers.first().map(|t| t.at) }
}
