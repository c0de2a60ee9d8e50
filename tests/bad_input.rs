//! Bad input through the real command: a clear `file:line` message, a failing exit code on
//! errors, no panic, and nothing written (an existing output tree is left as it was).

mod common;

use std::process::Output;

use common::*;

/// Runs `scpgen spec page --out out` over an output tree holding a previous spec; returns
/// the output and asserts the tree was not touched when the run failed.
fn spec_over_existing(page: &[u8]) -> (Output, String) {
    let dir = tempfile::tempdir().unwrap();
    write_page(dir.path(), "page.txt", page);
    std::fs::create_dir_all(dir.path().join("out/apigateway")).unwrap();
    std::fs::write(dir.path().join("out/apigateway/1.2.yaml"), "previous\n").unwrap();
    // Written by an earlier run: listed in scpgen's manifest, so it may be replaced.
    std::fs::write(
        dir.path().join("out/.scpgen-manifest"),
        "apigateway/1.2.yaml\n",
    )
    .unwrap();
    let o = scpgen(&["spec", "page.txt", "--out", "out"], dir.path());
    let err = stderr(&o);
    assert!(!err.contains("panicked"), "{err}");
    if !o.status.success() {
        assert_eq!(
            std::fs::read_to_string(dir.path().join("out/apigateway/1.2.yaml")).unwrap(),
            "previous\n",
            "a failed run wrote"
        );
        let files = std::fs::read_dir(dir.path().join("out")).unwrap().count();
        assert_eq!(files, 2, "a failed run created files");
    }
    (o, err)
}

#[test]
fn empty_file() {
    let (o, err) = spec_over_existing(b"");
    assert!(!o.status.success());
    assert!(
        err.contains("page.txt: error: empty-input: the file is empty"),
        "{err}"
    );
    let (o, err) = spec_over_existing(b"\n  \n");
    assert!(!o.status.success());
    assert!(err.contains("empty-input"), "{err}");
}

#[test]
fn binary_garbage() {
    let garbage: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    let (o, err) = spec_over_existing(&garbage);
    assert!(!o.status.success());
    assert!(err.contains("page.txt:1: error: binary-input"), "{err}");
}

#[test]
fn not_utf8() {
    let mut page = bundled_page().into_bytes();
    let third_line = page
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(1)
        .unwrap()
        .0
        + 1;
    page.insert(third_line, 0xff);
    let (o, err) = spec_over_existing(&page);
    assert!(!o.status.success());
    assert!(err.contains("page.txt:3: error: not-utf8"), "{err}");
}

#[test]
fn text_that_is_no_doc_page() {
    let (o, err) = spec_over_existing("just some notes\nnothing to see\n".as_bytes());
    assert!(!o.status.success());
    assert!(
        err.contains("page.txt: error: unrecognised-input: not an SCP API reference page"),
        "{err}"
    );
}

#[test]
fn truncated_page() {
    let page = bundled_page();
    // Cut inside the response example of `List Apis` 1.2: the models are gone too.
    let cut: String = page.lines().take(2825).collect::<Vec<_>>().join("\n");
    let (o, err) = spec_over_existing(cut.as_bytes());
    assert!(!o.status.success());
    assert!(
        err.contains("page.txt:2823: warning: example-syntax: the JSON example is not valid JSON"),
        "{err}"
    );
    assert!(err.contains("error: undefined-model"), "{err}");
    // Cut right after a method line: the version has no tables.
    let cut: String = page.lines().take(226).collect::<Vec<_>>().join("\n");
    let (_, err) = spec_over_existing(cut.as_bytes());
    assert!(
        err.contains("page.txt:219: warning: missing-responses"),
        "{err}"
    );
}

