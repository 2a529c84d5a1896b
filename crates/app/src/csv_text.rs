//! CSV text as RFC 4180 writes it (comma, CRLF after every record, quotes
//! where needed), safe to open in a spreadsheet: the one writer of every
//! CSV download (the evaluator export, the audit trail, incident lists and
//! timelines).

/// A text that a spreadsheet would take for a formula (it begins with `=`,
/// `+`, `-`, `@`, a tab or a carriage return) gets a leading apostrophe, so
/// opening a CSV file never runs what someone typed into a title. Only in
/// CSV: `framework.json` keeps the text exactly.
pub fn formula_safe(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() }
}

/// Appends one field, quoted when RFC 4180 requires it: when it holds a
/// comma, a double quote, a carriage return or a line feed. A double quote
/// inside is doubled.
fn push_field(out: &mut String, field: &str) {
    if field.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

pub fn push_line<'a>(out: &mut String, fields: impl IntoIterator<Item = &'a str>) {
    for (i, f) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_field(out, f);
    }
    // RFC 4180 ends every record, the last one too, with CRLF.
    out.push_str("\r\n");
}

/// A whole table: the header, then every row, each cell made formula-safe.
pub fn table(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut out = String::new();
    push_line(&mut out, header.iter().copied());
    for row in rows {
        let safe: Vec<String> = row.iter().map(|c| formula_safe(c)).collect();
        push_line(&mut out, safe.iter().map(String::as_str));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_where_rfc_4180_needs_it_and_formulas_defused() {
        let t = table(&["a", "b"], [vec!["x, y".to_string(), "=1+1".to_string()], vec!["\"q\"".into(), "n\nl".into()]]);
        assert_eq!(t, "a,b\r\n\"x, y\",'=1+1\r\n\"\"\"q\"\"\",\"n\nl\"\r\n");
    }
}
