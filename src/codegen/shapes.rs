//! Schema shapes that need work before they are a Rust type: `allOf` merged into one object.

use openapiv3::{ObjectType, ReferenceOr, Schema, SchemaKind, Type};

use super::components::Models;
use crate::openapi::refs::ref_name;

/// How many `$ref`/`allOf` levels a merge follows (a cycle of `allOf`s ends here).
const MAX_MERGE_DEPTH: usize = 16;

/// An `allOf` as one object schema: the properties of every part (a `$ref`, an inline
/// object, or a nested `allOf`), required fields united. The outer schema's data
/// (description, nullable) is kept. A part that is not an object, or two parts that define
/// one property differently, cannot be merged.
pub fn merge_all_of(schema: &Schema, schemas: &Models) -> Result<Schema, String> {
    let mut object = ObjectType::default();
    let mut required = std::collections::HashSet::new();
    merge_into(schema, schemas, &mut object, &mut required, 0)?;
    Ok(Schema {
        schema_data: schema.schema_data.clone(),
        schema_kind: SchemaKind::Type(Type::Object(object)),
    })
}

fn merge_into(
    schema: &Schema,
    schemas: &Models,
    into: &mut ObjectType,
    required: &mut std::collections::HashSet<String>,
    depth: usize,
) -> Result<(), String> {
    if depth > MAX_MERGE_DEPTH {
        return Err("the parts refer to each other in a cycle".into());
    }
    match &schema.schema_kind {
        SchemaKind::AllOf { all_of } => {
            for part in all_of {
                let part = match part {
                    ReferenceOr::Reference { reference } => ref_name(reference)
                        .and_then(|n| schemas.get(n))
                        .ok_or_else(|| format!("`$ref: {reference}` names no model"))?,
                    ReferenceOr::Item(s) => s,
                };
                merge_into(part, schemas, into, required, depth + 1)?;
            }
            Ok(())
        }
        SchemaKind::Type(Type::Object(o)) => {
            for (name, prop) in &o.properties {
                match into.properties.get(name) {
                    Some(existing) if existing != prop => {
                        let both = merge_property(existing, prop)
                            .map_err(|why| format!("property `{name}` {why}"))?;
                        into.properties.insert(name.clone(), both);
                    }
                    Some(_) => {}
                    None => {
                        into.properties.insert(name.clone(), prop.clone());
                    }
                }
            }
            for r in &o.required {
                // United in order, each once (a set: the lists may be long).
                if required.insert(r.clone()) {
                    into.required.push(r.clone());
                }
            }
            if into.additional_properties.is_none() {
                into.additional_properties = o.additional_properties.clone();
            }
            Ok(())
        }
        // A part that only describes (`{description: ...}`, `{nullable: true}`).
        SchemaKind::Any(a) if a.properties.is_empty() && a.typ.is_none() => Ok(()),
        SchemaKind::Any(a) if a.typ.as_deref().is_none_or(|t| t == "object") => {
            for (name, prop) in &a.properties {
                into.properties
                    .entry(name.clone())
                    .or_insert_with(|| prop.clone());
            }
            for r in &a.required {
                // United in order, each once (a set: the lists may be long).
                if required.insert(r.clone()) {
                    into.required.push(r.clone());
                }
            }
            Ok(())
        }
        _ => Err("a part is not an object".into()),
    }
}

