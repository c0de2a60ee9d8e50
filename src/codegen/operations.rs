//! One API version → its module: an `Operations` handle with one method per operation, each
//! returning a request builder. Required parameters and bodies are the method's arguments
//! (they cannot be forgotten); optional ones are builder setters; `send()` validates, signs
//! and sends; list operations with `page`/`size` also stream every item.

use indexmap::IndexMap;
use openapiv3::{OpenAPI, Operation, ReferenceOr, Schema};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::checks::{value_checks, Statics};
use super::format::doc_raw;
use super::ir::Ty;
use super::names::{self, Scope};
use super::op_doc::{op_text, type_text, Example, ExampleArg};
use super::pagination::pagination;
use super::params::{params, path_expression, pointer_segment, same_type_twice};
use super::params::{wire_of, wire_text, Wire};
use super::payloads::{body_schema, success_schema};
use super::samples;
use super::types::{self, TypeSpace};
use crate::markdown as md;
use crate::vocab::ParamIn;

/// What lib.rs needs to delegate the current version's operations.
pub struct OperationSig {
    /// The call with sample arguments (`.show_api("id")`), for the end-to-end test.
    pub sample_call: TokenStream,
    pub method: proc_macro2::Ident,
    pub builder: proc_macro2::Ident,
    pub args: Vec<TokenStream>,
    pub arg_names: Vec<proc_macro2::Ident>,
    /// The doc of the crate root's method (its example calls `client.method(..)`).
    pub client_doc: TokenStream,
}

/// Names the generated code uses in a version module: builders must not take them.
const MODULE_TYPES: &[&str] = &["Operations", "Request", "Runtime"];

/// Methods of `Client` and of a version's `Operations` handle besides the operations (the version
/// accessors are added per crate): an operation must not take their names.
pub const HANDLE_METHODS: &[&str] = &[
    "new",
    "from_env",
    "from_shared",
    "with_endpoint",
    "shared_config",
    "base_url",
    "rt",
    "clone",
    "fmt",
];

/// A builder's own field and methods: a parameter must not take their names.
const BUILDER_MEMBERS: &[&str] = &[
    "rt",
    "api_version",
    "new",
    "send",
    "into_stream",
    "clone",
    "fmt",
];

/// What the version modules of one crate share: the operation method names' scope (with
/// the handles' own methods and the version accessors reserved), and the builders emitted.
#[derive(Debug)]
pub struct CrateScope {
    pub methods: Scope,
    pub shared: SharedBuilders,
    /// The crate's name in Rust, for doc examples.
    pub krate: proc_macro2::Ident,
}

/// Builders already emitted by a newer API version, by their tokens: an older version whose
/// builder is the same, token for token, re-exports it and only passes its own
/// `Scp-Api-Version` (36 of the 43 builders of API Gateway 1.1 are the same as 1.2's).
#[derive(Debug, Default)]
pub struct SharedBuilders {
    by_tokens: std::collections::HashMap<String, proc_macro2::Ident>,
}

