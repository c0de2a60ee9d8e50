//! Spec text → a JSON tree, bounded and strict. A spec file is input any pull request can
//! change, so reading it must end within bounds and lose nothing silently:
//!
//! - **Aliases.** A YAML alias repeats its anchor's whole subtree, so 300 aliases of a
//!   100k-item list make 30 million nodes out of 1 MB. The tree is built by a visitor that
//!   counts every node it makes (aliases expanded) and stops at a budget proportional to the
//!   input ([`node_budget`]), before the tree grows past it.
//! - **Flow nesting.** libyaml's scanner is quadratic in the depth of flow collections
//!   (`[[[[…]]]]`: 100k levels take over a minute), and serde stops at 128 levels anyway, so
//!   the text is measured first ([`flow_depth_over`]) and a deeper document is refused
//!   before libyaml sees it.
//! - **Duplicate keys.** YAML and JSON parsers keep the last of two equal keys (a second
//!   `get:` would replace the first operation); here it is an error naming both.
//! - **A byte-order mark** in front is dropped (YAML would read it as content).

use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// Flow collections may nest this deep (serde's own limit for any nesting is 128).
pub const MAX_FLOW_DEPTH: usize = 256;

/// How many nodes a document of `bytes` bytes may expand to: twice its size, plus room for
/// the small anchors real specs share. A document without aliases has fewer nodes than
/// bytes, so only alias expansion can reach it.
pub fn node_budget(bytes: usize) -> u64 {
    2 * bytes as u64 + 65_536
}

/// Why a spec's text gives no tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeError {
    /// 1-based, 0 when unknown.
    pub line: usize,
    pub message: String,
}

impl fmt::Display for TreeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The tree of a spec's text (`json` when the file is JSON).
pub fn parse(text: &str, json: bool) -> Result<Value, TreeError> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut budget = Budget {
        left: node_budget(text.len()),
        total: node_budget(text.len()),
    };
    if json {
        let mut de = serde_json::Deserializer::from_str(text);
        let value = Node {
            budget: &mut budget,
            at: &Path::Root,
        }
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v))
        .map_err(|e| TreeError {
            line: e.line(),
            message: e.to_string(),
        })?;
        return Ok(value);
    }
    if let Some(line) = flow_depth_over(text, MAX_FLOW_DEPTH) {
        return Err(TreeError {
            line,
            message: format!(
                "flow collections (`[...]`, `{{...}}`) nested deeper than {MAX_FLOW_DEPTH} levels"
            ),
        });
    }
    let de = serde_norway::Deserializer::from_str(text);
    Node {
        budget: &mut budget,
        at: &Path::Root,
    }
    .deserialize(de)
    .map_err(|e| TreeError {
        line: e.location().map_or(0, |l| l.line()),
        message: e.to_string(),
    })
}

/// The nodes still allowed.
struct Budget {
    left: u64,
    total: u64,
}

/// Where a node is, for messages (built into a JSON pointer only when one is needed).
enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => f.write_str("#"),
            Path::Key(parent, key) => {
                write!(f, "{parent}/{}", key.replace('~', "~0").replace('/', "~1"))
            }
            Path::Index(parent, i) => write!(f, "{parent}/{i}"),
        }
    }
}

/// A node of the tree: counts itself against the budget, then reads its value.
struct Node<'b, 'p> {
    budget: &'b mut Budget,
    at: &'p Path<'p>,
}

