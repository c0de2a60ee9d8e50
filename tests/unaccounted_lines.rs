//! Nothing in a page is dropped silently: a line that no part of the structure can hold is
//! reported with its own line number, wherever it stands.

mod common;

use common::*;

#[test]
fn every_stray_line_is_reported_where_it_stands() {
    let page = bundled_page();
    let mut lines: Vec<String> = page.lines().map(String::from).collect();
    // Insert stray content after these anchors (each first occurrence), bottom-up so the
    // earlier anchors keep their positions.
    let anchors = [
        ("Application Service", "a stray line in the page header"),
        ("OpenAPI URL", "| stray | table |"),
        ("상태 ACTIVE (CURRENT)", "a stray line inside an operation"),
        ("Example HTTP response", "[not json, not a label]"),
        ("1.2.1 - AccessControl", "a stray line inside a model"),
        ("2.1 - APIs", "a stray line before the first operation"),
    ];
    let mut positions: Vec<(usize, &str)> = anchors
        .iter()
        .map(|(anchor, stray)| {
            (
                lines
                    .iter()
                    .position(|l| l == anchor)
                    .unwrap_or_else(|| panic!("{anchor}")),
                *stray,
            )
        })
        .collect();
    positions.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
    for (at, stray) in &positions {
        lines.insert(at + 1, stray.to_string());
    }
    let text = lines.join("\n");
    let (_, diags) = generate("page.txt", &text);
    for (_, stray) in &positions {
        let line = lines.iter().position(|l| l == stray).unwrap() + 1;
        let hit = diags.iter().find(|d| d.location.line == line);
        assert!(
            hit.is_some(),
            "line {line} `{stray}` was dropped silently; findings: {:?}",
            diags
                .sorted()
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .iter()
                .filter(|d| !d.contains("example"))
                .collect::<Vec<_>>()
        );
    }
}

#[test]
fn the_bundled_page_has_no_unaccounted_line() {
    let (_, diags) = generate("page.txt", &bundled_page());
    let stray: Vec<String> = diags
        .iter()
        .filter(|d| d.rule.id().starts_with("unexpected"))
        .map(ToString::to_string)
        .collect();
    assert!(stray.is_empty(), "{stray:#?}");
}
