//! The files of one client crate: Cargo.toml, README, lib.rs (the `Client`), models.rs, a
//! module per API version. The runtime they depend on is `scp-runtime` (runtime_crate.rs).

use std::path::PathBuf;

use indexmap::IndexMap;
use openapiv3::OpenAPI;
use proc_macro2::TokenStream;
use quote::quote;

use super::format::doc_raw;
use super::formatter::{FileId, Formatter};
use super::models::models_file;
use super::names::{self, Scope};
use super::operations::{
    resolve_version, share_builders, version_module, OperationSig, HANDLE_METHODS,
};
use super::settings::Settings;
use super::types::TypeSpace;
use super::SpecInput;
use crate::diag::{Diagnostics, Location, Rule};
use crate::markdown as md;
use crate::output::OutputFile;
pub use super::versions::Version;

/// The files of the crate `scp-<slug>` for the specs of one service (newest version first):
/// its Rust files go to `rust` (formatted there, on other cores, while the next crate is
/// made), the others are returned.
pub fn crate_files(
    slug: &str,
    specs_settings: &[(&SpecInput, Settings)],
    crate_name: Option<&str>,
    rust: &mut Formatter,
    diags: &mut Diagnostics,
) -> anyhow::Result<Vec<OutputFile>> {
    // The crate the code is compiled in: its own, or a build script's that includes it.
    let krate = match crate_name {
        Some(name) => names::ident(&names::snake_text(name)),
        None => names::crate_ident(slug),
    };
    let inputs: Vec<&SpecInput> = specs_settings.iter().map(|(i, _)| *i).collect();
    let specs: Vec<&OpenAPI> = inputs.iter().map(|i| i.document).collect();
    let versions: Vec<Version> = specs_settings
        .iter()
        .map(|(i, s)| Version::of(i.document, s))
        .collect();
    let current = versions
        .iter()
        .position(|v| v.status.is_current())
        .unwrap_or(0);
    let title = specs[0].info.title.clone();
    let dir = PathBuf::from(format!("scp-{slug}"));
    let mut schemas: super::components::Models = IndexMap::new();
    // The spec each model comes from (the first that defines it): its findings name it.
    let mut model_origin: std::collections::BTreeMap<String, &std::sync::Arc<std::path::Path>> =
        std::collections::BTreeMap::new();
    for input in &inputs {
        let Some(c) = &input.document.components else {
            continue;
        };
        for (name, s) in &c.schemas {
            let at = Location::new(&input.origin, 0);
            let pointer = format!(
                "#/components/schemas/{}",
                super::params::pointer_segment(name)
            );
            match s {
                openapiv3::ReferenceOr::Item(s) => match schemas.get(name) {
                    Some(existing) if *existing != s => diags.error(at, Rule::ModelConflict, format!("{pointer}: model {name} of {slug} differs between API versions; one crate cannot define it once")),
                    Some(_) => {}
                    None => {
                        schemas.insert(name.clone(), s);
                        model_origin.insert(pointer.clone(), &input.origin);
                    }
                },
                openapiv3::ReferenceOr::Reference { reference } => diags.warn(at, Rule::UnsupportedSpec, format!("{pointer}: a model that is only `$ref: {reference}` is not supported; it is left out")),
            }
        }
    }
    schemas.sort_keys();

    let mut enums = TypeSpace::new(&schemas);
    // Operation methods live beside the handles' own methods and the version accessors.
    let mut methods = Scope::snake(HANDLE_METHODS);
    for v in &versions {
        methods.reserve(&names::version_module_text(&v.version));
    }
    let mut files = Vec::new();
    // First every version's operations resolved (findings reported per spec), then which
    // builders the versions share, then each module.
    let mut resolved = Vec::new();
    for (v, (input, _)) in versions.iter().zip(specs_settings) {
        resolved.push(resolve_version(v.spec, &schemas, &methods, &mut enums));
        report(&mut enums, &input.origin, diags);
    }
    let keys: Vec<(&crate::vocab::ApiVersion, &crate::vocab::Status)> = versions
        .iter()
        .map(|v| (&v.api_version, &v.status))
        .collect();
    let sharing = share_builders(&keys, &resolved);
    let mut all_sigs: Vec<Vec<OperationSig>> = Vec::new();
    for (((v, (_, settings)), ops), shared) in versions
        .iter()
        .zip(specs_settings)
        .zip(resolved)
        .zip(&sharing)
    {
        let file = rust.file(
            dir.join("src")
                .join(format!("{}.rs", names::version_module(&v.version))),
        );
        let sigs = version_module(
            v.spec,
            &v.version,
            ops,
            shared,
            &settings.api_version,
            &title,
            &v.status,
            &krate,
            &enums,
            (&mut *rust, file),
        );
        all_sigs.push(sigs);
    }
    let models = rust.file(dir.join("src/models.rs"));
    models_file(&schemas, &mut enums, (&mut *rust, models));
    // A model's finding names the spec the model comes from (its pointer says which model).
    for p in enums.problems.drain(..) {
        let origin = model_origin
            .iter()
            .filter(|(pointer, _)| {
                p.message.starts_with(pointer.as_str())
                    && p.message[pointer.len()..].starts_with([':', ' ', '/'])
            })
            .map(|(_, origin)| *origin)
            .next()
            .unwrap_or(&inputs[0].origin);
        diags.report(Location::new(origin, 0), p.rule, p.message);
    }
    let lib = rust.file(dir.join("src/lib.rs"));
    lib_rs(
        slug,
        &title,
        specs[0],
        &specs_settings[0].1,
        &versions,
        current,
        &all_sigs,
        &krate,
        (&mut *rust, lib),
    );
    rust.add(
        dir.join("tests/every_operation.rs"),
        every_operation_test(slug, &versions, &all_sigs),
    );
    files.push(OutputFile {
        path: dir.join("Cargo.toml"),
        contents: cargo_toml(slug, &title),
    });
    files.push(OutputFile {
        path: dir.join("README.md"),
        contents: readme(slug, &title, &versions, current),
    });
    files.extend(super::runtime_crate::license_files(&dir));
    Ok(files)
}

