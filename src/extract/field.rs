//! A named, typed row (a model field or a parameter) → [`Field`]: name and required flag,
//! the type grammar, and the description cell's example, constraints and default, each
//! typed by the schema and checked against it.

use serde_json::Value;

use super::api::{Constraints, Field};
use super::cell::DescriptionCell;
use super::row::SplitRow;
use super::{literal, validate};
use crate::diag::{Diagnostics, Location, Rule};
use crate::vocab::type_expr::{self as types, Primitive, TypeExpr};

/// `api_id required` → ("api_id", Some(true)).
pub fn name_and_flag(cell: &str) -> (String, Option<bool>) {
    let cell = cell.trim();
    if let Some(name) = cell.strip_suffix(" required") {
        (name.trim().to_string(), Some(true))
    } else if let Some(name) = cell.strip_suffix(" optional") {
        (name.trim().to_string(), Some(false))
    } else {
        (cell.to_string(), None)
    }
}

/// Builds a field from a split row whose name cell is `name_cell`. `None` (with a warning)
/// when the row has no type.
pub fn build(
    name_cell: &str,
    row: &SplitRow,
    at: Location,
    diags: &mut Diagnostics,
) -> Option<Field> {
    let (name, flag) = name_and_flag(name_cell);
    if name.is_empty() || name.contains(char::is_whitespace) {
        diags.warn(
            at,
            Rule::BadFieldName,
            format!("`{name_cell}` is not a field name; the row is left out"),
        );
        return None;
    }
    let required = flag.unwrap_or_else(|| {
        diags.warn(
            at.clone(),
            Rule::MissingRequiredFlag,
            format!("`{name}` says neither required nor optional; taken as optional"),
        );
        false
    });
    let Some(schema) = row.schema.as_deref() else {
        missing_type(
            row,
            at,
            format!(
                "the row of `{name}` has no Schema cell that reads as a type; the row is left out"
            ),
            diags,
        );
        return None;
    };
    let Some(ty) = TypeExpr::parse(schema) else {
        // "None" as a field type: no type at all.
        diags.warn(
            at,
            Rule::MissingType,
            format!("`{name}` has no type (`{schema}`); the row is left out"),
        );
        return None;
    };
    if ty == TypeExpr::Null {
        // `null` alone is no type a value can have but null: the Schema cell was most likely
        // lost or shifted. Kept, since that is what the doc says, but reported.
        diags.warn(
            at.clone(),
            Rule::NullType,
            format!("`{name}` has the type `null` alone: only null is allowed (is the Schema cell missing?)"),
        );
    }
    if let Some(extra) = &row.extra {
        diags.warn(
            at.clone(),
            Rule::ExtraCell,
            format!("text after the Default cell of `{name}` is ignored: `{extra}`"),
        );
    }
    let cell = DescriptionCell::parse(&row.description);
    let mut constraints = constraints(&cell, &name, &at, diags);
    if matches!(
        ty.strip_null().0,
        TypeExpr::Primitive {
            kind: types::Primitive::Integer,
            ..
        }
    ) {
        integer_bounds(&mut constraints, &name, &at, diags);
    }
    let mut field = Field {
        name,
        required,
        ty,
        description: Some(cell.text.clone()).filter(|t| !t.is_empty() && t != "None"),
        example: None,
        default: None,
        constraints,
        at,
    };
    field.example = cell
        .example
        .as_deref()
        .and_then(|raw| typed_value(raw, &field, "example", diags));
    field.default = row
        .default
        .as_deref()
        .filter(|d| !is_no_default(d))
        .and_then(|raw| typed_value(raw, &field, "default", diags));
    Some(field)
}

