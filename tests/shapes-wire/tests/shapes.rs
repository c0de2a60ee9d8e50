//! The wire format of every shape the generator types from OpenAPI 3.1 and third-party specs
//! (the crates in tests/shapes/, from tests/fixtures/openapi31/): discriminated and untagged
//! unions, merged allOf, inline objects, anyOf-with-null round trips, integer enums,
//! recursive models, $ref parameters and responses, path-item parameters, one file of two API
//! versions, and the petstore's required query parameter.

use scp_swaggerpetstore::models as pet;
use scp_shapes::models as s;
use serde_json::{json, Value};
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn shapes(server: &MockServer) -> scp_shapes::Client {
    let credentials = scp_shapes::Credentials::new("ak", "sk");
    scp_shapes::Client::new(scp_shapes::Config::new(credentials).with_endpoint(server.uri()))
        .unwrap()
}

fn dog() -> Value {
    json!({"name": "rex", "pet_type": "dog", "collar": {"color": "red", "size": null}, "owner": null})
}

#[tokio::test]
async fn a_discriminated_union_decodes_by_its_tag_and_keeps_unknown_tags() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/pets/p%201"))
        .and(header("scp-api-version", "shapes 1.1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(dog()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1/pets/fish"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"pet_type": "fish", "fins": 2})),
        )
        .mount(&server)
        .await;
    let client = shapes(&server);
    // A `$ref` path-item parameter, percent-encoded; a `$ref` response.
    let got = client.show_pet("p 1").send().await.unwrap().into_inner();
    let s::Pet::Dog(d) = got else {
        panic!("{got:?}")
    };
    assert_eq!(d.name, "rex");
    // An inline object is a struct; `anyOf [integer, null]` read as null.
    let collar = d.collar.clone().unwrap();
    assert_eq!(
        (collar.color.as_str(), collar.size),
        ("red", scp_shapes::Nullable::Null)
    );
    // `anyOf [$ref, null]` read as null, not missing.
    assert_eq!(d.owner, scp_shapes::Nullable::Null);
    let got = client.show_pet("fish").send().await.unwrap();
    assert_eq!(got, s::Pet::Unknown(json!({"pet_type": "fish", "fins": 2})));
}

#[tokio::test]
async fn merged_all_of_bodies_and_nulls_round_trip() {
    let server = MockServer::start().await;
    let sent = json!({"name": "tom", "pet_type": "cat", "lives": 7, "owner": null});
    Mock::given(method("PUT"))
        .and(path("/v1/pets/tom"))
        .and(body_json(&sent))
        .respond_with(ResponseTemplate::new(200).set_body_json(&sent))
        .expect(1)
        .mount(&server)
        .await;
    let mut cat = s::Cat::new("tom", "cat").with_lives(7);
    // An explicit null (the setters take values; the field holds "unset, null or a value").
    cat.owner = scp_shapes::Nullable::Null;
    let body = s::Pet::Cat(Box::new(cat.clone()));
    let got = shapes(&server)
        .replace_pet("tom", body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(got, body);
    // allOf's constraints are kept: Animal.name has minLength 1, Cat.lives 1..=9.
    let bad = s::Pet::Cat(Box::new(s::Cat::new("", "cat")));
    let e = shapes(&server)
        .replace_pet("tom", bad)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(e, scp_shapes::Error::Validation { .. }), "{e:?}");
    let bad = s::Pet::Cat(Box::new(cat.with_lives(10)));
    assert!(shapes(&server)
        .replace_pet("tom", bad)
        .send()
        .await
        .is_err());
}

#[tokio::test]
async fn an_untagged_union_is_sent_and_read_as_its_shape() {
    let server = MockServer::start().await;
    for (sent, answer) in [
        (json!(3), json!("three")),
        (json!({"x": 1.0, "y": 2.0, "label": "point"}), json!(4)),
    ] {
        Mock::given(method("POST"))
            .and(path("/v1/shapes"))
            .and(body_json(&sent))
            .respond_with(ResponseTemplate::new(200).set_body_json(answer))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = shapes(&server);
    let got = client
        .echo_shape(s::Shape::Integer(3))
        .send()
        .await
        .unwrap();
    assert_eq!(got, s::Shape::String("three".into()));
    let point = s::Point::new(1.0, 2.0).with_label(s::PointLabel::Point);
    let got = client
        .echo_shape(s::Shape::Point(Box::new(point)))
        .send()
        .await
        .unwrap();
    assert_eq!(got, s::Shape::Integer(4));
}

#[tokio::test]
async fn integer_enums_go_as_numbers_and_keep_unknown_values() {
    let server = MockServer::start().await;
    let owner = json!({"name": "ann", "best_friend": {"name": "bob", "best_friend": null, "pets": []}, "pets": [dog()]});
    Mock::given(method("GET"))
        .and(path("/v1/pets"))
        .and(query_param("priority", "2"))
        .and(query_param("tag", "x"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"pets": [dog(), {"name": "tom", "pet_type": "cat", "owner": owner}], "next": null})))
        .expect(1)
        .mount(&server)
        .await;
    let got = shapes(&server)
        .list_pets()
        .priority(s::Priority::V2)
        .tag("x")
        .send()
        .await
        .unwrap();
    assert_eq!(got.pets.len(), 2);
    assert_eq!(got.next, scp_shapes::Nullable::Null);
    // A recursive model (Owner → Owner) decodes through its Box.
    let s::Pet::Cat(cat) = &got.pets[1] else {
        panic!()
    };
    let owner = cat.owner.clone().into_option().unwrap();
    let friend = owner.best_friend.clone().into_option().unwrap();
    assert_eq!((owner.name.as_str(), friend.name.as_str()), ("ann", "bob"));
    assert_eq!(
        serde_json::from_value::<s::Priority>(json!(7)).unwrap(),
        s::Priority::Unknown(7)
    );
    assert_eq!(serde_json::to_value(s::Priority::V3).unwrap(), json!(3));
}

