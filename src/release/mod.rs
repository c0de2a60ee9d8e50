//! Releases of the generated crates: each crate's version and CHANGELOG.md, decided from the
//! previous output (the crates' changelogs and the previous spec/) and what changed since.
//!
//! A crate is released when its files change. Its newest changelog section records the hash
//! of the files it was released with, so a run that finds the same files keeps the version
//! (generating twice, or again after a run killed halfway, releases nothing twice), and a
//! run that finds other files makes the next version after the rule of [`semver`]: the
//! kind of release is the worst of the API changes of its service (`scpgen diff` of the
//! previous spec/ and the new specs), a change of the generator's API ([`GENERATOR_EPOCH`])
//! and a semver-incompatible move of scp-runtime, whose types the crates re-export. The
//! runtime's own version is its template's (templates/runtime/Cargo.toml), moved by hand
//! with a section of templates/runtime/CHANGELOG.md whenever its sources change (a unit test
//! holds the two together).
//!
//! Spec files are written after the crates, so the previous spec/ is the one the crates'
//! newest release was made from until every crate is written.

pub mod changelog;
pub mod client_api;
pub mod semver;

use std::collections::BTreeMap;
use std::path::Path;

use crate::diff::{Change, Revision};
use crate::fetch::CrateMetadata;
use crate::output::OutputFile;
use changelog::Released;
use semver::{Bump, Version};

/// The epoch of the API the generator writes: scpgen's developers move it when codegen
/// changes the generated API in a way a user's code may have to follow. A crate released
/// under another epoch is released next as breaking.
pub const GENERATOR_EPOCH: u32 = 1;

/// The runtime crate's directory.
const RUNTIME: &str = "scp-runtime";

/// What the previous output holds of one crate.
#[derive(Debug, Clone, Default)]
pub struct PreviousCrate {
    pub manifest: Option<String>,
    pub changelog: Option<String>,
    /// Its Rust sources (`src/lib.rs`, `src/v1_0.rs`), for its `Client`'s methods: in
    /// memory, or read from `dir` when a release needs them (most runs release nothing).
    pub sources: client_api::Sources,
    pub dir: Option<std::path::PathBuf>,
}

/// Files of a previous crate are read no further than this.
const MAX_PREVIOUS_FILE: u64 = 16 << 20;

fn read_text(path: &Path) -> Option<String> {
    crate::files::read_limited(path, MAX_PREVIOUS_FILE)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
}

impl PreviousCrate {
    /// Its Rust sources, from memory or its directory's `src/`.
    fn rust_sources(&self) -> client_api::Sources {
        let Some(dir) = &self.dir else {
            return self.sources.clone();
        };
        let mut sources = client_api::Sources::new();
        if let Ok(src) = std::fs::read_dir(dir.join("src")) {
            for file in src.filter_map(Result::ok) {
                let name = file.file_name().to_string_lossy().into_owned();
                if name.ends_with(".rs") {
                    if let Some(text) = read_text(&file.path()) {
                        sources.insert(format!("src/{name}"), text);
                    }
                }
            }
        }
        sources
    }
}

/// The previous output's crates, by directory (`scp-apigateway`).
pub type Previous = BTreeMap<String, PreviousCrate>;

/// Reads the manifest and changelog of each crate directory under `client_dir` (missing
/// files are none: a first run); its sources are read when a release needs them.
pub fn read_previous(client_dir: &Path) -> Previous {
    let mut previous = Previous::new();
    let Ok(entries) = std::fs::read_dir(client_dir) else {
        return previous;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with("scp-") || !entry.path().is_dir() {
            continue;
        }
        previous.insert(
            name,
            PreviousCrate {
                manifest: read_text(&entry.path().join("Cargo.toml")),
                changelog: read_text(&entry.path().join("CHANGELOG.md")),
                sources: client_api::Sources::new(),
                dir: Some(entry.path()),
            },
        );
    }
    previous
}

