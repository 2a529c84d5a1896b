//! Demo incidents built from public facts (see the incident dataset in the
//! shared corpus): the threat actors they name, with their MISP galaxy UUIDs so
//! a later import of the full galaxy updates rather than duplicates them.

use crate::{App, AppError, Caller, audit};
use verbinding_domain::audit::AuditAction;
use verbinding_domain::incident::{IncidentInput, Phase};
use verbinding_domain::marking::MarkingInput;
use verbinding_domain::misp::ThreatActorRecord;
use verbinding_store::directory::User;
use verbinding_store::{incidents, threat_actors};

/// (uuid, name, synonyms, sponsor, country)
type ActorRow = (&'static str, &'static str, &'static [&'static str], Option<&'static str>, &'static str);

const ACTORS: &[ActorRow] = &[
    (
        "5b4ee3ea-eee3-4c8e-8323-85ae32658754",
        "APT28",
        &["Fancy Bear", "Sednit", "Pawn Storm"],
        Some("Russian Federation"),
        "RU",
    ),
    (
        "f512de42-f76b-40d2-9923-59e7dbdfec35",
        "Sandworm",
        &["Voodoo Bear", "IRON VIKING"],
        Some("Russian Federation"),
        "RU",
    ),
    ("4f05d6c1-3fc1-4567-91cd-dd4637cc38b5", "HAFNIUM", &["Silk Typhoon"], None, "CN"),
    ("6bf7e6b6-5917-45a6-9567-f0baba79768c", "APT31", &["ZIRCONIUM", "Judgment Panda"], None, "CN"),
    ("5b4b6980-3bc7-11e8-84d6-879aaac37dd9", "APT40", &["Leviathan", "TEMP.Periscope"], Some("China"), "CN"),
];

struct DemoIncident {
    title: &'static str,
    summary: &'static str,
    severity: &'static str,
    dates: [&'static str; 3],
    victims: &'static [&'static str],
    countries: &'static [&'static str],
    sectors: &'static [&'static str],
    effects: &'static [&'static str],
    actors: &'static [&'static str],
    lead: &'static str,
    /// (classification, tlp, need-to-know orgs; empty = open to all)
    marking: (&'static str, &'static str, &'static [&'static str]),
    status: Phase,
}

const INCIDENTS: &[DemoIncident] = &[
    DemoIncident {
        title: "GRU-operatie tegen de OPCW in Den Haag",
        summary: "Vier officieren van GRU-eenheid 26165 probeerden vanaf een auto bij de OPCW het wifinetwerk binnen te dringen. De MIVD verstoorde de operatie; de officieren werden uitgezet.\nOp 4 oktober 2018 maakten Nederland en het Verenigd Koninkrijk de operatie gezamenlijk openbaar en schreven zij haar toe aan de GRU; de Russische ambassadeur werd dezelfde dag ontboden. De NAVO-secretaris-generaal sprak zich uit. De EU nam op 30 juli 2020 sancties aan tegen de vier officieren.",
        severity: "severe",
        // Source: MIVD press briefing and Government of the Netherlands, 4 October
        // 2018 (arrival 10 April, disruption and expulsion 13 April 2018).
        dates: ["2018-04-10", "2018-04-13", "2018-10-04"],
        victims: &["Organisatie voor het Verbod op Chemische Wapens (OPCW)"],
        countries: &["NL"],
        sectors: &["public-administration"],
        effects: &["espionage"],
        actors: &["5b4ee3ea-eee3-4c8e-8323-85ae32658754"],
        lead: "TFC",
        marking: ("ongerubriceerd", "clear", &[]),
        status: Phase::Closed,
    },
    DemoIncident {
        title: "NotPetya",
        summary: "Destructieve malware, verspreid via een update van Oekraïense boekhoudsoftware, trof wereldwijd bedrijven, waaronder Maersk en vestigingen in Nederland.\nHet VK en de VS schreven de aanval in februari 2018 toe aan de Russische militaire inlichtingendienst; Nederland nam kennis van de Britse verklaring. De Raad van de EU nam op 16 april 2018 conclusies aan zonder een staat te noemen en sanctioneerde het GTsST (eenheid 74455) op 30 juli 2020.",
        severity: "critical",
        // Source: Council Implementing Regulation (EU) 2020/1125, annex (GTsST,
        // "NotPetya" of 27 June 2017).
        dates: ["2017-06-27", "2017-06-27", "2017-06-27"],
        victims: &["Maersk", "Merck", "Oekraïense overheid en bedrijven"],
        countries: &["UA", "NL", "DK", "US"],
        sectors: &["transport", "health", "public-administration"],
        effects: &["destruction", "disruption", "financial"],
        actors: &["f512de42-f76b-40d2-9923-59e7dbdfec35"],
        lead: "TFC",
        marking: ("ongerubriceerd", "clear", &[]),
        status: Phase::Closed,
    },
    DemoIncident {
        title: "Misbruik van Microsoft Exchange (HAFNIUM)",
        summary: "Massale uitbuiting van kwetsbaarheden in Microsoft Exchange-servers, ook bij Nederlandse organisaties.\nOp 19 juli 2021 verklaarde de Hoge Vertegenwoordiger namens de EU dat de compromittering \"vanaf het grondgebied van China\" werd uitgevoerd; APT40 en APT31 noemde de verklaring bij andere activiteiten. Microsoft maakte de kwetsbaarheden op 2 maart 2021 bekend; uitbuiting was al in januari 2021 gezien.",
        severity: "severe",
        // Exploitation seen from 6 January 2021 (Volexity, "Operation Exchange
        // Marauder", 2 March 2021); 2 March 2021 is Microsoft's disclosure
        // (MSRC blog "HAFNIUM targeting Exchange Servers with 0-day exploits").
        // EU: Declaration by the High Representative, 19 July 2021.
        dates: ["2021-01-06", "2021-01-06", "2021-03-02"],
        victims: &["Circa 250.000 Exchange-servers wereldwijd"],
        countries: &["NL", "US", "DE"],
        sectors: &["public-administration", "digital-infrastructure", "health"],
        effects: &["espionage", "data-theft"],
        // The EU declaration links APT40 and APT31 to other activities, not to
        // this compromise; only HAFNIUM (Microsoft's name) is linked to it.
        actors: &["4f05d6c1-3fc1-4567-91cd-dd4637cc38b5"],
        lead: "TFC",
        marking: ("dep-v", "green", &["BZ", "JenV", "BZK", "DEF", "EZK"]),
        status: Phase::Monitoring,
    },
    DemoIncident {
        title: "Viasat KA-SAT",
        summary: "Wissende malware (AcidRain) maakte bij de Russische inval in Oekraïne duizenden satellietmodems onbruikbaar, met uitstraling naar windparken in Midden-Europa.\nOp 10 mei 2022 schreef de EU de aanval voor het eerst formeel toe aan de Russische Federatie.",
        severity: "severe",
        dates: ["2022-02-24", "2022-02-24", "2022-03-30"],
        victims: &["KA-SAT-gebruikers in Oekraïne en de EU", "Enercon-windparken"],
        countries: &["UA", "DE", "FR"],
        sectors: &["digital-infrastructure", "energy"],
        effects: &["disruption", "destruction"],
        // No government named Sandworm for Viasat; the EU attributed it to the
        // Russian Federation (Press release of the Council, 10 May 2022).
        actors: &[],
        lead: "TFC",
        marking: ("dep-v", "amber", &["BZ", "DEF", "JenV"]),
        status: Phase::Monitoring,
    },
    DemoIncident {
        title: "COATHANGER bij Defensie",
        summary: "Een statelijke Chinese actor plaatste malware (COATHANGER) op FortiGate-apparaten van een afgescheiden R&D-netwerk van Defensie.\nOp 6 februari 2024 maakten MIVD en AIVD dit openbaar: de eerste keer dat Nederland cyberspionage publiekelijk aan China toeschreef.",
        severity: "significant",
        dates: ["2023-01-01", "2023-02-01", "2024-02-06"],
        victims: &["Ministerie van Defensie (R&D-netwerk, minder dan 50 gebruikers)"],
        countries: &["NL"],
        sectors: &["public-administration"],
        effects: &["espionage"],
        actors: &[],
        lead: "DEF",
        marking: ("stg-confidentieel", "amber+strict", &["DEF", "TFC", "AIVD"]),
        status: Phase::Monitoring,
    },
];

