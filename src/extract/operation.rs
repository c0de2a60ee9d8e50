//! One `N.1.k.j - <version>` section → [`OperationVersion`]: method and path, description,
//! state, version table, parameters, responses, and the request/response examples.

use std::collections::HashSet;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use regex::Regex;

use crate::vocab::Method;

use super::api::Field;
use super::api::{JsonExample, OperationVersion, ParamIn, Parameter, RequestBody, Response};
use super::field;
use super::labels::{self, Label};
use super::row;
use crate::diag::{Diagnostics, Location, Rule};
use crate::doc::{Block, BlockKind, JsonBlock, Table};
use crate::vocab::names;
use crate::vocab::type_expr::TypeExpr;

/// What the example request says beside the tables, checked once the section is read.
#[derive(Debug, Default, Clone)]
pub struct RequestFacts {
    /// `Request path` line and its line number.
    pub path: Option<(String, usize)>,
    /// `Scp-Api-Version = <slug> <version>` and its line number.
    pub api_version: Option<(String, String, usize)>,
}

/// The parts of a section in the order they come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Start,
    Label(Label),
    Response,
}

pub fn method_and_path(text: &str) -> Option<(Method, String)> {
    static RE: OnceLock<Regex> = OnceLock::new();
    let re = RE.get_or_init(|| Regex::new(r"^([A-Za-z]+) (/\S*)$").expect("regex"));
    let caps = re.captures(text.trim())?;
    Some((Method::parse(&caps[1])?, caps[2].to_string()))
}

/// Reads a version section. `None` (with an error) when it has no method and path line.
pub fn read(
    version: &str,
    line: usize,
    body: &[&Block],
    file: &Arc<Path>,
    is_model: &dyn Fn(&str) -> bool,
    diags: &mut Diagnostics,
) -> Option<(OperationVersion, RequestFacts)> {
    let mut op = OperationVersion {
        version: version.to_string(),
        at: Location::new(file, line),
        // Set from the `<method> <path>` line; a version without one is left out below.
        method: Method::Get,
        path: String::new(),
        description: None,
        state: None,
        supported_until: None,
        parameters: Vec::new(),
        body: None,
        responses: Vec::new(),
        request_example: None,
        response_examples: Vec::new(),
    };
    let mut facts = RequestFacts::default();
    let mut has_method = false;
    let mut description: Vec<String> = Vec::new();
    let mut part = Part::Start;
    let mut response_code: Option<String> = None;
    for block in body {
        let at = Location::new(file, block.line);
        match &block.kind {
            BlockKind::Text(t) => {
                if !has_method && part == Part::Start {
                    if let Some((method, path)) = method_and_path(t) {
                        // An invalid template makes an invalid spec and client: an error.
                        for problem in crate::vocab::PathTemplate::parse(&path)
                            .err()
                            .unwrap_or_default()
                        {
                            diags.error(
                                at.clone(),
                                Rule::BadPath,
                                format!("{method} {path} is not a valid path template: {problem}"),
                            );
                        }
                        op.method = method;
                        op.path = path;
                        has_method = true;
                        continue;
                    }
                }
                if let Some(code) = labels::response_code(t) {
                    part = Part::Response;
                    response_code = Some(code.to_string());
                    continue;
                }
                if let Some(l) = labels::label(t) {
                    part = Part::Label(l);
                    if l == Label::State {
                        if let Some(Some(state)) = labels::state_value(t) {
                            op.state = Some(state);
                        }
                    }
                    continue;
                }
                if let Some(header) = header_line(t) {
                    if let Some(found) = api_version_header(&header, block.line) {
                        facts.api_version = Some(found);
                    }
                    continue;
                }
                match part {
                    Part::Label(Label::Description) => description.push(t.clone()),
                    Part::Label(Label::State) if op.state.is_none() => match labels::parse_state(t)
                    {
                        Some(state) => op.state = Some(state),
                        None => diags.warn(
                            at,
                            Rule::BadState,
                            format!("`{t}` is not a state like `ACTIVE (CURRENT)`"),
                        ),
                    },
                    Part::Label(Label::RequestPath)
                        if facts.path.is_none() && t.starts_with('/') =>
                    {
                        facts.path = Some((t.clone(), block.line));
                    }
                    _ => labels::unexpected(block, file, "an operation", diags),
                }
            }
            BlockKind::Table(table) if labels::is_parameter_table(table) => {
                read_parameters(table, file, is_model, &mut op, diags);
            }
            BlockKind::Table(table) if labels::is_response_table(table) => {
                read_responses(table, file, is_model, &mut op, diags);
            }
            BlockKind::Table(table) if labels::is_operation_version_table(table) => {
                read_version_table(table, file, &mut op, diags);
            }
            BlockKind::Json(json) => match (part, &response_code) {
                (Part::Label(Label::RequestBody), _) => {
                    op.request_example = json_example(json, &at, diags)
                }
                (Part::Response, Some(code)) => {
                    if let Some(v) = json_example(json, &at, diags) {
                        op.response_examples.push((code.clone(), v));
                    }
                }
                _ => labels::unexpected(block, file, "an operation", diags),
            },
            _ => labels::unexpected(block, file, "an operation", diags),
        }
    }
    if !has_method {
        diags.error(
            op.at.clone(),
            Rule::MissingMethod,
            format!("version {version} has no `<method> <path>` line (is the page truncated?); the operation version is left out"),
        );
        return None;
    }
    let text = description.join("\n");
    op.description = Some(text).filter(|t| !t.is_empty() && t != "None");
    if op.responses.is_empty() {
        diags.warn(
            op.at.clone(),
            Rule::MissingResponses,
            format!("version {version} has no Responses table (is the page truncated?)"),
        );
    }
    if op.state.is_none() {
        diags.warn(
            op.at.clone(),
            Rule::MissingState,
            format!("version {version} has no `상태`/`State` line"),
        );
    }
    Some((op, facts))
}

