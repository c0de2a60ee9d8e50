//! An operation's request builder as tokens: its fields, constructor, setters, the checks
//! and wire forms of `send()` and, for lists, `into_stream()`. Emitted from the
//! [`BuilderModel`] the operation resolved into (op_model.rs); operations.rs places it in
//! its version's module.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::checks::{value_checks, Statics};
use super::format::doc_raw;
use super::names;
use super::op_model::{BuilderModel, ParamModel, PathPiece};
use super::params::{wire_text, Wire};
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
        args.push(quote! { #f: #ty });
        names.push(f.clone());
    }
    (args, names)
}

/// The builder: its fields, constructor, setters, `send()` and, for lists, `into_stream()`.
pub fn builder_tokens(b: &BuilderModel, models: &TokenStream, statics: &mut Statics) -> TokenStream {
    let builder = &b.name;
    let by_name = b.by_name;
    let mut fields = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    let mut checks = Vec::new();
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
            checks.push(quote! { crate::runtime::validate::required(#at, #setter_name, self.#f.is_some())?; });
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
        let value = if p.required && !by_name {
            quote! { Some(&self.#f) }
        } else {
            quote! { self.#f.as_ref() }
        };
        let text = wire_text(pm.wire, &at);
        match (p.location, pm.wire) {
            (ParamIn::Query, Wire::List { nullable_items }) => {
                let iter = if nullable_items {
                    quote! { v.iter().flatten() }
                } else {
                    quote! { v.iter() }
                };
                query.push(quote! {
                    if let Some(v) = #value {
                        req.query_all(#name, #iter.map(|x| x.to_string()));
                    }
                });
            }
            (ParamIn::Query, Wire::Text) => {
                query.push(quote! { req.query(#name, #value.map(|v| v.to_string())); })
            }
            (ParamIn::Query, _) => {
                query.push(quote! { if let Some(v) = #value { req.query(#name, Some(#text)); } })
            }
            (ParamIn::Header, Wire::Text) => {
                let lower = name.to_ascii_lowercase();
                headers.push(quote! { req.header(#lower, #value.map(|v| v.to_string())); });
            }
            (ParamIn::Header, _) => {
                let lower = name.to_ascii_lowercase();
                headers
                    .push(quote! { if let Some(v) = #value { req.header(#lower, Some(#text)); } });
            }
            // Path parameters go into the path (`path_expression`); cookies were left out,
            // and reported, by `params`.
            _ => {}
        }
    }
    // The body: a required argument, or an optional setter.
    let mut body_send = quote! {};
    if let Some(body) = &b.body {
        let (bf, ty) = (&body.field, body.ty.tokens(models));
        if body.required {
            fields.push(quote! { #bf: #ty, });
            inits.push(quote! { #bf });
            body_send = quote! { req.json(&self.#bf)?; };
        } else {
            fields.push(quote! { #bf: Option<#ty>, });
            inits.push(quote! { #bf: None });
            setters.push(quote! {
                /// The request body.
                pub fn #bf(mut self, value: #ty) -> Self {
                    self.#bf = Some(value);
                    self
                }
            });
            body_send = quote! { if let Some(body) = &self.#bf { req.json(body)?; } };
        }
        checks.push(quote! { crate::runtime::validate::Validate::validate(&self.#bf, "body")?; });
    }
    let (ctor_args, _) = constructor(b, models);
    let mutable =
        (!query.is_empty() || !headers.is_empty() || !body_send.is_empty()).then(|| quote! { mut });
    let (path_locals, path_expr) = path_expression(&b.path, &b.params, by_name);
    let http_method = format_ident!("{}", b.method.as_upper());
    let op_id = &b.op_id;
    let (out_ty, call) = match &b.answer {
        Some(ty) => (ty.tokens(models), quote! { self.rt.json(req).await }),
        None => (quote! { () }, quote! { self.rt.empty(req).await }),
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
            #(#fields)*
        }

        impl #builder {
            pub(crate) fn new(rt: std::sync::Arc<Runtime>, api_version: &'static str, #(#ctor_args),*) -> Self {
                #builder { rt, api_version, #(#inits),* }
            }

            #(#setters)*

            /// Checks the documented constraints, then signs and sends the call.
            pub async fn send(self) -> Result<#out_ty, crate::Error> {
                #(#checks)*
                #path_locals
                let #mutable req = Request::new(reqwest::Method::#http_method, #path_expr, self.api_version).operation(#op_id);
                #(#query)*
                #(#headers)*
                #body_send
                #call
            }

            #stream
        }
    }
}

/// The path → locals holding the encoded path parameters, then
/// `format!("/v1/apis/{api_id_segment}")` (plain identifiers keep the generated code
/// readable; literal braces cannot occur, the template's parser refuses them). Every
/// variable is a documented path parameter (the operation's model says so).
fn path_expression(
    pieces: &[PathPiece],
    params: &[ParamModel],
    by_name: bool,
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
        let text = match pm.wire {
            Wire::Text => quote! { v.to_string() },
            wire => wire_text(wire, &format!("path.{name}")),
        };
        // A path parameter taken by setter was checked to be set (`validate::required`).
        let value = if by_name {
            quote! { self.#field.as_ref().map(|v| #text).unwrap_or_default() }
        } else {
            quote! { { let v = &self.#field; #text } }
        };
        locals.push(quote! { let #local = crate::runtime::http::path_segment(#name, &#value)?; });
    }
    if locals.is_empty() {
        (TokenStream::new(), quote! { #fmt.to_string() })
    } else {
        (quote! { #(#locals)* }, quote! { format!(#fmt) })
    }
}
