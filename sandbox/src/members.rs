//! Members (3.1, 3.2, 3.11–3.16, 3.18) and WeChat members (8.1–8.3).

use serde_json::{Map, Value};
use shuyun_crm::models::{
    CustomerSimpleMember, Gender, MemberAttribute, MemberBinding, MemberCustomizedProperties,
    MemberCustomizedPropertiesInfo, MemberInfo, MemberInfoAge, MemberMobileChangeRequest, MemberUpdateRequest,
    PrivacyPolicyUpdateRequest, PurchaseChannelList, RegisterMemberRequest, RegisterMemberResult, RegistrationStatus,
    WechatMemberCustomizedProperties, WechatMemberInfo, WechatMemberRegisterRequest, WechatMemberRegisterResult,
};

use crate::error::{ErrorKind, Result, SandboxError, param};
use crate::state::{Member, State, StoredBinding, fingerprint, key, page};
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
    fn as_str(self) -> &'static str {
        match self {
            Self::New => "NEW",
            Self::Binding => "BINDING",
            Self::Registered => "REGISTERED",
        }
    }
}

/// What a registration adds, whatever the entry point.
struct Enrolment {
    member_type: String,
    wanted_id: Option<String>,
    mobile: Option<String>,
    card_no: Option<String>,
    union_id: Option<String>,
    binding: MemberBinding,
    info: MemberInfo,
    customized: MemberCustomizedProperties,
    register_ms: Millis,
}

fn not_found(member_type: &str, what: &str, value: &str) -> SandboxError {
    SandboxError::new(
        ErrorKind::MemberNotFound,
        format!("no member of memberType {member_type} with {what} {value}"),
    )
}

/// The obfuscated mobile of a binding (`mixMobile`): a stable hash, never the number.
fn mix_mobile(mobile: Option<&str>) -> Option<String> {
    mobile.map(|m| {
        format!(
            "{:016x}{:010x}",
            fingerprint(&[b"mix", m.as_bytes()]),
            fingerprint(&[m.as_bytes()]) >> 24
        )
    })
}

fn channel_desc(channel: &str) -> String {
    match channel.to_ascii_uppercase().as_str() {
        "POS" | "OFFLINE" => "线下".to_owned(),
        "TAOBAO" | "TMALL" => "天猫淘宝".to_owned(),
        "JD" => "京东".to_owned(),
        "WECHAT" | "WECHAT_MINI_PROGRAM" | "WECHAT_OFFICIAL_ACCOUNT" => "微信".to_owned(),
        "DOUYIN" => "抖音".to_owned(),
        _ => channel.to_owned(),
    }
}

fn truncate(text: &str, chars: usize) -> String {
    text.chars().take(chars).collect()
}

