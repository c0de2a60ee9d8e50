//! One API version → its module: an `Operations` handle with one method per operation, each
//! returning a request builder. Required parameters and bodies are the method's arguments
//! (they cannot be forgotten); optional ones are builder setters; `send()` validates, signs
//! and sends; list operations with `page`/`size` also stream every item.
//!
//! In two steps over a crate's versions: every version's operations are resolved into
//! models first ([`resolve_version`], see op_model.rs), then [`share_builders`] decides which
//! builders versions share, whatever order the versions come in, and [`version_module`]
//! emits each module.

use crate::diag::Rule;
use indexmap::IndexMap;
use openapiv3::{OpenAPI, ReferenceOr, Schema};
use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::checks::{value_checks, Statics};
use super::format::doc_raw;
use super::names::{self, Scope};
use super::op_doc::Example;
use super::op_model::{resolve, BuilderModel, Context, OpModel, OpNames, ParamModel, PathPiece};
use super::params::{pointer_segment, wire_text, Wire};
use super::samples;
use super::types::TypeSpace;
use crate::markdown as md;
use crate::vocab::{ApiVersion, Method, ParamIn, Status};

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

/// The operations of one version, resolved, with the names its module has claimed.
pub struct VersionOps {
    pub ops: Vec<OpModel>,
    /// The module's type names (builders claimed): aliases are claimed after them.
    type_names: Scope,
}

/// Resolves the operations of one version. `methods` is the crate's scope of operation
/// method names (the handles' own methods and the version accessors reserved), shared by
/// `Client` and each version's `Operations`: each version claims in its own copy.
pub fn resolve_version(
    spec: &OpenAPI,
    schemas: &IndexMap<String, Schema>,
    methods: &Scope,
    enums: &mut TypeSpace,
) -> VersionOps {
    let mut method_names = methods.clone();
    let mut type_names = Scope::camel(&[names::PRELUDE_TYPES, MODULE_TYPES].concat());
    let mut ops = Vec::new();
    for (path, item) in &spec.paths.paths {
        let at = format!("#/paths/{}", pointer_segment(path));
        let ReferenceOr::Item(item) = item else {
            enums.warn(
                Rule::UnsupportedSpec,
                format!("{at}: a `$ref` path item is not supported; its operations are left out"),
            );
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
                    enums.warn(
                        Rule::OperationIdGuessed,
                        format!("{op_at}: no operationId; the call is named `{id}`"),
                    );
                    id
                }
            };
            let cx = Context {
                spec,
                schemas,
                at: &op_at,
            };
            let names = OpNames {
                method: method_names.claim(&op_id),
                builder: type_names.claim(&op_id),
            };
            // `PathItem::iter` yields the eight methods by their keys.
            let Some(method) = Method::parse(method) else {
                continue;
            };
            ops.extend(resolve(method, path, item, op, names, &cx, enums));
        }
    }
    VersionOps { ops, type_names }
}

/// Where a version's builder comes from: its own module, or the module of another version
/// whose builder is the same.
pub type Sharing = Vec<Vec<Option<Ident>>>;

/// Which builders versions share: equal builder models are one builder, defined in the
/// newest version that has it and is not deprecated (naming an item of a deprecated module
/// from another would be a use of deprecated items), re-exported by the others. `versions`
/// and `ops` run in parallel; the result does not depend on their order.
pub fn share_builders(versions: &[(&ApiVersion, &Status)], ops: &[VersionOps]) -> Sharing {
    // The owner of each distinct builder: the newest non-deprecated version holding it.
    let mut owners: Vec<(&BuilderModel, usize)> = Vec::new();
    for (v, version_ops) in ops.iter().enumerate() {
        if versions[v].1.is_deprecated() {
            continue;
        }
        for op in &version_ops.ops {
            match owners.iter_mut().find(|(b, _)| *b == &op.builder) {
                Some((_, owner)) if versions[*owner].0 < versions[v].0 => *owner = v,
                Some(_) => {}
                None => owners.push((&op.builder, v)),
            }
        }
    }
    ops.iter()
        .enumerate()
        .map(|(v, version_ops)| {
            version_ops
                .ops
                .iter()
                .map(|op| {
                    owners
                        .iter()
                        .find(|(b, _)| *b == &op.builder)
                        .map(|(_, owner)| *owner)
                        .filter(|owner| *owner != v)
                        .map(|owner| names::version_module(versions[owner].0.as_str()))
                })
                .collect()
        })
        .collect()
}

