//! A client never hands its user invented data as data, never sends a signature elsewhere,
//! and keeps working when the server knows more than the docs: filled values named (or an
//! error when strict), listings whose totals come only from counts the server sent, no
//! redirect followed, endpoint keys that name no service refused, unknown enum values sent,
//! constraint checks that can be turned off, per-call overrides, answers with their
//! metadata, and errors that say what happened.

use std::time::Duration;

use scp_apigateway::models as gw;
use scp_apigateway::{Overrides, StreamExt, TryStreamExt};
use serde_json::{json, Value};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use scp_client_tests::{ACCESS, SECRET};

fn config() -> scp_apigateway::Config {
    scp_apigateway::Config::new(scp_apigateway::Credentials::new(ACCESS, SECRET)).with_retry(
        scp_apigateway::RetryPolicy::new(3, Duration::from_millis(1), Duration::from_millis(5)),
    )
}

fn gateway(server: &MockServer) -> scp_apigateway::Client {
    scp_apigateway::Client::new(config().with_endpoint(server.uri())).unwrap()
}

fn queues(server: &MockServer, strict: bool) -> scp_queueservice::Client {
    let config = scp_queueservice::Config::new(scp_queueservice::Credentials::new(ACCESS, SECRET))
        .with_endpoint(server.uri())
        .with_strict_answers(strict);
    scp_queueservice::Client::new(config).unwrap()
}

/// A queue answered with 5 of its required values.
fn partial_queue() -> Value {
    json!({"id": "q1", "name": "orders", "account_id": "acc", "created_by": "me", "type": "BASIC"})
}

#[tokio::test]
async fn filled_values_are_named_and_a_strict_client_refuses_them() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/queues/q1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(partial_queue()))
        .mount(&server)
        .await;
    let lenient = queues(&server, false).show_queue("q1").send().await.unwrap();
    // The zeros are there (the call did its work), and the answer says which they are.
    assert_eq!(lenient.message_size, 0);
    let filled = lenient.filled();
    for name in ["created_at", "message_size", "message_retention_period"] {
        assert!(filled.iter().any(|f| f == name), "{name} not in {filled:?}");
    }
    assert!(!lenient.sent("message_size") && lenient.sent("id"));
    assert!(!filled.iter().any(|f| f == "id" || f == "name"), "{filled:?}");
    // Strict, the same answer is an error naming what it lacks.
    let err = queues(&server, true)
        .show_queue("q1")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, scp_queueservice::Error::Decode { .. }), "{err:?}");
    assert!(err.to_string().contains("message_size"), "{err}");
    // Strict for one call only.
    let err = queues(&server, false)
        .show_queue("q1")
        .overrides(Overrides::new().with_strict_answers(true))
        .send()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("created_at"), "{err}");
}

#[tokio::test]
async fn a_created_resource_without_an_id_says_so() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/apis"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": null, "name": "test-api"})))
        .mount(&server)
        .await;
    let created = gateway(&server)
        .create_api(gw::ApiCreateRequestV1Dot2::new("test-api"))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    assert!(!created.sent("id"), "{:?}", created.filled());
    assert_eq!(created.id, "", "the zero value, said to be one");
}

/// Pages of `items` ids `i0`, `i1`… of `size` each (or `cap` at most), with a `count` only
/// when `count` says so.
struct Pages {
    total: usize,
    cap: usize,
    count: Option<Value>,
    cycle: Option<i64>,
}

impl Respond for Pages {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let q = |k: &str| {
            request
                .url
                .query_pairs()
                .find(|(key, _)| key == k)
                .and_then(|(_, v)| v.parse::<i64>().ok())
        };
        let page = q("page").unwrap_or(0);
        let page = self.cycle.map_or(page, |n| page % n);
        let size = (q("size").unwrap_or(20) as usize).min(self.cap);
        let from = page as usize * size;
        let apis: Vec<Value> = (from..(from + size).min(self.total))
            .map(|i| json!({"id": format!("i{i}"), "name": "n", "account_id": "a", "created_at": "2024-01-01T00:00:00Z", "description": "", "status": "ACTIVE"}))
            .collect();
        let mut body = json!({"apis": apis});
        if let Some(count) = &self.count {
            body["count"] = count.clone();
        }
        ResponseTemplate::new(200).set_body_json(body)
    }
}

async fn listing(pages: Pages) -> (Vec<Result<String, String>>, usize) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/apis"))
        .respond_with(pages)
        .mount(&server)
        .await;
    let results: Vec<Result<String, String>> = gateway(&server)
        .list_apis()
        .size(20)
        .into_stream()
        .map(|r| r.map(|api| api.id).map_err(|e| e.to_string()))
        .collect()
        .await;
    let requests = server.received_requests().await.unwrap().len();
    (results, requests)
}

