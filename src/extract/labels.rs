//! The page's fixed vocabulary: section labels, table headers and status words, in the
//! languages the site is published in, and the report for a block nobody understood.

use std::path::Path;
use std::sync::{Arc, OnceLock};

use regex::Regex;

use crate::diag::{Diagnostics, Location, Rule};
use crate::doc::{Block, BlockKind, Table};

/// A label line that opens a part of a section.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    Overview,
    Version,
    OpenApiUrl,
    Regions,
    Description,
    /// `상태` / `State`, possibly with the value on the same line.
    State,
    Parameters,
    Responses,
    ExampleRequest,
    RequestPath,
    RequestHeader,
    RequestBody,
    ExampleResponse,
}

pub fn label(text: &str) -> Option<Label> {
    Some(match text.trim() {
        "Overview" | "개요" => Label::Overview,
        "Version" | "버전" => Label::Version,
        "OpenAPI URL" => Label::OpenApiUrl,
        "Environment and Region List" => Label::Regions,
        "Description" | "설명" => Label::Description,
        "Parameters" => Label::Parameters,
        "Responses" => Label::Responses,
        "Example HTTP request" => Label::ExampleRequest,
        "Request path" => Label::RequestPath,
        "Request header" => Label::RequestHeader,
        "Request body" => Label::RequestBody,
        "Example HTTP response" => Label::ExampleResponse,
        t if state_value(t).is_some() || t == "상태" || t == "State" => Label::State,
        _ => return None,
    })
}

/// `상태 ACTIVE (CURRENT)` → `Some(Some(("ACTIVE", "CURRENT")))`; a bare `상태` → `Some(None)`.
pub fn state_value(text: &str) -> Option<Option<(String, String)>> {
    let rest = text
        .strip_prefix("상태")
        .or_else(|| text.strip_prefix("State"))?;
    if rest.is_empty() {
        return Some(None);
    }
    if !rest.starts_with(' ') {
        return None;
    }
    parse_state(rest.trim()).map(Some)
}

/// `ACTIVE (CURRENT)` → ("ACTIVE", "CURRENT").
pub fn parse_state(text: &str) -> Option<(String, String)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"^([A-Z_]+) \(([A-Z_]+)\)$").expect("regex"));
    let caps = re.captures(text.trim())?;
    Some((caps[1].to_string(), caps[2].to_string()))
}

/// `Response 200` → "200".
pub fn response_code(text: &str) -> Option<&str> {
    let code = text.strip_prefix("Response ")?.trim();
    is_status_code(code).then_some(code)
}

pub fn is_status_code(code: &str) -> bool {
    code.len() == 3
        && code.bytes().all(|b| b.is_ascii_digit())
        && (b'1'..=b'5').contains(&code.as_bytes()[0])
        || code == "default"
}

/// An API version (`1.2`): ASCII digits and dots only, see [`crate::vocab::version::is_api_version`].
pub fn is_version(text: &str) -> bool {
    crate::vocab::version::is_api_version(text)
}

pub fn is_until_header(h: &str) -> bool {
    matches!(h, "Supported Until" | "최소 지원 보장일" | "Not Before")
}

fn header_is(table: &Table, first: &[&str]) -> bool {
    table
        .header
        .first()
        .is_some_and(|h| first.contains(&h.as_str()))
}

/// The service's `| Version | Status | Supported Until |` table (`| 버전 | 상태 | ... |`).
pub fn is_service_version_table(table: &Table) -> bool {
    header_is(table, &["Version", "버전"]) && table.header.iter().any(|h| is_status_header(h))
}

pub fn is_status_header(h: &str) -> bool {
    h.eq_ignore_ascii_case("status") || h == "상태"
}

/// An operation's `| 버전 | 최소 지원 보장일 |` table.
pub fn is_operation_version_table(table: &Table) -> bool {
    header_is(table, &["Version", "버전"])
}

pub fn is_region_table(table: &Table) -> bool {
    header_is(table, &["environment", "Environment"])
}

pub fn is_parameter_table(table: &Table) -> bool {
    header_is(table, &["Type"]) && table.header.get(1).is_some_and(|h| h == "Name")
}

pub fn is_response_table(table: &Table) -> bool {
    header_is(table, &["HTTP Code", "Code"])
}

pub fn is_model_table(table: &Table) -> bool {
    header_is(table, &["Name"]) && table.header.iter().any(|h| h == "Schema")
}

/// `20251231` or `2025-12-31` → `2025-12-31`; `-` → none; anything else is reported.
pub fn iso_date(text: &str, at: &Location, diags: &mut Diagnostics) -> Option<String> {
    let t = text.trim();
    if crate::vocab::date::is_none(t) {
        return None;
    }
    let date = crate::vocab::date::parse(t);
    if date.is_none() {
        diags.warn(
            at.clone(),
            Rule::BadDate,
            format!("`{t}` is not a date (YYYYMMDD); ignored"),
        );
    }
    date
}

/// Reports a block that the part of the page it is in cannot hold.
pub fn unexpected(block: &Block, file: &Arc<Path>, place: &str, diags: &mut Diagnostics) {
    let at = Location::new(file, block.line);
    let what = match &block.kind {
        BlockKind::Banner(t) | BlockKind::Text(t) => format!("text `{}`", shorten(t)),
        BlockKind::TocEntry { title, .. } => format!("table-of-contents entry `{title}`"),
        BlockKind::Heading { title, .. } => format!("heading `{title}`"),
        BlockKind::Table(t) => format!("table with header `{}`", t.header.join(" | ")),
        BlockKind::Json(_) => "JSON example".to_string(),
        // A cut mark says that content was left out on purpose: never unexpected.
        BlockKind::Cut => return,
    };
    diags.warn(
        at,
        Rule::UnexpectedBlock,
        format!("{what} not understood in {place}; ignored"),
    );
}

fn shorten(t: &str) -> String {
    if t.chars().count() > 60 {
        format!("{}…", t.chars().take(60).collect::<String>())
    } else {
        t.to_string()
    }
}

/// A line that is only a web address: the page's own address, when it comes first.
pub fn is_address(text: &str) -> bool {
    (text.starts_with("https://") || text.starts_with("http://"))
        && !text.contains(char::is_whitespace)
}
