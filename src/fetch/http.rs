//! One page over HTTP: a conditional GET (`If-None-Match`, `If-Modified-Since`), a timeout
//! per attempt, bounded retries of what may pass (a 5xx, 429 or a transport failure), a size
//! limit, http(s) only, redirects followed only within the page's own origin, no cookies and
//! no credentials (ureq is built without cookies; addresses with credentials are refused by
//! the sources file).

use std::time::Duration;

use super::sources::{FetchSettings, Page};

/// What a fetch gave.
#[derive(Debug, PartialEq, Eq)]
pub enum Fetched {
    /// `304 Not Modified`: the saved copy is current.
    NotModified,
    /// The page, with the validators to send next time.
    Page {
        bytes: Vec<u8>,
        etag: Option<String>,
        last_modified: Option<String>,
    },
}

/// Redirects followed within an origin before giving up.
const MAX_REDIRECTS: usize = 5;

/// A blocking client for the pages of one run.
pub struct Client {
    agent: ureq::Agent,
    settings: FetchSettings,
}

impl Client {
    pub fn new(settings: &FetchSettings) -> Client {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(settings.timeout))
            .max_redirects(0)
            .http_status_as_error(false)
            .user_agent(format!("scpgen/{}", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Client {
            agent,
            settings: settings.clone(),
        }
    }

    /// Fetches `page`, with the validators of its saved copy when there is one. `Err` says
    /// why in one line (the caller names the address).
    pub fn get(
        &self,
        page: &Page,
        etag: Option<&str>,
        last_modified: Option<&str>,
    ) -> Result<Fetched, String> {
        let mut url = page.url.clone();
        let mut redirects = 0;
        let mut attempt = 1;
        loop {
            match self.once(&url, page, etag, last_modified) {
                Ok(Step::Done(f)) => return Ok(f),
                Ok(Step::Redirect(to)) => {
                    redirects += 1;
                    if redirects > MAX_REDIRECTS {
                        return Err(format!("more than {MAX_REDIRECTS} redirects"));
                    }
                    url = same_origin_target(&url, &to)?;
                }
                Err(Failure { message, retry }) => {
                    if !retry || attempt >= self.settings.attempts {
                        return Err(if attempt > 1 {
                            format!("{message} (after {attempt} attempts)")
                        } else {
                            message
                        });
                    }
                    std::thread::sleep(backoff(self.settings.retry_delay, attempt));
                    attempt += 1;
                }
            }
        }
    }

    fn once(
        &self,
        url: &str,
        page: &Page,
        etag: Option<&str>,
        last_modified: Option<&str>,
    ) -> Result<Step, Failure> {
        let mut request = self
            .agent
            .get(url)
            .header("Accept", "text/html,text/plain;q=0.9,*/*;q=0.5")
            .header("Accept-Language", page.language.accept());
        if let Some(etag) = etag {
            request = request.header("If-None-Match", etag);
        }
        if let Some(lm) = last_modified {
            request = request.header("If-Modified-Since", lm);
        }
        let mut response = request.call().map_err(transport)?;
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        match status {
            200 => {
                let (etag, last_modified) = (header("etag"), header("last-modified"));
                let declared = header("content-length").and_then(|l| l.parse::<u64>().ok());
                if declared.is_some_and(|l| l > self.settings.max_size) {
                    return Err(too_large(self.settings.max_size));
                }
                let bytes = response
                    .body_mut()
                    .with_config()
                    .limit(self.settings.max_size)
                    .read_to_vec()
                    .map_err(|e| match e {
                        ureq::Error::BodyExceedsLimit(_) => too_large(self.settings.max_size),
                        e => transport(e),
                    })?;
                Ok(Step::Done(Fetched::Page {
                    bytes,
                    etag,
                    last_modified,
                }))
            }
            304 if etag.is_some() || last_modified.is_some() => Ok(Step::Done(Fetched::NotModified)),
            301 | 302 | 303 | 307 | 308 => match header("location") {
                Some(to) => Ok(Step::Redirect(to)),
                None => Err(Failure {
                    message: format!("HTTP {status} without a Location"),
                    retry: false,
                }),
            },
            429 | 500..=599 => Err(Failure {
                message: format!("HTTP {status}"),
                retry: true,
            }),
            _ => Err(Failure {
                message: format!("HTTP {status}"),
                retry: false,
            }),
        }
    }
}

enum Step {
    Done(Fetched),
    Redirect(String),
}

struct Failure {
    message: String,
    retry: bool,
}

fn too_large(max: u64) -> Failure {
    Failure {
        message: format!("the page is larger than the limit of {max} bytes ([fetch] max-size)"),
        retry: false,
    }
}

/// A transport error: worth another attempt when the network may have failed.
fn transport(e: ureq::Error) -> Failure {
    let retry = matches!(
        e,
        ureq::Error::Io(_)
            | ureq::Error::Timeout(_)
            | ureq::Error::ConnectionFailed
            | ureq::Error::HostNotFound
            | ureq::Error::Protocol(_)
            | ureq::Error::BodyStalled
    );
    let message = match e {
        ureq::Error::Timeout(_) => "timed out ([fetch] timeout-seconds)".to_string(),
        e => e.to_string(),
    };
    Failure { message, retry }
}

/// The wait before attempt `attempt + 1`: the delay, doubled after each attempt.
fn backoff(delay: Duration, attempt: u32) -> Duration {
    delay.saturating_mul(1 << (attempt - 1).min(10))
}

/// `(scheme, authority)` of an absolute http(s) address.
fn origin(url: &str) -> Option<(&str, &str)> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme_ok = scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https");
    let authority = rest.split(['/', '?', '#']).next()?;
    (scheme_ok && !authority.is_empty()).then_some((scheme, authority))
}

