//! The shared runtime (`scp-runtime`) through two generated service crates: one shared
//! configuration and connection pool for both, one error type, a caller's own HTTP client,
//! and the retry loop's edges (Retry-After as an HTTP-date and its cap, 429 on a POST, the
//! deadline, exhausted retries, connect timeouts apart from refused connections and read
//! timeouts, SCP's error body through the error's accessors).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use scp_apigateway::models as gw;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn credentials() -> scp_runtime::Credentials {
    scp_runtime::Credentials::new("test-access-key", "test-secret-key")
}

/// Quick retries, so a test's time is what Retry-After and deadlines ask for.
fn fast(max_attempts: u32) -> scp_runtime::RetryPolicy {
    scp_runtime::RetryPolicy::new(
        max_attempts,
        Duration::from_millis(1),
        Duration::from_millis(5),
    )
}

fn api_json(id: &str) -> Value {
    json!({"account_id": "acc", "created_at": "2024-05-17T00:23:17Z", "description": "d", "id": id, "name": "test-api", "status": "Active"})
}

fn gateway(uri: &str, config: scp_runtime::Config) -> scp_apigateway::Client {
    scp_apigateway::Client::new(config.with_endpoint(uri)).unwrap()
}

/// Calls both services and `?`s both: one error type for every service.
async fn api_and_duplication(
    gateway: &scp_apigateway::Client,
    queues: &scp_queueservice::Client,
) -> Result<(String, bool), scp_runtime::Error> {
    let api = gateway.show_api("a1").send().await?;
    let duplicate = queues.check_queue_name_duplication("orders").send().await?;
    Ok((api.into_inner().api.id, duplicate.result))
}

#[tokio::test]
async fn two_services_from_one_shared_config_use_one_error_type_and_the_given_http_client() {
    let (gw_server, q_server) = (MockServer::start().await, MockServer::start().await);
    // The mocks only answer requests with the caller's default header: sent through the
    // caller's HTTP client, not one the runtime built.
    Mock::given(method("GET"))
        .and(path("/v1/apis/a1"))
        .and(header("x-team", "platform"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"api": api_json("a1")})))
        .expect(1)
        .mount(&gw_server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/queues/check-duplication"))
        .and(header("x-team", "platform"))
        .and(header("scp-api-version", "queueservice 1.0"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"result": false})))
        .expect(1)
        .mount(&q_server)
        .await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        "x-team",
        reqwest::header::HeaderValue::from_static("platform"),
    );
    let config = scp_runtime::Config::new(credentials());
    let http = scp_runtime::http_client_builder()
        .default_headers(headers)
        .build()
        .unwrap();
    // One base URL per service: a shared configuration does not force one on both.
    let shared = scp_runtime::SharedConfig::new(
        config
            .with_http_client(http)
            .with_service_endpoint("apigateway", gw_server.uri())
            .with_service_endpoint("queueservice", q_server.uri()),
    )
    .unwrap();
    let gateway = scp_apigateway::Client::from_shared(&shared).unwrap();
    let queues = scp_queueservice::Client::from_shared(&shared).unwrap();
    assert_eq!(gateway.base_url(), gw_server.uri());
    assert_eq!(queues.base_url(), q_server.uri());
    assert_eq!(
        api_and_duplication(&gateway, &queues).await.unwrap(),
        ("a1".to_string(), false)
    );
    // A client's own endpoint override keeps the shared configuration.
    let moved = queues.with_endpoint("http://127.0.0.1:9/base/").unwrap();
    assert_eq!(moved.base_url(), "http://127.0.0.1:9/base");
}

/// A keep-alive HTTP/1.1 server that answers every request with `404 {}` and counts the
/// connections it accepted.
async fn counting_server() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let uri = format!("http://{}", listener.local_addr().unwrap());
    let accepted = Arc::new(AtomicUsize::new(0));
    let count = accepted.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut buffer = Vec::new();
                let mut chunk = [0u8; 4096];
                loop {
                    let Ok(n) = socket.read(&mut chunk).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    buffer.extend_from_slice(&chunk[..n]);
                    // Bodiless GETs: each request ends at its blank line.
                    while let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                        buffer.drain(..end + 4);
                        let answer = "HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}";
                        if socket.write_all(answer.as_bytes()).await.is_err() {
                            return;
                        }
                    }
                }
            });
        }
    });
    (uri, accepted)
}

