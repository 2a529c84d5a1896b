//! Traffic Light Protocol 2.0 sharing labels, stored by their stable identifiers.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
pub enum Tlp {
    #[serde(rename = "clear")]
    Clear,
    #[serde(rename = "green")]
    Green,
    #[serde(rename = "amber")]
    Amber,
    #[serde(rename = "amber+strict")]
    AmberStrict,
    #[serde(rename = "red")]
    Red,
}

impl Tlp {
    pub const ALL: [Tlp; 5] = [Tlp::Clear, Tlp::Green, Tlp::Amber, Tlp::AmberStrict, Tlp::Red];

    /// The stable identifier stored in the database and used in the API.
    pub fn id(self) -> &'static str {
        match self {
            Tlp::Clear => "clear",
            Tlp::Green => "green",
            Tlp::Amber => "amber",
            Tlp::AmberStrict => "amber+strict",
            Tlp::Red => "red",
        }
    }

    /// The label as printed on documents, e.g. `TLP:AMBER+STRICT`.
    pub fn label(self) -> String {
        format!("TLP:{}", self.id().to_uppercase())
    }

    pub fn parse(id: &str) -> Option<Tlp> {
        Tlp::ALL.into_iter().find(|t| t.id() == id.trim().to_lowercase())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_labels_match_tlp_2_0() {
        for t in Tlp::ALL {
            assert_eq!(Tlp::parse(t.id()), Some(t));
        }
        assert_eq!(Tlp::AmberStrict.label(), "TLP:AMBER+STRICT");
        assert_eq!(Tlp::parse("white"), None, "TLP:WHITE was retired in TLP 2.0");
    }
}
