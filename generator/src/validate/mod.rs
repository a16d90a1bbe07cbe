//! Validate: what the generator recovers from in a document, and what it cannot generate,
//! each reported with the JSON pointer of the field to fix. Reads only the [`Document`] model.
//!
//! The policy: a defect local to one operation, route or schema is a warning that names the
//! recovery, and generation goes on (`lower` applies the same recoveries, from the same
//! analysis in the document layer); [`Config::strict`](crate::Config) turns warnings into
//! errors. Only what makes all output wrong stops a run, and reading (`load`) finds those.
//!
//! Warnings, each with its recovery:
//! - what reading rewrote ([`Document::warnings`]: keys beside a 3.0 `$ref`, 3.1 constructs in
//!   a 3.0 document, nodes of the wrong shape left out, ...);
//! - a `$ref` that is external, does not resolve, names a node of the wrong kind, or only leads
//!   to other references in a cycle: a schema reads as any JSON value, anything else is left
//!   out; a discriminator `mapping` entry that names no schema is left out;
//! - a path key with a `#fragment` or a `?query`, without a leading `/`, with a parameter named
//!   twice or with unbalanced braces (see [`PathTemplate::analyse`]);
//! - two path templates that differ only in parameter names (one route, by method), and a
//!   later operation with the same route and method (the server routes the first only);
//! - an `operationId` used twice (the later ones are named after method and path);
//! - a `{name}` in a path template that no `in: path` parameter declares (a required text
//!   parameter), an `in: path` parameter the template lacks and a parameter declared twice in
//!   one list (left out), a path parameter without `required: true` (required all the same);
//! - a response key that is not a status, a range or `default` (left out);
//! - an `x-require-any-of` name that is neither a parameter nor a body property (left out);
//! - a security requirement naming a scheme `components/securitySchemes` lacks (that
//!   alternative can never be satisfied by the generated server);
//! - `required` naming a property that `properties` does not define (unless `allOf`, `oneOf`
//!   or `anyOf` could define it: the schema's own, or its parent's when it is one of the parts);
//! - a discriminator `propertyName` that a variant does not define;
//! - a pattern the generated code's regex engine cannot compile (not checked);
//! - callbacks, which the generator reads but does not generate;
//! - a JSON Schema keyword the generated code does not enforce (`if`/`then`/`else`,
//!   `dependentSchemas`, `unevaluatedProperties`, `$dynamicRef`, ...), one warning each.
//!
//! Every pass is linear in the size of the document; references are resolved once each.

use std::collections::HashMap;

use crate::document::{Document, NodeKind};
use crate::error::Diagnostic;
use crate::pointer::JsonPointer;

mod operations;
mod schemas;

/// Warnings: each a defect the generator recovers from, named with its recovery.
#[derive(Debug, Default)]
pub struct Validated {
    pub warnings: Vec<Diagnostic>,
}

