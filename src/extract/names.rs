//! The grammars of names that leave the page: service slugs and API versions become
//! directories and file names, path templates and header names go into the spec. A page
//! any pull request can change must not smuggle `../`, upper case, Unicode digits or
//! invalid templates into them: each check says what it found, and the callers report it
//! as an error with the line (nothing is written), never fix it silently.

/// The longest service slug (a directory and crate name).
pub const MAX_SLUG: usize = 64;

/// Why `slug` is not a service slug (`[a-z0-9][a-z0-9-]*`), or `None` when it is one.
pub fn slug_problem(slug: &str) -> Option<String> {
    let first_ok = slug
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    let rest_ok = slug
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if first_ok && rest_ok && slug.len() <= MAX_SLUG {
        // `spec/source/` holds the input pages: a service may not write its specs there.
        return (slug == "source")
            .then(|| "`source` is reserved (spec/source/ holds the doc pages)".to_string());
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

/// The longest API version (it names a spec file and a module).
pub const MAX_VERSION: usize = 32;

/// `true` for an API version: ASCII digits separated by single dots (`1`, `1.2`, `1.10.3`),
/// at most [`MAX_VERSION`] characters. `\d` in a regex would also take Arabic-Indic or
/// full-width digits, which then become directory names: the bytes are checked instead.
pub fn is_api_version(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= MAX_VERSION
        && text
            .split('.')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
}

/// Why `version` is not an API version, or `None` when it is one.
pub fn version_problem(version: &str) -> Option<String> {
    (!is_api_version(version)).then(|| {
        format!(
            "found {}: an API version is ASCII digits separated by dots (`1.2`), at most {MAX_VERSION} characters",
            shown(version)
        )
    })
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

/// Why a name from the page (an operation title, a field or parameter name) cannot be
/// used: it holds a control character or a bidirectional override. Such a name reaches
/// identifiers, rustdoc and every finding that quotes it (an ANSI escape in a parameter
/// name would rewrite the terminal of whoever runs scpgen), and no real name has one.
pub fn control_problem(name: &str) -> Option<String> {
    name.chars().any(crate::terminal::is_unsafe).then(|| {
        format!(
            "{} holds a control character (or a bidirectional override)",
            shown(name)
        )
    })
}

/// A value as a finding shows it: quoted, control characters escaped, cut when long.
pub fn shown(text: &str) -> String {
    let mut out: String = text.chars().take(60).flat_map(char::escape_debug).collect();
    if text.chars().count() > 60 {
        out.push('…');
    }
    format!("`{out}`")
}

/// `true` for an HTTP header name (RFC 9110 `token`): visible ASCII without separators.
pub fn is_header_token(name: &str) -> bool {
    !name.is_empty()
        && name.bytes().all(|b| {
            b.is_ascii_alphanumeric()
                || matches!(
                    b,
                    b'!' | b'#'
                        | b'$'
                        | b'%'
                        | b'&'
                        | b'\''
                        | b'*'
                        | b'+'
                        | b'-'
                        | b'.'
                        | b'^'
                        | b'_'
                        | b'`'
                        | b'|'
                        | b'~'
                )
        })
}

/// A path template parameter name: what OpenAPI tools and the generated code can use.
pub fn is_template_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}

/// What is wrong with a path template (`/v1/{id}/x}`, `/v1/{}`, `/v1/{id:?}`), each problem
/// once; empty when the path is a valid OpenAPI path template.
pub fn path_problems(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    for (i, c) in path.char_indices() {
        match (c, open) {
            ('{', None) => open = Some(i),
            ('{', Some(_)) => out.push(format!("`{{` inside `{{...}}` at byte {i}")),
            ('}', None) => out.push(format!("`}}` without its `{{` at byte {i}")),
            ('}', Some(start)) => {
                let name = &path[start + 1..i];
                if name.is_empty() {
                    out.push(format!("an empty `{{}}` at byte {start}"));
                } else if !is_template_name(name) {
                    out.push(format!(
                        "{} is not a parameter name (letters, digits, `_`, `-`, `.`)",
                        shown(&format!("{{{name}}}"))
                    ));
                }
                open = None;
            }
            _ => {}
        }
    }
    if let Some(start) = open {
        out.push(format!("`{{` at byte {start} is never closed"));
    }
    if !path.starts_with('/') {
        out.push("it does not start with `/`".to_string());
    }
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        for ok in ["apigateway", "iam-lite", "0x", "a"] {
            assert_eq!(slug_problem(ok), None, "{ok}");
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
        ] {
            assert!(slug_problem(bad).is_some(), "{bad}");
        }
        assert!(slug_problem("ApiGateway").unwrap().contains("upper-case"));
        assert!(slug_problem("../x").unwrap().contains("`../x`"));
    }

    #[test]
    fn versions() {
        for ok in ["1", "1.2", "1.10.3", "10.0"] {
            assert!(is_api_version(ok), "{ok}");
        }
        for bad in [
            "", ".", "1.", ".1", "1..2", "v1.2", "１.２", "١.٢", "1.2a", "1.2/..", " 1.2",
        ] {
            assert!(!is_api_version(bad), "{bad}");
            assert!(version_problem(bad).is_some());
        }
        for like in ["v1.2", "１.２", "1.2a", "1..2", "١.٢"] {
            assert!(looks_like_version(like), "{like}");
        }
        for prose in ["Create Api", "Models", "2 - x", "1/2"] {
            assert!(!looks_like_version(prose), "{prose}");
        }
    }

    #[test]
    fn headers_and_paths() {
        assert!(is_header_token("X-Request-Id"));
        for bad in ["", "X Id", "X:Id", "Ünï", "a\nb", "(x)"] {
            assert!(!is_header_token(bad), "{bad}");
        }
        assert!(path_problems("/v1/apis/{api_id}/stages/{stage-name}").is_empty());
        assert_eq!(path_problems("/v1/{id}/x}").len(), 1);
        assert!(path_problems("/v1/{}")[0].contains("empty"));
        assert!(path_problems("/v1/{id:?}")[0].contains("not a parameter name"));
        assert!(path_problems("/v1/{id")[0].contains("never closed"));
        assert!(path_problems("/v1/{a{b}}").len() >= 2);
    }
}
