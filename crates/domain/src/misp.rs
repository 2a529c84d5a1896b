//! Reading MISP galaxy clusters (the threat-actor galaxy): JSON text in,
//! catalogue records out. Pure: the caller reads the file.

use serde::Deserialize;

/// One threat actor as the catalogue keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThreatActorRecord {
    /// The galaxy's UUID: the stable identifier across re-imports.
    pub uuid: String,
    pub name: String,
    pub synonyms: Vec<String>,
    pub state_sponsor: Option<String>,
    /// ISO 3166-1 alpha-2 code, when the galaxy gives one.
    pub country: Option<String>,
    pub description: String,
}

#[derive(Deserialize)]
struct Cluster {
    #[serde(rename = "type")]
    kind: String,
    values: Vec<Value>,
}

#[derive(Deserialize)]
struct Value {
    value: String,
    uuid: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    meta: Meta,
}

#[derive(Deserialize, Default)]
struct Meta {
    #[serde(default)]
    synonyms: Vec<String>,
    #[serde(default)]
    country: Option<String>,
    #[serde(default, rename = "cfr-suspected-state-sponsor")]
    sponsor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GalaxyError {
    #[error("not a MISP galaxy cluster file: {0}")]
    Format(String),
    #[error("this is the \"{0}\" galaxy, not the threat-actor galaxy")]
    WrongGalaxy(String),
}

/// Parses the threat-actor galaxy; entries without a name or UUID are skipped.
pub fn parse_threat_actors(json: &str) -> Result<Vec<ThreatActorRecord>, GalaxyError> {
    let cluster: Cluster = serde_json::from_str(json).map_err(|e| GalaxyError::Format(e.to_string()))?;
    if cluster.kind != "threat-actor" {
        return Err(GalaxyError::WrongGalaxy(cluster.kind));
    }
    Ok(cluster
        .values
        .into_iter()
        .filter(|v| !v.value.trim().is_empty() && !v.uuid.trim().is_empty())
        .map(|v| {
            let mut synonyms: Vec<String> =
                v.meta.synonyms.into_iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
            synonyms.dedup();
            ThreatActorRecord {
                uuid: v.uuid.trim().to_lowercase(),
                name: v.value.trim().to_string(),
                synonyms,
                state_sponsor: v.meta.sponsor.filter(|s| !s.trim().is_empty()),
                country: v.meta.country.map(|c| c.trim().to_uppercase()).filter(|c| c.len() == 2),
                description: v.description,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_names_synonyms_sponsor_and_country() {
        let json = r#"{"type": "threat-actor", "values": [
            {"value": "APT28", "uuid": "5B4EE3EA-eee3-4c8e-8323-85ae32658754", "description": "GRU unit 26165",
             "meta": {"synonyms": ["Fancy Bear", " Sednit "], "country": "ru", "cfr-suspected-state-sponsor": "Russian Federation"}},
            {"value": "", "uuid": "x"},
            {"value": "Unattributed", "uuid": "0e0e0e0e-0000-0000-0000-000000000000"}]}"#;
        let actors = parse_threat_actors(json).expect("parse");
        assert_eq!(actors.len(), 2);
        assert_eq!(actors[0].uuid, "5b4ee3ea-eee3-4c8e-8323-85ae32658754");
        assert_eq!(actors[0].synonyms, vec!["Fancy Bear", "Sednit"]);
        assert_eq!(actors[0].country.as_deref(), Some("RU"));
        assert_eq!(actors[1].state_sponsor, None);
    }

    #[test]
    fn other_galaxies_and_broken_files_are_refused() {
        assert_eq!(
            parse_threat_actors(r#"{"type": "sector", "values": []}"#),
            Err(GalaxyError::WrongGalaxy("sector".into()))
        );
        assert!(matches!(parse_threat_actors("{"), Err(GalaxyError::Format(_))));
    }
}
