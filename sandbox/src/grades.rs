//! Grades (3.4, 3.6, 3.17, 4.1, 4.2): computed from cumulative consumption against the
//! configured tiers, with a record for every change.

use shuyun_crm::models::{
    GradeInfo, GradeInfoId, GradeRecord, GradeRecordChangeType, GradeRecordGradeId, GradeRecordOriginalGradeId,
    NextGradeAmount, NextGradeAmountNextGradeId,
};

use rust_decimal::{Decimal, RoundingStrategy};

use crate::config::{GradeAccount, Settings};
use crate::error::{ErrorKind, Result, SandboxError};
use crate::state::{GradeState, Member, State, StoredGradeRecord};
use crate::time::{self, Millis};

/// The highest tier whose threshold the consumption reaches.
fn tier_for(account: &GradeAccount, consumption: Decimal) -> usize {
    account
        .tiers
        .iter()
        .rposition(|t| consumption >= t.threshold)
        .unwrap_or(0)
}

/// Grades are shown valid for a year from the change (the sandbox never lets them lapse).
fn grade_expiry(since: Millis) -> Millis {
    time::add_months(since, 12).unwrap_or(since)
}

/// An amount as `Money` carries it: two places, rounded half-up (`x-decimal`).
fn money(amount: Decimal) -> shuyun_crm::models::Money {
    amount
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
        .into()
}

/// The member's tier in an account and since when.
fn current(member: &Member, account: &GradeAccount) -> (usize, Millis) {
    match member.grades.get(&account.account_type) {
        Some(state) => (state.tier.min(account.tiers.len().saturating_sub(1)), state.since_ms),
        None => (tier_for(account, member.consumption), member.register_ms),
    }
}

pub(crate) fn account_of<'s>(settings: &'s Settings, account_type: &str) -> Result<&'s GradeAccount> {
    settings.grade_account(account_type).map(|(_, a)| a).ok_or_else(|| {
        SandboxError::new(
            ErrorKind::AccountTypeNotFound,
            format!("no grade account of type {account_type}"),
        )
    })
}

/// The member grade account (the first configured).
pub(crate) fn member_grade(settings: &Settings) -> Result<&GradeAccount> {
    settings
        .grades
        .first()
        .ok_or_else(|| SandboxError::new(ErrorKind::AccountTypeNotFound, "no grade account is configured"))
}

impl State {
    /// Recomputes every grade account of a member after its consumption changed from
    /// `previous`, recording each upgrade and downgrade.
    pub fn regrade(
        &mut self,
        member_id: &str,
        previous: Decimal,
        settings: &Settings,
        channel: Option<&str>,
        now: Millis,
    ) {
        let State { members, seq, .. } = self;
        let Some(member) = members.get_mut(member_id) else {
            return;
        };
        for account in &settings.grades {
            let (old, since) = match member.grades.get(&account.account_type) {
                Some(state) => (state.tier.min(account.tiers.len().saturating_sub(1)), state.since_ms),
                None => (tier_for(account, previous), member.register_ms),
            };
            let new = tier_for(account, member.consumption);
            let state = member
                .grades
                .entry(account.account_type.clone())
                .or_insert_with(|| GradeState {
                    tier: old,
                    since_ms: since,
                    records: Vec::new(),
                });
            if new == old {
                continue;
            }
            *seq += 1;
            let (from, to) = (&account.tiers[old], &account.tiers[new]);
            state.records.push(StoredGradeRecord {
                at_ms: now,
                seq: *seq,
                channel: channel.map(str::to_owned),
                record: GradeRecord {
                    change_time: Some(time::stamp(now)),
                    change_type: Some(if new > old {
                        GradeRecordChangeType::Upgrade
                    } else {
                        GradeRecordChangeType::Degrade
                    }),
                    effective_time: Some(time::stamp(now)),
                    expired_time: Some(time::stamp(grade_expiry(now))),
                    grade_id: Some(GradeRecordGradeId::Integer(to.id)),
                    grade_name: Some(to.name.clone()),
                    member_id: Some(member_id.to_owned()),
                    origin_effective_time: Some(time::stamp(since)),
                    origin_expired_time: Some(time::stamp(grade_expiry(since))),
                    original_grade_id: Some(GradeRecordOriginalGradeId::Integer(from.id)),
                    original_grade_name: Some(from.name.clone()),
                },
            });
            state.tier = new;
            state.since_ms = now;
        }
    }

    /// 3.4 / 4.1.
    pub fn grade_info(&self, member: &Member, account: &GradeAccount) -> GradeInfo {
        let (tier, since) = current(member, account);
        let tier = &account.tiers[tier];
        GradeInfo {
            effective_time: Some(time::stamp(since)),
            expired_time: Some(time::stamp(grade_expiry(since))),
            id: Some(GradeInfoId::Integer(tier.id)),
            name: Some(tier.name.clone()),
        }
    }

    /// 3.6 / 4.2: newest first, filtered by the channel of the change and its time.
    #[allow(clippy::too_many_arguments)]
    pub fn grade_records(
        &self,
        member: &Member,
        account: &GradeAccount,
        channel: Option<&str>,
        start: Option<&time::Local>,
        end: Option<&time::Local>,
        page: i32,
        page_size: i32,
    ) -> Result<Vec<GradeRecord>> {
        let start = time::parse_local_opt("startTime", start)?;
        let end = time::parse_local_opt("endTime", end)?;
        let mut records: Vec<&StoredGradeRecord> = member
            .grades
            .get(&account.account_type)
            .map(|g| g.records.iter().collect())
            .unwrap_or_default();
        records.retain(|r| {
            channel.is_none_or(|c| r.channel.as_deref() == Some(c))
                && start.is_none_or(|s| r.at_ms >= s)
                && end.is_none_or(|e| r.at_ms <= e)
        });
        records.sort_by_key(|r| std::cmp::Reverse((r.at_ms, r.seq)));
        let records: Vec<GradeRecord> = records.into_iter().map(|r| r.record.clone()).collect();
        Ok(crate::state::page(&records, page, page_size))
    }

    /// 3.17: what the member has consumed and what the next tier of the member grade needs.
    pub fn next_grade_amount(&self, member: &Member, settings: &Settings) -> NextGradeAmount {
        let Some(account) = settings.grades.first() else {
            return NextGradeAmount::default();
        };
        let (tier, _) = current(member, account);
        let now = &account.tiers[tier];
        let next = account.tiers.get(tier + 1);
        NextGradeAmount {
            current_grade_id: Some(now.id),
            current_grade_name: Some(now.name.clone()),
            member_id: Some(member.id.clone()),
            consume_amount: Some(money(member.consumption)),
            need_amount: Some(money(
                next.map_or(Decimal::ZERO, |n| (n.threshold - member.consumption).max(Decimal::ZERO)),
            )),
            next_grade_id: next.map(|n| NextGradeAmountNextGradeId::Integer(n.id)),
            next_grade_name: next.map(|n| n.name.clone()),
            next_grade_need_amount: next.map(|n| money(n.threshold)),
            updated_time: Some(time::stamp(member.consumption_ms)),
        }
    }
}