#[test]
fn page_with_only_models() {
    let page = bundled_page();
    let lines: Vec<&str> = page.lines().collect();
    let models_at = lines.iter().position(|l| *l == "1.2 - Models").unwrap();
    let queue_at = lines
        .iter()
        .position(|l| *l == "2 - Queue Service")
        .unwrap();
    let apis_at = lines.iter().position(|l| *l == "1.1 - APIs").unwrap();
    let mut only_models: Vec<&str> = lines[..apis_at].to_vec();
    only_models.extend(&lines[models_at..queue_at]);
    let dir = tempfile::tempdir().unwrap();
    write_page(dir.path(), "models.txt", only_models.join("\n").as_bytes());
    let o = scpgen(&["spec", "models.txt", "--out", "out"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("warning: no-operations: apigateway documents no operation"));
    // Every model is kept, in every version's spec.
    let spec = std::fs::read_to_string(dir.path().join("out/apigateway/1.2.yaml")).unwrap();
    let doc: openapiv3::OpenAPI = serde_norway::from_str(&spec).unwrap();
    assert_eq!(doc.components.unwrap().schemas.len(), 93);
    assert!(doc.paths.paths.is_empty());
}

#[test]
fn model_referenced_but_never_defined() {
    let page = bundled_page().replace("1.2.85 - Tag\n", "1.2.85 - Label\n");
    let (o, err) = spec_over_existing(page.as_bytes());
    assert!(!o.status.success());
    assert!(err.contains("error: undefined-model: ApiCreateRequest.tags refers to model Tag, which apigateway does not define"), "{err}");
    assert!(err.contains("error(s); nothing written"), "{err}");
}

/// The bundled page with a copy of `Delete Api` (renumbered 1.1.53) appended to the APIs,
/// `edit` applied to the copy's lines.
fn with_second_delete_api(edit: &dyn Fn(&str) -> String) -> (String, usize) {
    let page = bundled_page();
    let lines: Vec<&str> = page.lines().collect();
    let start = lines
        .iter()
        .position(|l| *l == "1.1.15 - Delete Api")
        .unwrap();
    let end = lines
        .iter()
        .position(|l| *l == "1.1.16 - Delete Auth")
        .unwrap();
    let models = lines.iter().position(|l| *l == "1.2 - Models").unwrap();
    let copy = lines[start..end]
        .iter()
        .map(|l| edit(&l.replace("1.1.15", "1.1.53")));
    let out: Vec<String> = lines[..models]
        .iter()
        .map(|l| l.to_string())
        .chain(copy)
        .chain(lines[models..].iter().map(|l| l.to_string()))
        .collect();
    // The first version heading of the original section.
    (out.join("\n"), start + 2)
}

#[test]
fn duplicated_operation() {
    // Documented again, identically: a warning, one copy kept.
    let (page, _) = with_second_delete_api(&|l| l.to_string());
    let (o, err) = spec_over_existing(page.as_bytes());
    assert!(o.status.success(), "{err}");
    assert!(err.contains("warning: duplicate-operation: `Delete Api` version 1.2 is documented again (identically)"), "{err}");
    // Documented again with another path: an error naming both places.
    let (page, first) = with_second_delete_api(&|l| {
        if l == "delete /v1/apis/{api_id}" {
            "delete /v1/apis/{api_id}/old".into()
        } else {
            l.to_string()
        }
    });
    let (o, err) = spec_over_existing(page.as_bytes());
    assert!(!o.status.success());
    assert!(err.contains(&format!("error: conflicting-operation: `Delete Api` version 1.2 is documented twice, differently: here and at page.txt:{first}")), "{err}");
}

#[test]
fn strict_turns_warnings_into_errors() {
    let dir = tempfile::tempdir().unwrap();
    write_page(dir.path(), "page.txt", bundled_page().as_bytes());
    let o = scpgen(
        &["spec", "page.txt", "--out", "out", "--strict", "--quiet"],
        dir.path(),
    );
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("54 error(s); nothing written (--strict)"),
        "{}",
        stderr(&o)
    );
    assert!(!dir.path().join("out").exists());
}

#[test]
fn generate_runs_from_the_repository_root_and_prints_one_summary_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("spec/source")).unwrap();
    write_page(
        &dir.path().join("spec/source"),
        "application-service.txt",
        bundled_page().as_bytes(),
    );
    let o = scpgen(&["--quiet"], dir.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(
        out.starts_with("scpgen: 2 services, 4 versions, 61 operations (136 operation-versions), 107 models; 4 spec files written, 0 unchanged, 0 removed in spec; 40 client files written"),
        "{out}"
    );
    for f in [
        "spec/apigateway/1.0.yaml",
        "spec/apigateway/1.1.yaml",
        "spec/apigateway/1.2.yaml",
        "spec/queueservice/1.0.yaml",
        "generated/Cargo.toml",
        "generated/scp-apigateway/src/v1_2.rs",
        "generated/scp-queueservice/src/models.rs",
    ] {
        assert_eq!(
            std::fs::read(dir.path().join(f)).unwrap(),
            std::fs::read(repo().join(f)).unwrap(),
            "{f}"
        );
    }
    let o = scpgen(&[], &dir.path().join("spec"));
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("cannot list the doc pages"),
        "{}",
        stderr(&o)
    );
}
