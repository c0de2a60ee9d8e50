//! Executing a call: URL building, SCP headers and signature, timeouts, retries, decoding.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, ACCEPT_LANGUAGE, CONTENT_TYPE, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::auth::CLIENT_TYPE;
use super::config::{Config, ServiceEndpoint};
use super::error::{Error, StatusError};

/// Characters a path segment keeps as they are (RFC 3986 unreserved); all else is encoded.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// A path parameter, percent-encoded for one path segment.
pub fn path_segment(value: &str) -> String {
    utf8_percent_encode(value, SEGMENT).to_string()
}

/// One call, before it is signed and sent.
#[derive(Debug)]
pub struct Request {
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    headers: Vec<(HeaderName, String)>,
    body: Option<Vec<u8>>,
    api_version: &'static str,
}

impl Request {
    /// A call of `method` on `path` (its parameters already encoded) for an API version
    /// (`Scp-Api-Version`, e.g. `apigateway 1.2`).
    pub fn new(method: Method, path: String, api_version: &'static str) -> Self {
        Request { method, path, query: Vec::new(), headers: Vec::new(), body: None, api_version }
    }

    /// A query parameter, when it has a value.
    pub fn query(&mut self, name: &str, value: Option<String>) {
        if let Some(v) = value {
            self.query.push((name.to_string(), v));
        }
    }

    /// A repeated query parameter (`state=a&state=b`).
    pub fn query_all(&mut self, name: &str, values: impl IntoIterator<Item = String>) {
        for v in values {
            self.query.push((name.to_string(), v));
        }
    }

    /// A header parameter, when it has a value.
    pub fn header(&mut self, name: &'static str, value: Option<String>) {
        if let Some(v) = value {
            self.headers.push((HeaderName::from_static(name), v));
        }
    }

    /// The JSON body.
    pub fn json<T: Serialize>(&mut self, body: &T) -> Result<(), Error> {
        let bytes = serde_json::to_vec(body).map_err(|e| Error::Validation { field: "body".into(), message: e.to_string() })?;
        self.body = Some(bytes);
        Ok(())
    }

    /// The full URL as it will be sent and signed: query keys sorted (stably, so repeated
    /// keys keep their order), values form-encoded, as SCP's official SDK does.
    pub fn url(&self, base: &str) -> String {
        let mut url = format!("{base}{}", self.path);
        if !self.query.is_empty() {
            let mut pairs: Vec<&(String, String)> = self.query.iter().collect();
            pairs.sort_by(|a, b| a.0.cmp(&b.0));
            let encoded: Vec<String> = pairs
                .iter()
                .map(|(k, v)| format!("{}={}", form(k), form(v)))
                .collect();
            url.push('?');
            url.push_str(&encoded.join("&"));
        }
        url
    }

    fn idempotent(&self) -> bool {
        matches!(self.method, Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE)
    }
}

fn form(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// A success answer, undecoded.
#[derive(Debug)]
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// The body.
    pub body: Vec<u8>,
}

/// The HTTP side of a client: configuration, base URL and connection pool.
#[derive(Debug)]
pub struct Runtime {
    http: reqwest::Client,
    base: String,
    config: Config,
}

