//! Hostile input, one suite: scpgen runs in CI on pages and specs any pull request can
//! change, so no input may write outside the output directory, inject into Cargo.toml,
//! rustdoc, Markdown or a terminal, delete files scpgen did not write, exhaust memory or
//! time, panic, or give a crate that does not build without an error (ARCHITECTURE.md,
//! "Hostile input"). The generated clients' runtime side is tests/clients/tests/hostile.rs.
//!
//! - `input`: the readers and the extractor (a finding with its line for each case);
//! - `output`: specs, crates, manifests and the changelog;
//! - `doctests`: no input text becomes a code block in rustdoc;
//! - `check`: `scpgen check` sees every file in its output directories;
//! - `bombs`: inputs that would exhaust memory or time end within bounds;
//! - `printing`: no input text reaches a terminal or CI log raw;
//! - `crates`: whatever the names, crates compile and pass the naming lints;
//! - `panics`: no input panics, nor does a closed pipe;
//! - `spec_loss`: nothing of a spec input is lost or misread silently;
//! - `writes`: every path checked before anything is written; runs take turns;
//! - `diff`: the changelog's inputs are specs, its names stay whole and unlinked.

#[path = "../common/mod.rs"]
mod common;
#[path = "../../benches/support/hostile_pages.rs"]
mod hostile_pages;
mod support;

mod bombs;
mod check;
mod crates;
mod diff;
mod doctests;
mod input;
mod output;
mod panics;
mod printing;
mod spec_loss;
mod writes;
