//! The generated clients against wiremock servers: exact paths (percent-encoded parameters),
//! queries, every SCP header, a signature that verifies (recomputed by Python's hmac, not
//! by the crate), JSON bodies, per method and per API version; error statuses, retries
//! (attempt counts), timeouts, decoding, pagination, validation, forward-compatible enums.

use std::time::Duration;

use futures_util::TryStreamExt;
use scp_apigateway::models as gw;
use scp_queueservice::models as q;
use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use scp_client_tests::{python_signature, ACCESS, ACCOUNT, SECRET};

fn retry() -> scp_apigateway::RetryPolicy {
    scp_apigateway::RetryPolicy::new(3, Duration::from_millis(1), Duration::from_millis(5))
}

fn gateway(server: &MockServer) -> scp_apigateway::Client {
    let credentials = scp_apigateway::Credentials::new(ACCESS, SECRET).with_account_id(ACCOUNT);
    let config = scp_apigateway::Config::new(credentials)
        .with_endpoint(server.uri())
        .with_retry(retry())
        .with_language("en-US");
    scp_apigateway::Client::new(config).unwrap()
}

fn queue(server: &MockServer) -> scp_queueservice::Client {
    let credentials = scp_queueservice::Credentials::new(ACCESS, SECRET);
    scp_queueservice::Client::new(
        scp_queueservice::Config::new(credentials).with_endpoint(server.uri()),
    )
    .unwrap()
}

fn header_of<'a>(r: &'a Request, name: &str) -> &'a str {
    r.headers
        .get(name)
        .unwrap_or_else(|| panic!("no {name} header"))
        .to_str()
        .unwrap()
}

/// Every SCP header is there and the signature verifies over the URL as sent: the server's
/// address and the path and query exactly as received.
fn assert_signed(server: &MockServer, r: &Request, api_version: &str, account: &str) {
    assert_eq!(header_of(r, "scp-accesskey"), ACCESS);
    assert_eq!(header_of(r, "scp-clienttype"), "Openapi");
    assert_eq!(header_of(r, "scp-api-version"), api_version);
    let ts = header_of(r, "scp-timestamp");
    assert!(
        ts.len() == 13 && ts.bytes().all(|b| b.is_ascii_digit()),
        "timestamp {ts}"
    );
    if account.is_empty() {
        assert!(r.headers.get("scp-accountid").is_none());
    } else {
        assert_eq!(header_of(r, "scp-accountid"), account);
    }
    let url = match r.url.query() {
        Some(q) => format!("{}{}?{q}", server.uri(), r.url.path()),
        None => format!("{}{}", server.uri(), r.url.path()),
    };
    let expected = python_signature(r.method.as_str(), &url, ts, account);
    assert_eq!(
        header_of(r, "scp-signature"),
        expected,
        "signature over {url}"
    );
}

fn api_json(id: &str) -> Value {
    json!({"account_id": "acc", "created_at": "2024-05-17T00:23:17Z", "description": "d", "id": id, "name": "test-api", "status": "Active", "extra_field": 1})
}

#[test]
fn signature_matches_independent_vectors() {
    // A GET with a query string (the official SDK's example URL) and a POST.
    let url = "https://vpc.kr-west1.e.samsungsdscloud.com/v1/vpcs?limit=20&sort=created_at%3Adesc";
    let sig =
        scp_apigateway::runtime::auth::signature(SECRET, "get", url, "1605290625682", ACCESS, "");
    assert_eq!(sig, python_signature("GET", url, "1605290625682", ""));
    let url = "https://apigateway.kr-west1.s.samsungsdscloud.com/v1/apis";
    let sig = scp_apigateway::runtime::auth::signature(
        SECRET,
        "POST",
        url,
        "1605290625682",
        ACCESS,
        ACCOUNT,
    );
    assert_eq!(sig, python_signature("POST", url, "1605290625682", ACCOUNT));
}

#[tokio::test]
async fn get_sends_query_headers_and_a_valid_signature_v1_2() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/apis"))
        .and(query_param("size", "50"))
        .and(query_param("sort", "created_at:desc"))
        .and(header("accept-language", "en-US"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"apis": [api_json("a1")], "count": 1})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let answer = gateway(&server)
        .list_apis()
        .size(50)
        .sort("created_at:desc")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.count, 1);
    assert_eq!(answer.apis[0].id, "a1");
    assert_eq!(
        answer.apis[0].created_at.as_datetime().unwrap().timestamp(),
        1715905397
    );
    let received = server.received_requests().await.unwrap();
    // Sorted, form-encoded query: what was signed is what was sent.
    assert!(
        received[0]
            .url
            .as_str()
            .ends_with("/v1/apis?size=50&sort=created_at%3Adesc"),
        "{}",
        received[0].url
    );
    assert_signed(&server, &received[0], "apigateway 1.2", ACCOUNT);
}

