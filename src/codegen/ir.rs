//! The codegen IR of Rust types: what a schema resolves to, before any token is written.
//!
//! [`super::types::rust_type`] resolves a schema into a [`Ty`] (naming and recording the
//! types it needs in the [`super::types::TypeSpace`]); emitters ask a `Ty` what they need
//! (`is_string`, `list_item`) and turn it into tokens with [`Ty::tokens`]. No emitter reads
//! tokens back.

use openapiv3::{ReferenceOr, Schema};
use proc_macro2::TokenStream;
use quote::quote;

use super::names;

/// A Rust type of the generated code.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Ty {
    String,
    /// `crate::Timestamp`: date-times as SCP sends them (with or without an offset).
    Timestamp,
    I32,
    I64,
    F64,
    Bool,
    /// `crate::Binary`: bytes (`format: binary`, a body or answer of a byte media type).
    Binary,
    /// `()`: a value that is always `null` (`enum: [null]`).
    Unit,
    /// `serde_json::Value`: free-form JSON, or a schema the generator cannot type.
    Json,
    /// `serde_json::Map<String, serde_json::Value>`: an object with unknown properties.
    JsonObject,
    /// A type of `models.rs`, by its Rust name.
    Named(String),
    /// `Vec<T>`
    List(Box<Ty>),
    /// `BTreeMap<String, T>`: an object whose properties are all `T`.
    Map(Box<Ty>),
    /// `Option<T>`: a nullable item of a list or map.
    Nullable(Box<Ty>),
}

impl Ty {
    /// The type's tokens; `models` is the path of `models.rs` (`crate::models`), empty inside.
    pub fn tokens(&self, models: &TokenStream) -> TokenStream {
        match self {
            Ty::String => quote! { String },
            Ty::Timestamp => quote! { crate::Timestamp },
            Ty::I32 => quote! { i32 },
            Ty::I64 => quote! { i64 },
            Ty::F64 => quote! { f64 },
            Ty::Bool => quote! { bool },
            Ty::Unit => quote! { () },
            Ty::Binary => quote! { crate::Binary },
            Ty::Json => quote! { serde_json::Value },
            Ty::JsonObject => quote! { serde_json::Map<String, serde_json::Value> },
            Ty::Named(name) => {
                let ident = names::ident(name);
                if models.is_empty() {
                    quote! { #ident }
                } else {
                    quote! { #models::#ident }
                }
            }
            Ty::List(item) => {
                let item = item.tokens(models);
                quote! { Vec<#item> }
            }
            Ty::Map(value) => {
                let value = value.tokens(models);
                quote! { std::collections::BTreeMap<String, #value> }
            }
            Ty::Nullable(inner) => {
                let inner = inner.tokens(models);
                quote! { Option<#inner> }
            }
        }
    }

    /// The type as a user of the crate writes it (`Vec<scp_x::models::Api>`), for doc
    /// examples: [`Ty::tokens`] with `crate` named by the crate's name.
    pub fn user_text(&self, krate: &str) -> String {
        match self {
            Ty::String => "String".into(),
            Ty::Timestamp => format!("{krate}::Timestamp"),
            Ty::I32 => "i32".into(),
            Ty::I64 => "i64".into(),
            Ty::F64 => "f64".into(),
            Ty::Bool => "bool".into(),
            Ty::Unit => "()".into(),
            Ty::Binary => format!("{krate}::Binary"),
            Ty::Json => "serde_json::Value".into(),
            Ty::JsonObject => "serde_json::Map<String, serde_json::Value>".into(),
            Ty::Named(name) => format!("{krate}::models::{}", names::ident(name)),
            Ty::List(item) => format!("Vec<{}>", item.user_text(krate)),
            Ty::Map(value) => format!(
                "std::collections::BTreeMap<String, {}>",
                value.user_text(krate)
            ),
            Ty::Nullable(inner) => format!("Option<{}>", inner.user_text(krate)),
        }
    }

    /// `String`: constructors and setters take `impl Into<String>`.
    pub fn is_string(&self) -> bool {
        *self == Ty::String
    }

    /// The item type of a list.
    pub fn list_item(&self) -> Option<&Ty> {
        match self {
            Ty::List(item) => Some(item),
            _ => None,
        }
    }

    /// The named types this type mentions by value or inside collections.
    #[cfg(test)]
    pub fn named(&self) -> Option<&str> {
        match self {
            Ty::Named(n) => Some(n),
            Ty::List(t) | Ty::Map(t) | Ty::Nullable(t) => t.named(),
            _ => None,
        }
    }

}

/// The types `models.rs` defines besides the components' own (recorded by the resolver).
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

/// One variant of a union.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    /// The variant's Rust name.
    pub name: String,
    pub ty: Ty,
    /// The schema, for the variant's checks.
    pub schema: ReferenceOr<Schema>,
    /// The discriminator values that select it (discriminated unions).
    pub tags: Vec<String>,
}

/// A type `models.rs` defines besides the components' own.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeDef {
    StringEnum(EnumDef),
    /// `type: integer` with `enum`.
    IntEnum {
        name: String,
        doc: String,
        values: Vec<i64>,
    },
    /// An object: an inline one, or a merged `allOf`; emitted like a model.
    Struct {
        name: String,
        /// Where it was met, for docs (`Server.disks`).
        origin: String,
        /// The place in the spec it was met (a JSON pointer), for findings about its fields.
        place: String,
        schema: Box<Schema>,
    },
    /// `oneOf`/`anyOf`: untagged, or selected by a discriminator property.
    Union {
        name: String,
        doc: String,
        variants: Vec<Variant>,
        discriminator: Option<String>,
    },
}

impl TypeDef {
    pub fn name(&self) -> &str {
        match self {
            TypeDef::StringEnum(e) => &e.name,
            TypeDef::IntEnum { name, .. }
            | TypeDef::Struct { name, .. }
            | TypeDef::Union { name, .. } => name,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_of_nested_types() {
        let models = quote! { crate::models };
        let t = Ty::List(Box::new(Ty::Nullable(Box::new(Ty::Named("Tag".into())))));
        assert_eq!(
            t.tokens(&models).to_string(),
            "Vec < Option < crate :: models :: Tag > >"
        );
        assert_eq!(
            Ty::Map(Box::new(Ty::Bool))
                .tokens(&TokenStream::new())
                .to_string(),
            "std :: collections :: BTreeMap < String , bool >"
        );
    }
}
