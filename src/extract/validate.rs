//! Checking an example or default value against the schema tables, which are the truth:
//! a JSON example that contradicts them is a doc bug, reported and left out of the spec.

use std::sync::OnceLock;

use regex::Regex;
use serde_json::Value;

use super::api::{Constraints, Field, Model};
use super::types::{Primitive, TypeExpr};

/// How deep a value may nest before the check stops (self-referencing models).
const MAX_DEPTH: usize = 64;

/// Checks `value` against `ty`; returns the first problem found, as `$.path: message`.
pub fn check(value: &Value, ty: &TypeExpr, models: &[Model]) -> Result<(), String> {
    Checker { models }.ty(value, ty, "$", 0)
}

/// Checks a field value: its type and the field's constraints.
pub fn check_field(value: &Value, field: &Field, models: &[Model]) -> Result<(), String> {
    let c = Checker { models };
    c.ty(value, &field.ty, "$", 0)?;
    constraints(value, &field.constraints, "$")
}

struct Checker<'m> {
    models: &'m [Model],
}

fn kind(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean {b}"),
        Value::Number(n) => format!("number {n}"),
        Value::String(s) => format!("string {s:?}"),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

impl Checker<'_> {
    fn ty(&self, value: &Value, ty: &TypeExpr, path: &str, depth: usize) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Ok(());
        }
        let mismatch = |expected: &str| {
            Err(format!(
                "{path}: expected {expected}, found {}",
                kind(value)
            ))
        };
        match ty {
            TypeExpr::Null => {
                if value.is_null() {
                    Ok(())
                } else {
                    mismatch("null")
                }
            }
            TypeExpr::AnyOf(items) => {
                let mut first_err = None;
                for t in items {
                    match self.ty(value, t, path, depth + 1) {
                        Ok(()) => return Ok(()),
                        Err(e) => {
                            first_err.get_or_insert(e);
                        }
                    }
                }
                if value.is_null() {
                    return mismatch(&ty.to_string());
                }
                // Report the branch that is not `null`: it says more.
                let non_null: Vec<&TypeExpr> =
                    items.iter().filter(|t| **t != TypeExpr::Null).collect();
                if non_null.len() == 1 {
                    return self.ty(value, non_null[0], path, depth + 1);
                }
                Err(first_err.unwrap_or_else(|| format!("{path}: matches none of {ty}")))
            }
            TypeExpr::Enum(values) => match value {
                Value::String(s) if values.contains(s) => Ok(()),
                Value::Number(n) if values.contains(&n.to_string()) => Ok(()),
                _ => mismatch(&format!("one of ({})", values.join(", "))),
            },
            TypeExpr::Primitive { kind: p, format } => match (p, value) {
                (Primitive::String, Value::String(s)) => check_format(s, format.as_deref(), path),
                (Primitive::Integer, Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(()),
                (Primitive::Number, Value::Number(_)) => Ok(()),
                (Primitive::Boolean, Value::Bool(_)) => Ok(()),
                (Primitive::Object, Value::Object(_)) => Ok(()),
                _ => mismatch(&ty.to_string()),
            },
            TypeExpr::Array(item) => match value {
                Value::Array(items) => items
                    .iter()
                    .enumerate()
                    .try_for_each(|(i, v)| self.ty(v, item, &format!("{path}[{i}]"), depth + 1)),
                _ => mismatch("an array"),
            },
            TypeExpr::Map(item) => match value {
                Value::Object(map) => map
                    .iter()
                    .try_for_each(|(k, v)| self.ty(v, item, &format!("{path}.{k}"), depth + 1)),
                _ => mismatch("an object"),
            },
            TypeExpr::Ref(name) => {
                let Some(model) = self.models.iter().find(|m| m.name == *name) else {
                    // An undefined model is reported where it is referenced.
                    return Ok(());
                };
                let Value::Object(map) = value else {
                    return mismatch(&format!("an object ({name})"));
                };
                for field in &model.fields {
                    let field_path = format!("{path}.{}", field.name);
                    match map.get(&field.name) {
                        Some(v) => {
                            self.ty(v, &field.ty, &field_path, depth + 1)?;
                            constraints(v, &field.constraints, &field_path)?;
                        }
                        None if field.required => {
                            return Err(format!(
                                "{path}: required field `{}` of {name} is missing",
                                field.name
                            ))
                        }
                        None => {}
                    }
                }
                if let Some(unknown) = map
                    .keys()
                    .find(|k| !model.fields.iter().any(|f| &f.name == *k))
                {
                    return Err(format!("{path}: `{unknown}` is not a field of {name}"));
                }
                Ok(())
            }
        }
    }
}

fn check_format(s: &str, format: Option<&str>, path: &str) -> Result<(), String> {
    static DATE_TIME: OnceLock<Regex> = OnceLock::new();
    static DATE: OnceLock<Regex> = OnceLock::new();
    let ok = match format {
        Some("date-time") => DATE_TIME
            .get_or_init(|| {
                Regex::new(
                    r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})?$",
                )
                .expect("regex")
            })
            .is_match(s),
        Some("date") => DATE
            .get_or_init(|| Regex::new(r"^\d{4}-\d{2}-\d{2}$").expect("regex"))
            .is_match(s),
        _ => true,
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            "{path}: {s:?} is not a {}",
            format.unwrap_or_default()
        ))
    }
}

/// Whether `text` matches a doc pattern; `None` when the pattern does not compile. Patterns
/// are compiled once per thread: the same few are checked thousands of times per page.
pub fn pattern_matches(pattern: &str, text: &str) -> Option<bool> {
    thread_local! {
        static CACHE: std::cell::RefCell<std::collections::HashMap<String, Option<Regex>>> = Default::default();
    }
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        let re = match cache.get(pattern) {
            Some(re) => re,
            None => cache
                .entry(pattern.to_string())
                .or_insert_with(|| Regex::new(pattern).ok()),
        };
        re.as_ref().map(|re| re.is_match(text))
    })
}

/// Checks the description-cell constraints.
pub fn constraints(value: &Value, c: &Constraints, path: &str) -> Result<(), String> {
    if let Value::String(s) = value {
        let len = s.chars().count();
        if let Some(min) = c.min_length.filter(|&m| len < m) {
            return Err(format!(
                "{path}: {s:?} is shorter than the minimum length {min}"
            ));
        }
        if let Some(max) = c.max_length.filter(|&m| len > m) {
            return Err(format!(
                "{path}: {s:?} is longer than the maximum length {max}"
            ));
        }
        if let Some(pattern) = &c.pattern {
            if pattern_matches(pattern, s) == Some(false) {
                return Err(format!(
                    "{path}: {s:?} does not match the pattern {pattern}"
                ));
            }
        }
    }
    if let Some(n) = value.as_f64() {
        if let Some(min) = c.minimum.filter(|&m| n < m) {
            return Err(format!("{path}: {n} is below the minimum {min}"));
        }
        if let Some(max) = c.maximum.filter(|&m| n > m) {
            return Err(format!("{path}: {n} is above the maximum {max}"));
        }
    }
    Ok(())
}
