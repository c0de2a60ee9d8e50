//! Rust names for OpenAPI names: snake_case fields and functions, UpperCamelCase types,
//! keywords escaped as raw identifiers, anything else made into a valid identifier.

use heck::{ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span};

/// Words Rust reserves (2021 edition and later), which need `r#` or a new name.
const KEYWORDS: &[&str] = &[
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while", "async", "await", "dyn", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// Keeps letters, digits and `_`; anything else becomes `_`; a leading digit gets a prefix.
fn sanitize(name: &str, prefix: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        s = format!("{prefix}{s}");
    }
    s
}

/// A field, parameter or function name: `endpoint_type`, `r#type`, `x_request_id`.
pub fn snake(name: &str) -> Ident {
    let s = sanitize(&name.to_snake_case(), "n");
    ident(&s)
}

/// A type or variant name: `ApiCreateRequest`, `Region`.
pub fn camel(name: &str) -> Ident {
    let s = sanitize(&name.to_upper_camel_case(), "V");
    ident(&s)
}

/// The plain text of a snake-case name, for messages (`body.endpoint_type`).
pub fn snake_text(name: &str) -> String {
    sanitize(&name.to_snake_case(), "n")
}

fn ident(s: &str) -> Ident {
    if NOT_RAW.contains(&s) {
        Ident::new(&format!("{s}_"), Span::call_site())
    } else if KEYWORDS.contains(&s) {
        Ident::new_raw(s, Span::call_site())
    } else {
        Ident::new(s, Span::call_site())
    }
}

/// `1.2` → `v1_2`.
pub fn version_module(version: &str) -> Ident {
    ident(&format!("v{}", version.replace(['.', '-'], "_")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(snake("type").to_string(), "r#type");
        assert_eq!(snake("X-Request-Id").to_string(), "x_request_id");
        assert_eq!(snake("self").to_string(), "self_");
        assert_eq!(camel("REGION").to_string(), "Region");
        assert_eq!(camel("created_at:desc").to_string(), "CreatedAtDesc");
        assert_eq!(camel("1st").to_string(), "V1st");
        assert_eq!(version_module("1.2").to_string(), "v1_2");
    }
}
