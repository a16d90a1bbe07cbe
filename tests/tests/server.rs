//! The generated server: every operation's example request reaches the implementation with
//! its values decoded, every rule of the spec rejects what breaks it before the implementation
//! runs (with the CRM's error envelope), and the generated client talks to the generated
//! router over loopback for every operation, in both directions.

mod common;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::examples::{Example, examples, json_eq};
use serde_json::{Value, json};
use shuyun_crm::server::{
    Authenticate, Context, ErrorResponse, Operation, Presented, ProblemKind, Refusal, RequireCredentials, ServerConfig,
    not_found, router,
};
use shuyun_crm::{api, requests, responses};
use tower::ServiceExt as _;

/// A test double of every API trait: records each call's request (as JSON) and answers from a
/// script by operationId.
#[derive(Clone, Default)]
struct Fake {
    calls: Arc<Mutex<Vec<(String, Value)>>>,
    /// The context of each call, as the implementation saw it.
    contexts: Arc<Mutex<Vec<Arc<Context>>>>,
    replies: Arc<Mutex<HashMap<String, Reply>>>,
    /// How long every call takes before it answers.
    delay: Arc<Mutex<Option<std::time::Duration>>>,
}

/// What the fake answers an operation with: a status and body, or an error.
type Reply = Result<(u16, Option<Value>), ErrorResponse>;

impl Fake {
    fn answer(&self, id: &str, request: Value) -> Reply {
        self.calls.lock().unwrap().push((id.to_owned(), request));
        if let Some(context) = Context::current() {
            self.contexts.lock().unwrap().push(context);
        }
        if id == "getMemberPoints" && self.replies.lock().unwrap().get("panic").is_some() {
            panic!("the implementation panics");
        }
        self.replies.lock().unwrap().get(id).cloned().unwrap_or_else(|| {
            Err(ErrorResponse::new(
                ProblemKind::NotFound,
                format!("no reply for {id}"),
                "",
            ))
        })
    }

    fn reply(&self, id: &str, reply: Reply) {
        self.replies.lock().unwrap().insert(id.to_owned(), reply);
    }

    fn take(&self) -> Vec<(String, Value)> {
        std::mem::take(&mut *self.calls.lock().unwrap())
    }
}

macro_rules! fake_api {
    ($($api:ident { $($method:ident: $req:ident => $resp:ident = $id:literal,)* })*) => {$(
        impl api::$api for Fake {
            type Error = ErrorResponse;
            $(async fn $method(&self, request: requests::$req) -> Result<responses::$resp, ErrorResponse> {
                let delay = *self.delay.lock().unwrap();
                if let Some(delay) = delay {
                    tokio::time::sleep(delay).await;
                }
                let (status, body) = self.answer($id, serde_json::to_value(&request).unwrap())?;
                Ok(responses::$resp::from_json(status, body).expect("a documented reply"))
            })*
        }
    )*};
}

