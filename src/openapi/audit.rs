//! A spec file's tree audited before the `openapiv3` model reads it. That model reads
//! numbers into fixed types and falls back to an untyped schema when one does not fit: an
//! integer `minimum: 99999999999999999999999`, `enum: [1.0, 2.0]` on an integer or
//! `enum: [1, 2]` on a string silently made the whole schema untyped; a path not starting
//! with `/` silently lost its operations. Here every such value is put in the form the model
//! reads when its meaning is clear (an integral `1.0` is `1`, an exclusive integer bound is
//! the next integer, a bound no 64-bit value can reach on its side bounds nothing), and
//! reported with its JSON pointer and left out when it is not (a bound no value satisfies,
//! enum values of another type, a pattern no regex engine reads, `minimum` above `maximum`).
//! Names with control characters are errors, as they are on pages.

use serde_json::{Map, Number, Value};

use super::walk::{self, escape};
use crate::diag::Rule;

/// One finding, its message starting with the JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: Rule,
    pub message: String,
}

/// Audits (and mends) a spec tree; what it found, in tree order.
pub fn audit(doc: &mut Value) -> Vec<Finding> {
    let mut auditor = Auditor {
        findings: Vec::new(),
    };
    auditor.paths(doc);
    auditor.names(doc);
    auditor.styles(doc);
    walk::schemas(doc, &mut auditor);
    auditor.findings
}

struct Auditor {
    findings: Vec<Finding>,
}

const LOW: f64 = i64::MIN as f64;
const HIGH: f64 = i64::MAX as f64;

impl walk::Visit for Auditor {
    fn schema(&mut self, s: &mut Map<String, Value>, at: &str) {
        if let Some(props) = s.get("properties").and_then(Value::as_object) {
            for name in props.keys() {
                self.name(
                    "property",
                    name,
                    &format!("{at}/properties/{}", escape(name)),
                );
            }
        }
        match s.get("type").and_then(Value::as_str) {
            Some("integer") => {
                self.enum_values(s, at, "integers", integral);
                self.integer_bounds(s, at);
            }
            Some("number") => {
                self.enum_values(s, at, "numbers", |v| v.is_number().then(|| v.clone()));
                for key in ["minimum", "maximum"] {
                    self.number_only(s, at, key);
                }
                self.impossible(s, at, "minimum", "maximum", true);
            }
            Some("string") => {
                self.enum_values(s, at, "strings", |v| v.is_string().then(|| v.clone()));
                for key in ["minLength", "maxLength"] {
                    self.count_only(s, at, key);
                }
                self.impossible(s, at, "minLength", "maxLength", false);
                self.pattern(s, at);
            }
            Some("boolean") => {
                self.enum_values(s, at, "booleans", |v| v.is_boolean().then(|| v.clone()))
            }
            Some("array") => {
                for key in ["minItems", "maxItems"] {
                    self.count_only(s, at, key);
                }
                self.impossible(s, at, "minItems", "maxItems", false);
            }
            _ => {}
        }
    }
}

/// An integer as the model reads it: integral numbers within 64 bits (`1.0` is `1`).
fn integral(v: &Value) -> Option<Value> {
    let n = v.as_number()?;
    if n.is_i64() || n.is_u64() {
        return n.as_i64().map(Value::from);
    }
    let f = n.as_f64()?;
    (f.fract() == 0.0 && (LOW..HIGH).contains(&f)).then(|| Value::from(f as i64))
}

impl Auditor {
    fn report(&mut self, rule: Rule, message: String) {
        self.findings.push(Finding { rule, message });
    }

    /// A name that reaches identifiers, rustdoc and findings may hold no control character.
    fn name(&mut self, what: &str, name: &str, at: &str) {
        if let Some(problem) = crate::vocab::names::control_problem(name) {
            self.report(Rule::BadName, format!("{at}: the {what} name {problem}"));
        }
    }

