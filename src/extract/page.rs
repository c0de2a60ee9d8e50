//! One page → its services. Pages come whole or in parts:
//! - a category print view: `N - <Service>` sections holding `APIs` and `Models`;
//! - a service's own print view: the service title as a line, then `1 - APIs`, `2 - Models`;
//! - a single-operation page: the operation title as a line, then its version sections;
//! - a single-model page: the model name as a line, then its field table;
//! - fragments: version sections or an overview with no heading above them, often under the
//!   page's address (`https://docs.../scf/_print`) and between cut marks.
//!
//! Whatever has no service heading goes into one "loose" service of the page, named by the
//! `Scp-Api-Version` lines, the OpenAPI URL or the page address, in that order.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::sync::Arc;

use super::api::{Operation, Service};
use super::labels::{self, Label};
use super::sections::{self, Section};
use super::{add_model, add_operation, checks, model, operation, service, slug, version_page};
use crate::diag::{Diagnostics, Location, Rule};
use crate::doc::{Block, BlockKind, Document};

/// A service as one page shows it, before it is named.
struct PageService {
    service: Service,
    names: slug::Names,
}

/// What the lines before the first heading say.
#[derive(Default)]
struct Preamble<'a> {
    title: Option<String>,
    /// The page's own address and its line.
    address: Option<(String, usize)>,
    toc: Vec<(Vec<u32>, String, usize)>,
    /// An overview without its service heading (fragments).
    overview: Vec<&'a Block>,
    /// A field table under the page title (a single-model page).
    model_table: Vec<&'a Block>,
}

pub fn extract_page(doc: &Document, diags: &mut Diagnostics) -> Vec<Service> {
    let file = &doc.path;
    let outline = sections::outline(doc);
    // A page of one operation version has no heading at all: its header is read as any
    // page's, the rest as the version section it is.
    let version_page = outline
        .sections
        .is_empty()
        .then(|| version_page::detect(&outline.preamble))
        .flatten();
    let pre = preamble(
        version_page
            .as_ref()
            .map_or(&outline.preamble[..], |vp| &vp.head[..]),
        file,
        diags,
    );
    checks::toc_against_body(&pre.toc, &outline.sections, file, diags);

    // Model names first: the row splitter needs them to tell a Schema cell from a Default.
    let mut model_names: Vec<String> = Vec::new();
    for s in &outline.sections {
        collect_model_names(s, &mut model_names);
    }
    if !pre.model_table.is_empty() {
        model_names.extend(pre.title.clone());
    }
    // A set: the splitter asks for every row.
    let model_names: HashSet<String> = model_names.into_iter().collect();
    let is_model = |name: &str| model_names.contains(name);

    let mut out: Vec<PageService> = Vec::new();
    let mut loose: Option<PageService> = None;
    let title = pre.title.as_deref().unwrap_or_default();
    if !pre.overview.is_empty() {
        let ps = loose_service(&mut loose, title, file, pre.overview[0].line);
        set_overview(ps, &pre.overview, file, diags);
    }
    if !pre.model_table.is_empty() {
        let name = pre.title.clone().unwrap_or_default();
        let at = pre.model_table[0].line;
        if model::is_model_name(&name) {
            let m = model::read(&name, at, &pre.model_table, file, &is_model, diags);
            add_model(
                &mut loose_service(&mut loose, title, file, at).service,
                m,
                diags,
            );
        } else {
            diags.warn(
                Location::new(file, at),
                Rule::UnexpectedBlock,
                format!("a field table under `{name}`, which is no model name; ignored"),
            );
        }
    }
    // Version sections with no operation heading: a single-operation page (titled by its
    // first line) or fragments (named after their method and path).
    let untitled: Vec<&Section> = outline
        .sections
        .iter()
        .filter(|s| labels::is_version(&s.title))
        .collect();
    if !untitled.is_empty() {
        let ps = loose_service(&mut loose, title, file, untitled[0].line);
        read_untitled_versions(ps, pre.title.as_deref(), &untitled, file, &is_model, diags);
    }
    if let Some(vp) = version_page {
        let title = vp
            .title
            .clone()
            .or_else(|| {
                pre.address
                    .as_ref()
                    .and_then(|(a, _)| version_page::title_from_address(a))
            })
            .or_else(|| version_page::summary(&vp.body));
        let section = Section {
            number: Vec::new(),
            title: vp.version,
            line: vp.line,
            body: vp.body,
            children: Vec::new(),
        };
        let ps = loose_service(&mut loose, "", file, vp.line);
        read_untitled_versions(ps, title.as_deref(), &[&section], file, &is_model, diags);
    }
    for section in outline
        .sections
        .iter()
        .filter(|s| !labels::is_version(&s.title))
    {
        if crate::vocab::version::looks_like_version(&section.title) {
            bad_version_section(section, file, diags);
        } else if is_part(section) {
            read_part(
                loose_service(&mut loose, title, file, section.line),
                section,
                file,
                &is_model,
                diags,
            );
        } else if is_operation(section) {
            read_operation(
                loose_service(&mut loose, title, file, section.line),
                section,
                file,
                &is_model,
                diags,
            );
        } else if is_model_section(section) {
            let m = model::read(
                &section.title,
                section.line,
                &section.body,
                file,
                &is_model,
                diags,
            );
            add_model(
                &mut loose_service(&mut loose, title, file, section.line).service,
                m,
                diags,
            );
        } else if section.children.iter().any(is_part) || !section.body.is_empty() {
            let mut ps = new_service(&section.title, Location::new(file, section.line));
            set_overview(&mut ps, &section.body, file, diags);
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
        .filter_map(|ps| slug::with_slug(ps.service, &ps.names, pre.address.as_ref(), diags))
        .collect()
}

/// The page's loose service, made on first use.
fn loose_service<'a>(
    loose: &'a mut Option<PageService>,
    title: &str,
    file: &Arc<Path>,
    at: usize,
) -> &'a mut PageService {
    loose.get_or_insert_with(|| {
        let mut ps = new_service(title, Location::new(file, at));
        ps.names.loose = true;
        ps
    })
}

