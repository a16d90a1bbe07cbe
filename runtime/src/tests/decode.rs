//! `decode_struct!` against serde's derive: the same values and the same errors.

use crate::support::*;
use ::serde::Deserialize;
use std::collections::BTreeMap;

/// What serde's derive makes of the fields, with the attributes the generator used to write.
#[derive(Debug, Deserialize, PartialEq)]
struct Derived {
    #[serde(rename = "memberId", deserialize_with = "lenient_string")]
    member_id: String,
    #[serde(default, deserialize_with = "lenient_string_opt")]
    nick: Option<String>,
    #[serde(default, deserialize_with = "lenient_string_or_null")]
    mobile: Option<String>,
    #[serde(default, deserialize_with = "not_null")]
    points: Option<i64>,
    #[serde(default = "Derived::default_grade")]
    grade: i64,
    tags: Vec<String>,
    #[serde(default)]
    note: Option<::serde_json::Value>,
    #[serde(flatten)]
    additional_properties: BTreeMap<String, ::serde_json::Value>,
}

impl Derived {
    fn default_grade() -> i64 {
        3
    }
}

/// The same struct, decoded by the runtime's macro.
#[derive(Debug, PartialEq)]
struct Decoded {
    member_id: String,
    nick: Option<String>,
    mobile: Option<String>,
    points: Option<i64>,
    grade: i64,
    tags: Vec<String>,
    note: Option<::serde_json::Value>,
    additional_properties: BTreeMap<String, ::serde_json::Value>,
}

impl Decoded {
    fn default_grade() -> i64 {
        3
    }
}

decode_struct!(Decoded {
    member_id: "memberId" text error,
    nick: "nick" text_opt none,
    mobile: "mobile" text_or_null none,
    points: "points" not_null none,
    grade: "grade" plain or(Decoded::default_grade),
    tags: "tags" plain error,
    note: "note" plain none,
    ..additional_properties
});

/// Both decodings of `json`, as `Derived` values or error texts.
fn both(json: &str) -> (Result<Derived, String>, Result<Derived, String>) {
    let derived = ::serde_json::from_str::<Derived>(json).map_err(|e| e.to_string());
    let decoded = ::serde_json::from_str::<Decoded>(json)
        .map(|d| Derived {
            member_id: d.member_id,
            nick: d.nick,
            mobile: d.mobile,
            points: d.points,
            grade: d.grade,
            tags: d.tags,
            note: d.note,
            additional_properties: d.additional_properties,
        })
        .map_err(|e| e.to_string().replace("struct Decoded", "struct Derived"));
    (derived, decoded)
}

const CASES: &[&str] = &[
    r#"{"memberId": "m1", "tags": []}"#,
    r#"{"memberId": 42, "nick": true, "mobile": 13800, "points": null, "tags": ["a"]}"#,
    r#"{"memberId": "m1", "tags": [], "grade": 5, "note": {"x": 1}, "extra": [1, 2]}"#,
    r#"{"memberId": "m1", "tags": [], "mobile": null, "nick": null}"#,
    r#"{"tags": []}"#,
    r#"{"memberId": "m1"}"#,
    r#"{"memberId": {"a": 1}, "tags": []}"#,
    r#"{"memberId": "m1", "tags": "a"}"#,
    r#"{"memberId": "m1", "tags": [], "points": "x"}"#,
    r#"{"member\u0049d": "escaped key", "tags": []}"#,
    r#"[]"#,
    r#"7"#,
];

#[test]
fn the_macro_decodes_as_serde_derive_does() {
    for json in CASES {
        let (derived, decoded) = both(json);
        assert_eq!(derived, decoded, "{json}");
    }
    let (_, decoded) = both(CASES[2]);
    let decoded = decoded.unwrap();
    assert_eq!((decoded.grade, decoded.additional_properties.len()), (5, 1));
    assert_eq!(both(CASES[0]).1.unwrap().grade, 3);
    assert!(both(CASES[4]).1.unwrap_err().contains("missing field `memberId`"));
}

