//! Glued tables whose rows are one line each, split by the vocabulary of their columns:
//! - responses: a status code, a reason phrase, the Schema (`200OKStsAssumeRoleResponse`);
//! - the service's versions: a version, a status, a date or `-` (`1.0DEPRECATED20251231`);
//! - an operation version's row: a version, then a date or `-` (`1.020251231`, `1.2-`);
//! - the region list: an environment, then a region (`skr-west1`), or the environment alone.

use super::Kind;
use crate::vocab::{date, region, version};

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

/// The cells of a one-line row of a `kind` table; `None` when the row does not fit.
pub fn split(kind: Kind, text: &str) -> Option<Vec<String>> {
    let cells = match kind {
        Kind::Responses => response(text)?,
        Kind::ServiceVersions => service_version(text)?,
        Kind::OperationVersions => operation_version(text)?,
        Kind::Regions => region_row(text)?,
        Kind::Parameters | Kind::Fields => return None,
    };
    Some(cells.into_iter().map(str::to_string).collect())
}

/// `200OKStsAssumeRoleResponse` → `200`, `OK`, `StsAssumeRoleResponse`.
fn response(text: &str) -> Option<Vec<&str>> {
    let code = text.get(..3).filter(|c| c.bytes().all(|b| b.is_ascii_digit()))?;
    let rest = &text[3..];
    let reason = REASONS.iter().find(|r| rest.starts_with(*r))?;
    Some(vec![code, reason, rest[reason.len()..].trim()])
}

/// The date cell of a version row: a date's shape (judged later, where a wrong one is
/// reported), `-`, or nothing.
fn is_date_cell(text: &str) -> bool {
    date::is_none(text) || date::has_date_shape(text)
}

/// `1.0DEPRECATED20251231` → `1.0`, `DEPRECATED`, `20251231`. The status is the run of
/// upper-case letters after the version (the statuses' grammar; the extractor reports one it
/// does not know), the date what follows it.
fn service_version(text: &str) -> Option<Vec<&str>> {
    let at = text.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
    let (v, rest) = text.split_at(at);
    let status_len = rest
        .find(|c: char| !(c.is_ascii_uppercase() || c == '_'))
        .unwrap_or(rest.len());
    let (status, day) = rest.split_at(status_len);
    (version::is_api_version(v) && !status.is_empty() && is_date_cell(day))
        .then(|| vec![v, status, day])
}

/// `1.020251231` → `1.0`, `20251231`; `1.2-` → `1.2`, `-`; a version alone has no date.
/// A version ends in a digit and a date is eight digits (or `dddd-dd-dd`), so a row is
/// split where its last eight or ten characters make a date.
fn operation_version(text: &str) -> Option<Vec<&str>> {
    if let Some(v) = text.strip_suffix('-') {
        return version::is_api_version(v).then(|| vec![v, "-"]);
    }
    for len in [10, 8] {
        let Some(at) = text.len().checked_sub(len) else {
            continue;
        };
        if let (Some(v), Some(day)) = (text.get(..at), text.get(at..)) {
            if date::has_date_shape(day) && version::is_api_version(v) {
                return Some(vec![v, day]);
            }
        }
    }
    version::is_api_version(text).then(|| vec![text, ""])
}

/// `skr-west1` → `s`, `kr-west1`; `s` → `s`; `g-` → `g`, `-`. The environment is one of
/// the known ones: the region's grammar alone could not tell where it ends.
fn region_row(text: &str) -> Option<Vec<&str>> {
    region::ENVIRONMENTS.iter().find_map(|env| {
        let rest = text.strip_prefix(env)?;
        match rest {
            "" => Some(vec![*env]),
            "-" => Some(vec![*env, rest]),
            _ => region::is_region(rest).then(|| vec![*env, rest]),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(kind: Kind, text: &str) -> Option<Vec<String>> {
        split(kind, text)
    }

    #[test]
    fn rows_of_each_kind() {
        assert_eq!(
            cells(Kind::Responses, "404Not FoundNone").unwrap(),
            ["404", "Not Found", "None"]
        );
        assert_eq!(cells(Kind::Responses, "40XNot Found"), None);
        assert_eq!(
            cells(Kind::ServiceVersions, "1.10RETIRED2026-04-30").unwrap(),
            ["1.10", "RETIRED", "2026-04-30"]
        );
        assert_eq!(cells(Kind::ServiceVersions, "1.0DEPRECATED2025"), None);
        assert_eq!(cells(Kind::ServiceVersions, "1.0-"), None);
        assert_eq!(cells(Kind::ServiceVersions, ".1CURRENT-"), None);
        assert_eq!(
            cells(Kind::OperationVersions, "220251231").unwrap(),
            ["2", "20251231"]
        );
        assert_eq!(cells(Kind::OperationVersions, "1.0x"), None);
        assert_eq!(cells(Kind::OperationVersions, "-"), None);
        assert_eq!(cells(Kind::Regions, "ekr-east1").unwrap(), ["e", "kr-east1"]);
        assert_eq!(cells(Kind::Regions, "e"), Some(vec!["e".to_string()]));
        assert_eq!(cells(Kind::Regions, "skr"), None);
        // Text that is not ASCII never panics a split.
        for kind in [
            Kind::Responses,
            Kind::ServiceVersions,
            Kind::OperationVersions,
            Kind::Regions,
        ] {
            for text in ["", "한국어", "1.0한국어", "1.0CURRENT한", "2한0251231", "s한"] {
                let _ = split(kind, text);
            }
        }
    }
}
