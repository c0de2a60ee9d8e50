//! Reading spec files: YAML or JSON, OpenAPI 3.0 or 3.1 (lowered, see [`super::lower`]), one
//! document per API version (a file whose operations carry SCP's `x-api-version` is split).

use std::path::Path;
use std::sync::Arc;

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::diag::{Diagnostics, Location, Rule};
use crate::vocab::ext;

/// The documents of one spec file's text (`json` when the file is JSON), findings at `file`.
pub fn documents(
    text: &str,
    json: bool,
    file: &Arc<Path>,
    diags: &mut Diagnostics,
) -> Vec<OpenAPI> {
    let mut value = match super::tree::parse(text, json) {
        Ok(v) => v,
        Err(e) => {
            diags.error(
                Location::new(file, e.line),
                Rule::BadSpec,
                format!("not a YAML or JSON document scpgen can read: {e}"),
            );
            return Vec::new();
        }
    };
    if super::lower::is_31(&value) {
        for note in super::lower::lower(&mut value) {
            diags.warn(Location::new(file, 0), Rule::Openapi31, note);
        }
    }
    // Types the keywords imply are made explicit, so the model reads them as types.
    for f in super::implied::imply(&mut value) {
        diags.report(Location::new(file, 0), f.rule, f.message);
    }
    // What the model would read wrongly or drop is mended or reported first.
    for f in super::audit::audit(&mut value) {
        diags.report(Location::new(file, 0), f.rule, f.message);
    }
    let document: OpenAPI = match serde_json::from_value(value) {
        Ok(d) => d,
        Err(e) => {
            diags.error(
                Location::new(file, 0),
                Rule::BadSpec,
                format!("not an OpenAPI 3.0 or 3.1 document: {e}"),
            );
            return Vec::new();
        }
    };
    split_by_version(document, file, diags)
}

/// The API version an operation names with SCP's `x-api-version`: `(service, version)`.
fn operation_version(op: &openapiv3::Operation) -> Option<(Option<String>, String)> {
    let v = op.extensions.get(ext::SCP_OPERATION_API_VERSION)?;
    let text = match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    Some(match text.split_once(' ') {
        Some((service, version)) => (Some(service.trim().to_string()), version.trim().to_string()),
        None => (None, text),
    })
}

