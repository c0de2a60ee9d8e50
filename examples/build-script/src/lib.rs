//! The Samsung Cloud Platform Queue Service client, generated at build time by scpgen's
//! `Generator` (see build.rs) and included here as this crate's root.

include!(concat!(env!("OUT_DIR"), "/queueservice.rs"));

#[cfg(test)]
mod tests {
    use wiremock::matchers::{header, method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    // The included client is this crate's: built, configured and signed as a generated
    // crate is, against a server of the test's.
    #[tokio::test]
    async fn the_included_client_calls_its_api() {
        let server = MockServer::start().await;
        Mock::given(method("DELETE"))
            .and(path("/v1/queues/q-1"))
            .and(header("scp-api-version", "queueservice 1.0"))
            .respond_with(ResponseTemplate::new(204))
            .expect(1)
            .mount(&server)
            .await;
        let config = crate::Config::new(crate::Credentials::new("access", "secret"))
            .with_endpoint(server.uri());
        let client = crate::Client::new(config).unwrap();
        client.delete_queue("q-1").send().await.unwrap();
    }
}
