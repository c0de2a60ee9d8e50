//! One API version → its module: an `Operations` handle with one method per operation, each
//! returning a request builder. Required parameters and bodies are the method's arguments
//! (they cannot be forgotten); optional ones are builder setters; `send()` validates, signs
//! and sends; list operations with `page`/`size` also stream every item.
//!
//! In two steps over a crate's versions: every version's operations are resolved into
//! models first ([`resolve_version`], see op_model.rs), then [`share_builders`] decides which
//! builders versions share, whatever order the versions come in, and [`version_module`]
//! emits each module.

use std::collections::HashMap;

use crate::diag::Rule;
use openapiv3::{OpenAPI, ReferenceOr};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::builder::{builder_tokens, constructor, style_uses};
use super::checks::Statics;
use super::format::doc_raw;
use super::formatter::{FileId, Formatter};
use super::names::{self, Scope};
use super::op_doc::Example;
use super::op_model::{resolve, BuilderModel, Context, OpModel, OpNames};
use super::params::pointer_segment;
use super::samples;
use super::components::Models;
use super::types::TypeSpace;
use crate::markdown as md;
use crate::vocab::{ApiVersion, Method, Status};

/// What lib.rs needs to delegate the current version's operations.
pub struct OperationSig {
    /// The call with sample arguments (`.show_api("id")`), for the end-to-end test.
    pub sample_call: TokenStream,
    pub method: proc_macro2::Ident,
    pub builder: proc_macro2::Ident,
    pub args: Vec<TokenStream>,
    pub arg_names: Vec<proc_macro2::Ident>,
    /// The doc of the crate root's method (its example calls `client.method(..)`), as
    /// Markdown: kept for every operation until lib.rs is made, so text, not tokens.
    pub client_doc: String,
    /// The example call's arguments and setters, for the crate's front page.
    pub example_args: Vec<super::op_doc::ExampleArg>,
    pub example_setters: Vec<(Ident, super::op_doc::ExampleArg)>,
    /// Whether the call answers something, and whether it pages.
    pub answers: bool,
    pub paged: bool,
    pub http: Method,
}

impl OperationSig {
    /// The call's example on `receiver` (`client`, `client.v1_1()`).
    pub fn example<'a>(&'a self, krate: &'a Ident, receiver: String) -> Example<'a> {
        Example {
            krate,
            receiver,
            method: &self.method,
            args: self.example_args.clone(),
            setters: self.example_setters.clone(),
            answers: self.answers,
        }
    }

    /// Whether the example takes no value from its reader (every argument a literal, or a
    /// model built of literals).
    pub fn self_contained(&self) -> bool {
        fn plain(a: &super::op_doc::ExampleArg) -> bool {
            match a {
                super::op_doc::ExampleArg::Literal(_) => true,
                super::op_doc::ExampleArg::Given { .. } => false,
                super::op_doc::ExampleArg::Model { args, .. } => args.iter().all(plain),
            }
        }
        self.example_args.iter().all(plain) && self.example_setters.iter().all(|(_, a)| plain(a))
    }
}

/// Names the generated code uses in a version module: builders must not take them.
const MODULE_TYPES: &[&str] = &["Operations", "Request", "Runtime", "Style"];

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
    schemas: &Models,
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
    // The owner of each distinct builder: the newest non-deprecated version holding it. By
    // name first (equal builders have equal names), so a spec of many operations is not
    // compared operation by operation with all the others.
    let mut owners: HashMap<&Ident, Vec<(&BuilderModel, usize)>> = HashMap::new();
    for (v, version_ops) in ops.iter().enumerate() {
        if versions[v].1.is_deprecated() {
            continue;
        }
        for op in &version_ops.ops {
            let same_name = owners.entry(&op.builder.name).or_default();
            match same_name.iter_mut().find(|(b, _)| *b == &op.builder) {
                Some((_, owner)) if versions[*owner].0 < versions[v].0 => *owner = v,
                Some(_) => {}
                None => same_name.push((&op.builder, v)),
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
                        .get(&op.builder.name)
                        .and_then(|same_name| same_name.iter().find(|(b, _)| *b == &op.builder))
                        .map(|(_, owner)| *owner)
                        .filter(|owner| *owner != v)
                        .map(|owner| names::version_module(versions[owner].0.as_str()))
                })
                .collect()
        })
        .collect()
}

