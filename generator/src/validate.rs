//! Validate: what a document may not do, and what the generator rewrites, each reported with
//! the JSON pointer of the field to fix. Reads only the [`Document`] model.
//!
//! Errors (generation stops):
//! - a `$ref` that is external (does not start with `#`), does not resolve inside the document,
//!   names a node of the wrong kind, or only leads to other references in a cycle; a
//!   discriminator `mapping` entry that names no schema;
//! - an `operationId` used twice (reported at the second and later uses);
//! - a `{name}` in a path template with no `in: path` parameter of that name (on the operation
//!   or its path item, `$ref`s followed), an `in: path` parameter the template lacks, and a path
//!   parameter without `required: true`;
//! - a path template axum cannot route (see [`PathTemplate::analyse`]), or two templates that
//!   differ only in parameter names;
//! - a parameter declared twice (same `name` and `in`) in one list;
//! - a security requirement naming a scheme `components/securitySchemes` lacks.
//!
//! Warnings (generation goes on; each states what the generator does instead):
//! - what reading rewrote ([`Document::warnings`]: keys beside a 3.0 `$ref`, 3.1 constructs in
//!   a 3.0 document, ...);
//! - `required` naming a property that `properties` does not define (unless `allOf`, `oneOf`
//!   or `anyOf` could define it: the schema's own, or its parent's when it is one of the parts);
//! - a discriminator `propertyName` that a variant does not define;
//! - a pattern the generated code's regex engine cannot compile;
//! - callbacks, which the generator reads but does not generate;
//! - a JSON Schema keyword the generated code does not enforce (`if`/`then`/`else`,
//!   `dependentSchemas`, `unevaluatedProperties`, `$dynamicRef`, ...), one warning each.
//!
//! Every pass is linear in the size of the document; references are resolved once each.

use std::collections::HashMap;

use crate::document::{
    Document, ListedParam, MaybeRef, ParamLocation, Parameter, PathTemplate, Schema, SchemaSlot,
    SecurityRequirement, listed_at,
};
use crate::error::Diagnostic;
use crate::pointer::JsonPointer;

/// Warnings that do not stop generation (each a documented rewrite).
#[derive(Debug, Default)]
pub struct Validated {
    pub warnings: Vec<Diagnostic>,
}

/// Validation failed; holds every error found, in document order.
#[derive(Debug, thiserror::Error)]
#[error("{} problem(s) in {}:\n{}", .diagnostics.len(), .file, crate::error::render_all(.diagnostics))]
pub struct ValidateError {
    pub file: String,
    pub diagnostics: Vec<Diagnostic>,
}

/// JSON Schema keywords that constrain values but that the generated code does not check:
/// each use is reported once, so nothing is dropped silently.
const UNENFORCED: [&str; 16] = [
    "if",
    "then",
    "else",
    "dependentSchemas",
    "dependentRequired",
    "dependencies",
    "unevaluatedProperties",
    "unevaluatedItems",
    "patternProperties",
    "propertyNames",
    "contains",
    "minContains",
    "maxContains",
    "$dynamicRef",
    "$recursiveRef",
    "additionalItems",
];

/// Checks what a document may not do. Returns the warnings when there is no error, and
/// every error otherwise; diagnostics come in document order.
pub fn validate_spec(doc: &Document) -> Result<Validated, ValidateError> {
    let mut checker = Checker {
        doc,
        errors: Vec::new(),
        warnings: doc.warnings.clone(),
        patterns: Patterns::default(),
    };
    for e in doc.reference_errors() {
        checker.errors.push((e.at.clone(), e.to_string()));
    }
    doc.each_schema(&mut |schema, slot| checker.check_schema(schema, slot));
    checker.check_paths();
    if let Some(security) = &doc.security {
        checker.check_security(security);
    }
    let Checker { errors, warnings, .. } = checker;
    let error_count = errors.len();
    let mut all = doc.diagnostics(errors.into_iter().chain(warnings));
    let mut warnings = all.split_off(error_count);
    for warning in &mut warnings {
        // The snippet renderer titles every excerpt `error`; these are not.
        if let Some(rest) = warning.snippet.as_deref().and_then(|s| s.strip_prefix("error")) {
            warning.snippet = Some(format!("warning{rest}"));
        }
    }
    let in_document_order = |d: &Diagnostic| d.position.map_or(usize::MAX, |p| p.offset);
    warnings.sort_by_key(in_document_order);
    if all.is_empty() {
        return Ok(Validated { warnings });
    }
    all.sort_by_key(in_document_order);
    Err(ValidateError {
        file: doc.file.clone(),
        diagnostics: all,
    })
}

