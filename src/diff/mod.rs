//! `scpgen diff`: an API changelog between two revisions of the docs (or two spec trees),
//! per service and API version, each change classified breaking or not for a client user,
//! after the rules of established OpenAPI diff tools (oasdiff): removing an operation, a
//! response field or an enum value a client may send, adding a required request field,
//! changing a type, narrowing a constraint are breaking; additions are not.

pub mod render;
pub mod schema;

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{OpenAPI, Operation, ReferenceOr, StatusCode};
use serde::Serialize;

use schema::{Context, Label, SchemaDiff};

/// One entry of the changelog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub service: String,
    pub version: String,
    pub breaking: bool,
    /// What changed: `GET /v1/apis`, `model ApiDetail`, `API version`.
    pub subject: String,
    /// How, in words.
    pub detail: String,
}

/// The specs of one revision, by (service, version).
pub type Revision = BTreeMap<(String, String), OpenAPI>;

/// Keys a set of specs by service slug and version.
pub fn revision(specs: Vec<OpenAPI>) -> Revision {
    specs
        .into_iter()
        .map(|s| {
            let service = crate::vocab::ext::ScpInfo::of(&s.info).service_or_title(&s.info);
            ((service, s.info.version.clone()), s)
        })
        .collect()
}

/// Every change from `old` to `new`, in a stable order.
pub fn diff(old: &Revision, new: &Revision) -> Vec<Change> {
    let mut out = Vec::new();
    let keys: BTreeSet<&(String, String)> = old.keys().chain(new.keys()).collect();
    for key in keys {
        let (service, version) = key;
        let mut push = |breaking: bool, subject: String, detail: String| {
            out.push(Change {
                service: service.clone(),
                version: version.clone(),
                breaking,
                subject,
                detail,
            });
        };
        match (old.get(key), new.get(key)) {
            (None, Some(n)) => push(
                false,
                "API version".into(),
                format!("added ({})", status(n)),
            ),
            (Some(_), None) => push(true, "API version".into(), "removed".into()),
            (Some(o), Some(n)) => compare_specs(o, n, &mut push),
            (None, None) => {}
        }
    }
    out
}

/// A name or value from a spec, quoted in a detail as a code span that it cannot end (the
/// fence is longer than any backtick run inside), so that the Markdown changelog shows it as
/// written and never as a link; `render::markdown` keeps the spans.
pub fn quoted(s: &str) -> String {
    crate::markdown::code(s)
}

fn info(spec: &OpenAPI) -> crate::vocab::ext::ScpInfo<'_> {
    crate::vocab::ext::ScpInfo::of(&spec.info)
}

fn status(spec: &OpenAPI) -> String {
    let i = info(spec);
    let status = quoted(i.status.as_ref().map_or("?", |s| s.as_str()));
    match i.supported_until {
        Some(d) => format!("{status}, supported until {}", quoted(d)),
        None => status,
    }
}

type Push<'a> = dyn FnMut(bool, String, String) + 'a;

fn compare_specs(old: &OpenAPI, new: &OpenAPI, push: &mut Push) {
    let (os, ns) = (info(old).status, info(new).status);
    if os != ns {
        let deprecating = ns.as_ref().is_some_and(|s| s.is_deprecated());
        let detail = format!(
            "status {} → {}{}",
            quoted(os.as_ref().map_or("?", |s| s.as_str())),
            quoted(ns.as_ref().map_or("?", |s| s.as_str())),
            if deprecating {
                " (deprecated: plan the move to a newer version)"
            } else {
                ""
            }
        );
        push(false, "API version".into(), detail);
    }
    let (ou, nu) = (info(old).supported_until, info(new).supported_until);
    if ou != nu {
        // Support ending sooner than announced shortens what clients rely on; a first end
        // date comes with the deprecation, reported above.
        let sooner = matches!((ou, nu), (Some(o), Some(n)) if n < o);
        push(
            sooner,
            "API version".into(),
            format!(
                "supported until {} → {}",
                ou.map_or("-".into(), quoted),
                nu.map_or("-".into(), quoted)
            ),
        );
    }
    let oops = operations(old);
    let nops = operations(new);
    for (id, (m, p, _)) in &oops {
        if !nops.contains_key(id) {
            push(
                true,
                format!("{m} {p}"),
                format!("operation {} removed", quoted(id)),
            );
        }
    }
    for (id, (m, p, _)) in &nops {
        if !oops.contains_key(id) {
            push(
                false,
                format!("{m} {p}"),
                format!("operation {} added", quoted(id)),
            );
        }
    }
    for (id, (om, op_path, o)) in &oops {
        let Some((nm, np, n)) = nops.get(id) else {
            continue;
        };
        let subject = format!("{nm} {np}");
        if (om, op_path) != (nm, np) {
            push(
                true,
                subject.clone(),
                format!(
                    "operation {} moved from {}",
                    quoted(id),
                    quoted(&format!("{om} {op_path}"))
                ),
            );
        }
        let version_deprecated = ns.as_ref().is_some_and(|s| s.is_deprecated());
        compare_operation(o, n, &subject, version_deprecated, push);
    }
    compare_models(old, new, push);
}

