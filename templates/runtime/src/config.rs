//! Client configuration: credentials, where to send calls, timeouts, a deadline, retries,
//! and the HTTP client (one connection pool) that a [`SharedConfig`] gives every service.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use super::auth::Credentials;
use super::error::Error;
use super::http::header_value;

/// Environment variables [`Config::from_env`] reads.
pub mod env {
    /// The access key (required).
    pub const ACCESS_KEY: &str = "SCP_ACCESS_KEY";
    /// The secret key (required).
    pub const SECRET_KEY: &str = "SCP_SECRET_KEY";
    /// The account id sent as `Scp-AccountId` (optional).
    pub const ACCOUNT_ID: &str = "SCP_ACCOUNT_ID";
    /// The region, such as `kr-west1` (optional: the service's first documented region).
    pub const REGION: &str = "SCP_REGION";
    /// The environment: `s`, `g` or `e` (optional: the service's first documented one).
    pub const ENVIRONMENT: &str = "SCP_ENVIRONMENT";
    /// A full base URL that replaces the documented endpoint of every service (a proxy, a
    /// mock server).
    pub const ENDPOINT: &str = "SCP_ENDPOINT";
    /// The prefix of one service's endpoint override: `SCP_ENDPOINT_APIGATEWAY` for the
    /// service `apigateway` (`-` as `_`), before [`ENDPOINT`].
    pub const ENDPOINT_PREFIX: &str = "SCP_ENDPOINT_";
    /// `ko-KR` or `en-US` for `Accept-Language` (optional: `ko-KR`).
    pub const LANGUAGE: &str = "SCP_LANGUAGE";
}

/// How failed calls are retried, with exponential backoff and full jitter: every call on
/// 429 (the server did not process it) and on a failure to connect (nothing was sent);
/// idempotent calls (GET, PUT, DELETE, HEAD, OPTIONS) also on 5xx answers, timeouts and
/// connections lost while sending. A `Retry-After` answer header (seconds or an HTTP-date)
/// replaces the backoff, capped at `max_backoff`. [`Config::with_deadline`] bounds the whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 = no retry).
    pub max_attempts: u32,
    /// The backoff before the first retry; it doubles with each retry.
    pub initial_backoff: Duration,
    /// The longest backoff, and the longest wait a `Retry-After` header can ask for.
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }
}

/// Everything a client needs; build it with [`Config::new`] and the `with_*` methods, or
/// read it from the environment with [`Config::from_env`]. A service client takes it
/// directly (`Client::new(config)`, its own connection pool) or through a [`SharedConfig`]
/// (`Client::from_shared(&shared)`, one pool for every service).
#[derive(Debug, Clone)]
pub struct Config {
    pub(crate) credentials: Credentials,
    pub(crate) region: Option<String>,
    pub(crate) environment: Option<String>,
    pub(crate) endpoint: Option<String>,
    /// Per-service base URLs, by service name (`apigateway`): before `endpoint`.
    pub(crate) service_endpoints: BTreeMap<String, String>,
    pub(crate) http: Option<reqwest::Client>,
    pub(crate) deadline: Option<Duration>,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) retry: RetryPolicy,
    pub(crate) language: String,
    pub(crate) max_pages: u32,
}

/// How many pages a listing (`into_stream`) fetches at most, unless
/// [`Config::with_max_pages`] says otherwise.
pub const DEFAULT_MAX_PAGES: u32 = 10_000;

impl Config {
    /// A configuration with these credentials, the service's first documented environment
    /// and region, a 30 s timeout, the default retry policy and at most
    /// [`DEFAULT_MAX_PAGES`] pages per listing.
    ///
    /// With the `rustls` feature it installs the *ring* provider as the process's rustls
    /// default when none is set, so that a `reqwest::Client` built afterwards for
    /// [`Config::with_http_client`] has one (see [`http_client_builder`]).
    pub fn new(credentials: Credentials) -> Self {
        #[cfg(feature = "rustls")]
        install_tls_provider();
        Config {
            credentials,
            region: None,
            environment: None,
            endpoint: None,
            service_endpoints: BTreeMap::new(),
            http: None,
            deadline: None,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            language: "ko-KR".to_string(),
            max_pages: DEFAULT_MAX_PAGES,
        }
    }

