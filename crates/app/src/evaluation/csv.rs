//! The cells of the export and the CSV files made of them (RFC 4180).
//!
//! One record is a list of named cells; the same record is a CSV row and a
//! JSON object, so the two formats cannot disagree about a value. A CSV
//! file checks every row against its file's columns, so a row can never be
//! written under the wrong header.

use super::columns::Column;
use crate::AppError;
use crate::csv_text::{formula_safe, push_line};

/// One value of a record, typed so that CSV and JSON render it alike.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Integer(i64),
    Number(f64),
    Boolean(bool),
    /// Several values: a JSON array, in a CSV cell as the JSON text of one.
    List(Vec<String>),
    /// No value (an empty CSV cell, `null` in JSON).
    Empty,
}

impl Cell {
    pub fn text(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    pub fn optional_text(s: Option<&str>) -> Cell {
        s.map_or(Cell::Empty, Cell::text)
    }

    pub fn optional_integer(n: Option<i64>) -> Cell {
        n.map_or(Cell::Empty, Cell::Integer)
    }

    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Cell::Text(s) => serde_json::Value::from(s.as_str()),
            Cell::Integer(n) => serde_json::Value::from(*n),
            // A number that JSON cannot hold (never stored: values are checked finite) is left out.
            Cell::Number(n) => serde_json::Number::from_f64(*n).map_or(serde_json::Value::Null, Into::into),
            Cell::Boolean(b) => serde_json::Value::from(*b),
            Cell::List(items) => serde_json::Value::from(items.clone()),
            Cell::Empty => serde_json::Value::Null,
        }
    }

    /// The cell's text in a CSV file, before quoting: numbers with a dot
    /// decimal and no exponent, booleans as `true`/`false`.
    fn to_csv(&self) -> String {
        match self {
            Cell::Text(s) => formula_safe(s),
            Cell::Integer(n) => n.to_string(),
            Cell::Number(n) if n.is_finite() => format!("{n}"),
            Cell::Number(_) | Cell::Empty => String::new(),
            Cell::Boolean(b) => b.to_string(),
            Cell::List(items) => serde_json::Value::from(items.clone()).to_string(),
        }
    }
}