/// Validation failed (in strict mode, every warning is an error); holds every problem, in
/// document order.
#[derive(Debug, thiserror::Error)]
#[error("{} problem(s) in {}:\n{}", .diagnostics.len(), .file, crate::error::render_all(.diagnostics))]
pub struct ValidateError {
    pub file: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// Every defect the generator recovers from, as warnings in document order.
pub fn validate_spec(doc: &Document) -> Result<Validated, ValidateError> {
    crate::stack::with_room(|| validate_here(doc))
}

fn validate_here(doc: &Document) -> Result<Validated, ValidateError> {
    let mut checker = Checker {
        doc,
        warnings: doc.warnings.clone(),
        patterns: Patterns::default(),
    };
    for e in doc.reference_errors() {
        let recovery = match e.kind {
            NodeKind::Schema => "read as any JSON value",
            _ => "left out",
        };
        checker.warnings.push((e.at.clone(), format!("{e}; {recovery}")));
    }
    doc.each_schema(&mut |schema, slot| checker.check_schema(schema, slot));
    checker.check_paths();
    checker.check_operations();
    if let Some(security) = &doc.security {
        checker.check_security(security);
    }
    let mut warnings = doc.diagnostics(checker.warnings);
    for warning in &mut warnings {
        // The snippet renderer titles every excerpt `error`; these are not.
        if let Some(rest) = warning.snippet.as_deref().and_then(|s| s.strip_prefix("error")) {
            warning.snippet = Some(format!("warning{rest}"));
        }
    }
    warnings.sort_by_key(|d| d.position.map_or(usize::MAX, |p| p.offset));
    Ok(Validated { warnings })
}

/// [`validate_spec`], with every warning an error (`Config::strict`).
pub fn validate_strictly(doc: &Document) -> Result<Validated, ValidateError> {
    let validated = validate_here(doc)?;
    if validated.warnings.is_empty() {
        return Ok(validated);
    }
    let diagnostics = validated
        .warnings
        .into_iter()
        .map(|mut d| {
            if let Some(rest) = d.snippet.as_deref().and_then(|s| s.strip_prefix("warning")) {
                d.snippet = Some(format!("error{rest}"));
            }
            d
        })
        .collect();
    Err(ValidateError {
        file: doc.file.clone(),
        diagnostics,
    })
}

struct Checker<'d> {
    doc: &'d Document,
    warnings: Vec<(JsonPointer, String)>,
    patterns: Patterns,
}

/// Whether patterns compile with the generated code's regex engine, each distinct pattern
/// compiled once: specs repeat a few patterns many times, and compiling is most of the cost.
#[derive(Default)]
pub(crate) struct Patterns(HashMap<String, bool>);

impl Patterns {
    pub(crate) fn compiles(&mut self, pattern: &str) -> bool {
        if let Some(ok) = self.0.get(pattern) {
            return *ok;
        }
        let ok = regex::Regex::new(pattern).is_ok();
        self.0.insert(pattern.to_owned(), ok);
        ok
    }
}

