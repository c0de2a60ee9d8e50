//! A call's answer with what came with it: the HTTP status, the headers, the request id, and
//! which required values the answer lacked and the client filled with zero values (see
//! [`crate::lenient`]). An [`Output`] reads as the answer itself (it dereferences to it), so
//! `client.show_api(id).send().await?.name` works; [`Output::into_inner`] takes the answer
//! out.

use std::fmt;
use std::ops::{Deref, DerefMut};

use reqwest::header::HeaderMap;
use serde_json::Value;

/// What came with an answer.
#[derive(Debug, Clone, Default)]
pub struct Metadata {
    status: u16,
    headers: HeaderMap,
    filled: Vec<String>,
}

impl Metadata {
    pub(crate) fn new(status: u16, headers: HeaderMap, filled: Vec<String>) -> Self {
        Metadata {
            status,
            headers,
            filled,
        }
    }

    /// The HTTP status (`200`, `201`, `204`...).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The answer's headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The request id to give SCP support, when an answer header carries one
    /// (`x-request-id`, `x-scp-request-id`, `request-id`).
    pub fn request_id(&self) -> Option<&str> {
        crate::error::request_id_header(&self.headers)
    }

    /// The required values the answer left out or sent as `null`, which hold their type's
    /// zero value (`""`, `0`, `false`, an empty list, an enum's `Unknown`) rather than data:
    /// their paths in the answer, by their JSON names (`id`, `apis[3].name`). Empty when the
    /// answer kept every promise of the docs. A strict client or call
    /// (`Config::with_strict_answers`, a builder's `strict_answers`) fails instead.
    pub fn filled(&self) -> &[String] {
        &self.filled
    }

    /// Whether the answer sent the value at `path` (see [`Metadata::filled`]): `false` for a
    /// zero value the client filled in.
    pub fn sent(&self, path: &str) -> bool {
        !self.filled.iter().any(|f| f == path)
    }
}

/// A call's answer and its [`Metadata`]; it dereferences to the answer.
#[derive(Clone)]
pub struct Output<T> {
    value: T,
    metadata: Metadata,
}

impl<T> Output<T> {
    pub(crate) fn new(value: T, metadata: Metadata) -> Self {
        Output { value, metadata }
    }

    /// The answer.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The answer and its metadata.
    pub fn into_parts(self) -> (T, Metadata) {
        (self.value, self.metadata)
    }

    /// What came with the answer.
    pub fn metadata(&self) -> &Metadata {
        &self.metadata
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.metadata.status
    }

    /// The answer's headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.metadata.headers
    }

    /// The request id an answer header carries, if one does.
    pub fn request_id(&self) -> Option<&str> {
        self.metadata.request_id()
    }

    /// The required values the client filled with zero values ([`Metadata::filled`]).
    pub fn filled(&self) -> &[String] {
        &self.metadata.filled
    }

    /// Whether the answer sent the value at `path` ([`Metadata::sent`]).
    pub fn sent(&self, path: &str) -> bool {
        self.metadata.sent(path)
    }
}

impl<T> Deref for Output<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> DerefMut for Output<T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

impl<T: fmt::Debug> fmt::Debug for Output<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Output")
            .field("value", &self.value)
            .field("status", &self.metadata.status)
            .field("filled", &self.metadata.filled)
            .finish()
    }
}

/// An output compares as its answer: `assert_eq!(output, expected)`.
impl<T: PartialEq> PartialEq<T> for Output<T> {
    fn eq(&self, other: &T) -> bool {
        self.value == *other
    }
}

/// The paths of the values a decoded answer holds that the answer itself did not send: a
/// field it left out, or a `null` where the decoded value is not `null`. `sent` is the
/// answer's JSON, `decoded` the decoded answer serialized again (required fields are always
/// serialized, so every filled one shows).
pub(crate) fn filled_paths(sent: &Value, decoded: &Value) -> Vec<String> {
    let mut out = Vec::new();
    walk(sent, decoded, &mut String::new(), &mut out);
    out
}

fn walk(sent: &Value, decoded: &Value, path: &mut String, out: &mut Vec<String>) {
    match (sent, decoded) {
        (Value::Null, d) if !d.is_null() => out.push(path.clone()),
        (Value::Object(s), Value::Object(d)) => {
            for (key, value) in d {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
                match s.get(key) {
                    None => out.push(path.clone()),
                    Some(sent) => walk(sent, value, path, out),
                }
                path.truncate(len);
            }
        }
        (Value::Array(s), Value::Array(d)) => {
            for (i, (sent, value)) in s.iter().zip(d).enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                walk(sent, value, path, out);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn filled_values_are_named_by_their_paths() {
        let sent = json!({"id": null, "apis": [{"name": "a"}, {"id": "x"}], "count": 2});
        let decoded = json!({"id": "", "apis": [{"name": "a", "id": ""}, {"id": "x", "name": ""}], "count": 2, "tags": []});
        assert_eq!(
            filled_paths(&sent, &decoded),
            ["apis[0].id", "apis[1].name", "id", "tags"]
        );
        assert!(filled_paths(&json!({"a": null}), &json!({"a": null})).is_empty());
    }

    #[test]
    fn an_output_reads_and_compares_as_its_answer() {
        let out = Output::new(
            vec![1, 2],
            Metadata::new(201, HeaderMap::new(), vec!["x".into()]),
        );
        assert_eq!(out.len(), 2);
        assert_eq!(out, vec![1, 2]);
        assert_eq!(
            (out.status(), out.sent("x"), out.sent("y")),
            (201, false, true)
        );
        assert_eq!(out.into_inner(), vec![1, 2]);
    }
}
