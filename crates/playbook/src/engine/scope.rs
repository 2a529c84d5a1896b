//! Variable scope. A step's `step_variables` belong to the branch it runs in
//! from the moment it starts: the step, the steps after it in that branch
//! and every branch opened below them see them (CACAO: a variable is scoped to
//! the object that defines it and the objects it references). A step sees its
//! branch's variables, then those of the branches above it (innermost first:
//! a while's loop counter is visible in the loop body), then its playbook's.
//! A branch's variables end with the branch. A sub-draaiboek sees only its own
//! playbook's variables and what in_args passed in.

use super::state::{Execution, Var};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Loc {
    Branch(u32),
    Frame(u32),
}

/// The scopes instance `n` sees, innermost first.
pub(crate) fn chain(ex: &Execution, n: u32) -> Vec<Loc> {
    let inst = &ex.instances[n as usize];
    let mut out = Vec::new();
    let mut b = inst.branch;
    loop {
        out.push(Loc::Branch(b));
        match ex.branches[b as usize].opener {
            Some(o) => b = ex.instances[o as usize].branch,
            None => break,
        }
    }
    out.push(Loc::Frame(inst.frame));
    out
}

fn vars(ex: &Execution, loc: Loc) -> &BTreeMap<String, Var> {
    match loc {
        Loc::Branch(b) => &ex.branches[b as usize].variables,
        Loc::Frame(f) => &ex.frames[f as usize].variables,
    }
}

fn vars_mut(ex: &mut Execution, loc: Loc) -> &mut BTreeMap<String, Var> {
    match loc {
        Loc::Branch(b) => &mut ex.branches[b as usize].variables,
        Loc::Frame(f) => &mut ex.frames[f as usize].variables,
    }
}

/// The variable `name` as instance `n` sees it, and where it lives.
pub(crate) fn find<'a>(ex: &'a Execution, n: u32, name: &str) -> Option<(Loc, &'a Var)> {
    chain(ex, n).into_iter().find_map(|loc| vars(ex, loc).get(name).map(|v| (loc, v)))
}

/// Declares the `step_variables` of instance `n` as it starts. A name already
/// in scope refers to that variable (CACAO: a name is defined once within its
/// scope), which takes the declared value if one is given and it is not a
/// constant; a new name is created in the step's branch.
pub(crate) fn declare(ex: &mut Execution, n: u32, declared: &BTreeMap<String, Var>) {
    for (name, var) in declared {
        match find(ex, n, name).map(|(loc, v)| (loc, v.constant)) {
            Some((loc, false)) if var.value.is_some() => {
                if let Some(v) = vars_mut(ex, loc).get_mut(name) {
                    v.value = var.value.clone();
                }
            }
            Some(_) => {}
            None => {
                let b = ex.instances[n as usize].branch;
                ex.branches[b as usize].variables.insert(name.clone(), var.clone());
            }
        }
    }
}

/// Sets a variable where `n` sees it; a variable nobody declared becomes a
/// playbook variable of no declared type. Returns where it was set.
pub(crate) fn assign(ex: &mut Execution, n: u32, name: &str, value: &str) -> Loc {
    let loc = find(ex, n, name).map(|(l, _)| l).unwrap_or(Loc::Frame(ex.instances[n as usize].frame));
    vars_mut(ex, loc)
        .entry(name.to_string())
        .or_insert_with(|| Var { kind: String::new(), value: None, constant: false, external: false })
        .value = Some(value.to_string());
    loc
}