#[tokio::test]
async fn post_sends_its_json_body_in_every_version() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/apis"))
        .and(body_json(
            json!({"name": "test-api", "description": "d", "endpoint_type": "PRIVATE"}),
        ))
        .and(header("scp-api-version", "apigateway 1.2"))
        .respond_with(
            ResponseTemplate::new(202)
                .set_body_json(json!({"description": "d", "id": "new", "name": "test-api"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/apis"))
        .and(body_json(json!({"name": "test-api"})))
        .respond_with(
            ResponseTemplate::new(202)
                .set_body_json(json!({"description": "", "id": "old", "name": "test-api"})),
        )
        .expect(2)
        .mount(&server)
        .await;
    let client = gateway(&server);
    let body = gw::ApiCreateRequestV1Dot2::new("test-api")
        .with_description("d")
        .with_endpoint_type(gw::EndpointType::Private);
    assert_eq!(client.create_api(body).send().await.unwrap().id, "new");
    #[allow(deprecated)] // the deprecated versions are what this test calls
    {
        assert_eq!(
            client
                .v1_1()
                .create_api(gw::ApiCreateRequest::new("test-api"))
                .send()
                .await
                .unwrap()
                .id,
            "old"
        );
        assert_eq!(
            client
                .v1_0()
                .create_api(gw::ApiCreateRequest::new("test-api"))
                .send()
                .await
                .unwrap()
                .id,
            "old"
        );
    }
    let versions: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| header_of(r, "scp-api-version").to_string())
        .collect();
    assert_eq!(
        versions,
        ["apigateway 1.2", "apigateway 1.1", "apigateway 1.0"]
    );
    for r in server.received_requests().await.unwrap() {
        assert_eq!(header_of(&r, "content-type"), "application/json");
        assert_signed(&server, &r, header_of(&r, "scp-api-version"), ACCOUNT);
    }
}

#[tokio::test]
async fn put_and_delete_with_percent_encoded_path_parameters() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/v1/apis/a%20b%2Fc/description"))
        .and(body_json(json!({"description": "new"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"api": api_json("a b/c")})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/v1/apis/a%20b%2Fc"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = gateway(&server);
    #[allow(deprecated)]
    let updated = client
        .v1_0()
        .set_api_description(
            "a b/c",
            gw::ApiSetDescriptionRequest::new().with_description("new"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(updated.api.id, "a b/c");
    #[allow(deprecated)]
    client.v1_1().delete_api("a b/c").send().await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert_signed(&server, &received[0], "apigateway 1.0", ACCOUNT);
    assert_signed(&server, &received[1], "apigateway 1.1", ACCOUNT);
}

#[tokio::test]
async fn queue_service_calls_with_required_query_and_no_account() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/queues/check-duplication"))
        .and(query_param("name", "test-queue.fifo"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"result": true})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/queues"))
        .and(body_json(json!({"message_retention_period": 40, "message_retention_period_unit": "minute", "message_size": 256, "name": "test-queue.fifo"})))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "q1", "messages": "Create Queue", "state": "ACTIVE"})))
        .expect(1)
        .mount(&server)
        .await;
    let client = queue(&server);
    assert!(
        client
            .check_queue_name_duplication("test-queue.fifo")
            .send()
            .await
            .unwrap()
            .result
    );
    let body = q::QueueCreateRequest::new(
        40,
        q::MessageRetentionPeriodUnit::Minute,
        256,
        "test-queue.fifo",
    );
    assert_eq!(client.create_queue(body).send().await.unwrap().id, "q1");
    for r in server.received_requests().await.unwrap() {
        assert_signed(&server, &r, "queueservice 1.0", "");
    }
}

