//! End-to-end scenarios, written once against the API traits and run twice: in-process
//! against the `Sandbox`, and over loopback through the generated `Client` against the
//! generated router serving it. Each asserts the state afterwards.

mod common;

use common::{Crm, MT, expect_error, expect_refused, fresh, local, serve, yuan};
use sandbox::{ErrorKind, Sandbox, time};
use shuyun_crm::api::{MembersApi, OrdersApi};
use shuyun_crm::models::*;
use shuyun_crm::requests::*;
use shuyun_crm::responses::*;

// ---------------------------------------------------------------------------------------
// Helpers: requests with only what a scenario cares about.

fn register_body(customer_no: &str, channel: &str, mobile: Option<&str>) -> RegisterMemberRequest {
    RegisterMemberRequest {
        mobile: mobile.map(Into::into),
        member_name: Some("张三".into()),
        gender: Some("M".into()),
        birth_year: Some("1990".into()),
        birth_day: Some("05-20".into()),
        ..RegisterMemberRequest::new(channel, customer_no, MT)
    }
}

async fn register<S: Crm>(api: &S, customer_no: &str, mobile: &str) -> String {
    match api
        .register_member(RegisterMember::new(register_body(customer_no, "TAOBAO", Some(mobile))))
        .await
        .unwrap()
    {
        RegisterMemberResponse::Created(r) => {
            assert_eq!(r.status, Some(RegistrationStatus::New));
            r.member_id.unwrap()
        }
        other => panic!("expected a new member: {other:?}"),
    }
}

fn change(member_id: &str, change_type: &str, point: i64) -> PointChangeRequest {
    PointChangeRequest::new(change_type, "POS", "测试", member_id, MT, point, "E0001")
}

fn freeze(member_id: &str, point: i64) -> FreezePointRequest {
    FreezePointRequest::new("SHUYUN", "下单冻结", member_id, MT, point)
}

fn frozen(member_id: &str) -> FrozenPointRequest {
    FrozenPointRequest::new("SHUYUN", "订单完成", member_id, MT)
}

async fn balance<S: Crm>(api: &S, member_id: &str) -> i64 {
    let GetMemberPointsResponse::Ok(b) = api
        .get_member_points(GetMemberPoints::new(MT).member_id(member_id))
        .await
        .unwrap()
    else {
        panic!("a success the spec does not document")
    };
    b.point.unwrap()
}

async fn records<S: Crm>(api: &S, request: ListPointRecords) -> Vec<PointRecord> {
    let ListPointRecordsResponse::Ok(records) = api.list_point_records(request).await.unwrap() else {
        panic!("a success the spec does not document")
    };
    records
}

/// An order to save, as the request sends it: NORMAL or REFUND, chosen by its orderType.
fn order(member_id: &str, order_id: &str, order_type: &str, payment: f64, status: &str) -> OrderSaveRequest {
    to_request(order_fields(member_id, order_id, order_type, payment, status))
}

fn to_request(fields: OrderSaveFields) -> OrderSaveRequest {
    serde_json::from_value(serde_json::to_value(fields).unwrap()).unwrap()
}

fn order_fields(member_id: &str, order_id: &str, order_type: &str, payment: f64, status: &str) -> OrderSaveFields {
    OrderSaveFields {
        member_id: Some(member_id.into()),
        order_time: Some(local("2024-05-01 10:00:00")),
        order_items: Some(vec![OrderSaveRequestItem {
            order_item_id: Some(format!("{order_id}-1")),
            product_code: Some("P001".into()),
            product_name: Some("红腰子精华".into()),
            payment: Some(yuan(payment)),
            quantity: Some(1),
            order_time: Some(local("2024-05-01 10:00:00")),
            ..Default::default()
        }]),
        ..OrderSaveFields::new(
            "TAOBAO",
            MT,
            order_id,
            status,
            order_type,
            yuan(payment),
            "SHOP001",
            "旗舰店",
            yuan(payment),
            1,
        )
    }
}

async fn grade<S: Crm>(api: &S, member_id: &str) -> String {
    let GetMemberGradeResponse::Ok(g) = api
        .get_member_grade(GetMemberGrade::new(MT).member_id(member_id))
        .await
        .unwrap()
    else {
        panic!("a success the spec does not document")
    };
    g.name.unwrap()
}

fn coupon_op(code: &str) -> CouponOperationRequest {
    CouponOperationRequest {
        channel_type: "KYLIN_GUIDE".into(),
        member_type: MT.into(),
        coupon_code: code.into(),
        params: Some(CouponOperationParams {
            shop_code: Some("S001".into()),
            ..Default::default()
        }),
    }
}

async fn grant<S: Crm>(api: &S, sequence: &str, member_id: &str, project: &str) -> GrantCouponResult {
    let body = GrantCouponRequest {
        channel_type: "KYLIN_GUIDE".into(),
        member_type: MT.into(),
        member_id: member_id.into(),
        project_id: project.into(),
        params: Some(GrantCouponParams {
            campaign_id: Some("CAMP-1".into()),
            ..Default::default()
        }),
    };
    match api.grant_coupon(GrantCoupon::new(sequence, body)).await.unwrap() {
        GrantCouponResponse::Ok(r) => r,
        other => panic!("{other:?}"),
    }
}

fn granted_code(result: &GrantCouponResult) -> String {
    assert!(result.success, "{result:?}");
    result.instance_infos.as_ref().unwrap()[0].coupon_code.clone().unwrap()
}

async fn coupon<S: Crm>(api: &S, code: &str) -> CouponInstance {
    let GetCouponDetailResponse::Ok(c) = api
        .get_coupon_detail(GetCouponDetail::new("KYLIN_GUIDE", MT, code))
        .await
        .unwrap()
    else {
        panic!("a success the spec does not document")
    };
    c
}

macro_rules! ok {
    ($response:expr, $variant:path) => {
        match $response {
            $variant(body) => body,
            #[allow(unreachable_patterns)]
            other => panic!("unexpected {other:?}"),
        }
    };
}

