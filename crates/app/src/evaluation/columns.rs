//! The columns of every file of the evaluator export, written once: the CSV
//! header rows, the keys of the JSON objects and the codebook's tables all
//! come from here, so none of them can describe a column the others lack.

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Integer,
    Number,
    Text,
    Boolean,
    /// A moment, ISO 8601 in UTC.
    Timestamp,
    /// A year (`2025`) or a quarter (`2025-Q3`).
    Period,
    /// A calendar date, ISO 8601.
    Date,
    /// Year and month, `YYYY-MM`.
    YearMonth,
    /// Several values: a JSON array.
    List,
}

impl Kind {
    /// The type's name in the codebook: (Dutch, English).
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            Kind::Integer => ("geheel getal", "integer"),
            Kind::Number => ("getal (punt als decimaalteken)", "number (dot as decimal separator)"),
            Kind::Text => ("tekst", "text"),
            Kind::Boolean => ("`true`/`false`", "`true`/`false`"),
            Kind::Timestamp => ("tijdstip (ISO 8601, UTC)", "moment (ISO 8601, UTC)"),
            Kind::Period => ("periode (`2025` of `2025-Q3`)", "period (`2025` or `2025-Q3`)"),
            Kind::Date => ("datum (ISO 8601)", "date (ISO 8601)"),
            Kind::YearMonth => ("jaar en maand (`JJJJ-MM`)", "year and month (`YYYY-MM`)"),
            Kind::List => ("lijst (JSON-array)", "list (JSON array)"),
        }
    }
}

/// A closed list of values a column takes; the codebook lists them with
/// their meaning in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vocabulary {
    Level,
    Horizon,
    AssumptionStatus,
    Direction,
    MeasureType,
    Frequency,
    TargetStatus,
    MeasurementStatus,
    Classification,
    Tlp,
    Withheld,
}

impl Vocabulary {
    pub const ALL: [Vocabulary; 11] = [
        Vocabulary::Level,
        Vocabulary::Horizon,
        Vocabulary::AssumptionStatus,
        Vocabulary::Direction,
        Vocabulary::MeasureType,
        Vocabulary::Frequency,
        Vocabulary::TargetStatus,
        Vocabulary::MeasurementStatus,
        Vocabulary::Classification,
        Vocabulary::Tlp,
        Vocabulary::Withheld,
    ];

    /// The identifiers, in the domain's order: the values that appear in the files.
    pub fn ids(self) -> Vec<&'static str> {
        use verbinding_domain::strategy as s;
        match self {
            Vocabulary::Level => s::Level::ids(),
            Vocabulary::Horizon => s::Horizon::ids(),
            Vocabulary::AssumptionStatus => s::AssumptionStatus::ids(),
            Vocabulary::Direction => s::Direction::ids(),
            Vocabulary::MeasureType => s::MeasureType::ids(),
            Vocabulary::Frequency => s::Frequency::ids(),
            Vocabulary::TargetStatus => s::TargetStatus::ids(),
            Vocabulary::MeasurementStatus => s::MeasurementStatus::ids(),
            Vocabulary::Classification => verbinding_domain::classification::all_labels().map(|l| l.id).collect(),
            Vocabulary::Tlp => verbinding_domain::tlp::Tlp::ALL.iter().map(|t| t.id()).collect(),
            Vocabulary::Withheld => vec![super::WITHHELD_NO_REDISTRIBUTION],
        }
    }

    /// The anchor of its section in the codebook.
    pub fn anchor(self) -> &'static str {
        match self {
            Vocabulary::Level => "level",
            Vocabulary::Horizon => "horizon",
            Vocabulary::AssumptionStatus => "assumption_status",
            Vocabulary::Direction => "direction",
            Vocabulary::MeasureType => "measure_type",
            Vocabulary::Frequency => "frequency",
            Vocabulary::TargetStatus => "target_status",
            Vocabulary::MeasurementStatus => "measurement_status",
            Vocabulary::Classification => "classification",
            Vocabulary::Tlp => "tlp",
            Vocabulary::Withheld => "value_withheld",
        }
    }
}

/// One column: its name, type, meaning in Dutch and English, and the
/// vocabulary of its values when it has one.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
    pub nl: &'static str,
    pub en: &'static str,
    pub values: Option<Vocabulary>,
}