/// A property two parts define: a value must satisfy both. Objects and references are one
/// `allOf` of both (merged in turn when typed); two schemas of one scalar type are one,
/// enums intersected and the tighter bounds kept (a narrowed `status` enum in a `oneOf`
/// branch); a part that only describes gives way to the other.
fn merge_property(
    a: &ReferenceOr<Box<Schema>>,
    b: &ReferenceOr<Box<Schema>>,
) -> Result<ReferenceOr<Box<Schema>>, String> {
    let describes = |s: &ReferenceOr<Box<Schema>>| {
        matches!(s, ReferenceOr::Item(s) if matches!(&s.schema_kind, SchemaKind::Any(any) if *any == Default::default()))
    };
    if describes(b) {
        return Ok(a.clone());
    }
    if describes(a) {
        return Ok(b.clone());
    }
    let both = |a: &ReferenceOr<Box<Schema>>, b: &ReferenceOr<Box<Schema>>| {
        let unbox = crate::openapi::refs::unbox;
        ReferenceOr::Item(Box::new(Schema {
            schema_data: Default::default(),
            schema_kind: SchemaKind::AllOf {
                all_of: vec![unbox(a), unbox(b)],
            },
        }))
    };
    let (ReferenceOr::Item(x), ReferenceOr::Item(y)) = (a, b) else {
        return Ok(both(a, b));
    };
    let mut merged = x.clone();
    merged.schema_data.nullable = x.schema_data.nullable && y.schema_data.nullable;
    if merged.schema_data.description.is_none() {
        merged.schema_data.description = y.schema_data.description.clone();
    }
    /// Values both parts allow: an empty list allows all.
    fn meet<T: PartialEq + Clone>(a: &[T], b: &[T]) -> Result<Vec<T>, String> {
        Ok(match (a.is_empty(), b.is_empty()) {
            (true, _) => b.to_vec(),
            (_, true) => a.to_vec(),
            _ => {
                let both: Vec<T> = a.iter().filter(|v| b.contains(v)).cloned().collect();
                if both.is_empty() {
                    return Err("is defined twice with enums that share no value".into());
                }
                both
            }
        })
    }
    let higher = |a: Option<f64>, b: Option<f64>| a.into_iter().chain(b).reduce(f64::max);
    let lower = |a: Option<f64>, b: Option<f64>| a.into_iter().chain(b).reduce(f64::min);
    merged.schema_kind = match (&x.schema_kind, &y.schema_kind) {
        (SchemaKind::Type(Type::Object(_)), SchemaKind::Type(Type::Object(_))) => {
            return Ok(both(a, b))
        }
        (SchemaKind::Type(Type::String(p)), SchemaKind::Type(Type::String(q))) => {
            let mut s = p.clone();
            s.enumeration = meet(&p.enumeration, &q.enumeration)?;
            s.pattern = p.pattern.clone().or_else(|| q.pattern.clone());
            s.min_length = p.min_length.max(q.min_length);
            s.max_length = match (p.max_length, q.max_length) {
                (Some(m), Some(n)) => Some(m.min(n)),
                (m, n) => m.or(n),
            };
            if matches!(s.format, openapiv3::VariantOrUnknownOrEmpty::Empty) {
                s.format = q.format.clone();
            }
            SchemaKind::Type(Type::String(s))
        }
        (SchemaKind::Type(Type::Integer(p)), SchemaKind::Type(Type::Integer(q))) => {
            let mut s = p.clone();
            s.enumeration = meet(&p.enumeration, &q.enumeration)?;
            s.minimum = p.minimum.into_iter().chain(q.minimum).max();
            s.maximum = p.maximum.into_iter().chain(q.maximum).min();
            SchemaKind::Type(Type::Integer(s))
        }
        (SchemaKind::Type(Type::Number(p)), SchemaKind::Type(Type::Number(q))) => {
            let mut s = p.clone();
            s.enumeration = meet(&p.enumeration, &q.enumeration)?;
            s.minimum = higher(p.minimum, q.minimum);
            s.maximum = lower(p.maximum, q.maximum);
            SchemaKind::Type(Type::Number(s))
        }
        (SchemaKind::Type(Type::Boolean(p)), SchemaKind::Type(Type::Boolean(q))) => {
            let mut s = p.clone();
            s.enumeration = meet(&p.enumeration, &q.enumeration)?;
            SchemaKind::Type(Type::Boolean(s))
        }
        (SchemaKind::Type(Type::Array(p)), SchemaKind::Type(Type::Array(q))) => {
            let mut s = p.clone();
            s.items = match (&p.items, &q.items) {
                (Some(i), Some(j)) if i != j => Some(merge_property(i, j)?),
                (i, j) => i.clone().or_else(|| j.clone()),
            };
            SchemaKind::Type(Type::Array(s))
        }
        _ => return Err("is defined twice, as two different types".into()),
    };
    Ok(ReferenceOr::Item(merged))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codegen::components::models;

    fn schemas(yaml: &str) -> indexmap::IndexMap<String, Schema> {
        serde_norway::from_str(yaml).unwrap()
    }

    #[test]
    fn merges_references_inline_parts_and_nested_all_ofs() {
        let s = schemas(
            "Base: {type: object, required: [id], properties: {id: {type: string}}}\n\
             Named: {allOf: [{$ref: '#/components/schemas/Base'}, {type: object, required: [name], properties: {name: {type: string}}}]}\n\
             Pet: {description: a pet, allOf: [{$ref: '#/components/schemas/Named'}, {type: object, properties: {age: {type: integer}}}]}\n",
        );
        let merged = merge_all_of(&s["Pet"], &models(&s)).unwrap();
        let SchemaKind::Type(Type::Object(o)) = &merged.schema_kind else {
            panic!()
        };
        assert_eq!(
            o.properties.keys().collect::<Vec<_>>(),
            ["id", "name", "age"]
        );
        assert_eq!(o.required, ["id", "name"]);
        assert_eq!(merged.schema_data.description.as_deref(), Some("a pet"));
    }

    #[test]
    fn refuses_what_is_not_an_object_or_conflicts() {
        let s = schemas(
            "A: {type: object, properties: {x: {type: string}}}\n\
             B: {type: object, properties: {x: {type: integer}}}\n\
             C: {allOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}]}\n\
             D: {allOf: [{type: string}]}\n\
             E: {allOf: [{$ref: '#/components/schemas/E'}]}\n\
             F: {allOf: [{$ref: '#/components/schemas/Nope'}]}\n",
        );
        for name in ["C", "D", "E", "F"] {
            assert!(merge_all_of(&s[name], &models(&s)).is_err(), "{name}");
        }
    }

    #[test]
    fn a_property_two_parts_define_satisfies_both() {
        let s = schemas(
            "A: {type: object, properties: {status: {type: string, enum: [queued, done], description: d}, n: {type: integer, minimum: 0}}}\n\
             B: {type: object, properties: {status: {type: string, enum: [done]}, n: {type: integer, minimum: 2, maximum: 9}}}\n\
             C: {allOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/B'}]}\n\
             D: {type: object, properties: {status: {type: string, enum: [other]}}}\n\
             E: {allOf: [{$ref: '#/components/schemas/A'}, {$ref: '#/components/schemas/D'}]}\n",
        );
        let merged = merge_all_of(&s["C"], &models(&s)).unwrap();
        let SchemaKind::Type(Type::Object(o)) = &merged.schema_kind else {
            panic!()
        };
        let json = serde_json::to_value(&o.properties).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "status": {"type": "string", "enum": ["done"], "description": "d"},
                "n": {"type": "integer", "minimum": 2, "maximum": 9}
            })
        );
        assert!(merge_all_of(&s["E"], &models(&s))
            .unwrap_err()
            .contains("enums that share no value"));
    }
}
