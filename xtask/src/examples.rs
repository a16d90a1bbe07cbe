//! Every example in the document (schema, parameter, header, media type, named examples) must
//! validate against the schema beside it. Schemas are given to the validator as JSON Schema
//! 2020-12, which the document layer writes for either OpenAPI version (3.0's `nullable: true`
//! as a `null` type, ...); formats are checked too.

use std::fmt;

use generator::JsonPointer;
use generator::document::{Document, Example, MaybeRef, Node, Schema};
use serde_json::Value;

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
pub fn check_examples(doc: &Document) -> ExampleReport {
    let mut found: Vec<(JsonPointer, &Schema, &Value)> = Vec::new();
    doc.each_node(&mut |node| match node {
        Node::Schema(s) => found.extend(s.examples.iter().map(|(at, v)| (at.clone(), s, v))),
        Node::Parameter(p) => {
            if let Some(s) = &p.schema {
                beside(doc, s, &p.at, p.example.as_ref(), &p.examples, &mut found);
            }
        }
        Node::Header(h) => {
            if let Some(s) = &h.schema {
                beside(doc, s, &h.at, h.example.as_ref(), &h.examples, &mut found);
            }
        }
        Node::MediaType(m) => {
            if let Some(s) = &m.schema {
                beside(doc, s, &m.at, m.example.as_ref(), &m.examples, &mut found);
            }
        }
        _ => {}
    });
    let mut report = ExampleReport::default();
    for (example_at, schema, example) in found {
        report.checked += 1;
        let root = doc.json_schema(schema);
        let errors = match jsonschema::options().should_validate_formats(true).build(&root) {
            Ok(validator) => validator
                .iter_errors(example)
                .map(|e| format!("{} at {}", e, e.instance_path()))
                .collect(),
            Err(e) => vec![format!("schema at {} does not compile: {e}", schema.at)],
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

/// The `example` and named `examples` of a parameter, header or media type, each with the
/// schema beside it.
fn beside<'d>(
    doc: &'d Document,
    schema: &'d Schema,
    at: &JsonPointer,
    example: Option<&'d Value>,
    examples: &'d indexmap::IndexMap<String, MaybeRef<Example>>,
    out: &mut Vec<(JsonPointer, &'d Schema, &'d Value)>,
) {
    if let Some(v) = example {
        out.push((at.push("example"), schema, v));
    }
    for (name, e) in examples {
        if let Some(value) = doc.resolve(e).ok().and_then(|e| e.value.as_ref()) {
            out.push((at.push("examples").push(name).push("value"), schema, value));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A Reference Object, written as a document writes it.
    fn reference(target: &str) -> Value {
        generator::load::parse_value("ref.yaml", &format!("$ref: '{target}'")).expect("a reference parses")
    }

    #[test]
    fn finds_and_checks_every_kind_of_example() {
        let doc = serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {
                "parameters": [{"name": "n", "in": "query", "schema": {"type": "integer"}, "example": "x"}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": reference("#/components/schemas/A"),
                    "example": {"id": 3}
                }}}}
            }}},
            "components": {"schemas": {"A": {
                "type": "object", "required": ["id"],
                "properties": {"id": {"type": "string", "maxLength": 2, "example": "abc"},
                               "n": {"type": "string", "nullable": true, "example": null},
                               "at": {"type": "string", "format": "date-time", "example": "yesterday"}},
                "example": {"id": "ok"}
            }}}
        });
        let doc = generator::load_spec("t.json", &doc.to_string()).unwrap();
        let report = check_examples(&doc);
        assert_eq!(report.checked, 6);
        let failed: Vec<&str> = report.failures.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(
            failed,
            [
                "#/paths/~1a/get/parameters/0/example",
                "#/paths/~1a/get/responses/200/content/application~1json/example",
                "#/components/schemas/A/properties/id/example",
                "#/components/schemas/A/properties/at/example",
            ]
        );
    }

    #[test]
    fn a_3_1_document_is_checked_the_same_way() {
        let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n    A:\n      type: [string, 'null']\n      maxLength: 2\n      examples: [ab, null, abc]\n    B:\n      type: integer\n      exclusiveMinimum: 0\n      examples: [0, 1]\n";
        let doc = generator::load_spec("t.yaml", text).unwrap();
        let report = check_examples(&doc);
        assert_eq!(report.checked, 5);
        let failed: Vec<&str> = report.failures.iter().map(|f| f.pointer.as_str()).collect();
        assert_eq!(
            failed,
            ["#/components/schemas/A/examples/2", "#/components/schemas/B/examples/0"]
        );
    }
}