impl Runtime {
    /// A runtime for a service endpoint.
    pub fn new(config: Config, endpoint: &ServiceEndpoint) -> Result<Self, Error> {
        let base = endpoint.base_url(&config)?;
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.connect_timeout)
            .user_agent(concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| Error::Config(format!("cannot build the HTTP client: {e}")))?;
        Ok(Runtime { http, base, config })
    }

    /// The base URL calls go to.
    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// Sends a call and decodes its JSON answer.
    pub async fn json<T: DeserializeOwned>(&self, request: Request) -> Result<T, Error> {
        let answer = self.execute(request).await?;
        serde_json::from_slice(&answer.body).map_err(|source| Error::Decode {
            status: answer.status,
            body: String::from_utf8_lossy(&answer.body).into_owned(),
            source,
        })
    }

    /// Sends a call whose answer has no body.
    pub async fn empty(&self, request: Request) -> Result<(), Error> {
        self.execute(request).await.map(|_| ())
    }

    /// Sends a call, retrying as the policy allows, and returns a success answer.
    pub async fn execute(&self, request: Request) -> Result<Answer, Error> {
        let url = request.url(&self.base);
        let parsed = reqwest::Url::parse(&url).map_err(|e| Error::Config(format!("invalid URL {url}: {e}")))?;
        let retry = self.config.retry;
        let mut attempt = 1;
        loop {
            let result = self.send_once(&request, &parsed).await;
            let retryable = request.idempotent() && attempt < retry.max_attempts.max(1);
            match result {
                Ok(response) => {
                    let status = response.status();
                    if status.is_success() {
                        let body = response.bytes().await.map_err(|e| self.transport(e))?.to_vec();
                        return Ok(Answer { status: status.as_u16(), body });
                    }
                    if retryable && (status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error()) {
                        let wait = retry_after(response.headers()).unwrap_or_else(|| backoff(&retry, attempt));
                        tokio::time::sleep(wait).await;
                        attempt += 1;
                        continue;
                    }
                    let headers = response.headers().clone();
                    let body = response.text().await.unwrap_or_default();
                    return Err(Error::Status(Box::new(StatusError::new(status.as_u16(), headers, body))));
                }
                Err(e) if retryable && (e.is_connect() || e.is_timeout()) => {
                    tokio::time::sleep(backoff(&retry, attempt)).await;
                    attempt += 1;
                }
                Err(e) => return Err(self.transport(e)),
            }
        }
    }

    fn transport(&self, e: reqwest::Error) -> Error {
        if e.is_timeout() {
            Error::Timeout(self.config.timeout)
        } else {
            Error::Transport(e)
        }
    }

    async fn send_once(&self, request: &Request, url: &reqwest::Url) -> Result<reqwest::Response, reqwest::Error> {
        // A new timestamp and signature per attempt: the server checks their age.
        let timestamp = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_millis().to_string();
        let credentials = &self.config.credentials;
        let signature = credentials.sign(request.method.as_str(), url.as_str(), &timestamp);
        let mut headers = HeaderMap::new();
        let mut put = |name: &'static str, value: &str| {
            if let Ok(v) = HeaderValue::from_str(value) {
                headers.insert(HeaderName::from_static(name), v);
            }
        };
        put("scp-accesskey", credentials.access_key());
        put("scp-signature", &signature);
        put("scp-timestamp", &timestamp);
        put("scp-clienttype", CLIENT_TYPE);
        put("scp-api-version", request.api_version);
        if let Some(account) = credentials.account_id() {
            put("scp-accountid", account);
        }
        if let Ok(v) = HeaderValue::from_str(&self.config.language) {
            headers.insert(ACCEPT_LANGUAGE, v);
        }
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        for (name, value) in &request.headers {
            if let Ok(v) = HeaderValue::from_str(value) {
                headers.insert(name.clone(), v);
            }
        }
        let mut builder = self.http.request(request.method.clone(), url.clone()).headers(headers);
        if let Some(body) = &request.body {
            builder = builder.header(CONTENT_TYPE, "application/json").body(body.clone());
        }
        builder.send().await
    }
}

/// `Retry-After` in seconds, when the server sent one.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let secs: u64 = headers.get(RETRY_AFTER)?.to_str().ok()?.trim().parse().ok()?;
    Some(Duration::from_secs(secs.min(60)))
}

/// Exponential backoff with full jitter: a random wait up to `initial * 2^(attempt-1)`.
fn backoff(policy: &super::config::RetryPolicy, attempt: u32) -> Duration {
    let cap = policy.initial_backoff.saturating_mul(1u32 << (attempt - 1).min(16)).min(policy.max_backoff);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u32(attempt);
    let fraction = (hasher.finish() % 1_000_001) as f64 / 1_000_000.0;
    cap.mul_f64(fraction)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_sort_and_form_encode_the_query() {
        let mut r = Request::new(Method::GET, "/v1/vpcs".into(), "vpc 1.0");
        r.query("sort", Some("created_at:desc".into()));
        r.query("limit", Some("20".into()));
        r.query("name", None);
        assert_eq!(r.url("https://vpc.kr-west1.e.samsungsdscloud.com"), "https://vpc.kr-west1.e.samsungsdscloud.com/v1/vpcs?limit=20&sort=created_at%3Adesc");
        assert_eq!(path_segment("a b/c"), "a%20b%2Fc");
    }
}
