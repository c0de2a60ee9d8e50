//! Service slugs (`apigateway`, `iam-lite`): a service's name in `Scp-Api-Version`, in
//! `x-scp-service`, and the directory and crate name of its outputs (`spec/<slug>/`,
//! `scp-<slug>`). One grammar for pages and spec files: `[a-z0-9][a-z0-9-]*`, at most
//! [`MAX_SLUG`] characters, and none of the [`RESERVED`] names.

use std::fmt;

use super::names::shown;

/// The longest service slug (a directory and crate name).
pub const MAX_SLUG: usize = 64;

/// Names no service may take, and why.
pub const RESERVED: &[(&str, &str)] = &[
    ("source", "spec/source/ holds the doc pages"),
    ("runtime", "scp-runtime is scpgen's runtime crate"),
];

/// A checked service slug.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slug(String);

impl Slug {
    /// The slug, or why `text` is none (a finding's message).
    pub fn parse(text: &str) -> Result<Slug, String> {
        match problem(text) {
            None => Ok(Slug(text.to_string())),
            Some(p) => Err(p),
        }
    }

}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}


/// Why `slug` is not a service slug, or `None` when it is one.
fn problem(slug: &str) -> Option<String> {
    let first_ok = slug
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    let rest_ok = slug
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if first_ok && rest_ok && slug.len() <= MAX_SLUG {
        return RESERVED
            .iter()
            .find(|(name, _)| *name == slug)
            .map(|(name, why)| format!("`{name}` is reserved ({why})"));
    }
    if first_ok && rest_ok {
        return Some(format!("a service name has at most {MAX_SLUG} characters"));
    }
    let found = shown(slug);
    Some(if slug.is_empty() {
        "the service name is empty".to_string()
    } else if slug.chars().any(|c| c.is_uppercase()) {
        format!("found {found}, which has upper-case letters: a service name is lower-case (`[a-z0-9][a-z0-9-]*`)")
    } else {
        format!("found {found}: a service name is lower-case letters, digits and `-`, starting with a letter or digit (`[a-z0-9][a-z0-9-]*`)")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        for ok in ["apigateway", "iam-lite", "0x", "a"] {
            assert_eq!(Slug::parse(ok).map(|s| s.to_string()), Ok(ok.to_string()));
        }
        for bad in [
            "",
            "-a",
            "Api",
            "api_gw",
            "../etc",
            "a/b",
            "ａｐｉ",
            "a b",
            "a.b",
            "source",
            "runtime",
        ] {
            assert!(Slug::parse(bad).is_err(), "{bad}");
        }
        assert!(Slug::parse("ApiGateway")
            .unwrap_err()
            .contains("upper-case"));
        assert!(Slug::parse("../x").unwrap_err().contains("`../x`"));
        assert!(Slug::parse(&"a".repeat(65))
            .unwrap_err()
            .contains("at most 64"));
    }
}
