//! The doc's schema-type grammar, as written in the `Schema` column:
//!
//! ```text
//! type  := "any of [" type ("," type)* "]" | "array[" type "]" | "object[" type "]"
//!        | "enum (" value ("," value)* ")" | prim [" (" format ")"] | "null" | Model
//! prim  := string | integer | number | boolean | object
//! ```

use std::fmt;

/// A primitive type keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Primitive {
    String,
    Integer,
    Number,
    Boolean,
    /// A free-form JSON object.
    Object,
}

/// A parsed `Schema` cell.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TypeExpr {
    Primitive {
        kind: Primitive,
        format: Option<String>,
    },
    Array(Box<TypeExpr>),
    /// `object[T]`: a map from strings to T.
    Map(Box<TypeExpr>),
    Enum(Vec<String>),
    AnyOf(Vec<TypeExpr>),
    Null,
    /// A model of the same service.
    Ref(String),
}

impl TypeExpr {
    /// Parses a whole cell; `None` when it is not a type (so the cell is prose or a default).
    pub fn parse(text: &str) -> Option<TypeExpr> {
        let mut p = Parser {
            s: text.trim(),
            pos: 0,
            depth: 0,
        };
        let t = p.ty()?;
        p.ws();
        (p.pos == p.s.len()).then_some(t)
    }

    /// `any of [T, null]` → `(T, true)`; anything else → `(self, false)`.
    pub fn strip_null(&self) -> (&TypeExpr, bool) {
        if let TypeExpr::AnyOf(items) = self {
            let non_null: Vec<&TypeExpr> = items.iter().filter(|t| **t != TypeExpr::Null).collect();
            if non_null.len() == 1 && items.len() == 2 {
                return (non_null[0], true);
            }
        }
        (self, false)
    }

    /// Model names this type mentions, in order.
    pub fn refs(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_refs(&mut out);
        out
    }

    fn collect_refs<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            TypeExpr::Ref(name) => out.push(name),
            TypeExpr::Array(t) | TypeExpr::Map(t) => t.collect_refs(out),
            TypeExpr::AnyOf(items) => items.iter().for_each(|t| t.collect_refs(out)),
            TypeExpr::Primitive { .. } | TypeExpr::Enum(_) | TypeExpr::Null => {}
        }
    }

    /// `true` for a bare model name: the only type a default value could be mistaken for.
    pub fn is_bare_ref(&self) -> bool {
        matches!(self, TypeExpr::Ref(_))
    }
}

impl fmt::Display for TypeExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeExpr::Primitive { kind, format } => {
                let name = match kind {
                    Primitive::String => "string",
                    Primitive::Integer => "integer",
                    Primitive::Number => "number",
                    Primitive::Boolean => "boolean",
                    Primitive::Object => "object",
                };
                match format {
                    Some(fmt_) => write!(f, "{name} ({fmt_})"),
                    None => f.write_str(name),
                }
            }
            TypeExpr::Array(t) => write!(f, "array[{t}]"),
            TypeExpr::Map(t) => write!(f, "object[{t}]"),
            TypeExpr::Enum(values) => write!(f, "enum ({})", values.join(", ")),
            TypeExpr::AnyOf(items) => {
                let parts: Vec<String> = items.iter().map(ToString::to_string).collect();
                write!(f, "any of [{}]", parts.join(", "))
            }
            TypeExpr::Null => f.write_str("null"),
            TypeExpr::Ref(name) => f.write_str(name),
        }
    }
}

/// Words that look like model names but are cell fillers, never types.
const NOT_MODELS: &[&str] = &["None", "True", "False", "Null", "N/A"];

/// How deep `array[`, `object[` and `any of [` may nest. The docs nest three levels at most
/// (`any of [array[any of [string, null]], null]`); the parser recurses per level, and a cell
/// of thousands of levels would overflow the stack. A deeper cell is no type (see
/// [`max_nesting`] for telling the reader why).
pub const MAX_TYPE_DEPTH: usize = 32;

