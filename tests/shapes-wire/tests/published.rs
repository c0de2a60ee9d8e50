//! A client of a spec written the way SCP publishes its own (tests/fixtures/openapi31/
//! published.yaml: models without `type`, references wrapped in `allOf`, enums without a type,
//! an `info.version` that is no version beside `x-api-version`): its answers are typed
//! models, not JSON, and its query values go as OpenAPI's form style says.

use scp_osscppublishedproject::models as m;
use serde_json::json;
use wiremock::matchers::{body_json, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> scp_osscppublishedproject::Client {
    let credentials = scp_osscppublishedproject::Credentials::new("ak", "sk");
    scp_osscppublishedproject::Client::new(
        scp_osscppublishedproject::Config::new(credentials).with_endpoint(server.uri()),
    )
    .unwrap()
}

fn backup() -> serde_json::Value {
    json!({
        "id": "b1", "name": "nightly", "state": "ACTIVE",
        "created_at": "2024-05-17 00:23:17+00:00",
        "size_gb": 10, "retention_days": 30,
        "labels": {"team": "db"},
        "links": [{"rel": "self"}, "x"],
        "policy": {"schedule": "0 3 * * *"}
    })
}

#[tokio::test]
async fn answers_are_typed_models_and_lists_go_as_repeated_keys() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/backups"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"contents": [backup()], "count": 1})),
        )
        .mount(&server)
        .await;
    let list = client(&server)
        .list_backups()
        .state(m::StateFilter::List(vec![
            Some("ACTIVE".into()),
            Some("ERROR".into()),
        ]))
        .protocol([m::Protocol::Tcp, m::Protocol::Http])
        .size(20)
        .send()
        .await
        .unwrap();
    let received = server.received_requests().await.unwrap();
    // Not `protocol=%5B%22TCP%22...` (JSON text) nor `protocol=%22TCP%22` (a JSON string).
    assert_eq!(
        received[0].url.query(),
        Some("protocol=TCP&protocol=HTTP&size=20&state=ACTIVE&state=ERROR")
    );
    let b = &list.contents.as_deref().unwrap()[0];
    assert_eq!((b.id.as_str(), b.name.as_str()), ("b1", "nightly"));
    assert_eq!(b.state, m::BackupState::Active);
    assert!(b.created_at.as_datetime().is_some());
    assert_eq!(b.labels.as_ref().unwrap()["team"], "db");
    assert_eq!(b.policy.as_ref().unwrap().schedule.as_deref(), Some("0 3 * * *"));
    assert_eq!(b.size_gb, Some(10));
    assert_eq!(list.count, scp_osscppublishedproject::Nullable::Value(1));
    // The union of a list and one value: one value is one pair.
    server.reset().await;
    Mock::given(method("GET"))
        .and(query_param("state", "ACTIVE"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"contents": null})))
        .expect(1)
        .mount(&server)
        .await;
    let empty = client(&server)
        .list_backups()
        .state(m::StateFilter::String("ACTIVE".into()))
        .send()
        .await
        .unwrap();
    assert_eq!(empty.contents, None);
}

#[tokio::test]
async fn requests_are_typed_and_wrapped_references_are_their_models() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/backups"))
        .and(body_json(json!({"name": "n", "retention_days": 7, "tags": [{"key": "k", "value": null}]})))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"request_id": "r1", "resource": {"id": "b9", "type": "backup"}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/backups/a%2Fb"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"backup": backup()})))
        .expect(1)
        .mount(&server)
        .await;
    let mut tag = m::Tag::new("k");
    tag.value = scp_osscppublishedproject::Nullable::Null;
    let body = m::BackupCreateRequest::new("n")
        .with_retention_days(7)
        .with_tags(vec![tag]);
    let sync = client(&server).create_backup(body).send().await.unwrap();
    assert_eq!(sync.request_id, "r1");
    assert_eq!(sync.resource.id, "b9");
    let shown = client(&server).show_backup("a/b").send().await.unwrap();
    assert_eq!(shown.backup.state, m::BackupState::Active);
    // Constraints a model without `type` implies are checked before sending.
    let too_long = m::BackupCreateRequest::new("x".repeat(65));
    let err = client(&server).create_backup(too_long).send().await.unwrap_err();
    assert!(err.to_string().contains("body.name"), "{err}");
}

#[tokio::test]
async fn scp_listings_with_a_nullable_list_and_count_are_paged() {
    use scp_osscppublishedproject::TryStreamExt;
    let server = MockServer::start().await;
    for page in 0..3 {
        let items: Vec<serde_json::Value> = (0..if page < 2 { 2 } else { 1 })
            .map(|i| {
                let mut b = backup();
                b["id"] = json!(format!("b{page}-{i}"));
                b
            })
            .collect();
        Mock::given(method("GET"))
            .and(path("/v1/backups"))
            .and(query_param("page", page.to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"contents": items, "count": 5})))
            .expect(1)
            .mount(&server)
            .await;
    }
    let all: Vec<m::Backup> = client(&server)
        .list_backups()
        .size(2)
        .into_stream()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len(), 5);
}
