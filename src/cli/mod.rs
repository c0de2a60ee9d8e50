//! The `scpgen` command line (ARCHITECTURE.md, command line): parses the arguments, runs
//! the pipeline ([`crate::pipeline::run`]), prints the findings and writes or checks the
//! outputs. The binary (src/main.rs) is [`main`].

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

/// Output that survives a closed pipe (`scpgen lint big.txt | head -1`): a reader that
/// stops reading is not an error, and `print!` would panic on it. Any other write error
/// (a full disk behind a redirection) ends the run with a message.
pub(crate) fn emit(to_stderr: bool, text: std::fmt::Arguments) {
    use std::io::Write as _;
    let result = if to_stderr {
        std::io::stderr().lock().write_fmt(text)
    } else {
        std::io::stdout().lock().write_fmt(text)
    };
    match result {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => {
            let _ = writeln!(
                std::io::stderr(),
                "scpgen: error: cannot write the output: {e}"
            );
            std::process::exit(1);
        }
    }
}

macro_rules! out {
    ($($t:tt)*) => { $crate::cli::emit(false, format_args!($($t)*)) };
}
macro_rules! outln {
    ($($t:tt)*) => { $crate::cli::emit(false, format_args!("{}\n", format_args!($($t)*))) };
}
macro_rules! errln {
    ($($t:tt)*) => { $crate::cli::emit(true, format_args!("{}\n", format_args!($($t)*))) };
}

mod repo;

use crate::diag::{Diagnostics, Severity};
use crate::doc::detect::InputFormat;
use crate::openapi::Format;
use crate::output;
use crate::pipeline;

#[derive(Parser)]
#[command(
    name = "scpgen",
    version,
    about = "SCP API reference pages → OpenAPI specs and Rust clients"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    common: Common,
}

#[derive(clap::Args, Clone, Default)]
struct Common {
    /// Treat warnings (doc inconsistencies) as errors: nothing is written.
    #[arg(long, global = true)]
    strict: bool,
    /// Print only the summary and the count of warnings, not each warning.
    #[arg(long, short, global = true)]
    quiet: bool,
    /// Read every page in this form instead of detecting it from the content.
    #[arg(long, value_enum, global = true)]
    input_format: Option<InputFormat>,
    /// Overwrite files in the output directory that scpgen did not write (by default such a
    /// file stops the run before anything is written).
    #[arg(long, global = true)]
    force: bool,
    /// Write a model referenced but never defined as a placeholder object
    /// (`x-scp-undefined: true`) with a warning, instead of stopping with an error: a single
    /// page (one operation version) can then be exported on its own.
    #[arg(long, global = true)]
    allow_undefined_models: bool,
    /// The size limit of one input file (`64MiB` by default; bytes, or a number with K, M
    /// or G): a larger file is refused, and no file is read past it.
    #[arg(long, global = true, value_parser = crate::files::parse_size)]
    max_input_size: Option<u64>,
}

impl Common {
    fn options(&self) -> crate::extract::Options {
        crate::extract::Options {
            allow_undefined_models: self.allow_undefined_models,
        }
    }

    fn read_options(&self) -> pipeline::ReadOptions {
        pipeline::ReadOptions {
            format: self.input_format,
            max_input: self
                .max_input_size
                .unwrap_or(crate::files::DEFAULT_MAX_INPUT),
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate spec/ and generated/ from the pages in spec/source/ (the default command).
    Generate {
        /// The repository root holding spec/source/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Download the pages spec/source/sources.toml lists into spec/source/ (a page that did
    /// not change is not rewritten; one that fails keeps its previous copy).
    Fetch {
        /// The repository root holding spec/source/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Fetch, then regenerate spec/ and generated/, releasing every crate that changed
    /// (its next version and a CHANGELOG.md section); prints what was released.
    Update {
        /// The repository root holding spec/source/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Also write the release notes (every new changelog section) to this Markdown file.
        #[arg(long)]
        notes: Option<PathBuf>,
        /// Also write a JSON summary (pages changed, releases, whether one is breaking).
        #[arg(long)]
        summary: Option<PathBuf>,
    },
    /// Export one OpenAPI spec per service and API version: DIR/<service>/<version>.yaml.
    Spec {
        /// Doc pages: print-view text, HTML or Markdown (detected from the content).
        #[arg(required = true)]
        docs: Vec<PathBuf>,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, value_enum, default_value = "yaml")]
        format: Format,
    },
    /// Exit 1, with a diff, when spec/ or generated/ differ from what spec/source gives.
    /// Writes nothing.
    Check {
        /// The repository root holding spec/source/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// The doc's inconsistencies, one per line: file:line: rule: message.
    Lint {
        /// Doc pages.
        #[arg(required = true)]
        docs: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "text")]
        format: LintFormat,
    },
    /// API changelog between two revisions (doc pages or spec directories), breaking changes marked.
    Diff {
        /// The old revision: a doc page or a directory of exported specs.
        old: PathBuf,
        /// The new revision.
        new: PathBuf,
        #[arg(long, value_enum, default_value = "markdown")]
        format: DiffFormat,
        /// Exit 1 when a change of this kind exists.
        #[arg(long, value_enum)]
        fail_on: Option<FailOn>,
    },
    /// Generate the Rust client crates: DIR/scp-<service>/, from doc pages or spec files.
    Client {
        /// Doc pages, or OpenAPI spec files (`.yaml`, `.yml`, `.json`) exported by scpgen.
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        #[arg(long)]
        out: PathBuf,
        /// The service slug of specs that name none (no `x-scp-service`, no SCP `x-api-version`).
        #[arg(long)]
        service: Option<String>,
        /// The endpoint URL (template) of specs that have no server URL.
        #[arg(long)]
        endpoint: Option<String>,
        /// The API version of specs that name none (no SCP `x-api-version`) and whose
        /// `info.version` is not one (`0.0.1.dev530`, `v1`): digits and dots.
        #[arg(long)]
        api_version: Option<String>,
    },
}

/// Where a run writes (or, with `check`, what it compares with).
struct Targets<'a> {
    specs: Option<(&'a Path, Format)>,
    clients: Option<&'a Path>,
    check: bool,
    /// What `client --service/--endpoint` say about specs that do not say it.
    overrides: crate::codegen::settings::Overrides,
    /// The repository root whose crates are released (versions and changelogs, from its
    /// previous spec/ and generated/): the repository's own outputs only.
    release: Option<&'a Path>,
}

/// The output of `diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum DiffFormat {
    Markdown,
    Json,
}

