//! scpgen as a library, for build scripts: a client generated from SCP's pages or specs
//! into `OUT_DIR` at build time, as progenitor offers for OpenAPI specs.
//!
//! The build.rs of a crate whose src/lib.rs is
//! `include!(concat!(env!("OUT_DIR"), "/apigateway.rs"));` (examples/build-script is one):
//!
//! ```no_run
//! scpgen::Generator::new()
//!     .with_input("spec/source/application-service.txt")
//!     .with_service_filter("apigateway")
//!     .write_to_out_dir()
//!     .expect("the API Gateway client");
//! ```
//!
//! The crate depends on `scp-runtime` (a copy of scpgen's runtime crate, `scpgen client`
//! writes one) and on what the generated code uses: `reqwest`, `serde`, `serde_json` and
//! `futures-util`, as a generated service crate's manifest lists them. The findings of the
//! run become `cargo:warning` lines; an error fails the build with every finding.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostics, Severity};
use crate::pipeline::{run, Request};

/// What to generate, set with `with_*` calls.
#[derive(Debug, Clone, Default)]
pub struct Generator {
    request: Request,
    /// Only these services (all when empty).
    services: Vec<String>,
    /// Each warning a `cargo:warning` line, not their count only.
    each_warning: bool,
}

/// The clients of a run: per service, the one file a crate includes.
#[derive(Debug, Clone)]
pub struct Generated {
    /// `(service, source)`, by service.
    pub clients: Vec<(String, String)>,
    /// Every finding (`file:line: severity: rule: message`), warnings included.
    pub findings: Vec<String>,
}

