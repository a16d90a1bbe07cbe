//! The generated API traits, implemented over the state. Every request is checked against
//! the spec first (as the generated server does before calling), so in-process callers meet
//! the same rules as HTTP ones.

use shuyun_crm::api::{
    AccountGradesApi, CallError, CouponsApi, MembersApi, OrdersApi, PastPointsApi, WechatMembersApi,
    call_account_grades_api, call_coupons_api, call_members_api, call_orders_api, call_past_points_api,
    call_wechat_members_api,
};
use shuyun_crm::models::{ExpiringPoint, PointBalance};
use shuyun_crm::requests as rq;
use shuyun_crm::responses as rs;
use shuyun_crm::support::Validate;

use crate::Sandbox;
use crate::auth::Caller;
use crate::coupons::CouponOp;
use crate::error::{Result, SandboxError, param};
use crate::grades::{account_of, member_grade};
use crate::members::Registration;
use crate::points::PointChange;
use crate::state::{Outcome, State, fingerprint};

fn check(request: &impl Validate) -> Result<()> {
    request.validate().map_err(|v| param(v.to_string()))
}

fn body_fingerprint(operation: &str, body: &impl serde::Serialize) -> u64 {
    fingerprint(&[operation.as_bytes(), &serde_json::to_vec(body).unwrap_or_default()])
}

/// Runs `apply` once per (operation, token, caller): a replay of the same request answers the first
/// result without applying it again; a different request under the same token is refused.
/// Only successes are remembered (a refusal changed nothing, so a retry may succeed).
fn idempotent(
    state: &mut State,
    operation: &str,
    token: &str,
    fingerprint: u64,
    apply: impl FnOnce(&mut State) -> Result<Outcome>,
) -> Result<Outcome> {
    let caller = Caller::current();
    let caller = caller.as_ref().map(|c| c.client_id.as_str());
    if let Some(outcome) = state.replay(caller, operation, token, fingerprint)? {
        return Ok(outcome.clone());
    }
    let outcome = apply(state)?;
    state.remember(caller, operation, token, fingerprint, outcome.clone());
    Ok(outcome)
}

impl MembersApi for Sandbox {
    type Error = SandboxError;

    async fn register_member(&self, request: rq::RegisterMember) -> Result<rs::RegisterMemberResponse> {
        check(&request)?;
        let (result, outcome) = self.write(|st, _, now| st.register_member(request.body, now))?;
        Ok(match outcome {
            Registration::New => rs::RegisterMemberResponse::Created(result),
            Registration::Binding | Registration::Registered => rs::RegisterMemberResponse::Ok(result),
        })
    }

    async fn query_member(&self, r: rq::QueryMember) -> Result<rs::QueryMemberResponse> {
        check(&r)?;
        self.read(|st, _, now| {
            let member = st.find_member(
                &r.member_type,
                r.member_id.as_deref(),
                r.mobile.as_deref(),
                r.card_no.as_deref(),
            )?;
            Ok(rs::QueryMemberResponse::Ok(st.member_info(member, now)))
        })
    }

    async fn get_member_points(&self, r: rq::GetMemberPoints) -> Result<rs::GetMemberPointsResponse> {
        check(&r)?;
        self.read(|st, settings, now| {
            let id = st.find_member_id(&r.member_type, r.member_id.as_deref(), r.mobile.as_deref(), None)?;
            let point = st.balance(&id, &settings.point_account, now)?;
            Ok(rs::GetMemberPointsResponse::Ok(PointBalance { point: Some(point) }))
        })
    }

    async fn get_member_grade(&self, r: rq::GetMemberGrade) -> Result<rs::GetMemberGradeResponse> {
        check(&r)?;
        self.read(|st, settings, _| {
            let member = st.find_member(&r.member_type, r.member_id.as_deref(), r.mobile.as_deref(), None)?;
            let account = member_grade(settings)?;
            Ok(rs::GetMemberGradeResponse::Ok(st.grade_info(member, account)))
        })
    }

