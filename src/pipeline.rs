//! The stages chained: read → extract → OpenAPI → rendered files. Pure over data except
//! for reading the input files; writing is the caller's choice (see [`crate::output`]).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::{Diagnostics, Location, Rule};
use crate::doc::detect::{detect, InputFormat};
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

/// How input files are read.
#[derive(Debug, Clone, Copy)]
pub struct ReadOptions {
    /// Read every page in this form instead of detecting it (`--input-format`).
    pub format: Option<InputFormat>,
    /// The size limit of one input file, in bytes (`--max-input-size`).
    pub max_input: u64,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            format: None,
            max_input: crate::files::DEFAULT_MAX_INPUT,
        }
    }
}

/// Reads each file in the form detected from its content (or the forced one); unreadable
/// and unrecognised files are reported and skipped.
pub fn read_files(
    paths: &[PathBuf],
    options: &ReadOptions,
    diags: &mut Diagnostics,
) -> Vec<Document> {
    let mut docs = Vec::with_capacity(paths.len());
    for path in paths {
        if let Some(source) = doc::load(path, options.max_input, diags) {
            docs.extend(read_in_form(&source, options.format, diags));
        }
    }
    docs
}

/// Reads a page in `forced` form, or in the form its content shows.
pub fn read_in_form(
    source: &SourceText,
    forced: Option<InputFormat>,
    diags: &mut Diagnostics,
) -> Option<Document> {
    let Some(format) = forced.or_else(|| detect(&source.path, &source.text)) else {
        diags.error(
            Location::new(&source.path, 0),
            Rule::UnrecognisedInput,
            "not an SCP API reference page: no numbered headings, pipe tables or HTML found (use --input-format to force a reader)",
        );
        return None;
    };
    Some(match format {
        InputFormat::Text => doc::text::read(source),
        InputFormat::Html => doc::html::read(source, diags),
        InputFormat::Markdown => doc::markdown::read(source),
    })
}

/// Reads an OpenAPI spec file (YAML or JSON, 3.0 or 3.1): one document per API version.
pub fn read_spec_file(
    path: &Path,
    options: &ReadOptions,
    diags: &mut Diagnostics,
) -> Vec<openapiv3::OpenAPI> {
    let shown: Arc<Path> = Arc::from(crate::diag::display_path(path).as_path());
    let bytes = crate::files::read_limited(path, options.max_input);
    let text = match bytes.map(String::from_utf8) {
        Ok(Ok(t)) => t,
        Ok(Err(e)) => {
            let bytes = e.as_bytes();
            let at = e.utf8_error().valid_up_to();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            diags.error(
                Location::new(&shown, line),
                Rule::NotUtf8,
                format!("the spec is not valid UTF-8 (byte offset {at})"),
            );
            return Vec::new();
        }
        Err(e) => {
            diags.error(
                Location::new(&shown, 0),
                Rule::Unreadable,
                format!("cannot read the spec: {e}"),
            );
            return Vec::new();
        }
    };
    let json = path.extension().is_some_and(|e| e == "json");
    openapi::input::documents(&text, json, &shown, diags)
}

/// Reads a page given as text in the print-view text form.
pub fn read_source(source: &SourceText) -> Document {
    doc::text::read(source)
}

/// The whole pipeline over pages already in memory.
pub fn generate(
    docs: &[Document],
    format: Format,
    diags: &mut Diagnostics,
) -> anyhow::Result<Generated> {
    generate_with(docs, format, extract::Options::default(), diags)
}

/// [`generate`] with extraction [`extract::Options`] (`--allow-undefined-models`).
pub fn generate_with(
    docs: &[Document],
    format: Format,
    options: extract::Options,
    diags: &mut Diagnostics,
) -> anyhow::Result<Generated> {
    let api = extract::extract_with(docs, options, diags);
    if api.services.is_empty() && !diags.has_errors() {
        for d in docs {
            diags.error(
                Location::new(&d.path, 0),
                Rule::NoService,
                "no service found: the page has no `N - <Service>` section with APIs or Models (is it an SCP API reference page?)",
            );
        }
    }
    let specs = openapi::build(&api);
    let files = render_all(&specs, format)?;
    Ok(Generated { api, specs, files })
}

impl Generated {
    /// The specs as codegen inputs, each known by the spec file it is written to.
    pub fn spec_inputs(&self) -> Vec<crate::codegen::SpecInput> {
        self.specs
            .iter()
            .zip(&self.files)
            .map(|(s, f)| crate::codegen::SpecInput {
                origin: Arc::from(f.path.as_path()),
                document: s.document.clone(),
            })
            .collect()
    }
}

/// Renders the specs, in their order.
fn render_all(specs: &[Spec], format: Format) -> anyhow::Result<Vec<OutputFile>> {
    specs
        .iter()
        .map(|s| {
            Ok(OutputFile {
                path: Path::new(&s.service).join(format!("{}.{}", s.version, format.extension())),
                contents: openapi::render(&s.document, format)?,
            })
        })
        .collect()
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
    let docs: Vec<Document> = read_in_form(&source, None, &mut diags)
        .into_iter()
        .collect();
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