// ---------------------------------------------------------------------------------------
// Scenarios.

/// Registration statuses, then points: send, deduct, freeze, consume, unfreeze, records.
async fn register_then_points<S: Crm>(api: &S, _sandbox: &Sandbox) {
    let id = register(api, "tb-1001", "13900000001").await;

    // The same channel customer again: REGISTERED, the same member, no duplicate.
    let again = api
        .register_member(RegisterMember::new(register_body(
            "tb-1001",
            "TAOBAO",
            Some("13900000001"),
        )))
        .await
        .unwrap();
    let again = ok!(again, RegisterMemberResponse::Ok);
    assert_eq!(
        (again.status, again.member_id.as_deref()),
        (Some(RegistrationStatus::Registered), Some(id.as_str()))
    );
    // Another channel customer with the same mobile: bound to the same member.
    let bound = api
        .register_member(RegisterMember::new(register_body("pos-77", "POS", Some("13900000001"))))
        .await
        .unwrap();
    let bound = ok!(bound, RegisterMemberResponse::Ok);
    assert_eq!(
        (bound.status, bound.member_id.as_deref()),
        (Some(RegistrationStatus::Binding), Some(id.as_str()))
    );
    let info = ok!(
        api.query_member(QueryMember::new(MT).mobile("13900000001"))
            .await
            .unwrap(),
        QueryMemberResponse::Ok
    );
    assert_eq!(info.member_id.as_deref(), Some(id.as_str()));
    let channels: Vec<_> = info
        .member_binding
        .unwrap()
        .iter()
        .map(|b| b.channel_type.clone().unwrap())
        .collect();
    assert_eq!(channels, ["TAOBAO", "POS"]);
    assert_eq!(info.first_register_channel_type.as_deref(), Some("TAOBAO"));
    // memberId wins over mobile and cardNo, as the source orders them.
    let by_card = ok!(
        api.query_member(QueryMember::new(MT).card_no(id.clone()))
            .await
            .unwrap(),
        QueryMemberResponse::Ok
    );
    assert_eq!(by_card.member_id.as_deref(), Some(id.as_str()));
    expect_error(
        api.query_member(QueryMember::new(MT).member_id("nobody").mobile("13900000001"))
            .await,
        ErrorKind::MemberNotFound,
    );

    points_send_freeze_release(api, id.clone()).await;
    point_records(api, id.clone()).await;
}

/// Points: send (idempotently), deduct, freeze and consume, unfreeze; another member cannot release a freeze.
async fn points_send_freeze_release<S: Crm>(api: &S, id: String) {
    // Send 500; a replay of the same token is answered the same and changes nothing.
    for _ in 0..2 {
        let r = api
            .change_points(ChangePoints::new("send-1", change(&id, "SEND", 500)))
            .await
            .unwrap();
        assert_eq!(r, ChangePointsResponse::NoContent);
    }
    assert_eq!(balance(api, &id).await, 500);
    // The same token with another request is refused.
    expect_error(
        api.change_points(ChangePoints::new("send-1", change(&id, "SEND", 501)))
            .await,
        ErrorKind::TokenMismatch,
    );
    api.change_points(ChangePoints::new("deduct-1", change(&id, "DEDUCT", 120)))
        .await
        .unwrap();
    assert_eq!(balance(api, &id).await, 380);
    // No negative balance.
    expect_error(
        api.change_points(ChangePoints::new("deduct-2", change(&id, "DEDUCT", 381)))
            .await,
        ErrorKind::InsufficientPoints,
    );
    expect_error(
        api.change_points(ChangePoints::new("deduct-3", change(&id, "DEDUCT", 0)))
            .await,
        ErrorKind::Parameter,
    );
    assert_eq!(balance(api, &id).await, 380);

    // Freeze 100 and consume them under the freeze's token.
    api.freeze_points(FreezePoints::new("order-1", freeze(&id, 100)))
        .await
        .unwrap();
    assert_eq!(balance(api, &id).await, 280);
    expect_error(
        api.freeze_points(FreezePoints::new("order-x", freeze(&id, 281))).await,
        ErrorKind::InsufficientPoints,
    );
    api.consume_frozen_points(ConsumeFrozenPoints::new("order-1", frozen(&id)))
        .await
        .unwrap();
    api.consume_frozen_points(ConsumeFrozenPoints::new("order-1", frozen(&id)))
        .await
        .unwrap(); // a replay
    assert_eq!(balance(api, &id).await, 280);
    // Consumed points cannot be unfrozen; a token that froze nothing has nothing to release.
    expect_error(
        api.unfreeze_points(UnfreezePoints::new("order-1", frozen(&id))).await,
        ErrorKind::IllegalState,
    );
    expect_error(
        api.unfreeze_points(UnfreezePoints::new("never-frozen", frozen(&id)))
            .await,
        ErrorKind::FreezeNotFound,
    );
    // Freeze 50 and give them back.
    api.freeze_points(FreezePoints::new("order-2", freeze(&id, 50)))
        .await
        .unwrap();
    assert_eq!(balance(api, &id).await, 230);
    api.unfreeze_points(UnfreezePoints::new("order-2", frozen(&id)))
        .await
        .unwrap();
    assert_eq!(balance(api, &id).await, 280);
    expect_error(
        api.consume_frozen_points(ConsumeFrozenPoints::new("order-2", frozen(&id)))
            .await,
        ErrorKind::IllegalState,
    );
    // Another member cannot release this member's freeze.
    let other = register(api, "tb-1002", "13900000002").await;
    api.freeze_points(FreezePoints::new("order-3", freeze(&id, 10)))
        .await
        .unwrap();
    expect_error(
        api.unfreeze_points(UnfreezePoints::new("order-3", frozen(&other)))
            .await,
        ErrorKind::TokenMismatch,
    );
}

