//! The grammars of names that leave the page beside slugs and versions ([`super::slug`],
//! [`super::version`]): header names, path template parameters, names with control
//! characters. A page any pull request can change must not smuggle them in: each check says
//! what it found, and the callers report it as an error with the line (nothing is written),
//! never fix it silently.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers() {
        assert!(is_header_token("X-Request-Id"));
        for bad in ["", "X Id", "X:Id", "Ünï", "a\nb", "(x)"] {
            assert!(!is_header_token(bad), "{bad}");
        }
    }
}