fake_api! {
    MembersApi {
        register_member: RegisterMember => RegisterMemberResponse = "registerMember",
        query_member: QueryMember => QueryMemberResponse = "queryMember",
        get_member_points: GetMemberPoints => GetMemberPointsResponse = "getMemberPoints",
        get_member_grade: GetMemberGrade => GetMemberGradeResponse = "getMemberGrade",
        list_point_records: ListPointRecords => ListPointRecordsResponse = "listPointRecords",
        list_grade_records: ListGradeRecords => ListGradeRecordsResponse = "listGradeRecords",
        change_points: ChangePoints => ChangePointsResponse = "changePoints",
        freeze_points: FreezePoints => FreezePointsResponse = "freezePoints",
        unfreeze_points: UnfreezePoints => UnfreezePointsResponse = "unfreezePoints",
        consume_frozen_points: ConsumeFrozenPoints => ConsumeFrozenPointsResponse = "consumeFrozenPoints",
        update_member: UpdateMember => UpdateMemberResponse = "updateMember",
        change_member_mobile: ChangeMemberMobile => ChangeMemberMobileResponse = "changeMemberMobile",
        update_member_privacy_policy: UpdateMemberPrivacyPolicy => UpdateMemberPrivacyPolicyResponse = "updateMemberPrivacyPolicy",
        query_member_attributes: QueryMemberAttributes => QueryMemberAttributesResponse = "queryMemberAttributes",
        update_member_status: UpdateMemberStatus => UpdateMemberStatusResponse = "updateMemberStatus",
        list_member_purchase_channels: ListMemberPurchaseChannels => ListMemberPurchaseChannelsResponse = "listMemberPurchaseChannels",
        get_next_grade_amount: GetNextGradeAmount => GetNextGradeAmountResponse = "getNextGradeAmount",
        get_member_by_channel_id: GetMemberByChannelId => GetMemberByChannelIdResponse = "getMemberByChannelId",
        get_expiring_points: GetExpiringPoints => GetExpiringPointsResponse = "getExpiringPoints",
    }
    AccountGradesApi {
        get_account_grade: GetAccountGrade => GetAccountGradeResponse = "getAccountGrade",
        list_account_grade_records: ListAccountGradeRecords => ListAccountGradeRecordsResponse = "listAccountGradeRecords",
    }
    PastPointsApi {
        get_past_points: GetPastPoints => GetPastPointsResponse = "getPastPoints",
        list_past_point_records: ListPastPointRecords => ListPastPointRecordsResponse = "listPastPointRecords",
        change_past_points: ChangePastPoints => ChangePastPointsResponse = "changePastPoints",
    }
    OrdersApi {
        list_orders: ListOrders => ListOrdersResponse = "listOrders",
        get_order_detail: GetOrderDetail => GetOrderDetailResponse = "getOrderDetail",
        save_order: SaveOrder => SaveOrderResponse = "saveOrder",
    }
    CouponsApi {
        list_coupon_projects: ListCouponProjects => ListCouponProjectsResponse = "listCouponProjects",
        get_coupon_project: GetCouponProject => GetCouponProjectResponse = "getCouponProject",
        grant_coupon: GrantCoupon => GrantCouponResponse = "grantCoupon",
        write_off_frozen_coupon: WriteOffFrozenCoupon => WriteOffFrozenCouponResponse = "writeOffFrozenCoupon",
        anticount_coupon: AnticountCoupon => AnticountCouponResponse = "anticountCoupon",
        freeze_coupon: FreezeCoupon => FreezeCouponResponse = "freezeCoupon",
        thaw_coupon: ThawCoupon => ThawCouponResponse = "thawCoupon",
        use_coupon: UseCoupon => UseCouponResponse = "useCoupon",
        list_coupon_instances: ListCouponInstances => ListCouponInstancesResponse = "listCouponInstances",
        get_coupon_detail: GetCouponDetail => GetCouponDetailResponse = "getCouponDetail",
        invalidate_coupon: InvalidateCoupon => InvalidateCouponResponse = "invalidateCoupon",
        make_coupon_effective: MakeCouponEffective => MakeCouponEffectiveResponse = "makeCouponEffective",
        extend_coupon: ExtendCoupon => ExtendCouponResponse = "extendCoupon",
    }
    WechatMembersApi {
        register_wechat_member: RegisterWechatMember => RegisterWechatMemberResponse = "registerWechatMember",
        get_wechat_member_by_union_id: GetWechatMemberByUnionId => GetWechatMemberByUnionIdResponse = "getWechatMemberByUnionId",
        get_wechat_member_by_open_id: GetWechatMemberByOpenId => GetWechatMemberByOpenIdResponse = "getWechatMemberByOpenId",
    }
}

const CLIENT_ID: &str = "fa98-test-3452";
const SECRET: &str = "108b-very-secret-41f2";

/// The router as a server that owns the host: unknown paths answer 404 in the envelope.
fn app(fake: &Fake) -> axum::Router {
    router(fake.clone(), RequireCredentials, ServerConfig::default()).fallback(not_found)
}

/// The HTTP request of an example, with both credentials.
fn http_request(ex: &Example) -> Request<Body> {
    let mut uri = percent_path(&ex.path);
    if !ex.query.is_empty() {
        uri.push('?');
        uri.push_str(&serde_urlencoded_pairs(&ex.query));
    }
    let mut builder = Request::builder()
        .method(ex.method.as_str())
        .uri(uri)
        .header("client_id", CLIENT_ID)
        .header("client_secret", SECRET);
    for (name, value) in &ex.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    match &ex.body {
        Some((body, _)) => builder
            .header("content-type", "application/json")
            .body(Body::from(serde_json::to_vec(body).unwrap()))
            .unwrap(),
        None => builder.body(Body::empty()).unwrap(),
    }
}