/// Point records: every change once, newest first; paging, type and time filters.
async fn point_records<S: Crm>(api: &S, id: String) {
    // The records, newest first: every change once.
    let all = records(api, ListPointRecords::new(MT).member_id(id.clone())).await;
    let kinds: Vec<&str> = all.iter().map(|r| r.change_type.as_ref().unwrap().as_str()).collect();
    assert_eq!(
        kinds,
        ["FREEZE", "UNFREEZE", "FREEZE", "DEDUCT", "FREEZE", "DEDUCT", "SEND"]
    );
    assert_eq!(all.last().unwrap().point, Some(500));
    assert_eq!(all.last().unwrap().total_point.as_deref(), Some("500"));
    assert_eq!(all[0].total_point.as_deref(), Some("270"));
    assert_eq!(all[3].trace_id.as_deref(), Some("order-1"));
    // Paging, type and time filters.
    let second = records(
        api,
        ListPointRecords::new(MT).mobile("13900000001").page(2).page_size(4),
    )
    .await;
    assert_eq!(second.len(), 3);
    let sends = records(api, ListPointRecords::new(MT).member_id(id.clone()).record_type("SEND")).await;
    assert_eq!(sends.len(), 1);
    let later = records(
        api,
        ListPointRecords::new(MT)
            .member_id(id.clone())
            .start_time(local("2099-01-01 00:00:00")),
    )
    .await;
    assert!(later.is_empty());
    let earlier = records(
        api,
        ListPointRecords::new(MT)
            .member_id(id.clone())
            .end_time(local("2099-01-01 00:00:00")),
    )
    .await;
    assert_eq!(earlier.len(), 7);
    expect_error(
        api.list_point_records(
            ListPointRecords::new(MT)
                .member_id(id.clone())
                .start_time(LocalDateTime::from_wire("2024-02-30 00:00:00")),
        )
        .await,
        ErrorKind::Parameter,
    );
    expect_error(
        api.get_member_points(GetMemberPoints::new(MT).member_id("0000")).await,
        ErrorKind::MemberNotFound,
    );
    expect_error(
        api.change_points(ChangePoints::new("t-unknown", change("0000", "SEND", 1)))
            .await,
        ErrorKind::MemberNotFound,
    );
}

/// An order lifts the grade; updating it (same orderId) replaces it, never adds to it.
async fn order_lifts_grade<S: Crm>(api: &S, _sandbox: &Sandbox) {
    let id = register(api, "tb-2001", "13900000011").await;
    assert_eq!(grade(api, &id).await, "普卡");

    let saved = api
        .save_order(SaveOrder::new(order(&id, "O-2001", "NORMAL", 1200.0, "FINISHED")))
        .await
        .unwrap();
    assert_eq!(saved, SaveOrderResponse::Created);
    assert_eq!(grade(api, &id).await, "银卡");
    let next = ok!(
        api.get_next_grade_amount(GetNextGradeAmount::new(MT, id.clone()))
            .await
            .unwrap(),
        GetNextGradeAmountResponse::Ok
    );
    assert_eq!(
        (next.consume_amount, next.need_amount, next.next_grade_name.as_deref()),
        (Some(yuan(1200.0)), Some(yuan(1800.0)), Some("金卡"))
    );
    assert_eq!(next.current_grade_name.as_deref(), Some("银卡"));

    // The same orderId again is an update: consumption is 3500, not 4700.
    let updated = api
        .save_order(SaveOrder::new(order(&id, "O-2001", "NORMAL", 3500.0, "FINISHED")))
        .await
        .unwrap();
    assert_eq!(updated, SaveOrderResponse::Ok);
    assert_eq!(grade(api, &id).await, "金卡");
    let next = ok!(
        api.get_next_grade_amount(GetNextGradeAmount::new(MT, id.clone()))
            .await
            .unwrap(),
        GetNextGradeAmountResponse::Ok
    );
    assert_eq!(
        (next.consume_amount, next.need_amount, next.next_grade_name.as_deref()),
        (Some(yuan(3500.0)), Some(yuan(6500.0)), Some("钻石卡"))
    );
    // An unfinished order does not count.
    api.save_order(SaveOrder::new(order(&id, "O-2002", "NORMAL", 9000.0, "WAIT_PAY")))
        .await
        .unwrap();
    assert_eq!(grade(api, &id).await, "金卡");

    let history = ok!(
        api.list_grade_records(ListGradeRecords::new(MT).member_id(id.clone()))
            .await
            .unwrap(),
        ListGradeRecordsResponse::Ok
    );
    let changes: Vec<(&str, &str)> = history
        .iter()
        .map(|r| {
            (
                r.original_grade_name.as_deref().unwrap(),
                r.grade_name.as_deref().unwrap(),
            )
        })
        .collect();
    assert_eq!(changes, [("银卡", "金卡"), ("普卡", "银卡")]);
    assert!(
        history
            .iter()
            .all(|r| r.change_type == Some(GradeRecordChangeType::Upgrade))
    );
    let none = ok!(
        api.list_grade_records(ListGradeRecords::new(MT).member_id(id.clone()).channel_type("POS"))
            .await
            .unwrap(),
        ListGradeRecordsResponse::Ok
    );
    assert!(none.is_empty());

    // The account grades (4.x) come from the same consumption, with their own tiers.
    let jyh = ok!(
        api.get_account_grade(GetAccountGrade::new(MT, "JYHGRADE").member_id(id.clone()))
            .await
            .unwrap(),
        GetAccountGradeResponse::Ok
    );
    assert_eq!(jyh.name.as_deref(), Some("集雅荟银卡"));
    let jyh_records = ok!(
        api.list_account_grade_records(ListAccountGradeRecords::new(MT, "JYHGRADE").mobile("13900000011"))
            .await
            .unwrap(),
        ListAccountGradeRecordsResponse::Ok
    );
    assert_eq!(jyh_records.len(), 1);
    expect_error(
        api.get_account_grade(GetAccountGrade::new(MT, "NOPE").member_id(id.clone()))
            .await,
        ErrorKind::AccountTypeNotFound,
    );

    order_queries(api, id.clone()).await;
}

