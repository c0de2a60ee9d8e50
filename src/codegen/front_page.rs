//! A client crate's front page (its crate-level rustdoc): what the crate is, in English (the
//! docs' own overview, in Korean, kept verbatim beside it), its API versions, how it is
//! configured, how its models and answers behave, and one example built of the crate's own
//! calls: a create with its model's constructor, a listing read to the end, errors handled
//! by status and code, an older API version, a configuration shared with other services.

use proc_macro2::Ident;

use super::versions::Version;
use super::names;
use super::op_doc::EXAMPLE_NAMES;
use super::operations::OperationSig;
use crate::markdown as md;
use crate::vocab::Method;

/// The front page, as Markdown (every input text escaped).
pub fn crate_doc(
    slug: &str,
    title: &str,
    description: Option<&str>,
    versions: &[Version],
    current: usize,
    sigs: &[Vec<OperationSig>],
    krate: &Ident,
) -> String {
    let k = krate.to_string();
    let title = md::text(title);
    let mut text = format!("Rust client for the Samsung Cloud Platform {title} API (`{slug}`).\n\n");
    let current_version = &versions[current];
    let statuses: Vec<String> = versions.iter().map(Version::label).collect();
    text.push_str(&format!(
        "{title} (`{slug}`) is documented in {} ({}); the client's own methods call version {}, with its {} operations. Every call is signed with your access key, sends its `Scp-Api-Version`, and checks the documented constraints of its values before anything is sent.\n\n",
        if versions.len() == 1 { "one API version".to_string() } else { format!("{} API versions", versions.len()) },
        statuses.join(", "),
        md::text(&current_version.version),
        sigs[current].len(),
    ));
    if let Some(lines) = description.map(md::prose).filter(|l| !l.is_empty()) {
        text.push_str("The docs' overview, as they write it:\n\n");
        text.push_str(&lines.join("\n"));
        text.push_str("\n\n");
    }
    text.push_str("# API versions\n\nThe client's own methods call the CURRENT version, and an operation it does not document the newest version that does (a deprecated one's method is deprecated too), so a new API version never takes a method away; each version also has its module and accessor:\n\n");
    for v in versions {
        let m = names::version_module(&v.version);
        text.push_str(&format!("- [`{m}`] via [`Client::{m}`]: {}\n", v.label()));
    }
    text.push_str(
        "\n# Configuration\n\n[`Client::from_env`] reads `SCP_ACCESS_KEY`, `SCP_SECRET_KEY`, and optionally `SCP_ACCOUNT_ID`, `SCP_REGION`, `SCP_ENVIRONMENT`, `SCP_ENDPOINT` and `SCP_LANGUAGE`; [`Config`] sets the same in code, with timeouts, a deadline, the retry policy, a credentials provider ([`ProfileCredentials`] reads `~/.scp/credentials`, keys rotate without a new client) and your own HTTP client; [`Client::from_shared`] shares one [`SharedConfig`] (and connection pool) with other services' clients. Every builder takes [`Overrides`] for one call.\n\n\
         # Models and answers\n\nRequests are strict: a model's required fields are the arguments of its `new`, the others `with_*` setters. Answers are read leniently, because the docs' required marks are not a promise the server keeps: a required value an answer leaves out or sends as `null` holds its zero value rather than failing a call whose work is done, and the answer's [`Output`] names it ([`Output::filled`]); [`Config::with_strict_answers`] makes it an error instead. A field that is optional and may be `null` is a [`Nullable`]: left out, an explicit `null`, or a value. Models and enums are `#[non_exhaustive]`: a field or value the docs add later breaks no build.\n\n",
    );
    text.push_str(&example(&k, krate, versions, current, sigs));
    text
}

/// The front page's example, of the calls the crate has.
fn example(
    k: &str,
    krate: &Ident,
    versions: &[Version],
    current: usize,
    sigs: &[Vec<OperationSig>],
) -> String {
    let mut scope = names::Scope::snake(EXAMPLE_NAMES);
    let mut given = String::new();
    let mut body = format!("let client = {k}::Client::from_env()?;\n");
    let ops = &sigs[current];
    let create = ops
        .iter()
        .find(|s| s.http == Method::Post && s.answers && s.self_contained() && s.example_args.iter().any(|a| matches!(a, super::op_doc::ExampleArg::Model { .. })))
        .or_else(|| ops.iter().find(|s| s.http == Method::Post && s.answers && s.self_contained()));
    if let Some(s) = create {
        let call = s.example(krate, "client".into()).call(&mut scope, &mut given);
        body.push_str(&format!(
            "// Create: a request model is built with `new` (its required fields) and `with_*` setters.\nlet created = {call};\nprintln!(\"{{created:?}} (HTTP {{}})\", created.status());\n"
        ));
    }
    let fewest = |s: &&OperationSig| s.example_args.len() + s.example_setters.len();
    if let Some(s) = ops
        .iter()
        .filter(|s| s.paged && s.self_contained())
        .min_by_key(fewest)
    {
        let call = s.example(krate, "client".into()).call(&mut scope, &mut given);
        let list = call.trim_end_matches(".send().await?");
        body.push_str(&format!(
            "// Every item of a listing: `into_stream()` fetches the pages as it goes.\nlet all: Vec<_> = {list}.into_stream().try_collect().await?;\nprintln!(\"{{}} items\", all.len());\n"
        ));
    }
    let show = ops
        .iter()
        .filter(|s| {
            s.http == Method::Get
                && s.answers
                && !s.paged
                && !s.example_args.is_empty()
                && s.self_contained()
        })
        .min_by_key(fewest);
    if let Some(s) = show {
        let call = s.example(krate, "client".into()).call(&mut scope, &mut given);
        let call = call.trim_end_matches('?');
        body.push_str(&format!(
            "// Errors: the HTTP status, SCP's error code and its message.\nmatch {call} {{\n    Ok(answer) => println!(\"{{answer:?}}\"),\n    Err(e) if e.status() == Some(404) => println!(\"not found: {{}} ({{:?}})\", e.message(), e.code()),\n    Err(e) => return Err(e),\n}}\n"
        ));
    }
    let older = (0..versions.len()).find(|&v| v != current && sigs[v].iter().any(|s| s.self_contained() && s.http == Method::Get));
    if let Some(v) = older {
        if let Some(s) = sigs[v].iter().find(|s| s.self_contained() && s.http == Method::Get) {
            let m = names::version_module(&versions[v].version);
            let call = s.example(krate, format!("client.{m}()")).call(&mut scope, &mut given);
            let allow = if versions[v].status.is_deprecated() {
                "#[allow(deprecated)] // the version is deprecated: the build says so where it is used\n"
            } else {
                ""
            };
            body.push_str(&format!(
                "// An older API version: its module's calls send its `Scp-Api-Version`.\n{allow}let old = {call};\nprintln!(\"{{old:?}}\");\n"
            ));
        }
    }
    body.push_str(&format!(
        "// Several services: one configuration and one connection pool.\nlet shared = {k}::SharedConfig::from_env()?;\nlet client = {k}::Client::from_shared(&shared)?;\n# let _ = client;\n"
    ));
    let uses = if body.contains("try_collect") {
        format!("use {k}::TryStreamExt;\n")
    } else {
        String::new()
    };
    format!(
        "# Example\n\n```no_run\n{uses}# async fn demo({}) -> Result<(), {k}::Error> {{\n{body}# Ok(())\n# }}\n```",
        given.trim_start_matches(", ")
    )
}
