//! The `Client`'s own methods of a generated crate, before and after: the part of its Rust API
//! that no single API version's spec decides. A new version can make a method call another
//! version (src/codegen/krate.rs, `client_methods`); when that version's operation takes other
//! arguments or gives another builder, the method's signature changes, a breaking change the
//! docs' changelog reports only as an added version.

use std::collections::BTreeMap;

use quote::ToTokens;

use crate::diff::Change;

/// A crate's sources by path within it (`src/lib.rs`, `src/v1_0.rs`).
pub type Sources = BTreeMap<String, String>;

/// Where each builder a version module shares is defined: `(v1_0, ShowQueue)` → `v1_1` for a
/// `pub use super::v1_1::ShowQueue;` in src/v1_0.rs. One type under two paths.
fn shared(sources: &Sources) -> BTreeMap<(String, String), String> {
    let mut out = BTreeMap::new();
    for (path, text) in sources {
        let Some(module) = path
            .strip_prefix("src/")
            .and_then(|p| p.strip_suffix(".rs"))
        else {
            continue;
        };
        for line in text.lines() {
            let Some(rest) = line
                .trim()
                .strip_prefix("pub use super::")
                .and_then(|r| r.strip_suffix(';'))
            else {
                continue;
            };
            if let Some((defining, name)) = rest.split_once("::") {
                out.insert((module.to_string(), name.to_string()), defining.to_string());
            }
        }
    }
    out
}

/// Deeper than generated code nests (a few dozen levels), far shallower than syn's stack.
const MAX_NESTING: usize = 256;

/// The deepest nesting of brackets in `text` (those in strings and comments counted too: an
/// over-estimate, which only makes a file unknown).
fn nesting(text: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for b in text.bytes() {
        match b {
            b'(' | b'[' | b'{' => {
                depth += 1;
                max = max.max(depth);
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

/// `Client`'s public methods in a crate's lib.rs: name → signature (arguments and return
/// type as tokens, a builder named by the module `shared` says defines it). `None` when
/// lib.rs is missing or does not parse.
fn methods(
    sources: &Sources,
    shared: &BTreeMap<(String, String), String>,
) -> Option<BTreeMap<String, String>> {
    let text = sources.get("src/lib.rs")?;
    // syn recurses once per nesting level: a file nested deeper than any generated one
    // (edited by hand in a pull request) is not parsed, it is unknown.
    if nesting(text) > MAX_NESTING {
        return None;
    }
    let file = syn::parse_file(text).ok()?;
    let mut out = BTreeMap::new();
    for item in &file.items {
        let syn::Item::Impl(imp) = item else {
            continue;
        };
        let is_client = matches!(&*imp.self_ty, syn::Type::Path(p)
            if p.path.segments.last().is_some_and(|s| s.ident == "Client"));
        if !is_client || imp.trait_.is_some() {
            continue;
        }
        for f in &imp.items {
            let syn::ImplItem::Fn(f) = f else {
                continue;
            };
            if !matches!(f.vis, syn::Visibility::Public(_)) {
                continue;
            }
            let sig = &f.sig;
            let text = format!(
                "{} {} ( {} ) {} {}",
                sig.asyncness.to_token_stream(),
                sig.generics.to_token_stream(),
                sig.inputs.to_token_stream(),
                sig.output.to_token_stream(),
                sig.generics.where_clause.to_token_stream()
            );
            let tokens: Vec<&str> = text.split(' ').collect();
            let canonical: Vec<&str> = (0..tokens.len())
                .map(|i| {
                    let named = tokens.get(i + 1) == Some(&"::");
                    match tokens.get(i + 2).filter(|_| named) {
                        Some(name) => shared
                            .get(&(tokens[i].to_string(), name.to_string()))
                            .map_or(tokens[i], String::as_str),
                        None => tokens[i],
                    }
                })
                .collect();
            out.insert(f.sig.ident.to_string(), canonical.join(" "));
        }
    }
    Some(out)
}

/// The changes of `Client`'s methods from `old` to `new` lib.rs, as changelog entries of
/// `service` (no API version: the crate's own front door). A removed method or a changed
/// signature is breaking, an added method is not. A lib.rs that is missing or cannot be read
/// (edited by hand, nested too deep) leaves the changes unknown: one breaking entry says so.
pub fn changes(service: &str, old: &Sources, new: &Sources) -> Vec<Change> {
    // Both read with the new crate's sharing: a path of the old signature that names the
    // same type in the new crate (a builder now defined by a newer version and re-exported)
    // is no change.
    let shared = shared(new);
    let mut out = Vec::new();
    let (Some(old), Some(new)) = (methods(old, &shared), methods(new, &shared)) else {
        out.push(Change {
            service: service.to_string(),
            version: String::new(),
            breaking: true,
            subject: "Client".to_string(),
            detail: "its previous or new src/lib.rs cannot be read: its changes are unknown"
                .to_string(),
        });
        return out;
    };
    let mut push = |breaking: bool, name: &str, detail: &str| {
        out.push(Change {
            service: service.to_string(),
            version: String::new(),
            breaking,
            subject: format!("Client::{name}"),
            detail: detail.to_string(),
        })
    };
    for (name, sig) in &old {
        match new.get(name) {
            None => push(true, name, "removed"),
            Some(n) if n != sig => push(true, name, "its arguments or its builder changed"),
            Some(_) => {}
        }
    }
    for name in new.keys().filter(|n| !old.contains_key(*n)) {
        push(false, name, "added");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_methods_compared() {
        let sources = |lib: &str, v1_0: &str| -> Sources {
            [("src/lib.rs", lib), ("src/v1_0.rs", v1_0)]
                .into_iter()
                .map(|(p, t)| (p.to_string(), t.to_string()))
                .collect()
        };
        let old = sources("pub struct Client; impl Client { pub fn a(&self) -> v1_0::A { todo!() } pub fn b(&self, x: String) -> v1_0::B { todo!() } pub fn c(&self) -> v1_0::C { todo!() } pub fn e(&self) -> v1_0::E { todo!() } fn private(&self) {} } impl Other { pub fn z(&self) {} }", "");
        // `e` now calls 1.1, whose builder v1_0 shares: the same type, the same signature.
        let new = sources("pub struct Client; impl Client { pub fn a(&self) -> v1_0::A { self.other() } pub fn b(&self, x: String, y: u8) -> v1_1::B { todo!() } pub fn d(&self) -> v1_1::D { todo!() } pub fn e(&self) -> v1_1::E { todo!() } }", "pub use super::v1_1::E;");
        let found: Vec<String> = changes("s", &old, &new)
            .iter()
            .map(|c| format!("{} {} {}", c.breaking, c.subject, c.detail))
            .collect();
        assert_eq!(
            found,
            [
                "true Client::b its arguments or its builder changed",
                "true Client::c removed",
                "false Client::d added",
            ]
        );
        let unknown = changes("s", &sources("not rust {", ""), &new);
        assert_eq!(unknown.len(), 1);
        assert!(unknown[0].breaking);
        let deep = format!("{}{}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(changes("s", &sources(&deep, ""), &new)[0].breaking);
    }
}