/// The orders: paging, filters, detail, channels; orders of unknown members and other members' orderIds refused.
async fn order_queries<S: Crm>(api: &S, id: String) {
    // The orders: paging, filters, detail, channels.
    let page = ok!(
        api.list_orders(ListOrders::new(MT).member_id(id.clone()))
            .await
            .unwrap(),
        ListOrdersResponse::Ok
    );
    assert_eq!((page.total_count, page.total_page), (Some(2), Some(1)));
    let finished = ok!(
        api.list_orders(ListOrders::new(MT).mobile("13900000011").status("FINISHED"))
            .await
            .unwrap(),
        ListOrdersResponse::Ok
    );
    assert_eq!(finished.data.unwrap()[0].payment, Some(yuan(3500.0)));
    let by_product = ok!(
        api.list_orders(
            ListOrders::new(MT)
                .member_id(id.clone())
                .key_type("productCode")
                .key_word("P00")
        )
        .await
        .unwrap(),
        ListOrdersResponse::Ok
    );
    assert_eq!(by_product.total_count, Some(2));
    let paged = ok!(
        api.list_orders(ListOrders::new(MT).member_id(id.clone()).page_size(1).current_page(2))
            .await
            .unwrap(),
        ListOrdersResponse::Ok
    );
    assert_eq!((paged.data.unwrap().len(), paged.total_page), (1, Some(2)));
    let detail = ok!(
        api.get_order_detail(GetOrderDetail::new(MT, "O-2001", "NORMAL"))
            .await
            .unwrap(),
        GetOrderDetailResponse::Ok
    );
    assert_eq!(detail.member_id.as_deref(), Some(id.as_str()));
    assert_eq!(
        detail.order_time.map(|t| t.to_wire()).as_deref(),
        Some("2024-05-01T10:00:00+08:00")
    );
    let channels = ok!(
        api.list_member_purchase_channels(ListMemberPurchaseChannels::new(MT, id.clone()))
            .await
            .unwrap(),
        ListMemberPurchaseChannelsResponse::Ok
    );
    assert_eq!(channels.purchase_channel.unwrap(), ["TAOBAO"]);

    // An order of an unknown member, or an orderId of another member, is refused.
    expect_error(
        api.save_order(SaveOrder::new(order("nobody", "O-9", "NORMAL", 1.0, "FINISHED")))
            .await,
        ErrorKind::MemberNotFound,
    );
    let other = register(api, "tb-2002", "13900000012").await;
    expect_error(
        api.save_order(SaveOrder::new(order(&other, "O-2001", "NORMAL", 1.0, "FINISHED")))
            .await,
        ErrorKind::OrderConflict,
    );
    expect_error(
        api.save_order(SaveOrder::new(order(&id, "O-2003", "NORMAL", -5.0, "FINISHED")))
            .await,
        ErrorKind::Parameter,
    );
}

/// A refund lowers consumption and the grade with it; refunds cannot exceed the payment.
async fn refund<S: Crm>(api: &S, _sandbox: &Sandbox) {
    let id = register(api, "tb-3001", "13900000021").await;
    api.save_order(SaveOrder::new(order(&id, "O-3001", "NORMAL", 3500.0, "FINISHED")))
        .await
        .unwrap();
    assert_eq!(grade(api, &id).await, "金卡");

    // A REFUND must name the refunded order (6.3 originOrderId, 退单时传): without one it is
    // not a request of the operation, and an empty one is refused.
    let nameless = order_fields(&id, "R-3000", "REFUND", 10.0, "FINISHED");
    assert!(serde_json::from_value::<OrderSaveRequest>(serde_json::to_value(&nameless).unwrap()).is_err());
    let mut empty = nameless;
    empty.origin_order_id = Some(String::new());
    expect_error(
        api.save_order(SaveOrder::new(to_request(empty))).await,
        ErrorKind::Parameter,
    );
    let mut refund = order_fields(&id, "R-3001", "REFUND", 2600.0, "FINISHED");
    refund.origin_order_id = Some("O-3001".into());
    refund.refund_time = Some(local("2024-05-03 12:00:00"));
    assert_eq!(
        api.save_order(SaveOrder::new(to_request(refund))).await.unwrap(),
        SaveOrderResponse::Created
    );
    assert_eq!(grade(api, &id).await, "普卡");
    let next = ok!(
        api.get_next_grade_amount(GetNextGradeAmount::new(MT, id.clone()))
            .await
            .unwrap(),
        GetNextGradeAmountResponse::Ok
    );
    assert_eq!(next.consume_amount, Some(yuan(900.0)));
    let history = ok!(
        api.list_grade_records(ListGradeRecords::new(MT).member_id(id.clone()))
            .await
            .unwrap(),
        ListGradeRecordsResponse::Ok
    );
    assert_eq!(history[0].change_type, Some(GradeRecordChangeType::Degrade));
    assert_eq!(
        (
            history[0].original_grade_name.as_deref(),
            history[0].grade_name.as_deref()
        ),
        (Some("金卡"), Some("普卡"))
    );

    // 900 is left to refund: 1000 more is too much.
    let mut too_much = order_fields(&id, "R-3002", "REFUND", 1000.0, "FINISHED");
    too_much.origin_order_id = Some("O-3001".into());
    expect_error(
        api.save_order(SaveOrder::new(to_request(too_much))).await,
        ErrorKind::RefundExceedsPayment,
    );
    let mut unknown = order_fields(&id, "R-3003", "REFUND", 10.0, "FINISHED");
    unknown.origin_order_id = Some("O-NOPE".into());
    expect_error(
        api.save_order(SaveOrder::new(to_request(unknown))).await,
        ErrorKind::OrderNotFound,
    );

    // The refund is found as a REFUND, not as a NORMAL order.
    let detail = ok!(
        api.get_order_detail(GetOrderDetail::new(MT, "R-3001", "REFUND"))
            .await
            .unwrap(),
        GetOrderDetailResponse::Ok
    );
    assert_eq!(
        (detail.order_type, detail.origin_order_id.as_deref()),
        (Some(OrderType::Refund), Some("O-3001"))
    );
    expect_error(
        api.get_order_detail(GetOrderDetail::new(MT, "R-3001", "NORMAL")).await,
        ErrorKind::OrderNotFound,
    );
    let page = ok!(
        api.list_orders(ListOrders::new(MT).member_id(id.clone()))
            .await
            .unwrap(),
        ListOrdersResponse::Ok
    );
    assert_eq!(page.total_count, Some(2));
}

