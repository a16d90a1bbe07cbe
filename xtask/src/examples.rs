//! Every example in the document (schema, parameter, media type, named examples) must validate
//! against the schema beside it. OpenAPI 3.0 schemas are turned into JSON Schema draft 4 (the
//! draft they extend) first: `nullable: true` adds `null` to the type.

use std::fmt;

use generator::JsonPointer;
use serde_json::{Map, Value};

/// An example that does not validate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleError {
    pub pointer: String,
    pub errors: Vec<String>,
}

impl fmt::Display for ExampleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pointer, self.errors.join("; "))
    }
}

/// The outcome of checking every example.
#[derive(Debug, Default)]
pub struct ExampleReport {
    pub checked: usize,
    pub failures: Vec<ExampleError>,
}

/// Validates every example of the document against its schema.
pub fn check_examples(doc: &Value) -> ExampleReport {
    let components = to_json_schema(doc.get("components").unwrap_or(&Value::Null));
    let mut report = ExampleReport::default();
    let mut found = Vec::new();
    collect(doc, &JsonPointer::root(), false, &mut found);
    for (example_at, schema_at, example) in found {
        let Some(schema) = schema_at.resolve(doc) else {
            continue;
        };
        report.checked += 1;
        let mut root = match to_json_schema(schema) {
            Value::Object(map) => map,
            other => {
                let mut m = Map::new();
                m.insert("allOf".into(), Value::Array(vec![other]));
                m
            }
        };
        // Component `$ref`s resolve against this root, so the components travel with it.
        root.insert("components".into(), components.clone());
        let root = Value::Object(root);
        let errors = match jsonschema::draft4::new(&root) {
            Ok(validator) => validator
                .iter_errors(example)
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .collect(),
            Err(e) => vec![format!("schema at {schema_at} does not compile: {e}")],
        };
        if !errors.is_empty() {
            report.failures.push(ExampleError {
                pointer: example_at.to_string(),
                errors,
            });
        }
    }
    report
}

/// Finds (example pointer, schema pointer, example) triples. `in_schema` tells whether `v`
/// itself is a schema, whose `example` is checked against it.
fn collect<'a>(v: &'a Value, at: &JsonPointer, in_schema: bool, out: &mut Vec<(JsonPointer, JsonPointer, &'a Value)>) {
    match v {
        Value::Object(map) => {
            let has_schema = map.contains_key("schema");
            let own_schema = if has_schema { at.push("schema") } else { at.clone() };
            if let Some(example) = map.get("example")
                && (has_schema || in_schema)
            {
                out.push((at.push("example"), own_schema.clone(), example));
            }
            if has_schema && let Some(Value::Object(examples)) = map.get("examples") {
                for (name, ex) in examples {
                    if let Some(value) = ex.get("value") {
                        out.push((at.push("examples").push(name.clone()).push("value"), own_schema.clone(), value));
                    }
                }
            }
            for (k, child) in map {
                if k == "example" || k == "examples" && has_schema {
                    continue;
                }
                let child_is_schema = match k.as_str() {
                    "schema" | "items" | "not" | "additionalProperties" => true,
                    "properties" | "allOf" | "oneOf" | "anyOf" => false,
                    _ => false,
                };
                let at = at.push(k.clone());
                match k.as_str() {
                    // Containers whose members are schemas.
                    "properties" if in_schema => collect_members(child, &at, out),
                    "allOf" | "oneOf" | "anyOf" if in_schema => collect_members(child, &at, out),
                    "schemas" if at.tokens().len() == 2 => collect_members(child, &at, out),
                    _ => collect(child, &at, child_is_schema, out),
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                collect(child, &at.push(i.to_string()), false, out);
            }
        }
        _ => {}
    }
}

fn collect_members<'a>(v: &'a Value, at: &JsonPointer, out: &mut Vec<(JsonPointer, JsonPointer, &'a Value)>) {
    match v {
        Value::Object(map) => {
            for (k, child) in map {
                collect(child, &at.push(k.clone()), true, out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                collect(child, &at.push(i.to_string()), true, out);
            }
        }
        _ => {}
    }
}

/// OpenAPI 3.0 schema object to JSON Schema draft 4, recursively.
fn to_json_schema(v: &Value) -> Value {
    match v {
        Value::Object(map) => {
            let mut out: Map<String, Value> = map.iter().map(|(k, v)| (k.clone(), to_json_schema(v))).collect();
            if out.get("nullable") == Some(&Value::Bool(true)) {
                match out.get("type").cloned() {
                    Some(Value::String(t)) => {
                        out.insert("type".into(), serde_json::json!([t, "null"]));
                    }
                    _ => {
                        let inner = Value::Object(out.clone());
                        out = Map::new();
                        out.insert("anyOf".into(), serde_json::json!([inner, {"type": "null"}]));
                    }
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(to_json_schema).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_and_checks_every_kind_of_example() {
        let doc = serde_json::json!({
            "paths": {"/a": {"get": {
                "parameters": [{"name": "n", "in": "query", "schema": {"type": "integer"}, "example": "x"}],
                "responses": {"200": {"content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/A"},
                    "example": {"id": 3}
                }}}}
            }}},
            "components": {"schemas": {"A": {
                "type": "object", "required": ["id"],
                "properties": {"id": {"type": "string", "maxLength": 2, "example": "abc"},
                               "n": {"type": "string", "nullable": true, "example": null}},
                "example": {"id": "ok"}
            }}}
        });
        let report = check_examples(&doc);
        assert_eq!(report.checked, 5);
        let failed: Vec<&str> = report.failures.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(
            failed,
            [
                "#/paths/~1a/get/parameters/0/example",
                "#/paths/~1a/get/responses/200/content/application~1json/example",
                "#/components/schemas/A/properties/id/example",
            ]
        );
    }
}
