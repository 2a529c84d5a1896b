//! `codebook.md`: what every file and column of the evaluator export holds,
//! in Dutch and English, rendered from the column definitions in
//! [`super::columns`] so it always describes the files it travels with.

use super::columns::{self, Column, Vocabulary};

/// What the codebook says about this particular archive.
pub struct About<'a> {
    pub strategy_id: i64,
    pub strategy_title: &'a str,
    pub generated_at: &'a str,
    pub classification: &'a str,
    pub tlp: &'a str,
    pub withheld_values: usize,
}

/// A value's meaning: (Dutch, English). `None` for an identifier without
/// one, which a test rules out for every vocabulary.
pub fn meaning(v: Vocabulary, id: &str) -> Option<(&'static str, &'static str)> {
    Some(match (v, id) {
        (Vocabulary::Level, "impact") => ("Doel: het effect op lange termijn.", "Goal: the long-term effect."),
        (Vocabulary::Level, "outcome") => {
            ("Doelstelling: een verandering bij anderen.", "Objective: a change in others.")
        }
        (Vocabulary::Level, "output") => ("Resultaat: wat geleverd wordt.", "Output: what is delivered."),
        (Vocabulary::Level, "activity") => ("Activiteit: wat gedaan wordt.", "Activity: what is done."),
        (Vocabulary::Horizon, "short") => ("Korte termijn.", "Short term."),
        (Vocabulary::Horizon, "medium") => ("Middellange termijn.", "Medium term."),
        (Vocabulary::Horizon, "long") => ("Lange termijn.", "Long term."),
        (Vocabulary::AssumptionStatus, "holds") => ("De aanname houdt.", "The assumption holds."),
        (Vocabulary::AssumptionStatus, "under-pressure") => {
            ("De aanname staat onder druk.", "The assumption is under pressure.")
        }
        (Vocabulary::AssumptionStatus, "broken") => ("De aanname is gebroken.", "The assumption is broken."),
        (Vocabulary::Direction, "higher") => ("Hoger is beter.", "Higher is better."),
        (Vocabulary::Direction, "lower") => ("Lager is beter.", "Lower is better."),
        (Vocabulary::MeasureType, "numeric") => {
            ("Een getal in de eenheid van de indicator.", "A number in the indicator's unit.")
        }
        (Vocabulary::MeasureType, "percentage") => ("Een percentage van 0 tot 100.", "A percentage from 0 to 100."),
        (Vocabulary::MeasureType, "ordinal") => (
            "Een stap op een benoemde schaal (`scale`), geteld vanaf 1.",
            "A step on a named scale (`scale`), counted from 1.",
        ),
        (Vocabulary::MeasureType, "qualitative") => (
            "Een score op een benoemde schaal met een verhaal; nooit gemiddeld.",
            "A score on a named scale with a narrative; never averaged.",
        ),
        (Vocabulary::Frequency, "quarterly") => ("Per kwartaal (`2025-Q3`).", "Quarterly (`2025-Q3`)."),
        (Vocabulary::Frequency, "annual") => ("Per jaar (`2025`).", "Annual (`2025`)."),
        (Vocabulary::TargetStatus, "proposed") => {
            ("Voorgesteld, wacht op een besluit.", "Proposed, awaiting a decision.")
        }
        (Vocabulary::TargetStatus, "approved") => ("Goedgekeurd: telt mee.", "Approved: it counts."),
        (Vocabulary::TargetStatus, "rejected") => ("Afgewezen: telt niet.", "Rejected: it does not count."),
        (Vocabulary::MeasurementStatus, "submitted") => {
            ("Ingediend, wacht op beoordeling.", "Submitted, awaiting review.")
        }
        (Vocabulary::MeasurementStatus, "approved") => ("Goedgekeurd: telt mee.", "Approved: it counts."),
        (Vocabulary::MeasurementStatus, "returned") => {
            ("Teruggegeven met een reden: telt niet.", "Returned with a reason: it does not count.")
        }
        (Vocabulary::Tlp, "clear") => ("Openbaar te delen.", "May be shared publicly."),
        (Vocabulary::Tlp, "green") => ("Binnen de gemeenschap te delen.", "May be shared within the community."),
        (Vocabulary::Tlp, "amber") => (
            "Binnen de eigen organisatie en haar klanten, op need-to-know.",
            "Within one's organisation and its clients, on a need-to-know basis.",
        ),
        (Vocabulary::Tlp, "amber+strict") => ("Alleen binnen de eigen organisatie.", "Within one's organisation only."),
        (Vocabulary::Tlp, "red") => ("Alleen voor de genoemde ontvangers.", "For the named recipients only."),
        (Vocabulary::Withheld, super::WITHHELD_NO_REDISTRIBUTION) => (
            "De externe bron staat verdere verspreiding niet toe: de rij staat erin, de waarde niet.",
            "The external source does not allow passing it on: the row is there, the value is not.",
        ),
        (Vocabulary::Classification, id) => {
            let l = verbinding_domain::classification::label(id)?;
            (l.name_nl, l.name_en)
        }
        _ => return None,
    })
}

