//! Helpers shared by the integration tests: run the pipeline on a page, look into specs.
#![allow(dead_code)] // each test binary uses its own subset of the helpers

pub mod server;

use std::path::{Path, PathBuf};

use scpgen::diag::Diagnostics;
use scpgen::openapi::Format;
use scpgen::pipeline::{self, Generated};
use serde_json::Value;

/// Runs the scpgen command in `cwd`.
pub fn scpgen(args: &[&str], cwd: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_scpgen"))
        .args(args)
        .current_dir(cwd)
        .output()
        .unwrap()
}

pub fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn bundled_page() -> String {
    std::fs::read_to_string(repo().join("spec/source/application-service.txt"))
        .expect("bundled page")
}

pub fn fixture(name: &str) -> String {
    std::fs::read_to_string(repo().join("tests/fixtures").join(name)).expect("fixture")
}

/// Runs the whole pipeline on one page given as text, reported under `name`.
pub fn generate(name: &str, text: &str) -> (Generated, Diagnostics) {
    let (result, diags) = pipeline::generate_from_text(name, text, Format::Yaml);
    (result.expect("pipeline"), diags)
}

/// Every spec as JSON, keyed `service/version`.
pub fn specs_json(g: &Generated) -> Vec<(String, Value)> {
    g.specs
        .iter()
        .map(|s| {
            (
                format!("{}/{}", s.service, s.version),
                serde_json::to_value(&s.document).unwrap(),
            )
        })
        .collect()
}

pub fn spec<'a>(specs: &'a [(String, Value)], key: &str) -> &'a Value {
    &specs
        .iter()
        .find(|(k, _)| k == key)
        .unwrap_or_else(|| panic!("no spec {key}"))
        .1
}

/// Operations of a spec: (method, path, operation).
pub fn operations(spec: &Value) -> Vec<(String, String, &Value)> {
    let mut out = Vec::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if op.get("operationId").is_some() {
                out.push((method.clone(), path.clone(), op));
            }
        }
    }
    out
}

pub fn operation<'a>(spec: &'a Value, id: &str) -> &'a Value {
    operations(spec)
        .into_iter()
        .find(|(_, _, op)| op["operationId"] == id)
        .unwrap_or_else(|| panic!("no operation {id}"))
        .2
}

/// A model field's schema.
pub fn field<'a>(spec: &'a Value, model: &str, field: &str) -> &'a Value {
    let m = &spec["components"]["schemas"][model];
    assert!(!m.is_null(), "no model {model}");
    let f = &m["properties"][field];
    assert!(!f.is_null(), "no field {model}.{field}");
    f
}

pub fn is_required(spec: &Value, model: &str, field: &str) -> bool {
    spec["components"]["schemas"][model]["required"]
        .as_array()
        .is_some_and(|r| r.iter().any(|n| n == field))
}

/// A parameter of an operation by name (the shared Scp-Api-Version reference aside).
pub fn param<'a>(op: &'a Value, name: &str) -> &'a Value {
    op["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("no parameter {name}"))
}

/// Counts over a set of specs, as the issue states them.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub operation_versions: usize,
    pub models: usize,
    pub model_fields: usize,
    pub path_query_params: usize,
    pub header_params: usize,
    pub request_bodies: usize,
    pub responses: usize,
}

pub fn counts(specs: &[(String, Value)]) -> Counts {
    let mut c = Counts::default();
    let mut models = std::collections::BTreeSet::new();
    for (key, spec) in specs {
        let service = key.split('/').next().unwrap();
        for (name, m) in spec["components"]["schemas"].as_object().unwrap() {
            if models.insert((service.to_string(), name.clone())) {
                c.models += 1;
                c.model_fields += m["properties"].as_object().map_or(0, |p| p.len());
            }
        }
        for (_, _, op) in operations(spec) {
            c.operation_versions += 1;
            for p in op["parameters"].as_array().unwrap() {
                match p["in"].as_str() {
                    Some("path" | "query") => c.path_query_params += 1,
                    Some("header") => c.header_params += 1,
                    _ => {}
                }
            }
            c.request_bodies += usize::from(op.get("requestBody").is_some());
            c.responses += op["responses"].as_object().unwrap().len();
        }
    }
    c
}

pub fn ops_in(specs: &[(String, Value)], key: &str) -> usize {
    operations(spec(specs, key)).len()
}

pub fn write_page(dir: &Path, name: &str, text: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

/// The first spec of `service` that holds `model` (models live in the versions that use them).
pub fn with_model<'a>(specs: &'a [(String, Value)], service: &str, model: &str) -> &'a Value {
    &specs
        .iter()
        .find(|(k, s)| {
            k.starts_with(&format!("{service}/")) && s["components"]["schemas"].get(model).is_some()
        })
        .unwrap_or_else(|| panic!("no spec of {service} holds {model}"))
        .1
}