/// The path with each parameter value percent-encoded as the client sends it.
fn percent_path(path: &str) -> String {
    const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~')
        .remove(b'/');
    percent_encoding::utf8_percent_encode(path, SEGMENT).to_string()
}

fn serde_urlencoded_pairs(pairs: &[(String, String)]) -> String {
    serde_urlencoded::to_string(pairs).unwrap()
}

async fn send(app: &axum::Router, request: Request<Body>) -> (u16, Value) {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).unwrap_or_else(|_| json!(String::from_utf8_lossy(&bytes)))
    };
    (status, body)
}

#[tokio::test]
async fn every_example_request_reaches_the_implementation_and_every_example_response_comes_back() {
    let spec = common::crm();
    let fake = Fake::default();
    let app = app(&fake);
    let mut exercised = 0;
    for ex in examples(&spec) {
        for (code, body) in &ex.responses {
            exercised += 1;
            fake.reply(&ex.id, Ok((*code, body.as_ref().map(|(b, _)| b.clone()))));
            let (status, got) = send(&app, http_request(&ex)).await;
            assert_eq!(status, *code, "{}: {got}", ex.id);
            match body {
                Some((_, expected)) => assert!(json_eq(&got, expected), "{} {code}: answered {got}", ex.id),
                None => assert_eq!(got, Value::Null, "{} {code}", ex.id),
            }
            let calls = fake.take();
            assert_eq!(calls.len(), 1, "{}", ex.id);
            let (id, request) = &calls[0];
            assert_eq!(id, &ex.id);
            // The decoded request holds exactly the example's values (defaults filled in).
            let mut expected = ex.request.clone();
            if let Some((_, filled)) = &ex.body {
                expected.insert("body".into(), filled.clone());
            }
            let expected = Value::Object(expected);
            assert!(
                json_eq(request, &expected),
                "{}: decoded {request}, sent {expected}",
                ex.id
            );
        }
    }
    assert!(exercised >= 43);
}

/// The example of one operation.
fn example(id: &str) -> Example {
    examples(&common::crm())
        .into_iter()
        .find(|e| e.id == id)
        .expect("an operation")
}

fn with_query(ex: &Example, name: &str, value: Option<&str>) -> Example {
    let mut ex = ex.clone();
    ex.query.retain(|(n, _)| n != name);
    if let Some(v) = value {
        ex.query.push((name.to_owned(), v.to_owned()));
    }
    ex
}

/// Sends a request that breaks a rule: the answer is `status` with the envelope (`code`, a
/// `desc` naming `needle`, the path and the request's id in `uri`), and the implementation
/// never ran.
async fn rejected(fake: &Fake, mut request: Request<Body>, status: u16, code: &str, needle: &str) {
    let path = request.uri().path().to_owned();
    request.headers_mut().insert("x-request-id", "gw-7f3a".parse().unwrap());
    let (got, body) = send(&app(fake), request).await;
    assert_eq!(got, status, "{body}");
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(body["module"], "Solution Package", "{body}");
    assert_eq!(body["service"], "openapi", "{body}");
    assert!(
        body["desc"].as_str().unwrap().contains(needle),
        "desc should name {needle}: {body}"
    );
    if status != 500 {
        assert_eq!(body["uri"], format!("{path}#gw-7f3a"), "{body}");
    }
    assert!(fake.take().is_empty(), "the implementation must not run");
}

#[tokio::test]
async fn every_rule_rejects_before_the_implementation_runs() {
    let fake = Fake::default();
    query_and_header_rules(&fake).await;
    body_rules(&fake).await;
    transport_rules(&fake).await;
}

