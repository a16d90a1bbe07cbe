//! The item streams of `tests/fixtures/pagination.yaml`: pages are fetched on demand and the
//! stream ends at a short page, at the record count, at the page count, or at an error, with
//! the page number written where `x-pagination` says (query, required query, body).

use std::sync::{Arc, Mutex};

use futures_util::StreamExt as _;
use pagination_fixture::api::ThingsApi;
use pagination_fixture::models::Thing;
use pagination_fixture::server::{ErrorResponse, ProblemKind, Stub};
use pagination_fixture::{requests, responses};

fn things(range: std::ops::Range<i64>) -> Vec<Thing> {
    range.map(Thing::new).collect()
}

fn ids(items: Vec<Result<Thing, ErrorResponse>>) -> Vec<i64> {
    items.into_iter().map(|t| t.expect("an item").id).collect()
}

#[tokio::test]
async fn a_short_page_or_the_total_ends_the_stream() {
    // 23 things, pages of 10 (the documented default size): pages 1, 2, 3, the last short.
    let asked = Arc::new(Mutex::new(Vec::new()));
    let log = asked.clone();
    let stub = Stub::new().on_list_things(move |r: requests::ListThings| {
        let log = log.clone();
        async move {
            let page = i64::from(r.page.expect("the stream sets the page"));
            log.lock().unwrap().push(page);
            let start = (page - 1) * 10;
            let body = responses::ListThingsResponse::Ok(pagination_fixture::models::ListThingsOkResponse {
                items: Some(things(start..(start + 10).min(23))),
                meta: None,
            });
            Ok(body)
        }
    });
    let all = ids(stub.list_things_stream(requests::ListThings::new()).collect().await);
    assert_eq!(all, (0..23).collect::<Vec<_>>());
    assert_eq!(*asked.lock().unwrap(), [1, 2, 3]);

    // With a total of 20 and full pages, it stops after page 2 without asking for page 3.
    asked.lock().unwrap().clear();
    let log = asked.clone();
    let stub = Stub::new().on_list_things(move |r: requests::ListThings| {
        let log = log.clone();
        async move {
            let page = i64::from(r.page.unwrap_or_default());
            log.lock().unwrap().push(page);
            Ok(responses::ListThingsResponse::Ok(pagination_fixture::models::ListThingsOkResponse {
                items: Some(things((page - 1) * 10..page * 10)),
                meta: Some(pagination_fixture::models::ListThingsOkResponseMeta { total: Some(20) }),
            }))
        }
    });
    assert_eq!(ids(stub.list_things_stream(requests::ListThings::new()).collect().await).len(), 20);
    assert_eq!(*asked.lock().unwrap(), [1, 2]);
}

#[tokio::test]
async fn pages_are_fetched_on_demand_from_the_first_page() {
    // The body is the page; the first page is 0; no size asked, so an empty page ends it.
    let asked = Arc::new(Mutex::new(Vec::new()));
    let log = asked.clone();
    let stub = Stub::new().on_list_bare(move |r: requests::ListBare| {
        let log = log.clone();
        async move {
            log.lock().unwrap().push(r.page_no);
            let items = if r.page_no < 3 { things(r.page_no * 5..r.page_no * 5 + 5) } else { Vec::new() };
            Ok(responses::ListBareResponse::Ok(items))
        }
    });
    let mut stream = Box::pin(stub.list_bare_stream(requests::ListBare::new(99)));
    // Taking 7 items fetches two pages only.
    let first: Vec<_> = stream.by_ref().take(7).collect().await;
    assert_eq!(ids(first), (0..7).collect::<Vec<_>>());
    assert_eq!(*asked.lock().unwrap(), [0, 1], "the request's own page (99) is replaced");
    let rest = ids(stream.collect().await);
    assert_eq!(rest, (7..15).collect::<Vec<_>>());
    assert_eq!(*asked.lock().unwrap(), [0, 1, 2, 3]);
}

#[tokio::test]
async fn the_page_count_or_an_error_ends_the_stream_and_the_page_goes_in_the_body() {
    let asked = Arc::new(Mutex::new(Vec::new()));
    let log = asked.clone();
    let stub = Stub::new().on_search_things(move |r: requests::SearchThings| {
        let log = log.clone();
        async move {
            let body = r.body.expect("the body");
            log.lock().unwrap().push((body.page_no, body.query.clone()));
            if body.page_no == 3 {
                return Err(ErrorResponse::new(ProblemKind::Internal, "page 3 failed", "/search"));
            }
            Ok(responses::SearchThingsResponse::Ok(pagination_fixture::models::SearchThingsOkResponse {
                data: Some(things(i64::from(body.page_no) * 2..i64::from(body.page_no) * 2 + 2)),
                pages: Some(2),
            }))
        }
    });
    let search = || {
        let mut body = pagination_fixture::models::SearchThingsRequest::new(7);
        body.query = Some("red".to_owned());
        requests::SearchThings::new().body(body)
    };
    assert_eq!(ids(stub.search_things_stream(search()).collect().await), [2, 3, 4, 5]);
    assert_eq!(*asked.lock().unwrap(), [(1, Some("red".to_owned())), (2, Some("red".to_owned()))]);

    // Without a page count the third page is asked for, fails, and the error ends the stream.
    let stub = Stub::new().on_search_things(|r: requests::SearchThings| async move {
        let page = r.body.expect("the body").page_no;
        if page == 3 {
            return Err(ErrorResponse::new(ProblemKind::Internal, "page 3 failed", "/search"));
        }
        Ok(responses::SearchThingsResponse::Ok(pagination_fixture::models::SearchThingsOkResponse {
            data: Some(things(0..2)),
            pages: None,
        }))
    });
    let items: Vec<_> = stub.search_things_stream(search()).collect().await;
    assert_eq!(items.len(), 5);
    assert!(items[..4].iter().all(Result::is_ok));
    assert_eq!(items[4].as_ref().unwrap_err().status, 500);
}
