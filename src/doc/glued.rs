//! Tables as text extractors make them of the site's HTML: the cells of a row concatenated
//! without separators, the name cell's `required`/`optional` and each description line on
//! lines of their own (`NameDescriptionSchemaDefault`, then `access_key`, `required`,
//! `Access Key`, `Example : b754...`, `string`).
//!
//! The cells are told apart by the page's closed vocabulary, not by layout: a row starts at a
//! line followed by `required`/`optional` (in a Parameters table, one that starts with a
//! location: `querysize`); its last line is the Schema cell, a type of the type grammar with
//! the Default glued on (`any of [integer, null]20`); the lines between are the description.
//! A response row is one line: a status code, a reason phrase, the Schema
//! (`200OKStsAssumeRoleResponse`). A row that does not fit is kept as one cell, so the
//! extractor reports it with its line.

use super::{raw_row, Row, Table};
use crate::vocab::type_expr::TypeExpr;

/// The glued header lines and the cells they stand for.
const HEADERS: &[(&str, &[&str])] = &[
    (
        "TypeNameDescriptionSchemaDefault",
        &["Type", "Name", "Description", "Schema", "Default"],
    ),
    (
        "NameDescriptionSchemaDefault",
        &["Name", "Description", "Schema", "Default"],
    ),
    (
        "HTTP CodeDescriptionSchema",
        &["HTTP Code", "Description", "Schema"],
    ),
];

/// Parameter locations, the Type cell's whole vocabulary; none is a prefix of another.
const LOCATIONS: &[&str] = &["path", "query", "header", "cookie", "body", "formData"];

/// The reason phrases the site writes in the Description cell of a response row, longest
/// first so that `Not Found` is not taken for `No`.
const REASONS: &[&str] = &[
    "Internal Server Error",
    "Unprocessable Entity",
    "Service Unavailable",
    "Too Many Requests",
    "Method Not Allowed",
    "Multi-Status",
    "Unauthorized",
    "Bad Request",
    "No Content",
    "Not Found",
    "Forbidden",
    "Accepted",
    "Conflict",
    "Created",
    "OK",
];

/// Lines longer than this are not searched for a glued Default: each split point costs a
/// parse, and a cell this long is prose, not a type.
const MAX_SCHEMA_LINE: usize = 512;

/// The header cells when `line` is a glued header.
pub fn header(line: &str) -> Option<&'static [&'static str]> {
    let line = line.trim();
    HEADERS.iter().find(|(h, _)| *h == line).map(|(_, c)| *c)
}

/// The labels that follow a table in a version section. `Description`, `Version` or
/// `State` may be a field's description, so they do not end a table.
const AFTER_TABLE: &[&str] = &[
    "Parameters",
    "Responses",
    "Example HTTP request",
    "Request path",
    "Request header",
    "Request body",
    "Example HTTP response",
];

/// Where a glued table ends: a blank line, a heading, the next glued table, a label of the
/// parts after a table.
fn ends_table(line: &str) -> bool {
    let t = line.trim();
    t.is_empty()
        || super::lines::is_heading(t)
        || header(t).is_some()
        || AFTER_TABLE.contains(&t)
        || t.strip_prefix("Response ")
            .is_some_and(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_digit()))
}

/// Reads the glued table whose header is `lines[start]`; returns it and the index of the
/// first line after it.
pub fn read_table(lines: &[&str], start: usize, cells: &[&str]) -> (Table, usize) {
    let mut end = start + 1;
    while end < lines.len() && !ends_table(lines[end]) {
        end += 1;
    }
    let body: Vec<(usize, &str)> = (start + 1..end).map(|i| (i + 1, lines[i].trim())).collect();
    let rows = if cells[0] == "HTTP Code" {
        body.iter()
            .map(|&(line, text)| response_row(line, text))
            .collect()
    } else {
        field_rows(&body, cells[0] == "Type")
    };
    (
        Table {
            header: cells.iter().map(|c| c.to_string()).collect(),
            rows,
        },
        end,
    )
}

fn is_flag(text: &str) -> bool {
    matches!(text, "required" | "optional")
}

/// `querysize` → (`query`, `size`).
fn split_location(text: &str) -> Option<(&str, &str)> {
    LOCATIONS.iter().find_map(|l| {
        let rest = text.strip_prefix(l)?;
        (!rest.is_empty()).then_some((*l, rest))
    })
}