fn vocabulary_title(v: Vocabulary) -> (&'static str, &'static str) {
    match v {
        Vocabulary::Level => ("Niveaus", "Levels"),
        Vocabulary::Horizon => ("Horizonnen", "Horizons"),
        Vocabulary::AssumptionStatus => ("Oordelen over aannames", "Assumption statuses"),
        Vocabulary::Direction => ("Richtingen", "Directions"),
        Vocabulary::MeasureType => ("Soorten waarden", "Measure types"),
        Vocabulary::Frequency => ("Frequenties", "Frequencies"),
        Vocabulary::TargetStatus => ("Stand van streefcijfers", "Target statuses"),
        Vocabulary::MeasurementStatus => ("Stand van metingen", "Measurement statuses"),
        Vocabulary::Classification => ("Rubriceringen", "Classifications"),
        Vocabulary::Tlp => ("TLP", "TLP"),
        Vocabulary::Withheld => ("Achtergehouden waarden", "Withheld values"),
    }
}

/// Writes a column table. The first cell of each row is the column's name
/// in backticks: a reader (and the test suite) takes the columns from there.
fn table(out: &mut String, cols: &[Column]) {
    out.push_str("| Kolom / Column | Type | Betekenis | Meaning | Waarden / Values |\n|---|---|---|---|---|\n");
    for c in cols {
        let (nl, en) = c.kind.names();
        let kind = if nl == en { nl.to_string() } else { format!("{nl} / {en}") };
        // The values themselves where the list is short; the long list of classifications by reference.
        let values = match c.values {
            Some(Vocabulary::Classification) | None => String::new(),
            Some(v) => v.ids().iter().map(|id| format!("`{id}`")).collect::<Vec<_>>().join(", ") + " — ",
        } + &c.values.map(|v| format!("[{}](#{})", v.anchor(), v.anchor())).unwrap_or_default();
        out.push_str(&format!("| `{}` | {kind} | {} | {} | {values} |\n", c.name, c.nl, c.en));
    }
    out.push('\n');
}

const GENERAL: &str = "\
## Algemeen / General

