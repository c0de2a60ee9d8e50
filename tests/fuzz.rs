//! Robustness: 1,000 seeded random mutations of each input form (lines deleted, duplicated,
//! swapped; files truncated anywhere, even inside a character) never panic, and never lose
//! content silently: a run that yields fewer operations, versions or models than the
//! original, or no spec at all, says why in at least one diagnostic.

mod common;

use std::panic::{catch_unwind, AssertUnwindSafe};

use common::*;
use scpgen::pipeline;

fn mutate(text: &str, rng: &mut Rng) -> (String, Vec<String>) {
    let mut lines: Vec<&str> = text.lines().collect();
    let mut what = Vec::new();
    for _ in 0..1 + rng.below(3) {
        if lines.is_empty() {
            break;
        }
        let i = rng.below(lines.len());
        match rng.below(4) {
            0 => {
                what.push(format!("delete line {}", i + 1));
                lines.remove(i);
            }
            1 => {
                what.push(format!("duplicate line {}", i + 1));
                lines.insert(i, lines[i]);
            }
            2 => {
                let j = rng.below(lines.len());
                what.push(format!("swap lines {} and {}", i + 1, j + 1));
                lines.swap(i, j);
            }
            _ => {
                what.push(format!("truncate after line {}", i + 1));
                lines.truncate(i + 1);
            }
        }
    }
    let mut out = lines.join("\n");
    if rng.below(4) == 0 {
        // Cut the bytes anywhere, as a broken download does (lossily, like a reader would).
        let cut = rng.below(out.len() + 1);
        what.push(format!("truncate at byte {cut}"));
        out = String::from_utf8_lossy(&out.as_bytes()[..cut]).into_owned();
    }
    (out, what)
}

fn fuzz(name: &str, text: &str, seed: u64) {
    let (original, original_diags) = generate(name, text);
    let before = findings_without_lines(&original_diags);
    let base = pipeline::totals(original.api.as_ref().expect("the pages' model"));
    let mut rng = Rng(seed);
    for round in 0..1000 {
        let (mutated, what) = mutate(text, &mut rng);
        let run = catch_unwind(AssertUnwindSafe(|| {
            pipeline::generate_from_text(name, &mutated, scpgen::openapi::Format::Yaml)
        }));
        let Ok((result, diags)) = run else {
            panic!("{name}: round {round} (seed {seed}) panicked after: {what:?}");
        };
        let generated = result.unwrap_or_else(|e| panic!("{name}: round {round}: {e}"));
        let t = pipeline::totals(generated.api.as_ref().expect("the pages' model"));
        let lost = t.operations < base.operations
            || t.operation_versions < base.operation_versions
            || t.models < base.models;
        // A fragment of models alone writes no spec to begin with.
        if lost || (generated.files.is_empty() && !original.files.is_empty()) {
            // A finding the original did not have must say what happened.
            let new: Vec<String> = findings_without_lines(&diags)
                .into_iter()
                .filter(|f| !before.contains(f))
                .collect();
            assert!(!new.is_empty(), "{name}: round {round} (seed {seed}) lost content silently after {what:?}: {base:?} -> {t:?}");
        }
    }
}

#[test]
fn text_form_survives_mutations() {
    fuzz(
        "compute-sample.txt",
        &fixture("pages/compute-sample.txt"),
        0x5eed_0001,
    );
}

#[test]
fn html_form_survives_mutations() {
    fuzz(
        "compute-sample.html",
        &fixture("forms/compute-sample.html"),
        0x5eed_0002,
    );
}

#[test]
fn markdown_form_survives_mutations() {
    fuzz(
        "compute-sample.md",
        &fixture("forms/compute-sample.md"),
        0x5eed_0003,
    );
}

#[test]
fn glued_form_survives_mutations() {
    // A live fragment of glued cells: a duplicated flag line (`name`, `required`,
    // `required`) made two rows overlap and the reader panicked.
    fuzz(
        "en-iam-models-glued-cells.txt",
        &fixture("variants/en-iam-models-glued-cells.txt"),
        0x5eed_0004,
    );
    // A whole page glued, with blank lines for empty cells and one-line version and region
    // rows: the blank-line look-ahead must stay bounded and never panic.
    fuzz(
        "directconnect-glued.txt",
        &fixture("pages/directconnect-glued.txt"),
        0x5eed_0005,
    );
}