/// What makes `diff` fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum FailOn {
    /// Any breaking change.
    Breaking,
}

/// The output of `lint`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LintFormat {
    /// One line a finding: `file:line: rule: message`.
    Text,
    Json,
    /// A Markdown table, for a CI job summary or a pull-request comment.
    Markdown,
}

/// Runs the command line of the process's arguments.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let started = Instant::now();
    let common = cli.common.clone();
    let result = match cli.command.unwrap_or(Command::Generate {
        root: PathBuf::from("."),
    }) {
        Command::Generate { root } => {
            repo_outputs(&root, false, &common, started).map(|(code, _)| code)
        }
        Command::Check { root } => {
            repo_outputs(&root, true, &common, started).map(|(code, _)| code)
        }
        Command::Fetch { root } => repo::fetch(&root).map(|(code, _)| code),
        Command::Update {
            root,
            notes,
            summary,
        } => repo::update(
            &root,
            notes.as_deref(),
            summary.as_deref(),
            &common,
            started,
        ),
        Command::Lint { docs, format } => lint(&docs, format, &common),
        Command::Diff {
            old,
            new,
            format,
            fail_on,
        } => diff(&old, &new, format, fail_on, &common),
        Command::Spec { docs, out, format } => run(
            docs,
            Vec::new(),
            Targets {
                specs: Some((&out, format)),
                clients: None,
                check: false,
                overrides: Default::default(),
                release: None,
            },
            &common,
            started,
        )
        .map(|(code, _)| code),
        Command::Client {
            inputs,
            out,
            service,
            endpoint,
            api_version,
        } => {
            let request = pipeline::Request::of_inputs(inputs);
            run(
                request.pages,
                request.specs,
                Targets {
                    specs: None,
                    clients: Some(&out),
                    check: false,
                    overrides: crate::codegen::settings::Overrides {
                        service,
                        endpoint,
                        api_version,
                        crate_name: None,
                    },
                    release: None,
                },
                &common,
                started,
            )
            .map(|(code, _)| code)
        }
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            errln!(
                "scpgen: error: {}",
                crate::terminal::escape(&format!("{e:#}"))
            );
            ExitCode::FAILURE
        }
    }
}

/// The repository's own outputs from spec/source/: written by `generate` (with the crates'
/// releases), compared by `check`.
fn repo_outputs(
    root: &Path,
    check: bool,
    common: &Common,
    started: Instant,
) -> anyhow::Result<(ExitCode, Vec<crate::release::Release>)> {
    let pages = pipeline::repository_pages(root)?;
    let (spec_dir, client_dir) = (root.join("spec"), root.join("generated"));
    let targets = Targets {
        specs: Some((&spec_dir, Format::Yaml)),
        clients: Some(&client_dir),
        check,
        overrides: Default::default(),
        release: Some(root),
    };
    run(pages, Vec::new(), targets, common, started)
}