- Tekens: UTF-8. CSV volgens RFC 4180: komma als scheidingsteken, regels eindigen op CRLF, de eerste rij \
noemt de kolommen; een veld met een komma, aanhalingsteken of regeleinde staat tussen dubbele \
aanhalingstekens, een aanhalingsteken erin wordt verdubbeld.
- Characters: UTF-8. CSV per RFC 4180: comma-separated, lines end in CRLF, the first row names the columns; \
a field holding a comma, a quote or a line break is in double quotes, a quote inside is doubled.
- Getallen met een punt als decimaalteken, zonder duizendtallen of exponent. Tijdstippen in ISO 8601, UTC \
(`2026-03-14T09:30:00Z`). Periodes zijn een jaar (`2025`) of een kwartaal (`2025-Q3`): er wordt geen dag \
verzonnen waar alleen een jaar bekend is; `period_start` en `period_end` geven de dagen van de periode.
- Numbers with a dot as decimal separator, no thousands separators or exponent. Moments in ISO 8601, UTC \
(`2026-03-14T09:30:00Z`). Periods are a year (`2025`) or a quarter (`2025-Q3`): no day is invented where only \
a year is known; `period_start` and `period_end` give the period's days.
- Een lege cel (in JSON `null`) betekent: geen waarde. Een lijst staat in JSON als array en in CSV als de \
JSON-tekst van die array (`[\"BZ\",\"JenV\"]`).
- An empty cell (`null` in JSON) means: no value. A list is an array in JSON and, in CSV, the JSON text of \
that array (`[\"BZ\",\"JenV\"]`).
- Een tekst die begint met `=`, `+`, `-`, `@`, een tab of een carriage return krijgt in CSV een apostrof \
ervoor, zodat een spreadsheet hem niet als formule uitvoert; `framework.json` bevat de tekst ongewijzigd.
- A text beginning with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe in CSV, so a \
spreadsheet does not run it as a formula; `framework.json` holds the text unchanged.
- Koppelen gaat op de nummers: `objective_id`, `indicator_id`, `parent_id`. Namen van mensen zijn de namen \
waaronder zij in Verbinding staan.
- Join on the ids: `objective_id`, `indicator_id`, `parent_id`. People are named as they are in Verbinding.

";

const UNITS: &str = "\
## Eenheden en waarden / Units and values

- `numeric`: een getal in de eenheid die `unit` van de indicator noemt. / a number in the unit the \
indicator's `unit` names.
- `percentage`: 0 tot en met 100 (geen fractie). / 0 to 100 inclusive (not a fraction).
- `ordinal` en `qualitative`: de stap op de schaal `scale`, geteld vanaf 1 (1 = de eerste, laagste naam); \
`*_label` noemt de stap. / the step on the scale `scale`, counted from 1 (1 = the first, lowest name); \
`*_label` names the step.
- Geldbedragen staan niet in deze export (die staan in het portfolio en zijn IATI-export). / Money is not in \
this export (it is in the portfolio and its IATI export).

";

const PROGRESS: &str = "\
## Voortgangsregel / Progress rule

De export bevat de gegevens, niet de berekende voortgang: met deze regel (dezelfde als Verbinding toont, \
`verbinding_domain::strategy::progress`) is die na te rekenen.