/// Query parameters (required, type, maximum, minimum, enum, maxLength, pattern, x-require-any-of) and the required
/// idempotency header.
async fn query_and_header_rules(fake: &Fake) {
    let records = example("listPointRecords");
    let query = example("queryMember");
    // Query parameters: required, type, maximum, minimum, enum, maxLength, pattern, x-require-any-of.
    rejected(
        fake,
        http_request(&with_query(&records, "memberType", None)),
        400,
        "010407",
        "memberType: is required",
    )
    .await;
    rejected(
        fake,
        http_request(&with_query(&records, "pageSize", Some("abc"))),
        400,
        "010407",
        "pageSize: `abc` is not a 32-bit integer",
    )
    .await;
    rejected(
        fake,
        http_request(&with_query(&records, "pageSize", Some("101"))),
        400,
        "010407",
        "pageSize: is 101, at most 100",
    )
    .await;
    rejected(
        fake,
        http_request(&with_query(&records, "page", Some("0"))),
        400,
        "010407",
        "page: is 0, at least 1",
    )
    .await;
    rejected(
        fake,
        http_request(&with_query(&records, "recordType", Some("NOPE"))),
        400,
        "010407",
        "recordType: `NOPE` is not one of",
    )
    .await;
    rejected(
        fake,
        http_request(&with_query(&records, "memberId", Some(&"m".repeat(33)))),
        400,
        "010407",
        "memberId: is 33 characters long",
    )
    .await;
    rejected(
        fake,
        http_request(&with_query(&records, "startTime", Some("2021-07-13"))),
        400,
        "010407",
        "startTime: `2021-07-13` is not a local date-time (yyyy-MM-dd HH:mm:ss)",
    )
    .await;
    let no_id = with_query(
        &with_query(&with_query(&query, "memberId", None), "mobile", None),
        "cardNo",
        None,
    );
    rejected(
        fake,
        http_request(&no_id),
        400,
        "010407",
        "at least one of memberId, mobile, cardNo",
    )
    .await;
    // Headers: the idempotency key is required.
    let mut change = example("changePoints");
    change.headers.clear();
    rejected(
        fake,
        http_request(&change),
        400,
        "010407",
        "X-Business-Token: is required",
    )
    .await;
}

/// A POST of `body` to the registration route, with credentials and the given content type.
fn raw_register(body: &str, content_type: &str) -> Request<Body> {
    Request::builder()
        .method("POST")
        .uri("/member/register")
        .header("client_id", CLIENT_ID)
        .header("client_secret", SECRET)
        .header("content-type", content_type)
        .body(Body::from(body.to_owned()))
        .unwrap()
}

/// Bodies: malformed JSON, a wrong shape, a broken rule inside, a missing body, text fields, nulls, lengths.
async fn body_rules(fake: &Fake) {
    // Bodies: malformed JSON, a wrong shape, a broken rule inside, a missing body.
    let register = example("registerMember");
    rejected(
        fake,
        raw_register("{\"memberType\": ", "application/json"),
        400,
        "010407",
        "malformed JSON",
    )
    .await;
    rejected(
        fake,
        raw_register("{\"memberType\": 3}", "application/json"),
        400,
        "010407",
        "body:",
    )
    .await;
    // Text fields take only strings on the server (the client accepts numbers from the CRM).
    let mut typed = register.body.clone().unwrap().0;
    typed["memberType"] = json!(false);
    rejected(
        fake,
        raw_register(&typed.to_string(), "application/json"),
        400,
        "010407",
        "expected a string, found false",
    )
    .await;
    typed["memberType"] = json!(0);
    rejected(
        fake,
        raw_register(&typed.to_string(), "application/json"),
        400,
        "010407",
        "expected a string, found 0",
    )
    .await;
    // `null` only where the spec declares a field nullable (it declares none): an optional text
    // field, an optional enum, an optional object and a field inside it; the path names the
    // field (the client reads the same nulls as absent, see client.rs).
    for (at, nulled) in [
        ("nick", "/nick"),
        ("gender", "/gender"),
        ("customizedProperties", "/customizedProperties"),
        (
            "customizedProperties.registerSource",
            "/customizedProperties/registerSource",
        ),
    ] {
        let mut body = register.body.clone().unwrap().0;
        *body
            .pointer_mut(nulled)
            .unwrap_or_else(|| panic!("the example has {at}")) = Value::Null;
        rejected(
            fake,
            raw_register(&body.to_string(), "application/json"),
            400,
            "010407",
            &format!("{at}: is null, but the spec does not declare it nullable"),
        )
        .await;
    }
    let mut long = register.body.clone().unwrap().0;
    long["channelType"] = json!("C".repeat(21));
    rejected(
        fake,
        raw_register(&long.to_string(), "application/json"),
        400,
        "010407",
        "channelType: is 21 characters long",
    )
    .await;
    rejected(
        fake,
        raw_register("", "application/json"),
        400,
        "010407",
        "body: is required",
    )
    .await;
}

