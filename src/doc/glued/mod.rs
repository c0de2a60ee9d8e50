//! Tables as text extractors make them of the site's HTML: the cells of a row concatenated
//! without separators. Two shapes:
//! - field tables (Parameters, models): the name cell's `required`/`optional` and each
//!   description line on lines of their own (`NameDescriptionSchemaDefault`, then
//!   `access_key`, `required`, `Access Key`, `Example : b754...`, `string`), see [`fields`];
//! - one-line rows (responses, version tables, the region list): every cell of a row on one
//!   line (`200OKStsAssumeRoleResponse`, `1.0DEPRECATED20251231`, `skr-west1`), see
//!   [`one_line`].
//!
//! The cells are told apart by the page's closed vocabulary (locations, flags, the type
//! grammar, status codes and reason phrases, versions, statuses, dates, environments and
//! regions), never by lengths. A row that does not fit is kept as one cell, so the extractor
//! reports it with its line.
//!
//! An empty cell comes out as a blank line (`bodybody`, `required`, blank, `Model`), so a
//! blank line ends a table only when what follows cannot continue it: see [`extent`].

mod fields;
mod one_line;

use super::{raw_row, Row, Table};

/// What a glued table holds, which decides how its rows are split.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An operation's Parameters: the name glued to its location (`querysize`).
    Parameters,
    /// A model's fields.
    Fields,
    /// `200OKModel`.
    Responses,
    /// The service's versions: `1.0DEPRECATED20251231`.
    ServiceVersions,
    /// An operation version's own version row: `1.020251231`, `1.2-`.
    OperationVersions,
    /// The Environment and Region List: `skr-west1`, or `s` for a global service.
    Regions,
}

/// A glued header line, the cells it stands for and what its table holds.
#[derive(Debug)]
pub struct Header {
    pub text: &'static str,
    pub cells: &'static [&'static str],
    pub kind: Kind,
    /// A header that is also an ordinary word (`environment`) is one only right after this
    /// label; empty for headers no other line can be.
    pub after: Option<&'static str>,
}

const fn h(text: &'static str, cells: &'static [&'static str], kind: Kind) -> Header {
    Header {
        text,
        cells,
        kind,
        after: None,
    }
}

/// The glued header lines of the site's tables, in the languages it is published in.
const HEADERS: &[Header] = &[
    h(
        "TypeNameDescriptionSchemaDefault",
        &["Type", "Name", "Description", "Schema", "Default"],
        Kind::Parameters,
    ),
    h(
        "NameDescriptionSchemaDefault",
        &["Name", "Description", "Schema", "Default"],
        Kind::Fields,
    ),
    h(
        "HTTP CodeDescriptionSchema",
        &["HTTP Code", "Description", "Schema"],
        Kind::Responses,
    ),
    h(
        "VersionStatusSupported Until",
        &["Version", "Status", "Supported Until"],
        Kind::ServiceVersions,
    ),
    h(
        "VersionStatusNot Before",
        &["Version", "Status", "Not Before"],
        Kind::ServiceVersions,
    ),
    h(
        "버전상태최소 지원 보장일",
        &["버전", "상태", "최소 지원 보장일"],
        Kind::ServiceVersions,
    ),
    h(
        "VersionSupported Until",
        &["Version", "Supported Until"],
        Kind::OperationVersions,
    ),
    h(
        "VersionNot Before",
        &["Version", "Not Before"],
        Kind::OperationVersions,
    ),
    h(
        "버전최소 지원 보장일",
        &["버전", "최소 지원 보장일"],
        Kind::OperationVersions,
    ),
    h("environmentregion", &["environment", "region"], Kind::Regions),
    h("EnvironmentRegion", &["Environment", "Region"], Kind::Regions),
    // A global service's list has the environment column alone: a word a field may be
    // named or described by, so a header only under the list's label.
    Header {
        text: "environment",
        cells: &["environment"],
        kind: Kind::Regions,
        after: Some("Environment and Region List"),
    },
];

/// The header a line is wherever it stands (the headers no other line can be).
pub fn header(line: &str) -> Option<&'static Header> {
    let line = line.trim();
    HEADERS
        .iter()
        .find(|h| h.after.is_none() && h.text == line)
}

/// The header `lines[at]` is, judged with the line before it (blank lines skipped).
pub fn header_at(lines: &[&str], at: usize) -> Option<&'static Header> {
    let line = lines[at].trim();
    let previous = || {
        lines[..at]
            .iter()
            .rev()
            .map(|l| l.trim())
            .find(|l| !l.is_empty())
    };
    HEADERS
        .iter()
        .find(|h| h.text == line && h.after.is_none_or(|label| previous() == Some(label)))
}

/// The labels that follow a table in a service overview or a version section.
/// `Description`, `Version` or `State` may be a field's description, so they do not end a
/// table.
const AFTER_TABLE: &[&str] = &[
    "Parameters",
    "Responses",
    "Example HTTP request",
    "Request path",
    "Request header",
    "Request body",
    "Example HTTP response",
    "OpenAPI URL",
    "Environment and Region List",
];

