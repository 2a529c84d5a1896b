//! Classification (rubricering) label sets as data with an order.
//!
//! Labels are stored by stable identifiers, never by position: a set can gain a
//! level without renumbering what is stored. Every label of the EU and NATO
//! sets names the national (Dutch) level it is handled as, following the
//! equivalence table of the Dutch security regulation (VIRBI 2013) with the EU
//! and NATO security rules; clearances are national levels.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Label {
    /// Stable identifier, e.g. `stg-geheim` or `eu-secret`.
    pub id: &'static str,
    /// The set the label belongs to: `nl`, `eu` or `nato`.
    pub set: &'static str,
    pub name_nl: &'static str,
    pub name_en: &'static str,
    /// The national level this label is handled as.
    pub national: &'static str,
}

const fn nl(id: &'static str, name_nl: &'static str, name_en: &'static str) -> Label {
    Label { id, set: "nl", name_nl, name_en, national: id }
}

const fn foreign(set: &'static str, id: &'static str, name: &'static str, national: &'static str) -> Label {
    Label { id, set, name_nl: name, name_en: name, national }
}

/// The national set in ascending order. Position in this list *is* the order;
/// nothing stores the position.
pub const NATIONAL: [Label; 5] = [
    nl("ongerubriceerd", "Ongerubriceerd", "Unclassified"),
    nl("dep-v", "Departementaal Vertrouwelijk", "Departmental Confidential"),
    nl("stg-confidentieel", "Stg. Confidentieel", "State Secret Confidential"),
    nl("stg-geheim", "Stg. Geheim", "State Secret Secret"),
    nl("stg-zeer-geheim", "Stg. Zeer Geheim", "State Secret Top Secret"),
];

/// EU classified information (EUCI), ascending.
pub const EU: [Label; 4] = [
    foreign("eu", "eu-restricted", "RESTREINT UE/EU RESTRICTED", "dep-v"),
    foreign("eu", "eu-confidential", "CONFIDENTIEL UE/EU CONFIDENTIAL", "stg-confidentieel"),
    foreign("eu", "eu-secret", "SECRET UE/EU SECRET", "stg-geheim"),
    foreign("eu", "eu-top-secret", "TRÈS SECRET UE/EU TOP SECRET", "stg-zeer-geheim"),
];

/// NATO classifications, ascending.
pub const NATO: [Label; 5] = [
    foreign("nato", "nato-unclassified", "NATO UNCLASSIFIED", "ongerubriceerd"),
    foreign("nato", "nato-restricted", "NATO RESTRICTED", "dep-v"),
    foreign("nato", "nato-confidential", "NATO CONFIDENTIAL", "stg-confidentieel"),
    foreign("nato", "nato-secret", "NATO SECRET", "stg-geheim"),
    foreign("nato", "cosmic-top-secret", "COSMIC TOP SECRET", "stg-zeer-geheim"),
];

/// The lowest national level: objects at this level are not "classified".
pub const UNCLASSIFIED: &str = "ongerubriceerd";

/// Every label of every set, national first.
pub fn all_labels() -> impl Iterator<Item = &'static Label> {
    NATIONAL.iter().chain(EU.iter()).chain(NATO.iter())
}

pub fn label(id: &str) -> Option<&'static Label> {
    all_labels().find(|l| l.id == id)
}

/// A national clearance level, e.g. `stg-geheim`.
pub fn clearance(id: &str) -> Option<&'static Label> {
    NATIONAL.iter().find(|l| l.id == id)
}

/// The rank of a label's national equivalent: higher is more sensitive.
/// Private on purpose: ranks are for comparing, never for storing.
fn rank(label_id: &str) -> Option<usize> {
    let national = label(label_id)?.national;
    NATIONAL.iter().position(|l| l.id == national)
}

/// Whether a holder of `clearance` may see content marked `classification`.
/// Unknown identifiers never grant access.
pub fn cleared_for(clearance_id: &str, classification_id: &str) -> bool {
    if self::clearance(clearance_id).is_none() {
        return false;
    }
    match (rank(clearance_id), rank(classification_id)) {
        (Some(c), Some(o)) => c >= o,
        _ => false,
    }
}

