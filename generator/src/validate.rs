//! Validate: the checks `openapiv3` does not make, run on the raw JSON value of a loaded
//! document so that every problem carries the exact JSON pointer of the field to fix.
//!
//! `openapiv3` accepts a document whose references dangle, whose operation ids repeat, or whose
//! path templates name parameters nobody declares; it also drops what stands beside a `$ref`.
//! [`validate_spec`] reads [`Spec::value`] instead and collects every problem before failing.
//!
//! Errors (generation stops):
//! - a `$ref` that is external (does not start with `#`), does not resolve inside the document,
//!   or only leads to other references in a cycle; a discriminator `mapping` entry that names
//!   no schema;
//! - an `operationId` used twice (reported at the second and later uses);
//! - a `{name}` in a path template with no `in: path` parameter of that name (on the operation
//!   or its path item, `$ref`s followed), an `in: path` parameter the template lacks, and a path
//!   parameter without `required: true`;
//! - a schema `type` that OpenAPI 3.0 does not know, or a list of types (OpenAPI 3.1);
//! - a path template axum cannot route: not starting with `/`, unbalanced braces, two
//!   parameters in one segment (`/a/{x}.{y}`), text beside a parameter (`/files/{name}.json`),
//!   a parameter named twice, a `#fragment` or `?query` in the path, or two templates that
//!   differ only in parameter names;
//! - a parameter declared twice (same `name` and `in`) in one list;
//! - a security requirement naming a scheme `components/securitySchemes` lacks;
//! - an `openapi` version other than 3.0.x.
//!
//! Warnings (generation goes on; each states what the generator does instead):
//! - keys beside a `$ref`, which OpenAPI 3.0 ignores and so does the generator, with one
//!   rewrite: `nullable: true` beside a schema `$ref` is read as `allOf: [$ref]` with
//!   `nullable: true` (see [`is_nullable_ref`]); vendor extensions (`x-…`) beside a `$ref`
//!   are not reported;
//! - `required` naming a property that `properties` does not define (unless `allOf`, `oneOf`
//!   or `anyOf` could define it: the schema's own, or its parent's when it is one of the parts);
//! - a discriminator `propertyName` that a variant does not define.
//!
//! Every pass is linear in the size of the document; references are resolved once each.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use crate::error::Diagnostic;
use crate::load::Spec;
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


/// Checks what `openapiv3` accepts silently. Returns the warnings when there is no error, and
/// every error otherwise; diagnostics come in document order.
pub fn validate_spec(spec: &Spec) -> Result<Validated, ValidateError> {
    let mut checker = Checker::new(&spec.value);
    checker.check_version();
    checker.walk(&spec.value, Kind::Object, 0);
    checker.check_paths();
    if let Some(Value::Array(security)) = spec.value.get("security") {
        checker.check_security(&JsonPointer::root().push("security"), security);
    }
    let Checker {
        errors, warnings, ..
    } = checker;
    let error_count = errors.len();
    let mut all = spec.diagnostics(errors.into_iter().chain(warnings));
    let mut warnings = all.split_off(error_count);
    for warning in &mut warnings {
        // The snippet renderer titles every excerpt `error`; these are not.
        if let Some(rest) = warning
            .snippet
            .as_deref()
            .and_then(|s| s.strip_prefix("error"))
        {
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
        file: spec.file.clone(),
        diagnostics: all,
    })
}

/// Whether a schema is a `$ref` with `nullable: true` beside it, which the generator reads as
/// `allOf: [$ref]` with `nullable: true` (OpenAPI 3.0 itself ignores keys beside `$ref`).
pub fn is_nullable_ref(schema: &Value) -> bool {
    schema.get("$ref").is_some() && schema.get("nullable") == Some(&Value::Bool(true))
}

const SCHEMA_TYPES: [&str; 6] = ["string", "number", "integer", "boolean", "array", "object"];
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];
/// Deeper nesting is not walked: no real document comes near it, and the stack stays bounded.
const MAX_DEPTH: usize = 256;
/// How many `$ref`s (or `allOf` levels) a lookup follows before giving up.
const MAX_HOPS: usize = 64;

