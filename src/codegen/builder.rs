//! An operation's request builder as tokens: its fields, constructor, setters, the checks
//! and wire forms of `send()` and, for lists, `into_stream()`. Emitted from the
//! [`BuilderModel`] the operation resolved into (op_model.rs); operations.rs places it in
//! its version's module.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::checks::{value_checks, Statics};
use super::format::doc_raw;
use super::names;
use super::ir::Ty;
use super::op_model::{BuilderModel, ParamModel, PathPiece};
use super::payloads::Media;
use super::params::Wire;
use crate::markdown as md;
use crate::vocab::ParamIn;

/// The constructor's arguments (required values taken positionally, then a required body)
/// and their names.
pub fn constructor(b: &BuilderModel, models: &TokenStream) -> (Vec<TokenStream>, Vec<Ident>) {
    let mut args = Vec::new();
    let mut names = Vec::new();
    for p in b.params.iter().filter(|p| p.param.required && !b.by_name) {
        let f = &p.param.field;
        let ty = p.ty.tokens(models);
        args.push(if p.ty.is_string() {
            quote! { #f: impl Into<String> }
        } else {
            quote! { #f: #ty }
        });
        names.push(f.clone());
    }
    if let Some(body) = b.body.as_ref().filter(|body| body.required) {
        let (f, ty) = (&body.field, body.ty.tokens(models));
        args.push(match body_into(&body.ty) {
            Some(into) => quote! { #f: #into },
            None => quote! { #f: #ty },
        });
        names.push(f.clone());
    }
    (args, names)
}

/// The argument type of a body taken by conversion (`impl Into<String>` for text,
/// `impl Into<crate::Binary>` for bytes), or `None` for one taken as it is.
fn body_into(ty: &Ty) -> Option<TokenStream> {
    match ty {
        Ty::String => Some(quote! { impl Into<String> }),
        Ty::Binary => Some(quote! { impl Into<crate::Binary> }),
        _ => None,
    }
}

/// The statement that puts the body `value` (a `&T`) into the request as its media says.
fn body_statement(media: &Media, value: TokenStream) -> TokenStream {
    match media {
        Media::Json(t) if t == "application/json" => quote! { req.json(#value)?; },
        Media::Json(t) => quote! { req.json_as(#value, #t)?; },
        Media::Form => quote! { req.form(#value)?; },
        Media::Multipart => quote! { req.multipart(#value)?; },
        Media::Text(t) => quote! { req.text(#value, #t); },
        Media::Bytes(t) => quote! { req.bytes(#value, #t); },
    }
}

/// The builder: its fields, constructor, setters, `send()` and, for lists, `into_stream()`.
pub fn builder_tokens(b: &BuilderModel, models: &TokenStream, statics: &mut Statics) -> TokenStream {
    let builder = &b.name;
    let by_name = b.by_name;
    let mut fields = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    // Checks of documented constraints (a client or call may turn them off), and checks that
    // the call is what it says (required values set), which stay.
    let mut checks = Vec::new();
    let mut required = Vec::new();
    let mut query = Vec::new();
    let mut headers = Vec::new();
    for pm in &b.params {
        let p = &pm.param;
        let f = &p.field;
        let ty = pm.ty.tokens(models);
        let is_string = pm.ty.is_string();
        let array_item = pm.ty.list_item().map(|item| item.tokens(models));
        let mut pdoc = p
            .doc
            .clone()
            .unwrap_or_else(|| format!("The {} parameter {}.", p.location, md::code(&p.name)));
        if p.required && by_name {
            pdoc.push_str("\n\nRequired: `send()` refuses the call until it is set.");
        }
        let pdoc = doc_raw(&pdoc);
        let at = format!("{}.{}", p.location, p.name);
        let check = value_checks(
            &p.schema,
            &pm.ty,
            &quote! { v },
            &quote! { #at },
            &format!(
                "{}_{}",
                b.fn_name.to_string().trim_start_matches("r#"),
                p.name
            ),
            statics,
        );
        let setter_name = f.to_string().trim_start_matches("r#").to_string();
        if p.required && by_name {
            // Taken by setter; `send()` refuses the call while it is unset.
            required.push(quote! { crate::runtime::validate::required(#at, #setter_name, self.#f.is_some())?; });
        } else if p.required {
            fields.push(quote! { #f: #ty, });
            inits.push(if is_string {
                quote! { #f: #f.into() }
            } else {
                quote! { #f }
            });
            if !check.is_empty() {
                checks.push(quote! { { let v = &self.#f; #check } });
            }
        }
        if !p.required || by_name {
            fields.push(quote! { #f: Option<#ty>, });
            inits.push(quote! { #f: None });
            let (arg, value) = match (&array_item, is_string) {
                (Some(item), _) => (
                    quote! { impl IntoIterator<Item = #item> },
                    quote! { value.into_iter().collect() },
                ),
                (None, true) => (quote! { impl Into<String> }, quote! { value.into() }),
                (None, false) => (quote! { #ty }, quote! { value }),
            };
            setters.push(quote! {
                #pdoc
                pub fn #f(mut self, value: #arg) -> Self {
                    self.#f = Some(#value);
                    self
                }
            });
            if !check.is_empty() {
                checks.push(quote! { if let Some(v) = &self.#f { #check } });
            }
        }
        let name = &p.name;
        match p.location {
            ParamIn::Query => query.push(match pm.param.wire {
                Wire::Styled { style, explode } => {
                    let style = style.tokens();
                    quote! { req.query_param(#name, #style, #explode, &self.#f)?; }
                }
                Wire::Json => quote! {
                    req.query(#name, style::json(#at, &self.#f)?);
                },
            }),
            ParamIn::Header => {
                let lower = name.to_ascii_lowercase();
                headers.push(match pm.param.wire {
                    Wire::Styled { explode, .. } => {
                        quote! { req.header_param(#lower, #explode, &self.#f)?; }
                    }
                    Wire::Json => quote! {
                        req.header(#lower, style::json(#at, &self.#f)?);
                    },
                })
            }
            ParamIn::Cookie => headers.push(match pm.param.wire {
                Wire::Styled { explode, .. } => {
                    quote! { req.cookie_param(#name, #explode, &self.#f)?; }
                }
                Wire::Json => quote! {
                    req.cookie_param(#name, false, &style::json(#at, &self.#f)?)?;
                },
            }),
            // Path parameters go into the path (`path_expression`).
            ParamIn::Path => {}
        }
    }
    // The body: a required argument, or an optional setter.
    let mut body_send = quote! {};
    if let Some(body) = &b.body {
        let (bf, ty) = (&body.field, body.ty.tokens(models));
        let into = body_into(&body.ty);
        if body.required {
            fields.push(quote! { #bf: #ty, });
            inits.push(match into {
                Some(_) => quote! { #bf: #bf.into() },
                None => quote! { #bf },
            });
            body_send = body_statement(&body.media, quote! { &self.#bf });
        } else {
            fields.push(quote! { #bf: Option<#ty>, });
            inits.push(quote! { #bf: None });
            let (arg, value) = match into {
                Some(into) => (into, quote! { value.into() }),
                None => (ty.clone(), quote! { value }),
            };
            setters.push(quote! {
                /// The request body.
                pub fn #bf(mut self, value: #arg) -> Self {
                    self.#bf = Some(#value);
                    self
                }
            });
            let statement = body_statement(&body.media, quote! { body });
            body_send = quote! { if let Some(body) = &self.#bf { #statement } };
        }
        checks.push(quote! { crate::runtime::validate::Validate::validate(&self.#bf, "body")?; });
    }
    let (ctor_args, _) = constructor(b, models);
    let mutable =
        (!query.is_empty() || !headers.is_empty() || !body_send.is_empty()).then(|| quote! { mut });
    let (path_locals, path_expr) = path_expression(&b.path, &b.params);
    let http_method = format_ident!("{}", b.method.as_upper());
    let op_id = &b.op_id;
    let checks = (!checks.is_empty()).then(|| {
        quote! {
            if self.rt.check_constraints(&self.overrides) {
                #(#checks)*
            }
        }
    });
    let (out_ty, call) = match &b.answer {
        Some(answer) => (
            answer.ty.tokens(models),
            match &answer.media {
                Media::Text(_) => quote! { self.rt.text(req).await },
                Media::Bytes(_) | Media::Form | Media::Multipart => {
                    quote! { self.rt.binary(req).await }
                }
                Media::Json(_) => quote! { self.rt.json(req).await },
            },
        ),
        None => (quote! { () }, quote! { self.rt.empty(req).await }),
    };
    // What the call accepts, when it is not the runtime's `application/json`.
    let accept = match b.answer.as_ref().map(|a| &a.media) {
        Some(Media::Json(t) | Media::Text(t) | Media::Bytes(t)) if t != "application/json" => {
            quote! { .accept(#t) }
        }
        _ => quote! {},
    };
    let builder_doc = doc_raw(&if by_name {
        format!(
            "The {} call: set its parameters (the required ones too: its required values share a type, so they are named), then `send()` it.",
            md::code(&b.summary)
        )
    } else {
        format!(
            "The {} call: set its optional parameters, then `send()` it.",
            md::code(&b.summary)
        )
    });
    let stream = b
        .paging
        .as_ref()
        .map(|p| super::pagination::stream(p, models));
    quote! {
        #builder_doc
        #[derive(Debug, Clone)]
        #[must_use = "a call does nothing until it is sent"]
        pub struct #builder {
            rt: std::sync::Arc<Runtime>,
            /// The `Scp-Api-Version` of the version module the call was made from.
            api_version: &'static str,
            /// This call's changes of the client's configuration.
            overrides: crate::Overrides,
            #(#fields)*
        }

        impl #builder {
            pub(crate) fn new(rt: std::sync::Arc<Runtime>, api_version: &'static str, #(#ctor_args),*) -> Self {
                #builder { rt, api_version, overrides: crate::Overrides::default(), #(#inits),* }
            }

            #(#setters)*

            /// Changes of the client's configuration for this call: its timeout, deadline,
            /// retries, endpoint, strict answers or constraint checks.
            pub fn overrides(mut self, overrides: crate::Overrides) -> Self {
                self.overrides = overrides;
                self
            }

            /// Checks the documented constraints, then signs and sends the call; the answer
            /// comes with its status, headers and the values the client filled in
            /// ([`Output`](crate::Output)).
            pub async fn send(self) -> Result<crate::Output<#out_ty>, crate::Error> {
                #(#required)*
                #checks
                #path_locals
                let #mutable req = Request::new(reqwest::Method::#http_method, #path_expr, self.api_version).operation(#op_id)#accept.with_overrides(self.overrides);
                #(#query)*
                #(#headers)*
                #body_send
                #call
            }

            #stream
        }
    }
}

/// What of the runtime's `style` module a builder's code names: the module (`style::path`,
/// `style::json`), and the `Style` enum.
pub fn style_uses(b: &BuilderModel) -> (bool, bool) {
    let mut module = false;
    let mut styles = false;
    for p in &b.params {
        match (p.param.location, p.param.wire) {
            (ParamIn::Path, Wire::Styled { .. }) => (module, styles) = (true, true),
            (ParamIn::Path, Wire::Json) => (module, styles) = (true, true),
            (ParamIn::Query, Wire::Styled { .. }) => styles = true,
            (_, Wire::Json) => module = true,
            _ => {}
        }
    }
    (module, styles)
}

/// The path → locals holding the encoded path parameters, then
/// `format!("/v1/apis/{api_id_segment}")` (plain identifiers keep the generated code
/// readable; literal braces cannot occur, the template's parser refuses them). Every
/// variable is a documented path parameter (the operation's model says so).
fn path_expression(
    pieces: &[PathPiece],
    params: &[ParamModel],
) -> (TokenStream, TokenStream) {
    let mut fmt = String::new();
    let mut locals = Vec::new();
    // One local per path variable, named in a scope of its own (two fields can join to one
    // text); a variable used twice reuses its local.
    let mut local_names = names::Scope::snake(&[]);
    let mut done: std::collections::HashMap<&str, proc_macro2::Ident> =
        std::collections::HashMap::new();
    let path_params: std::collections::HashMap<&str, &ParamModel> = params
        .iter()
        .filter(|p| p.param.location == ParamIn::Path)
        .map(|p| (p.param.name.as_str(), p))
        .collect();
    for piece in pieces {
        let name = match piece {
            PathPiece::Literal(l) => {
                fmt.push_str(l);
                continue;
            }
            PathPiece::Variable(v) => v.as_str(),
        };
        let Some(&pm) = path_params.get(name) else {
            continue;
        };
        let field = &pm.param.field;
        if let Some(local) = done.get(name) {
            fmt.push_str(&format!("{{{local}}}"));
            continue;
        }
        let local =
            names::ident(&local_names.claim_text(names::snake_join(&field.to_string(), "segment")));
        fmt.push_str(&format!("{{{local}}}"));
        done.insert(name, local.clone());
        // A path parameter taken by setter was checked to be set (`validate::required`); an
        // unset value is refused by the runtime too.
        locals.push(match pm.param.wire {
            Wire::Styled { style, explode } => {
                let style = style.tokens();
                quote! { let #local = style::path(#name, #style, #explode, &self.#field)?; }
            }
            Wire::Json => {
                let at = format!("path.{name}");
                quote! {
                    let #local = style::path(#name, Style::Simple, false, &style::json(#at, &self.#field)?)?;
                }
            }
        });
    }
    if locals.is_empty() {
        (TokenStream::new(), quote! { #fmt.to_string() })
    } else {
        (quote! { #(#locals)* }, quote! { format!(#fmt) })
    }
}
