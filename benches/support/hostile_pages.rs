//! Generated hostile pages and specs, shared by the `hostile_sizes` benchmark and the
//! hostile suite (tests/hostile/): big inputs that quadratic code could not read in time,
//! and bombs (aliases, nesting, patterns) that must end within a bound, built from the
//! one-service page of `tests/fixtures/hostile/input/`.
#![allow(dead_code)] // each user takes its own subset

use std::fmt::Write as _;

/// The page head up to and including the operation: one service, one version, one
/// operation whose response is model `Thing`.
const HEAD: &str = "이 섹션의 다중 페이지 출력 화면임. 여기를 클릭하여 프린트.
Management
1 - Thing Service
Overview
Things, as a service.
Version
| Version | Status | Supported Until |
|---|---|---|
| 1.0 | CURRENT | - |
OpenAPI URL
https://thingservice.{environment}.samsungsdscloud.com
Environment and Region List
| environment |
|---|
| s |
1.1 - APIs
1.1.1 - Show Thing
1.1.1.1 - 1.0
get /v1/things/{thing_id}
Description
Shows a thing
상태 ACTIVE (CURRENT)
| 버전 | 최소 지원 보장일 |
|---|---|
| 1.0 | - |
Parameters
| Type | Name | Description | Schema | Default |
|---|---|---|---|---|
| path | thing_id required | Thing ID Example : abc | string | None |
Responses
| HTTP Code | Description | Schema |
|---|---|---|
| 200 | OK | Thing |
Example HTTP request
Request header
\"Scp-Api-Version = thingservice 1.0\"
1.2 - Models
";

/// Model `Thing` with `rows` fields: the duplicate-field check and the row splitter run
/// once per row.
pub fn model_table_page(rows: usize) -> String {
    let mut page = String::with_capacity(rows * 64 + HEAD.len());
    page.push_str(HEAD);
    page.push_str("1.2.1 - Thing\n| Name | Description | Schema | Default |\n|---|---|---|---|\n");
    for i in 0..rows {
        let _ = writeln!(
            page,
            "| field_{i} optional | Field {i} Example : x{i} | string | None |"
        );
    }
    page
}

/// `Thing` and `models` more models, each referring to the next: model lookups, merging
/// and the reference closure run once per model.
pub fn many_models_page(models: usize) -> String {
    let mut page = String::with_capacity(models * 160 + HEAD.len());
    page.push_str(HEAD);
    page.push_str("1.2.1 - Thing\n| Name | Description | Schema | Default |\n|---|---|---|---|\n| first optional | first | any of [Model0, null] | None |\n");
    for i in 0..models {
        let _ = write!(
            page,
            "1.2.{} - Model{i}\n| Name | Description | Schema | Default |\n|---|---|---|---|\n| id required | ID Example : m{i} | string |  |\n",
            i + 2
        );
        if i + 1 < models {
            let _ = writeln!(
                page,
                "| next optional | next | any of [Model{}, null] | None |",
                i + 1
            );
        }
    }
    page
}