/// One crate's release decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    /// The crate's name (`scp-apigateway`).
    pub krate: String,
    /// Its version in the previous output, if it had one.
    pub from: Option<Version>,
    pub to: Version,
    /// The kind of release; `None` for a first changelog or no release.
    pub bump: Option<Bump>,
    /// The API changes it is released for.
    pub changes: Vec<Change>,
    /// Its new changelog section, when scpgen writes its changelog and releases it (the
    /// runtime's changelog is its template's).
    pub section: Option<String>,
    /// `true` when this run releases the crate (a new version, or a first changelog).
    pub released: bool,
}

/// The specs before and after a run, which only a crate released anew needs.
#[derive(Debug, Default)]
pub struct Specs {
    pub old: Revision,
    pub new: Revision,
    /// The services whose previous specs could not be read.
    pub unknown: std::collections::BTreeSet<String>,
}

/// Versions the crates among `files` (the service crates and scp-runtime): sets each
/// manifest's version, its dependency on scp-runtime and the `[crates]` metadata, and
/// writes each service crate's CHANGELOG.md. `specs` gives the specs before and after, and
/// is called only when a crate is released anew.
pub fn apply(
    files: &mut Vec<OutputFile>,
    previous: &Previous,
    metadata: &CrateMetadata,
    specs: &mut dyn FnMut() -> anyhow::Result<Specs>,
) -> anyhow::Result<Vec<Release>> {
    let mut loaded: Option<Specs> = None;
    let runtime_version = manifest_version(files, RUNTIME)
        .ok_or_else(|| anyhow::anyhow!("the runtime crate has no version"))?;
    let previous_runtime = previous
        .get(RUNTIME)
        .and_then(|p| p.manifest.as_deref())
        .and_then(version_of_manifest);
    let mut releases = vec![Release {
        krate: RUNTIME.into(),
        from: previous_runtime,
        to: runtime_version,
        bump: None,
        changes: Vec::new(),
        section: None,
        released: previous_runtime != Some(runtime_version),
    }];
    let mut crates: Vec<String> = files
        .iter()
        .filter_map(|f| crate_dir(&f.path))
        .filter(|d| *d != RUNTIME)
        .map(str::to_string)
        .collect();
    crates.dedup();
    for dir in &crates {
        let slug = &dir["scp-".len()..];
        let prev = previous.get(dir.as_str()).cloned().unwrap_or_default();
        let content = content_hash(files, dir);
        let log = changelog::parse(prev.changelog.as_deref().unwrap_or_default());
        let from = prev.manifest.as_deref().and_then(version_of_manifest);
        let release = match &log.newest {
            Some(r) if r.content == content && r.epoch == GENERATOR_EPOCH => Release {
                krate: dir.clone(),
                from,
                to: r.version,
                bump: None,
                changes: Vec::new(),
                section: None,
                released: false,
            },
            Some(r) => {
                let specs = match &mut loaded {
                    Some(s) => &*s,
                    None => &*loaded.insert(specs()?),
                };
                let mut changes = service_changes(&specs.old, &specs.new, slug);
                changes.extend(client_api::changes(
                    slug,
                    &prev.rust_sources(),
                    &crate_sources(files, dir),
                ));
                let runtime_moved = prev
                    .manifest
                    .as_deref()
                    .and_then(runtime_requirement)
                    .is_some_and(|req| !req.compatible(runtime_version));
                let epoch_moved = r.epoch != GENERATOR_EPOCH;
                let unread = specs.unknown.contains(slug);
                let bump = if changes.iter().any(|c| c.breaking)
                    || runtime_moved
                    || epoch_moved
                    || unread
                {
                    Bump::Breaking
                } else if !changes.is_empty() {
                    Bump::Additive
                } else {
                    Bump::Patch
                };
                let mut why = Vec::new();
                if epoch_moved {
                    why.push(format!(
                        "The generator's API changed (epoch {} → {GENERATOR_EPOCH}).",
                        r.epoch
                    ));
                }
                if runtime_moved {
                    why.push(format!(
                        "It depends on scp-runtime {runtime_version}, whose types it re-exports."
                    ));
                }
                if unread {
                    why.push("Its previous specs could not be read: its changes are unknown.".into());
                }
                if changes.is_empty() && !epoch_moved && !runtime_moved && !unread {
                    why.push("The docs' text or the generated code changed.".into());
                }
                let released = Released {
                    version: r.version.next(bump),
                    content,
                    epoch: GENERATOR_EPOCH,
                };
                let section = changelog::section(&released, Some(bump), &changes, &why.join(" "));
                Release {
                    krate: dir.clone(),
                    from,
                    to: released.version,
                    bump: Some(bump),
                    changes,
                    section: Some(section),
                    released: true,
                }
            }
            None => {
                // No changelog (a first run, or one not written by scpgen): the version the
                // manifest had, or the first one.
                let released = Released {
                    version: from.unwrap_or(Version::FIRST),
                    content,
                    epoch: GENERATOR_EPOCH,
                };
                let section = changelog::section(&released, None, &[], "");
                Release {
                    krate: dir.clone(),
                    from,
                    to: released.version,
                    bump: None,
                    changes: Vec::new(),
                    section: Some(section),
                    released: true,
                }
            }
        };
        let text = changelog::render(dir, release.section.as_deref(), &log.sections);
        set_file(files, &format!("{dir}/CHANGELOG.md"), text);
        releases.push(release);
    }
    for r in &releases {
        stamp_manifest(files, &r.krate, r.to, runtime_version, metadata)?;
    }
    Ok(releases)
}

