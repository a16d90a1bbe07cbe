//! Points (3.3, 3.5, 3.7–3.10, 3.19) and past points (5.1–5.3): accounts of lots, change
//! records, and freezes tied to their X-Business-Token.

use shuyun_crm::models::{FreezePointRequest, FrozenPointRequest, PointChangeType, PointRecord};

use crate::error::{ErrorKind, Result, SandboxError, param};
use crate::state::{Freeze, FreezePhase, Lot, PointAccount, State, StoredRecord};
use crate::time::{self, Millis};

/// A change of 3.7 or 5.3, whichever account it goes to.
pub(crate) struct PointChange {
    pub account: String,
    pub member_type: String,
    pub member_id: String,
    pub change_type: String,
    pub point: i64,
    pub effect_time: Option<time::Local>,
    pub expired_time: Option<time::Local>,
    pub description: String,
    pub channel_type: String,
    pub kzzd1: Option<String>,
    pub kzzd2: Option<String>,
    pub kzzd3: Option<String>,
}

/// What a record carries besides its amounts.
struct RecordNote<'a> {
    change_type: PointChangeType,
    description: Option<String>,
    channel: Option<String>,
    trace_id: Option<&'a str>,
    kzzd: [Option<String>; 3],
    effective_ms: Option<Millis>,
    expires_ms: Option<Millis>,
}

impl<'a> RecordNote<'a> {
    fn new(change_type: PointChangeType) -> Self {
        Self {
            change_type,
            description: None,
            channel: None,
            trace_id: None,
            kzzd: [None, None, None],
            effective_ms: None,
            expires_ms: None,
        }
    }
}

fn usable(lot: &Lot, now: Millis) -> bool {
    lot.effective_ms <= now && lot.expires_ms.is_none_or(|e| e > now)
}

impl PointAccount {
    /// The points usable now (frozen points are not in the account).
    pub fn available(&self, now: Millis) -> i64 {
        self.lots
            .iter()
            .filter(|l| usable(l, now))
            .fold(0i64, |sum, l| sum.saturating_add(l.amount))
    }

    /// Every point the account holds, usable or still to take effect.
    fn held(&self) -> i64 {
        self.lots.iter().fold(0i64, |sum, l| sum.saturating_add(l.amount))
    }

    /// Points expiring from now to the end of this month (GMT+8).
    pub fn expiring_this_month(&self, now: Millis) -> i64 {
        let end = time::next_month_start(now);
        self.lots
            .iter()
            .filter(|l| l.expires_ms.is_some_and(|e| e > now && e < end))
            .fold(0i64, |sum, l| sum.saturating_add(l.amount))
    }

    fn record(&mut self, seq: &mut u64, member_id: &str, at: Millis, point: i64, note: RecordNote<'_>, now: Millis) {
        *seq += 1;
        let total = self.available(now);
        let [k1, k2, k3] = note.kzzd;
        self.records.push(StoredRecord {
            at_ms: at,
            seq: *seq,
            record: PointRecord {
                change_mode: Some("INTERFACE".to_owned()),
                change_time: Some(time::stamp(at)),
                change_type: Some(note.change_type.as_str().to_owned()),
                channel: note.channel,
                description: note.description,
                effective_time: note.effective_ms.map(time::stamp),
                expired_time: note.expires_ms.map(time::stamp),
                id: Some(seq.to_string()),
                member_id: Some(member_id.to_owned()),
                point: Some(point),
                total_point: Some(total.to_string()),
                trace_id: note.trace_id.map(str::to_owned),
                kzzd1: k1,
                kzzd2: k2,
                kzzd3: k3,
            },
        });
    }

    /// Adds points to the account, merged into a lot of the same validity when there is one
    /// (so an account that only ever receives points without an expiry holds one lot).
    fn add_lot(&mut self, lot: Lot, now: Millis) {
        let effective = lot.effective_ms <= now;
        match self
            .lots
            .iter_mut()
            .find(|l| l.expires_ms == lot.expires_ms && effective && l.effective_ms <= now)
        {
            Some(same) => {
                same.amount = same.amount.saturating_add(lot.amount);
                same.effective_ms = same.effective_ms.min(lot.effective_ms);
            }
            None => self.lots.push(lot),
        }
    }

    /// Expires the lots whose time has come, with an EXPIRE record each.
    pub fn sweep(&mut self, seq: &mut u64, member_id: &str, now: Millis) {
        if !self.lots.iter().any(|l| l.expires_ms.is_some_and(|e| e <= now)) {
            return;
        }
        let (expired, kept): (Vec<Lot>, Vec<Lot>) = std::mem::take(&mut self.lots)
            .into_iter()
            .partition(|l| l.expires_ms.is_some_and(|e| e <= now));
        self.lots = kept;
        for lot in expired {
            let at = lot.expires_ms.unwrap_or(now);
            let mut note = RecordNote::new(PointChangeType::Expire);
            note.description = Some("积分过期".to_owned());
            note.effective_ms = Some(lot.effective_ms);
            note.expires_ms = lot.expires_ms;
            self.record(seq, member_id, at, lot.amount, note, now);
        }
    }

