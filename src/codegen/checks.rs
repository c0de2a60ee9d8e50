//! Client-side validation: the checks `validate()` and `send()` run before anything is sent
//! (lengths, patterns, ranges; named types validate themselves), the statics that hold the
//! compiled patterns, and the doc sentence that tells the user what is checked.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};
use proc_macro2::TokenStream;
use quote::quote;

use super::ir::Ty;
use super::names::{self, Scope};
use super::types;
use crate::markdown as md;

/// What the client checks of a value before sending, as a doc sentence (Markdown), when the
/// schema documents any constraint: lengths, a pattern, a range, the allowed values.
pub fn constraints_doc(schema: &ReferenceOr<Schema>) -> Option<String> {
    let ReferenceOr::Item(s) = schema else {
        return None;
    };
    let mut parts = Vec::new();
    let bounds = |min: Option<String>, max: Option<String>, unit: &str| match (min, max) {
        (Some(a), Some(b)) => Some(format!("{a} to {b}{unit}")),
        (Some(a), None) => Some(format!("at least {a}{unit}")),
        (None, Some(b)) => Some(format!("at most {b}{unit}")),
        (None, None) => None,
    };
    match &s.schema_kind {
        SchemaKind::Type(Type::String(st)) => {
            if !st.enumeration.is_empty() {
                let values: Vec<String> = st
                    .enumeration
                    .iter()
                    .flatten()
                    .map(|v| md::code(v))
                    .collect();
                parts.push(format!("one of {}", values.join(", ")));
            }
            parts.extend(bounds(
                st.min_length.map(|n| n.to_string()),
                st.max_length.map(|n| n.to_string()),
                " characters",
            ));
            if let Some(p) = st
                .pattern
                .as_ref()
                .filter(|p| crate::pattern::check(p).is_ok())
            {
                parts.push(format!("matches {}", md::code(p)));
            }
        }
        SchemaKind::Type(Type::Integer(i)) => {
            parts.extend(bounds(
                i.minimum.map(|n| n.to_string()),
                i.maximum.map(|n| n.to_string()),
                "",
            ));
        }
        SchemaKind::Type(Type::Number(n)) => {
            parts.extend(bounds(
                n.minimum.map(|n| n.to_string()),
                n.maximum.map(|n| n.to_string()),
                "",
            ));
        }
        _ => {}
    }
    (!parts.is_empty()).then(|| {
        format!(
            "Constraints, checked before a request is sent: {}.",
            parts.join("; ")
        )
    })
}