/// A coupon granted (idempotently), frozen, written off, reversed; invalidation twice;
/// stock; a coupon granted before its period, made effective.
async fn grant_freeze_write_off<S: Crm>(api: &S, _sandbox: &Sandbox) {
    let id = register(api, "tb-4001", "13900000031").await;
    let projects = ok!(
        api.list_coupon_projects(ListCouponProjects::new(CouponProjectListRequest {
            status: Some("VALID".into()),
            ..CouponProjectListRequest::new("KYLIN_GUIDE", 1, MT, 10)
        }))
        .await
        .unwrap(),
        ListCouponProjectsResponse::Ok
    );
    let ids: Vec<_> = projects
        .data
        .unwrap()
        .iter()
        .map(|p| p.project_id.clone().unwrap())
        .collect();
    assert!(
        ids.contains(&"1001".to_owned()) && !ids.contains(&"0900".to_owned()),
        "{ids:?}"
    );
    let project = ok!(
        api.get_coupon_project(GetCouponProject::new("KYLIN_GUIDE", MT, "1001"))
            .await
            .unwrap(),
        GetCouponProjectResponse::Ok
    );
    assert_eq!(project.name.as_deref(), Some("新会员券"));
    expect_error(
        api.get_coupon_project(GetCouponProject::new("KYLIN_GUIDE", MT, "nope"))
            .await,
        ErrorKind::ProjectNotFound,
    );

    let code = grant_freeze_write_off_one(api, id.clone()).await;
    invalidate_and_extend(api, id.clone(), &code).await;
    coupons_stock_presale(api, id.clone(), &code).await;
}

/// One coupon granted (idempotently), frozen, written off, refused a second time, reversed; its code.
async fn grant_freeze_write_off_one<S: Crm>(api: &S, id: String) -> String {
    // Grant; a replayed X-Request-Sequence answers the same coupon and grants nothing more.
    let first = grant(api, "seq-1", &id, "1001").await;
    let code = granted_code(&first);
    assert_eq!(grant(api, "seq-1", &id, "1001").await, first);
    let detail = coupon(api, &code).await;
    assert_eq!(detail.status, Some(CouponInstanceStatus::Valid));
    assert_eq!(
        detail.preset_or_custom_field.as_ref().unwrap().campaign_id.as_deref(),
        Some("CAMP-1")
    );

    // Freeze; a frozen coupon cannot be used directly, only written off.
    assert!(
        ok!(
            api.freeze_coupon(FreezeCoupon::new(coupon_op(&code))).await.unwrap(),
            FreezeCouponResponse::Ok
        )
        .success
    );
    assert_eq!(coupon(api, &code).await.status, Some(CouponInstanceStatus::Frozen));
    expect_refused(
        &ok!(
            api.use_coupon(UseCoupon::new(coupon_op(&code))).await.unwrap(),
            UseCouponResponse::Ok
        ),
        ErrorKind::IllegalState,
    );
    let mut write_off = coupon_op(&code);
    write_off.params = Some(CouponOperationParams {
        employee_id: Some("E100".into()),
        ticket_num: Some("T-88".into()),
        shop_code: Some("S001".into()),
        ..Default::default()
    });
    let done = ok!(
        api.write_off_frozen_coupon(WriteOffFrozenCoupon::new(write_off.clone()))
            .await
            .unwrap(),
        WriteOffFrozenCouponResponse::Ok
    );
    assert_eq!((done.success, done.msg.as_deref()), (true, Some("")));
    let used = coupon(api, &code).await;
    assert_eq!(used.status, Some(CouponInstanceStatus::Used));
    assert!(used.use_time.is_some());
    let fields = used.preset_or_custom_field.unwrap();
    assert_eq!(
        (fields.employee_id.as_deref(), fields.campaign_id.as_deref()),
        (Some("E100"), Some("CAMP-1"))
    );
    // A second write-off fails; so does invalidating a used coupon.
    expect_refused(
        &ok!(
            api.write_off_frozen_coupon(WriteOffFrozenCoupon::new(write_off))
                .await
                .unwrap(),
            WriteOffFrozenCouponResponse::Ok
        ),
        ErrorKind::IllegalState,
    );
    expect_refused(
        &ok!(
            api.invalidate_coupon(InvalidateCoupon::new(coupon_op(&code)))
                .await
                .unwrap(),
            InvalidateCouponResponse::Ok
        ),
        ErrorKind::IllegalState,
    );
    // Anticounting reverses the use.
    assert!(
        ok!(
            api.anticount_coupon(AnticountCoupon::new(coupon_op(&code)))
                .await
                .unwrap(),
            AnticountCouponResponse::Ok
        )
        .success
    );
    assert_eq!(coupon(api, &code).await.status, Some(CouponInstanceStatus::Valid));
    assert!(
        ok!(
            api.use_coupon(UseCoupon::new(coupon_op(&code))).await.unwrap(),
            UseCouponResponse::Ok
        )
        .success
    );
    expect_refused(
        &ok!(
            api.thaw_coupon(ThawCoupon::new(coupon_op(&code))).await.unwrap(),
            ThawCouponResponse::Ok
        ),
        ErrorKind::IllegalState,
    );

    code
}