/// What a JSON node is, as far as the walk needs to know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// Any OpenAPI object other than a schema; may be a Reference Object.
    Object,
    /// A Schema Object or a reference to one.
    Schema,
    /// A Path Item Object: its `$ref` may have siblings.
    PathItem,
    /// A Callback Object (or a reference to one): expressions to path items.
    Callback,
    /// A map whose keys are names chosen by the author (or a list), holding nodes of one kind.
    Names(Entry),
    /// Data (examples, defaults, enums, extensions): a `$ref` in it is not a reference.
    Literal,
}

/// The kind of the entries of a [`Kind::Names`] map.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Entry {
    Object,
    Schema,
    PathItem,
    Callback,
    /// A response in `responses`, where `x-…` keys are extensions.
    Response,
}

impl Entry {
    fn kind(self) -> Kind {
        match self {
            Entry::Object | Entry::Response => Kind::Object,
            Entry::Schema => Kind::Schema,
            Entry::PathItem => Kind::PathItem,
            Entry::Callback => Kind::Callback,
        }
    }

    fn allows_extensions(self) -> bool {
        matches!(self, Entry::PathItem | Entry::Response)
    }
}

/// The kind of the value under `key` in an OpenAPI object other than a schema.
fn object_child(key: &str, value: &Value) -> Kind {
    match key {
        _ if key.starts_with("x-") => Kind::Literal,
        "example" | "default" | "enum" | "const" | "value" | "mapping" => Kind::Literal,
        "examples" if value.is_array() => Kind::Literal,
        "schema" => Kind::Schema,
        "schemas" => Kind::Names(Entry::Schema),
        "paths" | "pathItems" => Kind::Names(Entry::PathItem),
        "callbacks" => Kind::Names(Entry::Callback),
        "responses" => Kind::Names(Entry::Response),
        "parameters" | "requestBodies" | "headers" | "securitySchemes" | "links" | "content"
        | "encoding" | "variables" | "scopes" | "examples" => Kind::Names(Entry::Object),
        _ => Kind::Object,
    }
}

/// The kind of the value under `key` in a schema.
fn schema_child(key: &str) -> Kind {
    match key {
        _ if key.starts_with("x-") => Kind::Literal,
        "default" | "enum" | "example" | "examples" | "const" => Kind::Literal,
        "properties" | "patternProperties" | "definitions" | "$defs" => Kind::Names(Entry::Schema),
        "allOf" | "oneOf" | "anyOf" => Kind::Names(Entry::Schema),
        "items"
        | "not"
        | "additionalProperties"
        | "additionalItems"
        | "contains"
        | "propertyNames"
        | "if"
        | "then"
        | "else" => Kind::Schema,
        _ => Kind::Object,
    }
}

/// One step of the walk's position, borrowed from the document.
#[derive(Clone, Copy)]
enum Token<'a> {
    Key(&'a str),
    Index(usize),
}

/// A parameter as listed in a `parameters` array, with its definition followed.
struct Param<'a> {
    /// Where it is listed.
    at: JsonPointer,
    /// Where it is defined (the target of its `$ref`, or `at`).
    def: JsonPointer,
    name: &'a str,
    location: &'a str,
    required: Option<&'a Value>,
}

/// A parsed path template: the parameter names, and whether the template is clean enough to
/// compare with others.
struct Template<'a> {
    names: Vec<&'a str>,
    routable: bool,
}

struct Checker<'a> {
    root: &'a Value,
    path: Vec<Token<'a>>,
    errors: Vec<(JsonPointer, String)>,
    warnings: Vec<(JsonPointer, String)>,
    /// Each `$ref` string seen, with its problem if it has one.
    refs: HashMap<&'a str, Option<String>>,
    /// Parameter definitions whose `required` was checked already.
    checked_params: HashSet<JsonPointer>,
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

impl<'a> Checker<'a> {
    fn new(root: &'a Value) -> Self {
        Self {
            root,
            path: Vec::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
            refs: HashMap::new(),
            checked_params: HashSet::new(),
            patterns: Patterns::default(),
        }
    }

    /// The pointer to the walk's position, followed by `more`.
    fn here(&self, more: &[&str]) -> JsonPointer {
        let p = self.path.iter().fold(JsonPointer::root(), |p, t| match t {
            Token::Key(k) => p.push(*k),
            Token::Index(i) => p.push(i.to_string()),
        });
        more.iter().fold(p, |p, t| p.push(*t))
    }