impl<'d> Checker<'d> {
    fn warning(&mut self, at: JsonPointer, message: String) {
        self.warnings.push((at, message));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_spec;

    /// (pointer, message) pairs.
    type Found = Vec<(String, String)>;

    const HEAD: &str = "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\n";

    /// Loads `HEAD` + `body` and validates it: the warnings as (pointer, message). Strict
    /// validation refuses exactly these.
    fn warnings(body: &str) -> Found {
        let text = format!("{HEAD}{body}");
        let spec = load_spec("t.yaml", &text).unwrap_or_else(|e| panic!("{e}"));
        let pairs =
            |ds: &[Diagnostic]| -> Found { ds.iter().map(|d| (d.pointer.to_string(), d.message.clone())).collect() };
        let found = pairs(&validate_spec(&spec).unwrap_or_else(|e| panic!("{e}")).warnings);
        match validate_strictly(&spec) {
            Ok(_) => assert!(found.is_empty()),
            Err(e) => assert_eq!(pairs(&e.diagnostics), found, "strict mode refuses what warns"),
        }
        found
    }

    fn pair(pointer: &str, message: &str) -> (String, String) {
        (pointer.to_owned(), message.to_owned())
    }

    const OK_RESPONSE: &str = "      responses:\n        '200':\n          description: ok\n";

    #[test]
    fn a_clean_document_passes_without_warnings() {
        let body = format!(
            "paths:\n  /pets/{{id}}:\n    parameters:\n      - $ref: '#/components/parameters/Id'\n    get:\n      operationId: getPet\n{OK_RESPONSE}components:\n  parameters:\n    Id:\n      name: id\n      in: path\n      required: true\n      schema: {{type: string}}\n"
        );
        assert_eq!(warnings(&body), Found::new());
    }

    #[test]
    fn unresolved_and_external_refs_are_errors() {
        let body = "paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {$ref: '#/components/schemas/B'}\n        c: {$ref: 'other.yaml#/C'}\n        d:\n          type: array\n          items: {$ref: '#/components/schemos/A'}\n";
        assert_eq!(
            warnings(body),
            [
                pair(
                    "#/components/schemas/A/properties/b/$ref",
                    "`$ref` `#/components/schemas/B` does not resolve: #/components/schemas has no `B`; read as any JSON value"
                ),
                pair(
                    "#/components/schemas/A/properties/c/$ref",
                    "external reference `other.yaml#/C`: the generator reads one document, so every `$ref` must start with `#`; read as any JSON value"
                ),
                pair(
                    "#/components/schemas/A/properties/d/items/$ref",
                    "`$ref` `#/components/schemos/A` does not resolve: #/components has no `schemos`; read as any JSON value"
                ),
            ]
        );
    }

    #[test]
    fn refs_resolve_percent_encoded_and_cycles_are_errors() {
        let body = "paths:\n  /a/{id}:\n    get:\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/paths/~1a~1%7Bid%7D/get/parameters/0/schema'}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n";
        assert_eq!(
            warnings(body),
            [
                pair(
                    "#/components/schemas/A/$ref",
                    "`$ref` `#/components/schemas/B` never reaches a definition: #/components/schemas/B → #/components/schemas/A → #/components/schemas/B; read as any JSON value"
                ),
                pair(
                    "#/components/schemas/B/$ref",
                    "`$ref` `#/components/schemas/A` never reaches a definition: #/components/schemas/A → #/components/schemas/B → #/components/schemas/A; read as any JSON value"
                ),
            ]
        );
    }

    #[test]
    fn refs_in_examples_and_properties_named_ref_are_not_references() {
        let body = "paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        $ref: {type: string}\n        default: {type: string}\n      example: {$ref: nowhere}\n      x-note: {$ref: nowhere}\n  examples:\n    E:\n      value: {$ref: nowhere}\n";
        assert_eq!(warnings(body), Found::new());
    }

    #[test]
    fn duplicate_operation_ids_name_the_first() {
        let body = format!(
            "paths:\n  /a:\n    get:\n      operationId: list\n{OK_RESPONSE}    post:\n      operationId: list\n{OK_RESPONSE}  /b:\n    get:\n      operationId: list\n{OK_RESPONSE}"
        );
        let first = "#/paths/~1a/get/operationId";
        let message = |named: &str| {
            format!("operationId `list` is already used at {first}; this operation is named `{named}` instead")
        };
        assert_eq!(
            warnings(&body),
            [
                pair("#/paths/~1a/post/operationId", &message("post /a")),
                pair("#/paths/~1b/get/operationId", &message("get /b"))
            ]
        );
    }

    #[test]
    fn path_parameters_must_match_the_template() {
        let body = format!(
            "paths:\n  /a/{{id}}/b/{{sub}}:\n    parameters:\n      - {{name: sub, in: path, required: true, schema: {{type: string}}}}\n    get:\n      parameters:\n        - {{name: other, in: path, required: true, schema: {{type: string}}}}\n{OK_RESPONSE}    put:\n      parameters:\n        - $ref: '#/components/parameters/Id'\n{OK_RESPONSE}components:\n  parameters:\n    Id: {{name: id, in: path, schema: {{type: string}}}}\n"
        );
        assert_eq!(
            warnings(&body),
            [
                pair(
                    "#/paths/~1a~1{id}~1b~1{sub}/get",
                    "`{id}` in `/a/{id}/b/{sub}` has no `in: path` parameter named `id`, neither on the operation nor on the path item; the generator takes it as a required text parameter"
                ),
                pair(
                    "#/paths/~1a~1{id}~1b~1{sub}/get/parameters/0",
                    "path parameter `other` does not appear in `/a/{id}/b/{sub}`; it is left out"
                ),
                pair(
                    "#/components/parameters/Id",
                    "path parameter `id` must be `required: true`; it is required all the same"
                ),
            ]
        );
    }

    #[test]
    fn patterns_the_regex_engine_cannot_compile_are_warned() {
        let body = "paths: {}\ncomponents:\n  schemas:\n    A:\n      type: string\n      pattern: '^(?!x)a$'\n    B:\n      type: string\n      pattern: '^\\d+$'\n";
        let found = warnings(body);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, "#/components/schemas/A/pattern");
        assert!(found[0].1.contains("validate() does not check it"), "{found:?}");
    }

