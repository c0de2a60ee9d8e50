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
            let (min, max) = int_bounds(i);
            parts.extend(bounds(
                min.map(|n| n.to_string()),
                max.map(|n| n.to_string()),
                "",
            ));
        }
        SchemaKind::Type(Type::Number(n)) => {
            // An exclusive bound is said as such ("greater than 0").
            let min = n.minimum.map(|m| m.to_string());
            let max = n.maximum.map(|m| m.to_string());
            match (n.exclusive_minimum, n.exclusive_maximum) {
                (false, false) => parts.extend(bounds(min, max, "")),
                (lo, hi) => {
                    let word = |open: bool, strict: &str, loose: &str| {
                        if open {
                            strict.to_string()
                        } else {
                            loose.to_string()
                        }
                    };
                    let mut said = Vec::new();
                    if let Some(m) = min {
                        said.push(format!("{} {m}", word(lo, "greater than", "at least")));
                    }
                    if let Some(m) = max {
                        said.push(format!("{} {m}", word(hi, "less than", "at most")));
                    }
                    if !said.is_empty() {
                        parts.push(said.join(" and "));
                    }
                }
            }
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
            // The text regex-lite reads; a pattern that cannot be used checks nothing (the
            // spec's audit or the extractor reported it).
            if let Some(client) = s
                .pattern
                .as_ref()
                .and_then(|p| crate::pattern::client_form(p).ok())
            {
                let name = statics.pattern(key, &client);
                out.extend(quote! { #name.check(#at, #value)?; });
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
            let (min, max) = int_bounds(i);
            let (min, max) = (bound(min), bound(max));
            quote! { crate::runtime::validate::range(#at, *#value, #min, #max)?; }
        }
        (Ty::F64, SchemaKind::Type(Type::Number(n)))
            if n.minimum.is_some() || n.maximum.is_some() =>
        {
            let (min, max) = num_bounds(n);
            let (min, max) = (opt_f64(min), opt_f64(max));
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

/// The statics of one module (compiled patterns), each with a name of its own; a pattern
/// several values share is one static.
#[derive(Debug)]
pub struct Statics {
    scope: Scope,
    pub items: Vec<TokenStream>,
    by_pattern: std::collections::HashMap<String, proc_macro2::Ident>,
}

impl Default for Statics {
    fn default() -> Self {
        Statics {
            scope: Scope::snake(&["API_VERSION"]),
            items: Vec::new(),
            by_pattern: std::collections::HashMap::new(),
        }
    }
}

impl Statics {
    /// The static holding `pattern` (as regex-lite reads it, [`crate::pattern::client_form`])
    /// compiled: named after the first value that checks it (`PATTERN_API_NAME`), defined once.
    fn pattern(&mut self, key: &str, pattern: &str) -> proc_macro2::Ident {
        if let Some(name) = self.by_pattern.get(pattern) {
            return name.clone();
        }
        let name = names::ident(
            &self
                .scope
                .claim_text(format!("PATTERN_{}", names::upper_text(key))),
        );
        self.items.push(quote! {
            static #name: crate::runtime::validate::Pattern = crate::runtime::validate::Pattern::new(#pattern);
        });
        self.by_pattern.insert(pattern.to_string(), name.clone());
        name
    }
}

/// An integer's inclusive bounds (an exclusive one is the next integer inside; specs read by
/// scpgen have them so already, see [`crate::openapi::audit`]).
fn int_bounds(i: &openapiv3::IntegerType) -> (Option<i64>, Option<i64>) {
    let min = match (i.minimum, i.exclusive_minimum) {
        (Some(m), true) => m.checked_add(1),
        (m, _) => m,
    };
    let max = match (i.maximum, i.exclusive_maximum) {
        (Some(m), true) => m.checked_sub(1),
        (m, _) => m,
    };
    (min, max)
}

/// A number's inclusive bounds for the runtime's range check: an exclusive bound is the
/// nearest `f64` inside it, which is exact for `f64` values (`x > 5` is `x >= 5 + ulp`).
fn num_bounds(n: &openapiv3::NumberType) -> (Option<f64>, Option<f64>) {
    let min = n
        .minimum
        .map(|m| if n.exclusive_minimum { next_up(m) } else { m });
    let max = n
        .maximum
        .map(|m| if n.exclusive_maximum { -next_up(-m) } else { m });
    (min, max)
}

/// The least `f64` above `x` (`f64::next_up`, which needs Rust 1.86).
fn next_up(x: f64) -> f64 {
    if x.is_nan() || x == f64::INFINITY {
        return x;
    }
    if x == 0.0 {
        return f64::from_bits(1);
    }
    let bits = x.to_bits();
    f64::from_bits(if x > 0.0 { bits + 1 } else { bits - 1 })
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

/// `Some(1.5f64)`: written the shortest way that reads back as the same `f64` (`5e-324f64`,
/// not its 300-digit expansion).
fn opt_f64(v: Option<f64>) -> TokenStream {
    match v {
        Some(n) if n.is_finite() => {
            let literal: proc_macro2::Literal = format!("{n:?}f64")
                .parse()
                .unwrap_or_else(|_| proc_macro2::Literal::f64_suffixed(n));
            quote! { Some(#literal) }
        }
        _ => quote! { None },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema(yaml: &str) -> ReferenceOr<Schema> {
        ReferenceOr::Item(serde_norway::from_str(yaml).unwrap())
    }

    #[test]
    fn exclusive_bounds_are_checked_and_said_as_exclusive() {
        let s = schema("{type: number, minimum: 0, exclusiveMinimum: true, maximum: 1}");
        assert_eq!(
            constraints_doc(&s).unwrap(),
            "Constraints, checked before a request is sent: greater than 0 and at most 1."
        );
        let mut statics = Statics::default();
        let check = value_checks(
            &s,
            &Ty::F64,
            &quote! { v },
            &quote! { "x" },
            "x",
            &mut statics,
        )
        .to_string();
        // The least f64 above 0, as a literal.
        assert!(check.contains("Some (5e-324f64)"), "{check}");
        let s = schema("{type: integer, minimum: 5, exclusiveMinimum: true, maximum: 9, exclusiveMaximum: true}");
        assert_eq!(
            constraints_doc(&s).unwrap(),
            "Constraints, checked before a request is sent: 6 to 8."
        );
        assert_eq!(next_up(1.0), 1.0000000000000002);
        assert_eq!(-next_up(-1.0), 0.9999999999999999);
        assert_eq!(next_up(-5e-324), -0.0);
    }
}