#[tokio::test]
async fn error_statuses_keep_status_headers_and_body() {
    let server = MockServer::start().await;
    let body = json!({"errors": [{"code": "NotFound", "title": "API not found", "detail": ["no such api"], "status": 404, "request_id": "r-1"}]});
    Mock::given(method("GET"))
        .and(path("/v1/apis/missing"))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("x-request-id", "r-1")
                .set_body_json(body),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/apis/plain"))
        .respond_with(ResponseTemplate::new(403).set_body_string("Forbidden"))
        .mount(&server)
        .await;
    let err = gateway(&server)
        .show_api("missing")
        .send()
        .await
        .unwrap_err();
    let scp_apigateway::Error::Status(status) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(status.status, 404);
    assert_eq!(status.headers["x-request-id"], "r-1");
    assert_eq!(status.errors[0].code.as_deref(), Some("NotFound"));
    assert_eq!(status.errors[0].detail, Some(json!(["no such api"])));
    assert!(status.body.contains("API not found"));
    assert_eq!(err.to_string(), "HTTP 404: API not found (NotFound)");
    // A body that is not SCP's error shape is kept raw.
    let err = gateway(&server).show_api("plain").send().await.unwrap_err();
    let scp_apigateway::Error::Status(status) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(
        (status.status, status.body.as_str(), status.errors.len()),
        (403, "Forbidden", 0)
    );
}

#[tokio::test]
async fn idempotent_calls_are_retried_on_5xx_and_429_others_are_not() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/apis/flaky"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/apis/flaky"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"api": api_json("flaky")})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/apis/limited"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/apis"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let client = gateway(&server);
    assert_eq!(
        client.show_api("flaky").send().await.unwrap().api.id,
        "flaky"
    );
    let err = client.show_api("limited").send().await.unwrap_err();
    assert_eq!(err.status(), Some(429));
    let err = client
        .create_api(gw::ApiCreateRequestV1Dot2::new("test-api"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    let received = server.received_requests().await.unwrap();
    let count = |p: &str, m: &str| {
        received
            .iter()
            .filter(|r| r.url.path() == p && r.method.as_str() == m)
            .count()
    };
    assert_eq!(count("/v1/apis/flaky", "GET"), 3, "two 503s, then success");
    assert_eq!(
        count("/v1/apis/limited", "GET"),
        3,
        "429 retried up to max_attempts"
    );
    assert_eq!(
        count("/v1/apis", "POST"),
        1,
        "POST is not idempotent: never retried"
    );
    // Each attempt is signed anew.
    let flaky: Vec<&Request> = received
        .iter()
        .filter(|r| r.url.path() == "/v1/apis/flaky")
        .collect();
    for r in flaky {
        assert_signed(&server, r, "apigateway 1.2", ACCOUNT);
    }
}

#[tokio::test]
async fn timeouts_are_reported_as_such() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/apis/slow"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_delay(Duration::from_secs(3))
                .set_body_json(json!({"api": api_json("slow")})),
        )
        .mount(&server)
        .await;
    let credentials = scp_apigateway::Credentials::new(ACCESS, SECRET);
    let config = scp_apigateway::Config::new(credentials)
        .with_endpoint(server.uri())
        .with_timeout(Duration::from_millis(200))
        .with_retry(retry().with_max_attempts(2));
    let err = scp_apigateway::Client::new(config)
        .unwrap()
        .show_api("slow")
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            scp_apigateway::Error::RetriesExhausted { attempts: 2, .. }
        ),
        "{err:?}"
    );
    assert!(
        matches!(err.last_attempt(), scp_apigateway::Error::Timeout(d) if *d == Duration::from_millis(200)),
        "{err:?}"
    );
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        2,
        "a timed-out GET is retried"
    );
}

#[tokio::test]
async fn undecodable_answers_keep_the_raw_body() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/apis/bad"))
        .respond_with(ResponseTemplate::new(200).set_body_string("{\"api\": 7}"))
        .mount(&server)
        .await;
    let err = gateway(&server).show_api("bad").send().await.unwrap_err();
    let scp_apigateway::Error::Decode { status, body, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!((*status, body.as_str()), (200, "{\"api\": 7}"));
}

#[tokio::test]
async fn list_calls_stream_every_page() {
    let server = MockServer::start().await;
    for (page, ids) in [
        ("0", vec!["a", "b"]),
        ("1", vec!["c", "d"]),
        ("2", vec!["e"]),
    ] {
        let apis: Vec<Value> = ids.iter().map(|id| api_json(id)).collect();
        Mock::given(method("GET"))
            .and(path("/v1/apis"))
            .and(query_param("page", page))
            .and(query_param("size", "2"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(json!({"apis": apis, "count": 5})),
            )
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = gateway(&server);
    let all: Vec<gw::Api> = client
        .list_apis()
        .size(2)
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<&str> = all.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
}

#[tokio::test]
async fn documented_constraints_are_checked_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(202))
        .expect(0)
        .mount(&server)
        .await;
    let client = gateway(&server);
    let err = client
        .create_api(gw::ApiCreateRequestV1Dot2::new("ab"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid request: body.name: 2 characters, fewer than the minimum 3"
    );
    let err = client
        .create_api(gw::ApiCreateRequestV1Dot2::new("Not-Lower"))
        .send()
        .await
        .unwrap_err();
    assert!(
        err.to_string().contains("does not match the pattern"),
        "{err}"
    );
    let qclient = queue(&server);
    let body = q::QueueCreateRequest::new(
        40,
        q::MessageRetentionPeriodUnit::Minute,
        1000,
        "test-queue",
    );
    let err = qclient.create_queue(body).send().await.unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid request: body.message_size: 1000 is above the maximum 256"
    );
}

