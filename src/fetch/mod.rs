//! `scpgen fetch`: the pages spec/source/sources.toml lists, downloaded into spec/source/
//! as the server sends them (the HTML the readers already read). A page that did not change
//! (a `304`, or the same bytes) is not rewritten; a page that fails keeps its previous copy
//! and is reported with its address and why; spec/source/sources.lock remembers each page's
//! validators and hash for the next run. Files are replaced atomically, the lock last, so a
//! run killed halfway leaves whole files and the next run finishes the job.

#[cfg(feature = "fetch")]
pub mod http;
#[cfg(feature = "fetch")]
pub mod lock;
pub mod sources;

use std::path::Path;

pub use sources::{CrateMetadata, Sources};

/// What a fetch did, page by page (file names), in the sources' order.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub changed: Vec<String>,
    pub unchanged: Vec<String>,
    /// `(address, why)` of each page that could not be fetched.
    pub failed: Vec<(String, String)>,
}

/// Without the `fetch` feature (a build script's scpgen) there is no HTTP client.
#[cfg(not(feature = "fetch"))]
pub fn fetch(_root: &Path, _sources: &Sources, _progress: bool) -> anyhow::Result<Report> {
    anyhow::bail!("this scpgen was built without its `fetch` feature: it cannot download pages")
}

/// Fetches every page of `sources` into `root`/spec/source/; `progress` draws a bar on the
/// terminal (only when there are several pages and stderr is one).
#[cfg(feature = "fetch")]
pub fn fetch(root: &Path, sources: &Sources, progress: bool) -> anyhow::Result<Report> {
    let dir = root.join("spec").join("source");
    let lock_path = dir.join(sources::LOCK_FILE);
    let old_lock = lock::read(&lock_path)?;
    let mut new_lock = lock::Lock::new();
    let client = http::Client::new(&sources.fetch);
    let bar = (progress && sources.pages.len() > 1).then(|| {
        let bar = indicatif::ProgressBar::new(sources.pages.len() as u64);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{bar:30} {pos}/{len} {wide_msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        bar
    });
    let mut report = Report::default();
    for page in &sources.pages {
        if let Some(bar) = &bar {
            bar.set_message(crate::terminal::escape(&page.url).into_owned());
        }
        let path = dir.join(&page.file);
        // A saved copy over the size limit is no copy this fetch would keep: fetched whole.
        let saved = crate::files::read_limited(&path, sources.fetch.max_size).ok();
        let saved_hash = saved.as_deref().map(crate::files::sha256_hex);
        // The validators count only for the bytes they were given with.
        let known = old_lock
            .get(&page.file)
            .filter(|e| e.url == page.url && Some(&e.sha256) == saved_hash.as_ref());
        let result = client.get(
            page,
            known.and_then(|e| e.etag.as_deref()),
            known.and_then(|e| e.last_modified.as_deref()),
        );
        match result {
            Ok(http::Fetched::NotModified) => {
                if let Some(e) = known {
                    new_lock.insert(page.file.clone(), e.clone());
                }
                report.unchanged.push(page.file.clone());
            }
            Ok(http::Fetched::Page {
                bytes,
                etag,
                last_modified,
            }) => {
                let hash = crate::files::sha256_hex(&bytes);
                if saved_hash.as_ref() == Some(&hash) {
                    report.unchanged.push(page.file.clone());
                } else {
                    crate::output::write_atomic(&path, &bytes)?;
                    report.changed.push(page.file.clone());
                }
                new_lock.insert(
                    page.file.clone(),
                    lock::Entry {
                        url: page.url.clone(),
                        etag,
                        last_modified,
                        sha256: hash,
                    },
                );
            }
            Err(why) => {
                // The previous copy and what the lock knew of it stay as they were.
                if let Some(e) = old_lock.get(&page.file) {
                    new_lock.insert(page.file.clone(), e.clone());
                }
                report.failed.push((page.url.clone(), why));
            }
        }
        if let Some(bar) = &bar {
            bar.inc(1);
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let text = lock::render(&new_lock);
    if std::fs::read_to_string(&lock_path).ok().as_deref() != Some(text.as_str()) {
        crate::output::write_atomic(&lock_path, text.as_bytes())?;
    }
    Ok(report)
}