fn run(
    pages: Vec<PathBuf>,
    specs: Vec<PathBuf>,
    targets: Targets,
    common: &Common,
    started: Instant,
) -> anyhow::Result<(ExitCode, Vec<crate::release::Release>)> {
    let request = pipeline::Request {
        pages,
        specs,
        read: common.read_options(),
        extract: common.options(),
        format: targets.specs.map_or(Format::Yaml, |(_, f)| f),
        clients: targets.clients.is_some(),
        overrides: targets.overrides.clone(),
        strict: common.strict,
        ..Default::default()
    };
    let mut outcome = pipeline::run(&request)?;
    let failed = outcome.diagnostics.has_errors();
    let releases = match targets.release {
        Some(root) if !failed => {
            crate::release::for_repository(root, &mut outcome, &common.read_options())?
        }
        _ => Vec::new(),
    };
    let diags = &outcome.diagnostics;
    // `check` reports only what makes it fail; the doc's warnings are `lint`'s business.
    report(
        diags,
        common.quiet || (targets.check && !diags.has_errors()),
    );
    if diags.has_errors() {
        errln!(
            "scpgen: {} error(s); nothing written{}",
            diags.count(Severity::Error),
            if common.strict { " (--strict)" } else { "" }
        );
        return Ok((ExitCode::FAILURE, releases));
    }
    if targets.check {
        let mut drifts = Vec::new();
        if let Some((dir, _)) = targets.specs {
            drifts.extend(crate::check::compare(
                dir,
                outcome.spec_files(),
                &output::is_spec_file,
                &crate::check::kept_in_specs,
            )?);
        }
        if let Some(dir) = targets.clients {
            drifts.extend(crate::check::compare(
                dir,
                &outcome.client_files,
                &crate::codegen::is_generated_file,
                &crate::check::kept_in_clients,
            )?);
        }
        let color = std::io::IsTerminal::is_terminal(&std::io::stdout());
        out!("{}", crate::check::report(&drifts, color));
        let checked = outcome.spec_files().len() + outcome.client_files.len();
        if drifts.is_empty() {
            outln!("scpgen check: {checked} files up to date");
            return Ok((ExitCode::SUCCESS, releases));
        }
        outln!("scpgen check: {} of {checked} files out of date: run `cargo run --release` (scpgen generate) and commit", drifts.len());
        return Ok((ExitCode::FAILURE, releases));
    }
    let written = outcome.write(
        targets.specs.map(|(dir, _)| dir),
        targets.clients,
        common.force,
    )?;
    let what = match outcome.totals() {
        Some(t) => format!(
            "{} services, {} versions, {} operations ({} operation-versions), {} models",
            t.services, t.versions, t.operations, t.operation_versions, t.models
        ),
        None => format!("{} specs", outcome.documents),
    };
    let json = match diags.json_typed() {
        0 => String::new(),
        n => format!(" ({n} values typed as JSON)"),
    };
    if !common.quiet {
        for r in releases.iter().filter(|r| r.released) {
            outln!("{}", repo::release_line(r));
        }
    }
    outln!(
        "scpgen: {what}; {}; {} warnings{json}; {} ms",
        written.join("; "),
        diags.count(Severity::Warning),
        started.elapsed().as_millis()
    );
    Ok((ExitCode::SUCCESS, releases))
}

/// `scpgen diff`: the changelog on stdout; exit 1 with `--fail-on breaking` when one is.
fn diff(
    old: &Path,
    new: &Path,
    format: DiffFormat,
    fail_on: Option<FailOn>,
    common: &Common,
) -> anyhow::Result<ExitCode> {
    let mut diags = Diagnostics::new();
    let (read, options) = (common.read_options(), common.options());
    let (a, b) = (
        pipeline::revision(old, &read, options, &mut diags)?,
        pipeline::revision(new, &read, options, &mut diags)?,
    );
    if diags.has_errors() {
        report(&diags, common.quiet);
        errln!(
            "scpgen diff: {} error(s) reading the revisions",
            diags.count(Severity::Error)
        );
        return Ok(ExitCode::FAILURE);
    }
    let changes = crate::diff::diff(&a, &b);
    match format {
        DiffFormat::Markdown => out!("{}", crate::diff::render::markdown(&changes)),
        DiffFormat::Json => out!("{}", crate::diff::render::json(&changes)),
    }
    let breaking = changes.iter().filter(|c| c.breaking).count();
    errln!(
        "scpgen diff: {} changes, {breaking} breaking",
        changes.len()
    );
    Ok(if fail_on == Some(FailOn::Breaking) && breaking > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// `scpgen lint`: every finding on stdout, a summary on stderr; exit 1 on errors (or on any
/// finding with `--strict`).
fn lint(docs: &[PathBuf], format: LintFormat, common: &Common) -> anyhow::Result<ExitCode> {
    let mut diags = pipeline::lint(docs, &common.read_options(), common.options());
    if common.strict {
        diags.promote_warnings();
    }
    let findings = diags.sorted();
    match format {
        LintFormat::Text => out!("{}", crate::lint::text(&findings)),
        LintFormat::Json => out!("{}", crate::lint::json(&findings)),
        LintFormat::Markdown => out!("{}", crate::lint::markdown(&findings)),
    }
    let mut rules: Vec<&str> = findings.iter().map(|d| d.rule.id()).collect();
    rules.sort_unstable();
    rules.dedup();
    errln!(
        "scpgen lint: {} findings ({} errors, {} warnings; {} rules) in {} files",
        findings.len(),
        diags.count(Severity::Error),
        diags.count(Severity::Warning),
        rules.len(),
        docs.len()
    );
    Ok(if diags.has_errors() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn report(diags: &Diagnostics, quiet: bool) {
    if quiet {
        return;
    }
    for d in diags.sorted() {
        errln!("{d}");
    }
}
