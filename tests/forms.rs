//! Every form a user has the docs in gives the same specs: the bundled page as text, HTML
//! (a Hugo/Docsy print view), Markdown, an English-label copy, and a copy with every row
//! wrapped and every separator reduced to `|---|` (fixtures made by scripts/make-fixtures.py).

mod common;

use std::path::Path;
use std::process::Command;

use common::*;

#[test]
fn every_form_of_the_bundled_page_gives_byte_identical_specs() {
    let (text, text_diags) = generate("application-service.txt", &bundled_page());
    for form in [
        "application-service.html",
        "application-service.md",
        "application-service-en.txt",
        "application-service-wrapped.txt",
        "application-service-glued.txt",
    ] {
        let (g, diags) = generate(form, &fixture(&format!("forms/{form}")));
        assert_eq!(g.files.len(), text.files.len(), "{form}");
        for (a, b) in g.files.iter().zip(&text.files) {
            assert_eq!(a.path, b.path, "{form}");
            assert!(
                a.contents == b.contents,
                "{form}: {} differs from the text form's",
                a.path.display()
            );
        }
        // The same findings too (at the form's own lines).
        assert_eq!(
            findings_without_lines(&diags),
            findings_without_lines(&text_diags),
            "{form}"
        );
    }
}

#[test]
fn findings_point_at_the_form_s_own_lines() {
    // The `"type": "CANCEL"` line of the first request example, in each form.
    for (form, needle) in [
        ("application-service.html", "\"type\": \"CANCEL\""),
        ("application-service.md", "\"type\": \"CANCEL\""),
        ("application-service-en.txt", "\"type\": \"CANCEL\""),
    ] {
        let text = fixture(&format!("forms/{form}"));
        let expected = text.lines().position(|l| l.contains(needle)).unwrap() + 1;
        let (_, diags) = generate(form, &text);
        let first = diags
            .sorted()
            .into_iter()
            .find(|d| d.rule == "example-type")
            .unwrap();
        assert_eq!(first.location.line, expected, "{form}: {first}");
    }
    // A model row in the HTML form.
    let html = fixture("forms/application-service.html");
    let (_, diags) = generate("h.html", &html);
    let d = diags
        .iter()
        .find(|d| d.message.starts_with("`latency`"))
        .unwrap();
    assert!(
        html.lines()
            .nth(d.location.line - 1)
            .unwrap()
            .contains("latency required"),
        "{d}"
    );
}