    /// Takes `point` usable points, those expiring first first.
    fn take(&mut self, point: i64, now: Millis) -> Result<Vec<Lot>> {
        let available = self.available(now);
        if available < point {
            return Err(SandboxError::new(
                ErrorKind::InsufficientPoints,
                format!("{point} points needed, {available} available"),
            ));
        }
        let mut order: Vec<usize> = (0..self.lots.len()).filter(|i| usable(&self.lots[*i], now)).collect();
        order.sort_by_key(|i| (self.lots[*i].expires_ms.unwrap_or(i64::MAX), self.lots[*i].effective_ms));
        let mut remaining = point;
        let mut taken = Vec::new();
        for i in order {
            if remaining == 0 {
                break;
            }
            let lot = &mut self.lots[i];
            let part = lot.amount.min(remaining);
            lot.amount -= part;
            remaining -= part;
            taken.push(Lot {
                amount: part,
                ..lot.clone()
            });
        }
        self.lots.retain(|l| l.amount > 0);
        Ok(taken)
    }
}

fn positive(point: i64) -> Result<()> {
    if point <= 0 {
        return Err(param(format!(
            "point: {point} is not a positive number of points (the direction is changeType's)"
        )));
    }
    Ok(())
}

impl State {
    /// The account of a member, opened on first use, with its expired lots swept.
    fn account(&mut self, member_id: &str, account: &str, now: Millis) -> Result<(&mut PointAccount, &mut u64)> {
        let State { members, seq, .. } = self;
        let member = members
            .get_mut(member_id)
            .ok_or_else(|| SandboxError::new(ErrorKind::MemberNotFound, format!("no member {member_id}")))?;
        let account = member.accounts.entry(account.to_owned()).or_default();
        account.sweep(seq, member_id, now);
        Ok((account, seq))
    }

    /// 3.7 / 5.3: SEND adds a lot (DELAY_SEND when it takes effect later), DEDUCT takes
    /// usable points, never below zero.
    pub fn change_points(&mut self, c: PointChange, token: &str, now: Millis) -> Result<()> {
        positive(c.point)?;
        let effective = time::parse_local_opt("effectTime", c.effect_time.as_ref())?;
        let expires = time::parse_local_opt("expiredTime", c.expired_time.as_ref())?;
        let id = self.find_member_id(&c.member_type, Some(&c.member_id), None, None)?;
        let (account, seq) = self.account(&id, &c.account, now)?;
        let mut note = RecordNote::new(PointChangeType::Send);
        note.description = Some(c.description);
        note.channel = Some(c.channel_type);
        note.trace_id = Some(token);
        note.kzzd = [c.kzzd1, c.kzzd2, c.kzzd3];
        match c.change_type.as_str() {
            "SEND" => {
                account.held().checked_add(c.point).ok_or_else(|| {
                    SandboxError::new(ErrorKind::PointsOverflow, "the account cannot hold that many points")
                })?;
                let effective_ms = effective.unwrap_or(now).max(now);
                account.add_lot(
                    Lot {
                        amount: c.point,
                        effective_ms,
                        expires_ms: expires,
                    },
                    now,
                );
                if effective_ms > now {
                    note.change_type = PointChangeType::DelaySend;
                }
                note.effective_ms = Some(effective_ms);
                note.expires_ms = expires;
                account.record(seq, &id, now, c.point, note, now);
                // Points that are already past their expiry go at once, as in the CRM.
                account.sweep(seq, &id, now);
            }
            "DEDUCT" => {
                account.take(c.point, now)?;
                note.change_type = PointChangeType::Deduct;
                account.record(seq, &id, now, c.point, note, now);
            }
            other => {
                return Err(param(format!("changeType: `{other}` is not SEND or DEDUCT")));
            }
        }
        Ok(())
    }