#[tokio::test]
async fn a_listing_takes_its_total_only_from_a_count_the_server_sent() {
    // No count at all, and a null count: not a total of 0 (the old client stopped at 20).
    for count in [None, Some(Value::Null)] {
        let (results, requests) = listing(Pages {
            total: 45,
            cap: 100,
            count: count.clone(),
            cycle: None,
        })
        .await;
        assert_eq!(results.len(), 45, "{count:?}");
        assert!(results.iter().all(Result::is_ok));
        assert_eq!(requests, 3);
    }
    // A count the server sent is followed past a capped page size.
    let (results, requests) = listing(Pages {
        total: 45,
        cap: 10,
        count: Some(json!(45)),
        cycle: None,
    })
    .await;
    assert_eq!((results.len(), requests), (45, 5));
}

#[tokio::test]
async fn a_page_repeating_any_earlier_one_ends_the_listing_with_an_error() {
    let (results, requests) = listing(Pages {
        total: 1_000,
        cap: 20,
        count: Some(json!(1_000)),
        cycle: Some(2),
    })
    .await;
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 40);
    let last = results.last().unwrap().clone().unwrap_err();
    assert!(last.contains("repeats an earlier page"), "{last}");
    assert_eq!(requests, 3);
}

#[tokio::test]
async fn pages_come_whole_with_their_metadata_and_streams_need_no_pinning() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/apis"))
        .respond_with(Pages {
            total: 3,
            cap: 2,
            count: Some(json!(3)),
            cycle: None,
        })
        .mount(&server)
        .await;
    let mut pages = gateway(&server).list_apis().size(2).pages();
    let mut seen = Vec::new();
    // No `Box::pin`: the stream is `Unpin`.
    while let Some(page) = pages.next().await {
        let page = page.unwrap();
        assert_eq!((page.status(), page.count), (200, 3));
        seen.push(page.apis.len());
    }
    assert_eq!(seen, [2, 1]);
    let all: Vec<gw::Api> = gateway(&server)
        .list_apis()
        .size(2)
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 3);
}

#[tokio::test]
async fn redirects_are_not_followed_and_nothing_reaches_the_other_host() {
    let elsewhere = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"api": {"id": "stolen"}})))
        .mount(&elsewhere)
        .await;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(307)
                .insert_header("location", format!("{}/v1/apis/a1", elsewhere.uri()).as_str()),
        )
        .mount(&server)
        .await;
    let err = gateway(&server).show_api("a1").send().await.unwrap_err();
    let scp_apigateway::Error::Status(status) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(status.status, 307);
    assert_eq!(
        status.location(),
        Some(format!("{}/v1/apis/a1", elsewhere.uri()).as_str())
    );
    assert!(elsewhere.received_requests().await.unwrap().is_empty());
}

#[test]
fn an_endpoint_set_for_another_spelling_of_the_service_is_refused() {
    for key in ["api-gateway", "API_GATEWAY", "ApiGateway"] {
        let err = scp_apigateway::Client::new(
            config()
                .with_environment("s")
                .with_region("kr-west1")
                .with_service_endpoint(key, "http://127.0.0.1:9"),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains(&format!("`{key}`")) && err.to_string().contains("`apigateway`"),
            "{err}"
        );
    }
    // The service's own name, and other services' names, are fine.
    let client = scp_apigateway::Client::new(
        config()
            .with_service_endpoint("apigateway", "http://127.0.0.1:9")
            .with_service_endpoint("queueservice", "http://127.0.0.1:8"),
    )
    .unwrap();
    assert_eq!(client.base_url(), "http://127.0.0.1:9");
}

#[tokio::test]
async fn values_newer_than_the_docs_are_sent_and_checks_can_be_turned_off() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/apis"))
        .and(body_json(json!({"name": "test-api", "endpoint_type": "GLOBAL"})))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "new"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/apis"))
        .and(body_json(json!({"name": "ab"})))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": "short"})))
        .expect(2)
        .mount(&server)
        .await;
    let client = gateway(&server);
    let newer = gw::ApiCreateRequestV1Dot2::new("test-api")
        .with_endpoint_type(gw::EndpointType::from("GLOBAL"));
    assert_eq!(client.create_api(newer).send().await.unwrap().id, "new");
    // `ab` is shorter than the documented minimum: refused, unless checks are off for the
    // call or for the client.
    assert!(client
        .create_api(gw::ApiCreateRequestV1Dot2::new("ab"))
        .send()
        .await
        .is_err());
    let sent = client
        .create_api(gw::ApiCreateRequestV1Dot2::new("ab"))
        .overrides(Overrides::new().with_constraint_checks(false))
        .send()
        .await
        .unwrap();
    assert_eq!(sent.id, "short");
    let unchecked =
        scp_apigateway::Client::new(config().with_endpoint(server.uri()).with_constraint_checks(false))
            .unwrap();
    unchecked
        .create_api(gw::ApiCreateRequestV1Dot2::new("ab"))
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn answers_carry_their_metadata_and_errors_their_message() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/apis/a1"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-request-id", "req-9")
                .set_body_json(json!({"api": {"id": "a1", "name": "n", "account_id": "a", "created_at": "2024-01-01T00:00:00Z", "description": "", "status": "ACTIVE"}})),
        )
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/apis"))
        .respond_with(ResponseTemplate::new(503).set_body_json(
            json!({"errors": [{"code": "Busy", "title": "Service Unavailable", "detail": "try later"}]}),
        ))
        .mount(&server)
        .await;
    let client = gateway(&server);
    let shown = client.show_api("a1").send().await.unwrap();
    assert_eq!(
        (shown.status(), shown.request_id(), shown.filled().len()),
        (200, Some("req-9"), 0)
    );
    assert_eq!(shown.headers()["x-request-id"], "req-9");
    let (api, metadata) = shown.into_parts();
    assert_eq!((api.api.id.as_str(), metadata.status()), ("a1", 200));
    // A POST answered 503 is not retried (the server may have acted on it), and says so.
    let err = client
        .create_api(gw::ApiCreateRequestV1Dot2::new("test-api"))
        .send()
        .await
        .unwrap_err();
    assert_eq!((err.code(), err.message().as_str()), (Some("Busy"), "try later"));
    assert!(!err.is_retryable());
    let posts = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.method.as_str() == "POST")
        .count();
    assert_eq!(posts, 1);
}

