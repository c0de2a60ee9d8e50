//! Enum-like types of `models.rs`: forward-compatible string and integer enums (an
//! `Unknown` variant keeps values a newer server sends), and `oneOf`/`anyOf` unions,
//! untagged or selected by a discriminator property.

use proc_macro2::TokenStream;
use quote::quote;

use super::checks::{value_checks, Statics};
use super::format::doc_raw;
use super::ir::Ty;
use super::names::{self, Scope};
use super::types::{EnumDef, Variant};
use crate::markdown as md;

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
        #[non_exhaustive]
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

        impl Default for #ident {
            /// The zero value (of a required field an answer left out): an empty `Unknown`.
            fn default() -> Self {
                #ident::Unknown(String::new())
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
            /// Every value is sent, an `Unknown` one as it is: the server may know values
            /// newer than the docs this client was made from.
            fn validate(&self, _at: &str) -> Result<(), crate::Error> {
                Ok(())
            }
        }
    }
}

/// A forward-compatible integer enum (`type: integer` with `enum`): variants `V1`, `V2`…,
/// `Unknown(i64)` for other values; (de)serialized as the integer.
pub fn int_enum_item(name: &str, enum_doc: &str, values: &[i64]) -> TokenStream {
    let ident = names::ident(name);
    let mut variant_names = Scope::camel(&["Unknown"]);
    let variants: Vec<proc_macro2::Ident> = values
        .iter()
        .map(|v| {
            let text = if *v < 0 {
                format!("Minus{}", v.unsigned_abs())
            } else {
                format!("V{v}")
            };
            variant_names.claim(&text)
        })
        .collect();
    let variant_docs: Vec<String> = values.iter().map(|v| format!(" `{v}`")).collect();
    let enum_doc = doc_raw(enum_doc);
    let values: Vec<proc_macro2::Literal> = values
        .iter()
        .map(|v| proc_macro2::Literal::i64_unsuffixed(*v))
        .collect();
    quote! {
        #enum_doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #ident {
            #( #[doc = #variant_docs] #variants, )*
            /// A value this client does not know (sent by a newer server), kept as sent.
            Unknown(i64),
        }

        impl #ident {
            /// The value as the API writes it.
            pub fn value(&self) -> i64 {
                match self {
                    #( #ident::#variants => #values, )*
                    #ident::Unknown(value) => *value,
                }
            }
        }

        impl Default for #ident {
            /// The zero value (of a required field an answer left out): the value `0`.
            fn default() -> Self {
                #ident::from(0)
            }
        }

        impl From<i64> for #ident {
            fn from(value: i64) -> Self {
                match value {
                    #( #values => #ident::#variants, )*
                    other => #ident::Unknown(other),
                }
            }
        }

        impl std::fmt::Display for #ident {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.value())
            }
        }

        impl serde::Serialize for #ident {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> serde::Deserialize<'de> for #ident {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <i64 as serde::Deserialize>::deserialize(deserializer)?;
                Ok(#ident::from(value))
            }
        }

        impl crate::runtime::validate::Validate for #ident {
            /// Every value is sent, an `Unknown` one as it is: the server may know values
            /// newer than the docs this client was made from.
            fn validate(&self, _at: &str) -> Result<(), crate::Error> {
                Ok(())
            }
        }
    }
}

/// A `oneOf`/`anyOf` as an enum with one variant per shape, each holding its value (models
/// boxed: a union inside the models it lists would otherwise have infinite size).
/// Untagged, the first variant whose shape reads the JSON is taken; with a discriminator,
/// the tag property's value selects the variant, and an unknown tag is kept as JSON
/// (`Unknown`), so a newer server's shape does not fail the call.
pub fn union_item(
    name: &str,
    union_doc: TokenStream,
    variants: &[Variant],
    discriminator: Option<&str>,
    statics: &mut Statics,
) -> TokenStream {
    let ident = names::ident(name);
    let models = TokenStream::new();
    let mut defs = Vec::new();
    let mut checks = Vec::new();
    let mut any_check = false;
    for v in variants {
        let vi = names::ident(&v.name);
        let ty = v.ty.tokens(&models);
        let held = if matches!(v.ty, Ty::Named(_)) {
            quote! { Box<#ty> }
        } else {
            ty
        };
        let vdoc = match &v.ty {
            Ty::Named(n) => format!(" A [`{n}`]."),
            _ => format!(" A {} value.", md::text(&v.name.to_ascii_lowercase())),
        };
        defs.push(quote! { #[doc = #vdoc] #vi(#held), });
        let check = value_checks(
            &v.schema,
            &v.ty,
            &quote! { v },
            &quote! { at },
            &format!("{name}_{}", v.name),
            statics,
        );
        if check.is_empty() {
            checks.push(quote! { #ident::#vi(_) => {} });
        } else {
            any_check = true;
            checks.push(quote! { #ident::#vi(v) => { #check } });
        }
    }
    // A union whose variants check nothing leaves its path unused.
    let at = if any_check {
        quote! { at }
    } else {
        quote! { _at }
    };
    let validate_doc = format!(
        " Checks the documented constraints of the {} it holds.",
        md::code(name)
    );
    let Some(tag) = discriminator else {
        return quote! {
            #union_doc
            #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
            #[serde(untagged)]
            #[non_exhaustive]
        pub enum #ident {
                #(#defs)*
                /// JSON none of the documented shapes reads (sent by a newer server): kept as sent.
                Unknown(serde_json::Value),
            }

            impl Default for #ident {
                /// The zero value (of a required field an answer left out): `Unknown(null)`.
                fn default() -> Self {
                    #ident::Unknown(serde_json::Value::Null)
                }
            }

            impl crate::runtime::validate::Validate for #ident {
                #[doc = #validate_doc]
                fn validate(&self, #at: &str) -> Result<(), crate::Error> {
                    match self {
                        #(#checks)*
                        #ident::Unknown(_) => {}
                    }
                    Ok(())
                }
            }
        };
    };
    let arms: Vec<TokenStream> = variants
        .iter()
        .flat_map(|v| {
            let vi = names::ident(&v.name);
            let ident = ident.clone();
            v.tags.iter().map(move |t| {
                quote! { Some(#t) => crate::runtime::lenient::from_value(&value).map(|v| #ident::#vi(Box::new(v))).map_err(serde::de::Error::custom), }
            })
        })
        .collect();
    let ser = variants.iter().map(|v| {
        let vi = names::ident(&v.name);
        quote! { #ident::#vi(v) => v.serialize(serializer), }
    });
    let tag_doc = format!(
        " The value of {} names none of the documented shapes: kept as sent.",
        md::code(tag)
    );
    quote! {
        #union_doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #ident {
            #(#defs)*
            #[doc = #tag_doc]
            Unknown(serde_json::Value),
        }

        impl Default for #ident {
            /// The zero value (of a required field an answer left out): `Unknown(null)`.
            fn default() -> Self {
                #ident::Unknown(serde_json::Value::Null)
            }
        }

        impl serde::Serialize for #ident {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#ser)*
                    #ident::Unknown(v) => v.serialize(serializer),
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for #ident {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                let tag = value.get(#tag).and_then(serde_json::Value::as_str).map(str::to_owned);
                match tag.as_deref() {
                    #(#arms)*
                    _ => Ok(#ident::Unknown(value)),
                }
            }
        }

        impl crate::runtime::validate::Validate for #ident {
            #[doc = #validate_doc]
            fn validate(&self, #at: &str) -> Result<(), crate::Error> {
                match self {
                    #(#checks)*
                    #ident::Unknown(_) => {}
                }
                Ok(())
            }
        }
    }
}