fn json_example(json: &JsonBlock, at: &Location, diags: &mut Diagnostics) -> Option<JsonExample> {
    match &json.value {
        Ok(v) => Some(JsonExample {
            value: v.clone(),
            at: at.clone(),
            text: json.text.clone(),
        }),
        Err(e) => {
            diags.warn(
                at.clone(),
                Rule::ExampleSyntax,
                format!("the JSON example is not valid JSON ({e}); left out"),
            );
            None
        }
    }
}

/// `"Scp-Api-Version = apigateway 1.2",` → ("Scp-Api-Version", "apigateway 1.2").
fn header_line(text: &str) -> Option<(String, String)> {
    let t = text.trim().trim_end_matches(',');
    let t = t.strip_prefix('"')?.strip_suffix('"')?;
    let (name, value) = t.split_once(" = ")?;
    let name = name.trim();
    (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .then(|| (name.to_string(), value.trim().to_string()))
}

fn api_version_header(header: &(String, String), line: usize) -> Option<(String, String, usize)> {
    if !header.0.eq_ignore_ascii_case("Scp-Api-Version") {
        return None;
    }
    // A value without a version is still taken, for the version check to report it.
    let (slug, version) = header.1.split_once(' ').unwrap_or((&header.1, ""));
    Some((slug.trim().to_string(), version.trim().to_string(), line))
}

fn read_version_table(
    table: &Table,
    file: &Arc<Path>,
    op: &mut OperationVersion,
    diags: &mut Diagnostics,
) {
    let until_col = table.header.iter().position(|h| labels::is_until_header(h));
    for row in &table.rows {
        let at = Location::new(file, row.line);
        let cells = Table::naive_cells(&row.raw);
        let version = cells.first().map(String::as_str).unwrap_or_default();
        if version != op.version {
            diags.warn(
                at,
                Rule::VersionMismatch,
                format!(
                    "the version table names {version}, the section is {}",
                    op.version
                ),
            );
            continue;
        }
        op.supported_until = until_col
            .and_then(|c| cells.get(c))
            .and_then(|d| labels::iso_date(d, &at, diags));
    }
}

/// `body` (any case) or a parameter location.
fn is_location_cell(cell: &str) -> bool {
    cell.trim().eq_ignore_ascii_case("body") || ParamIn::parse(cell).is_some()
}

fn read_parameters(
    table: &Table,
    file: &Arc<Path>,
    is_model: &dyn Fn(&str) -> bool,
    op: &mut OperationVersion,
    diags: &mut Diagnostics,
) {
    // (location, name) pairs seen: a set keeps long tables linear.
    let mut seen: HashSet<(ParamIn, String)> = op
        .parameters
        .iter()
        .map(|p| parameter_key(p.location, &p.field.name))
        .collect();
    for row in &row::join_wrapped(&table.rows, 2, &is_location_cell, is_model) {
        let at = Location::new(file, row.line);
        let Some(split) = row::split_row(row, table.header.len(), 2, true, is_model) else {
            diags.warn(
                at,
                Rule::ShortRow,
                format!("parameter row with fewer than two cells: `{}`", row.raw),
            );
            continue;
        };
        let kind = split.lead[0].as_str();
        if kind.eq_ignore_ascii_case("body") {
            read_body(&split, at, op, diags);
            continue;
        }
        let Some(location) = ParamIn::parse(kind) else {
            diags.warn(at, Rule::BadParameter, format!("`{kind}` is not a parameter location (path, query, header, cookie, body); the row is left out"));
            continue;
        };
        let Some(mut f) = field::build(&split.lead[1], &split, at.clone(), diags) else {
            continue;
        };
        if location == ParamIn::Path && !f.required {
            diags.warn(
                at.clone(),
                Rule::OptionalPathParameter,
                format!(
                    "path parameter `{}` is marked optional; path parameters are always required",
                    f.name
                ),
            );
            f.required = true;
        }
        if location == ParamIn::Header && !header_parameter_ok(&f, &at, diags) {
            continue;
        }
        if !seen.insert(parameter_key(location, &f.name)) {
            diags.warn(
                at,
                Rule::DuplicateParameter,
                format!(
                    "{} parameter `{}` is listed twice; the first row is kept",
                    location.as_str(),
                    f.name
                ),
            );
            continue;
        }
        op.parameters.push(Parameter { location, field: f });
    }
}

/// What makes two parameters the same one: location and name, header names in any case
/// (HTTP does not tell `X-Id` from `x-id`).
fn parameter_key(location: ParamIn, name: &str) -> (ParamIn, String) {
    match location {
        ParamIn::Header => (location, name.to_ascii_lowercase()),
        _ => (location, name.to_string()),
    }
}

/// Headers every generated client sends itself (the API version and the request signing):
/// documented as parameters, they would be sent twice, and `Scp-Api-Version` would make the
/// spec invalid (two parameters of one name next to the one the spec builder adds).
const RESERVED_HEADERS: &[&str] = crate::vocab::ext::SCP_HEADERS;

/// Whether a header parameter can go into the spec: a valid header name that the client
/// does not send by itself. Otherwise it is reported and left out.
fn header_parameter_ok(f: &Field, at: &Location, diags: &mut Diagnostics) -> bool {
    if !names::is_header_token(&f.name) {
        diags.warn(
            at.clone(),
            Rule::BadHeaderName,
            format!(
                "header parameter {} is not an HTTP header name (letters, digits and !#$%&'*+-.^_`|~); left out",
                names::shown(&f.name)
            ),
        );
        return false;
    }
    if RESERVED_HEADERS.contains(&f.name.to_ascii_lowercase().as_str()) {
        diags.warn(
            at.clone(),
            Rule::ReservedHeader,
            format!(
                "header parameter `{}` is sent by every client call itself (API version and request signing); the row is left out",
                f.name
            ),
        );
        return false;
    }
    true
}

fn read_body(
    split: &row::SplitRow,
    at: Location,
    op: &mut OperationVersion,
    diags: &mut Diagnostics,
) {
    let (_, flag) = field::name_and_flag(&split.lead[1]);
    let Some(ty) = split.schema.as_deref().and_then(TypeExpr::parse) else {
        field::missing_type(
            split,
            at,
            "the body row has no type; the request body is left out".to_string(),
            diags,
        );
        return;
    };
    if op.body.is_some() {
        diags.warn(
            at,
            Rule::DuplicateParameter,
            "a second body row; the first is kept",
        );
        return;
    }
    let description = Some(split.description.clone()).filter(|d| !d.is_empty() && d != "None");
    op.body = Some(RequestBody {
        required: flag.unwrap_or(true),
        ty,
        description,
        at,
    });
}

fn read_responses(
    table: &Table,
    file: &Arc<Path>,
    is_model: &dyn Fn(&str) -> bool,
    op: &mut OperationVersion,
    diags: &mut Diagnostics,
) {
    let mut seen: HashSet<String> = op.responses.iter().map(|r| r.code.clone()).collect();
    for row in &table.rows {
        let at = Location::new(file, row.line);
        let Some(split) = row::split_row(row, table.header.len(), 1, false, is_model) else {
            diags.warn(
                at,
                Rule::ShortRow,
                format!("a response row without cells: `{}`", row.raw),
            );
            continue;
        };
        let code = split.lead[0].clone();
        if !labels::is_status_code(&code) {
            diags.warn(
                at,
                Rule::BadResponse,
                format!("`{code}` is not an HTTP status code; the row is left out"),
            );
            continue;
        }
        let ty = match split.schema.as_deref() {
            Some("None") | None if split.schema.is_some() => None,
            Some(s) => TypeExpr::parse(s),
            None => {
                field::missing_type(
                    &split,
                    at.clone(),
                    format!("response {code} has no Schema cell; taken as no body"),
                    diags,
                );
                None
            }
        };
        if !seen.insert(code.clone()) {
            diags.warn(
                at,
                Rule::DuplicateResponse,
                format!("response {code} is listed twice; the first row is kept"),
            );
            continue;
        }
        op.responses.push(Response {
            code,
            description: split.description.clone(),
            ty,
            at,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_version_header_without_version_is_kept_for_the_check() {
        let h = ("Scp-Api-Version".to_string(), "thingservice".to_string());
        assert_eq!(
            api_version_header(&h, 3),
            Some(("thingservice".to_string(), String::new(), 3))
        );
    }
}
