//! What the sandbox's tests share: one bound for "anything that implements the six API
//! traits" (the sandbox in-process, or the generated client over loopback), a way to read
//! the error code of either, and the loopback server.
#![allow(dead_code)]

use sandbox::{ClientAuth, ErrorKind, Sandbox, SandboxError};
use shuyun_crm::api::{AccountGradesApi, CouponsApi, MembersApi, OrdersApi, PastPointsApi, WechatMembersApi};
use shuyun_crm::client::{Client, Credentials};
use shuyun_crm::models::{LocalDateTime, Money};
use shuyun_crm::server::ServerConfig;

pub const CLIENT_ID: &str = "test-client";
pub const CLIENT_SECRET: &str = "test-secret";
pub const MT: &str = "shuyun";

/// The code and status of a failed call, whoever made it.
pub trait Failure: std::fmt::Debug + std::fmt::Display + Send {
    fn code(&self) -> Option<String>;
    fn status(&self) -> Option<u16>;
}

impl Failure for SandboxError {
    fn code(&self) -> Option<String> {
        Some(SandboxError::code(self).to_owned())
    }
    fn status(&self) -> Option<u16> {
        Some(self.kind.status())
    }
}

/// A request the spec refuses never leaves the client (`InvalidRequest`); the server would
/// answer it 400 with the CRM's 010407, so it counts as that.
impl Failure for shuyun_crm::client::Error {
    fn code(&self) -> Option<String> {
        match self {
            shuyun_crm::client::Error::InvalidRequest(_) => Some(ErrorKind::Parameter.code().to_owned()),
            _ => self.api_error().and_then(|e| e.body.code.clone()),
        }
    }
    fn status(&self) -> Option<u16> {
        match self {
            shuyun_crm::client::Error::InvalidRequest(_) => Some(ErrorKind::Parameter.status()),
            _ => shuyun_crm::client::Error::status(self),
        }
    }
}

/// Every API trait, with errors whose code can be read.
pub trait Crm:
    MembersApi<Error: Failure>
    + AccountGradesApi<Error: Failure>
    + PastPointsApi<Error: Failure>
    + OrdersApi<Error: Failure>
    + CouponsApi<Error: Failure>
    + WechatMembersApi<Error: Failure>
    + Sync
{
}

impl<T> Crm for T where
    T: MembersApi<Error: Failure>
        + AccountGradesApi<Error: Failure>
        + PastPointsApi<Error: Failure>
        + OrdersApi<Error: Failure>
        + CouponsApi<Error: Failure>
        + WechatMembersApi<Error: Failure>
        + Sync
{
}

/// A request date-time (`yyyy-MM-dd HH:mm:ss`, GMT+8) that must parse.
#[track_caller]
pub fn local(text: &str) -> LocalDateTime {
    let value = LocalDateTime::from_wire(text);
    assert!(value.parsed().is_some(), "`{text}` is not a local date-time");
    value
}

/// An amount in yuan, exactly as written in the test (`1200.5` is 1200.50).
#[track_caller]
pub fn yuan(amount: f64) -> Money {
    let decimal: rust_decimal::Decimal = amount.to_string().parse().expect("an amount");
    decimal.into()
}

/// Asserts a call failed with the code (and status) of `kind`.
#[track_caller]
pub fn expect_error<T: std::fmt::Debug, E: Failure>(result: Result<T, E>, kind: ErrorKind) {
    match result {
        Ok(value) => panic!("expected {} but the call succeeded: {value:?}", kind.name()),
        Err(e) => {
            assert_eq!(e.code().as_deref(), Some(kind.code()), "expected {}: {e}", kind.name());
            assert_eq!(e.status(), Some(kind.status()), "{e}");
        }
    }
}

/// A coupon result that failed with `kind` in its `msg`.
#[track_caller]
pub fn expect_refused(result: &shuyun_crm::models::CouponOperationResult, kind: ErrorKind) {
    assert!(!result.success, "{result:?}");
    let msg = result.msg.as_deref().unwrap_or_default();
    assert!(
        msg.starts_with(&format!("{} {}:", kind.code(), kind.name())),
        "expected {}: {msg}",
        kind.name()
    );
}

/// Serves the sandbox on a loopback port (the generated router, checking responses against
/// the spec as debug builds do) and answers a client for it.
pub async fn serve(sandbox: Sandbox) -> Client {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let config = ServerConfig {
        validate_responses: true,
        ..ServerConfig::default()
    };
    let app = sandbox::app(sandbox, ClientAuth::new(CLIENT_ID, CLIENT_SECRET), config);
    tokio::spawn(async move { axum::serve(listener, app).await.expect("serve") });
    Client::builder(format!("http://{address}"))
        .credentials(Credentials::new().client_id(CLIENT_ID).client_secret(CLIENT_SECRET))
        .build()
        .expect("client")
}

/// The sandbox every test starts from: default settings and projects, no seed.
pub fn fresh() -> Sandbox {
    Sandbox::with_defaults()
}

/// Registers a member through any implementation and answers its memberId.
pub async fn register<S: Crm>(api: &S, customer_no: &str, mobile: &str) -> String {
    use shuyun_crm::models::RegisterMemberRequest;
    use shuyun_crm::requests::RegisterMember;
    use shuyun_crm::responses::RegisterMemberResponse;
    let body = RegisterMemberRequest {
        mobile: Some(mobile.into()),
        ..RegisterMemberRequest::new("TAOBAO", customer_no, MT)
    };
    match api.register_member(RegisterMember::new(body)).await.expect("register") {
        RegisterMemberResponse::Created(r) => r.member_id.expect("memberId"),
        other => panic!("expected a new member: {other:?}"),
    }
}

/// A SEND (or DEDUCT) of `point` points.
pub fn points(member_id: &str, change_type: &str, point: i64) -> shuyun_crm::models::PointChangeRequest {
    shuyun_crm::models::PointChangeRequest::new(change_type, "POS", "并发测试", member_id, MT, point, "E0001")
}

/// The usable points of a member.
pub async fn balance<S: Crm>(api: &S, member_id: &str) -> i64 {
    use shuyun_crm::requests::GetMemberPoints;
    use shuyun_crm::responses::GetMemberPointsResponse;
    let GetMemberPointsResponse::Ok(b) = api
        .get_member_points(GetMemberPoints::new(MT).member_id(member_id))
        .await
        .expect("points")
    else {
        panic!("a success the spec does not document")
    };
    b.point.expect("point")
}

/// The point records of a member, newest first (at most 100).
pub async fn point_records<S: Crm>(api: &S, member_id: &str) -> Vec<shuyun_crm::models::PointRecord> {
    use shuyun_crm::requests::ListPointRecords;
    use shuyun_crm::responses::ListPointRecordsResponse;
    let ListPointRecordsResponse::Ok(records) = api
        .list_point_records(ListPointRecords::new(MT).member_id(member_id).page_size(100))
        .await
        .expect("records")
    else {
        panic!("a success the spec does not document")
    };
    records
}

/// A fresh directory under the system's temporary one.
pub fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("crm-sandbox-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}