/// The module of one version, and the signatures of its operations. `methods` is the scope
/// of operation method names (shared by `Client` and `Api`).
pub fn version_module(
    spec: &OpenAPI,
    schemas: &IndexMap<String, Schema>,
    api_version: &str,
    title: &str,
    status: &crate::vocab::Status,
    crate_scope: &mut CrateScope,
    enums: &mut TypeSpace,
) -> (TokenStream, Vec<OperationSig>) {
    let CrateScope {
        methods: methods_scope,
        shared,
        krate,
    } = crate_scope;
    let models = quote! { crate::models };
    let mut methods = Vec::new();
    let mut builders = Vec::new();
    let mut sigs = Vec::new();
    let mut statics = Statics::default();
    let mut method_names = methods_scope.clone();
    let mut type_names = Scope::camel(&[names::PRELUDE_TYPES, MODULE_TYPES].concat());
    for (path, item) in &spec.paths.paths {
        let at = format!("#/paths/{}", pointer_segment(path));
        let ReferenceOr::Item(item) = item else {
            enums.warn(format!(
                "{at}: a `$ref` path item is not supported; its operations are left out"
            ));
            continue;
        };
        for (method, op) in item.iter() {
            let op_at = format!("{at}/{method}");
            let op_id = match op
                .operation_id
                .as_deref()
                .filter(|id| !id.trim().is_empty())
            {
                Some(id) => id.to_string(),
                None => {
                    let id = names::snake_text(&format!("{method} {path}"));
                    enums.warn(format!("{op_at}: no operationId; the call is named `{id}`"));
                    id
                }
            };
            let cx = Context {
                spec,
                models: &models,
                schemas,
                at: &op_at,
                krate,
            };
            let names = OpNames {
                method: method_names.claim(&op_id),
                builder: type_names.claim(&op_id),
            };
            let statics_before = statics.items.len();
            if let Some((method_tokens, builder, sig)) =
                operation(method, path, item, op, names, &cx, enums, &mut statics)
            {
                let key = builder.to_string();
                let module = names::version_module(&spec.info.version);
                match shared.by_tokens.get(&key) {
                    // The same builder in a newer version: re-exported, with its statics.
                    Some(source) => {
                        statics.items.truncate(statics_before);
                        let b = &sig.builder;
                        builders.push(quote! { pub use super::#source::#b; });
                    }
                    None => {
                        // A deprecated module's builders are not shared: naming them from
                        // another module would be a use of deprecated items.
                        if !status.is_deprecated() {
                            shared.by_tokens.insert(key, module);
                        }
                        builders.push(builder);
                    }
                }
                methods.push(method_tokens);
                sigs.push(sig);
            }
        }
    }
    let module_doc = format!(
        " API version {} of {} ({}). Every call sends {}.",
        md::text(&spec.info.version),
        md::text(title),
        md::text(status.as_str()),
        md::code(&format!("Scp-Api-Version: {api_version}"))
    );
    let api_doc = format!(
        " The operations of API version {}.",
        md::text(&spec.info.version)
    );
    let statics = &statics.items;
    let aliases = super::aliases::version_aliases(spec, &mut type_names, enums);
    let tokens = quote! {
        #![doc = #module_doc]
        use crate::runtime::http::{Request, Runtime};

        #(#aliases)*

        /// The `Scp-Api-Version` header of this module's calls.
        pub const API_VERSION: &str = #api_version;

        #(#statics)*

        #[doc = #api_doc]
        #[derive(Debug, Clone)]
        pub struct Operations {
            rt: std::sync::Arc<Runtime>,
        }

        impl Operations {
            pub(crate) fn new(rt: std::sync::Arc<Runtime>) -> Self {
                Operations { rt }
            }
            #(#methods)*
        }

        #(#builders)*
    };
    (tokens, sigs)
}

/// The names an operation got in its module.
struct OpNames {
    /// The `Api`/`Client` method.
    method: proc_macro2::Ident,
    /// The builder type.
    builder: proc_macro2::Ident,
}

/// What every operation of a version needs to see.
pub(super) struct Context<'a> {
    /// The version's spec, for samples and `$ref`s.
    pub spec: &'a OpenAPI,
    /// The path models are reached by.
    pub models: &'a TokenStream,
    /// The component schemas, to recognise list answers.
    pub schemas: &'a IndexMap<String, Schema>,
    /// The operation's JSON pointer, for findings.
    pub at: &'a str,
    /// The crate's name in Rust, for doc examples.
    pub krate: &'a proc_macro2::Ident,
}

#[allow(clippy::too_many_arguments)] // the module's scopes and sinks, each needed
fn operation(
    method: &str,
    path: &str,
    item: &openapiv3::PathItem,
    op: &Operation,
    op_names: OpNames,
    cx: &Context,
    enums: &mut TypeSpace,
    statics: &mut Statics,
) -> Option<(TokenStream, TokenStream, OperationSig)> {
    let models = cx.models;
    let OpNames {
        method: fn_name,
        builder,
    } = op_names;
    // The operation's name in tracing spans: the spec's id, else the method's.
    let op_id = op
        .operation_id
        .clone()
        .filter(|id| !id.trim().is_empty())
        .unwrap_or_else(|| fn_name.to_string().trim_start_matches("r#").to_string());
    let template = match crate::vocab::PathTemplate::parse(path) {
        Ok(t) => t,
        Err(problems) => {
            enums.error(format!(
                "{}: path `{path}`: {}; the operation cannot be generated",
                cx.at,
                problems.join("; ")
            ));
            return None;
        }
    };
    let pieces = &template.pieces;
    let mut field_names = Scope::snake(BUILDER_MEMBERS);
    let body = body_schema(op, cx, enums);
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
            enums.warn(format!(
                "{}: path parameter `{}` is not in the path `{path}`; it is left out",
                cx.at, p.name
            ));
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
    // The types of the parameters, once. Two required values of one primitive type
    // (`/apis/{api_id}/stages/{stage_name}`) are taken by named setters instead of
    // positional arguments, which could be swapped and still compile.
    let resolved: Vec<Ty> = params
        .iter()
        .map(|p| types::rust_type(&p.schema, &format!("{builder}::{}", p.name), enums))
        .collect();
    let by_name = same_type_twice(&params, &resolved);
    let mut fields = Vec::new();
    let mut ctor_args = Vec::new();
    let mut example_args = Vec::new();
    let mut example_setters = Vec::new();
    let mut setter_samples = Vec::new();
    let mut ctor_names = Vec::new();
    let mut sample_args: Vec<TokenStream> = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    let mut checks = Vec::new();
    let mut query = Vec::new();
    let mut headers = Vec::new();
    for (p, resolved) in params.iter().zip(resolved) {
        let f = &p.field;
        let ty = resolved.tokens(models);
        let is_string = resolved.is_string();
        let array_item = resolved.list_item().map(|item| item.tokens(models));
        let wire = wire_of(&resolved, enums);
        if wire == Wire::Json {
            enums.warn(format!(
                "{}: {} parameter `{}` is not a scalar or a list of scalars; it is sent as JSON text",
                cx.at, p.location, p.name
            ));
        }
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
            &resolved,
            &quote! { v },
            &quote! { #at },
            &format!(
                "{}_{}",
                fn_name.to_string().trim_start_matches("r#"),
                p.name
            ),
            statics,
        );
        let sample = samples::sample(&p.schema, cx.spec);
        let setter_name = f.to_string().trim_start_matches("r#").to_string();
        let shown = p.example.as_ref().unwrap_or(&sample);
        let example = ExampleArg::of(&setter_name, shown, &resolved, type_text(&ty, cx.krate));
        if p.required && by_name {
            // Taken by setter; `send()` refuses the call while it is unset.
            checks.push(quote! { crate::runtime::validate::required(#at, #setter_name, self.#f.is_some())?; });
            setter_samples.push((f.clone(), samples::sample_arg(&sample, is_string)));
            example_setters.push((f.clone(), example));
        } else if p.required {
            fields.push(quote! { #f: #ty, });
            if is_string {
                ctor_args.push(quote! { #f: impl Into<String> });
                inits.push(quote! { #f: #f.into() });
            } else {
                ctor_args.push(quote! { #f: #ty });
                inits.push(quote! { #f });
            }
            ctor_names.push(f.clone());
            sample_args.push(samples::sample_arg(&sample, is_string));
            example_args.push(example);
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
        let text = wire_text(wire, &at);
        match (p.location, wire) {
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
    if let (Some((schema, required, example)), Some(bf)) = (&body, &body_field) {
        let ty = types::rust_type(schema, &format!("{builder}::body"), enums).tokens(models);
        if *required {
            let example = example
                .clone()
                .unwrap_or_else(|| samples::sample(schema, cx.spec));
            sample_args.push(samples::sample_arg(&example, false));
            example_args.push(ExampleArg::Given {
                name: bf.to_string(),
                ty: type_text(&ty, cx.krate),
            });
            fields.push(quote! { #bf: #ty, });
            ctor_args.push(quote! { #bf: #ty });
            ctor_names.push(bf.clone());
            inits.push(quote! { #bf });
            checks
                .push(quote! { crate::runtime::validate::Validate::validate(&self.#bf, "body")?; });
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
            checks
                .push(quote! { crate::runtime::validate::Validate::validate(&self.#bf, "body")?; });
            body_send = quote! { if let Some(body) = &self.#bf { req.json(body)?; } };
        }
    }
    let mutable =
        (!query.is_empty() || !headers.is_empty() || !body_send.is_empty()).then(|| quote! { mut });
    let (path_locals, path_expr) = path_expression(pieces, &params, by_name, cx.at, enums)?;
    let http_method = format_ident!("{}", method.to_ascii_uppercase());
    let success = success_schema(op, cx.spec);
    let (out_ty, call) = match &success {
        Some(schema) => {
            let t = types::rust_type(schema, &format!("{builder}::response"), enums).tokens(models);
            (t, quote! { self.rt.json(req).await })
        }
        None => (quote! { () }, quote! { self.rt.empty(req).await }),
    };
    let (text, summary) = op_text(op, &fn_name, method, path);
    let module = names::version_module(&cx.spec.info.version);
    let example = |receiver: String| {
        Example {
            krate: cx.krate,
            receiver,
            method: &fn_name,
            args: example_args.clone(),
            setters: example_setters.clone(),
            answers: success.is_some(),
        }
        .markdown()
    };
    let client_doc = doc_raw(&format!("{text}\n\n{}", example("client".into())));
    let text = format!("{text}\n\n{}", example(format!("client.{module}()")));
    let op_doc = doc_raw(&text);
    let builder_doc = doc_raw(&if by_name {
        format!(
            "The {} call: set its parameters (the required ones too: its required values share a type, so they are named), then `send()` it.",
            md::code(&summary)
        )
    } else {
        format!(
            "The {} call: set its optional parameters, then `send()` it.",
            md::code(&summary)
        )
    });
    let stream = pagination(&params, success.as_ref(), op, cx, enums);
    let method_tokens = quote! {
        #op_doc
        pub fn #fn_name(&self, #(#ctor_args),*) -> #builder {
            #builder::new(self.rt.clone(), API_VERSION, #(#ctor_names),*)
        }
    };
    let builder_tokens = quote! {
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
    };
    let setter_calls = setter_samples.iter().map(|(f, v)| quote! { .#f(#v) });
    let sample_call = quote! { #fn_name(#(#sample_args),*) #(#setter_calls)* };
    let sig = OperationSig {
        sample_call,
        method: fn_name,
        builder,
        args: ctor_args,
        arg_names: ctor_names,
        client_doc,
    };
    Some((method_tokens, builder_tokens, sig))
}
