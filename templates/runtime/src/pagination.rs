//! Page-by-page list calls (a `page` number or an `offset`, a page size, a `count` total when
//! the answer has one) as a stream of pages ([`pages`], what a builder's `pages()` returns)
//! or of their items ([`items`], its `into_stream()`). Both streams are `Unpin` (boxed): `while let Some(x) =
//! stream.next().await` works as it is, with the crate's re-exported `StreamExt`.

use std::collections::{HashSet, VecDeque};
use std::future::Future;

use futures_util::stream::{self, BoxStream, StreamExt, TryStreamExt};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::error::Error;

/// What a listing needs to know of a fetched page: how many items it holds, the total the
/// server sent (never one the client filled in: a `count` missing from the answer is no
/// total), and a fingerprint of its items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageInfo {
    len: usize,
    total: Option<i64>,
    /// SHA-256 of the items' JSON; `None` when they cannot be serialized (such a listing is
    /// bounded by `max_pages` alone).
    fingerprint: Option<[u8; 32]>,
}

impl PageInfo {
    /// The page's items and the total the server sent.
    pub fn of<T: Serialize>(items: &[T], total: Option<i64>) -> Self {
        let fingerprint = serde_json::to_vec(items)
            .ok()
            .map(|bytes| Sha256::digest(bytes).into());
        PageInfo {
            len: items.len(),
            total,
            fingerprint,
        }
    }
}

/// How a listing moves from page to page: by page number (each next page one more), or by
/// offset (each next page from the items that came).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cursor {
    /// `page`, from this number.
    Page(i64),
    /// `offset`, from this offset.
    Offset(i64),
}

struct State<P, F> {
    fetch: F,
    cursor: Cursor,
    /// The page number, or the offset, of the next page.
    page: i64,
    size: i64,
    max_pages: u32,
    fetched: u32,
    seen: i64,
    /// Every page's fingerprint: a page equal to any before it is a server ignoring `page`
    /// (or cycling through a few), which would be listed forever.
    fingerprints: HashSet<[u8; 32]>,
    ready: VecDeque<Result<P, Error>>,
    done: bool,
}

/// Streams every page, fetched lazily from `start` on with pages of `size`, at most
/// `max_pages` of them; `fetch` gives the page at a page number or offset, with its
/// [`PageInfo`].
///
/// When the server sends a `count`, the listing runs until that many items came: a short
/// page does not end it (servers may cap the page size below `size`). Without a count a
/// short page is the last. An empty page ends it either way (and is yielded: a listing of
/// nothing still has its answer).
///
/// The stream ends with [`Error::Pagination`] instead of ending silently short or never: an
/// empty page before `count` items came, a page equal to any page before it (the server
/// ignores `page`), or a listing that needs more than `max_pages` pages. Any error ends the
/// stream after being yielded.
pub fn pages<P, F, Fut>(
    start: Cursor,
    size: i64,
    max_pages: u32,
    fetch: F,
) -> BoxStream<'static, Result<P, Error>>
where
    P: Send + 'static,
    F: FnMut(i64) -> Fut + Send + 'static,
    Fut: Future<Output = Result<(P, PageInfo), Error>> + Send + 'static,
{
    let state = State {
        fetch,
        cursor: start,
        page: match start {
            Cursor::Page(p) | Cursor::Offset(p) => p,
        },
        size: size.max(1),
        max_pages: max_pages.max(1),
        fetched: 0,
        seen: 0,
        fingerprints: HashSet::new(),
        ready: VecDeque::new(),
        done: false,
    };
    stream::unfold(state, |mut s| async move {
        loop {
            if let Some(next) = s.ready.pop_front() {
                return Some((next, s));
            }
            if s.done {
                return None;
            }
            let page = s.page;
            if s.fetched >= s.max_pages {
                let message = format!(
                    "the listing needs more than {} pages (Config::with_max_pages)",
                    s.max_pages
                );
                s.done = true;
                return Some((Err(Error::Pagination { page, message }), s));
            }
            match (s.fetch)(page).await {
                Ok((fetched, info)) => {
                    s.fetched += 1;
                    take(&mut s, page, fetched, info);
                }
                Err(e) => {
                    s.done = true;
                    return Some((Err(e), s));
                }
            }
        }
    })
    .boxed()
}

