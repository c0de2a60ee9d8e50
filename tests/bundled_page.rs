//! The bundled page (spec/source/application-service.txt) extracts exactly: totals from
//! ARCHITECTURE.md, and rows checked by name, covering every trap of the format.

mod common;

use common::*;
use serde_json::{json, Value};

fn bundled() -> Vec<(String, Value)> {
    let (g, diags) = generate("application-service.txt", &bundled_page());
    assert!(!diags.has_errors(), "{:?}", diags.sorted());
    specs_json(&g)
}

#[test]
fn totals_match_the_design() {
    let specs = bundled();
    let keys: Vec<&str> = specs.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "apigateway/1.2",
            "apigateway/1.1",
            "apigateway/1.0",
            "queueservice/1.0"
        ]
    );
    assert_eq!(ops_in(&specs, "apigateway/1.2"), 52);
    assert_eq!(ops_in(&specs, "apigateway/1.1"), 43);
    assert_eq!(ops_in(&specs, "apigateway/1.0"), 32);
    assert_eq!(ops_in(&specs, "queueservice/1.0"), 9);
    assert_eq!(
        counts(&specs),
        Counts {
            operation_versions: 136,
            models: 107,
            model_fields: 422,
            path_query_params: 287,
            header_params: 0,
            request_bodies: 59,
            responses: 509,
        }
    );
    let (g, _) = generate("application-service.txt", &bundled_page());
    let t = scpgen::pipeline::totals(g.api.as_ref().expect("the pages' model"));
    assert_eq!(
        (t.services, t.operations, t.operation_versions, t.models),
        (2, 61, 136, 107)
    );
}

/// A run that generates the clients drops the pages' model before codegen (codegen reads
/// the specs) but reports the same totals, counted first.
#[test]
fn a_run_with_clients_keeps_the_totals_not_the_model() {
    let request = scpgen::pipeline::Request {
        page_texts: vec![scpgen::doc::SourceText {
            path: std::sync::Arc::from(std::path::Path::new("application-service.txt")),
            text: bundled_page(),
        }],
        clients: true,
        ..Default::default()
    };
    let outcome = scpgen::pipeline::run(&request).expect("run");
    assert!(!outcome.diagnostics.has_errors());
    let t = outcome.totals().expect("pages were read");
    assert_eq!(
        (t.services, t.operations, t.operation_versions, t.models),
        (2, 61, 136, 107)
    );
    let pages = outcome.pages.as_ref().expect("pages were read");
    assert!(pages.api.is_none());
    assert_eq!(pages.specs.len(), 4);
    assert!(!outcome.client_files.is_empty());
}

