//! Saving and loading the state: a round trip keeps everything (idempotency included); saves
//! are atomic, and a leftover `FILE.tmp` is never read as the state; the binary saves on
//! shutdown and loads at start.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

use common::{CLIENT_ID, CLIENT_SECRET, MT, balance, fresh, point_records, points, register, scratch, yuan};
use sandbox::{LoadError, Sandbox, Settings};
use shuyun_crm::api::{CouponsApi, MembersApi, OrdersApi};
use shuyun_crm::client::{Client, Credentials};
use shuyun_crm::models::{
    CouponInstanceStatus, CouponOperationRequest, FreezePointRequest, FrozenPointRequest, GrantCouponRequest,
    NormalOrder, OrderSaveRequest,
};
use shuyun_crm::requests::{
    ChangePoints, ConsumeFrozenPoints, FreezeCoupon, FreezePoints, GetCouponDetail, GetMemberGrade, GrantCoupon,
    SaveOrder,
};
use shuyun_crm::responses::{GetCouponDetailResponse, GetMemberGradeResponse, GrantCouponResponse};

fn load(path: &std::path::Path) -> Result<Option<Sandbox>, LoadError> {
    Sandbox::load(path, Settings::default(), &Sandbox::default_projects())
}

async fn grant(api: &Sandbox, sequence: &str, member_id: &str) -> String {
    let body = GrantCouponRequest {
        channel_type: "KYLIN_GUIDE".into(),
        member_type: MT.into(),
        member_id: member_id.into(),
        project_id: "1001".into(),
        params: None,
    };
    let GrantCouponResponse::Ok(result) = api.grant_coupon(GrantCoupon::new(sequence, body)).await.unwrap() else {
        panic!("not 200")
    };
    result.instance_infos.unwrap()[0].coupon_code.clone().unwrap()
}

#[tokio::test]
async fn a_saved_state_loads_with_everything_in_it() {
    let dir = scratch("round-trip");
    let path = dir.join("state.json");
    let before = fresh();
    let id = register(&before, "tb-persist", "13600000001").await;
    before
        .change_points(ChangePoints::new("send-1", points(&id, "SEND", 500)))
        .await
        .unwrap();
    let freeze = FreezePointRequest::new("SHUYUN", "冻结", id.clone(), MT, 200);
    before
        .freeze_points(FreezePoints::new("freeze-1", freeze))
        .await
        .unwrap();
    let order = OrderSaveRequest::NormalOrder(NormalOrder {
        member_id: Some(id.clone()),
        ..NormalOrder::new(
            "POS",
            MT,
            "O-P1",
            "FINISHED",
            "NORMAL",
            yuan(1500.0),
            "S1",
            "门店",
            yuan(1500.0),
            1,
        )
    });
    before.save_order(SaveOrder::new(order)).await.unwrap();
    let code = grant(&before, "grant-1", &id).await;
    let op = CouponOperationRequest {
        channel_type: "X".into(),
        member_type: MT.into(),
        coupon_code: code.clone(),
        params: None,
    };
    before.freeze_coupon(FreezeCoupon::new(op)).await.unwrap();

    let saved = before.save(&path).unwrap();
    assert_eq!(saved, before.generation());
    assert!(
        !sandbox::temporary_path(&path).exists(),
        "no temporary file is left behind"
    );

    let after = load(&path).unwrap().expect("a saved state");
    assert_eq!(balance(&after, &id).await, 300);
    assert_eq!(point_records(&after, &id).await.len(), 2);
    let GetMemberGradeResponse::Ok(grade) = after
        .get_member_grade(GetMemberGrade::new(MT).member_id(id.clone()))
        .await
        .unwrap()
    else {
        panic!("a success the spec does not document")
    };
    assert_eq!(grade.name.as_deref(), Some("银卡"));
    let GetCouponDetailResponse::Ok(coupon) = after
        .get_coupon_detail(GetCouponDetail::new("X", MT, code.clone()))
        .await
        .unwrap()
    else {
        panic!("a success the spec does not document")
    };
    assert_eq!(coupon.status, Some(CouponInstanceStatus::Frozen));

    // The idempotency record came along: a replay has no second effect after the reload ...
    after
        .change_points(ChangePoints::new("send-1", points(&id, "SEND", 500)))
        .await
        .unwrap();
    assert_eq!(balance(&after, &id).await, 300);
    assert_eq!(grant(&after, "grant-1", &id).await, code);
    // ... the freeze is still tied to its token, and numbering goes on where it stopped.
    let frozen = FrozenPointRequest::new("SHUYUN", "消耗", id.clone(), MT);
    after
        .consume_frozen_points(ConsumeFrozenPoints::new("freeze-1", frozen))
        .await
        .unwrap();
    assert_eq!(point_records(&after, &id).await.len(), 3);
    let next = grant(&after, "grant-2", &id).await;
    assert_ne!(next, code);
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_leftover_temporary_file_is_never_read_as_the_state() {
    let dir = scratch("torn");
    let path = dir.join("state.json");
    let tmp = sandbox::temporary_path(&path);

    // A crash before the first save finished: only a torn temporary file. No state.
    std::fs::write(&tmp, b"{\"format\": 1, \"state\": {\"members\": {\"x\"").unwrap();
    assert!(load(&path).unwrap().is_none());

    // A complete save, then a crash in the middle of the next one: the complete one loads.
    let sandbox = Sandbox::with_defaults();
    sandbox.save(&path).unwrap();
    std::fs::write(&tmp, b"{\"format\": 1, \"sta").unwrap();
    assert!(load(&path).unwrap().is_some());
    // The next save replaces both.
    sandbox.save(&path).unwrap();
    assert!(!tmp.exists());
    assert!(load(&path).unwrap().is_some());

    // A state file that is not one is an error, not an empty sandbox.
    std::fs::write(&path, b"{\"format\": 1, \"sta").unwrap();
    assert!(matches!(load(&path), Err(LoadError::Invalid(_))));
    std::fs::write(&path, b"{\"format\": 99, \"state\": {}}").unwrap();
    assert!(matches!(load(&path), Err(LoadError::Invalid(_))));
    let _ = std::fs::remove_dir_all(dir);
}

/// Starts the binary and answers it with its address (read from its log).
fn start(state: &std::path::Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_crm-sandbox"))
        .args([
            "--listen",
            "127.0.0.1:0",
            "--client-id",
            CLIENT_ID,
            "--client-secret",
            CLIENT_SECRET,
            "--save-interval",
            "50",
        ])
        .arg("--state")
        .arg(state)
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start crm-sandbox");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let address = loop {
        let line = lines
            .next()
            .expect("crm-sandbox stopped before listening")
            .expect("log line");
        assert!(!line.contains(CLIENT_SECRET), "the secret must never be logged: {line}");
        if let Some(rest) = line.split("address=").nth(1) {
            break rest.split_whitespace().next().expect("address").to_owned();
        }
    };
    // Keep draining the log so the child never blocks on a full pipe.
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            assert!(!line.contains(CLIENT_SECRET), "the secret must never be logged: {line}");
        }
    });
    (child, address)
}

