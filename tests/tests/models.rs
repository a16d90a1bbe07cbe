//! The generated models behave as the principles say: lenient on input (unknown keys and enum
//! values kept, numbers accepted for text, strings or integers where the spec shows both),
//! strict on output (`validate()` reports every broken rule with its field path).

use serde_json::json;
use shuyun_crm::models::*;
use shuyun_crm::requests;
use shuyun_crm::support::Validate;

/// The response example of 3.2 (`queryMember`), as the spec holds it.
fn member_example() -> serde_json::Value {
    let text = std::fs::read_to_string(xtask::project_root().join(xtask::SPEC_PATH)).unwrap();
    let spec = generator::load_spec("spec/openapi.yaml", &text).unwrap();
    let site = spec
        .operations()
        .into_iter()
        .find(|s| s.key == "/member/query")
        .expect("queryMember");
    let entry = site
        .operation
        .responses
        .iter()
        .find(|r| r.key == "200")
        .expect("a 200 response");
    let response = spec.resolve(&entry.response).expect("the 200 response resolves");
    response.content["application/json"]
        .example
        .clone()
        .expect("queryMember has a response example")
}

#[test]
fn the_spec_example_decodes_and_round_trips() {
    let example = member_example();
    let member: MemberInfo = serde_json::from_value(example.clone()).unwrap();
    assert_eq!(member.age, Some(MemberInfoAge::Integer(18)), "age is shown as 18");
    assert_eq!(member.gender, Some(Gender::Female));
    let back = serde_json::to_value(&member).unwrap();
    assert_eq!(back, example, "encoding writes back exactly what was decoded");
}

#[test]
fn decoding_is_lenient() {
    let mut example = member_example();
    example["gender"] = json!("X");
    example["cardNo"] = json!(132156);
    example["age"] = json!("18");
    example["brandNewKey"] = json!({"nested": true});
    example["customizedProperties"]["brandTag"] = json!("VIP");
    let member: MemberInfo = serde_json::from_value(example).unwrap();
    assert_eq!(member.gender, Some(Gender::Unknown("X".into())));
    assert!(!member.gender.as_ref().unwrap().is_known());
    assert_eq!(
        member.card_no.as_deref(),
        Some("132156"),
        "a number where text is documented"
    );
    assert_eq!(member.age, Some(MemberInfoAge::String("18".into())));
    let props = member.customized_properties.as_ref().unwrap();
    assert_eq!(
        props.additional_properties.get("brandTag"),
        Some(&json!("VIP")),
        "open maps keep keys"
    );
    let back = serde_json::to_value(&member).unwrap();
    assert_eq!(back["gender"], "X", "unknown enum values are written back unchanged");
    assert_eq!(back["customizedProperties"]["brandTag"], "VIP");
    assert!(back.get("brandNewKey").is_none(), "closed objects drop unknown keys");
}

#[test]
fn unknown_enum_values_fail_validation_of_requests() {
    let mut change = PointChangeRequest::new(
        PointChangeRequestChangeType::from("GIFT"),
        "TAOBAO",
        "备注",
        "0040a85608844820900558fc2671cb7c",
        "shuyun",
        100,
        "E0001",
    );
    let violations = change.validate().unwrap_err().0;
    assert_eq!(violations.len(), 1, "{violations:?}");
    assert_eq!(
        (violations[0].path.as_str(), violations[0].rule),
        ("changeType", "enum")
    );
    change.change_type = PointChangeRequestChangeType::Send;
    change.validate().unwrap();
}

#[test]
fn validate_reports_every_violation_with_its_path() {
    let change = PointChangeRequest {
        effect_time: Some(LocalDateTime::from_wire("2021-07-13T08:36:03+08:00")),
        ..PointChangeRequest::new(
            PointChangeRequestChangeType::Deduct,
            "C".repeat(21),
            "d",
            "m".repeat(33),
            "shuyun",
            1,
            "E",
        )
    };
    let violations = change.validate().unwrap_err().0;
    let found: Vec<(&str, &str)> = violations.iter().map(|v| (v.path.as_str(), v.rule)).collect();
    assert_eq!(
        found,
        [
            ("channelType", "maxLength"),
            ("effectTime", "format"),
            ("memberId", "maxLength")
        ],
        "{violations:#?}"
    );
    assert!(violations[0].message.contains("21 characters"), "{}", violations[0]);
}

#[test]
fn requests_check_parameters_and_require_any_of() {
    let missing = requests::QueryMember::new("shuyun");
    let violations = missing.validate().unwrap_err().0;
    assert_eq!(violations.len(), 1);
    assert_eq!(violations[0].rule, "x-require-any-of");
    assert!(
        violations[0].message.contains("memberId, mobile, cardNo"),
        "{}",
        violations[0]
    );
    requests::QueryMember::new("shuyun")
        .mobile("15021228866")
        .validate()
        .unwrap();

    let records = requests::ListPointRecords::new("shuyun")
        .member_id("0040a85608844820900558fc2671cb7c")
        .page_size(101)
        .start_time(LocalDateTime::from_wire("2021-07-13"));
    let found: Vec<(String, &str)> = records
        .validate()
        .unwrap_err()
        .0
        .into_iter()
        .map(|v| (v.path, v.rule))
        .collect();
    assert_eq!(
        found,
        [("pageSize".to_string(), "maximum"), ("startTime".to_string(), "format")]
    );
}

#[test]
fn nested_violations_carry_the_full_path() {
    let register = RegisterMemberRequest {
        customized_properties: Some(MemberCustomizedProperties {
            register_source: Some("来".repeat(101)),
            ..Default::default()
        }),
        ..RegisterMemberRequest::new("TAOBAO", "c1", "shuyun")
    };
    let violations = register.validate().unwrap_err().0;
    let found: Vec<(&str, &str)> = violations.iter().map(|v| (v.path.as_str(), v.rule)).collect();
    assert_eq!(found, [("customizedProperties.registerSource", "maxLength")]);
    // Length counts characters, not bytes: 100 Chinese characters are allowed.
    let mut ok = register.clone();
    ok.customized_properties.as_mut().unwrap().register_source = Some("来".repeat(100));
    ok.validate().unwrap();
}

#[test]
fn null_is_absent_for_a_client_and_refused_by_a_server_unless_nullable() {
    use shuyun_crm::support::{lenient_string_opt, lenient_string_or_null, not_null, strictly};
    let null = serde_json::Value::Null;
    // Lenient (a client reading an answer): `null` is absent, nullable or not.
    assert_eq!(lenient_string_opt(&null).unwrap(), None);
    assert_eq!(lenient_string_or_null(&null).unwrap(), None);
    assert_eq!(not_null::<_, i64>(&null).unwrap(), None);
    // Strict (a server reading a request): `null` only where the spec declares it nullable.
    strictly(|| {
        assert_eq!(lenient_string_or_null(&null).unwrap(), None);
        let text = lenient_string_opt(&null).unwrap_err().to_string();
        assert!(
            text.contains("is null, but the spec does not declare it nullable"),
            "{text}"
        );
        assert!(not_null::<_, i64>(&null).is_err());
        assert_eq!(not_null::<_, i64>(&json!(3)).unwrap(), Some(3));
        assert_eq!(lenient_string_opt(&json!("x")).unwrap().as_deref(), Some("x"));
    });
    assert_eq!(
        not_null::<_, i64>(&null).unwrap(),
        None,
        "strictness ends with `strictly`"
    );
}
