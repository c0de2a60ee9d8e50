//! Component schemas → `models.rs`: one struct per object model, one forward-compatible enum
//! per string enum, each with client-side validation of its documented constraints.

use indexmap::IndexMap;
use openapiv3::{ObjectType, ReferenceOr, Schema, SchemaKind, Type};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::format::{doc, doc_raw};
use super::ir::Ty;
use super::names;
use super::names::Scope;
use super::types::{self, EnumDef, TypeDef, TypeSpace};
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
        let at = format!(
            "#/components/schemas/{}",
            super::params::pointer_segment(name)
        );
        let rust = enums.model_name(name).unwrap_or("Unknown").to_string();
        let ident = names::ident(&rust);
        if aliases.contains(name) {
            enums.warn(format!("{at}: model {name} is an alias of itself (through other aliases); it is typed as JSON"));
            let d = doc_raw(&format!(
                "The {} model (an alias of itself, kept as JSON).",
                md::code(name)
            ));
            items.push(quote! { #d pub type #ident = serde_json::Value; });
            continue;
        }
        let model_doc = match schema
            .schema_data
            .description
            .as_deref()
            .filter(|d| !d.trim().is_empty())
        {
            Some(d) => doc(Some(d)),
            None => doc_raw(&format!("The {} model.", md::code(name))),
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => items.push(model(
                &rust,
                name,
                model_doc,
                object,
                &here,
                enums,
                &mut statics,
            )),
            SchemaKind::AllOf { .. } if types::single_ref(schema).is_none() => {
                match super::shapes::merge_all_of(schema, schemas) {
                    Ok(Schema {
                        schema_kind: SchemaKind::Type(Type::Object(object)),
                        ..
                    }) => items.push(model(
                        &rust,
                        name,
                        model_doc,
                        &object,
                        &here,
                        enums,
                        &mut statics,
                    )),
                    // merge_all_of always gives an object when it succeeds.
                    Ok(_) => unreachable!("a merged allOf is an object"),
                    Err(why) => {
                        enums.warn(format!("{at}: the `allOf` of {name} cannot be merged ({why}); it is typed as JSON"));
                        items.push(quote! { #model_doc pub type #ident = serde_json::Value; });
                    }
                }
            }
            // An enum model is the enum itself, under the model's name.
            SchemaKind::Type(Type::String(st)) if !st.enumeration.is_empty() => {
                let values = types::string_values(st);
                let def = EnumDef {
                    name: rust.clone(),
                    field: name.clone(),
                    values,
                    doc: enum_doc(schema, name),
                };
                items.push(super::enums::enum_item(&def));
            }
            SchemaKind::Type(Type::Integer(it)) if !it.enumeration.is_empty() => {
                let values = types::int_values(it);
                items.push(super::enums::int_enum_item(
                    &rust,
                    &enum_doc(schema, name),
                    &values,
                ));
            }
            SchemaKind::OneOf { one_of: list } | SchemaKind::AnyOf { any_of: list } => {
                let disc = schema.schema_data.discriminator.as_ref();
                let variants = types::union_variants(&rust, list, disc, enums, 0);
                let tag = disc.map(|d| d.property_name.as_str());
                items.push(super::enums::union_item(
                    &rust,
                    model_doc,
                    &variants,
                    tag,
                    &mut statics,
                ));
            }
            _ => {
                // A model that is not an object (never seen on SCP pages): an alias of its type.
                let ty =
                    types::rust_type(&ReferenceOr::Item(schema.clone()), name, enums).tokens(&here);
                items.push(quote! { #model_doc pub type #ident = #ty; });
            }
        }
    }
    // The derived types, in the order met; emitting one may derive more.
    let mut derived = Vec::new();
    let mut i = 0;
    while let Some(def) = enums.defs.get_index(i).map(|(_, d)| d.clone()) {
        derived.push(match def {
            TypeDef::StringEnum(e) => super::enums::enum_item(&e),
            TypeDef::IntEnum { name, doc, values } => {
                super::enums::int_enum_item(&name, &doc, &values)
            }
            TypeDef::Struct {
                name,
                origin,
                schema,
            } => {
                let d = doc(schema.schema_data.description.as_deref());
                let d = if d.is_empty() {
                    doc_raw(&format!("The {} object.", md::code(&origin)))
                } else {
                    d
                };
                match &schema.schema_kind {
                    SchemaKind::Type(Type::Object(object)) => {
                        model(&name, &name, d, object, &here, enums, &mut statics)
                    }
                    // The resolver only derives structs from objects and merged `allOf`s.
                    _ => unreachable!("a derived struct is an object"),
                }
            }
            TypeDef::Union {
                name,
                doc: text,
                variants,
                discriminator,
            } => super::enums::union_item(
                &name,
                doc_raw(&text),
                &variants,
                discriminator.as_deref(),
                &mut statics,
            ),
        });
        i += 1;
    }
    let statics = &statics.items;
    quote! {
        //! The models of every API version of the service. A model used by several versions
        //! is defined once.
        #(#statics)*
        #(#items)*
        #(#derived)*
    }
}

/// The doc of an enum model, as Markdown.
fn enum_doc(schema: &Schema, name: &str) -> String {
    match schema.schema_data.description.as_deref().map(md::prose) {
        Some(lines) if !lines.is_empty() => lines.join("\n"),
        _ => format!("The values of {}.", md::code(name)),
    }
}

/// A struct: `rust` is its Rust name, `name` its component name (or, for derived structs,
/// the Rust name again), which owns its derived types and its boxed fields.
fn model(
    rust: &str,
    name: &str,
    model_doc: TokenStream,
    object: &ObjectType,
    here: &TokenStream,
    enums: &mut TypeSpace,
    statics: &mut Statics,
) -> TokenStream {
    let ident = names::ident(rust);
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
        let resolved = types::rust_type(&prop, &owner, enums);
        let ty = resolved.tokens(here);
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
        let mut text =
            field_doc_text(&prop).unwrap_or_else(|| fallback_doc(field_name, &prop, enums));
        if let Some(c) = constraints_doc(&prop) {
            text.push_str("\n\n");
            text.push_str(&c);
        }
        let field_doc = doc_raw(&text);
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
        let is_string = resolved.is_string();
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
            &resolved,
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
            if let Some(p) = st.pattern.as_ref().filter(|p| regex::Regex::new(p).is_ok()) {
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
