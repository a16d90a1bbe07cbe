//! Typed formats: each reads its wire text, writes it back the same, keeps what does not parse
//! (leniently) or refuses it (strictly), and reports it in `validate()`.

use ::chrono::{DateTime, Datelike, FixedOffset, NaiveDate, Timelike};
use ::rust_decimal::Decimal;

use crate::format_time::LocalDateTime;
use crate::support::{Check, FromParam, Lenient, ToParam, Validate, strictly};

type Shanghai = LocalDateTime<28800>;

fn read<T: crate::support::Format>(json: &str) -> Lenient<T> {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"))
}

fn write<T: crate::support::Format>(value: &Lenient<T>) -> String {
    serde_json::to_string(value).unwrap()
}

/// Reads JSON as one format and writes it back.
type RoundTrip = fn(&str) -> String;

/// Wire text in, the same wire text out, for every format and a few values of each.
#[test]
fn every_format_round_trips_its_wire_text() {
    let cases: &[(&str, RoundTrip)] = &[
        (r#""2021-07-13T08:36:03+08:00""#, |j| {
            write(&read::<DateTime<FixedOffset>>(j))
        }),
        (r#""2021-07-13T00:36:03Z""#, |j| {
            write(&read::<DateTime<FixedOffset>>(j))
        }),
        (r#""2021-07-13T00:36:03.250-05:30""#, |j| {
            write(&read::<DateTime<FixedOffset>>(j))
        }),
        (r#""2024-02-29""#, |j| write(&read::<NaiveDate>(j))),
        (r#""2021-07-13 08:36:03""#, |j| write(&read::<Shanghai>(j))),
        (r#""0a6f4b1e-3c2d-4e5f-8a9b-0c1d2e3f4a5b""#, |j| {
            write(&read::<uuid::Uuid>(j))
        }),
        (r#""aGVsbG8gd29ybGQ=""#, |j| write(&read::<Vec<u8>>(j))),
        ("85.1", |j| write(&read::<Decimal>(j))),
        ("170", |j| write(&read::<Decimal>(j))),
        ("0.3", |j| write(&read::<Decimal>(j))),
        ("12345678901.23", |j| write(&read::<Decimal>(j))),
    ];
    for (json, round_trip) in cases {
        assert_eq!(round_trip(json), *json, "{json}");
    }
}

#[test]
fn parsed_values_are_the_values_the_text_means() {
    let at = read::<DateTime<FixedOffset>>(r#""2021-07-13T08:36:03+08:00""#);
    let at = at.parsed().unwrap();
    assert_eq!((at.hour(), at.offset().local_minus_utc()), (8, 28800));
    assert_eq!(read::<NaiveDate>(r#""2024-02-29""#).parsed().unwrap().day(), 29);
    assert_eq!(
        read::<Vec<u8>>(r#""aGVsbG8gd29ybGQ""#).parsed().unwrap(),
        b"hello world",
        "unpadded"
    );
    // Money keeps its digits: no binary float's neighbour reaches the consumer.
    let sum = read::<Decimal>("0.1").into_parsed().unwrap() + read::<Decimal>("0.2").into_parsed().unwrap();
    assert_eq!(sum.to_string(), "0.3");
    assert_eq!(
        read::<Decimal>(r#""85.10""#).parsed().unwrap().to_string(),
        "85.10",
        "a string keeps its scale"
    );
}

#[test]
fn local_date_times_know_their_offset() {
    let local = read::<Shanghai>(r#""2021-07-13 08:36:03""#).into_parsed().unwrap();
    assert_eq!(local.to_datetime().to_rfc3339(), "2021-07-13T08:36:03+08:00");
    let instant = DateTime::parse_from_rfc3339("2021-07-13T00:36:03.9Z").unwrap();
    assert_eq!(
        Shanghai::from_datetime(&instant),
        local,
        "converted to +08:00, sub-seconds dropped"
    );
    assert_eq!(LocalDateTime::<-18000>::offset().local_minus_utc(), -18000);
}

/// A client keeps what does not parse, and writes it back unchanged; `validate()` reports it.
#[test]
fn leniently_a_value_that_does_not_parse_is_kept_and_reported() {
    for (json, kept) in [
        (r#""2021-07-13 08:36:03""#, "2021-07-13 08:36:03"),
        (r#""yesterday""#, "yesterday"),
        ("20210713", "20210713"),
        ("true", "true"),
    ] {
        let value = read::<DateTime<FixedOffset>>(json);
        assert_eq!(value.unparsed(), Some(kept), "{json}");
        let problems = value.validate().unwrap_err();
        assert_eq!(problems.0[0].rule, "format");
        assert!(problems.0[0].message.contains("is not a date-time"), "{problems}");
    }
    assert_eq!(write(&read::<uuid::Uuid>(r#""not-a-uuid""#)), r#""not-a-uuid""#);
    assert_eq!(read::<Decimal>(r#""abc""#).unparsed(), Some("abc"));
    // A number where a date-time text was documented is read leniently as its text.
    assert_eq!(
        read::<Decimal>(r#""85.5""#)
            .parsed()
            .map(ToString::to_string)
            .as_deref(),
        Some("85.5")
    );
}

/// A server refuses a value that is not of its format, or of the wrong JSON kind.
#[test]
fn strictly_a_value_that_does_not_parse_is_refused() {
    let refused = |json: &str| strictly(|| serde_json::from_str::<Lenient<DateTime<FixedOffset>>>(json)).is_err();
    assert!(refused(r#""yesterday""#));
    assert!(refused(r#""2021-07-13 08:36:03""#));
    assert!(!refused(r#""2021-07-13T08:36:03+08:00""#));
    let money = |json: &str| strictly(|| serde_json::from_str::<Lenient<Decimal>>(json)).is_ok();
    assert!(money("85.1"));
    assert!(!money(r#""85.1""#), "strictly, money is a JSON number");
}

#[test]
fn parameters_are_the_wire_text() {
    let mut out = Vec::new();
    Lenient::from(Shanghai::from(
        NaiveDate::from_ymd_opt(2021, 7, 13)
            .unwrap()
            .and_hms_opt(8, 36, 3)
            .unwrap(),
    ))
    .to_param("startTime", &mut out);
    assert_eq!(out, [("startTime", "2021-07-13 08:36:03".to_owned())]);
    assert!(Lenient::<Shanghai>::from_param(&["2021-07-13 08:36:03"]).is_ok());
    let refused = Lenient::<Shanghai>::from_param(&["2021-13-01 00:00:00"]).unwrap_err();
    assert!(refused.contains("is not a local date-time"), "{refused}");
}

#[test]
fn scale_bounds_the_decimal_places() {
    let check = |json: &str| {
        let value: Option<Lenient<Decimal>> = Some(read(json));
        let mut out = Vec::new();
        Check::at("order", &mut out).scale("amount", &value, 2);
        out
    };
    assert!(check("85.12").is_empty());
    assert!(check("85").is_empty());
    let problems = check("85.125");
    assert_eq!(problems[0].path, "order.amount");
    assert_eq!(problems[0].message, "has 3 decimal places, at most 2 allowed");
    let mut out = Vec::new();
    Check::at("", &mut out).scale("amounts", &vec![1.5_f64, 2.255], 2);
    assert_eq!(out[0].path, "amounts[1]", "plain floats too");
}
