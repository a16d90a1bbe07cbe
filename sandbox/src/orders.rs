//! Orders (6.1–6.3): save-or-update keyed by orderId, refunds, and the consumption that
//! drives grades.

use rust_decimal::Decimal;
use serde_json::{Map, Value};
use shuyun_crm::models::{Order, OrderPage, OrderSaveFields, OrderSaveRequest};
use shuyun_crm::requests::ListOrders;

use crate::config::Settings;
use crate::error::{ErrorKind, Result, SandboxError, param};
use crate::state::{State, StoredOrder, key, page, page_count};
use crate::time::{self, Millis};

const ORDER_TIMES: &[&str] = &[
    "orderTime",
    "payTime",
    "finishTime",
    "receiveTime",
    "shippingTime",
    "exchangeTime",
    "refundTime",
];
const ITEM_TIMES: &[&str] = &["finishTime", "payTime", "orderTime"];

/// Rewrites the request date-times of an object (GMT+8 `yyyy-MM-dd HH:mm:ss`) as response
/// date-times (RFC 3339).
fn convert_times(map: &mut Map<String, Value>, fields: &[&str], path: &str) -> Result<()> {
    for field in fields {
        if let Some(Value::String(text)) = map.get(*field) {
            let at = time::parse_local_text(&format!("{path}{field}"), text)?;
            map.insert((*field).to_owned(), Value::String(time::format(at)));
        }
    }
    Ok(())
}

