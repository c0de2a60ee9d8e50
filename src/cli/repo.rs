//! The commands that follow the live docs in a repository: `fetch` (the pages of
//! spec/source/sources.toml), `update` (fetch, regenerate, release), and the releases of the
//! crates that `generate`, `check` and `update` share (src/release/).

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use super::Common;
use crate::fetch::{self, Sources};
use crate::release::{semver::Bump, Release};

/// The repository's sources file, which `fetch` and `update` need.
fn sources(root: &Path) -> anyhow::Result<Sources> {
    fetch::sources::read(root)?.ok_or_else(|| {
        anyhow::anyhow!(
            "{}: no sources file: list the pages to fetch there (README, \"Following the live docs\")",
            crate::terminal::path(&root.join("spec").join("source").join(fetch::sources::SOURCES_FILE))
        )
    })
}

/// `scpgen fetch`: every page, a line for each that failed and a summary; exit 1 when one
/// failed.
pub fn fetch(root: &Path) -> anyhow::Result<(ExitCode, fetch::Report)> {
    let sources = sources(root)?;
    let progress = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let report = fetch::fetch(root, &sources, progress)?;
    for (url, why) in &report.failed {
        errln!(
            "scpgen fetch: {}: {}; the previous copy is kept",
            crate::terminal::escape(url),
            crate::terminal::escape(why)
        );
    }
    errln!(
        "scpgen fetch: {} pages: {} changed, {} unchanged, {} failed",
        sources.pages.len(),
        report.changed.len(),
        report.unchanged.len(),
        report.failed.len()
    );
    let code = if report.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    };
    Ok((code, report))
}

/// `scpgen update`: fetch; when every page came, regenerate and release; the notes and the
/// summary when asked. Nothing is regenerated after a failed fetch (the pages would be a mix
/// of two days of the docs).
pub fn update(
    root: &Path,
    notes: Option<&Path>,
    summary: Option<&Path>,
    common: &Common,
    started: Instant,
) -> anyhow::Result<ExitCode> {
    let (code, report) = fetch(root)?;
    if !report.failed.is_empty() {
        errln!("scpgen update: nothing regenerated: a page could not be fetched");
        return Ok(code);
    }
    let (code, releases) = super::repo_outputs(root, false, common, started)?;
    if code != ExitCode::SUCCESS {
        return Ok(code);
    }
    let released: Vec<&Release> = releases.iter().filter(|r| r.released).collect();
    let breaking = released.iter().any(|r| r.bump == Some(Bump::Breaking));
    if let Some(path) = notes {
        crate::output::write_atomic(path, release_notes(&report, &released).as_bytes())?;
    }
    if let Some(path) = summary {
        let json = serde_json::json!({
            "pages_changed": report.changed,
            "breaking": breaking,
            "releases": released.iter().map(|r| serde_json::json!({
                "crate": r.krate,
                "from": r.from.map(|v| v.to_string()),
                "to": r.to.to_string(),
                "kind": r.bump.map(Bump::label),
                "changes": r.changes.len(),
            })).collect::<Vec<_>>(),
        });
        let text = serde_json::to_string_pretty(&json)? + "\n";
        crate::output::write_atomic(path, text.as_bytes())?;
    }
    outln!(
        "scpgen update: {} pages changed; {} crates released{}",
        report.changed.len(),
        released.len(),
        if breaking { " (breaking)" } else { "" }
    );
    Ok(ExitCode::SUCCESS)
}

/// `scp-apigateway 0.1.0 → 0.2.0 (breaking, 3 API changes)`.
pub fn release_line(r: &Release) -> String {
    let from = r
        .from
        .filter(|v| *v != r.to)
        .map_or(String::new(), |v| format!("{v} → "));
    let kind = match r.bump {
        Some(b) if r.changes.is_empty() => format!(" ({})", b.label()),
        Some(b) => format!(" ({}, {} API changes)", b.label(), r.changes.len()),
        None if r.krate == "scp-runtime" => String::new(),
        None => " (first changelog)".into(),
    };
    format!("released {} {from}{}{kind}", r.krate, r.to)
}

/// The release notes of an update: the pages that changed, then each crate's new section.
fn release_notes(report: &fetch::Report, released: &[&Release]) -> String {
    let mut s = String::from("# SCP API update\n\n");
    if report.changed.is_empty() {
        s.push_str("No page of the docs changed.\n");
    } else {
        s.push_str("Pages that changed: ");
        let pages: Vec<String> = report
            .changed
            .iter()
            .map(|p| crate::markdown::code(p))
            .collect();
        s.push_str(&pages.join(", "));
        s.push_str(".\n");
    }
    for r in released {
        s.push_str(&format!("\n# {}\n\n", release_line(r)));
        if let Some(section) = r.section.as_deref().filter(|t| !t.is_empty()) {
            // One heading level down, under the crate's.
            for line in section.lines() {
                if line.starts_with('#') {
                    s.push('#');
                }
                s.push_str(line);
                s.push('\n');
            }
        }
    }
    s
}
