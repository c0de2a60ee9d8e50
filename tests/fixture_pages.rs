//! Generality: two hand-written pages in the same format with shapes the bundled page lacks
//! (header parameters, array query parameters with `[]` defaults, int64/double/uuid/date
//! formats, 4xx schemas, maps of models, an operation without parameters, a single-version
//! service, a global URL without `{region}`). Counts from tests/fixtures/pages/EXPECTED.md.

mod common;

use common::*;
use serde_json::json;

#[test]
fn compute_sample_extracts_exactly() {
    let (g, diags) = generate("compute-sample.txt", &fixture("pages/compute-sample.txt"));
    let specs = specs_json(&g);
    let keys: Vec<&str> = specs.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        ["virtualserver/1.1", "virtualserver/1.0", "keymanager/1.0"]
    );
    assert_eq!(
        (
            ops_in(&specs, "virtualserver/1.1"),
            ops_in(&specs, "virtualserver/1.0"),
            ops_in(&specs, "keymanager/1.0")
        ),
        (5, 3, 2)
    );
    assert_eq!(
        counts(&specs),
        Counts {
            operation_versions: 10,
            models: 14,
            model_fields: 59,
            path_query_params: 14,
            header_params: 1,
            request_bodies: 3,
            responses: 36
        }
    );
    // The one deliberate contradiction of the page, at the offending line.
    let found: Vec<String> = diags
        .sorted()
        .iter()
        .map(|d| format!("{}:{}", d.location.line, d.rule))
        .collect();
    assert_eq!(found, ["205:example-type"]);
    for f in &g.files {
        insta::assert_snapshot!(
            format!("compute__{}", f.path.to_string_lossy().replace('/', "__")),
            f.contents
        );
    }
}

#[test]
fn compute_sample_shapes() {
    let (g, _) = generate("compute-sample.txt", &fixture("pages/compute-sample.txt"));
    let specs = specs_json(&g);
    let v11 = spec(&specs, "virtualserver/1.1");
    let v10 = spec(&specs, "virtualserver/1.0");
    // A header parameter.
    let create = operation(v11, "create_server");
    let h = param(create, "X-Request-Id");
    assert_eq!(
        (h["in"].as_str(), h["schema"]["nullable"].as_bool()),
        (Some("header"), Some(true))
    );
    // 4xx with a schema.
    assert_eq!(
        create["responses"]["422"]["content"]["application/json"]["schema"],
        json!({"type": "array", "items": {"$ref": "#/components/schemas/ValidationErrorModel"}})
    );
    // An array-typed query parameter with default [].
    let list = operation(v11, "list_servers");
    let state = param(list, "state");
    assert_eq!(state["schema"]["default"], json!([]));
    assert_eq!(
        state["schema"]["items"],
        json!({"nullable": true, "type": "string"})
    );
    assert_eq!(state["example"], json!(["RUNNING", "STOPPED"]));
    assert_eq!(param(list, "vpc_id")["required"], true);
    assert!(
        v11["paths"].get("/v1/servers").is_some(),
        "no ?query in the path template"
    );
    // Formats.
    assert_eq!(field(v11, "Server", "memory_bytes")["format"], "int64");
    assert_eq!(field(v11, "Flavor", "memory_gb")["format"], "double");
    assert_eq!(field(v11, "Flavor", "memory_gb")["example"], 4.0);
    assert_eq!(
        param(operation(v11, "show_server"), "server_id")["schema"]["format"],
        "uuid"
    );
    // Maps of models, nullable model references.
    let disks = field(v11, "Server", "disks");
    assert_eq!(
        disks["additionalProperties"],
        json!({"$ref": "#/components/schemas/Disk"})
    );
    assert_eq!(
        field(v11, "Server", "flavor")["allOf"],
        json!([{"$ref": "#/components/schemas/Flavor"}])
    );
    // An operation without parameters sends only the version header.
    assert_eq!(
        operation(v11, "list_flavors")["parameters"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // A Python-bool default and a deprecated version.
    let del = operation(v10, "delete_server");
    assert_eq!(del["deprecated"], true);
    assert_eq!(v10["info"]["x-scp-supported-until"], "2026-06-30");
    assert_eq!(
        param(operation(v11, "delete_server"), "force")["schema"]["default"],
        false
    );
    // A model no operation uses is in every spec of its service.
    for s in [v10, v11] {
        assert!(s["components"]["schemas"]
            .get("MaintenanceWindow")
            .is_some());
    }
    // Models are per service: two different Tags.
    assert!(field(v11, "Tag", "value").get("nullable").is_none());
    assert_eq!(
        field(spec(&specs, "keymanager/1.0"), "Tag", "value")["nullable"],
        true
    );
    // Environment and region enums from the pairs.
    assert_eq!(
        v11["servers"][0]["variables"]["environment"]["enum"],
        json!(["s", "e"])
    );
    assert_eq!(
        v11["servers"][0]["variables"]["region"]["enum"],
        json!(["kr-west1", "kr-east1"])
    );
}

#[test]
fn global_sample_extracts_exactly() {
    let (g, diags) = generate("global-sample.txt", &fixture("pages/global-sample.txt"));
    assert!(diags.is_empty(), "{:?}", diags.sorted());
    let specs = specs_json(&g);
    assert_eq!(specs.len(), 1);
    assert_eq!(
        counts(&specs),
        Counts {
            operation_versions: 3,
            models: 4,
            model_fields: 16,
            path_query_params: 4,
            header_params: 0,
            request_bodies: 1,
            responses: 11
        }
    );
    let s = spec(&specs, "iamlite/1.0");
    let server = &s["servers"][0];
    assert_eq!(
        server["url"],
        "https://iamlite.{environment}.samsungsdscloud.com"
    );
    assert_eq!(
        server["variables"]
            .as_object()
            .unwrap()
            .keys()
            .collect::<Vec<_>>(),
        ["environment"]
    );
    assert_eq!(
        server["variables"]["environment"]["enum"],
        json!(["s", "g", "e"])
    );
    assert_eq!(
        server["x-scp-regions"],
        json!([{"environment": "s"}, {"environment": "g"}, {"environment": "e"}])
    );
    assert_eq!(s["info"]["x-scp-status"], "CURRENT");
    for f in &g.files {
        insta::assert_snapshot!(
            format!("global__{}", f.path.to_string_lossy().replace('/', "__")),
            f.contents
        );
    }
}