fn as_map(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// Whether an order matches a 6.1 keyword search. `keyType` names the field searched (an
/// order field such as orderId, shopCode or couponNo, or an item field: productCode,
/// productName, skuId); without it the orderId is searched.
fn matches_keyword(order: &Order, key_type: Option<&str>, word: &str) -> bool {
    let field = key_type.unwrap_or("orderId");
    match field {
        "productCode" | "productName" | "skuId" => order.order_items.iter().flatten().any(|item| {
            let map = as_map(serde_json::to_value(item).unwrap_or_default());
            map.get(field).and_then(Value::as_str).is_some_and(|v| v.contains(word))
        }),
        _ => {
            let map = as_map(serde_json::to_value(order).unwrap_or_default());
            map.get(field).and_then(Value::as_str).is_some_and(|v| v.contains(word))
        }
    }
}

impl State {
    /// The consumption of a member if `replace` were saved.
    fn consumption_with(&self, member_id: &str, replace: Option<(&str, &StoredOrder)>) -> Option<Decimal> {
        let Some(member) = self.members.get(member_id) else {
            return Some(Decimal::ZERO);
        };
        let mut ids: Vec<&str> = member.orders.iter().map(String::as_str).collect();
        if let Some((id, _)) = replace
            && !ids.contains(&id)
        {
            ids.push(id);
        }
        ids.iter()
            .filter_map(|id| match replace {
                Some((new_id, order)) if new_id == *id => Some(order),
                _ => self.orders.get(*id),
            })
            .filter(|o| o.counted)
            .try_fold(Decimal::ZERO, |sum, o| {
                if o.order_type == "REFUND" {
                    sum.checked_sub(o.payment)
                } else {
                    sum.checked_add(o.payment)
                }
            })
    }

    /// 6.3: saves a new order (`true`) or updates the one with that orderId (`false`). The
    /// order belongs to its memberId, or else to the member its channelType + customerNo is
    /// bound to. A REFUND names the order it refunds in originOrderId (the spec requires it):
    /// an order of the same member, and all refunds of an order together cannot exceed what
    /// was paid for it. Orders whose orderStatus is counted (FINISHED by default) change the
    /// member's consumption, and so the grades.
    pub fn save_order(&mut self, r: OrderSaveRequest, settings: &Settings, now: Millis) -> Result<bool> {
        let r = order_fields(r)?;
        let mt = r.member_type.clone();
        let member_id = self.order_member(&r)?;
        let order_type = r.order_type.as_str().to_owned();
        if order_type != "NORMAL" && order_type != "REFUND" {
            return Err(param(format!("orderType: `{order_type}` is not NORMAL or REFUND")));
        }
        let payment = r
            .payment
            .parsed()
            .copied()
            .filter(|p| !p.is_sign_negative())
            .ok_or_else(|| {
                param(format!(
                    "payment: {} is not an amount (a refund is sent as a positive REFUND order)",
                    r.payment
                ))
            })?;
        let existing = self.orders.get(&r.order_id);
        if let Some(existing) = existing
            && (existing.member_id != member_id || existing.member_type != mt || existing.order_type != order_type)
        {
            return Err(SandboxError::new(
                ErrorKind::OrderConflict,
                format!(
                    "orderId {} is already a {} order of another member or memberType; an update keeps member and orderType",
                    r.order_id, existing.order_type
                ),
            ));
        }
        if order_type == "REFUND" {
            self.check_refund(&r, payment, &member_id)?;
        }
        let at_ms = match &r.order_time {
            Some(text) => time::parse_local("orderTime", text)?,
            None => existing.map_or(now, |e| e.at_ms),
        };
        let record_id = existing.and_then(|e| e.order.id.clone());
        let created = existing.is_none();

        let order = self.order_record(&r, &member_id, record_id, now)?;
        let stored = StoredOrder {
            order,
            member_id: member_id.clone(),
            member_type: mt,
            order_type,
            at_ms,
            payment,
            counted: settings.counted_order_statuses.contains(&r.order_status),
        };
        let consumption = self
            .consumption_with(&member_id, Some((&r.order_id, &stored)))
            .ok_or_else(|| param("the member's consumption would exceed what the sandbox can count"))?
            .max(Decimal::ZERO);
        self.orders.insert(r.order_id.clone(), stored);
        let member = self.member_mut(&member_id)?;
        let previous = member.consumption;
        if created {
            member.orders.push(r.order_id.clone());
        }
        if member.consumption != consumption {
            member.consumption = consumption;
            member.consumption_ms = now;
        }
        self.regrade(&member_id, previous, settings, Some(&r.channel_type), now);
        Ok(created)
    }

    /// 6.1: the member's orders (memberId wins over mobile), newest orderTime first.
    pub fn list_orders(&self, r: &ListOrders) -> Result<OrderPage> {
        let member = self.find_member(&r.member_type, r.member_id.as_deref(), r.mobile.as_deref(), None)?;
        let begin = time::parse_local_opt("orderBeginTime", r.order_begin_time.as_ref())?;
        let end = time::parse_local_opt("orderEndTime", r.order_end_time.as_ref())?;
        let mut orders: Vec<&StoredOrder> = member
            .orders
            .iter()
            .filter_map(|id| self.orders.get(id))
            .filter(|o| {
                r.channel_type
                    .as_ref()
                    .is_none_or(|c| o.order.channel_type.as_ref() == Some(c))
            })
            .filter(|o| {
                r.status
                    .as_ref()
                    .is_none_or(|s| o.order.order_status.as_ref() == Some(s))
            })
            .filter(|o| {
                r.key_word
                    .as_deref()
                    .is_none_or(|w| matches_keyword(&o.order, r.key_type.as_deref(), w))
            })
            .filter(|o| begin.is_none_or(|b| o.at_ms >= b) && end.is_none_or(|e| o.at_ms <= e))
            .collect();
        orders.sort_by(|a, b| {
            b.at_ms
                .cmp(&a.at_ms)
                .then_with(|| a.order.order_id.cmp(&b.order.order_id))
        });
        let all: Vec<Order> = orders.into_iter().map(|o| o.order.clone()).collect();
        Ok(OrderPage {
            current_page: Some(r.current_page),
            data: Some(page(&all, r.current_page, r.page_size)),
            page_size: Some(r.page_size),
            total_count: Some(i64::try_from(all.len()).unwrap_or(i64::MAX)),
            total_page: Some(page_count(all.len(), r.page_size)),
        })
    }

    /// 6.2: an order by memberType, orderId and orderType (and channelType when sent).
    pub fn order_detail(
        &self,
        member_type: &str,
        order_id: &str,
        order_type: &str,
        channel: Option<&str>,
    ) -> Result<Order> {
        self.orders
            .get(order_id)
            .filter(|o| o.member_type == member_type && o.order_type == order_type)
            .filter(|o| channel.is_none_or(|c| o.order.channel_type.as_deref() == Some(c)))
            .map(|o| o.order.clone())
            .ok_or_else(|| {
                SandboxError::new(
                    ErrorKind::OrderNotFound,
                    format!("no {order_type} order {order_id} of memberType {member_type}"),
                )
            })
    }
}

/// The steps of 6.3 (save an order): who it belongs to, whether a refund may be made, and the stored record.
impl State {
    /// The member an order names: by memberId, or by the channel customer bound to one.
    fn order_member(&self, r: &OrderSaveFields) -> Result<String> {
        let mt = &r.member_type;
        match (&r.member_id, &r.customer_no) {
            (Some(id), _) => self.find_member_id(mt, Some(id), None, None),
            (None, Some(customer)) => self
                .index
                .channels
                .get(&key(&[mt, &r.channel_type, customer]))
                .cloned()
                .ok_or_else(|| {
                    SandboxError::new(
                        ErrorKind::MemberNotFound,
                        format!(
                            "no member of memberType {mt} is bound to {} customerNo {customer}",
                            r.channel_type
                        ),
                    )
                }),
            (None, None) => Err(SandboxError::new(
                ErrorKind::MemberNotFound,
                "the order names no member: send memberId (or a customerNo bound to one)",
            )),
        }
    }

    /// A refund names an existing NORMAL order of the same member and refunds no more than it paid, with the other
    /// refunds of it.
    fn check_refund(&self, r: &OrderSaveFields, payment: Decimal, member_id: &str) -> Result<()> {
        if let Some(origin_id) = r.origin_order_id.as_deref().filter(|o| *o != r.order_id) {
            let origin = self
                .orders
                .get(origin_id)
                .filter(|o| o.order_type == "NORMAL")
                .ok_or_else(|| {
                    SandboxError::new(
                        ErrorKind::OrderNotFound,
                        format!("the refunded order {origin_id} does not exist"),
                    )
                })?;
            if origin.member_id != member_id {
                return Err(SandboxError::new(
                    ErrorKind::OrderConflict,
                    format!("the refunded order {origin_id} belongs to another member"),
                ));
            }
            let refunded: Decimal = self
                .orders
                .values()
                .filter(|o| o.order_type == "REFUND" && o.order.order_id.as_deref() != Some(&r.order_id))
                .filter(|o| o.order.origin_order_id.as_deref() == Some(origin_id))
                .map(|o| o.payment)
                .sum();
            if refunded.saturating_add(payment) > origin.payment {
                return Err(SandboxError::new(
                    ErrorKind::RefundExceedsPayment,
                    format!(
                        "order {origin_id} was paid {}; {} is already refunded, {} more cannot be",
                        origin.payment, refunded, payment
                    ),
                ));
            }
        }
        Ok(())
    }

    /// The order as stored: the request's fields with times converted, the member, the record id (a new one for a new
    /// order) and the sync times.
    fn order_record(
        &mut self,
        r: &OrderSaveFields,
        member_id: &str,
        record_id: Option<String>,
        now: Millis,
    ) -> Result<Order> {
        let mut map = as_map(serde_json::to_value(r).map_err(|e| param(e.to_string()))?);
        convert_times(&mut map, ORDER_TIMES, "")?;
        if let Some(Value::Array(items)) = map.get_mut("orderItems") {
            for (i, item) in items.iter_mut().enumerate() {
                if let Value::Object(item) = item {
                    convert_times(item, ITEM_TIMES, &format!("orderItems[{i}]."))?;
                }
            }
        }
        let record_id = record_id.unwrap_or_else(|| {
            self.seq += 1;
            self.seq.to_string()
        });
        map.insert("memberId".to_owned(), Value::String(member_id.to_owned()));
        map.insert("id".to_owned(), Value::String(record_id));
        map.insert("updateTime".to_owned(), Value::String(time::format(now)));
        map.insert("lastSync".to_owned(), Value::String(time::format(now)));
        serde_json::from_value(Value::Object(map)).map_err(|e| param(e.to_string()))
    }
}

/// The fields of a NORMAL or REFUND order to save: the two shapes of 6.3 share them.
fn order_fields(r: OrderSaveRequest) -> Result<OrderSaveFields> {
    let value = match r {
        OrderSaveRequest::NormalOrder(o) => serde_json::to_value(o),
        OrderSaveRequest::RefundOrder(o) => serde_json::to_value(o),
        OrderSaveRequest::Unknown(v) => Ok(v),
    }
    .map_err(|e| param(e.to_string()))?;
    serde_json::from_value(value).map_err(|e| param(format!("body: {e}")))
}
