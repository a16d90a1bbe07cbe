//! The items of a paged list operation as one stream: pages are fetched on demand, one after
//! another, until a page comes back empty or short, or the counts the API sends say that was
//! the last.

/// One page as a paged operation answers it.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// The number of records, when the API says.
    pub total: Option<i64>,
    /// The number of pages, when the API says.
    pub pages: Option<i64>,
}

/// Where a stream of items stands.
struct Cursor<R, F, T> {
    request: R,
    fetch: F,
    page: i64,
    first_page: i64,
    size: Option<i64>,
    set_page: fn(&mut R, i64),
    seen: i64,
    buffer: ::std::collections::VecDeque<T>,
    done: bool,
}

/// The items of every page, from `first_page` on: `fetch` answers one page (`None` for an
/// answer that carries no page, which ends the stream), `set_page` writes the page number into
/// a copy of `request`, and `size` is the page size asked for (a shorter page is the last). An
/// error is the stream's last item.
pub fn items<'a, R, T, E, F, Fut>(
    request: R,
    first_page: i64,
    size: Option<i64>,
    set_page: fn(&mut R, i64),
    fetch: F,
) -> impl ::futures_util::Stream<Item = Result<T, E>> + Send + 'a
where
    R: Clone + Send + 'a,
    T: Send + 'a,
    E: Send + 'a,
    F: FnMut(R) -> Fut + Send + 'a,
    Fut: ::std::future::Future<Output = Result<Option<Page<T>>, E>> + Send + 'a,
{
    let cursor = Cursor {
        request,
        fetch,
        page: first_page,
        first_page,
        size: size.filter(|s| *s > 0),
        set_page,
        seen: 0,
        buffer: ::std::collections::VecDeque::new(),
        done: false,
    };
    ::futures_util::stream::unfold(cursor, |mut c| async move {
        loop {
            if let Some(item) = c.buffer.pop_front() {
                return Some((Ok(item), c));
            }
            if c.done {
                return None;
            }
            let mut request = c.request.clone();
            (c.set_page)(&mut request, c.page);
            match (c.fetch)(request).await {
                Err(e) => {
                    c.done = true;
                    return Some((Err(e), c));
                }
                Ok(None) => return None,
                Ok(Some(page)) => {
                    let count = i64::try_from(page.items.len()).unwrap_or(i64::MAX);
                    c.seen = c.seen.saturating_add(count);
                    let fetched = c.page - c.first_page + 1;
                    c.done = count == 0
                        || c.size.is_some_and(|s| count < s)
                        || page.total.is_some_and(|t| c.seen >= t)
                        || page.pages.is_some_and(|p| fetched >= p);
                    c.page += 1;
                    c.buffer.extend(page.items);
                }
            }
        }
    })
}