/// Why no client was generated: the run's errors (and its other findings), or a failure to
/// write.
#[derive(Debug)]
pub struct Error {
    pub findings: Vec<String>,
    pub message: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)?;
        for finding in &self.findings {
            write!(f, "\n  {finding}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

impl Generator {
    pub fn new() -> Self {
        Generator::default()
    }

    /// A doc page (text, HTML or Markdown) or an OpenAPI spec file (`.yaml`, `.yml`,
    /// `.json`), relative to the current directory (in a build script, the crate's).
    pub fn with_input(mut self, path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        if crate::pipeline::is_spec_input(&path) {
            self.request.specs.push(path);
        } else {
            self.request.pages.push(path);
        }
        self
    }

    /// Several inputs, as [`Generator::with_input`].
    pub fn with_inputs<P: Into<PathBuf>>(self, paths: impl IntoIterator<Item = P>) -> Self {
        paths.into_iter().fold(self, Generator::with_input)
    }

    /// Only this service's client (a page may document several); call again for more.
    pub fn with_service_filter(mut self, service: impl Into<String>) -> Self {
        self.services.push(service.into());
        self
    }

    /// The service of spec files that name none (`--service`).
    pub fn with_service(mut self, service: impl Into<String>) -> Self {
        self.request.overrides.service = Some(service.into());
        self
    }

    /// The API version of spec files that name none and whose `info.version` is no
    /// version (`--api-version`).
    pub fn with_api_version(mut self, version: impl Into<String>) -> Self {
        self.request.overrides.api_version = Some(version.into());
        self
    }

    /// The endpoint URL (template) of spec files that have no server URL (`--endpoint`).
    pub fn with_endpoint(mut self, url: impl Into<String>) -> Self {
        self.request.overrides.endpoint = Some(url.into());
        self
    }

    /// The name of the crate that includes the client (its doc examples name it); by
    /// default the package being built (`CARGO_PKG_NAME`, as its library is named unless
    /// its manifest renames it).
    pub fn with_crate_name(mut self, name: impl Into<String>) -> Self {
        self.request.overrides.crate_name = Some(name.into());
        self
    }

    /// Write a model referenced but never defined as a placeholder instead of failing
    /// (`--allow-undefined-models`).
    pub fn with_allow_undefined_models(mut self, allow: bool) -> Self {
        self.request.extract.allow_undefined_models = allow;
        self
    }

    /// Print each warning of the inputs as a `cargo:warning` line (by default one line says
    /// how many there are; `scpgen lint` lists them).
    pub fn with_each_warning(mut self, each: bool) -> Self {
        self.each_warning = each;
        self
    }

    /// Fail on warnings too (`--strict`).
    pub fn with_strict(mut self, strict: bool) -> Self {
        self.request.strict = strict;
        self
    }

    /// The size limit of one input file, in bytes (`--max-input-size`).
    pub fn with_max_input_size(mut self, bytes: u64) -> Self {
        self.request.read.max_input = bytes;
        self
    }

    /// Generates the clients in memory.
    pub fn generate(&self) -> Result<Generated, Error> {
        let mut request = self.request.clone();
        request.clients = true;
        if request.overrides.crate_name.is_none() {
            request.overrides.crate_name = std::env::var("CARGO_PKG_NAME").ok();
        }
        let outcome = run(&request).map_err(|e| Error {
            findings: Vec::new(),
            message: format!("{e:#}"),
        })?;
        let findings = findings(&outcome.diagnostics);
        if outcome.diagnostics.has_errors() {
            return Err(Error {
                message: format!(
                    "scpgen: {} error(s) in the inputs; no client generated",
                    outcome.diagnostics.count(Severity::Error)
                ),
                findings,
            });
        }
        let mut services: Vec<String> = outcome
            .client_files
            .iter()
            .filter_map(|f| {
                let top = f.path.components().next()?.as_os_str().to_str()?;
                top.strip_prefix("scp-")
                    .filter(|s| *s != "runtime")
                    .map(String::from)
            })
            .collect();
        services.sort();
        services.dedup();
        let unknown: Vec<&String> = self
            .services
            .iter()
            .filter(|s| !services.contains(s))
            .collect();
        if !unknown.is_empty() {
            return Err(Error {
                message: format!(
                    "scpgen: no service {unknown:?} in the inputs (they document {services:?})"
                ),
                findings,
            });
        }
        let mut clients = Vec::new();
        for service in services
            .into_iter()
            .filter(|s| self.services.is_empty() || self.services.contains(s))
        {
            let source = crate::codegen::embed::single_file(&service, &outcome.client_files)
                .map_err(|e| Error {
                    findings: findings.clone(),
                    message: format!("{e:#}"),
                })?
                .unwrap_or_default();
            clients.push((service, source));
        }
        Ok(Generated { clients, findings })
    }

    /// Generates the clients into `OUT_DIR` (`<service>.rs` each, written only when
    /// changed), tells cargo to run again when an input changes, and passes the findings on
    /// as `cargo:warning` lines. The paths written.
    pub fn write_to_out_dir(&self) -> Result<Vec<PathBuf>, Error> {
        let out = std::env::var_os("OUT_DIR").ok_or_else(|| Error {
            findings: Vec::new(),
            message: "OUT_DIR is not set: write_to_out_dir is for build scripts (use write_to)"
                .into(),
        })?;
        for input in self.request.pages.iter().chain(&self.request.specs) {
            println!("cargo:rerun-if-changed={}", input.display());
        }
        let written = self.write_to(Path::new(&out))?;
        Ok(written)
    }

    /// Generates the clients into `dir` (`<service>.rs` each, written only when changed);
    /// the warnings go to standard output as `cargo:warning` lines (their count, or each,
    /// see [`Generator::with_each_warning`]). The paths written.
    pub fn write_to(&self, dir: &Path) -> Result<Vec<PathBuf>, Error> {
        let generated = self.generate()?;
        match (self.each_warning, generated.findings.len()) {
            (_, 0) => {}
            (true, _) => {
                for finding in &generated.findings {
                    println!("cargo:warning={finding}");
                }
            }
            (false, n) => println!(
                "cargo:warning=scpgen: {n} warnings in the inputs (`scpgen lint` lists them)"
            ),
        }
        let mut paths = Vec::new();
        for (service, source) in &generated.clients {
            let path = dir.join(format!("{service}.rs"));
            if !crate::output::is_unchanged(&path, source) {
                crate::output::write_atomic(&path, source.as_bytes()).map_err(|e| Error {
                    findings: Vec::new(),
                    message: format!("{e:#}"),
                })?;
            }
            paths.push(path);
        }
        Ok(paths)
    }
}

/// The findings as printed lines (one line each: their text is escaped for a terminal).
fn findings(diags: &Diagnostics) -> Vec<String> {
    diags.sorted().iter().map(ToString::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/source/application-service.txt")
    }

    #[test]
    fn one_file_per_service_that_parses_as_a_crate_root() {
        let generated = Generator::new()
            .with_input(bundled())
            .with_crate_name("my_client")
            .generate()
            .unwrap();
        let services: Vec<&str> = generated.clients.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(services, ["apigateway", "queueservice"]);
        let (_, source) = &generated.clients[1];
        let file = syn::parse_file(source).unwrap();
        assert!(
            file.attrs.is_empty(),
            "no crate attributes in an included file"
        );
        assert!(source.contains("pub mod models {"), "models inline");
        assert!(source.contains("pub mod v1_0 {"), "versions inline");
        assert!(
            source.contains("my_client::Client"),
            "examples name the including crate"
        );
        assert!(!source.contains("scp_queueservice::"));
    }

    #[test]
    fn filters_and_errors() {
        let only = Generator::new()
            .with_input(bundled())
            .with_service_filter("queueservice")
            .generate()
            .unwrap();
        assert_eq!(only.clients.len(), 1);
        let e = Generator::new()
            .with_input(bundled())
            .with_service_filter("nothing")
            .generate()
            .unwrap_err();
        assert!(e.message.contains("no service [\"nothing\"]"), "{e}");
        let e = Generator::new()
            .with_input("does/not/exist.txt")
            .generate()
            .unwrap_err();
        assert!(e.to_string().contains("unreadable"), "{e}");
    }
}
