//! Rust names for OpenAPI names, through one collision-free namer.
//!
//! Every Rust item scpgen emits is named in a [`Scope`]: the names of one namespace (the
//! types of a module, the fields and methods of a struct, the methods of a handle). A scope
//! starts with the names that are already taken there (the std prelude's types, the runtime
//! items a module imports, a builder's own `send`/`new`/`rt`), and hands out each wanted name
//! once: `fooBar`, `foo_bar` and `foo-bar` become `foo_bar` and `foo_bar_2`; `Thing` and
//! `THING` become `Thing` and `Thing2`; a model named `Option` becomes `Option2`. Names are
//! claimed in the order of the spec, so the output is deterministic. The text is always a
//! valid identifier (any input: non-ASCII, leading digits, keywords, empty).

use std::collections::HashSet;

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

/// Keywords that cannot be raw identifiers: they get a trailing `_`.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Type names the generated code uses unqualified (the std prelude and the derives): a model
/// or builder with one of these names would shadow it and break the crate.
pub const PRELUDE_TYPES: &[&str] = &[
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "ToString",
    "ToOwned",
    "Clone",
    "Copy",
    "Send",
    "Sync",
    "Sized",
    "Unpin",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "Into",
    "TryFrom",
    "TryInto",
    "Iterator",
    "IntoIterator",
    "Extend",
    "FromIterator",
    "DoubleEndedIterator",
    "ExactSizeIterator",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "Hash",
    "Debug",
    "Default",
    "AsRef",
    "AsMut",
    // Not the prelude's, but a type `New` with its `fn new` trips clippy's
    // `self_named_constructors`.
    "New",
];

/// Keeps ASCII letters, digits and `_`; anything else becomes `_`, and runs of `_` become
/// one (rustc's `non_snake_case` lint rejects `a__b`); a name that is empty, all
/// underscores or starts with a digit gets `prefix`.
fn sanitize(name: &str, prefix: &str) -> String {
    let mut s = String::with_capacity(name.len());
    for c in name.chars() {
        let c = if c.is_ascii_alphanumeric() || c == '_' {
            c
        } else {
            '_'
        };
        if !(c == '_' && s.ends_with('_')) {
            s.push(c);
        }
    }
    if s.chars().all(|c| c == '_') || s.starts_with(|c: char| c.is_ascii_digit()) {
        s = format!("{prefix}{s}");
    }
    not_raw(s)
}

/// A keyword that cannot be raw gets a new name here, so scopes see the final text.
fn not_raw(mut s: String) -> String {
    if NOT_RAW.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

/// The snake_case text of a name, a valid identifier once [`ident`] makes it one
/// (`endpointType` → `endpoint_type`, `self` → `self_`).
pub fn snake_text(name: &str) -> String {
    sanitize(&name.to_snake_case(), "n")
}

/// The UpperCamelCase text of a name (`REGION` → `Region`, `1st` → `V1st`). No `_` is
/// left between its parts (rustc's `non_camel_case_types` lint rejects `Self_2` and
/// `_hing`, which a non-ASCII letter would leave): each part starts upper-case.
pub fn camel_text(name: &str) -> String {
    let ascii = sanitize(&name.to_upper_camel_case(), "V");
    if ascii.ends_with('_') && NOT_RAW.contains(&ascii.trim_end_matches('_')) {
        return ascii;
    }
    let mut s = String::with_capacity(ascii.len());
    for part in ascii.split('_') {
        let mut chars = part.chars();
        if let Some(first) = chars.next() {
            s.push(first.to_ascii_uppercase());
            s.extend(chars);
        }
    }
    if s.is_empty() || s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'V');
    }
    not_raw(s)
}

/// Two snake_case texts joined by one `_` (`with` and `_hing` give `with_hing`, not the
/// `with__hing` rustc's `non_snake_case` lint rejects). Claim the result in a scope: two
/// names can join to one text.
pub fn snake_join(a: &str, b: &str) -> String {
    let (a, b) = (
        a.trim_start_matches("r#").trim_end_matches('_'),
        b.trim_start_matches("r#").trim_start_matches('_'),
    );
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a}_{b}"),
    }
}

/// The SCREAMING_SNAKE_CASE text of a name, for statics.
pub fn upper_text(name: &str) -> String {
    snake_text(name).to_ascii_uppercase()
}