    #[test]
    fn path_templates_the_wild_writes_are_recovered() {
        let param = |n: &str| format!("        - {{name: {n}, in: path, required: true, schema: {{type: string}}}}\n");
        let op = |params: &[&str]| {
            let list: String = params.iter().map(|n| param(n)).collect();
            let list = if list.is_empty() {
                String::new()
            } else {
                format!("      parameters:\n{list}")
            };
            format!("    get:\n{list}{OK_RESPONSE}")
        };
        // Several parameters in one segment, and text beside one: routed, nothing to say.
        let body = format!(
            "paths:\n  /a/{{x}}.{{y}}:\n{}  /files/{{name}}.json:\n{}",
            op(&["x", "y"]),
            op(&["name"]),
        );
        assert_eq!(warnings(&body), Found::new());
        let body = format!(
            "paths:\n  /b/{{x:\n{}  /c/{{x}}:\n{}  /c/{{y}}:\n{}  /c/{{x}}#alt:\n{}  /top.json?period={{p}}:\n{}",
            op(&["x"]),
            op(&["x"]),
            op(&["y"]),
            op(&["x"]),
            op(&[]),
        );
        assert_eq!(
            warnings(&body),
            [
                pair(
                    "#/paths/~1b~1{x",
                    "segment `{x` of `/b/{x` has unbalanced braces; its operations are left out"
                ),
                pair(
                    "#/paths/~1c~1{y}",
                    "`/c/{y}` routes the same as `/c/{x}` (they differ only in parameter names, which OpenAPI calls identical); the server serves both on one route, by method"
                ),
                pair(
                    "#/paths/~1c~1{y}/get",
                    "`GET /c/{y}` routes the same as the operation at #/paths/~1c~1{x}/get; the server serves that one only (the client calls both)"
                ),
                pair(
                    "#/paths/~1c~1{x}#alt",
                    "path `/c/{x}#alt` holds a fragment (`#…`), which clients never send; the generator uses the path before it (a server answers it with the first operation of that method)"
                ),
                pair(
                    "#/paths/~1c~1{x}#alt/get",
                    "`GET /c/{x}#alt` routes the same as the operation at #/paths/~1c~1{x}/get; the server serves that one only (the client calls both)"
                ),
                pair(
                    "#/paths/~1top.json?period={p}",
                    "path `/top.json?period={p}` holds a query string (`?…`), which OpenAPI does not allow; the generator routes `/top.json` and sends the query's pairs as query parameters"
                ),
            ]
        );
    }

    #[test]
    fn three_one_constructs_in_a_3_0_document_are_read_with_a_warning() {
        let body = "paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        nothing: {type: 'null'}\n        either: {type: [string, 'null']}\n        type: {type: string}\n";
        assert_eq!(
            warnings(body),
            [
                pair(
                    "#/components/schemas/A/properties/nothing/type",
                    "type `null` is OpenAPI 3.1 (3.0 writes `nullable: true`); read as such"
                ),
                pair(
                    "#/components/schemas/A/properties/either/type",
                    "`type` as a list is OpenAPI 3.1 (3.0 takes one type, and `nullable: true` for null); read as such"
                ),
            ]
        );
    }

    #[test]
    fn keywords_the_generated_code_does_not_enforce_are_warned() {
        let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n    A:\n      type: object\n      if: {required: [a]}\n      then: {required: [b]}\n      unevaluatedProperties: false\n      properties:\n        a: {type: string}\n        b: {type: string}\n";
        let found = validate_spec(&load_spec("t.yaml", text).unwrap()).unwrap();
        let pointers: Vec<String> = found.warnings.iter().map(|d| d.pointer.to_string()).collect();
        assert_eq!(
            pointers,
            [
                "#/components/schemas/A/if",
                "#/components/schemas/A/then",
                "#/components/schemas/A/unevaluatedProperties"
            ]
        );
        assert!(
            found.warnings[0].message.contains("not enforced"),
            "{}",
            found.warnings[0]
        );
    }

