//! Every parameter style and every body and answer media type on the wire (the crate
//! scp-wire, from tests/fixtures/openapi30/wire.yaml): the exact path and raw query string
//! each style gives, header and cookie values, and the exact bytes of octet-stream, text,
//! form and multipart bodies, each request signed over the URL as the server received it
//! (checked with Python's hmac, not the crate's own code).

use scp_client_tests::{python_signature, ACCESS, SECRET};
use scp_wire::models as m;
use scp_wire::Binary;
use serde_json::json;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn client(server: &MockServer) -> scp_wire::Client {
    let credentials = scp_wire::Credentials::new(ACCESS, SECRET);
    scp_wire::Client::new(scp_wire::Config::new(credentials).with_endpoint(server.uri())).unwrap()
}

async fn server_answering(answer: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path_regex(".*"))
        .respond_with(answer)
        .mount(&server)
        .await;
    server
}

/// The one request the server received, its signature checked.
async fn the_request(server: &MockServer) -> Request {
    let mut received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 1, "one request");
    let r = received.remove(0);
    let header = |n: &str| r.headers.get(n).unwrap().to_str().unwrap().to_string();
    // The URL as the server received it (wiremock names its host `localhost`).
    let url = format!("{}{}", server.uri(), path_and_query(&r));
    let expected = python_signature(r.method.as_str(), &url, &header("scp-timestamp"), "");
    assert_eq!(header("scp-signature"), expected, "signed over {url}");
    r
}

fn path_and_query(r: &Request) -> String {
    match r.url.query() {
        Some(q) => format!("{}?{q}", r.url.path()),
        None => r.url.path().to_string(),
    }
}

fn header(r: &Request, name: &str) -> Option<String> {
    r.headers
        .get(name)
        .map(|v| v.to_str().unwrap().to_string())
}

#[tokio::test]
async fn path_styles_simple_label_and_matrix() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    let c = client(&server);
    c.simple_path("a b/c", vec![1, 2], m::Point::new(1, 2), m::IdOrName::Integer(7))
        .send()
        .await
        .unwrap();
    assert_eq!(
        path_and_query(&the_request(&server).await),
        "/v1/simple/a%20b%2Fc/1,2/x=1,y=2/7"
    );
    server.reset().await;
    Mock::given(path_regex(".*"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    c.label_path("blue", vec!["a".into(), "b.c".into()])
        .send()
        .await
        .unwrap();
    assert_eq!(
        path_and_query(&the_request(&server).await),
        "/v1/label/.blue/.a.b.c"
    );
    server.reset().await;
    Mock::given(path_regex(".*"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    c.matrix_path(m::Point::new(3, 4), vec!["r".into(), "g b".into()])
        .send()
        .await
        .unwrap();
    assert_eq!(
        path_and_query(&the_request(&server).await),
        "/v1/matrix/;x=3;y=4/;colors=r,g%20b"
    );
}

#[tokio::test]
async fn a_union_path_value_goes_as_its_variant_and_never_changes_the_path() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    let c = client(&server);
    c.simple_path("i", vec![], m::Point::new(0, 0), m::IdOrName::String("w/..".into()))
        .send()
        .await
        .expect_err("an empty list leaves an empty segment");
    c.simple_path("i", vec![5], m::Point::new(0, 0), m::IdOrName::String("..".into()))
        .send()
        .await
        .expect_err("a dot segment");
    c.simple_path("i", vec![5], m::Point::new(0, 0), m::IdOrName::String("w/1".into()))
        .send()
        .await
        .unwrap();
    assert_eq!(
        path_and_query(&the_request(&server).await),
        "/v1/simple/i/5/x=0,y=0/w%2F1"
    );
}

#[tokio::test]
async fn every_query_style_gives_its_exact_query_string() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    client(&server)
        .query_styles()
        .tags(["a b".to_string(), "c".to_string()])
        .ids([1, 2])
        .point(m::Point::new(1, 2))
        .rgb(m::Point::new(3, 4))
        .pipes(["p".to_string(), "q".to_string()])
        .spaces(["s".to_string(), "t".to_string()])
        .filter(m::Point::new(5, 6))
        .protocol([m::QueryStylesProtocolItem::Tcp, m::QueryStylesProtocolItem::Http])
        .state(m::QueryStylesState::On)
        .since(scp_wire::Timestamp::parse("2024-01-02T03:04:05Z"))
        .either(m::IdOrName::String("x&y".into()))
        .selector(m::Point::new(7, 8))
        .send()
        .await
        .unwrap();
    let r = the_request(&server).await;
    // Sorted by key for signing (stably: repeated keys keep their order).
    assert_eq!(
        r.url.query().unwrap(),
        "either=x%26y&filter[x]=5&filter[y]=6&ids=1,2&pipes=p|q&protocol=TCP&protocol=HTTP\
         &rgb=x,3,y,4&selector=%7B%22x%22%3A7%2C%22y%22%3A8%7D&since=2024-01-02T03%3A04%3A05Z\
         &spaces=s%20t&state=on&tags=a+b&tags=c&x=1&y=2"
    );
    // Unset parameters are not sent at all.
    server.reset().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    client(&server).query_styles().send().await.unwrap();
    assert_eq!(the_request(&server).await.url.query(), None);
}

#[tokio::test]
async fn header_and_cookie_styles() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    client(&server)
        .header_and_cookie_styles()
        .x_trace(["a".to_string(), "b".to_string()])
        .x_point(m::Point::new(1, 2))
        .session("s1")
        .prefs(["dark".to_string(), "wide".to_string()])
        .send()
        .await
        .unwrap();
    let r = the_request(&server).await;
    assert_eq!(header(&r, "x-trace").as_deref(), Some("a,b"));
    assert_eq!(header(&r, "x-point").as_deref(), Some("x=1,y=2"));
    assert_eq!(
        header(&r, "cookie").as_deref(),
        Some("session=s1; prefs=dark,wide")
    );
}

