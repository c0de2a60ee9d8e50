//! The changelog's inputs and output: an input without specs is an error (it made every
//! change "added", exit 0 even with `--fail-on breaking`), `.yml` files and links to spec
//! files are read, a byte-order mark is no second document, and names from the specs stay
//! whole in the Markdown (backticks, addresses) without becoming links.

use super::common::*;
use super::support::put;

const SPEC: &str = "openapi: 3.0.3\ninfo: {title: Diff, version: '1.0', x-scp-service: diff}\npaths:\n  /v1/x:\n    get:\n      operationId: get_x\n      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}}\ncomponents:\n  schemas:\n    Thing:\n      type: object\n      properties:\n        \"a`b\": {type: string}\n        \"https://evil.example/x\": {type: string}\n";

#[test]
fn an_input_without_specs_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("empty")).unwrap();
    put(root, "new/diff/1.0.yaml", SPEC);
    let o = scpgen(&["diff", "empty", "new", "--fail-on", "breaking"], root);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stderr(&o).contains(
            "empty: no spec files (`<service>/<version>.yaml`, `.yml` or `.json`) in the directory"
        ),
        "{}",
        stderr(&o)
    );
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
}

#[cfg(unix)]
#[test]
fn yml_files_links_and_byte_order_marks_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    put(root, "old/diff/1.0.yml", &format!("\u{feff}{SPEC}"));
    put(
        root,
        "elsewhere/spec.yaml",
        &SPEC.replace("\"a`b\": {type: string}\n", ""),
    );
    std::fs::create_dir_all(root.join("new/diff")).unwrap();
    std::os::unix::fs::symlink(
        root.join("elsewhere/spec.yaml"),
        root.join("new/diff/1.0.yaml"),
    )
    .unwrap();
    let o = scpgen(&["diff", "old", "new", "--format", "json"], root);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let details: Vec<&str> = v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["detail"].as_str().unwrap())
        .collect();
    assert_eq!(details, ["field ``a`b`` removed"], "{v}");
}

#[test]
fn names_stay_whole_in_the_changelog_and_are_no_links() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    put(
        root,
        "old/diff/1.0.yaml",
        &SPEC.replace("        \"https://evil.example/x\": {type: string}\n", ""),
    );
    put(
        root,
        "new/diff/1.0.yaml",
        &SPEC.replace("        \"a`b\": {type: string}\n", ""),
    );
    let o = scpgen(&["diff", "old", "new"], root);
    let md = stdout(&o);
    use pulldown_cmark::{Event, Options, Parser, Tag};
    let events: Vec<Event> = Parser::new_ext(&md, Options::ENABLE_TABLES).collect();
    let spans: Vec<String> = events
        .iter()
        .filter_map(|e| match e {
            Event::Code(c) => Some(c.to_string()),
            _ => None,
        })
        .collect();
    assert!(spans.contains(&"a`b".to_string()), "{spans:?}\n{md}");
    assert!(
        spans.contains(&"https://evil.example/x".to_string()),
        "{spans:?}\n{md}"
    );
    assert!(
        !events
            .iter()
            .any(|e| matches!(e, Event::Start(Tag::Link { .. }))),
        "{md}"
    );
}

#[test]
fn bidi_overrides_stay_out_of_cargo_toml() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    put(
        root,
        "s.yaml",
        &SPEC.replace("title: Diff", "title: \"Diff \u{202e}txt.exe\""),
    );
    let o = scpgen(&["client", "s.yaml", "--out", "out"], root);
    assert!(o.status.success(), "{}", stderr(&o));
    let manifest = std::fs::read_to_string(root.join("out/scp-diff/Cargo.toml")).unwrap();
    assert!(!manifest.contains('\u{202e}'), "{manifest}");
    assert!(
        manifest.contains("Samsung Cloud Platform Diff  txt.exe API"),
        "{manifest}"
    );
}
