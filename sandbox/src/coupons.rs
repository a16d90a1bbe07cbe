//! Coupons (7.1–7.13): projects from the fixture, idempotent grants, and the instance life
//! cycle GRANTED → VALID → FROZEN / USED / EXPIRED.
//!
//! As the source documents for 7.3–7.13, a refusal that depends on the coupon's state comes
//! back as `success: false` with the reason in `msg` (`CODE NAME: why`); a coupon, project or
//! member that does not exist is an error envelope.

use serde_json::{Map, Value};
use shuyun_crm::models::{
    CouponExtensionRequest, CouponInstance, CouponInstancePage, CouponInstanceStatus, CouponOperationParams,
    CouponOperationRequest, CouponOperationResult, CouponPresetOrCustomField, CouponProject, CouponProjectListItem,
    CouponProjectListRequest, CouponProjectPage, GrantCouponParams, GrantCouponRequest, GrantCouponResult,
    GrantInstanceInfo,
};

use crate::config::Settings;
use crate::error::{ErrorKind, Result, SandboxError, param};
use crate::state::{CouponPhase, State, StoredCoupon, page};
use crate::time::{self, Millis};

/// The single-coupon operations of 7.4–7.8, 7.11 and 7.12.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CouponOp {
    WriteOff,
    Anticount,
    Freeze,
    Thaw,
    Use,
    Invalidate,
    MakeEffective,
}

fn refuse(kind: ErrorKind, message: impl Into<String>) -> SandboxError {
    SandboxError::new(kind, message)
}

fn parse_rfc3339(stamp: Option<&time::Stamp>) -> Option<Millis> {
    stamp.and_then(time::stamp_millis)
}

