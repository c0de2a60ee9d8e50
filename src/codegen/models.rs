//! Component schemas → `models.rs`: one struct per object model, one forward-compatible enum
//! per string enum, each with client-side validation of its documented constraints.

use crate::diag::Rule;
use indexmap::IndexMap;
use openapiv3::{ObjectType, ReferenceOr, Schema, SchemaKind, Type};
use proc_macro2::TokenStream;
use quote::quote;

use super::checks::Statics;
use super::format::{doc, doc_raw};
use super::formatter::{FileId, Formatter};
use super::model_items::Items;
use super::names;
use super::names::Scope;
use super::components::Models;
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
    /// `Nullable<T>`: omitted, `null`, or a value.
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
pub fn models_file(
    schemas: &Models,
    enums: &mut TypeSpace,
    out: (&mut Formatter, FileId),
) {
    models_file_split(schemas, enums, out, SPLIT_FIELDS);
}

/// A model of at least this many fields has its fields and methods cut into parts like a
/// long run of items (a model of a 100,000-row table is megabytes of code, and formatted
/// whole its syn tree took gigabytes); a smaller one is formatted as one item.
const SPLIT_FIELDS: usize = 128;

/// [`models_file`], models of `split_fields` fields or more cut into parts (the output is
/// the same whatever the threshold: the tests compare them).
fn models_file_split(
    schemas: &Models,
    enums: &mut TypeSpace,
    out: (&mut Formatter, FileId),
    split_fields: usize,
) {
    let (out, file) = out;
    // The statics come first, the models after: each model is formatted as it is made, the
    // statics once every model's are known.
    let head = out.section(file);
    let body = out.section(file);
    let mut items = Items {
        out: &mut *out,
        file,
        body,
        split_fields,
        statics: Statics::default(),
    };
    let here = TokenStream::new();
    let aliases = super::recursion::recursive_aliases(schemas);
    for (name, schema) in schemas {
        let at = format!(
            "#/components/schemas/{}",
            super::params::pointer_segment(name)
        );
        enums.set_place(&at);
        let rust = enums.model_name(name).unwrap_or("Unknown").to_string();
        let ident = names::ident(&rust);
        if aliases.contains(name) {
            enums.warn(Rule::UntypedSchema, format!("{at}: model {name} is an alias of itself (through other aliases); it is typed as JSON"));
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
            SchemaKind::Type(Type::Object(object)) => model(
                &rust,
                name,
                model_doc,
                object,
                &here,
                enums,
                &mut items,
            ),
            SchemaKind::AllOf { .. } if types::single_ref(schema).is_none() => {
                match super::shapes::merge_all_of(schema, schemas) {
                    Ok(Schema {
                        schema_kind: SchemaKind::Type(Type::Object(object)),
                        ..
                    }) => model(
                        &rust,
                        name,
                        model_doc,
                        &object,
                        &here,
                        enums,
                        &mut items,
                    ),
                    // merge_all_of always gives an object when it succeeds.
                    Ok(_) => unreachable!("a merged allOf is an object"),
                    Err(why) => {
                        enums.warn(Rule::UntypedSchema, format!("{at}: the `allOf` of {name} cannot be merged ({why}); it is typed as JSON"));
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
                let item = super::enums::union_item(
                    &rust,
                    model_doc,
                    &variants,
                    tag,
                    &mut items.statics,
                );
                items.push(item);
            }
            _ => {
                // A model that is not an object (never seen on SCP pages): an alias of its type.
                let item = ReferenceOr::Item((*schema).clone());
                let ty = types::rust_type(&item, name, enums).tokens(&here);
                items.push(quote! { #model_doc pub type #ident = #ty; });
            }
        }
    }
    // The derived types, in the order met; emitting one may derive more.
    let mut i = 0;
    while let Some(def) = enums.defs.get_index(i).map(|(_, d)| d.clone()) {
        match def {
            TypeDef::StringEnum(e) => items.push(super::enums::enum_item(&e)),
            TypeDef::IntEnum { name, doc, values } => {
                items.push(super::enums::int_enum_item(&name, &doc, &values))
            }
            TypeDef::Struct {
                name,
                origin,
                place,
                schema,
            } => {
                enums.set_place(&place);
                let d = doc(schema.schema_data.description.as_deref());
                let d = if d.is_empty() {
                    doc_raw(&format!("The {} object.", md::code(&origin)))
                } else {
                    d
                };
                match &schema.schema_kind {
                    SchemaKind::Type(Type::Object(object)) => model(
                        &name,
                        &name,
                        d,
                        object,
                        &here,
                        enums,
                        &mut items,
                    ),
                    // The resolver only derives structs from objects and merged `allOf`s.
                    _ => unreachable!("a derived struct is an object"),
                }
            }
            TypeDef::Union {
                name,
                doc: text,
                variants,
                discriminator,
            } => {
                let item = super::enums::union_item(
                    &name,
                    doc_raw(&text),
                    &variants,
                    discriminator.as_deref(),
                    &mut items.statics,
                );
                items.push(item);
            }
        }
        i += 1;
    }
    let statics = items.statics.items;
    out.push(
        head,
        quote! {
            //! The models of every API version of the service. A model used by several versions
            //! is defined once.
            #(#statics)*
        },
    );
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
    items: &mut Items,
) {
    let ident = names::ident(rust);
    // `Default` is the zero value lenient decoding gives a required model field an answer
    // left out; requests build models with `new`, which takes the required fields.
    // Non-exhaustive: a field the docs add later is no breaking change for a user, who
    // builds with `new` and the `with_*` setters and reads fields by name.
    let attrs = quote! {
        #model_doc
        #[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
        #[non_exhaustive]
    };
    let mut out = items.start_model(&attrs, &ident, object.properties.len());
    let mut ctor_params = Vec::new();
    let mut ctor_inits = Vec::new();
    let mut optional = false;
    // The struct's methods: `new` and one `with_*` setter per optional field (two fields
    // can join to one setter text: `_hing` and `hing`).
    let mut methods = names::Scope::snake(&["new"]);
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
        // A property of a cycle of required properties is held as optional (see recursion).
        let endless = enums
            .endless
            .contains(&(name.to_string(), field_name.to_string()));
        if endless {
            enums.warn(Rule::RequiredCycle, format!("#/components/schemas/{}: property {field_name} of {name} is required in a cycle of required properties (no finite value has it); it is optional in the client", super::params::pointer_segment(name)));
        }
        let required = object.required.contains(field_name) && !endless;
        let presence = Presence::of(required, types::nullable(&prop));
        let rename = (f.to_string().trim_start_matches("r#") != field_name)
            .then(|| quote! { #[serde(rename = #field_name)] });
        let mut text = super::format::field_doc_text(&prop)
            .unwrap_or_else(|| fallback_doc(field_name, &prop, enums));
        if let Some(c) = super::checks::constraints_doc(&prop) {
            text.push_str("\n\n");
            text.push_str(&c);
        }
        let field_doc = doc_raw(&text);
        let (field_ty, serde_attr) = match presence {
            // Answers are decoded leniently (the runtime's `lenient` module): a required field
            // that is missing holds its zero value, counted (a `null` is read as the zero
            // value by the runtime's deserializer, with no per-field code).
            Presence::Required => (
                quote! { #ty },
                quote! { #[serde(default = "crate::runtime::lenient::missing")] },
            ),
            Presence::RequiredNullable => (quote! { Option<#ty> }, quote! { #[serde(default)] }),
            Presence::Optional => (
                quote! { Option<#ty> },
                quote! { #[serde(default, skip_serializing_if = "Option::is_none")] },
            ),
            Presence::OptionalNullable => (
                quote! { crate::Nullable<#ty> },
                quote! { #[serde(default, skip_serializing_if = "crate::Nullable::is_absent")] },
            ),
        };
        items.field(&mut out, quote! { #field_doc #rename #serde_attr pub #f: #field_ty, });
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
                let setter =
                    names::ident(&methods.claim_text(names::snake_join("with", &f.to_string())));
                let setter_doc = format!(" Sets {}.", md::code(field_name));
                let (arg, value) = if is_string {
                    (quote! { impl Into<String> }, quote! { value.into() })
                } else if boxed {
                    (quote! { #unboxed }, quote! { Box::new(value) })
                } else {
                    (quote! { #ty }, quote! { value })
                };
                let wrapped = if presence == Presence::OptionalNullable {
                    quote! { crate::Nullable::Value(#value) }
                } else {
                    quote! { Some(#value) }
                };
                optional = true;
                items.setter(&mut out, quote! {
                    #[doc = #setter_doc]
                    pub fn #setter(mut self, value: #arg) -> Self {
                        self.#f = #wrapped;
                        self
                    }
                });
            }
        }
        let value = quote! { v };
        let check = super::checks::value_checks(
            &prop,
            &resolved,
            &value,
            &quote! { &at },
            &format!("{name}_{field_name}"),
            &mut items.statics,
        );
        if !check.is_empty() {
            let bind = match presence {
                Presence::Required => quote! { let v = &self.#f; },
                Presence::RequiredNullable | Presence::Optional => {
                    quote! { let Some(v) = &self.#f else { break 'field; }; }
                }
                Presence::OptionalNullable => {
                    quote! { let crate::Nullable::Value(v) = &self.#f else { break 'field; }; }
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
    let many = (ctor_params.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    // The optional fields start unset, as `Default` has them: `new` names only the required
    // ones (a model of a thousand optional fields gets no thousand-line constructor).
    let body = match (ctor_inits.is_empty(), optional) {
        (true, true) => quote! { Self::default() },
        (false, true) => quote! { #ident { #(#ctor_inits,)* ..Default::default() } },
        (_, false) => quote! { #ident { #(#ctor_inits),* } },
    };
    let new = quote! {
        /// Creates the model from its required fields; the others start unset.
        #many
        pub fn new(#(#ctor_params),*) -> Self {
            #body
        }
    };
    let validate = quote! {
        impl crate::runtime::validate::Validate for #ident {
            #[doc = #validate_doc]
            fn validate(&self, #at_param: &str) -> Result<(), crate::Error> {
                #(#checks)*
                Ok(())
            }
        }
    };
    items.end_model(out, (attrs, &ident), new, validate);
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A model of `n` properties of several shapes (required, nullable, constrained, an
    /// inline enum and an inline object, which derive types of their own).
    fn wide_model(n: usize) -> Schema {
        let mut properties = serde_json::Map::new();
        let mut required = Vec::new();
        for i in 0..n {
            let name = format!("field{i}");
            let schema = match i % 5 {
                0 => serde_json::json!({"type": "string", "description": format!("Field {i}")}),
                1 => serde_json::json!({"type": "integer", "minimum": 1, "nullable": true}),
                2 => serde_json::json!({"type": "string", "enum": ["A", "B"]}),
                3 => serde_json::json!({"type": "object", "properties": {"x": {"type": "string", "maxLength": 3}}}),
                _ => serde_json::json!({"type": "array", "items": {"type": "boolean"}}),
            };
            if i % 3 == 0 {
                required.push(name.clone());
            }
            properties.insert(name, schema);
        }
        serde_json::from_value(serde_json::json!({
            "type": "object",
            "description": "A wide model.",
            "properties": properties,
            "required": required,
        }))
        .unwrap()
    }

    fn printed(schemas: &IndexMap<String, Schema>, split_fields: usize) -> String {
        let schemas = crate::codegen::components::models(schemas);
        let mut space = TypeSpace::new(&schemas);
        let mut out = Formatter::start();
        let file = out.file("models.rs".into());
        models_file_split(&schemas, &mut space, (&mut out, file), split_fields);
        let files = out.finish().unwrap();
        files.into_iter().next().unwrap().contents
    }

    #[test]
    fn a_model_cut_into_parts_prints_as_the_model_whole() {
        let schemas: IndexMap<String, Schema> = [
            ("Small".to_string(), wide_model(3)),
            ("Wide".to_string(), wide_model(2_000)),
            ("Empty".to_string(), wide_model(0)),
        ]
        .into_iter()
        .collect();
        let whole = printed(&schemas, usize::MAX);
        assert!(whole.len() > 10 * super::super::formatter::PART_BYTES);
        assert_eq!(printed(&schemas, 0), whole);
        assert_eq!(printed(&schemas, SPLIT_FIELDS), whole);
    }

    #[test]
    fn new_names_only_the_required_fields() {
        let schemas: IndexMap<_, _> = [("Wide".to_string(), wide_model(6))].into_iter().collect();
        let text = printed(&schemas, usize::MAX);
        assert!(
            text.contains("Wide {\n            field0: field0.into(),\n            field3,\n            ..Default::default()\n        }"),
            "{text}"
        );
        let only_optional: Schema = serde_json::from_value(serde_json::json!({
            "type": "object", "properties": {"a": {"type": "string"}}
        }))
        .unwrap();
        let schemas: IndexMap<_, _> = [("Loose".to_string(), only_optional)].into_iter().collect();
        assert!(printed(&schemas, usize::MAX).contains("-> Self {\n        Self::default()\n    }"));
    }
}