#[test]
fn the_macro_decodes_strictly_on_a_server() {
    for json in [
        r#"{"memberId": 42, "tags": []}"#,
        r#"{"memberId": "m1", "tags": [], "nick": null}"#,
        r#"{"memberId": "m1", "tags": [], "points": null}"#,
        r#"{"memberId": "m1", "tags": [], "mobile": null}"#,
    ] {
        let (derived, decoded) = strictly(|| both(json));
        assert_eq!(derived, decoded, "{json}");
    }
    assert!(strictly(|| both(r#"{"memberId": 42, "tags": []}"#)).1.is_err());
}

#[test]
fn a_repeated_key_is_an_error_and_unknown_ones_are_kept_or_skipped() {
    let e = ::serde_json::from_str::<Decoded>(r#"{"memberId": "a", "memberId": "b", "tags": []}"#).unwrap_err();
    assert!(e.to_string().contains("duplicate field `memberId`"), "{e}");
    let d: Decoded = ::serde_json::from_value(::serde_json::json!({"memberId": "a", "tags": [], "z": null})).unwrap();
    assert_eq!(d.additional_properties.get("z"), Some(&::serde_json::Value::Null));
}

#[test]
fn keys_are_borrowed_from_the_input_where_they_can_be() {
    let mut de = ::serde_json::Deserializer::from_str(r#""plain""#);
    let key = Key::deserialize(&mut de).unwrap();
    assert!(matches!(key, Key(::std::borrow::Cow::Borrowed("plain"))), "{key:?}");
    let mut de = ::serde_json::Deserializer::from_str(r#""esc\u0061ped""#);
    assert_eq!(Key::deserialize(&mut de).unwrap().into_owned(), "escaped");
}

#[test]
fn an_untagged_union_tries_the_variant_that_fits_first() {
    use crate::support::{Shape, union_order};
    use serde_json::json;
    let loose = Some(Shape {
        required: &[],
        known: &["note"],
        tags: &[],
    });
    let card = Some(Shape {
        required: &["number", "expiry"],
        known: &["number", "expiry", "note"],
        tags: &[],
    });
    let bank = Some(Shape {
        required: &["iban"],
        known: &["iban"],
        tags: &[],
    });
    let shapes = [loose, card, bank, None];
    // The all-optional first variant no longer takes every object.
    assert_eq!(
        union_order(&json!({"number": "4111", "expiry": "12/30"}), &shapes),
        [1, 0, 3, 2]
    );
    // One unknown key each: the variant that requires what the object has wins.
    assert_eq!(
        union_order(&json!({"iban": "DE00", "note": "x"}), &shapes),
        [2, 0, 3, 1]
    );
    // Ties keep document order; what fits nothing better still tries the loose one first.
    assert_eq!(union_order(&json!({"note": "x"}), &shapes), [0, 3, 1, 2]);
    assert_eq!(union_order(&json!({}), &shapes), [0, 3, 1, 2]);
    // Not an object: document order.
    assert_eq!(union_order(&json!("text"), &shapes), [0, 1, 2, 3]);
}

#[test]
fn one_value_properties_tell_variants_with_the_same_keys_apart() {
    use crate::support::{Shape, union_order};
    use serde_json::json;
    let shape = |tag: &'static str| Shape {
        required: &["id"],
        known: &["id", "object", "deleted"],
        tags: match tag {
            "bank_account" => &[("object", "bank_account")],
            _ => &[("object", "card")],
        },
    };
    let shapes = [Some(shape("bank_account")), Some(shape("card"))];
    assert_eq!(union_order(&json!({"id": "c1", "object": "card"}), &shapes), [1, 0]);
    assert_eq!(
        union_order(&json!({"id": "b1", "object": "bank_account"}), &shapes),
        [0, 1]
    );
    // Without the tag neither is excluded: document order.
    assert_eq!(union_order(&json!({"id": "x"}), &shapes), [0, 1]);
}

/// A required, nullable field: `null` is a value, a missing key is not.
#[derive(Debug, PartialEq)]
struct Closing {
    closed_at: Option<String>,
}
decode_struct!(Closing {
    closed_at: "closedAt" text_or_null none_unless_strict,
});

#[test]
fn a_server_refuses_a_required_nullable_key_missing_and_a_client_reads_none() {
    let read = |json: &str| ::serde_json::from_str::<Closing>(json).map_err(|e| e.to_string());
    assert_eq!(read(r#"{"closedAt": null}"#), Ok(Closing { closed_at: None }));
    assert_eq!(
        read("{}"),
        Ok(Closing { closed_at: None }),
        "lenient: a client reads None"
    );
    assert_eq!(
        strictly(|| read(r#"{"closedAt": null}"#)),
        Ok(Closing { closed_at: None })
    );
    let refused = strictly(|| read("{}")).unwrap_err();
    assert!(refused.contains("missing field `closedAt`"), "{refused}");
}
