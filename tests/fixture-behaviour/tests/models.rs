//! Generated models behave as the schemas say: tuples (`prefixItems`) decode from arrays and
//! check their members' rules at their positions; untagged unions decode as the variant that
//! fits, not the first one that does not fail.

use tuples_fixture::models::{Mark, Point};
use tuples_fixture::support::Validate as _;

#[test]
fn tuples_decode_from_arrays_and_check_each_member() {
    let point: Point = serde_json::from_value(serde_json::json!({
        "at": [52.5, 13.4],
        "label": ["home", 1],
        "span": [{"name": "a"}, {"name": "far too long"}]
    }))
    .unwrap();
    assert_eq!(point.at, (52.5, 13.4));
    assert_eq!(point.label, Some(("home".to_owned(), 1)));
    let violations = point.validate().unwrap_err();
    let text = violations.to_string();
    assert!(text.contains("span[1].name"), "{text}");
    assert_eq!(serde_json::to_value(&point).unwrap()["at"], serde_json::json!([52.5, 13.4]));
    let fine = Point { at: (0.0, 0.0), label: None, span: Some((Mark { name: "a".into() }, Mark { name: "b".into() })) };
    assert!(fine.validate().is_ok());
}

#[test]
fn an_untagged_union_decodes_as_the_variant_that_fits() {
    use serde_json::json;
    use untagged_fixture::models::{Bank, Card, Loose, Payment};
    let decode = |value| serde_json::from_value::<Payment>(value).unwrap();
    // The first variant has only optional properties; it used to take every object.
    assert_eq!(
        decode(json!({"number": "4111", "expiry": "12/30"})),
        Payment::Card(Card { number: "4111".into(), expiry: "12/30".into(), note: None })
    );
    assert_eq!(decode(json!({"iban": "DE00", "note": "x"})), Payment::Bank(Bank { iban: "DE00".into() }));
    assert_eq!(decode(json!({"note": "x"})), Payment::Loose(Loose { note: Some("x".into()) }));
    assert_eq!(decode(json!("cash")), Payment::String("cash".into()));
    // A required key present with a value of the wrong shape: the next variant that decodes.
    assert_eq!(decode(json!({"number": {"bad": 1}, "expiry": "12/30"})), Payment::Loose(Loose { note: None }));
    let err = serde_json::from_value::<Payment>(json!(12)).unwrap_err().to_string();
    assert!(err.contains("no variant of `Payment` fits"), "{err}");
}

#[test]
fn a_one_value_property_tells_variants_with_the_same_keys_apart() {
    use serde_json::json;
    use untagged_fixture::models::{Charge, ChargeObject, Movement, Refund, RefundObject};
    let decode = |value| serde_json::from_value::<Movement>(value).unwrap();
    assert_eq!(
        decode(json!({"id": "ch_1", "object": "charge"})),
        Movement::Charge(Charge { id: "ch_1".into(), object: Some(ChargeObject::Charge) })
    );
    assert_eq!(
        decode(json!({"id": "re_1", "object": "refund"})),
        Movement::Refund(Refund { id: "re_1".into(), object: Some(RefundObject::Refund) })
    );
    // Without it, document order decides.
    assert!(matches!(decode(json!({"id": "x"})), Movement::Refund(_)));
}
