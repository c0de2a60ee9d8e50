//! No silent loss from spec inputs: what the OpenAPI model would read wrongly or drop is
//! mended when its meaning is clear, else reported with its JSON pointer (and, for pages,
//! its line). Each case was a silent loss before: an untyped value, a dropped operation, a
//! bound checked the wrong way, a replaced operation.

use scpgen::diag::Diagnostics;

use super::common::*;

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: Loss, version: '1.0', x-scp-service: loss}\nservers: [{url: 'https://loss.s.samsungsdscloud.com'}]\n";

/// A spec of one `GET /v1/x` whose query parameter `p` has `schema`.
fn spec_with_param(schema: &str) -> String {
    format!("{HEAD}paths:\n  /v1/x:\n    get:\n      operationId: get_x\n      parameters:\n        - {{name: p, in: query, schema: {schema}}}\n      responses: {{'204': {{description: none}}}}\n")
}

/// Reads `text` as a spec file (YAML, or JSON with `json`), then generates its crate: the
/// findings (`rule: message`) and the version module's source.
fn run(text: &str, json: bool) -> (Vec<String>, String, Diagnostics) {
    let outcome = run_specs(&[(if json { "s.json" } else { "s.yaml" }, text)]);
    let diags = outcome.diagnostics;
    let source: String = outcome
        .client_files
        .iter()
        .filter(|f| f.path.to_string_lossy().ends_with("v1_0.rs"))
        .map(|f| f.contents.clone())
        .collect();
    let found = diags
        .sorted()
        .iter()
        .map(|d| format!("{}: {}", d.rule, d.message))
        .collect();
    (found, source, diags)
}

/// The Rust type of the builder setter `p`.
fn setter_type(source: &str) -> String {
    let at = source
        .find("pub fn p(mut self, value: ")
        .expect("a setter p");
    source[at + "pub fn p(mut self, value: ".len()..]
        .split(')')
        .next()
        .unwrap()
        .to_string()
}

#[test]
fn integer_bounds_beyond_64_bits_keep_the_type() {
    let (found, src, _) = run(
        &spec_with_param("{type: integer, minimum: 99999999999999999999999}"),
        false,
    );
    assert_eq!(setter_type(&src), "i64");
    assert_eq!(found, ["bad-constraint: #/paths/~1v1~1x/get/parameters/0/schema/minimum: 1e+23 is beyond a 64-bit integer, so no value satisfies it; left out"]);
    // A maximum no 64-bit value reaches bounds nothing: typed, no finding.
    let (found, src, _) = run(
        &spec_with_param("{type: integer, format: int64, maximum: 18446744073709551615}"),
        false,
    );
    assert_eq!((setter_type(&src).as_str(), found.len()), ("i64", 0));
}

#[test]
fn enum_values_of_another_type_keep_the_type() {
    let (found, src, _) = run(&spec_with_param("{type: string, enum: [1, 2]}"), false);
    assert_eq!(setter_type(&src), "impl Into<String>");
    assert!(
        found[0].starts_with(
            "bad-enum: #/paths/~1v1~1x/get/parameters/0/schema/enum: 1, 2 not strings"
        ),
        "{found:?}"
    );
    // Integral floats are integers.
    let (found, src, _) = run(&spec_with_param("{type: integer, enum: [1.0, 2.0]}"), false);
    assert!(found.is_empty(), "{found:?}");
    assert!(!setter_type(&src).contains("serde_json::Value"), "{src}");
}

#[test]
fn a_path_without_its_slash_keeps_its_operation() {
    let spec = format!("{HEAD}paths:\n  v1/things:\n    get:\n      operationId: list_things\n      responses: {{'204': {{description: none}}}}\n");
    let (found, src, _) = run(&spec, false);
    assert_eq!(
        found,
        ["path-without-slash: #/paths/v1~1things: a path starts with `/`; read as `/v1/things`"]
    );
    assert!(src.contains("pub fn list_things"), "{src}");
    assert!(src.contains("\"/v1/things\""), "{src}");
}

#[test]
fn exclusive_bounds_are_exclusive() {
    // 3.0 booleans on an integer: the next integer inside.
    let (found, src, _) = run(
        &spec_with_param("{type: integer, minimum: 5, exclusiveMinimum: true}"),
        false,
    );
    assert!(found.is_empty(), "{found:?}");
    assert!(
        src.contains("Some(6i64)") || src.contains("Some(6)"),
        "{src}"
    );
    // 3.1 numbers on a number: greater than, not at least.
    let spec = spec_with_param("{type: number, exclusiveMinimum: 5}")
        .replace("openapi: 3.0.3", "openapi: 3.1.0");
    let (_, src, _) = run(&spec, false);
    assert!(src.contains("greater than 5"), "{src}");
    assert!(src.contains("Some(5.000000000000001f64)"), "{src}");
}

