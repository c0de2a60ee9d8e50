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

    /// The plain form of a text that is no version, for a spec that names its version only
    /// so (`info.version: 0.0.1.dev530`, `Nuri`, `v1`): ASCII letters and digits lower-cased,
    /// every other run of characters one dot, a `v` before a digit dropped (`v1.2` → `1.2`),
    /// at most [`MAX_VERSION`] characters; `0` when nothing is left. It names a module and
    /// orders like a version (its non-numeric parts count as 0, then by text).
    pub fn plain(text: &str) -> ApiVersion {
        let mut out = String::new();
        for c in text.chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            } else if !out.is_empty() && !out.ends_with('.') {
                out.push('.');
            }
        }
        let mut out = out.trim_end_matches('.').to_string();
        if out.starts_with('v') && out[1..].starts_with(|c: char| c.is_ascii_digit()) {
            out.remove(0);
        }
        out.truncate(MAX_VERSION);
        let out = out.trim_end_matches('.');
        ApiVersion(if out.is_empty() { "0".into() } else { out.into() })
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

    #[test]
    fn plain_forms_of_texts_that_are_no_version() {
        for (text, plain) in [
            ("0.0.1.dev530", "0.0.1.dev530"),
            ("1.2.0.0rc5.dev38", "1.2.0.0rc5.dev38"),
            ("Nuri", "nuri"),
            ("v1", "1"),
            ("V1.2-beta", "1.2.beta"),
            ("1.0/../x", "1.0.x"),
            ("버전", "0"),
            ("", "0"),
            ("..a..", "a"),
        ] {
            assert_eq!(ApiVersion::plain(text).as_str(), plain, "{text}");
        }
        let long = ApiVersion::plain(&"a.".repeat(200));
        assert!(long.as_str().len() <= MAX_VERSION && !long.as_str().ends_with('.'));
        // A plain form is a file name and, with the module rule, a Rust name.
        for text in ["1.0/../x", "a b\nc", "..", "v", "\u{202e}1"] {
            let v = ApiVersion::plain(text);
            assert!(
                v.as_str()
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.'),
                "{v}"
            );
        }
    }
}
