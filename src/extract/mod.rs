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
pub mod model;
pub mod operation;
pub mod row;
pub mod sections;
pub mod service;
pub mod types;
pub mod validate;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

pub use api::ApiDoc;
use api::{Operation, Service};
use sections::Section;

use crate::diag::{Diagnostics, Location};
use crate::doc::{BlockKind, Document};

/// Extracts every service of the given pages; services with the same slug are merged.
pub fn extract(docs: &[Document], diags: &mut Diagnostics) -> ApiDoc {
    let mut api = ApiDoc::default();
    for doc in docs {
        for service in extract_page(doc, diags) {
            merge_service(&mut api, service, diags);
        }
    }
    for service in &mut api.services {
        checks::finish(service, diags);
    }
    api
}

/// What one service section yields before slugs are known.
struct PageService {
    service: Service,
    /// `Scp-Api-Version` values seen in its operations: slug → lines.
    slugs: BTreeMap<String, Vec<usize>>,
}

fn extract_page(doc: &Document, diags: &mut Diagnostics) -> Vec<Service> {
    let file = &doc.path;
    let outline = sections::outline(doc);
    let mut toc: Vec<(Vec<u32>, String, usize)> = Vec::new();
    let mut page_title: Option<String> = None;
    for block in &outline.preamble {
        match &block.kind {
            BlockKind::Banner(_) => {}
            BlockKind::TocEntry { number, title } => {
                toc.push((number.clone(), title.clone(), block.line))
            }
            BlockKind::Text(t) if page_title.is_none() => page_title = Some(t.clone()),
            _ => labels::unexpected(block, file, "the page header", diags),
        }
    }
    checks::toc_against_body(&toc, &outline.sections, file, diags);

    // Model names first: the row splitter needs them to tell a Schema cell from a Default.
    let mut model_names: Vec<String> = Vec::new();
    for s in &outline.sections {
        collect_model_names(s, &mut model_names);
    }
    let is_model = |name: &str| model_names.iter().any(|m| m == name);

    let mut out = Vec::new();
    let mut loose: Option<PageService> = None;
    for section in &outline.sections {
        if is_part(section) {
            // A service's own page: `1 - APIs`, `2 - Models` under the page title.
            let ps = loose.get_or_insert_with(|| {
                let title = page_title.clone().unwrap_or_default();
                new_service(&title, Location::new(file, section.line))
            });
            read_part(ps, section, file, &is_model, diags);
        } else if section.children.iter().any(is_part) || !section.body.is_empty() {
            let mut ps = new_service(&section.title, Location::new(file, section.line));
            let overview = service::read(&section.body, file, diags);
            ps.service.overview = overview.text.join("\n");
            ps.service.versions = overview.versions;
            ps.service.url = overview.url;
            ps.service.regions = overview.regions;
            for child in &section.children {
                if is_part(child) {
                    read_part(&mut ps, child, file, &is_model, diags);
                } else {
                    ignored_section(child, file, "a service", diags);
                }
            }
            out.push(ps);
        } else {
            ignored_section(section, file, "the page", diags);
        }
    }
    out.extend(loose);
    out.into_iter()
        .filter_map(|ps| with_slug(ps, diags))
        .collect()
}

fn is_part(section: &Section) -> bool {
    matches!(section.title.as_str(), "APIs" | "Models")
}

fn collect_model_names(section: &Section, out: &mut Vec<String>) {
    if section.title == "Models" {
        out.extend(section.children.iter().map(|m| m.title.clone()));
    }
    for c in &section.children {
        collect_model_names(c, out);
    }
}

fn new_service(title: &str, at: Location) -> PageService {
    PageService {
        service: Service {
            title: title.to_string(),
            slug: String::new(),
            at,
            overview: String::new(),
            versions: Vec::new(),
            url: None,
            regions: Vec::new(),
            operations: Vec::new(),
            models: Vec::new(),
        },
        slugs: BTreeMap::new(),
    }
}

fn read_part(
    ps: &mut PageService,
    part: &Section,
    file: &Arc<Path>,
    is_model: &dyn Fn(&str) -> bool,
    diags: &mut Diagnostics,
) {
    for block in &part.body {
        labels::unexpected(block, file, &format!("the {} list", part.title), diags);
    }
    for child in &part.children {
        if part.title == "Models" {
            if !model::is_model_name(&child.title) {
                ignored_section(child, file, "the models", diags);
                continue;
            }
            for grandchild in &child.children {
                ignored_section(grandchild, file, "a model", diags);
            }
            let m = model::read(&child.title, child.line, &child.body, file, is_model, diags);
            add_model(&mut ps.service, m, diags);
        } else {
            read_operation(ps, child, file, is_model, diags);
        }
    }
}

fn read_operation(
    ps: &mut PageService,
    section: &Section,
    file: &Arc<Path>,
    is_model: &dyn Fn(&str) -> bool,
    diags: &mut Diagnostics,
) {
    for block in &section.body {
        labels::unexpected(
            block,
            file,
            &format!("operation `{}` (before its versions)", section.title),
            diags,
        );
    }
    let at = Location::new(file, section.line);
    if section.children.is_empty() {
        diags.warn(
            at.clone(),
            "no-versions",
            format!(
                "operation `{}` has no version sections; left out",
                section.title
            ),
        );
        return;
    }
    let mut op = Operation {
        title: section.title.clone(),
        operation_id: String::new(),
        at,
        variants: Vec::new(),
    };
    for v in &section.children {
        if !labels::is_version(&v.title) {
            ignored_section(v, file, "an operation", diags);
            continue;
        }
        for grandchild in &v.children {
            ignored_section(grandchild, file, "an operation version", diags);
        }
        let Some((variant, facts)) =
            operation::read(&v.title, v.line, &v.body, file, is_model, diags)
        else {
            continue;
        };
        if let Some((slug, version, line)) = &facts.api_version {
            ps.slugs.entry(slug.clone()).or_default().push(*line);
            if *version != variant.version {
                diags.warn(
                    Location::new(file, *line),
                    "version-mismatch",
                    format!(
                        "Scp-Api-Version says {version}, the section is version {}",
                        variant.version
                    ),
                );
            }
        }
        checks::request_path(&variant, facts.path.as_ref(), file, diags);
        op.variants.push(variant);
    }
    add_operation(&mut ps.service, op, diags);
}

