//! Splitting a table row into its cells by what each column can hold, not by counting pipes.
//!
//! Two traps make pipe counting wrong: a description cell may hold `|` (regex alternations),
//! and empty cells vanish (`| api_key required | ApiKey |` has lost its Description and
//! Default). So a row is cut from both ends: the leading key cells (Type, Name, HTTP Code)
//! never hold a pipe; from the other end, the Schema cell is the one that parses as a type,
//! optionally followed by a Default; whatever lies between is the description, verbatim.

use crate::doc::{Row, Table};
use crate::vocab::type_expr::TypeExpr;

/// A row cut into the parts the extractor needs.
#[derive(Debug, Clone, PartialEq)]
pub struct SplitRow {
    /// The leading key cells, trimmed.
    pub lead: Vec<String>,
    /// The description cell as written (pipes inside it kept), trimmed; may be empty.
    pub description: String,
    /// The Schema cell's text; `None` when the row has no cell that parses as a type.
    pub schema: Option<String>,
    /// The Default cell's text, when the row has one that is not empty.
    pub default: Option<String>,
    /// Text after the Default cell that no column can hold.
    pub extra: Option<String>,
}

/// A piece of a row between two pipes, with its byte range in the row text.
struct Piece<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

fn pieces(raw: &str) -> Vec<Piece<'_>> {
    let raw_trimmed = raw.trim();
    let offset = raw.len() - raw.trim_start().len();
    let mut inner_start = offset;
    let mut inner = raw_trimmed;
    if let Some(s) = inner.strip_prefix('|') {
        inner = s;
        inner_start += 1;
    }
    let inner = inner.strip_suffix('|').unwrap_or(inner);
    let mut out = Vec::new();
    let mut start = inner_start;
    for part in inner.split('|') {
        let end = start + part.len();
        out.push(Piece {
            text: part.trim(),
            start,
            end,
        });
        start = end + 1;
    }
    out
}

/// Splits `raw` with `lead` key cells first. With `has_default`, the row may end with a
/// Default cell after the Schema. `is_model` tells whether a bare capitalised word is a
/// model of the page: it decides between `Schema | Default` and `Description | Schema`
/// when both cells are single words (`enum (REGION, PRIVATE) | REGION` vs `Token | ApiKey`).
pub fn split(
    raw: &str,
    lead: usize,
    has_default: bool,
    is_model: &dyn Fn(&str) -> bool,
) -> Option<SplitRow> {
    let all = pieces(raw);
    if all.len() < lead {
        return None;
    }
    let lead_cells: Vec<String> = all[..lead].iter().map(|p| p.text.to_string()).collect();
    let rest = &all[lead..];
    // Empty trailing pieces are vanished cells.
    let mut last = rest.iter().rposition(|p| !p.text.is_empty());
    let Some(mut end) = last.take() else {
        return Some(SplitRow {
            lead: lead_cells,
            description: String::new(),
            schema: None,
            default: None,
            extra: None,
        });
    };
    let parses = |p: &Piece| TypeExpr::parse(p.text).is_some() || p.text == "None";
    let mut default = None;
    let mut extra = None;
    if has_default && end >= 1 {
        let prev = rest[..end].iter().rposition(|p| !p.text.is_empty());
        let last_ty = TypeExpr::parse(rest[end].text);
        let last_is_schema = match (&last_ty, prev) {
            // A structured type (array[..], string, enum (..)) is never a default value;
            // `null` is both a type and a default: after a cell that is a type (a structured
            // one, or a model of the page), it is the Default (`| any of [integer, null] | null |`).
            (Some(TypeExpr::Null), Some(p))
                if TypeExpr::parse(rest[p].text)
                    .is_some_and(|t| !t.is_bare_ref() || is_model(rest[p].text)) =>
            {
                false
            }
            (Some(t), _) if !t.is_bare_ref() => true,
            (Some(_), Some(p)) => match TypeExpr::parse(rest[p].text) {
                // Two single words: the model wins; otherwise column order (Schema, Default).
                Some(prev_ty) if prev_ty.is_bare_ref() => {
                    is_model(rest[end].text) && !is_model(rest[p].text)
                }
                Some(_) => false,
                None => true,
            },
            (Some(_), None) => true,
            (None, _) => false,
        };
        if !last_is_schema {
            // The last cell is the Default; the schema is the cell before it.
            match prev {
                Some(p) if parses(&rest[p]) => {
                    default = Some(rest[end].text.to_string());
                    end = p;
                }
                Some(p) => {
                    // Neither of the last two cells is a type: look further left, keeping
                    // what follows the Default as stray text.
                    if let Some(s) = rest[..p].iter().rposition(&parses) {
                        default = Some(rest[s + 1].text.to_string()).filter(|d| !d.is_empty());
                        extra = Some(join(raw, &rest[s + 2..=end]));
                        end = s;
                    } else {
                        return Some(SplitRow {
                            lead: lead_cells,
                            description: join(raw, &rest[..=end]),
                            schema: None,
                            default: None,
                            extra: None,
                        });
                    }
                }
                None => {}
            }
        }
    }
    if !parses(&rest[end]) {
        return Some(SplitRow {
            lead: lead_cells,
            description: join(raw, &rest[..=end]),
            schema: None,
            default,
            extra,
        });
    }
    let description = if end == 0 {
        String::new()
    } else {
        join(raw, &rest[..end])
    };
    Some(SplitRow {
        lead: lead_cells,
        description,
        schema: Some(rest[end].text.to_string()),
        default,
        extra,
    })
}

