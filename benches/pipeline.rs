//! The whole pipeline on the bundled page: read → extract → OpenAPI → YAML text.
//! Target (issue 2): median under 20 ms, release build, on the 2-core CI machine.

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

criterion_group!(benches, bench);
criterion_main!(benches);
