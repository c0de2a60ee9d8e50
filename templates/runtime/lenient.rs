//! Lenient decoding of answers. A field the docs mark required is not a promise the server
//! keeps (the docs contradict themselves on it), and a call that created something must not
//! fail because its answer left out a field. So a required field that is missing or `null`
//! in an answer decodes to its type's zero value (`""`, `0`, `false`, an empty list, the
//! `Unknown` variant of an enum, a model of zero values): the "client error correction" of
//! Smithy, which aws-sdk-rust applies too. Requests stay strict: a required field is a
//! plain `T` that must be given.
//!
//! Every correction is counted; [`decode`] returns the count and the runtime logs a
//! `tracing` warning for the call, so a server that breaks its contract is seen, not hidden.

use std::cell::Cell;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

thread_local! {
    // Decoding is synchronous (no `.await` inside `serde_json::from_slice`), so the count of
    // one decode is the thread's count while it runs.
    static CORRECTED: Cell<usize> = const { Cell::new(0) };
}

fn corrected() {
    CORRECTED.with(|c| c.set(c.get() + 1));
}

/// The value of a required field missing from an answer (`#[serde(default = ...)]`).
pub fn missing<T: Default>() -> T {
    corrected();
    T::default()
}

/// A required field that is `null` in an answer (`#[serde(deserialize_with = ...)]`).
pub fn null_as_default<'de, T, D>(deserializer: D) -> Result<T, D::Error>
where
    T: Deserialize<'de> + Default,
    D: Deserializer<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_else(missing))
}

/// Decodes an answer body, with the number of required fields that were missing or `null`
/// and hold their zero value.
pub fn decode<T: DeserializeOwned>(body: &[u8]) -> (Result<T, serde_json::Error>, usize) {
    let outer = CORRECTED.with(|c| c.replace(0));
    let result = serde_json::from_slice(body);
    let count = CORRECTED.with(|c| c.replace(outer));
    (result, count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, PartialEq, serde::Deserialize)]
    struct Created {
        #[serde(default = "missing", deserialize_with = "null_as_default")]
        id: String,
        #[serde(default = "missing", deserialize_with = "null_as_default")]
        size: i64,
        #[serde(default)]
        note: Option<String>,
    }

    #[test]
    fn missing_and_null_required_fields_are_zero_and_counted() {
        let (v, n) = decode::<Created>(br#"{"size": null}"#);
        assert_eq!(v.unwrap(), Created::default());
        assert_eq!(n, 2);
        let (v, n) = decode::<Created>(br#"{"id": "a", "size": 3, "note": "x"}"#);
        assert_eq!(v.unwrap().id, "a");
        assert_eq!(n, 0);
    }

    #[test]
    fn a_wrong_type_is_still_an_error() {
        let (v, _) = decode::<Created>(br#"{"id": 5}"#);
        assert!(v.is_err());
    }
}
