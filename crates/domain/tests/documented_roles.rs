//! The roles table in `docs/authorization.md` is the code's table, not a copy
//! that drifts.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "test code: a failed expectation is the test failing")]
#![allow(
    clippy::let_underscore_must_use,
    clippy::clone_on_ref_ptr,
    reason = "test code: clean-up that may fail (a temp dir, a killed child) and shared fixtures"
)]

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