fn preamble<'a>(blocks: &[&'a Block], file: &Arc<Path>, diags: &mut Diagnostics) -> Preamble<'a> {
    let mut pre = Preamble::default();
    for &block in blocks {
        match &block.kind {
            BlockKind::Banner(_) | BlockKind::Cut => {}
            BlockKind::TocEntry { number, title } => {
                pre.toc.push((number.clone(), title.clone(), block.line))
            }
            BlockKind::Text(t) if is_overview_label(t) || !pre.overview.is_empty() => {
                pre.overview.push(block)
            }
            BlockKind::Text(t)
                if pre.address.is_none() && pre.title.is_none() && labels::is_address(t) =>
            {
                pre.address = Some((t.clone(), block.line))
            }
            BlockKind::Text(t) if pre.title.is_none() => pre.title = Some(t.clone()),
            BlockKind::Table(_) if !pre.overview.is_empty() => pre.overview.push(block),
            BlockKind::Table(table)
                if labels::is_model_table(table) && pre.model_table.is_empty() =>
            {
                pre.model_table.push(block)
            }
            _ => labels::unexpected(block, file, "the page header", diags),
        }
    }
    pre
}

fn is_overview_label(text: &str) -> bool {
    matches!(
        labels::label(text),
        Some(Label::Overview | Label::Version | Label::OpenApiUrl | Label::Regions)
    )
}

fn is_part(section: &Section) -> bool {
    matches!(section.title.as_str(), "APIs" | "Models")
}

/// An operation heading at the top of a page: its children are all versions.
fn is_operation(section: &Section) -> bool {
    !section.children.is_empty()
        && section.children.iter().all(|c| {
            labels::is_version(&c.title) || crate::vocab::version::looks_like_version(&c.title)
        })
        && section.body.is_empty()
}

/// A model heading at the top of a page: a model name over a field table.
fn is_model_section(section: &Section) -> bool {
    section.children.is_empty()
        && model::is_model_name(&section.title)
        && section
            .body
            .iter()
            .any(|b| matches!(&b.kind, BlockKind::Table(t) if labels::is_model_table(t)))
}

fn collect_model_names(section: &Section, out: &mut Vec<String>) {
    if section.title == "Models" {
        out.extend(section.children.iter().map(|m| m.title.clone()));
    } else if is_model_section(section) {
        out.push(section.title.clone());
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
            index: Default::default(),
        },
        names: slug::Names {
            slugs: BTreeMap::new(),
            loose: false,
            url_line: 0,
        },
    }
}

