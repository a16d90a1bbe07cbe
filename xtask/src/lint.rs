//! Project rules for spec/openapi.yaml that no OpenAPI validator knows: naming and tagging of
//! operations, the error body on every error response, idempotency headers on the
//! operations that change points or grant coupons, resolvable `$ref`s, no unused component.
//!
//! The CRM-specific choices are in [`LintConfig::crm`]; the checks themselves are generic.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use generator::JsonPointer;
use generator::document::{Document, Operation, ParamLocation, Response, ref_pointer};
use serde_json::Value;

/// What the project requires of its contract.
#[derive(Debug, Clone)]
pub struct LintConfig {
    /// The schema every 4xx and `default` response must return, directly or narrowed by a
    /// one-part `allOf`.
    pub error_schema: String,
    /// Operations that must carry a required header marked `x-idempotency-key: true`, with the
    /// header's name.
    pub idempotent_operations: Vec<(String, String)>,
}

impl LintConfig {
    /// The rules of the Shuyun CRM contract.
    pub fn crm() -> Self {
        let token = "X-Business-Token";
        let ops = [
            ("changePoints", token),
            ("freezePoints", token),
            ("unfreezePoints", token),
            ("consumeFrozenPoints", token),
            ("changePastPoints", token),
            ("grantCoupon", "X-Request-Sequence"),
        ];
        Self {
            error_schema: "#/components/schemas/ErrorBody".into(),
            idempotent_operations: ops.iter().map(|(o, h)| (o.to_string(), h.to_string())).collect(),
        }
    }
}

/// One rule broken at one place.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    pub pointer: String,
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.pointer, self.message)
    }
}

/// Runs every rule and returns all findings, sorted.
pub fn lint_spec(doc: &Document, config: &LintConfig) -> Vec<Finding> {
    let mut out = Vec::new();
    check_refs(doc, &mut out);
    check_operations(doc, config, &mut out);
    check_unused_components(doc, &mut out);
    out.sort();
    out
}

fn finding(out: &mut Vec<Finding>, pointer: &JsonPointer, message: impl Into<String>) {
    out.push(Finding {
        pointer: pointer.to_string(),
        message: message.into(),
    });
}

fn check_refs(doc: &Document, out: &mut Vec<Finding>) {
    for e in doc.reference_errors() {
        // Reported at the object that holds the `$ref`.
        finding(out, &e.at.parent(), e.to_string());
    }
}

fn check_operations(doc: &Document, config: &LintConfig, out: &mut Vec<Finding>) {
    let declared_tags: BTreeSet<&str> = doc.tags.iter().map(|t| t.name.as_str()).collect();
    let mut ids: BTreeMap<&str, Vec<JsonPointer>> = BTreeMap::new();
    let operations = doc.operations();
    for site in &operations {
        let (at, op) = (&site.at, site.operation);
        match op.operation_id.as_deref() {
            Some(id) if !id.is_empty() => ids.entry(id).or_default().push(at.clone()),
            _ => finding(out, at, "operation has no operationId"),
        }
        if op.summary.as_deref().is_none_or(str::is_empty) {
            finding(out, at, "operation has no summary");
        }
        if op.tags.len() != 1 {
            finding(out, at, format!("operation has {} tags, expected one", op.tags.len()));
        }
        for t in op.tags.iter().filter(|t| !declared_tags.contains(t.as_str())) {
            finding(out, at, format!("tag `{t}` is not declared in the top-level tags"));
        }
        check_error_responses(doc, config, op, out);
    }
    for (id, places) in &ids {
        for at in places.iter().skip(1) {
            finding(out, at, format!("operationId `{id}` is also used at {}", places[0]));
        }
    }
    for (op_id, header) in &config.idempotent_operations {
        let Some(site) = operations
            .iter()
            .find(|s| s.operation.operation_id.as_deref() == Some(op_id))
        else {
            finding(
                out,
                &JsonPointer::root().push("paths"),
                format!("operation `{op_id}` is missing"),
            );
            continue;
        };
        let carries = site
            .operation
            .parameters
            .iter()
            .filter_map(|p| doc.resolve(p).ok())
            .any(|p| {
                p.location == ParamLocation::Header
                    && p.name == *header
                    && p.required == Some(true)
                    && p.extensions.get("x-idempotency-key") == Some(&Value::Bool(true))
            });
        if !carries {
            finding(
                out,
                &site.at,
                format!("`{op_id}` must take the required header {header} marked x-idempotency-key: true"),
            );
        }
    }
}

