//! The one error type of the client.

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
    /// The request could not be sent or the answer not received (DNS, connection, TLS...).
    Transport(reqwest::Error),
    /// No answer within the configured timeout.
    Timeout(Duration),
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
        let errors = serde_json::from_str::<ErrorBody>(&body).map(|b| b.errors).unwrap_or_default();
        StatusError { status, headers, body, errors }
    }
}

impl Error {
    /// The HTTP status of an answer that failed, if there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Status(e) => Some(e.status),
            Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Config(m) => write!(f, "configuration error: {m}"),
            Error::Validation { field, message } => write!(f, "invalid request: {field}: {message}"),
            Error::Transport(e) => write!(f, "transport error: {e}"),
            Error::Timeout(d) => write!(f, "no answer within {d:?}"),
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
            Error::Decode { status, source, .. } => write!(f, "cannot decode the HTTP {status} answer: {source}"),
            Error::Pagination { page, message } => write!(f, "listing stopped at page {page}: {message}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            Error::Decode { source, .. } => Some(source),
            _ => None,
        }
    }
}
