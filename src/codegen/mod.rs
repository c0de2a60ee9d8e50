//! Stage 4, codegen: OpenAPI documents → one Rust client crate per service, every API version
//! inside (`quote!` → `syn::File` → `prettyplease`). It takes specs, not doc blocks, so it
//! also runs from exported spec files.

pub mod format;
pub mod krate;
pub mod models;
pub mod names;
pub mod operations;
pub mod pagination;
pub mod params;
pub mod recursion;
pub mod runtime_crate;
pub mod samples;
pub mod types;

use std::path::Path;
use std::sync::Arc;

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::diag::{Diagnostics, Location};
use crate::output::OutputFile;

/// A spec to generate from, and where it comes from (a spec file, or the spec path a doc
/// page gives), for findings.
#[derive(Debug, Clone)]
pub struct SpecInput {
    pub origin: Arc<Path>,
    pub document: OpenAPI,
}

/// The crates for a set of specs (any order), plus the workspace manifest. Files are relative
/// to the output directory. Service slugs and versions become directory and module names, so
/// they are checked first ([`crate::output::is_slug`], [`crate::output::is_version`]); a spec
/// that fails is an error and generates nothing. Codegen's findings go to `diags`; a run with
/// errors must not be written.
pub fn generate(inputs: &[SpecInput], diags: &mut Diagnostics) -> anyhow::Result<Vec<OutputFile>> {
    let mut services: indexmap::IndexMap<String, Vec<&SpecInput>> = indexmap::IndexMap::new();
    for input in inputs {
        let spec = &input.document;
        let at = Location::new(&input.origin, 0);
        let slug = match spec.info.extensions.get("x-scp-service") {
            Some(Value::String(s)) => s.clone(),
            Some(other) => {
                diags.error(
                    at,
                    "bad-service",
                    format!("#/info/x-scp-service: {other} is not a service name"),
                );
                continue;
            }
            None => {
                let s = names::snake_text(&spec.info.title).replace('_', "");
                diags.warn(
                    at.clone(),
                    "slug-guessed",
                    format!("#/info: no x-scp-service; the service is named `{s}` after the title"),
                );
                s
            }
        };
        if !crate::output::is_slug(&slug) {
            diags.error(at, "bad-service", format!("#/info/x-scp-service: `{}` is not a service name ([a-z0-9][a-z0-9-]*, at most 64 characters); nothing is generated from this spec", slug.escape_debug()));
            continue;
        }
        // `scp-runtime` is the shared runtime crate: no service may take its directory.
        if slug == "runtime" {
            diags.error(at, "bad-service", "#/info/x-scp-service: `runtime` names scpgen's runtime crate (scp-runtime); nothing is generated from this spec".to_string());
            continue;
        }
        if !crate::output::is_version(&spec.info.version) {
            diags.error(at, "bad-version", format!("#/info/version: `{}` is not an API version (digits and dots, such as 1.2); nothing is generated from this spec", spec.info.version.escape_debug()));
            continue;
        }
        let versions = services.entry(slug.clone()).or_default();
        if let Some(first) = versions
            .iter()
            .find(|v| v.document.info.version == spec.info.version)
        {
            diags.error(
                at,
                "duplicate-spec",
                format!(
                    "{slug} version {} is given twice (also by {})",
                    spec.info.version,
                    first.origin.display()
                ),
            );
            continue;
        }
        versions.push(input);
    }
    services.sort_keys();
    let mut files = Vec::new();
    for (slug, specs) in services.iter_mut() {
        specs.sort_by_key(|s| {
            std::cmp::Reverse(crate::extract::api::version_key(&s.document.info.version))
        });
        files.extend(krate::crate_files(slug, specs, diags)?);
    }
    let slugs: Vec<String> = services.keys().cloned().collect();
    files.extend(runtime_crate::files());
    files.push(krate::workspace_manifest(&slugs));
    Ok(files)
}

/// Generated files: everything under `scp-*/` (the service crates and `scp-runtime/`), and
/// the workspace manifest.
pub fn is_generated_file(rel: &std::path::Path) -> bool {
    rel == std::path::Path::new("Cargo.toml")
        || rel.components().next().is_some_and(|c| {
            c.as_os_str().to_string_lossy().starts_with("scp-") && !rel.starts_with("target")
        })
}
