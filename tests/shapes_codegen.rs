//! Clients from specs scpgen did not write: OpenAPI 3.1 in the shapes SCP's published specs
//! use (tests/fixtures/openapi31/shapes.yaml) and a third-party petstore spec. Their crates
//! are committed under tests/shapes/ (built clippy-clean and exercised against wiremock by
//! tests/clients/tests/shapes.rs); this test keeps them what the specs give.

mod common;

use common::*;
use scpgen::codegen::settings::Overrides;
use scpgen::diag::Diagnostics;

/// The command that regenerates tests/shapes/ (run from the repository root).
const REGENERATE: &str = "cargo run -- client tests/fixtures/openapi31/shapes.yaml tests/fixtures/openapi31/petstore.yaml --service petstore --endpoint http://127.0.0.1:9 --out tests/shapes";

fn shapes() -> (Vec<scpgen::output::OutputFile>, Diagnostics) {
    // As the command runs it: the pipeline over the spec files (from the repository root,
    // so findings name them as the command does).
    let request = scpgen::pipeline::Request {
        specs: [
            "tests/fixtures/openapi31/shapes.yaml",
            "tests/fixtures/openapi31/petstore.yaml",
        ]
        .iter()
        .map(|f| repo().join(f))
        .collect(),
        clients: true,
        overrides: Overrides {
            service: Some("petstore".into()),
            endpoint: Some("http://127.0.0.1:9".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    let outcome = scpgen::pipeline::run(&request).expect("the pipeline");
    (outcome.client_files, outcome.diagnostics)
}

#[test]
fn the_committed_crates_are_what_the_specs_give() {
    let (files, diags) = shapes();
    assert!(!diags.has_errors(), "{:?}", diags.sorted());
    let drifts = scpgen::check::compare(
        &repo().join("tests/shapes"),
        &files,
        &scpgen::codegen::is_generated_file,
        &scpgen::check::kept_in_clients,
    )
    .unwrap();
    assert!(
        drifts.is_empty(),
        "tests/shapes is stale: run `{REGENERATE}`\n{}",
        scpgen::check::report(&drifts, false)
    );
    // Byte-identical runs.
    assert_eq!(files, shapes().0);
}

#[test]
fn a_3_1_file_of_two_versions_gives_one_crate_with_both_modules() {
    let (files, diags) = shapes();
    // Nothing is approximated: every shape has a type.
    assert!(diags.sorted().is_empty(), "{:?}", diags.sorted());
    let lib = file(&files, "scp-shapes/src/lib.rs");
    assert!(
        lib.contains("pub mod v1_1;") && lib.contains("pub mod v1_0;"),
        "{lib}"
    );
    assert!(file(&files, "scp-shapes/src/v1_0.rs")
        .contains("pub const API_VERSION: &str = \"shapes 1.0\";"));
    assert!(file(&files, "scp-shapes/src/v1_1.rs")
        .contains("pub const API_VERSION: &str = \"shapes 1.1\";"));
    assert!(
        !file(&files, "scp-shapes/src/v1_0.rs").contains("fn show_pet"),
        "1.1's operation only in 1.1"
    );
}

#[test]
fn every_shape_has_a_rust_type() {
    let (files, _) = shapes();
    let models = file(&files, "scp-shapes/src/models.rs");
    for item in [
        // oneOf with a discriminator: the tag selects the variant, unknown tags are kept.
        "pub enum Pet {",
        "Cat(Box<Cat>),",
        "Some(\"dog\") =>",
        "Unknown(serde_json::Value),",
        // allOf merged into one struct.
        "pub struct Cat {",
        "pub lives: Option<i64>,",
        // inline objects get a struct of their own.
        "pub struct DogCollar {",
        "pub collar: Option<DogCollar>,",
        // anyOf with null: nullable, and a recursive model boxed.
        "pub best_friend: crate::Nullable<Box<Owner>>,",
        "pub size: crate::Nullable<i64>,",
        // oneOf without discriminator: untagged.
        "#[serde(untagged)]",
        "pub enum Shape {",
        "Integer(i64),",
        "Point(Box<Point>),",
        // integer enums.
        "pub enum Priority {",
        "Unknown(i64),",
        // const → a one-value enum.
        "pub label: Option<PointLabel>,",
    ] {
        assert!(models.contains(item), "{item} not in models.rs:\n{models}");
    }
}

#[test]
fn the_third_party_spec_keeps_its_required_parameters_and_paths() {
    let (files, diags) = shapes();
    assert!(!diags.has_errors());
    let v1 = file(&files, "scp-petstore/src/v1_0.rs");
    assert!(
        v1.contains("pub fn list_pets(&self, limit: i32) -> ListPets"),
        "{v1}"
    );
    assert!(
        v1.contains("req.query(\"limit\", Some(&self.limit).map(|v| v.to_string()));"),
        "{v1}"
    );
    assert!(v1.contains("format!(\"/pets/{pet_id_segment}\")"), "{v1}");
    assert!(file(&files, "scp-petstore/src/lib.rs").contains("url: \"http://127.0.0.1:9\""));
}
