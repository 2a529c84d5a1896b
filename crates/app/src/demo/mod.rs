//! Demo data: the directory named in the product brief, one user per role
//! and dossiers at several classifications. Loading is idempotent: running
//! it again adds nothing that is already there.

use crate::audit;

mod decisions;
mod details;
mod incidents;
mod portfolio;
mod strategy;
mod strategy_data;
mod strategy_indicators;
use crate::{App, AppError, Caller};
use verbinding_domain::audit::AuditAction;
use verbinding_domain::directory::UserInput;
use verbinding_domain::dossier::DossierInput;
use verbinding_domain::marking::MarkingInput;
use verbinding_store::directory::{self, NewOrganisation};
use verbinding_store::dossiers;

/// The password of every demo account. Printed at start; demo only.
pub const DEMO_PASSWORD: &str = "verbinding-demo-2026";

/// (code, name nl, name en, kind, parent, city)
type OrgRow = (&'static str, &'static str, &'static str, &'static str, Option<&'static str>, Option<&'static str>);
/// (email, name, organisation, roles, clearance, posting end)
pub type UserRow = (&'static str, &'static str, &'static str, &'static [&'static str], &'static str, &'static str);
/// (title, summary, classification, tlp, open to all, need-to-know, lead)
type DossierRow = (&'static str, &'static str, &'static str, &'static str, bool, &'static [&'static str], &'static str);

const ORGS: &[OrgRow] = &[
    ("BZ", "Ministerie van Buitenlandse Zaken", "Ministry of Foreign Affairs", "ministry", None, Some("Den Haag")),
    ("TFC", "Taskforce Cyber", "Taskforce Cyber", "unit", Some("BZ"), Some("Den Haag")),
    ("DJZ", "Directie Juridische Zaken", "Legal Affairs Department", "unit", Some("BZ"), Some("Den Haag")),
    (
        "JenV",
        "Ministerie van Justitie en Veiligheid",
        "Ministry of Justice and Security",
        "ministry",
        None,
        Some("Den Haag"),
    ),
    (
        "NCTV",
        "Nationaal Coördinator Terrorismebestrijding en Veiligheid",
        "National Coordinator for Security and Counterterrorism",
        "agency",
        Some("JenV"),
        Some("Den Haag"),
    ),
    (
        "NCSC",
        "Nationaal Cyber Security Centrum",
        "National Cyber Security Centre",
        "agency",
        Some("JenV"),
        Some("Den Haag"),
    ),
    ("DEF", "Ministerie van Defensie", "Ministry of Defence", "ministry", None, Some("Den Haag")),
    (
        "MIVD",
        "Militaire Inlichtingen- en Veiligheidsdienst",
        "Defence Intelligence and Security Service",
        "agency",
        Some("DEF"),
        Some("Den Haag"),
    ),
    ("DCC", "Defensie Cyber Commando", "Defence Cyber Command", "unit", Some("DEF"), Some("Den Haag")),
    (
        "BZK",
        "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties",
        "Ministry of the Interior and Kingdom Relations",
        "ministry",
        None,
        Some("Den Haag"),
    ),
    (
        "AIVD",
        "Algemene Inlichtingen- en Veiligheidsdienst",
        "General Intelligence and Security Service",
        "agency",
        Some("BZK"),
        Some("Zoetermeer"),
    ),
    ("EZK", "Ministerie van Economische Zaken", "Ministry of Economic Affairs", "ministry", None, Some("Den Haag")),
    (
        "PV-EU",
        "Permanente Vertegenwoordiging bij de EU",
        "Permanent Representation to the EU",
        "post",
        Some("BZ"),
        Some("Brussel"),
    ),
    (
        "PV-NAVO",
        "Permanente Vertegenwoordiging bij de NAVO",
        "Permanent Representation to NATO",
        "post",
        Some("BZ"),
        Some("Brussel"),
    ),
    ("AMB-WAS", "Ambassade Washington", "Embassy Washington", "post", Some("BZ"), Some("Washington")),
    ("AMB-BER", "Ambassade Berlijn", "Embassy Berlin", "post", Some("BZ"), Some("Berlijn")),
    ("DE", "Bondsrepubliek Duitsland", "Federal Republic of Germany", "partner-state", None, Some("Berlijn")),
    ("EU", "Europese Unie", "European Union", "international-organisation", None, Some("Brussel")),
    (
        "NATO",
        "Noord-Atlantische Verdragsorganisatie",
        "North Atlantic Treaty Organization",
        "international-organisation",
        None,
        Some("Brussel"),
    ),
];

pub const USERS: &[UserRow] = &[
    ("beheer@bz.example", "Bea Beheer", "BZ", &["admin"], "stg-geheim", ""),
    ("coordinator@tfc.example", "Anna de Vries", "TFC", &["coordinator"], "stg-geheim", "2027-08-31"),
    ("liaison@ncsc.example", "Bram Jansen", "NCSC", &["liaison"], "stg-confidentieel", ""),
    ("liaison@aivd.example", "Carla Smit", "AIVD", &["liaison"], "stg-zeer-geheim", ""),
    ("liaison@mivd.example", "Daan Bakker", "MIVD", &["liaison"], "stg-geheim", ""),
    ("post@pv-eu.example", "Eva Visser", "PV-EU", &["post-officer"], "stg-geheim", "2026-12-31"),
    ("besluit@bz.example", "Frank Mulder", "BZ", &["decision-maker"], "stg-geheim", ""),
    // A director who both proposes and signs: four eyes still stop them signing their own proposal.
    ("directeur@tfc.example", "Ilse de Wit", "TFC", &["coordinator", "decision-maker"], "stg-geheim", ""),
    ("evaluator@bz.example", "Greet Bos", "BZ", &["evaluator"], "dep-v", ""),
    ("oefenleider@nctv.example", "Hans Meijer", "NCTV", &["exercise-controller"], "dep-v", ""),
];

const DOSSIERS: &[DossierRow] = &[
    (
        "Herziening EU Cyber Diplomacy Toolbox",
        "Nederlandse inbreng voor de herziening van de Toolbox in de HWPCI.",
        "ongerubriceerd",
        "green",
        true,
        &[],
        "TFC",
    ),
    (
        "Capaciteitsopbouw Westelijke Balkan",
        "Programma voor cyberweerbaarheid met partners in de regio.",
        "ongerubriceerd",
        "clear",
        true,
        &[],
        "BZ",
    ),
    (
        "Ransomware tegen vitale sectoren",
        "Diplomatieke lijn tegen staten die ransomwaregroepen onderdak bieden.",
        "dep-v",
        "amber",
        false,
        &["BZ", "JenV"],
        "TFC",
    ),
    (
        "Attributie statelijke actor — lopende casus",
        "Inlichtingenbeeld en juridische weging voor een mogelijke attributie.",
        "stg-geheim",
        "red",
        false,
        &["TFC", "AIVD", "MIVD"],
        "TFC",
    ),
    (
        "NAVO-positie cyberverdediging",
        "Voorbereiding van de Nederlandse positie in het NAVO-overleg.",
        "nato-confidential",
        "amber+strict",
        false,
        &["DEF", "BZ"],
        "DEF",
    ),
];

/// Loads the demo set; returns how many objects were added.
/// The agencies whose ministry delegates answering consultations to them.
const ANSWER_FOR_PARENT: [&str; 2] = ["NCSC", "AIVD"];

pub async fn load(app: &App) -> Result<usize, AppError> {
    // The demo is loaded by the operator (`serve --demo`) at the command line.
    let demo = Caller { label: "demo".into(), request_id: "demo".into(), ..Caller::command_line() };
    let mut added = 0;
    let mut tx = app.db.write().await?;
    // Organisations already there keep what an administrator set for them since.
    let present: Vec<String> = directory::list_orgs(&mut tx).await?.into_iter().map(|o| o.code).collect();
    for (code, nl, en, kind, parent, city) in ORGS {
        directory::upsert_org(
            &mut tx,
            &NewOrganisation { code, name_nl: nl, name_en: en, kind, parent_code: *parent, city: *city },
        )
        .await?;
    }
    // JenV lets the NCSC, BZK the AIVD answer consultation rounds addressed to the ministry.
    for code in ANSWER_FOR_PARENT.iter().filter(|c| !present.iter().any(|p| p == *c)) {
        let id = directory::org_by_code(&mut tx, code).await?.id;
        directory::set_answers_for_parent(&mut tx, id, true).await?;
    }
    tx.commit().await?;
    crate::playbooks::seed_builtin(app).await?;
    for (email, name, org, roles, clearance, posting_end) in USERS {
        let mut conn = app.db.read().await?;
        let exists = directory::login_lookup(&mut conn, email).await?.is_some();
        drop(conn);
        if exists {
            continue;
        }
        let input = UserInput {
            email: email.to_string(),
            name: name.to_string(),
            roles: roles.iter().map(|r| r.to_string()).collect(),
            clearance: clearance.to_string(),
            posting_end: posting_end.to_string(),
        };
        crate::users::create(app, &demo, &input, org, DEMO_PASSWORD).await?;
        added += 1;
    }
    let mut conn = app.db.read().await?;
    let coordinator = directory::login_lookup(&mut conn, "coordinator@tfc.example").await?.map(|(u, _)| u);
    drop(conn);
    let Some(coordinator) = coordinator else {
        return Ok(added);
    };
    added += incidents::load(app, &demo, &coordinator).await?;
    added += strategy::load(app, &demo).await?;
    added += portfolio::load(app).await?;
    for (title, summary, classification, tlp, open, orgs, lead) in DOSSIERS {
        let exists = verbinding_store::dossiers::id_by_title(&mut *app.db.read().await?, title).await?;
        if exists.is_some() {
            continue;
        }
        let input = DossierInput {
            title: title.to_string(),
            summary: summary.to_string(),
            lead_org: lead.to_string(),
            marking: MarkingInput {
                classification: classification.to_string(),
                tlp: tlp.to_string(),
                open_to_all: *open,
                orgs: orgs.iter().map(|o| o.to_string()).collect(),
                users: vec![],
            },
        };
        // Demo data is filed by the system, not through a user's clearance,
        // so the store is called directly (the NATO dossier is above nobody's
        // ceiling but is not visible to the coordinator's own org chain).
        let valid = input.validate(&app.config.ceiling)?;
        let mut tx = app.db.write().await?;
        let id = dossiers::create(&mut tx, &valid, coordinator.id, app.now_ms()).await?;
        let e = audit::about_object(audit::event(app, &demo, AuditAction::ObjectCreated), id);
        verbinding_store::audit::append(&mut tx, &e).await?;
        tx.commit().await?;
        added += 1;
    }
    if added > 0 {
        let mut tx = app.db.write().await?;
        let e =
            audit::with_detail(audit::event(app, &demo, AuditAction::DemoLoaded), serde_json::json!({"added": added}));
        verbinding_store::audit::append(&mut tx, &e).await?;
        tx.commit().await?;
    }
    Ok(added)
}
