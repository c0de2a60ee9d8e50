//! Cross-checks once a service is read whole: references, examples against the tables,
//! path templates against path parameters, `Request path` lines, the table of contents,
//! operation ids and versions.

use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use heck::ToSnakeCase;

use super::api::{Constraints, Field};
use super::api::{Model, OperationVersion, ParamIn, Parameter, Service};
use super::sections::Section;
use super::validate;
use crate::diag::{Diagnostics, Location, Rule};
use crate::vocab::type_expr::{Primitive, TypeExpr};

/// Everything that needs the whole service.
pub fn finish(service: &mut Service, options: super::Options, diags: &mut Diagnostics) {
    check_names(service, diags);
    assign_operation_ids(service, diags);
    check_references(service, options.allow_undefined_models, diags);
    check_examples(service, diags);
    for op in &mut service.operations {
        // An invalid template is already an error: matching names against it would only
        // add noise.
        for v in op
            .variants
            .iter_mut()
            .filter(|v| crate::vocab::PathTemplate::parse(&v.path).is_ok())
        {
            reconcile_path_parameters(v, diags);
        }
    }
    check_versions(service, diags);
    check_endpoint_clashes(service, diags);
}

/// Names with control characters stop the run (see [`crate::vocab::names::control_problem`]).
fn check_names(service: &Service, diags: &mut Diagnostics) {
    let mut bad = |what: &str, name: &str, at: &Location| {
        if let Some(problem) = crate::vocab::names::control_problem(name) {
            diags.error(at.clone(), Rule::BadName, format!("{what} {problem}"));
        }
    };
    for op in &service.operations {
        bad("the operation title", &op.title, &op.at);
        for v in &op.variants {
            for p in &v.parameters {
                bad("the parameter name", &p.field.name, &p.field.at);
            }
        }
    }
    for m in &service.models {
        for f in &m.fields {
            bad("the field name", &f.name, &f.at);
        }
    }
}

/// Two operations of one version on the same method and path cannot both be in a spec.
fn check_endpoint_clashes(service: &Service, diags: &mut Diagnostics) {
    let mut seen: std::collections::HashMap<
        (String, crate::vocab::Method, String),
        (String, Location),
    > = Default::default();
    for op in &service.operations {
        for v in &op.variants {
            let key = (v.version.clone(), v.method, v.path.clone());
            if let Some((other, at)) = seen.get(&key) {
                diags.error(
                    v.at.clone(),
                    Rule::ConflictingOperation,
                    format!(
                        "`{}` and `{other}` (at {at}) are both {} {} in version {}",
                        op.title, v.method, v.path, v.version
                    ),
                );
            } else {
                seen.insert(key, (op.title.clone(), v.at.clone()));
            }
        }
    }
}

fn assign_operation_ids(service: &mut Service, diags: &mut Diagnostics) {
    let mut seen: HashSet<String> = HashSet::new();
    // The next suffix to try per base: thousands of titles with one snake_case form would
    // otherwise retry every suffix taken before (quadratic).
    let mut next: std::collections::HashMap<String, usize> = Default::default();
    for op in &mut service.operations {
        let base = op.title.to_snake_case();
        let base = if base.is_empty() {
            "operation".to_string()
        } else {
            base
        };
        let mut id = base.clone();
        let n = next.entry(base.clone()).or_insert(2);
        while !seen.insert(id.clone()) {
            id = format!("{base}_{n}");
            *n += 1;
        }
        if id != base {
            diags.warn(
                op.at.clone(),
                Rule::DuplicateOperationId,
                format!(
                    "`{}` gives operation id `{base}`, already taken; using `{id}`",
                    op.title
                ),
            );
        }
        op.operation_id = id;
    }
}