    async fn list_point_records(&self, r: rq::ListPointRecords) -> Result<rs::ListPointRecordsResponse> {
        check(&r)?;
        self.read(|st, settings, now| {
            let id = st.find_member_id(&r.member_type, r.member_id.as_deref(), r.mobile.as_deref(), None)?;
            let records = st.point_records(
                &id,
                &settings.point_account,
                r.channel_type.as_deref(),
                r.record_type.as_ref().map(shuyun_crm::models::PointChangeType::as_str),
                r.start_time.as_ref(),
                r.end_time.as_ref(),
                r.page,
                r.page_size,
                now,
            )?;
            Ok(rs::ListPointRecordsResponse::Ok(records))
        })
    }

    async fn list_grade_records(&self, r: rq::ListGradeRecords) -> Result<rs::ListGradeRecordsResponse> {
        check(&r)?;
        self.read(|st, settings, _| {
            let member = st.find_member(&r.member_type, r.member_id.as_deref(), r.mobile.as_deref(), None)?;
            let account = member_grade(settings)?;
            let records = st.grade_records(
                member,
                account,
                r.channel_type.as_deref(),
                r.start_time.as_ref(),
                r.end_time.as_ref(),
                r.page,
                r.page_size,
            )?;
            Ok(rs::ListGradeRecordsResponse::Ok(records))
        })
    }

    async fn change_points(&self, r: rq::ChangePoints) -> Result<rs::ChangePointsResponse> {
        check(&r)?;
        let fp = body_fingerprint("changePoints", &r.body);
        self.write(|st, settings, now| {
            idempotent(st, "changePoints", &r.x_business_token, fp, |st| {
                let b = r.body;
                let change = PointChange {
                    account: settings.point_account.clone(),
                    member_type: b.member_type,
                    member_id: b.member_id,
                    change_type: b.change_type.as_str().to_owned(),
                    point: b.point,
                    effect_time: b.effect_time,
                    expired_time: b.expired_time,
                    description: b.description,
                    channel_type: b.channel_type,
                    kzzd1: b.kzzd1,
                    kzzd2: b.kzzd2,
                    kzzd3: Some(b.kzzd3),
                };
                st.change_points(change, &r.x_business_token, now)
                    .map(|()| Outcome::Applied)
            })
        })?;
        Ok(rs::ChangePointsResponse::NoContent)
    }

    async fn freeze_points(&self, r: rq::FreezePoints) -> Result<rs::FreezePointsResponse> {
        check(&r)?;
        let fp = body_fingerprint("freezePoints", &r.body);
        self.write(|st, settings, now| {
            idempotent(st, "freezePoints", &r.x_business_token, fp, |st| {
                st.freeze_points(r.body, &settings.point_account, &r.x_business_token, now)
                    .map(|()| Outcome::Applied)
            })
        })?;
        Ok(rs::FreezePointsResponse::NoContent)
    }

    async fn unfreeze_points(&self, r: rq::UnfreezePoints) -> Result<rs::UnfreezePointsResponse> {
        check(&r)?;
        let fp = body_fingerprint("unfreezePoints", &r.body);
        self.write(|st, _, now| {
            idempotent(st, "unfreezePoints", &r.x_business_token, fp, |st| {
                st.release_points(r.body, &r.x_business_token, false, now)
                    .map(|()| Outcome::Applied)
            })
        })?;
        Ok(rs::UnfreezePointsResponse::NoContent)
    }

    async fn consume_frozen_points(&self, r: rq::ConsumeFrozenPoints) -> Result<rs::ConsumeFrozenPointsResponse> {
        check(&r)?;
        let fp = body_fingerprint("consumeFrozenPoints", &r.body);
        self.write(|st, _, now| {
            idempotent(st, "consumeFrozenPoints", &r.x_business_token, fp, |st| {
                st.release_points(r.body, &r.x_business_token, true, now)
                    .map(|()| Outcome::Applied)
            })
        })?;
        Ok(rs::ConsumeFrozenPointsResponse::NoContent)
    }

