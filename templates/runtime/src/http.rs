//! Executing a call: URL building, SCP headers and signature, timeouts, retries, decoding.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::time::Instant;
use tracing::Instrument as _;

use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, ACCEPT_LANGUAGE, CONTENT_LENGTH, CONTENT_TYPE,
    COOKIE, HOST, RETRY_AFTER, TRANSFER_ENCODING,
};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::auth::CLIENT_TYPE;
use super::binary::Binary;
use super::config::{Config, Overrides, RetryPolicy, ServiceEndpoint, SharedConfig};
use super::error::{request_id_header, Error, StatusError};
use super::output::{Metadata, Output};
use super::style::{self, Style};

/// A header value that reaches the server unchanged, or why it would not: only visible ASCII
/// and inner spaces. A control character (a line break would end the header), a non-ASCII
/// character (raw bytes servers read differently) and leading or trailing white space (which
/// HTTP drops, so the server would see, and check the signature against, another value) are
/// refused.
pub(crate) fn header_value(value: &str) -> Result<HeaderValue, String> {
    if let Some(c) = value.chars().find(|c| !(c.is_ascii_graphic() || *c == ' ')) {
        return Err(if c.is_ascii() {
            format!("contains the control character {c:?}")
        } else {
            format!("contains the non-ASCII character {c:?}")
        });
    }
    if value.starts_with(' ') || value.ends_with(' ') {
        return Err("begins or ends with a space, which HTTP drops".into());
    }
    HeaderValue::from_str(value).map_err(|e| e.to_string())
}

// The headers the client sets itself. Constants, so that a bad name fails to compile rather
// than panicking at run time.
const SCP_ACCESS_KEY: HeaderName = HeaderName::from_static("scp-accesskey");
const SCP_SIGNATURE: HeaderName = HeaderName::from_static("scp-signature");
const SCP_TIMESTAMP: HeaderName = HeaderName::from_static("scp-timestamp");
const SCP_CLIENT_TYPE: HeaderName = HeaderName::from_static("scp-clienttype");
const SCP_API_VERSION: HeaderName = HeaderName::from_static("scp-api-version");
const SCP_ACCOUNT_ID: HeaderName = HeaderName::from_static("scp-accountid");

/// Header parameters may not replace what signs or frames the call.
fn reserved(name: &HeaderName) -> bool {
    [
        &SCP_ACCESS_KEY,
        &SCP_SIGNATURE,
        &SCP_TIMESTAMP,
        &SCP_CLIENT_TYPE,
        &SCP_API_VERSION,
        &SCP_ACCOUNT_ID,
        &CONTENT_TYPE,
        &CONTENT_LENGTH,
        &TRANSFER_ENCODING,
        &HOST,
        &COOKIE,
    ]
    .contains(&name)
}

/// One call, before it is signed and sent.
#[derive(Debug)]
pub struct Request {
    method: Method,
    path: String,
    /// Query pairs, encoded (a style's separators stay as they are).
    query: Vec<(String, String)>,
    headers: Vec<(HeaderName, HeaderValue)>,
    /// `name=value` pairs of cookie parameters, encoded: one `Cookie` header.
    cookies: Vec<String>,
    /// The body and its media type.
    body: Option<(bytes::Bytes, String)>,
    /// The media types the call accepts in its answer.
    accept: &'static str,
    api_version: &'static str,
    /// The operation id, for the call's tracing span (empty when the caller set none).
    operation: &'static str,
    /// The first header parameter that cannot be sent: the call fails with it, unsent.
    invalid: Option<Error>,
    /// The call's changes of the configuration.
    overrides: Overrides,
}

impl Request {
    /// A call of `method` on `path` (its parameters already encoded) for an API version
    /// (`Scp-Api-Version`, e.g. `apigateway 1.2`).
    pub fn new(method: Method, path: String, api_version: &'static str) -> Self {
        Request {
            method,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            cookies: Vec::new(),
            body: None,
            accept: "application/json",
            api_version,
            operation: "",
            invalid: None,
            overrides: Overrides::default(),
        }
    }