/// Takes a fetched page into the state: it (and the error that ends the listing, if any)
/// ready to yield, and whether it was the last.
fn take<P, F>(s: &mut State<P, F>, page: i64, fetched: P, info: PageInfo) {
    let n = info.len as i64;
    if n == 0 {
        s.done = true;
        s.ready.push_back(Ok(fetched));
        if let Some(total) = info.total.filter(|total| s.seen < *total) {
            s.ready.push_back(Err(Error::Pagination {
                page,
                message: format!(
                    "the page is empty, but the server reported {total} items and {} came",
                    s.seen
                ),
            }));
        }
        return;
    }
    if let Some(fingerprint) = info.fingerprint {
        if !s.fingerprints.insert(fingerprint) {
            s.done = true;
            s.ready.push_back(Err(Error::Pagination {
                page,
                message: "the page repeats an earlier page: the server seems to ignore `page`"
                    .into(),
            }));
            return;
        }
    }
    s.seen += n;
    s.page += match s.cursor {
        Cursor::Page(_) => 1,
        Cursor::Offset(_) => n,
    };
    s.done = match info.total {
        Some(total) => s.seen >= total,
        None => n < s.size,
    };
    s.ready.push_back(Ok(fetched));
}

/// The items of a stream of pages, each page's taken by `items_of`.
pub fn items<P, T, I>(
    pages: BoxStream<'static, Result<P, Error>>,
    items_of: fn(P) -> I,
) -> BoxStream<'static, Result<T, Error>>
where
    P: Send + 'static,
    T: Send + 'static,
    I: IntoIterator<Item = T> + 'static,
    I::IntoIter: Send,
{
    pages
        .map_ok(move |page| stream::iter(items_of(page).into_iter().map(Ok)))
        .try_flatten()
        .boxed()
}

#[cfg(test)]
mod tests {
    use super::*;

    use futures_util::StreamExt;

    /// Every item of a listing whose page `p` is `pages(p)`, with the pages asked for.
    async fn run(
        max_pages: u32,
        size: i64,
        pages: impl Fn(i64) -> (Vec<i64>, Option<i64>) + Send + Sync + 'static,
    ) -> (Vec<Result<i64, String>>, Vec<i64>) {
        let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = asked.clone();
        let stream = super::pages(Cursor::Page(0), size, max_pages, move |p| {
            log.lock().unwrap().push(p);
            let (items, total) = pages(p);
            let info = PageInfo::of(&items, total);
            async move { Ok((items, info)) }
        });
        let results = items(stream, |page: Vec<i64>| page)
            .map(|r| r.map_err(|e| e.to_string()))
            .collect::<Vec<_>>()
            .await;
        let asked = asked.lock().unwrap().clone();
        (results, asked)
    }

    fn range(from: i64, to: i64, total: Option<i64>) -> (Vec<i64>, Option<i64>) {
        ((from..to).collect(), total)
    }

    #[tokio::test]
    async fn short_pages_do_not_end_a_listing_with_a_count() {
        let (results, asked) = run(100, 20, |p| range(p * 3, (p * 3 + 3).min(10), Some(10))).await;
        assert_eq!(results, (0..10).map(Ok).collect::<Vec<_>>());
        assert_eq!(asked, [0, 1, 2, 3]);
    }

