//! The site's page of one operation version (`.../apigateway/apis/create-api/1.2`): no
//! numbered headings, the version alone on its line. The fixtures in
//! tests/fixtures/forms/version-pages/ are made by scripts/make-fixtures.py from the bundled
//! page; with the rest of that page they give its specs.

mod common;

use common::*;
use scpgen::diag::Diagnostics;
use scpgen::openapi::Format;

/// The version pages in the bundled page's order of operations and versions.
const PAGES: &[&str] = &[
    "create-api-1.2.txt",
    "create-api-1.1.txt",
    "create-api-1.0.txt",
    "create-api-key-1.2.txt",
    "create-api-key-1.1.txt",
];

fn page(name: &str) -> String {
    fixture(&format!("forms/version-pages/{name}"))
}

/// The bundled page without the operations the version pages hold.
fn bundled_without_the_version_pages() -> String {
    let page = bundled_page();
    // Their table-of-contents entries too: the rest names only what it holds.
    let mut lines: Vec<&str> = page
        .lines()
        .filter(|l| *l != "- 1.1.4: Create Api" && *l != "- 1.1.6: Create Api Key")
        .collect();
    for (from, to) in [
        ("1.1.6 - Create Api Key", "1.1.7 - "),
        ("1.1.4 - Create Api", "1.1.5 - "),
    ] {
        let a = lines.iter().position(|l| *l == from).unwrap();
        let b = lines.iter().position(|l| l.starts_with(to)).unwrap();
        lines.drain(a..b);
    }
    lines.join("\n")
}

fn run(
    pages: &[(String, String)],
    options: scpgen::extract::Options,
) -> (scpgen::pipeline::Generated, Diagnostics) {
    let mut diags = Diagnostics::new();
    let docs: Vec<_> = pages
        .iter()
        .filter_map(|(name, text)| {
            let source = scpgen::doc::SourceText {
                path: std::sync::Arc::from(std::path::Path::new(name)),
                text: text.clone(),
            };
            scpgen::pipeline::read_in_form(&source, None, &mut diags)
        })
        .collect();
    let g = scpgen::pipeline::generate_with(&docs, Format::Yaml, options, &mut diags).unwrap();
    (g, diags)
}

#[test]
fn version_pages_with_the_rest_give_the_bundled_specs() {
    let mut pages = vec![("rest.txt".to_string(), bundled_without_the_version_pages())];
    pages.extend(PAGES.iter().map(|p| (p.to_string(), page(p))));
    let (merged, diags) = run(&pages, Default::default());
    assert!(!diags.has_errors(), "{:?}", diags.sorted());
    let (whole, whole_diags) = generate("whole.txt", &bundled_page());
    assert_eq!(merged.specs.len(), whole.specs.len());
    // The same documents (map order aside: the merged pages' operations come last).
    for (a, b) in merged.specs.iter().zip(&whole.specs) {
        assert_eq!((&a.service, &a.version), (&b.service, &b.version));
        assert_eq!(a.document, b.document, "{}/{}", a.service, a.version);
    }
    // The same findings (at the pages' own lines).
    assert_eq!(
        findings_without_lines(&diags),
        findings_without_lines(&whole_diags)
    );
}

#[test]
fn a_version_page_alone_names_its_service_and_operation() {
    for name in PAGES {
        let (api, diags) = extract_page(name, &page(name));
        let s = &api.services[0];
        let op = &s.operations[0];
        assert_eq!(s.slug, "apigateway", "{name}");
        assert!(
            name.starts_with(&op.title.to_lowercase().replace(' ', "-")),
            "{name}: {}",
            op.title
        );
        assert_eq!(op.variants.len(), 1, "{name}");
        assert!(
            diags.iter().all(|d| !d.rule.id().starts_with("unexpected")),
            "{name}: {:?}",
            diags.sorted()
        );
    }
    // Without the address: the Scp-Api-Version line names the service, the summary the
    // operation.
    let text = page("create-api-1.2.txt");
    let no_address = text.split_once('\n').unwrap().1;
    let (api, _) = extract_page("p.txt", no_address);
    assert_eq!(api.services[0].slug, "apigateway");
    assert_eq!(api.services[0].operations[0].title, "API를 생성한다");
}

#[test]
fn undefined_models_stop_the_run_unless_allowed() {
    let pages = vec![("create-api-1.2.txt".to_string(), page("create-api-1.2.txt"))];
    let (_, diags) = run(&pages, Default::default());
    let errors: Vec<String> = diags
        .sorted()
        .iter()
        .filter(|d| d.severity == scpgen::diag::Severity::Error)
        .map(|d| d.rule.to_string())
        .collect();
    assert_eq!(errors, ["undefined-model", "undefined-model"]);

    let allow = scpgen::extract::Options {
        allow_undefined_models: true,
    };
    let (g, diags) = run(&pages, allow);
    assert!(!diags.has_errors(), "{:?}", diags.sorted());
    let findings: Vec<String> = diags.sorted().iter().map(ToString::to_string).collect();
    let [file] = g.files.as_slice() else {
        panic!("{:?}", g.files)
    };
    insta::assert_snapshot!(
        "version_page_alone",
        format!(
            "{}\n{}\n{}",
            file.path.display(),
            findings.join("\n"),
            file.contents
        )
    );
}

#[test]
fn the_cli_flag_exports_a_single_page() {
    let dir = tempfile::tempdir().unwrap();
    let p = write_page(
        dir.path(),
        "create-api-1.2.txt",
        page("create-api-1.2.txt").as_bytes(),
    );
    let run = |extra: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_scpgen"))
            .args(["spec", p.to_str().unwrap(), "--out", "out", "-q"])
            .args(extra)
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    assert!(!run(&[]).status.success());
    assert!(!dir.path().join("out").exists());
    let o = run(&["--allow-undefined-models"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let spec = std::fs::read_to_string(dir.path().join("out/apigateway/1.2.yaml")).unwrap();
    assert!(spec.contains("x-scp-undefined: true"), "{spec}");
}