/// Model or parameter rows: each starts at a name line followed by a flag line. A flag line
/// names nothing, so it starts no row (`name`, `required`, `optional` is one row whose
/// description is `optional`, for the extractor to judge): rows never overlap.
fn field_rows(body: &[(usize, &str)], parameters: bool) -> Vec<Row> {
    let starts_row = |k: usize| {
        !is_flag(body[k].1)
            && body.get(k + 1).is_some_and(|(_, t)| is_flag(t))
            && (!parameters || split_location(body[k].1).is_some())
    };
    let starts: Vec<usize> = (0..body.len()).filter(|&k| starts_row(k)).collect();
    let mut rows = Vec::new();
    // Lines before the first row belong to no row: each is kept alone, to be reported.
    let first = starts.first().copied().unwrap_or(body.len());
    for &(line, text) in &body[..first] {
        rows.push(Row {
            line,
            raw: raw_row(&[text.to_string()]),
            cells: None,
        });
    }
    for (n, &k) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(body.len());
        let (line, name) = body[k];
        let flag = body[k + 1].1;
        let content: Vec<&str> = body[k + 2..end].iter().map(|(_, t)| *t).collect();
        let (description, schema, default) = match content.split_last() {
            Some((last, desc)) => {
                let (schema, default) = split_schema(last);
                (desc.join(" "), schema, default)
            }
            None => (String::new(), String::new(), String::new()),
        };
        let mut cells = Vec::new();
        let name = match split_location(name).filter(|_| parameters) {
            Some((location, name)) => {
                cells.push(location.to_string());
                name
            }
            None => name,
        };
        cells.extend([format!("{name} {flag}"), description, schema, default]);
        rows.push(Row {
            line,
            raw: raw_row(&cells),
            cells: Some(cells),
        });
    }
    rows
}

/// The Schema cell with the Default glued on: `any of [integer, null]20` → (`any of
/// [integer, null]`, `20`). A whole line that is a type is the Schema alone, except a model
/// name ending in `None` (the page's "no default"), which no model name of the site does.
fn split_schema(text: &str) -> (String, String) {
    if let Some(t) = TypeExpr::parse(text) {
        if t.is_bare_ref() {
            if let Some(model) = text.strip_suffix("None").filter(|m| !m.is_empty()) {
                if TypeExpr::parse(model).is_some() {
                    return (model.to_string(), "None".to_string());
                }
            }
        }
        return (text.to_string(), String::new());
    }
    if text.len() <= MAX_SCHEMA_LINE {
        // The longest prefix that is a type: `string (date-time)` before `string`.
        for (at, _) in text.char_indices().rev().filter(|&(at, _)| at > 0) {
            let (schema, default) = text.split_at(at);
            if TypeExpr::parse(schema).is_some_and(|t| !t.is_bare_ref()) {
                return (schema.trim().to_string(), default.trim().to_string());
            }
        }
    }
    // No type: the line is left as the Schema cell, for the extractor to report.
    (text.to_string(), String::new())
}

/// `200OKStsAssumeRoleResponse` → `| 200 | OK | StsAssumeRoleResponse |`.
fn response_row(line: usize, text: &str) -> Row {
    let split = text
        .get(..3)
        .filter(|c| c.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|code| {
            let rest = &text[3..];
            let reason = REASONS.iter().find(|r| rest.starts_with(*r))?;
            let schema = rest[reason.len()..].trim();
            Some(vec![
                code.to_string(),
                reason.to_string(),
                schema.to_string(),
            ])
        });
    Row {
        line,
        raw: raw_row(split.as_deref().unwrap_or(&[text.to_string()])),
        cells: split,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> Vec<String> {
        let lines: Vec<&str> = text.lines().collect();
        let cells = header(lines[0]).expect("a glued header");
        let (t, next) = read_table(&lines, 0, cells);
        assert_eq!(next, lines.len());
        t.rows.into_iter().map(|r| r.raw).collect()
    }

    #[test]
    fn model_rows() {
        let rows = table(
            "NameDescriptionSchemaDefault\naccess_key\nrequired\nAccess Key\nExample : b754\nstring\ncount\noptional\nany of [integer, null]20\ndescription\noptional\nDescription\nExample : description\nany of [string, null]\nrule\nrequired\nRuleNone",
        );
        assert_eq!(
            rows,
            [
                "| access_key required | Access Key Example : b754 | string |  |",
                "| count optional |  | any of [integer, null] | 20 |",
                "| description optional | Description Example : description | any of [string, null] |  |",
                "| rule required |  | Rule | None |",
            ]
        );
    }

    #[test]
    fn parameter_and_response_rows() {
        let rows = table("TypeNameDescriptionSchemaDefault\nquerysize\noptional\nsize\nExample : 20\nany of [integer, null]20\nbodybody\nrequired\nPrivateLinkEndpointApproval");
        assert_eq!(
            rows,
            [
                "| query | size optional | size Example : 20 | any of [integer, null] | 20 |",
                "| body | body required |  | PrivateLinkEndpointApproval |  |",
            ]
        );
        let rows = table(
            "HTTP CodeDescriptionSchema\n200OKStsAssumeRoleResponse\n404Not FoundNone\n999Whatever",
        );
        assert_eq!(
            rows,
            [
                "| 200 | OK | StsAssumeRoleResponse |",
                "| 404 | Not Found | None |",
                "| 999Whatever |",
            ]
        );
    }

    #[test]
    fn stray_lines_and_long_lines_are_kept_to_be_reported() {
        let rows = table("NameDescriptionSchemaDefault\nstray\nname\nrequired\nstring");
        assert_eq!(rows, ["| stray |", "| name required |  | string |  |"]);
        let long = "x".repeat(100_000);
        let rows = table(&format!(
            "NameDescriptionSchemaDefault\nname\nrequired\n{long}"
        ));
        assert_eq!(rows.len(), 1);
    }
}