/// Reports a row without a type: as nested too deep when that is why no cell reads as one
/// (the type grammar stops at [`types::MAX_TYPE_DEPTH`] levels), else with `message`.
pub fn missing_type(row: &SplitRow, at: Location, message: String, diags: &mut Diagnostics) {
    let deepest = [Some(row.description.as_str()), row.schema.as_deref()]
        .into_iter()
        .flatten()
        .map(types::max_nesting)
        .max()
        .unwrap_or(0);
    if deepest >= types::MAX_TYPE_DEPTH {
        diags.warn(
            at,
            Rule::TypeTooDeep,
            format!(
                "a cell nests {deepest} levels deep (`array[`, `object[`, `any of [`), more than the {} a type may have, so {message}",
                types::MAX_TYPE_DEPTH - 1
            ),
        );
    } else {
        diags.warn(at, Rule::MissingType, message);
    }
}

/// Default cells that mean "no default" (trap 6).
fn is_no_default(text: &str) -> bool {
    matches!(text.trim(), "" | "None" | "-" | "null")
}

fn constraints(
    cell: &DescriptionCell,
    name: &str,
    at: &Location,
    diags: &mut Diagnostics,
) -> Constraints {
    let mut bad = |key: &str, value: &str| {
        diags.warn(
            at.clone(),
            Rule::BadConstraint,
            format!("`{name}`: {key} `{value}` is not a number; ignored"),
        );
    };
    let mut c = Constraints::default();
    for (key, raw, slot) in [
        ("Minimum length", &cell.min_length, &mut c.min_length),
        ("Maximum length", &cell.max_length, &mut c.max_length),
    ] {
        if let Some(raw) = raw {
            match raw.parse::<usize>() {
                Ok(n) => *slot = Some(n),
                Err(_) => bad(key, raw),
            }
        }
    }
    for (key, raw, slot) in [
        ("Minimum", &cell.minimum, &mut c.minimum),
        ("Maximum", &cell.maximum, &mut c.maximum),
    ] {
        if let Some(raw) = raw {
            match raw.parse::<f64>() {
                Ok(n) if n.is_finite() => *slot = Some(n),
                _ => bad(key, raw),
            }
        }
    }
    if let Some(pattern) = cell.pattern.as_ref().filter(|p| !p.is_empty()) {
        // Checked (and compiled) once per distinct pattern; examples are matched through the
        // same cache.
        match crate::pattern::check(pattern) {
            Ok(()) => c.pattern = Some(pattern.clone()),
            // A pattern no regex engine reads makes every client reject the field, or fail
            // to build: it stays out of the spec.
            Err(p @ crate::pattern::Problem::Syntax(_)) => {
                diags.warn(at.clone(), p.rule(), format!("`{name}`: {p}; left out"))
            }
            // A real pattern, only too costly to compile here: the spec keeps it, examples
            // are not checked against it and clients do not check it.
            Err(p) => {
                diags.warn(
                    at.clone(),
                    p.rule(),
                    format!(
                        "`{name}`: {p}; kept in the spec, but examples and clients do not check it"
                    ),
                );
                c.pattern = Some(pattern.clone());
            }
        }
    }
    drop_impossible_ranges(&mut c, name, at, diags);
    c
}

/// `minimum > maximum` (or lengths) admits no value at all: the generated client would reject
/// every one. Both bounds are left out, reported, so the field still takes what the API does.
/// The bounds of an integer field as the spec writes them (a 64-bit integer): one beyond
/// that range would be clamped to it, a different bound than the page's. A bound no 64-bit
/// value can reach on its side (a Minimum below, a Maximum above) bounds nothing and goes
/// quietly; one that no value can satisfy is reported and left out.
fn integer_bounds(c: &mut Constraints, name: &str, at: &Location, diags: &mut Diagnostics) {
    const LOW: f64 = i64::MIN as f64;
    const HIGH: f64 = i64::MAX as f64;
    for (key, slot, vacuous) in [
        (
            "Minimum",
            &mut c.minimum,
            (|m: f64| m.ceil() <= LOW) as fn(f64) -> bool,
        ),
        ("Maximum", &mut c.maximum, |m: f64| m.floor() >= HIGH),
    ] {
        let Some(bound) = *slot else { continue };
        if vacuous(bound) {
            *slot = None;
        } else if !(LOW..HIGH).contains(&bound.ceil()) || !(LOW..HIGH).contains(&bound.floor()) {
            diags.warn(
                at.clone(),
                Rule::BadConstraint,
                format!("`{name}`: {key} {bound} is beyond a 64-bit integer, so no value of the field satisfies it; left out"),
            );
            *slot = None;
        }
    }
}