/// A line no table row can hold: a heading, the next glued table, a label of the parts
/// after a table, a cut mark.
fn stops(lines: &[&str], at: usize) -> bool {
    let t = lines[at].trim();
    super::lines::is_heading(t)
        || super::lines::classify(t, "- ").is_some()
        || header_at(lines, at).is_some()
        || AFTER_TABLE.contains(&t)
        || t.strip_prefix("Response ")
            .is_some_and(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_digit()))
}

/// The index of the first line after the glued table whose header is `lines[start]`.
///
/// Lines run on until a line that [`stops`] the table. At blank lines the table goes on only
/// when the next line can continue it: a one-line row of the table; in a field table the
/// start of a row or a flag, or, while the row before has no Schema cell for sure (its last
/// line is prose, or a bare model name that may be a one-word description), lines that reach
/// a Schema cell before the next row. Anything else after a blank (a page footer, prose) is
/// not the table's, so it is reported where it stands.
fn extent(lines: &[&str], start: usize, kind: Kind) -> usize {
    let mut end = start + 1;
    loop {
        while end < lines.len() && !lines[end].trim().is_empty() && !stops(lines, end) {
            end += 1;
        }
        if end >= lines.len() || !lines[end].trim().is_empty() {
            return end;
        }
        let Some(next) = (end..lines.len()).find(|&i| !lines[i].trim().is_empty()) else {
            return end;
        };
        if stops(lines, next) {
            return end;
        }
        let goes_on = match kind {
            Kind::Parameters | Kind::Fields => {
                let parameters = kind == Kind::Parameters;
                fields::is_flag(lines[next].trim())
                    || fields::starts_row(lines, next, parameters)
                    || (end - 1 > start
                        && !fields::closes_row(lines[end - 1])
                        && schema_ahead(lines, next, parameters))
            }
            _ => one_line::split(kind, lines[next].trim()).is_some(),
        };
        if !goes_on {
            return end;
        }
        end = next;
    }
}

/// How many lines past a blank line are searched for the Schema cell of an open row: a
/// description runs a few lines, and the search must stay linear on any input.
const SCHEMA_LOOKAHEAD: usize = 64;

/// `true` when a Schema cell comes from `lines[from]` on, before the next row, table end or
/// [`SCHEMA_LOOKAHEAD`] lines.
fn schema_ahead(lines: &[&str], from: usize, parameters: bool) -> bool {
    (from..lines.len().min(from + 4 * SCHEMA_LOOKAHEAD))
        .filter(|&i| !lines[i].trim().is_empty())
        .take(SCHEMA_LOOKAHEAD)
        .take_while(|&i| !stops(lines, i) && (i == from || !fields::starts_row(lines, i, parameters)))
        .any(|i| fields::is_schema_line(lines[i]))
}

