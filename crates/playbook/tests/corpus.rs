//! The CACAO corpus (`../shared/corpus/cacao/examples`): the strictly valid
//! OASIS examples pass the lint; the broken SOARCA test playbooks are refused
//! for the reason they were written to show.
#![allow(clippy::expect_used, clippy::unwrap_used, reason = "test code: a failed expectation is the test failing")]
#![allow(
    clippy::let_underscore_must_use,
    clippy::clone_on_ref_ptr,
    reason = "test code: clean-up that may fail (a temp dir, a killed child) and shared fixtures"
)]

use verbinding_playbook::{Playbook, lint};

fn corpus(relative: &str) -> std::path::PathBuf {
    let candidates = [
        std::env::var("VERBINDING_CORPUS").ok().map(std::path::PathBuf::from),
        Some(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus")),
        Some(std::path::PathBuf::from("/work/shared/corpus")),
    ];
    candidates.into_iter().flatten().map(|base| base.join(relative)).find(|p| p.exists()).unwrap_or_else(|| {
        panic!("corpus file {relative} not found: set VERBINDING_CORPUS to the shared corpus folder")
    })
}

fn findings(file: &str) -> Vec<(Option<String>, String, &'static str)> {
    let text = std::fs::read_to_string(corpus(&format!("cacao/examples/{file}"))).expect("read");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("json");
    match Playbook::parse(doc) {
        Ok(p) => lint(&p).into_iter().map(|f| (f.step, f.property, f.code)).collect(),
        Err(f) => f.into_iter().map(|f| (f.step, f.property, f.code)).collect(),
    }
}

fn codes(file: &str) -> Vec<&'static str> {
    findings(file).into_iter().map(|f| f.2).collect()
}

#[test]
fn the_strictly_valid_oasis_examples_pass_the_lint() {
    for file in [
        "oasis-tcs-cacao/Examples__CACAO-2.0__basic-example-1.json",
        "oasis-tcs-cacao/Examples__CACAO-2.0__spec-3.1-example.json",
    ] {
        assert_eq!(findings(file), vec![], "{file}");
    }
}

#[test]
fn the_infinite_soarca_playbook_is_refused_for_its_loop_and_its_start() {
    let found = findings("soarca/test__playbooks__infinite_playbook.json");
    assert!(
        found.contains(&(
            Some("action--6b23c237-ade8-4d00-9aa1-75999738d557".into()),
            "on_completion".into(),
            "unguarded_loop"
        )),
        "{found:?}"
    );
    assert!(codes("soarca/test__playbooks__infinite_playbook.json").contains(&"start_not_start_step"));
}

#[test]
fn the_missing_step_playbook_is_refused_for_its_dangling_reference() {
    let found = findings("soarca/test__playbooks__missing_step_playbook.json");
    assert!(
        found.contains(&(
            Some("action--2190f685-1857-44ac-ad0e-0ded6c6ef3ce".into()),
            "on_completion".into(),
            "dangling_reference"
        )),
        "{found:?}"
    );
}

#[test]
fn the_parallels_playbook_has_no_start_step() {
    assert!(codes("soarca/test__playbooks__parallels_playbook.json").contains(&"start_not_start_step"));
}

#[test]
fn a_workflow_that_is_a_list_is_refused() {
    assert_eq!(codes("soarca/test__playbooks__changed-playbook.json"), vec!["workflow_not_object"]);
}

#[test]
fn the_locky_example_names_a_target_it_does_not_define() {
    let found = findings("oasis-tcs-cacao/Examples__CACAO-2.0__locky-bart-mbc-examples.json");
    assert!(
        found
            .iter()
            .any(|f| f.0.as_deref() == Some("action--191bce6e-2fea-4a7e-b4a5-c0d96f129a8d") && f.2 == "target_unknown"),
        "{found:?}"
    );
}

/// The code block that follows a heading starting with `heading`.
fn block_after(md: &str, heading: &str) -> String {
    let start = md.find(heading).unwrap_or_else(|| panic!("no heading {heading}"));
    let rest = &md[start..];
    let open = rest.find("```").expect("code block");
    let body = &rest[open + 3..];
    let body = &body[body.find('\n').expect("fence line") + 1..];
    body[..body.find("```").expect("closing fence")].trim().to_string()
}

