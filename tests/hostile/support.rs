//! Helpers of the hostile suite: fixtures, findings as `line: severity: rule`, and
//! the real command run in a fresh directory (asserting a failed run writes nothing).

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use scpgen::diag::Diagnostics;
use scpgen::output::OutputFile;
use serde_json::Value;

use super::common::*;

pub fn input(name: &str) -> String {
    fixture(&format!("hostile/input/{name}"))
}

/// Every finding as `line: severity: rule`, sorted.
pub fn findings(diags: &Diagnostics) -> Vec<String> {
    diags
        .sorted()
        .iter()
        .map(|d| format!("{}: {}: {}", d.location.line, d.severity, d.rule))
        .collect()
}

/// The pipeline on a fixture: its findings and its one spec (when there are no errors).
pub fn run(name: &str) -> (Vec<String>, Diagnostics, Option<Value>) {
    let (g, diags) = generate(name, &input(name));
    let spec = (!diags.has_errors()).then(|| {
        let specs = specs_json(&g);
        assert_eq!(specs.len(), 1, "{name}");
        specs[0].1.clone()
    });
    (findings(&diags), diags, spec)
}

pub fn message<'a>(diags: &'a Diagnostics, rule: &str) -> &'a str {
    diags
        .iter()
        .find(|d| d.rule == rule)
        .map(|d| d.message.as_str())
        .unwrap_or_else(|| panic!("no {rule} finding"))
}

/// `scpgen spec <pages> --out out` in a fresh directory: asserts the run fails without
/// writing anything, and returns what it printed.
pub fn spec_fails(pages: &[(&str, &str)]) -> String {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in pages {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let mut args: Vec<&str> = vec!["spec"];
    args.extend(pages.iter().map(|(n, _)| *n));
    args.extend(["--out", "out"]);
    let o = Command::new(env!("CARGO_BIN_EXE_scpgen"))
        .args(&args)
        .current_dir(dir.path())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(!err.contains("panicked"), "{err}");
    assert!(!o.status.success(), "the run succeeded:\n{err}");
    assert_eq!(
        files_under(&dir.path().join("out")),
        0,
        "a failed run wrote: {err}"
    );
    err
}

pub fn files_under(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .flatten()
        .map(|e| {
            if e.path().is_dir() {
                files_under(&e.path())
            } else {
                1
            }
        })
        .sum()
}

/// A fixture run through the command must fail with `file:line: error: rule`.
pub fn fails_with(name: &str, line: usize, rule: &str) {
    let err = spec_fails(&[("page.txt", &input(name))]);
    assert!(
        err.contains(&format!("page.txt:{line}: error: {rule}: ")),
        "{name}: no error {rule} at line {line}:\n{err}"
    );
}

/// The operation's own parameters and the shared ones it refers to, by name.
pub fn header_names(spec: &Value) -> Vec<String> {
    let op = operation(spec, "show_thing");
    op["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| match p.get("$ref") {
            Some(r) => {
                let name = r.as_str().unwrap().rsplit('/').next().unwrap();
                spec["components"]["parameters"][name]["name"]
                    .as_str()
                    .unwrap()
                    .to_string()
            }
            None => p["name"].as_str().unwrap().to_string(),
        })
        .collect()
}

/// The crates of one spec text (YAML, named `hostile.yaml`), through the pipeline as a
/// spec file goes: the files and findings.
pub fn codegen(yaml: &str) -> (Vec<OutputFile>, Diagnostics) {
    spec_run("hostile.yaml", yaml)
}

/// [`codegen`] of a spec text under a name (`.json` for JSON).
pub fn spec_run(name: &str, text: &str) -> (Vec<OutputFile>, Diagnostics) {
    let request = scpgen::pipeline::Request {
        spec_texts: vec![scpgen::doc::SourceText {
            path: Arc::from(Path::new(name)),
            text: text.to_string(),
        }],
        clients: true,
        ..Default::default()
    };
    let outcome = scpgen::pipeline::run(&request).expect("the pipeline");
    (outcome.client_files, outcome.diagnostics)
}

/// Writes `text` at `rel` under `root`, making the directories on the way.
pub fn put(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}
