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
        /// The page number (the `page` query value), or the offset, the listing stopped at.
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
    /// The call's deadline (`Config::with_deadline`) passed before it succeeded, or would
    /// pass during the wait before the next attempt (`wait`: the call ended at once rather
    /// than wait for nothing).
    #[non_exhaustive]
    DeadlineExceeded {
        /// The deadline.
        deadline: Duration,
        /// The attempts made, the first included.
        attempts: u32,
        /// The last attempt's error, when an attempt ended before the deadline did.
        last: Option<Box<Error>>,
        /// The wait (backoff or `Retry-After`) the deadline would pass during, when that is
        /// why the call ended.
        wait: Option<Duration>,
    },
}

/// A non-success answer: status, headers and raw body, plus SCP's error list when the body
/// has one (`{"errors": [...]}`).
#[derive(Debug)]
#[non_exhaustive]
pub struct StatusError {
    /// The HTTP status code.
    pub status: u16,
    /// The answer's headers.
    pub headers: reqwest::header::HeaderMap,
    /// The raw body.
    pub body: String,
    /// The errors of an SCP error body; empty when the body is not shaped so.
    pub errors: Vec<ApiError>,
    /// Whether the call may be repeated (its method is idempotent): a 5xx answer to a POST
    /// is not retryable, since the server may have acted on it.
    pub(crate) idempotent: bool,
}

/// One entry of SCP's `{"errors": [...]}` body.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[non_exhaustive]
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
            idempotent: true,
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

    /// What went wrong, in the server's words: the first error's `detail` (or `title`) of
    /// an SCP error body, else the body itself when it is short text.
    pub fn message(&self) -> Option<String> {
        let first = self.errors.first();
        let detail = first.and_then(|e| match &e.detail {
            Some(serde_json::Value::String(s)) => Some(s.clone()),
            Some(serde_json::Value::Array(items)) => Some(
                items
                    .iter()
                    .map(|i| i.as_str().map_or_else(|| i.to_string(), String::from))
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
            _ => None,
        });
        detail
            .or_else(|| first.and_then(|e| e.title.clone()))
            .or_else(|| {
                let body = self.body.trim();
                (!body.is_empty() && body.len() <= 200 && !body.starts_with(['{', '[', '<']))
                    .then(|| body.to_string())
            })
    }

    /// Where a redirect points (`Location`): the client follows none, so a 3xx is the
    /// call's error, with the address it names.
    pub fn location(&self) -> Option<&str> {
        self.headers.get(reqwest::header::LOCATION)?.to_str().ok()
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

    /// What went wrong, in the server's words ([`StatusError::message`]), or this error's
    /// own text for errors without an answer.
    pub fn message(&self) -> String {
        match self.last_attempt() {
            Error::Status(e) => e.message().unwrap_or_else(|| format!("HTTP {}", e.status)),
            other => other.to_string(),
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

    /// Whether the same call may succeed later: connection failures, timeouts, 429, 5xx
    /// answers to idempotent calls (a POST the server may have acted on is not repeated), and
    /// connections lost while sending. For [`Error::RetriesExhausted`] and
    /// [`Error::DeadlineExceeded`] it is the last attempt's nature (a later call may still
    /// succeed). Validation, configuration, other statuses and undecodable answers are not.
    pub fn is_retryable(&self) -> bool {
        match self.last_attempt() {
            Error::Timeout(_) | Error::ConnectTimeout(_) => true,
            Error::Transport(e) => e.is_connect() || e.is_timeout() || e.is_request(),
            Error::Status(e) => e.status == 429 || ((500..600).contains(&e.status) && e.idempotent),
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
            Error::Transport(e) => {
                // reqwest's own text hides the cause ("error sending request"): the chain
                // says what happened ("Connection refused").
                write!(f, "transport error: {e}")?;
                let mut cause = std::error::Error::source(e);
                while let Some(c) = cause {
                    write!(f, ": {c}")?;
                    cause = c.source();
                }
                Ok(())
            }
            Error::Timeout(d) => write!(f, "no answer within {}", seconds(*d)),
            Error::ConnectTimeout(Some(d)) => {
                write!(f, "connect timeout: no connection within {}", seconds(*d))
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
                wait,
            } => {
                let tries = format!(
                    "{attempts} attempt{}",
                    if *attempts == 1 { "" } else { "s" }
                );
                match wait {
                    Some(w) => write!(
                        f,
                        "deadline of {} would pass during the {} wait after {tries}; not retried",
                        seconds(*deadline),
                        seconds(*w)
                    )?,
                    None => write!(
                        f,
                        "deadline of {} exceeded after {tries}",
                        seconds(*deadline)
                    )?,
                }
                match last {
                    Some(last) => write!(f, ": {last}"),
                    None => Ok(()),
                }
            }
        }
    }
}

/// A duration as a person reads it: `1.5 s`, `0.04 s`, `30 s` (not `1.499983908s`).
fn seconds(d: Duration) -> String {
    let s = d.as_secs_f64();
    let text = if s >= 10.0 {
        format!("{s:.0}")
    } else if s >= 0.1 {
        format!("{s:.1}")
    } else {
        format!("{s:.3}")
    };
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    format!("{text} s")
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
    fn durations_read_as_seconds() {
        for (d, text) in [
            (Duration::from_millis(1500), "1.5 s"),
            (Duration::from_nanos(1_499_983_908), "1.5 s"),
            (Duration::from_millis(40), "0.04 s"),
            (Duration::from_secs(30), "30 s"),
            (Duration::from_millis(5), "0.005 s"),
        ] {
            assert_eq!(seconds(d), text);
        }
    }

    #[test]
    fn messages_and_redirects() {
        let e = status_error(
            400,
            &[],
            r#"{"errors":[{"code":"Bad","title":"Bad Request","detail":["name: too long","size: not a number"]}]}"#,
        );
        assert_eq!(e.message(), "name: too long; size: not a number");
        assert_eq!(
            status_error(502, &[], "bad gateway").message(),
            "bad gateway"
        );
        assert_eq!(status_error(502, &[], "<html>").message(), "HTTP 502");
        let Error::Status(redirect) = status_error(307, &[("location", "http://elsewhere/x")], "")
        else {
            unreachable!()
        };
        assert_eq!(redirect.location(), Some("http://elsewhere/x"));
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
