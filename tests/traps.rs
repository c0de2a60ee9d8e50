//! Trap 11 of ARCHITECTURE.md: other pages of the site differ in layout. The real fragments are
//! kept in tests/fixtures/variants/; en-service-page.txt assembles their layouts into one
//! page (a service's own page: English banner and labels, shallower numbering with the
//! service title above, `State` on its own line, one-cell `|---|` separators, rows wrapped
//! after the description cell, a wrapped body row, no `Request header` label, an operation
//! without a version table, `Description` followed by `None`).
//! (Traps 1–10 are tested by name in bundled_page.rs and in the unit tests of each stage.)

mod common;

use common::*;
use serde_json::json;

#[test]
fn trap11_layout_variants() {
    let (g, diags) = generate("en-service-page.txt", &fixture("pages/en-service-page.txt"));
    let found: Vec<String> = diags
        .sorted()
        .iter()
        .map(|d| format!("{}:{}", d.location.line, d.rule))
        .collect();
    // The page has no service Version table: said once, statuses come from the State lines.
    assert_eq!(found, ["3:missing-version-table"]);
    let specs = specs_json(&g);
    assert_eq!(specs.len(), 1);
    let s = spec(&specs, "support/1.0");
    assert_eq!(s["info"]["title"], "Support");
    assert_eq!(s["info"]["x-scp-status"], "CURRENT");
    assert_eq!(
        counts(&specs),
        Counts {
            operation_versions: 2,
            models: 2,
            model_fields: 3,
            path_query_params: 4,
            header_params: 0,
            request_bodies: 1,
            responses: 4
        }
    );
    let list = operation(s, "list_inquiries");
    assert!(
        list.get("description").is_none(),
        "`None` is no description"
    );
    assert_eq!(
        param(list, "size")["schema"],
        json!({"nullable": true, "default": 20, "type": "integer"})
    );
    assert_eq!(param(list, "size")["example"], 20);
    assert_eq!(param(list, "sort")["example"], "created_at:desc");
    assert_eq!(
        list["responses"]["200"]["content"]["application/json"]["example"],
        json!({"count": 1, "inquiries": ["a"]})
    );
    let approve = operation(s, "approve_inquiry");
    assert_eq!(
        param(approve, "inquiry_id")["example"],
        "8c9f6c1c928a45b4bbd1e4da5531d656"
    );
    assert_eq!(
        approve["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/InquiryApproval"
    );
    assert_eq!(
        approve["requestBody"]["content"]["application/json"]["example"],
        json!({"type": "APPROVE"})
    );
    assert_eq!(
        field(s, "InquiryApproval", "type")["enum"],
        json!(["APPROVE", "REJECT"])
    );
}

#[test]
fn trap11_real_fragment_rows_read_like_the_bundled_layout() {
    // The wrapped rows of the real English support fragment, read by the text reader and
    // split by the extractor, give the same cells as the one-line rows of the bundled page.
    let fragment = fixture("variants/en-support-wrapped-rows.txt");
    let source = scpgen::doc::SourceText {
        path: std::sync::Arc::from(std::path::Path::new("f.txt")),
        text: fragment,
    };
    let doc = scpgen::doc::text::read(&source);
    let tables: Vec<&scpgen::doc::Table> = doc
        .blocks
        .iter()
        .filter_map(|b| match &b.kind {
            scpgen::doc::BlockKind::Table(t) => Some(t),
            _ => None,
        })
        .collect();
    let params = tables
        .iter()
        .find(|t| t.header.first().map(String::as_str) == Some("Type"))
        .unwrap();
    let raws: Vec<&str> = params.rows.iter().map(|r| r.raw.as_str()).collect();
    assert_eq!(raws, [
        "| query | size optional | size Example : 20 | any of [integer, null] | 20 |",
        "| query | page optional | page Example : 0 | any of [integer, null] | 0 |",
        "| query | sort optional | sort Example : created_at:desc | any of [string, null] | None |",
    ]);
    assert_eq!(
        params.rows.iter().map(|r| r.line).collect::<Vec<_>>(),
        [14, 16, 18]
    );
    let versions = tables
        .iter()
        .find(|t| t.header.first().map(String::as_str) == Some("Version"))
        .unwrap();
    assert_eq!(versions.header, ["Version", "Supported Until"]);
    assert_eq!(versions.rows.len(), 1);
}
