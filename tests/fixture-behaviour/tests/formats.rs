//! The typed formats of `tests/fixtures/typed-formats.yaml` (generated with every one on):
//! each round-trips its wire text through its Rust type; a client keeps and reports a value
//! that does not parse; a server refuses one with a 400 before the implementation runs; money
//! keeps its digits and its scale is checked.

mod common;

use std::str::FromStr as _;
use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use chrono::{DateTime, Datelike as _, NaiveDate, Timelike as _};
use common::send;
use rust_decimal::Decimal;
use serde_json::{Value, json};
use typed_formats_fixture::models::Event;
use typed_formats_fixture::server::{RequireCredentials, ServerConfig, Stub, router};
use typed_formats_fixture::support::{Lenient, Validate as _};
use typed_formats_fixture::{requests, responses};

/// The schema's example, as the document holds it.
fn example() -> Value {
    json!({
        "id": "0a6f4b1e-3c2d-4e5f-8a9b-0c1d2e3f4a5b",
        "at": "2021-07-13T08:36:03+08:00",
        "on": "2021-07-13",
        "local": "2021-07-13 08:36:03",
        "amount": 85.1,
        "fee": 0.5,
        "firstDay": "2020-01-01",
        "thumbnail": "aGVsbG8=",
        "payload": "d29ybGQ=",
        "holidays": ["2021-10-01", "2021-10-02"],
        "prices": {"tea": 12.5, "cake": 30},
        "attachment": "raw"
    })
}

fn violations(event: &Event) -> Vec<String> {
    event.validate().err().map(|v| v.0.into_iter().map(|v| format!("{} {}", v.path, v.rule)).collect()).unwrap_or_default()
}

#[test]
fn the_example_round_trips_through_typed_values() {
    let event: Event = serde_json::from_value(example()).unwrap();
    assert_eq!(event.id.parsed().map(ToString::to_string).as_deref(), Some("0a6f4b1e-3c2d-4e5f-8a9b-0c1d2e3f4a5b"));
    let at = event.at.parsed().unwrap();
    assert_eq!((at.hour(), at.offset().local_minus_utc()), (8, 8 * 3600), "the offset written is kept");
    assert_eq!(event.on.as_ref().and_then(Lenient::parsed), NaiveDate::from_ymd_opt(2021, 7, 13).as_ref());
    let local = event.local.as_ref().and_then(Lenient::parsed).unwrap();
    assert_eq!(local.to_datetime(), *at, "the Shanghai wall-clock time is the same instant");
    assert_eq!(event.amount.parsed(), Some(&Decimal::from_str("85.1").unwrap()));
    assert_eq!(event.thumbnail.as_ref().and_then(Lenient::parsed).map(Vec::as_slice), Some(&b"hello"[..]));
    assert_eq!(event.payload.as_ref().and_then(Lenient::parsed).map(Vec::as_slice), Some(&b"world"[..]));
    assert_eq!(event.holidays.as_ref().map(|h| h[1].parsed().unwrap().day()), Some(2));
    assert_eq!(event.attachment.as_deref(), Some("raw"), "binary inside JSON stays text");
    assert!(violations(&event).is_empty(), "{:?}", violations(&event));
    assert_eq!(serde_json::to_value(&event).unwrap(), example(), "written back exactly");
}

#[test]
fn money_keeps_its_digits() {
    let mut body = example();
    body["prices"] = json!({"a": 0.1, "b": 0.2});
    let event: Event = serde_json::from_value(body).unwrap();
    let prices = event.prices.unwrap();
    let sum: Decimal = prices.values().map(|p| *p.parsed().unwrap()).sum();
    assert_eq!(sum.to_string(), "0.3", "no binary float's 0.30000000000000004");
}

#[test]
fn defaults_are_typed_values() {
    let event = Event::new(uuid::Uuid::nil(), DateTime::parse_from_rfc3339("2021-07-13T00:00:00Z").unwrap(), Decimal::new(1999, 2));
    assert_eq!(event.fee.parsed(), Some(&Decimal::new(5, 1)));
    assert_eq!(event.first_day.parsed(), NaiveDate::from_ymd_opt(2020, 1, 1).as_ref());
    let written = serde_json::to_value(&event).unwrap();
    assert_eq!(written["amount"], json!(19.99));
    assert_eq!(written["at"], json!("2021-07-13T00:00:00Z"));
}

