//! Per-call overhead of the generated client against a hand-written reqwest call of the same
//! operation: `queryMember` (`GET /member/query?memberType=..&memberId=..` with the `client_id`
//! and `client_secret` headers, the answer decoded into `models::MemberInfo`), both over one
//! shared `reqwest::Client` against the same loopback axum server, which answers the spec's
//! example. Goal: generated ≤ 1.05 × hand-written.
//! A sample's time is its iteration count × its median call (`common::median_of_calls`),
//! so that waits for other processes on a shared machine do not decide the comparison.
//!
//! `cargo bench -p benches --bench client -- --warm-up-time 2 --measurement-time 5`

mod common;

use std::hint::black_box;
use std::net::SocketAddr;

use axum::http::{StatusCode, header};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use shuyun_crm::api::MembersApi as _;
use shuyun_crm::client::{Client, Credentials};
use shuyun_crm::models::MemberInfo;
use shuyun_crm::requests::QueryMember;
use shuyun_crm::responses::QueryMemberResponse;

/// Starts the loopback server on `runtime` and answers its address. The handler is plain: the
/// example's bytes, whatever the query and headers. Client and server share the one thread of
/// the runtime, so a call costs CPU time on one core only and the figures move less with the
/// load of the machine (2 cores) than with a thread each.
fn start_server(runtime: &tokio::runtime::Runtime, body: Vec<u8>) -> SocketAddr {
    let body = axum::body::Bytes::from(body);
    let app = axum::Router::new().route(
        "/member/query",
        axum::routing::get(move || {
            let body = body.clone();
            async move { ([(header::CONTENT_TYPE, "application/json")], body) }
        }),
    );
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("binding 127.0.0.1");
    let addr = listener.local_addr().expect("local address");
    runtime.spawn(async move { axum::serve(listener, app).await.expect("serving") });
    addr
}

/// The call as one would write it by hand with reqwest.
async fn hand_written(
    http: &reqwest::Client,
    base_url: &str,
    member_type: &str,
    member_id: &str,
) -> Result<MemberInfo, Box<dyn std::error::Error + Send + Sync>> {
    let response = http
        .get(format!("{base_url}/member/query"))
        .query(&[("memberType", member_type), ("memberId", member_id)])
        .header("client_id", common::CLIENT_ID)
        .header("client_secret", common::CLIENT_SECRET)
        .send()
        .await?;
    if response.status() != StatusCode::OK {
        return Err(format!("queryMember answered {}", response.status()).into());
    }
    Ok(response.json::<MemberInfo>().await?)
}

/// The same call through the generated client.
async fn generated(client: &Client, member_type: &str, member_id: &str) -> MemberInfo {
    let request = QueryMember::new(member_type).member_id(member_id);
    match client.query_member(request).await {
        Ok(QueryMemberResponse::Ok(member)) => member,
        Ok(other) => panic!("generated client: status {}", other.status()),
        Err(e) => panic!("generated client: {e}"),
    }
}

fn bench_client(c: &mut Criterion) {
    let expected = common::example_member();
    let body = serde_json::to_vec(&common::example_json()).expect("encoding the example");
    // One thread runs the client, its connection and the server.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let addr = start_server(&runtime, body);
    let base_url = format!("http://{addr}");
    let http = reqwest::Client::new();
    let client = Client::builder(base_url.clone())
        .credentials(
            Credentials::new()
                .client_id(common::CLIENT_ID)
                .client_secret(common::CLIENT_SECRET),
        )
        .http_client(http.clone())
        .build()
        .expect("building the generated client");

    // Both sides answer the same thing before anything is measured.
    runtime.block_on(async {
        let by_hand = hand_written(&http, &base_url, common::MEMBER_TYPE, common::MEMBER_ID)
            .await
            .expect("hand-written call");
        let by_generated = generated(&client, common::MEMBER_TYPE, common::MEMBER_ID).await;
        assert_eq!(by_hand, expected, "hand-written decoding");
        assert_eq!(by_generated, expected, "generated decoding");
    });

    let mut group = c.benchmark_group("client/queryMember");
    group.throughput(Throughput::Elements(1));
    group.bench_function("generated", |b| {
        b.to_async(&runtime).iter_custom(|iters| {
            common::median_of_calls(iters, || {
                generated(
                    black_box(&client),
                    black_box(common::MEMBER_TYPE),
                    black_box(common::MEMBER_ID),
                )
            })
        });
    });
    group.bench_function("hand-written", |b| {
        b.to_async(&runtime).iter_custom(|iters| {
            common::median_of_calls(iters, || async {
                hand_written(
                    black_box(&http),
                    black_box(&base_url),
                    black_box(common::MEMBER_TYPE),
                    black_box(common::MEMBER_ID),
                )
                .await
                .expect("hand-written call")
            })
        });
    });
    group.finish();
}

criterion_group!(benches, bench_client);
criterion_main!(benches);