/// Media type, size, path, method, credentials.
async fn transport_rules(fake: &Fake) {
    let query = example("queryMember");
    // Media type, size, path, method, credentials.
    rejected(
        fake,
        raw_register("{}", "text/plain"),
        415,
        "unsupported_media_type",
        "application/json",
    )
    .await;
    let big = format!("{{\"memberType\": \"{}\"}}", "x".repeat(3 * 1024 * 1024));
    rejected(
        fake,
        raw_register(&big, "application/json"),
        413,
        "payload_too_large",
        "larger than",
    )
    .await;
    let get = |uri: &str| {
        Request::builder()
            .uri(uri)
            .header("client_id", CLIENT_ID)
            .header("client_secret", SECRET)
            .body(Body::empty())
            .unwrap()
    };
    rejected(fake, get("/no/such/path"), 404, "not_found", "/no/such/path").await;
    rejected(fake, get("/member/register"), 405, "method_not_allowed", "GET").await;
    let mut anonymous = http_request(&query);
    anonymous.headers_mut().remove("client_secret");
    rejected(fake, anonymous, 401, "unauthorized", "credentials").await;
}

#[tokio::test]
async fn the_router_merges_and_nests_into_an_app_with_its_own_fallback() {
    let fake = Fake::default();
    let api = || router(fake.clone(), RequireCredentials, ServerConfig::default());
    // Merged, nested, and both at once into an app that has a fallback: none of it panics.
    let app = axum::Router::new()
        .route("/health", axum::routing::get(|| async { "ok" }))
        .nest("/crm", api())
        .merge(api())
        .fallback(|| async { (StatusCode::IM_A_TEAPOT, "the app's own") });
    let query = example("queryMember");
    fake.reply("queryMember", Ok((200, Some(json!({"memberId": "m1"})))));
    assert_eq!(
        send(&app, http_request(&query)).await.0,
        200,
        "an operation at the root"
    );
    let mut nested = http_request(&query);
    *nested.uri_mut() = format!("/crm{}", nested.uri()).parse().unwrap();
    fake.reply("queryMember", Ok((200, Some(json!({"memberId": "m1"})))));
    assert_eq!(send(&app, nested).await.0, 200, "an operation under /crm");
    let get = |uri: &str| Request::builder().uri(uri).body(Body::empty()).unwrap();
    assert_eq!(send(&app, get("/health")).await, (200, json!("ok")));
    assert_eq!(send(&app, get("/no/such/path")).await, (418, json!("the app's own")));
    assert_eq!(
        send(&app, get("/crm/no/such/path")).await,
        (418, json!("the app's own"))
    );
    // A wrong method on an operation's path is still the API's 405, in its envelope.
    let (status, body) = send(&app, get("/member/register")).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (405, Some("method_not_allowed")),
        "{body}"
    );
}

#[tokio::test]
async fn an_implementation_that_takes_too_long_answers_504_in_the_envelope() {
    assert_eq!(
        ServerConfig::default().timeout,
        Some(std::time::Duration::from_secs(30))
    );
    let fake = Fake::default();
    let config = ServerConfig {
        timeout: Some(std::time::Duration::from_millis(50)),
        ..ServerConfig::default()
    };
    let app = router(fake.clone(), RequireCredentials, config);
    let query = example("queryMember");
    fake.reply("queryMember", Ok((200, Some(json!({"memberId": "m1"})))));
    assert_eq!(send(&app, http_request(&query)).await.0, 200, "in time");
    *fake.delay.lock().unwrap() = Some(std::time::Duration::from_secs(5));
    let started = std::time::Instant::now();
    let (status, body) = send(&app, http_request(&query)).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (504, Some("gateway_timeout")),
        "{body}"
    );
    assert!(body["desc"].as_str().unwrap().contains("within 50 ms"), "{body}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "the call is dropped, not awaited"
    );
}