#[test]
fn a_client_keeps_and_reports_what_does_not_parse() {
    let mut body = example();
    body["at"] = json!("2021-07-13 08:36:03");
    body["id"] = json!("not-a-uuid");
    body["amount"] = json!("lots");
    let event: Event = serde_json::from_value(body.clone()).expect("the whole response is not lost");
    assert_eq!(event.at.unparsed(), Some("2021-07-13 08:36:03"));
    assert_eq!(violations(&event), ["id format", "at format", "amount format"]);
    assert_eq!(serde_json::to_value(&event).unwrap(), body, "written back as received");
}

#[test]
fn the_scale_and_bounds_of_money_are_checked() {
    let mut event: Event = serde_json::from_value(example()).unwrap();
    event.amount = Decimal::from_str("85.125").unwrap().into();
    assert_eq!(violations(&event), ["amount x-decimal"], "at most two decimal places");
    event.prices = Some([("tea".to_owned(), Decimal::from_str("1.001").unwrap().into())].into());
    assert_eq!(violations(&event), ["amount x-decimal", "prices.tea x-decimal"]);
    event.tip = Some(Decimal::from_str("0.125").unwrap().into());
    assert_eq!(
        violations(&event),
        ["amount x-decimal", "tip x-decimal", "prices.tea x-decimal"],
        "through `allOf: [$ref]`"
    );
    event.prices = None;
    event.tip = None;
    event.amount = Decimal::from_str("-0.5").unwrap().into();
    assert_eq!(violations(&event), ["amount minimum"]);
}

#[tokio::test]
async fn a_server_refuses_what_does_not_parse_and_hands_over_typed_values() {
    let seen = Arc::new(Mutex::new(None));
    let log = seen.clone();
    let stub = Stub::new().on_put_event(move |r: requests::PutEvent| {
        let log = log.clone();
        async move {
            *log.lock().unwrap() = Some((r.id.clone(), r.on.clone(), r.since.clone()));
            Ok(responses::PutEventResponse::Ok(r.body))
        }
    });
    let app = router(stub, RequireCredentials, ServerConfig::default());
    let id = "0a6f4b1e-3c2d-4e5f-8a9b-0c1d2e3f4a5b";
    let ok = format!("/events/{id}?on=2021-07-13&since=2021-07-13%2008:36:03");
    let (status, text) = send(&app, "PUT", &ok, Some(example())).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let answered: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(answered, example());
    let (id_seen, on, since) = seen.lock().unwrap().take().unwrap();
    assert_eq!(id_seen.parsed().map(ToString::to_string).as_deref(), Some(id));
    assert_eq!(on.and_then(|d| d.into_parsed().ok()), NaiveDate::from_ymd_opt(2021, 7, 13));
    assert_eq!(since.unwrap().parsed().unwrap().to_datetime().to_rfc3339(), "2021-07-13T08:36:03+08:00");

    for (uri, body, names) in [
        (ok.clone(), json!({"at": "yesterday"}), "at"),
        (ok.clone(), json!({"amount": "85.1"}), "amount"),
        (ok.clone(), json!({"holidays": ["2021-02-30"]}), "holidays"),
        (format!("/events/{id}?on=13/07/2021"), json!({}), "on"),
        (format!("/events/{id}?since=2021-07-13T08:36:03Z"), json!({}), "since"),
        ("/events/42".to_owned(), json!({}), "id"),
    ] {
        let mut sent = example();
        for (k, v) in body.as_object().unwrap() {
            sent[k] = v.clone();
        }
        let (status, text) = send(&app, "PUT", &uri, Some(sent)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri} {body}: {text}");
        assert!(text.contains(names), "{uri} {body}: the answer names `{names}`: {text}");
    }
    assert!(seen.lock().unwrap().is_none(), "the implementation never ran for a refused request");
}