    fn error(&mut self, at: JsonPointer, message: String) {
        self.errors.push((at, message));
    }

    fn warning(&mut self, at: JsonPointer, message: String) {
        self.warnings.push((at, message));
    }

    fn check_version(&mut self) {
        match self.root.get("openapi") {
            Some(Value::String(v)) if v.starts_with("3.0") => {}
            Some(Value::String(v)) => {
                let at = JsonPointer::root().push("openapi");
                self.error(
                    at,
                    format!("`openapi: {v}`: the generator reads OpenAPI 3.0.x documents"),
                );
            }
            _ => {}
        }
    }

    // ----- The generic walk: references, `$ref` siblings, schemas. -----

    fn walk(&mut self, value: &'a Value, kind: Kind, depth: usize) {
        if depth > MAX_DEPTH {
            return;
        }
        match (kind, value) {
            (Kind::Literal, _) => {}
            (_, Value::Array(items)) => {
                let inner = match kind {
                    Kind::Names(item) => item.kind(),
                    other => other,
                };
                for (i, x) in items.iter().enumerate() {
                    self.path.push(Token::Index(i));
                    self.walk(x, inner, depth + 1);
                    self.path.pop();
                }
            }
            (Kind::Names(item), Value::Object(map)) => {
                for (k, x) in map {
                    let kind = if item.allows_extensions() && k.starts_with("x-") {
                        Kind::Literal
                    } else {
                        item.kind()
                    };
                    self.path.push(Token::Key(k));
                    self.walk(x, kind, depth + 1);
                    self.path.pop();
                }
            }
            (Kind::Object | Kind::Callback | Kind::Schema, Value::Object(map))
                if map.contains_key("$ref") =>
            {
                self.reference(map);
                self.ref_siblings(map, kind == Kind::Schema);
            }
            (Kind::Object | Kind::PathItem | Kind::Callback | Kind::Schema, Value::Object(map)) => {
                if kind == Kind::PathItem && map.contains_key("$ref") {
                    // A path item's `$ref` may have siblings (OpenAPI 3.0 leaves the merge undefined).
                    self.reference(map);
                }
                if kind == Kind::Schema {
                    self.check_schema(map);
                }
                for (k, x) in map {
                    let child = match kind {
                        Kind::Schema => schema_child(k),
                        Kind::Callback if k.starts_with("x-") => Kind::Literal,
                        Kind::Callback => Kind::PathItem,
                        _ if k == "$ref" => Kind::Literal,
                        _ => object_child(k, x),
                    };
                    self.path.push(Token::Key(k));
                    self.walk(x, child, depth + 1);
                    self.path.pop();
                }
            }
            _ => {}
        }
    }

    /// Checks the `$ref` of the object at the walk's position.
    fn reference(&mut self, map: &'a Map<String, Value>) {
        let Some(target) = map.get("$ref") else {
            return;
        };
        let at = self.here(&["$ref"]);
        let Value::String(target) = target else {
            self.error(
                at,
                format!("`$ref` must be a string, not {}", type_name(target)),
            );
            return;
        };
        let problem = match self.refs.get(target.as_str()) {
            Some(problem) => problem.clone(),
            None => {
                let problem = ref_problem(self.root, target);
                self.refs.insert(target, problem.clone());
                problem
            }
        };
        if let Some(message) = problem {
            self.error(at, message);
        }
    }

    /// Warns about keys beside a `$ref`, which OpenAPI 3.0 ignores.
    fn ref_siblings(&mut self, map: &'a Map<String, Value>, is_schema: bool) {
        for (k, v) in map {
            if k == "$ref" || k.starts_with("x-") {
                continue;
            }
            let message = if is_schema && k == "nullable" && v == &Value::Bool(true) {
                "`nullable: true` beside $ref: OpenAPI 3.0 ignores it, the generator reads it as \
                 `allOf: [$ref]` with `nullable: true`"
                    .to_owned()
            } else {
                format!("`{k}` beside $ref is ignored by OpenAPI 3.0; the generator ignores it too")
            };
            let at = self.here(&[k]);
            self.warning(at, message);
        }
    }