    async fn update_member(&self, r: rq::UpdateMember) -> Result<rs::UpdateMemberResponse> {
        check(&r)?;
        self.write(|st, _, _| st.update_member(r.body))?;
        Ok(rs::UpdateMemberResponse::NoContent)
    }

    async fn change_member_mobile(&self, r: rq::ChangeMemberMobile) -> Result<rs::ChangeMemberMobileResponse> {
        check(&r)?;
        self.write(|st, _, _| st.change_mobile(r.body))?;
        Ok(rs::ChangeMemberMobileResponse::Ok)
    }

    async fn update_member_privacy_policy(
        &self,
        r: rq::UpdateMemberPrivacyPolicy,
    ) -> Result<rs::UpdateMemberPrivacyPolicyResponse> {
        check(&r)?;
        self.write(|st, _, now| st.update_privacy_policy(r.body, now))?;
        Ok(rs::UpdateMemberPrivacyPolicyResponse::Ok)
    }

    async fn query_member_attributes(&self, r: rq::QueryMemberAttributes) -> Result<rs::QueryMemberAttributesResponse> {
        check(&r)?;
        self.read(|st, _, _| {
            st.member_attributes(&r.member_type, &r.member_id, r.current_page, r.page_size)
                .map(rs::QueryMemberAttributesResponse::Ok)
        })
    }

    async fn update_member_status(&self, r: rq::UpdateMemberStatus) -> Result<rs::UpdateMemberStatusResponse> {
        check(&r)?;
        let b = r.body;
        self.write(|st, _, _| st.update_member_status(&b.member_type, &b.member_id, b.member_status))?;
        Ok(rs::UpdateMemberStatusResponse::Ok)
    }

    async fn list_member_purchase_channels(
        &self,
        r: rq::ListMemberPurchaseChannels,
    ) -> Result<rs::ListMemberPurchaseChannelsResponse> {
        check(&r)?;
        self.read(|st, _, _| {
            st.purchase_channels(&r.member_type, &r.member_id)
                .map(rs::ListMemberPurchaseChannelsResponse::Ok)
        })
    }

    async fn get_next_grade_amount(&self, r: rq::GetNextGradeAmount) -> Result<rs::GetNextGradeAmountResponse> {
        check(&r)?;
        self.read(|st, settings, _| {
            let member = st.find_member(&r.member_type, Some(&r.member_id), None, None)?;
            Ok(rs::GetNextGradeAmountResponse::Ok(
                st.next_grade_amount(member, settings),
            ))
        })
    }

    async fn get_member_by_channel_id(&self, r: rq::GetMemberByChannelId) -> Result<rs::GetMemberByChannelIdResponse> {
        check(&r)?;
        self.read(|st, _, _| {
            st.member_by_channel_id(&r.member_type, &r.channel_type, &r.customer_no)
                .map(rs::GetMemberByChannelIdResponse::Ok)
        })
    }

    async fn get_expiring_points(&self, r: rq::GetExpiringPoints) -> Result<rs::GetExpiringPointsResponse> {
        check(&r)?;
        self.read(|st, _, now| {
            let id = st.find_member_id(&r.member_type, Some(&r.member_id), None, None)?;
            let point = st.expiring_points(&id, &r.account_type, now)?;
            Ok(rs::GetExpiringPointsResponse::Ok(ExpiringPoint { point: Some(point) }))
        })
    }
}

impl AccountGradesApi for Sandbox {
    type Error = SandboxError;

    async fn get_account_grade(&self, r: rq::GetAccountGrade) -> Result<rs::GetAccountGradeResponse> {
        check(&r)?;
        self.read(|st, settings, _| {
            let member = st.find_member(&r.member_type, r.member_id.as_deref(), r.mobile.as_deref(), None)?;
            let account = account_of(settings, &r.account_type)?;
            Ok(rs::GetAccountGradeResponse::Ok(st.grade_info(member, account)))
        })
    }