/// A model referenced but never defined makes the spec invalid: an error at each use. With
/// `allow` (`--allow-undefined-models`) a warning instead, and a placeholder model (an object
/// marked `x-scp-undefined`) at its first use, so a single page can still be exported.
fn check_references(service: &mut Service, allow: bool, diags: &mut Diagnostics) {
    let defined: HashSet<&str> = service.models.iter().map(|m| m.name.as_str()).collect();
    // The missing names in the order of their first use, with that use.
    let mut missing: Vec<(String, Location)> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    let slug = service.slug.clone();
    let mut report = |ty: &TypeExpr, at: &Location, what: &str| {
        for name in ty.refs() {
            if defined.contains(name) {
                continue;
            }
            let message = format!("{what} refers to model {name}, which {slug} does not define");
            if allow {
                diags.warn(
                    at.clone(),
                    Rule::UndefinedModelPlaceholder,
                    format!("{message}; written as a placeholder object (x-scp-undefined: true)"),
                );
            } else {
                diags.error(at.clone(), Rule::UndefinedModel, message);
            }
            if seen.insert(name.to_string()) {
                missing.push((name.to_string(), at.clone()));
            }
        }
    };
    for m in &service.models {
        for f in &m.fields {
            report(&f.ty, &f.at, &format!("{}.{}", m.name, f.name));
        }
    }
    for op in &service.operations {
        for v in &op.variants {
            for p in &v.parameters {
                report(
                    &p.field.ty,
                    &p.field.at,
                    &format!("parameter `{}`", p.field.name),
                );
            }
            if let Some(b) = &v.body {
                report(&b.ty, &b.at, "the request body");
            }
            for r in &v.responses {
                if let Some(ty) = &r.ty {
                    report(ty, &r.at, &format!("response {}", r.code));
                }
            }
        }
    }
    if allow {
        for (name, at) in missing {
            let placeholder = Model {
                name,
                at,
                fields: Vec::new(),
                undefined: true,
            };
            super::add_model(service, placeholder, diags);
        }
    }
}

/// Examples that need the models (JSON examples, model-typed field examples) are checked
/// here; a contradicting one is reported and dropped (trap 7).
fn check_examples(service: &mut Service, diags: &mut Diagnostics) {
    let models = service.models.clone();
    let lookup = &validate::Models::new(&models);
    for m in &mut service.models {
        for f in &mut m.fields {
            recheck_field(f, &m.name, lookup, diags);
        }
    }
    for op in &mut service.operations {
        for v in &mut op.variants {
            for p in &mut v.parameters {
                recheck_field(&mut p.field, "", lookup, diags);
            }
            if let Some(example) = v.request_example.take() {
                match &v.body {
                    None => diags.warn(
                        example.at.clone(),
                        Rule::ExampleWithoutSchema,
                        format!(
                            "{} {}: a request body example but no body parameter; left out",
                            v.method, v.path
                        ),
                    ),
                    Some(b) => match validate::check(&example.value, &b.ty, lookup) {
                        Ok(()) => v.request_example = Some(example),
                        Err(problem) => diags.warn(
                            example.locate(&problem),
                            Rule::ExampleType,
                            format!(
                                "the request body example contradicts {} ({problem}); left out",
                                b.ty
                            ),
                        ),
                    },
                }
            }
            let examples = std::mem::take(&mut v.response_examples);
            for (code, example) in examples {
                let Some(r) = v.responses.iter().find(|r| r.code == code) else {
                    diags.warn(example.at.clone(), Rule::ExampleWithoutSchema, format!("{} {}: an example for response {code}, which the Responses table does not list; left out", v.method, v.path));
                    continue;
                };
                match &r.ty {
                    None => diags.warn(example.at.clone(), Rule::ExampleWithoutSchema, format!("response {code} has no schema but an example; left out")),
                    Some(ty) => match validate::check(&example.value, ty, lookup) {
                        Ok(()) => v.response_examples.push((code, example)),
                        Err(problem) => diags.warn(example.locate(&problem), Rule::ExampleType, format!("the response {code} example contradicts {ty} ({problem}); left out")),
                    },
                }
            }
        }
    }
}