/// Operations by id: (method, path, operation).
fn operations(spec: &OpenAPI) -> BTreeMap<String, (String, String, &Operation)> {
    let mut out = BTreeMap::new();
    for (path, item) in &spec.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        for (method, op) in item.iter() {
            let id = op
                .operation_id
                .clone()
                .unwrap_or_else(|| format!("{method} {path}"));
            out.insert(id, (method.to_ascii_uppercase(), path.clone(), op));
        }
    }
    out
}

/// A parameter's required flag and schema.
type ParamFacts = (bool, Option<ReferenceOr<openapiv3::Schema>>);

/// Parameters by (location, name).
fn parameters(op: &Operation) -> BTreeMap<(String, String), ParamFacts> {
    let mut out = BTreeMap::new();
    for p in &op.parameters {
        let ReferenceOr::Item(p) = p else { continue };
        let (location, data) = crate::vocab::ParamIn::of(p);
        let schema = match &data.format {
            openapiv3::ParameterSchemaOrContent::Schema(s) => Some(s.clone()),
            _ => None,
        };
        out.insert(
            (location.to_string(), data.name.clone()),
            (data.required, schema),
        );
    }
    out
}

/// `version_deprecated`: the whole version was deprecated, which says it for each operation.
fn compare_operation(
    o: &Operation,
    n: &Operation,
    subject: &str,
    version_deprecated: bool,
    push: &mut Push,
) {
    if !o.deprecated && n.deprecated && !version_deprecated {
        push(false, subject.into(), "operation deprecated".into());
    }
    let (op, np) = (parameters(o), parameters(n));
    for ((loc, name), (required, _)) in &np {
        if !op.contains_key(&(loc.clone(), name.clone())) {
            let kind = if *required { "required" } else { "optional" };
            push(
                *required,
                subject.into(),
                format!("{kind} {loc} parameter {} added", quoted(name)),
            );
        }
    }
    for ((loc, name), (o_req, o_schema)) in &op {
        let key = (loc.clone(), name.clone());
        let Some((n_req, n_schema)) = np.get(&key) else {
            push(
                true,
                subject.into(),
                format!("{loc} parameter {} removed", quoted(name)),
            );
            continue;
        };
        if !o_req && *n_req {
            push(
                true,
                subject.into(),
                format!("{loc} parameter {} became required", quoted(name)),
            );
        } else if *o_req && !n_req {
            push(
                false,
                subject.into(),
                format!("{loc} parameter {} became optional", quoted(name)),
            );
        }
        if let (Some(os), Some(ns)) = (o_schema, n_schema) {
            let mut d = SchemaDiff::new(Context::Request);
            d.compare(
                os,
                ns,
                &Label::new(format!("{loc} parameter {}", quoted(name))),
            );
            for (breaking, detail) in d.changes {
                push(breaking, subject.into(), detail);
            }
        }
    }
    let body = |op: &Operation| -> Option<(bool, Option<ReferenceOr<openapiv3::Schema>>)> {
        match &op.request_body {
            Some(ReferenceOr::Item(b)) => Some((
                b.required,
                b.content
                    .get("application/json")
                    .and_then(|m| m.schema.clone()),
            )),
            _ => None,
        }
    };
    match (body(o), body(n)) {
        (None, Some((required, _))) => push(
            required,
            subject.into(),
            format!(
                "{} request body added",
                if required { "required" } else { "optional" }
            ),
        ),
        (Some(_), None) => push(true, subject.into(), "request body removed".into()),
        (Some((_, Some(os))), Some((_, Some(ns)))) => {
            let mut d = SchemaDiff::new(Context::Request);
            d.top_level_only = true;
            d.compare(&os, &ns, &Label::new("request body"));
            for (breaking, detail) in d.changes {
                push(breaking, subject.into(), detail);
            }
        }
        _ => {}
    }
    let codes = |op: &Operation| -> BTreeMap<String, Option<ReferenceOr<openapiv3::Schema>>> {
        op.responses
            .responses
            .iter()
            .map(|(c, r)| {
                let code = match c {
                    StatusCode::Code(c) => c.to_string(),
                    StatusCode::Range(r) => format!("{r}XX"),
                };
                let schema = match r {
                    ReferenceOr::Item(r) => r
                        .content
                        .get("application/json")
                        .and_then(|m| m.schema.clone()),
                    _ => None,
                };
                (code, schema)
            })
            .collect()
    };
    let (oc, nc) = (codes(o), codes(n));
    for (code, os) in &oc {
        match nc.get(code) {
            None => push(
                code.starts_with('2'),
                subject.into(),
                format!("response {code} removed"),
            ),
            Some(ns) => match (os, ns) {
                (Some(os), Some(ns)) => {
                    let mut d = SchemaDiff::new(Context::Response);
                    d.top_level_only = true;
                    d.compare(os, ns, &Label::new(format!("response {code}")));
                    for (breaking, detail) in d.changes {
                        push(breaking, subject.into(), detail);
                    }
                }
                (None, Some(_)) => push(
                    false,
                    subject.into(),
                    format!("response {code} now has a body"),
                ),
                (Some(_), None) => push(
                    code.starts_with('2'),
                    subject.into(),
                    format!("response {code} has no body any more"),
                ),
                (None, None) => {}
            },
        }
    }
    for code in nc.keys().filter(|c| !oc.contains_key(*c)) {
        push(false, subject.into(), format!("response {code} added"));
    }
}

