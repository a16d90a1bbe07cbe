//! Enrolment: what a registration adds to the state, as a new member or as a binding to an existing one.

use shuyun_crm::models::{MemberBinding, MemberCustomizedProperties, MemberInfo};

use super::Registration;
use super::merged;
use crate::state::{Member, State, StoredBinding, key};
use crate::time::{self, Millis};

/// What a registration adds, whatever the entry point.
pub(super) struct Enrolment {
    pub(super) member_type: String,
    pub(super) wanted_id: Option<String>,
    pub(super) mobile: Option<String>,
    pub(super) card_no: Option<String>,
    pub(super) union_id: Option<String>,
    pub(super) binding: MemberBinding,
    pub(super) info: MemberInfo,
    pub(super) customized: MemberCustomizedProperties,
    pub(super) register_ms: Millis,
}

impl State {
    pub(super) fn enrol(
        &mut self,
        e: Enrolment,
        channel_key: String,
        existing: Option<String>,
    ) -> (String, Registration) {
        let member_type = e.member_type.clone();
        let union_id = e.union_id.clone();
        let (id, outcome) = match existing {
            Some(id) => {
                self.bind_existing(&id, e);
                (id, Registration::Binding)
            }
            None => (self.create_member(e), Registration::New),
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

    /// Binds the channel customer to the member `id`: the new channel's profile fills what the member lacks; it
    /// overrides nothing.
    fn bind_existing(&mut self, id: &str, e: Enrolment) {
        let Enrolment {
            member_type,
            mobile,
            card_no,
            binding,
            mut info,
            customized,
            register_ms,
            ..
        } = e;
        let stored = StoredBinding {
            binding,
            created_ms: register_ms,
        };
        let taken_mobile = mobile
            .as_ref()
            .is_some_and(|m| self.index.mobiles.contains_key(&key(&[&member_type, m])));
        let taken_card = card_no
            .as_ref()
            .is_some_and(|c| self.index.cards.contains_key(&key(&[&member_type, c])));
        if let Some(member) = self.members.get_mut(id) {
            if taken_mobile || member.info.mobile.is_some() {
                info.mobile = None;
            }
            if taken_card || member.info.card_no.is_some() {
                info.card_no = None;
            }
            if let Some(m) = &info.mobile {
                self.index.mobiles.insert(key(&[&member_type, m]), id.to_owned());
            }
            if let Some(c) = &info.card_no {
                self.index.cards.insert(key(&[&member_type, c]), id.to_owned());
            }
            if let Some(filled) = merged(&member.info, &info, false) {
                member.info = filled;
            }
            if let Some(filled) = merged(&member.customized, &customized, false) {
                member.customized = filled;
            }
            member.bindings.push(stored);
        }
    }

    /// A new member from an enrolment (with the id it asks for, when free); its id.
    fn create_member(&mut self, e: Enrolment) -> String {
        let Enrolment {
            member_type,
            wanted_id,
            mobile,
            card_no,
            binding,
            mut info,
            customized,
            register_ms,
            ..
        } = e;
        let stored = StoredBinding {
            binding,
            created_ms: register_ms,
        };
        let id = match wanted_id {
            Some(id) if !id.is_empty() && !self.members.contains_key(&id) => id,
            _ => self.new_member_id(),
        };
        let card = card_no.unwrap_or_else(|| id.clone());
        info.member_id = Some(id.clone());
        info.member_type = Some(member_type.clone());
        info.card_no = Some(card.clone());
        info.mobile = mobile.clone();
        info.register_time = Some(time::stamp(register_ms));
        if let Some(m) = &mobile {
            self.index.mobiles.insert(key(&[&member_type, m]), id.clone());
        }
        self.index.cards.insert(key(&[&member_type, &card]), id.clone());
        self.members.insert(
            id.clone(),
            Member {
                id: id.clone(),
                member_type,
                info,
                customized,
                bindings: vec![stored],
                register_ms,
                contact_tel: None,
                accounts: Default::default(),
                grades: Default::default(),
                orders: Vec::new(),
                consumption: rust_decimal::Decimal::ZERO,
                consumption_ms: register_ms,
            },
        );
        id
    }
}