#[tokio::test]
async fn implementation_errors_and_panics_answer_with_the_envelope() {
    let fake = Fake::default();
    let app = app(&fake);
    let query = example("queryMember");
    fake.reply(
        "queryMember",
        Err(ErrorResponse::new(
            ProblemKind::NotFound,
            "no such member",
            "/member/query",
        )),
    );
    let (status, body) = send(&app, http_request(&query)).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")));
    assert_eq!(body["desc"], "no such member");

    // A panic answers 500 with the envelope, and the server keeps serving.
    fake.reply("panic", Ok((200, None)));
    let (status, body) = send(&app, http_request(&example("getMemberPoints"))).await;
    assert_eq!((status, body["code"].as_str()), (500, Some("internal")), "{body}");
    fake.reply("queryMember", Ok((200, Some(json!({"memberId": "m1"})))));
    let (status, _) = send(&app, http_request(&query)).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn responses_that_break_the_spec_are_caught() {
    let fake = Fake::default();
    let query = example("queryMember");
    // `gender` is an enum: a value it does not list breaks the spec on the way out.
    fake.reply("queryMember", Ok((200, Some(json!({"memberId": "m1", "gender": "X"})))));
    let (status, body) = send(&app(&fake), http_request(&query)).await;
    assert_eq!(status, 500, "{body}");
    assert!(body["desc"].as_str().unwrap().contains("gender"), "{body}");
    let lenient = router(
        fake.clone(),
        RequireCredentials,
        ServerConfig {
            validate_responses: false,
            ..ServerConfig::default()
        },
    );
    let (status, body) = send(&lenient, http_request(&query)).await;
    assert_eq!((status, body["gender"].as_str()), (200, Some("X")));
    // A status the operation does not document (the client takes it as a success): the server
    // refuses to send it, or sends it as it is when told not to check.
    fake.reply("queryMember", Ok((202, Some(json!({"memberId": "m1"})))));
    let (status, body) = send(&app(&fake), http_request(&query)).await;
    assert_eq!(status, 500, "{body}");
    assert!(
        body["desc"]
            .as_str()
            .unwrap()
            .contains("status 202 is not a documented response"),
        "{body}"
    );
    fake.reply("queryMember", Ok((202, Some(json!({"memberId": "m1"})))));
    let (status, body) = send(&lenient, http_request(&query)).await;
    assert_eq!((status, body["memberId"].as_str()), (202, Some("m1")));
}

/// The generated client against the generated router over loopback, for every operation:
/// each documented status, and the error envelope.
#[tokio::test]
async fn the_client_and_the_server_agree_on_every_operation() {
    use shuyun_crm::client::{Client, Credentials, Error};
    let spec = common::crm();
    let fake = Fake::default();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let served = app(&fake);
    tokio::spawn(async move { axum::serve(listener, served).await.unwrap() });
    let client = Client::builder(format!("http://{addr}"))
        .credentials(Credentials::new().client_id(CLIENT_ID).client_secret(SECRET))
        .build()
        .unwrap();
    let call = |tag: String, id: String, request: Value| {
        let client = client.clone();
        async move {
            match tag.as_str() {
                "members" => api::call_members_api(&client, &id, request).await,
                "accountGrades" => api::call_account_grades_api(&client, &id, request).await,
                "pastPoints" => api::call_past_points_api(&client, &id, request).await,
                "orders" => api::call_orders_api(&client, &id, request).await,
                "coupons" => api::call_coupons_api(&client, &id, request).await,
                "wechatMembers" => api::call_wechat_members_api(&client, &id, request).await,
                other => panic!("unknown tag {other}"),
            }
        }
    };
    let mut calls = 0;
    for ex in examples(&spec) {
        for (code, body) in &ex.responses {
            fake.reply(&ex.id, Ok((*code, body.as_ref().map(|(b, _)| b.clone()))));
            let (status, got) = call(ex.tag.clone(), ex.id.clone(), Value::Object(ex.request.clone()))
                .await
                .unwrap_or_else(|e| panic!("{} {code}: {e}", ex.id));
            assert_eq!(status, *code, "{}", ex.id);
            if let (Some((_, expected)), Some(got)) = (body, &got) {
                assert!(json_eq(got, expected), "{} {code}: {got}", ex.id);
            }
            let recorded = fake.take();
            let mut expected = ex.request.clone();
            if let Some((_, filled)) = &ex.body {
                expected.insert("body".into(), filled.clone());
            }
            assert!(
                json_eq(&recorded[0].1, &Value::Object(expected)),
                "{}: {}",
                ex.id,
                recorded[0].1
            );
            calls += 1;
        }
        // The other direction: the implementation's error reaches the caller as the envelope.
        fake.reply(
            &ex.id,
            Err(ErrorResponse::new(
                ProblemKind::BadRequest,
                format!("{} refused", ex.id),
                "",
            )),
        );
        let err = call(ex.tag.clone(), ex.id.clone(), Value::Object(ex.request.clone()))
            .await
            .unwrap_err();
        let api::CallError::Service(Error::Api(api_error)) = err else {
            panic!("{}: {err}", ex.id)
        };
        assert_eq!(
            (api_error.status, api_error.body.code.as_deref()),
            (400, Some("010407"))
        );
        assert_eq!(api_error.body.desc, Some(format!("{} refused", ex.id)));
        fake.take();
    }
    assert!(calls >= 43);
}

#[test]
fn the_status_of_every_problem_kind() {
    let kinds = [
        (ProblemKind::BadRequest, StatusCode::BAD_REQUEST),
        (ProblemKind::Unauthorized, StatusCode::UNAUTHORIZED),
        (ProblemKind::Forbidden, StatusCode::FORBIDDEN),
        (ProblemKind::NotFound, StatusCode::NOT_FOUND),
        (ProblemKind::MethodNotAllowed, StatusCode::METHOD_NOT_ALLOWED),
        (ProblemKind::PayloadTooLarge, StatusCode::PAYLOAD_TOO_LARGE),
        (ProblemKind::UnsupportedMediaType, StatusCode::UNSUPPORTED_MEDIA_TYPE),
        (ProblemKind::Internal, StatusCode::INTERNAL_SERVER_ERROR),
        (ProblemKind::NotImplemented, StatusCode::NOT_IMPLEMENTED),
        (ProblemKind::BadGateway, StatusCode::BAD_GATEWAY),
        (ProblemKind::GatewayTimeout, StatusCode::GATEWAY_TIMEOUT),
    ];
    for (kind, status) in kinds {
        assert_eq!(kind.status(), status.as_u16());
        let response = ErrorResponse::new(kind, "m", "/u");
        assert_eq!(response.body.code.as_deref(), Some(kind.code()));
        assert_eq!(response.body.uri.as_deref(), Some("/u"));
    }
}

/// Authenticates by the `client_id` header alone and lets only `admin` change data.
#[derive(Clone, Copy)]
struct ByClientId;

#[derive(Clone, Debug, PartialEq)]
struct User(String);

impl Authenticate for ByClientId {
    type Principal = User;

    async fn authenticate(&self, _operation: &'static Operation, presented: Presented) -> Result<User, Refusal> {
        match presented.client_id.as_deref() {
            Some(id) if id.starts_with("user-") || id == "admin" => Ok(User(id.to_owned())),
            _ => Err(Refusal::Unauthenticated("unknown client".to_owned())),
        }
    }

    async fn authorize(&self, operation: &'static Operation, user: &User) -> Result<(), Refusal> {
        if operation.is_safe() || user.0 == "admin" {
            Ok(())
        } else {
            Err(Refusal::Forbidden(format!("{} may not call {}", user.0, operation.id)))
        }
    }
}

/// The implementation sees the request's context: the operation, the principal authentication
/// returned, the headers, the request id (the caller's, else a fresh one, echoed in the
/// answer) and the caller's address where the server records it; 401 and 403 are told apart.
#[tokio::test]
async fn the_implementation_sees_the_request_context() {
    let fake = Fake::default();
    fake.reply("getMemberPoints", Ok((200, Some(json!({"point": 7})))));
    fake.reply("changePoints", Ok((204, None)));
    let app = router(fake.clone(), ByClientId, ServerConfig::default());
    let points = example("getMemberPoints");
    let change = example("changePoints");
    let request = |ex: &Example, client: &str, request_id: Option<&str>| {
        let mut r = http_request(ex);
        r.headers_mut().insert("client_id", client.parse().unwrap());
        r.headers_mut().remove("x-request-id");
        if let Some(id) = request_id {
            r.headers_mut().insert("x-request-id", id.parse().unwrap());
        }
        r
    };

    // The caller's id is kept and echoed; the principal and headers reach the implementation.
    let answer = app
        .clone()
        .oneshot(request(&points, "user-ann", Some("gw-1")))
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    assert_eq!(answer.headers()["x-request-id"], "gw-1");
    let seen = std::mem::take(&mut *fake.contexts.lock().unwrap());
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].operation().id, "getMemberPoints");
    assert_eq!(seen[0].operation().method, "GET");
    assert_eq!(seen[0].principal::<User>(), Some(&User("user-ann".to_owned())));
    assert_eq!(
        seen[0].principal::<String>(),
        None,
        "only the authenticator's principal type"
    );
    assert_eq!(seen[0].request_id(), Some("gw-1"));
    assert_eq!(seen[0].headers()["client_id"], "user-ann");
    assert_eq!(seen[0].remote_addr(), None, "oneshot has no connection");
    let debug = format!("{:?}", seen[0]);
    assert!(!debug.contains(SECRET), "headers' values stay out of Debug: {debug}");

    // Without an id, the router gives one (a UUID) and answers with it.
    let answer = app.clone().oneshot(request(&points, "user-ann", None)).await.unwrap();
    let given = answer.headers()["x-request-id"].to_str().unwrap().to_owned();
    assert_eq!(given.len(), 36, "{given}");
    let seen = std::mem::take(&mut *fake.contexts.lock().unwrap());
    assert_eq!(seen[0].request_id(), Some(given.as_str()));

    // A change by a user is authenticated but forbidden (403); by an unknown client, 401.
    let (status, body) = send(&app, request(&change, "user-ann", Some("gw-2"))).await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["code"], "forbidden");
    assert_eq!(body["desc"], "user-ann may not call changePoints");
    assert_eq!(body["uri"], "/member/point#gw-2");
    let (status, body) = send(&app, request(&change, "mallory", None)).await;
    assert_eq!(status, 401, "{body}");
    assert_eq!(body["desc"], "unknown client");
    assert!(fake.take().len() == 2, "only the two admitted reads ran");
    let answer = app.clone().oneshot(request(&change, "admin", None)).await.unwrap();
    assert_eq!(answer.status(), StatusCode::NO_CONTENT);
    assert_eq!(fake.take()[0].0, "changePoints");
    fake.contexts.lock().unwrap().clear();

    // Over a real connection that records it, the caller's address.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let service = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    let server = tokio::spawn(async move { axum::serve(listener, service).await });
    let client = shuyun_crm::client::Client::builder(format!("http://{address}"))
        .credentials(
            shuyun_crm::client::Credentials::new()
                .client_id("user-bo")
                .client_secret(SECRET),
        )
        .build()
        .unwrap();
    let answer = api::call_members_api(
        &client,
        "getMemberPoints",
        json!({"memberType": "TAOBAO", "memberId": "m1"}),
    )
    .await;
    assert_eq!(answer.unwrap().0, 200);
    let seen = std::mem::take(&mut *fake.contexts.lock().unwrap());
    assert_eq!(seen[0].remote_addr().map(|a| a.ip()), Some(address.ip()));
    assert_eq!(seen[0].principal::<User>(), Some(&User("user-bo".to_owned())));
    server.abort();
}

/// Without request ids (`ServerConfig::request_id: None`) the answer carries none and the
/// error body's `uri` is the path alone.
#[tokio::test]
async fn request_ids_can_be_turned_off() {
    let fake = Fake::default();
    let config = ServerConfig {
        request_id: None,
        ..ServerConfig::default()
    };
    let app = router(fake.clone(), RequireCredentials, config);
    let mut request = http_request(&example("getMemberPoints"));
    request.headers_mut().remove("client_secret");
    let answer = app.clone().oneshot(request).await.unwrap();
    assert_eq!(answer.status(), StatusCode::UNAUTHORIZED);
    assert!(answer.headers().get("x-request-id").is_none());
    let body: Value =
        serde_json::from_slice(&axum::body::to_bytes(answer.into_body(), 1 << 20).await.unwrap()).unwrap();
    assert_eq!(body["uri"], "/member/loyalty/point");
    assert_eq!(body["desc"], "missing credentials");
}