/// Models compared once each, in the contexts the new (or old) spec uses them in.
fn compare_models(old: &OpenAPI, new: &OpenAPI, push: &mut Push) {
    let schemas = |s: &OpenAPI| -> BTreeMap<String, ReferenceOr<openapiv3::Schema>> {
        s.components
            .as_ref()
            .map(|c| {
                c.schemas
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect()
            })
            .unwrap_or_default()
    };
    let (om, nm) = (schemas(old), schemas(new));
    let contexts = schema::usage(new);
    let old_contexts = schema::usage(old);
    for name in nm.keys().filter(|k| !om.contains_key(*k)) {
        push(false, format!("model {name}"), "added".into());
    }
    for name in om.keys().filter(|k| !nm.contains_key(*k)) {
        // Operations that used it report their own change; the model itself goes.
        push(false, format!("model {name}"), "removed".into());
    }
    for (name, os) in &om {
        let Some(ns) = nm.get(name) else { continue };
        let used = contexts
            .get(name)
            .or_else(|| old_contexts.get(name))
            .cloned()
            .unwrap_or_default();
        let mut found: BTreeMap<String, bool> = BTreeMap::new();
        for context in used
            .iter()
            .copied()
            .chain((used.is_empty()).then_some(Context::Response))
        {
            let mut d = SchemaDiff::new(context);
            d.compare(os, ns, &Label::default());
            for (breaking, detail) in d.changes {
                *found.entry(detail).or_insert(false) |= breaking;
            }
        }
        for (detail, breaking) in found {
            push(breaking, format!("model {name}"), detail);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A spec of one operation `op` on `/v1/x`, with the given query parameters and answer
    /// model properties (YAML flow fragments).
    fn spec(params: &str, props: &str, required: &str) -> OpenAPI {
        serde_norway::from_str(&format!(
            "openapi: 3.0.3\ninfo: {{title: S, version: '1.0', x-scp-service: svc}}\npaths:\n  /v1/x:\n    get:\n      operationId: op\n      parameters: [{params}]\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/M'}}}}}}}}\ncomponents:\n  schemas:\n    M: {{type: object, required: [{required}], properties: {{{props}}}}}\n"
        ))
        .unwrap()
    }

    fn changes(old: OpenAPI, new: OpenAPI) -> Vec<(bool, String)> {
        diff(&revision(vec![old]), &revision(vec![new]))
            .into_iter()
            .map(|c| (c.breaking, format!("{}: {}", c.subject, c.detail)))
            .collect()
    }

    #[test]
    fn identical_specs_have_no_changes() {
        let a = spec(
            "{name: q, in: query, schema: {type: string}}",
            "a: {type: string}",
            "a",
        );
        assert!(changes(a.clone(), a).is_empty());
    }

    #[test]
    fn breaking_and_non_breaking_changes_are_told_apart() {
        let base = spec(
            "{name: q, in: query, schema: {type: string}}",
            "a: {type: string}, b: {type: string}",
            "a",
        );
        // A parameter that becomes required breaks callers; a new optional one does not.
        let got = changes(
            base.clone(),
            spec(
                "{name: q, in: query, required: true, schema: {type: string}}",
                "a: {type: string}, b: {type: string}",
                "a",
            ),
        );
        assert!(
            got.iter().any(|(b, d)| *b && d.contains("became required")),
            "{got:?}"
        );
        let got = changes(base.clone(), spec("{name: q, in: query, schema: {type: string}}, {name: r, in: query, schema: {type: string}}", "a: {type: string}, b: {type: string}", "a"));
        assert!(!got.is_empty() && got.iter().all(|(b, _)| !b), "{got:?}");
        // A response field removed breaks readers.
        let got = changes(
            base.clone(),
            spec(
                "{name: q, in: query, schema: {type: string}}",
                "a: {type: string}",
                "a",
            ),
        );
        assert!(got.iter().any(|(b, _)| *b), "{got:?}");
        // A version removed is breaking; a version added is not.
        let other: Revision = BTreeMap::new();
        let removed = diff(&revision(vec![base.clone()]), &other);
        assert_eq!((removed.len(), removed[0].breaking), (1, true));
        let added = diff(&other, &revision(vec![base]));
        assert_eq!((added.len(), added[0].breaking), (1, false));
    }
}