    async fn list_account_grade_records(
        &self,
        r: rq::ListAccountGradeRecords,
    ) -> Result<rs::ListAccountGradeRecordsResponse> {
        check(&r)?;
        self.read(|st, settings, _| {
            let member = st.find_member(&r.member_type, r.member_id.as_deref(), r.mobile.as_deref(), None)?;
            let account = account_of(settings, &r.account_type)?;
            let records = st.grade_records(
                member,
                account,
                r.channel_type.as_deref(),
                r.start_time.as_ref(),
                r.end_time.as_ref(),
                r.page,
                r.page_size,
            )?;
            Ok(rs::ListAccountGradeRecordsResponse::Ok(records))
        })
    }
}

impl PastPointsApi for Sandbox {
    type Error = SandboxError;

    async fn get_past_points(&self, r: rq::GetPastPoints) -> Result<rs::GetPastPointsResponse> {
        check(&r)?;
        self.read(|st, _, now| {
            let id = st.find_member_id(&r.member_type, Some(&r.member_id), None, None)?;
            let point = st.balance(&id, &r.account_type, now)?;
            Ok(rs::GetPastPointsResponse::Ok(PointBalance { point: Some(point) }))
        })
    }

    async fn list_past_point_records(&self, r: rq::ListPastPointRecords) -> Result<rs::ListPastPointRecordsResponse> {
        check(&r)?;
        self.read(|st, _, now| {
            let id = st.find_member_id(&r.member_type, Some(&r.member_id), None, None)?;
            let records = st.point_records(
                &id,
                &r.account_type,
                r.channel_type.as_deref(),
                r.record_type.as_ref().map(shuyun_crm::models::PointChangeType::as_str),
                r.start_time.as_ref(),
                r.end_time.as_ref(),
                r.page,
                r.page_size,
                now,
            )?;
            Ok(rs::ListPastPointRecordsResponse::Ok(records))
        })
    }

    async fn change_past_points(&self, r: rq::ChangePastPoints) -> Result<rs::ChangePastPointsResponse> {
        check(&r)?;
        let fp = body_fingerprint("changePastPoints", &r.body);
        self.write(|st, _, now| {
            idempotent(st, "changePastPoints", &r.x_business_token, fp, |st| {
                let b = r.body;
                let change = PointChange {
                    account: b.account_type,
                    member_type: b.member_type,
                    member_id: b.member_id,
                    change_type: b.change_type.as_str().to_owned(),
                    point: b.point,
                    effect_time: b.effect_time,
                    expired_time: b.expired_time,
                    description: b.description,
                    channel_type: b.channel_type,
                    kzzd1: b.kzzd1,
                    kzzd2: b.kzzd2,
                    kzzd3: Some(b.kzzd3),
                };
                st.change_points(change, &r.x_business_token, now)
                    .map(|()| Outcome::Applied)
            })
        })?;
        Ok(rs::ChangePastPointsResponse::NoContent)
    }
}

impl OrdersApi for Sandbox {
    type Error = SandboxError;

    async fn list_orders(&self, r: rq::ListOrders) -> Result<rs::ListOrdersResponse> {
        check(&r)?;
        self.read(|st, _, _| st.list_orders(&r).map(rs::ListOrdersResponse::Ok))
    }

    async fn get_order_detail(&self, r: rq::GetOrderDetail) -> Result<rs::GetOrderDetailResponse> {
        check(&r)?;
        self.read(|st, _, _| {
            st.order_detail(
                &r.member_type,
                &r.order_id,
                r.order_type.as_str(),
                r.channel_type.as_deref(),
            )
            .map(rs::GetOrderDetailResponse::Ok)
        })
    }

    async fn save_order(&self, r: rq::SaveOrder) -> Result<rs::SaveOrderResponse> {
        check(&r)?;
        let created = self.write(|st, settings, now| st.save_order(r.body, settings, now))?;
        Ok(if created {
            rs::SaveOrderResponse::Created
        } else {
            rs::SaveOrderResponse::Ok
        })
    }
}

