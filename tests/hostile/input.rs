//! The reader and extractor side: scpgen runs in CI on doc text any pull request can
//! change. Each case is a small page under `tests/fixtures/hostile/input/` (the one-service
//! page `base.txt` with one thing changed) or a generated one; each test asserts the exact
//! finding (rule and line) and, for errors, that the real command writes nothing.

use std::path::Path;

use super::common::*;
use super::hostile_pages;
use super::support::*;
use scpgen::diag::Severity;
use serde_json::Value;

#[test]
fn base_page_is_clean() {
    let (f, _, spec) = run("base.txt");
    assert!(f.is_empty(), "{f:?}");
    assert!(spec.is_some());
}

// Slugs and versions become directories.

#[test]
fn slug_in_upper_case_is_an_error() {
    let (f, diags, _) = run("slug-upper-case.txt");
    assert_eq!(f, ["41: error: bad-service-name"]);
    assert!(message(&diags, "bad-service-name").contains("`ThingService`"));
    fails_with("slug-upper-case.txt", 41, "bad-service-name");
}

#[test]
fn slug_with_path_traversal_is_an_error() {
    let (f, diags, _) = run("slug-traversal.txt");
    assert_eq!(f, ["41: error: bad-service-name"]);
    assert!(message(&diags, "bad-service-name").contains("`../../etc`"));
    fails_with("slug-traversal.txt", 41, "bad-service-name");
}

#[test]
fn slug_from_the_url_host_is_checked_at_the_url_line() {
    let (f, diags, _) = run("slug-url-host.txt");
    assert_eq!(f, ["11: error: bad-service-name"]);
    assert!(message(&diags, "bad-service-name").contains("`Thing_Service`"));
    fails_with("slug-url-host.txt", 11, "bad-service-name");
}

#[test]
fn slug_from_the_page_address_is_not_lower_cased() {
    // A fragment page: named by its address, which says `Things`.
    let page = input("base.txt").replacen(
        "이 섹션의 다중 페이지 출력 화면임. 여기를 클릭하여 프린트.\nManagement\n",
        "https://docs.e.samsungsdscloud.com/apireference/Things/_print\n\n",
        1,
    );
    let fragment: String = page
        .lines()
        .filter(|l| !l.starts_with("\"Scp-Api-Version") && !l.starts_with("https://thing"))
        .map(|l| {
            // The version section and its content, without the service above it.
            format!("{l}\n")
        })
        .collect();
    let start = fragment.find("1.1.1.1 - 1.0").unwrap();
    let text = format!(
        "https://docs.e.samsungsdscloud.com/apireference/Things/_print\n{}",
        &fragment[start..fragment.find("1.2 - Models").unwrap()]
    );
    let (_, diags) = generate("page.txt", &text);
    let f = findings(&diags);
    assert!(
        f.contains(&"1: error: bad-service-name".to_string()),
        "{f:?}"
    );
    assert!(message(&diags, "bad-service-name").contains("`Things`"));
}

#[test]
fn version_with_unicode_digits_is_an_error() {
    let (f, _, _) = run("version-table-digits.txt");
    assert!(f.contains(&"9: error: bad-version".to_string()), "{f:?}");
    fails_with("version-table-digits.txt", 9, "bad-version");
}

#[test]
fn version_section_title_not_a_version_is_an_error() {
    let (f, _, _) = run("version-section-title.txt");
    assert!(f.contains(&"18: error: bad-version".to_string()), "{f:?}");
    fails_with("version-section-title.txt", 18, "bad-version");
}

#[test]
fn version_in_the_api_version_header_is_checked() {
    let (f, diags, _) = run("version-header.txt");
    assert!(f.contains(&"41: error: bad-version".to_string()), "{f:?}");
    assert!(message(&diags, "bad-version").contains("`1.0/../../x`"));
    fails_with("version-header.txt", 41, "bad-version");
}

#[test]
fn api_version_header_without_a_version_is_an_error() {
    let (f, diags, _) = run("version-header-missing.txt");
    assert!(f.contains(&"41: error: bad-version".to_string()), "{f:?}");
    assert!(message(&diags, "bad-version").contains("found ``"));
    fails_with("version-header-missing.txt", 41, "bad-version");
}