#[tokio::test]
async fn bytes_go_as_they_are_and_come_back_with_their_media_type() {
    let payload: Vec<u8> = (0..=255).collect();
    let server = server_answering(
        ResponseTemplate::new(200)
            .set_body_raw(b"\x00stored".to_vec(), "application/octet-stream"),
    )
    .await;
    let got = client(&server)
        .upload_blob(payload.clone())
        .send()
        .await
        .unwrap();
    let r = the_request(&server).await;
    assert_eq!(r.body, payload);
    assert_eq!(
        header(&r, "content-type").as_deref(),
        Some("application/octet-stream")
    );
    assert_eq!(
        header(&r, "accept").as_deref(),
        Some("application/octet-stream")
    );
    assert_eq!(got.as_bytes(), b"\x00stored");
    assert_eq!(got.media_type(), Some("application/octet-stream"));
    // A binary's own media type is the one sent.
    server.reset().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    client(&server)
        .upload_blob(Binary::new(b"PNG".to_vec()).with_media_type("image/png"))
        .send()
        .await
        .unwrap();
    let r = the_request(&server).await;
    assert_eq!(header(&r, "content-type").as_deref(), Some("image/png"));
}

#[tokio::test]
async fn text_bodies_and_text_answers() {
    let server =
        server_answering(ResponseTemplate::new(200).set_body_raw("stored: 안녕", "text/plain")).await;
    let got = client(&server)
        .put_note("n1", "hello, 안녕")
        .send()
        .await
        .unwrap();
    let r = the_request(&server).await;
    assert_eq!(r.url.path(), "/v1/notes/n1");
    assert_eq!(String::from_utf8(r.body.clone()).unwrap(), "hello, 안녕");
    assert_eq!(header(&r, "content-type").as_deref(), Some("text/plain"));
    assert_eq!(got.as_str(), "stored: 안녕");
}

