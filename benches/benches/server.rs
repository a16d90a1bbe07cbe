//! Throughput of the generated router (authentication, decoding and validation included)
//! against a hand-written axum handler for the same operation, `queryMember`
//! (`GET /member/query`), measured in-process with `tower::ServiceExt::oneshot` (no sockets),
//! the same request each iteration, the answer's body read to the end. Both answer the spec's
//! example. Goal: generated throughput ≥ 0.9 × hand-written.
//! A sample's time is its iteration count × its median call (`common::median_of_calls`),
//! so that waits for other processes on a shared machine do not decide the comparison.
//!
//! `cargo bench -p benches --bench server -- --warm-up-time 2 --measurement-time 5`

mod common;

use std::hint::black_box;
use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use serde::Deserialize;
use shuyun_crm::api::{AccountGradesApi, CouponsApi, MembersApi, OrdersApi, PastPointsApi, WechatMembersApi};
use shuyun_crm::models::MemberInfo;
use shuyun_crm::requests;
use shuyun_crm::responses;
use shuyun_crm::server::{ErrorResponse, ProblemKind, RequireCredentials, ServerConfig, router};
use tower::ServiceExt as _;

/// The implementation behind the generated router: `queryMember` answers the example, every
/// other operation fails.
struct BenchService {
    member: MemberInfo,
}

/// Operations the benchmark does not call: each answers 404 in the API's error body.
macro_rules! not_in_the_bench {
    ($($method:ident: $request:ident => $response:ident;)*) => {
        $(
            async fn $method(
                &self,
                _request: requests::$request,
            ) -> Result<responses::$response, ErrorResponse> {
                Err(ErrorResponse::new(ProblemKind::NotFound, "not in the bench", ""))
            }
        )*
    };
}

impl MembersApi for BenchService {
    type Error = ErrorResponse;

    async fn query_member(
        &self,
        _request: requests::QueryMember,
    ) -> Result<responses::QueryMemberResponse, ErrorResponse> {
        Ok(responses::QueryMemberResponse::Ok(self.member.clone()))
    }

    not_in_the_bench! {
        register_member: RegisterMember => RegisterMemberResponse;
        get_member_points: GetMemberPoints => GetMemberPointsResponse;
        get_member_grade: GetMemberGrade => GetMemberGradeResponse;
        list_point_records: ListPointRecords => ListPointRecordsResponse;
        list_grade_records: ListGradeRecords => ListGradeRecordsResponse;
        change_points: ChangePoints => ChangePointsResponse;
        freeze_points: FreezePoints => FreezePointsResponse;
        unfreeze_points: UnfreezePoints => UnfreezePointsResponse;
        consume_frozen_points: ConsumeFrozenPoints => ConsumeFrozenPointsResponse;
        update_member: UpdateMember => UpdateMemberResponse;
        change_member_mobile: ChangeMemberMobile => ChangeMemberMobileResponse;
        update_member_privacy_policy: UpdateMemberPrivacyPolicy => UpdateMemberPrivacyPolicyResponse;
        query_member_attributes: QueryMemberAttributes => QueryMemberAttributesResponse;
        update_member_status: UpdateMemberStatus => UpdateMemberStatusResponse;
        list_member_purchase_channels: ListMemberPurchaseChannels => ListMemberPurchaseChannelsResponse;
        get_next_grade_amount: GetNextGradeAmount => GetNextGradeAmountResponse;
        get_member_by_channel_id: GetMemberByChannelId => GetMemberByChannelIdResponse;
        get_expiring_points: GetExpiringPoints => GetExpiringPointsResponse;
    }
}

impl AccountGradesApi for BenchService {
    type Error = ErrorResponse;
    not_in_the_bench! {
        get_account_grade: GetAccountGrade => GetAccountGradeResponse;
        list_account_grade_records: ListAccountGradeRecords => ListAccountGradeRecordsResponse;
    }
}

impl PastPointsApi for BenchService {
    type Error = ErrorResponse;
    not_in_the_bench! {
        get_past_points: GetPastPoints => GetPastPointsResponse;
        list_past_point_records: ListPastPointRecords => ListPastPointRecordsResponse;
        change_past_points: ChangePastPoints => ChangePastPointsResponse;
    }
}

impl OrdersApi for BenchService {
    type Error = ErrorResponse;
    not_in_the_bench! {
        list_orders: ListOrders => ListOrdersResponse;
        get_order_detail: GetOrderDetail => GetOrderDetailResponse;
        save_order: SaveOrder => SaveOrderResponse;
    }
}