    /// Checks one schema object (not a reference) at the walk's position.
    fn check_schema(&mut self, schema: &'a Map<String, Value>) {
        match schema.get("type") {
            None => {}
            Some(Value::String(t)) if SCHEMA_TYPES.contains(&t.as_str()) => {}
            Some(t) => {
                let message = match t {
                    Value::String(t) if t == "null" => {
                        "type `null` is OpenAPI 3.1; OpenAPI 3.0 writes `nullable: true`".to_owned()
                    }
                    Value::String(t) => format!(
                        "unknown type `{t}`; OpenAPI 3.0 types are string, number, integer, \
                         boolean, array and object"
                    ),
                    Value::Array(_) => {
                        "`type` is a list (OpenAPI 3.1); OpenAPI 3.0 takes one type, \
                                        and `nullable: true` for null"
                            .to_owned()
                    }
                    other => format!("`type` must be a string, not {}", type_name(other)),
                };
                let at = self.here(&["type"]);
                self.error(at, message);
            }
        }
        if let Some(Value::String(pattern)) = schema.get("pattern")
            && !self.patterns.compiles(pattern)
        {
            let at = self.here(&["pattern"]);
            self.warning(
                at,
                format!(
                    "pattern `{pattern}` uses syntax the generated code's regex engine lacks \
                     (look-around, back references); validate() does not check it"
                ),
            );
        }
        // `allOf`, `oneOf` and `anyOf` may define the property elsewhere: in the schema's own
        // parts, or, for a schema that is such a part, in its parent or siblings.
        let composed = ["allOf", "oneOf", "anyOf"]
            .iter()
            .any(|k| schema.contains_key(*k))
            || matches!(
                self.path.as_slice(),
                [.., Token::Key("allOf" | "oneOf" | "anyOf"), Token::Index(_)]
            );
        if let (Some(Value::Array(required)), Some(Value::Object(properties)), false) =
            (schema.get("required"), schema.get("properties"), composed)
        {
            for (i, name) in required.iter().enumerate() {
                if let Value::String(name) = name
                    && !properties.contains_key(name)
                {
                    let at = self.here(&["required", &i.to_string()]);
                    self.warning(
                        at,
                        format!("`required` names `{name}`, which `properties` does not define"),
                    );
                }
            }
        }
        if let Some(Value::Object(discriminator)) = schema.get("discriminator") {
            self.check_discriminator(schema, discriminator);
        }
    }

    fn check_discriminator(
        &mut self,
        schema: &'a Map<String, Value>,
        discriminator: &'a Map<String, Value>,
    ) {
        if let Some(Value::Object(mapping)) = discriminator.get("mapping") {
            for (key, target) in mapping {
                let Value::String(target) = target else {
                    continue;
                };
                let named = self
                    .root
                    .pointer("/components/schemas")
                    .and_then(|s| s.get(target))
                    .is_some();
                let problem = if named {
                    None
                } else if target.starts_with('#') {
                    ref_problem(self.root, target)
                } else {
                    Some(format!(
                        "discriminator mapping `{key}` points at `{target}`, which is neither a schema \
                         in #/components/schemas nor a `#/` reference"
                    ))
                };
                if let Some(message) = problem {
                    let at = self.here(&["discriminator", "mapping", key]);
                    self.error(at, message);
                }
            }
        }
        let Some(Value::String(property)) = discriminator.get("propertyName") else {
            return;
        };
        let variants = ["oneOf", "anyOf"]
            .iter()
            .find_map(|k| schema.get(*k).and_then(Value::as_array).map(|v| (*k, v)));
        match variants {
            Some((key, variants)) => {
                for (i, variant) in variants.iter().enumerate() {
                    if defines_property(self.root, variant, property, 0) {
                        continue;
                    }
                    let which = match variant.get("$ref").and_then(Value::as_str) {
                        Some(target) => format!("variant `{target}`"),
                        None => "this variant".to_owned(),
                    };
                    let at = self.here(&[key, &i.to_string()]);
                    self.warning(
                        at,
                        format!("discriminator property `{property}` is not a property of {which}"),
                    );
                }
            }
            None => {
                let own = Value::Object(schema.clone());
                if !defines_property(self.root, &own, property, 0) {
                    let at = self.here(&["discriminator", "propertyName"]);
                    self.warning(
                        at,
                        format!(
                            "discriminator property `{property}` is not a property of this schema"
                        ),
                    );
                }
            }
        }
    }