    #[tokio::test]
    async fn without_a_count_a_short_or_empty_page_is_the_last() {
        let (results, asked) = run(100, 2, |p| range(p * 2, (p * 2 + 2).min(5), None)).await;
        assert_eq!(results, (0..5).map(Ok).collect::<Vec<_>>());
        assert_eq!(asked, [0, 1, 2]);
        let (results, asked) = run(100, 2, |p| range(p * 2, (p * 2 + 2).min(4), None)).await;
        assert_eq!(results.len(), 4);
        assert_eq!(asked, [0, 1, 2]);
    }

    #[tokio::test]
    async fn an_empty_page_before_the_count_is_an_error() {
        let (results, _) = run(100, 2, |p| range(p * 2, (p * 2 + 2).min(4), Some(9))).await;
        assert_eq!(results.len(), 5);
        let last = results
            .last()
            .and_then(|r| r.as_ref().err())
            .cloned()
            .unwrap_or_default();
        assert!(
            last.contains("page 2") && last.contains("reported 9 items and 4 came"),
            "{last}"
        );
    }

    #[tokio::test]
    async fn a_repeated_page_is_an_error_not_an_endless_listing() {
        let (results, asked) = run(100, 2, |_| range(0, 2, Some(1_000))).await;
        assert_eq!(results[..2], [Ok(0), Ok(1)]);
        let last = results[2].as_ref().err().cloned().unwrap_or_default();
        assert!(last.contains("repeats an earlier page"), "{last}");
        assert_eq!(results.len(), 3);
        assert_eq!(asked, [0, 1]);
    }

    #[tokio::test]
    async fn a_page_repeating_any_earlier_page_is_an_error() {
        // A server cycling through two pages (`page % 2`) with a count it never reaches.
        let (results, asked) =
            run(100, 2, |p| range((p % 2) * 2, (p % 2) * 2 + 2, Some(1_000))).await;
        assert_eq!(results[..4], (0..4).map(Ok).collect::<Vec<_>>()[..]);
        let last = results[4].as_ref().err().cloned().unwrap_or_default();
        assert!(
            last.contains("page 2") && last.contains("repeats an earlier page"),
            "{last}"
        );
        assert_eq!((results.len(), asked), (5, vec![0, 1, 2]));
    }

    #[tokio::test]
    async fn pages_are_yielded_whole_and_a_listing_of_nothing_has_its_page() {
        let stream = super::pages(Cursor::Page(0), 20, 10, |_| async {
            let items: Vec<i64> = Vec::new();
            let info = PageInfo::of(&items, Some(0));
            Ok((items, info))
        });
        let pages: Vec<_> = stream.collect().await;
        assert_eq!(pages.len(), 1);
        assert!(pages[0].as_ref().is_ok_and(|p| p.is_empty()));
    }

    #[tokio::test]
    async fn offsets_move_by_the_items_that_came() {
        let asked = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let log = asked.clone();
        // A server that caps pages at 3 items, 7 in all, from offset 2.
        let stream = super::pages(Cursor::Offset(2), 5, 10, move |offset| {
            log.lock().unwrap().push(offset);
            let items: Vec<i64> = (offset..(offset + 3).min(9)).collect();
            let info = PageInfo::of(&items, Some(7));
            async move { Ok((items, info)) }
        });
        let all: Vec<i64> = items(stream, |p: Vec<i64>| p).try_collect().await.unwrap();
        assert_eq!(all, (2..9).collect::<Vec<_>>());
        assert_eq!(*asked.lock().unwrap(), [2, 5, 8]);
    }

    #[tokio::test]
    async fn endless_distinct_pages_stop_at_the_maximum() {
        let (results, asked) = run(3, 2, |p| range(p * 2, p * 2 + 2, None)).await;
        assert_eq!(results[..6], (0..6).map(Ok).collect::<Vec<_>>()[..]);
        let last = results[6].as_ref().err().cloned().unwrap_or_default();
        assert!(
            last.contains("page 3") && last.contains("more than 3 pages"),
            "{last}"
        );
        assert_eq!(results.len(), 7);
        assert_eq!(asked, [0, 1, 2]);
    }
}
