//! The roles table in `docs/authorization.md` is the code's table, not a copy
//! that drifts.

#[test]
fn docs_show_the_permission_table_of_the_code() {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/authorization.md"))
        .expect("docs/authorization.md");
    let start = doc.find("<!-- permission-table -->").expect("start marker") + "<!-- permission-table -->".len();
    let end = doc.find("<!-- /permission-table -->").expect("end marker");
    assert_eq!(
        doc[start..end].trim(),
        verbinding_domain::role::permission_table_markdown().trim(),
        "regenerate the table in docs/authorization.md"
    );
}
