//! The comparison on small documents built in place: shared components, security alternatives,
//! usage in both directions, vendor rules, and what reading both versions into one model gives.

use super::*;
use serde_json::json;

/// A Reference Object, written as a document writes it.
fn reference(target: &str) -> Value {
    generator::load::parse_value("ref.yaml", &format!("$ref: '{target}'")).expect("a reference parses")
}

/// Loads both documents (JSON text through the document layer) and compares them.
fn diff(old: &Value, new: &Value) -> Report {
    let load = |v: &Value| generator::load_spec("t.json", &v.to_string()).unwrap_or_else(|e| panic!("{e}"));
    diff_specs(&load(old), &load(new))
}

fn doc(paths: Value, components: Value) -> Value {
    json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": paths, "components": components})
}

fn summary(r: &Report) -> Vec<(String, String, String, Severity, Severity)> {
    r.changes
        .iter()
        .map(|c| {
            (
                c.rule.name().to_owned(),
                c.subject.clone(),
                c.pointer.clone(),
                c.client,
                c.server,
            )
        })
        .collect()
}

fn two_ops(max: u32, security: Value) -> Value {
    let op = |id: &str| {
        json!({"operationId": id, "parameters": [reference("#/components/parameters/Token")],
               "security": security, "responses": {"204": {"description": "done"}}})
    };
    doc(
        json!({"/a": {"post": op("a")}, "/b": {"post": op("b")}}),
        json!({"parameters": {"Token": {"name": "X-Token", "in": "header", "required": true,
                                        "schema": {"type": "string", "maxLength": max}}}}),
    )
}

#[test]
fn a_shared_component_change_is_reported_once_for_every_operation() {
    let sec = json!([{"k1": []}, {"k2": []}]);
    let r = diff(&two_ops(64, sec.clone()), &two_ops(32, sec));
    assert_eq!(
        summary(&r),
        [(
            "constraint-tightened".into(),
            "a, b".into(),
            "#/components/parameters/Token/schema/maxLength".into(),
            B,
            C
        )]
    );
}

#[test]
fn reordered_security_alternatives_are_no_change() {
    let r = diff(
        &two_ops(64, json!([{"k1": [], "k3": []}, {"k2": []}])),
        &two_ops(64, json!([{"k2": []}, {"k3": [], "k1": []}])),
    );
    assert_eq!(r, Report::default());
    let r = diff(&two_ops(64, json!([{"k1": []}])), &two_ops(64, json!([])));
    assert_eq!(r.changes.len(), 2, "{r:#?}");
    assert!(
        r.changes
            .iter()
            .all(|c| c.rule == Rule::SecurityChanged && (c.client, c.server) == (B, B))
    );
}

fn shared_schema(required: Value) -> Value {
    let body = json!({"content": {"application/json": {"schema": reference("#/components/schemas/S")}}});
    doc(
        json!({"/s": {"put": {"operationId": "put", "requestBody": body,
                               "responses": {"200": {"description": "ok", "content": body["content"]}}}}}),
        json!({"schemas": {"S": {"type": "object", "required": required,
                                 "properties": {"a": {"type": "string"}, "b": {"type": "string"}}}}}),
    )
}

#[test]
fn a_schema_used_both_ways_takes_the_stricter_classification() {
    let r = diff(&shared_schema(json!(["a"])), &shared_schema(json!(["a", "b"])));
    assert_eq!(
        summary(&r),
        [(
            "property-became-required".into(),
            "S".into(),
            "#/components/schemas/S/required".into(),
            B,
            P
        )]
    );
}

#[test]
fn a_missing_base_adds_everything() {
    let empty = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}});
    let r = diff(&empty, &shared_schema(json!([])));
    let rules: Vec<&str> = r.changes.iter().map(|c| c.rule.name()).collect();
    assert_eq!(rules, ["operation-added", "schema-added"]);
}

#[test]
fn require_any_of_widened_is_loosened() {
    let op = |groups: Value| {
        doc(
            json!({"/q": {"get": {"operationId": "q", "x-require-any-of": groups,
                                   "responses": {"204": {"description": "none"}}}}}),
            json!({}),
        )
    };
    let r = diff(&op(json!([["a"]])), &op(json!([["a", "b"]])));
    assert_eq!(
        summary(&r),
        [(
            "constraint-loosened".into(),
            "q".into(),
            "#/paths/~1q/get/x-require-any-of".into(),
            C,
            P
        )]
    );
    let r = diff(&op(json!([["a", "b"]])), &op(json!([["a", "b"], ["c"]])));
    assert_eq!(r.changes.len(), 1);
    assert_eq!((r.changes[0].rule, r.changes[0].client), (Rule::ConstraintTightened, B));
}

/// A document with one component schema `S` (the body of `PUT /s`) holding `property`.
fn one_property(version: &str, property: Value) -> Value {
    let mut d = shared_schema(json!([]));
    d["openapi"] = json!(version);
    d["components"]["schemas"]["S"]["properties"]["a"] = property;
    d["components"]["schemas"]["T"] = json!({"type": "string"});
    d
}

#[test]
fn the_same_contract_in_3_1_is_no_change() {
    let v30 = one_property(
        "3.0.3",
        json!({"type": "integer", "nullable": true, "minimum": 1, "exclusiveMinimum": true}),
    );
    let v31 = one_property("3.1.0", json!({"type": ["integer", "null"], "exclusiveMinimum": 1}));
    assert_eq!(diff(&v30, &v31), Report::default());
    // An inclusive bound made exclusive is one tightening, where the exclusive bound is.
    let inclusive = one_property("3.0.3", json!({"type": "integer", "minimum": 1}));
    let r = diff(&inclusive, &v30);
    let pointer = "#/components/schemas/S/properties/a/exclusiveMinimum";
    assert_eq!(
        summary(&r)[1],
        ("constraint-tightened".into(), "S".into(), pointer.into(), B, P)
    );
    assert_eq!(r.changes[1].detail, "minimum `1` → `1` (exclusive)");
}

#[test]
fn nullable_beside_the_same_reference_is_compared() {
    let r = diff(
        &one_property("3.0.3", reference("#/components/schemas/T")),
        &one_property("3.0.3", {
            let mut nullable = reference("#/components/schemas/T");
            nullable["nullable"] = json!(true);
            nullable
        }),
    );
    let pointer = "#/components/schemas/S/properties/a/nullable";
    assert_eq!(
        summary(&r),
        [("nullable-changed".into(), "S".into(), pointer.into(), P, P)]
    );
}

#[test]
fn serialization_flags_and_scheme_flows_are_compared() {
    let api = |reserved: bool, token_url: &str| {
        let mut d = doc(
            json!({"/q": {"get": {"operationId": "q", "responses": {"204": {"description": "none"}},
                "parameters": [{"name": "p", "in": "query", "allowReserved": reserved, "schema": {"type": "string"}}]}}}),
            json!({"securitySchemes": {"o": {"type": "oauth2",
                "flows": {"clientCredentials": {"tokenUrl": token_url, "scopes": {}}}}}}),
        );
        d["security"] = json!([{"o": []}]);
        d
    };
    let r = diff(&api(false, "https://a/token"), &api(true, "https://b/token"));
    let rules: Vec<(&str, &str)> = r.changes.iter().map(|c| (c.rule.name(), c.pointer.as_str())).collect();
    assert_eq!(
        rules,
        [
            ("type-changed", "#/paths/~1q/get/parameters/0/allowReserved"),
            ("security-scheme-changed", "#/components/securitySchemes/o"),
        ]
    );
    assert!(r.changes[1].detail.starts_with("flows: `{"), "{}", r.changes[1].detail);
}
