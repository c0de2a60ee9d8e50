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
                cell_code(&c.subject),
                inline_code(&c.detail)
            );
        }
        out.push('\n');
    }
    out
}

/// A code span in a table cell: even inside a code span, GitHub ends the cell at a `|`, so it
/// is escaped (GitHub shows `\|` in a cell as `|`); [`md::text`] escapes it already.
fn cell_code(s: &str) -> String {
    md::code(s).replace('|', "\\|")
}

/// A change's detail, which scpgen words with spec names in backticks (`operation `x`
/// removed`): the words are escaped, each backticked name becomes a code span that the name
/// cannot break out of, so names from the doc cannot inject Markdown into the PR comment.
fn inline_code(detail: &str) -> String {
    detail
        .split('`')
        .enumerate()
        .map(|(i, part)| {
            if i % 2 == 1 {
                cell_code(part)
            } else {
                md::text(part)
            }
        })
        .collect()
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
