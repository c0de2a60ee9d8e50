//! Client generation from big specs: synthetic specs of the size and shape of Oxide's nexus
//! (200 operations) and GitHub's REST description (775 operations), see
//! support/synthetic.rs. `cargo bench --bench gen`.
//!
//! With `SCPGEN_WRITE_SYNTHETIC=<dir>` it writes the two specs there instead
//! (`nexus-like.json`, `github-like.json`) and exits: scripts/bench-gen times scpgen and
//! cargo-progenitor on them. With `SCPGEN_SYNTHETIC_SCALE=<operations>,...` too, it writes
//! nexus-shaped specs of those many operations (`nexus-<operations>.json`) instead: the
//! series scripts/bench-scale runs to see time and memory grow with the input. With
//! `SCPGEN_TABLE_ROWS=<rows>,...` instead, it writes pages of one model of that many rows
//! (`table-<rows>.txt`, support/hostile_pages.rs): the series of one ever wider model.

#[path = "support/hostile_pages.rs"]
mod hostile_pages;
#[path = "support/synthetic.rs"]
mod synthetic;

use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;

use criterion::{criterion_group, Criterion};
use scpgen::doc::SourceText;
use scpgen::pipeline;

/// The specs: (file name, shape, resources).
const SPECS: &[(&str, synthetic::Shape, usize)] = &[
    ("nexus-like.json", synthetic::Shape::Nexus, 40),
    ("github-like.json", synthetic::Shape::GitHub, 155),
];

fn client(name: &str, text: &str) -> usize {
    let request = pipeline::Request {
        spec_texts: vec![SourceText {
            path: Arc::from(Path::new(name)),
            text: text.to_string(),
        }],
        clients: true,
        overrides: scpgen::codegen::settings::Overrides {
            service: Some("synthetic".into()),
            endpoint: Some("https://api.example.com".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    let outcome = pipeline::run(&request).expect("generation");
    assert!(
        !outcome.diagnostics.has_errors(),
        "{name}: {:?}",
        outcome.diagnostics.sorted().first()
    );
    outcome.client_files.iter().map(|f| f.contents.len()).sum()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("synthetic_specs");
    group.sample_size(10);
    for (name, shape, resources) in SPECS {
        let text = synthetic::spec(*shape, *resources);
        group.bench_function(*name, |b| b.iter(|| client(name, black_box(&text))));
    }
    group.finish();
}

criterion_group!(benches, bench);

fn main() {
    if let Some(dir) = std::env::var_os("SCPGEN_WRITE_SYNTHETIC") {
        let dir = Path::new(&dir);
        std::fs::create_dir_all(dir).expect("the directory");
        if let Ok(rows) = std::env::var("SCPGEN_TABLE_ROWS") {
            for n in rows
                .split(',')
                .filter_map(|n| n.trim().parse::<usize>().ok())
            {
                let page = hostile_pages::model_table_page(n);
                std::fs::write(dir.join(format!("table-{n}.txt")), page).expect("write");
            }
            return;
        }
        if let Ok(scale) = std::env::var("SCPGEN_SYNTHETIC_SCALE") {
            for ops in scale
                .split(',')
                .filter_map(|n| n.trim().parse::<usize>().ok())
            {
                let text = synthetic::spec(synthetic::Shape::Nexus, ops.div_ceil(5));
                std::fs::write(dir.join(format!("nexus-{ops}.json")), text).expect("write");
            }
            return;
        }
        for (name, shape, resources) in SPECS {
            std::fs::write(dir.join(name), synthetic::spec(*shape, *resources)).expect("write");
        }
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