/// Rows cut in two by a copy joined again: `| body | body required |` then `| Model | |` in a
/// Parameters table, `| count optional |` then `| any of [integer, null] | |` in a model table
/// (the site's layout when the Description cell is empty). A row continues the one before
/// only when that one is incomplete (cut before its closing pipe, or without a type) and it
/// starts the way such a remainder does (an empty cell, `None`, or a type such as `string` or
/// a model name) and not the way a row does (`starts_row`: a parameter location). Any other
/// row stands on its own, so that an unknown location (`formData`) or a field without a type
/// is reported, never glued silently onto its neighbour.
pub fn join_wrapped(
    rows: &[Row],
    lead: usize,
    starts_row: &dyn Fn(&str) -> bool,
    is_model: &dyn Fn(&str) -> bool,
) -> Vec<Row> {
    let mut out: Vec<Row> = Vec::new();
    // A cut row has one remainder: a second one stands on its own (and is reported), which
    // also keeps the joining linear however many remainder-like rows follow.
    let mut last_joined = false;
    for row in rows {
        let first = Table::naive_cells(&row.raw)
            .into_iter()
            .next()
            .unwrap_or_default();
        let remainder = first.is_empty() || first == "None" || TypeExpr::parse(&first).is_some();
        let incomplete = |prev: &Row| {
            !prev.raw.trim_end().ends_with('|')
                || split(&prev.raw, lead, true, is_model).is_none_or(|s| s.schema.is_none())
        };
        match out.last_mut() {
            Some(prev) if !last_joined && !starts_row(&first) && remainder && incomplete(prev) => {
                last_joined = true;
                let head = prev
                    .raw
                    .trim_end()
                    .trim_end_matches('|')
                    .trim_end()
                    .to_string();
                prev.raw = format!("{head} {}", row.raw.trim());
                // Joined text has no exact cells.
                prev.cells = None;
            }
            _ => {
                last_joined = false;
                out.push(row.clone());
            }
        }
    }
    out
}

/// A row's parts: from the cells the reader knows exactly (HTML, glued tables) when there is
/// one per header cell and the Schema cell is a type; otherwise split from the raw text by
/// [`split`]. `width` is the header's cell count.
pub fn split_row(
    row: &Row,
    width: usize,
    lead: usize,
    has_default: bool,
    is_model: &dyn Fn(&str) -> bool,
) -> Option<SplitRow> {
    let expected = lead + 2 + usize::from(has_default);
    if let Some(cells) = row
        .cells
        .as_ref()
        .filter(|c| c.len() == width && width == expected)
    {
        let schema = cells[lead + 1].trim();
        // A Schema cell that is no type is for the guesswork (and its findings) to handle.
        if TypeExpr::parse(schema).is_some() || schema == "None" {
            return Some(SplitRow {
                lead: cells[..lead].iter().map(|c| c.trim().to_string()).collect(),
                description: cells[lead].trim().to_string(),
                schema: Some(schema.to_string()),
                default: cells
                    .get(lead + 2)
                    .map(|d| d.trim().to_string())
                    .filter(|d| has_default && !d.is_empty()),
                extra: None,
            });
        }
    }
    split(&row.raw, lead, has_default, is_model)
}

