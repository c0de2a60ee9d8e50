//! scpgen: Samsung Cloud Platform API reference pages → OpenAPI specs and Rust client
//! crates, so that every change of the docs becomes a reviewable diff of specs and code.
//!
//! As a library it has two faces: [`Generator`], for build scripts that generate a client
//! into `OUT_DIR` (as progenitor offers for OpenAPI), and [`cli`], the `scpgen` command line.
//! Everything else is the pipeline's inside, visible to scpgen's own tests only (the
//! `internals` feature): read (`doc`) → extract (`extract`) → OpenAPI (`openapi`) → Rust
//! (`codegen`) → write (`output`), chained by `pipeline`, over the vocabulary every stage
//! shares (`vocab`) and the findings they report (`diag`); beside them, `fetch` downloads the
//! pages and `release` versions the crates. ARCHITECTURE.md draws the stages.

pub mod cli;
mod generator;

pub use generator::{Error, Generated, Generator};

/// Modules public to scpgen's tests and benchmarks (the `internals` feature), private to
/// the crate otherwise.
macro_rules! internal {
    ($($name:ident),* $(,)?) => { $(
        #[cfg(feature = "internals")]
        pub mod $name;
        #[cfg(not(feature = "internals"))]
        pub(crate) mod $name;
    )* };
}

internal!(
    check, codegen, diag, diff, doc, extract, fetch, files, lint, markdown, openapi, output,
    pattern, pipeline, release, terminal, vocab,
);
