//! The one error type of every service client: a function calling several services can `?`
//! them all into `Result<_, scp_runtime::Error>`.

use std::fmt;
use std::time::Duration;

use serde::Deserialize;

/// Everything a call can fail with.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The client is misconfigured (missing credentials, an unknown region...).
    Config(String),
    /// A request value breaks a documented constraint; nothing was sent.
    Validation {
        /// Where the value is (`body.name`, `query.size`).
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// The request could not be sent or the answer not received (DNS, connection refused,
    /// TLS...); [`Error::is_connect`] tells whether the connection was never made.
    Transport(reqwest::Error),
    /// No answer within the configured per-attempt timeout (the connection was made).
    Timeout(Duration),
    /// No connection within the connect timeout (nothing was sent): the configured one, or
    /// `None` for a client given by `Config::with_http_client`, whose own setting applies.
    ConnectTimeout(Option<Duration>),
    /// The server answered with a non-success status.
    Status(Box<StatusError>),
    /// A success answer whose body does not match the documented schema.
    Decode {
        /// The HTTP status of the answer.
        status: u16,
        /// The raw body, kept for inspection.
        body: String,
        /// What serde could not read.
        source: serde_json::Error,
    },
    /// A listing (`into_stream`) the server's pages cannot complete: a page that repeats the
    /// one before it, an empty page before the `count` the server reported, or more pages
    /// than `Config::with_max_pages` allows. The items before it were yielded.
    Pagination {
        /// The page number (the `page` query value) the listing stopped at.
        page: i64,
        /// What went wrong.
        message: String,
    },
    /// Every attempt the retry policy allows failed; `last` is the last attempt's error.
    RetriesExhausted {
        /// The attempts made, the first included.
        attempts: u32,
        /// The last attempt's error.
        last: Box<Error>,
    },
    /// The call's deadline (`Config::with_deadline`) passed before it succeeded.
    DeadlineExceeded {
        /// The deadline.
        deadline: Duration,
        /// The attempts made, the first included.
        attempts: u32,
        /// The last attempt's error, when an attempt ended before the deadline did.
        last: Option<Box<Error>>,
    },
}

/// A non-success answer: status, headers and raw body, plus SCP's error list when the body
/// has one (`{"errors": [...]}`).
#[derive(Debug)]
pub struct StatusError {
    /// The HTTP status code.
    pub status: u16,
    /// The answer's headers.
    pub headers: reqwest::header::HeaderMap,
    /// The raw body.
    pub body: String,
    /// The errors of an SCP error body; empty when the body is not shaped so.
    pub errors: Vec<ApiError>,
}

/// One entry of SCP's `{"errors": [...]}` body.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct ApiError {
    /// A machine-readable error code.
    #[serde(default)]
    pub code: Option<String>,
    /// A short summary.
    #[serde(default)]
    pub title: Option<String>,
    /// Details: a string or a list of strings.
    #[serde(default)]
    pub detail: Option<serde_json::Value>,
    /// The HTTP status, as the server wrote it.
    #[serde(default)]
    pub status: Option<serde_json::Value>,
    /// The request id to give SCP support.
    #[serde(default)]
    pub request_id: Option<String>,
}

#[derive(Deserialize)]
struct ErrorBody {
    errors: Vec<ApiError>,
}

impl StatusError {
    pub(crate) fn new(status: u16, headers: reqwest::header::HeaderMap, body: String) -> Self {
        let errors = serde_json::from_str::<ErrorBody>(&body)
            .map(|b| b.errors)
            .unwrap_or_default();
        StatusError {
            status,
            headers,
            body,
            errors,
        }
    }
}

/// The answer headers that may carry a request id, when the error body has none.
const REQUEST_ID_HEADERS: &[&str] = &["x-request-id", "x-scp-request-id", "request-id"];

impl StatusError {
    /// SCP's error code: the first entry's `code` in the error body.
    pub fn code(&self) -> Option<&str> {
        self.errors.iter().find_map(|e| e.code.as_deref())
    }

    /// The request id to give SCP support: the error body's `request_id`, else a
    /// request-id answer header (`x-request-id`, `x-scp-request-id`, `request-id`).
    pub fn request_id(&self) -> Option<&str> {
        self.errors
            .iter()
            .find_map(|e| e.request_id.as_deref())
            .or_else(|| request_id_header(&self.headers))
    }
}

/// The request id an answer header carries, if one does.
pub(crate) fn request_id_header(headers: &reqwest::header::HeaderMap) -> Option<&str> {
    REQUEST_ID_HEADERS
        .iter()
        .find_map(|name| headers.get(*name)?.to_str().ok())
}

impl Error {
    /// The error of the last attempt: through [`Error::RetriesExhausted`] and
    /// [`Error::DeadlineExceeded`] (when an attempt ended), else the error itself.
    pub fn last_attempt(&self) -> &Error {
        match self {
            Error::RetriesExhausted { last, .. } => last.last_attempt(),
            Error::DeadlineExceeded {
                last: Some(last), ..
            } => last.last_attempt(),
            other => other,
        }
    }

