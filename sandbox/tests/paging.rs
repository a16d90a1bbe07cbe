//! The item streams of the CRM's paged operations, end to end: the generated client streams
//! a member's point records from the sandbox page by page, and stops after the short last page.

mod common;

use common::{fresh, points, register, serve};
use futures_util::StreamExt as _;
use shuyun_crm::api::MembersApi;
use shuyun_crm::requests::{ChangePoints, ListPointRecords};

#[tokio::test]
async fn a_members_point_records_stream_page_by_page() {
    let sandbox = fresh();
    let client = serve(sandbox).await;
    let member = register(&client, "tb-paging", "13700000051").await;
    for i in 0..23 {
        client
            .change_points(ChangePoints::new(format!("paging-{i}"), points(&member, "SEND", 1)))
            .await
            .expect("a change");
    }
    let pages_of = |size: i32| {
        client.list_point_records_stream(
            ListPointRecords::new(common::MT)
                .member_id(member.clone())
                .page_size(size),
        )
    };
    let records: Vec<_> = pages_of(10).collect().await;
    assert_eq!(records.len(), 23);
    let mut tokens: Vec<String> = records
        .into_iter()
        .map(|r| r.expect("a record").trace_id.expect("its token"))
        .collect();
    tokens.sort();
    tokens.dedup();
    assert_eq!(tokens.len(), 23, "every record once, none repeated across pages");
    // Taking a few fetches only what it needs.
    let first: Vec<_> = pages_of(5).take(3).collect().await;
    assert_eq!(first.len(), 3);
}
