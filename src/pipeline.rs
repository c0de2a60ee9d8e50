//! The stages chained: read → extract → OpenAPI → rendered files → client crates. [`run`]
//! takes a [`Request`] (the inputs and options of a run) and gives the files and the
//! findings, reading the input files and nothing else: what to do with them (write, check,
//! print) is the caller's. The command line, build scripts ([`crate::Generator`]) and the
//! tests all run the pipeline through it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::{Diagnostics, Location, Rule};
use crate::doc::detect::{detect, InputFormat};
use crate::doc::{self, Document, SourceText};
use crate::extract::{self, ApiDoc};
use crate::openapi::{self, Format, Spec};
use crate::output::OutputFile;

/// What a run is asked to do.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// Doc pages (any form).
    pub pages: Vec<PathBuf>,
    /// OpenAPI spec files (3.0 or 3.1, YAML or JSON).
    pub specs: Vec<PathBuf>,
    /// Pages already in memory (read in the form their text shows), after `pages`.
    pub page_texts: Vec<SourceText>,
    /// Spec texts already in memory, known by a name (`.json` is JSON), after `specs`.
    pub spec_texts: Vec<SourceText>,
    pub read: ReadOptions,
    pub extract: extract::Options,
    /// The form of the spec files written from pages.
    pub format: Format,
    /// Whether to generate the client crates (of the pages' specs and the spec files).
    pub clients: bool,
    /// What the command line says about specs that do not say it themselves.
    pub overrides: crate::codegen::settings::Overrides,
    /// Warnings are errors.
    pub strict: bool,
}

impl Request {
    /// A request for these inputs, pages and spec files told apart by their extension
    /// (`.yaml`, `.yml`, `.json` are specs).
    pub fn of_inputs(inputs: impl IntoIterator<Item = PathBuf>) -> Request {
        let (specs, pages) = inputs.into_iter().partition(|p| is_spec_input(p));
        Request {
            pages,
            specs,
            ..Request::default()
        }
    }
}

/// An input that is a spec file rather than a page: by extension.
pub fn is_spec_input(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml" | "json")
    )
}

/// What a run gave. Nothing is written: see [`Outcome::write`].
#[derive(Debug)]
pub struct Outcome {
    /// What the pages gave (their model, specs and spec files); `None` without pages.
    pub pages: Option<Generated>,
    /// What the pages held, counted before their model was dropped.
    totals: Option<Totals>,
    /// The client crates, relative to a crates directory (`scp-<service>/...`).
    pub client_files: Vec<OutputFile>,
    /// Every finding of the run; with errors, the files must not be written.
    pub diagnostics: Diagnostics,
    /// How many OpenAPI documents codegen read.
    pub documents: usize,
}

impl Outcome {
    /// The spec files of the pages, relative to a spec directory (`<service>/<version>.yaml`).
    pub fn spec_files(&self) -> &[OutputFile] {
        self.pages.as_ref().map_or(&[], |g| g.files.as_slice())
    }

    /// What the pages held (`None` without pages).
    pub fn totals(&self) -> Option<Totals> {
        self.totals
    }

    /// Writes the spec files under `spec_dir` and the crates under `client_dir` (each when
    /// given), after planning both: a plan that fails (a path, a conflict) writes neither.
    /// One line per directory says what was done.
    pub fn write(
        &self,
        spec_dir: Option<&Path>,
        client_dir: Option<&Path>,
        force: bool,
    ) -> anyhow::Result<Vec<String>> {
        // The crates before the specs: a release reads the previous spec/ as what the crates
        // were last released from (src/release/), so spec/ moves on only once every crate has.
        let mut plans = Vec::new();
        if let Some(dir) = client_dir {
            let plan = crate::output::plan(
                dir,
                &self.client_files,
                &crate::codegen::is_generated_file,
                force,
            )?;
            plans.push(("client", dir, plan));
        }
        if let Some(dir) = spec_dir {
            let plan =
                crate::output::plan(dir, self.spec_files(), &crate::output::is_spec_file, force)?;
            plans.push(("spec", dir, plan));
        }
        let mut said = Vec::new();
        for (what, dir, plan) in plans {
            let stats = plan.apply()?;
            said.push(format!(
                "{} {what} files written, {} unchanged, {} removed in {}",
                stats.written,
                stats.unchanged,
                stats.removed,
                crate::terminal::path(&crate::diag::display_path(dir))
            ));
        }
        // Said in the order of the command's outputs: specs, then crates.
        said.reverse();
        Ok(said)
    }
}

