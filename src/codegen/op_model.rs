//! An operation resolved: what its builder, its method and its docs are made of, as data,
//! before any token is written. Resolving names the operation's types in the type space and
//! reports what cannot be generated; the emitters (operations.rs) only turn a model into
//! tokens. Two versions whose builders resolve to equal [`BuilderModel`]s share one builder.

use crate::diag::Rule;
use openapiv3::Operation;
use proc_macro2::Ident;

pub(super) use super::context::Context;
use super::ir::Ty;
use super::names::Scope;
use super::op_doc::{op_text, ExampleArg};
use super::pagination::{paging, Paging};
use super::params::{by_name, params, Param};
use super::payloads::{answer_spec, body_spec, Media};
use super::samples;
use super::types::{self, TypeSpace};
use crate::vocab::{Method, ParamIn};

/// The names an operation got in its module.
pub struct OpNames {
    /// The `Operations`/`Client` method.
    pub method: Ident,
    /// The builder type.
    pub builder: Ident,
}

/// A builder's own field and methods: a parameter must not take their names.
const BUILDER_MEMBERS: &[&str] = &[
    "rt",
    "api_version",
    "overrides",
    "new",
    "send",
    "pages",
    "into_stream",
    "clone",
    "fmt",
];

/// A piece of the path: text as it is, or the value of a path parameter (by its name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPiece {
    Literal(String),
    Variable(String),
}

/// A parameter (with how it goes on the wire) and its Rust type.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamModel {
    pub param: Param,
    pub ty: Ty,
}

/// The request body.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyModel {
    /// The builder field holding it.
    pub field: Ident,
    pub ty: Ty,
    pub required: bool,
    /// How it is sent.
    pub media: Media,
}

/// The success answer.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerModel {
    pub ty: Ty,
    /// How it comes back (and what the call accepts).
    pub media: Media,
}

/// Everything the builder's tokens are made of.
#[derive(Debug, Clone, PartialEq)]
pub struct BuilderModel {
    pub name: Ident,
    /// The operation method's name: patterns' statics are named after it.
    pub fn_name: Ident,
    /// The operation's name in tracing spans.
    pub op_id: String,
    pub method: Method,
    pub path: Vec<PathPiece>,
    /// Path parameters in path order, then the others in the spec's order.
    pub params: Vec<ParamModel>,
    /// Whether required values are named setters (two share a type, or there are many).
    pub by_name: bool,
    pub body: Option<BodyModel>,
    /// The success answer; `None` for an empty answer.
    pub answer: Option<AnswerModel>,
    pub paging: Option<Paging>,
    /// The operation's title, in the builder's doc.
    pub summary: String,
}

/// An operation resolved.
#[derive(Debug, Clone)]
pub struct OpModel {
    pub builder: BuilderModel,
    /// The method's doc (Markdown, input escaped), without its example.
    pub doc: String,
    /// The doc example's arguments and setters.
    pub example_args: Vec<ExampleArg>,
    pub example_setters: Vec<(Ident, ExampleArg)>,
    /// Sample values for the end-to-end test's call: `(value, is a string)` per argument,
    /// and per named setter.
    pub sample_args: Vec<(serde_json::Value, bool)>,
    pub sample_setters: Vec<(Ident, serde_json::Value, bool)>,
}