// Nesting deep enough to overflow the stack.

/// The base page with the Schema cell of `Thing.id` (line 46) replaced.
fn with_id_schema(schema: &str) -> String {
    input("base.txt").replace(
        "| id required | ID Example : abc | string |  |",
        &format!("| id required | The ID | {schema} |  |"),
    )
}

#[test]
fn deeply_nested_types_are_reported_not_overflowed() {
    for open in ["array[", "object[", "any of ["] {
        let deep = format!("{}string{}", open.repeat(2000), "]".repeat(2000));
        let (_, diags) = generate("page.txt", &with_id_schema(&deep));
        let f = findings(&diags);
        assert_eq!(f, ["46: warning: type-too-deep"], "{open}");
        assert!(message(&diags, "type-too-deep").contains("2000 levels"));
    }
    // What real pages nest is still read.
    let (_, diags) = generate(
        "page.txt",
        &with_id_schema("any of [array[any of [object[string], null]], null]"),
    );
    assert!(findings(&diags).is_empty(), "{:?}", findings(&diags));
}

#[test]
fn deeply_nested_python_literal_example_is_reported() {
    let deep = format!("{}1{}", "[".repeat(50_000), "]".repeat(50_000));
    let page = input("base.txt").replace(
        "| name optional | Name Example : x | any of [string, null] | None |",
        &format!("| name optional | Name Example : {deep} | any of [array, null] | None |"),
    );
    let page = page.replace("any of [array, null]", "any of [array[object], null]");
    let (_, diags) = generate("page.txt", &page);
    assert_eq!(findings(&diags), ["47: warning: example-syntax"]);
    assert!(message(&diags, "example-syntax").contains("deeper than 128 levels"));
}

#[test]
fn deeply_nested_json_example_is_reported() {
    // On lines of its own: one line that is not JSON is prose.
    let deep = format!(
        "{{\n\"a\": {}1{}\n}}",
        "[".repeat(20_000),
        "]".repeat(20_000)
    );
    let page = input("base.txt").replace(
        "Example HTTP request\n",
        &format!("Example HTTP response\nResponse 200\n{deep}\nExample HTTP request\n"),
    );
    let (_, diags) = generate("page.txt", &page);
    assert_eq!(findings(&diags), ["38: warning: example-syntax"]);
    assert!(message(&diags, "example-syntax").contains("recursion limit"));
}

#[test]
fn deeply_nested_headings_are_read_as_text() {
    let mut page = input("base.txt");
    let mut number = String::from("1.3");
    for _ in 0..2000 {
        number.push_str(".1");
        page.push_str(&format!("\n{number} - Deeper"));
    }
    let (_, diags) = generate("page.txt", &page);
    // Sections nest 16 levels at most: deeper headings are lines of text in the deepest
    // section, and the section (not understood in a service) is reported with all of it.
    assert_eq!(findings(&diags), ["49: warning: unexpected-section"]);
    assert!(
        message(&diags, "unexpected-section").contains("its 1999 blocks"),
        "{}",
        message(&diags, "unexpected-section")
    );
}

#[test]
fn html_nested_50k_deep_is_refused_at_its_line() {
    // html5ever's tree builder spends time linear in the depth on every element: 50,000
    // nested `<div>`s took 27 s. The reader measures the depth as it feeds the parser and
    // stops at its limit.
    let html = format!(
        "<html><body>\n<h1>1 - Thing</h1>\n{}<p>Deep down</p>{}\n</body></html>",
        "<div>\n".repeat(50_000),
        "</div>".repeat(50_000)
    );
    let mut diags = scpgen::diag::Diagnostics::new();
    let doc = scpgen::doc::html::read(
        &scpgen::doc::SourceText {
            path: std::sync::Arc::from(Path::new("page.html")),
            text: html,
        },
        &mut diags,
    );
    assert!(doc.blocks.is_empty());
    let found = findings(&diags);
    assert_eq!(found.len(), 1, "{found:?}");
    // The end of the chunk (4 KiB) in which the depth passed the limit (line 1,027).
    let line: usize = found[0].split(':').next().unwrap().parse().unwrap();
    assert!(
        (1_027..1_027 + 4_096 / 6).contains(&line) && found[0].ends_with("error: html-too-deep"),
        "{found:?}"
    );
    // Deep, but within the limit: read whole.
    let html = format!(
        "<html><body>\n{}<p>Deep down</p>{}\n</body></html>",
        "<div>".repeat(1_000),
        "</div>".repeat(1_000)
    );
    let mut diags = scpgen::diag::Diagnostics::new();
    let doc = scpgen::doc::html::read(
        &scpgen::doc::SourceText {
            path: std::sync::Arc::from(Path::new("page.html")),
            text: html,
        },
        &mut diags,
    );
    assert!(diags.is_empty());
    let texts: Vec<&scpgen::doc::BlockKind> = doc.blocks.iter().map(|b| &b.kind).collect();
    assert!(
        texts.contains(&&scpgen::doc::BlockKind::Text("Deep down".into())),
        "{:?}",
        &texts[..texts.len().min(5)]
    );
}

