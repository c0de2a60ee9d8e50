//! Page-by-page list calls (`page` from 0, `size`, a `count` total) as a stream of items.

use std::collections::VecDeque;
use std::future::Future;

use futures_util::stream::{self, Stream};

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
    seen: i64,
    buffer: VecDeque<T>,
    done: bool,
}

/// Streams every item, fetching pages lazily from `first_page` on. Stops after an empty or
/// short page, or once `count` items were seen; an error ends the stream after being yielded.
pub fn items<T, F, Fut>(first_page: i64, size: i64, fetch: F) -> impl Stream<Item = Result<T, Error>>
where
    F: FnMut(i64) -> Fut,
    Fut: Future<Output = Result<Page<T>, Error>>,
{
    let state = State { fetch, page: first_page, size: size.max(1), seen: 0, buffer: VecDeque::new(), done: false };
    stream::unfold(state, |mut s| async move {
        loop {
            if let Some(item) = s.buffer.pop_front() {
                return Some((Ok(item), s));
            }
            if s.done {
                return None;
            }
            match (s.fetch)(s.page).await {
                Ok(page) => {
                    let n = page.items.len() as i64;
                    s.seen += n;
                    s.page += 1;
                    s.done = n == 0 || n < s.size || page.total.is_some_and(|t| s.seen >= t);
                    s.buffer.extend(page.items);
                }
                Err(e) => {
                    s.done = true;
                    return Some((Err(e), s));
                }
            }
        }
    })
}
