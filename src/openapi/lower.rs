//! OpenAPI 3.1 → 3.0, on the JSON tree, before the spec is read into the `openapiv3` model
//! (which reads 3.0 only; there is no maintained Rust model of 3.1 with `$ref` siblings and
//! JSON Schema 2020-12 types). Lowering keeps one model for codegen and the diff, and what
//! 3.1 adds that SCP's published specs use has an exact 3.0 form:
//!
//! - `type: [T, "null"]` → `type: T, nullable: true`; `anyOf`/`oneOf` with a
//!   `{type: "null"}` branch → the other branch, nullable (a `$ref` as `allOf: [$ref]`);
//! - `$ref` with sibling keys → `allOf: [{$ref}]` beside them;
//! - `contentEncoding: base64` → `format: byte`, `contentMediaType` → `format: binary`;
//! - `const: v` → `enum: [v]` (its type is implied, see [`super::implied`]);
//!   `examples: [a, …]` → `example: a`;
//! - numeric `exclusiveMinimum`/`exclusiveMaximum` → `minimum`/`maximum` + the 3.0 booleans;
//! - `webhooks`, `jsonSchemaDialect`, `license.identifier` dropped; a missing `paths` added.
//!
//! What has no 3.0 form is reported (the caller turns it into warnings with the pointer).

use serde_json::{Map, Value};

/// Whether a spec tree is OpenAPI 3.1.
pub fn is_31(doc: &Value) -> bool {
    doc.get("openapi")
        .and_then(Value::as_str)
        .is_some_and(|v| v.starts_with("3.1"))
}

/// Lowers a 3.1 tree in place to 3.0.3; returns what could not be lowered exactly, each
/// with its JSON pointer.
pub fn lower(doc: &mut Value) -> Vec<String> {
    let mut notes = Vec::new();
    let Some(root) = doc.as_object_mut() else {
        return vec!["#: the spec is not an object".into()];
    };
    root.insert("openapi".into(), Value::String("3.0.3".into()));
    for key in ["webhooks", "jsonSchemaDialect"] {
        if root.remove(key).is_some() {
            notes.push(format!("#/{key}: not supported in 3.0; left out"));
        }
    }
    if let Some(license) = root
        .get_mut("info")
        .and_then(|i| i.get_mut("license"))
        .and_then(Value::as_object_mut)
    {
        license.remove("identifier");
    }
    root.entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));
    super::walk::schemas(doc, &mut Walker { notes: &mut notes });
    notes
}

struct Walker<'a> {
    notes: &'a mut Vec<String>,
}

impl super::walk::Visit for Walker<'_> {
    fn too_deep(&mut self, at: &str) {
        self.notes.push(format!(
            "{at}: schemas nested deeper than {}; not lowered",
            super::walk::MAX_DEPTH
        ));
    }

    /// One schema, its children already lowered.
    fn schema(&mut self, s: &mut Map<String, Value>, at: &str) {
        if s.remove("prefixItems").is_some() {
            self.notes.push(format!(
                "{at}: `prefixItems` (tuples) has no 3.0 form; left out"
            ));
        }
        // 3.1 says "bytes" with the content keywords where 3.0 says it with a format:
        // base64 text is `format: byte`, other encoded content (a file part) `binary`.
        let encoding = s.remove("contentEncoding");
        let media = s.remove("contentMediaType");
        if !s.contains_key("format") && (encoding.is_some() || media.is_some()) {
            let format = match encoding.as_ref().and_then(Value::as_str) {
                Some(e) if e.eq_ignore_ascii_case("base64") => "byte",
                _ => "binary",
            };
            s.insert("format".into(), Value::String(format.into()));
        }
        for key in ["$schema", "$id", "$comment"] {
            s.remove(key);
        }
        self.types(s, at);
        if let Some(c) = s.remove("const") {
            s.insert("enum".into(), Value::Array(vec![c]));
        }
        if let Some(Value::Array(examples)) = s.remove("examples") {
            if let Some(first) = examples.into_iter().next() {
                s.entry("example").or_insert(first);
            }
        }
        for (exclusive, bound) in [
            ("exclusiveMinimum", "minimum"),
            ("exclusiveMaximum", "maximum"),
        ] {
            if let Some(n) = s.get(exclusive).filter(|n| n.is_number()).cloned() {
                s.insert(bound.into(), n);
                s.insert(exclusive.into(), Value::Bool(true));
            }
        }
        for key in ["anyOf", "oneOf"] {
            self.null_branch(s, key, at);
        }
        // `$ref` beside other keys: 3.0 ignores the siblings, so the reference moves into an
        // `allOf` the siblings can sit beside.
        if s.contains_key("$ref") && s.len() > 1 {
            let r = s.remove("$ref").unwrap_or_default();
            let mut reference = Map::new();
            reference.insert("$ref".into(), r);
            s.insert("allOf".into(), Value::Array(vec![Value::Object(reference)]));
        }
    }
}

