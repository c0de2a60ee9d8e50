//! The runtime every generated SCP client shares: configuration and credentials, request
//! signing, HTTP execution with timeouts, a deadline and retries, errors, pagination,
//! timestamps.
//!
//! One crate for all services, so that one [`SharedConfig`] (credentials, region, timeouts,
//! retry policy and one connection pool) serves every service client, and one [`Error`] is
//! what every call of every service fails with:
//!
//! ```no_run
//! # async fn demo() -> Result<(), scp_runtime::Error> {
//! let shared = scp_runtime::SharedConfig::from_env()?;
//! // Each service crate: `scp_apigateway::Client::from_shared(&shared)?`, and so on; all of
//! // them send through `shared.http_client()`.
//! # let _ = shared;
//! # Ok(()) }
//! ```
//!
//! TLS is rustls by default (the `rustls` feature, with the *ring* provider); the
//! `native-tls` feature uses the system's TLS library instead.
#![warn(missing_docs)]

pub mod auth;
pub mod binary;
pub mod config;
pub mod error;
pub mod nullable;
pub mod output;
pub mod timestamp;

// The plumbing of generated code: public because the service crates call it, hidden from
// the documentation because no user does; what a user calls is the service client, the
// configuration, the errors and the value types above.
#[doc(hidden)]
pub mod body;
#[doc(hidden)]
pub mod http;
#[doc(hidden)]
pub mod lenient;
#[doc(hidden)]
pub mod pagination;
#[doc(hidden)]
pub mod style;
#[doc(hidden)]
pub mod validate;

pub use auth::{Credentials, EnvCredentials, ProfileCredentials, ProvideCredentials};
pub use binary::Binary;
pub use config::{
    http_client_builder, Config, Overrides, RetryPolicy, ServiceEndpoint, SharedConfig,
};
pub use error::{ApiError, Error, StatusError};
pub use nullable::Nullable;
pub use output::{Metadata, Output};
pub use timestamp::Timestamp;

/// What listings (`into_stream`, `pages`) are read with: `while let Some(item) =
/// stream.next().await`, `stream.try_collect().await`.
pub use futures_util::{StreamExt, TryStreamExt};

/// A listing's stream (`pages()`, `into_stream()` of a list call): boxed, so `Unpin` and
/// `Send`, read with [`StreamExt`].
pub type Listing<T> = futures_util::stream::BoxStream<'static, Result<T, Error>>;

// Without a TLS backend no HTTPS endpoint can be called: say so at build time, not as a
// connection error at the first call.
#[cfg(not(any(feature = "rustls", feature = "native-tls")))]
compile_error!(
    "scp-runtime needs a TLS backend: enable the `rustls` (default) or `native-tls` feature"
);