fn recheck_field(f: &mut Field, model: &str, lookup: &validate::Models, diags: &mut Diagnostics) {
    if f.ty.refs().is_empty() {
        return;
    }
    let owner = if model.is_empty() {
        String::new()
    } else {
        format!("{model}.")
    };
    let check = Field {
        example: None,
        default: None,
        ..f.clone()
    };
    for (what, slot) in [("example", &mut f.example), ("default", &mut f.default)] {
        if let Some(value) = slot.take() {
            match validate::check_field(&value, &check, lookup) {
                Ok(()) => *slot = Some(value),
                Err(problem) => diags.warn(
                    check.at.clone(),
                    if what == "example" {
                        Rule::ExampleType
                    } else {
                        Rule::DefaultType
                    },
                    format!(
                        "`{owner}{}`: the {what} contradicts the table ({problem}); left out",
                        check.name
                    ),
                ),
            }
        }
    }
}

/// `{name}` in a path needs a path parameter and the reverse; the spec would be invalid
/// otherwise. A missing one is added as a string, an unused one dropped, both reported.
fn reconcile_path_parameters(v: &mut OperationVersion, diags: &mut Diagnostics) {
    let template = crate::vocab::path::variables_of(&v.path);
    // Sets both ways: a long path or parameter table stays linear.
    let documented: HashSet<String> = v
        .parameters
        .iter()
        .filter(|p| p.location == ParamIn::Path)
        .map(|p| p.field.name.clone())
        .collect();
    for name in &template {
        if !documented.contains(name) {
            diags.warn(
                v.at.clone(),
                Rule::PathParameterMissing,
                format!(
                    "{} {}: `{{{name}}}` has no path parameter row; added as a required string",
                    v.method, v.path
                ),
            );
            v.parameters.push(Parameter {
                location: ParamIn::Path,
                field: Field {
                    name: name.clone(),
                    required: true,
                    ty: TypeExpr::Primitive {
                        kind: Primitive::String,
                        format: None,
                    },
                    description: None,
                    example: None,
                    default: None,
                    constraints: Constraints::default(),
                    at: v.at.clone(),
                },
            });
        }
    }
    let template: HashSet<&String> = template.iter().collect();
    v.parameters.retain(|p| {
        let keep = p.location != ParamIn::Path || template.contains(&p.field.name);
        if !keep {
            diags.warn(
                p.field.at.clone(),
                Rule::PathParameterUnused,
                format!(
                    "path parameter `{}` does not appear in {}; left out",
                    p.field.name, v.path
                ),
            );
        }
        keep
    });
}

/// `Request path` must be the operation's path, with the required query parameters after
/// `?` (trap 9).
pub fn request_path(
    v: &OperationVersion,
    found: Option<&(String, usize)>,
    file: &Arc<Path>,
    diags: &mut Diagnostics,
) {
    let Some((text, line)) = found else { return };
    let at = Location::new(file, *line);
    let (path, query) = text.split_once('?').unwrap_or((text.as_str(), ""));
    if path != v.path {
        diags.warn(
            at.clone(),
            Rule::RequestPathMismatch,
            format!(
                "`Request path` is {path}, the operation's path is {}",
                v.path
            ),
        );
    }
    let listed: HashSet<&str> = v
        .parameters
        .iter()
        .filter(|p| p.location == ParamIn::Query)
        .map(|p| p.field.name.as_str())
        .collect();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let name = pair.split('=').next().unwrap_or_default();
        if !listed.contains(name) {
            diags.warn(at.clone(), Rule::RequestPathMismatch, format!("`Request path` has query parameter `{name}`, which the parameter table does not list"));
        }
    }
}