    /// Reads the configuration from the environment variables of [`env`](mod@env)
    /// (service endpoints from `SCP_ENDPOINT_<SERVICE>`).
    pub fn from_env() -> Result<Self, Error> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let access = var(env::ACCESS_KEY)
            .ok_or_else(|| Error::Config(format!("{} is not set", env::ACCESS_KEY)))?;
        let secret = var(env::SECRET_KEY)
            .ok_or_else(|| Error::Config(format!("{} is not set", env::SECRET_KEY)))?;
        let mut credentials = Credentials::new(access, secret);
        if let Some(account) = var(env::ACCOUNT_ID) {
            credentials = credentials.with_account_id(account);
        }
        let mut config = Config::new(credentials);
        config.region = var(env::REGION);
        config.environment = var(env::ENVIRONMENT);
        config.endpoint = var(env::ENDPOINT);
        for (name, value) in std::env::vars() {
            if let Some(service) = name.strip_prefix(env::ENDPOINT_PREFIX) {
                if !service.is_empty() && !value.trim().is_empty() {
                    config
                        .service_endpoints
                        .insert(service.to_ascii_lowercase().replace('_', "-"), value);
                }
            }
        }
        if let Some(language) = var(env::LANGUAGE) {
            config.language = language;
        }
        Ok(config)
    }

    /// The region (`kr-west1`).
    pub fn with_region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// The environment (`s`, `g`, `e`).
    pub fn with_environment(mut self, environment: impl Into<String>) -> Self {
        self.environment = Some(environment.into());
        self
    }

    /// A base URL that replaces the documented endpoint of every service built from this
    /// configuration (a proxy, a mock server). For one service of several, use
    /// [`Config::with_service_endpoint`] or the service client's `with_endpoint`.
    pub fn with_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// A base URL for one service (`apigateway`, as in its crate name `scp-apigateway`),
    /// before [`Config::with_endpoint`]: services sharing a configuration each keep their
    /// own endpoint.
    pub fn with_service_endpoint(
        mut self,
        service: impl Into<String>,
        endpoint: impl Into<String>,
    ) -> Self {
        self.service_endpoints
            .insert(service.into(), endpoint.into());
        self
    }

    /// Sends through this HTTP client instead of one built from this configuration: a custom
    /// CA, client certificates (mTLS), proxies, default headers. Its connection pool is the
    /// one every service client built from this configuration uses. The per-attempt timeout
    /// and the deadline still apply to each call; the connect timeout is the client's own
    /// (set it on its builder). Start from [`http_client_builder`] to keep the runtime's
    /// user agent and TLS provider.
    pub fn with_http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// The time one call may take in all, retries and their waits included: when it is up
    /// the call ends with [`Error::DeadlineExceeded`], whatever attempts the retry policy
    /// has left. Unset, a call takes at most its attempts' timeouts and backoffs.
    pub fn with_deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// The time a whole call may take, per attempt.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The time connecting may take.
    pub fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How failed calls are retried.
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// `Accept-Language`: `ko-KR` or `en-US`.
    pub fn with_language(mut self, language: impl Into<String>) -> Self {
        self.language = language.into();
        self
    }

    /// The most pages one listing (`into_stream`) fetches (at least 1): a listing that needs
    /// more ends with [`Error::Pagination`] instead of running on against a server whose
    /// pages never end.
    pub fn with_max_pages(mut self, max_pages: u32) -> Self {
        self.max_pages = max_pages.max(1);
        self
    }

    /// Refuses what no call could be sent with, so that the mistake shows when the client is
    /// built rather than as a 401 later: header values (access key, account id, language)
    /// that a header cannot carry unchanged, and empty credentials.
    pub(crate) fn check(&self) -> Result<(), Error> {
        let credentials = &self.credentials;
        if credentials.access_key().is_empty() {
            return Err(Error::Config("the access key is empty".into()));
        }
        if !credentials.has_secret_key() {
            return Err(Error::Config("the secret key is empty".into()));
        }
        // The values themselves are not shown: a pasted secret may be among them.
        header_value(credentials.access_key()).map_err(|why| {
            Error::Config(format!(
                "the access key cannot be sent as Scp-AccessKey: it {why}"
            ))
        })?;
        if let Some(account) = credentials.account_id() {
            if account.is_empty() {
                return Err(Error::Config(
                    "the account id is empty; leave it unset to send none".into(),
                ));
            }
            header_value(account).map_err(|why| {
                Error::Config(format!(
                    "the account id cannot be sent as Scp-AccountId: it {why}"
                ))
            })?;
        }
        if self.language.is_empty() {
            return Err(Error::Config(
                "the language is empty (ko-KR or en-US)".into(),
            ));
        }
        header_value(&self.language).map_err(|why| {
            Error::Config(format!(
                "the language {:?} cannot be sent as Accept-Language: it {why}",
                self.language
            ))
        })?;
        Ok(())
    }
}

/// A checked [`Config`] with its HTTP client built: what every service client built from it
/// shares (credentials, region, environment, language, timeouts, deadline, retry policy and
/// one connection pool), like the SDK configuration of other clouds' SDKs. Cheap to clone.
///
/// Endpoints stay per service: [`Config::with_service_endpoint`], or the service client's
/// `with_endpoint`.
#[derive(Debug, Clone)]
pub struct SharedConfig {
    config: Arc<Config>,
    http: reqwest::Client,
}