impl CouponsApi for Sandbox {
    type Error = SandboxError;

    async fn list_coupon_projects(&self, r: rq::ListCouponProjects) -> Result<rs::ListCouponProjectsResponse> {
        check(&r)?;
        self.read(|st, _, now| st.list_projects(&r.body, now).map(rs::ListCouponProjectsResponse::Ok))
    }

    async fn get_coupon_project(&self, r: rq::GetCouponProject) -> Result<rs::GetCouponProjectResponse> {
        check(&r)?;
        self.read(|st, _, now| st.project(&r.project_id, now).map(rs::GetCouponProjectResponse::Ok))
    }

    async fn grant_coupon(&self, r: rq::GrantCoupon) -> Result<rs::GrantCouponResponse> {
        check(&r)?;
        let fp = body_fingerprint("grantCoupon", &r.body);
        let caller = Caller::current();
        let caller = caller.as_ref().map(|c| c.client_id.as_str());
        let outcome = self.write(|st, settings, now| {
            if let Some(outcome) = st.replay(caller, "grantCoupon", &r.x_request_sequence, fp)? {
                return Ok(outcome.clone());
            }
            let result = st.grant_coupon(&r.body, settings, now)?;
            let outcome = Outcome::Grant(result);
            // A refused grant (out of stock, finished project) changed nothing: not remembered.
            if let Outcome::Grant(result) = &outcome
                && result.success
            {
                st.remember(caller, "grantCoupon", &r.x_request_sequence, fp, outcome.clone());
            }
            Ok(outcome)
        })?;
        match outcome {
            Outcome::Grant(result) => Ok(rs::GrantCouponResponse::Ok(result)),
            Outcome::Applied => Err(param("the request sequence was used by another operation")),
        }
    }

    async fn write_off_frozen_coupon(&self, r: rq::WriteOffFrozenCoupon) -> Result<rs::WriteOffFrozenCouponResponse> {
        check(&r)?;
        self.write(|st, _, now| st.coupon_operation(CouponOp::WriteOff, &r.body, now))
            .map(rs::WriteOffFrozenCouponResponse::Ok)
    }

    async fn anticount_coupon(&self, r: rq::AnticountCoupon) -> Result<rs::AnticountCouponResponse> {
        check(&r)?;
        self.write(|st, _, now| st.coupon_operation(CouponOp::Anticount, &r.body, now))
            .map(rs::AnticountCouponResponse::Ok)
    }

    async fn freeze_coupon(&self, r: rq::FreezeCoupon) -> Result<rs::FreezeCouponResponse> {
        check(&r)?;
        self.write(|st, _, now| st.coupon_operation(CouponOp::Freeze, &r.body, now))
            .map(rs::FreezeCouponResponse::Ok)
    }

    async fn thaw_coupon(&self, r: rq::ThawCoupon) -> Result<rs::ThawCouponResponse> {
        check(&r)?;
        self.write(|st, _, now| st.coupon_operation(CouponOp::Thaw, &r.body, now))
            .map(rs::ThawCouponResponse::Ok)
    }

    async fn use_coupon(&self, r: rq::UseCoupon) -> Result<rs::UseCouponResponse> {
        check(&r)?;
        self.write(|st, _, now| st.coupon_operation(CouponOp::Use, &r.body, now))
            .map(rs::UseCouponResponse::Ok)
    }

    async fn list_coupon_instances(&self, r: rq::ListCouponInstances) -> Result<rs::ListCouponInstancesResponse> {
        check(&r)?;
        let b = r.body;
        self.read(|st, _, now| {
            st.list_coupons(
                &b.member_type,
                &b.member_id,
                b.status.as_ref().map(shuyun_crm::models::CouponInstanceStatus::as_str),
                b.current_page,
                b.page_size,
                now,
            )
            .map(rs::ListCouponInstancesResponse::Ok)
        })
    }