/// Reads the glued table whose header is `lines[start]`; returns it and the index of the
/// first line after it.
pub fn read_table(lines: &[&str], start: usize, header: &Header) -> (Table, usize) {
    let end = extent(lines, start, header.kind);
    // Blank lines were empty cells or spacing: the rows are told apart without them.
    let body: Vec<(usize, &str)> = (start + 1..end)
        .map(|i| (i + 1, lines[i].trim()))
        .filter(|(_, t)| !t.is_empty())
        .collect();
    let rows = match header.kind {
        Kind::Parameters | Kind::Fields => fields::rows(&body, header.kind == Kind::Parameters),
        kind => body
            .iter()
            .map(|&(line, text)| {
                // One cell per header cell: an empty last cell was left out of the line.
                let cells = one_line::split(kind, text)
                    .filter(|c| c.len() <= header.cells.len())
                    .map(|mut c| {
                        c.resize(header.cells.len(), String::new());
                        c
                    });
                Row {
                    line,
                    raw: raw_row(cells.as_deref().unwrap_or(&[text.to_string()])),
                    cells,
                }
            })
            .collect(),
    };
    (
        Table {
            header: header.cells.iter().map(|c| c.to_string()).collect(),
            rows,
        },
        end,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The rows of the glued table that starts at the page's first line, and the index of
    /// the line after it.
    fn table_at(text: &str, at: usize) -> (Vec<String>, usize) {
        let lines: Vec<&str> = text.lines().collect();
        let header = header_at(&lines, at).expect("a glued header");
        let (t, next) = read_table(&lines, at, header);
        assert_eq!(t.header, header.cells);
        (t.rows.into_iter().map(|r| r.raw).collect(), next)
    }

    fn table(text: &str) -> Vec<String> {
        let (rows, next) = table_at(text, 0);
        assert_eq!(next, text.lines().count());
        rows
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

    #[test]
    fn service_version_tables_in_english_and_korean() {
        for header in [
            "VersionStatusSupported Until",
            "VersionStatusNot Before",
            "버전상태최소 지원 보장일",
        ] {
            let rows = table(&format!(
                "{header}\n1.0DEPRECATED20251231\n1.1SUPPORTED2026-04-30\n1.2CURRENT-\n1.3PLANNED"
            ));
            assert_eq!(
                rows,
                [
                    "| 1.0 | DEPRECATED | 20251231 |",
                    "| 1.1 | SUPPORTED | 2026-04-30 |",
                    "| 1.2 | CURRENT | - |",
                    "| 1.3 | PLANNED |  |",
                ],
                "{header}"
            );
        }
        // Ends at the label after it; a row that does not fit is one cell, to be reported.
        let (rows, next) = table_at(
            "VersionStatusSupported Until\n1.0CURRENT-\nv1.1CURRENT-\n1.2current-\nOpenAPI URL\nhttps://x",
            0,
        );
        assert_eq!(
            rows,
            ["| 1.0 | CURRENT | - |", "| v1.1CURRENT- |", "| 1.2current- |"]
        );
        assert_eq!(next, 4);
    }

    #[test]
    fn operation_version_tables_in_english_and_korean() {
        for header in [
            "VersionSupported Until",
            "VersionNot Before",
            "버전최소 지원 보장일",
        ] {
            let rows = table(&format!(
                "{header}\n1.020251231\n1.2-\n1.102026-04-30\n12.3"
            ));
            assert_eq!(
                rows,
                [
                    "| 1.0 | 20251231 |",
                    "| 1.2 | - |",
                    "| 1.10 | 2026-04-30 |",
                    "| 12.3 |  |",
                ],
                "{header}"
            );
        }
        let (rows, next) = table_at("VersionSupported Until\n1.2-\nParameters\n", 0);
        assert_eq!((rows, next), (vec!["| 1.2 | - |".to_string()], 2));
    }

    #[test]
    fn region_tables() {
        for header in ["environmentregion", "EnvironmentRegion"] {
            let rows = table(&format!(
                "{header}\nskr-west1\ngkr-south2\nekr-east1\ns\ng-\nxkr-west1\nskrwest1"
            ));
            assert_eq!(
                rows,
                [
                    "| s | kr-west1 |",
                    "| g | kr-south2 |",
                    "| e | kr-east1 |",
                    "| s |  |",
                    "| g | - |",
                    "| xkr-west1 |",
                    "| skrwest1 |",
                ]
            );
        }
        // A global service's one-column list is a table under its label only: elsewhere
        // `environment` is a word like any other.
        let page = "Environment and Region List\n\nenvironment\ns\ng\nekr-east1\n1.1 - APIs";
        let (rows, next) = table_at(page, 2);
        assert_eq!(
            (rows, next),
            (vec!["| s |".into(), "| g |".into(), "| ekr-east1 |".into()], 6)
        );
        assert!(header("environment").is_none());
        let lines: Vec<&str> = "Description\nenvironment".lines().collect();
        assert!(header_at(&lines, 1).is_none());
    }

    #[test]
    fn blank_lines_end_a_table_only_when_what_follows_cannot_continue_it() {
        // An empty Description cell: the Schema after a blank line is the row's.
        let rows = table("TypeNameDescriptionSchemaDefault\nbodybody\nrequired\n\nDirectConnectCreateRequest\n\nquerysize\n\noptional\nany of [integer, null]20");
        assert_eq!(
            rows,
            [
                "| body | body required |  | DirectConnectCreateRequest |  |",
                "| query | size optional |  | any of [integer, null] | 20 |",
            ]
        );
        // Description lines split by a blank line; the row is open until its Schema.
        let rows = table("NameDescriptionSchemaDefault\n\nname\nrequired\nThe name\n\nExample : dc-1\n\nstring\n\ncount\noptional\ninteger");
        assert_eq!(
            rows,
            [
                "| name required | The name Example : dc-1 | string |  |",
                "| count optional |  | integer |  |",
            ]
        );
        // After a complete row, prose behind a blank line is not the table's.
        let (rows, next) = table_at(
            "NameDescriptionSchemaDefault\nname\nrequired\nstring\n\nLast modified 2025-01-01\n",
            0,
        );
        assert_eq!((rows.len(), next), (1, 4));
        // One-line tables go on at a blank only for a row of their own.
        let (rows, next) = table_at(
            "VersionStatusSupported Until\n\n1.0DEPRECATED20251231\n\n1.1CURRENT-\n\nsome text",
            0,
        );
        assert_eq!((rows.len(), next), (2, 5));
        let (rows, next) = table_at("environmentregion\nskr-west1\n\ngkr-south2\n\nNotes", 0);
        assert_eq!((rows.len(), next), (2, 4));
        // A heading or a label behind a blank line ends an open row too.
        let (rows, next) = table_at(
            "TypeNameDescriptionSchemaDefault\nbodybody\nrequired\n\nResponses\n",
            0,
        );
        assert_eq!((rows, next), (vec!["| body | body required |  |  |  |".into()], 3));
    }
}