1. Alleen goedgekeurde streefcijfers tellen, per periode de laatst goedgekeurde herziening. Alleen \
goedgekeurde metingen tellen; de laatste goedgekeurde meting is de stand.
2. Het streefcijfer dat telt is het eerste goedgekeurde voor een periode op of na die van de laatste \
goedgekeurde meting; na het laatste streefcijfer het laatste.
3. Getal en percentage: het deel van de weg van nulmeting naar streefcijfer, `(waarde − nulmeting) / \
(streefcijfer − nulmeting)`, begrensd op 0…1. Een streefcijfer gelijk aan de nulmeting (\"vasthouden\") is \
gehaald als de waarde niet slechter is.
4. Ordinaal: stappen op de schaal van de nulmeting naar het streefcijfer (\"2 van 4 stappen\"), nooit een \
percentage.
5. Kwalitatief: de score op de schaal, als zodanig; nooit omgerekend en nooit gemiddeld.
6. Achter op schema: het deel blijft meer dan een kwart van de weg achter bij de rechte lijn van nulmeting \
naar streefcijfer op de gemeten periode, of de laatste waarde is slechter dan de nulmeting. Een kwalitatieve \
indicator is alleen achter als de score onder de nulmeting zakte.
7. Een onderdeel telt hoeveel van zijn eigen indicatoren op schema, achter, zonder meting en kwalitatief zijn \
(geteld, nooit gemiddeld); het is achter als één ervan achter is.

The export holds the data, not the computed progress: with this rule (the one Verbinding shows, \
`verbinding_domain::strategy::progress`) it can be recomputed.

1. Only approved targets count, per period the revision approved last. Only approved measurements count; the \
latest approved measurement is the state.
2. The target that counts is the first approved target for a period at or after the latest approved \
measurement's; past the last target, the last one.
3. Numeric and percentage: the share of the way from baseline to target, `(value − baseline) / (target − \
baseline)`, clamped to 0…1. A target equal to the baseline (\"hold the line\") is reached when the value is no \
worse.
4. Ordinal: steps on the scale from the baseline towards the target (\"2 of 4 steps\"), never a percentage.
5. Qualitative: the score on its scale, as such; never converted and never averaged.
6. Off track: the share lags the straight path from baseline to target by more than a quarter of the way at \
the measured period, or the latest value is worse than the baseline. A qualitative indicator is off track only \
when its score fell below the baseline.
7. A part counts how many of its own indicators are on track, off track, without a measurement and \
qualitative (counted, never averaged); it is off track when one of them is.

";

/// The codebook of one archive.
pub fn render(about: &About) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "# Codeboek / Codebook\n\n\
         Evaluatie-export van de strategie / Evaluation export of the strategy **{title}** \
         (`strategy_id` {id}), gemaakt / made {at}.\n\n\
         Deze export bevat de resultaatketen met indicatoren, streefcijfers (elke herziening), breuken in reeksen, \
         metingen met hun beoordeling en de oordelen over aannames — alles wat de ontvanger mocht zien toen de \
         export werd gemaakt.\n\n\
         This export holds the result chain with its indicators, targets (every revision), series breaks, \
         measurements with their review and the judgements of assumptions — everything its recipient was \
         allowed to see when it was made.\n\n\
         **Hantering / Handling:** de hoogste rubricering in dit archief is `{c}`, de strengste TLP `{tlp}`: \
         behandel het hele archief zo. / the highest classification in this archive is `{c}`, the strictest \
         TLP `{tlp}`: handle the whole archive accordingly.\n\n",
        title = about.strategy_title.replace(['*', '\n'], " "),
        id = about.strategy_id,
        at = about.generated_at,
        c = about.classification,
        tlp = about.tlp,
    ));
    out.push_str("## Bestanden / Files\n\n| Bestand / File | Inhoud | Content |\n|---|---|---|\n");
    out.push_str(
        "| `framework.json` | Alles in één JSON-document, genest: strategie → onderdelen → indicatoren → \
         streefcijfers, breuken en metingen. | Everything in one JSON document, nested: strategy → parts → \
         indicators → targets, breaks and measurements. |\n",
    );
    for (file, _, nl, en) in columns::CSV_FILES {
        out.push_str(&format!("| `{file}` | {nl} | {en} |\n"));
    }
    out.push_str("| `codebook.md` | Dit codeboek. | This codebook. |\n\n");
    out.push_str(GENERAL);
    out.push_str(
        "## `framework.json`\n\n\
         Een object met / An object with: `format` (`verbinding-evaluation/1`), `generated_at`, `classification` \
         en `tlp` (de hantering hierboven / the handling above), `withheld_values` (hoeveel waarden zijn \
         achtergehouden / how many values were withheld), `strategy` en `reviews`.\n\n\
         - `strategy`: de kolommen hieronder, plus `objectives`: de doelen. / the columns below, plus \
         `objectives`: its goals.\n\
         - Elk onderdeel / each part: de kolommen van `objectives.csv`, plus `judgements` (zoals \
         `judgements.csv`, zonder `objective_id`), `indicators` en `objectives` (de onderdelen eronder / the \
         parts below it).\n\
         - Elke indicator / each indicator: de kolommen van `indicators.csv`, plus `targets`, `series_breaks` \
         en `measurements` (zoals de CSV-bestanden / as the CSV files).\n\
         - `reviews`: de kolommen van `reviews.csv`, plus `saw` (wat de review zag, bevroren toen zij werd \
         vastgelegd: `indicators`, `assumptions`, `projects`, `signposts`, `left_out`), `decisions` en `actions` \
         (zoals de CSV-bestanden, zonder `review_id`). / the columns of `reviews.csv`, plus `saw` (what the review \
         saw, frozen when it was recorded), `decisions` and `actions` (as the CSV files, without `review_id`).\n\n\
         De strategie / The strategy:\n\n",
    );
    table(&mut out, columns::STRATEGY);
    for (file, cols, nl, en) in columns::CSV_FILES {
        out.push_str(&format!("## `{file}`\n\n{nl} / {en}\n\n"));
        table(&mut out, cols);
    }
    out.push_str("## Woordenlijsten / Vocabularies\n\n");
    for v in Vocabulary::ALL {
        let (nl, en) = vocabulary_title(v);
        let title = if nl == en { nl.to_string() } else { format!("{nl} / {en}") };
        out.push_str(&format!(
            "### {title}\n\n<a id=\"{anchor}\"></a>\n\n| Waarde / Value | Betekenis | Meaning |\n|---|---|---|\n",
            anchor = v.anchor()
        ));
        for id in v.ids() {
            let (nl, en) = meaning(v, id).unwrap_or(("", ""));
            out.push_str(&format!("| `{id}` | {nl} | {en} |\n"));
        }
        out.push('\n');
    }
    out.push_str(UNITS);
    out.push_str(PROGRESS);
    out.push_str(&format!(
        "## Wat ontbreekt / What is left out\n\n\
         - **Wat de ontvanger niet mocht zien.** Een onderdeel waarvoor de ontvanger geen rubricering of \
         need-to-know heeft, ontbreekt, en alles eronder ook (zijn plaats in de keten zou het verraden), met \
         zijn indicatoren, streefcijfers, breuken, metingen en oordelen. Hoeveel er ontbreekt, staat nergens: \
         ook dat zou iets verraden.\n\
         - **What the recipient was not allowed to see.** A part for which the recipient lacks the clearance or \
         need-to-know is left out, and so is everything below it (its place in the chain would tell of it), \
         with its indicators, targets, breaks, measurements and judgements. How much is left out is said \
         nowhere: that too would tell.\n\
         - **Waarden die niet verder verspreid mogen worden.** Een meting uit een externe index met \
         `no_redistribution` = `true` staat erin met editie, peildatum en bronvermelding, maar zonder waarde \
         (`value` en `value_label` leeg, `value_withheld` = `{w}`): een export is verspreiding. In dit archief: \
         {n}.\n\
         - **Values that may not be passed on.** A measurement from an external index with `no_redistribution` \
         = `true` is there with its edition, retrieval date and citation, but without its value (`value` and \
         `value_label` empty, `value_withheld` = `{w}`): an export is passing it on. In this archive: {n}.\n\
         - Berekende voortgang (zie de regel hierboven) en geldbedragen. / Computed progress (see the rule \
         above) and money.\n\
         - **Bij een besluit van een review:** wat het wijzigde als de ontvanger dat niet mag zien (dan is \
         `changed_hidden` = `true`). / **With a decision of a review:** what it changed when the recipient may \
         not see that (then `changed_hidden` = `true`).\n",
        w = super::WITHHELD_NO_REDISTRIBUTION,
        n = about.withheld_values,
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_of_every_vocabulary_has_a_meaning_in_both_languages() {
        for v in Vocabulary::ALL {
            for id in v.ids() {
                let (nl, en) = meaning(v, id).unwrap_or_else(|| panic!("{v:?} {id} has no meaning"));
                assert!(!nl.is_empty() && !en.is_empty(), "{v:?} {id}");
            }
        }
    }

    #[test]
    fn every_column_is_described_in_both_languages_and_listed() {
        let about = About {
            strategy_id: 7,
            strategy_title: "Strategie",
            generated_at: "2026-03-14T09:30:00Z",
            classification: "dep-v",
            tlp: "amber",
            withheld_values: 2,
        };
        let text = render(&about);
        for (file, cols, _, _) in columns::CSV_FILES {
            assert!(text.contains(&format!("## `{file}`")), "{file}");
            for c in cols {
                assert!(!c.nl.is_empty() && !c.en.is_empty(), "{file} {}", c.name);
                assert!(text.contains(&format!("| `{}` |", c.name)), "{file} {}", c.name);
                assert!(!c.nl.contains('|') && !c.en.contains('|'), "a pipe would break the table: {}", c.name);
            }
        }
        assert!(text.contains("`reviews.csv`") && text.contains("no_redistribution"));
    }
}