/// The module of one version, into `file` of `out` as it is made; gives the signatures of its
/// operations. `shared` says, per operation, the module whose builder it re-exports.
#[allow(clippy::too_many_arguments)] // the version's parts, each needed
pub fn version_module(
    spec: &OpenAPI,
    version: &str,
    version_ops: VersionOps,
    shared: &[Option<Ident>],
    api_version: &str,
    title: &str,
    status: &Status,
    krate: &Ident,
    enums: &TypeSpace,
    out: (&mut Formatter, FileId),
) -> Vec<OperationSig> {
    let (out, file) = out;
    let VersionOps {
        ops,
        mut type_names,
    } = version_ops;
    // The statics and the `Operations` handle come first, the builders after: the builders
    // are formatted as they are made, the head once every builder's statics are known.
    let head = out.section(file);
    let api = out.block_section(file, TokenStream::new(), quote! { impl Operations });
    let body = out.section(file);
    let models = quote! { crate::models };
    let module = names::version_module(version);
    out.push(
        api,
        quote! {
            pub(crate) fn new(rt: std::sync::Arc<Runtime>) -> Self {
                Operations { rt }
            }
        },
    );
    let mut sigs = Vec::new();
    let mut statics = Statics::default();
    let (mut style_module, mut style_enum) = (false, false);
    for (op, source) in ops.iter().zip(shared) {
        match source {
            // The same builder in another version: re-exported (with its statics there).
            Some(source) => {
                let b = &op.builder.name;
                out.push(body, quote! { pub use super::#source::#b; });
            }
            None => {
                let (module, styles) = style_uses(&op.builder);
                style_module |= module;
                style_enum |= styles;
                out.push(body, builder_tokens(&op.builder, &models, &mut statics));
            }
        }
        let (method, sig) = method_tokens(op, &module, krate);
        out.push(api, method);
        sigs.push(sig);
    }
    let module_doc = format!(
        " API version {} of {} ({}). Every call sends {}.",
        md::text(version),
        md::text(title),
        md::text(status.as_str()),
        md::code(&format!("Scp-Api-Version: {api_version}"))
    );
    let api_doc = format!(
        " The operations of API version {}.",
        md::text(version)
    );
    let statics = &statics.items;
    let aliases = super::aliases::version_aliases(spec, &mut type_names, enums);
    let style_use = match (style_module, style_enum) {
        (true, true) => quote! { use crate::runtime::style::{self, Style}; },
        (true, false) => quote! { use crate::runtime::style; },
        (false, true) => quote! { use crate::runtime::style::Style; },
        (false, false) => quote! {},
    };
    out.push(
        head,
        quote! {
            #![doc = #module_doc]
            use crate::runtime::http::{Request, Runtime};
            #style_use

            #(#aliases)*

            /// The `Scp-Api-Version` header of this module's calls.
            pub const API_VERSION: &str = #api_version;

            #(#statics)*

            #[doc = #api_doc]
            #[derive(Debug, Clone)]
            pub struct Operations {
                rt: std::sync::Arc<Runtime>,
            }
        },
    );
    sigs
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
    let client_doc = format!("{}\n\n{}", op.doc, example("client".into()));
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
        example_args: op.example_args.clone(),
        example_setters: op.example_setters.clone(),
        answers: b.answer.is_some(),
        paged: b.paging.is_some(),
        http: b.method,
    };
    (tokens, sig)
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
        let schemas = indexmap::IndexMap::new();
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