/// A record: its cells in the order of its file's columns, each with the
/// column's name.
pub type Record = Vec<(&'static str, Cell)>;

/// The record as one JSON object (the nested lists are added by the caller).
pub fn to_object(record: &Record) -> serde_json::Map<String, serde_json::Value> {
    record.iter().map(|(name, cell)| ((*name).to_string(), cell.to_json())).collect()
}

/// A CSV file being written: the header row first, then one row per record.
pub struct CsvFile {
    columns: &'static [Column],
    text: String,
    rows: usize,
}

impl CsvFile {
    pub fn new(columns: &'static [Column]) -> CsvFile {
        let mut text = String::new();
        push_line(&mut text, columns.iter().map(|c| c.name));
        CsvFile { columns, text, rows: 0 }
    }

    /// Appends a record; one whose cells are not exactly the file's columns,
    /// in order, is a bug, refused rather than written under a wrong header.
    pub fn push(&mut self, record: &Record) -> Result<(), AppError> {
        let names = record.iter().map(|(n, _)| *n);
        if !names.eq(self.columns.iter().map(|c| c.name)) {
            let got: Vec<&str> = record.iter().map(|(n, _)| *n).collect();
            return Err(AppError::internal(format!("an export row does not fit its file's columns: {got:?}")));
        }
        let cells: Vec<String> = record.iter().map(|(_, c)| c.to_csv()).collect();
        push_line(&mut self.text, cells.iter().map(String::as_str));
        self.rows += 1;
        Ok(())
    }

    pub fn rows(&self) -> usize {
        self.rows
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.text.into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::columns::Kind;

    const COLUMNS: &[Column] = &[
        Column { name: "id", kind: Kind::Integer, nl: "", en: "", values: None },
        Column { name: "note", kind: Kind::Text, nl: "", en: "", values: None },
        Column { name: "value", kind: Kind::Number, nl: "", en: "", values: None },
    ];

    fn file(rows: &[Record]) -> String {
        let mut f = CsvFile::new(COLUMNS);
        for r in rows {
            f.push(r).expect("fits");
        }
        String::from_utf8(f.into_bytes()).expect("utf-8")
    }

    fn row(id: i64, note: &str, value: Cell) -> Record {
        vec![("id", Cell::Integer(id)), ("note", Cell::text(note)), ("value", value)]
    }

    #[test]
    fn plain_fields_are_not_quoted_and_every_line_ends_with_crlf() {
        assert_eq!(file(&[row(1, "gewoon", Cell::Number(2.5))]), "id,note,value\r\n1,gewoon,2.5\r\n");
    }

    #[test]
    fn commas_quotes_and_line_breaks_are_quoted_and_quotes_doubled() {
        let text = file(&[
            row(1, "a, b", Cell::Empty),
            row(2, "zei \"ja\"", Cell::Empty),
            row(3, "regel 1\nregel 2", Cell::Empty),
            row(4, "cr\rlf\r\n", Cell::Empty),
        ]);
        assert_eq!(
            text,
            "id,note,value\r\n1,\"a, b\",\r\n2,\"zei \"\"ja\"\"\",\r\n3,\"regel 1\nregel 2\",\r\n4,\"cr\rlf\r\n\",\r\n"
        );
    }

    #[test]
    fn what_was_written_reads_back_field_for_field() {
        let notes = ["a, b", "\"", "\"\"", "x\ny", ",", "", "eind\""];
        let rows: Vec<Record> = notes.iter().enumerate().map(|(i, n)| row(i as i64, n, Cell::Empty)).collect();
        let parsed = parse(&file(&rows));
        assert_eq!(parsed[0], ["id", "note", "value"]);
        for (i, n) in notes.iter().enumerate() {
            assert_eq!(parsed[i + 1], [i.to_string(), n.to_string(), String::new()], "{n:?}");
        }
    }

    #[test]
    fn numbers_have_a_dot_decimal_and_no_exponent() {
        for (n, text) in
            [(37.5, "37.5"), (2.0, "2"), (-0.25, "-0.25"), (1e21, "1000000000000000000000"), (1e-7, "0.0000001")]
        {
            assert_eq!(Cell::Number(n).to_csv(), text);
        }
        assert_eq!(Cell::Boolean(true).to_csv(), "true");
        assert_eq!(Cell::List(vec!["BZ".into(), "Je\"nV".into()]).to_csv(), r#"["BZ","Je\"nV"]"#);
    }

    #[test]
    fn a_text_a_spreadsheet_would_run_gets_an_apostrophe_in_csv_only() {
        let cell = Cell::text("=HYPERLINK(\"x\")");
        assert_eq!(cell.to_csv(), "'=HYPERLINK(\"x\")");
        assert_eq!(cell.to_json(), serde_json::json!("=HYPERLINK(\"x\")"));
        assert_eq!(Cell::Number(-3.0).to_csv(), "-3", "a negative number stays a number");
    }

    #[test]
    fn a_row_that_does_not_fit_the_columns_is_refused() {
        let mut f = CsvFile::new(COLUMNS);
        let swapped = vec![("note", Cell::text("x")), ("id", Cell::Integer(1)), ("value", Cell::Empty)];
        assert!(f.push(&swapped).is_err());
        assert!(f.push(&vec![("id", Cell::Integer(1))]).is_err());
        assert_eq!(f.rows(), 0);
    }

    /// A reader of RFC 4180 for the round trip: quoted fields may hold
    /// commas, doubled quotes and line breaks.
    fn parse(text: &str) -> Vec<Vec<String>> {
        let (mut rows, mut row, mut field) = (Vec::new(), Vec::new(), String::new());
        let mut chars = text.chars().peekable();
        let mut quoted = false;
        while let Some(c) = chars.next() {
            match (quoted, c) {
                (true, '"') if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                (true, '"') => quoted = false,
                (true, c) => field.push(c),
                (false, '"') => quoted = true,
                (false, ',') => row.push(std::mem::take(&mut field)),
                (false, '\r') if chars.peek() == Some(&'\n') => {
                    chars.next();
                    row.push(std::mem::take(&mut field));
                    rows.push(std::mem::take(&mut row));
                }
                (false, c) => field.push(c),
            }
        }
        rows
    }
}
