//! Conditions of if- and while-condition steps: STIX comparison expressions
//! over CACAO variables, parsed once into a tree.
//!
//! ```text
//! expr       := and ("OR" and)*
//! and        := not ("AND" not)*
//! not        := "NOT" not | "(" expr ")" | "[" expr "]" | comparison
//! comparison := operand ["NOT"] op operand
//!             | operand ["NOT"] "IN" "(" literal ("," literal)* ")"
//!             | operand ["NOT"] "LIKE" string
//!             | operand ["NOT"] "MATCHES" string
//! op         := "=" | "==" | "!=" | "<>" | "<" | "<=" | ">" | ">="
//! operand    := __name__:value | __name__ | 'text' | number | true | false
//! ```
//!
//! Keywords are case-insensitive. `MATCHES` takes a regular expression (the
//! `regex` crate's syntax, close to PCRE without look-around and
//! back-references) and holds when it matches anywhere in the value; anchor
//! it with `^…$` for the whole value. The STIX pattern qualifiers and set
//! operators are refused with a clear error.
//! Comparison is typed: numerically when a side is a number literal or a
//! variable of type integer, long or float; as booleans when a side is
//! `true`/`false` or a bool variable (only `=` and `!=`); otherwise as text
//! (`<` and `>` compare text by code points). As in STIX, a comparison with a
//! variable whose value is unknown (null) is false, whatever the operator.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Operand {
    Var(String),
    Text(String),
    /// As written; compared as i64 when both sides are integers, else f64.
    Number(String),
    Bool(bool),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Expr {
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Compare(Operand, Op, Operand),
    In(Operand, Vec<Operand>),
    Like(Operand, String),
    Matches(Operand, String),
}

/// A condition that does not parse: where (byte offset) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// `condition_invalid` or `condition_unsupported`.
    pub code: &'static str,
    pub offset: usize,
    pub detail: String,
}

/// A condition that cannot be evaluated with the variables it meets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalError {
    /// `variable_unknown` or `condition_type`.
    pub code: &'static str,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Op(Op),
    Word(String),
    Var(String),
    Text(String),
    Number(String),
}

fn invalid(offset: usize, detail: impl Into<String>) -> ParseError {
    ParseError { code: "condition_invalid", offset, detail: detail.into() }
}

fn lex(text: &str) -> Result<Vec<(usize, Tok)>, ParseError> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        let next = chars.get(i + 1).map(|x| x.1);
        match c {
            c if c.is_whitespace() => i += 1,
            '(' | ')' | '[' | ']' | ',' => {
                out.push((
                    at,
                    match c {
                        '(' => Tok::LParen,
                        ')' => Tok::RParen,
                        '[' => Tok::LBracket,
                        ']' => Tok::RBracket,
                        _ => Tok::Comma,
                    },
                ));
                i += 1;
            }
            '=' | '!' | '<' | '>' => {
                let (op, len) = match (c, next) {
                    ('=', Some('=')) => (Op::Eq, 2),
                    ('=', _) => (Op::Eq, 1),
                    ('!', Some('=')) => (Op::Ne, 2),
                    ('<', Some('>')) => (Op::Ne, 2),
                    ('<', Some('=')) => (Op::Le, 2),
                    ('<', _) => (Op::Lt, 1),
                    ('>', Some('=')) => (Op::Ge, 2),
                    ('>', _) => (Op::Gt, 1),
                    _ => return Err(invalid(at, "\"!\" must be followed by \"=\"")),
                };
                out.push((at, Tok::Op(op)));
                i += len;
            }
            '\'' | '"' => {
                let quote = c;
                let mut s = String::new();
                i += 1;
                loop {
                    match chars.get(i).map(|x| x.1) {
                        None => return Err(invalid(at, "the text is not closed")),
                        Some('\\') => {
                            let escaped = chars.get(i + 1).map(|x| x.1).ok_or_else(|| invalid(at, "lone \\"))?;
                            s.push(escaped);
                            i += 2;
                        }
                        Some(q) if q == quote => {
                            i += 1;
                            break;
                        }
                        Some(other) => {
                            s.push(other);
                            i += 1;
                        }
                    }
                }
                out.push((at, Tok::Text(s)));
            }
            c if c.is_ascii_digit() || (c == '-' && next.is_some_and(|n| n.is_ascii_digit())) => {
                let start = i;
                i += 1;
                while chars.get(i).is_some_and(|x| x.1.is_ascii_digit() || matches!(x.1, '.' | 'e' | 'E' | '+')) {
                    i += 1;
                }
                let lexeme: String = chars[start..i].iter().map(|x| x.1).collect();
                if lexeme.parse::<f64>().is_err() {
                    return Err(invalid(at, format!("\"{lexeme}\" is not a number")));
                }
                out.push((at, Tok::Number(lexeme)));
            }
            c if c.is_alphanumeric() || c == '_' => {
                let start = i;
                while chars.get(i).is_some_and(|x| x.1.is_alphanumeric() || matches!(x.1, '_' | '-' | ':' | '.')) {
                    i += 1;
                }
                let word: String = chars[start..i].iter().map(|x| x.1).collect();
                out.push((at, variable(&word).map(Tok::Var).unwrap_or(Tok::Word(word))));
            }
            other => return Err(invalid(at, format!("unexpected \"{other}\""))),
        }
    }
    Ok(out)
}

