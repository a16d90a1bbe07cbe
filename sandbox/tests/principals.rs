//! Credentials map to principals: an unknown client is refused (401), a read-only client may
//! read but not change (403), and an idempotency token is its caller's.

mod common;

use common::{CLIENT_ID, CLIENT_SECRET, balance, fresh, point_records, points, register};
use sandbox::ClientAuth;
use shuyun_crm::api::MembersApi;
use shuyun_crm::client::{Client, Credentials, Error};
use shuyun_crm::requests::ChangePoints;

/// Serves a fresh sandbox to two full clients and a read-only one; answers a client per id.
async fn three_clients() -> impl Fn(&str, &str) -> Client {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let auth = ClientAuth::new(CLIENT_ID, CLIENT_SECRET)
        .with_client("second", "second-secret", false)
        .with_client("auditor", "auditor-secret", true);
    let app = sandbox::app(fresh(), auth, Default::default());
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    move |id: &str, secret: &str| {
        Client::builder(format!("http://{address}"))
            .credentials(Credentials::new().client_id(id).client_secret(secret))
            .build()
            .expect("client")
    }
}

fn refused(result: Result<impl std::fmt::Debug, Error>) -> (u16, String, String) {
    match result {
        Err(Error::Api(e)) => (
            e.status,
            e.body.code.clone().unwrap_or_default(),
            e.body.desc.clone().unwrap_or_default(),
        ),
        other => panic!("expected an error answer: {other:?}"),
    }
}

#[tokio::test]
async fn read_only_clients_read_and_unknown_clients_are_refused() {
    let client = three_clients().await;
    let (full, auditor) = (client(CLIENT_ID, CLIENT_SECRET), client("auditor", "auditor-secret"));
    let id = register(&full, "tb-principal", "13700000031").await;
    full.change_points(ChangePoints::new("p-1", points(&id, "SEND", 40)))
        .await
        .expect("a full client changes");

    // The auditor reads the balance, but its change is forbidden and changes nothing.
    assert_eq!(balance(&auditor, &id).await, 40);
    let (status, code, desc) = refused(
        auditor
            .change_points(ChangePoints::new("p-2", points(&id, "SEND", 5)))
            .await,
    );
    assert_eq!((status, code.as_str()), (403, "forbidden"));
    assert_eq!(desc, "client `auditor` may only read; `changePoints` changes data");
    assert_eq!(balance(&full, &id).await, 40);

    // Known id, wrong secret; and an unknown id with a known secret: 401, not 403.
    for (who, secret) in [("auditor", CLIENT_SECRET), ("nobody", "auditor-secret")] {
        let (status, code, _) = refused(
            client(who, secret)
                .change_points(ChangePoints::new("p-3", points(&id, "SEND", 5)))
                .await,
        );
        assert_eq!((status, code.as_str()), (401, "unauthorized"), "{who}");
    }
}

#[tokio::test]
async fn an_idempotency_token_is_its_callers() {
    let client = three_clients().await;
    let (first, second) = (client(CLIENT_ID, CLIENT_SECRET), client("second", "second-secret"));
    let id = register(&first, "tb-tokens", "13700000032").await;
    // The same token with different changes: each caller's applies once, neither replays nor
    // blocks the other's.
    first
        .change_points(ChangePoints::new("shared-token", points(&id, "SEND", 10)))
        .await
        .expect("first");
    second
        .change_points(ChangePoints::new("shared-token", points(&id, "SEND", 3)))
        .await
        .expect("second");
    first
        .change_points(ChangePoints::new("shared-token", points(&id, "SEND", 10)))
        .await
        .expect("a replay");
    assert_eq!(balance(&first, &id).await, 13);
    assert_eq!(point_records(&first, &id).await.len(), 2);
    // A caller still may not reuse its own token for another change.
    let (status, _, desc) = refused(
        first
            .change_points(ChangePoints::new("shared-token", points(&id, "SEND", 99)))
            .await,
    );
    assert_eq!(status, 409, "{desc}");
    assert!(desc.contains("shared-token"), "{desc}");
}
