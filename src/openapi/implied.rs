//! Every schema of a spec file put in the one form the `openapiv3` model reads as a type, on
//! the JSON tree before the model reads it. The model takes a schema as a string, number,
//! object… only when its `type` is given and no keyword of another type stands beside it;
//! anything else becomes an untyped schema (`serde_json::Value` in a client), silently. SCP's
//! published specs write every model as `properties` + `required` with no `type`; others put
//! `type: object` beside an `allOf`, or a `format` on a boolean. What JSON Schema implies is
//! made explicit here:
//!
//! - no `type`: the type the keywords imply (`properties`/`required`/`additionalProperties`
//!   → object, `items` → array, `pattern`/lengths → string, bounds → number, a `format` → its
//!   type, `enum` → its values' type, a `null` value making it nullable), when they imply one;
//! - keywords of another type than the schema's are dropped (they constrain nothing a value
//!   of the schema's type can hold);
//! - the schema's own keywords beside an `allOf` become one more member; beside a
//!   `oneOf`/`anyOf` they join each branch (`{allOf: [own, branch]}`), which says the same;
//! - an `allOf` of one inline member is that member; a union with a branch that accepts
//!   anything (`{}`) accepts anything;
//! - a union whose branches only require properties, and a `not`, constrain a typed value
//!   the client cannot check: dropped and reported (`unchecked-constraint`).
//!
//! What still has no type (`{}`, or keywords of several types) is left as it is: codegen
//! types it as JSON and reports it with its place.

use serde_json::{Map, Value};

use super::audit::Finding;
use super::walk;
use crate::diag::Rule;

/// The keywords of each type, as the model reads them.
const STRING: &[&str] = &["pattern", "minLength", "maxLength", "format", "enum"];
const NUMBER: &[&str] = &[
    "multipleOf",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "format",
    "enum",
];
const BOOLEAN: &[&str] = &["enum"];
const OBJECT: &[&str] = &[
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
];
const ARRAY: &[&str] = &["items", "minItems", "maxItems", "uniqueItems"];
const COMPOSITION: &[&str] = &["allOf", "oneOf", "anyOf", "not"];

/// The keywords of `ty`, or `None` for a type the model does not know.
fn keywords_of(ty: &str) -> Option<&'static [&'static str]> {
    Some(match ty {
        "string" => STRING,
        "number" | "integer" => NUMBER,
        "boolean" => BOOLEAN,
        "object" => OBJECT,
        "array" => ARRAY,
        _ => return None,
    })
}

/// Whether `key` says something about a value's type (not a doc, example or extension).
fn is_type_keyword(key: &str) -> bool {
    key == "type"
        || [STRING, NUMBER, OBJECT, ARRAY, COMPOSITION]
            .iter()
            .any(|set| set.contains(&key))
}

/// Makes the implied types of every schema of `doc` explicit; what it dropped and could not
/// express otherwise, in tree order.
pub fn imply(doc: &mut Value) -> Vec<Finding> {
    let mut v = Implier {
        findings: Vec::new(),
    };
    walk::schemas(doc, &mut v);
    v.findings
}

struct Implier {
    findings: Vec<Finding>,
}

impl walk::Visit for Implier {
    /// One schema, the schemas inside it already in their final form.
    fn schema(&mut self, s: &mut Map<String, Value>, at: &str) {
        if s.contains_key("$ref") {
            return;
        }
        self.not(s, at);
        self.unions(s, at);
        if s.contains_key("allOf") {
            own_keywords_into_all_of(s);
            single_member(s);
            return;
        }
        if s.contains_key("oneOf") || s.contains_key("anyOf") {
            return;
        }
        if always_null(s) {
            // `{type: string, enum: [null]}`: no value of the type, only `null` (codegen's `()`).
            s.retain(|k, _| !is_type_keyword(k) || k == "enum");
            return;
        }
        if !s.contains_key("type") {
            if let Some(ty) = implied_type(s) {
                s.insert("type".into(), Value::String(ty.into()));
            }
        }
        null_makes_nullable(s);
        if let Some(keep) = s.get("type").and_then(Value::as_str).and_then(keywords_of) {
            let ty = s.get("type").and_then(Value::as_str).unwrap_or_default();
            let boolean = ty == "boolean";
            s.retain(|k, _| !is_type_keyword(k) || k == "type" || keep.contains(&k.as_str()));
            // A `format` is a string's or a number's: the model reads none on a boolean.
            if boolean {
                s.remove("format");
            }
        }
    }
}

