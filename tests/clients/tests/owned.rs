//! Builders own what they need: a call or a stream can be spawned onto the runtime and
//! outlive the borrow of the client that made it.

use futures_util::TryStreamExt;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> scp_apigateway::Client {
    let credentials = scp_apigateway::Credentials::new("ak", "sk");
    scp_apigateway::Client::new(scp_apigateway::Config::new(credentials).with_endpoint(server.uri()))
        .unwrap()
}

#[tokio::test]
async fn calls_and_streams_can_be_spawned() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/apis"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"apis": [], "count": 0})))
        .mount(&server)
        .await;
    let call = {
        let client = client(&server);
        client.list_apis().size(5)
        // The client is dropped here; the builder holds the runtime itself.
    };
    let answer = tokio::spawn(call.send()).await.unwrap().unwrap();
    assert_eq!(answer.count, 0);
    let stream = client(&server).list_apis().into_stream();
    let items: Vec<_> = tokio::spawn(stream.try_collect::<Vec<_>>()).await.unwrap().unwrap();
    assert!(items.is_empty());
}

#[test]
fn version_modules_name_their_models_without_the_version_suffix() {
    // `v1_2::ApiCreateRequest` is the 1.2 request model (`models::ApiCreateRequestV1Dot2`).
    let body: scp_apigateway::models::ApiCreateRequestV1Dot2 =
        scp_apigateway::v1_2::ApiCreateRequest::new("test-api").with_description("d");
    assert_eq!(body.name, "test-api");
    // 1.2 also uses the 1.1 method model: its short name is 1.2's too.
    let _: Option<scp_apigateway::v1_2::MethodCreateRequest> = None;
}