const fn col(name: &'static str, kind: Kind, nl: &'static str, en: &'static str) -> Column {
    Column { name, kind, nl, en, values: None }
}

const fn vocab(name: &'static str, v: Vocabulary, nl: &'static str, en: &'static str) -> Column {
    Column { name, kind: Kind::Text, nl, en, values: Some(v) }
}

use Kind::*;

const CREATED: Column = col("created_at", Timestamp, "Aangemaakt.", "Created.");
const UPDATED: Column = col("updated_at", Timestamp, "Laatst gewijzigd.", "Last changed.");
const CLASSIFICATION: Column = vocab(
    "classification",
    Vocabulary::Classification,
    "Rubricering van het onderdeel; de indicatoren en hun rijen delen die van hun onderdeel.",
    "Classification of the part; its indicators and their rows share it.",
);
const TLP: Column = vocab("tlp", Vocabulary::Tlp, "TLP-deelcode (TLP 2.0).", "TLP sharing label (TLP 2.0).");

/// The strategy itself: the top object of `framework.json` (no CSV file of its own).
pub const STRATEGY: &[Column] = &[
    col("strategy_id", Integer, "Nummer van de strategie.", "The strategy's id."),
    col("title", Text, "Titel.", "Title."),
    col("summary", Text, "Samenvatting (Markdown).", "Summary (Markdown)."),
    col("start_year", Integer, "Eerste jaar van de looptijd.", "First year of its period."),
    col("end_year", Integer, "Laatste jaar van de looptijd.", "Last year of its period."),
    col("lead_org", Text, "Code van de leidende organisatie.", "Code of the lead organisation."),
    vocab("classification", Vocabulary::Classification, "Rubricering.", "Classification."),
    TLP,
    CREATED,
    UPDATED,
];

pub const OBJECTIVES: &[Column] = &[
    col(
        "objective_id",
        Integer,
        "Nummer van het onderdeel van de resultaatketen.",
        "The id of the part of the result chain.",
    ),
    col("strategy_id", Integer, "De strategie (zie `framework.json`).", "The strategy (see `framework.json`)."),
    col(
        "parent_id",
        Integer,
        "Het onderdeel waaronder dit hangt; leeg voor een doel (impact).",
        "The part this hangs under; empty for a goal (impact).",
    ),
    col("depth", Integer, "Diepte in de keten: 0 voor een doel.", "Depth in the chain: 0 for a goal."),
    vocab("level", Vocabulary::Level, "Niveau in de resultaatketen.", "Level in the result chain."),
    col("title", Text, "Titel.", "Title."),
    col("summary", Text, "Toelichting (Markdown).", "Description (Markdown)."),
    vocab("horizon", Vocabulary::Horizon, "Wanneer het effect zich moet tonen.", "When its effect should show."),
    col("lead_org", Text, "Code van de leidende organisatie.", "Code of the lead organisation."),
    col("contributors", List, "Codes van de bijdragende organisaties.", "Codes of the contributing organisations."),
    col(
        "assumption",
        Text,
        "Aanname onder de schakel naar het bovenliggende onderdeel: waarom dit dat onderdeel dient.",
        "Assumption under the link to the parent: why this serves the parent.",
    ),
    col("risk", Text, "Wat die schakel kan breken.", "What could break that link."),
    vocab(
        "assumption_status",
        Vocabulary::AssumptionStatus,
        "Het laatste oordeel over de aanname (alle oordelen: `judgements.csv`); leeg zonder oordeel.",
        "The latest judgement of the assumption (every judgement: `judgements.csv`); empty without one.",
    ),
    CLASSIFICATION,
    TLP,
    CREATED,
    UPDATED,
];

