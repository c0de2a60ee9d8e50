//! One API version → its module: an `Api` handle with one method per operation, each
//! returning a request builder. Required parameters and bodies are the method's arguments
//! (they cannot be forgotten); optional ones are builder setters; `send()` validates, signs
//! and sends; list operations with `page`/`size` also stream every item.

use indexmap::IndexMap;
use openapiv3::{
    OpenAPI, Operation, ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, StatusCode, Type,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::format::doc;
use super::models::{field_doc_text, value_checks};
use super::names;
use super::samples;
use super::types::{self, Enums};

/// What lib.rs needs to delegate the current version's operations.
pub struct OperationSig {
    /// The call with sample arguments (`.show_api("id")`), for the end-to-end test.
    pub sample_call: TokenStream,
    pub method: proc_macro2::Ident,
    pub builder: proc_macro2::Ident,
    pub args: Vec<TokenStream>,
    pub arg_names: Vec<proc_macro2::Ident>,
    pub doc: TokenStream,
}

struct Param {
    name: String,
    location: &'static str,
    required: bool,
    schema: ReferenceOr<Schema>,
    description: Option<String>,
}

/// The module of one version, and the signatures of its operations.
pub fn version_module(
    spec: &OpenAPI,
    schemas: &IndexMap<String, Schema>,
    api_version: &str,
    title: &str,
    status: &str,
    enums: &mut Enums,
) -> (TokenStream, Vec<OperationSig>) {
    let models = quote! { crate::models };
    let mut methods = Vec::new();
    let mut builders = Vec::new();
    let mut sigs = Vec::new();
    let mut statics = Vec::new();
    for (path, item) in &spec.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, op) in item.iter() {
            let Some(op_id) = op.operation_id.as_deref() else {
                continue;
            };
            let cx = Context {
                spec,
                models: &models,
                schemas,
            };
            let (method_tokens, builder, sig) =
                operation(method, path, op_id, op, &cx, enums, &mut statics);
            methods.push(method_tokens);
            builders.push(builder);
            sigs.push(sig);
        }
    }
    let module_doc = format!(
        " API version {} of {title} ({status}). Every call sends `Scp-Api-Version: {api_version}`.",
        spec.info.version
    );
    let api_doc = format!(" The operations of API version {}.", spec.info.version);
    let tokens = quote! {
        #![doc = #module_doc]
        use crate::runtime::http::{Request, Runtime};

        /// The `Scp-Api-Version` header of this module's calls.
        pub const API_VERSION: &str = #api_version;

        #(#statics)*

        #[doc = #api_doc]
        #[derive(Debug, Clone, Copy)]
        pub struct Api<'a> {
            rt: &'a Runtime,
        }

        impl<'a> Api<'a> {
            pub(crate) fn new(rt: &'a Runtime) -> Self {
                Api { rt }
            }
            #(#methods)*
        }

        #(#builders)*
    };
    (tokens, sigs)
}

fn params(op: &Operation) -> Vec<Param> {
    let mut out = Vec::new();
    for p in &op.parameters {
        // `$ref`s are the shared Scp-Api-Version header, which the client sends itself.
        let ReferenceOr::Item(p) = p else { continue };
        let (data, location) = crate::openapi::parameter_parts(p);
        let ParameterSchemaOrContent::Schema(schema) = &data.format else {
            continue;
        };
        if location == "cookie" {
            continue;
        }
        let mut description = data.description.clone();
        if let Some(e) = &data.example {
            let e = format!(
                "Example: `{}`",
                serde_json::to_string(e).unwrap_or_default()
            );
            description = Some(description.map_or(e.clone(), |d| format!("{d}\n\n{e}")));
        }
        if let Some(more) = field_doc_text(schema) {
            description = Some(description.map_or(more.clone(), |d| format!("{d}\n\n{more}")));
        }
        out.push(Param {
            name: data.name.clone(),
            location,
            required: data.required || location == "path",
            schema: schema.clone(),
            description,
        });
    }
    out
}

/// The success type: the first 2xx answer with a JSON schema, if any.
fn success_schema(op: &Operation) -> Option<ReferenceOr<Schema>> {
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
        .find_map(|(_, r)| match r {
            ReferenceOr::Item(r) => r
                .content
                .get("application/json")
                .and_then(|m| m.schema.clone()),
            ReferenceOr::Reference { .. } => None,
        })
}