#[tokio::test]
async fn clients_from_one_shared_config_share_one_connection_pool() {
    let (uri, accepted) = counting_server().await;
    let config = scp_runtime::Config::new(credentials()).with_endpoint(&uri);
    let shared = scp_runtime::SharedConfig::new(config.clone()).unwrap();
    let gateway = scp_apigateway::Client::from_shared(&shared).unwrap();
    let queues = scp_queueservice::Client::from_shared(&shared).unwrap();
    for _ in 0..2 {
        let e = gateway.show_api("a1").send().await.unwrap_err();
        assert_eq!(e.status(), Some(404));
        let e = queues
            .check_queue_name_duplication("q")
            .send()
            .await
            .unwrap_err();
        assert_eq!(e.status(), Some(404));
    }
    assert_eq!(
        accepted.load(Ordering::SeqCst),
        1,
        "four calls of two services, one connection"
    );
    // The control: clients built each from its own configuration open one connection each.
    let gateway = scp_apigateway::Client::new(config.clone()).unwrap();
    let queues = scp_queueservice::Client::new(config).unwrap();
    gateway.show_api("a1").send().await.unwrap_err();
    queues
        .check_queue_name_duplication("q")
        .send()
        .await
        .unwrap_err();
    assert_eq!(accepted.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured_and_capped_by_max_backoff() {
    let server = MockServer::start().await;
    let date = |secs| httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(secs));
    for (id, wait) in [("dated", 2), ("capped", 3600)] {
        Mock::given(method("GET"))
            .and(path(format!("/v1/apis/{id}")))
            .respond_with(ResponseTemplate::new(503).insert_header("retry-after", date(wait)))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path(format!("/v1/apis/{id}")))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"api": api_json(id)})))
            .mount(&server)
            .await;
    }
    let policy = |max_backoff| fast(2).with_max_backoff(max_backoff);
    // Two seconds ahead, to the second: the retry waits more than one second, not the 1 ms backoff.
    let client = gateway(
        &server.uri(),
        scp_runtime::Config::new(credentials()).with_retry(policy(Duration::from_secs(10))),
    );
    let started = Instant::now();
    assert_eq!(
        client.show_api("dated").send().await.unwrap().api.id,
        "dated"
    );
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(900) && waited < Duration::from_secs(4),
        "{waited:?}"
    );
    // An hour ahead: the wait is max_backoff (300 ms), not an hour.
    let client = gateway(
        &server.uri(),
        scp_runtime::Config::new(credentials()).with_retry(policy(Duration::from_millis(300))),
    );
    let started = Instant::now();
    let answer =
        tokio::time::timeout(Duration::from_secs(10), client.show_api("capped").send()).await;
    let waited = started.elapsed();
    assert_eq!(
        answer.expect("capped, not an hour").unwrap().api.id,
        "capped"
    );
    assert!(
        waited >= Duration::from_millis(290) && waited < Duration::from_secs(3),
        "{waited:?}"
    );
}

#[tokio::test]
async fn a_429_on_a_post_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/apis"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v1/apis"))
        .respond_with(
            ResponseTemplate::new(202)
                .set_body_json(json!({"description": "", "id": "new", "name": "test-api"})),
        )
        .mount(&server)
        .await;
    let client = gateway(
        &server.uri(),
        scp_runtime::Config::new(credentials()).with_retry(fast(3)),
    );
    let created = client
        .create_api(gw::ApiCreateRequestV1Dot2::new("test-api"))
        .send()
        .await
        .unwrap();
    assert_eq!(created.id, "new");
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        2,
        "the 429, then the retry"
    );
}