pub const INDICATORS: &[Column] = &[
    col("indicator_id", Integer, "Nummer van de indicator.", "The indicator's id."),
    col(
        "objective_id",
        Integer,
        "Het onderdeel dat zij meet (`objectives.csv`).",
        "The part it measures (`objectives.csv`).",
    ),
    col("name", Text, "Naam.", "Name."),
    col("definition", Text, "Definitie.", "Definition."),
    col(
        "unit",
        Text,
        "Eenheid van de waarden, zoals ingevuld; leeg bij een schaal.",
        "Unit of its values, as entered; empty on a scale.",
    ),
    col("verification", Text, "Verificatiemiddel.", "Means of verification."),
    col("data_source", Text, "Gegevensbron.", "Data source."),
    vocab("frequency", Vocabulary::Frequency, "Hoe vaak zij gemeten wordt.", "How often it is measured."),
    col("responsible_org", Text, "Code van de organisatie die rapporteert.", "Code of the organisation that reports."),
    vocab("direction", Vocabulary::Direction, "Welke kant beter is.", "Which way is better."),
    vocab("measure_type", Vocabulary::MeasureType, "Soort waarde.", "Kind of value."),
    col(
        "scale",
        List,
        "Namen van de stappen van de schaal, laagste eerst; leeg voor getallen.",
        "Names of the scale's steps, lowest first; empty for numbers.",
    ),
    col("baseline_period", Period, "Periode van de nulmeting.", "Period of the baseline."),
    col(
        "baseline_value",
        Number,
        "Waarde van de nulmeting (op een schaal: de stap, geteld vanaf 1).",
        "Baseline value (on a scale: the step, counted from 1).",
    ),
    col("baseline_label", Text, "Op een schaal: de naam van die stap.", "On a scale: the step's name."),
    col("baseline_evidence", Text, "Bewijs van de nulmeting.", "Evidence of the baseline."),
    col(
        "example",
        Boolean,
        "`true`: als voorbeeld gedefinieerd (demo), geen vastgestelde indicator of officieel cijfer.",
        "`true`: defined as an example (demo), not an agreed indicator or an official figure.",
    ),
    CREATED,
    UPDATED,
];

pub const TARGETS: &[Column] = &[
    col("target_id", Integer, "Nummer van de rij.", "The row's id."),
    col("indicator_id", Integer, "De indicator (`indicators.csv`).", "The indicator (`indicators.csv`)."),
    col("period", Period, "De periode waarvoor het streefcijfer geldt.", "The period the target is for."),
    col("period_start", Date, "Eerste dag van die periode.", "First day of that period."),
    col("period_end", Date, "Laatste dag van die periode.", "Last day of that period."),
    col(
        "revision",
        Integer,
        "Volgnummer binnen de periode: 1 is het oorspronkelijke voorstel, 2 de eerste herziening, enz.",
        "Sequence within the period: 1 is the original proposal, 2 the first revision, and so on.",
    ),
    col(
        "value",
        Number,
        "Streefwaarde (op een schaal: de stap, geteld vanaf 1).",
        "Target value (on a scale: the step, counted from 1).",
    ),
    col("value_label", Text, "Op een schaal: de naam van die stap.", "On a scale: the step's name."),
    col("reason", Text, "Waarom (verplicht bij een herziening).", "Why (required for a revision)."),
    vocab("status", Vocabulary::TargetStatus, "Stand van het besluit.", "State of the decision."),
    col("proposed_by", Text, "Naam van wie het voorstelde.", "Name of who proposed it."),
    col("proposed_at", Timestamp, "Wanneer voorgesteld.", "When proposed."),
    col(
        "decided_by",
        Text,
        "Naam van de besluitvormer (vier ogen); leeg zolang voorgesteld.",
        "Name of the decision maker (four eyes); empty while proposed.",
    ),
    col("decided_at", Timestamp, "Wanneer besloten.", "When decided."),
    col("decision_note", Text, "Toelichting bij het besluit.", "Note with the decision."),
];

pub const SERIES_BREAKS: &[Column] = &[
    col("break_id", Integer, "Nummer van de breuk.", "The break's id."),
    col("indicator_id", Integer, "De indicator (`indicators.csv`).", "The indicator (`indicators.csv`)."),
    col(
        "period",
        Period,
        "Vanaf deze periode is de methode van de bron anders.",
        "From this period on the source's method differs.",
    ),
    col("period_start", Date, "Eerste dag van die periode.", "First day of that period."),
    col("note", Text, "Wat er veranderde.", "What changed."),
    col("recorded_by", Text, "Naam van wie haar vastlegde.", "Name of who recorded it."),
    col("recorded_at", Timestamp, "Wanneer vastgelegd.", "When recorded."),
];