#[test]
fn info_servers_and_version_header() {
    let specs = bundled();
    let s = spec(&specs, "apigateway/1.1");
    assert_eq!(s["openapi"], "3.0.3");
    assert_eq!(s["info"]["version"], "1.1");
    assert_eq!(s["info"]["x-scp-api-version"], "apigateway 1.1");
    assert_eq!(s["info"]["x-scp-status"], "DEPRECATED");
    assert_eq!(s["info"]["x-scp-supported-until"], "2026-04-30");
    assert_eq!(
        spec(&specs, "apigateway/1.0")["info"]["x-scp-supported-until"],
        "2025-12-31"
    );
    assert_eq!(
        spec(&specs, "apigateway/1.2")["info"]["x-scp-status"],
        "CURRENT"
    );
    assert!(spec(&specs, "apigateway/1.2")["info"]
        .get("x-scp-supported-until")
        .is_none());
    let server = &s["servers"][0];
    assert_eq!(
        server["url"],
        "https://apigateway.{region}.{environment}.samsungsdscloud.com"
    );
    assert_eq!(
        server["variables"]["environment"]["enum"],
        json!(["s", "g", "e"])
    );
    assert_eq!(
        server["variables"]["region"]["enum"],
        json!([
            "kr-west1",
            "kr-east1",
            "kr-south1",
            "kr-south2",
            "kr-south3"
        ])
    );
    assert_eq!(server["x-scp-regions"].as_array().unwrap().len(), 7);
    assert_eq!(
        server["x-scp-regions"][2],
        json!({"environment": "g", "region": "kr-south1"})
    );
    let header = &s["components"]["parameters"]["ScpApiVersion"];
    assert_eq!(
        (
            header["in"].as_str(),
            header["name"].as_str(),
            header["required"].as_bool()
        ),
        (Some("header"), Some("Scp-Api-Version"), Some(true))
    );
    assert_eq!(header["schema"]["enum"], json!(["apigateway 1.1"]));
    for (_, _, op) in operations(s) {
        assert_eq!(
            op["parameters"][0]["$ref"],
            "#/components/parameters/ScpApiVersion"
        );
        assert_eq!(op["deprecated"], true, "1.1 is DEPRECATED");
    }
    for (_, _, op) in operations(spec(&specs, "apigateway/1.2")) {
        assert!(op.get("deprecated").is_none());
    }
    assert_eq!(
        s["security"],
        json!([{"ScpAccessKey": [], "ScpSignature": [], "ScpTimestamp": []}])
    );
    assert!(
        s["components"]["securitySchemes"]["ScpAccessKey"]["description"]
            .as_str()
            .unwrap()
            .contains("HMAC-SHA256")
    );
}

#[test]
fn trap1_body_is_the_truth_not_the_toc() {
    // The TOC lists no version entry for Create AccessControl; the body has 1.2, 1.1, 1.0.
    let specs = bundled();
    for v in ["1.2", "1.1", "1.0"] {
        let op = operation(
            spec(&specs, &format!("apigateway/{v}")),
            "create_access_control",
        );
        assert_eq!(op["summary"], "Create AccessControl");
    }
    // Only 1.2 documents the PrivateLink operations.
    assert!(operations(spec(&specs, "apigateway/1.1"))
        .iter()
        .all(|(_, _, op)| op["operationId"] != "create_private_link_endpoint"));
}

#[test]
fn trap2_pipes_inside_patterns() {
    let specs = bundled();
    let q = spec(&specs, "queueservice/1.0");
    let name = field(q, "QueueCreateRequest", "name");
    assert_eq!(
        name["pattern"],
        r"^[a-z][a-z0-9-]*$|^[a-z][a-z0-9-]*\.fifo$"
    );
    assert_eq!(
        (name["minLength"].as_u64(), name["maxLength"].as_u64()),
        (Some(3), Some(64))
    );
    assert_eq!(name["example"], "test-queue.fifo");
    let a = spec(&specs, "apigateway/1.2");
    let part = field(a, "ResourceCreateRequest", "path_part");
    assert_eq!(
        part["pattern"],
        r"^(\{[a-z][a-z0-9\-]{1,46}[a-z0-9]\}|[a-z][a-z0-9\-]{1,48}[a-z0-9])$"
    );
    assert_eq!(part["type"], "string");
}

