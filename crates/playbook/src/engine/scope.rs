//! Variable scope. A step sees its own step variables, then those of the
//! steps whose branches it is in (innermost first: a while's loop counter is
//! visible in the loop body), then its playbook's variables. A sub-draaiboek
//! sees only its own playbook's variables (and what in_args passed in).

use super::state::{Execution, Var};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Loc {
    Instance(u32),
    Frame(u32),
}

/// The scopes instance `n` sees, innermost first.
pub(crate) fn chain(ex: &Execution, n: u32) -> Vec<Loc> {
    let inst = &ex.instances[n as usize];
    let mut out = vec![Loc::Instance(n)];
    let mut b = inst.branch;
    while let Some(o) = ex.branches[b as usize].opener {
        out.push(Loc::Instance(o));
        b = ex.instances[o as usize].branch;
    }
    out.push(Loc::Frame(inst.frame));
    out
}

fn vars(ex: &Execution, loc: Loc) -> &std::collections::BTreeMap<String, Var> {
    match loc {
        Loc::Instance(i) => &ex.instances[i as usize].variables,
        Loc::Frame(f) => &ex.frames[f as usize].variables,
    }
}

/// The variable `name` as instance `n` sees it, and where it lives.
pub(crate) fn find<'a>(ex: &'a Execution, n: u32, name: &str) -> Option<(Loc, &'a Var)> {
    chain(ex, n).into_iter().find_map(|loc| vars(ex, loc).get(name).map(|v| (loc, v)))
}

/// The variable as it would be seen by a new step in the branch of `n`
/// (that is: skipping `n`'s own variables).
pub(crate) fn find_outside<'a>(ex: &'a Execution, n: u32, name: &str) -> Option<&'a Var> {
    chain(ex, n).into_iter().skip(1).find_map(|loc| vars(ex, loc).get(name))
}

/// Sets a variable where `n` sees it; a variable nobody declared becomes a
/// playbook variable of no declared type. Returns where it was set.
pub(crate) fn assign(ex: &mut Execution, n: u32, name: &str, value: &str) -> Loc {
    let loc = find(ex, n, name).map(|(l, _)| l).unwrap_or(Loc::Frame(ex.instances[n as usize].frame));
    let map = match loc {
        Loc::Instance(i) => &mut ex.instances[i as usize].variables,
        Loc::Frame(f) => &mut ex.frames[f as usize].variables,
    };
    map.entry(name.to_string())
        .or_insert_with(|| Var { kind: String::new(), value: None, constant: false, external: false })
        .value = Some(value.to_string());
    loc
}
