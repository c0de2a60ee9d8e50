//! Field tables glued (Parameters and models): a row starts at a line followed by
//! `required`/`optional` (in a Parameters table, one that starts with a location:
//! `querysize`); its last line is the Schema cell, a type of the type grammar with the
//! Default glued on (`any of [integer, null]20`); the lines between are the description.

use crate::doc::{raw_row, Row};
use crate::vocab::type_expr::TypeExpr;

/// Parameter locations, the Type cell's whole vocabulary; none is a prefix of another.
const LOCATIONS: &[&str] = &["path", "query", "header", "cookie", "body", "formData"];

/// Lines longer than this are not searched for a glued Default: each split point costs a
/// parse, and a cell this long is prose, not a type.
const MAX_SCHEMA_LINE: usize = 512;

pub fn is_flag(text: &str) -> bool {
    matches!(text, "required" | "optional")
}

/// `querysize` → (`query`, `size`).
fn split_location(text: &str) -> Option<(&str, &str)> {
    LOCATIONS.iter().find_map(|l| {
        let rest = text.strip_prefix(l)?;
        (!rest.is_empty()).then_some((*l, rest))
    })
}

/// `true` when `lines[at]` starts a row: a name (with its location in a Parameters table)
/// whose next non-blank line is a flag.
pub fn starts_row(lines: &[&str], at: usize, parameters: bool) -> bool {
    let name = lines[at].trim();
    !is_flag(name)
        && (!parameters || split_location(name).is_some())
        && lines[at + 1..]
            .iter()
            .map(|l| l.trim())
            .find(|l| !l.is_empty())
            .is_some_and(is_flag)
}

/// `true` for a line that can be a row's last, its Schema cell (with a Default or not).
pub fn is_schema_line(text: &str) -> bool {
    let text = text.trim();
    !is_flag(text) && schema(text).is_some()
}

/// `true` when a row's line `text` surely is its Schema cell: a type that is no bare model
/// name (`Name` may be a one-word description), or one with its Default (`RuleNone`).
pub fn closes_row(text: &str) -> bool {
    let text = text.trim();
    !is_flag(text)
        && schema(text).is_some_and(|(schema, default)| {
            !default.is_empty() || TypeExpr::parse(&schema).is_some_and(|t| !t.is_bare_ref())
        })
}

/// Model or parameter rows of a table's non-blank lines. A flag line names nothing, so it
/// starts no row (`name`, `required`, `optional` is one row whose description is
/// `optional`, for the extractor to judge): rows never overlap.
pub fn rows(body: &[(usize, &str)], parameters: bool) -> Vec<Row> {
    let texts: Vec<&str> = body.iter().map(|(_, t)| *t).collect();
    let starts: Vec<usize> = (0..body.len())
        .filter(|&k| k + 1 < body.len() && starts_row(&texts, k, parameters))
        .collect();
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
        let content = &texts[k + 2..end];
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
/// [integer, null]`, `20`); the line as the Schema cell when it holds no type, for the
/// extractor to report.
fn split_schema(text: &str) -> (String, String) {
    schema(text).unwrap_or_else(|| (text.to_string(), String::new()))
}

/// [`split_schema`] when the line holds a type. A whole line that is a type is the Schema
/// alone, except a model name ending in `None` (the page's "no default"), which no model
/// name of the site does.
fn schema(text: &str) -> Option<(String, String)> {
    if let Some(t) = TypeExpr::parse(text) {
        if t.is_bare_ref() {
            if let Some(model) = text.strip_suffix("None").filter(|m| !m.is_empty()) {
                if TypeExpr::parse(model).is_some() {
                    return Some((model.to_string(), "None".to_string()));
                }
            }
        }
        return Some((text.to_string(), String::new()));
    }
    if text.len() > MAX_SCHEMA_LINE {
        return None;
    }
    // The longest prefix that is a type: `string (date-time)` before `string`.
    text.char_indices()
        .rev()
        .filter(|&(at, _)| at > 0)
        .find_map(|(at, _)| {
            let (schema, default) = text.split_at(at);
            TypeExpr::parse(schema)
                .is_some_and(|t| !t.is_bare_ref())
                .then(|| (schema.trim().to_string(), default.trim().to_string()))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_lines() {
        assert_eq!(
            split_schema("any of [integer, null]20"),
            ("any of [integer, null]".into(), "20".into())
        );
        assert_eq!(split_schema("RuleNone"), ("Rule".into(), "None".into()));
        assert_eq!(split_schema("stringNone"), ("string".into(), "None".into()));
        assert_eq!(split_schema("Access Key"), ("Access Key".into(), String::new()));
        assert!(is_schema_line("string (date-time)") && is_schema_line("Model"));
        assert!(!is_schema_line("required") && !is_schema_line("Example : 20"));
        assert!(closes_row("string") && closes_row("RuleNone") && closes_row("string20"));
        assert!(!closes_row("Rule") && !closes_row("Access Key") && !closes_row("optional"));
    }

    #[test]
    fn rows_start_at_a_name_over_a_flag() {
        let lines = ["querysize", "", "optional", "bodybody", "name", "required"];
        assert!(starts_row(&lines, 0, true));
        assert!(!starts_row(&lines, 3, true), "followed by a name, not a flag");
        assert!(starts_row(&lines, 4, false));
        assert!(!starts_row(&lines, 4, true), "no location");
        assert!(!starts_row(&lines, 5, false), "a flag is no name");
    }
}