/// The module of one version, and the signatures of its operations. `shared` says, per
/// operation, the module whose builder it re-exports.
#[allow(clippy::too_many_arguments)] // the version's parts, each needed
pub fn version_module(
    spec: &OpenAPI,
    version_ops: VersionOps,
    shared: &[Option<Ident>],
    api_version: &str,
    title: &str,
    status: &Status,
    krate: &Ident,
    enums: &TypeSpace,
) -> (TokenStream, Vec<OperationSig>) {
    let VersionOps {
        ops,
        mut type_names,
    } = version_ops;
    let models = quote! { crate::models };
    let module = names::version_module(&spec.info.version);
    let mut methods = Vec::new();
    let mut builders = Vec::new();
    let mut sigs = Vec::new();
    let mut statics = Statics::default();
    for (op, source) in ops.iter().zip(shared) {
        match source {
            // The same builder in another version: re-exported (with its statics there).
            Some(source) => {
                let b = &op.builder.name;
                builders.push(quote! { pub use super::#source::#b; });
            }
            None => builders.push(builder_tokens(&op.builder, &models, &mut statics)),
        }
        let (method, sig) = method_tokens(op, &module, krate);
        methods.push(method);
        sigs.push(sig);
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

/// The operation's method on the version's `Operations`, and its signature for lib.rs.
fn method_tokens(op: &OpModel, module: &Ident, krate: &Ident) -> (TokenStream, OperationSig) {
    let b = &op.builder;
    let (fn_name, builder) = (&b.fn_name, &b.name);
    let (ctor_args, ctor_names) = constructor(b, &quote! { crate::models });
    let example = |receiver: String| {
        Example {
            krate,
            receiver,
            method: fn_name,
            args: op.example_args.clone(),
            setters: op.example_setters.clone(),
            answers: b.answer.is_some(),
        }
        .markdown()
    };
    let client_doc = doc_raw(&format!("{}\n\n{}", op.doc, example("client".into())));
    let op_doc = doc_raw(&format!(
        "{}\n\n{}",
        op.doc,
        example(format!("client.{module}()"))
    ));
    let tokens = quote! {
        #op_doc
        pub fn #fn_name(&self, #(#ctor_args),*) -> #builder {
            #builder::new(self.rt.clone(), API_VERSION, #(#ctor_names),*)
        }
    };
    let sample_args = op
        .sample_args
        .iter()
        .map(|(v, is_string)| samples::sample_arg(v, *is_string));
    let setter_calls = op.sample_setters.iter().map(|(f, v, is_string)| {
        let v = samples::sample_arg(v, *is_string);
        quote! { .#f(#v) }
    });
    let sample_call = quote! { #fn_name(#(#sample_args),*) #(#setter_calls)* };
    let sig = OperationSig {
        sample_call,
        method: fn_name.clone(),
        builder: builder.clone(),
        args: ctor_args,
        arg_names: ctor_names,
        client_doc,
    };
    (tokens, sig)
}

/// The constructor's arguments (required values taken positionally, then a required body)
/// and their names.
fn constructor(b: &BuilderModel, models: &TokenStream) -> (Vec<TokenStream>, Vec<Ident>) {
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
fn builder_tokens(b: &BuilderModel, models: &TokenStream, statics: &mut Statics) -> TokenStream {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(version: &str, extra: &str) -> OpenAPI {
        serde_norway::from_str(&format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '{version}'}}\npaths:\n  /v1/things/{{id}}:\n    get:\n      operationId: show_thing\n      parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}{extra}]\n      responses: {{'204': {{description: none}}}}\n"
        ))
        .unwrap()
    }

    /// Each version's sources, for versions given in this order.
    fn sharing(given: &[(&str, Status, &str)]) -> Vec<Option<String>> {
        let schemas = IndexMap::new();
        let mut enums = TypeSpace::new(&schemas);
        let methods = Scope::snake(HANDLE_METHODS);
        let specs: Vec<OpenAPI> = given.iter().map(|(v, _, e)| spec(v, e)).collect();
        let ops: Vec<VersionOps> = specs
            .iter()
            .map(|s| resolve_version(s, &schemas, &methods, &mut enums))
            .collect();
        let versions: Vec<ApiVersion> = given
            .iter()
            .map(|(v, _, _)| ApiVersion::parse(v).unwrap())
            .collect();
        let keys: Vec<(&ApiVersion, &Status)> = versions
            .iter()
            .zip(given)
            .map(|(v, (_, s, _))| (v, s))
            .collect();
        share_builders(&keys, &ops)
            .into_iter()
            .map(|s| s[0].as_ref().map(|m| m.to_string()))
            .collect()
    }

    // The newest version that is not deprecated defines a shared builder, whatever order the
    // versions come in; a different builder is a version's own.
    #[test]
    fn builders_are_shared_by_model_in_any_order() {
        let q = ", {name: q, in: query, schema: {type: string}}";
        let a = ("1.0", Status::Deprecated, "");
        let b = ("1.1", Status::Deprecated, q);
        let c = ("1.2", Status::Current, "");
        let d = ("1.3", Status::Deprecated, "");
        assert_eq!(
            sharing(&[c.clone(), b.clone(), a.clone(), d.clone()]),
            [None, None, Some("v1_2".into()), Some("v1_2".into())]
        );
        assert_eq!(
            sharing(&[a, d, b, c]),
            [Some("v1_2".into()), Some("v1_2".into()), None, None]
        );
    }
}