impl Implier {
    fn report(&mut self, rule: Rule, message: String) {
        self.findings.push(Finding { rule, message });
    }

    /// `not` beside a type: a constraint the client cannot check. `not` alone is left to
    /// codegen (it types nothing).
    fn not(&mut self, s: &mut Map<String, Value>, at: &str) {
        if s.contains_key("not") && s.keys().any(|k| is_type_keyword(k) && k != "not") {
            s.remove("not");
            self.report(
                Rule::UncheckedConstraint,
                format!("{at}/not: a value the schema must not match; the client does not check it"),
            );
        }
    }

    /// `oneOf`/`anyOf`: branches that accept anything, that only require properties, or that
    /// stand beside the schema's own keywords.
    fn unions(&mut self, s: &mut Map<String, Value>, at: &str) {
        for key in ["oneOf", "anyOf"] {
            let Some(Value::Array(branches)) = s.get(key) else {
                continue;
            };
            let anything = |b: &Value| b.as_object().is_some_and(|o| !o.keys().any(|k| is_type_keyword(k) || k == "$ref"));
            if branches.iter().any(|b| anything(b) && !b.as_object().is_some_and(|o| o.contains_key("required")))
                && (key == "anyOf" || branches.len() == 1)
            {
                // `anyOf: [{}, …]` (or `oneOf: [{}]`): any value matches.
                s.remove(key);
                continue;
            }
            // (A branch is already in its final form: `{required: [a]}` reads `type: object`.)
            let only_required = |b: &Value| {
                b.as_object().is_some_and(|o| {
                    o.contains_key("required")
                        && o.iter().all(|(k, v)| {
                            !is_type_keyword(k) || k == "required" || (k == "type" && v == "object")
                        })
                })
            };
            if !branches.is_empty() && branches.iter().all(only_required) {
                let alternatives: Vec<String> = branches
                    .iter()
                    .map(|b| match b.get("required") {
                        Some(Value::Array(names)) => names
                            .iter()
                            .filter_map(Value::as_str)
                            .collect::<Vec<_>>()
                            .join(" + "),
                        _ => String::new(),
                    })
                    .collect();
                s.remove(key);
                self.report(
                    Rule::UncheckedConstraint,
                    format!(
                        "{at}/{key}: {} of the properties required ({}); the client does not check which",
                        if key == "oneOf" { "exactly one set" } else { "at least one set" },
                        alternatives.join(" | ")
                    ),
                );
                continue;
            }
            // The schema's own keywords beside the union hold for every branch.
            let Some(own) = own_keywords(s) else {
                continue;
            };
            let Some(Value::Array(branches)) = s.remove(key) else {
                continue;
            };
            let joined = branches
                .into_iter()
                .map(|b| {
                    let mut m = Map::new();
                    m.insert(
                        "allOf".into(),
                        Value::Array(vec![Value::Object(own.clone()), b]),
                    );
                    Value::Object(m)
                })
                .collect();
            s.retain(|k, _| !is_type_keyword(k) || COMPOSITION.contains(&k.as_str()));
            s.insert(key.into(), Value::Array(joined));
        }
    }
}

/// The schema's own type keywords beside an `allOf`: one more member (the model reads an
/// `allOf` alone and drops what stands beside it).
fn own_keywords_into_all_of(s: &mut Map<String, Value>) {
    let Some(own) = own_keywords(s) else {
        return;
    };
    s.retain(|k, _| !is_type_keyword(k) || COMPOSITION.contains(&k.as_str()));
    // `type: object` alone adds nothing to members that are objects.
    if own.len() == 1 && own.get("type").and_then(Value::as_str) == Some("object") {
        return;
    }
    if let Some(Value::Array(members)) = s.get_mut("allOf") {
        members.push(Value::Object(own));
    }
}

