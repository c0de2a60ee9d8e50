//! Hostile input: path parameters that would change the path, values no header can
//! carry, and servers whose pages would end a listing early or never.
//!
//! The path tests run against a raw TCP server that logs each request head exactly as
//! received: wiremock parses the URL, so it could not tell a dot segment the client removed
//! from one it sent.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::TryStreamExt;
use scp_apigateway::models as gw;
use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use scp_client_tests::{python_signature, ACCESS, ACCOUNT, SECRET};

/// A server that answers every request with `204 No Content` and keeps each request head
/// (request line and headers) byte for byte, with a count of the connections it accepted.
struct RawServer {
    uri: String,
    heads: Arc<Mutex<Vec<String>>>,
    connections: Arc<Mutex<usize>>,
}

impl RawServer {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let uri = format!("http://{}", listener.local_addr().expect("address"));
        let heads = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(Mutex::new(0));
        let (h, c) = (heads.clone(), connections.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                *c.lock().unwrap() += 1;
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    match stream.read(&mut byte) {
                        Ok(1) => head.push(byte[0]),
                        _ => break,
                    }
                }
                h.lock()
                    .unwrap()
                    .push(String::from_utf8_lossy(&head).into_owned());
                let _ = stream.write_all(
                    b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                );
            }
        });
        RawServer {
            uri,
            heads,
            connections,
        }
    }

    fn heads(&self) -> Vec<String> {
        self.heads.lock().unwrap().clone()
    }

    fn connections(&self) -> usize {
        *self.connections.lock().unwrap()
    }
}

/// The request line's target (`/v1/apis/...`) and the headers (names lower-cased) of a head.
fn parse_head(head: &str) -> (String, String, HashMap<String, String>) {
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let method = parts.next().unwrap_or_default().to_string();
    let target = parts.next().unwrap_or_default().to_string();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    (method, target, headers)
}


fn config(uri: &str) -> scp_apigateway::Config {
    let credentials = scp_apigateway::Credentials::new(ACCESS, SECRET).with_account_id(ACCOUNT);
    scp_apigateway::Config::new(credentials)
        .with_endpoint(uri)
        .with_retry(scp_apigateway::RetryPolicy::none())
}

fn client(uri: &str) -> scp_apigateway::Client {
    scp_apigateway::Client::new(config(uri)).unwrap()
}

#[tokio::test]
async fn path_parameters_never_change_the_path_and_the_signature_covers_the_raw_line() {
    let server = RawServer::start();
    let client = client(&server.uri);
    // Each value, and the one segment it must arrive as. `%2e` and `.%2e` are dot segments
    // to a WHATWG URL parser: their `%` must be encoded so they stay the literal text.
    let cases = [
        ("...", "..."),
        (".a", ".a"),
        ("a.", "a."),
        ("%2e%2e", "%252e%252e"),
        ("%2E", "%252E"),
        (".%2e", ".%252e"),
        ("%2e.", "%252e."),
        ("a/b", "a%2Fb"),
        ("a\\b", "a%5Cb"),
        ("?x#y", "%3Fx%23y"),
        ("a b", "a%20b"),
        ("é", "%C3%A9"),
    ];
    for (value, _) in cases {
        client.delete_stage().api_id("api-1").stage_name(value).send().await.unwrap();
    }
    let heads = server.heads();
    assert_eq!(heads.len(), cases.len());
    for ((value, segment), head) in cases.iter().zip(&heads) {
        let (method, target, headers) = parse_head(head);
        assert_eq!(method, "DELETE");
        assert_eq!(
            target,
            format!("/v1/apis/api-1/stages/{segment}"),
            "value {value:?}"
        );
        // The signature is over exactly the URL the server received.
        let url = format!("{}{target}", server.uri);
        let expected = python_signature("DELETE", &url, &headers["scp-timestamp"], ACCOUNT);
        assert_eq!(headers["scp-signature"], expected, "signature over {url}");
    }
}

#[tokio::test]
async fn path_parameters_that_would_be_removed_are_refused_before_sending() {
    let server = RawServer::start();
    let client = client(&server.uri);
    for (stage, api, field) in [
        ("..", "api-1", "path.stage_name"),
        (".", "api-1", "path.stage_name"),
        ("", "api-1", "path.stage_name"),
        ("stage", "..", "path.api_id"),
        ("stage", "", "path.api_id"),
    ] {
        let err = client.delete_stage().api_id(api).stage_name(stage).send().await.unwrap_err();
        match &err {
            scp_apigateway::Error::Validation { field: f, .. } => {
                assert_eq!(f, field, "{stage:?} {api:?}: {err}")
            }
            other => panic!("{stage:?} {api:?}: expected a validation error, got {other:?}"),
        }
    }
    // Give a request that slipped through the time to arrive.
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(server.connections(), 0, "{:?}", server.heads());
}