#[test]
fn html_tables_nested_deep_are_each_read_once() {
    // Four elements a level (table, tbody, tr, td): 250 levels are 1,000 deep.
    let depth = 250;
    let html = format!(
        "<html><body>\n{}{}\n</body></html>",
        (0..depth)
            .map(|i| format!("<table><tr><td>cell {i}</td><td>"))
            .collect::<String>(),
        "</td></tr></table>".repeat(depth)
    );
    let doc = scpgen::doc::html::read(
        &scpgen::doc::SourceText {
            path: std::sync::Arc::from(Path::new("page.html")),
            text: html,
        },
        &mut scpgen::diag::Diagnostics::new(),
    );
    let tables: Vec<&scpgen::doc::Table> = doc
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            scpgen::doc::BlockKind::Table(t) => Some(t),
            _ => None,
        })
        .collect();
    assert_eq!(tables.len(), depth);
    // Each table holds its own row, not its nested tables' text.
    assert_eq!(tables[0].rows[0].raw, "| cell 0 |  |");
    assert_eq!(
        tables[depth - 1].rows[0].raw,
        format!("| cell {} |  |", depth - 1)
    );
}

#[test]
fn markdown_nested_deep_is_read() {
    let md = format!(
        "# 1 - Thing\n\n{}deep\n\n{}",
        "> ".repeat(20_000),
        (0..5_000)
            .map(|i| format!("{}- item\n", "  ".repeat(i)))
            .collect::<String>()
    );
    let doc = scpgen::doc::markdown::read(&scpgen::doc::SourceText {
        path: std::sync::Arc::from(Path::new("page.md")),
        text: md,
    });
    assert!(!doc.blocks.is_empty());
}

// Sizes that quadratic code cannot read in reasonable time (the benchmark
// `hostile_sizes` times them). No wall time is asserted: in a debug build each takes about
// a second, and took 20 s to minutes before (a 50k-row table 17 s, a 2 MB HTML page 31 s),
// so a quadratic regression shows as a test that does not finish.

#[test]
fn large_model_table_is_read() {
    let (g, diags) = generate("page.txt", &hostile_pages::model_table_page(80_000));
    assert!(!diags.has_errors(), "{:?}", diags.sorted().first());
    let thing = &g.api.as_ref().expect("the pages' model").services[0]
        .model("Thing")
        .unwrap()
        .fields;
    assert_eq!(thing.len(), 80_000);
}

#[test]
fn many_models_are_read() {
    let (g, diags) = generate("page.txt", &hostile_pages::many_models_page(20_000));
    assert!(!diags.has_errors(), "{:?}", diags.sorted().first());
    assert_eq!(
        g.api.as_ref().expect("the pages' model").services[0]
            .models
            .len(),
        20_001
    );
}

#[test]
fn large_html_page_is_read() {
    let (g, diags) = generate("page.html", &hostile_pages::html_page(3 * 1024 * 1024));
    assert!(!diags.has_errors(), "{:?}", diags.sorted().first());
    let models = g.api.as_ref().expect("the pages' model").services[0]
        .models
        .len();
    assert!(models > 100, "{models}");
    // Lines still come in order: each model's line is after the one before.
    let lines: Vec<usize> = g.api.as_ref().expect("the pages' model").services[0]
        .models
        .iter()
        .map(|m| m.at.line)
        .collect();
    let unordered: Vec<&[usize]> = lines.windows(2).filter(|w| w[0] >= w[1]).collect();
    assert!(
        unordered.is_empty(),
        "{:?}",
        &unordered[..unordered.len().min(10)]
    );
}