/// `__name__:value` or `__name__` → `__name__`.
pub fn variable(word: &str) -> Option<String> {
    let name = word.strip_suffix(":value").unwrap_or(word);
    let inner = name.strip_prefix("__")?.strip_suffix("__")?;
    let ok = inner.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && inner.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    ok.then(|| name.to_string())
}

struct Parser {
    toks: Vec<(usize, Tok)>,
    pos: usize,
    end: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|t| &t.1)
    }

    fn offset(&self) -> usize {
        self.toks.get(self.pos).map(|t| t.0).unwrap_or(self.end)
    }

    fn keyword(&self, k: &str) -> bool {
        matches!(self.peek(), Some(Tok::Word(w)) if w.eq_ignore_ascii_case(k))
    }

    fn expect(&mut self, want: &Tok, what: &str) -> Result<(), ParseError> {
        if self.peek() == Some(want) {
            self.pos += 1;
            Ok(())
        } else {
            Err(invalid(self.offset(), format!("expected {what}")))
        }
    }

    fn or(&mut self) -> Result<Expr, ParseError> {
        let mut left = self.and()?;
        while self.keyword("OR") {
            self.pos += 1;
            left = Expr::Or(Box::new(left), Box::new(self.and()?));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, ParseError> {
        let mut left = self.not()?;
        while self.keyword("AND") {
            self.pos += 1;
            left = Expr::And(Box::new(left), Box::new(self.not()?));
        }
        Ok(left)
    }

    fn not(&mut self) -> Result<Expr, ParseError> {
        if self.keyword("NOT") {
            self.pos += 1;
            return Ok(Expr::Not(Box::new(self.not()?)));
        }
        for (open, close, what) in [(Tok::LParen, Tok::RParen, "\")\""), (Tok::LBracket, Tok::RBracket, "\"]\"")] {
            if self.peek() == Some(&open) {
                self.pos += 1;
                let inner = self.or()?;
                self.expect(&close, what)?;
                return Ok(inner);
            }
        }
        self.comparison()
    }

    fn operand(&mut self) -> Result<Operand, ParseError> {
        let at = self.offset();
        let op = match self.peek().cloned() {
            Some(Tok::Var(v)) => Operand::Var(v),
            Some(Tok::Text(t)) => Operand::Text(t),
            Some(Tok::Number(n)) => Operand::Number(n),
            Some(Tok::Word(w)) if w.eq_ignore_ascii_case("true") => Operand::Bool(true),
            Some(Tok::Word(w)) if w.eq_ignore_ascii_case("false") => Operand::Bool(false),
            Some(Tok::Word(w)) if w.contains(':') => {
                return Err(invalid(at, format!("\"{w}\" is not a CACAO variable: write __name__:value")));
            }
            Some(Tok::Word(w)) => return Err(invalid(at, format!("unexpected \"{w}\""))),
            Some(_) => return Err(invalid(at, "expected a variable or a value")),
            None => return Err(invalid(at, "the condition ends too early")),
        };
        self.pos += 1;
        Ok(op)
    }

    fn comparison(&mut self) -> Result<Expr, ParseError> {
        let left = self.operand()?;
        let negated = self.keyword("NOT");
        if negated {
            self.pos += 1;
        }
        let at = self.offset();
        let expr = match self.peek().cloned() {
            Some(Tok::Op(op)) => {
                self.pos += 1;
                Expr::Compare(left, op, self.operand()?)
            }
            Some(Tok::Word(w)) if w.eq_ignore_ascii_case("IN") => {
                self.pos += 1;
                self.expect(&Tok::LParen, "\"(\" after IN")?;
                let mut set = vec![self.operand()?];
                while self.peek() == Some(&Tok::Comma) {
                    self.pos += 1;
                    set.push(self.operand()?);
                }
                self.expect(&Tok::RParen, "\")\" to close the IN list")?;
                Expr::In(left, set)
            }
            Some(Tok::Word(w)) if w.eq_ignore_ascii_case("LIKE") => {
                self.pos += 1;
                let pattern_at = self.offset();
                match self.operand()? {
                    Operand::Text(pattern) => Expr::Like(left, pattern),
                    _ => return Err(invalid(pattern_at, "LIKE takes a text pattern such as '%bank%'")),
                }
            }
            Some(Tok::Word(w)) if w.eq_ignore_ascii_case("MATCHES") => {
                self.pos += 1;
                let pattern_at = self.offset();
                match self.operand()? {
                    Operand::Text(pattern) => {
                        regex::Regex::new(&pattern).map_err(|e| {
                            invalid(pattern_at, format!("not a regular expression: {}", first_line(&e.to_string())))
                        })?;
                        Expr::Matches(left, pattern)
                    }
                    _ => return Err(invalid(pattern_at, "MATCHES takes a text pattern such as '^[A-Z]{2}$'")),
                }
            }
            Some(Tok::Word(w))
                if ["ISSUBSET", "ISSUPERSET", "FOLLOWEDBY", "WITHIN", "REPEATS", "START", "STOP"]
                    .iter()
                    .any(|k| w.eq_ignore_ascii_case(k)) =>
            {
                return Err(ParseError {
                    code: "condition_unsupported",
                    offset: at,
                    detail: format!(
                        "{} is not supported; use =, !=, <, <=, >, >=, IN, LIKE or MATCHES",
                        w.to_uppercase()
                    ),
                });
            }
            _ => return Err(invalid(at, "expected a comparison operator (=, !=, <, <=, >, >=, IN, LIKE, MATCHES)")),
        };
        Ok(if negated { Expr::Not(Box::new(expr)) } else { expr })
    }
}

fn first_line(text: &str) -> &str {
    text.lines().last().unwrap_or(text).trim()
}

pub fn parse(text: &str) -> Result<Expr, ParseError> {
    let toks = lex(text)?;
    if toks.is_empty() {
        return Err(invalid(0, "the condition is empty"));
    }
    let mut p = Parser { toks, pos: 0, end: text.len() };
    let expr = p.or()?;
    if p.pos < p.toks.len() {
        return Err(invalid(p.offset(), "unexpected text after the condition"));
    }
    Ok(expr)
}

/// What a lookup finds for a variable: its declared type and its value.
pub type Found<'a> = Option<(&'a str, Option<&'a str>)>;

#[derive(Clone, Copy, PartialEq)]
enum Class {
    Number,
    Bool,
    Text,
}

fn class_of_type(kind: &str) -> Class {
    match kind {
        "integer" | "long" | "float" => Class::Number,
        "bool" => Class::Bool,
        _ => Class::Text,
    }
}

/// An operand's value (none: unknown) and how it compares.
fn resolve<'a>(o: &'a Operand, lookup: &dyn Fn(&str) -> Found<'a>) -> Result<(Option<String>, Class), EvalError> {
    Ok(match o {
        Operand::Var(name) => {
            let (kind, value) = lookup(name)
                .ok_or_else(|| EvalError { code: "variable_unknown", detail: format!("{name} is not declared") })?;
            (value.map(str::to_string), class_of_type(kind))
        }
        Operand::Text(t) => (Some(t.clone()), Class::Text),
        Operand::Number(n) => (Some(n.clone()), Class::Number),
        Operand::Bool(b) => (Some(b.to_string()), Class::Bool),
    })
}