/// Versions used by operations must be in the service's Version table.
fn check_versions(service: &Service, diags: &mut Diagnostics) {
    if service.operations.is_empty() {
        diags.warn(
            service.at.clone(),
            Rule::NoOperations,
            format!(
                "{} documents no operation: its specs hold only models",
                service.slug
            ),
        );
    }
    if service.all_versions().is_empty() {
        diags.warn(
            service.at.clone(),
            Rule::NoVersions,
            format!(
                "{} has no Version table and no operation versions: no spec can be written for it",
                service.slug
            ),
        );
    }
    if service.versions.is_empty() {
        if !service.operations.is_empty() {
            diags.warn(
                service.at.clone(),
                Rule::MissingVersionTable,
                format!(
                    "{} has no Version table; statuses come from the operations' state lines",
                    service.slug
                ),
            );
        }
        return;
    }
    let mut reported = HashSet::new();
    // By version, once: a lookup per operation version would be quadratic.
    let mut table: std::collections::HashMap<&str, &super::api::ApiVersion> = Default::default();
    for v in &service.versions {
        table.entry(v.version.as_str()).or_insert(v);
    }
    for op in &service.operations {
        for v in &op.variants {
            let listed = table.get(v.version.as_str()).copied();
            if listed.is_none() && reported.insert(v.version.clone()) {
                diags.warn(
                    v.at.clone(),
                    Rule::UnknownVersion,
                    format!(
                        "version {} is not in the Version table of {}",
                        v.version, service.slug
                    ),
                );
            }
            if let (Some((_, status)), Some(listed)) = (&v.state, listed) {
                if *status != listed.status {
                    diags.warn(
                        v.at.clone(),
                        Rule::StatusMismatch,
                        format!(
                            "`{}` {} says {status}, the Version table says {}",
                            op.title, v.version, listed.status
                        ),
                    );
                }
            }
        }
    }
}

/// TOC entries must name a section of the body (trap 1: the TOC may list fewer; never more).
pub fn toc_against_body(
    toc: &[(Vec<u32>, String, usize)],
    sections: &[Section],
    file: &Arc<Path>,
    diags: &mut Diagnostics,
) {
    let mut body: HashSet<(Vec<u32>, String)> = HashSet::new();
    fn walk(s: &Section, body: &mut HashSet<(Vec<u32>, String)>) {
        body.insert((s.number.clone(), s.title.clone()));
        s.children.iter().for_each(|c| walk(c, body));
    }
    sections.iter().for_each(|s| walk(s, &mut body));
    for (number, title, line) in toc {
        if !body.contains(&(number.clone(), title.clone())) {
            let n: Vec<String> = number.iter().map(u32::to_string).collect();
            diags.warn(
                Location::new(file, *line),
                Rule::TocMismatch,
                format!(
                    "the table of contents lists {} `{title}`, which the body does not have",
                    n.join(".")
                ),
            );
        }
    }
}

/// Same model, ignoring where it was written.
pub fn same_model(a: &Model, b: &Model) -> bool {
    a.fields.len() == b.fields.len()
        && a.fields
            .iter()
            .zip(&b.fields)
            .all(|(x, y)| same_field(x, y))
}

fn same_field(a: &Field, b: &Field) -> bool {
    (
        &a.name,
        a.required,
        &a.ty,
        &a.description,
        &a.example,
        &a.default,
        &a.constraints,
    ) == (
        &b.name,
        b.required,
        &b.ty,
        &b.description,
        &b.example,
        &b.default,
        &b.constraints,
    )
}

/// Same operation version, ignoring where it was written.
pub fn same_variant(a: &OperationVersion, b: &OperationVersion) -> bool {
    let params = |v: &OperationVersion| -> Vec<(ParamIn, String, bool, String)> {
        v.parameters
            .iter()
            .map(|p| {
                (
                    p.location,
                    p.field.name.clone(),
                    p.field.required,
                    p.field.ty.to_string(),
                )
            })
            .collect()
    };
    let responses = |v: &OperationVersion| -> Vec<(String, Option<String>)> {
        v.responses
            .iter()
            .map(|r| (r.code.clone(), r.ty.as_ref().map(ToString::to_string)))
            .collect()
    };
    (
        &a.method,
        &a.path,
        &a.description,
        params(a),
        a.body.as_ref().map(|b| b.ty.to_string()),
        responses(a),
    ) == (
        &b.method,
        &b.path,
        &b.description,
        params(b),
        b.body.as_ref().map(|b| b.ty.to_string()),
        responses(b),
    )
}
