//! Sample request values for an operation, from the spec alone: the documented examples
//! first, then defaults and enum values, then the simplest value of the type. The generated
//! end-to-end tests call every operation with them against a mock server that validates
//! requests against the spec.

use openapiv3::{
    OpenAPI, ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde_json::{json, Map, Value};

use super::types;
use proc_macro2::TokenStream;
use quote::quote;

/// How deep a sample nests before it stops (self-referencing models).
const MAX_DEPTH: usize = 8;

/// A sample for a schema.
pub fn sample(schema: &ReferenceOr<Schema>, spec: &OpenAPI) -> Value {
    value(schema, spec, 0)
}

fn resolve<'a>(schema: &'a ReferenceOr<Schema>, spec: &'a OpenAPI) -> Option<&'a Schema> {
    match schema {
        ReferenceOr::Item(s) => Some(s),
        ReferenceOr::Reference { reference } => {
            let name = types::ref_name(reference)?;
            match spec.components.as_ref()?.schemas.get(name)? {
                ReferenceOr::Item(s) => Some(s),
                ReferenceOr::Reference { .. } => None,
            }
        }
    }
}

fn value(schema: &ReferenceOr<Schema>, spec: &OpenAPI, depth: usize) -> Value {
    let Some(s) = resolve(schema, spec) else {
        return Value::Null;
    };
    if let Some(e) = s
        .schema_data
        .example
        .clone()
        .or_else(|| s.schema_data.default.clone())
    {
        return e;
    }
    if depth > MAX_DEPTH {
        return Value::Null;
    }
    if let Some(name) = types::single_ref(s) {
        let r = ReferenceOr::ref_(&format!("#/components/schemas/{name}"));
        return value(&r, spec, depth + 1);
    }
    match &s.schema_kind {
        SchemaKind::Type(Type::String(t)) => {
            if let Some(Some(first)) = t.enumeration.first() {
                return json!(first);
            }
            match &t.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => {
                    json!("2024-05-17T00:23:17Z")
                }
                VariantOrUnknownOrEmpty::Item(StringFormat::Date) => json!("2024-05-17"),
                VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid" => {
                    json!("9a7c3e51-2b4d-4f6a-8c1e-5d3b7a9f2e40")
                }
                _ => {
                    let min = t.min_length.unwrap_or(0).max(6);
                    json!("sample"
                        .repeat(min.div_ceil(6))
                        .chars()
                        .take(t.max_length.unwrap_or(usize::MAX).max(min))
                        .collect::<String>())
                }
            }
        }
        SchemaKind::Type(Type::Integer(i)) => {
            let v = i.minimum.unwrap_or(1);
            json!(i.maximum.map_or(v, |m| v.min(m)))
        }
        SchemaKind::Type(Type::Number(n)) => json!(n.minimum.unwrap_or(1.0)),
        SchemaKind::Type(Type::Boolean(_)) => json!(true),
        SchemaKind::Type(Type::Array(a)) => match &a.items {
            Some(items) => json!([value(&types::unbox(items), spec, depth + 1)]),
            None => json!([]),
        },
        SchemaKind::Type(Type::Object(o)) => {
            let mut map = Map::new();
            for name in &o.required {
                if let Some(prop) = o.properties.get(name) {
                    map.insert(name.clone(), value(&types::unbox(prop), spec, depth + 1));
                }
            }
            Value::Object(map)
        }
        _ => json!({}),
    }
}
/// A sample argument: a string literal for `impl Into<String>`, else the JSON read into the
/// parameter's type.
pub fn sample_arg(value: &serde_json::Value, is_string: bool) -> TokenStream {
    match (value, is_string) {
        (serde_json::Value::String(s), true) => quote! { #s },
        (other, true) => {
            let s = other.to_string();
            quote! { #s }
        }
        (other, false) => {
            let text = other.to_string();
            quote! { serde_json::from_str(#text).expect("a sample that reads as the parameter's type") }
        }
    }
}
