//! serde helpers for the generated models.

/// `Option<Option<T>>` for optional fields that may also be `null`: a missing field is
/// `None`, an explicit `null` is `Some(None)`, a value is `Some(Some(v))`; `None` is not
/// serialised at all (with `skip_serializing_if = "Option::is_none"`).
pub mod double_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// Serialises `Some(None)` as `null` and `Some(Some(v))` as `v`.
    pub fn serialize<T: Serialize, S: Serializer>(value: &Option<Option<T>>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(inner) => inner.serialize(serializer),
            None => serializer.serialize_none(),
        }
    }

    /// Reads a present field: `null` → `Some(None)`.
    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(deserializer).map(Some)
    }
}