/// Every label (all sets) a holder of `clearance` may see: the list a query
/// filters on, so pages never load what they would then have to hide.
pub fn visible_labels(clearance_id: &str) -> Vec<&'static str> {
    all_labels().filter(|l| cleared_for(clearance_id, l.id)).map(|l| l.id).collect()
}

/// Whether a label is above the classification ceiling of this instance.
pub fn above_ceiling(ceiling_id: &str, classification_id: &str) -> bool {
    !cleared_for(ceiling_id, classification_id)
}

/// Whether label `a` is at most as sensitive as label `b` (any sets,
/// compared through their national equivalents). Unknown labels are never
/// "at most" anything.
pub fn at_most(a: &str, b: &str) -> bool {
    matches!((rank(a), rank(b)), (Some(x), Some(y)) if x <= y)
}

/// The most sensitive of these labels; an unknown label counts as more
/// sensitive than any (nobody is cleared for it). None for no labels.
pub fn most_restrictive<'a>(labels: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    labels.into_iter().reduce(|acc, l| match (rank(acc), rank(l)) {
        (None, _) => acc,
        (_, None) => l,
        (Some(a), Some(b)) if b > a => l,
        _ => acc,
    })
}

/// Whether a label is more than Ongerubriceerd: reads of such objects are audited.
pub fn is_classified(classification_id: &str) -> bool {
    rank(classification_id).is_none_or(|r| r > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_restrictive_label_is_the_most_sensitive_and_unknown_beats_all() {
        assert_eq!(most_restrictive(["dep-v", "eu-confidential", "ongerubriceerd"]), Some("eu-confidential"));
        assert_eq!(most_restrictive(["nato-secret", "stg-confidentieel"]), Some("nato-secret"));
        assert_eq!(most_restrictive(["stg-zeer-geheim", "invented"]), Some("invented"));
        assert_eq!(most_restrictive([]), None);
    }

    #[test]
    fn national_order_is_the_order_of_the_set() {
        assert!(cleared_for("stg-geheim", "stg-confidentieel"));
        assert!(cleared_for("stg-geheim", "stg-geheim"));
        assert!(!cleared_for("stg-confidentieel", "stg-geheim"));
        assert!(cleared_for("ongerubriceerd", "ongerubriceerd"));
        assert!(!cleared_for("ongerubriceerd", "dep-v"));
    }

    #[test]
    fn eu_and_nato_labels_compare_through_their_national_equivalent() {
        assert!(cleared_for("stg-geheim", "eu-secret"));
        assert!(!cleared_for("stg-confidentieel", "eu-secret"));
        assert!(cleared_for("stg-confidentieel", "nato-confidential"));
        assert!(!cleared_for("stg-geheim", "cosmic-top-secret"));
        assert!(cleared_for("ongerubriceerd", "nato-unclassified"));
    }

    #[test]
    fn unknown_identifiers_never_grant_and_foreign_labels_are_not_clearances() {
        assert!(!cleared_for("stg-zeer-geheim", "top-secret-ish"));
        assert!(!cleared_for("nonsense", "ongerubriceerd"));
        assert!(!cleared_for("eu-top-secret", "ongerubriceerd"), "clearances are national levels");
    }

    #[test]
    fn at_most_compares_across_sets() {
        assert!(at_most("dep-v", "eu-secret"));
        assert!(at_most("nato-restricted", "dep-v"));
        assert!(!at_most("stg-geheim", "nato-confidential"));
        assert!(!at_most("nonsense", "stg-geheim"));
    }

    #[test]
    fn ceiling_refuses_content_above_it() {
        assert!(above_ceiling("stg-geheim", "stg-zeer-geheim"));
        assert!(above_ceiling("stg-geheim", "cosmic-top-secret"));
        assert!(!above_ceiling("stg-geheim", "eu-secret"));
    }

    #[test]
    fn visible_labels_lists_every_set() {
        let v = visible_labels("dep-v");
        assert_eq!(v, vec!["ongerubriceerd", "dep-v", "eu-restricted", "nato-unclassified", "nato-restricted"]);
    }

    #[test]
    fn identifiers_are_unique_across_sets() {
        let mut ids: Vec<_> = all_labels().map(|l| l.id).collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n);
    }
}