/// The original text spanned by `pieces` (pipes between them kept), trimmed of blanks and
/// of the empty cells at its ends.
fn join(raw: &str, pieces: &[Piece]) -> String {
    match (pieces.first(), pieces.last()) {
        (Some(first), Some(last)) => raw[first.start..last.end]
            .trim()
            .trim_matches('|')
            .trim()
            .to_string(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_models(_: &str) -> bool {
        false
    }

    fn s(raw: &str, lead: usize, has_default: bool) -> SplitRow {
        split(raw, lead, has_default, &no_models).expect("row")
    }

    fn rows(raw: &[&str]) -> Vec<String> {
        let rows: Vec<Row> = raw
            .iter()
            .enumerate()
            .map(|(i, r)| Row {
                line: i + 1,
                raw: r.to_string(),
                cells: None,
            })
            .collect();
        join_wrapped(
            &rows,
            2,
            &|c| c == "path" || c == "query" || c == "formData",
            &|_| false,
        )
        .into_iter()
        .map(|r| r.raw)
        .collect()
    }

    #[test]
    fn only_remainders_of_cut_rows_are_joined() {
        // A row cut before its Schema cell, and its remainder.
        assert_eq!(
            rows(&["| path | id required | ID Example : x", "| string | None |"]),
            ["| path | id required | ID Example : x | string | None |"]
        );
        // A whole row is never continued, whatever follows it.
        for next in [
            "| Query | size optional | size | integer | |",
            "| formData | f | d | string | |",
            "| string | None |",
            "| words |",
        ] {
            let joined = rows(&["| path | id required | ID | string | None |", next]);
            assert_eq!(joined.len(), 2, "{next}");
        }
        // One remainder per cut row.
        assert_eq!(rows(&["| path | id required | ID", "| |", "| |"]).len(), 2);
    }

    #[test]
    fn model_rows_with_an_empty_description_wrapped_by_the_site() {
        let model_rows = |raw: &[&str]| -> Vec<String> {
            let rows: Vec<Row> = raw
                .iter()
                .enumerate()
                .map(|(i, r)| Row {
                    line: i + 1,
                    raw: r.to_string(),
                    cells: None,
                })
                .collect();
            join_wrapped(&rows, 1, &|_| false, &|m| m == "SecurityGroupRule")
                .into_iter()
                .map(|r| r.raw)
                .collect()
        };
        assert_eq!(
            model_rows(&[
                "| count optional |",
                "| any of [integer, null] | |",
                "| security_group_rules required |",
                "| array[SecurityGroupRule] | |",
                "| name required | Name | string | |",
            ]),
            [
                "| count optional | any of [integer, null] | |",
                "| security_group_rules required | array[SecurityGroupRule] | |",
                "| name required | Name | string | |",
            ]
        );
        // A complete row is never continued; a name alone followed by prose stays alone.
        assert_eq!(
            model_rows(&["| a required | A | string | |", "| string | |"]).len(),
            2
        );
        assert_eq!(
            model_rows(&["| a required |", "| b required | B | string |"]).len(),
            2
        );
    }

    #[test]
    fn exact_cells_are_taken_as_they_are() {
        let cells: Vec<String> = ["key required", "Token", "ApiKey", ""]
            .map(String::from)
            .to_vec();
        let row = Row {
            line: 1,
            raw: crate::doc::raw_row(&cells),
            cells: Some(cells),
        };
        // Two single words and no model list: the guesswork takes column order.
        let guessed = split(&row.raw, 1, true, &no_models).unwrap();
        assert_eq!(guessed.schema.as_deref(), Some("Token"));
        let exact = split_row(&row, 4, 1, true, &no_models).unwrap();
        assert_eq!(
            (
                exact.description.as_str(),
                exact.schema.as_deref(),
                exact.default
            ),
            ("Token", Some("ApiKey"), None)
        );
        // Cells that do not match the header are split from the text.
        let short = Row {
            line: 1,
            raw: "| key required | ApiKey |".into(),
            cells: Some(vec!["key required".into(), "ApiKey".into()]),
        };
        assert_eq!(
            split_row(&short, 4, 1, true, &no_models)
                .unwrap()
                .schema
                .as_deref(),
            Some("ApiKey")
        );
    }

    #[test]
    fn plain_rows() {
        let r = s(
            "| query | size optional | size Example : 20 | any of [integer, null] | 20 |",
            2,
            true,
        );
        assert_eq!(r.lead, vec!["query", "size optional"]);
        assert_eq!(r.description, "size Example : 20");
        assert_eq!(r.schema.as_deref(), Some("any of [integer, null]"));
        assert_eq!(r.default.as_deref(), Some("20"));
        let r = s("| 400 | Bad Request | None |", 1, false);
        assert_eq!(
            (r.description.as_str(), r.schema.as_deref()),
            ("Bad Request", Some("None"))
        );
    }

    #[test]
    fn trap2_pipes_inside_a_cell() {
        let r = s(
            r"| name required | Queue명 Example : test-queue.fifoPattern : ^[a-z][a-z0-9-]*$|^[a-z][a-z0-9-]*\.fifo$Minimum length : 3Maximum length : 64 | string | |",
            1,
            true,
        );
        assert_eq!(
            r.description,
            r"Queue명 Example : test-queue.fifoPattern : ^[a-z][a-z0-9-]*$|^[a-z][a-z0-9-]*\.fifo$Minimum length : 3Maximum length : 64"
        );
        assert_eq!(r.schema.as_deref(), Some("string"));
        assert_eq!(r.default, None);
        let r = s(
            r"| path_part required | 경로명 Example : testPattern : ^(\{[a-z][a-z0-9\-]{1,46}[a-z0-9]\}|[a-z][a-z0-9\-]{1,48}[a-z0-9])$Minimum length : 3Maximum length : 50 | string |",
            1,
            true,
        );
        assert!(r.description.ends_with("Maximum length : 50"));
        assert!(r.description.contains(r"\}|[a-z]"));
        assert_eq!(r.schema.as_deref(), Some("string"));
    }

    #[test]
    fn trap3_vanished_cells() {
        let r = s(
            "| access_controls required | array[AccessControl] | ||",
            1,
            true,
        );
        assert_eq!(
            (
                r.description.as_str(),
                r.schema.as_deref(),
                r.default.as_deref()
            ),
            ("", Some("array[AccessControl]"), None)
        );
        let r = s("| api_key required | ApiKey |", 1, true);
        assert_eq!(
            (r.description.as_str(), r.schema.as_deref()),
            ("", Some("ApiKey"))
        );
        let r = s("| body | body required | Model |", 2, true);
        assert_eq!(
            (r.lead[1].as_str(), r.schema.as_deref()),
            ("body required", Some("Model"))
        );
        // A last row without its Default cell.
        let r = s(
            "| query | stage_name optional | 스테이지명 Example : test-stage | string |",
            2,
            true,
        );
        assert_eq!(
            (
                r.description.as_str(),
                r.schema.as_deref(),
                r.default.as_deref()
            ),
            ("스테이지명 Example : test-stage", Some("string"), None)
        );
    }

    #[test]
    fn single_word_default_versus_schema() {
        let r = s(
            "| endpoint_type optional | 유형 Example : REGION | enum (REGION, PRIVATE) | REGION |",
            1,
            true,
        );
        assert_eq!(
            (r.schema.as_deref(), r.default.as_deref()),
            (Some("enum (REGION, PRIVATE)"), Some("REGION"))
        );
        let r = s("| auth_method optional | 인증 수단 Example : JWT(JSON WEB Token) | string | JWT(JSON WEB Token) |", 1, true);
        assert_eq!(
            (r.schema.as_deref(), r.default.as_deref()),
            (Some("string"), Some("JWT(JSON WEB Token)"))
        );
        let r = s(
            "| status optional | 상태 Example : Active | string | - |",
            1,
            true,
        );
        assert_eq!(r.default.as_deref(), Some("-"));
        let r = s(
            "| state optional | 상태 | array[any of [string, null]] | [] |",
            1,
            true,
        );
        assert_eq!(
            (r.schema.as_deref(), r.default.as_deref()),
            (Some("array[any of [string, null]]"), Some("[]"))
        );
        // A one-word description before a model: the model list decides.
        let is_model = |n: &str| n == "ApiKey";
        let r = split("| key required | Token | ApiKey |", 1, true, &is_model).unwrap();
        assert_eq!(
            (r.description.as_str(), r.schema.as_deref()),
            ("Token", Some("ApiKey"))
        );
    }

    #[test]
    fn null_after_a_type_is_the_default() {
        let r = s(
            "| size optional | size | any of [integer, null] | null |",
            1,
            true,
        );
        assert_eq!(
            (r.schema.as_deref(), r.default.as_deref()),
            (Some("any of [integer, null]"), Some("null"))
        );
        let is_model = |n: &str| n == "Thing";
        let r = split("| t optional | t | Thing | null |", 1, true, &is_model).unwrap();
        assert_eq!(
            (r.schema.as_deref(), r.default.as_deref()),
            (Some("Thing"), Some("null"))
        );
        // After a word that is no model, `null` is the Schema cell (reported by the field).
        let r = s("| name optional | Name | null |", 1, true);
        assert_eq!(
            (r.description.as_str(), r.schema.as_deref()),
            ("Name", Some("null"))
        );
    }

    #[test]
    fn rows_without_a_type() {
        let r = s("| name required | just prose |", 1, true);
        assert_eq!(r.schema, None);
        assert_eq!(r.description, "just prose");
    }
}
