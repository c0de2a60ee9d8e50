//! Client configuration: credentials, where to send calls, timeouts and retries.

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
    /// A full base URL that replaces the documented endpoint (a proxy, a mock server).
    pub const ENDPOINT: &str = "SCP_ENDPOINT";
    /// `ko-KR` or `en-US` for `Accept-Language` (optional: `ko-KR`).
    pub const LANGUAGE: &str = "SCP_LANGUAGE";
}

/// How failed calls are retried: idempotent calls (GET, PUT, DELETE, HEAD, OPTIONS) only,
/// on connection errors, 429 and 5xx answers, with exponential backoff and full jitter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1 = no retry).
    pub max_attempts: u32,
    /// The backoff before the first retry; it doubles with each retry.
    pub initial_backoff: Duration,
    /// The longest backoff.
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy { max_attempts: 3, initial_backoff: Duration::from_millis(200), max_backoff: Duration::from_secs(5) }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        RetryPolicy { max_attempts: 1, ..RetryPolicy::default() }
    }
}

/// Everything a client needs; build it with [`Config::new`] and the `with_*` methods, or
/// read it from the environment with [`Config::from_env`].
#[derive(Debug, Clone)]
pub struct Config {
    pub(crate) credentials: Credentials,
    pub(crate) region: Option<String>,
    pub(crate) environment: Option<String>,
    pub(crate) endpoint: Option<String>,
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
    pub fn new(credentials: Credentials) -> Self {
        Config {
            credentials,
            region: None,
            environment: None,
            endpoint: None,
            timeout: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            retry: RetryPolicy::default(),
            language: "ko-KR".to_string(),
            max_pages: DEFAULT_MAX_PAGES,
        }
    }

    /// Reads the configuration from the environment variables of [`env`](mod@env).
    pub fn from_env() -> Result<Self, Error> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let access = var(env::ACCESS_KEY).ok_or_else(|| Error::Config(format!("{} is not set", env::ACCESS_KEY)))?;
        let secret = var(env::SECRET_KEY).ok_or_else(|| Error::Config(format!("{} is not set", env::SECRET_KEY)))?;
        let mut credentials = Credentials::new(access, secret);
        if let Some(account) = var(env::ACCOUNT_ID) {
            credentials = credentials.with_account_id(account);
        }
        let mut config = Config::new(credentials);
        config.region = var(env::REGION);
        config.environment = var(env::ENVIRONMENT);
        config.endpoint = var(env::ENDPOINT);
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

    /// A base URL that replaces the documented endpoint (a proxy, a mock server).
    pub fn with_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
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
        header_value(credentials.access_key()).map_err(|why| Error::Config(format!("the access key cannot be sent as Scp-AccessKey: it {why}")))?;
        if let Some(account) = credentials.account_id() {
            if account.is_empty() {
                return Err(Error::Config("the account id is empty; leave it unset to send none".into()));
            }
            header_value(account).map_err(|why| Error::Config(format!("the account id cannot be sent as Scp-AccountId: it {why}")))?;
        }
        if self.language.is_empty() {
            return Err(Error::Config("the language is empty (ko-KR or en-US)".into()));
        }
        header_value(&self.language).map_err(|why| Error::Config(format!("the language {:?} cannot be sent as Accept-Language: it {why}", self.language)))?;
        Ok(())
    }
}

/// What a generated crate knows of its service's endpoint.
#[derive(Debug)]
pub struct ServiceEndpoint {
    /// The documented URL, with `{region}` and `{environment}` placeholders.
    pub url: &'static str,
    /// The documented environment/region pairs (region empty for a global service).
    pub regions: &'static [(&'static str, &'static str)],
}

impl ServiceEndpoint {
    /// The base URL for a configuration: its endpoint override, or the documented URL for a
    /// documented environment and region.
    pub(crate) fn base_url(&self, config: &Config) -> Result<String, Error> {
        if let Some(endpoint) = &config.endpoint {
            return Ok(endpoint.trim_end_matches('/').to_string());
        }
        let environment = match &config.environment {
            Some(e) => e.clone(),
            None => self.regions.first().map(|(e, _)| e.to_string()).ok_or_else(|| Error::Config("the service documents no environment; set an endpoint".into()))?,
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
                .ok_or_else(|| Error::Config(format!("no documented region in environment `{environment}`")))?,
        };
        let documented = self.regions.iter().any(|(e, r)| *e == environment && (global || *r == region));
        if !documented {
            let pairs: Vec<String> = self.regions.iter().map(|(e, r)| if r.is_empty() { e.to_string() } else { format!("{e}/{r}") }).collect();
            return Err(Error::Config(format!(
                "environment `{environment}` region `{region}` is not documented for this service (documented: {}); set an endpoint to call it anyway",
                pairs.join(", ")
            )));
        }
        Ok(self.url.replace("{environment}", &environment).replace("{region}", &region))
    }
}