/// One document per `x-api-version` value when the operations carry it (newest first), each
/// with only its operations and the `x-scp-*` keys codegen reads; else the document itself.
fn split_by_version(doc: OpenAPI, file: &Arc<Path>, diags: &mut Diagnostics) -> Vec<OpenAPI> {
    let mut versions: Vec<(Option<String>, String)> = Vec::new();
    let mut untagged = 0;
    for (path, method, op) in doc.operations() {
        // A key that is there but no version would silently put the operation everywhere.
        if op.extensions.contains_key(ext::SCP_OPERATION_API_VERSION)
            && operation_version(op).is_none()
        {
            diags.warn(
                Location::new(file, 0),
                Rule::OpenapiVersions,
                format!(
                    "#/paths/{}/{method}/{}: not a version (a string such as `1.2` or `apigateway 1.2`); the operation is kept in every version",
                    path.replace('~', "~0").replace('/', "~1"),
                    ext::SCP_OPERATION_API_VERSION
                ),
            );
        }
        match operation_version(op) {
            Some(v) if !versions.contains(&v) => versions.push(v),
            Some(_) => {}
            None => untagged += 1,
        }
    }
    if versions.is_empty() {
        return vec![doc];
    }
    if untagged > 0 {
        diags.warn(
            Location::new(file, 0),
            Rule::OpenapiVersions,
            format!("{untagged} operation(s) carry no `x-api-version` beside others that do; they are kept in every version"),
        );
    }
    versions.sort_by_key(|(_, v)| std::cmp::Reverse(crate::extract::api::version_key(v)));
    versions
        .into_iter()
        .map(|(service, version)| {
            let mut d = doc.clone();
            for (_, item) in d.paths.paths.iter_mut() {
                let openapiv3::ReferenceOr::Item(item) = item else {
                    continue;
                };
                for slot in [
                    &mut item.get,
                    &mut item.put,
                    &mut item.post,
                    &mut item.delete,
                    &mut item.options,
                    &mut item.head,
                    &mut item.patch,
                    &mut item.trace,
                ] {
                    let keep = slot
                        .as_ref()
                        .is_some_and(|op| operation_version(op).is_none_or(|(_, v)| v == version));
                    if !keep {
                        *slot = None;
                    }
                }
            }
            d.paths.paths.retain(|_, item| match item {
                openapiv3::ReferenceOr::Item(i) => i.iter().next().is_some(),
                openapiv3::ReferenceOr::Reference { .. } => true,
            });
            d.info.version = version.clone();
            // Where the version came from: SCP's key names it, whatever `info.version` said.
            d.info.extensions.insert(
                ext::SCP_OPERATION_API_VERSION.into(),
                Value::String(version.clone()),
            );
            if let Some(service) = service {
                d.info
                    .extensions
                    .entry(ext::SERVICE.into())
                    .or_insert(Value::String(service.clone()));
                d.info
                    .extensions
                    .entry(ext::API_VERSION.into())
                    .or_insert(Value::String(format!("{service} {version}")));
            }
            d
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> Arc<Path> {
        Arc::from(Path::new("s.yaml"))
    }

    #[test]
    fn a_file_of_several_versions_is_split() {
        let text = "openapi: 3.1.0\ninfo: {title: T, version: x}\npaths:\n  /a:\n    get: {operationId: a_new, x-api-version: 'svc 1.2', responses: {'200': {description: ok}}}\n    post: {operationId: a_old, x-api-version: 'svc 1.1', responses: {'200': {description: ok}}}\n  /b:\n    get: {operationId: b, x-api-version: 'svc 1.1', responses: {'200': {description: ok}}}\n";
        let mut diags = Diagnostics::new();
        let docs = documents(text, false, &file(), &mut diags);
        assert!(diags.sorted().is_empty(), "{:?}", diags.sorted());
        let summary: Vec<(String, Vec<String>)> = docs
            .iter()
            .map(|d| {
                (
                    format!(
                        "{} {}",
                        d.info.extensions[ext::API_VERSION].as_str().unwrap(),
                        d.info.version
                    ),
                    d.operations()
                        .filter_map(|(_, _, o)| o.operation_id.clone())
                        .collect(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("svc 1.2 1.2".to_string(), vec!["a_new".to_string()]),
                (
                    "svc 1.1 1.1".to_string(),
                    vec!["a_old".to_string(), "b".to_string()]
                ),
            ]
        );
    }

    #[test]
    fn an_api_version_that_is_no_version_is_reported() {
        let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get: {x-api-version: 'svc 1.2', responses: {'200': {description: ok}}}\n    post: {x-api-version: [1], responses: {'200': {description: ok}}}\n";
        let mut diags = Diagnostics::new();
        let docs = documents(text, false, &file(), &mut diags);
        assert_eq!(docs.len(), 1);
        let found: Vec<String> = diags.sorted().iter().map(|d| d.to_string()).collect();
        assert!(
            found
                .iter()
                .any(|f| f.contains("#/paths/~1a/post/x-api-version: not a version")),
            "{found:?}"
        );
    }

    #[test]
    fn unreadable_specs_are_errors_with_the_line() {
        let mut diags = Diagnostics::new();
        assert!(documents("openapi: [", false, &file(), &mut diags).is_empty());
        assert!(diags.has_errors());
        let mut diags = Diagnostics::new();
        assert!(documents("{\"openapi\": \"3.0.3\"}", true, &file(), &mut diags).is_empty());
        assert!(diags.sorted()[0]
            .to_string()
            .contains("not an OpenAPI 3.0 or 3.1 document"));
    }
}