    #[test]
    fn keys_beside_a_ref_are_warnings() {
        let body = format!(
            "paths:\n  /a:\n    get:\n      parameters:\n        - $ref: '#/components/parameters/Q'\n          description: shadowed\n{OK_RESPONSE}components:\n  parameters:\n    Q: {{name: q, in: query, schema: {{type: string}}}}\n  schemas:\n    B: {{type: string}}\n    A:\n      type: object\n      properties:\n        b:\n          $ref: '#/components/schemas/B'\n          nullable: true\n          readOnly: true\n          x-extra: 1\n"
        );
        assert_eq!(
            warnings(&body),
            [
                pair(
                    "#/paths/~1a/get/parameters/0/description",
                    "`description` beside $ref is ignored by OpenAPI 3.0; the generator ignores it too"
                ),
                pair(
                    "#/components/schemas/A/properties/b/nullable",
                    "`nullable: true` beside $ref: OpenAPI 3.0 ignores it, the generator reads it as `allOf: [$ref]` with `nullable: true`"
                ),
                pair(
                    "#/components/schemas/A/properties/b/readOnly",
                    "`readOnly` beside $ref is ignored by OpenAPI 3.0; the generator ignores it too"
                ),
            ]
        );
    }

    #[test]
    fn required_names_a_missing_property() {
        let body = "paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      required: [a, b]\n      properties:\n        a: {type: string}\n    C:\n      allOf:\n        - $ref: '#/components/schemas/A'\n      required: [z]\n      properties:\n        c: {type: string}\n    D:\n      type: object\n      properties:\n        s: {type: string}\n        t: {type: string}\n      oneOf:\n        - properties:\n            s: {enum: [done]}\n          required: [s, t]\n";
        assert_eq!(
            warnings(body),
            [pair(
                "#/components/schemas/A/required/1",
                "`required` names `b`, which `properties` does not define"
            )]
        );
    }

    #[test]
    fn discriminator_property_must_be_in_every_variant() {
        let body = "paths: {}\ncomponents:\n  schemas:\n    Pet:\n      oneOf:\n        - $ref: '#/components/schemas/Cat'\n        - $ref: '#/components/schemas/Dog'\n      discriminator:\n        propertyName: kind\n        mapping:\n          cat: '#/components/schemas/Cat'\n          dog: Dog\n          fish: '#/components/schemas/Fish'\n    Base:\n      type: object\n      properties:\n        kind: {type: string}\n    Cat:\n      allOf:\n        - $ref: '#/components/schemas/Base'\n    Dog:\n      type: object\n      properties:\n        name: {type: string}\n";
        assert_eq!(
            warnings(body),
            [
                pair(
                    "#/components/schemas/Pet/oneOf/1",
                    "discriminator property `kind` is not a property of variant `#/components/schemas/Dog`"
                ),
                pair(
                    "#/components/schemas/Pet/discriminator/mapping/fish",
                    "`$ref` `#/components/schemas/Fish` does not resolve: #/components/schemas has no `Fish`; the entry is left out"
                ),
            ]
        );
        let fixed = body.replace("          fish: '#/components/schemas/Fish'\n", "");
        assert_eq!(
            warnings(&fixed),
            [pair(
                "#/components/schemas/Pet/oneOf/1",
                "discriminator property `kind` is not a property of variant `#/components/schemas/Dog`"
            )]
        );
    }