pub const MEASUREMENTS: &[Column] = &[
    col("measurement_id", Integer, "Nummer van de meting.", "The measurement's id."),
    col("indicator_id", Integer, "De indicator (`indicators.csv`).", "The indicator (`indicators.csv`)."),
    col("period", Period, "De gemeten periode.", "The period measured."),
    col("period_start", Date, "Eerste dag van die periode.", "First day of that period."),
    col("period_end", Date, "Laatste dag van die periode.", "Last day of that period."),
    vocab(
        "status",
        Vocabulary::MeasurementStatus,
        "Stand van de beoordeling (vier ogen).",
        "State of the review (four eyes).",
    ),
    col(
        "value",
        Number,
        "Gemeten waarde (op een schaal: de stap, geteld vanaf 1); leeg als zij is achtergehouden (zie `value_withheld`).",
        "Measured value (on a scale: the step, counted from 1); empty when withheld (see `value_withheld`).",
    ),
    col(
        "value_label",
        Text,
        "Op een schaal: de naam van die stap; leeg als achtergehouden.",
        "On a scale: the step's name; empty when withheld.",
    ),
    vocab(
        "value_withheld",
        Vocabulary::Withheld,
        "Waarom de waarde ontbreekt; leeg als zij er is.",
        "Why the value is missing; empty when it is there.",
    ),
    col(
        "narrative",
        Text,
        "Toelichting (verplicht bij kwalitatieve indicatoren).",
        "Narrative (required for qualitative indicators).",
    ),
    col("evidence", Text, "Bewijs: een link of een beschrijving.", "Evidence: a link or a description."),
    col(
        "evidence_files",
        Text,
        "Bestanden als bewijs, elk met zijn SHA-256 (`naam (sha256:…)`, gescheiden door `; `); op te halen op de pagina van de indicator.",
        "Files kept as evidence, each with its SHA-256 (`name (sha256:…)`, separated by `; `); downloadable on the indicator's page.",
    ),
    col("external_edition", Text, "Bij een externe index: de editie.", "For an external index: its edition."),
    col(
        "external_retrieved",
        YearMonth,
        "Bij een externe index: wanneer opgehaald.",
        "For an external index: when retrieved.",
    ),
    col("external_citation", Text, "Bij een externe index: de bronvermelding.", "For an external index: the citation."),
    col(
        "no_redistribution",
        Boolean,
        "`true`: de bron staat verdere verspreiding van de waarde niet toe.",
        "`true`: the source does not allow the value to be passed on.",
    ),
    col("submitted_by", Text, "Naam van wie haar indiende.", "Name of who submitted it."),
    col("submitted_at", Timestamp, "Wanneer ingediend.", "When submitted."),
    col(
        "reviewed_by",
        Text,
        "Naam van de beoordelaar; leeg zolang ingediend.",
        "Name of the reviewer; empty while submitted.",
    ),
    col("reviewed_at", Timestamp, "Wanneer beoordeeld.", "When reviewed."),
    col(
        "review_reason",
        Text,
        "Reden van de beoordelaar (verplicht bij teruggeven).",
        "The reviewer's reason (required when returned).",
    ),
];

pub const JUDGEMENTS: &[Column] = &[
    col(
        "objective_id",
        Integer,
        "Het onderdeel onder wiens schakel de aanname ligt (`objectives.csv`).",
        "The part under whose link the assumption lies (`objectives.csv`).",
    ),
    vocab("status", Vocabulary::AssumptionStatus, "Het oordeel.", "The judgement."),
    col(
        "note",
        Text,
        "Waarom (verplicht bij onder druk en gebroken).",
        "Why (required for under pressure and broken).",
    ),
    col("judged_by", Text, "Naam van wie oordeelde.", "Name of who judged."),
    col("judged_at", Timestamp, "Wanneer.", "When."),
];

pub const REVIEWS: &[Column] = &[
    col("review_id", Integer, "Nummer van de review.", "The review's id."),
    col("strategy_id", Integer, "De strategie (zie `framework.json`).", "The strategy (see `framework.json`)."),
    vocab("cadence", Vocabulary::Frequency, "Ritme: kwartaal of jaar.", "Cadence: quarterly or annual."),
    col("period", Period, "De periode waarop de review terugkijkt.", "The period the review looks back on."),
    col("held_on", Date, "De dag waarop de review gehouden is.", "The day the review was held."),
    col("participants", Text, "Deelnemers.", "Participants."),
    col("lessons", Text, "Lessen (Markdown).", "Lessons (Markdown)."),
    col("lead_org", Text, "Code van de leidende organisatie.", "Code of the lead organisation."),
    col(
        "left_out",
        Integer,
        "Hoeveel onderdelen en projecten strenger gerubriceerd waren dan de review en daarom niet in wat zij zag staan.",
        "How many parts and projects were more restricted than the review and so are not in what it saw.",
    ),
    vocab("classification", Vocabulary::Classification, "Rubricering van de review.", "Classification of the review."),
    TLP,
    CREATED,
    UPDATED,
];