fn stop(mut child: Child) {
    let status = Command::new("kill")
        .arg("-TERM")
        .arg(child.id().to_string())
        .status()
        .expect("kill");
    assert!(status.success());
    let exit = child.wait().expect("wait");
    assert!(exit.success(), "crm-sandbox exited with {exit}");
}

fn client(address: &str) -> Client {
    Client::builder(format!("http://{address}"))
        .credentials(Credentials::new().client_id(CLIENT_ID).client_secret(CLIENT_SECRET))
        .build()
        .unwrap()
}

#[tokio::test]
async fn the_binary_saves_on_shutdown_and_loads_at_start() {
    let dir = scratch("binary");
    let state = dir.join("state.json");
    let (child, address) = start(&state);
    let api = client(&address);
    // The seed ran on the fresh state: the spec's example member has points.
    assert_eq!(
        balance(&api, "0040a85608844820900558fc2671cb7c").await,
        980,
        "1000 sent, 20 frozen"
    );
    let id = register(&api, "tb-binary", "13600000009").await;
    api.change_points(ChangePoints::new("bin-1", points(&id, "SEND", 77)))
        .await
        .unwrap();
    stop(child);
    assert!(state.exists() && !sandbox::temporary_path(&state).exists());

    let (child, address) = start(&state);
    let api = client(&address);
    assert_eq!(balance(&api, &id).await, 77);
    api.change_points(ChangePoints::new("bin-1", points(&id, "SEND", 77)))
        .await
        .unwrap();
    assert_eq!(
        balance(&api, &id).await,
        77,
        "the replay after a restart changes nothing"
    );
    // The periodic save catches a change without a shutdown.
    api.change_points(ChangePoints::new("bin-2", points(&id, "SEND", 3)))
        .await
        .unwrap();
    let mut saved = false;
    for _ in 0..100 {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        let bytes = std::fs::read(&state).unwrap_or_default();
        if String::from_utf8_lossy(&bytes).contains("bin-2") {
            saved = true;
            break;
        }
    }
    assert!(saved, "the change was saved within 5 s");
    stop(child);
    let reloaded = load(&state).unwrap().unwrap();
    assert_eq!(balance(&reloaded, &id).await, 80);
    let _ = std::fs::remove_dir_all(dir);
}
