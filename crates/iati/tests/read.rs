//! The reader on files written by others: entities, CDATA, comments and
//! languages, and the files it refuses.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "test code: a failed expectation is the test failing")]

use verbinding_iati::*;

/// A minimal activity file around `inner` (the activity's content after its
/// identifier).
fn file(inner: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<iati-activities version=\"2.03\">\n <iati-activity xml:lang=\"fr\">\n  \
         <iati-identifier> XX-1-A </iati-identifier>\n{inner}\n </iati-activity>\n</iati-activities>\n"
    )
}

#[test]
fn entities_cdata_comments_and_languages() {
    let xml = file(
        "  <!-- a comment <title> that is not one -->\n  <title>\n   \
         <narrative>Caf&#233; &amp; th&#xe9; &lt;b&gt; &quot;q&quot; &apos;a&apos; l'eau</narrative>\n   \
         <narrative xml:lang=\"en\"><![CDATA[Raw <text> & more]]> and after</narrative>\n  </title>\n  \
         <reporting-org ref=\"XX-1\" type=\"10\"><narrative>A &amp; B</narrative></reporting-org>",
    );
    let read = read(&xml).expect("reads");
    let a = &read.activities.activities[0];
    assert_eq!(a.identifier, "XX-1-A", "the identifier is trimmed");
    assert_eq!(a.lang.as_deref(), Some("fr"));
    assert_eq!(
        a.title,
        vec![
            Narrative { lang: None, text: "Café & thé <b> \"q\" 'a' l'eau".into() },
            Narrative { lang: Some("en".into()), text: "Raw <text> & more and after".into() },
        ]
    );
    assert_eq!(a.reporting_org.name[0].text, "A & B");
    assert_eq!(read.activities.generated, "");
    assert!(read.not_kept.is_empty(), "{:?}", read.not_kept);
}

#[test]
fn a_second_title_and_unknown_text_are_reported_as_not_kept() {
    let xml = file(
        "  <title><narrative>One</narrative></title>\n  <title><narrative>Two</narrative></title>\n  \
         <activity-status code=\"2\">stray</activity-status>\n  <ext:thing xmlns:ext=\"urn:x\"/>",
    );
    let read = read(&xml).expect("reads");
    assert_eq!(read.activities.activities[0].title[0].text, "One");
    assert_eq!(
        read.not_kept,
        ["iati-activity/activity-status/text()", "iati-activity/ext:thing", "iati-activity/title"]
    );
}

#[test]
fn malformed_xml_is_refused_with_its_line() {
    let xml = "<iati-activities version=\"2.03\">\n <iati-activity>\n  <iati-identifier>X</iati-identifier>\n  \
               <title><narrative>T</title>\n </iati-activity>\n</iati-activities>\n";
    let error = read(xml).expect_err("mismatched tags");
    assert_eq!(error.line, Some(4), "{error}");
    assert!(error.message.starts_with("malformed XML"), "{error}");

    let error = read("<iati-activities version=\"2.03\">\n <iati-activity>\n").expect_err("unclosed");
    assert_eq!(error.line, Some(3), "{error}");
    assert!(error.message.contains("<iati-activity> (line 2)"), "{error}");

    let error = read("<iati-activities version=\"2.03\">\n\n x &nbsp; y</iati-activities>").expect_err("entity");
    assert_eq!(error.line, Some(3), "{error}");
    assert!(error.message.contains("&nbsp;"), "{error}");

    let error = read("<iati-activities version=\"2.03\" a='1' a='2'/>").expect_err("duplicate attribute");
    assert_eq!(error.line, Some(1), "{error}");
}

#[test]
fn an_organisation_file_is_refused_by_name() {
    let xml = "<?xml version=\"1.0\"?>\n<iati-organisations version=\"2.03\">\n</iati-organisations>\n";
    let error = read(xml).expect_err("not an activity file");
    assert_eq!(error.line, Some(2));
    assert!(error.message.contains("organisation file"), "{error}");
    assert!(error.message.contains("<iati-activities>"), "{error}");
    assert_eq!(error.to_string(), format!("line 2: {}", error.message));
}

#[test]
fn other_versions_roots_and_missing_identifiers_are_refused() {
    let error = read("<iati-activities version=\"1.05\"/>").expect_err("version 1");
    assert!(error.message.contains("1.05"), "{error}");
    let error = read("<iati-activities/>").expect_err("no version");
    assert!(error.message.contains("no version"), "{error}");
    let error = read("<html/>").expect_err("other root");
    assert!(error.message.contains("<html>"), "{error}");
    let xml = "<iati-activities version=\"2.02\">\n <iati-activity/>\n</iati-activities>";
    let error = read(xml).expect_err("no identifier");
    assert_eq!(error.line, Some(2));
    assert!(error.message.contains("no <iati-identifier>"), "{error}");
    let xml = "<iati-activities version=\"2.03\"><iati-activity><iati-identifier> </iati-identifier></iati-activity></iati-activities>";
    assert!(read(xml).expect_err("empty identifier").message.contains("empty"));
}
