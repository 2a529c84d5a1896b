//! Closed vocabularies as enums, in the shape of [`crate::tlp::Tlp`] and
//! [`crate::role::Role`]: `ALL`, `id()` (the stable identifier stored in the
//! database and used in the API) and `parse()`. Serde and the JSON Schema use
//! the identifiers, so stored text and JSON are the same as when these were
//! plain strings; the enum only rules out values nobody defined.

/// A stored or sent identifier that is not in its vocabulary. Reading one
/// back from storage is a storage error (the row was altered behind the
/// application's back), never an empty value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{value}\" is not a known {vocabulary}")]
pub struct UnknownId {
    pub vocabulary: &'static str,
    pub value: String,
}

/// Declares a vocabulary: `vocabulary! { /// doc  pub enum Name as "what" { Variant = "id", … } }`.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident as $what:literal {
            $($(#[$vmeta:meta])* $variant:ident = $id:literal),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord,
            serde::Serialize, serde::Deserialize, schemars::JsonSchema,
        )]
        $vis enum $name {
            $($(#[$vmeta])* #[serde(rename = $id)] $variant),+
        }

        impl $name {
            pub const ALL: [$name; [$($id),+].len()] = [$($name::$variant),+];

            /// The stable identifier stored in the database and used in the API.
            pub fn id(self) -> &'static str {
                match self {
                    $($name::$variant => $id),+
                }
            }

            pub fn parse(id: &str) -> Option<$name> {
                let id = id.trim();
                $name::ALL.into_iter().find(|v| v.id() == id)
            }

            /// Every identifier, in order (for the choices of a form).
            pub fn ids() -> Vec<&'static str> {
                $name::ALL.iter().map(|v| v.id()).collect()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.id())
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::vocabulary::UnknownId;

            fn from_str(s: &str) -> Result<$name, Self::Err> {
                $name::parse(s).ok_or_else(|| $crate::vocabulary::UnknownId { vocabulary: $what, value: s.to_string() })
            }
        }

        /// For reading a stored column (`#[sqlx(try_from = "String")]`).
        impl TryFrom<String> for $name {
            type Error = $crate::vocabulary::UnknownId;

            fn try_from(s: String) -> Result<$name, Self::Error> {
                s.parse()
            }
        }
    };
}

pub(crate) use vocabulary;

#[cfg(test)]
mod tests {
    vocabulary! {
        enum Colour as "colour" { Red = "red", DarkBlue = "dark-blue" }
    }

    #[test]
    fn ids_round_trip_through_parse_serde_and_try_from() {
        for c in Colour::ALL {
            assert_eq!(Colour::parse(c.id()), Some(c));
            assert_eq!(serde_json::to_value(c).ok(), Some(serde_json::json!(c.id())));
        }
        assert_eq!(Colour::parse(" dark-blue "), Some(Colour::DarkBlue));
        let err = Colour::try_from("green".to_string()).err().map(|e| e.to_string());
        assert_eq!(err.as_deref(), Some("\"green\" is not a known colour"));
        assert!(serde_json::from_str::<Colour>("\"green\"").is_err());
        assert_eq!(Colour::ids(), vec!["red", "dark-blue"]);
    }
}