/// Runs the pipeline: reads the pages and spec files, extracts and builds the pages'
/// specs, then (if asked) generates the crates of every spec. Nothing is generated after an
/// error in the inputs. `Err` only when a generated file cannot be rendered (a defect of
/// scpgen, not of the input).
pub fn run(request: &Request) -> anyhow::Result<Outcome> {
    let mut diags = Diagnostics::new();
    let mut pages = if request.pages.is_empty() && request.page_texts.is_empty() {
        None
    } else {
        let mut docs = read_files(&request.pages, &request.read, &mut diags);
        for source in &request.page_texts {
            docs.extend(read_in_form(source, request.read.format, &mut diags));
        }
        Some(generate_with(&docs, request.format, request.extract, &mut diags)?)
    };
    let page_totals = pages
        .as_ref()
        .and_then(|g| g.api.as_ref())
        .map(totals);
    if request.clients {
        // Codegen reads the specs; the pages' model is only counted.
        if let Some(g) = pages.as_mut() {
            g.api = None;
        }
    }
    // The spec files' documents, each with the file it comes from.
    let mut read: Vec<(Arc<Path>, openapiv3::OpenAPI)> = Vec::new();
    for path in &request.specs {
        let origin: Arc<Path> = Arc::from(crate::diag::display_path(path).as_path());
        let docs = read_spec_file(path, &request.read, &mut diags);
        read.extend(docs.into_iter().map(|d| (origin.clone(), d)));
    }
    for source in &request.spec_texts {
        let json = source.path.extension().is_some_and(|e| e == "json");
        let docs = openapi::input::documents(&source.text, json, &source.path, &mut diags);
        read.extend(docs.into_iter().map(|d| (source.path.clone(), d)));
    }
    // Codegen reads the pages' specs and the files' documents where they are (a spec is
    // not copied to be generated from). Everything is rendered before anything is written;
    // codegen's findings are reported with the rest.
    let mut documents = pages.as_ref().map(|g| g.spec_inputs()).unwrap_or_default();
    documents.extend(
        read.iter()
            .map(|(origin, document)| crate::codegen::SpecInput {
                origin: origin.clone(),
                document,
            }),
    );
    let count = documents.len();
    let client_files = if request.clients && !diags.has_errors() {
        crate::codegen::generate_with(&documents, &request.overrides, &mut diags)?
    } else {
        Vec::new()
    };
    if request.strict {
        diags.promote_warnings();
    }
    Ok(Outcome {
        pages,
        totals: page_totals,
        client_files,
        diagnostics: diags,
        documents: count,
    })
}

/// The pages of a repository's `spec/source/` (the entries that are not directories,
/// hidden, or `scpgen fetch`'s sources and lock files), sorted so runs are deterministic. An entry that is no regular file is kept, for
/// the reader to report.
pub fn repository_pages(root: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let dir = root.join("spec").join("source");
    let entries = std::fs::read_dir(&dir).map_err(|e| {
        anyhow::anyhow!(
            "{}: cannot list the doc pages ({e}); run scpgen from the repository root or pass --root",
            crate::terminal::path(&dir)
        )
    })?;
    let mut pages: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
            !p.is_dir()
                && !name.as_deref().is_some_and(|n| {
                    n.starts_with('.')
                        || n == crate::fetch::sources::SOURCES_FILE
                        || n == crate::fetch::sources::LOCK_FILE
                })
        })
        .collect();
    pages.sort();
    if pages.is_empty() {
        anyhow::bail!("{}: no doc pages to read", crate::terminal::path(&dir));
    }
    Ok(pages)
}

