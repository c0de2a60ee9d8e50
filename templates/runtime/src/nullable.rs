//! Fields that are optional and may also be `null`: three states a request must be able to
//! send (leave the field out, send `null` to clear it, send a value) and an answer may hold.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An optional field that may also be `null`.
///
/// The generated models hold such a field as `Nullable<T>` with
/// `#[serde(default, skip_serializing_if = "Nullable::is_absent")]`: [`Nullable::Absent`] is
/// not sent at all, [`Nullable::Null`] is sent as `null`, [`Nullable::Value`] as the value.
/// Reading an answer, a missing field is `Absent` and a `null` is `Null`; most readers only
/// want [`Nullable::value`], which is `None` for both.
///
/// ```
/// use scp_runtime::Nullable;
///
/// let cleared: Nullable<String> = Nullable::Null;
/// assert_eq!(serde_json::to_string(&cleared).unwrap(), "null");
/// let set = Nullable::from("x".to_string());
/// assert_eq!(set.value().map(String::as_str), Some("x"));
/// assert_eq!(Nullable::<String>::default(), Nullable::Absent);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Nullable<T> {
    /// Not sent; missing from an answer.
    #[default]
    Absent,
    /// Sent as `null` (the way to clear a value); `null` in an answer.
    Null,
    /// A value.
    Value(T),
}

impl<T> Nullable<T> {
    /// Whether the field is left out (used by `skip_serializing_if`).
    pub fn is_absent(&self) -> bool {
        matches!(self, Nullable::Absent)
    }

    /// Whether the field is an explicit `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }

    /// The value, if there is one (`None` for both `Absent` and `Null`).
    pub fn value(&self) -> Option<&T> {
        match self {
            Nullable::Value(v) => Some(v),
            _ => None,
        }
    }

    /// The value, if there is one, by value.
    pub fn into_option(self) -> Option<T> {
        match self {
            Nullable::Value(v) => Some(v),
            _ => None,
        }
    }

    /// `None` → `Null`, `Some(v)` → `Value(v)`: for a field that is always sent.
    pub fn from_option(value: Option<T>) -> Self {
        value.map_or(Nullable::Null, Nullable::Value)
    }
}

impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Value(v) => v.serialize(serializer),
            // `Absent` is skipped by the field's `skip_serializing_if`; alone it is `null`.
            Nullable::Absent | Nullable::Null => serializer.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    /// A present field: `null` → `Null`, anything else → `Value` (a missing field is the
    /// `#[serde(default)]`, `Absent`).
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Option::<T>::deserialize(deserializer).map(Nullable::from_option)
    }
}