impl CouponsApi for BenchService {
    type Error = ErrorResponse;
    not_in_the_bench! {
        list_coupon_projects: ListCouponProjects => ListCouponProjectsResponse;
        get_coupon_project: GetCouponProject => GetCouponProjectResponse;
        grant_coupon: GrantCoupon => GrantCouponResponse;
        write_off_frozen_coupon: WriteOffFrozenCoupon => WriteOffFrozenCouponResponse;
        anticount_coupon: AnticountCoupon => AnticountCouponResponse;
        freeze_coupon: FreezeCoupon => FreezeCouponResponse;
        thaw_coupon: ThawCoupon => ThawCouponResponse;
        use_coupon: UseCoupon => UseCouponResponse;
        list_coupon_instances: ListCouponInstances => ListCouponInstancesResponse;
        get_coupon_detail: GetCouponDetail => GetCouponDetailResponse;
        invalidate_coupon: InvalidateCoupon => InvalidateCouponResponse;
        make_coupon_effective: MakeCouponEffective => MakeCouponEffectiveResponse;
        extend_coupon: ExtendCoupon => ExtendCouponResponse;
    }
}

impl WechatMembersApi for BenchService {
    type Error = ErrorResponse;
    not_in_the_bench! {
        register_wechat_member: RegisterWechatMember => RegisterWechatMemberResponse;
        get_wechat_member_by_union_id: GetWechatMemberByUnionId => GetWechatMemberByUnionIdResponse;
        get_wechat_member_by_open_id: GetWechatMemberByOpenId => GetWechatMemberByOpenIdResponse;
    }
}

/// The query as a hand-written handler decodes it: the two parameters it reads, as strings.
#[derive(Deserialize)]
struct MemberQuery {
    #[serde(rename = "memberType")]
    member_type: String,
    #[serde(rename = "memberId")]
    member_id: Option<String>,
}

/// The same operation written by hand: the credentials present, the query decoded
/// (`memberType` required, `memberId` given), the example as JSON.
async fn hand_written(
    State(member): State<Arc<MemberInfo>>,
    headers: HeaderMap,
    query: Result<Query<MemberQuery>, axum::extract::rejection::QueryRejection>,
) -> Response {
    if !headers.contains_key("client_id") || !headers.contains_key("client_secret") {
        return (StatusCode::UNAUTHORIZED, "missing credentials").into_response();
    }
    let Query(query) = match query {
        Ok(query) => query,
        Err(rejection) => return (StatusCode::BAD_REQUEST, rejection.body_text()).into_response(),
    };
    if query.member_type.is_empty() || query.member_id.as_deref().is_none_or(str::is_empty) {
        return (StatusCode::BAD_REQUEST, "memberType and memberId are required").into_response();
    }
    axum::Json(member.as_ref().clone()).into_response()
}

/// The benchmarked request, built anew for each call (a request is used up by the call).
fn request() -> Request<Body> {
    Request::get(format!(
        "/member/query?memberType={}&memberId={}",
        common::MEMBER_TYPE,
        common::MEMBER_ID
    ))
    .header("client_id", common::CLIENT_ID)
    .header("client_secret", common::CLIENT_SECRET)
    .body(Body::empty())
    .expect("a valid request")
}

/// One call through the router, the answer's body read to the end.
async fn call(app: &Router, request: Request<Body>) -> (StatusCode, Bytes) {
    let response = app.clone().oneshot(request).await.expect("infallible");
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("reading the body");
    (status, body)
}

fn bench_server(c: &mut Criterion) {
    let member = common::example_member();
    let generated_app = router(
        BenchService { member: member.clone() },
        RequireCredentials,
        ServerConfig::default(),
    );
    let hand_app = Router::new()
        .route("/member/query", axum::routing::get(hand_written))
        .with_state(Arc::new(member.clone()));

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");

    // Both answer the same thing before anything is measured.
    runtime.block_on(async {
        for (name, app) in [("generated", &generated_app), ("hand-written", &hand_app)] {
            let (status, body) = call(app, request()).await;
            assert_eq!(status, StatusCode::OK, "{name}: {}", String::from_utf8_lossy(&body));
            let answered: MemberInfo = serde_json::from_slice(&body).expect("a MemberInfo");
            assert_eq!(answered, member, "{name} answers the example");
        }
    });

    let mut group = c.benchmark_group("server/queryMember");
    group.throughput(Throughput::Elements(1));
    group.bench_function("generated", |b| {
        b.to_async(&runtime).iter_custom(|iters| {
            common::median_of_calls(iters, || call(black_box(&generated_app), black_box(request())))
        });
    });
    group.bench_function("hand-written", |b| {
        b.to_async(&runtime)
            .iter_custom(|iters| common::median_of_calls(iters, || call(black_box(&hand_app), black_box(request()))));
    });
    group.finish();
}

criterion_group!(benches, bench_server);
criterion_main!(benches);
