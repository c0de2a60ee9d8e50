//! The `scpgen` command line (DESIGN.md, CLI contract).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

use scpgen::diag::{Diagnostics, Severity};
use scpgen::doc::detect::InputFormat;
use scpgen::openapi::Format;
use scpgen::output;
use scpgen::pipeline;

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
}

#[derive(Subcommand)]
enum Command {
    /// Regenerate spec/ from the pages in spec/source/ (the default command).
    Generate {
        /// The repository root holding spec/source/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let started = Instant::now();
    let common = cli.common.clone();
    let result = match cli.command.unwrap_or(Command::Generate {
        root: PathBuf::from("."),
    }) {
        Command::Generate { root } => {
            let source = root.join("spec").join("source");
            match list_pages(&source) {
                Ok(docs) => run(&docs, &root.join("spec"), Format::Yaml, &common, started),
                Err(e) => Err(e),
            }
        }
        Command::Spec { docs, out, format } => run(&docs, &out, format, &common, started),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("scpgen: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// The pages of spec/source/, sorted so runs are deterministic.
fn list_pages(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| anyhow::anyhow!("{}: cannot list the doc pages ({e}); run scpgen from the repository root or pass --root", dir.display()))?;
    let mut pages: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    pages.sort();
    if pages.is_empty() {
        anyhow::bail!("{}: no doc pages to read", dir.display());
    }
    Ok(pages)
}

fn run(
    docs: &[PathBuf],
    out: &Path,
    format: Format,
    common: &Common,
    started: Instant,
) -> anyhow::Result<ExitCode> {
    let mut diags = Diagnostics::new();
    let pages = pipeline::read_files(docs, common.input_format, &mut diags);
    let generated = pipeline::generate(&pages, format, &mut diags)?;
    if common.strict {
        diags.promote_warnings();
    }
    report(&diags, common.quiet);
    if diags.has_errors() {
        eprintln!(
            "scpgen: {} error(s); nothing written{}",
            diags.count(Severity::Error),
            if common.strict { " (--strict)" } else { "" }
        );
        return Ok(ExitCode::FAILURE);
    }
    let stats = output::write_tree(out, &generated.files, &output::is_spec_file)?;
    let t = pipeline::totals(&generated.api);
    println!(
        "scpgen: {} services, {} versions, {} operations ({} operation-versions), {} models; {} files written, {} unchanged, {} removed in {}; {} warnings; {} ms",
        t.services,
        t.versions,
        t.operations,
        t.operation_versions,
        t.models,
        stats.written,
        stats.unchanged,
        stats.removed,
        scpgen::diag::display_path(out).display(),
        diags.count(Severity::Warning),
        started.elapsed().as_millis()
    );
    Ok(ExitCode::SUCCESS)
}

fn report(diags: &Diagnostics, quiet: bool) {
    if quiet {
        return;
    }
    for d in diags.sorted() {
        eprintln!("{d}");
    }
}
