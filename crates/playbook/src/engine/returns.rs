//! Returns and unwinding: a branch's end gives control back to the step that
//! opened it, a frame's end to its playbook-action step; a failure nothing
//! catches unwinds to the opener, and at the top of a frame runs its
//! `workflow_exception`; cancelling a step cancels everything under it.

use super::effect::{CloseReason, Effect, Outcome, Reason};
use super::error::EngineError;
use super::run::Run;
use super::state::{Branch, BranchKind, BranchStatus, Pending, Policy, Status, StepKind, StepRef};
use super::{policy, state::InstanceStatus};
use std::collections::BTreeMap;

impl Run<'_> {
    pub(crate) fn end_branch(
        &mut self,
        b: u32,
        status: BranchStatus,
        failure: Option<Reason>,
    ) -> Result<(), EngineError> {
        let branch = &mut self.ex.branches[b as usize];
        branch.status = status;
        branch.current = None;
        branch.then.clear();
        let (opener, frame) = (branch.opener, branch.frame);
        match opener {
            Some(o) => self.child_done(o, failure),
            None => self.frame_check(frame),
        }
    }

    /// A branch failed with nothing to catch it in the branch: its opener
    /// decides; a frame's main branch runs the `workflow_exception` step.
    pub(crate) fn fail_branch(&mut self, b: u32, reason: Reason) -> Result<(), EngineError> {
        let branch = &self.ex.branches[b as usize];
        let (frame, kind, opener) = (branch.frame, branch.kind, branch.opener);
        if opener.is_some() || kind != BranchKind::Main {
            return self.end_branch(b, BranchStatus::Failed, Some(reason));
        }
        self.ex.branches[b as usize].status = BranchStatus::Failed;
        self.ex.branches[b as usize].then.clear();
        self.ex.frames[frame as usize].failure = Some(reason);
        if let Some(exception) = self.exception_step(frame)?
            && self.ex.frames[frame as usize].exception.is_none()
        {
            let id = self.ex.branches.len() as u32;
            let depth = self.ex.branches[b as usize].depth;
            self.ex.branches.push(Branch {
                id,
                frame,
                opener: None,
                kind: BranchKind::Exception,
                status: BranchStatus::Running,
                depth,
                current: None,
                then: Default::default(),
                variables: BTreeMap::new(),
            });
            let fr = &mut self.ex.frames[frame as usize];
            fr.exception = Some(id);
            fr.roots.push(id);
            self.ex.pending.push_back(Pending { branch: id, step: StepRef::Step(exception) });
        }
        self.frame_check(frame)
    }

    fn child_done(&mut self, o: u32, failure: Option<Reason>) -> Result<(), EngineError> {
        let inst = &self.ex.instances[o as usize];
        if !inst.status.is_open() {
            return Ok(());
        }
        let failed =
            failure.map(|r| Reason::new("branch_failed", format!("a branch of {} failed: {}", inst.step, r.detail)));
        match inst.kind {
            StepKind::If | StepKind::Switch => match failed {
                None => self.finish(o, Outcome::Success, None),
                Some(r) => self.finish(o, Outcome::Failure, Some(r)),
            },
            StepKind::While => match failed {
                None => self.loop_step(o),
                Some(r) => self.finish(o, Outcome::Failure, Some(r)),
            },
            StepKind::Parallel => self.join_check(o, false),
            _ => Err(EngineError::state(format!("{} does not open branches", inst.step))),
        }
    }

    /// A parallel step: go on when its join policy is met (or, at its
    /// deadline, for `at-deadline`), cancelling the branches still open.
    pub(crate) fn join_check(&mut self, o: u32, at_deadline: bool) -> Result<(), EngineError> {
        let Some(sp) = self.step_plan(o)? else { return Ok(()) };
        let policy = sp.ext.join.as_ref().map(Policy::from).unwrap_or(Policy::All);
        let children = self.ex.instances[o as usize].children.clone();
        let count = |s: BranchStatus| children.iter().filter(|c| self.ex.branches[**c as usize].status == s).count();
        let (done, failed) = (count(BranchStatus::Done), count(BranchStatus::Failed));
        let decision = if at_deadline { Some(failed == 0) } else { policy::join(policy, children.len(), done, failed) };
        let Some(success) = decision else { return Ok(()) };
        for c in children {
            self.cancel_branch(c, CloseReason::NoLongerNeeded);
        }
        if success {
            self.finish(o, Outcome::Success, None)
        } else {
            let detail = format!("{failed} of {} branches failed", self.ex.instances[o as usize].children.len());
            self.finish(o, Outcome::Failure, Some(Reason::new("join_failed", detail)))
        }
    }

    fn frame_check(&mut self, f: u32) -> Result<(), EngineError> {
        let fr = &self.ex.frames[f as usize];
        if fr.status != BranchStatus::Running {
            return Ok(());
        }
        let status = |b: u32| self.ex.branches[b as usize].status;
        let main = status(fr.main);
        let exception = fr.exception.map(status);
        if main == BranchStatus::Running || exception == Some(BranchStatus::Running) {
            return Ok(());
        }
        let roots = fr.roots.clone();
        if main == BranchStatus::Done {
            if roots.iter().any(|r| status(*r) == BranchStatus::Running) {
                return Ok(()); // stand-alone ad-hoc steps still open
            }
            return self.frame_done(f, true, false);
        }
        for r in roots {
            self.cancel_branch(r, CloseReason::NoLongerNeeded);
        }
        self.frame_done(f, false, exception == Some(BranchStatus::Done))
    }

    fn frame_done(&mut self, f: u32, success: bool, handled: bool) -> Result<(), EngineError> {
        let fr = &mut self.ex.frames[f as usize];
        fr.status = if success { BranchStatus::Done } else { BranchStatus::Failed };
        let (caller, failure) = (fr.caller, fr.failure.clone());
        match caller {
            Some(n) if success => {
                let outs = self.step_plan(n)?.map(|sp| sp.out_args).unwrap_or_default();
                for name in outs {
                    let value = self.ex.frames[f as usize].variables.get(&name).and_then(|v| v.value.clone());
                    if let Some(value) = value {
                        self.set_variable(n, &name, &value);
                    }
                }
                self.finish(n, Outcome::Success, None)
            }
            Some(n) => {
                let detail = failure.map(|r| r.detail).unwrap_or_default();
                let code = if handled { "sub_playbook_failed_handled" } else { "sub_playbook_failed" };
                self.finish(n, Outcome::Failure, Some(Reason::new(code, detail)))
            }
            None => {
                self.ex.status = if success { Status::Completed } else { Status::Failed };
                self.ex.finished_at = Some(self.now);
                self.ex.reason = if success { None } else { failure };
                self.ex.exception_handled = handled;
                self.finish_execution();
                Ok(())
            }
        }
    }

    /// Ends the execution: whatever is still open is no longer needed.
    pub(crate) fn finish_execution(&mut self) {
        let reason =
            if self.ex.status == Status::Cancelled { CloseReason::Cancelled } else { CloseReason::NoLongerNeeded };
        for n in 0..self.ex.instances.len() as u32 {
            if self.ex.instances[n as usize].status.is_open() {
                self.cancel_instance(n, reason);
            }
        }
        for b in &mut self.ex.branches {
            if b.status == BranchStatus::Running {
                b.status = BranchStatus::Cancelled;
            }
        }
        for f in &mut self.ex.frames {
            if f.status == BranchStatus::Running {
                f.status = BranchStatus::Cancelled;
            }
        }
        self.ex.timers.clear();
        self.ex.pending.clear();
        let (status, exception_handled) = (self.ex.status, self.ex.exception_handled);
        self.emit(Effect::ExecutionFinished { status, exception_handled });
    }

    pub(crate) fn cancel_branch(&mut self, b: u32, close: CloseReason) {
        let branch = &mut self.ex.branches[b as usize];
        if branch.status != BranchStatus::Running {
            return;
        }
        branch.status = BranchStatus::Cancelled;
        branch.then.clear();
        if let Some(c) = branch.current {
            self.cancel_instance(c, close);
        }
    }

    fn cancel_instance(&mut self, n: u32, close: CloseReason) {
        if !self.ex.instances[n as usize].status.is_open() {
            return;
        }
        self.close_task(n, close);
        let now = self.now;
        let inst = self.inst(n);
        inst.status = InstanceStatus::Cancelled;
        inst.finished_at = Some(now);
        let (step, children, child_frame) = (inst.step.clone(), inst.children.clone(), inst.child_frame);
        self.remove_timers(n);
        self.emit(Effect::StepFinished { instance: n, step, status: InstanceStatus::Cancelled, reason: None });
        for c in children {
            self.cancel_branch(c, close);
        }
        if let Some(f) = child_frame
            && self.ex.frames[f as usize].status == BranchStatus::Running
        {
            self.ex.frames[f as usize].status = BranchStatus::Cancelled;
            for r in self.ex.frames[f as usize].roots.clone() {
                self.cancel_branch(r, close);
            }
        }
    }
}