impl Walker<'_> {
    /// `type: [T, "null"]` → `type: T, nullable: true`; several types → `anyOf`.
    fn types(&mut self, s: &mut Map<String, Value>, at: &str) {
        let Some(Value::Array(types)) = s.get("type").cloned() else {
            // `{type: null}`: a `null` branch of a union (see `null_branch`), or a value that
            // is always null, which 3.0 can only say as a nullable value of any type.
            if s.get("type").and_then(Value::as_str) == Some("null") {
                s.remove("type");
                s.insert("nullable".into(), Value::Bool(true));
            }
            let _ = at;
            return;
        };
        let null = types.iter().any(|t| t == "null");
        let rest: Vec<Value> = types.into_iter().filter(|t| t != "null").collect();
        s.remove("type");
        if null {
            s.insert("nullable".into(), Value::Bool(true));
        }
        match rest.as_slice() {
            [] => {}
            [one] => {
                s.insert("type".into(), one.clone());
            }
            many => {
                let branches = many
                    .iter()
                    .map(|t| {
                        let mut m = Map::new();
                        m.insert("type".into(), t.clone());
                        Value::Object(m)
                    })
                    .collect();
                s.insert("anyOf".into(), Value::Array(branches));
            }
        }
    }

    /// A `{type: "null"}` branch of `anyOf`/`oneOf` makes the rest nullable; one branch left
    /// takes the union's place.
    fn null_branch(&mut self, s: &mut Map<String, Value>, key: &str, at: &str) {
        let Some(Value::Array(list)) = s.get(key) else {
            return;
        };
        let is_null = |v: &Value| {
            v.get("type").and_then(Value::as_str) == Some("null")
                || (v.get("nullable") == Some(&Value::Bool(true))
                    && v.as_object().is_some_and(|o| o.len() == 1))
        };
        if !list.iter().any(is_null) {
            return;
        }
        let rest: Vec<Value> = list.iter().filter(|v| !is_null(v)).cloned().collect();
        s.remove(key);
        s.insert("nullable".into(), Value::Bool(true));
        match rest.len() {
            0 => self
                .notes
                .push(format!("{at}/{key}: only `null`; typed as any value")),
            1 => match rest.into_iter().next() {
                Some(Value::Object(branch)) if branch.contains_key("$ref") && branch.len() == 1 => {
                    s.insert("allOf".into(), Value::Array(vec![Value::Object(branch)]));
                }
                Some(Value::Object(branch)) => {
                    for (k, v) in branch {
                        if k == "nullable" {
                            continue;
                        }
                        s.entry(k).or_insert(v);
                    }
                }
                _ => {}
            },
            _ => {
                s.insert(key.into(), Value::Array(rest));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn lowered(schema: Value) -> (Value, Vec<String>) {
        let mut doc = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "components": {"schemas": {"S": schema}}});
        let notes = lower(&mut doc);
        (doc["components"]["schemas"]["S"].clone(), notes)
    }

    #[test]
    fn nullable_forms() {
        assert_eq!(
            lowered(json!({"type": ["string", "null"]})).0,
            json!({"type": "string", "nullable": true})
        );
        assert_eq!(
            lowered(json!({"anyOf": [{"$ref": "#/components/schemas/T"}, {"type": "null"}], "description": "d"})).0,
            json!({"description": "d", "nullable": true, "allOf": [{"$ref": "#/components/schemas/T"}]})
        );
        assert_eq!(
            lowered(json!({"anyOf": [{"type": "integer", "minimum": 1}, {"type": "null"}]})).0,
            json!({"nullable": true, "type": "integer", "minimum": 1})
        );
        assert_eq!(
            lowered(json!({"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]}))
                .0,
            json!({"nullable": true, "oneOf": [{"type": "string"}, {"type": "integer"}]})
        );
        assert_eq!(
            lowered(json!({"type": ["string", "integer"]})).0,
            json!({"anyOf": [{"type": "string"}, {"type": "integer"}]})
        );
    }

    #[test]
    fn nested_schemas_refs_with_siblings_const_examples_and_bounds() {
        let (s, notes) = lowered(json!({
            "type": "object",
            "properties": {
                "a": {"$ref": "#/components/schemas/T", "description": "x"},
                "b": {"type": "array", "items": {"type": ["integer", "null"], "exclusiveMinimum": 0}},
                "c": {"const": "fixed", "examples": ["fixed", "other"]},
                "d": {"type": "array", "prefixItems": [{"type": "string"}]}
            }
        }));
        assert_eq!(
            s["properties"]["a"],
            json!({"description": "x", "allOf": [{"$ref": "#/components/schemas/T"}]})
        );
        assert_eq!(
            s["properties"]["b"]["items"],
            json!({"type": "integer", "nullable": true, "minimum": 0, "exclusiveMinimum": true})
        );
        assert_eq!(
            s["properties"]["c"],
            json!({"enum": ["fixed"], "example": "fixed"})
        );
        assert_eq!(notes, ["#/components/schemas/S/properties/d: `prefixItems` (tuples) has no 3.0 form; left out"]);
        let (s, _) = lowered(json!({"type": "object", "properties": {
            "file": {"type": "string", "contentMediaType": "image/png"},
            "b64": {"type": "string", "contentEncoding": "base64"}
        }}));
        assert_eq!(s["properties"]["file"], json!({"type": "string", "format": "binary"}));
        assert_eq!(s["properties"]["b64"], json!({"type": "string", "format": "byte"}));
    }

    #[test]
    fn documents_read_as_openapi_3_0_after_lowering() {
        let mut doc = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1", "license": {"name": "MIT", "identifier": "MIT"}},
            "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
            "servers": [{"url": ""}],
            "paths": {"/x/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
                "get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"type": ["object", "null"], "properties": {"n": {"type": ["number", "null"]}}}}}}}}
            }}
        });
        assert!(is_31(&doc));
        lower(&mut doc);
        let spec: openapiv3::OpenAPI = serde_json::from_value(doc.clone()).expect("3.0");
        assert_eq!(spec.openapi, "3.0.3");
        let s = &doc["paths"]["/x/{id}"]["get"]["responses"]["200"]["content"]["application/json"]
            ["schema"];
        assert_eq!(s["nullable"], json!(true));
        assert_eq!(
            s["properties"]["n"],
            json!({"type": "number", "nullable": true})
        );
    }
}