/// A plain listing of what was extracted, for snapshots of partial pages (fragments) that
/// cannot become specs on their own.
pub fn describe(api: &scpgen::extract::ApiDoc) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for s in &api.services {
        let _ = writeln!(out, "service {} ({:?}) url={:?}", s.slug, s.title, s.url);
        for v in &s.versions {
            let _ = writeln!(
                out,
                "  version {} {} until {:?}",
                v.version, v.status, v.supported_until
            );
        }
        for op in &s.operations {
            let _ = writeln!(out, "  operation {} `{}`", op.operation_id, op.title);
            for v in &op.variants {
                let _ = writeln!(
                    out,
                    "    {} {} {} state={:?} until={:?}",
                    v.version, v.method, v.path, v.state, v.supported_until
                );
                let _ = writeln!(out, "      description: {:?}", v.description);
                for p in &v.parameters {
                    let f = &p.field;
                    let _ = writeln!(
                        out,
                        "      {} {} required={} type={} default={:?} example={:?} description={:?}",
                        p.location.as_str(), f.name, f.required, f.ty, f.default, f.example, f.description
                    );
                }
                if let Some(b) = &v.body {
                    let _ = writeln!(out, "      body required={} type={}", b.required, b.ty);
                }
                for r in &v.responses {
                    let _ = writeln!(
                        out,
                        "      response {} {:?} {}",
                        r.code,
                        r.description,
                        r.ty.as_ref().map_or("-".to_string(), ToString::to_string)
                    );
                }
            }
        }
        for m in &s.models {
            let _ = writeln!(out, "  model {} ({} fields)", m.name, m.fields.len());
        }
    }
    out
}

/// Reads and extracts one page in the form detected from its content.
pub fn extract_page(name: &str, text: &str) -> (scpgen::extract::ApiDoc, Diagnostics) {
    let mut diags = Diagnostics::new();
    let source = scpgen::doc::SourceText {
        path: std::sync::Arc::from(Path::new(name)),
        text: text.to_string(),
    };
    let docs: Vec<_> = scpgen::pipeline::read_in_form(&source, None, &mut diags)
        .into_iter()
        .collect();
    let api = scpgen::extract::extract(&docs, &mut diags);
    (api, diags)
}

/// Findings as sorted `rule: message` lines, without locations (to compare runs whose lines
/// differ: another form of the page, a mutated copy).
pub fn findings_without_lines(diags: &Diagnostics) -> Vec<String> {
    let mut v: Vec<String> = diags
        .iter()
        .map(|d| format!("{}: {}", d.rule, d.message))
        .collect();
    v.sort();
    v
}

/// xorshift64*: a tiny seeded generator, so every failure can be replayed from its seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// The contents of the generated file at `path`.
pub fn file<'a>(files: &'a [scpgen::output::OutputFile], path: &str) -> &'a str {
    &files
        .iter()
        .find(|f| f.path == Path::new(path))
        .unwrap_or_else(|| panic!("no {path}"))
        .contents
}

/// A copy of the repository's inputs and outputs (no build directories).
pub fn checkout() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for top in ["spec", "generated"] {
        for entry in scpgen::output::existing_files(&repo().join(top)).unwrap() {
            let rel = entry.strip_prefix(repo()).unwrap();
            if rel.starts_with("generated/target") {
                continue;
            }
            let to = dir.path().join(rel);
            std::fs::create_dir_all(to.parent().unwrap()).unwrap();
            std::fs::copy(&entry, &to).unwrap();
        }
    }
    dir
}

/// The pipeline with clients over one page given as text, as `scpgen client` runs it.
pub fn run_page(name: &str, text: &str) -> scpgen::pipeline::Outcome {
    run_texts(
        vec![scpgen::doc::SourceText {
            path: std::sync::Arc::from(Path::new(name)),
            text: text.to_string(),
        }],
        Vec::new(),
    )
}

/// The pipeline with clients over spec texts, named (`.json` for JSON).
pub fn run_specs(specs: &[(&str, &str)]) -> scpgen::pipeline::Outcome {
    run_texts(
        Vec::new(),
        specs
            .iter()
            .map(|(name, text)| scpgen::doc::SourceText {
                path: std::sync::Arc::from(Path::new(name)),
                text: text.to_string(),
            })
            .collect(),
    )
}

fn run_texts(
    page_texts: Vec<scpgen::doc::SourceText>,
    spec_texts: Vec<scpgen::doc::SourceText>,
) -> scpgen::pipeline::Outcome {
    let request = scpgen::pipeline::Request {
        page_texts,
        spec_texts,
        clients: true,
        ..Default::default()
    };
    scpgen::pipeline::run(&request).expect("the pipeline")
}
