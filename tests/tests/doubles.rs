//! Test doubles: the generated `server::Stub` answers the operations a test gives it and 501
//! for the rest, records every call, and serves through the router; any implementation can be
//! held as `Arc<dyn server::DynService>` and chosen at run time.

use std::sync::Arc;

use axum::body::Body;
use axum::http::Request;
use serde_json::Value;
use shuyun_crm::api::{MembersApi, WechatMembersApi};
use shuyun_crm::client::{Client, Credentials, Error};
use shuyun_crm::server::{self, Context, Presented, ProblemKind, RequireCredentials, ServerConfig, Stub};
use shuyun_crm::{models, requests, responses};
use tower::ServiceExt as _;

fn points(point: i64) -> responses::GetMemberPointsResponse {
    responses::GetMemberPointsResponse::Ok(models::PointBalance { point: Some(point) })
}

/// A stub that knows one member's points; who asked is recorded from the request's context.
fn stub(callers: Arc<std::sync::Mutex<Vec<Option<String>>>>) -> Stub {
    Stub::new().on_get_member_points(move |request: requests::GetMemberPoints| {
        let callers = callers.clone();
        async move {
            let caller =
                Context::current().and_then(|cx| cx.principal::<Presented>().and_then(|p| p.client_id.clone()));
            callers.lock().unwrap().push(caller);
            match request.member_id.as_deref() {
                Some("m-1") => Ok(points(120)),
                _ => Err(server::ErrorResponse::new(
                    ProblemKind::NotFound,
                    "no such member",
                    "/member/loyalty/point",
                )),
            }
        }
    })
}

async fn serve(app: axum::Router) -> Client {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    Client::builder(format!("http://{address}"))
        .credentials(Credentials::new().client_id("tester").client_secret("s3cret"))
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_stub_answers_what_it_is_given_and_501_for_the_rest() {
    let callers = Arc::default();
    let stub = Arc::new(stub(Arc::clone(&callers)));
    let client = serve(server::router(
        stub.clone(),
        RequireCredentials,
        ServerConfig::default(),
    ))
    .await;

    let answer = client
        .get_member_points(requests::GetMemberPoints::new("shuyun").member_id("m-1"))
        .await;
    assert_eq!(answer.unwrap(), points(120));
    match client
        .get_member_points(requests::GetMemberPoints::new("shuyun").member_id("m-2"))
        .await
    {
        Err(Error::Api(e)) => assert_eq!((e.status, e.body.desc.as_deref()), (404, Some("no such member"))),
        other => panic!("expected the stub's 404: {other:?}"),
    }
    // An operation the stub was given nothing for: 501 in the envelope, with the request id.
    match client
        .query_member(requests::QueryMember::new("shuyun").member_id("m-1"))
        .await
    {
        Err(Error::Api(e)) => {
            assert_eq!(e.status, 501);
            assert_eq!(e.body.code.as_deref(), Some("not_implemented"));
            assert_eq!(e.body.desc.as_deref(), Some("the stub has no answer for `queryMember`"));
            let uri = e.body.uri.unwrap_or_default();
            assert!(uri.starts_with("/member/query#") && uri.len() > 20, "{uri}");
        }
        other => panic!("expected 501: {other:?}"),
    }
    // Every call is recorded with its typed request, in order.
    assert_eq!(stub.calls(), ["getMemberPoints", "getMemberPoints", "queryMember"]);
    let asked: Vec<_> = stub
        .requests::<requests::GetMemberPoints>()
        .into_iter()
        .map(|r| r.member_id.unwrap_or_default())
        .collect();
    assert_eq!(asked, ["m-1", "m-2"]);
    assert_eq!(stub.requests::<requests::QueryMember>()[0].member_type, "shuyun");
    assert_eq!(
        *callers.lock().unwrap(),
        [Some("tester".to_owned()), Some("tester".to_owned())]
    );
    assert_eq!(stub.take_calls().len(), 3);
    assert!(stub.calls().is_empty());
}

/// The service is picked at run time: a stub, or a proxy (a client of another server), both
/// as `Arc<dyn DynService>`; the router serves either, and either is callable in-process.
#[tokio::test]
async fn any_implementation_can_be_held_as_a_dyn_service() {
    let upstream = serve(server::router(
        stub(Arc::default()),
        RequireCredentials,
        ServerConfig::default(),
    ))
    .await;
    for choice in ["stub", "proxy"] {
        let service: Arc<dyn server::DynService> = match choice {
            "stub" => Arc::new(stub(Arc::default())),
            _ => Arc::new(upstream.clone()),
        };
        // In-process, through the API traits (`dyn DynService` implements them).
        let direct =
            MembersApi::get_member_points(&*service, requests::GetMemberPoints::new("shuyun").member_id("m-1")).await;
        assert_eq!(direct.unwrap(), points(120), "{choice}");
        let missing = WechatMembersApi::get_wechat_member_by_union_id(
            &*service,
            requests::GetWechatMemberByUnionId::new("shuyun", "u-1"),
        )
        .await;
        assert_eq!(missing.unwrap_err().status, 501, "{choice}");

        // Served: the proxy's upstream 501 keeps its status and envelope.
        let app = server::router(service, RequireCredentials, ServerConfig::default());
        let request = Request::get("/wechat/member/queryByUnionId?memberType=shuyun&unionId=u-1")
            .header("client_id", "tester")
            .header("client_secret", "s3cret")
            .header("x-request-id", "dyn-1")
            .body(Body::empty())
            .unwrap();
        let answer = app.oneshot(request).await.unwrap();
        assert_eq!(answer.status(), 501, "{choice}");
        let body: Value =
            serde_json::from_slice(&axum::body::to_bytes(answer.into_body(), 1 << 20).await.unwrap()).unwrap();
        assert_eq!(body["code"], "not_implemented", "{choice}: {body}");
    }
}