    /// The operation id (`listApis`) the call's tracing span names.
    pub fn operation(mut self, id: &'static str) -> Self {
        self.operation = id;
        self
    }

    /// A query parameter, when it has a value (form-encoded).
    pub fn query(&mut self, name: &str, value: Option<String>) {
        if let Some(v) = value {
            self.query.push((style::form(name), style::form(&v)));
        }
    }

    /// A query parameter in its style (see [`crate::style`]); nothing for `None`.
    pub fn query_param<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        style: Style,
        explode: bool,
        value: &T,
    ) -> Result<(), Error> {
        self.query
            .extend(style::query(name, style, explode, value)?);
        Ok(())
    }

    /// A header parameter in the simple style (see [`Request::header`] for what cannot be
    /// sent); nothing for `None`.
    pub fn header_param<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        explode: bool,
        value: &T,
    ) -> Result<(), Error> {
        let text = style::header(name, explode, value)?;
        self.header(name, text);
        Ok(())
    }

    /// A cookie parameter in the form style, one pair of the `Cookie` header; nothing for
    /// `None`.
    pub fn cookie_param<T: Serialize + ?Sized>(
        &mut self,
        name: &str,
        explode: bool,
        value: &T,
    ) -> Result<(), Error> {
        self.cookies.extend(style::cookie(name, explode, value)?);
        Ok(())
    }

    /// A header parameter, when it has a value. A name or value no header can carry (see
    /// the checks of the client's own headers), or a header the client sets itself, is not
    /// sent: sending the call fails with [`Error::Validation`] at `header.<name>`, before
    /// anything goes out.
    pub fn header(&mut self, name: &str, value: Option<String>) {
        let Some(value) = value else {
            return;
        };
        let checked = match HeaderName::from_bytes(name.as_bytes()) {
            Err(_) => Err("is not a valid header name".to_string()),
            Ok(n) if reserved(&n) => Err("is set by the client itself".to_string()),
            // The value is not shown: it may be a token.
            Ok(n) => header_value(&value)
                .map(|v| (n, v))
                .map_err(|why| format!("the value {why}")),
        };
        match checked {
            Ok(pair) => self.headers.push(pair),
            // Kept for `execute` rather than returned: the generated calls set headers as
            // statements, and the first problem is the one reported.
            Err(message) => {
                if self.invalid.is_none() {
                    self.invalid = Some(Error::Validation {
                        field: format!("header.{name}"),
                        message,
                    });
                }
            }
        }
    }

    /// The call's changes of the client's configuration (a builder's `overrides`).
    pub fn with_overrides(mut self, overrides: Overrides) -> Self {
        self.overrides = overrides;
        self
    }

    /// The media types the answer may come in (`application/json` unless set).
    pub fn accept(mut self, media_types: &'static str) -> Self {
        self.accept = media_types;
        self
    }

    /// The JSON body.
    pub fn json<T: Serialize + ?Sized>(&mut self, body: &T) -> Result<(), Error> {
        self.json_as(body, "application/json")
    }

    /// A JSON body of another JSON media type (`application/merge-patch+json`).
    pub fn json_as<T: Serialize + ?Sized>(
        &mut self,
        body: &T,
        media_type: &str,
    ) -> Result<(), Error> {
        let bytes = serde_json::to_vec(body).map_err(|e| Error::Validation {
            field: "body".into(),
            message: e.to_string(),
        })?;
        self.body = Some((bytes.into(), media_type.to_string()));
        Ok(())
    }

    /// An `application/x-www-form-urlencoded` body (see [`crate::body::form`]).
    pub fn form<T: Serialize + ?Sized>(&mut self, body: &T) -> Result<(), Error> {
        let bytes = crate::body::form(body)?;
        self.body = Some((
            bytes.into(),
            "application/x-www-form-urlencoded".to_string(),
        ));
        Ok(())
    }

    /// A `multipart/form-data` body (see [`crate::body::multipart`]).
    pub fn multipart<T: Serialize + ?Sized>(&mut self, body: &T) -> Result<(), Error> {
        let (bytes, boundary) = crate::body::multipart(body)?;
        self.body = Some((
            bytes.into(),
            format!("multipart/form-data; boundary={boundary}"),
        ));
        Ok(())
    }

    /// A text body of a `text/*` media type.
    pub fn text(&mut self, body: &str, media_type: &str) {
        self.body = Some((body.to_string().into(), media_type.to_string()));
    }

    /// A body of bytes, sent with the binary's own media type when it has one, else
    /// `media_type` (the documented one).
    pub fn bytes(&mut self, body: &Binary, media_type: &str) {
        match body.sendable_media_type() {
            Ok(own) => {
                let media = own.unwrap_or(media_type).to_string();
                self.body = Some((body.clone().into_bytes(), media));
            }
            // Kept for `execute`, as a header value that cannot be sent is.
            Err(message) => {
                self.invalid.get_or_insert(Error::Validation {
                    field: "body".into(),
                    message,
                });
            }
        }
    }

    /// The full URL as it will be sent and signed: query keys sorted (stably, so repeated
    /// keys keep their order), values form-encoded, as SCP's official SDK does.
    pub fn url(&self, base: &str) -> String {
        let mut url = format!("{base}{}", self.path);
        if !self.query.is_empty() {
            let mut pairs: Vec<&(String, String)> = self.query.iter().collect();
            pairs.sort_by(|a, b| a.0.cmp(&b.0));
            let encoded: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
            url.push('?');
            url.push_str(&encoded.join("&"));
        }
        url
    }

    fn idempotent(&self) -> bool {
        matches!(
            self.method,
            Method::GET | Method::HEAD | Method::OPTIONS | Method::PUT | Method::DELETE
        )
    }
}

