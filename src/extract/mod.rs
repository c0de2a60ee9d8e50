//! Stage 2, extract: blocks → [`ApiDoc`] (services, versions, operations × versions, models).
//!
//! The heading tree gives the structure by titles, not depths: a section holding `APIs` and
//! `Models` children is a service; `APIs` children are operations, their children versions.
//! Every block is either used or reported, so nothing in the doc is dropped silently.

pub mod api;
pub mod cell;
pub mod checks;
pub mod field;
pub mod labels;
pub mod literal;
mod merge;
pub mod model;
pub mod operation;
pub mod page;
pub mod row;
pub mod sections;
pub mod service;
mod slug;
pub mod validate;
mod version_page;

pub use api::ApiDoc;
use api::{Operation, Service};

use std::collections::HashMap;

use crate::diag::{Diagnostics, Rule};
use crate::doc::Document;

/// How strict extraction is about what a page leaves out.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// A model referenced but never defined becomes a placeholder (a warning) instead of an
    /// error, so that a single page can be exported on its own.
    pub allow_undefined_models: bool,
}

/// Extracts every service of the given pages; services with the same slug are merged.
#[cfg(any(test, feature = "internals"))]
pub fn extract(docs: &[Document], diags: &mut Diagnostics) -> ApiDoc {
    extract_with(docs, Options::default(), diags)
}

/// [`extract`] with [`Options`].
pub fn extract_with(docs: &[Document], options: Options, diags: &mut Diagnostics) -> ApiDoc {
    let mut api = ApiDoc::default();
    let mut by_slug: HashMap<String, usize> = HashMap::new();
    let mut unattached: Vec<Service> = Vec::new();
    for doc in docs {
        for service in page::extract_page(doc, diags) {
            if service.slug.is_empty() {
                unattached.push(service);
            } else {
                merge_service(&mut api, &mut by_slug, service, diags);
            }
        }
    }
    attach(&mut api, &mut by_slug, unattached, diags);
    for service in &mut api.services {
        checks::finish(service, options, diags);
    }
    api
}

/// Pages that name no service (a single-model page) join the service that uses their models
/// without defining them, or the run's only service; otherwise there is no telling.
fn attach(
    api: &mut ApiDoc,
    by_slug: &mut HashMap<String, usize>,
    unattached: Vec<Service>,
    diags: &mut Diagnostics,
) {
    for mut service in unattached {
        let names: Vec<&str> = service.models.iter().map(|m| m.name.as_str()).collect();
        let users: Vec<usize> = (0..api.services.len())
            .filter(|&i| {
                let s = &api.services[i];
                let referenced = s.referenced_models();
                names
                    .iter()
                    .any(|n| s.model(n).is_none() && referenced.contains(n))
            })
            .collect();
        let target = match (users.as_slice(), api.services.len()) {
            ([one], _) => Some(*one),
            ([], 1) => Some(0),
            _ => None,
        };
        if let Some(i) = target {
            service.slug = api.services[i].slug.clone();
            merge_service(api, by_slug, service, diags);
            continue;
        }
        let what: Vec<String> = names
            .iter()
            .map(|m| format!("model {m}"))
            .chain(
                service
                    .operations
                    .iter()
                    .map(|o| format!("operation `{}`", o.title)),
            )
            .collect();
        diags.error(
            service.at.clone(),
            Rule::NoServiceName,
            format!(
                "cannot tell which service {} belongs to: the page names none (no Scp-Api-Version line, OpenAPI URL or page address) and {} of the run's {} services use it",
                what.join(", "),
                users.len(),
                api.services.len()
            ),
        );
    }
}

pub(crate) fn add_model(service: &mut Service, m: api::Model, diags: &mut Diagnostics) {
    if let Some(existing) = service.model(&m.name) {
        if checks::same_model(existing, &m) {
            diags.warn(
                m.at.clone(),
                Rule::DuplicateModel,
                format!(
                    "model {} is defined again (same fields) at {}; one copy is kept",
                    m.name, existing.at
                ),
            );
        } else {
            diags.error(
                m.at.clone(),
                Rule::ConflictingModel,
                format!(
                    "model {} is defined twice with different fields: here and at {}",
                    m.name, existing.at
                ),
            );
        }
        return;
    }
    service
        .index
        .models
        .insert(m.name.clone(), service.models.len());
    service.models.push(m);
}

pub(crate) fn add_operation(service: &mut Service, op: Operation, diags: &mut Diagnostics) {
    let Some(at) = service.operation_position(&op.title) else {
        let at = service.operations.len();
        service.index.operations.insert(op.title.clone(), at);
        let mut op = op;
        let variants = std::mem::take(&mut op.variants);
        service.operations.push(op);
        for v in variants {
            add_variant(service, at, v, diags);
        }
        return;
    };
    for v in op.variants {
        add_variant(service, at, v, diags);
    }
}

/// Adds a version of the operation at `at`; one documented twice is kept once, or is an
/// error when the two differ.
fn add_variant(
    service: &mut Service,
    at: usize,
    v: api::OperationVersion,
    diags: &mut Diagnostics,
) {
    let existing = &mut service.operations[at];
    let key = (at, v.version.clone());
    let found = service
        .index
        .variants
        .get(&key)
        .copied()
        .filter(|&i| {
            existing
                .variants
                .get(i)
                .is_some_and(|e| e.version == v.version)
        })
        .or_else(|| {
            existing
                .variants
                .iter()
                .position(|e| e.version == v.version)
        });
    match found.map(|i| &existing.variants[i]) {
        Some(e) if checks::same_variant(e, &v) => diags.warn(
            v.at.clone(),
            Rule::DuplicateOperation,
            format!(
                "`{}` version {} is documented again (identically) at {}; one copy is kept",
                existing.title, v.version, e.at
            ),
        ),
        Some(e) => diags.error(
            v.at.clone(),
            Rule::ConflictingOperation,
            format!(
                "`{}` version {} is documented twice, differently: here and at {}",
                existing.title, v.version, e.at
            ),
        ),
        None => {
            service.index.variants.insert(key, existing.variants.len());
            existing.variants.push(v);
        }
    }
}

/// Merges a service into the doc; a second page of the same service adds to it. What only
/// one page can say (URL, regions, versions) must agree, or it is an error naming both.
fn merge_service(
    api: &mut ApiDoc,
    by_slug: &mut HashMap<String, usize>,
    service: Service,
    diags: &mut Diagnostics,
) {
    let Some(&i) = by_slug.get(&service.slug) else {
        by_slug.insert(service.slug.clone(), api.services.len());
        api.services.push(service);
        return;
    };
    let existing = &mut api.services[i];
    merge::service_facts(existing, &service, diags);
    let mut known: HashMap<String, usize> = existing
        .versions
        .iter()
        .enumerate()
        .map(|(i, v)| (v.version.clone(), i))
        .collect();
    for v in service.versions {
        match known.get(&v.version).map(|&i| &existing.versions[i]) {
            Some(e) if *e != v => diags.error(
                service.at.clone(),
                Rule::ConflictingVersion,
                format!(
                    "{} version {}: {} until {:?} here, {} until {:?} at {}",
                    service.slug,
                    v.version,
                    v.status,
                    v.supported_until,
                    e.status,
                    e.supported_until,
                    existing.at
                ),
            ),
            Some(_) => {}
            None => {
                known.insert(v.version.clone(), existing.versions.len());
                existing.versions.push(v);
            }
        }
    }
    for m in service.models {
        add_model(existing, m, diags);
    }
    for op in service.operations {
        add_operation(existing, op, diags);
    }
}