/// A second coupon invalidated (twice: refused), made effective again, extended by a week.
async fn invalidate_and_extend<S: Crm>(api: &S, id: String, code: &str) {
    // Invalidate a second coupon: the second invalidation fails, as the source says.
    let second = granted_code(&grant(api, "seq-2", &id, "1002").await);
    assert_ne!(second, code);
    assert!(
        ok!(
            api.invalidate_coupon(InvalidateCoupon::new(coupon_op(&second)))
                .await
                .unwrap(),
            InvalidateCouponResponse::Ok
        )
        .success
    );
    assert_eq!(coupon(api, &second).await.status, Some(CouponInstanceStatus::Expired));
    expect_refused(
        &ok!(
            api.invalidate_coupon(InvalidateCoupon::new(coupon_op(&second)))
                .await
                .unwrap(),
            InvalidateCouponResponse::Ok
        ),
        ErrorKind::AlreadyInvalid,
    );
    // Making it effective again; then extending it by a week.
    assert!(
        ok!(
            api.make_coupon_effective(MakeCouponEffective::new(coupon_op(&second)))
                .await
                .unwrap(),
            MakeCouponEffectiveResponse::Ok
        )
        .success
    );
    let before = coupon(api, &second).await;
    assert_eq!(before.status, Some(CouponInstanceStatus::Valid));
    let week = CouponExtensionRequest {
        unit: "WEEK".into(),
        time: local("2020-01-01 00:00:00"),
        value: 1,
        r#type: 1,
    };
    assert!(
        ok!(
            api.extend_coupon(ExtendCoupon::new(second.clone(), MT, week))
                .await
                .unwrap(),
            ExtendCouponResponse::Ok
        )
        .success
    );
    let after = coupon(api, &second).await;
    let (b, a) = (before.expire_time.unwrap(), after.expire_time.unwrap());
    let days = (a.into_parsed().unwrap() - b.into_parsed().unwrap()).num_days();
    assert_eq!(days, 7);
    let earlier = CouponExtensionRequest {
        unit: "DAY".into(),
        time: local("2020-01-01 00:00:00"),
        value: 1,
        r#type: 2,
    };
    expect_refused(
        &ok!(
            api.extend_coupon(ExtendCoupon::new(second.clone(), MT, earlier))
                .await
                .unwrap(),
            ExtendCouponResponse::Ok
        ),
        ErrorKind::IllegalState,
    );
}

/// The member's coupons by status; a project's stock; a presale coupon made effective.
async fn coupons_stock_presale<S: Crm>(api: &S, id: String, code: &str) {
    // The member's coupons by status.
    let list = |status: Option<&str>| CouponInstanceListRequest {
        channel_type: "KYLIN_GUIDE".into(),
        member_type: MT.into(),
        member_id: id.clone(),
        current_page: 1,
        page_size: 10,
        status: status.map(Into::into),
    };
    let all = ok!(
        api.list_coupon_instances(ListCouponInstances::new(list(None)))
            .await
            .unwrap(),
        ListCouponInstancesResponse::Ok
    );
    assert_eq!(all.data.unwrap().len(), 2);
    let used = ok!(
        api.list_coupon_instances(ListCouponInstances::new(list(Some("USED"))))
            .await
            .unwrap(),
        ListCouponInstancesResponse::Ok
    );
    assert_eq!(used.data.unwrap()[0].coupon_code, code);

    // A project with a stock of 2.
    granted_code(&grant(api, "seq-3", &id, "1006").await);
    granted_code(&grant(api, "seq-4", &id, "1006").await);
    let out = grant(api, "seq-5", &id, "1006").await;
    assert!(!out.success);
    assert!(out.msg.unwrap().contains("PROJECT_UNAVAILABLE"));
    assert!(!grant(api, "seq-6", &id, "0900").await.success);

    // A presale coupon is GRANTED until its period starts, unless made effective.
    let presale = granted_code(&grant(api, "seq-7", &id, "1005").await);
    assert_eq!(coupon(api, &presale).await.status, Some(CouponInstanceStatus::Granted));
    expect_refused(
        &ok!(
            api.use_coupon(UseCoupon::new(coupon_op(&presale))).await.unwrap(),
            UseCouponResponse::Ok
        ),
        ErrorKind::IllegalState,
    );
    assert!(
        ok!(
            api.make_coupon_effective(MakeCouponEffective::new(coupon_op(&presale)))
                .await
                .unwrap(),
            MakeCouponEffectiveResponse::Ok
        )
        .success
    );
    assert_eq!(coupon(api, &presale).await.status, Some(CouponInstanceStatus::Valid));

    expect_error(
        api.use_coupon(UseCoupon::new(coupon_op("00000000"))).await,
        ErrorKind::CouponNotFound,
    );
    let body = GrantCouponRequest {
        channel_type: "X".into(),
        member_type: MT.into(),
        member_id: "nobody".into(),
        project_id: "1001".into(),
        params: None,
    };
    expect_error(
        api.grant_coupon(GrantCoupon::new("seq-8", body)).await,
        ErrorKind::MemberNotFound,
    );
}