    /// 3.8: freezes `point` usable points under the token.
    pub fn freeze_points(&mut self, r: FreezePointRequest, account: &str, token: &str, now: Millis) -> Result<()> {
        positive(r.point)?;
        let id = self.find_member_id(&r.member_type, Some(&r.member_id), None, None)?;
        if self.freezes.contains_key(token) {
            return Err(SandboxError::new(
                ErrorKind::TokenMismatch,
                format!("points were already frozen under X-Business-Token `{token}` by a different request"),
            ));
        }
        let (points, seq) = self.account(&id, account, now)?;
        let lots = points.take(r.point, now)?;
        let mut note = RecordNote::new(PointChangeType::Freeze);
        note.description = Some(r.description);
        note.channel = Some(r.channel_type);
        note.trace_id = Some(token);
        points.record(seq, &id, now, r.point, note, now);
        self.freezes.insert(
            token.to_owned(),
            Freeze {
                member_id: id,
                member_type: r.member_type,
                account: account.to_owned(),
                point: r.point,
                lots,
                phase: FreezePhase::Frozen,
                at_ms: now,
            },
        );
        Ok(())
    }

    /// 3.9 (`consume` false) gives the points frozen under the token back; 3.10 (`consume`
    /// true) deducts them for good. Either ends the freeze.
    pub fn release_points(&mut self, r: FrozenPointRequest, token: &str, consume: bool, now: Millis) -> Result<()> {
        let id = self.find_member_id(&r.member_type, Some(&r.member_id), None, None)?;
        let freeze = self.freezes.get(token).ok_or_else(|| {
            SandboxError::new(
                ErrorKind::FreezeNotFound,
                format!("no points were frozen under X-Business-Token `{token}`"),
            )
        })?;
        if freeze.member_id != id || freeze.member_type != r.member_type {
            return Err(SandboxError::new(
                ErrorKind::TokenMismatch,
                format!("the points frozen under X-Business-Token `{token}` belong to another member"),
            ));
        }
        match freeze.phase {
            FreezePhase::Frozen => {}
            FreezePhase::Unfrozen => {
                return Err(SandboxError::new(
                    ErrorKind::IllegalState,
                    format!("the points frozen under X-Business-Token `{token}` were already unfrozen"),
                ));
            }
            FreezePhase::Consumed => {
                return Err(SandboxError::new(
                    ErrorKind::IllegalState,
                    format!("the points frozen under X-Business-Token `{token}` were already consumed"),
                ));
            }
        }
        let (account_type, point, lots) = (freeze.account.clone(), freeze.point, freeze.lots.clone());
        let (account, seq) = self.account(&id, &account_type, now)?;
        let mut note = RecordNote::new(if consume {
            PointChangeType::Deduct
        } else {
            PointChangeType::Unfreeze
        });
        note.description = Some(r.description);
        note.channel = Some(r.channel_type);
        note.trace_id = Some(token);
        if !consume {
            for lot in lots {
                account.add_lot(lot, now);
            }
        }
        account.record(seq, &id, now, point, note, now);
        if !consume {
            account.sweep(seq, &id, now);
        }
        if let Some(freeze) = self.freezes.get_mut(token) {
            freeze.phase = if consume {
                FreezePhase::Consumed
            } else {
                FreezePhase::Unfrozen
            };
        }
        Ok(())
    }

    /// The usable balance of an account (3.3, 5.1).
    pub fn balance(&mut self, member_id: &str, account: &str, now: Millis) -> Result<i64> {
        let (account, _) = self.account(member_id, account, now)?;
        Ok(account.available(now))
    }

    /// 3.19.
    pub fn expiring_points(&mut self, member_id: &str, account: &str, now: Millis) -> Result<i64> {
        let (account, _) = self.account(member_id, account, now)?;
        Ok(account.expiring_this_month(now))
    }

    /// 3.5 / 5.2: newest first, filtered by channel, record type and change time (both
    /// bounds inclusive).
    #[allow(clippy::too_many_arguments)]
    pub fn point_records(
        &mut self,
        member_id: &str,
        account: &str,
        channel: Option<&str>,
        record_type: Option<&str>,
        start: Option<&time::Local>,
        end: Option<&time::Local>,
        page: i32,
        page_size: i32,
        now: Millis,
    ) -> Result<Vec<PointRecord>> {
        let start = time::parse_local_opt("startTime", start)?;
        let end = time::parse_local_opt("endTime", end)?;
        let (account, _) = self.account(member_id, account, now)?;
        let mut records: Vec<&StoredRecord> = account
            .records
            .iter()
            .filter(|r| channel.is_none_or(|c| r.record.channel.as_deref() == Some(c)))
            .filter(|r| record_type.is_none_or(|t| r.record.change_type.as_deref() == Some(t)))
            .filter(|r| start.is_none_or(|s| r.at_ms >= s) && end.is_none_or(|e| r.at_ms <= e))
            .collect();
        records.sort_by_key(|r| std::cmp::Reverse((r.at_ms, r.seq)));
        let records: Vec<PointRecord> = records.into_iter().map(|r| r.record.clone()).collect();
        Ok(crate::state::page(&records, page, page_size))
    }
}
