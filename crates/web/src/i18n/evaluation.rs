//! Texts of the evaluator export: the download on the strategy page and its
//! event in the audit trail: (key, Dutch, English).

pub(super) const TEXTS: &[(&str, &str, &str)] = &[
    ("evaluation.export", "Exporteer voor evaluatie (CSV en JSON)", "Export for evaluation (CSV and JSON)"),
    (
        "evaluation.export_hint",
        "Eén ZIP-bestand met de hele resultaatketen, indicatoren, streefcijfers, metingen en oordelen zoals u ze mag zien, met een codeboek. Waarden die hun bron niet laat doorgeven staan erin zonder waarde.",
        "One ZIP file with the whole result chain, indicators, targets, measurements and judgements as you may see them, with a codebook. Values whose source does not allow passing them on are there without their value.",
    ),
    ("audit.change.evaluation.exported", "Geëxporteerd voor evaluatie", "Exported for evaluation"),
];