// Parameter rows are never glued onto their neighbour silently.

#[test]
fn location_in_another_case_is_understood() {
    let (f, _, spec) = run("location-case.txt");
    assert!(f.is_empty(), "{f:?}");
    let spec = spec.unwrap();
    let op = operation(&spec, "show_thing");
    assert_eq!(param(op, "size")["in"], "query");
    assert_eq!(param(op, "thing_id")["in"], "path");
}

#[test]
fn unknown_location_is_reported_not_glued() {
    let (f, diags, spec) = run("location-unknown.txt");
    assert_eq!(f, ["30: warning: bad-parameter"]);
    assert!(message(&diags, "bad-parameter").contains("`formData`"));
    // The row before it is whole.
    let spec = spec.unwrap();
    let id = param(operation(&spec, "show_thing"), "thing_id");
    assert_eq!(id["schema"]["type"], "string");
    assert_eq!(id["description"], "Thing ID");
}

#[test]
fn null_default_is_no_default() {
    let (f, _, spec) = run("default-null.txt");
    assert!(f.is_empty(), "{f:?}");
    let spec = spec.unwrap();
    let size = param(operation(&spec, "show_thing"), "size");
    assert_eq!(size["schema"]["type"], "integer", "{size}");
    assert_eq!(size["schema"]["nullable"], true, "{size}");
    assert!(size["schema"].get("default").is_none(), "{size}");
}

#[test]
fn null_alone_as_a_type_is_reported() {
    // The Schema cell lost, the Default `null` is all that is left.
    let page = input("base.txt").replace(
        "| name optional | Name Example : x | any of [string, null] | None |",
        "| name optional | Name | null |",
    );
    let (_, diags) = generate("page.txt", &page);
    assert_eq!(findings(&diags), ["47: warning: null-type"]);
}

#[test]
fn row_nothing_accounts_for_is_reported() {
    let (f, _, spec) = run("row-unaccounted.txt");
    assert_eq!(f, ["30: warning: short-row"]);
    let spec = spec.unwrap();
    let op = operation(&spec, "show_thing");
    assert_eq!(param(op, "thing_id")["description"], "Thing ID");
}

// The spec must stay valid.

#[test]
fn unbalanced_path_braces_are_an_error() {
    let (f, _, _) = run("path-unbalanced.txt");
    assert_eq!(f, ["19: error: bad-path"]);
    fails_with("path-unbalanced.txt", 19, "bad-path");
}

#[test]
fn empty_path_braces_are_an_error() {
    let (f, _, _) = run("path-empty-braces.txt");
    assert_eq!(f, ["19: error: bad-path"]);
    fails_with("path-empty-braces.txt", 19, "bad-path");
}

#[test]
fn non_identifier_path_name_is_an_error() {
    let (f, _, _) = run("path-bad-name.txt");
    assert!(f.contains(&"19: error: bad-path".to_string()), "{f:?}");
    fails_with("path-bad-name.txt", 19, "bad-path");
}

#[test]
fn undocumented_path_parameter_is_reported() {
    let (f, _, spec) = run("path-undocumented.txt");
    assert_eq!(f, ["18: warning: path-parameter-missing"]);
    let spec = spec.unwrap();
    assert_eq!(
        param(operation(&spec, "show_thing"), "part_id")["in"],
        "path"
    );
}