/// A success answer, undecoded.
#[derive(Debug)]
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// The answer's headers.
    pub headers: HeaderMap,
    /// The body.
    pub body: bytes::Bytes,
}

impl Answer {
    /// The answer's `Content-Type`, when it has one.
    pub fn content_type(&self) -> Option<&str> {
        self.headers.get(CONTENT_TYPE)?.to_str().ok()
    }

    /// The answer's metadata, with the values the client filled in.
    fn metadata(self, filled: Vec<String>) -> (Metadata, bytes::Bytes) {
        (Metadata::new(self.status, self.headers, filled), self.body)
    }
}

/// The HTTP side of a service client: the shared configuration (with its connection pool)
/// and the service's base URL.
#[derive(Debug)]
pub struct Runtime {
    shared: SharedConfig,
    base: String,
    /// The path of `base` as the URL parser writes it, without a trailing `/`.
    base_path: String,
}

/// What one attempt ended with, when it did not succeed: the error, and the wait a
/// `Retry-After` header asked for.
struct Failure {
    error: Error,
    retry_after: Option<Duration>,
}

impl Runtime {
    /// A runtime for a service endpoint with a shared configuration (already checked by
    /// [`SharedConfig::new`]); [`Error::Config`] for an endpoint that is no URL or an
    /// undocumented environment or region.
    pub fn new(shared: &SharedConfig, endpoint: &ServiceEndpoint) -> Result<Self, Error> {
        let base = endpoint.base_url(shared.config())?;
        Runtime::at(shared, base)
    }

    /// The same configuration and connection pool with another base URL (one service's
    /// endpoint override).
    pub fn with_endpoint(&self, endpoint: &str) -> Result<Self, Error> {
        Runtime::at(&self.shared, endpoint.to_string())
    }

    fn at(shared: &SharedConfig, base: String) -> Result<Self, Error> {
        let (base, base_path) = endpoint(&base)?;
        Ok(Runtime {
            shared: shared.clone(),
            base,
            base_path,
        })
    }

