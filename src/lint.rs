//! `scpgen lint`: the doc's own inconsistencies. Every finding of reading and extracting
//! (examples that contradict their tables, `Request path` against the parameters, the table
//! of contents against the body, undefined models, duplicates, guesses), plus the rules
//! that only matter to the doc's authors: models no operation uses, and operations whose
//! versions disagree in method or path.

use serde::Serialize;

use crate::diag::{Diagnostic, Diagnostics, Rule};
use crate::extract::ApiDoc;

/// Adds the lint-only findings for the extracted doc.
pub fn lint(api: &ApiDoc, diags: &mut Diagnostics) {
    for service in &api.services {
        let used = service.models_used_by_operations();
        for m in &service.models {
            if !used.contains(&m.name) {
                diags.warn(
                    m.at.clone(),
                    Rule::UnusedModel,
                    format!(
                        "model {} of {} is used by no operation",
                        m.name, service.slug
                    ),
                );
            }
        }
        for op in &service.operations {
            let Some(first) = op.variants.first() else {
                continue;
            };
            for v in &op.variants[1..] {
                if (v.method, v.path.as_str()) != (first.method, first.path.as_str()) {
                    diags.warn(
                        v.at.clone(),
                        Rule::VersionDrift,
                        format!(
                            "`{}` is {} {} in version {} but {} {} in version {}",
                            op.title,
                            v.method,
                            v.path,
                            v.version,
                            first.method,
                            first.path,
                            first.version
                        ),
                    );
                }
            }
        }
    }
}

/// A finding as JSON.
#[derive(Debug, Serialize)]
pub struct Finding<'a> {
    pub file: String,
    pub line: usize,
    pub severity: String,
    pub rule: &'a str,
    pub message: &'a str,
}

/// One line per finding: `file:line: rule: message` (input text escaped for a terminal).
pub fn text(findings: &[Diagnostic]) -> String {
    findings
        .iter()
        .map(|d| {
            format!(
                "{}: {}: {}\n",
                d.location,
                d.rule,
                crate::terminal::escape(&d.message)
            )
        })
        .collect()
}

/// A Markdown table of the findings, for a CI job summary or a pull-request comment: every
/// file name and message made inert ([`crate::markdown`]), so no name can end the table,
/// open a code block or inject HTML.
pub fn markdown(findings: &[Diagnostic]) -> String {
    use crate::markdown as md;
    if findings.is_empty() {
        return "No findings.\n".into();
    }
    let mut out =
        String::from("| file | line | severity | rule | message |\n|---|---|---|---|---|\n");
    for d in findings {
        let line = match d.location.line {
            0 => String::new(),
            n => n.to_string(),
        };
        out.push_str(&format!(
            "| {} | {line} | {} | {} | {} |\n",
            md::cell_code(&d.location.file.to_string_lossy()),
            d.severity,
            md::cell_code(d.rule.id()),
            md::worded(&d.message)
        ));
    }
    out
}

/// The findings as a JSON array.
pub fn json(findings: &[Diagnostic]) -> String {
    let items: Vec<Finding> = findings
        .iter()
        .map(|d| Finding {
            file: d.location.file.display().to_string(),
            line: d.location.line,
            severity: d.severity.to_string(),
            rule: d.rule.id(),
            message: &d.message,
        })
        .collect();
    let mut out = serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".into());
    out.push('\n');
    out
}
