//! `scpgen check` (stale outputs, never writing) and `scpgen lint` (the doc's findings, with
//! correct lines; none on a clean page).

mod common;

use std::path::Path;

use common::*;

fn snapshot_of_tree(root: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    scpgen::output::existing_files(root)
        .unwrap()
        .into_iter()
        .map(|p| (p.clone(), std::fs::read(&p).unwrap()))
        .collect()
}

#[test]
fn check_passes_on_a_fresh_checkout() {
    let dir = checkout();
    let o = scpgen(&["check"], dir.path());
    assert!(
        o.status.success(),
        "{}{}",
        stdout(&o),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(stdout(&o).contains("files up to date"), "{}", stdout(&o));
}

#[test]
fn check_fails_on_edited_deleted_extra_files_and_source_changes_and_never_writes() {
    let dir = checkout();
    let root = dir.path();
    let spec = root.join("spec/apigateway/1.2.yaml");
    let edited = std::fs::read_to_string(&spec).unwrap().replacen(
        "title: API Gateway",
        "title: API Gateway (edited)",
        1,
    );
    std::fs::write(&spec, edited).unwrap();
    std::fs::remove_file(root.join("generated/scp-queueservice/src/v1_0.rs")).unwrap();
    // Written by an earlier run (its manifest lists it), generated no more: extra. So is a
    // file scpgen did not write (tests/hostile/check.rs).
    std::fs::write(root.join("spec/apigateway/0.9.yaml"), "openapi: 3.0.3\n").unwrap();
    let manifest = root.join("spec/.scpgen-manifest");
    let listed = std::fs::read_to_string(&manifest).unwrap() + "apigateway/0.9.yaml\n";
    std::fs::write(&manifest, listed).unwrap();
    std::fs::write(root.join("spec/apigateway/notes.yaml"), "mine: true\n").unwrap();
    let before = snapshot_of_tree(root);
    let o = scpgen(&["check"], root);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("stale: "), "{out}");
    assert!(out.contains("spec/apigateway/1.2.yaml"), "{out}");
    assert!(
        out.contains("-  title: API Gateway (edited)\n+  title: API Gateway\n"),
        "{out}"
    );
    assert!(
        out.contains("missing: ") && out.contains("generated/scp-queueservice/src/v1_0.rs"),
        "{out}"
    );
    assert!(
        out.contains("extra: ") && out.contains("spec/apigateway/0.9.yaml"),
        "{out}"
    );
    assert!(
        out.contains("extra: spec/apigateway/notes.yaml (not written by scpgen"),
        "{out}"
    );
    assert!(out.contains("5 of "), "{out}");
    assert_eq!(snapshot_of_tree(root), before, "check wrote");

    // A changed source page makes outputs stale too.
    let dir = checkout();
    let page = dir.path().join("spec/source/application-service.txt");
    let changed = std::fs::read_to_string(&page).unwrap().replacen(
        "API 목록을 조회한다",
        "API 목록을 조회합니다",
        1,
    );
    std::fs::write(&page, changed).unwrap();
    let o = scpgen(&["check"], dir.path());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("stale: ")
            && stdout(&o).contains("generated/scp-apigateway/src/v1_2.rs"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn lint_lists_every_finding_of_the_bundled_page() {
    let o = scpgen(&["lint", "spec/source/application-service.txt"], &repo());
    assert!(o.status.success());
    insta::assert_snapshot!("lint__bundled", stdout(&o));
    assert!(String::from_utf8_lossy(&o.stderr)
        .contains("scpgen lint: 54 findings (0 errors, 54 warnings; 2 rules) in 1 files"));
    let json: serde_json::Value = serde_json::from_slice(
        &scpgen(
            &[
                "lint",
                "--format",
                "json",
                "spec/source/application-service.txt",
            ],
            &repo(),
        )
        .stdout,
    )
    .unwrap();
    assert_eq!(json.as_array().unwrap().len(), 54);
    assert_eq!(json[0]["line"], 252);
    assert_eq!(json[0]["rule"], "example-type");
}

#[test]
fn lint_lines_point_at_the_offending_text() {
    let page = bundled_page();
    let lines: Vec<&str> = page.lines().collect();
    let out = stdout(&scpgen(
        &["lint", "spec/source/application-service.txt"],
        &repo(),
    ));
    let findings: Vec<&str> = out.lines().collect();
    // Ten findings spread over the page, each at a line holding what it names.
    let step = findings.len() / 10;
    for f in findings.iter().step_by(step).take(10) {
        let (place, message) = f.split_once(": ").unwrap();
        let line: usize = place.rsplit(':').next().unwrap().parse().unwrap();
        let text = lines[line - 1];
        // The key or field the finding names, as the page writes it.
        let named = message
            .split(['`', '$', '.', '[', ' ', ':', '('])
            .filter(|w| w.len() > 2 && w.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
            .find(|w| text.contains(*w))
            .unwrap_or_else(|| panic!("line {line} `{text}` shows nothing of `{message}`"));
        assert!(text.contains(named), "{f}");
    }
}

#[test]
fn lint_is_silent_on_a_clean_page_and_exact_on_a_seeded_one() {
    let o = scpgen(&["lint", "tests/fixtures/pages/global-sample.txt"], &repo());
    assert!(o.status.success());
    assert_eq!(stdout(&o), "");
    let o = scpgen(
        &["lint", "tests/fixtures/pages/compute-sample.txt"],
        &repo(),
    );
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(
        out.contains("compute-sample.txt:205: example-type: "),
        "{out}"
    );
    assert!(
        out.contains(
            "unused-model: model MaintenanceWindow of virtualserver is used by no operation"
        ),
        "{out}"
    );
}

#[test]
fn lint_finds_versions_that_disagree() {
    let page = bundled_page().replacen(
        "post /v1/apis/{api_id}/access-controls\n",
        "post /v1/apis/{api_id}/access-control\n",
        2,
    );
    let dir = tempfile::tempdir().unwrap();
    write_page(dir.path(), "page.txt", page.as_bytes());
    let out = stdout(&scpgen(&["lint", "page.txt"], dir.path()));
    assert!(out.contains("version-drift: `Create AccessControl` is POST /v1/apis/{api_id}/access-controls in version 1.0 but POST /v1/apis/{api_id}/access-control in version 1.2"), "{out}");
}

#[test]
fn the_ci_recipe_is_valid_yaml_running_the_commands() {
    let text = std::fs::read_to_string(repo().join("examples/ci/scp-api.yml")).unwrap();
    let doc: serde_json::Value = serde_norway::from_str(&text).expect("valid YAML");
    let steps = doc["jobs"]["api"]["steps"].as_array().unwrap();
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(runs.iter().any(|r| r.trim() == "scpgen check"));
    assert!(runs.iter().any(|r| r.contains("scpgen lint")));
    assert!(runs
        .iter()
        .any(|r| r.contains("scpgen diff /tmp/base/spec spec > changelog.md")));
    let gate = steps
        .iter()
        .find(|s| {
            s["run"]
                .as_str()
                .is_some_and(|r| r.contains("--fail-on breaking"))
        })
        .unwrap();
    assert!(gate["if"].as_str().unwrap().contains("api-breaking-ok"));
}

/// README.md's table of rules is the rules' own list (src/diag/rules.rs), in its order.
#[test]
fn the_readme_lists_every_rule() {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let mut table = String::from("| rule | severity | what it means |\n|---|---|---|\n");
    for rule in scpgen::diag::Rule::ALL {
        table.push_str(&format!(
            "| `{}` | {} | {} |\n",
            rule.id(),
            rule.severity(),
            rule.explanation()
        ));
    }
    assert!(
        readme.contains(&table),
        "README.md's table of rules differs from src/diag/rules.rs; it should read:\n{table}"
    );
}

/// Every rule is one some code reports (the list holds no rule nothing can find).
#[test]
fn every_rule_is_reported_somewhere() {
    let mut code = String::new();
    for entry in scpgen::output::existing_files(&repo().join("src")).unwrap() {
        if entry.ends_with("diag/rules.rs") || entry.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        code.push_str(&std::fs::read_to_string(entry).unwrap());
    }
    let unused: Vec<&str> = scpgen::diag::Rule::ALL
        .iter()
        .filter(|r| !code.contains(&format!("Rule::{r:?}")))
        .map(|r| r.id())
        .collect();
    assert!(unused.is_empty(), "rules nothing reports: {unused:?}");
}