#[test]
fn documented_path_parameter_not_in_the_path_is_reported() {
    let (f, _, spec) = run("path-not-in-path.txt");
    assert_eq!(f, ["29: warning: path-parameter-unused"]);
    let op = operation(spec.as_ref().unwrap(), "show_thing");
    let names: Vec<&Value> = op["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["name"])
        .collect();
    assert!(!names.contains(&&Value::from("thing_id")), "{names:?}");
}

#[test]
fn documented_api_version_header_is_dropped() {
    let (f, _, spec) = run("header-api-version.txt");
    assert_eq!(f, ["31: warning: reserved-header"]);
    let names = header_names(spec.as_ref().unwrap());
    let count = names
        .iter()
        .filter(|n| n.eq_ignore_ascii_case("scp-api-version"))
        .count();
    assert_eq!(count, 1, "{names:?}");
}

#[test]
fn documented_signing_header_is_dropped() {
    let (f, _, spec) = run("header-signing.txt");
    assert_eq!(f, ["31: warning: reserved-header"]);
    let names = header_names(spec.as_ref().unwrap());
    assert!(!names.iter().any(|n| n == "Scp-Signature"), "{names:?}");
}

#[test]
fn headers_differing_in_case_are_one_parameter() {
    let (f, _, spec) = run("header-duplicate.txt");
    assert_eq!(f, ["32: warning: duplicate-parameter"]);
    let names = header_names(spec.as_ref().unwrap());
    let count = names
        .iter()
        .filter(|n| n.eq_ignore_ascii_case("x-trace-id"))
        .count();
    assert_eq!(count, 1, "{names:?}");
}

#[test]
fn header_name_that_is_no_token_is_left_out() {
    let (f, _, spec) = run("header-bad-name.txt");
    assert_eq!(f, ["31: warning: bad-header-name"]);
    let names = header_names(spec.as_ref().unwrap());
    assert!(!names.iter().any(|n| n.starts_with("X:")), "{names:?}");
}

#[test]
fn pattern_that_does_not_compile_is_left_out() {
    let (f, diags, spec) = run("pattern-invalid.txt");
    assert_eq!(f, ["46: warning: bad-pattern"]);
    assert!(message(&diags, "bad-pattern").ends_with("left out"));
    let id = field(spec.as_ref().unwrap(), "Thing", "id");
    assert!(id.get("pattern").is_none(), "{id}");
}

// Merged pages and impossible constraints.

#[test]
fn second_page_with_another_url_is_a_conflict() {
    let err = spec_fails(&[
        ("a.txt", &input("base.txt")),
        ("b.txt", &input("merge-second-url.txt")),
    ]);
    assert!(
        err.contains("b.txt:3: error: conflicting-service: ") && err.contains("at a.txt:3"),
        "{err}"
    );
}

#[test]
fn second_page_with_other_regions_is_a_conflict() {
    let err = spec_fails(&[
        ("a.txt", &input("base.txt")),
        ("b.txt", &input("merge-second-regions.txt")),
    ]);
    assert!(
        err.contains("b.txt:3: error: conflicting-service: ") && err.contains("at a.txt:3"),
        "{err}"
    );
}

#[test]
fn operation_version_documented_twice_in_one_section_is_a_conflict() {
    // Two `1.0` sections under one operation heading: the second was dropped silently.
    let (f, diags, _) = run("operation-version-twice.txt");
    assert_eq!(f, ["42: error: conflicting-operation"]);
    assert!(message(&diags, "conflicting-operation").ends_with("operation-version-twice.txt:18"));
    fails_with("operation-version-twice.txt", 42, "conflicting-operation");
}

#[test]
fn minimum_above_maximum_is_reported_and_left_out() {
    let (f, _, spec) = run("min-above-max.txt");
    assert_eq!(
        f,
        [
            "30: warning: impossible-constraint",
            "46: warning: impossible-constraint"
        ]
    );
    let spec = spec.unwrap();
    let id = field(&spec, "Thing", "id");
    assert!(
        id.get("minLength").is_none() && id.get("maxLength").is_none(),
        "{id}"
    );
    let size = param(operation(&spec, "show_thing"), "size");
    assert!(size["schema"].get("minimum").is_none(), "{size}");
    assert!(size["schema"].get("maximum").is_none(), "{size}");
}

#[test]
fn warnings_are_warnings() {
    // `--strict` aside, none of the worked-around cases stops the run.
    for name in [
        "location-unknown.txt",
        "header-api-version.txt",
        "min-above-max.txt",
    ] {
        let (_, diags, _) = run(name);
        assert_eq!(diags.count(Severity::Error), 0, "{name}");
    }
}