    /// The HTTP status of an answer that failed, if there was one (of the last attempt).
    pub fn status(&self) -> Option<u16> {
        match self.last_attempt() {
            Error::Status(e) => Some(e.status),
            Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// SCP's error code from the error body (`errors[0].code`), if the answer had one.
    pub fn code(&self) -> Option<&str> {
        match self.last_attempt() {
            Error::Status(e) => e.code(),
            _ => None,
        }
    }

    /// The request id to give SCP support ([`StatusError::request_id`]), if the answer had one.
    pub fn request_id(&self) -> Option<&str> {
        match self.last_attempt() {
            Error::Status(e) => e.request_id(),
            _ => None,
        }
    }

    /// Whether the connection was never made (refused, unreachable, DNS, connect timeout):
    /// nothing was sent.
    pub fn is_connect(&self) -> bool {
        match self.last_attempt() {
            Error::ConnectTimeout(_) => true,
            Error::Transport(e) => e.is_connect(),
            _ => false,
        }
    }

    /// Whether the same call may succeed later: connection failures, timeouts, 429 and 5xx
    /// answers, and connections lost while sending. For [`Error::RetriesExhausted`] and
    /// [`Error::DeadlineExceeded`] it is the last attempt's nature (a later call may still
    /// succeed). Validation, configuration, other statuses and undecodable answers are not.
    pub fn is_retryable(&self) -> bool {
        match self.last_attempt() {
            Error::Timeout(_) | Error::ConnectTimeout(_) => true,
            Error::Transport(e) => e.is_connect() || e.is_timeout() || e.is_request(),
            Error::Status(e) => e.status == 429 || (500..600).contains(&e.status),
            Error::DeadlineExceeded { last: None, .. } => true,
            _ => false,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Config(m) => write!(f, "configuration error: {m}"),
            Error::Validation { field, message } => {
                write!(f, "invalid request: {field}: {message}")
            }
            Error::Transport(e) => write!(f, "transport error: {e}"),
            Error::Timeout(d) => write!(f, "no answer within {d:?}"),
            Error::ConnectTimeout(Some(d)) => {
                write!(f, "connect timeout: no connection within {d:?}")
            }
            Error::ConnectTimeout(None) => write!(
                f,
                "connect timeout: no connection within the HTTP client's connect timeout"
            ),
            Error::Status(e) => {
                write!(f, "HTTP {}", e.status)?;
                if let Some(first) = e.errors.first() {
                    if let Some(title) = &first.title {
                        write!(f, ": {title}")?;
                    }
                    if let Some(code) = &first.code {
                        write!(f, " ({code})")?;
                    }
                }
                Ok(())
            }
            Error::Decode { status, source, .. } => {
                write!(f, "cannot decode the HTTP {status} answer: {source}")
            }
            Error::Pagination { page, message } => {
                write!(f, "listing stopped at page {page}: {message}")
            }
            Error::RetriesExhausted { attempts, last } => {
                write!(f, "retries exhausted after {attempts} attempts: {last}")
            }
            Error::DeadlineExceeded {
                deadline,
                attempts,
                last,
            } => {
                write!(
                    f,
                    "deadline of {deadline:?} exceeded after {attempts} attempt{}",
                    if *attempts == 1 { "" } else { "s" }
                )?;
                match last {
                    Some(last) => write!(f, ": {last}"),
                    None => Ok(()),
                }
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            Error::Decode { source, .. } => Some(source),
            Error::RetriesExhausted { last, .. } => Some(&**last),
            Error::DeadlineExceeded {
                last: Some(last), ..
            } => Some(&**last),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status_error(status: u16, headers: &[(&'static str, &'static str)], body: &str) -> Error {
        let mut map = reqwest::header::HeaderMap::new();
        for (k, v) in headers {
            map.insert(*k, reqwest::header::HeaderValue::from_static(v));
        }
        Error::Status(Box::new(StatusError::new(status, map, body.to_string())))
    }

    #[test]
    fn code_and_request_id_come_from_the_body_else_a_header() {
        let e = status_error(
            409,
            &[("x-request-id", "hdr")],
            r#"{"errors":[{"code":"Conflict","request_id":"body-id"}]}"#,
        );
        assert_eq!(
            (e.status(), e.code(), e.request_id(), e.is_retryable()),
            (Some(409), Some("Conflict"), Some("body-id"), false)
        );
        let e = status_error(503, &[("x-request-id", "hdr")], "busy");
        assert_eq!(
            (e.code(), e.request_id(), e.is_retryable()),
            (None, Some("hdr"), true)
        );
    }

    #[test]
    fn exhausted_retries_say_so_and_keep_the_last_error() {
        let last = status_error(429, &[], r#"{"errors":[{"code":"TooMany"}]}"#);
        let e = Error::RetriesExhausted {
            attempts: 3,
            last: Box::new(last),
        };
        assert_eq!(
            e.to_string(),
            "retries exhausted after 3 attempts: HTTP 429 (TooMany)"
        );
        assert_eq!(
            (e.status(), e.code(), e.is_retryable()),
            (Some(429), Some("TooMany"), true)
        );
        assert!(std::error::Error::source(&e).is_some());
    }
}