/// Checks of one value (`value` is a `&T` expression of type `ty`, `at` a `&str`
/// expression): documented lengths, patterns and ranges inline; named types (models,
/// enums, unions) validate themselves; lists and maps check each item.
pub fn value_checks(
    schema: &ReferenceOr<Schema>,
    ty: &Ty,
    value: &TokenStream,
    at: &TokenStream,
    key: &str,
    statics: &mut Statics,
) -> TokenStream {
    let validate = quote! { crate::runtime::validate::Validate::validate(#value, #at)?; };
    let schema = match (ty, schema) {
        (Ty::Named(_), _) => return validate,
        (_, ReferenceOr::Reference { .. }) => return TokenStream::new(),
        (_, ReferenceOr::Item(s)) => s,
    };
    match (ty, &schema.schema_kind) {
        (Ty::String, SchemaKind::Type(Type::String(s))) => {
            let mut out = TokenStream::new();
            if s.min_length.is_some() || s.max_length.is_some() {
                let min = opt_usize(s.min_length);
                let max = opt_usize(s.max_length);
                out.extend(quote! { crate::runtime::validate::length(#at, #value, #min, #max)?; });
            }
            if let Some(p) = s
                .pattern
                .as_ref()
                .filter(|p| crate::pattern::check(p).is_ok())
            {
                let name = statics.name(key);
                statics.items.push(quote! {
                    static #name: std::sync::LazyLock<Option<regex::Regex>> = std::sync::LazyLock::new(|| regex::Regex::new(#p).ok());
                });
                out.extend(quote! {
                    if let Some(re) = #name.as_ref() {
                        crate::runtime::validate::pattern(#at, #value, re)?;
                    }
                });
            }
            out
        }
        (Ty::I64 | Ty::I32, SchemaKind::Type(Type::Integer(i)))
            if i.minimum.is_some() || i.maximum.is_some() =>
        {
            // The bounds in the field's own integer type (an int32 field with an i64 bound
            // would not compile; a bound out of its range is no bound).
            let bound = |b: Option<i64>| match (ty, b) {
                (Ty::I32, Some(n)) => match i32::try_from(n) {
                    Ok(n) => quote! { Some(#n) },
                    Err(_) => quote! { None },
                },
                (_, b) => opt_i64(b),
            };
            let (min, max) = (bound(i.minimum), bound(i.maximum));
            quote! { crate::runtime::validate::range(#at, *#value, #min, #max)?; }
        }
        (Ty::F64, SchemaKind::Type(Type::Number(n)))
            if n.minimum.is_some() || n.maximum.is_some() =>
        {
            let min = opt_f64(n.minimum);
            let max = opt_f64(n.maximum);
            quote! { crate::runtime::validate::range(#at, *#value, #min, #max)?; }
        }
        (Ty::List(item_ty), SchemaKind::Type(Type::Array(a))) => {
            let Some(items) = &a.items else {
                return TokenStream::new();
            };
            let (item_ty, nullable_item) = match &**item_ty {
                Ty::Nullable(inner) => (&**inner, true),
                other => (other, false),
            };
            let item = quote! { item };
            let inner = value_checks(
                &types::unbox(items),
                item_ty,
                &item,
                &quote! { &at },
                &format!("{key}_item"),
                statics,
            );
            if inner.is_empty() {
                return inner;
            }
            let bind = if nullable_item {
                quote! { let Some(item) = item else { continue; }; }
            } else {
                quote! {}
            };
            quote! {
                for (i, item) in #value.iter().enumerate() {
                    #bind
                    let at = format!("{}[{}]", #at, i);
                    #inner
                }
            }
        }
        (Ty::Map(value_ty), SchemaKind::Type(Type::Object(o))) => match &o.additional_properties {
            Some(openapiv3::AdditionalProperties::Schema(inner)) => {
                let (value_ty, nullable_value) = match &**value_ty {
                    Ty::Nullable(t) => (&**t, true),
                    other => (other, false),
                };
                let item = quote! { item };
                let inner = value_checks(
                    inner,
                    value_ty,
                    &item,
                    &quote! { &at },
                    &format!("{key}_value"),
                    statics,
                );
                if inner.is_empty() {
                    return inner;
                }
                let bind = if nullable_value {
                    quote! { let Some(item) = item else { continue; }; }
                } else {
                    quote! {}
                };
                quote! {
                    for (k, item) in #value.iter() {
                        #bind
                        let at = format!("{}.{}", #at, k);
                        #inner
                    }
                }
            }
            _ => TokenStream::new(),
        },
        _ => TokenStream::new(),
    }
}

/// The statics of one module (compiled patterns), each with a name of its own.
#[derive(Debug)]
pub struct Statics {
    scope: Scope,
    pub items: Vec<TokenStream>,
}

impl Default for Statics {
    fn default() -> Self {
        Statics {
            scope: Scope::snake(&["API_VERSION"]),
            items: Vec::new(),
        }
    }
}

impl Statics {
    /// A free name for the pattern of `key` (`PATTERN_API_NAME`).
    fn name(&mut self, key: &str) -> proc_macro2::Ident {
        names::ident(
            &self
                .scope
                .claim_text(format!("PATTERN_{}", names::upper_text(key))),
        )
    }
}

fn opt_usize(v: Option<usize>) -> TokenStream {
    match v {
        Some(n) => quote! { Some(#n) },
        None => quote! { None },
    }
}

fn opt_i64(v: Option<i64>) -> TokenStream {
    match v {
        Some(n) => quote! { Some(#n) },
        None => quote! { None },
    }
}

fn opt_f64(v: Option<f64>) -> TokenStream {
    match v {
        Some(n) => quote! { Some(#n) },
        None => quote! { None },
    }
}