    async fn get_coupon_detail(&self, r: rq::GetCouponDetail) -> Result<rs::GetCouponDetailResponse> {
        check(&r)?;
        self.read(|st, _, now| {
            st.coupon_detail(&r.member_type, &r.coupon_code, now)
                .map(rs::GetCouponDetailResponse::Ok)
        })
    }

    async fn invalidate_coupon(&self, r: rq::InvalidateCoupon) -> Result<rs::InvalidateCouponResponse> {
        check(&r)?;
        self.write(|st, _, now| st.coupon_operation(CouponOp::Invalidate, &r.body, now))
            .map(rs::InvalidateCouponResponse::Ok)
    }

    async fn make_coupon_effective(&self, r: rq::MakeCouponEffective) -> Result<rs::MakeCouponEffectiveResponse> {
        check(&r)?;
        self.write(|st, _, now| st.coupon_operation(CouponOp::MakeEffective, &r.body, now))
            .map(rs::MakeCouponEffectiveResponse::Ok)
    }

    async fn extend_coupon(&self, r: rq::ExtendCoupon) -> Result<rs::ExtendCouponResponse> {
        check(&r)?;
        self.write(|st, _, now| st.extend_coupon(&r.member_type, &r.coupon_code, &r.body, now))
            .map(rs::ExtendCouponResponse::Ok)
    }
}

impl WechatMembersApi for Sandbox {
    type Error = SandboxError;

    async fn register_wechat_member(&self, r: rq::RegisterWechatMember) -> Result<rs::RegisterWechatMemberResponse> {
        check(&r)?;
        let (result, outcome) = self.write(|st, _, now| st.register_wechat_member(r.body, now))?;
        Ok(match outcome {
            Registration::New => rs::RegisterWechatMemberResponse::Created(result),
            Registration::Binding | Registration::Registered => rs::RegisterWechatMemberResponse::Ok(result),
        })
    }

    async fn get_wechat_member_by_union_id(
        &self,
        r: rq::GetWechatMemberByUnionId,
    ) -> Result<rs::GetWechatMemberByUnionIdResponse> {
        check(&r)?;
        self.read(|st, _, now| {
            let member = st.wechat_by_union_id(&r.member_type, &r.union_id)?;
            Ok(rs::GetWechatMemberByUnionIdResponse::Ok(
                st.wechat_member_info(member, now),
            ))
        })
    }

    async fn get_wechat_member_by_open_id(
        &self,
        r: rq::GetWechatMemberByOpenId,
    ) -> Result<rs::GetWechatMemberByOpenIdResponse> {
        check(&r)?;
        self.read(|st, _, now| {
            let member = st.wechat_by_open_id(&r.member_type, &r.app_id, &r.open_id)?;
            Ok(rs::GetWechatMemberByOpenIdResponse::Ok(
                st.wechat_member_info(member, now),
            ))
        })
    }
}

/// Calls an operation by its operationId with its request as JSON (the seed's form).
pub(crate) async fn dispatch(
    sandbox: &Sandbox,
    operation: &str,
    request: serde_json::Value,
) -> std::result::Result<(), String> {
    fn done<E: std::fmt::Display>(
        result: std::result::Result<(u16, Option<serde_json::Value>), CallError<E>>,
    ) -> Option<std::result::Result<(), String>> {
        match result {
            Ok(_) => Some(Ok(())),
            Err(CallError::UnknownOperation(_)) => None,
            Err(e) => Some(Err(e.to_string())),
        }
    }
    let calls = [
        done(call_members_api(sandbox, operation, request.clone()).await),
        done(call_account_grades_api(sandbox, operation, request.clone()).await),
        done(call_past_points_api(sandbox, operation, request.clone()).await),
        done(call_orders_api(sandbox, operation, request.clone()).await),
        done(call_coupons_api(sandbox, operation, request.clone()).await),
        done(call_wechat_members_api(sandbox, operation, request).await),
    ];
    calls
        .into_iter()
        .flatten()
        .next()
        .unwrap_or_else(|| Err(format!("no operation `{operation}`")))
}