/// A field, parameter or function name: `endpoint_type`, `r#type`, `x_request_id`.
/// Unscoped: use a [`Scope`] for anything emitted beside other names.
#[cfg(test)]
pub fn snake(name: &str) -> Ident {
    ident(&snake_text(name))
}

/// A type or variant name. Unscoped: use a [`Scope`] for items.
#[cfg(test)]
pub fn camel(name: &str) -> Ident {
    ident(&camel_text(name))
}

/// The identifier for a text made by this module (keywords become raw identifiers).
pub fn ident(s: &str) -> Ident {
    debug_assert!(is_identifier(s), "not an identifier: {s:?}");
    if KEYWORDS.contains(&s) {
        Ident::new_raw(s, Span::call_site())
    } else {
        Ident::new(s, Span::call_site())
    }
}

/// Whether `s` is an ASCII identifier this module could have made.
fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !NOT_RAW.contains(&s)
}

/// `1.2` → `v1_2`; a plain version (see [`crate::vocab::ApiVersion::plain`]: letters, digits
/// and dots) the same way, `v_` before a letter (`nuri` → `v_nuri`). Dots are the only
/// separator a version has, so two versions never give one module.
pub fn version_module(version: &str) -> Ident {
    ident(&version_module_text(version))
}

pub fn version_module_text(version: &str) -> String {
    let joiner = if version.starts_with(|c: char| c.is_ascii_digit()) {
        "v"
    } else {
        "v_"
    };
    sanitize(&format!("{joiner}{}", version.replace(['.', '-'], "_")), "v")
}

/// `iam-lite` → `scp_iam_lite`: the crate's name in Rust paths (cargo's own rule).
pub fn crate_ident(slug: &str) -> Ident {
    ident(&sanitize(&format!("scp_{}", slug.replace('-', "_")), "scp"))
}

/// Whether rustc's `non_snake_case` lint takes `ident` (its rule, from
/// compiler/rustc_lint/src/nonstandard_style.rs): no upper case, no `__` inside.
pub fn passes_snake_case_lint(ident: &str) -> bool {
    let ident = ident.trim_start_matches("r#").trim_matches('_');
    let mut allow_underscore = true;
    ident.chars().all(|c| {
        allow_underscore = match c {
            '_' if !allow_underscore => return false,
            '_' => false,
            c if !c.is_uppercase() => true,
            _ => return false,
        };
        true
    })
}

/// Whether rustc's `non_camel_case_types` lint takes `name`: not starting lower-case, no
/// `__`, no `_` beside a letter.
pub fn passes_camel_case_lint(name: &str) -> bool {
    let name = name.trim_start_matches("r#").trim_matches('_');
    let Some(first) = name.chars().next() else {
        return true;
    };
    let has_case = |c: char| c.is_lowercase() || c.is_uppercase();
    let chars: Vec<char> = name.chars().collect();
    !first.is_lowercase()
        && !name.contains("__")
        && !chars
            .windows(2)
            .any(|w| has_case(w[0]) && w[1] == '_' || has_case(w[1]) && w[0] == '_')
}

/// How a scope makes a taken name unique.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// `foo_bar_2`
    Snake,
    /// `Thing2`
    Camel,
}

/// One namespace: hands out each name once, with a numeric suffix for the second comer.
#[derive(Debug, Clone)]
pub struct Scope {
    taken: HashSet<String>,
    style: Style,
}

impl Scope {
    /// A scope of snake_case names (fields, methods), with `reserved` taken.
    pub fn snake(reserved: &[&str]) -> Self {
        Scope {
            taken: reserved.iter().map(|s| s.to_string()).collect(),
            style: Style::Snake,
        }
    }

    /// A scope of UpperCamelCase names (types, variants), with `reserved` taken.
    pub fn camel(reserved: &[&str]) -> Self {
        Scope {
            taken: reserved.iter().map(|s| s.to_string()).collect(),
            style: Style::Camel,
        }
    }

