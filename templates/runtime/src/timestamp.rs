//! Date-times as the platform sends them: with `Z`, with fractional seconds, and sometimes
//! without any offset (meaning UTC). A value that is none of these is kept as text rather
//! than failing the whole answer.

use std::fmt;

#[cfg(feature = "chrono")]
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A date-time field: the text as received and, with the `chrono` feature, the instant it
/// reads as (`Timestamp::as_datetime`). The default (the zero value of a required field
/// an answer left out) is empty text, no instant.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Timestamp {
    raw: String,
}

impl Timestamp {
    /// Reads a timestamp; never fails (unknown forms keep only the text).
    pub fn parse(raw: impl Into<String>) -> Self {
        Timestamp { raw: raw.into() }
    }

    /// The instant, when the text is a date-time (the `chrono` feature).
    #[cfg(feature = "chrono")]
    pub fn as_datetime(&self) -> Option<DateTime<Utc>> {
        parse(&self.raw)
    }

    /// The text as received.
    pub fn as_str(&self) -> &str {
        &self.raw
    }
}

#[cfg(feature = "chrono")]
impl From<DateTime<Utc>> for Timestamp {
    fn from(t: DateTime<Utc>) -> Self {
        Timestamp {
            raw: t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true),
        }
    }
}

#[cfg(feature = "chrono")]
fn parse(raw: &str) -> Option<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Some(t.with_timezone(&Utc));
    }
    // No offset: UTC, as the platform means it.
    for format in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(raw, format) {
            return Some(t.and_utc());
        }
    }
    None
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({:?})", self.raw)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.raw)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Timestamp::parse)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_is_kept_as_received() {
        for raw in [
            "2024-05-17T00:23:17Z",
            "2025-03-14T09:26:53.589",
            "yesterday",
            "",
        ] {
            let t = Timestamp::parse(raw);
            assert_eq!((t.as_str(), t.to_string()), (raw, raw.to_string()));
            let json = serde_json::to_string(&t).unwrap();
            assert_eq!(serde_json::from_str::<Timestamp>(&json).unwrap(), t);
        }
        assert_eq!(Timestamp::default().as_str(), "");
    }

    #[cfg(feature = "chrono")]
    #[test]
    fn reads_every_form_the_platform_sends() {
        for raw in [
            "2024-05-17T00:23:17Z",
            "2026-02-11T06:40:19.438Z",
            "2025-03-14T09:26:53.589",
            "2024-05-17T09:23:17+09:00",
        ] {
            let t = Timestamp::parse(raw);
            assert!(t.as_datetime().is_some(), "{raw}");
            assert_eq!(t.as_str(), raw);
        }
        assert_eq!(
            Timestamp::parse("2025-03-14T09:26:53.589")
                .as_datetime()
                .unwrap()
                .to_rfc3339(),
            "2025-03-14T09:26:53.589+00:00"
        );
        let odd = Timestamp::parse("yesterday");
        assert_eq!((odd.as_datetime(), odd.as_str()), (None, "yesterday"));
    }
}