/// Loads the demo actors and incidents; returns how many incidents were added.
pub async fn load(app: &App, demo: &Caller, author: &User) -> Result<usize, AppError> {
    let mut tx = app.db.write().await?;
    for (uuid, name, synonyms, sponsor, country) in ACTORS {
        let record = ThreatActorRecord {
            uuid: uuid.to_string(),
            name: name.to_string(),
            synonyms: synonyms.iter().map(|s| s.to_string()).collect(),
            state_sponsor: sponsor.map(str::to_string),
            country: Some(country.to_string()),
            description: String::new(),
        };
        // Never overwrite an actor a full galaxy import already brought in.
        if threat_actors::by_uuid(&mut tx, uuid).await.is_err() {
            threat_actors::upsert(&mut tx, &record, app.now_ms()).await?;
        }
    }
    tx.commit().await?;
    let mut added = 0;
    let list = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    for d in INCIDENTS {
        let exists = verbinding_store::incidents::id_by_title(&mut *app.db.read().await?, d.title).await?;
        if exists.is_some() {
            continue;
        }
        let (classification, tlp, orgs) = d.marking;
        let input = IncidentInput {
            title: d.title.into(),
            summary: d.summary.into(),
            severity: d.severity.into(),
            first_activity: d.dates[0].into(),
            discovery: d.dates[1].into(),
            disclosure: d.dates[2].into(),
            victims: list(d.victims),
            countries: list(d.countries),
            sectors: list(d.sectors),
            effects: list(d.effects),
            actors: list(d.actors),
            lead_org: d.lead.into(),
            marking: MarkingInput {
                classification: classification.into(),
                tlp: tlp.into(),
                open_to_all: orgs.is_empty(),
                orgs: list(orgs),
                users: vec![],
            },
        };
        let valid = input.validate(&app.config.ceiling)?;
        let mut tx = app.db.write().await?;
        let id = incidents::create(&mut tx, &valid, author.id, app.now_ms()).await?;
        super::details::load(&mut tx, &app.config.ceiling, id, d.title, author.id, app.now_ms()).await?;
        super::decisions::load(&mut tx, id, d.title, author.id, app.now_ms()).await?;
        for (version, to) in Phase::ALL.into_iter().enumerate().skip(1).take(d.status.position()) {
            incidents::set_status(&mut tx, id, version as i64, to, author.id, app.now_ms()).await?;
        }
        let e = audit::about_object(audit::event(app, demo, AuditAction::ObjectCreated), id);
        verbinding_store::audit::append(&mut tx, &audit::with_detail(e, serde_json::json!({"kind": "incident"})))
            .await?;
        tx.commit().await?;
        added += 1;
    }
    Ok(added)
}
