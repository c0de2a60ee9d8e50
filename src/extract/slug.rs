//! Naming a page's service: the `Scp-Api-Version` lines, the OpenAPI URL's host, the page
//! address or the title. The name becomes a directory, so it is checked against the slug
//! grammar where it was found.

use std::collections::BTreeMap;

use super::api::Service;
use crate::diag::{Diagnostics, Location, Rule};

/// What a page says about its service's name.
pub(super) struct Names {
    /// `Scp-Api-Version` values seen in its operations: slug → lines.
    pub slugs: BTreeMap<String, Vec<usize>>,
    /// Made of parts with no service heading: it may stay unnamed (to be attached later).
    pub loose: bool,
    /// The line of the OpenAPI URL, for findings about the name taken from its host.
    pub url_line: usize,
}

/// Names the service: the `Scp-Api-Version` lines, else the OpenAPI URL's host, else (for
/// loose parts) the page address, else the title. Loose parts with no name stay unnamed,
/// to join the run's one service. The name becomes a directory: one outside the slug
/// grammar is an error at the line it comes from (never lower-cased or cleaned up).
pub(super) fn with_slug(
    mut service: Service,
    names: &Names,
    address: Option<&(String, usize)>,
    diags: &mut Diagnostics,
) -> Option<Service> {
    let Names {
        slugs,
        loose,
        url_line,
    } = names;
    let (loose, url_line) = (*loose, *url_line);
    let file = service.at.file.clone();
    let header_slug = slugs
        .iter()
        .max_by_key(|(_, lines)| lines.len())
        .map(|(s, lines)| (s.clone(), lines[0]));
    for (slug, lines) in slugs {
        if Some(slug) != header_slug.as_ref().map(|h| &h.0) {
            for line in lines {
                diags.warn(
                    Location::new(&file, *line),
                    Rule::SlugMismatch,
                    format!(
                        "Scp-Api-Version names service `{slug}`, the rest of the page says `{}`",
                        header_slug
                            .as_ref()
                            .map(|h| h.0.as_str())
                            .unwrap_or_default()
                    ),
                );
            }
        }
    }
    let host_slug = service
        .url
        .as_deref()
        .and_then(url_slug)
        .map(|s| (s, url_line, "the OpenAPI URL's host"));
    let address_slug = address
        .filter(|_| loose)
        .and_then(|(a, line)| address_slug(a).map(|s| (s, *line, "the page address")));
    let (slug, line, source) = match (header_slug, host_slug.or(address_slug)) {
        (Some((h, line)), Some((u, _, _))) => {
            if h != u {
                diags.warn(service.at.clone(), Rule::SlugMismatch, format!("Scp-Api-Version names service `{h}` but the OpenAPI URL host is `{u}`; `{h}` is used"));
            }
            (h, line, "Scp-Api-Version")
        }
        (Some((h, line)), None) => (h, line, "Scp-Api-Version"),
        (None, Some(u)) => u,
        (None, None) if loose => (String::new(), 0, ""),
        (None, None) => {
            let s: String = service
                .title
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase();
            if s.is_empty() {
                diags.error(
                    service.at.clone(),
                    Rule::NoServiceName,
                    format!(
                        "cannot name the service `{}`: no Scp-Api-Version line, no OpenAPI URL",
                        service.title
                    ),
                );
                return None;
            }
            diags.warn(
                service.at.clone(),
                Rule::SlugGuessed,
                format!(
                    "no Scp-Api-Version line or OpenAPI URL names service `{}`; using `{s}`",
                    service.title
                ),
            );
            (s, service.at.line, "the title")
        }
    };
    if !slug.is_empty() {
        if let Some(problem) = crate::vocab::Slug::parse(&slug).err() {
            diags.error(
                Location::new(&file, line),
                Rule::BadServiceName,
                format!("{source} names no service: {problem}"),
            );
            return None;
        }
    }
    service.slug = slug;
    Some(service)
}

/// `https://apigateway.{region}.{environment}.samsungsdscloud.com` → `apigateway`.
fn url_slug(url: &str) -> Option<String> {
    let host = url.split("://").nth(1)?.split('/').next()?;
    let first = host.split('.').next()?;
    (!first.is_empty() && !first.contains('{')).then(|| first.to_string())
}

/// `https://docs.e.samsungsdscloud.com/en/apireference/platform/sts/_print` → `sts`.
fn address_slug(address: &str) -> Option<String> {
    let path = address.split("://").nth(1)?.split_once('/')?.1;
    let path = path.split(['?', '#']).next().unwrap_or_default();
    // A page under a service (`<service>/apis/<operation>/<version>`, `<service>/models/..`):
    // the service is the segment before `apis` or `models`.
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if let Some(at) = segments.iter().position(|s| *s == "apis" || *s == "models") {
        if at > 0 {
            return Some(segments[at - 1].to_string());
        }
    }
    // The last directory: `_print` and file names (`index.html`) are the site's, not names.
    let segment = path.split('/').rfind(|s| {
        !s.is_empty() && !s.starts_with('_') && !s.ends_with(".html") && !s.ends_with(".htm")
    })?;
    Some(segment.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_from_addresses() {
        assert_eq!(
            address_slug("https://docs.e.samsungsdscloud.com/en/apireference/platform/sts/_print")
                .as_deref(),
            Some("sts")
        );
        assert_eq!(
            address_slug("https://docs.e.samsungsdscloud.com/apireference/compute/scf/_print")
                .as_deref(),
            Some("scf")
        );
        assert_eq!(
            address_slug("https://docs.e.samsungsdscloud.com/apireference/application-service/apigateway/apis/create-api/1.2").as_deref(),
            Some("apigateway")
        );
        assert_eq!(
            address_slug(
                "https://docs.e.samsungsdscloud.com/en/apireference/management/iam/models/_print/"
            )
            .as_deref(),
            Some("iam")
        );
        assert_eq!(
            url_slug("https://iamlite.{environment}.samsungsdscloud.com").as_deref(),
            Some("iamlite")
        );
        assert_eq!(url_slug("https://{x}.samsungsdscloud.com"), None);
    }
}
