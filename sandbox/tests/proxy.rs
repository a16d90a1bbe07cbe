//! A proxy in a few lines: the generated router serves a generated client, so every call is
//! forwarded to another deployment (here the sandbox over loopback). A documented error comes
//! back with its status and the CRM's envelope; a failing upstream is a 502, a silent one a 504,
//! in the same envelope.

mod common;

use std::time::Duration;

use common::{CLIENT_ID, CLIENT_SECRET, MT, balance, expect_error, fresh, register, serve};
use sandbox::ErrorKind;
use shuyun_crm::api::MembersApi as _;
use shuyun_crm::client::{Client, Credentials, Error};
use shuyun_crm::requests::QueryMember;
use shuyun_crm::server::{RequireCredentials, ServerConfig, router};

/// Serves `upstream` behind the generated router on a loopback port; answers a client for it.
async fn proxy(upstream: Client) -> Client {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    // The proxy itself: the client implements every API trait, and its errors answer as the
    // server's.
    let app = router(upstream, RequireCredentials, ServerConfig::default());
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    client(&format!("http://{address}"), Duration::from_secs(10))
}

fn client(base: &str, timeout: Duration) -> Client {
    Client::builder(base)
        .credentials(Credentials::new().client_id(CLIENT_ID).client_secret(CLIENT_SECRET))
        .timeout(timeout)
        .build()
        .expect("client")
}

#[tokio::test]
async fn a_router_over_a_client_forwards_every_call() {
    let through = proxy(serve(fresh()).await).await;
    let member_id = register(&through, "proxy-1", "13800000011").await;
    assert_eq!(balance(&through, &member_id).await, 0);
    // The sandbox's documented error, status and envelope unchanged.
    expect_error(
        through.query_member(QueryMember::new(MT).member_id("nobody")).await,
        ErrorKind::MemberNotFound,
    );
}

#[tokio::test]
async fn an_unreachable_upstream_is_a_502_and_a_silent_one_a_504() {
    // Nothing listens on a port just freed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let through = proxy(client(&format!("http://127.0.0.1:{port}"), Duration::from_secs(5))).await;
    let failed = through
        .query_member(QueryMember::new(MT).member_id("m"))
        .await
        .unwrap_err();
    let Error::Api(e) = &failed else { panic!("{failed}") };
    assert_eq!(e.status, 502, "{failed}");
    assert!(
        e.body.desc.as_deref().unwrap_or_default().contains("upstream"),
        "{failed}"
    );

    // A listener that accepts and never answers.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = silent.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = silent.accept().await {
            held.push(socket);
        }
    });
    let through = proxy(client(&format!("http://{address}"), Duration::from_millis(300))).await;
    let failed = through
        .query_member(QueryMember::new(MT).member_id("m"))
        .await
        .unwrap_err();
    assert_eq!(failed.status(), Some(504), "{failed}");
}