/// WeChat registration and lookups; profile changes; past points.
async fn wechat_and_profile<S: Crm>(api: &S, _sandbox: &Sandbox) {
    let wechat = WechatMemberRegisterRequest {
        // Required: before `new`, `..Default::default()` sent it empty without a word.
        ..WechatMemberRegisterRequest::new(
            "天钥桥路 1 号",
            "wxapp",
            "WECHAT_MINI_PROGRAM",
            "1995",
            "C-41",
            "WECHAT",
            "上海市",
            "china",
            String::new(),
            "徐汇区",
            "41@example.com",
            "F",
            "310104199501010041",
            "teacher",
            "微信会员",
            MT,
            "13900000041",
            "小微",
            "open-41",
            "上海",
            "小程序",
            "MP01",
            "union-41",
        )
    };
    let created = ok!(
        api.register_wechat_member(RegisterWechatMember::new(wechat.clone()))
            .await
            .unwrap(),
        RegisterWechatMemberResponse::Created
    );
    assert_eq!(created.status, Some(RegistrationStatus::New));
    let id = created.member_id.unwrap();
    let again = ok!(
        api.register_wechat_member(RegisterWechatMember::new(wechat))
            .await
            .unwrap(),
        RegisterWechatMemberResponse::Ok
    );
    assert_eq!(
        (again.status, again.member_id.as_deref()),
        (Some(RegistrationStatus::Registered), Some(id.as_str()))
    );

    let by_union = ok!(
        api.get_wechat_member_by_union_id(GetWechatMemberByUnionId::new(MT, "union-41"))
            .await
            .unwrap(),
        GetWechatMemberByUnionIdResponse::Ok
    );
    assert_eq!(
        (by_union.member_id.as_deref(), by_union.nickname.as_deref()),
        (Some(id.as_str()), Some("小微"))
    );
    let binding = &by_union.member_bindings.unwrap()[0];
    assert_eq!(binding.customer_no.as_deref(), Some("wxapp_open-41"));
    assert_eq!(
        by_union.customized_properties.unwrap().wx_open_id.as_deref(),
        Some("open-41")
    );
    let by_open = ok!(
        api.get_wechat_member_by_open_id(GetWechatMemberByOpenId::new(MT, "wxapp", "open-41"))
            .await
            .unwrap(),
        GetWechatMemberByOpenIdResponse::Ok
    );
    assert_eq!(by_open.member_id.as_deref(), Some(id.as_str()));
    expect_error(
        api.get_wechat_member_by_open_id(GetWechatMemberByOpenId::new(MT, "wxapp", "open-x"))
            .await,
        ErrorKind::MemberNotFound,
    );
    let simple = ok!(
        api.get_member_by_channel_id(GetMemberByChannelId::new(MT, "WECHAT", "wxapp_open-41"))
            .await
            .unwrap(),
        GetMemberByChannelIdResponse::Ok
    );
    assert_eq!(
        (simple.member_id.as_deref(), simple.card_no.as_deref()),
        (Some(id.as_str()), Some("C-41"))
    );

    update_and_change_mobile(api, id.clone()).await;
    policy_status_and_past_points(api, id.clone()).await;
}

/// Update, then change the mobile (only to a number nobody has).
async fn update_and_change_mobile<S: Crm>(api: &S, id: String) {
    // Update, then change the mobile (only to a number nobody has).
    let update = MemberUpdateRequest {
        member_name: Some("改名".into()),
        customized_properties: Some(MemberCustomizedProperties {
            member_salutation: Some("李女士".into()),
            ..Default::default()
        }),
        ..MemberUpdateRequest::new("WECHAT", id.clone(), MT)
    };
    assert_eq!(
        api.update_member(UpdateMember::new(update)).await.unwrap(),
        UpdateMemberResponse::NoContent
    );
    let taken = register(api, "tb-5001", "13900000042").await;
    let to = |mobile: &str| MemberMobileChangeRequest {
        member_type: MT.into(),
        member_id: id.clone(),
        new_mobile: mobile.into(),
    };
    expect_error(
        api.change_member_mobile(ChangeMemberMobile::new(to("13900000042")))
            .await,
        ErrorKind::MobileTaken,
    );
    api.change_member_mobile(ChangeMemberMobile::new(to("13900000043")))
        .await
        .unwrap();
    let info = ok!(
        api.query_member(QueryMember::new(MT).mobile("13900000043"))
            .await
            .unwrap(),
        QueryMemberResponse::Ok
    );
    assert_eq!(
        (info.member_id.as_deref(), info.member_name.as_deref()),
        (Some(id.as_str()), Some("改名"))
    );
    expect_error(
        api.query_member(QueryMember::new(MT).mobile("13900000041")).await,
        ErrorKind::MemberNotFound,
    );

    assert_ne!(taken, id);
}

/// Privacy policy and status land in the customized properties; past points are an account of their own.
async fn policy_status_and_past_points<S: Crm>(api: &S, id: String) {
    // Privacy policy and status land in the customized properties.
    let policy = PrivacyPolicyUpdateRequest {
        member_type: MT.into(),
        member_id: id.clone(),
        check_policy_status: "0".into(),
        policy_status_update_time: Some(local("2024-06-01 09:00:00")),
    };
    api.update_member_privacy_policy(UpdateMemberPrivacyPolicy::new(policy))
        .await
        .unwrap();
    let status = MemberStatusUpdateRequest {
        member_type: MT.into(),
        member_id: id.clone(),
        member_status: Some("FREEZE".into()),
    };
    api.update_member_status(UpdateMemberStatus::new(status)).await.unwrap();
    let props = ok!(
        api.query_member(QueryMember::new(MT).member_id(id.clone()))
            .await
            .unwrap(),
        QueryMemberResponse::Ok
    )
    .customized_properties
    .unwrap();
    assert_eq!(props.check_policy_status, Some("0".to_owned()));
    assert_eq!(
        (props.member_status.as_deref(), props.member_salutation.as_deref()),
        (Some("FREEZE"), Some("李女士"))
    );
    assert_eq!(
        props.additional_properties["policyStatusUpdateTime"],
        "2024-06-01T09:00:00.000+08:00"
    );
    let attributes = ok!(
        api.query_member_attributes(QueryMemberAttributes::new(MT, id.clone()))
            .await
            .unwrap(),
        QueryMemberAttributesResponse::Ok
    );
    assert_eq!(
        attributes
            .iter()
            .map(|a| a.attribute_code.clone().unwrap())
            .collect::<Vec<_>>(),
        ["WECHAT"]
    );

    // Past points are an account of their own.
    let past = PastPointChangeRequest::new("CPBPAST", "SEND", "POS", "往期", id.clone(), MT, 300, "E0001");
    api.change_past_points(ChangePastPoints::new("past-1", past.clone()))
        .await
        .unwrap();
    api.change_past_points(ChangePastPoints::new("past-1", past))
        .await
        .unwrap();
    let past_balance = ok!(
        api.get_past_points(GetPastPoints::new("CPBPAST", id.clone(), MT))
            .await
            .unwrap(),
        GetPastPointsResponse::Ok
    );
    assert_eq!(past_balance.point, Some(300));
    let past_records = ok!(
        api.list_past_point_records(ListPastPointRecords::new("CPBPAST", id.clone(), MT))
            .await
            .unwrap(),
        ListPastPointRecordsResponse::Ok
    );
    assert_eq!(past_records.len(), 1);
    assert_eq!(balance(api, &id).await, 0);
}