#[tokio::test]
async fn each_version_of_one_file_sends_its_own_header() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1/pets"))
        .and(header("scp-api-version", "shapes 1.0"))
        .respond_with(ResponseTemplate::new(201).set_body_json(dog()))
        .expect(1)
        .mount(&server)
        .await;
    let mut collar = s::DogCollar::new("red");
    collar.size = scp_shapes::Nullable::Null;
    let body = s::Dog::new("rex", "dog").with_collar(collar);
    let got = shapes(&server)
        .v1_0()
        .create_pet(body)
        .send()
        .await
        .unwrap();
    assert_eq!(got.name, "rex");
}

#[tokio::test]
async fn the_petstore_sends_its_required_limit_and_encodes_its_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/pets"))
        .and(query_param("limit", "10"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{"id": 1, "name": "rex"}])))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/pets/a%2Fb"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"id": 2, "name": "a/b", "tag": "t"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let credentials = scp_swaggerpetstore::Credentials::new("ak", "sk");
    let client = scp_swaggerpetstore::Client::new(
        scp_swaggerpetstore::Config::new(credentials).with_endpoint(server.uri()),
    )
    .unwrap();
    let pets = client.list_pets(10).send().await.unwrap();
    assert_eq!(pets, vec![pet::Pet::new(1, "rex")]);
    let one = client.show_pet_by_id("a/b").send().await.unwrap();
    assert_eq!(one.tag.as_deref(), Some("t"));
    // The documented maximum is checked before sending.
    assert!(client.list_pets(101).send().await.is_err());
}

#[tokio::test]
async fn a_union_variant_whose_answer_lacks_required_fields_still_decodes() {
    let server = MockServer::start().await;
    // `Dog` requires `name` (from `Animal`) and its collar requires `color`: one is null,
    // the other missing; the tag still selects the variant.
    Mock::given(method("GET"))
        .and(path("/v1/pets/p1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"pet_type": "dog", "name": null, "collar": {"size": 3}}),
        ))
        .mount(&server)
        .await;
    let got = shapes(&server).show_pet("p1").send().await.unwrap().into_inner();
    let s::Pet::Dog(d) = got else {
        panic!("{got:?}")
    };
    let collar = d.collar.clone().unwrap();
    assert_eq!(
        (d.name.as_str(), collar.color.as_str(), collar.size),
        ("", "", scp_shapes::Nullable::Value(3))
    );
}

#[tokio::test]
async fn many_required_values_are_named_and_an_answer_of_null_alone_is_unit() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/v1/orgs/acme/zones/z%201/racks/3/slots/true/ports/1.5"))
        .and(body_json(json!({"x": 1.0, "y": 2.0})))
        .respond_with(ResponseTemplate::new(200).set_body_json(Value::Null))
        .expect(1)
        .mount(&server)
        .await;
    let client = shapes(&server);
    // Five path values of five types and a body: named, since six arguments are too many to
    // read (or for clippy); `send()` refuses the call while one is unset.
    let unset = client
        .place_point(s::Point::new(1.0, 2.0))
        .org("acme".to_string())
        .send()
        .await
        .unwrap_err();
    assert!(unset.to_string().contains("path.zone"), "{unset}");
    // The answer is `()`: the pattern says so.
    let ((), metadata) = client
        .place_point(s::Point::new(1.0, 2.0))
        .org("acme".to_string())
        .zone("z 1")
        .rack(3)
        .slot(true)
        .port(1.5)
        .send()
        .await
        .unwrap()
        .into_parts();
    assert_eq!(metadata.status(), 200);
}
