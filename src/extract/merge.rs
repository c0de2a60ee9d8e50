//! Two pages of one service: what only one of them can say (the OpenAPI URL, the region
//! list) must agree. Keeping the first silently would drop the second page's servers.

use std::collections::BTreeSet;

use super::api::Service;
use crate::diag::Diagnostics;

/// Takes over from `other` what `existing` lacks; a conflict is an error at `other`,
/// naming where `existing` says otherwise.
pub fn service_facts(existing: &mut Service, other: &Service, diags: &mut Diagnostics) {
    match (&existing.url, &other.url) {
        (None, Some(url)) => existing.url = Some(url.clone()),
        (Some(a), Some(b)) if a != b => diags.error(
            other.at.clone(),
            "conflicting-service",
            format!(
                "{}: the OpenAPI URL is {b} here but {a} at {}",
                other.slug, existing.at
            ),
        ),
        _ => {}
    }
    if existing.regions.is_empty() {
        existing.regions = other.regions.clone();
    } else if !other.regions.is_empty() {
        // The same pairs in another order are the same list.
        let a: BTreeSet<_> = existing.regions.iter().collect();
        let b: BTreeSet<_> = other.regions.iter().collect();
        if a != b {
            diags.error(
                other.at.clone(),
                "conflicting-service",
                format!(
                    "{}: the Environment and Region List is {} here but {} at {}",
                    other.slug,
                    regions(&other.regions),
                    regions(&existing.regions),
                    existing.at
                ),
            );
        }
    }
    if existing.overview.is_empty() {
        existing.overview = other.overview.clone();
    }
}

fn regions(list: &[(String, Option<String>)]) -> String {
    let items: Vec<String> = list
        .iter()
        .map(|(env, region)| match region {
            Some(r) => format!("{env}/{r}"),
            None => env.clone(),
        })
        .collect();
    format!("[{}]", items.join(", "))
}