#[tokio::test]
async fn form_bodies_are_exploded_pairs() {
    let server =
        server_answering(ResponseTemplate::new(200).set_body_json(json!({"token": "t"}))).await;
    let login = m::Login::new("u 1", vec!["read".into(), "write&x".into()]).with_remember(true);
    let got = client(&server).login(login).send().await.unwrap();
    let r = the_request(&server).await;
    assert_eq!(
        String::from_utf8(r.body.clone()).unwrap(),
        "remember=true&scopes=read&scopes=write%26x&user=u+1"
    );
    assert_eq!(
        header(&r, "content-type").as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(got.token, "t");
}

#[tokio::test]
async fn multipart_bodies_have_a_part_per_value_and_files_as_files() {
    let server = server_answering(ResponseTemplate::new(204)).await;
    let upload = m::Upload::new(
        "report",
        Binary::new(b"\x01\x02file".to_vec()).with_file_name("r.bin"),
    )
    .with_attachments(vec![
        Binary::new(b"one".to_vec())
            .with_file_name("1.txt")
            .with_media_type("text/plain"),
        Binary::new(b"two".to_vec()),
    ])
    .with_meta(m::Point::new(1, 2));
    client(&server).upload_files(upload).send().await.unwrap();
    let r = the_request(&server).await;
    let content_type = header(&r, "content-type").unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect(&content_type);
    let b = format!("--{boundary}");
    let expected = format!(
        "{b}\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"1.txt\"\r\nContent-Type: text/plain\r\n\r\none\r\n\
         {b}\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"attachments\"\r\nContent-Type: application/octet-stream\r\n\r\ntwo\r\n\
         {b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"r.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n\x01\x02file\r\n\
         {b}\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{{\"x\":1,\"y\":2}}\r\n\
         {b}\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nreport\r\n\
         {b}--\r\n"
    );
    assert_eq!(String::from_utf8(r.body.clone()).unwrap(), expected);
}

#[tokio::test]
async fn json_of_another_media_type_and_answers_of_text_and_images() {
    let server =
        server_answering(ResponseTemplate::new(200).set_body_json(json!({"x": 1, "y": 2}))).await;
    let got = client(&server)
        .patch_thing("t")
        .body(m::Point::new(1, 2))
        .send()
        .await
        .unwrap();
    let r = the_request(&server).await;
    assert_eq!(
        header(&r, "content-type").as_deref(),
        Some("application/merge-patch+json")
    );
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&r.body).unwrap(),
        json!({"x": 1, "y": 2})
    );
    assert_eq!(got, m::Point::new(1, 2));

    let server = server_answering(ResponseTemplate::new(200).set_body_raw("a,b\n1,2\n", "text/csv")).await;
    let csv = client(&server).report().send().await.unwrap();
    assert_eq!(csv.as_str(), "a,b\n1,2\n");
    assert_eq!(
        header(&the_request(&server).await, "accept").as_deref(),
        Some("text/csv")
    );

    let server =
        server_answering(ResponseTemplate::new(200).set_body_raw(b"\x89PNG".to_vec(), "image/png")).await;
    let png = client(&server).image().send().await.unwrap();
    assert_eq!((png.as_bytes(), png.media_type()), (&b"\x89PNG"[..], Some("image/png")));
    assert_eq!(
        header(&the_request(&server).await, "accept").as_deref(),
        Some("image/png")
    );
}

/// Answers of a listing: items `from..to` of `total`, `cap` at most a page.
fn points(from: i64, count: i64) -> Vec<serde_json::Value> {
    (from..from + count).map(|i| json!({"x": i, "y": 0})).collect()
}

#[tokio::test]
async fn listings_by_page_from_one_with_per_page_and_bare_lists() {
    use scp_wire::TryStreamExt;
    let server = MockServer::start().await;
    // 7 events, pages numbered from 1 (the spec's default), 3 a page (its default).
    for page in 1..=3 {
        let from = (page - 1) * 3;
        Mock::given(method("GET"))
            .and(wiremock::matchers::query_param("page", page.to_string()))
            .and(wiremock::matchers::query_param("per_page", "3"))
            .respond_with(ResponseTemplate::new(200).set_body_json(points(from, (7 - from).min(3))))
            .expect(1)
            .mount(&server)
            .await;
    }
    let all: Vec<m::Point> = client(&server).list_events().into_stream().try_collect().await.unwrap();
    assert_eq!(all.iter().map(|p| p.x).collect::<Vec<_>>(), (0..7).collect::<Vec<_>>());
}

#[tokio::test]
async fn listings_by_offset_move_by_the_items_that_came() {
    use scp_wire::TryStreamExt;
    let server = MockServer::start().await;
    // A server that caps pages at 4 items, 10 in all: offsets 0, 4, 8.
    for offset in [0, 4, 8] {
        Mock::given(method("GET"))
            .and(wiremock::matchers::query_param("offset", offset.to_string()))
            .and(wiremock::matchers::query_param("limit", "20"))
            .respond_with(ResponseTemplate::new(200).set_body_json(
                json!({"items": points(offset, (10 - offset).min(4)), "total": 10}),
            ))
            .expect(1)
            .mount(&server)
            .await;
    }
    let all: Vec<m::Point> = client(&server).list_points().into_stream().try_collect().await.unwrap();
    assert_eq!(all.len(), 10);
}
