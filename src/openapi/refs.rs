//! References between schemas in the `openapiv3` model: what a `$ref` names, a schema that
//! only wraps one, a property's schema out of its box. Codegen, the changelog and the spec
//! audit all look at schemas through these.

use openapiv3::{ReferenceOr, Schema, SchemaKind};

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

/// Unboxes a property schema.
pub fn unbox(schema: &ReferenceOr<Box<Schema>>) -> ReferenceOr<Schema> {
    match schema {
        ReferenceOr::Item(s) => ReferenceOr::Item((**s).clone()),
        ReferenceOr::Reference { reference } => ReferenceOr::Reference {
            reference: reference.clone(),
        },
    }
}
