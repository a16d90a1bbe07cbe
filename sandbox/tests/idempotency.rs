//! Idempotency under concurrency: many identical requests at once have one effect.

mod common;

use std::sync::Arc;

use common::{Crm, balance, fresh, point_records, points, register, serve};
use shuyun_crm::models::{GrantCouponRequest, GrantCouponResult};
use shuyun_crm::requests::{ChangePoints, ConsumeFrozenPoints, FreezePoints, GrantCoupon};
use shuyun_crm::responses::{ChangePointsResponse, GrantCouponResponse};

const TASKS: usize = 64;

/// `TASKS` tasks send the same change with one token at the same moment.
async fn same_token_at_once<S: Crm + Clone + Send + 'static>(api: S) {
    let id = register(&api, "tb-concurrent", "13700000001").await;
    let barrier = Arc::new(tokio::sync::Barrier::new(TASKS));
    let tasks: Vec<_> = (0..TASKS)
        .map(|_| {
            let (api, barrier, id) = (api.clone(), barrier.clone(), id.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                api.change_points(ChangePoints::new("one-token", points(&id, "SEND", 25)))
                    .await
            })
        })
        .collect();
    for task in tasks {
        let answer = task.await.expect("task").expect("every replay succeeds");
        assert_eq!(answer, ChangePointsResponse::NoContent);
    }
    assert_eq!(balance(&api, &id).await, 25, "the change applied exactly once");
    let records = point_records(&api, &id).await;
    assert_eq!(records.len(), 1, "{records:?}");
    assert_eq!(records[0].trace_id.as_deref(), Some("one-token"));
}

/// The same with `TASKS` distinct tokens: every one applies.
async fn distinct_tokens_at_once<S: Crm + Clone + Send + 'static>(api: S) {
    let id = register(&api, "tb-distinct", "13700000002").await;
    let barrier = Arc::new(tokio::sync::Barrier::new(TASKS));
    let tasks: Vec<_> = (0..TASKS)
        .map(|i| {
            let (api, barrier, id) = (api.clone(), barrier.clone(), id.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                api.change_points(ChangePoints::new(format!("token-{i}"), points(&id, "SEND", 10)))
                    .await
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("task").expect("change");
    }
    assert_eq!(balance(&api, &id).await, 10 * TASKS as i64);
    assert_eq!(point_records(&api, &id).await.len(), TASKS);
}

/// Concurrent grants with one X-Request-Sequence grant one coupon; concurrent consumes of one
/// freeze consume it once.
async fn grants_and_freezes_at_once<S: Crm + Clone + Send + 'static>(api: S) {
    let id = register(&api, "tb-grant", "13700000003").await;
    let body = GrantCouponRequest {
        channel_type: "KYLIN_GUIDE".into(),
        member_type: common::MT.into(),
        member_id: id.clone(),
        project_id: "1006".into(),
        params: None,
    };
    let tasks: Vec<_> = (0..TASKS)
        .map(|_| {
            let (api, body) = (api.clone(), body.clone());
            tokio::spawn(async move { api.grant_coupon(GrantCoupon::new("one-sequence", body)).await })
        })
        .collect();
    let mut results: Vec<GrantCouponResult> = Vec::new();
    for task in tasks {
        let GrantCouponResponse::Ok(result) = task.await.expect("task").expect("grant") else {
            panic!("not 200")
        };
        results.push(result);
    }
    assert!(results.iter().all(|r| *r == results[0] && r.success));
    // Project 1006 holds 2 coupons: one grant left means exactly one was taken.
    let second = api
        .grant_coupon(GrantCoupon::new("another-sequence", body.clone()))
        .await
        .expect("grant");
    let GrantCouponResponse::Ok(second) = second else {
        panic!("not 200")
    };
    assert!(second.success);
    let third = api
        .grant_coupon(GrantCoupon::new("third-sequence", body))
        .await
        .expect("grant");
    let GrantCouponResponse::Ok(third) = third else {
        panic!("not 200")
    };
    assert!(!third.success, "the stock is spent after two grants");

    api.change_points(ChangePoints::new("fill", points(&id, "SEND", 100)))
        .await
        .expect("send");
    let freeze = shuyun_crm::models::FreezePointRequest::new("SHUYUN", "冻结", id.clone(), common::MT, 60);
    api.freeze_points(FreezePoints::new("freeze-token", freeze))
        .await
        .expect("freeze");
    let frozen = shuyun_crm::models::FrozenPointRequest::new("SHUYUN", "消耗", id.clone(), common::MT);
    let tasks: Vec<_> = (0..TASKS)
        .map(|_| {
            let (api, frozen) = (api.clone(), frozen.clone());
            tokio::spawn(async move {
                api.consume_frozen_points(ConsumeFrozenPoints::new("freeze-token", frozen))
                    .await
            })
        })
        .collect();
    for task in tasks {
        task.await.expect("task").expect("consume");
    }
    assert_eq!(balance(&api, &id).await, 40);
    let kinds: Vec<_> = point_records(&api, &id)
        .await
        .iter()
        .map(|r| r.change_type.clone().unwrap())
        .collect();
    assert_eq!(kinds.len(), 3, "SEND, FREEZE and one DEDUCT: {kinds:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixty_four_identical_point_changes_over_http_change_once() {
    same_token_at_once(serve(fresh()).await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixty_four_identical_point_changes_in_process_change_once() {
    same_token_at_once(fresh()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixty_four_distinct_point_changes_over_http_all_apply() {
    distinct_tokens_at_once(serve(fresh()).await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_grants_and_consumes_over_http_apply_once() {
    grants_and_freezes_at_once(serve(fresh()).await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_grants_and_consumes_in_process_apply_once() {
    grants_and_freezes_at_once(fresh()).await;
}