/// The deepest bracket nesting (`[`, `(`) in `text`: a cell beyond [`MAX_TYPE_DEPTH`] is
/// reported as too deep rather than as prose.
pub fn max_nesting(text: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for b in text.bytes() {
        match b {
            b'[' | b'(' => {
                depth += 1;
                max = max.max(depth);
            }
            b']' | b')' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    max
}

struct Parser<'a> {
    s: &'a str,
    pos: usize,
    /// Open `[` levels, bounded by [`MAX_TYPE_DEPTH`].
    depth: usize,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.s[self.pos..]
    }

    fn ws(&mut self) {
        let trimmed = self.rest().trim_start();
        self.pos = self.s.len() - trimmed.len();
    }

    fn eat(&mut self, token: &str) -> bool {
        self.ws();
        if self.rest().starts_with(token) {
            self.pos += token.len();
            true
        } else {
            false
        }
    }

    fn ident(&mut self) -> Option<&str> {
        self.ws();
        let rest = self.rest();
        let len = rest
            .char_indices()
            .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '_'))
            .map_or(rest.len(), |(i, _)| i);
        if len == 0 {
            return None;
        }
        let start = self.pos;
        self.pos += len;
        Some(&self.s[start..start + len])
    }

    fn ty(&mut self) -> Option<TypeExpr> {
        if self.depth >= MAX_TYPE_DEPTH {
            return None;
        }
        self.depth += 1;
        let t = self.ty_inner();
        self.depth -= 1;
        t
    }

    fn ty_inner(&mut self) -> Option<TypeExpr> {
        self.ws();
        if self.eat("any of [") {
            let mut items = vec![self.ty()?];
            while self.eat(",") {
                items.push(self.ty()?);
            }
            return self.eat("]").then_some(TypeExpr::AnyOf(items));
        }
        if self.eat("enum (") {
            return self.enum_values();
        }
        let save = self.pos;
        let word = self.ident()?.to_string();
        match word.as_str() {
            "array" | "object" if self.eat("[") => {
                let inner = self.ty()?;
                if !self.eat("]") {
                    return None;
                }
                Some(if word == "array" {
                    TypeExpr::Array(Box::new(inner))
                } else {
                    TypeExpr::Map(Box::new(inner))
                })
            }
            "string" | "integer" | "number" | "boolean" | "object" => {
                let kind = match word.as_str() {
                    "string" => Primitive::String,
                    "integer" => Primitive::Integer,
                    "number" => Primitive::Number,
                    "boolean" => Primitive::Boolean,
                    _ => Primitive::Object,
                };
                let format = self.format();
                Some(TypeExpr::Primitive { kind, format })
            }
            "null" => Some(TypeExpr::Null),
            _ if word.starts_with(|c: char| c.is_ascii_uppercase())
                && !NOT_MODELS.contains(&word.as_str()) =>
            {
                Some(TypeExpr::Ref(word))
            }
            _ => {
                self.pos = save;
                None
            }
        }
    }

    /// ` (date-time)` after a primitive.
    fn format(&mut self) -> Option<String> {
        let save = self.pos;
        if self.eat("(") {
            let rest = self.rest();
            if let Some(end) = rest.find(')') {
                let fmt_ = rest[..end].trim();
                if !fmt_.is_empty()
                    && fmt_
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                {
                    let fmt_ = fmt_.to_string();
                    self.pos += end + 1;
                    return Some(fmt_);
                }
            }
        }
        self.pos = save;
        None
    }

    /// The values of `enum (A, B)` up to the closing parenthesis.
    fn enum_values(&mut self) -> Option<TypeExpr> {
        let rest = self.rest();
        let end = rest.find(')')?;
        let values: Vec<String> = rest[..end]
            .split(',')
            .map(|v| v.trim().to_string())
            .collect();
        if values.iter().any(String::is_empty) {
            return None;
        }
        self.pos += end + 1;
        Some(TypeExpr::Enum(values))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> TypeExpr {
        TypeExpr::parse(s).unwrap_or_else(|| panic!("{s} should parse"))
    }

    #[test]
    fn trap5_nested_grammar() {
        let t = p("any of [array[enum (GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS, ANY)], null]");
        let (inner, nullable) = t.strip_null();
        assert!(nullable);
        let TypeExpr::Array(items) = inner else {
            panic!()
        };
        assert_eq!(
            **items,
            TypeExpr::Enum(
                vec!["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "ANY"]
                    .into_iter()
                    .map(String::from)
                    .collect()
            )
        );
        assert_eq!(
            p("object[boolean]"),
            TypeExpr::Map(Box::new(TypeExpr::Primitive {
                kind: Primitive::Boolean,
                format: None
            }))
        );
        assert_eq!(
            p("array[object]"),
            TypeExpr::Array(Box::new(TypeExpr::Primitive {
                kind: Primitive::Object,
                format: None
            }))
        );
        assert_eq!(
            p("string (date-time)"),
            TypeExpr::Primitive {
                kind: Primitive::String,
                format: Some("date-time".into())
            }
        );
        assert_eq!(p("integer (int64)").to_string(), "integer (int64)");
        assert_eq!(p("any of [Encryption, null]").refs(), vec!["Encryption"]);
        assert_eq!(
            p("array[any of [string, null]]").to_string(),
            "array[any of [string, null]]"
        );
    }

    #[test]
    fn display_round_trips() {
        for s in [
            "any of [array[Tag], null]",
            "enum (REGION, PRIVATE)",
            "object[Disk]",
            "any of [object[boolean], null]",
        ] {
            assert_eq!(p(s).to_string(), s);
        }
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = |n: usize, open: &str| format!("{}string{}", open.repeat(n), "]".repeat(n));
        for open in ["array[", "object[", "any of ["] {
            assert!(
                TypeExpr::parse(&deep(MAX_TYPE_DEPTH - 1, open)).is_some(),
                "{open}"
            );
            assert_eq!(TypeExpr::parse(&deep(MAX_TYPE_DEPTH, open)), None, "{open}");
            // Thousands of levels: no stack overflow, just no type.
            assert_eq!(TypeExpr::parse(&deep(5000, open)), None, "{open}");
            assert_eq!(max_nesting(&deep(5000, open)), 5000);
        }
    }

    #[test]
    fn prose_and_defaults_are_not_types() {
        for s in [
            "None",
            "-",
            "20",
            "size Example : 20",
            "이름",
            "JWT(JSON WEB Token)",
            "array[",
            "any of [string",
            "[]",
            "True",
            "",
        ] {
            assert_eq!(TypeExpr::parse(s), None, "{s}");
        }
        // A capitalised word is a model name as far as the grammar knows; the row splitter
        // decides with the model list whether it is the Schema or the Default cell.
        assert!(p("REGION").is_bare_ref());
    }
}
