//! The exported specs: snapshots of every file and of the diagnostics, byte-identical
//! regeneration, the committed spec/ tree up to date, openapiv3 round trip, and a
//! third-party validator (openapi-spec-validator, installed by scripts/test).

mod common;

use std::process::Command;

use common::*;
use openapiv3::OpenAPI;

#[test]
fn snapshots_of_every_spec_and_the_diagnostics() {
    let (g, diags) = generate("spec/source/application-service.txt", &bundled_page());
    for f in &g.files {
        let name = f.path.to_string_lossy().replace(['/', '\\'], "__");
        insta::assert_snapshot!(format!("bundled__{name}"), f.contents);
    }
    let lines: Vec<String> = diags.sorted().iter().map(ToString::to_string).collect();
    insta::assert_snapshot!("bundled__diagnostics", lines.join("\n"));
}

#[test]
fn regeneration_is_byte_identical() {
    let page = bundled_page();
    let (a, _) = generate("p.txt", &page);
    let (b, _) = generate("p.txt", &page);
    assert_eq!(a.files, b.files);
}

#[test]
fn committed_specs_are_up_to_date() {
    // `cargo run --release` on an unchanged checkout leaves git status clean.
    let (g, _) = generate("spec/source/application-service.txt", &bundled_page());
    for f in &g.files {
        let on_disk =
            std::fs::read_to_string(repo().join("spec").join(&f.path)).unwrap_or_else(|e| {
                panic!(
                    "spec/{} missing ({e}): run `cargo run --release`",
                    f.path.display()
                )
            });
        assert!(
            on_disk == f.contents,
            "spec/{} is stale: run `cargo run --release`",
            f.path.display()
        );
    }
}

#[test]
fn openapiv3_parses_every_spec_back() {
    for page in [
        bundled_page(),
        fixture("pages/compute-sample.txt"),
        fixture("pages/global-sample.txt"),
    ] {
        let (g, _) = generate("p.txt", &page);
        for (s, f) in g.specs.iter().zip(&g.files) {
            let back: OpenAPI = serde_norway::from_str(&f.contents)
                .unwrap_or_else(|e| panic!("{}: {e}", f.path.display()));
            assert_eq!(back, s.document, "{} does not round-trip", f.path.display());
        }
    }
}

#[test]
fn json_format_holds_the_same_document() {
    let (result, _) = scpgen::pipeline::generate_from_text(
        "p.txt",
        &bundled_page(),
        scpgen::openapi::Format::Json,
    );
    let g = result.unwrap();
    assert!(g
        .files
        .iter()
        .all(|f| f.path.extension().unwrap() == "json"));
    for (s, f) in g.specs.iter().zip(&g.files) {
        let back: OpenAPI = serde_json::from_str(&f.contents).unwrap();
        assert_eq!(back, s.document);
    }
}

/// Every spec of every page passes openapi-spec-validator with zero errors.
#[test]
fn third_party_validator_accepts_every_spec() {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for (name, page) in [
        ("bundled", bundled_page()),
        ("compute", fixture("pages/compute-sample.txt")),
        ("global", fixture("pages/global-sample.txt")),
    ] {
        let (g, _) = generate("p.txt", &page);
        for f in &g.files {
            let p = dir.path().join(name).join(&f.path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, &f.contents).unwrap();
            paths.push(p);
        }
    }
    assert_eq!(paths.len(), 8);
    let out = Command::new("python3")
        .args(["-m", "openapi_spec_validator"])
        .args(&paths)
        .output()
        .expect("python3 must be installed (scripts/test installs openapi-spec-validator)");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("No module named"),
        "openapi-spec-validator is not installed: run `python3 -m pip install openapi-spec-validator` (scripts/test does)"
    );
    assert!(
        out.status.success(),
        "validator failed:\n{stdout}\n{stderr}"
    );
    assert_eq!(stdout.matches(": OK").count(), paths.len(), "{stdout}");
}

/// YAML 1.1 readers (PyYAML, under many OpenAPI tools) read every spec exactly as its JSON:
/// no timestamp, boolean or number where the spec holds a string.
#[test]
fn yaml_1_1_readers_read_the_same_document() {
    let dir = tempfile::tempdir().unwrap();
    let mut pairs = Vec::new();
    for (name, page) in [
        ("bundled", bundled_page()),
        ("compute", fixture("pages/compute-sample.txt")),
        ("global", fixture("pages/global-sample.txt")),
    ] {
        let (g, _) = generate("p.txt", &page);
        for (s, f) in g.specs.iter().zip(&g.files) {
            let stem = format!("{name}-{}-{}", s.service, s.version);
            let yaml = dir.path().join(format!("{stem}.yaml"));
            let json = dir.path().join(format!("{stem}.json"));
            std::fs::write(&yaml, &f.contents).unwrap();
            std::fs::write(
                &json,
                scpgen::openapi::render(&s.document, scpgen::openapi::Format::Json).unwrap(),
            )
            .unwrap();
            pairs.push((yaml, json));
        }
    }
    let script = "import json, sys, yaml\n\
                  for y, j in zip(sys.argv[1::2], sys.argv[2::2]):\n\
                  \x20   a, b = yaml.safe_load(open(y, encoding='utf-8')), json.load(open(j, encoding='utf-8'))\n\
                  \x20   if a != b:\n\
                  \x20       sys.exit(y + ' reads differently in YAML 1.1')\n\
                  print('same', len(sys.argv[1:]) // 2)";
    let mut cmd = Command::new("python3");
    cmd.args(["-c", script]);
    for (y, j) in &pairs {
        cmd.arg(y).arg(j);
    }
    let out = cmd
        .output()
        .expect("python3 (PyYAML comes with openapi-spec-validator)");
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "same 8");
}
