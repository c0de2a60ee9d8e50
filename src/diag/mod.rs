//! Diagnostics: every problem found in an input, with the file and line it comes from.
//!
//! Stages push into a [`Diagnostics`] list instead of failing early, so that one run reports
//! every problem of a page at once. Errors stop the output from being written; warnings are
//! doc bugs the generator worked around (`--strict` turns them into errors).

mod rules;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use rules::Rule;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The doc is inconsistent, but the spec is still exact for everything else.
    Warning,
    /// Nothing can be written: the output would be wrong or incomplete.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// Where a finding is: a file and a 1-based line (0 when the finding is about the whole file).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub file: Arc<Path>,
    pub line: usize,
}

impl Location {
    pub fn new(file: &Arc<Path>, line: usize) -> Self {
        Location {
            file: Arc::clone(file),
            line,
        }
    }
}

/// Printed as a finding starts: the file name escaped for a terminal or CI log
/// ([`crate::terminal`]), then the line.
impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = crate::terminal::path(&self.file);
        if self.line == 0 {
            write!(f, "{file}")
        } else {
            write!(f, "{file}:{}", self.line)
        }
    }
}

/// One finding: `file:line: severity: rule: message`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diagnostic {
    pub location: Location,
    pub severity: Severity,
    /// The rule, by its stable kebab-case id (`example-type`, ...).
    pub rule: Rule,
    pub message: String,
}

/// One line, whatever the message quotes (input text is escaped for a terminal).
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}: {}: {}",
            self.location,
            self.severity,
            self.rule,
            crate::terminal::escape(&self.message)
        )
    }
}

/// The findings of a run, in the order they were found.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    /// A finding of a warning rule.
    pub fn warn(&mut self, at: Location, rule: Rule, message: impl Into<String>) {
        debug_assert_eq!(
            rule.severity(),
            Severity::Warning,
            "{rule} is an error rule"
        );
        self.report(at, rule, message);
    }

    /// A finding of an error rule.
    pub fn error(&mut self, at: Location, rule: Rule, message: impl Into<String>) {
        debug_assert_eq!(rule.severity(), Severity::Error, "{rule} is a warning rule");
        self.report(at, rule, message);
    }

    /// A finding, of its rule's severity.
    pub fn report(&mut self, at: Location, rule: Rule, message: impl Into<String>) {
        let severity = rule.severity();
        self.items.push(Diagnostic {
            location: at,
            severity,
            rule,
            message: message.into(),
        });
    }

    #[cfg(any(test, feature = "internals"))]
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    /// The values the clients type as JSON (`serde_json::Value`): the findings saying so,
    /// each once.
    pub fn json_typed(&self) -> usize {
        self.sorted()
            .iter()
            .filter(|d| matches!(d.rule, Rule::AnyValue | Rule::UntypedSchema))
            .count()
    }

    #[cfg(any(test, feature = "internals"))]
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    #[cfg(any(test, feature = "internals"))]
    pub fn len(&self) -> usize {
        self.items.len()
    }

    #[cfg(any(test, feature = "internals"))]
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Sorted by file, line, then text; duplicates (the same finding reached twice) dropped.
    pub fn sorted(&self) -> Vec<Diagnostic> {
        let mut items = self.items.clone();
        items.sort();
        items.dedup();
        items
    }

    /// `--strict`: every warning becomes an error.
    pub fn promote_warnings(&mut self) {
        for d in &mut self.items {
            d.severity = Severity::Error;
        }
    }
}

/// A path as shown in diagnostics: relative to the current directory when it is inside it.
pub fn display_path(path: &Path) -> PathBuf {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf());
    relative
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}