#[test]
fn enums_are_forward_compatible_and_nullability_is_exact() {
    // A value a newer server sends is kept, not an error.
    let t: gw::EndpointType = serde_json::from_value(json!("GLOBAL")).unwrap();
    assert_eq!(t, gw::EndpointType::Unknown("GLOBAL".into()));
    assert_eq!(serde_json::to_value(&t).unwrap(), json!("GLOBAL"));
    assert_eq!(
        serde_json::to_value(gw::EndpointType::Region).unwrap(),
        json!("REGION")
    );
    // Optional and unset: omitted. Optional nullable set to null: sent as null.
    let mut body = gw::ApiCreateRequest::new("test-api");
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        json!({"name": "test-api"})
    );
    body.description = scp_apigateway::Nullable::Null;
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        json!({"name": "test-api", "description": null})
    );
    let back: gw::ApiCreateRequest =
        serde_json::from_value(json!({"name": "n", "description": null})).unwrap();
    assert_eq!(back.description, scp_apigateway::Nullable::Null);
    let back: gw::ApiCreateRequest = serde_json::from_value(json!({"name": "n"})).unwrap();
    assert_eq!(back.description, scp_apigateway::Nullable::Absent);
    // Required nullable: sent as null when unset.
    let set = gw::AuthSetRequest::new();
    assert_eq!(
        serde_json::to_value(&set).unwrap(),
        json!({"connected_stages": null})
    );
    // Timestamps without offset, and unknown fields, do not fail an answer.
    let api: gw::Api = serde_json::from_value(json!({"account_id": "a", "created_at": "2025-03-14T09:26:53.589", "description": "", "id": "i", "name": "n", "status": "s", "new_field": [1]})).unwrap();
    assert_eq!(
        api.created_at.as_datetime().unwrap().to_rfc3339(),
        "2025-03-14T09:26:53.589+00:00"
    );
}

#[test]
fn configuration_checks_regions_and_hides_secrets() {
    let credentials = scp_apigateway::Credentials::new(ACCESS, SECRET);
    let client = scp_apigateway::Client::new(
        scp_apigateway::Config::new(credentials.clone())
            .with_environment("e")
            .with_region("kr-east1"),
    )
    .unwrap();
    assert_eq!(
        client.base_url(),
        "https://apigateway.kr-east1.e.samsungsdscloud.com"
    );
    // Of several environments or regions none is guessed: the error lists them.
    let err = scp_apigateway::Client::new(scp_apigateway::Config::new(credentials.clone()))
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("documented in the environments s, g, e; set one"),
        "{err}"
    );
    let err = scp_apigateway::Client::new(
        scp_apigateway::Config::new(credentials.clone()).with_environment("g"),
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("regions kr-south1, kr-south2, kr-south3 of environment `g`; set one"),
        "{err}"
    );
    let err = scp_apigateway::Client::new(
        scp_apigateway::Config::new(credentials.clone())
            .with_environment("g")
            .with_region("kr-west1"),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("not documented for this service"),
        "{err}"
    );
    let shown = format!("{:?}", scp_apigateway::Config::new(credentials));
    assert!(!shown.contains(SECRET), "{shown}");
}

