//! The public API of a generated client, used the way its users use it. Nothing here runs:
//! it must compile against today's crate and against the crate of a later revision of the
//! docs that adds fields and enum values (see Cargo.toml).

use std::time::Duration;

use scp_apigateway::models::{ApiCreateRequestV1Dot2, EndpointType};
use scp_apigateway::{Client, Error, Overrides, TryStreamExt};

/// A request built with its constructor and setters.
pub fn request() -> ApiCreateRequestV1Dot2 {
    ApiCreateRequestV1Dot2::new("test-api")
        .with_description("made by the compat test")
        .with_endpoint_type(EndpointType::Region)
}

/// An enum read as a user reads it: known values by name, the rest by wildcard.
pub fn endpoint_label(t: &EndpointType) -> &str {
    match t {
        EndpointType::Region => "region",
        EndpointType::Private => "private",
        other => other.as_str(),
    }
}

/// Calls, answers read field by field, a listing, errors by code, per-call overrides.
pub async fn calls(client: &Client) -> Result<Vec<String>, Error> {
    let created = client.create_api(request()).send().await?;
    let mut names = vec![created.id.clone()];
    let shown = client
        .show_api(created.id.as_str())
        .overrides(Overrides::new().with_timeout(Duration::from_secs(5)))
        .send()
        .await?;
    names.push(shown.api.name.clone());
    if !shown.filled().is_empty() {
        names.push(format!("filled: {:?}", shown.filled()));
    }
    let all: Vec<_> = client.list_apis().size(50).into_stream().try_collect().await?;
    names.extend(all.into_iter().map(|api| api.name));
    // An older, deprecated API version: its use is said, and allowed, where it is made.
    #[allow(deprecated)]
    let old = client.v1_1().list_apis().send().await;
    match old {
        Ok(old) => names.push(old.count.to_string()),
        Err(e) if e.code() == Some("NotFound") => {}
        Err(e) => return Err(e),
    }
    Ok(names)
}