/// Where a redirect from `from` to `location` leads, when it stays in `from`'s origin (the
/// same scheme, host and port); another host could serve anything under the page's name.
fn same_origin_target(from: &str, location: &str) -> Result<String, String> {
    let (scheme, authority) = origin(from).ok_or("the address is no http(s) address")?;
    let target = if location.contains("://") {
        location.to_string()
    } else if let Some(rest) = location.strip_prefix("//") {
        format!("{scheme}://{rest}")
    } else if location.starts_with('/') {
        format!("{scheme}://{authority}{location}")
    } else {
        // Relative to the directory of `from`.
        let path_start = scheme.len() + 3 + authority.len();
        let path = from[path_start..].split(['?', '#']).next().unwrap_or_default();
        let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
        format!("{scheme}://{authority}{dir}/{location}")
    };
    let same = origin(&target).is_some_and(|(s, a)| {
        s.eq_ignore_ascii_case(scheme) && a.eq_ignore_ascii_case(authority)
    });
    if !same {
        return Err(format!(
            "redirected to another origin ({}); not followed",
            crate::terminal::escape(&target)
        ));
    }
    super::sources::check_url(&target).map_err(|e| e.to_string())?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects_stay_in_their_origin() {
        let from = "https://docs.x.com/a/b/_print/?q=1";
        assert_eq!(
            same_origin_target(from, "/c/_print/").unwrap(),
            "https://docs.x.com/c/_print/"
        );
        assert_eq!(
            same_origin_target(from, "index.html").unwrap(),
            "https://docs.x.com/a/b/_print/index.html"
        );
        assert_eq!(
            same_origin_target(from, "https://DOCS.x.com/d").unwrap(),
            "https://DOCS.x.com/d"
        );
        for away in [
            "https://evil.com/a",
            "//evil.com/a",
            "http://docs.x.com/a",
            "https://docs.x.com:8443/a",
            "https://docs.x.com@evil.com/a",
            "file:///etc/passwd",
        ] {
            assert!(same_origin_target(from, away).is_err(), "{away}");
        }
    }

    #[test]
    fn backoff_doubles() {
        let d = Duration::from_millis(100);
        assert_eq!(backoff(d, 1), d);
        assert_eq!(backoff(d, 3), Duration::from_millis(400));
    }
}