fn type_error(detail: String) -> EvalError {
    EvalError { code: "condition_type", detail }
}

fn compare(l: &str, op: Op, r: &str, class: Class) -> Result<bool, EvalError> {
    use std::cmp::Ordering;
    let ordering = match class {
        Class::Number => match (l.trim().parse::<i64>(), r.trim().parse::<i64>()) {
            (Ok(a), Ok(b)) => a.cmp(&b),
            _ => {
                let a = l.trim().parse::<f64>().map_err(|_| type_error(format!("\"{l}\" is not a number")))?;
                let b = r.trim().parse::<f64>().map_err(|_| type_error(format!("\"{r}\" is not a number")))?;
                a.partial_cmp(&b).unwrap_or(Ordering::Less)
            }
        },
        Class::Bool => {
            let parse = |s: &str| match s.trim().to_ascii_lowercase().as_str() {
                "true" => Ok(true),
                "false" => Ok(false),
                _ => Err(type_error(format!("\"{s}\" is not true or false"))),
            };
            let (a, b) = (parse(l)?, parse(r)?);
            return match op {
                Op::Eq => Ok(a == b),
                Op::Ne => Ok(a != b),
                _ => Err(type_error("booleans compare only with = and !=".to_string())),
            };
        }
        Class::Text => l.cmp(r),
    };
    Ok(match op {
        Op::Eq => ordering == Ordering::Equal,
        Op::Ne => ordering != Ordering::Equal,
        Op::Lt => ordering == Ordering::Less,
        Op::Le => ordering != Ordering::Greater,
        Op::Gt => ordering == Ordering::Greater,
        Op::Ge => ordering != Ordering::Less,
    })
}

