//! The stages chained: read → extract → OpenAPI → rendered files. Pure over data except
//! for reading the input files; writing is the caller's choice (see [`crate::output`]).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::Diagnostics;
use crate::doc::{self, Document, SourceText};
use crate::extract::{self, ApiDoc};
use crate::openapi::{self, Format, Spec};
use crate::output::OutputFile;

/// Everything one run produced.
#[derive(Debug)]
pub struct Generated {
    pub api: ApiDoc,
    pub specs: Vec<Spec>,
    pub files: Vec<OutputFile>,
}

/// Reads each file; unreadable ones are reported and skipped.
pub fn read_files(paths: &[PathBuf], diags: &mut Diagnostics) -> Vec<Document> {
    paths
        .iter()
        .filter_map(|p| doc::load(p, diags))
        .map(|source| read_source(&source))
        .collect()
}

/// Picks the reader for a page. Only the print-view text form exists so far.
pub fn read_source(source: &SourceText) -> Document {
    doc::text::read(source)
}

/// The whole pipeline over pages already in memory.
pub fn generate(
    docs: &[Document],
    format: Format,
    diags: &mut Diagnostics,
) -> anyhow::Result<Generated> {
    let api = extract::extract(docs, diags);
    if api.services.is_empty() && !diags.has_errors() {
        for d in docs {
            diags.error(
                crate::diag::Location::new(&d.path, 0),
                "no-service",
                "no service found: the page has no `N - <Service>` section with APIs or Models (is it an SCP API reference page?)",
            );
        }
    }
    let specs = openapi::build(&api);
    let mut files = Vec::with_capacity(specs.len());
    for s in &specs {
        files.push(OutputFile {
            path: Path::new(&s.service).join(format!("{}.{}", s.version, format.extension())),
            contents: openapi::render(&s.document, format)?,
        });
    }
    Ok(Generated { api, specs, files })
}

/// The pipeline over one page given as text (tests, benchmarks).
pub fn generate_from_text(
    name: &str,
    text: &str,
    format: Format,
) -> (anyhow::Result<Generated>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let source = SourceText {
        path: Arc::from(Path::new(name)),
        text: text.to_string(),
    };
    let docs = [read_source(&source)];
    let result = generate(&docs, format, &mut diags);
    (result, diags)
}

/// Totals for the summary line and the tests.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub services: usize,
    pub versions: usize,
    pub operations: usize,
    pub operation_versions: usize,
    pub models: usize,
}

pub fn totals(api: &ApiDoc) -> Totals {
    let mut t = Totals {
        services: api.services.len(),
        ..Default::default()
    };
    for s in &api.services {
        t.versions += s.all_versions().len();
        t.operations += s.operations.len();
        t.operation_versions += s.operations.iter().map(|o| o.variants.len()).sum::<usize>();
        t.models += s.models.len();
    }
    t
}
