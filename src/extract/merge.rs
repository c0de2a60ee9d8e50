//! Two pages of one service: what only one of them can say (the OpenAPI URL, the region
//! list) must agree. Keeping the first silently would drop the second page's servers.

use std::collections::BTreeSet;

use super::api::Service;
use crate::diag::{Diagnostics, Rule};

/// Takes over from `other` what `existing` lacks; a conflict is an error at `other`,
/// naming where `existing` says otherwise.
pub fn service_facts(existing: &mut Service, other: &Service, diags: &mut Diagnostics) {
    // A per-version page has no service title: the first page that has one names it.
    if existing.title.is_empty() {
        existing.title.clone_from(&other.title);
    }
    match (&existing.url, &other.url) {
        (None, Some(url)) => existing.url = Some(url.clone()),
        (Some(a), Some(b)) if a != b => diags.error(
            other.at.clone(),
            Rule::ConflictingService,
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
                Rule::ConflictingService,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Location;
    use std::path::Path;
    use std::sync::Arc;

    fn service(file: &str, url: Option<&str>, regions: &[(&str, Option<&str>)]) -> Service {
        Service {
            title: "T".into(),
            slug: "t".into(),
            at: Location::new(&Arc::from(Path::new(file)), 3),
            overview: String::new(),
            versions: Vec::new(),
            url: url.map(String::from),
            regions: regions
                .iter()
                .map(|(e, r)| (e.to_string(), r.map(String::from)))
                .collect(),
            operations: Vec::new(),
            models: Vec::new(),
            index: Default::default(),
        }
    }

    #[test]
    fn what_one_page_lacks_is_taken_what_both_say_must_agree() {
        let mut diags = Diagnostics::new();
        let mut a = service("a", None, &[]);
        service_facts(
            &mut a,
            &service("b", Some("https://t.x"), &[("s", None)]),
            &mut diags,
        );
        assert_eq!(a.url.as_deref(), Some("https://t.x"));
        assert_eq!(a.regions.len(), 1);
        assert!(diags.is_empty());
        // The same regions in another order agree.
        let mut a = service("a", Some("https://t.x"), &[("s", None), ("g", None)]);
        service_facts(
            &mut a,
            &service("b", Some("https://t.x"), &[("g", None), ("s", None)]),
            &mut diags,
        );
        assert!(diags.is_empty());
        service_facts(
            &mut a,
            &service("b", Some("https://u.x"), &[("e", Some("kr"))]),
            &mut diags,
        );
        let found: Vec<String> = diags.iter().map(ToString::to_string).collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with("b:3: error: conflicting-service: t: the OpenAPI URL is https://u.x here but https://t.x at a:3"), "{found:?}");
        assert!(
            found[1].contains("[e/kr] here but [s, g] at a:3"),
            "{found:?}"
        );
    }
}