#[test]
fn the_form_is_detected_from_the_content_not_the_name() {
    let dir = tempfile::tempdir().unwrap();
    let html_named_txt = write_page(
        dir.path(),
        "saved-page.txt",
        fixture("forms/application-service.html").as_bytes(),
    );
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_scpgen"))
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let o = run(&[
        "spec",
        html_named_txt.to_str().unwrap(),
        "--out",
        "out",
        "-q",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        std::fs::read(dir.path().join("out/apigateway/1.2.yaml")).unwrap(),
        std::fs::read(repo().join("spec/apigateway/1.2.yaml")).unwrap()
    );
    // Forcing the wrong reader gives errors, never an empty spec.
    let o = run(&[
        "spec",
        html_named_txt.to_str().unwrap(),
        "--out",
        "out2",
        "--input-format",
        "markdown",
        "-q",
    ]);
    assert!(!o.status.success());
    assert!(!Path::new(&dir.path().join("out2")).exists());
}

#[test]
fn real_variant_fragments_parse_exactly_with_no_unaccounted_line() {
    for name in [
        "en-sts-single-dash-separator.txt",
        "en-support-wrapped-rows.txt",
        "ko-scf-wrapped-rows.txt",
        "en-iam-models-glued-cells.txt",
    ] {
        let (api, diags) = extract_page(name, &fixture(&format!("variants/{name}")));
        let findings: Vec<String> = diags.sorted().iter().map(ToString::to_string).collect();
        assert!(
            findings.iter().all(|f| !f.contains(": unexpected-")),
            "{name}: {findings:#?}"
        );
        insta::assert_snapshot!(
            format!("fragment__{name}"),
            format!("{}\n{}", describe(&api), findings.join("\n"))
        );
    }
}

/// The bundled page without `Create Api` and without model `ApiCreateRequestV1Dot2`.
fn bundled_without_the_single_pages() -> String {
    let page = bundled_page();
    let lines: Vec<&str> = page.lines().collect();
    let cut = |lines: &[&str], from: &str, to: &str| -> Vec<String> {
        let a = lines.iter().position(|l| *l == from).unwrap();
        let b = lines.iter().position(|l| l.starts_with(to)).unwrap();
        lines[..a]
            .iter()
            .chain(&lines[b..])
            .map(|s| s.to_string())
            .collect()
    };
    let rest = cut(&lines, "1.1.4 - Create Api", "1.1.5 - ");
    let rest: Vec<&str> = rest.iter().map(String::as_str).collect();
    cut(&rest, "1.2.11 - ApiCreateRequestV1Dot2", "1.2.12 - ").join("\n")
}

#[test]
fn single_operation_and_single_model_pages_parse_alone() {
    let (api, diags) = extract_page(
        "single-operation.txt",
        &fixture("pages/single-operation.txt"),
    );
    let s = &api.services[0];
    assert_eq!(
        (
            s.slug.as_str(),
            s.operations.len(),
            s.operations[0].title.as_str()
        ),
        ("apigateway", 1, "Create Api")
    );
    let versions: Vec<&str> = s.operations[0]
        .variants
        .iter()
        .map(|v| v.version.as_str())
        .collect();
    assert_eq!(versions, ["1.2", "1.1", "1.0"]);
    // Alone, its models are missing: said, with lines.
    assert!(
        diags.iter().all(|d| matches!(
            d.rule.id(),
            "undefined-model-placeholder" | "undefined-model" | "missing-version-table"
        )),
        "{:?}",
        diags.sorted()
    );
    let (api, diags) = extract_page("single-model.txt", &fixture("pages/single-model.txt"));
    assert!(api.services.is_empty());
    let only: Vec<String> = diags.sorted().iter().map(ToString::to_string).collect();
    assert_eq!(only, ["single-model.txt:2: error: no-service-name: cannot tell which service model ApiCreateRequestV1Dot2 belongs to: the page names none (no Scp-Api-Version line, OpenAPI URL or page address) and 0 of the run's 0 services use it"]);
}

#[test]
fn single_pages_merge_with_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let rest = write_page(
        dir.path(),
        "rest.txt",
        bundled_without_the_single_pages().as_bytes(),
    );
    let op = write_page(
        dir.path(),
        "op.txt",
        fixture("pages/single-operation.txt").as_bytes(),
    );
    let model = write_page(
        dir.path(),
        "model.html",
        fixture("pages/single-model.txt").as_bytes(),
    );
    let mut diags = scpgen::diag::Diagnostics::new();
    let docs =
        scpgen::pipeline::read_files(&[rest, op.clone(), model], &Default::default(), &mut diags);
    let merged =
        scpgen::pipeline::generate(&docs, scpgen::openapi::Format::Yaml, &mut diags).unwrap();
    assert!(!diags.has_errors(), "{:?}", diags.sorted());
    let (whole, _) = generate("whole.txt", &bundled_page());
    // The same documents (map order aside: the merged pages come last).
    for (a, b) in merged.specs.iter().zip(&whole.specs) {
        assert_eq!((&a.service, &a.version), (&b.service, &b.version));
        assert_eq!(a.document, b.document, "{}/{}", a.service, a.version);
    }
    // Given twice, differently: an error naming both places.
    let changed =
        fixture("pages/single-operation.txt").replacen("post /v1/apis\n", "post /v1/apis/new\n", 1);
    let op2 = write_page(dir.path(), "op2.txt", changed.as_bytes());
    let mut diags = scpgen::diag::Diagnostics::new();
    let docs = scpgen::pipeline::read_files(&[op, op2.clone()], &Default::default(), &mut diags);
    scpgen::extract::extract(&docs, &mut diags);
    let conflict = diags
        .iter()
        .find(|d| d.rule == "conflicting-operation")
        .expect("a conflict");
    assert!(conflict.to_string().contains("op2.txt:2: error: conflicting-operation: `Create Api` version 1.2 is documented twice, differently: here and at "), "{conflict}");
    assert!(conflict.message.ends_with("op.txt:2"), "{conflict}");
}