    /// The base URL calls go to.
    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// The shared configuration this runtime sends with.
    pub fn shared_config(&self) -> &SharedConfig {
        &self.shared
    }

    fn config(&self) -> &Config {
        self.shared.config()
    }

    /// The most pages one listing fetches ([`Config::with_max_pages`]).
    pub fn max_pages(&self) -> u32 {
        self.config().max_pages
    }

    /// Whether a call with these overrides checks the documented constraints of its values
    /// ([`Config::with_constraint_checks`]).
    pub fn check_constraints(&self, overrides: &Overrides) -> bool {
        overrides
            .check_constraints
            .unwrap_or(self.config().check_constraints)
    }

    /// Sends a call and decodes its JSON answer.
    ///
    /// Decoding is lenient (see [`crate::lenient`]): a required value the answer leaves out
    /// or sends as `null` holds its zero value, the output names it
    /// ([`Output::filled`]) and the call logs a `tracing` warning naming it. A strict call
    /// ([`Config::with_strict_answers`]) fails with [`Error::Decode`] instead.
    pub async fn json<T: DeserializeOwned + Serialize>(
        &self,
        request: Request,
    ) -> Result<Output<T>, Error> {
        let operation = request.operation;
        let api_version = request.api_version;
        let strict = request
            .overrides
            .strict_answers
            .unwrap_or(self.config().strict_answers);
        let answer = self.execute(request).await?;
        let status = answer.status;
        let decode_error = |source| Error::Decode {
            status,
            body: String::from_utf8_lossy(&answer.body).into_owned(),
            source,
        };
        let sent: serde_json::Value = serde_json::from_slice(&answer.body).map_err(decode_error)?;
        let (decoded, corrected) = crate::lenient::decode_value::<T>(&sent);
        let value = decoded.map_err(decode_error)?;
        let filled = if corrected > 0 {
            let again = serde_json::to_value(&value).unwrap_or_default();
            crate::output::filled_paths(&sent, &again)
        } else {
            Vec::new()
        };
        // The count decides (a correction the paths cannot show still is one).
        if corrected > 0 {
            if strict {
                let which = if filled.is_empty() {
                    format!("{corrected} of them")
                } else {
                    filled.join(", ")
                };
                return Err(decode_error(serde::de::Error::custom(format!(
                    "the answer lacks required values (missing or null): {which}"
                ))));
            }
            tracing::warn!(
                operation,
                api_version,
                corrected,
                filled = %shown(&filled),
                "the answer lacked required values (missing or null); they hold zero values, listed by the output's filled()"
            );
        }
        let (metadata, _) = answer.metadata(filled);
        Ok(Output::new(value, metadata))
    }

    /// Sends a call and returns its answer as text (a `text/*` answer); an answer that is
    /// not UTF-8 is an [`Error::Decode`].
    pub async fn text(&self, request: Request) -> Result<Output<String>, Error> {
        let answer = self.execute(request).await?;
        let status = answer.status;
        let (metadata, body) = answer.metadata(Vec::new());
        match String::from_utf8(Vec::from(body)) {
            Ok(text) => Ok(Output::new(text, metadata)),
            Err(e) => Err(Error::Decode {
                status,
                source: serde::de::Error::custom(format!("the text answer is not UTF-8: {e}")),
                body: String::from_utf8_lossy(e.as_bytes()).into_owned(),
            }),
        }
    }

    /// Sends a call and returns its answer's bytes, with its `Content-Type`.
    pub async fn binary(&self, request: Request) -> Result<Output<Binary>, Error> {
        let answer = self.execute(request).await?;
        let media_type = answer.content_type().map(String::from);
        let (metadata, body) = answer.metadata(Vec::new());
        let binary = Binary::new(body);
        let binary = match media_type {
            Some(t) => binary.with_media_type(t),
            None => binary,
        };
        Ok(Output::new(binary, metadata))
    }