#[tokio::test]
async fn per_call_overrides_change_the_endpoint_retries_and_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let other = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/apis/a1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"api": {"id": "there"}})))
        .mount(&other)
        .await;
    let client = gateway(&server);
    let there = client
        .show_api("a1")
        .overrides(Overrides::new().with_endpoint(other.uri()))
        .send()
        .await
        .unwrap();
    assert_eq!(there.api.id, "there");
    client
        .show_api("a1")
        .overrides(Overrides::new().with_retry(scp_apigateway::RetryPolicy::none()))
        .send()
        .await
        .unwrap_err();
    assert_eq!(server.received_requests().await.unwrap().len(), 1, "one attempt");
    let slow = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&slow)
        .await;
    let err = gateway(&slow)
        .show_api("a1")
        .overrides(
            Overrides::new()
                .with_timeout(Duration::from_millis(100))
                .with_retry(scp_apigateway::RetryPolicy::none()),
        )
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "no answer within 0.1 s");
}

#[tokio::test]
async fn a_wait_past_the_deadline_ends_the_call_at_once_and_says_so() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "5"))
        .mount(&server)
        .await;
    let client = scp_apigateway::Client::new(
        config()
            .with_endpoint(server.uri())
            .with_retry(scp_apigateway::RetryPolicy::new(
                3,
                Duration::from_millis(1),
                Duration::from_secs(10),
            ))
            .with_deadline(Duration::from_millis(1500)),
    )
    .unwrap();
    let started = std::time::Instant::now();
    let err = client.show_api("a1").send().await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(1), "ended at once");
    assert!(
        err.to_string()
            .starts_with("deadline of 1.5 s would pass during the 5 s wait after 1 attempt; not retried: HTTP 503"),
        "{err}"
    );
}

#[tokio::test]
async fn a_refused_connection_says_it_was_refused() {
    // A port nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = scp_apigateway::Client::new(
        config()
            .with_endpoint(format!("http://127.0.0.1:{port}"))
            .with_retry(scp_apigateway::RetryPolicy::none()),
    )
    .unwrap();
    let err = client.show_api("a1").send().await.unwrap_err();
    assert!(err.is_connect());
    assert!(
        err.to_string().to_lowercase().contains("connection refused"),
        "{err}"
    );
}

#[tokio::test]
async fn keys_rotate_without_a_new_client() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"api": {"id": "a1"}})))
        .mount(&server)
        .await;
    let dir = std::env::temp_dir().join(format!("scp-rotate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("credentials");
    std::fs::write(&file, "[ci]\naccess_key = AK-OLD\nsecret_key = S-OLD\n").unwrap();
    let client = scp_apigateway::Client::new(
        config()
            .with_endpoint(server.uri())
            .with_credentials_provider(scp_apigateway::ProfileCredentials::with_path(&file, "ci")),
    )
    .unwrap();
    client.show_api("a1").send().await.unwrap();
    std::fs::write(&file, "[ci]\naccess_key = AK-NEW\nsecret_key = S-NEW\n").unwrap();
    client.show_api("a1").send().await.unwrap();
    let keys: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.headers["scp-accesskey"].to_str().unwrap().to_string())
        .collect();
    assert_eq!(keys, ["AK-OLD", "AK-NEW"]);
    // A profile that is gone is a configuration error of the call, not a panic or an
    // unsigned request.
    std::fs::remove_dir_all(&dir).unwrap();
    let err = client.show_api("a1").send().await.unwrap_err();
    assert!(matches!(err, scp_apigateway::Error::Config(_)), "{err:?}");
}