/// Resolves one operation; `None` (with an error in `enums`) when it cannot be generated.
pub(super) fn resolve(
    method: Method,
    path: &str,
    item: &openapiv3::PathItem,
    op: &Operation,
    names: OpNames,
    cx: &Context,
    enums: &mut TypeSpace,
) -> Option<OpModel> {
    let OpNames {
        method: fn_name,
        builder,
    } = names;
    enums.set_place(cx.at);
    // The operation's name in tracing spans: the spec's id, else the method's.
    let op_id = op
        .operation_id
        .clone()
        .filter(|id| !id.trim().is_empty())
        .unwrap_or_else(|| fn_name.to_string().trim_start_matches("r#").to_string());
    let template = match crate::vocab::PathTemplate::parse(path) {
        Ok(t) => t,
        Err(problems) => {
            enums.error(
                Rule::BadPath,
                format!(
                    "{}: path `{path}`: {}; the operation cannot be generated",
                    cx.at,
                    problems.join("; ")
                ),
            );
            return None;
        }
    };
    let mut field_names = Scope::snake(BUILDER_MEMBERS);
    let body = body_spec(op, cx, enums);
    let body_field = body.as_ref().map(|_| field_names.claim("body"));
    let mut params = params(item, op, cx.spec, &mut field_names, cx.at, enums);
    // A path parameter the template does not hold would never be sent.
    let variables: Vec<&str> = template.variables().collect();
    // Each variable's first place in the path (indexes: paths and parameter lists may be long).
    let mut position: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, v) in variables.iter().enumerate() {
        position.entry(v).or_insert(i);
    }
    params.retain(|p| {
        let keep = p.location != ParamIn::Path || position.contains_key(p.name.as_str());
        if !keep {
            enums.warn(
                Rule::PathParameterUnused,
                format!(
                    "{}: path parameter `{}` is not in the path `{path}`; it is left out",
                    cx.at, p.name
                ),
            );
        }
        keep
    });
    // Path arguments in the order the path names them (`delete_stage(api_id, stage_name)` for
    // `/apis/{api_id}/stages/{stage_name}`), before the other parameters, which keep the
    // spec's order: two strings swapped by mistake would compile silently otherwise.
    params.sort_by_key(|p| match p.location {
        ParamIn::Path => position.get(p.name.as_str()).copied().unwrap_or(0),
        _ => variables.len(),
    });
    // The types of the parameters, once. Two required values of one type
    // (`/apis/{api_id}/stages/{stage_name}`) are taken by named setters instead of
    // positional arguments, which could be swapped and still compile; so are more than five.
    let resolved: Vec<Ty> = params
        .iter()
        .map(|p| types::rust_type(&p.schema, &format!("{builder}::{}", p.name), enums))
        .collect();
    let required_body = body.as_ref().is_some_and(|b| b.required);
    let by_name = by_name(&params, &resolved, required_body);
    let mut example_args = Vec::new();
    let mut example_setters = Vec::new();
    let mut sample_args = Vec::new();
    let mut sample_setters = Vec::new();
    let mut models = Vec::with_capacity(params.len());
    for (p, ty) in params.iter().zip(resolved) {
        let sample = samples::sample(&p.schema, cx.spec);
        let setter_name = p.field.to_string().trim_start_matches("r#").to_string();
        let shown = p.example.as_ref().unwrap_or(&sample);
        let example = ExampleArg::of(&setter_name, shown, &ty);
        if p.required && by_name {
            sample_setters.push((p.field.clone(), sample, ty.is_string()));
            example_setters.push((p.field.clone(), example));
        } else if p.required {
            sample_args.push((sample, ty.is_string()));
            example_args.push(example);
        }
        models.push(ParamModel {
            param: p.clone(),
            ty,
        });
    }
    let body = match (body, body_field) {
        (Some(spec), Some(field)) => {
            let ty = types::rust_type(&spec.schema, &format!("{builder}::body"), enums);
            if spec.required {
                let example = spec
                    .example
                    .unwrap_or_else(|| samples::sample(&spec.schema, cx.spec));
                // Text and bytes take a string literal (`impl Into<..>`).
                sample_args.push((example.clone(), matches!(ty, Ty::String | Ty::Binary)));
                // A model body is built with its constructor in the doc example, from the
                // sample's values where they are plain.
                let built = super::op_doc::constructed(&spec.schema, &ty, &example, enums);
                example_args.push(built.unwrap_or_else(|| ExampleArg::Given {
                    name: field.to_string(),
                    ty: ty.clone(),
                }));
            }
            Some(BodyModel {
                field,
                ty,
                required: spec.required,
                media: spec.media,
            })
        }
        _ => None,
    };
    // Every variable of the path is a documented path parameter, or no call can be made.
    for v in &variables {
        if !params
            .iter()
            .any(|p| p.location == ParamIn::Path && p.name == *v)
        {
            enums.error(Rule::UndocumentedPathVariable, format!(
                "{}: the path names `{{{v}}}`, which no path parameter documents; the operation cannot be generated",
                cx.at
            ));
            return None;
        }
    }
    let success = answer_spec(op, cx, enums);
    let answer = success.as_ref().map(|a| AnswerModel {
        ty: types::rust_type(&a.schema, &format!("{builder}::response"), enums),
        media: a.media.clone(),
    });
    let (doc, summary) = op_text(op, &fn_name, method, path);
    // Only a JSON answer can be a page of a listing.
    let json_answer = success
        .as_ref()
        .zip(answer.as_ref())
        .filter(|(a, _)| matches!(a.media, Media::Json(_)))
        .map(|(a, model)| (&a.schema, &model.ty));
    let paging = paging(&params, json_answer, op, cx, enums);
    let path = template
        .pieces
        .iter()
        .map(|p| match p {
            crate::vocab::path::Piece::Literal(l) => PathPiece::Literal(l.to_string()),
            crate::vocab::path::Piece::Variable(v) => PathPiece::Variable(v.to_string()),
        })
        .collect();
    Some(OpModel {
        builder: BuilderModel {
            name: builder,
            fn_name,
            op_id,
            method,
            path,
            params: models,
            by_name,
            body,
            answer,
            paging,
            summary,
        },
        doc,
        example_args,
        example_setters,
        sample_args,
        sample_setters,
    })
}
