//! The condition language: STIX comparison expressions over CACAO variables.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "test code: a failed expectation is the test failing")]
#![allow(
    clippy::let_underscore_must_use,
    clippy::clone_on_ref_ptr,
    reason = "test code: clean-up that may fail (a temp dir, a killed child) and shared fixtures"
)]

use std::collections::BTreeMap;
use verbinding_playbook::engine::condition::{Expr, Op, Operand, eval, parse, variables};

fn vars() -> BTreeMap<&'static str, (&'static str, Option<&'static str>)> {
    BTreeMap::from([
        ("__decision__", ("string", Some("attribute-publicly"))),
        ("__count__", ("integer", Some("5"))),
        ("__ratio__", ("float", Some("0.75"))),
        ("__flag__", ("bool", Some("true"))),
        ("__sector__", ("string", Some("drinkwater"))),
        ("__loose__", ("string", Some("12"))),
        ("__unknown__", ("string", None)),
        ("__word__", ("string", Some("b"))),
    ])
}

fn check(text: &str) -> Result<bool, String> {
    let e = parse(text).map_err(|e| format!("{}@{}: {}", e.code, e.offset, e.detail))?;
    let v = vars();
    let lookup = |name: &str| v.get(name).map(|(k, val)| (*k, *val));
    eval(&e, &lookup).map_err(|e| format!("{}: {}", e.code, e.detail))
}

#[test]
fn comparisons_as_cacao_writes_them() {
    for (text, want) in [
        ("__decision__:value = 'attribute-publicly'", true),
        ("__decision__:value != 'attribute-publicly'", false),
        ("[__decision__:value = 'stay-silent']", false),
        ("__count__:value > 3", true),
        ("__count__:value >= 5", true),
        ("__count__:value < 5", false),
        ("__count__:value <= '5'", true),
        ("__count__:value = 5.0", true),
        ("__ratio__:value > 0.5", true),
        ("__flag__:value = true", true),
        ("__flag__:value = 'false'", false),
        ("__loose__:value > 9", true),
        ("__loose__:value > '9'", false),
        ("__word__:value < 'c'", true),
        ("__decision__ = 'attribute-publicly'", true),
    ] {
        assert_eq!(check(text), Ok(want), "{text}");
    }
}

#[test]
fn and_or_not_and_parentheses() {
    for (text, want) in [
        ("__count__:value > 3 AND __flag__:value = true", true),
        ("__count__:value > 9 OR __flag__:value = true", true),
        ("__count__:value > 9 or __flag__:value = false", false),
        ("NOT __count__:value > 9", true),
        ("NOT (__count__:value > 3 AND __flag__:value = true)", false),
        ("__count__:value > 9 AND __flag__:value = true OR __sector__:value = 'drinkwater'", true),
        ("__count__:value > 9 AND (__flag__:value = true OR __sector__:value = 'drinkwater')", false),
        ("[__count__:value > 3] AND [__sector__:value = 'drinkwater']", true),
        ("__count__:value NOT = 5", false),
    ] {
        assert_eq!(check(text), Ok(want), "{text}");
    }
}

#[test]
fn in_like_and_matches() {
    for (text, want) in [
        ("__sector__:value IN ('energie', 'drinkwater')", true),
        ("__sector__:value IN ('energie')", false),
        ("__sector__:value NOT IN ('energie')", true),
        ("__count__:value IN (4, 5, 6)", true),
        ("__sector__:value LIKE 'drink%'", true),
        ("__sector__:value LIKE '_rinkwate_'", true),
        ("__sector__:value LIKE 'water'", false),
        ("__sector__:value NOT LIKE '%gas%'", true),
        ("__sector__:value MATCHES 'water$'", true),
        ("__sector__:value MATCHES '^water'", false),
        ("__decision__:value MATCHES '^attribute-(publicly|privately)$'", true),
        ("__unknown__:value MATCHES '.*'", false),
    ] {
        assert_eq!(check(text), Ok(want), "{text}");
    }
}

#[test]
fn an_unknown_value_makes_every_comparison_false() {
    assert_eq!(check("__unknown__:value = 'x'"), Ok(false));
    assert_eq!(check("__unknown__:value != 'x'"), Ok(false));
    assert_eq!(check("NOT __unknown__:value = 'x'"), Ok(true));
    assert_eq!(check("__unknown__:value IN ('x')"), Ok(false));
}

#[test]
fn evaluation_errors_name_the_problem() {
    assert_eq!(check("__missing__:value = 'x'"), Err("variable_unknown: __missing__ is not declared".into()));
    assert_eq!(check("__sector__:value > 3"), Err("condition_type: \"drinkwater\" is not a number".into()));
    assert!(check("__flag__:value > true").is_err_and(|e| e.starts_with("condition_type")));
}

#[test]
fn parse_errors_say_where_and_what() {
    for (text, code, offset) in [
        ("", "condition_invalid", 0),
        ("__x__:value", "condition_invalid", 11),
        ("__x__:value = ", "condition_invalid", 14),
        ("__x__:value = 'open", "condition_invalid", 14),
        ("(__x__:value = 1", "condition_invalid", 16),
        ("__x__:value = 1 2", "condition_invalid", 16),
        ("file:name = 'x'", "condition_invalid", 0),
        ("__x__:value ISSUBSET '10.0.0.0/8'", "condition_unsupported", 12),
        ("__x__:value MATCHES '(a'", "condition_invalid", 20),
        ("__x__:value ! 1", "condition_invalid", 12),
        ("__x__:value IN 'a'", "condition_invalid", 15),
        ("__x__:value LIKE 3", "condition_invalid", 17),
    ] {
        let e = parse(text).expect_err(text);
        assert_eq!((e.code, e.offset), (code, offset), "{text}: {}", e.detail);
    }
}

#[test]
fn parsed_once_into_a_tree() {
    let e = parse("__a__:value = 'x' OR __b__:value <> 2").expect("parses");
    assert_eq!(
        e,
        Expr::Or(
            Box::new(Expr::Compare(Operand::Var("__a__".into()), Op::Eq, Operand::Text("x".into()))),
            Box::new(Expr::Compare(Operand::Var("__b__".into()), Op::Ne, Operand::Number("2".into()))),
        )
    );
    let mut found = Vec::new();
    variables(&e, &mut found);
    assert_eq!(found, vec!["__a__", "__b__"]);
    assert_eq!(
        parse("__s__:value = 'it\\'s'").map(|e| matches!(e, Expr::Compare(_, _, Operand::Text(t)) if t == "it's")),
        Ok(true)
    );
}