/// The end-to-end test: every operation of every version, called with sample arguments
/// against mock servers that validate requests against the specs (Prism, started by
/// scpgen's scripts/test), every answer decoded.
fn every_operation_test(
    slug: &str,
    versions: &[Version],
    sigs: &[Vec<OperationSig>],
) -> proc_macro2::TokenStream {
    let krate = names::crate_ident(slug);
    let total: usize = sigs.iter().map(Vec::len).sum();
    let blocks = versions.iter().zip(sigs).map(|(v, sigs)| {
        let m = names::version_module(&v.version);
        let version = &v.version;
        let calls = sigs.iter().map(|s| {
            let call = &s.sample_call;
            let name = format!("{} {}", v.version, s.method);
            quote! { outcome(&mut exercised, &mut failures, #name, api.#call.send().await); }
        });
        quote! {
            {
                let client = client_for(#version);
                let api = client.#m();
                #(#calls)*
            }
        }
    });
    let env = format!("SCP_MOCK_{}", slug.to_ascii_uppercase());
    let doc_lines = [
        " Every operation of every API version against mock servers that check each request"
            .to_string(),
        " against the exported spec, every answer decoded.".to_string(),
        String::new(),
        format!(" Set `{env}` to `<version>=<base URL>` pairs, comma-separated"),
        " (`1.2=http://127.0.0.1:4010,1.1=...`); scpgen's scripts/test starts Prism for each spec"
            .to_string(),
        " and runs this test.".to_string(),
    ];
    quote! {
        #( #![doc = #doc_lines] )*

        use std::fmt::Debug;

        fn client_for(version: &str) -> #krate::Client {
            let endpoints = std::env::var(#env).unwrap_or_else(|_| panic!("set {} (see the file's docs)", #env));
            let base = endpoints
                .split(',')
                .find_map(|pair| pair.split_once('=').filter(|(v, _)| *v == version).map(|(_, url)| url.to_string()))
                .unwrap_or_else(|| panic!("{} names no mock server for version {version}", #env));
            let credentials = #krate::Credentials::new("e2e-access-key", "e2e-secret-key").with_account_id("e2e-account");
            #krate::Client::new(#krate::Config::new(credentials).with_endpoint(base).with_retry(#krate::RetryPolicy::none())).expect("a client")
        }

        fn outcome<T: Debug>(exercised: &mut usize, failures: &mut Vec<String>, name: &str, result: Result<T, #krate::Error>) {
            *exercised += 1;
            if let Err(e) = result {
                let detail = match &e {
                    #krate::Error::Status(s) => format!("{e}: {:?} {}", s.headers.get("sl-violations"), s.body),
                    other => format!("{other:?}"),
                };
                failures.push(format!("{name}: {detail}"));
            }
        }

        #[tokio::test]
        #[ignore = "needs a mock server per API version: scpgen's scripts/test starts them and runs it"]
        #[allow(deprecated)] // the deprecated versions are exercised too
        async fn every_operation_against_mock_servers() {
            let mut exercised = 0;
            let mut failures: Vec<String> = Vec::new();
            #(#blocks)*
            println!("exercised {exercised} operations, {} failed", failures.len());
            assert!(failures.is_empty(), "{failures:#?}");
            assert_eq!(exercised, #total);
        }
    }
}

#[allow(clippy::too_many_arguments)] // the crate's parts, each needed
fn lib_rs(
    slug: &str,
    title: &str,
    spec: &OpenAPI,
    settings: &Settings,
    versions: &[Version],
    current: usize,
    all_sigs: &[Vec<OperationSig>],
    krate: &proc_macro2::Ident,
    out: (&mut Formatter, FileId),
) {
    let (out, file) = out;
    let text = super::front_page::crate_doc(
        slug,
        title,
        spec.info.description.as_deref(),
        versions,
        current,
        all_sigs,
        krate,
    );
    let crate_doc = text.lines().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    let modules: Vec<proc_macro2::Ident> = versions
        .iter()
        .map(|v| names::version_module(&v.version))
        .collect();
    let module_docs: Vec<String> = versions
        .iter()
        .map(|v| format!(" API version {}.", v.label()))
        .collect();
    // A DEPRECATED version's module and accessor are `#[deprecated]`: a user's build says so.
    let deprecation = |v: &Version| {
        v.status.is_deprecated().then(|| {
            let note = format!(
                "API version {} is DEPRECATED{}",
                v.version,
                v.supported_until
                    .as_ref()
                    .map_or(String::new(), |d| format!(" (supported until {d})"))
            );
            quote! { #[deprecated(note = #note)] }
        })
    };
    let module_deprecations: Vec<_> = versions.iter().map(deprecation).collect();
    let accessors = versions.iter().zip(&modules).map(|(v, m)| {
        let d = format!(" The calls of API version {}.", v.label());
        // The accessor of a deprecated version is deprecated itself; inside, naming the
        // version's handle is what it is for.
        let deprecated = deprecation(v).map(|d| quote! { #d #[allow(deprecated)] });
        quote! {
            #[doc = #d]
            #deprecated
            pub fn #m(&self) -> #m::Operations {
                #m::Operations::new(self.rt.clone())
            }
        }
    });
    let delegates = client_methods(versions, current, all_sigs).into_iter().map(|(v, s)| {
        let (method, builder, args, arg_names, d) =
            (&s.method, &s.builder, &s.args, &s.arg_names, doc_raw(&s.client_doc));
        let m = &modules[v];
        // An operation the current version does not document calls the newest version that
        // does; when that one is deprecated, so is the method (and it may name it).
        let deprecated = versions[v].status.is_deprecated().then(|| {
            let note = format!(
                "calls API version {}, which is DEPRECATED{}",
                versions[v].version,
                versions[v]
                    .supported_until
                    .as_ref()
                    .map_or(String::new(), |d| format!(" (supported until {d})"))
            );
            quote! { #[deprecated(note = #note)] #[allow(deprecated)] }
        });
        quote! {
            #d
            #deprecated
            pub fn #method(&self, #(#args),*) -> #m::#builder {
                self.#m().#method(#(#arg_names),*)
            }
        }
    });
    let url = &settings.url;
    let pairs = &settings.regions;
    let envs = pairs.iter().map(|(e, _)| e);
    let regions = pairs.iter().map(|(_, r)| r);
    let client_doc = doc_raw(&format!(
        "A client of {}: cheap to clone, safe to share between tasks.",
        md::text(title)
    ));
    let head = quote! {
        #( #![doc = #crate_doc] )*
        #![warn(missing_docs)]

        pub mod models;
        #( #[doc = #module_docs] #module_deprecations pub mod #modules; )*

        /// The runtime all SCP client crates share (`scp-runtime`): one [`SharedConfig`]
        /// and one [`Error`] for every service.
        pub use scp_runtime as runtime;
        pub use runtime::{ApiError, Binary, Config, Credentials, EnvCredentials, Error, Listing, Metadata, Nullable, Output, Overrides, ProfileCredentials, ProvideCredentials, RetryPolicy, SharedConfig, StatusError, StreamExt, Timestamp, TryStreamExt};

        /// The documented endpoint: the URL and its environment/region pairs.
        pub const ENDPOINT: runtime::ServiceEndpoint = runtime::ServiceEndpoint {
            service: #slug,
            url: #url,
            regions: &[ #( (#envs, #regions) ),* ],
        };

        #client_doc
        #[derive(Debug, Clone)]
        pub struct Client {
            rt: std::sync::Arc<runtime::http::Runtime>,
        }
    };
    let own = quote! {
        /// A client with this configuration and a connection pool of its own (unless the
        /// configuration has one from [`Config::with_http_client`]). [`Error::Config`]
        /// for credentials or settings no call could be sent with.
        pub fn new(config: Config) -> Result<Self, Error> {
            Client::from_shared(&SharedConfig::new(config)?)
        }

        /// A client sharing a configuration, and its connection pool, with other
        /// services' clients. Its endpoint is the service's own.
        pub fn from_shared(shared: &SharedConfig) -> Result<Self, Error> {
            Ok(Client { rt: std::sync::Arc::new(runtime::http::Runtime::new(shared, &ENDPOINT)?) })
        }

        /// A client configured from the environment (see [`Config::from_env`]).
        pub fn from_env() -> Result<Self, Error> {
            Client::new(Config::from_env()?)
        }

        /// The same client (configuration, connection pool) calling another base URL:
        /// a proxy or mock server for this service only.
        pub fn with_endpoint(&self, endpoint: &str) -> Result<Self, Error> {
            Ok(Client { rt: std::sync::Arc::new(self.rt.with_endpoint(endpoint)?) })
        }

        /// The configuration this client shares.
        pub fn shared_config(&self) -> &SharedConfig {
            self.rt.shared_config()
        }

        /// The base URL calls go to.
        pub fn base_url(&self) -> &str {
            self.rt.base_url()
        }
    };
    let section = out.section(file);
    out.push(section, head);
    let block = out.block_section(file, TokenStream::new(), quote! { impl Client });
    for member in std::iter::once(own).chain(accessors).chain(delegates) {
        out.push(block, member);
    }
}

/// The crate's manifest, written with toml_edit: the title is a string value, escaped by the
/// TOML writer, so no text of the spec can add a key (`build = ...`) or a table.
fn cargo_toml(slug: &str, title: &str) -> String {
    let mut doc: toml_edit::DocumentMut = CARGO_TEMPLATE
        .parse()
        .expect("the manifest template is TOML");
    doc["package"]["name"] = toml_edit::value(format!("scp-{slug}"));
    let description = format!(
        "Rust client for the Samsung Cloud Platform {} API (generated by scpgen)",
        one_line(title)
    );
    doc["package"]["description"] = toml_edit::value(description);
    if let Some(dep) = doc["dependencies"]["scp-runtime"].as_inline_table_mut() {
        dep.insert("version", super::runtime_crate::version().into());
    }
    format!("# @generated by scpgen: do not edit; regenerate with `cargo run --release` in scpgen.\n{doc}")
}

/// Line breaks, other control characters and bidirectional overrides as spaces: a title is
/// one line wherever it goes, and reads as written (crates.io shows the description).
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| {
            if crate::terminal::is_unsafe(c) {
                ' '
            } else {
                c
            }
        })
        .collect()
}

/// Everything of a crate manifest but its name and description (set by [`cargo_toml`]).
/// The runtime is a dependency with its TLS features passed through (rustls by default).
const CARGO_TEMPLATE: &str = r#"[package]
name = ""
version = "0.1.0"
edition = "2021"
rust-version = "1.80"
description = ""
license = "MIT OR Apache-2.0"
readme = "README.md"
keywords = ["samsung", "scp", "cloud", "api", "sdk"]
categories = ["api-bindings", "web-programming::http-client"]

[features]
default = ["rustls"]
# TLS through rustls (pure Rust, the ring crypto provider): see scp-runtime.
rustls = ["scp-runtime/rustls"]
# TLS through the system's TLS library (OpenSSL on Linux).
native-tls = ["scp-runtime/native-tls"]
# HTTP/2 when the server offers it: see scp-runtime.
http2 = ["scp-runtime/http2"]
# `Timestamp::as_datetime`: date-times as chrono's `DateTime<Utc>` (see scp-runtime).
chrono = ["scp-runtime/chrono"]

[dependencies]
futures-util = { version = "0.3", default-features = false, features = ["std"] }
reqwest = { version = "0.13", default-features = false }
scp-runtime = { version = "0.2.0", path = "../scp-runtime", default-features = false }
serde = { version = "1", features = ["derive"] }
serde_json = "1"

[dev-dependencies]
tokio = { version = "1", features = ["macros", "rt-multi-thread", "time"] }
"#;

/// The operations of the `Client`'s own methods, each with the version it calls: every
/// operation of the current version, then those only other versions document, each calling
/// the newest that does, not deprecated ones first. So a new API version never takes a
/// method away: an operation keeps its method as long as one version documents it.
fn client_methods<'s>(
    versions: &[Version],
    current: usize,
    all_sigs: &'s [Vec<OperationSig>],
) -> Vec<(usize, &'s OperationSig)> {
    // `versions` is newest first.
    let mut order: Vec<usize> = vec![current];
    order.extend((0..versions.len()).filter(|&v| v != current && !versions[v].status.is_deprecated()));
    order.extend((0..versions.len()).filter(|&v| v != current && versions[v].status.is_deprecated()));
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for v in order {
        for sig in &all_sigs[v] {
            if seen.insert(sig.method.to_string()) {
                out.push((v, sig));
            }
        }
    }
    out
}

fn readme(slug: &str, title: &str, versions: &[Version], current: usize) -> String {
    let krate = names::crate_ident(slug);
    let mut s = format!(
        "<!-- @generated by scpgen: do not edit -->\n# scp-{slug}\n\nRust client for the Samsung Cloud Platform **{}** API, generated by scpgen from SCP's API reference.\n\n## API versions\n\n",
        md::text(title)
    );
    for (i, v) in versions.iter().enumerate() {
        let m = names::version_module(&v.version);
        let note = if i == current {
            " — the `Client` methods call this one (an operation it does not document, the newest version that does)"
        } else {
            ""
        };
        s.push_str(&format!("- `{m}`: {}{note}\n", v.label()));
    }
    s.push_str(&format!(
        "\n## Use\n\n```rust,no_run\nasync fn demo() -> Result<(), {krate}::Error> {{\n    let client = {krate}::Client::from_env()?; // SCP_ACCESS_KEY, SCP_SECRET_KEY, SCP_REGION, SCP_ENVIRONMENT\n    // With other services: one configuration and connection pool for all.\n    let shared = {krate}::SharedConfig::from_env()?;\n    let client = {krate}::Client::from_shared(&shared)?;\n    Ok(())\n}}\n```\n\nThe runtime (configuration, signing, HTTP, retries, errors) is the crate `scp-runtime`, shared by every SCP client crate: one `Error` for all services. TLS is rustls by default; the `native-tls` feature uses the system's library.\n\nEvery call is signed (HMAC-SHA256 over method, URL, timestamp, access key and account id), sends its `Scp-Api-Version`, validates documented constraints before sending, and is retried with exponential backoff: on 429 and connection failures always, on 5xx and timeouts when idempotent, within an optional deadline.\n"
    ));
    s
}

/// The workspace manifest of the output directory (written with toml_edit too).
pub fn workspace_manifest(slugs: &[String]) -> OutputFile {
    let mut members = toml_edit::Array::new();
    let runtime = std::iter::once("runtime".to_string());
    for s in runtime.chain(slugs.iter().cloned()) {
        let mut v = toml_edit::Value::from(format!("scp-{s}"));
        v.decor_mut().set_prefix("\n    ");
        members.push_formatted(v);
    }
    members.set_trailing(",\n");
    let mut doc = toml_edit::DocumentMut::new();
    let mut ws = toml_edit::Table::new();
    ws["resolver"] = toml_edit::value("2");
    ws["members"] = toml_edit::value(members);
    doc["workspace"] = toml_edit::Item::Table(ws);
    OutputFile {
        path: PathBuf::from("Cargo.toml"),
        contents: format!(
            "# @generated by scpgen: do not edit.\n# The generated client crates: their own workspace, so scpgen never depends on its output.\n{doc}"
        ),
    }
}

/// Moves codegen's findings into the run's diagnostics, at the spec they come from.
fn report(
    space: &mut TypeSpace,
    origin: &std::sync::Arc<std::path::Path>,
    diags: &mut Diagnostics,
) {
    for p in space.problems.drain(..) {
        diags.report(Location::new(origin, 0), p.rule, p.message);
    }
}
