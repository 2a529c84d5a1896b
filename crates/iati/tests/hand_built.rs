//! A model built by hand, as Verbinding publishes one: written it is valid
//! against the official schema and reads back equal.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "test code: a failed expectation is the test failing")]

mod common;

use common::{assert_schema_valid, hand_built};
use verbinding_iati::*;

#[test]
fn the_hand_built_model_writes_a_valid_file() {
    let xml = write(&hand_built());
    assert_schema_valid(&xml);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<iati-activities version=\"2.03\" generated-datetime=\"2026-12-01T10:30:00Z\">\n"));
    // Escaped where XML needs it, and nowhere else.
    assert!(xml.contains("Cyberweerbaarheid &lt;CERT&gt; &amp; \"crisis\" – café-oefening"));
    assert!(xml.contains("indicator-uri=\"https://example.org/sim3?a=1&amp;b=2\""));
    // Two-space indentation, narratives on their own line.
    assert!(xml.contains("\n  <iati-activity xml:lang=\"nl\""));
    assert!(xml.contains("\n    <title>\n      <narrative xml:lang=\"nl\">"));
}

#[test]
fn the_hand_built_model_reads_back_equal() {
    let doc = hand_built();
    let read = read(&write(&doc)).expect("our file reads");
    assert_eq!(read.activities, doc);
    assert!(read.not_kept.is_empty(), "{:?}", read.not_kept);
}

#[test]
fn the_hand_built_model_has_no_problems() {
    let doc = hand_built();
    assert_eq!(check_activities(&doc), vec![]);
    assert_eq!(check(&doc.activities[0]), vec![]);
}

#[test]
fn attribute_and_text_whitespace_survive_a_round_trip() {
    let mut doc = hand_built();
    let a = &mut doc.activities[0];
    a.title.push(Narrative { lang: Some("fy".into()), text: "  twa\r\nrigels\tmei ljepper  ".into() });
    a.results[0].indicators[0].references[0].indicator_uri = Some("https://example.org/a\tb\nc\"d'e".into());
    let xml = write(&doc);
    assert_schema_valid(&xml);
    assert_eq!(read(&xml).expect("reads").activities, doc);
}

#[test]
fn several_activities_in_one_file() {
    let mut doc = hand_built();
    let mut second = doc.activities[0].clone();
    second.identifier = "XM-DAC-7-PPR-2024-018".into();
    second.lang = None;
    second.results.clear();
    doc.activities.push(second);
    let xml = write(&doc);
    assert_schema_valid(&xml);
    assert_eq!(read(&xml).expect("reads").activities, doc);
    assert_eq!(check_activities(&doc), vec![]);
}