/// Reports a section (and everything under it) that has no place in the structure.
fn ignored_section(section: &Section, file: &Arc<Path>, place: &str, diags: &mut Diagnostics) {
    let lines = count_blocks(section);
    diags.warn(
        Location::new(file, section.line),
        "unexpected-section",
        format!(
            "section `{}` is not understood in {place}; it and its {lines} blocks are ignored",
            section.title
        ),
    );
}

fn count_blocks(section: &Section) -> usize {
    section.body.len()
        + section
            .children
            .iter()
            .map(|c| 1 + count_blocks(c))
            .sum::<usize>()
}

/// The slug from the `Scp-Api-Version` lines, else from the OpenAPI URL host, else the title.
fn with_slug(ps: PageService, diags: &mut Diagnostics) -> Option<Service> {
    let PageService { mut service, slugs } = ps;
    let host_slug = service.url.as_deref().and_then(url_slug);
    let header_slug = slugs
        .iter()
        .max_by_key(|(_, lines)| lines.len())
        .map(|(s, _)| s.clone());
    for (slug, lines) in &slugs {
        if Some(slug) != header_slug.as_ref() {
            for line in lines {
                diags.warn(
                    Location::new(&service.at.file, *line),
                    "slug-mismatch",
                    format!(
                        "Scp-Api-Version names service `{slug}`, the rest of {} says `{}`",
                        service.title,
                        header_slug.as_deref().unwrap_or_default()
                    ),
                );
            }
        }
    }
    let slug = match (header_slug, host_slug) {
        (Some(h), Some(u)) => {
            if h != u {
                diags.warn(service.at.clone(), "slug-mismatch", format!("Scp-Api-Version names service `{h}` but the OpenAPI URL host is `{u}`; `{h}` is used"));
            }
            h
        }
        (Some(h), None) => h,
        (None, Some(u)) => u,
        (None, None) => {
            let s: String = service
                .title
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase();
            if s.is_empty() {
                diags.error(
                    service.at.clone(),
                    "no-service-name",
                    format!(
                        "cannot name the service `{}`: no Scp-Api-Version line, no OpenAPI URL",
                        service.title
                    ),
                );
                return None;
            }
            diags.warn(
                service.at.clone(),
                "slug-guessed",
                format!(
                    "no Scp-Api-Version line or OpenAPI URL names service `{}`; using `{s}`",
                    service.title
                ),
            );
            s
        }
    };
    service.slug = slug;
    Some(service)
}

/// `https://apigateway.{region}.{environment}.samsungsdscloud.com` → `apigateway`.
fn url_slug(url: &str) -> Option<String> {
    let host = url.split("://").nth(1)?.split('/').next()?;
    let first = host.split('.').next()?;
    (!first.is_empty() && !first.contains('{')).then(|| first.to_string())
}

fn add_model(service: &mut Service, m: api::Model, diags: &mut Diagnostics) {
    if let Some(existing) = service.models.iter().find(|e| e.name == m.name) {
        if checks::same_model(existing, &m) {
            diags.warn(
                m.at.clone(),
                "duplicate-model",
                format!(
                    "model {} is defined again (same fields) at {}; one copy is kept",
                    m.name, existing.at
                ),
            );
        } else {
            diags.error(
                m.at.clone(),
                "conflicting-model",
                format!(
                    "model {} is defined twice with different fields: here and at {}",
                    m.name, existing.at
                ),
            );
        }
        return;
    }
    service.models.push(m);
}

fn add_operation(service: &mut Service, op: Operation, diags: &mut Diagnostics) {
    let Some(existing) = service.operations.iter_mut().find(|e| e.title == op.title) else {
        service.operations.push(op);
        return;
    };
    for v in op.variants {
        match existing.variants.iter().find(|e| e.version == v.version) {
            Some(e) if checks::same_variant(e, &v) => diags.warn(
                v.at.clone(),
                "duplicate-operation",
                format!(
                    "`{}` version {} is documented again (identically) at {}; one copy is kept",
                    op.title, v.version, e.at
                ),
            ),
            Some(e) => diags.error(
                v.at.clone(),
                "conflicting-operation",
                format!(
                    "`{}` version {} is documented twice, differently: here and at {}",
                    op.title, v.version, e.at
                ),
            ),
            None => existing.variants.push(v),
        }
    }
}

/// Merges a service into the doc; a second page of the same service adds to it.
fn merge_service(api: &mut ApiDoc, service: Service, diags: &mut Diagnostics) {
    let Some(existing) = api.services.iter_mut().find(|s| s.slug == service.slug) else {
        api.services.push(service);
        return;
    };
    if existing.url.is_none() {
        existing.url = service.url;
    }
    if existing.regions.is_empty() {
        existing.regions = service.regions;
    }
    if existing.overview.is_empty() {
        existing.overview = service.overview;
    }
    for v in service.versions {
        match existing.versions.iter().find(|e| e.version == v.version) {
            Some(e) if *e != v => diags.error(
                service.at.clone(),
                "conflicting-version",
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
            None => existing.versions.push(v),
        }
    }
    for m in service.models {
        add_model(existing, m, diags);
    }
    for op in service.operations {
        add_operation(existing, op, diags);
    }
}
