//! Request bodies that are not JSON: `application/x-www-form-urlencoded` and
//! `multipart/form-data`, written from the body model's serde form.
//!
//! A form body is the model's properties as form-style, exploded pairs (a list is one pair per
//! item, an object one pair per property), the way OpenAPI encodes them by default; deeper
//! nesting has no such form and is an [`Error::Validation`]. A multipart body is one part per property (per item
//! of a list): text for scalars, a file part for a [`Binary`] (its file name and media type,
//! else `application/octet-stream`), a JSON part for an object. Properties that are `None`
//! are not sent. Properties come in the order of their names (serde_json's map).

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};

use serde::Serialize;
use serde_json::Value;

use super::binary::{marker_index, with_markers, Binary};
use super::error::Error;
use super::style::{self, Style};

fn invalid(message: impl Into<String>) -> Error {
    Error::Validation {
        field: "body".into(),
        message: message.into(),
    }
}

/// The body's properties, or why a body of this shape has no form or multipart form.
fn properties(v: Value, what: &str) -> Result<serde_json::Map<String, Value>, Error> {
    match v {
        Value::Object(m) => Ok(m),
        other => Err(invalid(format!(
            "a {what} body is an object of named values, not {}",
            match other {
                Value::Array(_) => "a list",
                Value::Null => "null",
                _ => "a single value",
            }
        ))),
    }
}

/// The `application/x-www-form-urlencoded` text of `body`.
pub fn form<T: Serialize + ?Sized>(body: &T) -> Result<Vec<u8>, Error> {
    let v = serde_json::to_value(body).map_err(|e| invalid(e.to_string()))?;
    let mut pairs = Vec::new();
    for (name, value) in properties(v, "form")? {
        let at = format!("body.{name}");
        let encoded = style::query(&name, Style::Form, true, &value).map_err(|e| match e {
            Error::Validation { message, .. } => Error::Validation { field: at, message },
            other => other,
        })?;
        pairs.extend(encoded.into_iter().map(|(k, v)| format!("{k}={v}")));
    }
    Ok(pairs.join("&").into_bytes())
}

/// One part of a multipart body, before the boundary is chosen.
struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    bytes: bytes::Bytes,
}

/// A name or file name in a part's disposition: quotes and line breaks percent-encoded, as
/// browsers send them (the WHATWG form encoding).
fn quoted(s: &str) -> String {
    s.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn part_of(name: &str, value: Value, binaries: &[Binary]) -> Result<Option<Part>, Error> {
    let text = |t: String| Part {
        name: name.to_string(),
        file_name: None,
        content_type: None,
        bytes: t.into(),
    };
    Ok(Some(match value {
        Value::Null => return Ok(None),
        Value::String(s) => match marker_index(&s).and_then(|i| binaries.get(i)) {
            Some(b) => Part {
                name: name.to_string(),
                file_name: Some(b.file_name().unwrap_or(name).to_string()),
                // A line break in it would write the part's headers.
                content_type: Some(
                    b.sendable_media_type()
                        .map_err(|why| Error::Validation {
                            field: format!("body.{name}"),
                            message: why,
                        })?
                        .unwrap_or("application/octet-stream")
                        .to_string(),
                ),
                bytes: b.clone().into_bytes(),
            },
            None => text(s),
        },
        Value::Bool(b) => text(b.to_string()),
        Value::Number(n) => text(n.to_string()),
        other => Part {
            name: name.to_string(),
            file_name: None,
            content_type: Some("application/json".into()),
            bytes: serde_json::to_vec(&other)
                .map_err(|e| invalid(e.to_string()))?
                .into(),
        },
    }))
}

/// A boundary no part holds: 128 random bits.
fn boundary(parts: &[Part]) -> String {
    loop {
        let word = || {
            let mut h = RandomState::new().build_hasher();
            h.write_usize(parts.len());
            h.finish()
        };
        let b = format!("scp-{:016x}{:016x}", word(), word());
        let needle = b.as_bytes();
        if !parts
            .iter()
            .any(|p| p.bytes.windows(needle.len()).any(|w| w == needle))
        {
            return b;
        }
    }
}

/// The `multipart/form-data` bytes of `body`, and its boundary.
pub fn multipart<T: Serialize + ?Sized>(body: &T) -> Result<(Vec<u8>, String), Error> {
    let (v, binaries) = with_markers(body).map_err(|e| invalid(e.to_string()))?;
    let mut parts = Vec::new();
    for (name, value) in properties(v, "multipart")? {
        match value {
            Value::Array(items) => {
                for item in items {
                    parts.extend(part_of(&name, item, &binaries)?);
                }
            }
            other => parts.extend(part_of(&name, other, &binaries)?),
        }
    }
    let boundary = boundary(&parts);
    let mut out = Vec::new();
    for p in &parts {
        out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        let mut disposition = format!(
            "Content-Disposition: form-data; name=\"{}\"",
            quoted(&p.name)
        );
        if let Some(f) = &p.file_name {
            disposition.push_str(&format!("; filename=\"{}\"", quoted(f)));
        }
        out.extend_from_slice(disposition.as_bytes());
        out.extend_from_slice(b"\r\n");
        if let Some(t) = &p.content_type {
            out.extend_from_slice(format!("Content-Type: {t}\r\n").as_bytes());
        }
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(&p.bytes);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    Ok((out, boundary))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Serialize)]
    struct Upload {
        name: String,
        tags: Vec<String>,
        file: Binary,
        meta: Value,
        skipped: Option<i32>,
    }

    #[test]
    fn forms_are_exploded_pairs_and_objects_are_refused() {
        let body = json!({"name": "a b", "tags": ["x", "y&z"], "n": 1, "none": null});
        assert_eq!(
            String::from_utf8(form(&body).unwrap()).unwrap(),
            "n=1&name=a+b&tags=x&tags=y%26z"
        );
        // An object property is its own pairs (form, exploded); deeper has no form.
        assert_eq!(form(&json!({"o": {"a": 1}})).unwrap(), b"a=1");
        for bad in [json!({"o": {"a": {"b": 1}}}), json!([1]), json!("x")] {
            assert!(matches!(form(&bad), Err(Error::Validation { .. })), "{bad}");
        }
    }

    #[test]
    fn multipart_parts_for_text_files_lists_and_json() {
        let upload = Upload {
            name: "n\"1".into(),
            tags: vec!["a".into(), "b".into()],
            file: Binary::new(b"\x00\x01bytes".to_vec()).with_file_name("f.bin"),
            meta: json!({"k": 1}),
            skipped: None,
        };
        let (bytes, boundary) = multipart(&upload).unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let b = format!("--{boundary}");
        let expected = format!(
            "{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n\u{0}\u{1}bytes\r\n\
             {b}\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{{\"k\":1}}\r\n\
             {b}\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nn\"1\r\n\
             {b}\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\na\r\n\
             {b}\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\nb\r\n\
             {b}--\r\n"
        );
        assert_eq!(text, expected);
        assert!(boundary.len() > 30);
        // A media type that would write the part's headers is refused.
        let evil = Upload {
            file: Binary::new(b"x".to_vec()).with_media_type("a/b\r\nContent-Disposition: x"),
            ..upload
        };
        assert!(
            matches!(multipart(&evil), Err(Error::Validation { field, .. }) if field == "body.file")
        );
    }
}
