//! Every schema of a spec tree (JSON, before it is read into the `openapiv3` model), with
//! its JSON pointer: those of the components (schemas, parameters, headers, request bodies,
//! responses) and of the paths (path-item and operation parameters, request bodies,
//! responses, their headers), and inside each schema its properties, items, map values,
//! `not` and the branches of `allOf`/`anyOf`/`oneOf`/`prefixItems`. The 3.1 lowering and
//! the input audit both visit the tree this way.

use serde_json::{Map, Value};

/// How deep schemas may nest before the walk stops descending (serde already bounds parsing).
pub const MAX_DEPTH: usize = 64;

/// What a walk does at each schema.
pub trait Visit {
    /// A schema object, visited after the schemas inside it (a branch is already in its
    /// final form when its union is visited).
    fn schema(&mut self, s: &mut Map<String, Value>, at: &str);

    /// Schemas nest deeper than [`MAX_DEPTH`] at `at`: not visited.
    fn too_deep(&mut self, at: &str) {
        let _ = at;
    }
}

/// A JSON pointer segment.
pub fn escape(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

/// Visits every schema of `doc`.
pub fn schemas(doc: &mut Value, v: &mut impl Visit) {
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    if let Some(components) = root.get_mut("components").and_then(Value::as_object_mut) {
        if let Some(schemas) = components.get_mut("schemas").and_then(Value::as_object_mut) {
            for (name, s) in schemas.iter_mut() {
                schema(v, s, &format!("#/components/schemas/{}", escape(name)), 0);
            }
        }
        for kind in ["parameters", "headers"] {
            if let Some(map) = components.get_mut(kind).and_then(Value::as_object_mut) {
                for (name, p) in map.iter_mut() {
                    parameter(v, p, &format!("#/components/{kind}/{}", escape(name)));
                }
            }
        }
        for kind in ["requestBodies", "responses"] {
            if let Some(map) = components.get_mut(kind).and_then(Value::as_object_mut) {
                for (name, b) in map.iter_mut() {
                    with_content(v, b, &format!("#/components/{kind}/{}", escape(name)));
                }
            }
        }
    }
    if let Some(paths) = root.get_mut("paths").and_then(Value::as_object_mut) {
        for (path, item) in paths.iter_mut() {
            let at = format!("#/paths/{}", escape(path));
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for (key, value) in item.iter_mut() {
                match key.as_str() {
                    "parameters" => parameters(v, value, &format!("{at}/parameters")),
                    "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace" => {
                        operation(v, value, &format!("{at}/{key}"))
                    }
                    _ => {}
                }
            }
        }
    }
}

fn operation(v: &mut impl Visit, op: &mut Value, at: &str) {
    let Some(op) = op.as_object_mut() else {
        return;
    };
    if let Some(p) = op.get_mut("parameters") {
        parameters(v, p, &format!("{at}/parameters"));
    }
    if let Some(b) = op.get_mut("requestBody") {
        with_content(v, b, &format!("{at}/requestBody"));
    }
    if let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) {
        for (code, r) in responses.iter_mut() {
            with_content(v, r, &format!("{at}/responses/{}", escape(code)));
        }
    }
}

fn parameters(v: &mut impl Visit, list: &mut Value, at: &str) {
    if let Some(list) = list.as_array_mut() {
        for (i, p) in list.iter_mut().enumerate() {
            parameter(v, p, &format!("{at}/{i}"));
        }
    }
}

fn parameter(v: &mut impl Visit, p: &mut Value, at: &str) {
    if let Some(s) = p.get_mut("schema") {
        schema(v, s, &format!("{at}/schema"), 0);
    }
    with_content(v, p, at);
}

/// A request body, response or parameter with `content` (and, for responses, `headers`).
fn with_content(v: &mut impl Visit, b: &mut Value, at: &str) {
    if let Some(content) = b.get_mut("content").and_then(Value::as_object_mut) {
        for (media, m) in content.iter_mut() {
            if let Some(s) = m.get_mut("schema") {
                schema(v, s, &format!("{at}/content/{}/schema", escape(media)), 0);
            }
        }
    }
    if let Some(headers) = b.get_mut("headers").and_then(Value::as_object_mut) {
        for (name, h) in headers.iter_mut() {
            parameter(v, h, &format!("{at}/headers/{}", escape(name)));
        }
    }
}

fn schema(v: &mut impl Visit, value: &mut Value, at: &str, depth: usize) {
    if depth > MAX_DEPTH {
        v.too_deep(at);
        return;
    }
    let Some(s) = value.as_object_mut() else {
        return;
    };
    for key in ["items", "additionalProperties", "not"] {
        if let Some(child) = s.get_mut(key).filter(|c| c.is_object()) {
            schema(v, child, &format!("{at}/{key}"), depth + 1);
        }
    }
    if let Some(props) = s.get_mut("properties").and_then(Value::as_object_mut) {
        for (name, child) in props.iter_mut() {
            schema(
                v,
                child,
                &format!("{at}/properties/{}", escape(name)),
                depth + 1,
            );
        }
    }
    for key in ["allOf", "anyOf", "oneOf", "prefixItems"] {
        if let Some(list) = s.get_mut(key).and_then(Value::as_array_mut) {
            for (i, child) in list.iter_mut().enumerate() {
                schema(v, child, &format!("{at}/{key}/{i}"), depth + 1);
            }
        }
    }
    v.schema(s, at);
}