fn drop_impossible_ranges(c: &mut Constraints, name: &str, at: &Location, diags: &mut Diagnostics) {
    if let (Some(min), Some(max)) = (c.min_length, c.max_length) {
        if min > max {
            diags.warn(
                at.clone(),
                Rule::ImpossibleConstraint,
                format!("`{name}`: Minimum length {min} is above Maximum length {max}, which no value satisfies; both are left out"),
            );
            c.min_length = None;
            c.max_length = None;
        }
    }
    if let (Some(min), Some(max)) = (c.minimum, c.maximum) {
        if min > max {
            diags.warn(
                at.clone(),
                Rule::ImpossibleConstraint,
                format!("`{name}`: Minimum {min} is above Maximum {max}, which no value satisfies; both are left out"),
            );
            c.minimum = None;
            c.maximum = None;
        }
    }
}

/// Reads an example or default as the field's type says, and checks it (trap 4: examples
/// may be empty or Python-style). Models are not known yet here: values of model types are
/// checked again once every model is read.
fn typed_value(raw: &str, field: &Field, what: &str, diags: &mut Diagnostics) -> Option<Value> {
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    let Some(value) = read_value(raw, &field.ty) else {
        diags.warn(
            field.at.clone(),
            if what == "example" {
                Rule::ExampleSyntax
            } else {
                Rule::DefaultSyntax
            },
            if types::max_nesting(raw) > literal::MAX_LITERAL_DEPTH {
                format!(
                    "`{}`: the {what} {} nests deeper than {} levels; left out",
                    field.name,
                    crate::vocab::names::shown(raw),
                    literal::MAX_LITERAL_DEPTH
                )
            } else {
                format!(
                    "`{}`: the {what} `{raw}` cannot be read as {}; left out",
                    field.name, field.ty
                )
            },
        );
        return None;
    };
    if let Err(problem) = validate::check_field(&value, field, &validate::Models::default()) {
        diags.warn(
            field.at.clone(),
            if what == "example" {
                Rule::ExampleType
            } else {
                Rule::DefaultType
            },
            format!(
                "`{}`: the {what} contradicts the table ({problem}); left out",
                field.name
            ),
        );
        return None;
    }
    Some(value)
}