fn to_map<T: serde::Serialize>(value: &T) -> Map<String, Value> {
    match serde_json::to_value(value) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// Keys `presetOrCustomField` declares that the grant `params` do not: in the grant's open
/// map they could carry any value, so they are not carried over.
const NOT_FROM_GRANT: &[&str] = &[
    "employeeId",
    "counterId",
    "ticketNum",
    "recordId",
    "shopCode",
    "productCode",
];
/// Keys `presetOrCustomField` declares that the write-off `params` do not.
const NOT_FROM_WRITE_OFF: &[&str] = &[
    "campaignId",
    "selectShopCode",
    "orderId",
    "sharedBy",
    "sharedCouponCode",
];

fn preset_fields(
    base: Option<&CouponPresetOrCustomField>,
    extra: Map<String, Value>,
    skip: &[&str],
) -> CouponPresetOrCustomField {
    let mut map = base.map(to_map).unwrap_or_default();
    for (k, v) in extra {
        if !skip.contains(&k.as_str()) && !v.is_null() {
            map.insert(k, v);
        }
    }
    serde_json::from_value(Value::Object(map)).unwrap_or_default()
}

fn grant_params(params: Option<&GrantCouponParams>) -> CouponPresetOrCustomField {
    preset_fields(None, params.map(to_map).unwrap_or_default(), NOT_FROM_GRANT)
}

fn write_off_params(
    base: Option<&CouponPresetOrCustomField>,
    params: Option<&CouponOperationParams>,
) -> CouponPresetOrCustomField {
    preset_fields(base, params.map(to_map).unwrap_or_default(), NOT_FROM_WRITE_OFF)
}

/// A project's status (VALID or HAS_FINISHED, the values the spec knows): a VALID project
/// past its expireTime has finished.
fn project_status(project: &CouponProject, now: Millis) -> String {
    let expired = parse_rfc3339(project.expire_time.as_ref()).is_some_and(|e| e <= now);
    match project.status.as_deref() {
        Some(VALID) | None if expired => HAS_FINISHED.to_owned(),
        Some(status) => status.to_owned(),
        None => VALID.to_owned(),
    }
}

const VALID: &str = "VALID";
const HAS_FINISHED: &str = "HAS_FINISHED";

fn project_now(project: &CouponProject, now: Millis) -> CouponProject {
    CouponProject {
        status: Some(project_status(project, now)),
        ..project.clone()
    }
}

impl StoredCoupon {
    /// The instance status now.
    pub fn status(&self, now: Millis) -> CouponInstanceStatus {
        match self.phase {
            CouponPhase::Frozen => CouponInstanceStatus::Frozen,
            CouponPhase::Used => CouponInstanceStatus::Used,
            CouponPhase::Invalidated => CouponInstanceStatus::Expired,
            CouponPhase::Active if now >= self.expire_ms => CouponInstanceStatus::Expired,
            CouponPhase::Active if now < self.valid_ms => CouponInstanceStatus::Granted,
            CouponPhase::Active => CouponInstanceStatus::Valid,
        }
    }

    /// The instance as 7.9 / 7.10 answer it.
    pub fn instance(&self, now: Millis) -> CouponInstance {
        CouponInstance {
            status: Some(self.status(now)),
            grant_time: Some(time::stamp(self.grant_ms)),
            valid_time: Some(time::stamp(self.valid_ms)),
            expire_time: Some(time::stamp(self.expire_ms)),
            use_time: self.use_ms.map(time::stamp),
            ..self.instance.clone()
        }
    }

    /// Why an operation does not apply to the coupon in `status`.
    fn illegal(&self, status: &CouponInstanceStatus, what: &str) -> SandboxError {
        let code = &self.instance.coupon_code;
        refuse(
            ErrorKind::IllegalState,
            format!("coupon {code} is {}; {what}", status.as_str()),
        )
    }

    /// The coupon expired (its period ended).
    fn expired(&self) -> SandboxError {
        let code = &self.instance.coupon_code;
        refuse(
            ErrorKind::CouponExpired,
            format!("coupon {code} expired at {}", time::format(self.expire_ms)),
        )
    }

    /// Uses the coupon now, recording the write-off parameters.
    fn write_off(&mut self, params: Option<&CouponOperationParams>, now: Millis) {
        self.phase = CouponPhase::Used;
        self.use_ms = Some(now);
        self.instance.preset_or_custom_field =
            Some(write_off_params(self.instance.preset_or_custom_field.as_ref(), params));
    }

    /// One operation of the life cycle, or why it does not apply now.
    fn apply(&mut self, op: CouponOp, params: Option<&CouponOperationParams>, now: Millis) -> Result<()> {
        let status = self.status(now);
        let code = self.instance.coupon_code.clone();
        let illegal = |what: &str| self.illegal(&status, what);
        let expired_by_time = self.phase == CouponPhase::Active && status == CouponInstanceStatus::Expired;
        let expired = || self.expired();
        match op {
            CouponOp::Use => match status {
                CouponInstanceStatus::Valid => self.write_off(params, now),
                _ if expired_by_time => return Err(expired()),
                CouponInstanceStatus::Frozen => {
                    return Err(illegal(
                        "a frozen coupon is written off with /offer/coupon/writeoff, or thawed first",
                    ));
                }
                _ => return Err(illegal("only a VALID coupon can be used")),
            },
            CouponOp::WriteOff => match status {
                CouponInstanceStatus::Frozen if now >= self.expire_ms => return Err(expired()),
                CouponInstanceStatus::Frozen => self.write_off(params, now),
                _ => {
                    return Err(illegal(
                        "only a FROZEN coupon can be written off (freeze it with /offer/coupon/frozen)",
                    ));
                }
            },
            CouponOp::Anticount => match status {
                CouponInstanceStatus::Used => {
                    self.phase = CouponPhase::Active;
                    self.use_ms = None;
                }
                _ => return Err(illegal("only a USED coupon can be reversed")),
            },
            CouponOp::Freeze => match status {
                CouponInstanceStatus::Valid => self.phase = CouponPhase::Frozen,
                _ if expired_by_time => return Err(expired()),
                _ => return Err(illegal("only a VALID coupon can be frozen")),
            },
            CouponOp::Thaw => match status {
                CouponInstanceStatus::Frozen => self.phase = CouponPhase::Active,
                _ => return Err(illegal("only a FROZEN coupon can be thawed")),
            },
            CouponOp::Invalidate => match status {
                CouponInstanceStatus::Expired => {
                    return Err(refuse(
                        ErrorKind::AlreadyInvalid,
                        format!("coupon {code} is already invalid (EXPIRED); a coupon cannot be invalidated twice"),
                    ));
                }
                CouponInstanceStatus::Used => {
                    return Err(illegal("a used coupon cannot be invalidated"));
                }
                _ => self.phase = CouponPhase::Invalidated,
            },
            CouponOp::MakeEffective => match (self.phase, &status) {
                (CouponPhase::Active, CouponInstanceStatus::Granted) => self.valid_ms = now,
                (CouponPhase::Invalidated | CouponPhase::Active, _) if now >= self.expire_ms => {
                    return Err(expired());
                }
                (CouponPhase::Invalidated, _) => {
                    self.phase = CouponPhase::Active;
                    self.valid_ms = self.valid_ms.min(now);
                }
                _ => {
                    return Err(illegal("only a GRANTED or invalidated coupon can be made effective"));
                }
            },
        }
        Ok(())
    }
}

impl StoredCoupon {
    fn extend(&mut self, r: &CouponExtensionRequest, now: Millis) -> Result<()> {
        let code = &self.instance.coupon_code;
        if matches!(self.phase, CouponPhase::Used | CouponPhase::Invalidated) {
            return Err(refuse(
                ErrorKind::IllegalState,
                format!(
                    "coupon {code} is {}; only an unused, valid coupon can be extended",
                    self.status(now).as_str()
                ),
            ));
        }
        let new_expiry = match r.r#type {
            1 => {
                if r.value < 1 {
                    return Err(param(format!("value: {} is not a positive number of units", r.value)));
                }
                let value = i64::from(r.value);
                let months = |m: i64| u32::try_from(m).ok().and_then(|m| time::add_months(self.expire_ms, m));
                let moved = match r.unit.as_str() {
                    "DAY" => time::add_days(self.expire_ms, value),
                    "WEEK" => time::add_days(self.expire_ms, value.saturating_mul(7)),
                    "MONTH" => months(value),
                    "YEAR" => months(value.saturating_mul(12)),
                    other => {
                        return Err(param(format!("unit: `{other}` is not DAY, WEEK, MONTH or YEAR")));
                    }
                };
                moved.ok_or_else(|| param("the extended expireTime would be past 9999-12-31"))?
            }
            2 => time::parse_local("time", &r.time)?,
            other => {
                return Err(param(format!("type: {other} is not 1 (relative) or 2 (absolute)")));
            }
        };
        if new_expiry <= self.expire_ms {
            return Err(refuse(
                ErrorKind::IllegalState,
                format!(
                    "the new expireTime {} is not later than the current {}",
                    time::format(new_expiry),
                    time::format(self.expire_ms)
                ),
            ));
        }
        self.expire_ms = new_expiry;
        Ok(())
    }
}

