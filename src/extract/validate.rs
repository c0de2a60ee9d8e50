//! Checking an example or default value against the schema tables, which are the truth:
//! a JSON example that contradicts them is a doc bug, reported and left out of the spec.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::api::{Constraints, Field, Model};
use crate::vocab::type_expr::{Primitive, TypeExpr};

/// How deep a value may nest before the check stops (self-referencing models).
const MAX_DEPTH: usize = 64;

/// The models values are checked against, by name, with their field names: built once per
/// service, so that checking every example stays linear however many models there are.
#[derive(Default)]
pub struct Models<'m> {
    by_name: HashMap<&'m str, (&'m Model, HashSet<&'m str>)>,
}

impl<'m> Models<'m> {
    pub fn new(models: &'m [Model]) -> Self {
        let mut by_name = HashMap::with_capacity(models.len());
        for m in models {
            // The first definition wins, as everywhere else.
            by_name
                .entry(m.name.as_str())
                .or_insert_with(|| (m, m.fields.iter().map(|f| f.name.as_str()).collect()));
        }
        Models { by_name }
    }
}

/// Checks `value` against `ty`; returns the first problem found, as `$.path: message`.
pub fn check(value: &Value, ty: &TypeExpr, models: &Models) -> Result<(), String> {
    Checker { models }.ty(value, ty, &Path::Root, 0)
}

/// Checks a field value: its type and the field's constraints.
pub fn check_field(value: &Value, field: &Field, models: &Models) -> Result<(), String> {
    let c = Checker { models };
    c.ty(value, &field.ty, &Path::Root, 0)?;
    constraints(value, &field.constraints, &Path::Root)
}

struct Checker<'a, 'm> {
    models: &'a Models<'m>,
}

/// Where a value is (`$.methods[0].query_strings`), formatted only when a problem is found:
/// the checks run over every example of a page, and almost all of them pass.
#[derive(Clone, Copy)]
enum Path<'a> {
    Root,
    Index(&'a Path<'a>, usize),
    Key(&'a Path<'a>, &'a str),
}

impl std::fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Path::Root => f.write_str("$"),
            Path::Index(parent, i) => write!(f, "{parent}[{i}]"),
            Path::Key(parent, k) => write!(f, "{parent}.{k}"),
        }
    }
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

impl Checker<'_, '_> {
    fn ty(&self, value: &Value, ty: &TypeExpr, path: &Path, depth: usize) -> Result<(), String> {
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
                    .try_for_each(|(i, v)| self.ty(v, item, &Path::Index(path, i), depth + 1)),
                _ => mismatch("an array"),
            },
            TypeExpr::Map(item) => match value {
                Value::Object(map) => map
                    .iter()
                    .try_for_each(|(k, v)| self.ty(v, item, &Path::Key(path, k), depth + 1)),
                _ => mismatch("an object"),
            },
            TypeExpr::Ref(name) => {
                let Some((model, field_names)) = self.models.by_name.get(name.as_str()) else {
                    // An undefined model is reported where it is referenced.
                    return Ok(());
                };
                let Value::Object(map) = value else {
                    return mismatch(&format!("an object ({name})"));
                };
                // A placeholder knows no fields: any object may be what the model holds.
                if model.undefined {
                    return Ok(());
                }
                for field in &model.fields {
                    let field_path = Path::Key(path, &field.name);
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
                if let Some(unknown) = map.keys().find(|k| !field_names.contains(k.as_str())) {
                    return Err(format!("{path}: `{unknown}` is not a field of {name}"));
                }
                Ok(())
            }
        }
    }
}

fn check_format(s: &str, format: Option<&str>, path: &dyn std::fmt::Display) -> Result<(), String> {
    let ok = match format {
        Some("date-time") => is_date_time(s.as_bytes()),
        Some("date") => is_date(s.as_bytes()),
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

fn digits(b: &[u8]) -> bool {
    !b.is_empty() && b.iter().all(u8::is_ascii_digit)
}

/// `YYYY-MM-DD`.
fn is_date(b: &[u8]) -> bool {
    b.len() == 10
        && digits(&b[..4])
        && b[4] == b'-'
        && digits(&b[5..7])
        && b[7] == b'-'
        && digits(&b[8..10])
}

/// `YYYY-MM-DDThh:mm:ss[.fff][Z|±hh[:]mm]`: with `Z`, fractions, or no offset (UTC), as the
/// platform sends them. (A byte check: examples are checked by the thousand.)
fn is_date_time(b: &[u8]) -> bool {
    if b.len() < 19 || !is_date(&b[..10]) || !matches!(b[10], b'T' | b't' | b' ') {
        return false;
    }
    let time = &b[11..19];
    if !(digits(&time[..2])
        && time[2] == b':'
        && digits(&time[3..5])
        && time[5] == b':'
        && digits(&time[6..8]))
    {
        return false;
    }
    let mut rest = &b[19..];
    if let Some(fraction) = rest.strip_prefix(b".") {
        let n = fraction.iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return false;
        }
        rest = &fraction[n..];
    }
    match rest {
        [] | [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] | [b'+' | b'-', h1, h2, m1, m2] => {
            digits(&[*h1, *h2, *m1, *m2])
        }
        _ => false,
    }
}

/// Checks the description-cell constraints.
pub fn constraints(
    value: &Value,
    c: &Constraints,
    path: &dyn std::fmt::Display,
) -> Result<(), String> {
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
            if crate::pattern::is_match(pattern, s) == Ok(false) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_times_as_the_platform_sends_them() {
        for ok in [
            "2024-05-17T00:23:17Z",
            "2026-02-11T06:40:19.438Z",
            "2025-03-14T09:26:53.589",
            "2024-05-17T09:23:17+09:00",
            "2024-05-17 09:23:17-0300",
        ] {
            assert!(is_date_time(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "2024-05-17",
            "2024-05-17T00:23",
            "2024-05-17T00:23:17.Z",
            "2024-05-17T00:23:17+9",
            "yesterday",
            "2024-5-17T00:23:17Z",
        ] {
            assert!(!is_date_time(bad.as_bytes()), "{bad}");
        }
        assert!(is_date(b"2024-05-17") && !is_date(b"2024-05-1"));
    }

    #[test]
    fn paths_name_the_offending_value() {
        let ty = TypeExpr::parse("array[object[integer]]").unwrap();
        let err = check(
            &serde_json::json!([{"a": 1}, {"b": "x"}]),
            &ty,
            &Models::default(),
        )
        .unwrap_err();
        assert_eq!(err, "$[1].b: expected integer, found string \"x\"");
    }

    #[test]
    fn models_are_looked_up_by_name_with_their_fields() {
        use crate::diag::Location;
        use std::path::Path;
        use std::sync::Arc;
        let at = Location::new(&Arc::from(Path::new("t")), 1);
        let field = |name: &str| Field {
            name: name.into(),
            required: false,
            ty: TypeExpr::Primitive {
                kind: Primitive::String,
                format: None,
            },
            description: None,
            example: None,
            default: None,
            constraints: Constraints::default(),
            at: at.clone(),
        };
        let models = vec![Model {
            name: "M".into(),
            at: at.clone(),
            fields: vec![field("a"), field("b")],
            undefined: false,
        }];
        let lookup = Models::new(&models);
        let ty = TypeExpr::Ref("M".into());
        assert!(check(&serde_json::json!({"a": "x", "b": "y"}), &ty, &lookup).is_ok());
        let err = check(&serde_json::json!({"c": "x"}), &ty, &lookup).unwrap_err();
        assert_eq!(err, "$: `c` is not a field of M");
    }
}