struct Checker<'d> {
    doc: &'d Document,
    errors: Vec<(JsonPointer, String)>,
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
    fn error(&mut self, at: JsonPointer, message: String) {
        self.errors.push((at, message));
    }

    fn warning(&mut self, at: JsonPointer, message: String) {
        self.warnings.push((at, message));
    }

    // ----- Schemas. -----

    fn check_schema(&mut self, schema: &'d Schema, slot: SchemaSlot<'d>) {
        if let Some(pattern) = &schema.pattern
            && !self.patterns.compiles(pattern)
        {
            self.warning(
                schema.at.push("pattern"),
                format!(
                    "pattern `{pattern}` uses syntax the generated code's regex engine lacks \
                     (look-around, back references); validate() does not check it"
                ),
            );
        }
        for keyword in UNENFORCED {
            if schema.other.contains_key(keyword) {
                self.warning(
                    schema.at.push(keyword),
                    format!("`{keyword}` is not enforced by the generated code; values are not checked against it"),
                );
            }
        }
        // `allOf`, `oneOf` and `anyOf` may define the property elsewhere: in the schema's own
        // parts, or, for a schema that is such a part, in its parent or siblings.
        let composed = !schema.all_of.is_empty()
            || !schema.one_of.is_empty()
            || !schema.any_of.is_empty()
            || slot.is_composition_member();
        if !composed && !schema.properties.is_empty() {
            for (i, name) in schema.required.iter().enumerate() {
                if !schema.properties.contains_key(name) {
                    self.warning(
                        schema.at.push("required").push(i.to_string()),
                        format!("`required` names `{name}`, which `properties` does not define"),
                    );
                }
            }
        }
        if let Some(d) = &schema.discriminator {
            self.check_discriminator(schema, d);
        }
    }

    fn check_discriminator(&mut self, schema: &'d Schema, d: &'d crate::document::Discriminator) {
        for (key, target) in &d.mapping {
            if let Err(message) = self.doc.mapping_target(target) {
                let message = message.unwrap_or_else(|| {
                    format!(
                        "discriminator mapping `{key}` points at `{target}`, which is neither a schema \
                         in #/components/schemas nor a `#/` reference"
                    )
                });
                self.error(d.at.push("mapping").push(key), message);
            }
        }
        let property = &d.property_name;
        let variants = [("oneOf", &schema.one_of), ("anyOf", &schema.any_of)]
            .into_iter()
            .find(|(_, v)| !v.is_empty());
        match variants {
            Some((key, variants)) => {
                for (i, variant) in variants.iter().enumerate() {
                    if self.defines_property(variant, property, 0) {
                        continue;
                    }
                    let which = match &variant.reference {
                        Some(r) => format!("variant `{}`", r.target),
                        None => "this variant".to_owned(),
                    };
                    self.warning(
                        schema.at.push(key).push(i.to_string()),
                        format!("discriminator property `{property}` is not a property of {which}"),
                    );
                }
            }
            None => {
                if !self.defines_property(schema, property, 0) {
                    self.warning(
                        d.at.push("propertyName"),
                        format!("discriminator property `{property}` is not a property of this schema"),
                    );
                }
            }
        }
    }

    /// Whether `schema` (a reference followed, `allOf` parts included) defines `property`;
    /// `true` when that cannot be told (nested `oneOf`/`anyOf`, unresolved references), so that
    /// only sure problems are reported.
    fn defines_property(&self, schema: &Schema, property: &str, depth: usize) -> bool {
        if depth > 64 {
            return true;
        }
        let Ok(schema) = self.doc.deref_schema(schema) else {
            return true;
        };
        schema.properties.contains_key(property)
            || !schema.one_of.is_empty()
            || !schema.any_of.is_empty()
            || schema.all_of.iter().any(|s| self.defines_property(s, property, depth + 1))
    }

    // ----- Paths: templates, parameters, operation ids. -----

    fn check_paths(&mut self) {
        let doc = self.doc;
        let mut routes: HashMap<String, &'d str> = HashMap::new();
        let mut templates: HashMap<&JsonPointer, Option<PathTemplate>> = HashMap::new();
        for entry in &doc.paths {
            if entry.key.starts_with("x-") {
                continue;
            }
            let analysis = PathTemplate::analyse(&entry.key);
            for message in &analysis.errors {
                self.error(entry.at.clone(), message.clone());
            }
            for message in &analysis.warnings {
                self.warning(entry.at.clone(), message.clone());
            }
            // Keys with a `#fragment` share their route on purpose (see the warning).
            if analysis.is_routable()
                && !entry.key.contains('#')
                && let Some(template) = &analysis.template
            {
                let route = template.route_shape();
                if let Some(first) = routes.get(&route) {
                    let message = format!(
                        "`{}` routes the same as `{first}`; the two differ only in parameter names",
                        entry.key
                    );
                    self.error(entry.at.clone(), message);
                } else {
                    routes.insert(route, &entry.key);
                }
            }
            templates.insert(&entry.at, analysis.template);
            if let Ok(item) = doc.resolve(&entry.item) {
                self.check_list(&item.parameters);
            }
        }
        let mut operation_ids: HashMap<&'d str, JsonPointer> = HashMap::new();
        let mut checked_items: Vec<&JsonPointer> = Vec::new();
        for site in doc.operations() {
            let op = site.operation;
            if let Some(id) = &op.operation_id {
                let id_at = site.at.push("operationId");
                match operation_ids.get(id.as_str()) {
                    Some(first) => self.error(id_at, format!("operationId `{id}` is already used at {first}")),
                    None => {
                        operation_ids.insert(id, id_at);
                    }
                }
            }
            if let Some(security) = &op.security {
                self.check_security(security);
            }
            if !op.callbacks.is_empty() {
                self.warning(
                    op.at.push("callbacks"),
                    "callbacks are read but not generated: neither the client nor the server handles them".to_owned(),
                );
            }
            self.check_list(&op.parameters);
            if site.is_webhook {
                continue;
            }
            let Some(Some(template)) = templates.get(site.entry_at) else {
                continue;
            };
            let names: Vec<&str> = template.params().collect();
            let params = doc.parameters_of(site.item, op);
            let declared: Vec<&str> = params
                .iter()
                .filter_map(|l| l.param.as_ref().ok())
                .filter(|p| p.location == ParamLocation::Path)
                .map(|p| p.name.as_str())
                .collect();
            for name in &names {
                if !declared.contains(name) {
                    let message = format!(
                        "`{{{name}}}` in `{}` has no `in: path` parameter named `{name}`, neither on the \
                         operation nor on the path item",
                        site.key
                    );
                    self.error(site.at.clone(), message);
                }
            }
            let first_on_item = !checked_items.contains(&site.entry_at);
            if first_on_item {
                checked_items.push(site.entry_at);
            }
            // A path item's parameters are reported once, not once per operation.
            let unused = params.iter().filter(|l| !l.on_path_item || first_on_item);
            self.check_unused(unused, &names, site.key);
        }
    }

    /// Reports parameters declared twice in one list, and path parameters not required.
    fn check_list(&mut self, list: &'d [MaybeRef<Parameter>]) {
        let mut first_at: HashMap<(ParamLocation, String), &JsonPointer> = HashMap::new();
        for entry in list {
            let Ok(p) = self.doc.resolve(entry) else { continue };
            let at = listed_at(entry);
            // Header names are case-insensitive.
            let key_name = match p.location {
                ParamLocation::Header => p.name.to_ascii_lowercase(),
                _ => p.name.clone(),
            };
            match first_at.get(&(p.location, key_name.clone())) {
                Some(first) => {
                    let message = format!(
                        "parameter `{}` in {} is declared twice; first at {first}",
                        p.name,
                        p.location.as_str()
                    );
                    self.error(at.clone(), message);
                }
                None => {
                    first_at.insert((p.location, key_name), at);
                }
            }
            if p.location == ParamLocation::Path && p.required != Some(true) {
                let at = match p.required {
                    Some(_) => p.at.push("required"),
                    None => p.at.clone(),
                };
                let message = format!("path parameter `{}` must be `required: true`", p.name);
                if !self.errors.iter().any(|(a, m)| *a == at && *m == message) {
                    self.error(at, message);
                }
            }
        }
    }

    /// Reports the `in: path` parameters that the template does not name.
    fn check_unused<'p>(&mut self, params: impl Iterator<Item = &'p ListedParam<'d>>, names: &[&str], template: &str)
    where
        'd: 'p,
    {
        for listed in params {
            let Ok(p) = &listed.param else { continue };
            if p.location == ParamLocation::Path && !names.contains(&p.name.as_str()) {
                let message = format!("path parameter `{}` does not appear in `{template}`", p.name);
                if !self.errors.iter().any(|(a, m)| *a == listed.at && *m == message) {
                    self.error(listed.at.clone(), message);
                }
            }
        }
    }

    /// Every scheme a security requirement names must be defined.
    fn check_security(&mut self, requirements: &[SecurityRequirement]) {
        for requirement in requirements {
            for name in requirement.schemes.keys() {
                if !self.doc.components.security_schemes.contains_key(name) {
                    let message = format!("security scheme `{name}` is not defined in #/components/securitySchemes");
                    self.error(requirement.at.push(name), message);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::load_spec;

    /// (pointer, message) pairs.
    type Found = Vec<(String, String)>;

    const HEAD: &str = "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\n";

    /// Loads `HEAD` + `body` and validates it: (errors, warnings) as (pointer, message).
    fn run(body: &str) -> (Found, Found) {
        let text = format!("{HEAD}{body}");
        let spec = load_spec("t.yaml", &text).unwrap_or_else(|e| panic!("{e}"));
        let pairs = |ds: &[Diagnostic]| -> Found {
            ds.iter()
                .map(|d| (d.pointer.to_string(), d.message.clone()))
                .collect()
        };
        match validate_spec(&spec) {
            Ok(v) => (Vec::new(), pairs(&v.warnings)),
            Err(e) => (pairs(&e.diagnostics), Vec::new()),
        }
    }

    fn errors(body: &str) -> Found {
        run(body).0
    }

    fn warnings(body: &str) -> Found {
        let (errors, warnings) = run(body);
        assert_eq!(errors, [] as [(String, String); 0]);
        warnings
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
        assert_eq!(run(&body), (Vec::new(), Vec::new()));
    }

    #[test]
    fn unresolved_and_external_refs_are_errors() {
        let body = "paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {$ref: '#/components/schemas/B'}\n        c: {$ref: 'other.yaml#/C'}\n        d:\n          type: array\n          items: {$ref: '#/components/schemos/A'}\n";
        assert_eq!(
            errors(body),
            [
                pair(
                    "#/components/schemas/A/properties/b/$ref",
                    "`$ref` `#/components/schemas/B` does not resolve: #/components/schemas has no `B`"
                ),
                pair(
                    "#/components/schemas/A/properties/c/$ref",
                    "external reference `other.yaml#/C`: the generator reads one document, so every `$ref` must start with `#`"
                ),
                pair(
                    "#/components/schemas/A/properties/d/items/$ref",
                    "`$ref` `#/components/schemos/A` does not resolve: #/components has no `schemos`"
                ),
            ]
        );
    }

    #[test]
    fn refs_resolve_percent_encoded_and_cycles_are_errors() {
        let body = "paths:\n  /a/{id}:\n    get:\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/paths/~1a~1%7Bid%7D/get/parameters/0/schema'}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/B'}\n    B: {$ref: '#/components/schemas/A'}\n";
        assert_eq!(
            errors(body),
            [
                pair(
                    "#/components/schemas/A/$ref",
                    "`$ref` `#/components/schemas/B` never reaches a definition: #/components/schemas/B → #/components/schemas/A → #/components/schemas/B"
                ),
                pair(
                    "#/components/schemas/B/$ref",
                    "`$ref` `#/components/schemas/A` never reaches a definition: #/components/schemas/A → #/components/schemas/B → #/components/schemas/A"
                ),
            ]
        );
    }

    #[test]
    fn refs_in_examples_and_properties_named_ref_are_not_references() {
        let body = "paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        $ref: {type: string}\n        default: {type: string}\n      example: {$ref: nowhere}\n      x-note: {$ref: nowhere}\n  examples:\n    E:\n      value: {$ref: nowhere}\n";
        assert_eq!(run(body), (Vec::new(), Vec::new()));
    }

    #[test]
    fn duplicate_operation_ids_name_the_first() {
        let body = format!(
            "paths:\n  /a:\n    get:\n      operationId: list\n{OK_RESPONSE}    post:\n      operationId: list\n{OK_RESPONSE}  /b:\n    get:\n      operationId: list\n{OK_RESPONSE}"
        );
        let first = "#/paths/~1a/get/operationId";
        let message = format!("operationId `list` is already used at {first}");
        assert_eq!(
            errors(&body),
            [
                pair("#/paths/~1a/post/operationId", &message),
                pair("#/paths/~1b/get/operationId", &message)
            ]
        );
    }

    #[test]
    fn path_parameters_must_match_the_template() {
        let body = format!(
            "paths:\n  /a/{{id}}/b/{{sub}}:\n    parameters:\n      - {{name: sub, in: path, required: true, schema: {{type: string}}}}\n    get:\n      parameters:\n        - {{name: other, in: path, required: true, schema: {{type: string}}}}\n{OK_RESPONSE}    put:\n      parameters:\n        - $ref: '#/components/parameters/Id'\n{OK_RESPONSE}components:\n  parameters:\n    Id: {{name: id, in: path, schema: {{type: string}}}}\n"
        );
        assert_eq!(
            errors(&body),
            [
                pair(
                    "#/paths/~1a~1{id}~1b~1{sub}/get",
                    "`{id}` in `/a/{id}/b/{sub}` has no `in: path` parameter named `id`, neither on the operation nor on the path item"
                ),
                pair(
                    "#/paths/~1a~1{id}~1b~1{sub}/get/parameters/0",
                    "path parameter `other` does not appear in `/a/{id}/b/{sub}`"
                ),
                pair(
                    "#/components/parameters/Id",
                    "path parameter `id` must be `required: true`"
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
    fn path_templates_axum_cannot_route() {
        let param = |n: &str| {
            format!("        - {{name: {n}, in: path, required: true, schema: {{type: string}}}}\n")
        };
        let op = |params: &[&str]| {
            let list: String = params.iter().map(|n| param(n)).collect();
            format!("    get:\n      parameters:\n{list}{OK_RESPONSE}")
        };
        let body = format!(
            "paths:\n  /a/{{x}}.{{y}}:\n{}  /files/{{name}}.json:\n{}  /b/{{x:\n{}  /c/{{x}}:\n{}  /c/{{y}}:\n{}  /c/{{x}}#alt:\n{}",
            op(&["x", "y"]),
            op(&["name"]),
            op(&["x"]),
            op(&["x"]),
            op(&["y"]),
            op(&["x"]),
        );
        assert_eq!(
            errors(&body),
            [
                pair(
                    "#/paths/~1a~1{x}.{y}",
                    "segment `{x}.{y}` of `/a/{x}.{y}` holds 2 parameters; axum routes one parameter per segment"
                ),
                pair(
                    "#/paths/~1b~1{x",
                    "segment `{x` of `/b/{x` has unbalanced braces"
                ),
                pair(
                    "#/paths/~1c~1{y}",
                    "`/c/{y}` routes the same as `/c/{x}`; the two differ only in parameter names"
                ),
            ]
        );
        // Documented rewrites: warnings, generation goes on.
        let body = format!(
            "paths:\n  /files/{{name}}.json:\n{}  /c/{{x}}#alt:\n{}",
            op(&["name"]),
            op(&["x"]),
        );
        assert_eq!(
            warnings(&body),
            [
                pair(
                    "#/paths/~1files~1{name}.json",
                    "segment `{name}.json` of `/files/{name}.json` puts text beside the parameter `name`; the server routes the whole segment and strips the text around the value"
                ),
                pair(
                    "#/paths/~1c~1{x}#alt",
                    "path `/c/{x}#alt` holds a fragment (`#…`), which clients never send; the generator uses `/c/{x}` (a server answers it with the first operation of that method)"
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
        assert!(found.warnings[0].message.contains("not enforced"), "{}", found.warnings[0]);
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
        let (errors, _) = run(body);
        assert_eq!(
            errors,
            [pair(
                "#/components/schemas/Pet/discriminator/mapping/fish",
                "`$ref` `#/components/schemas/Fish` does not resolve: #/components/schemas has no `Fish`"
            )]
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
    fn duplicate_parameters_and_unknown_security_schemes() {
        let body = format!(
            "security:\n  - key: []\npaths:\n  /a:\n    get:\n      security:\n        - nope: []\n      parameters:\n        - {{name: X-Id, in: header, schema: {{type: string}}}}\n        - {{name: x-id, in: header, schema: {{type: string}}}}\n        - {{name: x-id, in: query, schema: {{type: string}}}}\n{OK_RESPONSE}components:\n  securitySchemes:\n    key: {{type: apiKey, name: k, in: header}}\n"
        );
        assert_eq!(
            errors(&body),
            [
                pair(
                    "#/paths/~1a/get/security/0/nope",
                    "security scheme `nope` is not defined in #/components/securitySchemes"
                ),
                pair(
                    "#/paths/~1a/get/parameters/1",
                    "parameter `x-id` in header is declared twice; first at #/paths/~1a/get/parameters/0"
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
        let err = validate_spec(&spec).unwrap_err();
        // get lacks `id`; post repeats the id; two dangling refs.
        assert_eq!(err.diagnostics.len(), 4, "{err}");
        assert!(
            err.to_string().starts_with("4 problem(s) in t.yaml:\n"),
            "{err}"
        );
        let lines: Vec<usize> = err
            .diagnostics
            .iter()
            .map(|d| d.position.map_or(0, |p| p.line))
            .collect();
        assert_eq!(lines, [7, 13, 15, 30], "{err}");
        let first = err.diagnostics[0].to_string();
        assert!(
            first.starts_with("t.yaml:7:5: `{id}` in `/a/{id}`"),
            "{first}"
        );
        assert!(err.diagnostics.iter().all(|d| d.snippet.is_some()));

        // The warning beside the `$ref` is kept apart, and its excerpt says `warning`.
        let quiet = text
            .replace("      operationId: one\n      parameters", "      operationId: two\n      parameters")
            .replace("{$ref: '#/components/schemas/Nope'}", "{type: string}")
            .replace("{$ref: '#/components/schemas/Missing'}", "{type: string}")
            .replace("  /a/{id}:\n    get:\n      operationId: one\n", "  /a/{id}:\n    get:\n      operationId: one\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n");
        let ok =
            validate_spec(&load_spec("t.yaml", &quiet).unwrap()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(ok.warnings.len(), 1);
        let snippet = ok.warnings[0].snippet.as_deref().unwrap();
        assert!(
            snippet.starts_with("warning: `description` beside $ref"),
            "{snippet}"
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
        let err = load_spec("t.json", text).unwrap_err();
        assert!(err.0.len() >= 10, "{err}");
        // Well-shaped but broken references and cycles: validation reports them.
        let body = "paths:\n  /b/{b}:\n    $ref: '#/paths/~1b~1{b}'\n  /%:\n    $ref: '#/paths/~1%25'\ncomponents:\n  schemas:\n    B:\n      discriminator: {propertyName: p, mapping: {b: '#bad'}}\n      oneOf: [{$ref: '#/components/schemas/B'}, {allOf: [{$ref: '#/components/schemas/C'}]}]\n    C: {allOf: [{$ref: '#/components/schemas/C'}]}\n    D: {items: {$ref: ''}}\n";
        let found = errors(body);
        assert!(found.len() >= 4, "{found:?}");
    }
}