/// A sample argument: a string literal for `impl Into<String>`, else the JSON read into the
/// parameter's type.
fn sample_arg(value: &serde_json::Value, is_string: bool) -> TokenStream {
    match (value, is_string) {
        (serde_json::Value::String(s), true) => quote! { #s },
        (other, true) => {
            let s = other.to_string();
            quote! { #s }
        }
        (other, false) => {
            let text = other.to_string();
            quote! { serde_json::from_str(#text).expect("a sample that reads as the parameter's type") }
        }
    }
}

/// What every operation of a version needs to see.
struct Context<'a> {
    /// The version's spec, for samples.
    spec: &'a OpenAPI,
    /// The path models are reached by.
    models: &'a TokenStream,
    /// The component schemas, to recognise list answers.
    schemas: &'a IndexMap<String, Schema>,
}

fn operation(
    method: &str,
    path: &str,
    op_id: &str,
    op: &Operation,
    cx: &Context,
    enums: &mut Enums,
    statics: &mut Vec<TokenStream>,
) -> (TokenStream, TokenStream, OperationSig) {
    let models = cx.models;
    let fn_name = names::snake(op_id);
    let builder = names::camel(op_id);
    let params = params(op);
    let mut fields = Vec::new();
    let mut ctor_args = Vec::new();
    let mut ctor_names = Vec::new();
    let mut sample_args: Vec<TokenStream> = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    let mut checks = Vec::new();
    let mut query = Vec::new();
    let mut headers = Vec::new();
    for p in &params {
        let f = names::snake(&p.name);
        let owner = format!("{builder}::{}", p.name);
        let ty = types::rust_type(&p.schema, &owner, models, enums);
        let is_string = ty.to_string() == "String";
        let array_item = array_item_type(&p.schema, &owner, models, enums);
        let pdoc = doc(p.description.as_deref());
        let at = format!("{}.{}", p.location, p.name);
        let check = value_checks(
            &p.schema,
            &quote! { v },
            &quote! { #at },
            &format!("{op_id}_{}", p.name),
            statics,
        );
        if p.required {
            fields.push(quote! { #f: #ty, });
            if is_string {
                ctor_args.push(quote! { #f: impl Into<String> });
                inits.push(quote! { #f: #f.into() });
            } else {
                ctor_args.push(quote! { #f: #ty });
                inits.push(quote! { #f });
            }
            ctor_names.push(f.clone());
            let example = samples::sample(&p.schema, cx.spec);
            sample_args.push(sample_arg(&example, is_string));
            if !check.is_empty() {
                checks.push(quote! { { let v = &self.#f; #check } });
            }
        } else {
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
        let value = if p.required {
            quote! { Some(&self.#f) }
        } else {
            quote! { self.#f.as_ref() }
        };
        match p.location {
            "query" if array_item.is_some() => {
                let nullable_items = item_nullable(&p.schema);
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
            "query" => query.push(quote! { req.query(#name, #value.map(|v| v.to_string())); }),
            "header" => {
                let lower = name.to_ascii_lowercase();
                headers.push(quote! { req.header(#lower, #value.map(|v| v.to_string())); });
            }
            _ => {}
        }
    }
    // The body: a required argument, or an optional setter.
    let mut body_send = quote! {};
    if let Some(ReferenceOr::Item(body)) = &op.request_body {
        if let Some(schema) = body
            .content
            .get("application/json")
            .and_then(|m| m.schema.clone())
        {
            let ty = types::rust_type(&schema, &format!("{builder}::body"), models, enums);
            if body.required {
                let example = body
                    .content
                    .get("application/json")
                    .and_then(|m| m.example.clone())
                    .unwrap_or_else(|| samples::sample(&schema, cx.spec));
                sample_args.push(sample_arg(&example, false));
                fields.push(quote! { body: #ty, });
                ctor_args.push(quote! { body: #ty });
                ctor_names.push(format_ident!("body"));
                inits.push(quote! { body });
                checks.push(
                    quote! { crate::runtime::validate::Validate::validate(&self.body, "body")?; },
                );
                body_send = quote! { req.json(&self.body)?; };
            } else {
                fields.push(quote! { body: Option<#ty>, });
                inits.push(quote! { body: None });
                setters.push(quote! {
                    /// The request body.
                    pub fn body(mut self, value: #ty) -> Self {
                        self.body = Some(value);
                        self
                    }
                });
                checks.push(
                    quote! { crate::runtime::validate::Validate::validate(&self.body, "body")?; },
                );
                body_send = quote! { if let Some(body) = &self.body { req.json(body)?; } };
            }
        }
    }
    let mutable =
        (!query.is_empty() || !headers.is_empty() || !body_send.is_empty()).then(|| quote! { mut });
    let (path_locals, path_expr) = path_expression(path, &params);
    let http_method = format_ident!("{}", method.to_ascii_uppercase());
    let success = success_schema(op);
    let (out_ty, call) = match &success {
        Some(schema) => {
            let t = types::rust_type(schema, &format!("{builder}::response"), models, enums);
            (t, quote! { self.rt.json(req).await })
        }
        None => (quote! { () }, quote! { self.rt.empty(req).await }),
    };
    let summary = op.summary.clone().unwrap_or_else(|| op_id.to_string());
    let mut text = summary.clone();
    if let Some(d) = &op.description {
        text.push_str("\n\n");
        text.push_str(d);
    }
    text.push_str(&format!("\n\n`{} {path}`", method.to_ascii_uppercase()));
    let op_doc = doc(Some(&text));
    let builder_doc = doc(Some(&format!(
        "The `{summary}` call: set its optional parameters, then `send()` it."
    )));
    let stream = pagination(&params, success.as_ref(), op, cx, enums);
    let method_tokens = quote! {
        #op_doc
        pub fn #fn_name(&self, #(#ctor_args),*) -> #builder<'a> {
            #builder::new(self.rt, #(#ctor_names),*)
        }
    };
    let builder_tokens = quote! {
        #builder_doc
        #[derive(Debug, Clone)]
        #[must_use = "a call does nothing until it is sent"]
        pub struct #builder<'a> {
            rt: &'a Runtime,
            #(#fields)*
        }

        impl<'a> #builder<'a> {
            fn new(rt: &'a Runtime, #(#ctor_args),*) -> Self {
                #builder { rt, #(#inits),* }
            }

            #(#setters)*

            /// Checks the documented constraints, then signs and sends the call.
            pub async fn send(self) -> Result<#out_ty, crate::Error> {
                #(#checks)*
                #path_locals
                let #mutable req = Request::new(reqwest::Method::#http_method, #path_expr, API_VERSION);
                #(#query)*
                #(#headers)*
                #body_send
                #call
            }

            #stream
        }
    };
    let sample_call = quote! { #fn_name(#(#sample_args),*) };
    let sig = OperationSig {
        sample_call,
        method: fn_name,
        builder,
        args: ctor_args,
        arg_names: ctor_names,
        doc: op_doc,
    };
    (method_tokens, builder_tokens, sig)
}

/// `/v1/apis/{api_id}` → locals holding the encoded path parameters, then
/// `format!("/v1/apis/{api_id}")` (plain identifiers keep the generated code readable).
fn path_expression(path: &str, params: &[Param]) -> (TokenStream, TokenStream) {
    let mut fmt = String::new();
    let mut locals = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        fmt.push_str(&rest[..start]);
        let name = &rest[start + 1..start + len];
        let field = names::snake(name);
        let local = format_ident!("{}_segment", names::snake_text(name));
        fmt.push_str(&format!("{{{local}}}"));
        let known = params
            .iter()
            .any(|p| p.location == "path" && p.name == name);
        locals.push(if known {
            quote! { let #local = crate::runtime::http::path_segment(#name, &self.#field.to_string())?; }
        } else {
            quote! { let #local = ""; }
        });
        rest = &rest[start + len + 1..];
    }
    fmt.push_str(rest);
    if locals.is_empty() {
        (TokenStream::new(), quote! { #fmt.to_string() })
    } else {
        (quote! { #(#locals)* }, quote! { format!(#fmt) })
    }
}

fn array_item_type(
    schema: &ReferenceOr<Schema>,
    owner: &str,
    models: &TokenStream,
    enums: &mut Enums,
) -> Option<TokenStream> {
    let ReferenceOr::Item(s) = schema else {
        return None;
    };
    let SchemaKind::Type(Type::Array(a)) = &s.schema_kind else {
        return None;
    };
    let items = a.items.as_ref()?;
    let item = types::rust_type(&types::unbox(items), &format!("{owner}Item"), models, enums);
    Some(if item_nullable(schema) {
        quote! { Option<#item> }
    } else {
        item
    })
}

fn item_nullable(schema: &ReferenceOr<Schema>) -> bool {
    matches!(schema, ReferenceOr::Item(s) if matches!(&s.schema_kind, SchemaKind::Type(Type::Array(a)) if matches!(&a.items, Some(ReferenceOr::Item(i)) if i.schema_data.nullable)))
}

/// `into_stream()` for list calls that take `page` and `size` and answer with a `count` and
/// one array of items.
fn pagination(
    params: &[Param],
    success: Option<&ReferenceOr<Schema>>,
    op: &Operation,
    cx: &Context,
    enums: &mut Enums,
) -> TokenStream {
    let has = |n: &str| {
        params
            .iter()
            .any(|p| p.name == n && p.location == "query" && !p.required)
    };
    if !has("page") || !has("size") || op.request_body.is_some() {
        return TokenStream::new();
    }
    let Some(ReferenceOr::Reference { reference }) = success else {
        return TokenStream::new();
    };
    let Some(model) = types::ref_name(reference) else {
        return TokenStream::new();
    };
    let Some(schema) = cx.schemas.get(model) else {
        return TokenStream::new();
    };
    let Some((list_field, item_ty, count_nullable)) = list_shape(model, schema, cx.models, enums)
    else {
        return TokenStream::new();
    };
    let list = names::snake(&list_field);
    let total = if count_nullable {
        quote! { page.count }
    } else {
        quote! { Some(page.count) }
    };
    quote! {
        /// Every item of every page, fetched lazily page by page from this call's `page`
        /// (default 0) with its `size` (default 20).
        pub fn into_stream(self) -> impl futures_util::Stream<Item = Result<#item_ty, crate::Error>> + 'a {
            let size = self.size.unwrap_or(20);
            let first = self.page.unwrap_or(0);
            let max_pages = self.rt.max_pages();
            crate::runtime::pagination::items(first, size, max_pages, move |page_number| {
                let call = self.clone().page(page_number).size(size);
                async move {
                    let page = call.send().await?;
                    Ok(crate::runtime::pagination::Page { items: page.#list, total: #total })
                }
            })
        }
    }
}

/// The list model's array field and item type, and whether `count` is nullable.
fn list_shape(
    model: &str,
    schema: &Schema,
    models: &TokenStream,
    enums: &mut Enums,
) -> Option<(String, TokenStream, bool)> {
    let SchemaKind::Type(Type::Object(o)) = &schema.schema_kind else {
        return None;
    };
    let count = o.properties.get("count")?;
    let count = types::unbox(count);
    let count_is_int = matches!(&count, ReferenceOr::Item(s) if matches!(s.schema_kind, SchemaKind::Type(Type::Integer(_))));
    if !count_is_int {
        return None;
    }
    let count_nullable = types::nullable(&count) || !o.required.iter().any(|r| r == "count");
    let arrays: Vec<(&String, ReferenceOr<Schema>)> = o
        .properties
        .iter()
        .map(|(n, s)| (n, types::unbox(s)))
        .filter(|(_, s)| matches!(s, ReferenceOr::Item(i) if matches!(i.schema_kind, SchemaKind::Type(Type::Array(_)))))
        .collect();
    let [(name, array)] = arrays.as_slice() else {
        return None;
    };
    let required = o.required.iter().any(|r| r == *name) && !types::nullable(array);
    if !required {
        return None;
    }
    let ReferenceOr::Item(a) = array else {
        return None;
    };
    let SchemaKind::Type(Type::Array(a)) = &a.schema_kind else {
        return None;
    };
    let item = types::rust_type(
        &types::unbox(a.items.as_ref()?),
        &format!("{model}::{name}Item"),
        models,
        enums,
    );
    Some(((*name).clone(), item, count_nullable))
}
