//! Project rules for spec/openapi.yaml that no OpenAPI validator knows: naming and tagging of
//! operations, the error body on every error response, idempotency headers on the
//! operations that change points or grant coupons, resolvable `$ref`s, no unused component.
//!
//! The CRM-specific choices are in [`LintConfig::crm`]; the checks themselves are generic.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use generator::{JsonPointer, Spec};
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
            idempotent_operations: ops
                .iter()
                .map(|(o, h)| (o.to_string(), h.to_string()))
                .collect(),
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

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Every operation of the document: (pointer, method, path, operation value).
pub fn operations(doc: &Value) -> Vec<(JsonPointer, &str, &str, &Value)> {
    let mut out = Vec::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return out;
    };
    for (path, item) in paths {
        for m in METHODS {
            if let Some(op) = item.get(m) {
                let at = JsonPointer::root().push("paths").push(path.clone()).push(m);
                out.push((at, m, path.as_str(), op));
            }
        }
    }
    out
}

/// Runs every rule and returns all findings, sorted.
pub fn lint_spec(spec: &Spec, config: &LintConfig) -> Vec<Finding> {
    let doc = &spec.value;
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

/// Calls `f` with every `$ref` in the document and where it stands.
fn each_ref<'a>(v: &'a Value, at: &JsonPointer, f: &mut impl FnMut(&JsonPointer, &'a str)) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                f(at, r);
            }
            for (k, child) in map {
                each_ref(child, &at.push(k.clone()), f);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                each_ref(child, &at.push(i.to_string()), f);
            }
        }
        _ => {}
    }
}

fn check_refs(doc: &Value, out: &mut Vec<Finding>) {
    each_ref(doc, &JsonPointer::root(), &mut |at, r| {
        let resolved = r
            .starts_with('#')
            .then(|| JsonPointer::parse(r))
            .flatten()
            .and_then(|p| p.resolve(doc));
        if resolved.is_none() {
            finding(out, at, format!("$ref {r} does not resolve inside the document"));
        }
    });
}

/// Follows a chain of `$ref`s to the value it names.
fn deref<'a>(doc: &'a Value, v: &'a Value) -> &'a Value {
    let mut v = v;
    for _ in 0..16 {
        match v.get("$ref").and_then(Value::as_str).and_then(JsonPointer::parse) {
            Some(p) => match p.resolve(doc) {
                Some(next) => v = next,
                None => break,
            },
            None => break,
        }
    }
    v
}

fn check_operations(doc: &Value, config: &LintConfig, out: &mut Vec<Finding>) {
    let declared_tags: BTreeSet<&str> = doc
        .get("tags")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|t| t.get("name").and_then(Value::as_str))
        .collect();
    let mut ids: BTreeMap<&str, Vec<JsonPointer>> = BTreeMap::new();
    for (at, _, _, op) in operations(doc) {
        match op.get("operationId").and_then(Value::as_str) {
            Some(id) if !id.is_empty() => ids.entry(id).or_default().push(at.clone()),
            _ => finding(out, &at, "operation has no operationId"),
        }
        if op.get("summary").and_then(Value::as_str).is_none_or(str::is_empty) {
            finding(out, &at, "operation has no summary");
        }
        let tags: Vec<&str> = op
            .get("tags")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        if tags.len() != 1 {
            finding(out, &at, format!("operation has {} tags, expected one", tags.len()));
        }
        for t in tags.iter().filter(|t| !declared_tags.contains(*t)) {
            finding(out, &at, format!("tag `{t}` is not declared in the top-level tags"));
        }
        if let Some(responses) = op.get("responses").and_then(Value::as_object) {
            for (status, response) in responses {
                if !(status.starts_with('4') || status == "default") {
                    continue;
                }
                let response = deref(doc, response);
                // The schema itself, or a schema that narrows it (`allOf: [$ref]` plus
                // constraints, as the CRM's envelope narrows the open error body).
                let schema = response.pointer("/content/application~1json/schema");
                let schema_ref = schema.and_then(|s| {
                    s.get("$ref").or_else(|| match s.get("allOf").and_then(Value::as_array) {
                        Some(parts) if parts.len() == 1 => parts[0].get("$ref"),
                        _ => None,
                    })
                });
                if schema_ref.and_then(Value::as_str) != Some(config.error_schema.as_str()) {
                    let at = at.push("responses").push(status.clone());
                    finding(out, &at, format!("error response does not return {}", config.error_schema));
                }
            }
        }
    }
    for (id, places) in &ids {
        for at in places.iter().skip(1) {
            finding(out, at, format!("operationId `{id}` is also used at {}", places[0]));
        }
    }
    for (op_id, header) in &config.idempotent_operations {
        let Some((at, _, _, op)) = operations(doc)
            .into_iter()
            .find(|(_, _, _, op)| op.get("operationId").and_then(Value::as_str) == Some(op_id))
        else {
            finding(out, &JsonPointer::root().push("paths"), format!("operation `{op_id}` is missing"));
            continue;
        };
        let carries = op
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|p| deref(doc, p))
            .any(|p| {
                p.get("in").and_then(Value::as_str) == Some("header")
                    && p.get("name").and_then(Value::as_str) == Some(header)
                    && p.get("required") == Some(&Value::Bool(true))
                    && p.get("x-idempotency-key") == Some(&Value::Bool(true))
            });
        if !carries {
            finding(
                out,
                &at,
                format!("`{op_id}` must take the required header {header} marked x-idempotency-key: true"),
            );
        }
    }
}