#[test]
fn the_signature_worked_example_canonicalises_and_hashes_as_published() {
    use sha2::{Digest, Sha256};
    let md =
        std::fs::read_to_string(corpus("cacao/examples/oasis-tcs-cacao/Examples__CACAO-2.0__signature-example-rsa.md"))
            .expect("read");
    let with_signature: serde_json::Value =
        serde_json::from_str(&block_after(&md, "### Step 3:")).expect("step 3 json");
    let canonical = verbinding_playbook::jcs::canonical(&with_signature);
    assert_eq!(canonical, block_after(&md, "### Step 4:"), "RFC 8785 form of step 3");
    assert_eq!(hex::encode(Sha256::digest(canonical.as_bytes())), block_after(&md, "### Step 5:"));
}

/// Every file of the official schema folder, as JSON.
fn official_schemas() -> verbinding_playbook::schema::CacaoSchemas {
    fn walk(dir: &std::path::Path, out: &mut Vec<serde_json::Value>) {
        for entry in std::fs::read_dir(dir).expect("schema dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("schema json"));
            }
        }
    }
    let mut docs = Vec::new();
    walk(&corpus("cacao/schemas/oasis-cacao-json-schemas/schemas"), &mut docs);
    verbinding_playbook::schema::CacaoSchemas::new(docs).expect("schemas compile")
}

#[test]
fn strict_and_lenient_validation_give_the_reference_verdicts_on_the_whole_corpus() {
    use verbinding_playbook::schema::Mode;
    let schemas = official_schemas();
    let reference: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(corpus("cacao/validation.json")).expect("read")).expect("json");
    let mut compared = 0;
    for (file, expected) in reference.as_object().expect("object") {
        let (Some(strict), Some(draft07)) =
            (expected["valid_2020_12_strict"].as_bool(), expected["valid_draft07"].as_bool())
        else {
            continue; // not a playbook (an identity, a STIX wrapper)
        };
        let doc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(corpus(&format!("cacao/{file}"))).expect("read"))
                .expect("json");
        let s = schemas.check(&doc, Mode::Strict);
        let l = schemas.check(&doc, Mode::Lenient);
        assert_eq!(s.is_valid(), strict, "strict verdict on {file}: {:?}", s.errors);
        assert_eq!(l.is_valid(), draft07, "lenient verdict on {file}: {:?}", l.errors);
        // What strict refuses beyond draft-07 is exactly what lenient tolerates.
        assert_eq!(s.errors.len(), l.errors.len() + l.tolerated.len(), "{file}");
        compared += 1;
    }
    assert_eq!(compared, 25, "every playbook of the corpus is compared");
}

#[test]
fn lenient_mode_says_which_custom_agent_it_tolerated() {
    use verbinding_playbook::schema::Mode;
    let schemas = official_schemas();
    let text = std::fs::read_to_string(corpus("cacao/examples/soarca/examples__manual-playbook.json")).expect("read");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("json");
    let strict = schemas.check(&doc, Mode::Strict);
    assert!(!strict.is_valid());
    let lenient = schemas.check(&doc, Mode::Lenient);
    assert!(lenient.is_valid(), "{:?}", lenient.errors);
    let tolerated: Vec<(String, &str)> = lenient.tolerated.iter().map(|f| (f.property.clone(), f.code)).collect();
    assert!(
        tolerated
            .contains(&("agent_definitions.soarca--00040001-1000-1000-a000-000100010001".into(), "schema_unevaluated")),
        "{tolerated:?}"
    );
}

#[test]
fn schema_errors_inside_a_step_name_the_step_and_the_property() {
    use verbinding_playbook::schema::Mode;
    let schemas = official_schemas();
    let text =
        std::fs::read_to_string(corpus("cacao/examples/oasis-tcs-cacao/Examples__CACAO-2.0__basic-example-1.json"))
            .expect("read");
    let mut doc: serde_json::Value = serde_json::from_str(&text).expect("json");
    let (step_id, step) = doc["workflow"]
        .as_object_mut()
        .expect("workflow")
        .iter_mut()
        .find(|(_, s)| s["type"] == "action")
        .expect("action");
    let step_id = step_id.clone();
    step.as_object_mut().expect("step").remove("commands");
    let verdict = schemas.check(&doc, Mode::Strict);
    assert!(
        verdict.errors.iter().any(|f| f.step.as_deref() == Some(step_id.as_str()) && f.detail.contains("commands")),
        "{:?}",
        verdict.errors
    );
}

