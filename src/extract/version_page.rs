//! The site's page of one operation version, served at
//! `.../apireference/<category>/<service>/apis/<operation>/<version>`: no numbered headings;
//! the version alone on its line (the site prints it as the page title and, on some pages,
//! again as the section title), then the method line and the parts of a version section.
//! The service is named by the address (or the `Scp-Api-Version` line), the operation by the
//! address's operation segment, else by a title line above the version, else by the summary.

use super::labels::{self, Label};
use super::operation;
use crate::doc::{Block, BlockKind};

/// What a per-version page holds, its blocks split into the page header and the section.
pub(super) struct VersionPage<'a> {
    pub version: String,
    /// Line of the (first) version line: where the section starts.
    pub line: usize,
    /// A line above the version that names the operation.
    pub title: Option<String>,
    /// The banner, cut marks and the address: read as any page's header.
    pub head: Vec<&'a Block>,
    /// From the method line on: the version section's body.
    pub body: Vec<&'a Block>,
}

/// Recognises the page from the blocks before the first heading (it has none). Anything
/// else before the method line than a title, the version (at most twice) and the header
/// lines means it is not such a page, and the page is read as before.
pub(super) fn detect<'a>(preamble: &[&'a Block]) -> Option<VersionPage<'a>> {
    let mut head: Vec<&Block> = Vec::new();
    let mut title: Option<String> = None;
    let mut version: Option<(String, usize, bool)> = None;
    let mut has_address = false;
    for (i, &block) in preamble.iter().enumerate() {
        let BlockKind::Text(t) = &block.kind else {
            match block.kind {
                BlockKind::Banner(_) | BlockKind::Cut if version.is_none() => {
                    head.push(block);
                    continue;
                }
                _ => return None,
            }
        };
        if version.is_none() && title.is_none() && !has_address && super::labels::is_address(t) {
            has_address = true;
            head.push(block);
        } else if labels::is_version(t) {
            match &mut version {
                None => version = Some((t.clone(), block.line, false)),
                // The site repeats the version once (page title, section title).
                Some((v, _, repeated)) if v == t && !*repeated => *repeated = true,
                _ => return None,
            }
        } else if let Some((v, line, _)) = version
            .as_ref()
            .filter(|_| operation::method_and_path(t).is_some())
        {
            return Some(VersionPage {
                version: v.clone(),
                line: *line,
                title,
                head,
                body: preamble[i..].to_vec(),
            });
        } else if version.is_none() && title.is_none() && labels::label(t).is_none() {
            title = Some(t.clone());
        } else {
            return None;
        }
    }
    None
}

/// The operation's title from the address's segment after `apis`: `create-api` →
/// `Create Api` (the site makes the segment from the title; words are capitalised again).
pub(super) fn title_from_address(address: &str) -> Option<String> {
    let path = address.split("://").nth(1)?.split_once('/')?.1;
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let mut segments = path.split('/').filter(|s| !s.is_empty());
    segments.find(|s| *s == "apis")?;
    let segment = segments.next()?;
    let words: Vec<String> = segment
        .split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect())
                .unwrap_or_default()
        })
        .collect();
    // A segment of anything but words would make an operation id of punctuation.
    let ok = !words.is_empty() && words.iter().all(|w| w.chars().all(|c| c.is_alphanumeric()));
    ok.then(|| words.join(" "))
}

/// The summary: the first line under `Description`, unless the page says there is none.
pub(super) fn summary(body: &[&Block]) -> Option<String> {
    let at = body.iter().position(
        |b| matches!(&b.kind, BlockKind::Text(t) if labels::label(t) == Some(Label::Description)),
    )?;
    match &body.get(at + 1)?.kind {
        BlockKind::Text(t) if labels::label(t).is_none() && t != "None" && t != "-" => {
            Some(t.clone())
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_addresses() {
        let a = "https://docs.e.samsungsdscloud.com/apireference/application-service/apigateway/apis/create-api-key/1.2";
        assert_eq!(title_from_address(a).as_deref(), Some("Create Api Key"));
        assert_eq!(
            title_from_address(
                "https://docs.e.samsungsdscloud.com/apireference/compute/scf/_print"
            ),
            None
        );
        assert_eq!(title_from_address("https://x/apis/%2e%2e/1.2"), None);
        assert_eq!(title_from_address("https://x/apis/"), None);
    }
}