    // ----- Paths: templates, parameters, operation ids. -----

    fn check_paths(&mut self) {
        let root = self.root;
        let Some(Value::Object(paths)) = root.get("paths") else {
            return;
        };
        let paths_at = JsonPointer::root().push("paths");
        let mut operation_ids: HashMap<&'a str, JsonPointer> = HashMap::new();
        let mut routes: HashMap<String, &'a str> = HashMap::new();
        for (template, item) in paths {
            if template.starts_with("x-") {
                continue;
            }
            let at = paths_at.push(template.as_str());
            let parsed = self.check_template(template, &at);
            if let Some(parsed) = &parsed
                && parsed.routable
            {
                let route = route_shape(template);
                if let Some(first) = routes.get(&route) {
                    let message = format!(
                        "`{template}` routes the same as `{first}`; the two differ only in parameter names"
                    );
                    self.error(at.clone(), message);
                } else {
                    routes.insert(route, template);
                }
            }
            let Some((item_at, Value::Object(item))) = follow(root, at, item) else {
                continue;
            };
            let shared = self.parameters(&item_at, item);
            for method in METHODS {
                let Some(Value::Object(operation)) = item.get(method) else {
                    continue;
                };
                let op_at = item_at.push(method);
                if let Some(Value::String(id)) = operation.get("operationId") {
                    let id_at = op_at.push("operationId");
                    match operation_ids.get(id.as_str()) {
                        Some(first) => {
                            let message = format!("operationId `{id}` is already used at {first}");
                            self.error(id_at, message);
                        }
                        None => {
                            operation_ids.insert(id, id_at);
                        }
                    }
                }
                if let Some(Value::Array(security)) = operation.get("security") {
                    self.check_security(&op_at.push("security"), security);
                }
                let own = self.parameters(&op_at, operation);
                let Some(parsed) = &parsed else { continue };
                let overridden = |s: &Param| {
                    own.iter()
                        .any(|o| o.name == s.name && o.location == s.location)
                };
                let declared: HashSet<&str> = own
                    .iter()
                    .chain(shared.iter().filter(|s| !overridden(s)))
                    .filter(|p| p.location == "path")
                    .map(|p| p.name)
                    .collect();
                for name in &parsed.names {
                    if !declared.contains(name) {
                        let message = format!(
                            "`{{{name}}}` in `{template}` has no `in: path` parameter named `{name}`, \
                             neither on the operation nor on the path item"
                        );
                        self.error(op_at.clone(), message);
                    }
                }
                self.check_unused(&own, &parsed.names, template);
            }
            if let Some(parsed) = &parsed {
                self.check_unused(&shared, &parsed.names, template);
            }
        }
    }

