//! Stage 4, codegen: OpenAPI documents → one Rust client crate per service, every API version
//! inside (`quote!` → `syn::File` → `prettyplease`). It takes specs, not doc blocks, so it
//! also runs from exported spec files.

pub mod aliases;
pub mod builder;
pub mod checks;
pub mod components;
mod context;
pub mod embed;
pub mod enums;
pub mod format;
pub mod formatter;
pub mod front_page;
pub mod ir;
pub mod krate;
mod model_items;
pub mod models;
pub mod names;
pub mod op_doc;
pub mod op_model;
pub mod operations;
pub mod pagination;
pub mod params;
pub mod payloads;
pub mod recursion;
pub mod runtime_crate;
pub mod samples;
pub mod settings;
pub mod shapes;
pub mod styles;
pub mod types;
pub mod versions;

use std::path::Path;
use std::sync::Arc;

use openapiv3::OpenAPI;

use crate::diag::{Diagnostics, Location, Rule};
use crate::output::OutputFile;

/// A spec to generate from, and where it comes from (a spec file, or the spec path a doc
/// page gives), for findings. Codegen only reads it: a large spec is not copied.
#[derive(Debug, Clone)]
pub struct SpecInput<'a> {
    pub origin: Arc<Path>,
    pub document: &'a OpenAPI,
}

/// The crates for a set of specs (any order), plus the workspace manifest. Files are relative
/// to the output directory. Each spec's conventions come from [`settings::settings`]; its
/// slug and version become directory and module names, so a spec whose slug or version is not
/// a plain name is an error and generates nothing. Codegen's findings go to `diags`; a run
/// with errors must not be written.
#[cfg(any(test, feature = "internals"))]
pub fn generate(inputs: &[SpecInput], diags: &mut Diagnostics) -> anyhow::Result<Vec<OutputFile>> {
    generate_with(inputs, &settings::Overrides::default(), diags)
}

/// [`generate`], with what the command line says about specs that do not say it themselves.
pub fn generate_with(
    inputs: &[SpecInput],
    overrides: &settings::Overrides,
    diags: &mut Diagnostics,
) -> anyhow::Result<Vec<OutputFile>> {
    let mut services: indexmap::IndexMap<String, Vec<(&SpecInput, settings::Settings)>> =
        indexmap::IndexMap::new();
    for input in inputs {
        let at = Location::new(&input.origin, 0);
        let Some(s) = settings::settings(input.document, &at, overrides, diags) else {
            continue;
        };
        settings::check_documented_version(input.document, &s, &at, diags);
        let versions = services.entry(s.slug.clone()).or_default();
        if let Some((first, _)) = versions.iter().find(|(_, v)| v.version == s.version) {
            diags.error(
                at,
                Rule::DuplicateSpec,
                format!(
                    "{} version {} is given twice (also by {})",
                    s.slug,
                    s.version,
                    first.origin.display()
                ),
            );
            continue;
        }
        versions.push((input, s));
    }
    services.sort_keys();
    // Every crate's Rust files go to one formatter: a crate is formatted on the other cores
    // while the next is made. Each crate's files come out together, Rust files first.
    let mut rust = formatter::Formatter::start();
    let mut crates = Vec::new();
    for (slug, specs) in services.iter_mut() {
        specs.sort_by(|(_, a), (_, b)| b.version.cmp(&a.version));
        settings::check_one_endpoint(specs, diags);
        let before = rust.files();
        let others = krate::crate_files(
            slug,
            specs,
            overrides.crate_name.as_deref(),
            &mut rust,
            diags,
        )?;
        crates.push((rust.files() - before, others));
    }
    let mut formatted = rust.finish()?.into_iter();
    let mut files = Vec::new();
    for (count, others) in crates {
        files.extend(formatted.by_ref().take(count));
        files.extend(others);
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
