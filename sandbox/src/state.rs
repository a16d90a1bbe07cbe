//! The in-memory state: members and their accounts, orders, coupons, freezes and the
//! idempotency record. Everything is plain data (serde JSON), changed only under the
//! sandbox's lock, so a snapshot is always consistent.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use shuyun_crm::models::{
    CouponInstance, CouponProject, GradeRecord, GrantCouponResult, MemberBinding, MemberCustomizedProperties,
    MemberInfo, Order, PointRecord,
};

use crate::config::Settings;
use crate::error::{ErrorKind, Result, SandboxError};
use crate::time::Millis;

/// A composite map key (parts joined by the ASCII unit separator, which no field carries).
pub(crate) fn key(parts: &[&str]) -> String {
    parts.join("\u{1f}")
}

/// The key of an idempotency record: a token is its caller's, so two clients cannot replay or
/// block each other's changes. A call without a caller (the seed, a direct call) keeps the key
/// it had before callers existed, so saved states still replay.
fn replay_key(caller: Option<&str>, operation: &str, token: &str) -> String {
    match caller {
        Some(caller) => key(&[operation, token, caller]),
        None => key(&[operation, token]),
    }
}

/// FNV-1a: a fingerprint of a request that is stable across runs and Rust versions (it is
/// saved with the idempotency record).
pub(crate) fn fingerprint(parts: &[&[u8]]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.iter().chain(std::iter::once(&0xff)) {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct State {
    /// The last number handed out (ids, records, coupon codes).
    pub seq: u64,
    /// The last coupon number handed out (codes are 96800080 + n, so the first is the spec's
    /// example `96800081`).
    pub coupon_seq: u64,
    pub members: BTreeMap<String, Member>,
    pub index: Indexes,
    pub orders: BTreeMap<String, StoredOrder>,
    pub projects: BTreeMap<String, StoredProject>,
    pub coupons: BTreeMap<String, StoredCoupon>,
    /// Points frozen by 3.8, by X-Business-Token.
    pub freezes: BTreeMap<String, Freeze>,
    /// The first successful result of every idempotent request, by operation and key.
    pub replays: BTreeMap<String, Replay>,
}

/// Lookups into `members`: each maps a composite key to a memberId.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct Indexes {
    /// (memberType, mobile)
    pub mobiles: BTreeMap<String, String>,
    /// (memberType, cardNo)
    pub cards: BTreeMap<String, String>,
    /// (memberType, channelType, customerNo)
    pub channels: BTreeMap<String, String>,
    /// (memberType, unionId)
    pub union_ids: BTreeMap<String, String>,
    /// (memberType, appId, openId)
    pub open_ids: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Member {
    pub id: String,
    pub member_type: String,
    /// The profile as 3.2 answers it (without bindings and customized properties, which are
    /// kept apart and put in when answering).
    pub info: MemberInfo,
    pub customized: MemberCustomizedProperties,
    pub bindings: Vec<StoredBinding>,
    pub register_ms: Millis,
    #[serde(default)]
    pub contact_tel: Option<String>,
    /// Points accounts by account type.
    #[serde(default)]
    pub accounts: BTreeMap<String, PointAccount>,
    /// Grade accounts by account type.
    #[serde(default)]
    pub grades: BTreeMap<String, GradeState>,
    /// The member's orderIds, in the order they were first saved.
    #[serde(default)]
    pub orders: Vec<String>,
    /// Cumulative consumption: counted NORMAL payments minus counted REFUND payments.
    #[serde(default)]
    pub consumption: Decimal,
    #[serde(default)]
    pub consumption_ms: Millis,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct StoredBinding {
    pub binding: MemberBinding,
    pub created_ms: Millis,
}

/// A points account: lots of points (each with its own validity) and the change records.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub(crate) struct PointAccount {
    pub lots: Vec<Lot>,
    pub records: Vec<StoredRecord>,
}

/// Points sent together: usable from `effective_ms`, gone at `expires_ms`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct Lot {
    pub amount: i64,
    pub effective_ms: Millis,
    pub expires_ms: Option<Millis>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct StoredRecord {
    pub at_ms: Millis,
    pub seq: u64,
    pub record: PointRecord,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum FreezePhase {
    Frozen,
    Unfrozen,
    Consumed,
}

/// Points frozen under one X-Business-Token (3.8), released by 3.9 or consumed by 3.10.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Freeze {
    pub member_id: String,
    pub member_type: String,
    pub account: String,
    pub point: i64,
    pub lots: Vec<Lot>,
    pub phase: FreezePhase,
    pub at_ms: Millis,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct GradeState {
    /// Index into the account's tiers.
    pub tier: usize,
    pub since_ms: Millis,
    pub records: Vec<StoredGradeRecord>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct StoredGradeRecord {
    pub at_ms: Millis,
    pub seq: u64,
    pub channel: Option<String>,
    pub record: GradeRecord,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct StoredOrder {
    /// The order as 6.1 / 6.2 answer it.
    pub order: Order,
    pub member_id: String,
    pub member_type: String,
    pub order_type: String,
    /// orderTime, or when it was first saved.
    pub at_ms: Millis,
    pub payment: Decimal,
    pub counted: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct StoredProject {
    pub project: CouponProject,
    pub granted: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum CouponPhase {
    /// GRANTED before its validTime, VALID within its period, EXPIRED after it.
    Active,
    Frozen,
    Used,
    /// Invalidated by 7.11 (answered as EXPIRED, 已失效).
    Invalidated,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct StoredCoupon {
    pub instance: CouponInstance,
    pub member_type: String,
    pub phase: CouponPhase,
    pub grant_ms: Millis,
    pub valid_ms: Millis,
    pub expire_ms: Millis,
    pub use_ms: Option<Millis>,
}

/// The first successful answer of an idempotent request.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Replay {
    pub fingerprint: u64,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) enum Outcome {
    /// A points operation that succeeded (answered 204).
    Applied,
    Grant(GrantCouponResult),
}

impl State {
    /// The next number.
    pub fn next(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    /// A fresh 32-hex-digit member id, like the CRM's.
    pub fn new_member_id(&mut self) -> String {
        loop {
            let n = self.next();
            let hi = fingerprint(&[b"member", &n.to_le_bytes()]);
            let lo = fingerprint(&[b"id", &n.to_le_bytes()]);
            let id = format!("{hi:016x}{lo:016x}");
            if !self.members.contains_key(&id) {
                return id;
            }
        }
    }

    /// Looks up a replay; a different request under the same key is refused.
    pub fn replay(
        &self,
        caller: Option<&str>,
        operation: &str,
        token: &str,
        fingerprint: u64,
    ) -> Result<Option<&Outcome>> {
        match self.replays.get(&replay_key(caller, operation, token)) {
            Some(replay) if replay.fingerprint == fingerprint => Ok(Some(&replay.outcome)),
            Some(_) => Err(SandboxError::new(
                ErrorKind::TokenMismatch,
                format!("the key `{token}` was already used by a different {operation} request"),
            )),
            None => Ok(None),
        }
    }

    pub fn remember(&mut self, caller: Option<&str>, operation: &str, token: &str, fingerprint: u64, outcome: Outcome) {
        self.replays
            .insert(replay_key(caller, operation, token), Replay { fingerprint, outcome });
    }

    /// Seeds the coupon projects the state does not know yet (a loaded state keeps its own,
    /// with their grant counts).
    pub fn add_projects(&mut self, projects: &[CouponProject]) {
        for project in projects {
            if let Some(id) = &project.project_id {
                self.projects.entry(id.clone()).or_insert_with(|| StoredProject {
                    project: project.clone(),
                    granted: 0,
                });
            }
        }
    }

    /// Repairs what a state saved under other settings may lack (tiers that no longer exist).
    pub fn adapt(&mut self, settings: &Settings) {
        for member in self.members.values_mut() {
            for (account_type, grade) in member.grades.iter_mut() {
                if let Some((_, account)) = settings.grade_account(account_type) {
                    grade.tier = grade.tier.min(account.tiers.len().saturating_sub(1));
                }
            }
        }
    }
}

/// The items of a 1-based page (a page or size below 1 is empty).
pub(crate) fn page<T: Clone>(items: &[T], page: i32, size: i32) -> Vec<T> {
    let (Ok(page), Ok(size)) = (usize::try_from(page), usize::try_from(size)) else {
        return Vec::new();
    };
    if page == 0 || size == 0 {
        return Vec::new();
    }
    let start = (page - 1).saturating_mul(size);
    items.iter().skip(start).take(size).cloned().collect()
}

/// The number of pages of `total` items.
pub(crate) fn page_count(total: usize, size: i32) -> i32 {
    match usize::try_from(size) {
        Ok(size) if size > 0 => i32::try_from(total.div_ceil(size)).unwrap_or(i32::MAX),
        _ => 0,
    }
}