fn outcome(result: Result<()>) -> CouponOperationResult {
    match result {
        Ok(()) => CouponOperationResult {
            msg: Some(String::new()),
            success: true,
        },
        Err(e) => CouponOperationResult {
            msg: Some(e.to_string()),
            success: false,
        },
    }
}

impl State {
    fn coupon_mut(&mut self, member_type: &str, code: &str) -> Result<&mut StoredCoupon> {
        self.coupons
            .get_mut(code)
            .filter(|c| c.member_type == member_type)
            .ok_or_else(|| {
                refuse(
                    ErrorKind::CouponNotFound,
                    format!("no coupon {code} of memberType {member_type}"),
                )
            })
    }

    /// 7.1: filtered by status, name (contained), projectIds and updateTime (at or after).
    pub fn list_projects(&self, r: &CouponProjectListRequest, now: Millis) -> Result<CouponProjectPage> {
        let updated_after = time::parse_local_opt("updateTime", r.update_time.as_ref())?;
        let items: Vec<CouponProjectListItem> = self
            .projects
            .values()
            .map(|p| project_now(&p.project, now))
            .filter(|p| {
                r.status
                    .as_ref()
                    .is_none_or(|s| p.status.as_deref() == Some(s.as_str()))
            })
            .filter(|p| {
                r.name
                    .as_ref()
                    .is_none_or(|n| p.name.as_ref().is_some_and(|pn| pn.contains(n.as_str())))
            })
            .filter(|p| {
                r.project_ids
                    .as_ref()
                    .is_none_or(|ids| p.project_id.as_ref().is_some_and(|id| ids.contains(id)))
            })
            .filter(|p| {
                updated_after.is_none_or(|after| parse_rfc3339(p.update_time.as_ref()).is_some_and(|u| u >= after))
            })
            .filter_map(|p| serde_json::from_value(Value::Object(to_map(&p))).ok())
            .collect();
        Ok(CouponProjectPage {
            current_page: Some(r.current_page),
            data: Some(page(&items, r.current_page, r.page_size)),
            page_size: Some(r.page_size),
        })
    }