pub const REVIEW_DECISIONS: &[Column] = &[
    col("decision_id", Integer, "Nummer van het besluit.", "The decision's id."),
    col("review_id", Integer, "De review (`reviews.csv`).", "The review (`reviews.csv`)."),
    col("text", Text, "Het besluit.", "The decision."),
    col(
        "changed_kind",
        Text,
        "Wat het besluit wijzigde: `target`, `objective` of `project`; leeg als het niets noemt of als de ontvanger het niet mag zien.",
        "What the decision changed: `target`, `objective` or `project`; empty when it names nothing or the recipient may not see it.",
    ),
    col("changed_id", Integer, "Het nummer daarvan.", "Its id."),
    col(
        "changed_hidden",
        Boolean,
        "`true` als het besluit iets wijzigde dat de ontvanger niet mag zien.",
        "`true` when the decision changed something the recipient may not see.",
    ),
    col("recorded_by", Text, "Naam van wie het vastlegde.", "Name of who recorded it."),
    col("recorded_at", Timestamp, "Wanneer.", "When."),
];

pub const REVIEW_ACTIONS: &[Column] = &[
    col("action_id", Integer, "Nummer van de actie.", "The action's id."),
    col("review_id", Integer, "De review (`reviews.csv`).", "The review (`reviews.csv`)."),
    col("text", Text, "De actie.", "The action."),
    col("owner_org", Text, "Code van de organisatie die haar uitvoert.", "Code of the organisation that owns it."),
    col("due", Date, "Uiterlijk.", "Due."),
    col("done_at", Timestamp, "Wanneer afgerond; leeg als zij nog open is.", "When done; empty while open."),
    col("done_by", Text, "Naam van wie haar afrondde.", "Name of who marked it done."),
    col("recorded_by", Text, "Naam van wie haar vastlegde.", "Name of who recorded it."),
    col("recorded_at", Timestamp, "Wanneer vastgelegd.", "When recorded."),
];

/// The CSV files, in the archive's order, with what one row is.
pub const CSV_FILES: [(&str, &[Column], &str, &str); 9] = [
    (
        "objectives.csv",
        OBJECTIVES,
        "Eén rij per onderdeel van de resultaatketen.",
        "One row per part of the result chain.",
    ),
    (
        "indicators.csv",
        INDICATORS,
        "Eén rij per indicator, met referentieblad en nulmeting.",
        "One row per indicator, with its reference sheet and baseline.",
    ),
    (
        "targets.csv",
        TARGETS,
        "Eén rij per streefcijfer en per herziening ervan; niets wordt overschreven.",
        "One row per target and per revision of it; nothing is overwritten.",
    ),
    (
        "measurements.csv",
        MEASUREMENTS,
        "Eén rij per ingediende meting, ook teruggegeven en wachtende.",
        "One row per submitted measurement, returned and waiting ones included.",
    ),
    ("series_breaks.csv", SERIES_BREAKS, "Eén rij per breuk in de reeks.", "One row per series break."),
    (
        "judgements.csv",
        JUDGEMENTS,
        "Eén rij per oordeel over een aanname, oudste eerst.",
        "One row per judgement of an assumption, oldest first.",
    ),
    (
        "reviews.csv",
        REVIEWS,
        "Eén rij per review van de strategie; wat zij zag, staat in `framework.json`.",
        "One row per review of the strategy; what it saw is in `framework.json`.",
    ),
    (
        "review_decisions.csv",
        REVIEW_DECISIONS,
        "Eén rij per besluit van een review.",
        "One row per decision of a review.",
    ),
    ("review_actions.csv", REVIEW_ACTIONS, "Eén rij per actie van een review.", "One row per action of a review."),
];
