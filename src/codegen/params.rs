//! An operation's parameters as its client sends them: path-item and operation parameters
//! merged, `$ref`s resolved, duplicates and the headers the runtime sets itself left out
//! (reported), each with a field name of its own in the builder and the way its value goes
//! on the wire. Also the path template, parsed once and checked against the parameters.

use crate::diag::Rule;
use openapiv3::{OpenAPI, Operation, ParameterSchemaOrContent, PathItem, ReferenceOr, Schema};
use openapiv3::{SchemaKind, Type};
use proc_macro2::Ident;

use super::format::field_doc_text;
pub use super::styles::Wire;
use super::ir::Ty;
use super::names::Scope;
use super::types::TypeSpace;
use crate::markdown as md;

use crate::vocab::ParamIn;

/// Headers the runtime sends on every call (SCP's signing and versioning headers, and
/// content negotiation): a spec that documents one must not make it a second, user-set one.
fn is_runtime_header(lower: &str) -> bool {
    crate::vocab::ext::SCP_HEADERS.contains(&lower) || matches!(lower, "content-type" | "accept")
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
    /// How its value goes on the wire.
    pub wire: Wire,
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
        let wire = super::styles::wire_of(p);
        if let Some(why) = super::styles::unserializable(wire, &schema, spec) {
            space.error(
                Rule::UnserializableParameter,
                format!(
                    "{place}: {location} parameter `{}`: {why}; the operation cannot be generated",
                    data.name
                ),
            );
            continue;
        }
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
            wire,
        });
    }
    out
}

/// Whether required values are taken by name: two required parameters share a type (two
/// strings, two `Name`s: swapped, they would still compile), or there are more than five
/// with the body (a constructor of more arguments is too many to read, and clippy says so).
pub fn by_name(params: &[Param], resolved: &[Ty], required_body: bool) -> bool {
    let mut seen = std::collections::HashSet::new();
    let required = params.iter().filter(|p| p.required).count() + usize::from(required_body);
    required > 5
        || params
            .iter()
            .zip(resolved)
            .any(|(p, ty)| p.required && !seen.insert(ty.clone()))
}
