//! A service's own section: Overview, Version table, OpenAPI URL, Environment and Region List.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use super::api::ApiVersion;
use super::labels::{self, Label};
use crate::diag::{Diagnostics, Location, Rule};
use crate::doc::{Block, BlockKind, Table};
use crate::vocab::region;

/// What the service section says about the service as a whole.
#[derive(Debug, Default)]
pub struct Overview {
    pub text: Vec<String>,
    pub versions: Vec<ApiVersion>,
    pub url: Option<String>,
    /// The line of the URL, for findings about the service name taken from its host.
    pub url_line: usize,
    pub regions: Vec<(String, Option<String>)>,
}

pub fn read(body: &[&Block], file: &Arc<Path>, diags: &mut Diagnostics) -> Overview {
    let mut out = Overview::default();
    let mut part = None;
    for block in body {
        let at = Location::new(file, block.line);
        match &block.kind {
            BlockKind::Text(t) => match labels::label(t) {
                Some(
                    l @ (Label::Overview | Label::Version | Label::OpenApiUrl | Label::Regions),
                ) => part = Some(l),
                _ => match part {
                    Some(Label::Overview) => out.text.push(t.clone()),
                    Some(Label::OpenApiUrl) if out.url.is_none() && t.starts_with("http") => {
                        out.url = Some(t.clone());
                        out.url_line = block.line;
                    }
                    _ => diags.warn(
                        at,
                        Rule::UnexpectedText,
                        format!("text not understood in the service overview: `{t}`"),
                    ),
                },
            },
            BlockKind::Table(table) if labels::is_service_version_table(table) => {
                out.versions = version_rows(table, file, diags);
            }
            BlockKind::Table(table) if labels::is_region_table(table) => {
                out.regions = region_rows(table, file, diags);
            }
            _ => labels::unexpected(block, file, "the service overview", diags),
        }
    }
    out
}

fn version_rows(table: &Table, file: &Arc<Path>, diags: &mut Diagnostics) -> Vec<ApiVersion> {
    let status_col = table.header.iter().position(|h| labels::is_status_header(h));
    let until_col = table.header.iter().position(|h| labels::is_until_header(h));
    let mut out: Vec<ApiVersion> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for row in &table.rows {
        let at = Location::new(file, row.line);
        let cells = Table::naive_cells(&row.raw);
        let version = cells.first().cloned().unwrap_or_default();
        // A version names a spec file: anything but the grammar is an error, not a guess.
        if let Some(problem) = crate::vocab::version::problem(&version) {
            diags.error(
                at,
                Rule::BadVersion,
                format!("the Version table's row is not an API version: {problem}"),
            );
            continue;
        }
        let status = status_col
            .and_then(|c| cells.get(c))
            .cloned()
            .unwrap_or_default();
        if crate::vocab::Status::known(&status).is_none() {
            diags.warn(
                at.clone(),
                Rule::BadStatus,
                format!("version {version}: unknown status `{status}`"),
            );
        }
        let supported_until = until_col
            .and_then(|c| cells.get(c))
            .and_then(|d| labels::iso_date(d, &at, diags));
        if !seen.insert(version.clone()) {
            diags.warn(
                at,
                Rule::DuplicateVersion,
                format!("version {version} is listed twice; the first row is kept"),
            );
            continue;
        }
        out.push(ApiVersion {
            version,
            status,
            supported_until,
        });
    }
    out
}

fn region_rows(
    table: &Table,
    file: &Arc<Path>,
    diags: &mut Diagnostics,
) -> Vec<(String, Option<String>)> {
    let env_col = table
        .header
        .iter()
        .position(|h| h.eq_ignore_ascii_case("environment"))
        .unwrap_or(0);
    let region_col = table
        .header
        .iter()
        .position(|h| h.eq_ignore_ascii_case("region"));
    let mut out = Vec::new();
    let mut seen: HashSet<(String, Option<String>)> = HashSet::new();
    for row in &table.rows {
        let cells = Table::naive_cells(&row.raw);
        let env = cells.get(env_col).cloned().unwrap_or_default();
        let region = region_col
            .and_then(|c| cells.get(c))
            .cloned()
            .filter(|r| !r.is_empty() && r != "-");
        let at = Location::new(file, row.line);
        if env.is_empty() {
            diags.warn(
                at,
                Rule::BadRegion,
                "a region row without an environment is left out",
            );
            continue;
        }
        // Both become enum values of the spec's server variables and the client's endpoint:
        // a row of anything else (a glued row the vocabulary could not split) is left out.
        if !region::is_environment(&env) || region.as_deref().is_some_and(|r| !region::is_region(r)) {
            diags.warn(
                at,
                Rule::BadRegion,
                format!(
                    "{} is no environment and region (like `s`, `kr-west1`); the row is left out",
                    crate::vocab::names::shown(&cells.join(" | "))
                ),
            );
            continue;
        }
        let pair = (env, region);
        if seen.insert(pair.clone()) {
            out.push(pair);
        }
    }
    out
}