    #[test]
    fn untagged_variants_nothing_tells_apart_are_reported() {
        let body = "paths: {}\ncomponents:\n  schemas:\n    U:\n      anyOf:\n        - {type: object, required: [a], properties: {a: {type: string}}}\n        - {type: object, required: [a], properties: {a: {type: integer}, b: {type: string}}}\n        - allOf:\n            - {type: object, required: [a], properties: {a: {type: string}}}\n        - {type: string, format: email}\n        - {type: string, enum: [x]}\n        - {type: string}\n        - {type: integer}\n";
        let message = |i: usize, j: usize, alike: &str| {
            format!(
                "`anyOf` variants {i} and {j} cannot be told apart ({alike}): a value that fits both decodes as variant {i}; a discriminator would decide"
            )
        };
        let objects = "the same properties, the same of them required";
        assert_eq!(
            warnings(body),
            [
                pair("#/components/schemas/U/anyOf/2", &message(0, 2, objects)),
                pair("#/components/schemas/U/anyOf/5", &message(3, 5, "the same JSON type")),
            ]
        );
        // With a discriminator the tag decides: nothing to report.
        let tagged = body.replace("      anyOf:", "      discriminator: {propertyName: a}\n      anyOf:");
        assert!(warnings(&tagged).iter().all(|(_, m)| !m.contains("told apart")));
        // Nor where a one-value property tells the variants apart (Stripe's `object`).
        let objects = "paths: {}\ncomponents:\n  schemas:\n    U:\n      anyOf:\n        - {type: object, properties: {id: {type: string}, object: {type: string, enum: [card]}}}\n        - {type: object, properties: {id: {type: string}, object: {type: string, enum: [bank_account]}}}\n";
        assert_eq!(warnings(objects), Found::new());
    }

    #[test]
    fn duplicate_parameters_and_unknown_security_schemes() {
        let body = format!(
            "security:\n  - key: []\npaths:\n  /a:\n    get:\n      security:\n        - nope: []\n      parameters:\n        - {{name: X-Id, in: header, schema: {{type: string}}}}\n        - {{name: x-id, in: header, schema: {{type: string}}}}\n        - {{name: x-id, in: query, schema: {{type: string}}}}\n{OK_RESPONSE}components:\n  securitySchemes:\n    key: {{type: apiKey, name: k, in: header}}\n"
        );
        assert_eq!(
            warnings(&body),
            [
                pair(
                    "#/paths/~1a/get/security/0/nope",
                    "security scheme `nope` is not defined in #/components/securitySchemes; the generated server can never satisfy this alternative"
                ),
                pair(
                    "#/paths/~1a/get/parameters/1",
                    "parameter `x-id` in header is declared twice; first at #/paths/~1a/get/parameters/0; this one is left out"
                ),
            ]
        );
    }

    #[test]
    fn other_versions_are_refused_by_name() {
        let refused = |text: &str| load_spec("t.yaml", text).unwrap_err().0[0].message.clone();
        assert_eq!(
            refused("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n"),
            "`swagger: 2.0` is OpenAPI 2.0, which is not read; the generator reads OpenAPI 3.0.x and 3.1.x documents (convert it first, e.g. with swagger2openapi)"
        );
        assert_eq!(
            refused("openapi: 4.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n"),
            "`openapi: 4.0.0`: the generator reads OpenAPI 3.0.x and 3.1.x documents"
        );
        let three_two = load_spec("t.yaml", "openapi: 3.2.0\ninfo: {title: t, version: '1'}\npaths: {}\n").unwrap();
        assert_eq!(three_two.version, crate::document::Version::V3_1);
        assert_eq!(three_two.warnings.len(), 1);
    }

