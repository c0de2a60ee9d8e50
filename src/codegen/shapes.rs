//! Schema shapes that need work before they are a Rust type: `allOf` merged into one object.

use indexmap::IndexMap;
use openapiv3::{ObjectType, ReferenceOr, Schema, SchemaKind, Type};

use crate::openapi::refs::ref_name;

/// How many `$ref`/`allOf` levels a merge follows (a cycle of `allOf`s ends here).
const MAX_MERGE_DEPTH: usize = 16;

/// An `allOf` as one object schema: the properties of every part (a `$ref`, an inline
/// object, or a nested `allOf`), required fields united. The outer schema's data
/// (description, nullable) is kept. A part that is not an object, or two parts that define
/// one property differently, cannot be merged.
pub fn merge_all_of(schema: &Schema, schemas: &IndexMap<String, Schema>) -> Result<Schema, String> {
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
    schemas: &IndexMap<String, Schema>,
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
                        return Err(format!("property `{name}` is defined twice, differently"))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn schemas(yaml: &str) -> IndexMap<String, Schema> {
        serde_norway::from_str(yaml).unwrap()
    }

    #[test]
    fn merges_references_inline_parts_and_nested_all_ofs() {
        let s = schemas(
            "Base: {type: object, required: [id], properties: {id: {type: string}}}\n\
             Named: {allOf: [{$ref: '#/components/schemas/Base'}, {type: object, required: [name], properties: {name: {type: string}}}]}\n\
             Pet: {description: a pet, allOf: [{$ref: '#/components/schemas/Named'}, {type: object, properties: {age: {type: integer}}}]}\n",
        );
        let merged = merge_all_of(&s["Pet"], &s).unwrap();
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
            assert!(merge_all_of(&s[name], &s).is_err(), "{name}");
        }
    }
}