/// Decides the releases of the crates of a run on a repository's pages against its
/// previous output (`root`/spec and `root`/generated), and stamps them into the run's files;
/// `[crates]` of spec/source/sources.toml gives their metadata.
pub fn for_repository(
    root: &Path,
    outcome: &mut crate::pipeline::Outcome,
    read: &crate::pipeline::ReadOptions,
) -> anyhow::Result<Vec<Release>> {
    let metadata = crate::fetch::sources::read(root)?
        .unwrap_or_default()
        .crates;
    let previous = read_previous(&root.join("generated"));
    let pages = outcome.pages.as_ref();
    let mut specs = || -> anyhow::Result<Specs> {
        // The previous specs, file by file: a service one of whose files cannot be read
        // (edited by hand, cut short) has unknown changes, and its crate's next release is
        // breaking.
        let spec_dir = root.join("spec");
        let mut old_specs = Vec::new();
        let mut unknown = std::collections::BTreeSet::new();
        for file in previous_spec_files(&spec_dir) {
            let mut diags = crate::diag::Diagnostics::new();
            let specs = crate::pipeline::read_spec_file(&file, read, &mut diags);
            if diags.has_errors() {
                if let Some(service) = file
                    .strip_prefix(&spec_dir)
                    .ok()
                    .and_then(|rel| rel.components().next())
                {
                    unknown.insert(service.as_os_str().to_string_lossy().into_owned());
                }
                continue;
            }
            old_specs.extend(specs);
        }
        Ok(Specs {
            old: crate::diff::revision(old_specs),
            new: crate::diff::revision(
                pages
                    .map(|g| g.specs.iter().map(|s| s.document.clone()).collect())
                    .unwrap_or_default(),
            ),
            unknown,
        })
    };
    apply(&mut outcome.client_files, &previous, &metadata, &mut specs)
}

/// The spec files (`<service>/<version>.yaml`) of a previous spec/, none when there is none.
fn previous_spec_files(dir: &Path) -> Vec<std::path::PathBuf> {
    crate::output::existing_entries(dir, &[])
        .map(|files| {
            files
                .into_iter()
                .filter(|p| p.strip_prefix(dir).is_ok_and(crate::output::is_spec_file))
                .collect()
        })
        .unwrap_or_default()
}

/// The API changes of one service (its specs keyed by service slug).
fn service_changes(old: &Revision, new: &Revision, slug: &str) -> Vec<Change> {
    let of = |r: &Revision| -> Revision {
        r.iter()
            .filter(|((s, _), _)| s == slug)
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    };
    crate::diff::diff(&of(old), &of(new))
}

/// A crate's Rust sources among `files`, by path within it.
fn crate_sources(files: &[OutputFile], dir: &str) -> client_api::Sources {
    files
        .iter()
        .filter(|f| crate_dir(&f.path) == Some(dir))
        .filter_map(|f| {
            let rel = f.path.strip_prefix(dir).ok()?.to_str()?.replace('\\', "/");
            (rel.starts_with("src/") && rel.ends_with(".rs")).then(|| (rel, f.contents.clone()))
        })
        .collect()
}

