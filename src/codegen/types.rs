//! OpenAPI schemas → Rust types. Inline enums become named types (`<Owner><Field>`), which
//! the caller collects and emits beside the models.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;
use openapiv3::{ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty};
use proc_macro2::TokenStream;
use quote::quote;

use super::names::{self, Scope};

/// A forward-compatible string enum to emit.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumDef {
    /// Its Rust name, unique in `models.rs`.
    pub name: String,
    /// The field or parameter it types (`method_type`).
    pub field: String,
    pub values: Vec<String>,
    /// Its doc, as Markdown (input text escaped).
    pub doc: String,
}

/// The type namespace of `models.rs`: every model's Rust name (claimed first, in the specs'
/// sorted order, so a model never loses its name to an enum), the inline enums met while
/// mapping types, the fields that must be boxed to break a recursion, and what could not be
/// expressed (reported by the caller).
#[derive(Debug)]
pub struct TypeSpace {
    scope: Scope,
    /// Component name → Rust type name.
    models: HashMap<String, String>,
    /// The inline enums, by Rust name, in the order met.
    pub defs: IndexMap<String, EnumDef>,
    /// Enum name by values: fields with the same values share one enum.
    by_values: HashMap<Vec<String>, String>,
    /// `(model, property)` pairs held in a `Box`: the property refers by value to a model
    /// of the same cycle (`A → A`, `A → B → A`), which would otherwise have infinite size.
    pub boxed: HashSet<(String, String)>,
    /// Findings for the caller to report: what this generator cannot express.
    pub problems: Vec<Problem>,
}

/// A finding of codegen; its message names the place in the spec (a JSON pointer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub severity: crate::diag::Severity,
    pub message: String,
}

impl TypeSpace {
    /// The type space of a crate whose models are `schemas`.
    pub fn new(schemas: &IndexMap<String, Schema>) -> Self {
        let mut scope = Scope::camel(names::PRELUDE_TYPES);
        let mut models = HashMap::new();
        for name in schemas.keys() {
            let ident = scope.claim(name).to_string();
            models.insert(name.clone(), ident.trim_start_matches("r#").to_string());
        }
        TypeSpace {
            scope,
            models,
            defs: IndexMap::new(),
            by_values: HashMap::new(),
            boxed: super::recursion::boxed_fields(schemas),
            problems: Vec::new(),
        }
    }

    /// Reports something expressed approximately (`--strict` makes it fail).
    pub fn warn(&mut self, message: String) {
        self.problems.push(Problem {
            severity: crate::diag::Severity::Warning,
            message,
        });
    }

    /// Reports something that cannot be generated: the run fails, nothing is written.
    pub fn error(&mut self, message: String) {
        self.problems.push(Problem {
            severity: crate::diag::Severity::Error,
            message,
        });
    }

    /// The Rust name of a model, when the crate defines it.
    pub fn model_name(&self, component: &str) -> Option<&str> {
        self.models.get(component).map(String::as_str)
    }

    /// The enum of `owner` (`Scope::field`) with these values. Fields with the same values
    /// share one enum, named after the first field (`MethodType`) when the name has two
    /// words or more and is free; otherwise after scope and field (`ApiCreateRequestType`).
    fn add(&mut self, owner: &str, values: Vec<String>) -> String {
        let (scope, field) = owner.split_once("::").unwrap_or(("", owner));
        if let Some(name) = self.by_values.get(&values) {
            return name.clone();
        }
        let short = names::camel_text(field);
        let wanted = if field.contains('_') && !self.scope.is_taken(&short) {
            short
        } else {
            format!("{}{short}", names::camel_text(scope))
        };
        let name = self.scope.claim_text(wanted);
        let doc = format!("The values of {}.", crate::markdown::code(field));
        self.by_values.insert(values.clone(), name.clone());
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

    /// The path of a referenced model; a reference to a model the crate does not define
    /// (possible in a hand-written spec) is reported and typed as JSON.
    fn reference(&mut self, reference: &str, models: &TokenStream) -> TokenStream {
        match ref_name(reference).and_then(|n| self.models.get(n)) {
            Some(name) => path_of(name, models),
            None => {
                self.warn(format!(
                    "`$ref: {reference}` names no model of the spec; the value is typed as JSON"
                ));
                quote! { serde_json::Value }
            }
        }
    }
}

/// The model a `$ref` names.
pub fn ref_name(reference: &str) -> Option<&str> {
    reference.strip_prefix("#/components/schemas/")
}

/// The `$ref` of a schema that is only a wrapper around one reference.
pub fn single_ref_path(schema: &Schema) -> Option<&str> {
    match &schema.schema_kind {
        SchemaKind::AllOf { all_of } if all_of.len() == 1 => match &all_of[0] {
            ReferenceOr::Reference { reference } => Some(reference),
            ReferenceOr::Item(s) => single_ref_path(s),
        },
        _ => None,
    }
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

/// Whether a schema maps to `String` (a string that is neither an enum nor a date-time),
/// so setters and constructors can take `impl Into<String>`.
pub fn is_plain_string(schema: &ReferenceOr<Schema>) -> bool {
    match schema {
        ReferenceOr::Item(s) if single_ref_path(s).is_none() => match &s.schema_kind {
            SchemaKind::Type(Type::String(st)) => {
                st.enumeration.is_empty()
                    && !matches!(
                        st.format,
                        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime)
                    )
            }
            _ => false,
        },
        _ => false,
    }
}

/// The Rust type of a schema (nullability is the field's business). `owner` names inline
/// enums; `models` is the path models are reached by (`crate::models` or empty inside it).
pub fn rust_type(
    schema: &ReferenceOr<Schema>,
    owner: &str,
    models: &TokenStream,
    enums: &mut TypeSpace,
) -> TokenStream {
    let schema = match schema {
        ReferenceOr::Reference { reference } => return enums.reference(reference, models),
        ReferenceOr::Item(s) => s,
    };
    if let Some(reference) = single_ref_path(schema) {
        return enums.reference(reference, models);
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
            // A value listed twice would give two variants for one string.
            let mut seen = HashSet::new();
            let values: Vec<String> = s
                .enumeration
                .iter()
                .flatten()
                .filter(|v| seen.insert(v.as_str()))
                .cloned()
                .collect();
            let name = enums.add(owner, values);
            path_of(&name, models)
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
                Some(ReferenceOr::Reference { reference }) => enums.reference(reference, models),
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

/// `name` (a Rust type name of `models.rs`) as reached from where `models` points.
fn path_of(name: &str, models: &TokenStream) -> TokenStream {
    let ident = names::ident(name);
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