/// Object keys of a serialisable value.
fn to_map<T: serde::Serialize>(value: &T) -> Map<String, Value> {
    match serde_json::to_value(value) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// `base` with the keys of `extra`: all of them (`overwrite`), or only those `base` lacks.
fn merged<T: serde::Serialize + serde::de::DeserializeOwned>(base: &T, extra: &T, overwrite: bool) -> Option<T> {
    let mut map = to_map(base);
    for (k, v) in to_map(extra) {
        if v.is_null() {
            continue;
        }
        if overwrite || !map.contains_key(&k) {
            map.insert(k, v);
        }
    }
    serde_json::from_value(Value::Object(map)).ok()
}

/// The response variant of the customized properties. The request variant's open map may
/// carry keys the response variant declares with another type (wxOpenId, isSubscribe): those
/// are the CRM's to set, so they are dropped, and wxOpenId comes from the WeChat binding.
fn customized_info(member: &Member) -> MemberCustomizedPropertiesInfo {
    let mut map = to_map(&member.customized);
    map.remove("wxOpenId");
    map.remove("isSubscribe");
    let mut info: MemberCustomizedPropertiesInfo = serde_json::from_value(Value::Object(map)).unwrap_or_default();
    info.wx_open_id = member.bindings.iter().find_map(|b| b.binding.open_id.clone());
    info
}

impl State {
    /// The member of a type by the first key given, in the order the source sets for 3.2:
    /// memberId, then mobile, then cardNo.
    pub fn find_member(
        &self,
        member_type: &str,
        member_id: Option<&str>,
        mobile: Option<&str>,
        card_no: Option<&str>,
    ) -> Result<&Member> {
        let id = if let Some(id) = member_id {
            Some(id)
        } else if let Some(mobile) = mobile {
            Some(
                self.index
                    .mobiles
                    .get(&key(&[member_type, mobile]))
                    .map(String::as_str)
                    .ok_or_else(|| not_found(member_type, "mobile", mobile))?,
            )
        } else if let Some(card) = card_no {
            Some(
                self.index
                    .cards
                    .get(&key(&[member_type, card]))
                    .map(String::as_str)
                    .ok_or_else(|| not_found(member_type, "cardNo", card))?,
            )
        } else {
            None
        };
        let id = id.ok_or_else(|| param("one of memberId, mobile (or cardNo) is required"))?;
        self.members
            .get(id)
            .filter(|m| m.member_type == member_type)
            .ok_or_else(|| not_found(member_type, "memberId", id))
    }

    /// The id of the member [`State::find_member`] finds.
    pub fn find_member_id(
        &self,
        member_type: &str,
        member_id: Option<&str>,
        mobile: Option<&str>,
        card_no: Option<&str>,
    ) -> Result<String> {
        self.find_member(member_type, member_id, mobile, card_no)
            .map(|m| m.id.clone())
    }

    pub fn member_mut(&mut self, id: &str) -> Result<&mut Member> {
        self.members
            .get_mut(id)
            .ok_or_else(|| SandboxError::new(ErrorKind::MemberNotFound, format!("no member {id}")))
    }

    fn enrol(&mut self, e: Enrolment, channel_key: String, existing: Option<String>) -> (String, Registration) {
        let Enrolment {
            member_type,
            wanted_id,
            mobile,
            card_no,
            union_id,
            binding,
            info,
            customized,
            register_ms,
        } = e;
        let stored = StoredBinding {
            binding,
            created_ms: register_ms,
        };
        let (id, outcome) = match existing {
            Some(id) => {
                let taken_mobile = mobile
                    .as_ref()
                    .is_some_and(|m| self.index.mobiles.contains_key(&key(&[&member_type, m])));
                let taken_card = card_no
                    .as_ref()
                    .is_some_and(|c| self.index.cards.contains_key(&key(&[&member_type, c])));
                if let Some(member) = self.members.get_mut(&id) {
                    // The new channel's profile fills what the member lacks; it overrides nothing.
                    let mut info = info;
                    if taken_mobile || member.info.mobile.is_some() {
                        info.mobile = None;
                    }
                    if taken_card || member.info.card_no.is_some() {
                        info.card_no = None;
                    }
                    if let Some(m) = &info.mobile {
                        self.index.mobiles.insert(key(&[&member_type, m]), id.clone());
                    }
                    if let Some(c) = &info.card_no {
                        self.index.cards.insert(key(&[&member_type, c]), id.clone());
                    }
                    if let Some(filled) = merged(&member.info, &info, false) {
                        member.info = filled;
                    }
                    if let Some(filled) = merged(&member.customized, &customized, false) {
                        member.customized = filled;
                    }
                    member.bindings.push(stored);
                }
                (id, Registration::Binding)
            }
            None => {
                let id = match wanted_id {
                    Some(id) if !id.is_empty() && !self.members.contains_key(&id) => id,
                    _ => self.new_member_id(),
                };
                let card = card_no.unwrap_or_else(|| id.clone());
                let mut info = info;
                info.member_id = Some(id.clone());
                info.member_type = Some(member_type.clone());
                info.card_no = Some(card.clone());
                info.mobile = mobile.clone();
                info.register_time = Some(time::format(register_ms));
                if let Some(m) = &mobile {
                    self.index.mobiles.insert(key(&[&member_type, m]), id.clone());
                }
                self.index.cards.insert(key(&[&member_type, &card]), id.clone());
                self.members.insert(
                    id.clone(),
                    Member {
                        id: id.clone(),
                        member_type: member_type.clone(),
                        info,
                        customized,
                        bindings: vec![stored],
                        register_ms,
                        contact_tel: None,
                        accounts: Default::default(),
                        grades: Default::default(),
                        orders: Vec::new(),
                        consumption: 0.0,
                        consumption_ms: register_ms,
                    },
                );
                (id, Registration::New)
            }
        };
        self.index.channels.insert(channel_key, id.clone());
        if let Some(union_id) = union_id.filter(|u| !u.is_empty()) {
            self.index
                .union_ids
                .entry(key(&[&member_type, &union_id]))
                .or_insert_with(|| id.clone());
        }
        (id, outcome)
    }

    /// 3.1: NEW for a new member; BINDING when the channel customer is new but its mobile (or
    /// else its card) belongs to a member, who gets the binding; REGISTERED when the channel
    /// customer is already bound (the same customer twice never makes two members).
    pub fn register_member(
        &mut self,
        r: RegisterMemberRequest,
        now: Millis,
    ) -> Result<(RegisterMemberResult, Registration)> {
        let register_ms = time::parse_local_opt("registerTime", r.register_time.as_deref())?.unwrap_or(now);
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
        let binding = MemberBinding {
            member_type: Some(mt.clone()),
            customer_no: Some(r.customer_no.clone()),
            channel_type: Some(r.channel_type.clone()),
            app_type_code: r.app_type_code.as_ref().map(|c| c.as_str().to_owned()),
            app_type_name: r.app_type_name.clone(),
            shop_code: r.shop_code.clone(),
            shop_name: r.shop_name.clone(),
            shop_type_code: r.shop_type_code.clone(),
            union_id: union_id.clone(),
            mix_mobile: mix_mobile(r.mobile.as_deref()),
            rel_type: Some(0),
            ..Default::default()
        };
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
        let register_ms = time::parse_local_opt("registerTime", r.register_time.as_deref())?.unwrap_or(now);
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
        let binding = MemberBinding {
            member_type: Some(mt.clone()),
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
        };
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

    /// 3.2's answer for a member.
    pub fn member_info(&self, m: &Member, now: Millis) -> MemberInfo {
        let mut info = m.info.clone();
        info.member_id = Some(m.id.clone());
        info.member_type = Some(m.member_type.clone());
        if info.age.is_none()
            && let Some(born) = info.birth_year.as_deref().and_then(|y| y.parse::<i32>().ok())
        {
            info.age = Some(MemberInfoAge::Integer((time::year(now) - born).max(0)));
        }
        let first = m.bindings.first().and_then(|b| b.binding.channel_type.clone());
        info.first_register_channel_type_desc = first.as_deref().map(channel_desc);
        info.first_register_channel_type = first;
        if info.union_id.is_none() {
            info.union_id = m.bindings.iter().find_map(|b| b.binding.union_id.clone());
        }
        info.member_binding = Some(m.bindings.iter().map(|b| b.binding.clone()).collect());
        info.customized_properties = Some(customized_info(m));
        info
    }

    /// 8.2 / 8.3's answer for a member.
    pub fn wechat_member_info(&self, m: &Member, now: Millis) -> WechatMemberInfo {
        let info = self.member_info(m, now);
        WechatMemberInfo {
            member_id: info.member_id,
            member_type: info.member_type,
            mobile: info.mobile,
            member_name: info.member_name,
            union_id: info.union_id,
            nickname: info.wechat_nick,
            head_img_url: info.head_img_url,
            gender: info.gender.map(|g| Gender::from(g.as_str())),
            city: info.city_name,
            province: info.province_name,
            district: info.district_name,
            country: info.country,
            address: info.address,
            job: info.job,
            card_no: info.card_no,
            email: info.email,
            birth_year: info.birth_year,
            birth_day: info.birth_day,
            age: match info.age {
                Some(MemberInfoAge::Integer(age)) => Some(age),
                Some(MemberInfoAge::String(age)) => age.parse().ok(),
                None => None,
            },
            identity_card: info.identity_card,
            register_time: info.register_time,
            member_bindings: info.member_binding,
            customized_properties: info.customized_properties,
        }
    }

    pub fn wechat_by_union_id(&self, member_type: &str, union_id: &str) -> Result<&Member> {
        self.index
            .union_ids
            .get(&key(&[member_type, union_id]))
            .and_then(|id| self.members.get(id))
            .ok_or_else(|| not_found(member_type, "unionId", union_id))
    }

    pub fn wechat_by_open_id(&self, member_type: &str, app_id: &str, open_id: &str) -> Result<&Member> {
        self.index
            .open_ids
            .get(&key(&[member_type, app_id, open_id]))
            .and_then(|id| self.members.get(id))
            .ok_or_else(|| not_found(member_type, "appId + openId", &format!("{app_id} + {open_id}")))
    }

    /// 3.11: every field sent replaces the stored one; customized properties merge by key.
    pub fn update_member(&mut self, r: MemberUpdateRequest) -> Result<()> {
        let id = self.find_member_id(&r.member_type, Some(&r.member_id), None, None)?;
        let member = self.member_mut(&id)?;
        let update = MemberInfo {
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
            head_img_url: r.head_img_url,
            identity_card: r.identity_card,
            job: r.job,
            member_name: r.member_name,
            province_code: r.province_code,
            province_name: r.province_name,
            ..Default::default()
        };
        if let Some(info) = merged(&member.info, &update, true) {
            member.info = info;
        }
        if let Some(customized) = r.customized_properties
            && let Some(c) = merged(&member.customized, &customized, true)
        {
            member.customized = c;
        }
        if r.contact_tel.is_some() {
            member.contact_tel = r.contact_tel;
        }
        Ok(())
    }

    /// 3.12: only to a number no other member of the type has registered.
    pub fn change_mobile(&mut self, r: MemberMobileChangeRequest) -> Result<()> {
        let id = self.find_member_id(&r.member_type, Some(&r.member_id), None, None)?;
        let new_key = key(&[&r.member_type, &r.new_mobile]);
        match self.index.mobiles.get(&new_key) {
            Some(owner) if *owner == id => return Ok(()),
            Some(_) => {
                return Err(SandboxError::new(
                    ErrorKind::MobileTaken,
                    format!("the mobile {} is already registered to another member", r.new_mobile),
                ));
            }
            None => {}
        }
        let member = self.member_mut(&id)?;
        let old = member.info.mobile.replace(r.new_mobile.clone());
        for binding in &mut member.bindings {
            binding.binding.mix_mobile = mix_mobile(Some(&r.new_mobile));
        }
        if let Some(old) = old {
            self.index.mobiles.remove(&key(&[&r.member_type, &old]));
        }
        self.index.mobiles.insert(new_key, id);
        Ok(())
    }

    /// 3.13: the consent and when it was given (now when not sent), kept in the member's
    /// customized properties (`checkPolicyStatus`, `policyStatusUpdateTime`).
    pub fn update_privacy_policy(&mut self, r: PrivacyPolicyUpdateRequest, now: Millis) -> Result<()> {
        let at =
            time::parse_local_opt("policyStatusUpdateTime", r.policy_status_update_time.as_deref())?.unwrap_or(now);
        let id = self.find_member_id(&r.member_type, Some(&r.member_id), None, None)?;
        let member = self.member_mut(&id)?;
        member.customized.check_policy_status = Some(r.check_policy_status.as_str().into());
        member
            .customized
            .additional_properties
            .insert("policyStatusUpdateTime".to_owned(), Value::String(time::format(at)));
        Ok(())
    }

    /// 3.15: the status is kept as `customizedProperties.memberStatus`.
    pub fn update_member_status(&mut self, member_type: &str, member_id: &str, status: Option<String>) -> Result<()> {
        let id = self.find_member_id(member_type, Some(member_id), None, None)?;
        let member = self.member_mut(&id)?;
        if status.is_some() {
            member.customized.member_status = status;
        }
        Ok(())
    }

    /// 3.14: one attribute per channel the member is bound to (the member's joint
    /// memberships), in the order the bindings were made.
    pub fn member_attributes(
        &self,
        member_type: &str,
        member_id: &str,
        current_page: i32,
        page_size: i32,
    ) -> Result<Vec<MemberAttribute>> {
        let member = self.find_member(member_type, Some(member_id), None, None)?;
        let mut seen = std::collections::BTreeSet::new();
        let all: Vec<MemberAttribute> = member
            .bindings
            .iter()
            .filter_map(|b| {
                let channel = b.binding.channel_type.clone()?;
                seen.insert(channel.clone()).then(|| MemberAttribute {
                    member_id: Some(member.id.clone()),
                    member_type: Some(member.member_type.clone()),
                    attribute_name: Some(truncate(
                        &b.binding
                            .app_type_name
                            .clone()
                            .unwrap_or_else(|| format!("{}会员", channel_desc(&channel))),
                        200,
                    )),
                    attribute_code: Some(channel),
                    create_time: Some(time::format(b.created_ms)),
                    update_time: Some(time::format(b.created_ms)),
                })
            })
            .collect();
        Ok(page(&all, current_page, page_size))
    }

    /// 3.16: the channels of the member's orders, in the order they were first used.
    pub fn purchase_channels(&self, member_type: &str, member_id: &str) -> Result<PurchaseChannelList> {
        let member = self.find_member(member_type, Some(member_id), None, None)?;
        let mut orders: Vec<_> = member.orders.iter().filter_map(|id| self.orders.get(id)).collect();
        orders.sort_by_key(|o| o.at_ms);
        let mut channels: Vec<String> = Vec::new();
        for order in orders {
            if let Some(channel) = &order.order.channel_type
                && !channels.contains(channel)
            {
                channels.push(channel.clone());
            }
        }
        Ok(PurchaseChannelList {
            member_id: Some(member.id.clone()),
            purchase_channel: Some(channels),
        })
    }

    /// 3.18: by a channel customer (`customerNo` of a binding; WeChat's is `appId_openId`).
    pub fn member_by_channel_id(
        &self,
        member_type: &str,
        channel_type: &str,
        customer_no: &str,
    ) -> Result<CustomerSimpleMember> {
        let member = self
            .index
            .channels
            .get(&key(&[member_type, channel_type, customer_no]))
            .and_then(|id| self.members.get(id))
            .ok_or_else(|| not_found(member_type, &format!("{channel_type} customerNo"), customer_no))?;
        let info = &member.info;
        let date_of_birth = match (&info.birth_year, &info.birth_day) {
            (Some(year), Some(day)) => Some(format!("{year}-{day}")),
            _ => None,
        };
        Ok(CustomerSimpleMember {
            card_no: info.card_no.clone(),
            email: info.email.clone(),
            member_id: Some(member.id.clone()),
            member_name: info.member_name.clone(),
            member_type: Some(member.member_type.clone()),
            mobile: info.mobile.clone(),
            register_time: Some(time::format(member.register_ms)),
            shop_code: info.shop_code.clone(),
            shop_name: info.shop_name.clone(),
            date_of_birth,
            gender: info.gender.as_ref().map(|g| g.as_str().to_owned()),
            identity_card: info.identity_card.clone(),
            marriage_status: None,
        })
    }
}

/// 8.1's customizedProperties (every documented key required) as the member keeps it: the
/// request variant, with the same keys (and any a brand added) all optional.
fn wechat_customized(c: Option<WechatMemberCustomizedProperties>) -> MemberCustomizedProperties {
    c.and_then(|c| serde_json::to_value(c).ok())
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default()
}