#[tokio::test]
async fn the_deadline_ends_a_retry_loop_and_a_slow_attempt() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/apis/down"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/apis/slow"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_delay(Duration::from_secs(5))
                .set_body_json(json!({"api": api_json("slow")})),
        )
        .mount(&server)
        .await;
    let policy = scp_runtime::RetryPolicy::new(
        1000,
        Duration::from_millis(40),
        Duration::from_millis(40),
    );
    let config = scp_runtime::Config::new(credentials())
        .with_retry(policy)
        .with_deadline(Duration::from_millis(400));
    let client = gateway(&server.uri(), config);
    let started = Instant::now();
    let err = client.show_api("down").send().await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    let scp_runtime::Error::DeadlineExceeded {
        deadline, attempts, ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(*deadline, Duration::from_millis(400));
    assert!((2..1000).contains(attempts), "{attempts}");
    assert_eq!(err.status(), Some(503), "the last attempt's status");
    // Ended by the deadline passing, or at once when the next wait would pass it.
    assert!(err.to_string().starts_with("deadline of 0.4 s "), "{err}");
    // A 5 s answer within the 30 s per-attempt timeout: the deadline cuts the attempt short.
    let started = Instant::now();
    let err = client.show_api("slow").send().await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert!(
        matches!(
            err,
            scp_runtime::Error::DeadlineExceeded { attempts: 1, .. }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn exhausted_retries_say_so_with_the_attempts() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/apis/down"))
        .respond_with(ResponseTemplate::new(503).insert_header("x-request-id", "req-503"))
        .mount(&server)
        .await;
    let client = gateway(
        &server.uri(),
        scp_runtime::Config::new(credentials()).with_retry(fast(3)),
    );
    let err = client.show_api("down").send().await.unwrap_err();
    assert!(
        matches!(
            err,
            scp_runtime::Error::RetriesExhausted { attempts: 3, .. }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "retries exhausted after 3 attempts: HTTP 503"
    );
    assert_eq!(
        (err.status(), err.request_id(), err.is_retryable()),
        (Some(503), Some("req-503"), true)
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn a_connect_timeout_is_told_apart_from_a_refused_connection_and_a_read_timeout() {
    // A listener whose accept queue (backlog 0) is full: the kernel drops further SYNs, so
    // connecting hangs until the client's connect timeout. Only 127.0.0.1 is used.
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(0).unwrap();
    let address = listener.local_addr().unwrap();
    let mut fillers = Vec::new();
    for _ in 0..4 {
        if let Ok(Ok(s)) = tokio::time::timeout(
            Duration::from_millis(200),
            tokio::net::TcpStream::connect(address),
        )
        .await
        {
            fillers.push(s);
        }
    }
    let config = scp_runtime::Config::new(credentials())
        .with_connect_timeout(Duration::from_millis(300))
        .with_timeout(Duration::from_secs(20))
        .with_retry(scp_runtime::RetryPolicy::none());
    let client = gateway(&format!("http://{address}"), config.clone());
    let started = Instant::now();
    let err = client.show_api("a1").send().await.unwrap_err();
    assert!(
        matches!(err, scp_runtime::Error::ConnectTimeout(Some(d)) if d == Duration::from_millis(300)),
        "{err:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert!(err.is_connect() && err.is_retryable());
    assert!(err.to_string().starts_with("connect timeout"), "{err}");
    drop((fillers, listener));

    // A closed port: refused at once, a connection error that is no timeout.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let client = gateway(&format!("http://127.0.0.1:{port}"), config.clone());
    let err = client.show_api("a1").send().await.unwrap_err();
    assert!(
        matches!(&err, scp_runtime::Error::Transport(e) if e.is_connect()),
        "{err:?}"
    );
    assert!(err.is_connect());

    // Connected, but the answer is late: a (read) timeout, not a connect timeout.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(3)))
        .mount(&server)
        .await;
    let client = gateway(
        &server.uri(),
        config.with_timeout(Duration::from_millis(200)),
    );
    let err = client.show_api("a1").send().await.unwrap_err();
    assert!(
        matches!(err, scp_runtime::Error::Timeout(d) if d == Duration::from_millis(200)),
        "{err:?}"
    );
    assert!(!err.is_connect());
}

#[tokio::test]
async fn scp_error_bodies_through_code_request_id_status_and_is_retryable() {
    let server = MockServer::start().await;
    let body = json!({"errors": [{"code": "ApiNotFound", "title": "API not found", "detail": "no api a1", "status": 404, "request_id": "req-body"}]});
    Mock::given(method("GET"))
        .and(path("/v1/apis/missing"))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("x-request-id", "req-header")
                .set_body_json(body),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/apis/busy"))
        .respond_with(
            ResponseTemplate::new(503)
                .insert_header("x-request-id", "req-503")
                .set_body_string("busy"),
        )
        .mount(&server)
        .await;
    let client = gateway(
        &server.uri(),
        scp_runtime::Config::new(credentials()).with_retry(scp_runtime::RetryPolicy::none()),
    );
    let err = client.show_api("missing").send().await.unwrap_err();
    assert_eq!(
        (
            err.status(),
            err.code(),
            err.request_id(),
            err.is_retryable()
        ),
        (Some(404), Some("ApiNotFound"), Some("req-body"), false)
    );
    let err = client.show_api("busy").send().await.unwrap_err();
    assert_eq!(
        (
            err.status(),
            err.code(),
            err.request_id(),
            err.is_retryable()
        ),
        (Some(503), None, Some("req-503"), true)
    );
    // Nothing sent: no status, not retryable.
    let err = client.show_api("").send().await.unwrap_err();
    assert_eq!(
        (err.status(), err.is_retryable(), err.is_connect()),
        (None, false, false)
    );
}

/// A tracing subscriber that keeps the fields recorded on `scp_call` spans, as text.
#[derive(Default)]
struct Recorder {
    fields: std::sync::Mutex<Vec<(String, String)>>,
    next: AtomicUsize,
}

impl tracing::field::Visit for &Recorder {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        let text = format!("{value:?}").trim_matches('"').to_string();
        self.fields
            .lock()
            .unwrap()
            .push((field.name().to_string(), text));
    }
}

impl tracing::Subscriber for Recorder {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let name = span.metadata().name();
        if name == "scp_call" || name == "scp_attempt" {
            self.fields
                .lock()
                .unwrap()
                .push(("span".into(), name.into()));
            span.record(&mut &*self);
        }
        tracing::span::Id::from_u64(self.next.fetch_add(1, Ordering::SeqCst) as u64 + 1)
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        values.record(&mut &*self);
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        event.record(&mut &*self);
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[tokio::test]
async fn each_call_is_a_tracing_span_with_version_attempt_status_and_request_id() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/apis/flaky"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/apis/flaky"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-request-id", "req-ok")
                .set_body_json(json!({"api": api_json("flaky")})),
        )
        .mount(&server)
        .await;
    let recorder = Arc::new(Recorder::default());
    // The test runs on one thread (tokio's current-thread test runtime): the default
    // subscriber set here sees the whole call.
    let _guard = tracing::dispatcher::set_default(&tracing::Dispatch::from(recorder.clone()));
    let client = gateway(
        &server.uri(),
        scp_runtime::Config::new(credentials()).with_retry(fast(3)),
    );
    client.show_api("flaky").send().await.unwrap();
    let fields = recorder.fields.lock().unwrap().clone();
    let has = |k: &str, v: &str| fields.iter().any(|(a, b)| a == k && b == v);
    assert!(has("api_version", "apigateway 1.2"), "{fields:?}");
    assert!(
        has("method", "GET") && has("path", "/v1/apis/flaky"),
        "{fields:?}"
    );
    assert!(has("attempt", "1") && has("attempt", "2"), "{fields:?}");
    assert!(has("status", "503") && has("status", "200"), "{fields:?}");
    assert!(has("request_id", "req-ok"), "{fields:?}");
    // One span per call, one per attempt inside it: no field piles up in one span.
    let spans: Vec<&str> = fields
        .iter()
        .filter(|(k, _)| k == "span")
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(spans, ["scp_call", "scp_attempt", "scp_attempt"]);
}

#[tokio::test]
async fn a_post_whose_answer_lacks_required_fields_succeeds_with_zero_values_and_a_warning() {
    let server = MockServer::start().await;
    // The docs require description, id and name; the server sends id only, description null.
    Mock::given(method("POST"))
        .and(path("/v1/apis"))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(json!({"id": "new-api", "description": null})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let recorder = Arc::new(Recorder::default());
    let _guard = tracing::dispatcher::set_default(&tracing::Dispatch::from(recorder.clone()));
    let client = gateway(&server.uri(), scp_runtime::Config::new(credentials()));
    let created = client
        .create_api(scp_apigateway::v1_2::ApiCreateRequest::new("test-api"))
        .send()
        .await
        .expect("the API was created: the call must not fail on the answer's shape");
    assert_eq!(
        (
            created.id.as_str(),
            created.name.as_str(),
            created.description.as_str()
        ),
        ("new-api", "", "")
    );
    let fields = recorder.fields.lock().unwrap().clone();
    let has = |k: &str, v: &str| fields.iter().any(|(a, b)| a == k && b == v);
    assert!(
        has("operation", "create_api") && has("filled", "description, name"),
        "{fields:?}"
    );
    assert_eq!(created.filled(), ["description", "name"]);
    // A complete answer: no correction, no warning.
    recorder.fields.lock().unwrap().clear();
    server.reset().await;
    Mock::given(method("POST"))
        .and(path("/v1/apis"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(json!({"id": "a", "description": "d", "name": "n"})),
        )
        .mount(&server)
        .await;
    client
        .create_api(scp_apigateway::v1_2::ApiCreateRequest::new("new-api"))
        .send()
        .await
        .unwrap();
    let fields = recorder.fields.lock().unwrap().clone();
    assert!(!fields.iter().any(|(k, _)| k == "corrected"), "{fields:?}");
}

#[tokio::test]
async fn a_wrong_type_in_an_answer_is_still_a_decode_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/apis"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"id": 7})))
        .mount(&server)
        .await;
    let client = gateway(&server.uri(), scp_runtime::Config::new(credentials()));
    let err = client
        .create_api(scp_apigateway::v1_2::ApiCreateRequest::new("new-api"))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, scp_runtime::Error::Decode { .. }), "{err:?}");
}
