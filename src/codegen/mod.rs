//! Stage 4, codegen: OpenAPI documents → one Rust client crate per service, every API version
//! inside (`quote!` → `syn::File` → `prettyplease`). It takes specs, not doc blocks, so it
//! also runs from exported spec files.

pub mod format;
pub mod krate;
pub mod models;
pub mod names;
pub mod operations;
pub mod samples;
pub mod types;

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::output::OutputFile;

/// The crates for a set of specs (any order), plus the `generated/` workspace manifest.
/// Files are relative to the output directory.
pub fn generate(specs: &[OpenAPI]) -> anyhow::Result<Vec<OutputFile>> {
    let mut services: indexmap::IndexMap<String, Vec<&OpenAPI>> = indexmap::IndexMap::new();
    for spec in specs {
        let slug = spec
            .info
            .extensions
            .get("x-scp-service")
            .and_then(Value::as_str)
            .map(String::from)
            .unwrap_or_else(|| names::snake_text(&spec.info.title).replace('_', ""));
        services.entry(slug).or_default().push(spec);
    }
    services.sort_keys();
    let mut files = Vec::new();
    for (slug, specs) in services.iter_mut() {
        specs.sort_by_key(|s| std::cmp::Reverse(crate::extract::api::version_key(&s.info.version)));
        files.extend(krate::crate_files(slug, specs)?);
    }
    let slugs: Vec<String> = services.keys().cloned().collect();
    files.push(krate::workspace_manifest(&slugs));
    Ok(files)
}

/// Generated files: everything under `scp-*/`, and the workspace manifest.
pub fn is_generated_file(rel: &std::path::Path) -> bool {
    rel == std::path::Path::new("Cargo.toml")
        || rel.components().next().is_some_and(|c| {
            c.as_os_str().to_string_lossy().starts_with("scp-") && !rel.starts_with("target")
        })
}
