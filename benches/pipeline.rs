//! The whole pipeline on the bundled page: read → extract → OpenAPI → YAML text.
//! Target: median under 20 ms, release build, on the 2-core CI machine.
//!
//! `hostile_sizes`: generated pages of hostile size (a 100k-row model
//! table, 20k models, a 5 MB HTML page), each under 1 s: every stage is O(n log n).
//! `hostile_bombs`: inputs small on disk that used to take minutes or gigabytes (300 YAML
//! aliases of a 100k-item anchor, 100k nested flow sequences, 50k nested `<div>`s, 200
//! `\w{300}\w{300}` patterns, 2,000 distinct large patterns), each refused or read within
//! a bound (see ARCHITECTURE.md, "Hostile input"). Run with `cargo bench --bench pipeline --
//! hostile`.

#[path = "support/hostile_pages.rs"]
mod hostile_pages;

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};
use scpgen::diag::Diagnostics;
use scpgen::doc::SourceText;
use scpgen::openapi::Format;
use scpgen::pipeline;

fn bench(c: &mut Criterion) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/source/application-service.txt");
    let text = std::fs::read_to_string(path).expect("bundled page");
    let source = SourceText {
        path: Arc::from(Path::new("application-service.txt")),
        text,
    };
    let mut group = c.benchmark_group("bundled_page");
    group.bench_function("read", |b| {
        b.iter(|| pipeline::read_source(black_box(&source)))
    });
    let docs = [pipeline::read_source(&source)];
    group.bench_function("extract", |b| {
        b.iter(|| scpgen::extract::extract(black_box(&docs), &mut Diagnostics::new()))
    });
    let api = scpgen::extract::extract(&docs, &mut Diagnostics::new());
    group.bench_function("build", |b| {
        b.iter(|| scpgen::openapi::build(black_box(&api)))
    });
    let specs = scpgen::openapi::build(&api);
    group.bench_function("render_yaml", |b| {
        b.iter(|| {
            specs
                .iter()
                .map(|s| {
                    scpgen::openapi::render(&s.document, Format::Yaml)
                        .unwrap()
                        .len()
                })
                .sum::<usize>()
        })
    });
    group.bench_function("read_extract_export_yaml", |b| {
        b.iter(|| {
            let mut diags = Diagnostics::new();
            let docs = [pipeline::read_source(black_box(&source))];
            pipeline::generate(&docs, Format::Yaml, &mut diags).expect("pipeline")
        })
    });
    group.finish();
}

/// Read, extract, build and render the specs of one generated page.
fn whole_run(name: &str, text: &str) -> usize {
    let (result, diags) = pipeline::generate_from_text(name, text, Format::Yaml);
    let generated = result.expect("pipeline");
    assert!(!diags.has_errors(), "{name}: {:?}", diags.sorted().first());
    generated.files.len()
}

fn hostile_sizes(c: &mut Criterion) {
    let mut group = c.benchmark_group("hostile_sizes");
    // Each run takes a good part of a second: a few samples say enough.
    group.sample_size(10);
    let pages = [
        (
            "model_table_100k_rows",
            hostile_pages::model_table_page(100_000),
        ),
        ("models_20k", hostile_pages::many_models_page(20_000)),
        ("html_5mb", hostile_pages::html_page(5 * 1024 * 1024)),
    ];
    for (name, text) in &pages {
        let file = if name.starts_with("html") {
            "page.html"
        } else {
            "page.txt"
        };
        group.bench_function(*name, |b| b.iter(|| whole_run(file, black_box(text))));
    }
    group.finish();
}

/// Reads a spec text as `scpgen client` does: (documents, findings).
fn read_spec(text: &str) -> (usize, usize) {
    let mut diags = Diagnostics::new();
    let file: Arc<Path> = Arc::from(Path::new("bomb.yaml"));
    let docs = scpgen::openapi::input::documents(text, false, &file, &mut diags);
    (docs.len(), diags.len())
}

fn hostile_bombs(c: &mut Criterion) {
    let mut group = c.benchmark_group("hostile_bombs");
    group.sample_size(10);
    let specs = [
        (
            "yaml_aliases_300x100k",
            hostile_pages::alias_spec(100_000, 300),
        ),
        (
            "yaml_flow_nesting_100k",
            hostile_pages::flow_nesting_spec(100_000),
        ),
    ];
    for (name, text) in &specs {
        group.bench_function(*name, |b| b.iter(|| read_spec(black_box(text))));
    }
    let divs = hostile_pages::nested_divs_page(50_000);
    group.bench_function("html_divs_50k", |b| {
        b.iter(|| {
            let (result, diags) =
                pipeline::generate_from_text("deep.html", black_box(&divs), Format::Yaml);
            (result.is_ok(), diags.len())
        })
    });
    // Patterns: checked once per distinct pattern, estimated before compiling. Each run on a
    // thread of its own, so the per-thread cache starts empty, as in a real run.
    for (name, spec) in [
        (
            "patterns_200_same",
            hostile_pages::pattern_spec(200, r"\w{300}\w{300}"),
        ),
        ("patterns_2000_distinct", {
            let mut s = hostile_pages::pattern_spec(0, "");
            for i in 0..2_000 {
                s.push_str(&format!(
                    "        p{i}: {{type: string, pattern: '\\w{{44}}x{i}'}}\n"
                ));
            }
            s
        }),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let spec = spec.clone();
                std::thread::spawn(move || read_spec(&spec)).join().unwrap()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench, hostile_sizes, hostile_bombs);
criterion_main!(benches);
