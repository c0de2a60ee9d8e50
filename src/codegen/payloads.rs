//! What an operation sends and gets back: its request body (`$ref`s resolved, JSON media
//! types chosen, others reported), its success type, and its documented error answers.

use crate::diag::Rule;
use openapiv3::{Operation, ReferenceOr, Schema, SchemaKind, StatusCode};

use super::context::Context;
use super::types::TypeSpace;
use crate::markdown as md;

/// How a body goes on the wire (or an answer comes back): its media type's family and the
/// media type itself (one a header can carry; a wildcard gives the family's plain type).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Media {
    /// A JSON media type (`application/json`, `application/merge-patch+json`).
    Json(String),
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`.
    Multipart,
    /// `text/*`: a `String`.
    Text(String),
    /// Any other media type: bytes (`crate::Binary`).
    Bytes(String),
}

impl Media {
    /// The family of a media type (`application/json; charset=utf-8` is JSON).
    fn of(media_type: &str) -> Media {
        let essence = media_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        let sendable = |fallback: &str| {
            if essence.contains('*') || !is_media_type(&essence) {
                fallback.to_string()
            } else {
                essence.clone()
            }
        };
        if essence.contains("json") {
            Media::Json(sendable("application/json"))
        } else if essence == "application/x-www-form-urlencoded" {
            Media::Form
        } else if essence == "multipart/form-data" {
            Media::Multipart
        } else if essence.starts_with("text/") {
            Media::Text(sendable("text/plain"))
        } else {
            Media::Bytes(sendable("application/octet-stream"))
        }
    }

    /// Which of several media types a client picks: JSON, then a form, multipart, text,
    /// bytes (the first of each kind).
    fn rank(&self) -> u8 {
        match self {
            Media::Json(_) => 0,
            Media::Form => 1,
            Media::Multipart => 2,
            Media::Text(_) => 3,
            Media::Bytes(_) => 4,
        }
    }
}

/// `type/subtype` of tokens: a media type a header can carry.
fn is_media_type(essence: &str) -> bool {
    essence.split_once('/').is_some_and(|(t, s)| {
        crate::vocab::names::is_header_token(t) && crate::vocab::names::is_header_token(s)
    })
}

/// The media type a client picks of `content`, with its entry; one that is no media type
/// (a wildcard is one) is reported, at `at`, with the plain type sent instead.
fn pick<'a>(
    content: &'a indexmap::IndexMap<String, openapiv3::MediaType>,
    at: &str,
    space: &mut TypeSpace,
) -> Option<(Media, &'a openapiv3::MediaType)> {
    let (key, media, entry) = content
        .iter()
        .map(|(k, m)| (k, Media::of(k), m))
        .min_by_key(|(_, media, _)| media.rank())?;
    let essence = key.split(';').next().unwrap_or_default().trim();
    if !is_media_type(essence) {
        let sent = match &media {
            Media::Json(t) | Media::Text(t) | Media::Bytes(t) => t.as_str(),
            Media::Form | Media::Multipart => "",
        };
        space.warn(
            Rule::UnsupportedSpec,
            format!(
                "{at}: {} is no media type a header can carry; `{sent}` is sent for it",
                crate::markdown::code(key)
            ),
        );
    }
    Some((media, entry))
}

/// What an operation sends: the body's schema (for text and bytes, the type those always
/// are), whether it is required, its example, and its media type.
pub(super) struct BodySpec {
    pub schema: ReferenceOr<Schema>,
    pub required: bool,
    pub example: Option<serde_json::Value>,
    pub media: Media,
}

fn any_schema() -> ReferenceOr<Schema> {
    ReferenceOr::Item(Schema {
        schema_data: Default::default(),
        schema_kind: SchemaKind::Any(Default::default()),
    })
}

fn string_schema(format: Option<openapiv3::StringFormat>) -> ReferenceOr<Schema> {
    ReferenceOr::Item(Schema {
        schema_data: Default::default(),
        schema_kind: SchemaKind::Type(openapiv3::Type::String(openapiv3::StringType {
            format: format.map_or(openapiv3::VariantOrUnknownOrEmpty::Empty, openapiv3::VariantOrUnknownOrEmpty::Item),
            ..Default::default()
        })),
    })
}

/// The request body, `$ref` resolved; `None` without one (or with one that names nothing,
/// reported).
pub(super) fn body_spec(op: &Operation, cx: &Context, enums: &mut TypeSpace) -> Option<BodySpec> {
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
    let Some((media, entry)) = pick(&body.content, &format!("{}/requestBody", cx.at), enums) else {
        enums.warn(
            Rule::UnsupportedSpec,
            format!(
                "{}/requestBody: no media type is given; the call is generated without a body",
                cx.at
            ),
        );
        return None;
    };
    if !entry.encoding.is_empty() && matches!(media, Media::Form | Media::Multipart) {
        enums.warn(
            Rule::UnsupportedSpec,
            format!(
                "{}/requestBody: the `encoding` of the parts is not followed: each is sent in OpenAPI's default form",
                cx.at
            ),
        );
    }
    let schema = match &media {
        Media::Text(_) => string_schema(None),
        Media::Bytes(_) => string_schema(Some(openapiv3::StringFormat::Binary)),
        Media::Json(_) | Media::Form | Media::Multipart => match entry.schema.clone() {
            Some(s) => s,
            None => {
                enums.warn(
                    Rule::AnyValue,
                    format!(
                        "{}/requestBody: the body has no schema; it is typed as JSON",
                        cx.at
                    ),
                );
                any_schema()
            }
        },
    };
    Some(BodySpec {
        schema,
        required: body.required,
        example: entry.example.clone(),
        media,
    })
}

/// What a success answer is: its schema (for text and bytes, the type those always are) and
/// media type; `None` for an answer without a body.
pub(super) struct AnswerSpec {
    pub schema: ReferenceOr<Schema>,
    pub media: Media,
}

/// The success answer: the first 2xx answer with content (answers given by `$ref` resolved
/// from the spec's components), its media type picked as a request's is.
pub(super) fn answer_spec(op: &Operation, cx: &Context, enums: &mut TypeSpace) -> Option<AnswerSpec> {
    let spec = cx.spec;
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
    let (code, (media, entry)) = codes
        .into_iter()
        .filter(|(c, _)| (200..300).contains(*c))
        .find_map(|(code, r)| {
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
            pick(&r.content, &format!("{}/responses/{code}", cx.at), enums)
                .map(|picked| (code, picked))
        })?;
    let schema = match &media {
        Media::Text(_) => string_schema(None),
        Media::Json(_) => match entry.schema.clone() {
            Some(s) => s,
            None => {
                enums.warn(
                    Rule::AnyValue,
                    format!(
                        "{}/responses/{code}: the answer has no schema; it is typed as JSON",
                        cx.at
                    ),
                );
                any_schema()
            }
        },
        // Form and multipart answers are bytes to a client (it does not parse them).
        Media::Bytes(_) | Media::Form | Media::Multipart => {
            string_schema(Some(openapiv3::StringFormat::Binary))
        }
    };
    let media = match media {
        Media::Form => Media::Bytes("application/x-www-form-urlencoded".into()),
        Media::Multipart => Media::Bytes("multipart/form-data".into()),
        other => other,
    };
    Some(AnswerSpec { schema, media })
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
