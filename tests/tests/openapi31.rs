//! OpenAPI 3.1 reads into the same model as 3.0: the CRM contract, converted mechanically to
//! 3.1, generates a byte-identical crate.

mod common;

use serde_json::{Map, Value, json};

/// Rewrites a 3.0 document as 3.1 says the same thing: `nullable: true` becomes a `null`
/// type, a boolean `exclusiveMinimum`/`exclusiveMaximum` becomes the bound itself, a schema's
/// `example` becomes `examples`, `format: byte` becomes `contentEncoding: base64`.
fn to_3_1(doc: &mut Value) {
    doc["openapi"] = json!("3.1.0");
    walk(doc, false);
}

/// The keys under which a schema holds schemas, and under which an OpenAPI object holds one.
const ONE_SCHEMA: [&str; 4] = ["items", "additionalProperties", "not", "schema"];
const SCHEMA_LISTS: [&str; 3] = ["allOf", "oneOf", "anyOf"];
const SCHEMA_MAPS: [&str; 2] = ["properties", "schemas"];

fn walk(v: &mut Value, is_schema: bool) {
    match v {
        Value::Object(map) => {
            if is_schema {
                convert_schema(map);
            }
            let keys: Vec<String> = map.keys().cloned().collect();
            for k in keys {
                let child = map.get_mut(&k).expect("a listed key");
                let literal =
                    k.starts_with("x-") || matches!(k.as_str(), "example" | "examples" | "default" | "enum" | "const");
                match k.as_str() {
                    _ if literal => {}
                    k if ONE_SCHEMA.contains(&k) => walk(child, child.is_object()),
                    k if SCHEMA_LISTS.contains(&k) && is_schema => {
                        for item in child.as_array_mut().into_iter().flatten() {
                            walk(item, true);
                        }
                    }
                    k if SCHEMA_MAPS.contains(&k) => {
                        for item in child.as_object_mut().into_iter().flat_map(|m| m.values_mut()) {
                            walk(item, true);
                        }
                    }
                    _ => walk(child, false),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| walk(i, false)),
        _ => {}
    }
}

fn convert_schema(map: &mut Map<String, Value>) {
    if map.remove("nullable") == Some(Value::Bool(true)) {
        match map.get("type").cloned() {
            Some(Value::String(t)) => {
                map.insert("type".into(), json!([t, "null"]));
            }
            _ => {
                let rest = Value::Object(std::mem::take(map));
                map.insert("anyOf".into(), json!([rest, {"type": "null"}]));
            }
        }
    }
    for (flag, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(Value::Bool(b)) = map.remove(flag)
            && b
            && let Some(n) = map.remove(bound)
        {
            map.insert(flag.into(), n);
        }
    }
    if let Some(example) = map.remove("example") {
        map.insert("examples".into(), json!([example]));
    }
    if map.get("format") == Some(&json!("byte")) {
        map.remove("format");
        map.insert("contentEncoding".into(), json!("base64"));
    }
}

#[test]
fn the_crm_contract_as_3_1_generates_the_same_crate() {
    let spec = common::crm();
    let mut value = common::json(&spec);
    to_3_1(&mut value);
    let text = serde_json::to_string_pretty(&value).unwrap();
    assert!(
        text.contains("\"openapi\": \"3.1.0\"") && text.contains("\"examples\": ["),
        "converted"
    );
    let converted = generator::load_spec(&spec.file, &text).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(converted.version, generator::document::Version::V3_1);
    let warnings = generator::validate::validate_spec(&converted)
        .unwrap_or_else(|e| panic!("{e}"))
        .warnings;
    assert!(
        warnings.is_empty(),
        "{}",
        warnings.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
    );
    let original = common::generate(&spec);
    let again = common::generate(&converted);
    assert_eq!(original.keys().collect::<Vec<_>>(), again.keys().collect::<Vec<_>>());
    for (path, text) in &original {
        assert!(again[path] == *text, "{path} differs when generated from the 3.1 form");
    }
}

#[test]
fn the_conversion_rewrites_what_3_1_says_differently() {
    let mut doc = json!({
        "openapi": "3.0.3",
        "components": {"schemas": {
            "A": {"type": "integer", "nullable": true, "minimum": 1, "exclusiveMinimum": true, "example": 2},
            "B": {"allOf": [{"$ref": "#/components/schemas/A"}], "nullable": true},
            "C": {"type": "object", "properties": {"d": {"type": "string", "format": "byte", "example": "YQ=="}}}
        }}
    });
    to_3_1(&mut doc);
    assert_eq!(
        doc["components"]["schemas"],
        json!({
            "A": {"type": ["integer", "null"], "exclusiveMinimum": 1, "examples": [2]},
            "B": {"anyOf": [{"allOf": [{"$ref": "#/components/schemas/A"}]}, {"type": "null"}]},
            "C": {"type": "object", "properties": {"d": {"type": "string", "contentEncoding": "base64", "examples": ["YQ=="]}}}
        })
    );
}