/// An HTML print view of about `bytes` bytes: the service, then model tables whose cells
/// carry inline markup (the text is not in the source as written) and entities (the text
/// is nowhere in the source), so that locating blocks by their text misses again and again.
pub fn html_page(bytes: usize) -> String {
    let mut page = String::with_capacity(bytes + 4096);
    page.push_str("<!doctype html>\n<html lang=\"ko\"><head><meta charset=\"utf-8\"><title>Things</title></head>\n<body><main>\n");
    page.push_str("<h1 class=\"title\">Management</h1>\n<h1>1 - Thing Service</h1>\n<h3>Overview</h3>\n<p>Things, as a service.</p>\n<h3>Version</h3>\n");
    page.push_str("<table><thead><tr><th>Version</th><th>Status</th><th>Supported Until</th></tr></thead><tbody><tr><td>1.0</td><td>CURRENT</td><td>-</td></tr></tbody></table>\n");
    page.push_str("<h3>OpenAPI URL</h3>\n<p>https://thingservice.{environment}.samsungsdscloud.com</p>\n<h3>Environment and Region List</h3>\n<table><thead><tr><th>environment</th></tr></thead><tbody><tr><td>s</td></tr></tbody></table>\n");
    page.push_str("<h1>1.1 - APIs</h1>\n<h1>1.1.1 - Show Thing</h1>\n<h1>1.1.1.1 - 1.0</h1>\n<p>get /v1/things/{thing_id}</p>\n<h3>Description</h3>\n<p>Shows a thing</p>\n<p>상태 ACTIVE (CURRENT)</p>\n");
    page.push_str("<h3>Parameters</h3>\n<table><thead><tr><th>Type</th><th>Name</th><th>Description</th><th>Schema</th><th>Default</th></tr></thead><tbody>\n<tr><td>path</td><td>thing_id <em>required</em></td><td>Thing ID Example : <code>abc</code></td><td>string</td><td>None</td></tr>\n</tbody></table>\n");
    page.push_str("<h3>Responses</h3>\n<table><thead><tr><th>HTTP Code</th><th>Description</th><th>Schema</th></tr></thead><tbody>\n<tr><td>200</td><td>OK</td><td>Thing</td></tr>\n</tbody></table>\n");
    page.push_str("<h1>1.2 - Models</h1>\n<h1>1.2.1 - Thing</h1>\n<table><thead><tr><th>Name</th><th>Description</th><th>Schema</th><th>Default</th></tr></thead><tbody>\n<tr><td>id <em>required</em></td><td>ID</td><td>string</td><td></td></tr>\n</tbody></table>\n");
    let mut model = 0;
    while page.len() < bytes {
        let _ = write!(
            page,
            "<h1>1.2.{} - Model{model}</h1>\n<table><thead><tr><th>Name</th><th>Description</th><th>Schema</th><th>Default</th></tr></thead><tbody>\n",
            model + 2
        );
        for row in 0..50 {
            // Every other name starts with an entity: its text is nowhere in the source. (No
            // name is the start of another, or the first-word search would find a later row.)
            let name = if row % 2 == 0 {
                format!("&#102;ield_{row}_x")
            } else {
                format!("field_{row}_x")
            };
            let _ = writeln!(
                page,
                "<tr><td>{name} <em>optional</em></td><td>Field {row} of model {model} Example : <code>x{row}</code></td><td>string</td><td>None</td></tr>"
            );
        }
        page.push_str("</tbody></table>\n");
        model += 1;
    }
    page.push_str("</main></body></html>\n");
    page
}

/// Model `Thing` with `rows` fields whose pattern is `pattern` (the same for all: it must be
/// compiled once) or, with `distinct`, a different one each (`pattern` then `x<row>`).
pub fn pattern_page(rows: usize, pattern: &str, distinct: bool) -> String {
    let mut page = String::with_capacity(rows * 80 + HEAD.len());
    page.push_str(HEAD);
    page.push_str("1.2.1 - Thing\n| Name | Description | Schema | Default |\n|---|---|---|---|\n");
    for i in 0..rows {
        let tail = if distinct {
            format!("x{i}")
        } else {
            String::new()
        };
        let _ = writeln!(
            page,
            "| field_{i} optional | Field {i} Pattern : {pattern}{tail} | string | None |"
        );
    }
    page
}

/// A spec (YAML) whose `x-big` holds an anchor of `items` items and `x-aliases` that many
/// aliases of it: a billion-laughs in YAML's own terms.
pub fn alias_spec(items: usize, aliases: usize) -> String {
    let mut spec = String::from(
        "openapi: 3.0.3\ninfo: {title: Bomb, version: '1.0'}\npaths: {}\nx-big: &big\n",
    );
    for _ in 0..items {
        spec.push_str("  - x\n");
    }
    spec.push_str("x-aliases:\n");
    for i in 0..aliases {
        let _ = writeln!(spec, "  a{i}: *big");
    }
    spec
}

/// A spec (YAML) with `depth` nested flow sequences.
pub fn flow_nesting_spec(depth: usize) -> String {
    format!(
        "openapi: 3.0.3\ninfo: {{title: Bomb, version: '1.0'}}\npaths: {{}}\nx-deep: {}{}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    )
}

/// A spec (YAML) of one model with `properties` string properties, each with the pattern.
pub fn pattern_spec(properties: usize, pattern: &str) -> String {
    let mut spec = String::from("openapi: 3.0.3\ninfo: {title: Bomb, version: '1.0', x-scp-service: bomb}\nservers: [{url: 'https://bomb.s.samsungsdscloud.com'}]\npaths: {}\ncomponents:\n  schemas:\n    Thing:\n      type: object\n      properties:\n");
    for i in 0..properties {
        let _ = writeln!(spec, "        p{i}: {{type: string, pattern: '{pattern}'}}");
    }
    spec
}

/// An HTML page with `depth` nested `<div>`s around its heading.
pub fn nested_divs_page(depth: usize) -> String {
    format!(
        "<html><body>\n{}<h1>1 - Thing</h1>\n{}</body></html>\n",
        "<div>\n".repeat(depth),
        "</div>".repeat(depth)
    )
}
