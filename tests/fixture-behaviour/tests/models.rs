//! Generated models behave as the schemas say: tuples (`prefixItems`) decode from arrays and
//! check their members' rules at their positions.

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
