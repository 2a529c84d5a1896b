//! The kept subset of an IATI 2.03 activity file, in the standard's own order
//! and with its own codes.

/// One text in one language. `lang` is the `xml:lang` of the narrative;
/// `None` means the activity's default language.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Narrative {
    pub lang: Option<String>,
    pub text: String,
}

/// A text element (title, description, comment, name): its narratives.
pub type Text = Vec<Narrative>;

/// An organisation as IATI names it: its organisation identifier (`ref`), its
/// OrganisationType code (`type`) and its name in one or more languages.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Organisation {
    pub reference: Option<String>,
    pub kind: Option<String>,
    pub name: Text,
}

/// `participating-org`: an organisation with its OrganisationRole code
/// (1 funding, 2 accountable, 3 extending, 4 implementing).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParticipatingOrg {
    pub role: String,
    pub organisation: Organisation,
}

/// `description` with its DescriptionType code (1 general, 2 objectives,
/// 3 target groups, 4 other).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Description {
    pub kind: String,
    pub text: Text,
}

/// `activity-date`: ActivityDateType code (1 planned start, 2 actual start,
/// 3 planned end, 4 actual end) and an ISO date (`YYYY-MM-DD`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ActivityDate {
    pub kind: String,
    pub iso_date: String,
}

/// `recipient-country`: ISO 3166-1 alpha-2 code and its share in percent
/// (decimal text), if given.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RecipientCountry {
    pub code: String,
    pub percentage: Option<String>,
}

/// `sector`: SectorVocabulary code (`None` means 1, OECD DAC 5-digit), the
/// sector code and its share in percent (decimal text), if given.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sector {
    pub vocabulary: Option<String>,
    pub code: String,
    pub percentage: Option<String>,
}

/// A monetary value: decimal text, its currency (ISO 4217; `None` means the
/// activity's default currency) and the date of the exchange rate.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Value {
    pub amount: String,
    pub currency: Option<String>,
    pub value_date: String,
}

/// `budget`: BudgetType (1 original, 2 revised), BudgetStatus (1 indicative,
/// 2 committed), the period it covers (ISO dates; at most a year) and the value.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Budget {
    pub kind: String,
    pub status: String,
    pub period_start: String,
    pub period_end: String,
    pub value: Value,
}

/// `transaction`: TransactionType code (2 outgoing commitment, 3 disbursement,
/// 4 expenditure, …), its ISO date, value, description and the organisations
/// money went from and to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Transaction {
    pub kind: String,
    pub date: String,
    pub value: Value,
    pub description: Text,
    pub provider: Option<Organisation>,
    pub receiver: Option<Organisation>,
}

/// An indicator `reference`: IndicatorVocabulary code, the code in it and the
/// URI of the indicator's definition, if given.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct IndicatorReference {
    pub vocabulary: String,
    pub code: String,
    pub indicator_uri: Option<String>,
}

/// `baseline`: its year, optional ISO date, optional value (decimal text; none
/// for a qualitative indicator) and comment.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Baseline {
    pub year: String,
    pub iso_date: Option<String>,
    pub value: Option<String>,
    pub comment: Text,
}

/// A `target` or `actual` in a period: optional value and comment.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PeriodValue {
    pub value: Option<String>,
    pub comment: Text,
}

/// A result `period`: ISO start and end dates, targets and actuals.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Period {
    pub start: String,
    pub end: String,
    pub targets: Vec<PeriodValue>,
    pub actuals: Vec<PeriodValue>,
}

/// A result `indicator`: IndicatorMeasure code (1 unit, 2 percentage,
/// 3 nominal, 4 ordinal, 5 qualitative), whether higher is better
/// (`ascending`; `None` when the file does not say), its text, references,
/// baselines and periods.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Indicator {
    pub measure: String,
    pub ascending: Option<bool>,
    pub aggregation_status: Option<bool>,
    pub title: Text,
    pub description: Text,
    pub references: Vec<IndicatorReference>,
    pub baselines: Vec<Baseline>,
    pub periods: Vec<Period>,
}

/// A `result`: ResultType code (1 output, 2 outcome, 3 impact, 9 other), its
/// text and indicators.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ResultEntry {
    pub kind: String,
    pub aggregation_status: Option<bool>,
    pub title: Text,
    pub description: Text,
    pub indicators: Vec<Indicator>,
}

/// One `iati-activity`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Activity {
    /// `iati-identifier`: the reporting organisation's identifier, a hyphen
    /// and the activity's own identifier.
    pub identifier: String,
    /// `xml:lang` of the activity: the language of narratives without one.
    pub lang: Option<String>,
    pub default_currency: Option<String>,
    /// `last-updated-datetime` (xsd:dateTime text).
    pub last_updated: Option<String>,
    pub reporting_org: Organisation,
    pub title: Text,
    pub descriptions: Vec<Description>,
    pub participating_orgs: Vec<ParticipatingOrg>,
    /// ActivityStatus code (1 pipeline, 2 implementation, 3 finalisation,
    /// 4 closed, 5 cancelled, 6 suspended).
    pub status: String,
    pub dates: Vec<ActivityDate>,
    pub recipient_countries: Vec<RecipientCountry>,
    pub sectors: Vec<Sector>,
    pub budgets: Vec<Budget>,
    pub transactions: Vec<Transaction>,
    pub results: Vec<ResultEntry>,
}

/// An `iati-activities` file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Activities {
    /// `generated-datetime` (xsd:dateTime text).
    pub generated: String,
    pub activities: Vec<Activity>,
}
