//! API versions (`1.2`): what `Scp-Api-Version` selects, and the name of a spec file and a
//! module (`spec/apigateway/1.2.yaml`, `v1_2`). One grammar for pages and spec files: ASCII
//! digits separated by single dots, at most [`MAX_VERSION`] characters (`\d` in a regex
//! would also take Arabic-Indic or full-width digits, which then become directory names: the
//! bytes are checked instead).

use std::cmp::Ordering;
use std::fmt;

use super::names::shown;

/// The longest API version (it names a spec file and a module).
pub const MAX_VERSION: usize = 32;

/// A checked API version, ordered by its numbers (`1.10` after `1.9`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ApiVersion(String);

impl ApiVersion {
    /// The version, or why `text` is none (a finding's message).
    pub fn parse(text: &str) -> Result<ApiVersion, String> {
        if is_api_version(text) {
            Ok(ApiVersion(text.to_string()))
        } else {
            Err(format!(
                "found {}: an API version is ASCII digits separated by dots (`1.2`), at most {MAX_VERSION} characters",
                shown(text)
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Ord for ApiVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        key(&self.0)
            .cmp(&key(&other.0))
            .then_with(|| self.0.cmp(&other.0))
    }
}

impl PartialOrd for ApiVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// `true` for an API version.
pub fn is_api_version(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= MAX_VERSION
        && text
            .split('.')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
}

/// Why `version` is not an API version, or `None` when it is one.
pub fn problem(version: &str) -> Option<String> {
    ApiVersion::parse(version).err()
}

/// The numbers of a version, for ordering (`1.10` → `[1, 10]`); a part that is no number
/// counts as 0.
pub fn key(version: &str) -> Vec<u64> {
    version.split('.').map(|p| p.parse().unwrap_or(0)).collect()
}

/// A section title meant as a version but not written as one (`v1.2`, `１.２`, `1.2a`,
/// `1..2`): worth an error, where prose titles are only ignored.
pub fn looks_like_version(title: &str) -> bool {
    let t = title.trim();
    let body = t
        .strip_prefix(['v', 'V'])
        .filter(|r| r.starts_with(|c: char| c.is_numeric()))
        .unwrap_or(t);
    body.starts_with(|c: char| c.is_numeric())
        && body.chars().count() <= 32
        && body
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ','))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        for ok in ["1", "1.2", "1.10.3", "10.0"] {
            assert!(is_api_version(ok), "{ok}");
        }
        for bad in [
            "", ".", "1.", ".1", "1..2", "v1.2", "１.２", "١.٢", "1.2a", "1.2/..", " 1.2",
        ] {
            assert!(!is_api_version(bad), "{bad}");
            assert!(problem(bad).is_some());
        }
        assert!(problem(&"1.".repeat(20)).is_some());
        for like in ["v1.2", "１.２", "1.2a", "1..2", "١.٢"] {
            assert!(looks_like_version(like), "{like}");
        }
        for prose in ["Create Api", "Models", "2 - x", "1/2"] {
            assert!(!looks_like_version(prose), "{prose}");
        }
        let mut v: Vec<ApiVersion> = ["1.10", "1.9", "2", "1.2"]
            .iter()
            .map(|t| ApiVersion::parse(t).unwrap())
            .collect();
        v.sort();
        let shown: Vec<&str> = v.iter().map(ApiVersion::as_str).collect();
        assert_eq!(shown, ["1.2", "1.9", "1.10", "2"]);
    }
}