impl SharedConfig {
    /// Checks the configuration (see the service clients' `new`) and builds its HTTP client,
    /// unless [`Config::with_http_client`] gave one.
    pub fn new(config: Config) -> Result<Self, Error> {
        config.check()?;
        let http = match &config.http {
            Some(client) => client.clone(),
            None => build_http_client(&config)?,
        };
        Ok(SharedConfig {
            config: Arc::new(config),
            http,
        })
    }

    /// [`SharedConfig::new`] of [`Config::from_env`].
    pub fn from_env() -> Result<Self, Error> {
        SharedConfig::new(Config::from_env()?)
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The HTTP client every call goes through (clones share its connection pool).
    pub fn http_client(&self) -> &reqwest::Client {
        &self.http
    }
}

/// A builder of the HTTP client the runtime builds itself (its user agent; with the
/// `rustls` feature the *ring* provider installed), for [`Config::with_http_client`] with
/// your CA, client identity, proxy or default headers added.
pub fn http_client_builder() -> reqwest::ClientBuilder {
    #[cfg(feature = "rustls")]
    install_tls_provider();
    reqwest::Client::builder().user_agent(concat!(
        env!("CARGO_PKG_NAME"),
        "/",
        env!("CARGO_PKG_VERSION")
    ))
}

/// The runtime's own HTTP client. No overall timeout here: each request sets its own, so
/// that a client given by [`Config::with_http_client`] gets the same per-attempt timeouts.
fn build_http_client(config: &Config) -> Result<reqwest::Client, Error> {
    http_client_builder()
        .connect_timeout(config.connect_timeout)
        .build()
        .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))
}

/// rustls needs a crypto provider: *ring* (pure Rust and assembly, a C compiler only, quick
/// to build) rather than aws-lc-rs (reqwest's choice, which builds the AWS-LC C library,
/// slower and with more build tools, for FIPS and post-quantum key exchange an SCP client
/// does not need). Installed as the process default only when the program set none, so an
/// application's own choice wins.
#[cfg(feature = "rustls")]
fn install_tls_provider() {
    if rustls::crypto::CryptoProvider::get_default().is_none() {
        // Err means another thread installed one first: that one is used, as wanted.
        let _ = rustls::crypto::ring::default_provider().install_default();
    }
}

/// What a generated crate knows of its service's endpoint.
#[derive(Debug)]
pub struct ServiceEndpoint {
    /// The service's name (`apigateway`), the key of [`Config::with_service_endpoint`].
    pub service: &'static str,
    /// The documented URL, with `{region}` and `{environment}` placeholders.
    pub url: &'static str,
    /// The documented environment/region pairs (region empty for a global service).
    pub regions: &'static [(&'static str, &'static str)],
}

impl ServiceEndpoint {
    /// The base URL for a configuration: its endpoint override for this service or for all,
    /// or the documented URL for a documented environment and region.
    pub(crate) fn base_url(&self, config: &Config) -> Result<String, Error> {
        if let Some(endpoint) = config
            .service_endpoints
            .get(self.service)
            .or(config.endpoint.as_ref())
        {
            return Ok(endpoint.trim_end_matches('/').to_string());
        }
        let environment = match &config.environment {
            Some(e) => e.clone(),
            None => self
                .regions
                .first()
                .map(|(e, _)| e.to_string())
                .ok_or_else(|| {
                    Error::Config("the service documents no environment; set an endpoint".into())
                })?,
        };
        let global = !self.url.contains("{region}");
        let region = match (&config.region, global) {
            (_, true) => String::new(),
            (Some(r), false) => r.clone(),
            (None, false) => self
                .regions
                .iter()
                .find(|(e, _)| *e == environment)
                .map(|(_, r)| r.to_string())
                .ok_or_else(|| {
                    Error::Config(format!(
                        "no documented region in environment `{environment}`"
                    ))
                })?,
        };
        let documented = self
            .regions
            .iter()
            .any(|(e, r)| *e == environment && (global || *r == region));
        if !documented {
            let pairs: Vec<String> = self
                .regions
                .iter()
                .map(|(e, r)| {
                    if r.is_empty() {
                        e.to_string()
                    } else {
                        format!("{e}/{r}")
                    }
                })
                .collect();
            return Err(Error::Config(format!(
                "environment `{environment}` region `{region}` is not documented for this service (documented: {}); set an endpoint to call it anyway",
                pairs.join(", ")
            )));
        }
        Ok(self
            .url
            .replace("{environment}", &environment)
            .replace("{region}", &region))
    }
}