impl<'de> DeserializeSeed<'de> for Node<'_, '_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        if self.budget.left == 0 {
            return Err(de::Error::custom(format_args!(
                "the document expands to more than {} nodes (YAML aliases repeating large anchors?); refused at {}",
                self.budget.total, self.at
            )));
        }
        self.budget.left -= 1;
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Node<'_, '_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML or JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    // Beyond 64 bits: kept as the nearest float, as a JSON reader would; whoever reads the
    // number checks its range (a schema bound out of an integer's range is reported there).
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        self.visit_f64(v as f64)
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        self.visit_f64(v as f64)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        Number::from_f64(v).map(Value::Number).ok_or_else(|| {
            E::custom(format_args!(
                "{}: {v} is not a number JSON can hold",
                self.at
            ))
        })
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let at = Path::Index(self.at, items.len());
            let node = Node {
                budget: &mut *self.budget,
                at: &at,
            };
            match seq.next_element_seed(node)? {
                Some(v) => items.push(v),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let at = Path::Key(self.at, &key);
            let value = map.next_value_seed(Node {
                budget: &mut *self.budget,
                at: &at,
            })?;
            if out.contains_key(&key) {
                return Err(de::Error::custom(format_args!(
                    "{at}: the key `{}` is given twice (a reader would keep only the last one)",
                    key.escape_debug()
                )));
            }
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

/// The 1-based line where flow collections of `text` (YAML) first nest deeper than `limit`,
/// if they do. A measure of the text, not a parse: quoted scalars, comments and block
/// scalars are skipped, and outside flow collections a bracket opens one only where a value
/// starts; it errs, if at all, towards counting less.
pub fn flow_depth_over(text: &str, limit: usize) -> Option<usize> {
    #[derive(Clone, Copy, PartialEq)]
    enum Quote {
        None,
        Single,
        Double,
    }
    let mut depth = 0usize;
    let mut quote = Quote::None;
    // The indentation of the line that opened a block scalar, while in one.
    let mut block: Option<usize> = None;
    for (n, line) in text.lines().enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(open) = block {
            if line.trim().is_empty() || indent > open {
                continue;
            }
            block = None;
        }
        // The last character that was not a space, on this line: a flow collection outside
        // others starts only after `:`, `-`, `?`, `,`, or at the line's start.
        let mut prev: Option<char> = None;
        let mut chars = line.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match quote {
                Quote::Single => {
                    if c == '\'' {
                        if chars.peek().map(|&(_, c)| c) == Some('\'') {
                            chars.next();
                        } else {
                            quote = Quote::None;
                        }
                    }
                    continue;
                }
                Quote::Double => {
                    if c == '\\' {
                        chars.next();
                    } else if c == '"' {
                        quote = Quote::None;
                    }
                    continue;
                }
                Quote::None => {}
            }
            let starts_value = depth > 0 || matches!(prev, None | Some(':' | '-' | '?' | ','));
            match c {
                // A comment starts at `#` after a space (or alone on its line).
                '#' if prev.is_none() || line[..i].ends_with([' ', '\t']) => break,
                '\'' | '"' if starts_value || matches!(prev, Some('[' | '{')) => {
                    quote = if c == '\'' {
                        Quote::Single
                    } else {
                        Quote::Double
                    };
                }
                '[' | '{' if starts_value => {
                    depth += 1;
                    if depth > limit {
                        return Some(n + 1);
                    }
                }
                ']' | '}' if depth > 0 => depth -= 1,
                _ => {}
            }
            if c != ' ' && c != '\t' {
                prev = Some(c);
            }
        }
        // `key: |` or `- >-` at depth 0 opens a block scalar on the next lines.
        if depth == 0 && quote == Quote::None {
            let t = line.trim_end();
            let last = t.rsplit(' ').next().unwrap_or("");
            if (last.starts_with('|') || last.starts_with('>'))
                && last[1..]
                    .chars()
                    .all(|c| c.is_ascii_digit() || c == '-' || c == '+')
                && (t.len() == last.len() || t[..t.len() - last.len()].ends_with([':', '-', ' ']))
            {
                block = Some(indent);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_yaml_and_json_like_serde() {
        let yaml = "\u{FEFF}a: 1\nb: [x, {c: true}]\n'200': ok\nbig: 99999999999999999999999\n";
        let v = parse(yaml, false).unwrap();
        assert_eq!(v["a"], 1);
        assert_eq!(v["b"][1]["c"], true);
        assert_eq!(v["200"], "ok");
        assert_eq!(v["big"].as_f64(), Some(1e23));
        let v = parse("{\"a\": [1, 2.5, null]}", true).unwrap();
        assert_eq!(v["a"][1], 2.5);
    }

    #[test]
    fn alias_amplification_stops_at_the_budget() {
        let items: String = (0..20_000).map(|_| "  - x\n").collect();
        let aliases: String = (0..300).map(|i| format!("  a{i}: *big\n")).collect();
        let text = format!("x: &big\n{items}y:\n{aliases}");
        let e = parse(&text, false).unwrap_err();
        assert!(e.message.contains("expands to more than"), "{e}");
        assert!(e.message.contains("#/y/a"), "{e}");
        // A few aliases of a small anchor are fine.
        let ok = "r: &r {description: ok}\na: *r\nb: *r\n";
        assert_eq!(parse(ok, false).unwrap()["b"]["description"], "ok");
    }

    #[test]
    fn duplicate_keys_are_errors_with_their_pointer() {
        let e = parse("paths:\n  /a:\n    get: {}\n    get: {}\n", false).unwrap_err();
        assert!(
            e.message
                .contains("#/paths/~1a/get: the key `get` is given twice"),
            "{e}"
        );
        let e = parse("{\"a\": {\"b\": 1, \"b\": 2}}", true).unwrap_err();
        assert!(e.message.contains("#/a/b"), "{e}");
        assert_eq!(e.line, 1);
    }

    #[test]
    fn deep_flow_nesting_is_refused_before_parsing() {
        let deep = format!("x: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let e = parse(&deep, false).unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.message.contains("nested deeper than 256"), "{e}");
        let deep = format!("a: 1\nb:\n  - {}\n", "{x: ".repeat(300));
        assert_eq!(flow_depth_over(&deep, 256), Some(3));
    }

    #[test]
    fn brackets_that_open_nothing_are_not_counted() {
        let many = "[".repeat(1000);
        for text in [
            format!("a: text {many}\n"),
            format!("a: '{many}'\n"),
            format!("a: \"{many}\"\n"),
            format!("a: 1 # {many}\n"),
            format!("a: |\n  {many}\n  more\nb: 1\n"),
            format!("a: >-\n  {many}\n"),
            format!("- \"x\\\" {many}\"\n"),
            format!("a: 'it''s {many}'\n"),
        ] {
            assert_eq!(flow_depth_over(&text, 256), None, "{text}");
        }
        assert_eq!(flow_depth_over("a: [[1], {b: [2]}]\n", 2), Some(1));
        assert_eq!(flow_depth_over("a: [[1], {b: [2]}]\n", 3), None);
    }

    /// A random YAML document: nested block and flow collections, scalars of every kind,
    /// anchors and aliases of small subtrees; keys distinct.
    fn next(seed: &mut u64, n: u64) -> u64 {
        *seed ^= *seed << 13;
        *seed ^= *seed >> 7;
        *seed ^= *seed << 17;
        *seed % n
    }

    fn random_yaml(
        seed: &mut u64,
        depth: usize,
        indent: usize,
        out: &mut String,
        anchors: &mut u32,
    ) {
        let pad = " ".repeat(indent);
        for k in 0..1 + next(seed, 4) {
            out.push_str(&format!("{pad}k{k}:"));
            match (next(seed, 6), depth) {
                (0, d) if d < 4 => {
                    out.push('\n');
                    random_yaml(seed, depth + 1, indent + 2, out, anchors);
                    continue;
                }
                (1, _) => out.push_str(" [1, 'two', {a: null, b: [true, 2.5]}]"),
                (2, _) if *anchors > 0 => {
                    out.push_str(&format!(" *a{}", next(seed, *anchors as u64)))
                }
                (3, _) => {
                    out.push_str(&format!(
                        " &a{anchors} {{x: [1, 2, 3], y: \"#not a comment\"}}"
                    ));
                    *anchors += 1;
                }
                (4, _) => out.push_str(&format!(" |\n{pad}  text [ {{ with brackets\n{pad}  more")),
                _ => out.push_str(" plain text # a comment"),
            }
            out.push('\n');
        }
    }

    // The bounded reader builds the same tree as serde's own (aliases expanded), for any
    // document within its bounds.
    #[test]
    fn the_tree_is_serdes_tree() {
        let mut seed = 0xa11a5_u64;
        for _ in 0..300 {
            let mut text = String::new();
            random_yaml(&mut seed, 0, 0, &mut text, &mut 0);
            let ours = parse(&text, false).unwrap_or_else(|e| panic!("{e}\n{text}"));
            let serdes: Value = serde_norway::from_str(&text).unwrap();
            assert_eq!(ours, serdes, "{text}");
            assert_eq!(flow_depth_over(&text, 3), None, "{text}");
        }
    }
}
