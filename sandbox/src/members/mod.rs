//! Members (3.1, 3.2, 3.11–3.16, 3.18) and WeChat members (8.1–8.3).

use serde_json::{Map, Value};
use shuyun_crm::models::{
    CustomerSimpleMember, Gender, MemberAttribute, MemberCustomizedPropertiesInfo, MemberInfo, MemberInfoAge,
    PurchaseChannelList, WechatMemberInfo,
};

use crate::error::{ErrorKind, Result, SandboxError, param};
use crate::state::{Member, State, fingerprint, key, page};
use crate::time::{self, Millis};

mod enrol;
mod register;
mod update;

pub(crate) use register::Registration;

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
                    create_time: Some(time::stamp(b.created_ms)),
                    update_time: Some(time::stamp(b.created_ms)),
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
            register_time: Some(time::stamp(member.register_ms)),
            shop_code: info.shop_code.clone(),
            shop_name: info.shop_name.clone(),
            date_of_birth,
            gender: info.gender.as_ref().map(|g| g.as_str().to_owned()),
            identity_card: info.identity_card.clone(),
            marriage_status: None,
        })
    }
}