/// Each 4XX and default response of an operation returns the configured error schema.
fn check_error_responses(doc: &Document, config: &LintConfig, op: &Operation, out: &mut Vec<Finding>) {
    for entry in &op.responses {
        if !(entry.key.starts_with('4') || entry.key == "default") {
            continue;
        }
        // The schema itself, or a schema that narrows it (`allOf: [$ref]` plus
        // constraints, as the CRM's envelope narrows the open error body).
        let schema = doc
            .resolve::<Response>(&entry.response)
            .ok()
            .and_then(|r| r.content.get("application/json"))
            .and_then(|m| m.schema.as_ref());
        let schema_ref = schema
            .and_then(|s| match (&s.reference, s.all_of.as_slice()) {
                (Some(r), _) => Some(r),
                (None, [only]) => only.reference.as_ref(),
                _ => None,
            })
            .map(|r| r.target.as_str());
        if schema_ref != Some(config.error_schema.as_str()) {
            finding(
                out,
                &entry.at,
                format!("error response does not return {}", config.error_schema),
            );
        }
    }
}

/// Components that nothing outside `components` reaches, directly or through other components.
fn check_unused_components(doc: &Document, out: &mut Vec<Finding>) {
    // Every reference: where it is written, and the pointer it names.
    let mut refs: Vec<(JsonPointer, JsonPointer)> = Vec::new();
    doc.each_reference(&mut |r, _| {
        if let Ok(target) = ref_pointer(&r.target) {
            refs.push((r.at.clone(), target));
        }
    });
    let components = JsonPointer::root().push("components");
    let mut queue: Vec<JsonPointer> = refs
        .iter()
        .filter(|(at, _)| !at.starts_with(&components))
        .map(|(_, target)| target.clone())
        .collect();
    let mut reached: BTreeSet<JsonPointer> = BTreeSet::new();
    while let Some(target) = queue.pop() {
        if !reached.insert(target.clone()) {
            continue;
        }
        queue.extend(
            refs.iter()
                .filter(|(at, _)| at.starts_with(&target))
                .map(|(_, t)| t.clone()),
        );
    }
    // Security schemes are used by name from `security` requirements, not by `$ref`.
    let requirements = doc.security.iter().flatten().chain(
        doc.operations()
            .into_iter()
            .flat_map(|s| s.operation.security.iter().flatten()),
    );
    let security_names: BTreeSet<&str> = requirements
        .flat_map(|r| r.schemes.keys().map(String::as_str))
        .collect();
    let c = &doc.components;
    let kinds: [(&str, Vec<&String>); 9] = [
        ("schemas", c.schemas.keys().collect()),
        ("responses", c.responses.keys().collect()),
        ("parameters", c.parameters.keys().collect()),
        ("examples", c.examples.keys().collect()),
        ("requestBodies", c.request_bodies.keys().collect()),
        ("headers", c.headers.keys().collect()),
        ("securitySchemes", c.security_schemes.keys().collect()),
        ("callbacks", c.callbacks.keys().collect()),
        ("pathItems", c.path_items.keys().collect()),
    ];
    for (kind, names) in kinds {
        for name in names {
            let pointer = components.push(kind).push(name);
            let used = if kind == "securitySchemes" {
                security_names.contains(name.as_str())
            } else {
                reached.iter().any(|r| r.starts_with(&pointer))
            };
            if !used {
                finding(out, &pointer, format!("component `{name}` is never used"));
            }
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

    fn spec(value: Value) -> Document {
        let text = value.to_string();
        generator::load_spec("t.json", &text).unwrap_or_else(|e| panic!("{e}"))
    }

    fn config() -> LintConfig {
        LintConfig {
            error_schema: "#/components/schemas/Err".into(),
            idempotent_operations: vec![("change".into(), "X-Token".into())],
        }
    }

    fn doc(change_params: Value, bad_status: Value) -> Value {
        serde_json::json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "tags": [{"name": "a"}],
            "security": [{"key": []}],
            "paths": {
                "/x": {
                    "get": {"operationId": "read", "summary": "s", "tags": ["a"], "responses": {
                        "200": {"description": "ok", "content": {"application/json": {"schema": reference("#/components/schemas/Ok")}}},
                        "404": bad_status,
                        "default": reference("#/components/responses/Error")
                    }},
                    "put": {"operationId": "change", "summary": "s", "tags": ["a"], "parameters": change_params,
                        "responses": {"204": {"description": "done"}}}
                }
            },
            "components": {
                "schemas": {"Ok": {"type": "string"}, "Err": {"type": "object"}},
                "responses": {"Error": {"description": "e", "content": {"application/json": {"schema": reference("#/components/schemas/Err")}}}},
                "parameters": {"Token": {"name": "X-Token", "in": "header", "required": true, "x-idempotency-key": true, "schema": {"type": "string"}}},
                "securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "k"}}
            }
        })
    }

    fn messages(v: Value) -> Vec<String> {
        lint_spec(&spec(v), &config())
            .into_iter()
            .map(|f| f.to_string())
            .collect()
    }

    #[test]
    fn a_conforming_document_has_no_findings() {
        let good = doc(
            serde_json::json!([reference("#/components/parameters/Token")]),
            reference("#/components/responses/Error"),
        );
        assert_eq!(messages(good), Vec::<String>::new());
    }

    #[test]
    fn each_rule_reports_its_place() {
        let mut bad = doc(
            serde_json::json!([{"name": "X-Token", "in": "header", "required": true, "schema": {"type": "string"}}]),
            serde_json::json!({"description": "plain text"}),
        );
        bad["paths"]["/x"]["get"]["tags"] = serde_json::json!(["a", "b"]);
        bad["paths"]["/x"]["get"]["summary"] = serde_json::json!("");
        bad["paths"]["/x"]["put"]["operationId"] = serde_json::json!("read");
        bad["paths"]["/x"]["put"]["responses"]["400"] = reference("#/components/responses/Nope");
        let found = messages(bad);
        let expected = [
            "#/components/parameters/Token: component `Token` is never used",
            "#/paths: operation `change` is missing",
            "#/paths/~1x/get: operation has 2 tags, expected one",
            "#/paths/~1x/get: operation has no summary",
            "#/paths/~1x/get: tag `b` is not declared in the top-level tags",
            "#/paths/~1x/get/responses/404: error response does not return #/components/schemas/Err",
            "#/paths/~1x/put: operationId `read` is also used at #/paths/~1x/get",
            "#/paths/~1x/put/responses/400: `$ref` `#/components/responses/Nope` does not resolve: #/components/responses has no `Nope`",
            "#/paths/~1x/put/responses/400: error response does not return #/components/schemas/Err",
        ];
        assert_eq!(found, expected);
    }

    #[test]
    fn an_error_response_may_narrow_the_error_body_with_a_one_part_all_of() {
        let params = serde_json::json!([reference("#/components/parameters/Token")]);
        let narrowed = |parts: Value| {
            serde_json::json!({"description": "e", "content": {"application/json": {"schema": {
                "allOf": parts, "required": ["code"]
            }}}})
        };
        let one = narrowed(serde_json::json!([reference("#/components/schemas/Err")]));
        assert_eq!(messages(doc(params.clone(), one)), Vec::<String>::new());
        let two = narrowed(serde_json::json!([reference("#/components/schemas/Err"), {"type": "object"}]));
        assert_eq!(
            messages(doc(params, two)),
            ["#/paths/~1x/get/responses/404: error response does not return #/components/schemas/Err"]
        );
    }

    #[test]
    fn an_idempotent_operation_needs_its_marked_required_header() {
        let unmarked =
            serde_json::json!([{"name": "X-Token", "in": "header", "required": true, "schema": {"type": "string"}}]);
        let error = reference("#/components/responses/Error");
        let found = messages(doc(unmarked, error));
        assert!(
            found.contains(
                &"#/paths/~1x/put: `change` must take the required header X-Token marked x-idempotency-key: true"
                    .to_string()
            ),
            "{found:?}"
        );
    }
}