fn merge(a: Class, b: Class) -> Class {
    if a == Class::Number || b == Class::Number {
        Class::Number
    } else if a == Class::Bool || b == Class::Bool {
        Class::Bool
    } else {
        Class::Text
    }
}

/// SQL LIKE: `%` any run of characters, `_` one character.
fn like(text: &[char], pattern: &[char]) -> bool {
    match pattern.split_first() {
        None => text.is_empty(),
        Some(('%', rest)) => (0..=text.len()).any(|i| like(&text[i..], rest)),
        Some(('_', rest)) => !text.is_empty() && like(&text[1..], rest),
        Some((c, rest)) => text.first() == Some(c) && like(&text[1..], rest),
    }
}

/// Evaluates with `lookup` giving each variable's declared type and value.
pub fn eval<'a>(e: &'a Expr, lookup: &dyn Fn(&str) -> Found<'a>) -> Result<bool, EvalError> {
    Ok(match e {
        Expr::And(a, b) => eval(a, lookup)? && eval(b, lookup)?,
        Expr::Or(a, b) => eval(a, lookup)? || eval(b, lookup)?,
        Expr::Not(a) => !eval(a, lookup)?,
        Expr::Compare(l, op, r) => {
            let ((lv, lc), (rv, rc)) = (resolve(l, lookup)?, resolve(r, lookup)?);
            match (lv, rv) {
                (Some(a), Some(b)) => compare(&a, *op, &b, merge(lc, rc))?,
                _ => false,
            }
        }
        Expr::In(l, set) => {
            let (lv, lc) = resolve(l, lookup)?;
            let Some(a) = lv else { return Ok(false) };
            let mut found = false;
            for item in set {
                let (iv, ic) = resolve(item, lookup)?;
                if let Some(b) = iv
                    && compare(&a, Op::Eq, &b, merge(lc, ic))?
                {
                    found = true;
                    break;
                }
            }
            found
        }
        Expr::Matches(l, pattern) => match resolve(l, lookup)?.0 {
            Some(a) => regex::Regex::new(pattern)
                .map_err(|e| type_error(format!("not a regular expression: {e}")))?
                .is_match(&a),
            None => false,
        },
        Expr::Like(l, pattern) => match resolve(l, lookup)?.0 {
            Some(a) => {
                let (t, p): (Vec<char>, Vec<char>) = (a.chars().collect(), pattern.chars().collect());
                like(&t, &p)
            }
            None => false,
        },
    })
}

/// Every variable a condition reads.
pub fn variables(e: &Expr, out: &mut Vec<String>) {
    let operand = |o: &Operand, out: &mut Vec<String>| {
        if let Operand::Var(v) = o {
            out.push(v.clone());
        }
    };
    match e {
        Expr::And(a, b) | Expr::Or(a, b) => {
            variables(a, out);
            variables(b, out);
        }
        Expr::Not(a) => variables(a, out),
        Expr::Compare(l, _, r) => {
            operand(l, out);
            operand(r, out);
        }
        Expr::In(l, set) => {
            operand(l, out);
            set.iter().for_each(|o| operand(o, out));
        }
        Expr::Like(l, _) | Expr::Matches(l, _) => operand(l, out),
    }
}