#[test]
fn patterns_that_do_not_compile_and_impossible_ranges_are_findings() {
    let (found, _, _) = run(&spec_with_param("{type: string, pattern: '(?=a)b'}"), false);
    assert!(found[0].starts_with("bad-pattern: #/paths/~1v1~1x/get/parameters/0/schema/pattern: the pattern does not compile"), "{found:?}");
    let (found, _, _) = run(
        &spec_with_param("{type: integer, minimum: 5, maximum: 1}"),
        false,
    );
    assert_eq!(found, ["impossible-constraint: #/paths/~1v1~1x/get/parameters/0/schema: minimum 5 and maximum 1 leave no value; both are left out"]);
}

#[test]
fn duplicate_keys_are_errors_in_yaml_and_json() {
    let spec = format!("{HEAD}paths:\n  /v1/x:\n    get:\n      operationId: first\n      responses: {{'204': {{description: none}}}}\n    get:\n      operationId: second\n      responses: {{'204': {{description: none}}}}\n");
    let (found, _, diags) = run(&spec, false);
    assert!(diags.has_errors());
    assert!(
        found[0].contains("#/paths/~1v1~1x/get: the key `get` is given twice"),
        "{found:?}"
    );
    let json = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1.0"}, "paths": {"/a": {"get": {"responses": {}}, "get": {"responses": {}}}}}"#;
    let (found, _, diags) = run(json, true);
    assert!(diags.has_errors());
    assert!(
        found[0].contains("#/paths/~1a/get: the key `get` is given twice"),
        "{found:?}"
    );
}

#[test]
fn a_documented_api_version_header_that_differs_is_reported() {
    let spec = spec_with_param("{type: string}").replace(
        "        - {name: p, in: query, schema: {type: string}}\n",
        "        - {name: p, in: query, schema: {type: string}}\n        - {name: scp-api-version, in: header, required: true, schema: {type: string, enum: ['loss 2.0']}}\n",
    );
    let (found, _, _) = run(&spec, false);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("api-version-header: #/paths/~1v1~1x/get: the `scp-api-version` header is documented as `loss 2.0` but the client sends `loss 1.0`"), "{found:?}");
    // The value the client sends: nothing to say (scpgen's own specs document it so).
    let same = spec.replace("loss 2.0", "loss 1.0");
    assert!(run(&same, false).0.is_empty());
}

#[test]
fn versions_with_different_endpoints_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let v1 = spec_with_param("{type: string}");
    let v2 = v1.replace("version: '1.0'", "version: '2.0'").replace(
        "https://loss.s.samsungsdscloud.com",
        "https://loss.g.samsungsdscloud.com",
    );
    std::fs::write(dir.path().join("1.yaml"), v1).unwrap();
    std::fs::write(dir.path().join("2.yaml"), v2).unwrap();
    let o = scpgen(&["client", "1.yaml", "2.yaml", "--out", "out"], dir.path());
    let err = stderr(&o);
    assert!(
        err.contains("1.yaml: warning: endpoint-conflict: #/servers: version 1.0 of loss documents the endpoint `https://loss.s.samsungsdscloud.com`"),
        "{err}"
    );
    assert!(
        err.contains("version 2.0 (2.yaml) documents `https://loss.g.samsungsdscloud.com`"),
        "{err}"
    );
}

// A page's `Minimum : 99999999999999999999999` on an integer was clamped to i64::MAX.
#[test]
fn a_page_bound_beyond_64_bits_is_reported() {
    let page = super::support::input("base.txt").replace(
        "| query | size optional | size Example : 20 |",
        "| query | size optional | size Example : 20Minimum : 99999999999999999999999 |",
    );
    let (g, diags) = generate("page.txt", &page);
    let found: Vec<String> = diags
        .sorted()
        .iter()
        .map(|d| format!("{}: {}", d.rule, d.message))
        .collect();
    assert_eq!(found, ["bad-constraint: `size`: Minimum 100000000000000000000000 is beyond a 64-bit integer, so no value of the field satisfies it; left out"]);
    let spec = &specs_json(&g)[0].1;
    let size = param(operation(spec, "show_thing"), "size");
    assert!(size["schema"].get("minimum").is_none(), "{size}");
}