    #[test]
    fn every_problem_is_reported_with_its_line() {
        let body = format!(
            "paths:\n  /a/{{id}}:\n    get:\n      operationId: one\n{OK_RESPONSE}    post:\n      operationId: one\n      parameters:\n        - {{name: id, in: path, required: true, schema: {{$ref: '#/components/schemas/Nope'}}}}\n      requestBody:\n        content:\n          application/json:\n            schema:\n              $ref: '#/components/schemas/A'\n              description: hidden\n{OK_RESPONSE}components:\n  schemas:\n    A:\n      type: object\n      properties:\n        at: {{$ref: '#/components/schemas/Missing'}}\n"
        );
        let text = format!("{HEAD}{body}");
        let spec = load_spec("t.yaml", &text).unwrap();
        let ok = validate_spec(&spec).unwrap_or_else(|e| panic!("{e}"));
        // get lacks `id`; post repeats the id; two dangling refs; a description beside `$ref`.
        let lines: Vec<usize> = ok.warnings.iter().map(|d| d.position.map_or(0, |p| p.line)).collect();
        assert_eq!(lines, [7, 13, 15, 21, 30], "{:#?}", ok.warnings);
        let first = ok.warnings[0].to_string();
        assert!(first.starts_with("t.yaml:7:5: `{id}` in `/a/{id}`"), "{first}");
        assert!(
            ok.warnings
                .iter()
                .all(|d| d.snippet.as_deref().is_some_and(|s| s.starts_with("warning")))
        );
        // Strict: the same problems, as errors.
        let err = validate_strictly(&spec).unwrap_err();
        assert!(err.to_string().starts_with("5 problem(s) in t.yaml:\n"), "{err}");
        assert!(
            err.diagnostics
                .iter()
                .all(|d| d.snippet.as_deref().is_some_and(|s| s.starts_with("error")))
        );
    }

    #[test]
    fn odd_shapes_do_not_panic() {
        // Shapes a document may not have: reading reports them and never panics.
        let text = r##"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "security": [1, {"nope": 1}],
            "paths": {
                "/a/{": 1,
                "x": {"get": 3, "parameters": [1, {"$ref": 5}, {"$ref": "#/paths"}, {"name": 1}]},
                "/b/{b}": {"$ref": "#/paths/~1b~1{b}", "get": {"parameters": {"$ref": "#/"}}},
                "/c/{c}": {"get": {"operationId": 7, "parameters": [{"in": "path", "name": "c", "required": "yes"}]}},
                "/%": {"$ref": "#/paths/~1%25"}
            },
            "components": {"schemas": {
                "A": {"type": ["x"], "required": 3, "allOf": 3, "properties": [],
                      "discriminator": {"propertyName": 1, "mapping": {"a": 1, "b": "#bad"}}},
                "B": {"discriminator": {"propertyName": "p"}, "oneOf": [1, {"$ref": "#/components/schemas/B"}, {"allOf": [{"$ref": "#/components/schemas/C"}]}]},
                "C": {"allOf": [{"$ref": "#/components/schemas/C"}]},
                "D": {"type": {"x": 1}, "items": [{"$ref": ""}], "not": true},
                "E": {"$ref": {"$ref": "#/"}, "nullable": "yes"}
            }}}"##;
        let doc = load_spec("t.json", text).unwrap_or_else(|e| panic!("{e}"));
        assert!(doc.warnings.len() >= 10, "{:#?}", doc.warnings);
        let found = validate_spec(&doc).unwrap_or_else(|e| panic!("{e}")).warnings;
        assert!(found.len() >= 15, "{found:#?}");
        crate::generate(&doc, &crate::Config::new("t.json")).unwrap_or_else(|e| panic!("{e}"));
        // Well-shaped but broken references and cycles: validation reports them.
        let body = "paths:\n  /b/{b}:\n    $ref: '#/paths/~1b~1{b}'\n  /%:\n    $ref: '#/paths/~1%25'\ncomponents:\n  schemas:\n    B:\n      discriminator: {propertyName: p, mapping: {b: '#bad'}}\n      oneOf: [{$ref: '#/components/schemas/B'}, {allOf: [{$ref: '#/components/schemas/C'}]}]\n    C: {allOf: [{$ref: '#/components/schemas/C'}]}\n    D: {items: {$ref: ''}}\n";
        let found = warnings(body);
        assert!(found.len() >= 4, "{found:?}");
    }
}