/// The text between the first fence after `heading` (for blocks not directly under it).
fn fenced_after(md: &str, heading: &str, skip: usize) -> String {
    let start = md.find(heading).unwrap_or_else(|| panic!("no heading {heading}"));
    let mut rest = &md[start..];
    for _ in 0..skip {
        let open = rest.find("```").expect("fence");
        let after = &rest[open + 3..];
        rest = &after[after.find("```").expect("closing") + 3..];
    }
    block_after(rest, "")
}

#[test]
fn signing_the_worked_example_gives_the_published_rs256_value_and_it_verifies() {
    let md =
        std::fs::read_to_string(corpus("cacao/examples/oasis-tcs-cacao/Examples__CACAO-2.0__signature-example-rsa.md"))
            .expect("read");
    let private_key = fenced_after(&md, "### Step 0:", 0);
    assert!(private_key.starts_with("-----BEGIN PRIVATE KEY-----"));
    let mut step3: serde_json::Value = serde_json::from_str(&block_after(&md, "### Step 3:")).expect("step 3");
    let template = step3["signatures"][0].clone();
    step3.as_object_mut().expect("object").remove("signatures");
    let signed = verbinding_playbook::signature::sign(&step3, &template, &private_key).expect("signs");
    let published = block_after(&md, "### Step 6:");
    assert_eq!(signed["signatures"][0]["value"], serde_json::Value::String(published.clone()));

    // The receiving side: the document of "Verifying a Playbook", step 1.
    let verifying = &md[md.find("## Verifying a Playbook").expect("section")..];
    let received: serde_json::Value = serde_json::from_str(&block_after(verifying, "### Step 1:")).expect("json");
    let checks = verbinding_playbook::signature::verify(&received);
    assert_eq!(checks.len(), 1);
    assert!(checks[0].valid, "{checks:?}");

    // One changed character in the playbook breaks it.
    let mut tampered = received.clone();
    tampered["name"] = serde_json::Value::String("Playbook 2".into());
    let checks = verbinding_playbook::signature::verify(&tampered);
    assert_eq!((checks[0].valid, checks[0].problem), (false, Some("signature_mismatch")));
}

#[test]
fn the_built_in_draaiboeken_are_strictly_valid_cacao_with_a_valid_extension() {
    use verbinding_playbook::schema::Mode;
    let schemas = official_schemas();
    for (slug, json) in verbinding_playbook::builtin::BUILTIN {
        let doc: serde_json::Value = serde_json::from_str(json).expect("json");
        let accepted = verbinding_playbook::validate::validate(&schemas, doc, Mode::Strict);
        assert!(accepted.as_ref().is_ok_and(|a| a.tolerated.is_empty()), "{slug}: {:?}", accepted.err());
    }
}

/// The schemas compiled into the binary are the official ones, unchanged:
/// every file of the corpus's copy of oasis-open/cacao-json-schemas, byte
/// for byte, and nothing else; and they validate as the reference did.
#[test]
fn the_shipped_schemas_are_the_official_ones() {
    let root = corpus("cacao/schemas/oasis-cacao-json-schemas/schemas");
    fn walk(dir: &std::path::Path, base: &std::path::Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                walk(&path, base, out);
            } else if path.extension().is_some_and(|e| e == "json") {
                let rel = path.strip_prefix(base).expect("below").to_string_lossy().replace('\\', "/");
                out.push((rel, std::fs::read_to_string(&path).expect("read")));
            }
        }
    }
    let mut official = Vec::new();
    walk(&root, &root, &mut official);
    official.sort();
    let mut shipped: Vec<(String, String)> =
        verbinding_playbook::official_schemas::OFFICIAL.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect();
    shipped.sort();
    assert_eq!(shipped.len(), official.len(), "as many files as upstream");
    for ((sp, st), (op, ot)) in shipped.iter().zip(&official) {
        assert_eq!(sp, op);
        assert!(st == ot, "{sp} differs from the official file");
    }
    let schemas = verbinding_playbook::schema::CacaoSchemas::official().expect("the shipped schemas compile");
    let basic =
        std::fs::read_to_string(corpus("cacao/examples/oasis-tcs-cacao/Examples__CACAO-2.0__basic-example-1.json"))
            .expect("read");
    let doc: serde_json::Value = serde_json::from_str(&basic).expect("json");
    assert!(verbinding_playbook::validate::validate(&schemas, doc, verbinding_playbook::schema::Mode::Strict).is_ok());
}