/// The schema's own type keywords beside a composition, as a schema of their own (its type
/// made explicit where they imply one); `None` when there are none.
fn own_keywords(s: &Map<String, Value>) -> Option<Map<String, Value>> {
    let mut own: Map<String, Value> = s
        .iter()
        .filter(|(k, _)| is_type_keyword(k) && !COMPOSITION.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    if own.is_empty() {
        return None;
    }
    if !own.contains_key("type") {
        if let Some(ty) = implied_type(&own) {
            own.insert("type".into(), Value::String(ty.into()));
        }
    }
    Some(own)
}

/// `allOf: [{…}]` of one inline member, nothing else typed beside it: the member itself
/// (a `$ref` member is a reference codegen names; it stays).
fn single_member(s: &mut Map<String, Value>) {
    let Some(Value::Array(members)) = s.get("allOf") else {
        return;
    };
    let [Value::Object(member)] = members.as_slice() else {
        return;
    };
    if member.contains_key("$ref") || s.keys().any(|k| is_type_keyword(k) && k != "allOf") {
        return;
    }
    let member = member.clone();
    s.remove("allOf");
    for (k, v) in member {
        // The outer doc and nullability win: they are what the place says of the value.
        s.entry(k).or_insert(v);
    }
}

/// An enum of `null` alone: the value is always `null`, whatever type is named beside it.
fn always_null(s: &Map<String, Value>) -> bool {
    matches!(s.get("enum"), Some(Value::Array(values)) if !values.is_empty() && values.iter().all(Value::is_null))
}

/// `null` among an enum's values: the value is nullable (OpenAPI 3.0 wants both, the model
/// reads `null` values of every type). An enum of `null` alone is left as it is.
fn null_makes_nullable(s: &mut Map<String, Value>) {
    let Some(Value::Array(values)) = s.get("enum") else {
        return;
    };
    if values.iter().any(Value::is_null) && !values.iter().all(Value::is_null) {
        s.insert("nullable".into(), Value::Bool(true));
    }
}

/// The one type a schema's keywords imply, if they imply exactly one.
pub fn implied_type(s: &Map<String, Value>) -> Option<&'static str> {
    let has = |set: &[&str]| s.keys().any(|k| set.contains(&k.as_str()));
    let mut kinds: Vec<&'static str> = Vec::new();
    let mut add = |k: &'static str| {
        if !kinds.contains(&k) {
            kinds.push(k);
        }
    };
    if has(OBJECT) {
        add("object");
    }
    if has(ARRAY) {
        add("array");
    }
    if has(&["pattern", "minLength", "maxLength"]) {
        add("string");
    }
    if has(&["multipleOf", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]) {
        add("number");
    }
    if let Some(format) = s.get("format").and_then(Value::as_str) {
        add(match format {
            "int32" | "int64" => "integer",
            "float" | "double" => "number",
            _ => "string",
        });
    }
    if let Some(Value::Array(values)) = s.get("enum") {
        for v in values {
            match v {
                Value::String(_) => add("string"),
                Value::Bool(_) => add("boolean"),
                Value::Number(n) if n.is_i64() || n.is_u64() => add("integer"),
                Value::Number(n) if n.as_f64().is_some_and(|f| f.fract() == 0.0) => {
                    add("integer")
                }
                Value::Number(_) => add("number"),
                Value::Null => {}
                Value::Array(_) => add("array"),
                Value::Object(_) => add("object"),
            }
        }
    }
    // Integers are numbers: bounds and integral values together are an integer.
    if kinds.contains(&"integer") {
        kinds.retain(|k| *k != "number");
    }
    match kinds.as_slice() {
        [one] => Some(one),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn implied(schema: Value) -> (Value, Vec<String>) {
        let mut doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}, "components": {"schemas": {"S": schema}}});
        let found = imply(&mut doc);
        (
            doc["components"]["schemas"]["S"].clone(),
            found.into_iter().map(|f| format!("{}: {}", f.rule, f.message)).collect(),
        )
    }

    #[test]
    fn keywords_imply_their_type() {
        for (schema, ty) in [
            (json!({"properties": {"a": {"type": "string"}}, "required": ["a"]}), "object"),
            (json!({"required": ["a"]}), "object"),
            (json!({"additionalProperties": {"type": "string"}}), "object"),
            (json!({"items": {"type": "string"}}), "array"),
            (json!({"maxLength": 3}), "string"),
            (json!({"format": "date-time"}), "string"),
            (json!({"format": "int64"}), "integer"),
            (json!({"minimum": 0, "format": "int32"}), "integer"),
            (json!({"minimum": 0.5}), "number"),
            (json!({"enum": ["a", "b"]}), "string"),
            (json!({"enum": [1, 2]}), "integer"),
            (json!({"enum": [true]}), "boolean"),
        ] {
            let (s, found) = implied(schema.clone());
            assert_eq!(s["type"], json!(ty), "{schema}");
            assert!(found.is_empty());
        }
        let (s, _) = implied(json!({"type": "string", "enum": [null], "title": "Null"}));
        assert_eq!(s, json!({"enum": [null], "title": "Null"}));
        let (s, _) = implied(json!({"enum": ["a", null]}));
        assert_eq!(s, json!({"type": "string", "enum": ["a", null], "nullable": true}));
        // Nested schemas too, and what implies nothing or several types stays untyped.
        let (s, _) = implied(json!({"properties": {"tags": {"items": {"properties": {"k": {}}}}}}));
        assert_eq!(s["properties"]["tags"]["type"], json!("array"));
        assert_eq!(s["properties"]["tags"]["items"]["type"], json!("object"));
        assert_eq!(s["properties"]["tags"]["items"]["properties"]["k"], json!({}));
        let (s, _) = implied(json!({"items": {}, "properties": {}}));
        assert!(s.get("type").is_none());
    }

    #[test]
    fn keywords_of_another_type_are_dropped_so_the_type_is_read() {
        let (s, _) = implied(json!({"type": "string", "minimum": 1, "items": {}, "maxLength": 3}));
        assert_eq!(s, json!({"type": "string", "maxLength": 3}));
        let (s, _) = implied(json!({"type": "boolean", "format": "bool", "description": "d"}));
        assert_eq!(s, json!({"type": "boolean", "description": "d"}));
        let spec: openapiv3::Schema = serde_json::from_value(s).unwrap();
        assert!(matches!(spec.schema_kind, openapiv3::SchemaKind::Type(openapiv3::Type::Boolean(_))));
    }

    #[test]
    fn compositions() {
        // Own keywords beside an allOf: one more member.
        let (s, _) = implied(json!({"type": "object", "allOf": [{"$ref": "#/components/schemas/A"}], "properties": {"x": {"type": "string"}}, "description": "d"}));
        assert_eq!(
            s,
            json!({"description": "d", "allOf": [{"$ref": "#/components/schemas/A"}, {"type": "object", "properties": {"x": {"type": "string"}}}]})
        );
        // `type: object` alone beside an allOf adds nothing.
        let (s, _) = implied(json!({"type": "object", "allOf": [{"$ref": "#/components/schemas/A"}]}));
        assert_eq!(s, json!({"allOf": [{"$ref": "#/components/schemas/A"}]}));
        // One inline member is the member.
        let (s, _) = implied(json!({"allOf": [{"properties": {"x": {"type": "string"}}}], "description": "d"}));
        assert_eq!(s, json!({"description": "d", "type": "object", "properties": {"x": {"type": "string"}}}));
        // A union that accepts anything.
        let (s, _) = implied(json!({"anyOf": [{"type": "string"}, {}], "description": "d"}));
        assert_eq!(s, json!({"description": "d"}));
        let (s, _) = implied(json!({"oneOf": [{}]}));
        assert_eq!(s, json!({}));
        // Own keywords beside a union join each branch.
        let (s, _) = implied(json!({"properties": {"kind": {"type": "string"}}, "oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]}));
        let own = json!({"type": "object", "properties": {"kind": {"type": "string"}}});
        assert_eq!(
            s,
            json!({"oneOf": [{"allOf": [own, {"$ref": "#/components/schemas/A"}]}, {"allOf": [own, {"$ref": "#/components/schemas/B"}]}]})
        );
    }

    #[test]
    fn constraints_the_client_cannot_check_are_dropped_and_reported() {
        let (s, found) = implied(json!({"type": "object", "properties": {"a": {"type": "string"}, "b": {"type": "string"}}, "oneOf": [{"required": ["a"]}, {"required": ["b"]}]}));
        assert_eq!(s["type"], json!("object"));
        assert!(s.get("oneOf").is_none());
        assert_eq!(
            found,
            ["unchecked-constraint: #/components/schemas/S/oneOf: exactly one set of the properties required (a | b); the client does not check which"]
        );
        let (s, found) = implied(json!({"type": "string", "not": {"enum": ["x"]}}));
        assert_eq!(s, json!({"type": "string"}));
        assert_eq!(found.len(), 1);
        // A model the model reads as a type afterwards.
        let (s, _) = implied(json!({"properties": {"a": {"type": "string"}}, "required": ["a"], "example": {"a": "x"}}));
        let spec: openapiv3::Schema = serde_json::from_value(s).unwrap();
        assert!(matches!(spec.schema_kind, openapiv3::SchemaKind::Type(openapiv3::Type::Object(_))));
    }
}