/// Time passes: points and coupons expire.
async fn expiry<S: Crm>(api: &S, sandbox: &Sandbox) {
    let id = register(api, "tb-6001", "13900000051").await;
    let now = sandbox.clock().now();
    let soon = now + 60_000;
    let mut send = change(&id, "SEND", 100);
    send.expired_time = Some(time::to_local(soon));
    api.change_points(ChangePoints::new("exp-1", send)).await.unwrap();
    api.change_points(ChangePoints::new("exp-2", change(&id, "SEND", 40)))
        .await
        .unwrap();
    let expiring = ok!(
        api.get_expiring_points(GetExpiringPoints::new("POINT", id.clone(), MT))
            .await
            .unwrap(),
        GetExpiringPointsResponse::Ok
    );
    let this_month = soon < time::next_month_start(now);
    assert_eq!(expiring.point, Some(if this_month { 100 } else { 0 }));
    // Deductions take the points that expire first.
    api.change_points(ChangePoints::new("exp-3", change(&id, "DEDUCT", 30)))
        .await
        .unwrap();
    assert_eq!(balance(api, &id).await, 110);

    let code = granted_code(&grant(api, "exp-seq", &id, "1001").await);
    sandbox.clock().advance(std::time::Duration::from_secs(31 * 24 * 3600));
    assert_eq!(balance(api, &id).await, 40);
    let expired = records(
        api,
        ListPointRecords::new(MT).member_id(id.clone()).record_type("EXPIRE"),
    )
    .await;
    assert_eq!(expired.iter().map(|r| r.point.unwrap()).collect::<Vec<_>>(), [70]);
    assert_eq!(coupon(api, &code).await.status, Some(CouponInstanceStatus::Expired));
    expect_refused(
        &ok!(
            api.use_coupon(UseCoupon::new(coupon_op(&code))).await.unwrap(),
            UseCouponResponse::Ok
        ),
        ErrorKind::CouponExpired,
    );
    expect_refused(
        &ok!(
            api.invalidate_coupon(InvalidateCoupon::new(coupon_op(&code)))
                .await
                .unwrap(),
            InvalidateCouponResponse::Ok
        ),
        ErrorKind::AlreadyInvalid,
    );
    // Extended past now, it is VALID again.
    let month = CouponExtensionRequest {
        unit: "MONTH".into(),
        time: local("2020-01-01 00:00:00"),
        value: 2,
        r#type: 1,
    };
    assert!(
        ok!(
            api.extend_coupon(ExtendCoupon::new(code.clone(), MT, month))
                .await
                .unwrap(),
            ExtendCouponResponse::Ok
        )
        .success
    );
    assert_eq!(coupon(api, &code).await.status, Some(CouponInstanceStatus::Valid));
}

// ---------------------------------------------------------------------------------------
// Each scenario in-process and over HTTP.

macro_rules! both {
    ($($scenario:ident),* $(,)?) => {
        mod in_process {
            use super::*;
            $(
                #[tokio::test]
                async fn $scenario() {
                    let sandbox = fresh();
                    super::$scenario(&sandbox, &sandbox).await;
                }
            )*
        }
        mod over_http {
            use super::*;
            $(
                #[tokio::test]
                async fn $scenario() {
                    let sandbox = fresh();
                    let client = serve(sandbox.clone()).await;
                    super::$scenario(&client, &sandbox).await;
                }
            )*
        }
    };
}

both!(
    register_then_points,
    order_lifts_grade,
    refund,
    grant_freeze_write_off,
    wechat_and_profile,
    expiry
);

/// Tiers come from the settings.
#[tokio::test]
async fn grade_tiers_are_configurable() {
    let settings = sandbox::Settings::default()
        .with_tiers("铜卡:0,银卡:100,金卡:250")
        .unwrap();
    let api = Sandbox::new(settings, &Sandbox::default_projects());
    let id = register(&api, "tb-tiers", "13900000061").await;
    api.save_order(SaveOrder::new(order(&id, "O-T1", "NORMAL", 260.0, "FINISHED")))
        .await
        .unwrap();
    assert_eq!(grade(&api, &id).await, "金卡");
    let next = ok!(
        api.get_next_grade_amount(GetNextGradeAmount::new(MT, id.clone()))
            .await
            .unwrap(),
        GetNextGradeAmountResponse::Ok
    );
    assert_eq!(
        (next.current_grade_id, next.next_grade_id, next.need_amount),
        (Some(3), None, Some(yuan(0.0)))
    );
}

/// The sandbox also answers under the base path of the spec's servers.
#[tokio::test]
async fn the_base_path_of_the_spec_servers_works_too() {
    use shuyun_crm::api::MembersApi;
    use shuyun_crm::client::{Client, Credentials};
    let sandbox = fresh();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let app = sandbox::app(
        sandbox,
        sandbox::ClientAuth::new(common::CLIENT_ID, common::CLIENT_SECRET),
        Default::default(),
    );
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = Client::builder(format!("http://{address}{}", sandbox::BASE_PATH))
        .credentials(
            Credentials::new()
                .client_id(common::CLIENT_ID)
                .client_secret(common::CLIENT_SECRET),
        )
        .build()
        .unwrap();
    let id = common::register(&client, "tb-base", "13700000009").await;
    client
        .change_points(ChangePoints::new("base-1", common::points(&id, "SEND", 5)))
        .await
        .unwrap();
    assert_eq!(common::balance(&client, &id).await, 5);
    // Unknown paths under it are still the envelope's 404, and bad credentials its 401.
    let wrong = Client::builder(format!("http://{address}{}", sandbox::BASE_PATH))
        .credentials(Credentials::new().client_id(common::CLIENT_ID).client_secret("wrong"))
        .build()
        .unwrap();
    let err = wrong
        .get_member_points(shuyun_crm::requests::GetMemberPoints::new(common::MT).member_id(id))
        .await
        .unwrap_err();
    assert_eq!(
        err.api_error().map(|e| (e.status, e.body.code.as_deref())),
        Some((401, Some("unauthorized")))
    );
}
