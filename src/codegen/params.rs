//! An operation's parameters as its client sends them: path-item and operation parameters
//! merged, `$ref`s resolved, duplicates and the headers the runtime sets itself left out
//! (reported), each with a field name of its own in the builder and the way its value goes
//! on the wire. Also the path template, parsed once and checked against the parameters.

use crate::diag::Rule;
use openapiv3::{OpenAPI, Operation, ParameterSchemaOrContent, PathItem, ReferenceOr, Schema};
use openapiv3::{SchemaKind, Type};
use proc_macro2::Ident;

use super::format::field_doc_text;
use super::ir::Ty;
use super::names::Scope;
use super::types::TypeSpace;
use crate::markdown as md;
use proc_macro2::TokenStream;
use quote::quote;

use crate::vocab::ParamIn;

/// Headers the runtime sends on every call (SCP's signing and versioning headers, and
/// content negotiation): a spec that documents one must not make it a second, user-set one.
fn is_runtime_header(lower: &str) -> bool {
    crate::vocab::ext::SCP_HEADERS.contains(&lower) || matches!(lower, "content-type" | "accept")
}

/// How a parameter's value becomes text on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wire {
    /// A scalar or an enum: its `Display`.
    Text,
    /// A list of scalars: repeated query keys, comma-joined in paths and headers (OpenAPI's
    /// default `form`/`simple` styles); `None` items are skipped.
    List { nullable_items: bool },
    /// Anything else (an object, a model): its JSON text, reported as a warning.
    Json,
}

/// One parameter of an operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The name on the wire.
    pub name: String,
    pub location: crate::vocab::ParamIn,
    pub required: bool,
    pub schema: ReferenceOr<Schema>,
    /// The parameter's doc, Markdown with the input text escaped.
    pub doc: Option<String>,
    /// The builder field (and setter) holding it.
    pub field: Ident,
    /// The parameter's own documented example, for the operation's doc example.
    pub example: Option<serde_json::Value>,
}

