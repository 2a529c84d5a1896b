//! Texts of `catalogue`: the threat-actor catalogue: (key, Dutch, English).

pub(super) const TEXTS: &[(&str, &str, &str)] = &[
    ("actors.title", "Dreigingsactoren", "Threat actors"),
    ("actors.intro", "Catalogus uit de MISP threat-actor galaxy", "Catalogue from the MISP threat-actor galaxy"),
    ("actors.search", "Zoeken op naam of synoniem", "Search by name or synonym"),
    ("actors.synonyms", "Synoniemen", "Synonyms"),
    ("actors.sponsor", "Vermoedelijke statelijke sponsor", "Suspected state sponsor"),
    ("actors.country", "Land", "Country"),
    ("actors.empty", "Geen dreigingsactoren gevonden.", "No threat actors found."),
    ("actors.incidents", "Incidenten met deze actor", "Incidents with this actor"),
];
