//! Registration of members (3.1) and WeChat members (8.1): finding who is already known, and enrolling the rest.

use shuyun_crm::models::{
    Gender, MemberBinding, MemberCustomizedProperties, MemberInfo, MemberInfoAge, RegisterMemberRequest,
    RegisterMemberResult, RegistrationStatus, WechatMemberCustomizedProperties, WechatMemberRegisterRequest,
    WechatMemberRegisterResult,
};

use super::enrol::Enrolment;
use super::mix_mobile;
use crate::error::Result;
use crate::state::{State, key};
use crate::time::{self, Millis};

/// How a registration ended (3.1 / 8.1 `status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Registration {
    /// A new member (NEW, answered 201).
    New,
    /// The channel customer was bound to the member that already has this mobile, card or
    /// unionId (BINDING).
    Binding,
    /// The channel customer was already registered (REGISTERED): nothing changes.
    Registered,
}

impl Registration {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Self::New => "NEW",
            Self::Binding => "BINDING",
            Self::Registered => "REGISTERED",
        }
    }
}

impl State {
    /// 3.1: NEW for a new member; BINDING when the channel customer is new but its mobile (or
    /// else its card) belongs to a member, who gets the binding; REGISTERED when the channel
    /// customer is already bound (the same customer twice never makes two members).
    pub fn register_member(
        &mut self,
        r: RegisterMemberRequest,
        now: Millis,
    ) -> Result<(RegisterMemberResult, Registration)> {
        let register_ms = time::parse_local_opt("registerTime", r.register_time.as_ref())?.unwrap_or(now);
        let mt = r.member_type.clone();
        let channel_key = key(&[&mt, &r.channel_type, &r.customer_no]);
        let answer = |state: &State, id: &str, outcome: Registration| {
            let member = state.members.get(id);
            RegisterMemberResult {
                member_id: Some(id.to_owned()),
                card_no: member.and_then(|m| m.info.card_no.clone()),
                status: Some(RegistrationStatus::from(outcome.as_str())),
            }
        };
        if let Some(id) = self.index.channels.get(&channel_key) {
            return Ok((answer(self, id, Registration::Registered), Registration::Registered));
        }
        let existing = r
            .mobile
            .as_ref()
            .and_then(|m| self.index.mobiles.get(&key(&[&mt, m])))
            .or_else(|| r.card_no.as_ref().and_then(|c| self.index.cards.get(&key(&[&mt, c]))))
            .cloned();
        let union_id = r
            .binding_ext_properties
            .as_ref()
            .and_then(|b| b.union_id.clone())
            .or_else(|| r.customized_properties.as_ref().and_then(|c| c.union_id.clone()));
        let binding = register_binding(&r, union_id.clone());
        let info = MemberInfo {
            address: r.address,
            birth_day: r.birth_day,
            birth_year: r.birth_year,
            city_code: r.city_code,
            city_name: r.city_name,
            country: r.country,
            district_code: r.district_code,
            district_name: r.district_name,
            email: r.email,
            gender: r.gender.as_ref().map(|g| Gender::from(g.as_str())),
            identity_card: r.identity_card,
            job: r.job,
            member_name: r.member_name,
            province_code: r.province_code,
            province_name: r.province_name,
            shop_code: r.shop_code,
            shop_name: r.shop_name,
            shop_type_code: r.shop_type_code,
            wechat_nick: r.nick,
            union_id: union_id.clone(),
            mobile: r.mobile.clone(),
            card_no: r.card_no.clone(),
            ..Default::default()
        };
        let enrolment = Enrolment {
            member_type: mt,
            wanted_id: None,
            mobile: r.mobile,
            card_no: r.card_no,
            union_id,
            binding,
            info,
            customized: r.customized_properties.unwrap_or_default(),
            register_ms,
        };
        let (id, outcome) = self.enrol(enrolment, channel_key, existing);
        Ok((answer(self, &id, outcome), outcome))
    }

