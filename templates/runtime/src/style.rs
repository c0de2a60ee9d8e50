//! Parameters on the wire as OpenAPI's `style` and `explode` say, for every location: a
//! value's serde form is a scalar, a list of scalars or an object of scalars, and each style
//! writes them its own way (the tables of OpenAPI 3.1.1, "Style Examples", which follow
//! RFC 6570):
//!
//! | style | explode | `"blue"` | `["blue", "black"]` | `{"R": 100, "G": 200}` |
//! |---|---|---|---|---|
//! | simple | no | `blue` | `blue,black` | `R,100,G,200` |
//! | simple | yes | `blue` | `blue,black` | `R=100,G=200` |
//! | label | no | `.blue` | `.blue,black` | `.R,100,G,200` |
//! | label | yes | `.blue` | `.blue.black` | `.R=100.G=200` |
//! | matrix | no | `;color=blue` | `;color=blue,black` | `;color=R,100,G,200` |
//! | matrix | yes | `;color=blue` | `;color=blue;color=black` | `;R=100;G=200` |
//! | form | no | `color=blue` | `color=blue,black` | `color=R,100,G,200` |
//! | form | yes | `color=blue` | `color=blue&color=black` | `R=100&G=200` |
//! | spaceDelimited | no | – | `color=blue%20black` | `color=R%20100%20G%20200` |
//! | pipeDelimited | no | – | `color=blue\|black` | `color=R\|100\|G\|200` |
//! | deepObject | yes | – | – | `color[R]=100&color[G]=200` |
//!
//! An object's properties come in the order of their names (the order serde_json's map
//! keeps; servers read them by name, and the query is sorted for signing anyway).
//!
//! Values are percent-encoded for their place (a path segment keeps only unreserved
//! characters, a query is form-encoded, a header is sent as it is and checked); the
//! separators the style adds are not. A `None` (`null`) is no parameter; `null` items of a
//! list or properties of an object are left out. A shape the style has no form for (a list
//! of lists, an object in an object, a scalar as `deepObject`) is an
//! [`Error::Validation`] naming the parameter, before anything is sent: the generator
//! refuses such parameters where their type says so, this catches free-form values.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;
use serde_json::Value;

use super::error::Error;

/// How a parameter is written (OpenAPI's `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `blue,black` (paths and headers).
    Simple,
    /// `.blue` (paths).
    Label,
    /// `;color=blue` (paths).
    Matrix,
    /// `color=blue` (queries and cookies).
    Form,
    /// `color=blue%20black` (query lists).
    SpaceDelimited,
    /// `color=blue|black` (query lists).
    PipeDelimited,
    /// `color[R]=100` (query objects).
    DeepObject,
}

/// Characters a path segment keeps as they are (RFC 3986 unreserved).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A value's shape on the wire, its texts not yet encoded.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    /// `null`: no parameter.
    Absent,
    Scalar(String),
    List(Vec<String>),
    Object(Vec<(String, String)>),
}

fn invalid(at: &str, message: impl Into<String>) -> Error {
    Error::Validation {
        field: at.to_string(),
        message: message.into(),
    }
}

/// The text of a scalar JSON value; `None` for `null`, an error for a list or object.
fn scalar(v: &Value, at: &str, inside: &str) -> Result<Option<String>, Error> {
    Ok(Some(match v {
        Value::Null => return Ok(None),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(_) | Value::Object(_) => {
            return Err(invalid(
                at,
                format!("a list or object inside {inside} has no form in a parameter"),
            ))
        }
    }))
}

/// The shape of `value` (its serde form), at `at` (`query.color`) for errors.
pub fn shape<T: Serialize + ?Sized>(value: &T, at: &str) -> Result<Shape, Error> {
    let v = serde_json::to_value(value).map_err(|e| invalid(at, e.to_string()))?;
    Ok(match v {
        Value::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in &items {
                out.extend(scalar(item, at, "a list")?);
            }
            Shape::List(out)
        }
        Value::Object(props) => {
            let mut out = Vec::with_capacity(props.len());
            for (k, v) in &props {
                if let Some(text) = scalar(v, at, "an object")? {
                    out.push((k.clone(), text));
                }
            }
            Shape::Object(out)
        }
        other => match scalar(&other, at, "a value")? {
            Some(text) => Shape::Scalar(text),
            None => Shape::Absent,
        },
    })
}