/// Components that nothing outside `components` reaches, directly or through other components.
fn check_unused_components(doc: &Value, out: &mut Vec<Finding>) {
    let Some(components) = doc.get("components").and_then(Value::as_object) else {
        return;
    };
    let mut reached: BTreeSet<String> = BTreeSet::new();
    let mut queue: Vec<String> = Vec::new();
    let visit = |v: &Value, at: &JsonPointer, queue: &mut Vec<String>| {
        each_ref(v, at, &mut |_, r| {
            queue.push(JsonPointer::parse(r).map_or_else(|| r.to_string(), |p| p.to_string()))
        });
    };
    if let Some(map) = doc.as_object() {
        for (k, v) in map.iter().filter(|(k, _)| *k != "components") {
            visit(v, &JsonPointer::root().push(k.clone()), &mut queue);
        }
    }
    // Security schemes are used by name from `security` requirements, not by `$ref`.
    let mut security_names: BTreeSet<String> = BTreeSet::new();
    let requirements = doc
        .get("security")
        .into_iter()
        .chain(operations(doc).into_iter().filter_map(|(_, _, _, op)| op.get("security")));
    for req in requirements.filter_map(Value::as_array).flatten() {
        security_names.extend(req.as_object().into_iter().flat_map(|m| m.keys().cloned()));
    }
    while let Some(r) = queue.pop() {
        if !reached.insert(r.clone()) {
            continue;
        }
        if let Some(target) = JsonPointer::parse(&r).and_then(|p| p.resolve(doc)) {
            visit(target, &JsonPointer::root(), &mut queue);
        }
    }
    for (kind, entries) in components {
        for name in entries.as_object().into_iter().flat_map(|m| m.keys()) {
            let pointer = JsonPointer::root().push("components").push(kind.clone()).push(name.clone());
            let used = if kind == "securitySchemes" {
                security_names.contains(name)
            } else {
                reached.contains(&pointer.to_string())
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

    fn spec(value: Value) -> Spec {
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
                        "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Ok"}}}},
                        "404": bad_status,
                        "default": {"$ref": "#/components/responses/Error"}
                    }},
                    "put": {"operationId": "change", "summary": "s", "tags": ["a"], "parameters": change_params,
                        "responses": {"204": {"description": "done"}}}
                }
            },
            "components": {
                "schemas": {"Ok": {"type": "string"}, "Err": {"type": "object"}},
                "responses": {"Error": {"description": "e", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Err"}}}}},
                "parameters": {"Token": {"name": "X-Token", "in": "header", "required": true, "x-idempotency-key": true, "schema": {"type": "string"}}},
                "securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "k"}}
            }
        })
    }

    fn messages(v: Value) -> Vec<String> {
        lint_spec(&spec(v), &config()).into_iter().map(|f| f.to_string()).collect()
    }

    #[test]
    fn a_conforming_document_has_no_findings() {
        let good = doc(
            serde_json::json!([{"$ref": "#/components/parameters/Token"}]),
            serde_json::json!({"$ref": "#/components/responses/Error"}),
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
        bad["paths"]["/x"]["put"]["responses"]["400"] = serde_json::json!({"$ref": "#/components/responses/Nope"});
        let found = messages(bad);
        let expected = [
            "#/components/parameters/Token: component `Token` is never used",
            "#/paths: operation `change` is missing",
            "#/paths/~1x/get: operation has 2 tags, expected one",
            "#/paths/~1x/get: operation has no summary",
            "#/paths/~1x/get: tag `b` is not declared in the top-level tags",
            "#/paths/~1x/get/responses/404: error response does not return #/components/schemas/Err",
            "#/paths/~1x/put: operationId `read` is also used at #/paths/~1x/get",
            "#/paths/~1x/put/responses/400: $ref #/components/responses/Nope does not resolve inside the document",
            "#/paths/~1x/put/responses/400: error response does not return #/components/schemas/Err",
        ];
        assert_eq!(found, expected);
    }

    #[test]
    fn an_error_response_may_narrow_the_error_body_with_a_one_part_all_of() {
        let params = serde_json::json!([{"$ref": "#/components/parameters/Token"}]);
        let narrowed = |parts: Value| {
            serde_json::json!({"description": "e", "content": {"application/json": {"schema": {
                "allOf": parts, "required": ["code"]
            }}}})
        };
        let one = narrowed(serde_json::json!([{"$ref": "#/components/schemas/Err"}]));
        assert_eq!(messages(doc(params.clone(), one)), Vec::<String>::new());
        let two = narrowed(serde_json::json!([{"$ref": "#/components/schemas/Err"}, {"type": "object"}]));
        assert_eq!(
            messages(doc(params, two)),
            ["#/paths/~1x/get/responses/404: error response does not return #/components/schemas/Err"]
        );
    }

    #[test]
    fn an_idempotent_operation_needs_its_marked_required_header() {
        let unmarked = serde_json::json!([{"name": "X-Token", "in": "header", "required": true, "schema": {"type": "string"}}]);
        let error = serde_json::json!({"$ref": "#/components/responses/Error"});
        let found = messages(doc(unmarked, error));
        assert!(
            found.contains(&"#/paths/~1x/put: `change` must take the required header X-Token marked x-idempotency-key: true".to_string()),
            "{found:?}"
        );
    }
}