/// Calls GET, POST, PUT and DELETE through one API version and checks what was sent.
macro_rules! every_method {
    ($server:expr, $api:expr, $version:expr, $create:expr) => {{
        let api = $api;
        assert_eq!(api.show_api("a1").send().await.unwrap().api.id, "a1");
        assert_eq!(api.create_api($create).send().await.unwrap().id, "new");
        let body = gw::ApiSetDescriptionRequest::new().with_description("new");
        assert_eq!(
            api.set_api_description("a1", body)
                .send()
                .await
                .unwrap()
                .api
                .id,
            "a1"
        );
        api.delete_api("a1").send().await.unwrap();
        let received = $server.received_requests().await.unwrap();
        let sent: Vec<String> = received
            .iter()
            .filter(|r| header_of(r, "scp-api-version") == $version)
            .map(|r| format!("{} {}", r.method, r.url.path()))
            .collect();
        assert_eq!(
            sent,
            [
                "GET /v1/apis/a1",
                "POST /v1/apis",
                "PUT /v1/apis/a1/description",
                "DELETE /v1/apis/a1"
            ],
            "{}",
            $version
        );
        for r in received
            .iter()
            .filter(|r| header_of(r, "scp-api-version") == $version)
        {
            assert_signed(&$server, r, $version, ACCOUNT);
        }
    }};
}

#[tokio::test]
#[allow(deprecated)] // the deprecated versions are what this test calls
async fn every_method_in_every_version() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/apis/a1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"api": api_json("a1")})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/apis"))
        .and(body_json(json!({"name": "test-api"})))
        .respond_with(
            ResponseTemplate::new(202)
                .set_body_json(json!({"description": "", "id": "new", "name": "test-api"})),
        )
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/v1/apis/a1/description"))
        .and(body_json(json!({"description": "new"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"api": api_json("a1")})))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/v1/apis/a1"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = gateway(&server);
    every_method!(
        server,
        client.v1_2(),
        "apigateway 1.2",
        gw::ApiCreateRequestV1Dot2::new("test-api")
    );
    every_method!(
        server,
        client.v1_1(),
        "apigateway 1.1",
        gw::ApiCreateRequest::new("test-api")
    );
    every_method!(
        server,
        client.v1_0(),
        "apigateway 1.0",
        gw::ApiCreateRequest::new("test-api")
    );

    // Queue Service 1.0: GET, POST, PUT, DELETE.
    let qserver = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/queues/check-duplication"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"result": false})))
        .mount(&qserver)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/queues"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"id": "q1", "messages": "m", "state": "ACTIVE"})),
        )
        .mount(&qserver)
        .await;
    Mock::given(method("PUT"))
        .and(path("/v1/queues/q%2F1/description"))
        .and(body_json(json!({"description": "d"})))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": "q/1"})))
        .mount(&qserver)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/v1/queues/q%2F1"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&qserver)
        .await;
    let client = queue(&qserver);
    assert!(
        !client
            .check_queue_name_duplication("q")
            .send()
            .await
            .unwrap()
            .result
    );
    let body = q::QueueCreateRequest::new(1, q::MessageRetentionPeriodUnit::Day, 1, "abc");
    assert_eq!(client.create_queue(body).send().await.unwrap().id, "q1");
    assert_eq!(
        client
            .update_queue_description("q/1", q::DescriptionSetRequest::new("d"))
            .send()
            .await
            .unwrap()
            .id,
        "q/1"
    );
    client.delete_queue("q/1").send().await.unwrap();
    let received = qserver.received_requests().await.unwrap();
    let sent: Vec<String> = received
        .iter()
        .map(|r| format!("{} {}", r.method, r.url.path()))
        .collect();
    assert_eq!(
        sent,
        [
            "GET /v1/queues/check-duplication",
            "POST /v1/queues",
            "PUT /v1/queues/q%2F1/description",
            "DELETE /v1/queues/q%2F1"
        ]
    );
    for r in &received {
        assert_signed(&qserver, r, "queueservice 1.0", "");
    }
}

#[tokio::test]
async fn required_values_of_one_type_are_named_and_checked_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/v1/apis/api-1/stages/prod"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let client = gateway(&server);
    // `/apis/{api_id}/stages/{stage_name}`: two strings, so both are named; the order of
    // the setters does not matter, and neither can be forgotten.
    client
        .delete_stage()
        .stage_name("prod")
        .api_id("api-1")
        .send()
        .await
        .unwrap();
    let err = client
        .delete_stage()
        .api_id("api-1")
        .send()
        .await
        .unwrap_err();
    match err {
        scp_runtime::Error::Validation { field, message } => {
            assert_eq!(field, "path.stage_name");
            assert!(message.contains(".stage_name("), "{message}");
        }
        other => panic!("{other:?}"),
    }
    // One required string stays a positional argument.
    Mock::given(method("GET"))
        .and(path("/v1/apis/api-1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"api": {"id": "api-1"}})))
        .mount(&server)
        .await;
    assert_eq!(client.show_api("api-1").send().await.unwrap().api.id, "api-1");
}