#[test]
fn trap3_vanished_cells() {
    let specs = bundled();
    let a = spec(&specs, "apigateway/1.2");
    // `| access_controls required | array[AccessControl] | ||`
    let f = field(a, "AccessControlListResponse", "access_controls");
    assert_eq!(
        f,
        &json!({"type": "array", "items": {"$ref": "#/components/schemas/AccessControl"}})
    );
    assert!(is_required(
        a,
        "AccessControlListResponse",
        "access_controls"
    ));
    // `| access_control required | AccessControl |`
    assert_eq!(
        field(a, "AccessControlShowResponse", "access_control"),
        &json!({"$ref": "#/components/schemas/AccessControl"})
    );
    // `| body | body required | Model |`
    let op = operation(a, "approve_private_link_endpoint");
    assert_eq!(op["requestBody"]["required"], true);
    assert_eq!(
        op["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/PrivateLinkEndpointApprovalRequest"
    );
    // A last row without its Default cell: `| query | stage_name optional | ... | string |`.
    let op = operation(a, "list_api_deployments");
    let stage = param(op, "stage_name");
    assert_eq!(
        (
            stage["in"].as_str(),
            stage["required"].as_bool().unwrap_or(false),
            stage["schema"]["type"].as_str()
        ),
        (Some("query"), false, Some("string"))
    );
    assert!(stage["schema"].get("default").is_none());
    // A model's last row: `| name required | 접근제어명 Example : DenyTest | string |`.
    assert_eq!(field(a, "AccessControl", "name")["example"], "DenyTest");
}

#[test]
fn trap4_description_cells() {
    let specs = bundled();
    let a = spec(&specs, "apigateway/1.2");
    let name = field(a, "ApiCreateRequestV1Dot2", "name");
    assert_eq!(name["description"], "이름");
    assert_eq!(name["example"], "test-api");
    assert_eq!(name["pattern"], r"^[a-z][a-z0-9\-]{1,48}[a-z0-9]$");
    assert_eq!(
        (name["minLength"].as_u64(), name["maxLength"].as_u64()),
        (Some(3), Some(50))
    );
    let limit = field(a, "UsagePlanSetQuotaRequest", "limit");
    assert_eq!(
        (limit["type"].as_str(), limit["example"].as_i64()),
        (Some("integer"), Some(10))
    );
    assert_eq!(
        (limit["minimum"].as_i64(), limit["maximum"].as_i64()),
        (Some(1), Some(2000000000))
    );
    let q = spec(&specs, "queueservice/1.0");
    let size = field(q, "QueueCreateRequest", "message_size");
    assert_eq!(
        (
            size["minimum"].as_i64(),
            size["maximum"].as_i64(),
            size["example"].as_i64()
        ),
        (Some(1), Some(256), Some(256))
    );
    // Empty example: none in the spec.
    assert!(field(a, "AccessControl", "description")
        .get("example")
        .is_none());
    // Python-style examples become JSON.
    assert_eq!(
        field(a, "AccessControl", "allowed_ip_addr")["example"],
        json!(["127.0.0.1/24,192.168.127.12"])
    );
    assert_eq!(
        field(
            with_model(&specs, "apigateway", "Stage"),
            "Stage",
            "allow_credentials"
        )["example"],
        json!(true)
    );
    assert_eq!(
        field(a, "MethodCreateRequestV1Dot1", "request_headers")["example"],
        json!({"test1": true})
    );
    assert_eq!(
        field(
            with_model(&specs, "apigateway", "Stage"),
            "Stage",
            "allow_methods"
        )["example"],
        json!(["GET", "POST", "PUT", "PATCH"])
    );
    // The tag list has prose and no example.
    assert_eq!(
        field(a, "ApiCreateRequestV1Dot2", "tags")["description"],
        "태그 목록"
    );
}

#[test]
fn trap5_nested_types() {
    let specs = bundled();
    let a = spec(&specs, "apigateway/1.2");
    let m = field(
        with_model(&specs, "apigateway", "Stage"),
        "Stage",
        "allow_methods",
    );
    assert_eq!(m["type"], "array");
    assert_eq!(m["nullable"], true);
    assert_eq!(
        m["items"]["enum"],
        json!(["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "ANY"])
    );
    let qs = field(a, "MethodCreateRequestV1Dot1", "query_strings");
    assert_eq!(
        (qs["type"].as_str(), qs["nullable"].as_bool()),
        (Some("object"), Some(true))
    );
    assert_eq!(qs["additionalProperties"], json!({"type": "boolean"}));
    let rp = field(
        with_model(&specs, "apigateway", "Method"),
        "Method",
        "request_path",
    );
    assert!(rp.get("example").is_none(), "`{{users}}` is no array");
    assert_eq!(rp["items"], json!({"type": "object"}));
    assert_eq!(
        field(a, "AccessControl", "created_at")["format"],
        "date-time"
    );
    assert_eq!(
        field(a, "ApiKey", "created_at")["example"],
        "2026-02-11T06:40:19.438Z"
    );
    let q = spec(&specs, "queueservice/1.0");
    let enc = field(q, "QueueCreateRequest", "encryption");
    assert_eq!(
        enc["allOf"],
        json!([{"$ref": "#/components/schemas/Encryption"}])
    );
    assert_eq!(enc["nullable"], true);
    let unit = field(q, "ConfigSetRequest", "data_key_reuse_period_unit");
    assert_eq!(
        unit["enum"],
        json!(["minute", "hour", null]),
        "a nullable enum lists null (OAS 3.0.3)"
    );
    assert_eq!(
        field(q, "ConfigSetRequest", "message_retention_period_unit")["enum"],
        json!(["second", "minute", "hour", "day"])
    );
    assert_eq!(field(a, "Report", "integration_latency")["type"], "object");
    let method_type = param(operation(a, "show_method"), "method_type");
    assert_eq!(method_type["schema"]["enum"].as_array().unwrap().len(), 9);
}

#[test]
fn trap6_defaults() {
    let specs = bundled();
    let a = spec(&specs, "apigateway/1.2");
    let op = operation(a, "list_apis");
    let size = param(op, "size");
    assert_eq!(
        size["schema"],
        json!({"nullable": true, "default": 20, "type": "integer"})
    );
    assert_eq!(size["example"], 20);
    assert_eq!(param(op, "page")["schema"]["default"], 0);
    assert!(
        param(op, "sort")["schema"].get("default").is_none(),
        "None is no default"
    );
    assert_eq!(param(op, "sort")["example"], "created_at:desc");
    assert_eq!(
        field(a, "ApiCreateRequestV1Dot2", "endpoint_type")["default"],
        "REGION"
    );
    assert_eq!(
        field(a, "Auth", "auth_method")["default"],
        "JWT(JSON WEB Token)"
    );
    assert!(
        field(a, "ApiDeployment", "status").get("default").is_none(),
        "- is no default"
    );
    assert!(!is_required(a, "ApiDeployment", "status"));
}

#[test]
fn trap7_contradicting_json_examples_are_left_out() {
    let (g, diags) = generate("application-service.txt", &bundled_page());
    let specs = specs_json(&g);
    let a = spec(&specs, "apigateway/1.2");
    // Line 252: `"type": "CANCEL"` outside `enum (APPROVE, REJECT)`.
    let op = operation(a, "approve_private_link_endpoint");
    assert!(op["requestBody"]["content"]["application/json"]
        .get("example")
        .is_none());
    assert_eq!(
        op["responses"]["200"]["content"]["application/json"]["example"]["privatelink_endpoint"]
            ["status"],
        "Active"
    );
    // `"call_count": "10"` for an integer.
    let op = operation(a, "list_reports");
    assert!(op["responses"]["200"]["content"]["application/json"]
        .get("example")
        .is_none());
    // A string for `object[boolean]`.
    assert!(field(a, "MethodCreateRequestV1Dot1", "query_strings")
        .get("example")
        .is_none());
    let lines: Vec<String> = diags
        .sorted()
        .iter()
        .map(|d| format!("{}:{}", d.location.line, d.rule))
        .collect();
    for expected in ["252:example-type", "3346:example-type", "6751:example-type"] {
        assert!(
            lines.contains(&expected.to_string()),
            "{expected} not in {lines:?}"
        );
    }
}

#[test]
fn trap8_same_endpoint_differs_per_version() {
    let specs = bundled();
    let body = |v: &str| {
        operation(spec(&specs, &format!("apigateway/{v}")), "create_api")["requestBody"]["content"]
            ["application/json"]["schema"]["$ref"]
            .clone()
    };
    assert_eq!(body("1.2"), "#/components/schemas/ApiCreateRequestV1Dot2");
    assert_eq!(body("1.1"), "#/components/schemas/ApiCreateRequest");
    let list = |v: &str| {
        operation(spec(&specs, &format!("apigateway/{v}")), "list_methods")["responses"]["200"]
            ["content"]["application/json"]["schema"]["$ref"]
            .clone()
    };
    assert_eq!(list("1.2"), "#/components/schemas/MethodListResponseV1Dot2");
    assert_eq!(list("1.1"), "#/components/schemas/MethodListResponseV1Dot1");
    assert_eq!(list("1.0"), "#/components/schemas/MethodListResponse");
    // Each spec carries the models its version needs: no V1Dot2 model in 1.0.
    let models10 = spec(&specs, "apigateway/1.0")["components"]["schemas"]
        .as_object()
        .unwrap();
    assert!(models10.contains_key("MethodListResponse"));
    assert!(!models10.contains_key("MethodListResponseV1Dot2"));
}

#[test]
fn trap9_request_path_query_is_not_a_second_parameter_list() {
    let specs = bundled();
    let op = operation(spec(&specs, "apigateway/1.2"), "list_reports");
    let names: Vec<&str> = op["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(names, ["api_id", "stage_name", "start_date", "end_date"]);
    assert_eq!(param(op, "start_date")["required"], true);
    assert!(spec(&specs, "apigateway/1.2")["paths"]
        .get("/v1/apis/{api_id}/reports")
        .is_some());
}

#[test]
fn trap10_models_are_per_service() {
    let specs = bundled();
    let a = field(spec(&specs, "apigateway/1.2"), "Tag", "value");
    let q = field(spec(&specs, "queueservice/1.0"), "Tag", "value");
    assert!(a.get("nullable").is_none());
    assert_eq!(q["nullable"], true);
    assert_eq!(
        (a["description"].as_str(), q["description"].as_str()),
        (Some("tag value"), Some("태그값"))
    );
}

#[test]
fn operations_paths_and_responses() {
    let specs = bundled();
    let a = spec(&specs, "apigateway/1.2");
    assert_eq!(
        operation(a, "delete_an_api_key")["summary"],
        "Delete an API Key"
    );
    let del = operation(a, "delete_access_control");
    assert_eq!(
        del["responses"]["204"],
        json!({"description": "No Content"})
    );
    let p = param(
        operation(a, "approve_private_link_endpoint"),
        "privatelink_endpoint_id",
    );
    assert_eq!(
        (
            p["in"].as_str(),
            p["required"].as_bool(),
            p["example"].as_str()
        ),
        (
            Some("path"),
            Some(true),
            Some("27bb070b564349f8a31cc60734cc36a5")
        )
    );
    assert_eq!(p["description"], "PrivateLink 엔드포인트 ID");
    assert_eq!(
        operation(a, "create_api")["responses"]["202"]["content"]["application/json"]["example"]
            ["name"],
        "test-api"
    );
    let q = spec(&specs, "queueservice/1.0");
    let acl = operation(q, "delete_acl");
    assert_eq!(
        acl["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/AclRequest"
    );
    let ids: std::collections::BTreeSet<&str> = operations(a)
        .iter()
        .map(|(_, _, op)| op["operationId"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 52, "operation ids are unique");
}

#[test]
fn every_model_of_the_doc_is_in_some_spec() {
    let text = bundled_page();
    let specs = bundled();
    let mut in_service = "";
    let mut in_models = false;
    for line in text.lines() {
        if line == "1 - API Gateway" {
            in_service = "apigateway";
        } else if line == "2 - Queue Service" {
            in_service = "queueservice";
        }
        if let Some((number, title)) = line.split_once(" - ") {
            let depth = number.split('.').count();
            if depth == 2 {
                in_models = title == "Models";
            } else if depth == 3 && in_models {
                let found = specs
                    .iter()
                    .filter(|(k, _)| k.starts_with(in_service))
                    .any(|(_, s)| s["components"]["schemas"].get(title).is_some());
                assert!(found, "model {in_service}/{title} is in no spec");
            }
        }
    }
}
