//! What an operation sends and gets back: its request body (`$ref`s resolved, JSON media
//! types chosen, others reported), its success type, and its documented error answers.

use crate::diag::Rule;
use openapiv3::{OpenAPI, Operation, ReferenceOr, Schema, SchemaKind, StatusCode};

use super::context::Context;
use super::types::TypeSpace;
use crate::markdown as md;

/// The request body's schema and whether it is required; other media types than JSON are
/// reported (the operation is generated without a body).
pub(super) fn body_schema(
    op: &Operation,
    cx: &Context,
    enums: &mut TypeSpace,
) -> Option<(ReferenceOr<Schema>, bool, Option<serde_json::Value>)> {
    let body = match op.request_body.as_ref()? {
        ReferenceOr::Item(b) => b,
        ReferenceOr::Reference { reference } => {
            let target = reference
                .strip_prefix("#/components/requestBodies/")
                .and_then(|n| cx.spec.components.as_ref()?.request_bodies.get(n));
            match target {
                Some(ReferenceOr::Item(b)) => b,
                _ => {
                    enums.warn(Rule::BadReference, format!("{}/requestBody: `$ref: {reference}` names no request body of the spec; the call is generated without a body", cx.at));
                    return None;
                }
            }
        }
    };
    let media = body.content.get("application/json").or_else(|| {
        body.content
            .iter()
            .find(|(k, _)| k.contains("json"))
            .map(|(_, m)| m)
    });
    let Some(media) = media else {
        let kinds: Vec<&str> = body.content.keys().map(String::as_str).collect();
        enums.warn(Rule::UnsupportedSpec, format!("{}/requestBody: media types {kinds:?} are not supported (JSON only); the call is generated without a body", cx.at));
        return None;
    };
    let Some(schema) = media.schema.clone() else {
        enums.warn(
            Rule::UntypedSchema,
            format!(
                "{}/requestBody: the JSON body has no schema; it is typed as JSON",
                cx.at
            ),
        );
        return Some((
            ReferenceOr::Item(Schema {
                schema_data: Default::default(),
                schema_kind: SchemaKind::Any(Default::default()),
            }),
            body.required,
            media.example.clone(),
        ));
    };
    Some((schema, body.required, media.example.clone()))
}

/// The success type: the first 2xx answer with a JSON schema, if any (answers given by
/// `$ref` resolved from the spec's components).
pub(super) fn success_schema(op: &Operation, spec: &OpenAPI) -> Option<ReferenceOr<Schema>> {
    let mut codes: Vec<(&u16, &ReferenceOr<openapiv3::Response>)> = op
        .responses
        .responses
        .iter()
        .filter_map(|(c, r)| {
            if let StatusCode::Code(c) = c {
                Some((c, r))
            } else {
                None
            }
        })
        .collect();
    codes.sort_by_key(|(c, _)| **c);
    codes
        .into_iter()
        .filter(|(c, _)| (200..300).contains(*c))
        .find_map(|(_, r)| {
            let r = match r {
                ReferenceOr::Item(r) => r,
                ReferenceOr::Reference { reference } => {
                    match reference
                        .strip_prefix("#/components/responses/")
                        .and_then(|n| spec.components.as_ref()?.responses.get(n))?
                    {
                        ReferenceOr::Item(r) => r,
                        ReferenceOr::Reference { .. } => return None,
                    }
                }
            };
            r.content
                .get("application/json")
                .or_else(|| {
                    r.content
                        .iter()
                        .find(|(k, _)| k.contains("json"))
                        .map(|(_, m)| m)
                })
                .and_then(|m| m.schema.clone())
        })
}

/// The documented non-success answers of an operation: `404 (Not Found)`, as Markdown.
pub(super) fn error_statuses(op: &Operation) -> Vec<String> {
    let mut out: Vec<(u16, String)> = op
        .responses
        .responses
        .iter()
        .filter_map(|(c, r)| match c {
            StatusCode::Code(c) if *c >= 400 => {
                let what = match r {
                    ReferenceOr::Item(r) => r.description.trim().to_string(),
                    ReferenceOr::Reference { .. } => String::new(),
                };
                Some((*c, what))
            }
            _ => None,
        })
        .collect();
    out.sort();
    out.into_iter()
        .map(|(c, what)| {
            if what.is_empty() {
                c.to_string()
            } else {
                format!("{c} ({})", md::text(&what))
            }
        })
        .collect()
}
