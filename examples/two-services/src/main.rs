//! Two SCP services from one shared configuration: one connection pool, one error type.
//!
//! Reads the configuration from the environment (`SCP_ACCESS_KEY`, `SCP_SECRET_KEY`, ...,
//! and one endpoint per service, `SCP_ENDPOINT_APIGATEWAY`, `SCP_ENDPOINT_QUEUESERVICE`);
//! scripts/e2e points them at Prism mock servers that check every request against the spec.

/// One function, two services, `?` on both: `scp_runtime::Error` is every service's error.
async fn inventory(
    gateway: &scp_apigateway::Client,
    queues: &scp_queueservice::Client,
) -> Result<(usize, usize), scp_runtime::Error> {
    let apis = gateway.list_apis().size(10).send().await?;
    let listed = queues.list_queue().send().await?;
    Ok((apis.apis.len(), listed.queues.len()))
}

#[tokio::main]
async fn main() -> Result<(), scp_runtime::Error> {
    let shared = scp_runtime::SharedConfig::from_env()?;
    let gateway = scp_apigateway::Client::from_shared(&shared)?;
    let queues = scp_queueservice::Client::from_shared(&shared)?;
    let (apis, listed) = inventory(&gateway, &queues).await?;
    println!(
        "two services, one pool: {apis} APIs at {}, {listed} queues at {}",
        gateway.base_url(),
        queues.base_url()
    );
    Ok(())
}