/// Joins a shape's texts, each encoded by `enc`, with `sep`; an object's keys and values as
/// `k{kv}v` pairs when `kv` is given (explode), else as one flat list.
fn joined(shape: &Shape, enc: &dyn Fn(&str) -> String, sep: &str, kv: Option<&str>) -> String {
    match shape {
        Shape::Absent => String::new(),
        Shape::Scalar(s) => enc(s),
        Shape::List(items) => items.iter().map(|s| enc(s)).collect::<Vec<_>>().join(sep),
        Shape::Object(pairs) => match kv {
            Some(kv) => pairs
                .iter()
                .map(|(k, v)| format!("{}{kv}{}", enc(k), enc(v)))
                .collect::<Vec<_>>()
                .join(sep),
            None => pairs
                .iter()
                .flat_map(|(k, v)| [enc(k), enc(v)])
                .collect::<Vec<_>>()
                .join(sep),
        },
    }
}

fn segment(s: &str) -> String {
    utf8_percent_encode(s, SEGMENT).to_string()
}

/// A form-encoded text (a query's key or value).
pub fn form(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The path parameter `name` in its style, encoded: what replaces `{name}` in the path. An
/// unset value, and a simple value that is empty, `.` or `..` (no encoding keeps it one
/// segment of this path), are an [`Error::Validation`] at `path.<name>`.
pub fn path<T: Serialize + ?Sized>(
    name: &str,
    style: Style,
    explode: bool,
    value: &T,
) -> Result<String, Error> {
    let at = format!("path.{name}");
    let shape = shape(value, &at)?;
    let text = match (style, explode) {
        (_, _) if shape == Shape::Absent => {
            return Err(invalid(&at, "is unset: the call needs it in its path"))
        }
        (Style::Simple, _) => joined(&shape, &segment, ",", explode.then_some("=")),
        (Style::Label, false) => format!(".{}", joined(&shape, &segment, ",", None)),
        (Style::Label, true) => format!(".{}", joined(&shape, &segment, ".", Some("="))),
        (Style::Matrix, _) => {
            let name = segment(name);
            match (&shape, explode) {
                (Shape::Object(_), true) => {
                    format!(";{}", joined(&shape, &segment, ";", Some("=")))
                }
                (Shape::List(items), true) => items
                    .iter()
                    .map(|v| format!(";{name}={}", segment(v)))
                    .collect(),
                (Shape::Scalar(s), _) if s.is_empty() => format!(";{name}"),
                _ => format!(";{name}={}", joined(&shape, &segment, ",", None)),
            }
        }
        (other, _) => {
            return Err(invalid(
                &at,
                format!("the style {other:?} is no path style"),
            ))
        }
    };
    match text.as_str() {
        // `/v1/apis/{id}` with an empty id is `/v1/apis/`: another resource. URL parsers
        // remove the dot segments `.` and `..` (and their percent-encoded forms): no
        // encoding of these reaches the server. Any other text is safe encoded: its `.`
        // stand beside other characters, its `%` are `%25`.
        "" => Err(invalid(&at, "is empty: the call would go to another path")),
        "." | ".." => Err(invalid(
            &at,
            format!("is `{text}`, a dot segment: the URL would drop it and go to another path"),
        )),
        _ => Ok(text),
    }
}

/// The query pairs of the parameter `name` in its style, encoded (`(key, value)`); none for
/// an absent value.
pub fn query<T: Serialize + ?Sized>(
    name: &str,
    style: Style,
    explode: bool,
    value: &T,
) -> Result<Vec<(String, String)>, Error> {
    let at = format!("query.{name}");
    let shape = shape(value, &at)?;
    let key = form(name);
    let one = |v: String| Ok(vec![(key.clone(), v)]);
    match (style, &shape) {
        (_, Shape::Absent) => Ok(Vec::new()),
        (Style::Form, Shape::List(items)) if explode => {
            Ok(items.iter().map(|v| (key.clone(), form(v))).collect())
        }
        (Style::Form, Shape::Object(pairs)) if explode => {
            Ok(pairs.iter().map(|(k, v)| (form(k), form(v))).collect())
        }
        (Style::Form, _) => one(joined(&shape, &form, ",", None)),
        (Style::SpaceDelimited | Style::PipeDelimited, Shape::Scalar(_)) => Err(invalid(
            &at,
            format!("a single value has no {style:?} form: it takes a list or an object"),
        )),
        (Style::SpaceDelimited | Style::PipeDelimited, _) if explode => Err(invalid(
            &at,
            format!("{style:?} has no exploded form: the values would read as one"),
        )),
        (Style::SpaceDelimited, _) => one(joined(&shape, &form, "%20", None)),
        (Style::PipeDelimited, _) => one(joined(&shape, &form, "|", None)),
        (Style::DeepObject, Shape::Object(pairs)) => Ok(pairs
            .iter()
            .map(|(k, v)| (format!("{key}[{}]", form(k)), form(v)))
            .collect()),
        (Style::DeepObject, _) => Err(invalid(&at, "deepObject takes an object")),
        (other, _) => Err(invalid(
            &at,
            format!("the style {other:?} is no query style"),
        )),
    }
}

/// The header parameter `name` (style simple): its value, or `None` for an absent value.
pub fn header<T: Serialize + ?Sized>(
    name: &str,
    explode: bool,
    value: &T,
) -> Result<Option<String>, Error> {
    let shape = shape(value, &format!("header.{name}"))?;
    Ok((shape != Shape::Absent)
        .then(|| joined(&shape, &|s| s.to_string(), ",", explode.then_some("="))))
}

/// The cookie parameter `name` (style form): its `name=value` pairs, encoded; explode gives
/// a pair per list item and per property.
pub fn cookie<T: Serialize + ?Sized>(
    name: &str,
    explode: bool,
    value: &T,
) -> Result<Vec<String>, Error> {
    Ok(query(name, Style::Form, explode, value)?
        .into_iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect())
}

/// A parameter whose content is JSON (`content: application/json`): its JSON text, or `None`
/// for an absent value.
pub fn json<T: Serialize + ?Sized>(at: &str, value: &T) -> Result<Option<String>, Error> {
    let v = serde_json::to_value(value).map_err(|e| invalid(at, e.to_string()))?;
    Ok((!v.is_null()).then(|| v.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn q(style: Style, explode: bool, v: Value) -> String {
        match query("color", style, explode, &v) {
            Ok(pairs) => pairs
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("&"),
            Err(e) => format!("error: {e}"),
        }
    }

    fn p(style: Style, explode: bool, v: Value) -> String {
        path("color", style, explode, &v).unwrap_or_else(|e| format!("error: {e}"))
    }

    fn rgb() -> Value {
        json!({"R": 100, "G": 200, "B": 150})
    }

    fn list() -> Value {
        json!(["blue", "black", "brown"])
    }

    #[test]
    fn the_style_examples_of_openapi() {
        use Style::*;
        // path
        assert_eq!(p(Simple, false, json!("blue")), "blue");
        assert_eq!(p(Simple, false, list()), "blue,black,brown");
        assert_eq!(p(Simple, false, rgb()), "B,150,G,200,R,100");
        assert_eq!(p(Simple, true, rgb()), "B=150,G=200,R=100");
        assert_eq!(p(Label, false, json!("blue")), ".blue");
        assert_eq!(p(Label, false, list()), ".blue,black,brown");
        assert_eq!(p(Label, true, list()), ".blue.black.brown");
        assert_eq!(p(Label, false, rgb()), ".B,150,G,200,R,100");
        assert_eq!(p(Label, true, rgb()), ".B=150.G=200.R=100");
        assert_eq!(p(Matrix, false, json!("blue")), ";color=blue");
        assert_eq!(p(Matrix, false, list()), ";color=blue,black,brown");
        assert_eq!(
            p(Matrix, true, list()),
            ";color=blue;color=black;color=brown"
        );
        assert_eq!(p(Matrix, false, rgb()), ";color=B,150,G,200,R,100");
        assert_eq!(p(Matrix, true, rgb()), ";B=150;G=200;R=100");
        assert_eq!(p(Matrix, false, json!("")), ";color");
        // query
        assert_eq!(q(Form, true, json!("blue")), "color=blue");
        assert_eq!(q(Form, true, list()), "color=blue&color=black&color=brown");
        assert_eq!(q(Form, false, list()), "color=blue,black,brown");
        assert_eq!(q(Form, true, rgb()), "B=150&G=200&R=100");
        assert_eq!(q(Form, false, rgb()), "color=B,150,G,200,R,100");
        assert_eq!(q(Form, false, json!([])), "color=");
        assert_eq!(q(Form, true, json!([])), "");
        assert_eq!(
            q(SpaceDelimited, false, list()),
            "color=blue%20black%20brown"
        );
        assert_eq!(q(PipeDelimited, false, list()), "color=blue|black|brown");
        assert_eq!(q(PipeDelimited, false, rgb()), "color=B|150|G|200|R|100");
        assert_eq!(
            q(DeepObject, true, rgb()),
            "color[B]=150&color[G]=200&color[R]=100"
        );
        // header and cookie
        assert_eq!(
            header("x", false, &list()).unwrap().as_deref(),
            Some("blue,black,brown")
        );
        assert_eq!(
            header("x", true, &rgb()).unwrap().as_deref(),
            Some("B=150,G=200,R=100")
        );
        assert_eq!(
            cookie("color", true, &list()).unwrap(),
            ["color=blue", "color=black", "color=brown"]
        );
        assert_eq!(
            cookie("color", false, &list()).unwrap(),
            ["color=blue,black,brown"]
        );
    }

    #[test]
    fn values_are_encoded_for_their_place_and_separators_are_not() {
        use Style::*;
        assert_eq!(p(Simple, false, json!(["a/b", "c,d"])), "a%2Fb,c%2Cd");
        assert_eq!(p(Label, false, json!("a.b c")), ".a.b%20c");
        assert_eq!(q(Form, false, json!(["a b", "c,d"])), "color=a+b,c%2Cd");
        assert_eq!(q(Form, true, json!({"k&=": "v&"})), "k%26%3D=v%26");
        assert_eq!(q(SpaceDelimited, false, json!(["a|b"])), "color=a%7Cb");
        assert_eq!(q(DeepObject, true, json!({"a[b]": 1})), "color[a%5Bb%5D]=1");
        // Scalars of every JSON type, nulls left out.
        assert_eq!(
            q(Form, true, json!([1, 2.5, true, null, "x"])),
            "color=1&color=2.5&color=true&color=x"
        );
        assert_eq!(q(Form, true, json!({"a": null, "b": 1})), "b=1");
        assert_eq!(q(Form, true, json!(null)), "");
    }

    #[test]
    fn shapes_without_a_form_are_refused_with_the_parameter() {
        use Style::*;
        for (style, explode, v) in [
            (Form, true, json!([[1]])),
            (Form, true, json!({"a": {"b": 1}})),
            (DeepObject, true, json!("x")),
            (DeepObject, true, list()),
            (SpaceDelimited, false, json!("x")),
            (PipeDelimited, true, list()),
            (Simple, false, json!(1)),
        ] {
            assert!(
                q(style, explode, v.clone()).starts_with("error: invalid request: query.color"),
                "{style:?} {v}"
            );
        }
        assert!(p(Form, false, json!("x")).starts_with("error: invalid request: path.color"));
        for v in [json!(""), json!("."), json!(".."), json!(null), json!([])] {
            assert!(
                p(Simple, false, v.clone()).starts_with("error: invalid request: path.color"),
                "{v}"
            );
        }
        assert!(p(Simple, false, json!("...")) == "...");
    }
}