#[test]
fn glued_cells_are_split_by_the_vocabulary() {
    let name = "en-iam-models-glued-cells.txt";
    let (api, _) = extract_page(name, &fixture(&format!("variants/{name}")));
    let m = &api.services[0].models[0];
    let fields: Vec<String> = m
        .fields
        .iter()
        .map(|f| {
            format!(
                "{} {} {} | {}",
                f.name,
                f.required,
                f.ty,
                f.description.as_deref().unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            "access_key true string | Access Key",
            "access_key_type true enum (PERMANENT, TEMPORARY, SECRET_VAULT_TEMPORARY) | Access Key Type",
            "account_id true string | Account Id",
            "created_at true string (date-time) | Created At",
            "created_by true string | Created By",
            "description false any of [string, null] | Description",
        ]
    );
}

#[test]
fn glued_rows_that_do_not_fit_are_reported_with_their_lines() {
    let page = "https://docs.e.samsungsdscloud.com/en/apireference/management/iam/models/_print/\nModels\n\n1 - AccessKey\n\nNameDescriptionSchemaDefault\nstray words\naccess_key\nrequired\nAccess Key\nnot a type here\ncount\noptional\nany of [integer, null]20\n";
    let (api, diags) = extract_page("g.txt", page);
    let found: Vec<String> = diags
        .sorted()
        .iter()
        .filter(|d| matches!(d.rule.id(), "bad-field-name" | "missing-type"))
        .map(|d| format!("{}: {}", d.location.line, d.rule))
        .collect();
    assert_eq!(found, ["7: bad-field-name", "8: missing-type"]);
    let m = &api.services[0].models[0];
    assert_eq!(m.fields.len(), 1);
    assert_eq!(m.fields[0].name, "count");
    assert_eq!(m.fields[0].default, Some(serde_json::json!(20)));
}

/// The glued pages and the text pages they are the glued form of.
const GLUED_TWINS: &[(&str, &str)] = &[
    ("pages/compute-sample.txt", "forms/compute-sample-glued.txt"),
    ("pages/global-sample.txt", "forms/global-sample-glued.txt"),
    ("pages/directconnect.txt", "pages/directconnect-glued.txt"),
];

#[test]
fn every_glued_page_gives_its_text_form_s_specs_and_findings() {
    for (text_name, glued_name) in GLUED_TWINS {
        let (text, text_diags) = generate(text_name, &fixture(text_name));
        let (glued, glued_diags) = generate(glued_name, &fixture(glued_name));
        assert!(!text.files.is_empty(), "{text_name}");
        assert_eq!(glued.files.len(), text.files.len(), "{glued_name}");
        for (a, b) in glued.files.iter().zip(&text.files) {
            assert_eq!(a.path, b.path, "{glued_name}");
            assert!(
                a.contents == b.contents,
                "{glued_name}: {}",
                a.path.display()
            );
        }
        assert_eq!(
            findings_without_lines(&glued_diags),
            findings_without_lines(&text_diags),
            "{glued_name}"
        );
    }
}

/// `true` for a line of a version, status or region table as the glued form writes it.
fn is_version_status_or_region_line(line: &str) -> bool {
    let t = line.trim();
    let version_row = |t: &str| {
        let rest = t.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
        rest.len() < t.len()
            && rest
                .trim_start_matches(|c: char| c.is_ascii_uppercase() || c == '_')
                .chars()
                .all(|c| c.is_ascii_digit() || c == '-')
    };
    let region_row = |t: &str| {
        ["s", "g", "e"].iter().any(|e| {
            t.strip_prefix(e)
                .is_some_and(|r| r.is_empty() || r == "-" || r.starts_with("kr-"))
        })
    };
    [
        "VersionStatusSupported Until",
        "VersionSupported Until",
        "버전최소 지원 보장일",
        "environmentregion",
        "environment",
    ]
    .contains(&t)
        || version_row(t)
        || region_row(t)
        || t.starts_with("상태")
        || t.starts_with("State")
}

#[test]
fn no_version_status_or_region_line_of_a_glued_page_is_unexpected() {
    let mut pages: Vec<&str> = GLUED_TWINS.iter().map(|(_, g)| *g).collect();
    pages.extend([
        "forms/application-service-glued.txt",
        "variants/en-iam-models-glued-cells.txt",
    ]);
    let mut lines_checked = 0;
    for name in pages {
        let text = fixture(name);
        let lines: Vec<&str> = text.lines().collect();
        lines_checked += lines
            .iter()
            .filter(|l| is_version_status_or_region_line(l))
            .count();
        let (_, diags) = generate(name, &text);
        for d in diags.iter() {
            let line = lines.get(d.location.line.wrapping_sub(1)).copied();
            assert!(
                !(d.rule.id().starts_with("unexpected-")
                    && line.is_some_and(is_version_status_or_region_line)),
                "{name}: {d}"
            );
        }
    }
    // The tables are there to be read: the check is not vacuous.
    assert!(lines_checked > 500, "{lines_checked}");
}

#[test]
fn a_glued_slice_is_named_by_its_address() {
    // The APIs and Models of the Direct Connect page under the page's address: no overview,
    // no OpenAPI URL, no `Scp-Api-Version` line.
    let page = fixture("pages/directconnect-glued.txt");
    let lines: Vec<&str> = page.lines().collect();
    let apis = lines.iter().position(|l| *l == "1 - APIs").unwrap();
    let slice = [&lines[..1], &lines[apis..]].concat().join("\n");
    let (g, diags) = generate("slice.txt", &slice);
    let specs: Vec<String> = g
        .specs
        .iter()
        .map(|s| format!("{}/{}", s.service, s.version))
        .collect();
    assert_eq!(specs, ["directconnect/1.1", "directconnect/1.0"]);
    let rules: Vec<String> = diags
        .sorted()
        .iter()
        .map(|d| format!("{}:{}", d.location.line, d.rule))
        .collect();
    // The page footer after the last table is reported where it stands.
    assert_eq!(rules, ["2:missing-version-table", "153:unexpected-block"]);
    // The operation versions of the slice, named by their page and dated by their tables.
    let (api, _) = extract_page("slice.txt", &slice);
    let create = &api.services[0].operations[0];
    let dates: Vec<(String, Option<String>)> = create
        .variants
        .iter()
        .map(|v| (v.version.clone(), v.supported_until.clone()))
        .collect();
    assert_eq!(
        dates,
        [
            ("1.1".to_string(), None),
            ("1.0".to_string(), Some("2025-12-31".to_string()))
        ]
    );
}

#[test]
fn glued_version_and_region_rows_that_do_not_fit_are_reported_with_their_lines() {
    let page = "Direct Connect\nOverview\nText.\nVersion\nVersionStatusSupported Until\n1.0CURRNT20251331\nv1.1CURRENT-\n1.2CURRENT-\nOpenAPI URL\nhttps://directconnect.{region}.{environment}.samsungsdscloud.com\nEnvironment and Region List\nenvironmentregion\nxkr-west1\nskr-west1\ns-kr-west1\n1 - APIs\n1.1 - Get\n1.1.1 - 1.2\nget /v1/x\nDescription\nGet.\nState ACTIVE (CURRENT)\nVersionSupported Until\n1.2x\nResponses\nHTTP CodeDescriptionSchema\n200OKNone\n";
    let (api, diags) = extract_page("g.txt", page);
    let found: Vec<String> = diags
        .sorted()
        .iter()
        .map(|d| format!("{}: {}", d.location.line, d.rule))
        .collect();
    assert_eq!(
        found,
        [
            "6: bad-date",
            "6: bad-status",
            "7: bad-version",
            "13: bad-region",
            "15: bad-region",
            "24: version-mismatch",
        ]
    );
    let s = &api.services[0];
    let versions: Vec<&str> = s.versions.iter().map(|v| v.version.as_str()).collect();
    assert_eq!(versions, ["1.0", "1.2"]);
    assert_eq!(s.regions, [("s".to_string(), Some("kr-west1".to_string()))]);
}