    /// 7.2.
    pub fn project(&self, project_id: &str, now: Millis) -> Result<CouponProject> {
        self.projects
            .get(project_id)
            .map(|p| project_now(&p.project, now))
            .ok_or_else(|| refuse(ErrorKind::ProjectNotFound, format!("no coupon project {project_id}")))
    }

    /// 7.3: one coupon of the project for the member. Its period is the project's absolute
    /// one (`validyType` absolutely), or starts now for `configuredUsableDays` days (relative,
    /// or when the project sets no period). `totalCount` caps the coupons granted.
    pub fn grant_coupon(
        &mut self,
        r: &GrantCouponRequest,
        settings: &Settings,
        now: Millis,
    ) -> Result<GrantCouponResult> {
        let member_id = self.find_member_id(&r.member_type, Some(&r.member_id), None, None)?;
        let stored = self.projects.get(&r.project_id).ok_or_else(|| {
            refuse(
                ErrorKind::ProjectNotFound,
                format!("no coupon project {}", r.project_id),
            )
        })?;
        let project = &stored.project;
        let fail = |message: String| GrantCouponResult {
            msg: Some(refuse(ErrorKind::ProjectUnavailable, message).to_string()),
            success: false,
            instance_ids: None,
            instance_infos: Some(Vec::new()),
        };
        if project_status(project, now) != VALID {
            return Ok(fail(format!("coupon project {} has finished", r.project_id)));
        }
        let total = project
            .total_count
            .as_deref()
            .and_then(|t| t.trim().parse::<u64>().ok());
        if total.is_some_and(|t| stored.granted >= t) {
            return Ok(fail(format!(
                "coupon project {} is out of stock ({} granted)",
                r.project_id, stored.granted
            )));
        }
        let (valid_ms, expire_ms) = grant_period(project, settings, now);
        self.coupon_seq += 1;
        let code = (96_800_080 + self.coupon_seq).to_string();
        self.seq += 1;
        let instance_id = self.seq.to_string();
        let coupon = StoredCoupon {
            instance: CouponInstance {
                project_name: project.name.clone(),
                project_type: project.r#type.as_ref().map(|t| t.as_str().to_owned()),
                rule_text: project.rule_text.clone(),
                effect_text: project.effect_text.clone(),
                selector_rule: project.selector_rule.clone(),
                customized_properties: project.customized_properties.clone(),
                instance_id: Some(instance_id.clone()),
                preset_or_custom_field: Some(grant_params(r.params.as_ref())),
                ..CouponInstance::new(code.clone(), member_id, r.project_id.clone())
            },
            member_type: r.member_type.clone(),
            phase: CouponPhase::Active,
            grant_ms: now,
            valid_ms,
            expire_ms,
            use_ms: None,
        };
        let status = coupon.status(now);
        self.coupons.insert(code.clone(), coupon);
        if let Some(stored) = self.projects.get_mut(&r.project_id) {
            stored.granted += 1;
        }
        Ok(GrantCouponResult {
            msg: Some(String::new()),
            success: true,
            instance_ids: Some(instance_id.clone()),
            instance_infos: Some(vec![GrantInstanceInfo {
                instance_id: Some(instance_id),
                coupon_code: Some(code),
                project_id: Some(r.project_id.clone()),
                status: Some(status.as_str().to_owned()),
                grant_time: Some(time::stamp(now)),
            }]),
        })
    }

