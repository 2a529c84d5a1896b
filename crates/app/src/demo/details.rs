//! Assessments and response plans for the demo incidents, after what is
//! public: who assessed, what was decided, which measures were taken.

use crate::AppError;
use sqlx::{Any, Transaction};
use verbinding_domain::assessment::{AssessmentInput, Content};
use verbinding_domain::marking::MarkingInput;
use verbinding_domain::response::MeasureStatus;
use verbinding_store::{assessments, objects, response};

/// (author organisation, kind, content, classification, need-to-know, metadata classification)
type DemoAssessment =
    (&'static str, &'static str, fn() -> Content, &'static str, &'static [&'static str], &'static str);
/// (option, rationale, renewal date)
type DemoMeasure = (&'static str, &'static str, Option<&'static str>);

// Source: MIVD press briefing, 4 October 2018 (defensie.nl, "MIVD verstoort cyberoperatie van Russische
// inlichtingendienst"): the laptop had been used in Malaysia, Switzerland and Brazil.
fn opcw_technical() -> Content {
    Content {
        summary: "Close-access-operatie vanuit een huurauto bij de OPCW: wifi-antenne, batterijen en laptop gericht op het wifinetwerk.".into(),
        confidence: "high".into(),
        indicators: "Antenne in de kofferbak; laptop met eerder gebruik in Maleisië, Zwitserland en Brazilië.".into(),
        affected_systems: "Wifinetwerk van de OPCW (poging, onderschept).".into(),
        ..Content::default()
    }
}

fn opcw_intelligence() -> Content {
    Content {
        summary: "De vier personen zijn officieren van GRU-eenheid 26165, op diplomatieke paspoorten.".into(),
        confidence: "high".into(),
        likelihood: "almost-certain".into(),
        source_reliability: "a".into(),
        information_credibility: "1".into(),
        state_responsibility: "state-executed".into(),
        attributed_state: "RU".into(),
        ..Content::default()
    }
}

fn opcw_legal() -> Content {
    Content {
        summary: "Inbreuk op de soevereiniteit van Nederland en op de onschendbaarheid van een internationale organisatie op Nederlands grondgebied.".into(),
        confidence: "high".into(),
        // Norm 13(c) (territory used for wrongful acts) does not fit a foreign
        // service operating in person; the qualification says what applies.
        norms: vec![],
        qualification: "sovereignty-violation".into(),
        lawful_responses: vec!["retorsion".into()],
        ..Content::default()
    }
}

fn notpetya_intelligence() -> Content {
    Content {
        summary: "Uitgevoerd door het GTsST (eenheid 74455) van de Russische militaire inlichtingendienst.".into(),
        confidence: "high".into(),
        likelihood: "almost-certain".into(),
        state_responsibility: "state-executed".into(),
        attributed_state: "RU".into(),
        ..Content::default()
    }
}

fn notpetya_legal() -> Content {
    Content {
        summary:
            "Destructieve aanval op vitale infrastructuur in strijd met de normen voor verantwoord statelijk gedrag."
                .into(),
        confidence: "moderate".into(),
        // 13(f) (critical infrastructure) and 13(i) (supply chain: the update
        // of M.E.Doc); 13(g) is about protecting one's own infrastructure.
        // Source: UN GGE report A/70/174 (2015), paragraph 13.
        norms: vec!["13f".into(), "13i".into()],
        qualification: "sovereignty-violation".into(),
        lawful_responses: vec!["retorsion".into(), "countermeasures".into()],
        ..Content::default()
    }
}

fn exchange_technical() -> Content {
    Content {
        summary: "Uitbuiting van ProxyLogon-kwetsbaarheden; webshells op on-premises Exchange-servers.".into(),
        confidence: "high".into(),
        indicators: "CVE-2021-26855, CVE-2021-27065; China Chopper-webshells.".into(),
        affected_systems: "On-premises Microsoft Exchange 2013–2019.".into(),
        ..Content::default()
    }
}

fn coathanger_technical() -> Content {
    Content {
        summary: "Persistente malware op FortiGate-firewalls na uitbuiting van CVE-2022-42475.".into(),
        confidence: "high".into(),
        indicators: "COATHANGER-implantaat, overleeft herstarts en updates.".into(),
        affected_systems: "FortiGate-apparaten van een afgescheiden R&D-netwerk van Defensie.".into(),
        ..Content::default()
    }
}

fn coathanger_intelligence() -> Content {
    Content {
        summary: "Statelijke Chinese actor, onderdeel van een bredere campagne tegen FortiGate-apparaten.".into(),
        // MIVD/AIVD stated high confidence. Source: NCSC/MIVD/AIVD advisory
        // "COATHANGER", 6 February 2024 (ncsc.nl).
        confidence: "high".into(),
        likelihood: "very-likely".into(),
        state_responsibility: "state-coordinated".into(),
        attributed_state: "CN".into(),
        ..Content::default()
    }
}

/// Per demo incident title: its assessments and its response plan.
///
/// Renewal dates: the listings under Decision (CFSP) 2019/797 currently run
/// to 18 May 2026 and the framework to 18 May 2028 (the Council's decision of
/// 12 May 2025, Council press release of that day); no later
/// date is shown that cannot be sourced. NotPetya has no Dutch attribution:
/// the Netherlands took note of the UK statement (February 2018); the EU
/// responded with Council conclusions of 16 April 2018 naming no state and
/// the listing of GTsST on 30 July 2020 (Implementing Regulation (EU)
/// 2020/1125).
fn details(title: &str) -> (&'static [DemoAssessment], &'static [DemoMeasure]) {
    match title {
        "GRU-operatie tegen de OPCW in Den Haag" => (
            &[
                ("MIVD", "technical", opcw_technical, "dep-v", &["DEF", "TFC", "DJZ"], "ongerubriceerd"),
                ("MIVD", "intelligence", opcw_intelligence, "stg-geheim", &["MIVD", "TFC"], "dep-v"),
                ("DJZ", "legal", opcw_legal, "dep-v", &["BZ"], "ongerubriceerd"),
            ],
            &[
                ("nl-expulsion", "De vier GRU-officieren zijn op 13 april 2018 uitgezet.", None),
                ("nl-public-attribution", "Openbaarmaking en toeschrijving met het VK op 4 oktober 2018.", None),
                ("eu-sanctions", "EU-cybersancties tegen de vier officieren (30 juli 2020).", Some("2026-05-18")),
            ],
        ),
        "NotPetya" => (
            &[
                ("AIVD", "intelligence", notpetya_intelligence, "dep-v", &["AIVD", "TFC"], "ongerubriceerd"),
                ("DJZ", "legal", notpetya_legal, "dep-v", &["BZ"], "ongerubriceerd"),
            ],
            &[(
                "eu-sanctions",
                "Listing van het GTsST in het EU-cybersanctieregime (30 juli 2020).",
                Some("2026-05-18"),
            )],
        ),
        "Misbruik van Microsoft Exchange (HAFNIUM)" => (
            &[("NCSC", "technical", exchange_technical, "dep-v", &["JenV", "BZ"], "ongerubriceerd")],
            &[("eu-hr-statement", "Verklaring van de Hoge Vertegenwoordiger namens de EU (19 juli 2021).", None)],
        ),
        "Viasat KA-SAT" => (
            &[],
            &[("eu-hr-statement", "Eerste formele EU-toeschrijving aan de Russische Federatie (10 mei 2022).", None)],
        ),
        "COATHANGER bij Defensie" => (
            &[
                ("MIVD", "technical", coathanger_technical, "stg-confidentieel", &["DEF", "TFC"], "ongerubriceerd"),
                (
                    "MIVD",
                    "intelligence",
                    coathanger_intelligence,
                    "stg-confidentieel",
                    &["MIVD", "AIVD", "TFC"],
                    "stg-confidentieel",
                ),
            ],
            &[("nl-public-attribution", "MIVD en AIVD maakten de toeschrijving op 6 februari 2024 openbaar.", None)],
        ),
        _ => (&[], &[]),
    }
}

/// Adds the assessments and the executed measures of a demo incident.
pub async fn load(
    tx: &mut Transaction<'_, Any>,
    ceiling: &str,
    incident_id: i64,
    title: &str,
    author: i64,
    now_ms: i64,
) -> Result<(), AppError> {
    let (demo_assessments, measures) = details(title);
    for (org, kind, content, classification, ntk, meta) in demo_assessments {
        let input = AssessmentInput {
            kind: kind.to_string(),
            content: content(),
            meta_classification: meta.to_string(),
            marking: MarkingInput {
                classification: classification.to_string(),
                tlp: "amber".into(),
                open_to_all: false,
                orgs: ntk.iter().map(|o| o.to_string()).collect(),
                users: vec![],
            },
        };
        let valid = input.validate(ceiling)?;
        let org_id = objects::resolve_org(tx, org, "author").await?;
        assessments::create(tx, incident_id, &valid, org_id, author, now_ms).await?;
    }
    for (option, rationale, renewal) in measures {
        let item = response::add(tx, incident_id, option, rationale, *renewal, author, now_ms).await?;
        let steps = [MeasureStatus::InConsultation, MeasureStatus::Approved, MeasureStatus::Executed];
        for (version, status) in steps.into_iter().enumerate() {
            response::set_status(tx, incident_id, item, version as i64 + 1, status, author, now_ms).await?;
        }
    }
    Ok(())
}