    /// Checks a path template; `None` when its braces are too broken to read the names.
    fn check_template(&mut self, template: &'a str, at: &JsonPointer) -> Option<Template<'a>> {
        let mut problems = Vec::new();
        let mut warnings = Vec::new();
        let mut names = Vec::new();
        let mut balanced = true;
        if !template.starts_with('/') {
            problems.push(format!("path `{template}` must start with `/`"));
        }
        // What follows `#` or `?` is not part of the path a server sees.
        let path = match template.find(['#', '?']) {
            Some(at) => {
                let path = template.get(..at).unwrap_or(template);
                if template.get(at..=at) == Some("#") {
                    // Some documents (Box's) put several operations on one path this way.
                    warnings.push(format!(
                        "path `{template}` holds a fragment (`#…`), which clients never send; \
                         the generator uses `{path}` (a server answers it with the first \
                         operation of that method)"
                    ));
                } else {
                    problems.push(
                    format!(
                        "path `{template}` holds a query string (`?…`); declare query parameters \
                         with `in: query` instead"
                    ));
                }
                path
            }
            None => template,
        };
        for segment in path.split('/') {
            let Some(params) = segment_params(segment) else {
                problems.push(format!(
                    "segment `{segment}` of `{template}` has unbalanced braces"
                ));
                balanced = false;
                continue;
            };
            match params.as_slice() {
                [] => {}
                [""] if segment == "{}" => {
                    problems.push(format!(
                        "segment `{{}}` of `{template}` is a parameter with no name"
                    ));
                }
                [name] if segment.len() == name.len() + 2 => names.push(*name),
                [name] => {
                    warnings.push(format!(
                        "segment `{segment}` of `{template}` puts text beside the parameter `{name}`; \
                         the server routes the whole segment and strips the text around the value"
                    ));
                    names.push(*name);
                }
                _ => {
                    problems.push(format!(
                        "segment `{segment}` of `{template}` holds {} parameters; axum routes one \
                         parameter per segment",
                        params.len()
                    ));
                    names.extend(params.iter().copied());
                }
            }
        }
        let mut seen = HashSet::new();
        for name in &names {
            if !seen.insert(*name) {
                problems.push(format!("parameter `{name}` appears twice in `{template}`"));
            }
        }
        let routable = problems.is_empty();
        for message in problems {
            self.error(at.clone(), message);
        }
        for message in warnings {
            self.warning(at.clone(), message);
        }
        balanced.then_some(Template { names, routable })
    }

    /// The parameters listed at `at` (a path item or an operation), `$ref`s followed; reports
    /// duplicates and path parameters that are not required.
    fn parameters(&mut self, at: &JsonPointer, owner: &'a Map<String, Value>) -> Vec<Param<'a>> {
        let Some(Value::Array(list)) = owner.get("parameters") else {
            return Vec::new();
        };
        let list_at = at.push("parameters");
        let mut params = Vec::new();
        let mut first_at: HashMap<(&str, Cow<str>), JsonPointer> = HashMap::new();
        for (i, entry) in list.iter().enumerate() {
            let entry_at = list_at.push(i.to_string());
            let Some((def, Value::Object(p))) = follow(self.root, entry_at.clone(), entry) else {
                continue;
            };
            let (Some(Value::String(name)), Some(Value::String(location))) =
                (p.get("name"), p.get("in"))
            else {
                continue;
            };
            // Header names are case-insensitive.
            let key_name = if location == "header" {
                Cow::Owned(name.to_ascii_lowercase())
            } else {
                Cow::Borrowed(name.as_str())
            };
            match first_at.get(&(location.as_str(), key_name.clone())) {
                Some(first) => {
                    let message = format!(
                        "parameter `{name}` in {location} is declared twice; first at {first}"
                    );
                    self.error(entry_at.clone(), message);
                }
                None => {
                    first_at.insert((location, key_name), entry_at.clone());
                }
            }
            let param = Param {
                at: entry_at,
                def,
                name,
                location,
                required: p.get("required"),
            };
            if param.location == "path"
                && param.required != Some(&Value::Bool(true))
                && self.checked_params.insert(param.def.clone())
            {
                let at = match param.required {
                    Some(_) => param.def.push("required"),
                    None => param.def.clone(),
                };
                self.error(
                    at,
                    format!("path parameter `{}` must be `required: true`", param.name),
                );
            }
            params.push(param);
        }
        params
    }

    /// Reports the `in: path` parameters of `params` that the template does not name.
    fn check_unused(&mut self, params: &[Param<'a>], names: &[&str], template: &str) {
        for p in params {
            if p.location == "path" && !names.contains(&p.name) {
                let message = format!(
                    "path parameter `{}` does not appear in `{template}`",
                    p.name
                );
                self.error(p.at.clone(), message);
            }
        }
    }

    /// Every scheme a security requirement names must be defined.
    fn check_security(&mut self, at: &JsonPointer, requirements: &'a [Value]) {
        let schemes = self.root.pointer("/components/securitySchemes");
        for (i, requirement) in requirements.iter().enumerate() {
            let Value::Object(requirement) = requirement else {
                continue;
            };
            for name in requirement.keys() {
                if schemes.and_then(|s| s.get(name)).is_none() {
                    let message = format!(
                        "security scheme `{name}` is not defined in #/components/securitySchemes"
                    );
                    self.error(at.push(i.to_string()).push(name.as_str()), message);
                }
            }
        }
    }
}

/// What is wrong with a `$ref`, if anything.
fn ref_problem(root: &Value, target: &str) -> Option<String> {
    if target.is_empty() {
        return Some("`$ref` is empty".to_owned());
    }
    if !target.starts_with('#') {
        return Some(format!(
            "external reference `{target}`: the generator reads one document, so every `$ref` \
             must start with `#`"
        ));
    }
    let Some(pointer) = parse_ref(target) else {
        return Some(format!("`$ref` `{target}` is not a JSON pointer (`#/…`)"));
    };
    let mut at = root;
    let mut seen = JsonPointer::root();
    for token in pointer.tokens() {
        match JsonPointer::root().push(token.as_str()).resolve(at) {
            Some(next) => {
                at = next;
                seen = seen.push(token.as_str());
            }
            None => {
                return Some(format!(
                    "`$ref` `{target}` does not resolve: {seen} has no `{token}`"
                ));
            }
        }
    }
    // A chain of bare references has to end at a definition.
    let mut chain = vec![target];
    while let Some(Value::String(next)) = at.get("$ref") {
        if !next.starts_with('#') || chain.len() > MAX_HOPS {
            break;
        }
        let looped = chain.contains(&next.as_str());
        chain.push(next);
        if looped {
            return Some(format!(
                "`$ref` `{target}` never reaches a definition: {}",
                chain.join(" → ")
            ));
        }
        match parse_ref(next).and_then(|p| p.resolve(root)) {
            Some(v) => at = v,
            None => break,
        }
    }
    None
}

/// The pointer of a `#/…` reference, percent-decoded (URI fragments encode `{`, `}`, spaces).
fn parse_ref(target: &str) -> Option<JsonPointer> {
    JsonPointer::parse(&percent_decode(target))
}

fn percent_decode(text: &str) -> Cow<'_, str> {
    if !text.contains('%') {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_or(Cow::Borrowed(text), Cow::Owned)
}

/// Follows a chain of internal `$ref`s from `value` (found at `at`) to a definition, with the
/// definition's pointer. `None` when a reference is external, broken or cyclic (the walk
/// reports those where they are written).
fn follow<'v>(
    root: &'v Value,
    at: JsonPointer,
    value: &'v Value,
) -> Option<(JsonPointer, &'v Value)> {
    let mut at = at;
    let mut value = value;
    for _ in 0..MAX_HOPS {
        let Some(target) = value.get("$ref") else {
            return Some((at, value));
        };
        let pointer = target
            .as_str()
            .filter(|t| t.starts_with('#'))
            .and_then(parse_ref)?;
        value = pointer.resolve(root)?;
        at = pointer;
    }
    None
}

/// Whether `schema` (a reference followed, `allOf` parts included) defines `property`; `true`
/// when that cannot be told (nested `oneOf`/`anyOf`, unresolved references), so that only sure
/// problems are reported.
fn defines_property(root: &Value, schema: &Value, property: &str, depth: usize) -> bool {
    if depth > MAX_HOPS {
        return true;
    }
    let Some((_, schema)) = follow(root, JsonPointer::root(), schema) else {
        return true;
    };
    if schema
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p| p.contains_key(property))
        || schema.get("oneOf").is_some()
        || schema.get("anyOf").is_some()
    {
        return true;
    }
    schema
        .get("allOf")
        .and_then(Value::as_array)
        .is_some_and(|parts| {
            parts
                .iter()
                .any(|s| defines_property(root, s, property, depth + 1))
        })
}

/// The `{…}` parameters of one path segment; `None` when its braces do not pair up.
fn segment_params(segment: &str) -> Option<Vec<&str>> {
    let mut params = Vec::new();
    let mut rest = segment;
    loop {
        match (rest.find('{'), rest.find('}')) {
            (None, None) => return Some(params),
            (Some(open), Some(close)) if open < close => {
                let name = rest.get(open + 1..close)?;
                if name.contains('{') {
                    return None;
                }
                params.push(name);
                rest = rest.get(close + 1..)?;
            }
            _ => return None,
        }
    }
}

/// A template with its parameter names blanked: two templates with the same shape are the same
/// route to axum.
fn route_shape(template: &str) -> String {
    let mut shape = String::with_capacity(template.len());
    let mut in_param = false;
    for c in template.chars() {
        match c {
            '{' => {
                in_param = true;
                shape.push_str("{}");
            }
            '}' => in_param = false,
            _ if in_param => {}
            _ => shape.push(c),
        }
    }
    shape
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a map",
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
    fn unknown_and_listed_types_are_errors() {
        let body = "paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        when: {type: date}\n        nothing: {type: 'null'}\n        type: {type: string}\n";
        assert_eq!(
            errors(body),
            [
                pair(
                    "#/components/schemas/A/properties/when/type",
                    "unknown type `date`; OpenAPI 3.0 types are string, number, integer, boolean, array and object"
                ),
                pair(
                    "#/components/schemas/A/properties/nothing/type",
                    "type `null` is OpenAPI 3.1; OpenAPI 3.0 writes `nullable: true`"
                ),
            ]
        );
    }

    #[test]
    fn a_list_of_types_is_an_error() {
        // openapiv3 refuses `type: [..]` while loading; validation reports it on the raw value
        // in case the typed model ever accepts it.
        let spec = load_spec("t.yaml", &format!("{HEAD}paths: {{}}\n")).unwrap();
        let mut value = spec.value.clone();
        value["components"] = serde_json::json!({"schemas": {"A": {"type": ["string", "null"]}}});
        let err = validate_spec(&Spec { value, ..spec }).unwrap_err();
        let found: Vec<_> = err
            .diagnostics
            .iter()
            .map(|d| (d.pointer.to_string(), d.message.as_str()))
            .collect();
        assert_eq!(
            found,
            [(
                "#/components/schemas/A/type".to_owned(),
                "`type` is a list (OpenAPI 3.1); OpenAPI 3.0 takes one type, and `nullable: true` for null"
            )]
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
        assert!(is_nullable_ref(
            &serde_json::json!({"$ref": "#/x", "nullable": true})
        ));
        assert!(!is_nullable_ref(
            &serde_json::json!({"$ref": "#/x", "nullable": false})
        ));
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
    fn only_openapi_3_0_is_read() {
        let text = "openapi: 3.1.0\ninfo:\n  title: t\n  version: '1'\npaths: {}\n";
        let spec = load_spec("t.yaml", text).unwrap();
        let err = validate_spec(&spec).unwrap_err();
        assert_eq!(
            err.diagnostics[0].message,
            "`openapi: 3.1.0`: the generator reads OpenAPI 3.0.x documents"
        );
    }

    #[test]
    fn every_problem_is_reported_with_its_line() {
        let body = format!(
            "paths:\n  /a/{{id}}:\n    get:\n      operationId: one\n{OK_RESPONSE}    post:\n      operationId: one\n      parameters:\n        - {{name: id, in: path, required: true, schema: {{$ref: '#/components/schemas/Nope'}}}}\n      requestBody:\n        content:\n          application/json:\n            schema:\n              $ref: '#/components/schemas/A'\n              description: hidden\n{OK_RESPONSE}components:\n  schemas:\n    A:\n      type: object\n      properties:\n        at: {{type: datetime}}\n"
        );
        let text = format!("{HEAD}{body}");
        let spec = load_spec("t.yaml", &text).unwrap();
        let err = validate_spec(&spec).unwrap_err();
        // get lacks `id`; post repeats the id; a dangling ref; an unknown type.
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
            .replace("datetime", "string")
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
        // Shapes `openapiv3` would refuse, put straight into the raw value.
        let spec = load_spec("t.yaml", &format!("{HEAD}paths: {{}}\n")).unwrap();
        let value = serde_json::json!({
            "openapi": 3,
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
            }}
        });
        let err = validate_spec(&Spec { value, ..spec }).unwrap_err();
        assert!(err.diagnostics.len() >= 10, "{err}");
    }

    #[test]
    fn templates_parse_per_segment() {
        assert_eq!(segment_params("{a}"), Some(vec!["a"]));
        assert_eq!(segment_params("{a}.{b}"), Some(vec!["a", "b"]));
        assert_eq!(segment_params("a}"), None);
        assert_eq!(segment_params("{{a}}"), None);
        assert_eq!(route_shape("/a/{x}/b/{yy}"), "/a/{}/b/{}");
        assert_eq!(percent_decode("%7Bid%7D%zz%"), "{id}%zz%");
    }
}