/// The specs of one revision for the changelog: a page, or a directory of spec files
/// (`<service>/<version>.yaml|yml|json`, links followed; none is an error).
pub fn revision(
    path: &Path,
    read: &ReadOptions,
    options: extract::Options,
    diags: &mut Diagnostics,
) -> anyhow::Result<crate::diff::Revision> {
    let specs: Vec<openapiv3::OpenAPI> = if path.is_dir() {
        let files: Vec<PathBuf> = crate::output::existing_entries(path, &[])?
            .into_iter()
            .filter(|p| p.strip_prefix(path).is_ok_and(crate::output::is_spec_file))
            .collect();
        if files.is_empty() {
            anyhow::bail!(
                "{}: no spec files (`<service>/<version>.yaml`, `.yml` or `.json`) in the directory: nothing to compare",
                crate::terminal::path(&crate::diag::display_path(path))
            );
        }
        files
            .iter()
            .flat_map(|f| read_spec_file(f, read, diags))
            .collect()
    } else {
        let pages = read_files(&[path.to_path_buf()], read, diags);
        generate_with(&pages, Format::Yaml, options, diags)?
            .specs
            .into_iter()
            .map(|s| s.document)
            .collect()
    };
    Ok(crate::diff::revision(specs))
}

/// The findings of `scpgen lint`: reading and extracting the pages, and the lint-only rules.
pub fn lint(pages: &[PathBuf], read: &ReadOptions, options: extract::Options) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let docs = read_files(pages, read, &mut diags);
    let api = extract::extract_with(&docs, options, &mut diags);
    crate::lint::lint(&api, &mut diags);
    diags
}

/// Everything one run of the spec stage produced.
#[derive(Debug)]
pub struct Generated {
    /// The pages' model; `None` in a run that generated clients, which drops it before
    /// codegen (a page of 100,000 rows holds tens of megabytes of it) and keeps its totals
    /// ([`Outcome::totals`]).
    pub api: Option<ApiDoc>,
    pub specs: Vec<Spec>,
    pub files: Vec<OutputFile>,
    /// The form of `files`.
    pub format: Format,
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
#[cfg(any(test, feature = "internals"))]
pub fn read_source(source: &SourceText) -> Document {
    doc::text::read(source)
}

/// The whole pipeline over pages already in memory.
#[cfg(any(test, feature = "internals"))]
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
    Ok(Generated {
        api: Some(api),
        specs,
        files,
        format,
    })
}

impl Generated {
    /// The specs as codegen inputs, each known by the spec file it is written to (its
    /// service and version: the same key as the file's).
    pub fn spec_inputs(&self) -> Vec<crate::codegen::SpecInput<'_>> {
        self.specs
            .iter()
            .map(|s| crate::codegen::SpecInput {
                origin: Arc::from(spec_path(s, self.format).as_path()),
                document: &s.document,
            })
            .collect()
    }
}

/// Where a spec is written, under a spec directory: `<service>/<version>.<ext>`.
pub fn spec_path(spec: &Spec, format: Format) -> PathBuf {
    Path::new(&spec.service).join(format!("{}.{}", spec.version, format.extension()))
}

/// Renders the specs, in their order.
fn render_all(specs: &[Spec], format: Format) -> anyhow::Result<Vec<OutputFile>> {
    specs
        .iter()
        .map(|s| {
            Ok(OutputFile {
                path: spec_path(s, format),
                contents: openapi::render(&s.document, format)?,
            })
        })
        .collect()
}

/// The pipeline over one page given as text (tests, benchmarks): [`run`] without clients.
#[cfg(any(test, feature = "internals"))]
pub fn generate_from_text(
    name: &str,
    text: &str,
    format: Format,
) -> (anyhow::Result<Generated>, Diagnostics) {
    let request = Request {
        page_texts: vec![SourceText {
            path: Arc::from(Path::new(name)),
            text: text.to_string(),
        }],
        format,
        ..Request::default()
    };
    match run(&request) {
        Ok(outcome) => {
            let generated = outcome
                .pages
                .ok_or_else(|| anyhow::anyhow!("no page was read"));
            (generated, outcome.diagnostics)
        }
        Err(e) => (Err(e), Diagnostics::new()),
    }
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