/// `scp-apigateway/src/lib.rs` → `scp-apigateway`.
fn crate_dir(path: &Path) -> Option<&str> {
    let first = path.components().next()?.as_os_str().to_str()?;
    (first.starts_with("scp-") && path.components().count() > 1).then_some(first)
}

/// The hash of a crate's files as generated (its changelog aside), 16 hex digits: what a
/// release is made of.
fn content_hash(files: &[OutputFile], dir: &str) -> String {
    let mut of_crate: Vec<&OutputFile> = files
        .iter()
        .filter(|f| crate_dir(&f.path) == Some(dir))
        .filter(|f| f.path.file_name().is_none_or(|n| n != "CHANGELOG.md"))
        .collect();
    of_crate.sort_by(|a, b| a.path.cmp(&b.path));
    let mut bytes = Vec::new();
    for f in of_crate {
        bytes.extend_from_slice(f.path.to_string_lossy().as_bytes());
        bytes.push(0);
        bytes.extend_from_slice(f.contents.as_bytes());
        bytes.push(0);
    }
    crate::files::sha256_hex(&bytes)[..16].to_string()
}

fn set_file(files: &mut Vec<OutputFile>, path: &str, contents: String) {
    match files.iter_mut().find(|f| f.path == Path::new(path)) {
        Some(f) => f.contents = contents,
        None => files.push(OutputFile {
            path: path.into(),
            contents,
        }),
    }
}

fn manifest_version(files: &[OutputFile], dir: &str) -> Option<Version> {
    let path = format!("{dir}/Cargo.toml");
    files
        .iter()
        .find(|f| f.path == Path::new(&path))
        .and_then(|f| version_of_manifest(&f.contents))
}

fn version_of_manifest(text: &str) -> Option<Version> {
    let doc: toml_edit::DocumentMut = text.parse().ok()?;
    Version::parse(doc.get("package")?.get("version")?.as_str()?)
}

/// The version a service crate's manifest requires of scp-runtime.
fn runtime_requirement(text: &str) -> Option<Version> {
    let doc: toml_edit::DocumentMut = text.parse().ok()?;
    let req = doc.get("dependencies")?.get(RUNTIME)?.get("version")?.as_str()?;
    Version::parse(req.trim_start_matches(['^', '=']))
}

/// Sets a crate manifest's version, its requirement of scp-runtime and the metadata of
/// sources.toml's `[crates]`.
fn stamp_manifest(
    files: &mut [OutputFile],
    dir: &str,
    version: Version,
    runtime: Version,
    metadata: &CrateMetadata,
) -> anyhow::Result<()> {
    let path = format!("{dir}/Cargo.toml");
    let Some(file) = files.iter_mut().find(|f| f.path == Path::new(&path)) else {
        return Ok(());
    };
    // The first lines (scpgen's mark) are comments toml_edit keeps as the document's decor.
    let mut doc: toml_edit::DocumentMut = file.contents.parse()?;
    doc["package"]["version"] = toml_edit::value(version.to_string());
    if let Some(dep) = doc
        .get_mut("dependencies")
        .and_then(|d| d.get_mut(RUNTIME))
        .and_then(|d| d.as_inline_table_mut())
    {
        dep.insert("version", runtime.to_string().into());
    }
    let package = doc["package"]
        .as_table_mut()
        .ok_or_else(|| anyhow::anyhow!("{path}: no [package]"))?;
    let name = package
        .get("name")
        .and_then(|n| n.as_str())
        .unwrap_or(dir)
        .to_string();
    for (key, value) in [
        ("repository", metadata.repository.clone()),
        ("homepage", metadata.homepage.clone()),
        (
            "documentation",
            metadata.documentation.as_ref().map(|d| format!("{d}/{name}")),
        ),
    ] {
        if let Some(v) = value {
            package.insert(key, toml_edit::value(v));
        }
    }
    file.contents = doc.to_string();
    Ok(())
}

#[cfg(test)]
mod tests;