    /// Sends a call whose answer has no body.
    pub async fn empty(&self, request: Request) -> Result<Output<()>, Error> {
        let answer = self.execute(request).await?;
        Ok(Output::new((), answer.metadata(Vec::new()).0))
    }

    /// Sends a call, retrying as the policy allows within the deadline, and returns a
    /// success answer. A header parameter that cannot be sent, or a path the URL parser
    /// would change, fails the call with [`Error::Validation`] before anything is sent.
    ///
    /// Each call is one `tracing` span `scp_call` (operation, API version, method, path),
    /// and each attempt a span `scp_attempt` inside it (its number, then its status and
    /// request id as they become known), with a debug event per retry.
    pub async fn execute(&self, request: Request) -> Result<Answer, Error> {
        let span = tracing::info_span!(
            "scp_call",
            operation = request.operation,
            api_version = request.api_version,
            method = %request.method,
            path = %request.path,
        );
        self.execute_in(request, &span)
            .instrument(span.clone())
            .await
    }

    async fn execute_in(
        &self,
        mut request: Request,
        span: &tracing::Span,
    ) -> Result<Answer, Error> {
        if let Some(e) = request.invalid.take() {
            return Err(e);
        }
        // A call's own endpoint replaces the client's.
        let (base, base_path) = match &request.overrides.endpoint {
            Some(e) => endpoint(e)?,
            None => (self.base.clone(), self.base_path.clone()),
        };
        let url = request.url(&base);
        let parsed = reqwest::Url::parse(&url)
            .map_err(|e| Error::Config(format!("invalid URL {url}: {e}")))?;
        // `style::path` keeps every parameter one segment; this holds for the whole path,
        // literal parts included: what is sent (and signed) is the path the call names.
        let expected = format!("{base_path}{}", request.path);
        if parsed.path() != expected {
            return Err(Error::Validation {
                field: "path".into(),
                message: format!(
                    "the URL parser would send the path {} instead of {expected}",
                    parsed.path()
                ),
            });
        }
        let config = self.config();
        let o = &request.overrides;
        let retry = o.retry.unwrap_or(config.retry);
        let max_attempts = retry.max_attempts.max(1);
        let configured_timeout = o.timeout.unwrap_or(config.timeout);
        let deadline = o
            .deadline
            .or(config.deadline)
            .map(|d| (d, Instant::now() + d));
        let mut attempt = 1;
        // The error of the attempt before, for when the deadline cuts the next one short: the
        // caller is better served by the last answer than by "no answer in the time left".
        let mut previous: Option<Error> = None;
        loop {
            // An attempt never outlasts the deadline: its timeout is what is left of it.
            let timeout = match deadline {
                Some((_, end)) => {
                    configured_timeout.min(end.saturating_duration_since(Instant::now()))
                }
                None => configured_timeout,
            };
            let headers = self.headers(&request, &parsed)?;
            let attempt_span = tracing::debug_span!(
                parent: span,
                "scp_attempt",
                attempt,
                status = tracing::field::Empty,
                request_id = tracing::field::Empty,
            );
            let failure = match self
                .attempt(&request, &parsed, headers, timeout, &attempt_span)
                .instrument(attempt_span.clone())
                .await
            {
                Ok(answer) => return Ok(answer),
                Err(failure) => failure,
            };
            let error = failure.error;
            if let Some((limit, end)) = deadline {
                if Instant::now() >= end {
                    let cut_short =
                        timeout < configured_timeout && matches!(error, Error::Timeout(_));
                    let last = match previous {
                        Some(p) if cut_short => p,
                        _ => error,
                    };
                    return Err(Error::DeadlineExceeded {
                        deadline: limit,
                        attempts: attempt,
                        last: Some(Box::new(last)),
                        wait: None,
                    });
                }
            }
            // 429 and a failed connection mean the server did not act on the call: safe to
            // repeat whatever the method. Other failures only for idempotent methods.
            let unprocessed = error.status() == Some(429) || error.is_connect();
            if !(error.is_retryable() && (unprocessed || request.idempotent())) {
                return Err(error);
            }
            if attempt >= max_attempts {
                return Err(if attempt > 1 {
                    Error::RetriesExhausted {
                        attempts: attempt,
                        last: Box::new(error),
                    }
                } else {
                    error
                });
            }
            let wait = failure
                .retry_after
                .map_or_else(|| backoff(&retry, attempt), |w| w.min(retry.max_backoff));
            // A wait that would pass the deadline ends the call now, and says so.
            if let Some((limit, end)) = deadline {
                if Instant::now() + wait >= end {
                    return Err(Error::DeadlineExceeded {
                        deadline: limit,
                        attempts: attempt,
                        last: Some(Box::new(error)),
                        wait: Some(wait),
                    });
                }
            }
            tracing::debug!(attempt, wait_ms = wait.as_millis() as u64, error = %error, "retrying");
            previous = Some(error);
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// One attempt: send, and read the answer within `timeout`.
    async fn attempt(
        &self,
        request: &Request,
        url: &reqwest::Url,
        headers: HeaderMap,
        timeout: Duration,
        span: &tracing::Span,
    ) -> Result<Answer, Failure> {
        let fail = |error| Failure {
            error,
            retry_after: None,
        };
        let response = self
            .send_once(request, url, headers, timeout)
            .await
            .map_err(|e| fail(self.transport(e, timeout)))?;
        let status = response.status();
        span.record("status", status.as_u16());
        if let Some(id) = request_id_header(response.headers()) {
            span.record("request_id", id);
        }
        if status.is_success() {
            let headers = response.headers().clone();
            let body = response
                .bytes()
                .await
                .map_err(|e| fail(self.transport(e, timeout)))?;
            return Ok(Answer {
                status: status.as_u16(),
                headers,
                body,
            });
        }
        let retry_after = retry_after(response.headers(), SystemTime::now());
        let headers = response.headers().clone();
        let body = response.text().await.unwrap_or_default();
        let mut error = StatusError::new(status.as_u16(), headers, body);
        error.idempotent = request.idempotent();
        if let Some(id) = error.request_id() {
            span.record("request_id", id);
        }
        Err(Failure {
            error: Error::Status(Box::new(error)),
            retry_after,
        })
    }

    /// A reqwest error as the runtime reports it: a timeout while connecting, a timeout
    /// after (the attempt's `timeout`), or another transport error.
    fn transport(&self, e: reqwest::Error, timeout: Duration) -> Error {
        match (e.is_connect(), e.is_timeout()) {
            // The configured connect timeout only binds the runtime's own HTTP client.
            (true, true) => Error::ConnectTimeout(
                self.config()
                    .http
                    .is_none()
                    .then_some(self.config().connect_timeout),
            ),
            (false, true) => Error::Timeout(timeout),
            _ => Error::Transport(e),
        }
    }

    /// The headers of one attempt: a new timestamp and signature each time, since the server
    /// checks their age. Values that cannot be sent are an error, never left out (a missing
    /// header would only show as a confusing 401).
    fn headers(&self, request: &Request, url: &reqwest::Url) -> Result<HeaderMap, Error> {
        let timestamp = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_millis()
            .to_string();
        // Asked for each attempt: a provider's keys may rotate between calls.
        let credentials = self.config().credentials.credentials()?;
        crate::config::check_credentials(&credentials)?;
        let signature = credentials.sign(request.method.as_str(), url.as_str(), &timestamp);
        let mut headers = HeaderMap::new();
        // `Config::check` let only sendable values into the runtime; this keeps it so.
        let mut put = |name: HeaderName, value: &str| -> Result<(), Error> {
            let v = header_value(value)
                .map_err(|why| Error::Config(format!("{name} cannot be sent: it {why}")))?;
            headers.insert(name, v);
            Ok(())
        };
        put(SCP_ACCESS_KEY, credentials.access_key())?;
        put(SCP_SIGNATURE, &signature)?;
        put(SCP_TIMESTAMP, &timestamp)?;
        put(SCP_CLIENT_TYPE, CLIENT_TYPE)?;
        put(SCP_API_VERSION, request.api_version)?;
        if let Some(account) = credentials.account_id() {
            put(SCP_ACCOUNT_ID, account)?;
        }
        put(ACCEPT_LANGUAGE, &self.config().language)?;
        if !request.cookies.is_empty() {
            put(COOKIE, &request.cookies.join("; "))?;
        }
        put(ACCEPT, request.accept)?;
        for (name, value) in &request.headers {
            headers.insert(name.clone(), value.clone());
        }
        Ok(headers)
    }

    async fn send_once(
        &self,
        request: &Request,
        url: &reqwest::Url,
        headers: HeaderMap,
        timeout: Duration,
    ) -> Result<reqwest::Response, reqwest::Error> {
        let mut builder = self
            .shared
            .http_client()
            .request(request.method.clone(), url.clone())
            .headers(headers)
            .timeout(timeout);
        if let Some((body, media_type)) = &request.body {
            builder = builder
                .header(CONTENT_TYPE, media_type.as_str())
                .body(body.clone());
        }
        builder.send().await
    }
}

/// An endpoint as calls are made to it: its URL without a trailing `/`, and its path as the
/// URL parser writes it (what every call's path must start with).
fn endpoint(url: &str) -> Result<(String, String), Error> {
    let base = url.trim_end_matches('/').to_string();
    let path = reqwest::Url::parse(&base)
        .map_err(|e| Error::Config(format!("invalid endpoint {base}: {e}")))?
        .path()
        .trim_end_matches('/')
        .to_string();
    Ok((base, path))
}

/// The first names of a list, for a log line (an answer may lack a value in each of its
/// thousand items).
fn shown(names: &[String]) -> String {
    const SHOWN: usize = 10;
    match names.len() {
        n if n <= SHOWN => names.join(", "),
        n => format!("{}, and {} more", names[..SHOWN].join(", "), n - SHOWN),
    }
}

/// The wait `Retry-After` asks for, when the server sent one: delay seconds, or an
/// HTTP-date (all three formats HTTP allows), which is a wait from `now` (none when past).
/// Capping it is the caller's (the policy's `max_backoff`).
fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    // An HTTP-date (RFC 9110 5.6.7): IMF-fixdate, or the obsolete RFC 850 and asctime
    // forms that recipients must accept too; httpdate reads all three.
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Exponential backoff with full jitter: a random wait up to `initial * 2^(attempt-1)`.
fn backoff(policy: &RetryPolicy, attempt: u32) -> Duration {
    let cap = policy
        .initial_backoff
        .saturating_mul(1u32 << (attempt - 1).min(16))
        .min(policy.max_backoff);
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u32(attempt);
    let fraction = (hasher.finish() % 1_000_001) as f64 / 1_000_000.0;
    cap.mul_f64(fraction)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A path value in the simple style: what a path parameter of text becomes.
    fn path_segment(name: &str, value: &str) -> Result<String, Error> {
        style::path(name, Style::Simple, false, value)
    }

    #[test]
    fn urls_sort_and_form_encode_the_query() {
        let mut r = Request::new(Method::GET, "/v1/vpcs".into(), "vpc 1.0");
        r.query("sort", Some("created_at:desc".into()));
        r.query("limit", Some("20".into()));
        r.query("name", None);
        assert_eq!(
            r.url("https://vpc.kr-west1.e.samsungsdscloud.com"),
            "https://vpc.kr-west1.e.samsungsdscloud.com/v1/vpcs?limit=20&sort=created_at%3Adesc"
        );
        assert_eq!(
            path_segment("id", "a b/c").ok().as_deref(),
            Some("a%20b%2Fc")
        );
    }

    fn path_of(segment: &str) -> String {
        match reqwest::Url::parse(&format!("https://h/v1/apis/{segment}/stages")) {
            Ok(url) => url.path().to_string(),
            Err(e) => format!("unparsable: {e}"),
        }
    }

    #[test]
    fn the_url_parser_removes_dot_segments_even_percent_encoded() {
        // Why `.` and `..` are refused rather than encoded: every spelling is removed.
        for dots in [".", "%2e", "%2E", "..", ".%2e", "%2e.", "%2E%2E"] {
            assert_ne!(path_of(dots), format!("/v1/apis/{dots}/stages"), "{dots}");
        }
    }

    #[test]
    fn path_segments_stay_one_segment_or_are_refused() {
        for value in [
            "...", ".a", "a.", "%2e", "%2E%2E", ".%2e", "a/b", "a\\b", "?q#f", "a b", "\u{e9}",
            "\t", "%", ";x",
        ] {
            let segment = path_segment("id", value).unwrap_or_else(|e| panic!("{value:?}: {e}"));
            assert_eq!(
                path_of(&segment),
                format!("/v1/apis/{segment}/stages"),
                "{value:?}"
            );
            let decoded = percent_encoding::percent_decode_str(&segment).decode_utf8_lossy();
            assert_eq!(decoded, value);
        }
        for value in ["", ".", ".."] {
            match path_segment("api_id", value) {
                Err(Error::Validation { field, .. }) => assert_eq!(field, "path.api_id"),
                other => panic!("{value:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn retry_after_reads_seconds_and_every_http_date_format() {
        let now = UNIX_EPOCH + Duration::from_secs(784_111_770); // Sun, 06 Nov 1994 08:49:30 GMT
        let at = |v: &'static str| {
            let mut h = HeaderMap::new();
            h.insert(RETRY_AFTER, HeaderValue::from_static(v));
            retry_after(&h, now)
        };
        assert_eq!(at("3"), Some(Duration::from_secs(3)));
        assert_eq!(
            at("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            at("Sunday, 06-Nov-94 08:49:37 GMT"),
            Some(Duration::from_secs(7))
        );
        assert_eq!(at("Sun Nov  6 08:49:37 1994"), Some(Duration::from_secs(7)));
        assert_eq!(
            at("Sun, 06 Nov 1994 08:00:00 GMT"),
            Some(Duration::ZERO),
            "a past date: no wait"
        );
        assert_eq!(at("soon"), None);
    }

    #[test]
    fn header_values_must_reach_the_server_unchanged() {
        assert!(header_value("AKIA-123 abc").is_ok());
        assert!(header_value("").is_ok());
        for bad in [
            "a\nb",
            "a\rb",
            "\0",
            "tab\t",
            "caf\u{e9}",
            " lead",
            "trail ",
            "del\u{7f}",
        ] {
            assert!(header_value(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn bad_header_parameters_are_kept_as_the_call_error() {
        let mut r = Request::new(Method::GET, "/v1/x".into(), "x 1.0");
        r.header("x-ok", Some("fine".into()));
        r.header("x-none", None);
        r.header("bad name", Some("v".into()));
        r.header("x-line", Some("a\nb".into()));
        r.header("Scp-Signature", Some("forged".into()));
        assert_eq!(r.headers.len(), 1);
        match &r.invalid {
            Some(Error::Validation { field, message }) => {
                assert_eq!(field, "header.bad name");
                assert!(message.contains("header name"), "{message}");
            }
            other => panic!("{other:?}"),
        }
        let mut r = Request::new(Method::GET, "/v1/x".into(), "x 1.0");
        r.header("Scp-Signature", Some("forged".into()));
        assert!(
            matches!(&r.invalid, Some(Error::Validation { field, .. }) if field == "header.Scp-Signature")
        );
    }
}
