//! `scpgen diff`: the changelog between the bundled page and edited "next revisions" of it
//! (tests/fixtures/revisions/, made by scripts/make-revisions.py), classified breaking or not.

mod common;

use std::process::{Command, Output};

use common::*;
use serde_json::Value;

fn scpgen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_scpgen"))
        .args(args)
        .current_dir(repo())
        .output()
        .unwrap()
}

fn changes(old: &str, new: &str) -> Vec<(String, String, String, bool)> {
    let o = scpgen(&["diff", old, new, "--format", "json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let s = |k: &str| c[k].as_str().unwrap().to_string();
            (
                format!("{} {}", s("service"), s("version")),
                s("subject"),
                s("detail"),
                c["breaking"].as_bool().unwrap(),
            )
        })
        .collect()
}

fn has(
    all: &[(String, String, String, bool)],
    version: &str,
    subject: &str,
    detail: &str,
    breaking: bool,
) {
    assert!(
        all.iter()
            .any(|(v, s, d, b)| v == version && s == subject && d == detail && *b == breaking),
        "missing: {version} | {subject} | {detail} | breaking={breaking}\nin {all:#?}"
    );
}

const OLD: &str = "spec/source/application-service.txt";
const NEXT: &str = "tests/fixtures/revisions/next.txt";
const NONBREAKING: &str = "tests/fixtures/revisions/nonbreaking.txt";

#[test]
fn next_revision_reports_exactly_its_edits() {
    let all = changes(OLD, NEXT);
    // 1. An operation added.
    has(
        &all,
        "apigateway 1.2",
        "GET /v1/apis/{api_id}/usage-plans/{usage_plan_id}/api-keys/{api_key_id}",
        "operation `show_api_key` added",
        false,
    );
    // 2, 3. A version added; a version deprecated.
    has(
        &all,
        "queueservice 1.1",
        "API version",
        "added (`CURRENT`)",
        false,
    );
    has(
        &all,
        "queueservice 1.0",
        "API version",
        "status `CURRENT` → `DEPRECATED` (deprecated: plan the move to a newer version)",
        false,
    );
    has(
        &all,
        "queueservice 1.0",
        "API version",
        "supported until - → `2027-03-31`",
        false,
    );
    let v = "apigateway 1.2";
    // 4. An optional request field added.
    has(
        &all,
        v,
        "model ApiCreateRequestV1Dot2",
        "field `labels` added (optional)",
        false,
    );
    // 7. An enum value a client may send removed.
    has(
        &all,
        v,
        "model ApiCreateRequestV1Dot2",
        "field `endpoint_type`: enum value `PRIVATE` removed",
        true,
    );
    for v in ["apigateway 1.2", "apigateway 1.1", "apigateway 1.0"] {
        // 5. A required request field added; 6. a response field removed.
        has(
            &all,
            v,
            "model AccessControlCreateRequest",
            "field `priority` added (required)",
            true,
        );
        has(
            &all,
            v,
            "model ApiDetail",
            "field `dns_record_status` removed",
            true,
        );
    }
    for v in ["apigateway 1.2", "apigateway 1.1"] {
        // 8. A type changed; 9. a constraint narrowed.
        has(
            &all,
            v,
            "model Report",
            "field `error_4xx_count`: type `integer` → `string`",
            true,
        );
        has(
            &all,
            v,
            "model UsagePlanSetQuotaRequest",
            "field `limit`: maximum 2000000000 → 1000000",
            true,
        );
    }
    // Nothing else: 16 changes in all, the 11 model edits (per version) breaking.
    assert_eq!(all.len(), 16, "{all:#?}");
    assert_eq!(all.iter().filter(|c| c.3).count(), 11);
}

#[test]
fn markdown_changelog_for_a_pull_request() {
    let o = scpgen(&["diff", OLD, NEXT]);
    insta::assert_snapshot!("diff__next", String::from_utf8_lossy(&o.stdout));
}

#[test]
fn fail_on_breaking() {
    assert_eq!(
        scpgen(&["diff", OLD, NEXT, "--fail-on", "breaking"])
            .status
            .code(),
        Some(1)
    );
    let o = scpgen(&["diff", OLD, NONBREAKING, "--fail-on", "breaking"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    let all = changes(OLD, NONBREAKING);
    has(
        &all,
        "apigateway 1.2",
        "model ApiCreateRequestV1Dot2",
        "field `labels` added (optional)",
        false,
    );
    has(
        &all,
        "apigateway 1.2",
        "model UsagePlanSetQuotaRequest",
        "field `limit`: maximum 2000000000 → 3000000000",
        false,
    );
    assert!(all.iter().all(|c| !c.3));
}

#[test]
fn spec_directories_and_pages_compare_alike() {
    // The committed specs are the bundled page: no change.
    assert!(changes("spec", OLD).is_empty());
    assert_eq!(changes("spec", NEXT), changes(OLD, NEXT));
}
