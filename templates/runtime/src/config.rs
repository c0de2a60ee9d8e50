//! Client configuration: credentials, where to send calls, timeouts, a deadline, retries,
//! and the HTTP client (one connection pool) that a [`SharedConfig`] gives every service.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use super::auth::{Credentials, EnvCredentials, ProvideCredentials};
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
    /// The region, such as `kr-west1` (optional when the service documents one).
    pub const REGION: &str = "SCP_REGION";
    /// The environment: `s`, `g` or `e` (optional when the service documents one).
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
#[non_exhaustive]
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
    /// A policy of `max_attempts` attempts in all (the first included), backoffs from
    /// `initial_backoff` doubling up to `max_backoff`.
    pub fn new(max_attempts: u32, initial_backoff: Duration, max_backoff: Duration) -> Self {
        RetryPolicy {
            max_attempts,
            initial_backoff,
            max_backoff,
        }
    }

    /// The same policy with `max_attempts` attempts in all.
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts;
        self
    }

    /// The same policy with another first backoff.
    pub fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The same policy with another longest backoff.
    pub fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

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
    pub(crate) credentials: Arc<dyn ProvideCredentials>,
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
    pub(crate) strict_answers: bool,
    pub(crate) check_constraints: bool,
}

/// How many pages a listing (`into_stream`) fetches at most, unless
/// [`Config::with_max_pages`] says otherwise.
pub const DEFAULT_MAX_PAGES: u32 = 10_000;

impl Config {
    /// A configuration with these credentials, the service's documented environment and
    /// region when it documents one of each (else set them), a 30 s timeout, the default retry policy and at most
    /// [`DEFAULT_MAX_PAGES`] pages per listing.
    ///
    /// With the `rustls` feature it installs the *ring* provider as the process's rustls
    /// default when none is set, so that a `reqwest::Client` built afterwards for
    /// [`Config::with_http_client`] has one (see [`http_client_builder`]).
    pub fn new(credentials: Credentials) -> Self {
        #[cfg(feature = "rustls")]
        install_tls_provider();
        Config {
            credentials: Arc::new(credentials),
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
            strict_answers: false,
            check_constraints: true,
        }
    }

    /// Reads the configuration from the environment variables of [`env`](mod@env)
    /// (service endpoints from `SCP_ENDPOINT_<SERVICE>`).
    pub fn from_env() -> Result<Self, Error> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let mut config = Config::new(EnvCredentials.credentials()?);
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

