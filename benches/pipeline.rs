//! The whole pipeline on the bundled page: read → extract → OpenAPI → YAML text.
//! Target: median under 20 ms, release build, on the 2-core CI machine.
//!
//! `hostile_sizes`: generated pages of hostile size (a 100k-row model
//! table, 20k models, a 5 MB HTML page), each under 1 s: every stage is O(n log n).
//! Run with `cargo bench --bench pipeline -- hostile`.

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

criterion_group!(benches, bench, hostile_sizes);
criterion_main!(benches);