    /// Model, parameter and operation names.
    fn names(&mut self, doc: &Value) {
        let schemas = doc
            .pointer("/components/schemas")
            .and_then(Value::as_object);
        for name in schemas.into_iter().flat_map(|m| m.keys()) {
            self.name(
                "model",
                name,
                &format!("#/components/schemas/{}", escape(name)),
            );
        }
        let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
            return;
        };
        for (path, item) in paths {
            let at = format!("#/paths/{}", escape(path));
            let Some(item) = item.as_object() else {
                continue;
            };
            for (key, value) in item {
                let lists = match key.as_str() {
                    "parameters" => vec![(format!("{at}/parameters"), value)],
                    "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace" => {
                        if let Some(id) = value.get("operationId").and_then(Value::as_str) {
                            self.name("operation", id, &format!("{at}/{key}/operationId"));
                        }
                        value
                            .get("parameters")
                            .map(|p| vec![(format!("{at}/{key}/parameters"), p)])
                            .unwrap_or_default()
                    }
                    _ => Vec::new(),
                };
                for (list_at, list) in lists {
                    for (i, p) in list.as_array().into_iter().flatten().enumerate() {
                        if let Some(name) = p.get("name").and_then(Value::as_str) {
                            self.name("parameter", name, &format!("{list_at}/{i}/name"));
                        }
                    }
                }
            }
        }
    }

    /// A parameter's `style` must be one its location has (the model refuses the whole spec
    /// otherwise): path simple, label or matrix; query form, spaceDelimited, pipeDelimited or
    /// deepObject; header simple; cookie form. Another is an error, and the style is left
    /// out so that the rest of the spec is still read and reported.
    fn styles(&mut self, doc: &mut Value) {
        let mut lists: Vec<(String, &mut Value)> = Vec::new();
        let Some(root) = doc.as_object_mut() else {
            return;
        };
        for (top, value) in root.iter_mut() {
            match top.as_str() {
                "components" => {
                    if let Some(map) = value.get_mut("parameters").and_then(Value::as_object_mut) {
                        for (name, p) in map.iter_mut() {
                            lists.push((format!("#/components/parameters/{}", escape(name)), p));
                        }
                    }
                }
                "paths" => {
                    for (path, item) in value.as_object_mut().into_iter().flat_map(|m| m.iter_mut()) {
                        let at = format!("#/paths/{}", escape(path));
                        for (key, value) in item.as_object_mut().into_iter().flat_map(|m| m.iter_mut()) {
                            let list = match key.as_str() {
                                "parameters" => Some((format!("{at}/parameters"), value)),
                                "get" | "put" | "post" | "delete" | "options" | "head" | "patch"
                                | "trace" => value
                                    .get_mut("parameters")
                                    .map(|p| (format!("{at}/{key}/parameters"), p)),
                                _ => None,
                            };
                            if let Some((list_at, Value::Array(params))) = list {
                                for (i, p) in params.iter_mut().enumerate() {
                                    lists.push((format!("{list_at}/{i}"), p));
                                }
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        for (at, p) in lists {
            let Some(p) = p.as_object_mut() else {
                continue;
            };
            let (Some(location), Some(style)) = (
                p.get("in").and_then(Value::as_str),
                p.get("style").and_then(Value::as_str),
            ) else {
                continue;
            };
            let allowed: &[&str] = match location {
                "path" => &["simple", "label", "matrix"],
                "query" => &["form", "spaceDelimited", "pipeDelimited", "deepObject"],
                "header" => &["simple"],
                "cookie" => &["form"],
                _ => continue,
            };
            if !allowed.contains(&style) {
                let message = format!(
                    "{at}/style: a {location} parameter has no style `{style}` (only {}); the operation cannot be generated",
                    allowed.join(", ")
                );
                p.remove("style");
                self.report(Rule::UnserializableParameter, message);
            }
        }
    }

    /// A path must start with `/` (the model reads no other, and the operation was lost):
    /// `v1/things` is read as `/v1/things`, unless that path is given too.
    fn paths(&mut self, doc: &mut Value) {
        let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
            return;
        };
        if paths.keys().all(|p| p.starts_with('/')) {
            return;
        }
        let old = std::mem::take(paths);
        let taken: std::collections::HashSet<String> =
            old.keys().filter(|p| p.starts_with('/')).cloned().collect();
        for (path, item) in old {
            if path.starts_with('/') {
                paths.insert(path, item);
                continue;
            }
            let fixed = format!("/{path}");
            let at = format!("#/paths/{}", escape(&path));
            if taken.contains(&fixed) || paths.contains_key(&fixed) {
                self.report(Rule::BadPath, format!("{at}: a path starts with `/`, and `{fixed}` is given too; the operations of `{path}` are left out"));
            } else {
                self.report(
                    Rule::PathWithoutSlash,
                    format!("{at}: a path starts with `/`; read as `{fixed}`"),
                );
                paths.insert(fixed, item);
            }
        }
    }

    /// Enum values of the schema's type: each mended by `keep` or left out, reported.
    fn enum_values(
        &mut self,
        s: &mut Map<String, Value>,
        at: &str,
        what: &str,
        keep: impl Fn(&Value) -> Option<Value>,
    ) {
        let Some(Value::Array(values)) = s.get_mut("enum") else {
            return;
        };
        let mut dropped = Vec::new();
        let mut kept = Vec::with_capacity(values.len());
        for v in values.drain(..) {
            match keep(&v) {
                Some(k) => kept.push(k),
                // `null` in an enum says the value may be null (the model reads it so).
                None if v.is_null() => kept.push(v),
                None => dropped.push(v.to_string()),
            }
        }
        *values = kept;
        if dropped.is_empty() {
            return;
        }
        let all = values.iter().all(Value::is_null);
        if all {
            s.remove("enum");
        }
        self.report(
            Rule::BadEnum,
            format!(
                "{at}/enum: {} not {what} like the schema's type; left out{}",
                dropped.join(", "),
                if all {
                    " (no value is left: any value is allowed)"
                } else {
                    ""
                }
            ),
        );
    }

    /// An integer's bounds in the model's form (64-bit, inclusive).
    fn integer_bounds(&mut self, s: &mut Map<String, Value>, at: &str) {
        for (key, exclusive, lower) in [
            ("minimum", "exclusiveMinimum", true),
            ("maximum", "exclusiveMaximum", false),
        ] {
            let Some(v) = s.get(key).cloned() else {
                s.remove(exclusive);
                continue;
            };
            let Some(mut bound) = v.as_f64() else {
                s.remove(key);
                s.remove(exclusive);
                self.report(
                    Rule::BadConstraint,
                    format!("{at}/{key}: {v} is not a number; left out"),
                );
                continue;
            };
            // Exact for integers: a fraction rounds inwards, an exclusive bound is the next
            // integer inside.
            let is_exclusive = s.remove(exclusive) == Some(Value::Bool(true));
            let exact = v.as_i64();
            bound = if lower { bound.ceil() } else { bound.floor() };
            let on_bound = bound == v.as_f64().unwrap_or(bound);
            if is_exclusive && on_bound {
                bound += if lower { 1.0 } else { -1.0 };
            }
            let vacuous = if lower { bound <= LOW } else { bound >= HIGH };
            if vacuous {
                s.remove(key);
            } else if !(LOW..HIGH).contains(&bound) {
                s.remove(key);
                self.report(Rule::BadConstraint, format!("{at}/{key}: {v} is beyond a 64-bit integer, so no value satisfies it; left out"));
            } else {
                let n = match (exact, is_exclusive) {
                    (Some(n), false) => n,
                    _ => bound as i64,
                };
                s.insert(key.into(), Value::Number(Number::from(n)));
            }
        }
        self.impossible(s, at, "minimum", "maximum", false);
    }

    /// A number bound must be a number.
    fn number_only(&mut self, s: &mut Map<String, Value>, at: &str, key: &str) {
        if let Some(v) = s.get(key).filter(|v| !v.is_number()).cloned() {
            s.remove(key);
            self.report(
                Rule::BadConstraint,
                format!("{at}/{key}: {v} is not a number; left out"),
            );
        }
    }

    /// A length or count must be a whole number of at least 0.
    fn count_only(&mut self, s: &mut Map<String, Value>, at: &str, key: &str) {
        let Some(v) = s.get(key).cloned() else { return };
        if v.as_u64().is_some() {
            return;
        }
        s.remove(key);
        match v.as_f64().filter(|f| f.fract() == 0.0 && *f >= 0.0) {
            Some(f) if f < HIGH => {
                s.insert(key.into(), Value::from(f as u64));
            }
            _ => self.report(
                Rule::BadConstraint,
                format!("{at}/{key}: {v} is not a count (a whole number, 0 or more); left out"),
            ),
        }
    }

    /// A lower bound above the upper one: no value satisfies both; both are left out (as
    /// on pages).
    fn impossible(
        &mut self,
        s: &mut Map<String, Value>,
        at: &str,
        min: &str,
        max: &str,
        exclusives: bool,
    ) {
        let (Some(a), Some(b)) = (
            s.get(min).and_then(Value::as_f64),
            s.get(max).and_then(Value::as_f64),
        ) else {
            return;
        };
        let open = exclusives
            && (s.get("exclusiveMinimum") == Some(&Value::Bool(true))
                || s.get("exclusiveMaximum") == Some(&Value::Bool(true)));
        if a > b || (open && a == b) {
            s.remove(min);
            s.remove(max);
            if exclusives {
                s.remove("exclusiveMinimum");
                s.remove("exclusiveMaximum");
            }
            self.report(
                Rule::ImpossibleConstraint,
                format!("{at}: {min} {a} and {max} {b} leave no value; both are left out"),
            );
        }
    }

    /// A pattern the regex crate cannot read is left out; one it can read but that is too
    /// large to compile stays in the spec (see [`crate::pattern`]).
    fn pattern(&mut self, s: &mut Map<String, Value>, at: &str) {
        let Some(v) = s.get("pattern") else { return };
        let Some(p) = v.as_str() else {
            let v = v.to_string();
            s.remove("pattern");
            self.report(
                Rule::BadPattern,
                format!("{at}/pattern: {v} is not a string; left out"),
            );
            return;
        };
        match crate::pattern::check(p) {
            Ok(()) => {}
            Err(problem @ crate::pattern::Problem::Syntax(_)) => {
                s.remove("pattern");
                self.report(problem.rule(), format!("{at}/pattern: {problem}; left out"));
            }
            Err(problem) => self.report(
                problem.rule(),
                format!(
                    "{at}/pattern: {problem}; kept in the spec, but the client does not check it"
                ),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn audited(schema: Value) -> (Value, Vec<String>) {
        let mut doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": {"S": schema}}});
        let found = audit(&mut doc);
        (
            doc["components"]["schemas"]["S"].clone(),
            found
                .iter()
                .map(|f| format!("{}: {}", f.rule, f.message))
                .collect(),
        )
    }

    #[test]
    fn integer_bounds_are_exact_or_reported() {
        let (s, f) = audited(json!({"type": "integer", "minimum": 99999999999999999999999.0_f64}));
        assert_eq!(s, json!({"type": "integer"}));
        assert_eq!(f, ["bad-constraint: #/components/schemas/S/minimum: 1e+23 is beyond a 64-bit integer, so no value satisfies it; left out"]);
        let (s, f) = audited(json!({"type": "integer", "maximum": 18446744073709551615u64}));
        assert_eq!((s, f.len()), (json!({"type": "integer"}), 0));
        let (s, f) = audited(
            json!({"type": "integer", "minimum": 5, "exclusiveMinimum": true, "maximum": 9.5}),
        );
        assert_eq!(
            (s, f.len()),
            (json!({"type": "integer", "minimum": 6, "maximum": 9}), 0)
        );
        let (s, f) = audited(json!({"type": "integer", "minimum": 1.5, "exclusiveMinimum": true}));
        assert_eq!((s, f.len()), (json!({"type": "integer", "minimum": 2}), 0));
        let (s, f) = audited(json!({"type": "integer", "minimum": 5, "maximum": 1}));
        assert_eq!(s, json!({"type": "integer"}));
        assert_eq!(f, ["impossible-constraint: #/components/schemas/S: minimum 5 and maximum 1 leave no value; both are left out"]);
    }

    #[test]
    fn enum_values_of_another_type_are_mended_or_reported() {
        let (s, f) = audited(json!({"type": "integer", "enum": [1.0, 2.0, null]}));
        assert_eq!(
            (s, f.len()),
            (json!({"type": "integer", "enum": [1, 2, null]}), 0)
        );
        let (s, f) = audited(json!({"type": "string", "enum": [1, 2]}));
        assert_eq!(s, json!({"type": "string"}));
        assert_eq!(f, ["bad-enum: #/components/schemas/S/enum: 1, 2 not strings like the schema's type; left out (no value is left: any value is allowed)"]);
        let (s, _) = audited(json!({"type": "string", "enum": ["a", 2]}));
        assert_eq!(s, json!({"type": "string", "enum": ["a"]}));
    }

    #[test]
    fn numbers_lengths_and_patterns() {
        let (s, f) = audited(
            json!({"type": "number", "minimum": 5, "exclusiveMinimum": true, "maximum": 5}),
        );
        assert_eq!(s, json!({"type": "number"}));
        assert_eq!(f.len(), 1);
        let (s, f) = audited(
            json!({"type": "string", "minLength": 2.0, "maxLength": -1, "pattern": "(?=a)b"}),
        );
        assert_eq!(s, json!({"type": "string", "minLength": 2}));
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(
            f[1].starts_with(
                "bad-pattern: #/components/schemas/S/pattern: the pattern does not compile"
            ),
            "{f:?}"
        );
        let (s, f) = audited(json!({"type": "string", "pattern": "\\w{300}\\w{300}"}));
        assert_eq!(s["pattern"], "\\w{300}\\w{300}");
        assert!(f[0].starts_with("pattern-too-large: "), "{f:?}");
    }

    #[test]
    fn styles_a_location_does_not_have_are_errors() {
        let mut doc = json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/x/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": true, "style": "form", "schema": {"type": "string"}}],
                "get": {"parameters": [
                    {"name": "a", "in": "query", "style": "simple", "schema": {"type": "string"}},
                    {"name": "b", "in": "query", "style": "pipeDelimited", "schema": {"type": "array"}},
                    {"name": "c", "in": "header", "style": "matrix", "schema": {"type": "string"}}
                ], "responses": {}}
            }},
            "components": {"parameters": {"P": {"name": "p", "in": "cookie", "style": "deepObject", "schema": {"type": "object"}}}}
        });
        let found: Vec<String> = audit(&mut doc).into_iter().map(|f| format!("{}: {}", f.rule, f.message)).collect();
        assert_eq!(found.len(), 4, "{found:#?}");
        assert!(found.iter().all(|f| f.starts_with("unserializable-parameter: #/")));
        assert!(found.iter().any(|f| f.contains("#/paths/~1x~1{id}/get/parameters/0/style: a query parameter has no style `simple`")));
        // The rest of the spec is read.
        assert!(serde_json::from_value::<openapiv3::OpenAPI>(doc).is_ok());
    }

    #[test]
    fn paths_and_names() {
        let mut doc = json!({"paths": {
            "v1/a": {"get": {"operationId": "a\u{1b}[2K", "parameters": [{"name": "size\u{1b}", "in": "query"}]}},
            "v1/b": {}, "/v1/b": {}
        }, "components": {"schemas": {"T\u{7}": {"type": "object", "properties": {"x\u{202e}": {"type": "string"}}}}}});
        let found: Vec<String> = audit(&mut doc)
            .iter()
            .map(|f| format!("{:?} {}: {}", f.rule.severity(), f.rule, f.message))
            .collect();
        assert!(doc["paths"].get("/v1/a").is_some() && doc["paths"].get("v1/a").is_none());
        assert_eq!(found.len(), 6, "{found:#?}");
        assert!(
            found[0].starts_with(
                "Warning path-without-slash: #/paths/v1~1a: a path starts with `/`; read as `/v1/a`"
            ),
            "{found:#?}"
        );
        assert!(
            found[1].starts_with("Error bad-path: #/paths/v1~1b:"),
            "{found:#?}"
        );
        assert!(
            found
                .iter()
                .filter(|f| f.starts_with("Error bad-name"))
                .count()
                == 4,
            "{found:#?}"
        );
    }
}
