//! Component schemas → `models.rs`: one struct per object model, one forward-compatible enum
//! per string enum, each with client-side validation of its documented constraints.

use indexmap::IndexMap;
use openapiv3::{ObjectType, ReferenceOr, Schema, SchemaKind, Type};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::format::{doc, doc_raw};
use super::names;
use super::names::Scope;
use super::types::{self, EnumDef, TypeSpace};
use crate::markdown as md;

/// How a field is held, from its required flag and nullability.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    /// `T`
    Required,
    /// `Option<T>`, `null` when unset.
    RequiredNullable,
    /// `Option<T>`, omitted when unset.
    Optional,
    /// `Option<Option<T>>`: omitted, `null`, or a value.
    OptionalNullable,
}

impl Presence {
    pub fn of(required: bool, nullable: bool) -> Self {
        match (required, nullable) {
            (true, false) => Presence::Required,
            (true, true) => Presence::RequiredNullable,
            (false, false) => Presence::Optional,
            (false, true) => Presence::OptionalNullable,
        }
    }
}

/// The `models.rs` file of a crate: `schemas` in order, plus the enums met on the way
/// (those of the operations' parameters included).
pub fn models_file(schemas: &IndexMap<String, Schema>, enums: &mut TypeSpace) -> TokenStream {
    let mut items = Vec::new();
    let mut statics = Statics::default();
    let here = TokenStream::new();
    let aliases = super::recursion::recursive_aliases(schemas);
    for (name, schema) in schemas {
        if aliases.contains(name) {
            enums.warn(format!("#/components/schemas/{}: model {name} is an alias of itself (through other aliases); it is typed as JSON", super::params::pointer_segment(name)));
            let ident = names::ident(enums.model_name(name).unwrap_or("Unknown"));
            let d = doc_raw(&format!(
                "The {} model (an alias of itself, kept as JSON).",
                md::code(name)
            ));
            items.push(quote! { #d pub type #ident = serde_json::Value; });
            continue;
        }
        items.push(model(name, schema, &here, enums, &mut statics));
    }
    let enum_items: Vec<TokenStream> = enums.defs.values().map(enum_item).collect();
    let statics = &statics.items;
    quote! {
        //! The models of every API version of the service. A model used by several versions
        //! is defined once.
        #(#statics)*
        #(#items)*
        #(#enum_items)*
    }
}

fn model(
    name: &str,
    schema: &Schema,
    here: &TokenStream,
    enums: &mut TypeSpace,
    statics: &mut Statics,
) -> TokenStream {
    let ident = names::ident(enums.model_name(name).unwrap_or("Unknown"));
    let model_doc = match schema
        .schema_data
        .description
        .as_deref()
        .filter(|d| !d.trim().is_empty())
    {
        Some(d) => doc(Some(d)),
        None => doc_raw(&format!("The {} model.", md::code(name))),
    };
    let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind else {
        // A model that is not an object (never seen on SCP pages): an alias of its type.
        let ty = types::rust_type(&ReferenceOr::Item(schema.clone()), name, here, enums);
        return quote! { #model_doc pub type #ident = #ty; };
    };
    let mut fields = Vec::new();
    let mut ctor_params = Vec::new();
    let mut ctor_inits = Vec::new();
    let mut setters = Vec::new();
    let mut checks = Vec::new();
    let idents = field_idents(object);
    for (field_name, prop) in &object.properties {
        let prop = types::unbox(prop);
        let f = idents[field_name].clone();
        let owner = format!("{name}::{field_name}");
        let ty = types::rust_type(&prop, &owner, here, enums);
        // A property that holds a model of its own cycle by value is boxed (see recursion).
        let boxed = enums
            .boxed
            .contains(&(name.to_string(), field_name.to_string()));
        let (ty, unboxed) = if boxed {
            (quote! { Box<#ty> }, ty)
        } else {
            (ty.clone(), ty)
        };
        let presence = Presence::of(object.required.contains(field_name), types::nullable(&prop));
        let rename = (f.to_string().trim_start_matches("r#") != field_name)
            .then(|| quote! { #[serde(rename = #field_name)] });
        let field_doc = doc_raw(
            &field_doc_text(&prop).unwrap_or_else(|| fallback_doc(field_name, &prop, enums)),
        );
        let (field_ty, serde_attr) = match presence {
            Presence::Required => (quote! { #ty }, quote! {}),
            Presence::RequiredNullable => (quote! { Option<#ty> }, quote! { #[serde(default)] }),
            Presence::Optional => (
                quote! { Option<#ty> },
                quote! { #[serde(default, skip_serializing_if = "Option::is_none")] },
            ),
            Presence::OptionalNullable => (
                quote! { Option<Option<#ty>> },
                quote! { #[serde(default, skip_serializing_if = "Option::is_none", with = "crate::runtime::serde_util::double_option")] },
            ),
        };
        fields.push(quote! { #field_doc #rename #serde_attr pub #f: #field_ty, });
        let is_string = types::is_plain_string(&prop);
        match presence {
            Presence::Required if is_string => {
                ctor_params.push(quote! { #f: impl Into<String> });
                ctor_inits.push(quote! { #f: #f.into() });
            }
            Presence::Required if boxed => {
                ctor_params.push(quote! { #f: #unboxed });
                ctor_inits.push(quote! { #f: Box::new(#f) });
            }
            Presence::Required => {
                ctor_params.push(quote! { #f: #ty });
                ctor_inits.push(quote! { #f });
            }
            _ => {
                ctor_inits.push(quote! { #f: None });
                let setter = format_ident!("with_{}", f.to_string().trim_start_matches("r#"));
                let setter_doc = format!(" Sets {}.", md::code(field_name));
                let (arg, value) = if is_string {
                    (quote! { impl Into<String> }, quote! { value.into() })
                } else if boxed {
                    (quote! { #unboxed }, quote! { Box::new(value) })
                } else {
                    (quote! { #ty }, quote! { value })
                };
                let wrapped = if presence == Presence::OptionalNullable {
                    quote! { Some(Some(#value)) }
                } else {
                    quote! { Some(#value) }
                };
                setters.push(quote! {
                    #[doc = #setter_doc]
                    pub fn #setter(mut self, value: #arg) -> Self {
                        self.#f = #wrapped;
                        self
                    }
                });
            }
        }
        let value = quote! { v };
        let check = value_checks(
            &prop,
            &value,
            &quote! { &at },
            &format!("{name}_{field_name}"),
            statics,
        );
        if !check.is_empty() {
            let bind = match presence {
                Presence::Required => quote! { let v = &self.#f; },
                Presence::RequiredNullable | Presence::Optional => {
                    quote! { let Some(v) = &self.#f else { break 'field; }; }
                }
                Presence::OptionalNullable => {
                    quote! { let Some(Some(v)) = &self.#f else { break 'field; }; }
                }
            };
            let label = (presence != Presence::Required).then(|| quote! { 'field: });
            checks.push(quote! {
                #label {
                    #bind
                    let at = format!("{}.{}", at, #field_name);
                    #check
                }
            });
        }
    }
    let at_param = if checks.is_empty() {
        quote! { _at }
    } else {
        quote! { at }
    };
    let validate_doc = format!(
        " Checks the documented constraints of {} and of the models it holds.",
        md::code(name)
    );
    // Constructors take every required field; a long list is the model's, not a smell.
    let default = ctor_params.is_empty().then(|| quote! { Default, });
    let many = (ctor_params.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    quote! {
        #model_doc
        #[derive(Debug, Clone, PartialEq, #default serde::Serialize, serde::Deserialize)]
        pub struct #ident {
            #(#fields)*
        }

        impl #ident {
            /// Creates the model from its required fields; the others start unset.
            #many
            pub fn new(#(#ctor_params),*) -> Self {
                #ident { #(#ctor_inits),* }
            }
            #(#setters)*
        }

        impl crate::runtime::validate::Validate for #ident {
            #[doc = #validate_doc]
            fn validate(&self, #at_param: &str) -> Result<(), crate::Error> {
                #(#checks)*
                Ok(())
            }
        }
    }
}

/// The Rust field of each property of a model, in one struct scope: `fooBar`, `foo_bar` and
/// `foo-bar` get fields of their own (each renamed to its JSON name by serde).
pub fn field_idents(object: &ObjectType) -> IndexMap<String, proc_macro2::Ident> {
    // A property already in snake_case keeps its name: it is claimed first.
    let mut scope = Scope::snake(&[]);
    let exact = |k: &String| names::snake_text(k) == *k;
    let mut named: std::collections::HashMap<&String, proc_macro2::Ident> = object
        .properties
        .keys()
        .filter(|k| exact(k))
        .map(|k| (k, scope.claim(k)))
        .collect();
    for k in object.properties.keys().filter(|k| !exact(k)) {
        named.insert(k, scope.claim(k));
    }
    object
        .properties
        .keys()
        .map(|k| (k.clone(), named[k].clone()))
        .collect()
}

/// The doc of a field the docs do not describe: what it holds, linked by the model's Rust
/// name (an identifier, so the link cannot break out).
fn fallback_doc(name: &str, schema: &ReferenceOr<Schema>, space: &TypeSpace) -> String {
    let link = |r: &str| {
        types::ref_name(r)
            .and_then(|m| space.model_name(m))
            .map(|m| format!("[`{m}`]"))
    };
    let what = match schema {
        ReferenceOr::Reference { reference } => link(reference).map(|l| format!("a {l}")),
        ReferenceOr::Item(s) => match (&s.schema_kind, types::single_ref_path(s)) {
            (_, Some(r)) => link(r).map(|l| format!("a {l}")),
            (SchemaKind::Type(Type::Array(a)), _) => match &a.items {
                Some(ReferenceOr::Reference { reference }) => {
                    link(reference).map(|l| format!("a list of {l}"))
                }
                _ => None,
            },
            _ => None,
        },
    };
    match what {
        Some(w) => format!("{}: {w}.", md::code(name)),
        None => format!("{}.", md::code(name)),
    }
}

/// A field's doc as Markdown: its description (made inert), its example and default.
pub fn field_doc_text(schema: &ReferenceOr<Schema>) -> Option<String> {
    let ReferenceOr::Item(s) = schema else {
        return None;
    };
    let mut parts = Vec::new();
    if let Some(d) = &s.schema_data.description {
        let lines = md::prose(d);
        if !lines.is_empty() {
            parts.push(lines.join("\n"));
        }
    }
    if let Some(e) = &s.schema_data.example {
        parts.push(format!("Example: {}", md::json(e)));
    }
    if let Some(d) = &s.schema_data.default {
        parts.push(format!("Default: {}", md::json(d)));
    }
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

/// Checks of one value (`value` is a `&T` expression, `at` a `&str` expression): documented
/// lengths, patterns and ranges inline; models and enums validate themselves.
pub fn value_checks(
    schema: &ReferenceOr<Schema>,
    value: &TokenStream,
    at: &TokenStream,
    key: &str,
    statics: &mut Statics,
) -> TokenStream {
    let schema = match schema {
        ReferenceOr::Reference { .. } => {
            return quote! { crate::runtime::validate::Validate::validate(#value, #at)?; }
        }
        ReferenceOr::Item(s) => s,
    };
    if types::single_ref(schema).is_some() {
        return quote! { crate::runtime::validate::Validate::validate(#value, #at)?; };
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) if !s.enumeration.is_empty() => {
            quote! { crate::runtime::validate::Validate::validate(#value, #at)?; }
        }
        SchemaKind::Type(Type::String(s)) => {
            let mut out = TokenStream::new();
            if s.min_length.is_some() || s.max_length.is_some() {
                let min = opt_usize(s.min_length);
                let max = opt_usize(s.max_length);
                out.extend(quote! { crate::runtime::validate::length(#at, #value, #min, #max)?; });
            }
            if let Some(p) = s.pattern.as_ref().filter(|p| regex::Regex::new(p).is_ok()) {
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
        SchemaKind::Type(Type::Integer(i)) if i.minimum.is_some() || i.maximum.is_some() => {
            let min = opt_i64(i.minimum);
            let max = opt_i64(i.maximum);
            quote! { crate::runtime::validate::range(#at, *#value, #min, #max)?; }
        }
        SchemaKind::Type(Type::Number(n)) if n.minimum.is_some() || n.maximum.is_some() => {
            let min = opt_f64(n.minimum);
            let max = opt_f64(n.maximum);
            quote! { crate::runtime::validate::range(#at, *#value, #min, #max)?; }
        }
        SchemaKind::Type(Type::Array(a)) => {
            let Some(items) = &a.items else {
                return TokenStream::new();
            };
            let item = quote! { item };
            let inner = value_checks(
                &types::unbox(items),
                &item,
                &quote! { &at },
                &format!("{key}_item"),
                statics,
            );
            if inner.is_empty() {
                return inner;
            }
            let nullable_item = matches!(items, ReferenceOr::Item(s) if s.schema_data.nullable);
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
        SchemaKind::Type(Type::Object(o)) => match &o.additional_properties {
            Some(openapiv3::AdditionalProperties::Schema(inner)) => {
                let item = quote! { item };
                let inner = value_checks(
                    inner,
                    &item,
                    &quote! { &at },
                    &format!("{key}_value"),
                    statics,
                );
                if inner.is_empty() {
                    return inner;
                }
                quote! {
                    for (k, item) in #value.iter() {
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

/// A forward-compatible enum: the documented values plus `Unknown(String)` for values a
/// newer server sends.
pub fn enum_item(def: &EnumDef) -> TokenStream {
    let ident = names::ident(&def.name);
    let mut variant_names = Scope::camel(&["Unknown"]);
    let variants: Vec<proc_macro2::Ident> =
        def.values.iter().map(|v| variant_names.claim(v)).collect();
    let values = &def.values;
    let variant_docs: Vec<String> = values.iter().map(|v| format!(" {}", md::code(v))).collect();
    let enum_doc = doc_raw(&def.doc);
    quote! {
        #enum_doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #ident {
            #( #[doc = #variant_docs] #variants, )*
            /// A value this client does not know (sent by a newer server), kept as sent.
            Unknown(String),
        }

        impl #ident {
            /// The value as the API writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    #( #ident::#variants => #values, )*
                    #ident::Unknown(value) => value,
                }
            }
        }

        impl From<&str> for #ident {
            fn from(value: &str) -> Self {
                match value {
                    #( #values => #ident::#variants, )*
                    other => #ident::Unknown(other.to_string()),
                }
            }
        }

        impl std::fmt::Display for #ident {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for #ident {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #ident {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <String as serde::Deserialize>::deserialize(deserializer)?;
                Ok(#ident::from(value.as_str()))
            }
        }

        impl crate::runtime::validate::Validate for #ident {
            /// Only documented values are sent.
            fn validate(&self, at: &str) -> Result<(), crate::Error> {
                crate::runtime::validate::known(at, !matches!(self, #ident::Unknown(_)), self.as_str())
            }
        }
    }
}