    /// 8.1: as 3.1, the channel customer being `customerNo` (by default `appId_openId`); an
    /// existing member is found by the memberId sent, then unionId, mobile and cardNo.
    pub fn register_wechat_member(
        &mut self,
        r: WechatMemberRegisterRequest,
        now: Millis,
    ) -> Result<(WechatMemberRegisterResult, Registration)> {
        let register_ms = time::parse_local_opt("registerTime", r.register_time.as_ref())?.unwrap_or(now);
        let mt = r.member_type.clone();
        // 8.1: 若为空,微信渠道默认为appId_openId (an empty customerNo stands for the default).
        let customer_no = if r.customer_no.is_empty() {
            format!("{}_{}", r.app_id, r.open_id)
        } else {
            r.customer_no.clone()
        };
        let channel_key = key(&[&mt, &r.channel_type, &customer_no]);
        let open_key = key(&[&mt, &r.app_id, &r.open_id]);
        let answer = |id: &str, outcome: Registration| WechatMemberRegisterResult {
            member_id: Some(id.to_owned()),
            status: Some(RegistrationStatus::from(outcome.as_str())),
        };
        if let Some(id) = self
            .index
            .channels
            .get(&channel_key)
            .or_else(|| self.index.open_ids.get(&open_key))
        {
            return Ok((answer(id, Registration::Registered), Registration::Registered));
        }
        let existing = r
            .member_id
            .as_ref()
            .filter(|id| self.members.get(*id).is_some_and(|m| m.member_type == mt))
            .or_else(|| self.index.union_ids.get(&key(&[&mt, &r.union_id])))
            .or_else(|| self.index.mobiles.get(&key(&[&mt, &r.mobile])))
            .or_else(|| self.index.cards.get(&key(&[&mt, &r.card_no])))
            .cloned();
        let binding = wechat_binding(&r, customer_no);
        let info = MemberInfo {
            address: Some(r.address),
            age: r.age.map(MemberInfoAge::Integer),
            birth_day: r.birth_day,
            birth_year: Some(r.birth_year),
            city_name: Some(r.city),
            country: Some(r.country),
            district_name: Some(r.district),
            email: Some(r.email),
            gender: Some(Gender::from(r.gender.as_str())),
            head_img_url: r.head_img_url,
            identity_card: Some(r.identity_card),
            job: Some(r.job),
            member_name: Some(r.member_name),
            province_name: Some(r.province),
            shop_code: Some(r.shop_code),
            shop_name: Some(r.shop_name),
            union_id: Some(r.union_id.clone()),
            wechat_nick: Some(r.nickname),
            mobile: Some(r.mobile.clone()),
            card_no: Some(r.card_no.clone()),
            ..Default::default()
        };
        let enrolment = Enrolment {
            member_type: mt,
            wanted_id: r.member_id,
            mobile: Some(r.mobile),
            card_no: Some(r.card_no),
            union_id: Some(r.union_id),
            binding,
            info,
            customized: wechat_customized(r.customized_properties),
            register_ms,
        };
        let (id, outcome) = self.enrol(enrolment, channel_key, existing);
        self.index.open_ids.insert(open_key, id.clone());
        Ok((answer(&id, outcome), outcome))
    }
}

/// The binding a 3.1 registration adds.
fn register_binding(r: &RegisterMemberRequest, union_id: Option<String>) -> MemberBinding {
    MemberBinding {
        member_type: Some(r.member_type.clone()),
        customer_no: Some(r.customer_no.clone()),
        channel_type: Some(r.channel_type.clone()),
        app_type_code: r.app_type_code.as_ref().map(|c| c.as_str().to_owned()),
        app_type_name: r.app_type_name.clone(),
        shop_code: r.shop_code.clone(),
        shop_name: r.shop_name.clone(),
        shop_type_code: r.shop_type_code.clone(),
        union_id,
        mix_mobile: mix_mobile(r.mobile.as_deref()),
        rel_type: Some(0),
        ..Default::default()
    }
}

/// The binding an 8.1 registration adds, for the channel customer `customer_no`.
fn wechat_binding(r: &WechatMemberRegisterRequest, customer_no: String) -> MemberBinding {
    MemberBinding {
        member_type: Some(r.member_type.clone()),
        customer_no: Some(customer_no),
        channel_type: Some(r.channel_type.clone()),
        app_id: Some(r.app_id.clone()),
        open_id: Some(r.open_id.clone()),
        union_id: Some(r.union_id.clone()),
        app_type_code: Some(r.app_type.as_str().to_owned()),
        app_type_name: Some(
            match r.app_type.as_str() {
                "WECHAT_MINI_PROGRAM" => "微信小程序",
                _ => "微信公众号",
            }
            .to_owned(),
        ),
        shop_code: Some(r.shop_code.clone()),
        shop_name: Some(r.shop_name.clone()),
        mix_mobile: mix_mobile(Some(&r.mobile)),
        rel_type: Some(0),
        ..Default::default()
    }
}

/// 8.1's customizedProperties (every documented key required) as the member keeps it: the
/// request variant, with the same keys (and any a brand added) all optional.
fn wechat_customized(c: Option<WechatMemberCustomizedProperties>) -> MemberCustomizedProperties {
    c.and_then(|c| serde_json::to_value(c).ok())
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default()
}
