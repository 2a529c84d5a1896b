//! A small SQL builder for the queries whose shape depends on input (lists
//! with filters, the visibility predicate). Placeholders are `$N` on both
//! backends.

use sqlx::any::AnyArguments;
use sqlx::query::{Query, QueryAs};
use sqlx::{Any, FromRow, any::AnyRow};
use verbinding_domain::access::VisibilityFilter;

#[derive(Debug, Clone)]
pub enum Arg {
    Int(i64),
    Text(String),
}

#[derive(Debug, Default, Clone)]
pub struct Sql {
    pub text: String,
    pub args: Vec<Arg>,
}

impl Sql {
    pub fn new(text: &str) -> Self {
        Sql { text: text.to_string(), args: Vec::new() }
    }

    pub fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Appends a placeholder bound to `arg`.
    pub fn bind(&mut self, arg: Arg) -> &mut Self {
        self.args.push(arg);
        self.text.push_str(&format!("${}", self.args.len()));
        self
    }

    pub fn bind_int(&mut self, v: i64) -> &mut Self {
        self.bind(Arg::Int(v))
    }

    pub fn bind_text(&mut self, v: &str) -> &mut Self {
        self.bind(Arg::Text(v.to_string()))
    }

    /// Appends `(p1, p2, …)`; an empty list becomes `(NULL)`, which matches nothing.
    pub fn bind_list(&mut self, args: impl IntoIterator<Item = Arg>) -> &mut Self {
        self.text.push('(');
        let mut first = true;
        for a in args {
            if !first {
                self.text.push_str(", ");
            }
            first = false;
            self.bind(a);
        }
        if first {
            self.text.push_str("NULL");
        }
        self.text.push(')');
        self
    }

    /// Appends the visibility predicate for the object whose `objects` row is
    /// aliased `alias`. This is [`VisibilityFilter::matches`] in SQL; the
    /// integration suite checks the two agree on real data.
    pub fn visible(&mut self, alias: &str, filter: &VisibilityFilter) -> &mut Self {
        self.push(&format!("({alias}.classification IN "));
        self.bind_list(filter.labels.iter().map(|l| Arg::Text(l.to_string())));
        self.push(&format!(
            " AND ({alias}.open_to_all = 1 OR EXISTS (SELECT 1 FROM object_access na WHERE na.object_id = {alias}.id AND (na.user_id = "
        ));
        self.bind_int(filter.user_id);
        self.push(" OR na.org_id IN ");
        self.bind_list(filter.org_chain.iter().map(|o| Arg::Int(*o)));
        self.push("))))");
        self
    }

    /// Appends "the task row aliased `alias` is not marked above the
    /// reader's clearance" (issue 11, rule 4): a task without a
    /// classification is as visible as its run.
    pub fn cleared_task(&mut self, alias: &str, filter: &VisibilityFilter) -> &mut Self {
        self.push(&format!("({alias}.classification IS NULL OR {alias}.classification IN "));
        self.bind_list(filter.labels.iter().map(|l| Arg::Text(l.to_string())));
        self.push(")")
    }

    pub fn query(&self) -> Query<'_, Any, AnyArguments<'_>> {
        let mut q = sqlx::query(&self.text);
        for a in &self.args {
            q = match a {
                Arg::Int(v) => q.bind(*v),
                Arg::Text(v) => q.bind(v.as_str()),
            };
        }
        q
    }

    pub fn query_as<T>(&self) -> QueryAs<'_, Any, T, AnyArguments<'_>>
    where
        T: for<'r> FromRow<'r, AnyRow>,
    {
        let mut q = sqlx::query_as::<Any, T>(&self.text);
        for a in &self.args {
            q = match a {
                Arg::Int(v) => q.bind(*v),
                Arg::Text(v) => q.bind(v.as_str()),
            };
        }
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_in_bind_order() {
        let f = VisibilityFilter { labels: vec!["ongerubriceerd", "dep-v"], org_chain: vec![2, 1], user_id: 7 };
        let mut s = Sql::new("SELECT o.id FROM objects o WHERE ");
        s.visible("o", &f);
        assert!(s.text.contains("o.classification IN ($1, $2)"));
        assert!(s.text.contains("na.user_id = $3 OR na.org_id IN ($4, $5)"));
        assert_eq!(s.args.len(), 5);
    }

    #[test]
    fn empty_lists_match_nothing() {
        let mut s = Sql::new("x IN ");
        s.bind_list(Vec::new());
        assert_eq!(s.text, "x IN (NULL)");
    }
}