/// Text → value by the expected type: strings stay verbatim, numbers and booleans are read
/// as such, everything else as a JSON or Python literal.
pub fn read_value(raw: &str, ty: &TypeExpr) -> Option<Value> {
    let (inner, nullable) = ty.strip_null();
    if nullable && matches!(raw, "None" | "null") {
        return Some(Value::Null);
    }
    match inner {
        TypeExpr::Primitive {
            kind: Primitive::String,
            ..
        }
        | TypeExpr::Enum(_) => Some(Value::String(raw.to_string())),
        TypeExpr::Primitive {
            kind: Primitive::Integer | Primitive::Number,
            ..
        } => literal::number(raw),
        TypeExpr::Primitive {
            kind: Primitive::Boolean,
            ..
        } => match raw {
            "True" | "true" => Some(Value::Bool(true)),
            "False" | "false" => Some(Value::Bool(false)),
            _ => None,
        },
        _ => literal::parse(raw),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::row;
    use std::path::Path;
    use std::sync::Arc;

    fn field(raw: &str) -> (Option<Field>, Diagnostics) {
        let mut diags = Diagnostics::new();
        let row = row::split(raw, 1, true, &|_| false).unwrap();
        let at = Location::new(&Arc::from(Path::new("t.txt")), 7);
        (build(&row.lead[0].clone(), &row, at, &mut diags), diags)
    }

    #[test]
    fn trap6_defaults() {
        let (f, d) = field("| size optional | size Example : 20 | any of [integer, null] | 20 |");
        let f = f.unwrap();
        assert_eq!(f.default, Some(Value::from(20)));
        assert_eq!(f.example, Some(Value::from(20)));
        assert!(d.is_empty());
        for none in ["None", "-"] {
            let (f, _) = field(&format!(
                "| sort optional | sort | any of [string, null] | {none} |"
            ));
            assert_eq!(f.unwrap().default, None, "{none}");
        }
        let (f, _) = field("| auth_method optional | 인증 수단 Example : JWT(JSON WEB Token) | string | JWT(JSON WEB Token) |");
        assert_eq!(f.unwrap().default, Some(Value::from("JWT(JSON WEB Token)")));
        let (f, _) = field("| state optional | 상태 | array[any of [string, null]] | [] |");
        assert_eq!(f.unwrap().default, Some(serde_json::json!([])));
    }

    #[test]
    fn trap4_examples_typed_and_checked() {
        let (f, d) = field("| query_strings optional | 쿼리 Example : {'param1': 'value1'} | any of [object[boolean], null] | |");
        assert_eq!(f.unwrap().example, None);
        assert_eq!(d.iter().next().unwrap().rule, Rule::ExampleType);
        let (f, d) = field("| request_headers optional | 헤더 Example : {'test1' : True} | any of [object[boolean], null] |");
        assert_eq!(f.unwrap().example, Some(serde_json::json!({"test1": true})));
        assert!(d.is_empty());
        let (f, d) = field(
            "| request_path optional | 경로 Example : {users} | any of [array[object], null] | |",
        );
        assert_eq!(f.unwrap().example, None);
        assert_eq!(d.iter().next().unwrap().rule, "example-syntax");
        let (f, _) = field("| description required | 설명 Example : | string | |");
        assert_eq!(f.unwrap().example, None);
        let (f, d) = field(
            r"| name required | 이름 Example : test-apiPattern : ^[a-z][a-z0-9\-]{1,48}[a-z0-9]$Minimum length : 3Maximum length : 50 | string | |",
        );
        let f = f.unwrap();
        assert_eq!(f.example, Some(Value::from("test-api")));
        assert_eq!(f.constraints.max_length, Some(50));
        assert!(d.is_empty());
    }

    #[test]
    fn impossible_ranges_and_bad_patterns_are_left_out() {
        let (f, d) =
            field("| name required | 이름 Minimum length : 9Maximum length : 3 | string | |");
        let c = f.unwrap().constraints;
        assert_eq!((c.min_length, c.max_length), (None, None));
        assert_eq!(d.iter().next().unwrap().rule, "impossible-constraint");
        let (f, d) = field("| n required | 수 Minimum : 5Maximum : 5 | integer | |");
        assert_eq!(
            f.unwrap().constraints.minimum,
            Some(5.0),
            "equal bounds are possible"
        );
        assert!(d.is_empty());
        let (f, d) = field("| n required | 수 Minimum : 5.5Maximum : 1 | number | |");
        assert_eq!(f.unwrap().constraints.maximum, None);
        assert_eq!(d.len(), 1);
        let (f, d) = field("| name required | 이름 Pattern : ^(a | string | |");
        assert_eq!(f.unwrap().constraints.pattern, None);
        let message = &d.iter().next().unwrap().message;
        assert!(
            message.ends_with("left out") && !message.contains('\n'),
            "{message}"
        );
    }

    #[test]
    fn example_breaking_its_constraints_is_dropped() {
        let (f, d) = field(
            "| limit required | 할당량 Example : 0Minimum : 1Maximum : 2000000000 | integer | |",
        );
        let f = f.unwrap();
        assert_eq!(f.example, None);
        assert_eq!(f.constraints.minimum, Some(1.0));
        assert_eq!(d.iter().next().unwrap().rule, Rule::ExampleType);
    }
}