    /// Where the credentials come from, asked before every call (keys rotate without a new
    /// client): [`ProfileCredentials`](crate::ProfileCredentials),
    /// [`EnvCredentials`], or your own.
    pub fn with_credentials_provider(
        mut self,
        provider: impl ProvideCredentials + 'static,
    ) -> Self {
        self.credentials = Arc::new(provider);
        self
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
    /// user agent, TLS provider and redirect policy: a client of your own must not follow
    /// redirects either (`redirect(reqwest::redirect::Policy::none())`), or a 3xx answer
    /// would send the call's signed headers and body to another host.
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

    /// Strict answers: a required value an answer leaves out or sends as `null` fails the
    /// call with [`Error::Decode`] naming it, instead of holding its zero value (listed by
    /// the answer's [`Output::filled`](crate::Output::filled) and logged). Off by default:
    /// the docs mark values required that servers leave out, and a call whose work is done
    /// should not fail for it; turn it on where a made-up zero would do harm.
    pub fn with_strict_answers(mut self, strict: bool) -> Self {
        self.strict_answers = strict;
        self
    }

    /// Whether documented constraints (patterns, lengths, ranges) are checked before a call
    /// is sent (on by default). Off, a client built from docs older than the server still
    /// sends values the server has come to accept. Checks that keep a call what it says
    /// (required values set, path values that would change the path, header values no
    /// header can carry) stay on.
    pub fn with_constraint_checks(mut self, check: bool) -> Self {
        self.check_constraints = check;
        self
    }

    /// Refuses what no call could be sent with, so that the mistake shows when the client is
    /// built rather than as a 401 later: header values (access key, account id, language)
    /// that a header cannot carry unchanged, and empty credentials.
    pub(crate) fn check(&self) -> Result<(), Error> {
        check_credentials(&self.credentials.credentials()?)?;
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

/// Credentials no call could be sent with: empty keys, values a header cannot carry
/// unchanged. (The values are not shown: a pasted secret may be among them.)
pub(crate) fn check_credentials(credentials: &Credentials) -> Result<(), Error> {
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
    Ok(())
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
    reqwest::Client::builder()
        .user_agent(concat!(
            env!("CARGO_PKG_NAME"),
            "/",
            env!("CARGO_PKG_VERSION")
        ))
        // A followed redirect would carry the signed headers (and the body) to wherever the
        // server points, and a signature over another URL: a 3xx is the call's answer.
        .redirect(reqwest::redirect::Policy::none())
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
        // rustls 0.23.48 deprecates the *ring* provider (no post-quantum key exchange);
        // it is still the quick-to-build choice above, and the only way to make it.
        #[allow(deprecated)]
        let provider = rustls::crypto::ring::default_provider();
        let _ = provider.install_default();
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
    /// or the documented URL for a documented environment and region. An environment or
    /// region left unset is taken only when the service documents one; of several, the
    /// configuration must say which (nothing is guessed). A service endpoint set under
    /// another spelling of this service's name (`api-gateway` for `apigateway`) is an error,
    /// not silently another service's.
    pub(crate) fn base_url(&self, config: &Config) -> Result<String, Error> {
        let plain = |s: &str| -> String {
            s.chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_lowercase())
                .collect()
        };
        if let Some(key) = config
            .service_endpoints
            .keys()
            .find(|k| k.as_str() != self.service && plain(k) == plain(self.service))
        {
            return Err(Error::Config(format!(
                "an endpoint is set for the service `{key}`, but this service is `{}`: set it for `{}`",
                self.service, self.service
            )));
        }
        if let Some(endpoint) = config
            .service_endpoints
            .get(self.service)
            .or(config.endpoint.as_ref())
        {
            return Ok(endpoint.trim_end_matches('/').to_string());
        }
        let environment = match &config.environment {
            Some(e) => e.clone(),
            None => {
                let mut all: Vec<&str> = self.regions.iter().map(|(e, _)| *e).collect();
                all.dedup();
                match all.as_slice() {
                    [one] => one.to_string(),
                    [] => {
                        return Err(Error::Config(
                            "the service documents no environment; set an endpoint".into(),
                        ))
                    }
                    several => {
                        return Err(Error::Config(format!(
                            "the service is documented in the environments {}; set one (Config::with_environment, {})",
                            several.join(", "),
                            env::ENVIRONMENT
                        )))
                    }
                }
            }
        };
        let global = !self.url.contains("{region}");
        let region = match (&config.region, global) {
            (_, true) => String::new(),
            (Some(r), false) => r.clone(),
            (None, false) => {
                let regions: Vec<&str> = self
                    .regions
                    .iter()
                    .filter(|(e, _)| *e == environment)
                    .map(|(_, r)| *r)
                    .collect();
                match regions.as_slice() {
                    [one] => one.to_string(),
                    [] => {
                        return Err(Error::Config(format!(
                            "no documented region in environment `{environment}`"
                        )))
                    }
                    several => {
                        return Err(Error::Config(format!(
                            "the service is documented in the regions {} of environment `{environment}`; set one (Config::with_region, {})",
                            several.join(", "),
                            env::REGION
                        )))
                    }
                }
            }
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

/// Changes of the configuration for one call: a request builder's `overrides` (like
/// aws-sdk-rust's `customize()`). What it does not set is the client's.
///
/// ```
/// use std::time::Duration;
/// let o = scp_runtime::Overrides::new()
///     .with_timeout(Duration::from_secs(5))
///     .with_retry(scp_runtime::RetryPolicy::none())
///     .with_strict_answers(true);
/// # let _ = o;
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Overrides {
    pub(crate) timeout: Option<Duration>,
    pub(crate) deadline: Option<Duration>,
    pub(crate) retry: Option<RetryPolicy>,
    pub(crate) endpoint: Option<String>,
    pub(crate) strict_answers: Option<bool>,
    pub(crate) check_constraints: Option<bool>,
}

impl Overrides {
    /// No change.
    pub fn new() -> Self {
        Overrides::default()
    }

    /// The per-attempt timeout of this call ([`Config::with_timeout`]).
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The deadline of this call ([`Config::with_deadline`]).
    pub fn with_deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// The retry policy of this call ([`Config::with_retry`]).
    pub fn with_retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = Some(retry);
        self
    }

    /// The base URL this call goes to (a proxy, a mock server).
    pub fn with_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// Strict or lenient answers for this call ([`Config::with_strict_answers`]).
    pub fn with_strict_answers(mut self, strict: bool) -> Self {
        self.strict_answers = Some(strict);
        self
    }

    /// Constraint checks for this call ([`Config::with_constraint_checks`]).
    pub fn with_constraint_checks(mut self, check: bool) -> Self {
        self.check_constraints = Some(check);
        self
    }
}
