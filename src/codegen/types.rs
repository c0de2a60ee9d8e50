//! OpenAPI schemas → Rust types. Inline enums become named types (`<Owner><Field>`), which
//! the caller collects and emits beside the models.

use indexmap::IndexMap;
use openapiv3::{ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};
use proc_macro2::TokenStream;
use quote::quote;

use super::names;

/// A forward-compatible string enum to emit.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    pub name: String,
    /// The field or parameter it types (`method_type`).
    pub field: String,
    pub values: Vec<String>,
    pub doc: Option<String>,
}

/// The named inline enums met while mapping types, by name.
#[derive(Debug, Default)]
pub struct Enums {
    pub defs: IndexMap<String, EnumDef>,
    /// Names already taken by models.
    pub reserved: std::collections::HashSet<String>,
}

impl Enums {
    /// The enum of `owner` (`Scope::field`) with these values. Fields with the same values
    /// share one enum, named after the first field (`MethodType`) when the name has two
    /// words or more and is free; otherwise after scope and field (`ApiCreateRequestType`).
    fn add(&mut self, owner: &str, values: Vec<String>) -> String {
        let (scope, field) = owner.split_once("::").unwrap_or(("", owner));
        if let Some(def) = self.defs.values().find(|d| d.values == values) {
            return def.name.clone();
        }
        let short = names::camel(field).to_string();
        let scoped = format!("{}{short}", names::camel(scope));
        let free = |n: &String| !self.defs.contains_key(n) && !self.reserved.contains(n);
        let base = if field.contains('_') && free(&short) {
            short
        } else {
            scoped
        };
        let mut name = base.clone();
        let mut n = 2;
        while !free(&name) {
            name = format!("{base}{n}");
            n += 1;
        }
        let doc = Some(format!("The values of `{field}`."));
        self.defs.insert(
            name.clone(),
            EnumDef {
                name: name.clone(),
                field: field.to_string(),
                values,
                doc,
            },
        );
        name
    }
}

/// The model a `$ref` names.
pub fn ref_name(reference: &str) -> Option<&str> {
    reference.strip_prefix("#/components/schemas/")
}

/// A schema that is only a wrapper around one `$ref` (`allOf: [$ref]`, for nullable or
/// described references) → the model name.
pub fn single_ref(schema: &Schema) -> Option<&str> {
    match &schema.schema_kind {
        SchemaKind::AllOf { all_of } if all_of.len() == 1 => match &all_of[0] {
            ReferenceOr::Reference { reference } => ref_name(reference),
            ReferenceOr::Item(s) => single_ref(s),
        },
        _ => None,
    }
}

/// The Rust type of a schema (nullability is the field's business). `owner` names inline
/// enums; `models` is the path models are reached by (`crate::models` or empty inside it).
pub fn rust_type(
    schema: &ReferenceOr<Schema>,
    owner: &str,
    models: &TokenStream,
    enums: &mut Enums,
) -> TokenStream {
    let schema = match schema {
        ReferenceOr::Reference { reference } => {
            return model_path(ref_name(reference).unwrap_or("Unknown"), models)
        }
        ReferenceOr::Item(s) => s,
    };
    if let Some(name) = single_ref(schema) {
        return model_path(name, models);
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
            let values: Vec<String> = s.enumeration.iter().flatten().cloned().collect();
            let name = enums.add(owner, values);
            model_path(&name, models)
        }
        SchemaKind::Type(Type::String(s)) => match &s.format {
            VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => quote! { crate::Timestamp },
            _ => quote! { String },
        },
        SchemaKind::Type(Type::Integer(i)) => match &i.format {
            VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => quote! { i32 },
            _ => quote! { i64 },
        },
        SchemaKind::Type(Type::Number(_)) => quote! { f64 },
        SchemaKind::Type(Type::Boolean(_)) => quote! { bool },
        SchemaKind::Type(Type::Array(a)) => {
            let item = match &a.items {
                Some(ReferenceOr::Item(b)) => rust_type(
                    &ReferenceOr::Item((**b).clone()),
                    &format!("{owner}Item"),
                    models,
                    enums,
                ),
                Some(ReferenceOr::Reference { reference }) => {
                    model_path(ref_name(reference).unwrap_or("Unknown"), models)
                }
                None => quote! { serde_json::Value },
            };
            let item = if is_nullable_item(a.items.as_ref()) {
                quote! { Option<#item> }
            } else {
                item
            };
            quote! { Vec<#item> }
        }
        SchemaKind::Type(Type::Object(o)) => match &o.additional_properties {
            Some(openapiv3::AdditionalProperties::Schema(inner)) => {
                let value = rust_type(inner, &format!("{owner}Value"), models, enums);
                quote! { std::collections::BTreeMap<String, #value> }
            }
            _ => quote! { serde_json::Map<String, serde_json::Value> },
        },
        _ => quote! { serde_json::Value },
    }
}

fn is_nullable_item(items: Option<&ReferenceOr<Box<Schema>>>) -> bool {
    matches!(items, Some(ReferenceOr::Item(s)) if s.schema_data.nullable)
}

fn model_path(name: &str, models: &TokenStream) -> TokenStream {
    let ident = names::camel(name);
    if models.is_empty() {
        quote! { #ident }
    } else {
        quote! { #models::#ident }
    }
}

/// Whether a schema (or the model wrapper around a reference) says `nullable`.
pub fn nullable(schema: &ReferenceOr<Schema>) -> bool {
    matches!(schema, ReferenceOr::Item(s) if s.schema_data.nullable)
}

/// The description of a schema, when it has one.
pub fn description(schema: &ReferenceOr<Schema>) -> Option<&str> {
    match schema {
        ReferenceOr::Item(s) => s.schema_data.description.as_deref(),
        ReferenceOr::Reference { .. } => None,
    }
}

/// Unboxes a property schema.
pub fn unbox(schema: &ReferenceOr<Box<Schema>>) -> ReferenceOr<Schema> {
    match schema {
        ReferenceOr::Item(s) => ReferenceOr::Item((**s).clone()),
        ReferenceOr::Reference { reference } => ReferenceOr::Reference {
            reference: reference.clone(),
        },
    }
}
