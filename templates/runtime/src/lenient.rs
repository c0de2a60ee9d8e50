//! Lenient decoding of answers. A field the docs mark required is not a promise the server
//! keeps (the docs contradict themselves on it), and a call that created something must not
//! fail because its answer left out a field. So a required field that is missing or `null`
//! in an answer decodes to its type's zero value (`""`, `0`, `false`, an empty list, the
//! `Unknown` variant of an enum, a model of zero values): the "client error correction" of
//! Smithy, which aws-sdk-rust applies too. Requests stay strict: a required field is a
//! plain `T` that must be given.
//!
//! Missing fields get their zero value from `#[serde(default = "...::missing")]`; `null`s
//! from the deserializer [`from_value`] reads answers with, which is type-directed.
//! Every correction is counted; [`decode_value`] returns the count and the runtime logs a
//! `tracing` warning for the call, so a server that breaks its contract is seen, not hidden.

use std::cell::Cell;

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::Deserializer;
use serde_json::{Map, Value};

thread_local! {
    // Decoding is synchronous (no `.await` inside), so the count of one decode is the
    // thread's count while it runs.
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

/// Decodes an answer already read as JSON, with the number of required values that were
/// missing or `null` and hold their zero value.
pub fn decode_value<T: DeserializeOwned>(value: &Value) -> (Result<T, serde_json::Error>, usize) {
    let outer = CORRECTED.with(|c| c.replace(0));
    let result = from_value(value);
    let count = CORRECTED.with(|c| c.replace(outer));
    (result, count)
}

/// Reads `T` from JSON leniently: a `null` where `T` wants a value (not an `Option`) reads as
/// the zero value of what it wants (`""`, `0`, `false`, an empty list, map or struct).
/// Type-directed, so the models need no per-field code for it: the compile time of a crate
/// of 100 models stays that of its serde derives.
pub fn from_value<T: DeserializeOwned>(value: &Value) -> Result<T, serde_json::Error> {
    T::deserialize(Lenient(value))
}

/// A deserializer over JSON that reads `null` as the zero value of the type asked for.
#[derive(Clone, Copy)]
struct Lenient<'a>(&'a Value);

/// The scalar methods: a `null` reads as `$zero`; anything else as `serde_json` reads it.
macro_rules! scalars {
    ($($method:ident => $visit:ident($zero:expr)),* $(,)?) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
            match self.0 {
                Value::Null => {
                    corrected();
                    visitor.$visit($zero)
                }
                other => other.$method(visitor),
            }
        })*
    };
}

impl<'de> Deserializer<'de> for Lenient<'de> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0 {
            Value::Array(items) => visitor.visit_seq(Seq(items.iter())),
            Value::Object(fields) => visitor.visit_map(Fields(fields.iter(), None)),
            other => other.deserialize_any(visitor),
        }
    }

    scalars! {
        deserialize_bool => visit_bool(false),
        deserialize_i8 => visit_i8(0),
        deserialize_i16 => visit_i16(0),
        deserialize_i32 => visit_i32(0),
        deserialize_i64 => visit_i64(0),
        deserialize_u8 => visit_u8(0),
        deserialize_u16 => visit_u16(0),
        deserialize_u32 => visit_u32(0),
        deserialize_u64 => visit_u64(0),
        deserialize_f32 => visit_f32(0.0),
        deserialize_f64 => visit_f64(0.0),
        deserialize_str => visit_borrowed_str(""),
        deserialize_string => visit_borrowed_str(""),
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.0 {
            Value::Null => {
                corrected();
                visitor.visit_seq(Seq([].iter()))
            }
            Value::Array(items) => visitor.visit_seq(Seq(items.iter())),
            other => other.deserialize_seq(visitor),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        static EMPTY: std::sync::LazyLock<Map<String, Value>> = std::sync::LazyLock::new(Map::new);
        match self.0 {
            Value::Null => {
                corrected();
                visitor.visit_map(Fields(EMPTY.iter(), None))
            }
            Value::Object(fields) => visitor.visit_map(Fields(fields.iter(), None)),
            other => other.deserialize_map(visitor),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.0.deserialize_enum(name, variants, visitor)
    }

    serde::forward_to_deserialize_any! { char bytes byte_buf unit unit_struct identifier ignored_any }
}

/// The items of a JSON list, each read leniently.
struct Seq<'a>(std::slice::Iter<'a, Value>);

impl<'de> SeqAccess<'de> for Seq<'de> {
    type Error = serde_json::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Self::Error> {
        self.0
            .next()
            .map(|v| seed.deserialize(Lenient(v)))
            .transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

/// The members of a JSON object, each value read leniently.
struct Fields<'a>(serde_json::map::Iter<'a>, Option<&'a Value>);

impl<'de> MapAccess<'de> for Fields<'de> {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        let Some((key, value)) = self.0.next() else {
            return Ok(None);
        };
        self.1 = Some(value);
        let key = BorrowedStrDeserializer::<serde_json::Error>::new(key.as_str());
        seed.deserialize(key).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Self::Error> {
        match self.1.take() {
            Some(value) => seed.deserialize(Lenient(value)),
            None => Err(de::Error::custom(
                "a map value was asked for before its key",
            )),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode<T: DeserializeOwned>(body: &[u8]) -> (Result<T, serde_json::Error>, usize) {
        decode_value(&serde_json::from_slice::<Value>(body).unwrap())
    }

    #[derive(Debug, Default, PartialEq, serde::Deserialize)]
    struct Created {
        #[serde(default = "missing")]
        id: String,
        #[serde(default = "missing")]
        size: i64,
        #[serde(default)]
        note: Option<String>,
        #[serde(default = "missing")]
        tags: Vec<String>,
        #[serde(default = "missing")]
        inner: Inner,
    }

    #[derive(Debug, Default, PartialEq, serde::Deserialize)]
    struct Inner {
        #[serde(default = "missing")]
        name: String,
        #[serde(default)]
        cleared: crate::Nullable<String>,
    }

    #[test]
    fn missing_and_null_required_fields_are_zero_and_counted() {
        // size null, id and tags missing, inner null (then its name missing).
        let (v, n) = decode::<Created>(br#"{"size": null, "note": null, "inner": null}"#);
        assert_eq!(v.unwrap(), Created::default());
        assert_eq!(n, 5);
        let (v, n) = decode::<Created>(br#"{"id": "a", "size": 3, "note": "x", "tags": [null, "t"], "inner": {"name": "n", "cleared": null}}"#);
        let v = v.unwrap();
        assert_eq!(
            (v.id.as_str(), v.tags.len(), v.inner.cleared),
            ("a", 2, crate::Nullable::Null)
        );
        assert_eq!(n, 1);
    }

    #[test]
    fn a_wrong_type_is_still_an_error() {
        let (v, _) = decode::<Created>(br#"{"id": 5}"#);
        assert!(v.is_err());
    }
}