    /// 7.4–7.8, 7.11, 7.12.
    pub fn coupon_operation(
        &mut self,
        op: CouponOp,
        r: &CouponOperationRequest,
        now: Millis,
    ) -> Result<CouponOperationResult> {
        let coupon = self.coupon_mut(&r.member_type, &r.coupon_code)?;
        Ok(outcome(coupon.apply(op, r.params.as_ref(), now)))
    }

    /// 7.13: type 1 moves expireTime later by `value` × `unit`; type 2 sets it to `time`,
    /// which must be later than the current one. A used or invalidated coupon cannot be
    /// extended; an expired one that is extended past now is VALID again. Like the other
    /// coupon operations, a refusal is `success: false` with the reason in `msg`.
    pub fn extend_coupon(
        &mut self,
        member_type: &str,
        code: &str,
        r: &CouponExtensionRequest,
        now: Millis,
    ) -> Result<CouponOperationResult> {
        let coupon = self.coupon_mut(member_type, code)?;
        Ok(outcome(coupon.extend(r, now)))
    }

    /// 7.9: the member's coupons, newest first, optionally of one status.
    pub fn list_coupons(
        &self,
        member_type: &str,
        member_id: &str,
        status: Option<&str>,
        current_page: i32,
        page_size: i32,
        now: Millis,
    ) -> Result<CouponInstancePage> {
        let member_id = self.find_member_id(member_type, Some(member_id), None, None)?;
        let mut coupons: Vec<&StoredCoupon> = self
            .coupons
            .values()
            .filter(|c| c.instance.member_id == member_id && c.member_type == member_type)
            .filter(|c| status.is_none_or(|s| c.status(now).as_str() == s))
            .collect();
        coupons.sort_by(|a, b| {
            b.grant_ms
                .cmp(&a.grant_ms)
                .then_with(|| b.instance.coupon_code.cmp(&a.instance.coupon_code))
        });
        let all: Vec<CouponInstance> = coupons.into_iter().map(|c| c.instance(now)).collect();
        Ok(CouponInstancePage {
            current_page: Some(current_page),
            data: Some(page(&all, current_page, page_size)),
            page_size: Some(page_size),
        })
    }

    /// 7.10.
    pub fn coupon_detail(&self, member_type: &str, code: &str, now: Millis) -> Result<CouponInstance> {
        self.coupons
            .get(code)
            .filter(|c| c.member_type == member_type)
            .map(|c| c.instance(now))
            .ok_or_else(|| {
                refuse(
                    ErrorKind::CouponNotFound,
                    format!("no coupon {code} of memberType {member_type}"),
                )
            })
    }
}

/// The period of a coupon granted now: the project's absolute one, or `configuredUsableDays` days from now (relative,
/// or when the project sets no period).
fn grant_period(project: &CouponProject, settings: &Settings, now: Millis) -> (Millis, Millis) {
    let props = project.customized_properties.as_ref();
    let relative = props
        .and_then(|p| p.validy_type.as_ref())
        .map(std::string::String::as_str)
        == Some("relative");
    let days = props
        .and_then(|p| p.configured_usable_days.as_deref())
        .and_then(|d| d.trim().parse::<i64>().ok())
        .filter(|d| *d > 0)
        .unwrap_or(settings.coupon_valid_days);
    let absolute = (
        parse_rfc3339(project.valid_time.as_ref()),
        parse_rfc3339(project.expire_time.as_ref()),
    );
    match absolute {
        (Some(valid), Some(expire)) if !relative => (valid, expire),
        _ => (now, time::add_days(now, days).unwrap_or(now)),
    }
}
