//! The changelog as Markdown (for a pull-request comment) or JSON.

use std::fmt::Write as _;

use super::Change;
use crate::markdown as md;

/// Markdown: a summary line, then a table per service and API version, breaking first.
pub fn markdown(changes: &[Change]) -> String {
    let breaking = changes.iter().filter(|c| c.breaking).count();
    let mut out = String::from("# API changes\n\n");
    if changes.is_empty() {
        out.push_str("No changes.\n");
        return out;
    }
    let _ = writeln!(
        out,
        "**{breaking} breaking**, {} non-breaking changes.\n",
        changes.len() - breaking
    );
    let mut groups: Vec<(&str, &str)> = changes
        .iter()
        .map(|c| (c.service.as_str(), c.version.as_str()))
        .collect();
    groups.dedup();
    for (service, version) in groups {
        let _ = writeln!(
            out,
            "## {} {}\n\n| | what | change |\n|---|---|---|",
            md::text(service),
            md::text(version)
        );
        let mut in_group: Vec<&Change> = changes
            .iter()
            .filter(|c| c.service == service && c.version == version)
            .collect();
        in_group.sort_by_key(|c| !c.breaking);
        for c in in_group {
            let mark = if c.breaking { "**breaking**" } else { "" };
            let _ = writeln!(
                out,
                "| {mark} | {} | {} |",
                md::cell_code(&c.subject),
                md::worded(&c.detail)
            );
        }
        out.push('\n');
    }
    out
}

/// JSON: `{"breaking": n, "changes": [...]}`.
pub fn json(changes: &[Change]) -> String {
    let breaking = changes.iter().filter(|c| c.breaking).count();
    let mut out = serde_json::to_string_pretty(
        &serde_json::json!({ "breaking": breaking, "changes": changes }),
    )
    .unwrap_or_default();
    out.push('\n');
    out
}
