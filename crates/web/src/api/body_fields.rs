//! The fields a JSON body may have, read from the JSON Schema of its type
//! (the same one the OpenAPI document publishes, where request bodies say
//! `additionalProperties: false`). A body of a tagged union (a command) may
//! have the fields of the variant its tag selects.

use schemars::JsonSchema;
use serde_json::Value;
use std::any::TypeId;
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

/// One shape of a body: the values its tags must have, and its fields.
struct Shape {
    tags: Vec<(String, Value)>,
    fields: BTreeSet<String>,
}

/// The shapes of a body type, or none when its schema names no fields
/// (free JSON).
type Shapes = Arc<Vec<Shape>>;

static SHAPES: LazyLock<Mutex<HashMap<TypeId, Shapes>>> = LazyLock::new(Default::default);

fn shape(schema: &Value) -> Option<Shape> {
    let properties = schema.get("properties")?.as_object()?;
    let tags = properties.iter().filter_map(|(name, p)| p.get("const").map(|c| (name.clone(), c.clone()))).collect();
    Some(Shape { tags, fields: properties.keys().cloned().collect() })
}

/// A body with fields of its own has one shape (its `anyOf`/`allOf` only
/// constrain those fields); one without is a tagged union of `oneOf` variants.
fn shapes_of(schema: &Value) -> Vec<Shape> {
    if let Some(own) = shape(schema) {
        return vec![own];
    }
    let variants = schema.get("oneOf").and_then(Value::as_array);
    variants.into_iter().flatten().filter_map(shape).collect()
}

fn shapes<T: JsonSchema + 'static>() -> Shapes {
    let mut cache = SHAPES.lock().unwrap_or_else(PoisonError::into_inner);
    Arc::clone(cache.entry(TypeId::of::<T>()).or_insert_with(|| {
        let schema = schemars::generate::SchemaSettings::draft2020_12().into_generator().into_root_schema_for::<T>();
        Arc::new(shapes_of(&schema.to_value()))
    }))
}

/// The first field of `body` that no shape of `T` whose tags it matches
/// has. A body that is not an object is left to deserialisation to refuse.
pub fn unknown<T: JsonSchema + 'static>(body: &Value) -> Option<String> {
    let shapes = shapes::<T>();
    let object = body.as_object()?;
    if shapes.is_empty() {
        return None;
    }
    let matching: Vec<&Shape> =
        shapes.iter().filter(|s| s.tags.iter().all(|(name, value)| object.get(name) == Some(value))).collect();
    // No shape matches the tags: deserialisation names that as malformed.
    if matching.is_empty() {
        return None;
    }
    object.keys().find(|k| !matching.iter().any(|s| s.fields.contains(*k))).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(serde::Deserialize, schemars::JsonSchema)]
    #[allow(dead_code, reason = "only the schema is read")]
    struct Flat {
        title: String,
        #[serde(flatten)]
        inner: Inner,
    }

    #[derive(serde::Deserialize, schemars::JsonSchema)]
    #[allow(dead_code, reason = "only the schema is read")]
    struct Inner {
        tlp: String,
    }

    #[derive(serde::Deserialize, schemars::JsonSchema)]
    #[serde(tag = "command", rename_all = "snake_case")]
    #[allow(dead_code, reason = "only the schema is read")]
    enum Command {
        Pause,
        Cancel { reason: String },
    }

    #[test]
    fn a_field_the_body_does_not_have_is_named_and_flattened_fields_count() {
        assert_eq!(unknown::<Flat>(&json!({"title": "t", "tlp": "red"})), None);
        assert_eq!(
            unknown::<Flat>(&json!({"title": "t", "lead_organisation": "TFC"})).as_deref(),
            Some("lead_organisation")
        );
    }

    #[test]
    fn a_command_may_have_only_the_fields_of_its_own_variant() {
        assert_eq!(unknown::<Command>(&json!({"command": "cancel", "reason": "r"})), None);
        assert_eq!(unknown::<Command>(&json!({"command": "pause", "reason": "r"})).as_deref(), Some("reason"));
    }

    #[derive(serde::Deserialize, schemars::JsonSchema)]
    #[schemars(extend("anyOf" = [{"properties": {"open": {"const": true}}, "required": ["open"]}]))]
    #[allow(dead_code, reason = "only the schema is read")]
    struct Constrained {
        open: bool,
        title: String,
    }

    #[test]
    fn branches_that_constrain_a_body_do_not_narrow_its_fields() {
        assert_eq!(unknown::<Constrained>(&json!({"open": true, "title": "t"})), None);
    }

    #[test]
    fn free_json_has_no_field_list() {
        assert_eq!(unknown::<serde_json::Value>(&json!({"anything": 1})), None);
    }
}