fn set_overview(ps: &mut PageService, body: &[&Block], file: &Arc<Path>, diags: &mut Diagnostics) {
    let overview = service::read(body, file, diags);
    ps.service.overview = overview.text.join("\n");
    ps.service.versions = overview.versions;
    ps.service.url = overview.url;
    ps.names.url_line = overview.url_line;
    ps.service.regions = overview.regions;
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
            at,
            Rule::NoVersions,
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
        if crate::vocab::version::looks_like_version(&v.title) && !labels::is_version(&v.title) {
            bad_version_section(v, file, diags);
            continue;
        }
        if !labels::is_version(&v.title) {
            ignored_section(v, file, "an operation", diags);
            continue;
        }
        read_version(ps, &mut op, v, file, is_model, diags);
    }
    add_operation(&mut ps.service, op, diags);
}

/// Version sections without their operation heading. On a single-operation page they are
/// the versions of the page's title; otherwise each is named after its method and path.
fn read_untitled_versions(
    ps: &mut PageService,
    title: Option<&str>,
    versions: &[&Section],
    file: &Arc<Path>,
    is_model: &dyn Fn(&str) -> bool,
    diags: &mut Diagnostics,
) {
    let at = Location::new(file, versions[0].line);
    if let Some(title) = title.filter(|t| !t.is_empty()) {
        let mut op = Operation {
            title: title.to_string(),
            operation_id: String::new(),
            at,
            variants: Vec::new(),
        };
        for v in versions {
            read_version(ps, &mut op, v, file, is_model, diags);
        }
        add_operation(&mut ps.service, op, diags);
        return;
    }
    for v in versions {
        let mut op = Operation {
            title: String::new(),
            operation_id: String::new(),
            at: Location::new(file, v.line),
            variants: Vec::new(),
        };
        read_version(ps, &mut op, v, file, is_model, diags);
        let Some(first) = op.variants.first() else {
            continue;
        };
        op.title = format!("{} {}", first.method, first.path);
        diags.warn(
            op.at.clone(),
            Rule::UntitledOperation,
            format!(
                "version {} has no operation heading above it; the operation is named `{}`",
                v.title, op.title
            ),
        );
        add_operation(&mut ps.service, op, diags);
    }
}

fn read_version(
    ps: &mut PageService,
    op: &mut Operation,
    v: &Section,
    file: &Arc<Path>,
    is_model: &dyn Fn(&str) -> bool,
    diags: &mut Diagnostics,
) {
    for grandchild in &v.children {
        ignored_section(grandchild, file, "an operation version", diags);
    }
    let Some((variant, facts)) = operation::read(&v.title, v.line, &v.body, file, is_model, diags)
    else {
        return;
    };
    if let Some((slug, version, line)) = &facts.api_version {
        let at = Location::new(file, *line);
        // The header names the spec's directory and is sent by every client call: a value
        // outside the grammar is an error, and is not taken as the service's name.
        if let Some(problem) = crate::vocab::version::problem(version) {
            diags.error(
                at.clone(),
                Rule::BadVersion,
                format!("Scp-Api-Version names no API version: {problem}"),
            );
        }
        match crate::vocab::Slug::parse(slug).err() {
            Some(problem) => diags.error(
                at,
                Rule::BadServiceName,
                format!("Scp-Api-Version names no service: {problem}"),
            ),
            None => ps.names.slugs.entry(slug.clone()).or_default().push(*line),
        }
        if *version != variant.version {
            diags.warn(
                Location::new(file, *line),
                Rule::VersionMismatch,
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

/// A section titled like a version but not written as one (`v1.2`, `１.２`): its title
/// would become a spec file's name, so it is an error rather than a section ignored.
fn bad_version_section(section: &Section, file: &Arc<Path>, diags: &mut Diagnostics) {
    diags.error(
        Location::new(file, section.line),
        Rule::BadVersion,
        format!(
            "section title is not an API version: {}; the section is left out",
            crate::vocab::version::problem(&section.title).unwrap_or_default()
        ),
    );
}

/// Reports a section (and everything under it) that has no place in the structure.
fn ignored_section(section: &Section, file: &Arc<Path>, place: &str, diags: &mut Diagnostics) {
    let lines = count_blocks(section);
    diags.warn(
        Location::new(file, section.line),
        Rule::UnexpectedSection,
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
