//! Updates of a member: profile (3.11), mobile (3.12), privacy policy (3.13) and status (3.14).

use serde_json::Value;
use shuyun_crm::models::{
    Gender, MemberInfo, MemberMobileChangeRequest, MemberUpdateRequest, PrivacyPolicyUpdateRequest,
};

use super::{merged, mix_mobile};
use crate::error::{ErrorKind, Result, SandboxError};
use crate::state::{State, key};
use crate::time::{self, Millis};

impl State {
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
        let at = time::parse_local_opt("policyStatusUpdateTime", r.policy_status_update_time.as_ref())?.unwrap_or(now);
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
}