/// A JSON pointer segment (`/` and `~` escaped), for findings that name a place in a spec.
pub fn pointer_segment(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

/// The parameters of `op` on `item`, named in `fields` (the builder's scope).
pub fn params(
    item: &PathItem,
    op: &Operation,
    spec: &OpenAPI,
    fields: &mut Scope,
    at: &str,
    space: &mut TypeSpace,
) -> Vec<Param> {
    let mut resolved: Vec<Option<(String, &openapiv3::Parameter)>> = Vec::new();
    let mut slot: std::collections::HashMap<(String, ParamIn), usize> =
        std::collections::HashMap::new();
    let all = item
        .parameters
        .iter()
        .enumerate()
        .map(|(i, p)| (format!("{at}/../parameters/{i}"), p))
        .chain(
            op.parameters
                .iter()
                .enumerate()
                .map(|(i, p)| (format!("{at}/parameters/{i}"), p)),
        );
    for (place, p) in all {
        let p = match p {
            ReferenceOr::Item(p) => p,
            ReferenceOr::Reference { reference } => {
                let target = reference
                    .strip_prefix("#/components/parameters/")
                    .and_then(|n| spec.components.as_ref()?.parameters.get(n));
                match target {
                    Some(ReferenceOr::Item(p)) => p,
                    _ => {
                        space.warn(Rule::BadReference, format!("{place}: `$ref: {reference}` names no parameter of the spec; it is left out"));
                        continue;
                    }
                }
            }
        };
        let (location, data) = crate::vocab::ParamIn::of(p);
        // An operation's parameter replaces the path item's of the same name and place
        // (found through an index: a spec may list any number of parameters).
        let key = (data.name.clone(), location);
        match slot.get(&key) {
            Some(&i) => resolved[i] = Some((place, p)),
            None => {
                slot.insert(key, resolved.len());
                resolved.push(Some((place, p)));
            }
        }
    }
    let mut out = Vec::new();
    for (place, p) in resolved.into_iter().flatten() {
        let (location, data) = crate::vocab::ParamIn::of(p);
        let lower = data.name.to_ascii_lowercase();
        if location == ParamIn::Header && is_runtime_header(&lower) {
            // scpgen's own specs declare Scp-Api-Version by `$ref`; a documented copy is noise.
            if !place.contains("/../") && lower != "scp-api-version" {
                space.warn(Rule::ReservedHeader, format!("{place}: header `{}` is sent by the client runtime itself; the parameter is left out", data.name));
            }
            continue;
        }
        if location == ParamIn::Header && !crate::vocab::names::is_header_token(&data.name) {
            space.warn(
                Rule::BadHeaderName,
                format!(
                    "{place}: `{}` is not a valid HTTP header name; the parameter is left out",
                    data.name
                ),
            );
            continue;
        }
        if location == ParamIn::Cookie {
            space.warn(
                Rule::UnsupportedSpec,
                format!(
                    "{place}: cookie parameter `{}` is not supported; it is left out",
                    data.name
                ),
            );
            continue;
        }
        let schema = match &data.format {
            ParameterSchemaOrContent::Schema(s) => s.clone(),
            ParameterSchemaOrContent::Content(c) => {
                match c.values().next().and_then(|m| m.schema.clone()) {
                    Some(s) => s,
                    None => {
                        space.warn(
                            Rule::UntypedSchema,
                            format!(
                                "{place}: parameter `{}` has no schema; it is typed as a string",
                                data.name
                            ),
                        );
                        ReferenceOr::Item(Schema {
                            schema_data: Default::default(),
                            schema_kind: SchemaKind::Type(Type::String(Default::default())),
                        })
                    }
                }
            }
        };
        let mut parts: Vec<String> = Vec::new();
        if let Some(d) = &data.description {
            let lines = md::prose(d);
            if !lines.is_empty() {
                parts.push(lines.join("\n"));
            }
        }
        if let Some(e) = &data.example {
            parts.push(format!("Example: {}", md::json(e)));
        }
        parts.extend(field_doc_text(&schema));
        parts.extend(super::checks::constraints_doc(&schema));
        out.push(Param {
            name: data.name.clone(),
            location,
            required: data.required || location == ParamIn::Path,
            schema,
            doc: (!parts.is_empty()).then(|| parts.join("\n\n")),
            field: fields.claim(&data.name),
            example: data.example.clone(),
        });
    }
    out
}

/// The text of a parameter value `v` (a `&T`) on the wire.
pub fn wire_text(wire: Wire, at: &str) -> TokenStream {
    match wire {
        Wire::Text => quote! { v.to_string() },
        Wire::List { nullable_items } => {
            let items = if nullable_items {
                quote! { v.iter().flatten() }
            } else {
                quote! { v.iter() }
            };
            quote! { #items.map(|x| x.to_string()).collect::<Vec<_>>().join(",") }
        }
        Wire::Json => quote! {
            serde_json::to_string(v).map_err(|e| crate::runtime::validate::invalid(#at, e.to_string()))?
        },
    }
}

/// How a value of `ty` goes on the wire.
pub fn wire_of(ty: &Ty, space: &TypeSpace) -> Wire {
    if space.is_text(ty) {
        return Wire::Text;
    }
    match ty.list_item() {
        Some(Ty::Nullable(inner)) if space.is_text(inner) => Wire::List {
            nullable_items: true,
        },
        Some(item) if space.is_text(item) => Wire::List {
            nullable_items: false,
        },
        _ => Wire::Json,
    }
}

/// Whether two required parameters share a primitive type (two strings, two integers…):
/// then all required parameters are taken by name.
pub fn same_type_twice(params: &[Param], resolved: &[Ty]) -> bool {
    let mut seen = std::collections::HashSet::new();
    params.iter().zip(resolved).any(|(p, ty)| {
        let primitive = matches!(
            ty,
            Ty::String | Ty::Timestamp | Ty::I32 | Ty::I64 | Ty::F64 | Ty::Bool
        );
        p.required && primitive && !seen.insert(ty.clone())
    })
}