#[tokio::test]
async fn on_the_wire_the_url_parser_drops_percent_encoded_dot_segments() {
    // Why `.` and `..` are refused rather than percent-encoded: reqwest's WHATWG parser
    // removes `%2E%2E` and `.%2e` like `..`, so encoding cannot keep them.
    let server = RawServer::start();
    let http = reqwest::Client::new();
    for dots in ["..", "%2E%2E", ".%2e", "%2e"] {
        let url = format!("{}/v1/apis/api-1/stages/{dots}", server.uri);
        http.delete(&url).send().await.unwrap();
    }
    let targets: Vec<String> = server.heads().iter().map(|h| parse_head(h).1).collect();
    assert_eq!(
        targets,
        [
            "/v1/apis/api-1/",
            "/v1/apis/api-1/",
            "/v1/apis/api-1/",
            "/v1/apis/api-1/stages/"
        ]
    );
}

#[tokio::test]
async fn a_path_the_url_parser_would_change_is_refused_before_sending() {
    use scp_apigateway::runtime::http::{Request, Runtime};
    // Whatever builds the path (a literal of the spec included), what is sent and signed is
    // the path the call names, or nothing.
    let server = RawServer::start();
    let runtime = Runtime::new(
        &scp_apigateway::SharedConfig::new(config(&server.uri)).unwrap(),
        &scp_apigateway::ENDPOINT,
    )
    .unwrap();
    for path in ["/v1/apis/%2E%2E/x", "/v1/apis/./x", "/v1/apis\\x"] {
        let request = Request::new(reqwest::Method::DELETE, path.into(), "apigateway 1.2");
        match runtime.empty(request).await {
            Err(scp_apigateway::Error::Validation { field, .. }) => assert_eq!(field, "path"),
            other => panic!("{path}: {other:?}"),
        }
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(server.connections(), 0, "{:?}", server.heads());
}

#[tokio::test]
async fn credentials_and_settings_no_header_can_carry_are_refused_at_construction() {
    let server = RawServer::start();
    let cases: Vec<(&str, scp_apigateway::Config)> = vec![
        (
            "access key with a line break",
            scp_apigateway::Config::new(scp_apigateway::Credentials::new("ak\nX-Evil: 1", SECRET))
                .with_endpoint(&server.uri),
        ),
        (
            "access key with a trailing space",
            scp_apigateway::Config::new(scp_apigateway::Credentials::new("ak ", SECRET))
                .with_endpoint(&server.uri),
        ),
        (
            "empty access key",
            scp_apigateway::Config::new(scp_apigateway::Credentials::new("", SECRET))
                .with_endpoint(&server.uri),
        ),
        (
            "non-ASCII account id",
            scp_apigateway::Config::new(
                scp_apigateway::Credentials::new(ACCESS, SECRET).with_account_id("계정-1"),
            )
            .with_endpoint(&server.uri),
        ),
        (
            "language with a line break",
            config(&server.uri).with_language("en-US\r\nX-Evil: 1"),
        ),
        ("empty language", config(&server.uri).with_language("")),
    ];
    for (what, config) in cases {
        match scp_apigateway::Client::new(config) {
            Err(scp_apigateway::Error::Config(message)) => {
                assert!(!message.is_empty(), "{what}")
            }
            Err(other) => panic!("{what}: expected a configuration error, got {other:?}"),
            Ok(_) => panic!("{what}: accepted"),
        }
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(server.connections(), 0);
}

#[tokio::test]
async fn header_parameters_no_header_can_carry_are_refused_before_sending() {
    use scp_apigateway::runtime::http::{Request, Runtime};
    let server = RawServer::start();
    let runtime = Runtime::new(
        &scp_apigateway::SharedConfig::new(config(&server.uri)).unwrap(),
        &scp_apigateway::ENDPOINT,
    )
    .unwrap();
    let cases = [
        ("x-trace", "a\nb", "header.x-trace"),
        ("x-trace", "caf\u{e9}", "header.x-trace"),
        ("x-trace", "\u{0}", "header.x-trace"),
        // A name no header can have: an error, not a panic.
        ("bad name", "v", "header.bad name"),
    ];
    for (name, value, field) in cases {
        let mut request = Request::new(reqwest::Method::GET, "/v1/apis".into(), "apigateway 1.2");
        request.header(name, Some(value.to_string()));
        let err = runtime.empty(request).await.unwrap_err();
        match &err {
            scp_apigateway::Error::Validation { field: f, .. } => assert_eq!(f, field, "{err}"),
            other => panic!("{name:?} {value:?}: expected a validation error, got {other:?}"),
        }
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(server.connections(), 0, "{:?}", server.heads());
    // A valid header parameter still goes out.
    let mut request = Request::new(reqwest::Method::GET, "/v1/apis".into(), "apigateway 1.2");
    request.header("x-trace", Some("abc 123".to_string()));
    runtime.empty(request).await.unwrap();
    let (_, _, headers) = parse_head(&server.heads()[0]);
    assert_eq!(headers["x-trace"], "abc 123");
}

fn api_json(id: &str) -> Value {
    json!({"account_id": "acc", "created_at": "2024-05-17T00:23:17Z", "description": "d", "id": id, "name": "test-api", "status": "Active"})
}

#[tokio::test]
async fn a_server_that_caps_the_page_size_still_yields_every_item() {
    let server = MockServer::start().await;
    // Asked for 20 per page, the server gives 3, and says there are 10.
    for page in 0..4 {
        let apis: Vec<Value> = (page * 3..(page * 3 + 3).min(10))
            .map(|i| api_json(&format!("api-{i}")))
            .collect();
        Mock::given(method("GET"))
            .and(path("/v1/apis"))
            .and(query_param("page", page.to_string()))
            .and(query_param("size", "20"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(json!({"apis": apis, "count": 10})),
            )
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = client(&server.uri());
    let all: Vec<gw::Api> = tokio::time::timeout(
        Duration::from_secs(10),
        client.list_apis().into_stream().try_collect(),
    )
    .await
    .expect("no hang")
    .unwrap();
    let ids: Vec<String> = all.into_iter().map(|a| a.id).collect();
    let expected: Vec<String> = (0..10).map(|i| format!("api-{i}")).collect();
    assert_eq!(ids, expected);
}

#[tokio::test]
async fn a_server_that_repeats_its_page_ends_the_stream_with_an_error() {
    let server = MockServer::start().await;
    // Every page is the same full page, and the count promises far more.
    Mock::given(method("GET"))
        .and(path("/v1/apis"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"apis": [api_json("a"), api_json("b")], "count": 1_000_000})),
        )
        .mount(&server)
        .await;
    let client = client(&server.uri());
    let result: Result<Vec<gw::Api>, _> = tokio::time::timeout(
        Duration::from_secs(10),
        client.list_apis().size(2).into_stream().try_collect(),
    )
    .await
    .expect("no hang");
    let err = result.unwrap_err();
    assert!(err.to_string().contains("repeat"), "{err}");
    // The repeat is noticed on the second page.
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

/// Full pages of items no other page has, whatever page is asked for.
struct EndlessPages;

impl Respond for EndlessPages {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let page = request
            .url
            .query_pairs()
            .find(|(k, _)| k == "page")
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default();
        let apis = vec![
            api_json(&format!("{page}-a")),
            api_json(&format!("{page}-b")),
        ];
        ResponseTemplate::new(200).set_body_json(json!({"apis": apis, "count": i64::MAX}))
    }
}

#[tokio::test]
async fn endless_distinct_pages_stop_at_the_configured_maximum_with_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/apis"))
        .respond_with(EndlessPages)
        .mount(&server)
        .await;
    let client = scp_apigateway::Client::new(config(&server.uri()).with_max_pages(5)).unwrap();
    let mut stream = Box::pin(client.list_apis().size(2).into_stream());
    let mut items = 0;
    let err = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            match stream.try_next().await {
                Ok(Some(_)) => items += 1,
                Ok(None) => panic!("the stream ended without an error"),
                Err(e) => break e,
            }
        }
    })
    .await
    .expect("no hang");
    assert!(
        matches!(err, scp_apigateway::Error::Pagination { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("5 pages"), "{err}");
    assert_eq!(items, 10);
    assert_eq!(server.received_requests().await.unwrap().len(), 5);
}
