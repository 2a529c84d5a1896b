//! Texts of `decisions`: attribution and response decisions: (key, Dutch, English).

pub(super) const TEXTS: &[(&str, &str, &str)] = &[
    // Decisions
    ("decisions.none", "Er zijn nog geen besluiten.", "There are no decisions yet."),
    ("decisions.decision", "Besluit", "Decision"),
    ("decisions.in_force", "Getekend en van kracht", "Signed and in force"),
    ("decisions.amended_by", "Getekend, gewijzigd door besluit", "Signed, amended by decision"),
    ("decisions.awaiting_signature", "Voorgesteld, wacht op ondertekening", "Proposed, awaiting signature"),
    ("decisions.proposed_by", "Voorgesteld door", "Proposed by"),
    ("decisions.signed_by", "Getekend door", "Signed by"),
    ("decisions.seal", "Zegel (SHA-256)", "Seal (SHA-256)"),
    ("decisions.seal_intact", "klopt met de inhoud", "matches the content"),
    (
        "decisions.seal_broken",
        "klopt niet met de inhoud: het besluit is buiten Verbinding om gewijzigd",
        "does not match the content: the decision was changed outside Verbinding",
    ),
    ("decisions.sign", "Besluit tekenen", "Sign decision"),
    ("decisions.amend", "Wijzigen met een nieuw besluit:", "Amend with a new decision:"),
    ("decisions.propose", "Besluit voorstellen", "Propose a decision"),
    (
        "decisions.four_eyes_hint",
        "Vier ogen: een besluit wordt getekend door een besluitvormer die het niet zelf heeft voorgesteld. Een getekend besluit verandert niet meer; wijzigen kan alleen met een nieuw besluit dat ernaar verwijst.",
        "Four eyes: a decision is signed by a decision maker who did not propose it. A signed decision never changes; it can only be amended by a new decision that refers to it.",
    ),
    (
        "decisions.state_hint",
        "ISO 3166-code van de verantwoordelijk gehouden staat, bijvoorbeeld RU.",
        "ISO 3166 code of the state held responsible, for example RU.",
    ),
    ("decisions.proposed", "Het besluit is voorgesteld.", "The decision has been proposed."),
    ("decisions.signed", "Het besluit is getekend en verzegeld.", "The decision has been signed and sealed."),
    ("decision_kind.attribution", "Attributiebesluit", "Attribution decision"),
    ("decision_kind.response", "Responsbesluit", "Response decision"),
    ("outcome.attribute-publicly", "Publiek attribueren", "Attribute publicly"),
    ("outcome.attribute-privately", "Vertrouwelijk attribueren aan partners", "Attribute privately to partners"),
    ("outcome.do-not-attribute", "Niet attribueren", "Do not attribute"),
    ("outcome.approve-measures", "Maatregelen goedkeuren", "Approve measures"),
    ("outcome.no-measures", "Geen maatregelen", "No measures"),
    // Fields
    ("field.decision", "Besluit", "Decision"),
    ("field.state", "Verantwoordelijke staat", "State held responsible"),
    ("field.basis", "Op basis van beoordelingen", "Based on assessments"),
    ("field.amends", "Wijzigt besluit", "Amends decision"),
    ("field.decision_kind", "Soort besluit", "Kind of decision"),
    ("field.outcome", "Besluit", "Outcome"),
    // Timeline events
    ("event.decision-proposed", "Besluit voorgesteld", "Decision proposed"),
    ("event.decision-signed", "Besluit getekend", "Decision signed"),
    // Errors
    (
        "error.outcome_unknown",
        "Kies een besluit dat bij deze soort hoort.",
        "Choose an outcome that belongs to this kind.",
    ),
    (
        "error.basis_required",
        "Een attributie berust op ten minste één beoordeling.",
        "An attribution rests on at least one assessment.",
    ),
    (
        "error.assessment_unknown",
        "Deze beoordeling bestaat niet bij dit incident.",
        "This assessment does not exist on this incident.",
    ),
    (
        "error.decision_unknown",
        "Dit besluit bestaat niet bij dit incident.",
        "This decision does not exist on this incident.",
    ),
    (
        "error.amends_unsigned",
        "Alleen een getekend besluit kan worden gewijzigd.",
        "Only a signed decision can be amended.",
    ),
    (
        "error.amends_other_kind",
        "Een wijziging moet van dezelfde soort zijn als het besluit dat zij wijzigt.",
        "An amendment must be of the same kind as the decision it amends.",
    ),
    (
        "error.already_amended",
        "Dit besluit is al door een ander getekend besluit gewijzigd; wijzig dat besluit.",
        "This decision has already been amended by another signed decision; amend that one.",
    ),
    ("error.already_signed", "Dit besluit is al getekend.", "This decision has already been signed."),
    (
        "error.four_eyes",
        "U heeft dit besluit zelf voorgesteld en mag het niet tekenen: een andere besluitvormer moet tekenen (vier ogen).",
        "You proposed this decision and may not sign it: another decision maker must sign (four eyes).",
    ),
];
