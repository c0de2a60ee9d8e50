//! The status of an API version: `CURRENT` (the one to use), `SUPPORTED` (bug fixes only),
//! `PLANNED` (documented, not callable yet), `DEPRECATED` (removed within 90 days). Pages
//! write it in the version table and after `상태 ACTIVE (...)`; specs in `x-scp-status`.

use std::fmt;

/// A version's status; a text the docs may use that is none of the four is kept as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Status {
    Current,
    Supported,
    Planned,
    Deprecated,
    Other(String),
}

impl Status {
    /// The four statuses SCP documents, in that order.
    pub const KNOWN: [Status; 4] = [
        Status::Current,
        Status::Supported,
        Status::Planned,
        Status::Deprecated,
    ];

    /// A status as written (exactly: the docs write them upper-case).
    pub fn parse(text: &str) -> Status {
        Status::KNOWN
            .into_iter()
            .find(|s| s.as_str() == text)
            .unwrap_or_else(|| Status::Other(text.to_string()))
    }

    /// One of the four, or `None`.
    pub fn known(text: &str) -> Option<Status> {
        Some(Status::parse(text)).filter(|s| !matches!(s, Status::Other(_)))
    }

    pub fn as_str(&self) -> &str {
        match self {
            Status::Current => "CURRENT",
            Status::Supported => "SUPPORTED",
            Status::Planned => "PLANNED",
            Status::Deprecated => "DEPRECATED",
            Status::Other(text) => text,
        }
    }

    pub fn is_deprecated(&self) -> bool {
        *self == Status::Deprecated
    }

    pub fn is_current(&self) -> bool {
        *self == Status::Current
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        assert_eq!(Status::parse("DEPRECATED"), Status::Deprecated);
        assert!(Status::parse("CURRENT").is_current());
        assert_eq!(Status::parse("RETIRED").as_str(), "RETIRED");
        assert_eq!(Status::known("current"), None);
        assert_eq!(Status::known("PLANNED"), Some(Status::Planned));
    }
}
