//! Clients from specs scpgen did not write: OpenAPI 3.1 shapes (tests/fixtures/openapi31/
//! shapes.yaml), a spec written the way SCP publishes its own (published.yaml), a third-party
//! petstore, and every parameter style and body media type (tests/fixtures/openapi30/
//! wire.yaml). Their crates are committed under tests/shapes/ (built clippy-clean and
//! exercised against wiremock by tests/shapes-wire/); this test keeps them what the specs give.

mod common;

use common::*;
use scpgen::codegen::settings::Overrides;
use scpgen::diag::Diagnostics;

/// The command that regenerates tests/shapes/ (run from the repository root).
const REGENERATE: &str = "cargo run -- client tests/fixtures/openapi31/shapes.yaml tests/fixtures/openapi31/petstore.yaml tests/fixtures/openapi31/published.yaml tests/fixtures/openapi30/wire.yaml --endpoint http://127.0.0.1:9 --out tests/shapes";

fn shapes() -> (Vec<scpgen::output::OutputFile>, Diagnostics) {
    // As the command runs it: the pipeline over the spec files (from the repository root,
    // so findings name them as the command does).
    let request = scpgen::pipeline::Request {
        specs: [
            "tests/fixtures/openapi31/shapes.yaml",
            "tests/fixtures/openapi31/petstore.yaml",
            "tests/fixtures/openapi31/published.yaml",
            "tests/fixtures/openapi30/wire.yaml",
        ]
        .iter()
        .map(|f| repo().join(f))
        .collect(),
        clients: true,
        overrides: Overrides {
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
    // Nothing is approximated but what the specs leave free; what is guessed is said.
    let found: Vec<String> = diags.sorted().iter().map(|d| d.to_string()).collect();
    assert_eq!(
        found,
        [
            "tests/fixtures/openapi30/wire.yaml: warning: slug-guessed: #/info: no x-scp-service and no --service; the service is named `wire` after the title",
            "tests/fixtures/openapi30/wire.yaml: warning: version-guessed: #/info/version: `v2` is no API version (digits and dots) and no `x-api-version` or --api-version names one; the version is `2` (module `v2`)",
            "tests/fixtures/openapi31/petstore.yaml: warning: slug-guessed: #/info: no x-scp-service and no --service; the service is named `swaggerpetstore` after the title",
            "tests/fixtures/openapi31/published.yaml: warning: any-value: #/components/schemas/Backup (Backup::linksItem): a schema without a type or keywords accepts any value; typed as JSON",
            "tests/fixtures/openapi31/published.yaml: warning: slug-guessed: #/info: no x-scp-service and no --service; the service is named `osscppublishedproject` after the title",
        ]
    );
    assert_eq!(diags.json_typed(), 1);
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
    let v1 = file(&files, "scp-swaggerpetstore/src/v1_0.rs");
    assert!(
        v1.contains("pub fn list_pets(&self, limit: i32) -> ListPets"),
        "{v1}"
    );
    assert!(
        v1.contains("req.query_param(\"limit\", Style::Form, true, &self.limit)?;"),
        "{v1}"
    );
    assert!(v1.contains("format!(\"/pets/{pet_id_segment}\")"), "{v1}");
    assert!(file(&files, "scp-swaggerpetstore/src/lib.rs").contains("url: \"http://127.0.0.1:9\""));
    // The petstore's models have `properties` but no `type: object`: typed structs all the same.
    let models = file(&files, "scp-swaggerpetstore/src/models.rs");
    assert!(models.contains("pub struct Pet {") && !models.contains("serde_json::Value;"));
}

#[test]
fn scp_published_specs_are_typed_and_their_version_is_the_operations() {
    let (files, _) = shapes();
    let models = file(&files, "scp-osscppublishedproject/src/models.rs");
    for item in [
        // `properties` + `required`, no `type`: a struct with required fields.
        "pub struct Backup {",
        "pub id: String,",
        // `allOf: [$ref]` with a description: the model itself.
        "pub state: BackupState,",
        "pub resource: ResourceInfo,",
        // enums without a type, a map without a type, an inline object without a type.
        "pub enum Protocol {",
        "pub labels: Option<std::collections::BTreeMap<String, String>>,",
        "pub policy: Option<BackupPolicy>,",
        // `format: int32` + `minimum`: an integer.
        "pub size_gb: Option<i32>,",
        // a list or one value.
        "pub enum StateFilter {",
    ] {
        assert!(models.contains(item), "{item} not in models.rs:\n{models}");
    }
    assert!(!models.contains("= serde_json::Value;"), "no untyped model");
    // `info.version: 0.0.1.dev530`, operations at `x-api-version: "1.0"`.
    assert!(file(&files, "scp-osscppublishedproject/src/lib.rs").contains("pub mod v1_0;"));
}

#[test]
fn every_parameter_style_and_body_media_type_has_its_call() {
    let (files, _) = shapes();
    let v2 = file(&files, "scp-wire/src/v2.rs");
    for item in [
        "style::path(\"color\", Style::Label, false, &self.color)?",
        "style::path(\"point\", Style::Matrix, true, &self.point)?",
        "req.query_param(\"pipes\", Style::PipeDelimited, false, &self.pipes)?;",
        "req.query_param(\"filter\", Style::DeepObject, true, &self.filter)?;",
        "req.query(\"selector\", style::json(\"query.selector\", &self.selector)?);",
        "req.header_param(\"x-point\", true, &self.x_point)?;",
        "req.cookie_param(\"prefs\", false, &self.prefs)?;",
        "req.bytes(&self.body, \"application/octet-stream\");",
        "req.text(&self.body, \"text/plain\");",
        "req.form(&self.body)?;",
        "req.multipart(&self.body)?;",
        "req.json_as(body, \"application/merge-patch+json\")?;",
        ".accept(\"text/csv\")",
        "self.rt.binary(req).await",
        "pub fn upload_blob(&self, body: impl Into<crate::Binary>) -> UploadBlob",
    ] {
        assert!(v2.contains(item), "{item} not in v2.rs:\n{v2}");
    }
}