    /// Marks a name as taken (an item named elsewhere, such as a version accessor).
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_string());
    }

    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// A free name for `wanted`, converted to the scope's case.
    pub fn claim(&mut self, wanted: &str) -> Ident {
        let base = match self.style {
            Style::Snake => snake_text(wanted),
            Style::Camel => camel_text(wanted),
        };
        ident(&self.claim_text(base))
    }

    /// A free name for an identifier text that is already in the scope's case.
    pub fn claim_text(&mut self, base: String) -> String {
        let mut name = base.clone();
        let mut n = 2;
        while self.taken.contains(&name) {
            // No `__` and no `_` beside a digit in a camel name: both are lints.
            name = match self.style {
                Style::Snake if base.ends_with('_') => format!("{base}{n}"),
                Style::Snake => format!("{base}_{n}"),
                Style::Camel => format!("{}{n}", base.trim_end_matches('_')),
            };
            n += 1;
        }
        debug_assert!(
            match self.style {
                Style::Snake =>
                    passes_snake_case_lint(&name) || name.starts_with(char::is_uppercase),
                Style::Camel => passes_camel_case_lint(&name),
            },
            "a name the naming lints reject: {name}"
        );
        self.taken.insert(name.clone());
        name
    }
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
        assert_eq!(camel("self").to_string(), "Self_");
        assert_eq!(version_module("1.2").to_string(), "v1_2");
        assert_eq!(version_module("nuri").to_string(), "v_nuri");
        assert_eq!(version_module("0.0.1.dev530").to_string(), "v0_0_1_dev530");
        assert_eq!(crate_ident("iam-lite").to_string(), "scp_iam_lite");
    }

    #[test]
    fn any_text_gives_an_identifier() {
        for s in [
            "", "_", "__", "-", "한글", "1", "a b", "`", "r#x", "Self", "crate", "super", "🙂x",
        ] {
            for text in [snake_text(s), camel_text(s), upper_text(s)] {
                assert!(is_identifier(&text), "{s:?} gave {text:?}");
                let _ = ident(&text);
            }
        }
    }

    // The class: any name, claimed any number of times, gives names no naming lint
    // rejects (`self__2`, `Self_2` and `_hing` did).
    #[test]
    fn every_name_passes_rusts_naming_lints() {
        const PIECES: &[&str] = &[
            "self", "Self", "_", "__", "2", "a", "B", "Т", "한", "-", " ", "type", "crate", "x1",
            "_2", "é", "super", "V", "n",
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut snakes = Scope::snake(&["rt", "send"]);
        let mut camels = Scope::camel(PRELUDE_TYPES);
        for _ in 0..5_000 {
            let name: String = (0..1 + next(4))
                .map(|_| PIECES[next(PIECES.len())])
                .collect();
            for _ in 0..1 + next(3) {
                let s = snakes.claim(&name).to_string();
                let c = camels.claim(&name).to_string();
                assert!(passes_snake_case_lint(&s), "{name:?} gave {s}");
                assert!(passes_camel_case_lint(&c), "{name:?} gave {c}");
                assert!(is_identifier(&snake_text(&name)) && is_identifier(&camel_text(&name)));
            }
        }
        assert!(
            !passes_snake_case_lint("self__2")
                && !passes_camel_case_lint("Self_2")
                && !passes_camel_case_lint("_hing")
        );
    }

    #[test]
    fn joined_names_have_one_underscore() {
        assert_eq!(snake_join("with", "_hing"), "with_hing");
        assert_eq!(snake_join("self_", "segment"), "self_segment");
        assert_eq!(snake_join("r#type", "segment"), "type_segment");
    }

    #[test]
    fn scopes_hand_out_each_name_once() {
        let mut fields = Scope::snake(&["rt", "send"]);
        let got: Vec<String> = ["fooBar", "foo_bar", "foo-bar", "rt", "send", "type", "type"]
            .iter()
            .map(|n| fields.claim(n).to_string())
            .collect();
        assert_eq!(
            got,
            [
                "foo_bar",
                "foo_bar_2",
                "foo_bar_3",
                "rt_2",
                "send_2",
                "r#type",
                "type_2"
            ]
        );
        let mut types = Scope::camel(PRELUDE_TYPES);
        let got: Vec<String> = ["Thing", "THING", "Option", "String", "Option2"]
            .iter()
            .map(|n| types.claim(n).to_string())
            .collect();
        assert_eq!(got, ["Thing", "Thing2", "Option2", "String2", "Option22"]);
    }
}
