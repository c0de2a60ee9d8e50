//! Page-by-page list calls (`page` from 0, `size`, a `count` total) as a stream of items.

use std::collections::VecDeque;
use std::future::Future;

use futures_util::stream::{self, Stream};
use serde::Serialize;

use super::error::Error;

/// One fetched page: its items and the total the server reported.
pub struct Page<T> {
    /// The items of the page.
    pub items: Vec<T>,
    /// The `count` total, when the answer has one.
    pub total: Option<i64>,
}

struct State<T, F> {
    fetch: F,
    page: i64,
    size: i64,
    max_pages: u32,
    fetched: u32,
    seen: i64,
    /// The previous page, serialized: a page equal to it is a server ignoring `page`.
    previous: Option<Vec<u8>>,
    buffer: VecDeque<T>,
    done: bool,
}

/// Streams every item, fetching pages of `size` lazily from `first_page` on, at most
/// `max_pages` pages.
///
/// When the server reports a `count`, the listing runs until that many items came: a short
/// page does not end it (servers may cap the page size below `size`). Without a count a short
/// page is the last. An empty page ends it either way.
///
/// The stream ends with [`Error::Pagination`] instead of ending silently short or never: an
/// empty page before `count` items came, a page equal to the one before it (the server
/// ignores `page`, and would be listed forever), or a listing that needs more than
/// `max_pages` pages. Any error ends the stream after being yielded.
pub fn items<T, F, Fut>(
    first_page: i64,
    size: i64,
    max_pages: u32,
    fetch: F,
) -> impl Stream<Item = Result<T, Error>>
where
    T: Serialize,
    F: FnMut(i64) -> Fut,
    Fut: Future<Output = Result<Page<T>, Error>>,
{
    let state = State {
        fetch,
        page: first_page,
        size: size.max(1),
        max_pages: max_pages.max(1),
        fetched: 0,
        seen: 0,
        previous: None,
        buffer: VecDeque::new(),
        done: false,
    };
    stream::unfold(state, |mut s| async move {
        loop {
            if let Some(item) = s.buffer.pop_front() {
                return Some((Ok(item), s));
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
            let fetched = match (s.fetch)(page).await {
                Ok(fetched) => fetched,
                Err(e) => {
                    s.done = true;
                    return Some((Err(e), s));
                }
            };
            s.fetched += 1;
            if let Err(e) = next(&mut s, page, fetched) {
                s.done = true;
                return Some((Err(e), s));
            }
        }
    })
}

/// Takes a fetched page into the state: its items into the buffer, whether it was the last.
fn next<T: Serialize, F>(s: &mut State<T, F>, page: i64, fetched: Page<T>) -> Result<(), Error> {
    let n = fetched.items.len() as i64;
    if n == 0 {
        s.done = true;
        return match fetched.total {
            Some(total) if s.seen < total => Err(Error::Pagination {
                page,
                message: format!(
                    "the page is empty, but the server reported {total} items and {} came",
                    s.seen
                ),
            }),
            _ => Ok(()),
        };
    }
    // Items that cannot be serialized are not compared: such a listing is bounded by
    // `max_pages` alone.
    let fingerprint = serde_json::to_vec(&fetched.items).ok();
    if fingerprint.is_some() && fingerprint == s.previous {
        return Err(Error::Pagination {
            page,
            message: format!(
                "the page repeats page {}: the server seems to ignore `page`",
                page - 1
            ),
        });
    }
    s.previous = fingerprint;
    s.seen += n;
    s.page += 1;
    s.done = match fetched.total {
        Some(total) => s.seen >= total,
        None => n < s.size,
    };
    s.buffer.extend(fetched.items);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    use futures_util::StreamExt;

    /// Every result of a listing whose page `p` is `pages(p)`, with the pages asked for.
    async fn run(
        max_pages: u32,
        size: i64,
        pages: impl Fn(i64) -> Page<i64>,
    ) -> (Vec<Result<i64, String>>, Vec<i64>) {
        let asked = std::cell::RefCell::new(Vec::new());
        let stream = items(0, size, max_pages, |p| {
            asked.borrow_mut().push(p);
            let page = pages(p);
            async move { Ok(page) }
        });
        let results = stream
            .map(|r| r.map_err(|e| e.to_string()))
            .collect::<Vec<_>>()
            .await;
        (results, asked.into_inner())
    }

    fn range(from: i64, to: i64, total: Option<i64>) -> Page<i64> {
        Page {
            items: (from..to).collect(),
            total,
        }
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
        assert!(last.contains("repeats page 0"), "{last}");
        assert_eq!(results.len(), 3);
        assert_eq!(asked, [0, 1]);
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
