//! The wire-level comparison: two OpenAPI documents (raw JSON, `$ref`s resolved on the way) to
//! a list of classified [`Change`]s.
//!
//! Operations are matched by operationId (else by method and path), component schemas by name,
//! parameters by location and name, properties by name. A property or parameter removed and
//! another added with the same schema in the same place is reported once, as a rename.
//!
//! Every change is classified twice: for clients (code that calls the API through the generated
//! client) and for servers (implementations of the generated traits). A change to a component
//! schema is classified by where the schema is used: in requests, in responses, or both (the
//! stricter of the two classifications).
//!
//! Pointers name the place in the new document; for what was removed, the place in the base.

use std::collections::{BTreeMap, BTreeSet};

use generator::{Document as Spec, JsonPointer};
use serde_json::{Map, Value};

/// How a change affects one side of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Compatible,
    PossiblyBreaking,
    Breaking,
}

impl Severity {
    pub const ALL: [Severity; 3] = [Severity::Breaking, Severity::PossiblyBreaking, Severity::Compatible];

    /// How the report writes it.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Compatible => "compatible",
            Severity::PossiblyBreaking => "possibly breaking",
            Severity::Breaking => "breaking",
        }
    }

    /// The command-line spelling (`breaking`, `possibly-breaking`, `compatible`).
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "breaking" => Some(Severity::Breaking),
            "possibly-breaking" => Some(Severity::PossiblyBreaking),
            "compatible" => Some(Severity::Compatible),
            _ => None,
        }
    }
}

use Severity::{Breaking as B, Compatible as C, PossiblyBreaking as P};

/// (clients, servers).
type Sev = (Severity, Severity);

macro_rules! rules {
    ($($variant:ident => $name:literal: $doc:literal,)*) => {
        /// What kind of change a [`Change`] is.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $(#[doc = $doc] $variant,)*
        }

        impl Rule {
            /// Every rule, in the order the documentation lists them.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The rule's name (kebab-case), as reports and fixtures name it.
            pub fn name(self) -> &'static str {
                match self {
                    $(Rule::$variant => $name,)*
                }
            }

            /// One line on what the rule detects.
            pub fn doc(self) -> &'static str {
                match self {
                    $(Rule::$variant => $doc,)*
                }
            }
        }
    };
}

rules! {
    OperationAdded => "operation-added": "A new operation (servers must implement it).",
    OperationRemoved => "operation-removed": "An operation is gone.",
    OperationMoved => "operation-moved": "Same operationId, different method or path.",
    OperationIdChanged => "operation-id-changed": "Same method and path, different operationId (the Rust method's name).",
    Deprecated => "deprecated": "An operation, parameter or schema became deprecated (or no longer is).",
    ParameterAdded => "parameter-added": "A parameter was added (breaking for clients when required).",
    ParameterRemoved => "parameter-removed": "A parameter was removed: the server ignores what clients still send.",
    ParameterRenamed => "parameter-renamed": "One parameter removed and one added with the same schema: a rename?",
    ParameterBecameRequired => "parameter-became-required": "An optional parameter became required.",
    ParameterBecameOptional => "parameter-became-optional": "A required parameter became optional.",
    PropertyAdded => "property-added": "A property was added to an object schema.",
    PropertyRemoved => "property-removed": "A property was removed from an object schema.",
    PropertyRenamed => "property-renamed": "One property removed and one added with the same schema: a rename?",
    PropertyBecameRequired => "property-became-required": "An optional property became required.",
    PropertyBecameOptional => "property-became-optional": "A required property became optional.",
    TypeChanged => "type-changed": "A schema's type, referenced schema, discriminator or serialization changed.",
    FormatChanged => "format-changed": "A schema's format changed.",
    NullableChanged => "nullable-changed": "A schema became nullable or stopped being nullable.",
    EnumValueAdded => "enum-value-added": "A value was added to an enum.",
    EnumValueRemoved => "enum-value-removed": "A value was removed from an enum.",
    ConstraintTightened => "constraint-tightened": "A constraint accepts less (length, range, pattern, x-require-any-of, closed object...).",
    ConstraintLoosened => "constraint-loosened": "A constraint accepts more.",
    DefaultChanged => "default-changed": "A documented default changed, appeared or disappeared.",
    UnionVariantAdded => "union-variant-added": "A oneOf/anyOf alternative was added.",
    UnionVariantRemoved => "union-variant-removed": "A oneOf/anyOf alternative was removed.",
    RequestBodyAdded => "request-body-added": "An operation now takes a request body.",
    RequestBodyRemoved => "request-body-removed": "An operation no longer takes a request body.",
    RequestBodyBecameRequired => "request-body-became-required": "An optional request body became required.",
    RequestBodyBecameOptional => "request-body-became-optional": "A required request body became optional.",
    MediaTypeChanged => "media-type-changed": "A request or response body changed media type.",
    ResponseAdded => "response-added": "A response status was added.",
    ResponseRemoved => "response-removed": "A response status was removed.",
    ResponseBodyAdded => "response-body-added": "A response that had no body now has one.",
    ResponseBodyRemoved => "response-body-removed": "A response no longer has a body.",
    SecurityChanged => "security-changed": "The security requirements of the document or an operation changed.",
    SecuritySchemeChanged => "security-scheme-changed": "A security scheme was added, removed or changed.",
    IdempotencyKeyChanged => "idempotency-key-changed": "The header marked x-idempotency-key changed, appeared or disappeared.",
    SchemaAdded => "schema-added": "A component schema was added.",
    SchemaRemoved => "schema-removed": "A component schema was removed.",
    ExtensionChanged => "extension-changed": "A vendor extension (x-...) without wire meaning changed.",
}

/// One change between the two documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub rule: Rule,
    /// The operationId (or `METHOD /path`), the component schema's name, the security scheme's
    /// name, or `(document)`. Several subjects, comma-separated, when a shared component changed.
    pub subject: String,
    /// Where: a JSON pointer into the new document (into the base one for what was removed).
    pub pointer: String,
    pub client: Severity,
    pub server: Severity,
    pub detail: String,
}

impl Change {
    /// The worse of the two classifications.
    pub fn worst(&self) -> Severity {
        self.client.max(self.server)
    }
}

/// Every change, in document order: operations, document security, security schemes, schemas.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub changes: Vec<Change>,
}

impl Report {
    /// How many changes are classified `severity` for clients and for servers.
    pub fn count(&self, severity: Severity) -> (usize, usize) {
        let clients = self.changes.iter().filter(|c| c.client == severity).count();
        let servers = self.changes.iter().filter(|c| c.server == severity).count();
        (clients, servers)
    }
}

/// Whether any change is at least `threshold` for clients or for servers (`--fail-on`).
pub fn exceeds(report: &Report, threshold: Severity) -> bool {
    report.changes.iter().any(|c| c.worst() >= threshold)
}

/// Compares two loaded documents.
pub fn diff_specs(old: &Spec, new: &Spec) -> Report {
    // Transitional: the comparison still reads the parsed JSON, not the document model.
    let value = |s: &Spec| generator::load::parse_value(&s.file, &s.text).unwrap_or_default();
    diff_values(&value(old), &value(new))
}

/// Transitional: looks a pointer up in a JSON value.
fn resolve_in<'a>(p: &JsonPointer, value: &'a Value) -> Option<&'a Value> {
    p.tokens().iter().try_fold(value, |v, t| match v {
        Value::Object(map) => map.get(t),
        Value::Array(items) => t.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    })
}

/// Compares two raw documents.
pub fn diff_values(old: &Value, new: &Value) -> Report {
    let mut d = Differ {
        old,
        new,
        usage: usage_of(old),
        out: Vec::new(),
    };
    for (name, u) in usage_of(new) {
        let e = d.usage.entry(name).or_default();
        e.request |= u.request;
        e.response |= u.response;
    }
    d.operations();
    d.security();
    d.schemas();
    Report {
        changes: merge_shared(d.out),
    }
}

/// The same change found through several operations (a shared component parameter or response,
/// a path item's parameter) is reported once, naming every operation.
fn merge_shared(changes: Vec<Change>) -> Vec<Change> {
    let mut out: Vec<Change> = Vec::new();
    for c in changes {
        if let Some(prev) = out.iter_mut().find(|p| {
            p.rule == c.rule
                && p.pointer == c.pointer
                && p.detail == c.detail
                && p.client == c.client
                && p.server == c.server
        }) {
            if !prev.subject.split(", ").any(|s| s == c.subject) {
                prev.subject = format!("{}, {}", prev.subject, c.subject);
            }
            continue;
        }
        out.push(c);
    }
    out
}

/// Where a component schema is used.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    pub request: bool,
    pub response: bool,
}

impl Usage {
    const BOTH: Usage = Usage {
        request: true,
        response: true,
    };

    /// The stricter classification of the directions the schema is used in (both when unused).
    fn pick(self, request: Sev, response: Sev) -> Sev {
        let u = if self.request || self.response {
            self
        } else {
            Usage::BOTH
        };
        let mut out = (C, C);
        for (used, (c, s)) in [(u.request, request), (u.response, response)] {
            if used {
                out = (out.0.max(c), out.1.max(s));
            }
        }
        out
    }
}

static EMPTY: std::sync::LazyLock<Map<String, Value>> = std::sync::LazyLock::new(Map::new);

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// One operation of a document.
struct Op<'a> {
    key: String,
    id: Option<&'a str>,
    method: &'a str,
    path: &'a str,
    at: JsonPointer,
    item: &'a Value,
    item_at: JsonPointer,
    op: &'a Value,
}

impl Op<'_> {
    fn route(&self) -> String {
        format!("{} {}", self.method.to_uppercase(), self.path)
    }
}

fn operations(doc: &Value) -> Vec<Op<'_>> {
    let mut out = Vec::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return out;
    };
    for (path, item) in paths {
        let item_at = JsonPointer::root().push("paths").push(path.clone());
        for m in METHODS {
            if let Some(op) = item.get(m) {
                let id = op.get("operationId").and_then(Value::as_str).filter(|s| !s.is_empty());
                out.push(Op {
                    key: id.map_or_else(|| format!("{} {path}", m.to_uppercase()), str::to_owned),
                    id,
                    method: m,
                    path,
                    at: item_at.push(m),
                    item,
                    item_at: item_at.clone(),
                    op,
                });
            }
        }
    }
    out
}

/// Follows a chain of `$ref`s; the pointer follows along.
fn resolve<'a>(doc: &'a Value, v: &'a Value, at: JsonPointer) -> (&'a Value, JsonPointer) {
    let (mut v, mut at) = (v, at);
    for _ in 0..32 {
        let Some(p) = ref_of(v).and_then(JsonPointer::parse) else {
            break;
        };
        match resolve_in(&p, doc) {
            Some(next) => (v, at) = (next, p),
            None => break,
        }
    }
    (v, at)
}

fn ref_of(v: &Value) -> Option<&str> {
    v.get("$ref").and_then(Value::as_str)
}

/// The last token of a reference (`#/components/schemas/X` → `X`).
fn ref_name(r: &str) -> &str {
    r.rsplit('/').next().unwrap_or(r)
}

/// A value without what only documents it, for "same schema" comparisons.
fn strip_docs(v: &Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| {
                    !matches!(
                        k.as_str(),
                        "description" | "title" | "example" | "examples" | "externalDocs" | "summary"
                    )
                })
                .map(|(k, v)| (k.clone(), strip_docs(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(strip_docs).collect()),
        other => other.clone(),
    }
}

/// Short JSON for details (strings unquoted).
fn show(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn show_opt(v: Option<&Value>) -> String {
    v.map_or_else(|| "none".to_owned(), |v| format!("`{}`", show(v)))
}

fn flag(v: &Value, key: &str) -> bool {
    v.get(key).and_then(Value::as_bool).unwrap_or(false)
}

fn obj<'a>(v: &'a Value, key: &str) -> Option<&'a Map<String, Value>> {
    v.get(key).and_then(Value::as_object)
}

/// Which component schemas each direction reaches, through every `$ref`.
fn usage_of(doc: &Value) -> BTreeMap<String, Usage> {
    let mut out: BTreeMap<String, Usage> = BTreeMap::new();
    for op in operations(doc) {
        let mut request = Vec::new();
        for params in [op.item.get("parameters"), op.op.get("parameters")]
            .into_iter()
            .flatten()
        {
            request.push(params);
        }
        request.extend(op.op.get("requestBody"));
        let response: Vec<&Value> = op.op.get("responses").into_iter().collect();
        for (roots, is_request) in [(request, true), (response, false)] {
            let mut seen = BTreeSet::new();
            for root in roots {
                reach(doc, root, &mut seen);
            }
            for r in seen {
                let tokens = JsonPointer::parse(&r).map(|p| p.tokens().to_vec()).unwrap_or_default();
                if let [c, s, name, ..] = tokens.as_slice()
                    && c == "components"
                    && s == "schemas"
                {
                    let u = out.entry(name.clone()).or_default();
                    if is_request {
                        u.request = true;
                    } else {
                        u.response = true;
                    }
                }
            }
        }
    }
    out
}

fn reach(doc: &Value, v: &Value, seen: &mut BTreeSet<String>) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref")
                && seen.insert(r.clone())
                && let Some(target) = JsonPointer::parse(r).and_then(|p| resolve_in(&p, doc))
            {
                reach(doc, target, seen);
            }
            for child in map.values() {
                reach(doc, child, seen);
            }
        }
        Value::Array(items) => items.iter().for_each(|c| reach(doc, c, seen)),
        _ => {}
    }
}

/// The context of a schema comparison: whom to name and in which direction the schema travels.
#[derive(Clone, Copy)]
struct Ctx<'c> {
    subject: &'c str,
    usage: Usage,
}

const REQUEST: Usage = Usage {
    request: true,
    response: false,
};
const RESPONSE: Usage = Usage {
    request: false,
    response: true,
};

struct Differ<'a> {
    old: &'a Value,
    new: &'a Value,
    usage: BTreeMap<String, Usage>,
    out: Vec<Change>,
}

impl<'a> Differ<'a> {
    fn push(&mut self, rule: Rule, subject: &str, at: &JsonPointer, (client, server): Sev, detail: String) {
        self.out.push(Change {
            rule,
            subject: subject.to_owned(),
            pointer: at.to_string(),
            client,
            server,
            detail,
        });
    }

    // ---- operations -------------------------------------------------------------------------

    fn operations(&mut self) {
        let old_ops = operations(self.old);
        let new_ops = operations(self.new);
        let mut matched = vec![false; old_ops.len()];
        let mut pairs: Vec<(Option<usize>, usize)> = Vec::new();
        for (ni, n) in new_ops.iter().enumerate() {
            let found = old_ops.iter().position(|o| o.key == n.key);
            if let Some(oi) = found {
                matched[oi] = true;
            }
            pairs.push((found, ni));
        }
        // Fallback: an operation whose operationId changed keeps its method and path.
        for pair in pairs.iter_mut().filter(|p| p.0.is_none()) {
            let n = &new_ops[pair.1];
            if let Some(oi) = (0..old_ops.len())
                .find(|&oi| !matched[oi] && old_ops[oi].method == n.method && old_ops[oi].path == n.path)
            {
                matched[oi] = true;
                pair.0 = Some(oi);
            }
        }
        for (oi, ni) in pairs {
            let n = &new_ops[ni];
            match oi {
                Some(oi) => self.operation(&old_ops[oi], n),
                None => self.push(
                    Rule::OperationAdded,
                    &n.key,
                    &n.at,
                    (C, B),
                    format!("`{}`; servers must implement it", n.route()),
                ),
            }
        }
        for (_, o) in old_ops.iter().enumerate().filter(|(i, _)| !matched[*i]) {
            self.push(
                Rule::OperationRemoved,
                &o.key,
                &o.at,
                (B, C),
                format!("`{}`", o.route()),
            );
        }
    }

    fn operation(&mut self, o: &Op<'a>, n: &Op<'a>) {
        let subject = n.key.clone();
        let subject = subject.as_str();
        if o.key != n.key {
            self.push(
                Rule::OperationIdChanged,
                subject,
                &n.at.push("operationId"),
                (C, C),
                format!(
                    "`{}` → `{}`: same wire, renamed Rust method",
                    o.id.unwrap_or("(none)"),
                    n.id.unwrap_or("(none)")
                ),
            );
        }
        if o.method != n.method || o.path != n.path {
            self.push(
                Rule::OperationMoved,
                subject,
                &n.at,
                (B, B),
                format!("`{}` → `{}`", o.route(), n.route()),
            );
        }
        self.deprecated(subject, o.op, n.op, &n.at);
        self.operation_security(subject, o.op, n.op, &n.at);
        self.require_any_of(subject, o.op, n.op, &n.at);
        self.extensions(subject, o.op, n.op, &n.at, &["x-require-any-of"]);
        self.parameters(subject, o, n);
        self.request_body(subject, o, n);
        self.responses(subject, o, n);
    }

    fn deprecated(&mut self, subject: &str, o: &Value, n: &Value, at: &JsonPointer) {
        match (flag(o, "deprecated"), flag(n, "deprecated")) {
            (false, true) => self.push(
                Rule::Deprecated,
                subject,
                &at.push("deprecated"),
                (C, C),
                "now deprecated".into(),
            ),
            (true, false) => self.push(
                Rule::Deprecated,
                subject,
                &at.push("deprecated"),
                (C, C),
                "no longer deprecated".into(),
            ),
            _ => {}
        }
    }

    /// Vendor extensions at one node (those without wire meaning), except `skip`.
    fn extensions(&mut self, subject: &str, o: &Value, n: &Value, at: &JsonPointer, skip: &[&str]) {
        let keys: BTreeSet<&String> = [o, n]
            .iter()
            .filter_map(|v| v.as_object())
            .flat_map(|m| m.keys())
            .filter(|k| k.starts_with("x-") && !skip.contains(&k.as_str()))
            .collect();
        for k in keys {
            let (a, b) = (o.get(k.as_str()), n.get(k.as_str()));
            if a == b {
                continue;
            }
            let what = match (a, b) {
                (None, Some(_)) => "added".to_owned(),
                (Some(_), None) => "removed".to_owned(),
                (Some(a), Some(b)) => match (a, b) {
                    (Value::Object(_) | Value::Array(_), _) | (_, Value::Object(_) | Value::Array(_)) => {
                        "changed".to_owned()
                    }
                    _ => format!("`{}` → `{}`", show(a), show(b)),
                },
                (None, None) => continue,
            };
            self.push(
                Rule::ExtensionChanged,
                subject,
                &at.push(k.clone()),
                (C, C),
                format!("`{k}` {what}"),
            );
        }
    }

    // ---- security ---------------------------------------------------------------------------

    /// An operation's own requirements (those it inherits are compared once, for the document).
    fn operation_security(&mut self, subject: &str, o: &Value, n: &Value, at: &JsonPointer) {
        if o.get("security").is_none() && n.get("security").is_none() {
            return;
        }
        let effective_old = o.get("security").or_else(|| self.old.get("security"));
        let effective_new = n.get("security").or_else(|| self.new.get("security"));
        if requirements(effective_old) != requirements(effective_new) {
            self.push(
                Rule::SecurityChanged,
                subject,
                &at.push("security"),
                (B, B),
                format!(
                    "{} → {}",
                    show_requirements(effective_old),
                    show_requirements(effective_new)
                ),
            );
        }
    }

    fn require_any_of(&mut self, subject: &str, o: &Value, n: &Value, at: &JsonPointer) {
        let groups = |v: &Value| -> Vec<BTreeSet<String>> {
            v.get("x-require-any-of")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_array)
                .map(|g| g.iter().filter_map(Value::as_str).map(str::to_owned).collect())
                .collect()
        };
        let (og, ng) = (groups(o), groups(n));
        if og == ng {
            return;
        }
        let show_group = |g: &BTreeSet<String>| format!("[{}]", g.iter().cloned().collect::<Vec<_>>().join(", "));
        let at = at.push("x-require-any-of");
        // A group G is implied by an old group O when O ⊆ G (one of O given → one of G given).
        for g in &ng {
            if !og.iter().any(|o| o.is_subset(g)) {
                self.push(
                    Rule::ConstraintTightened,
                    subject,
                    &at,
                    (B, C),
                    format!("x-require-any-of: at least one of {} now required", show_group(g)),
                );
            }
        }
        for g in &og {
            if !ng.iter().any(|n| n.is_subset(g)) {
                self.push(
                    Rule::ConstraintLoosened,
                    subject,
                    &at,
                    (C, P),
                    format!("x-require-any-of: at least one of {} no longer required", show_group(g)),
                );
            }
        }
    }

    fn security(&mut self) {
        let (o, n) = (self.old.get("security"), self.new.get("security"));
        if requirements(o) != requirements(n) {
            self.push(
                Rule::SecurityChanged,
                "(document)",
                &JsonPointer::root().push("security"),
                (B, B),
                format!("{} → {}", show_requirements(o), show_requirements(n)),
            );
        }
        let schemes = |doc: &'a Value| {
            doc.pointer("/components/securitySchemes")
                .and_then(Value::as_object)
                .unwrap_or(&EMPTY)
                .clone()
        };
        let (os, ns) = (schemes(self.old), schemes(self.new));
        let base = JsonPointer::root().push("components").push("securitySchemes");
        for (name, n) in &ns {
            let at = base.push(name.clone());
            let Some(o) = os.get(name) else {
                self.push(
                    Rule::SecuritySchemeChanged,
                    name,
                    &at,
                    (C, C),
                    "added (requirements that use it are reported apart)".into(),
                );
                continue;
            };
            let wire = |v: &Value| -> Value {
                Value::Object(
                    v.as_object()
                        .into_iter()
                        .flatten()
                        .filter(|(k, _)| !k.starts_with("x-") && k.as_str() != "description")
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect(),
                )
            };
            if wire(o) != wire(n) {
                let fields: Vec<String> = [
                    "type",
                    "in",
                    "name",
                    "scheme",
                    "bearerFormat",
                    "flows",
                    "openIdConnectUrl",
                ]
                .into_iter()
                .filter(|k| o.get(*k) != n.get(*k))
                .map(|k| format!("{k}: {} → {}", show_opt(o.get(k)), show_opt(n.get(k))))
                .collect();
                self.push(Rule::SecuritySchemeChanged, name, &at, (B, B), fields.join("; "));
            }
            self.extensions(name, o, n, &at, &[]);
        }
        for name in os.keys().filter(|k| !ns.contains_key(*k)) {
            self.push(
                Rule::SecuritySchemeChanged,
                name,
                &base.push(name.clone()),
                (C, C),
                "removed (requirements that used it are reported apart)".into(),
            );
        }
    }

    // ---- parameters -------------------------------------------------------------------------

    fn parameters(&mut self, subject: &str, o: &Op<'a>, n: &Op<'a>) {
        let op = params_of(self.old, o);
        let np = params_of(self.new, n);
        let removed: Vec<&Param> = op.iter().filter(|p| !np.iter().any(|q| q.key == p.key)).collect();
        let mut added: Vec<&Param> = np.iter().filter(|p| !op.iter().any(|q| q.key == p.key)).collect();
        for r in removed {
            let renamed = added.iter().position(|a| {
                a.key.0 == r.key.0
                    && flag(a.v, "required") == flag(r.v, "required")
                    && strip_docs(&self.schema_of(self.new, a.v)) == strip_docs(&self.schema_of(self.old, r.v))
            });
            if let Some(i) = renamed {
                let a = added.remove(i);
                let sev = if flag(a.v, "required") { (B, P) } else { (P, P) };
                self.push(
                    Rule::ParameterRenamed,
                    subject,
                    &a.at,
                    sev,
                    format!(
                        "{} `{}` → `{}`? (one removed, one added with the same schema)",
                        a.key.0, r.key.1, a.key.1
                    ),
                );
            } else {
                self.push(
                    Rule::ParameterRemoved,
                    subject,
                    &r.at,
                    (P, C),
                    format!("{} `{}`: the server ignores it from now on", r.key.0, r.key.1),
                );
            }
        }
        for a in added {
            let required = flag(a.v, "required");
            self.push(
                Rule::ParameterAdded,
                subject,
                &a.at,
                if required { (B, C) } else { (C, C) },
                format!(
                    "{} `{}` ({})",
                    a.key.0,
                    a.key.1,
                    if required { "required" } else { "optional" }
                ),
            );
        }
        for p in &np {
            let Some(q) = op.iter().find(|q| q.key == p.key) else {
                continue;
            };
            let what = format!("{} `{}`", p.key.0, p.key.1);
            match (flag(q.v, "required"), flag(p.v, "required")) {
                (false, true) => self.push(Rule::ParameterBecameRequired, subject, &p.at, (B, C), what.clone()),
                (true, false) => self.push(Rule::ParameterBecameOptional, subject, &p.at, (C, P), what.clone()),
                _ => {}
            }
            self.deprecated(subject, q.v, p.v, &p.at);
            for key in ["style", "explode", "allowEmptyValue", "allowReserved"] {
                if q.v.get(key) != p.v.get(key) {
                    self.push(
                        Rule::TypeChanged,
                        subject,
                        &p.at.push(key),
                        (B, B),
                        format!(
                            "{what}: serialization {key} {} → {}",
                            show_opt(q.v.get(key)),
                            show_opt(p.v.get(key))
                        ),
                    );
                }
            }
            self.extensions(subject, q.v, p.v, &p.at, &["x-idempotency-key"]);
            if let (Some(qs), Some(ps)) = (q.v.get("schema"), p.v.get("schema")) {
                let ctx = Ctx {
                    subject,
                    usage: REQUEST,
                };
                self.schema(ctx, qs, q.at.push("schema"), ps, p.at.push("schema"));
            }
        }
        let key = |params: &[Param]| {
            params
                .iter()
                .find(|p| flag(p.v, "x-idempotency-key"))
                .map(|p| (p.key.1.clone(), p.at.clone()))
        };
        let (ok, nk) = (key(&op), key(&np));
        if ok.as_ref().map(|k| &k.0) != nk.as_ref().map(|k| &k.0) {
            let at = nk.as_ref().map_or_else(|| n.at.clone(), |k| k.1.clone());
            let name =
                |k: &Option<(String, JsonPointer)>| k.as_ref().map_or("none".to_owned(), |k| format!("`{}`", k.0));
            self.push(
                Rule::IdempotencyKeyChanged,
                subject,
                &at,
                (B, B),
                format!("idempotency header {} → {}", name(&ok), name(&nk)),
            );
        }
    }

    /// A parameter's schema (its `$ref` resolved), `null` when it has none.
    fn schema_of(&self, doc: &Value, param: &Value) -> Value {
        param
            .get("schema")
            .map(|s| resolve(doc, s, JsonPointer::root()).0.clone())
            .unwrap_or(Value::Null)
    }

    // ---- bodies and responses ---------------------------------------------------------------

    fn request_body(&mut self, subject: &str, o: &Op<'a>, n: &Op<'a>) {
        let ob =
            o.op.get("requestBody")
                .map(|b| resolve(self.old, b, o.at.push("requestBody")));
        let nb =
            n.op.get("requestBody")
                .map(|b| resolve(self.new, b, n.at.push("requestBody")));
        match (ob, nb) {
            (None, None) => {}
            (None, Some((b, at))) => {
                let required = flag(b, "required");
                self.push(
                    Rule::RequestBodyAdded,
                    subject,
                    &at,
                    if required { (B, C) } else { (C, C) },
                    (if required { "required" } else { "optional" }).into(),
                );
            }
            (Some((_, at)), None) => self.push(
                Rule::RequestBodyRemoved,
                subject,
                &at,
                (P, C),
                "the server ignores a body from now on".into(),
            ),
            (Some((ob, oat)), Some((nb, nat))) => {
                match (flag(ob, "required"), flag(nb, "required")) {
                    (false, true) => self.push(Rule::RequestBodyBecameRequired, subject, &nat, (B, C), String::new()),
                    (true, false) => self.push(Rule::RequestBodyBecameOptional, subject, &nat, (C, P), String::new()),
                    _ => {}
                }
                let ctx = Ctx {
                    subject,
                    usage: REQUEST,
                };
                self.content(ctx, ob, &oat, nb, &nat);
            }
        }
    }

    /// The media types of a body and the schema of each.
    fn content(&mut self, ctx: Ctx<'_>, o: &'a Value, oat: &JsonPointer, n: &'a Value, nat: &JsonPointer) {
        let oc = obj(o, "content").unwrap_or(&EMPTY);
        let nc = obj(n, "content").unwrap_or(&EMPTY);
        let okeys: Vec<&String> = oc.keys().collect();
        let nkeys: Vec<&String> = nc.keys().collect();
        if okeys != nkeys && !okeys.is_empty() && !nkeys.is_empty() {
            let list = |k: &[&String]| k.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
            self.push(
                Rule::MediaTypeChanged,
                ctx.subject,
                &nat.push("content"),
                (B, B),
                format!("{} → {}", list(&okeys), list(&nkeys)),
            );
        }
        for (mt, nm) in nc {
            let Some(om) = oc.get(mt) else { continue };
            if let (Some(os), Some(ns)) = (om.get("schema"), nm.get("schema")) {
                let oat = oat.push("content").push(mt.clone()).push("schema");
                let nat = nat.push("content").push(mt.clone()).push("schema");
                self.schema(ctx, os, oat, ns, nat);
            }
        }
    }

    fn responses(&mut self, subject: &str, o: &Op<'a>, n: &Op<'a>) {
        let or = obj(o.op, "responses").unwrap_or(&EMPTY);
        let nr = obj(n.op, "responses").unwrap_or(&EMPTY);
        let (oat, nat) = (o.at.push("responses"), n.at.push("responses"));
        for (status, nv) in nr {
            let (nv, nat) = resolve(self.new, nv, nat.push(status.clone()));
            let Some(ov) = or.get(status) else {
                let sev = if is_error(status) { (C, C) } else { (P, C) };
                let note = if is_error(status) {
                    "an error status"
                } else {
                    "clients may get a status they do not handle"
                };
                self.push(Rule::ResponseAdded, subject, &nat, sev, format!("`{status}`: {note}"));
                continue;
            };
            let (ov, oat) = resolve(self.old, ov, oat.push(status.clone()));
            let has_body = |v: &Value| obj(v, "content").is_some_and(|c| !c.is_empty());
            match (has_body(ov), has_body(nv)) {
                (false, true) => self.push(
                    Rule::ResponseBodyAdded,
                    subject,
                    &nat.push("content"),
                    (C, P),
                    format!("`{status}` now has a body; servers must produce it"),
                ),
                (true, false) => self.push(
                    Rule::ResponseBodyRemoved,
                    subject,
                    &oat.push("content"),
                    (B, C),
                    format!("`{status}` no longer has a body"),
                ),
                (true, true) => {
                    let ctx = Ctx {
                        subject,
                        usage: RESPONSE,
                    };
                    self.content(ctx, ov, &oat, nv, &nat);
                }
                (false, false) => {}
            }
        }
        for status in or.keys().filter(|s| !nr.contains_key(*s)) {
            self.push(
                Rule::ResponseRemoved,
                subject,
                &oat.push(status.clone()),
                (C, P),
                format!("`{status}`: servers must no longer answer it"),
            );
        }
    }

    // ---- schemas ----------------------------------------------------------------------------

    fn schemas(&mut self) {
        let os = self
            .old
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .unwrap_or(&EMPTY);
        let ns = self
            .new
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .unwrap_or(&EMPTY);
        let base = JsonPointer::root().push("components").push("schemas");
        for (name, n) in ns {
            let at = base.push(name.clone());
            match os.get(name) {
                None => self.push(Rule::SchemaAdded, name, &at, (C, C), String::new()),
                Some(o) => {
                    let usage = self.usage.get(name).copied().unwrap_or_default();
                    let ctx = Ctx { subject: name, usage };
                    self.schema(ctx, o, at.clone(), n, at);
                }
            }
        }
        for name in os.keys().filter(|k| !ns.contains_key(*k)) {
            self.push(
                Rule::SchemaRemoved,
                name,
                &base.push(name.clone()),
                (C, C),
                "its uses are reported where they changed".into(),
            );
        }
    }

    /// Compares two schemas at the same place. References to the same component stop here (the
    /// component itself is compared once, by name).
    fn schema(&mut self, ctx: Ctx<'_>, o: &'a Value, oat: JsonPointer, n: &'a Value, nat: JsonPointer) {
        match (ref_of(o), ref_of(n)) {
            (Some(a), Some(b)) if a == b => return,
            (Some(a), Some(b)) => {
                let ot = resolve(self.old, o, oat.clone()).0;
                let nt = resolve(self.new, n, nat.clone()).0;
                let same = strip_docs(ot) == strip_docs(nt);
                let (sev, note) = if same { ((C, C), ", same shape") } else { ((B, B), "") };
                self.push(
                    Rule::TypeChanged,
                    ctx.subject,
                    &nat,
                    sev,
                    format!("now `{}` (was `{}`){note}", ref_name(b), ref_name(a)),
                );
                return;
            }
            _ => {}
        }
        let (o, oat) = resolve(self.old, o, oat);
        let (n, nat) = resolve(self.new, n, nat);
        let subject = ctx.subject;
        let (ok, nk) = (kind(o), kind(n));
        if ok != nk {
            self.push(Rule::TypeChanged, subject, &nat, (B, B), format!("`{ok}` → `{nk}`"));
            return;
        }
        if o.get("format") != n.get("format") {
            self.push(
                Rule::FormatChanged,
                subject,
                &nat.push("format"),
                (B, B),
                format!("{} → {}", show_opt(o.get("format")), show_opt(n.get("format"))),
            );
        }
        if o.get("discriminator").map(strip_docs) != n.get("discriminator").map(strip_docs) {
            self.push(
                Rule::TypeChanged,
                subject,
                &nat.push("discriminator"),
                (B, B),
                "discriminator changed".into(),
            );
        }
        match (flag(o, "nullable"), flag(n, "nullable")) {
            (false, true) => self.push(
                Rule::NullableChanged,
                subject,
                &nat.push("nullable"),
                ctx.usage.pick((C, P), (P, C)),
                "now nullable".into(),
            ),
            (true, false) => self.push(
                Rule::NullableChanged,
                subject,
                &nat.push("nullable"),
                ctx.usage.pick((B, C), (C, P)),
                "no longer nullable".into(),
            ),
            _ => {}
        }
        self.enums(ctx, o, &oat, n, &nat);
        self.constraints(ctx, o, &oat, n, &nat);
        if o.get("default") != n.get("default") {
            self.push(
                Rule::DefaultChanged,
                subject,
                &nat.push("default"),
                ctx.usage.pick((P, P), (P, C)),
                format!("{} → {}", show_opt(o.get("default")), show_opt(n.get("default"))),
            );
        }
        self.deprecated(subject, o, n, &nat);
        self.extensions(subject, o, n, &nat, &[]);
        self.properties(ctx, o, &oat, n, &nat);
        if let (Some(oi), Some(ni)) = (o.get("items"), n.get("items")) {
            self.schema(ctx, oi, oat.push("items"), ni, nat.push("items"));
        }
        if let (Some(oa @ Value::Object(_)), Some(na @ Value::Object(_))) =
            (o.get("additionalProperties"), n.get("additionalProperties"))
        {
            self.schema(
                ctx,
                oa,
                oat.push("additionalProperties"),
                na,
                nat.push("additionalProperties"),
            );
        }
        self.compositions(ctx, o, &oat, n, &nat);
    }

    fn enums(&mut self, ctx: Ctx<'_>, o: &Value, oat: &JsonPointer, n: &Value, nat: &JsonPointer) {
        let (oe, ne) = (
            o.get("enum").and_then(Value::as_array),
            n.get("enum").and_then(Value::as_array),
        );
        let list = |e: &[Value]| {
            e.iter()
                .map(|v| format!("`{}`", show(v)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match (oe, ne) {
            (None, None) => {}
            (None, Some(ne)) => self.push(
                Rule::ConstraintTightened,
                ctx.subject,
                &nat.push("enum"),
                ctx.usage.pick((B, C), (C, P)),
                format!("now restricted to {}", list(ne)),
            ),
            (Some(oe), None) => self.push(
                Rule::ConstraintLoosened,
                ctx.subject,
                &oat.push("enum"),
                ctx.usage.pick((C, P), (P, C)),
                format!("no longer restricted to {}", list(oe)),
            ),
            (Some(oe), Some(ne)) => {
                for v in ne.iter().filter(|v| !oe.contains(v)) {
                    let note = if ctx.usage.response || !ctx.usage.request {
                        " (older clients decode it as `Unknown`; a new Rust variant)"
                    } else {
                        " (servers must accept it; a new Rust variant)"
                    };
                    self.push(
                        Rule::EnumValueAdded,
                        ctx.subject,
                        &nat.push("enum"),
                        ctx.usage.pick((C, P), (C, C)),
                        format!("`{}`{note}", show(v)),
                    );
                }
                for v in oe.iter().filter(|v| !ne.contains(v)) {
                    self.push(
                        Rule::EnumValueRemoved,
                        ctx.subject,
                        &oat.push("enum"),
                        ctx.usage.pick((B, C), (C, P)),
                        format!("`{}`", show(v)),
                    );
                }
            }
        }
    }

    fn constraints(&mut self, ctx: Ctx<'_>, o: &Value, oat: &JsonPointer, n: &Value, nat: &JsonPointer) {
        #[derive(Clone, Copy)]
        enum K {
            Upper,
            Lower,
            Flag,
            Text,
        }
        let keys = [
            ("maxLength", K::Upper),
            ("maximum", K::Upper),
            ("maxItems", K::Upper),
            ("maxProperties", K::Upper),
            ("minLength", K::Lower),
            ("minimum", K::Lower),
            ("minItems", K::Lower),
            ("minProperties", K::Lower),
            ("exclusiveMaximum", K::Flag),
            ("exclusiveMinimum", K::Flag),
            ("uniqueItems", K::Flag),
            ("pattern", K::Text),
            ("multipleOf", K::Text),
        ];
        for (key, k) in keys {
            let (a, b) = (o.get(key), n.get(key));
            if a == b {
                continue;
            }
            let num = |v: Option<&Value>| v.and_then(Value::as_f64);
            let tighter = match k {
                K::Upper => match (num(a), num(b)) {
                    (Some(x), Some(y)) => y < x,
                    (None, _) => true,
                    (Some(_), None) => false,
                },
                K::Lower => match (num(a), num(b)) {
                    (Some(x), Some(y)) => y > x,
                    (None, _) => true,
                    (Some(_), None) => false,
                },
                K::Flag => b.and_then(Value::as_bool).unwrap_or(false),
                K::Text => b.is_some(),
            };
            let detail = format!("{key} {} → {}", show_opt(a), show_opt(b));
            self.tightened(
                ctx,
                tighter,
                if b.is_some() { nat.push(key) } else { oat.push(key) },
                detail,
            );
        }
        let closed = |v: &Value| v.get("additionalProperties") == Some(&Value::Bool(false));
        let objectish = |v: &Value| kind(v) == "object";
        if objectish(o) && objectish(n) && closed(o) != closed(n) {
            let detail = if closed(n) {
                "additionalProperties: false (unknown properties rejected)"
            } else {
                "additionalProperties no longer false"
            };
            self.tightened(ctx, closed(n), nat.push("additionalProperties"), detail.into());
        }
    }

    fn tightened(&mut self, ctx: Ctx<'_>, tighter: bool, at: JsonPointer, detail: String) {
        if tighter {
            let sev = ctx.usage.pick((B, C), (C, P));
            self.push(Rule::ConstraintTightened, ctx.subject, &at, sev, detail);
        } else {
            let sev = ctx.usage.pick((C, P), (P, C));
            self.push(Rule::ConstraintLoosened, ctx.subject, &at, sev, detail);
        }
    }

    fn properties(&mut self, ctx: Ctx<'_>, o: &'a Value, oat: &JsonPointer, n: &'a Value, nat: &JsonPointer) {
        let op = obj(o, "properties").unwrap_or(&EMPTY);
        let np = obj(n, "properties").unwrap_or(&EMPTY);
        if op.is_empty() && np.is_empty() {
            return;
        }
        let required = |v: &Value| -> BTreeSet<String> {
            v.get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        };
        let (oreq, nreq) = (required(o), required(n));
        let closed = n.get("additionalProperties") == Some(&Value::Bool(false));
        let subject = ctx.subject;
        let removed: Vec<&String> = op.keys().filter(|k| !np.contains_key(*k)).collect();
        let mut added: Vec<&String> = np.keys().filter(|k| !op.contains_key(*k)).collect();
        for r in removed {
            let same = |a: &&String| strip_docs(&np[a.as_str()]) == strip_docs(&op[r.as_str()]);
            if let Some(i) = added.iter().position(same) {
                let a = added.remove(i);
                let sev = ctx.usage.pick(if nreq.contains(a) { (B, P) } else { (P, P) }, (P, P));
                self.push(
                    Rule::PropertyRenamed,
                    subject,
                    &nat.push("properties").push(a.clone()),
                    sev,
                    format!("`{r}` → `{a}`? (one removed, one added with the same schema)"),
                );
                continue;
            }
            let req = if closed { (B, C) } else { (P, C) };
            let was = if oreq.contains(r) { " (was required)" } else { "" };
            self.push(
                Rule::PropertyRemoved,
                subject,
                &oat.push("properties").push(r.clone()),
                ctx.usage.pick(req, (B, C)),
                format!("`{r}`{was}"),
            );
        }
        for a in added {
            let is_required = nreq.contains(a);
            let sev = if is_required {
                ctx.usage.pick((B, C), (C, P))
            } else {
                ctx.usage.pick((C, C), (C, C))
            };
            let what = if is_required { "required" } else { "optional" };
            self.push(
                Rule::PropertyAdded,
                subject,
                &nat.push("properties").push(a.clone()),
                sev,
                format!("`{a}` ({what})"),
            );
        }
        for (name, nv) in np {
            let Some(ov) = op.get(name) else { continue };
            let pat = nat.push("properties").push(name.clone());
            match (oreq.contains(name), nreq.contains(name)) {
                (false, true) => self.push(
                    Rule::PropertyBecameRequired,
                    subject,
                    &nat.push("required"),
                    ctx.usage.pick((B, C), (C, P)),
                    format!("`{name}`"),
                ),
                (true, false) => self.push(
                    Rule::PropertyBecameOptional,
                    subject,
                    &nat.push("required"),
                    ctx.usage.pick((C, P), (P, C)),
                    format!("`{name}`"),
                ),
                _ => {}
            }
            self.schema(ctx, ov, oat.push("properties").push(name.clone()), nv, pat);
        }
    }

    fn compositions(&mut self, ctx: Ctx<'_>, o: &'a Value, oat: &JsonPointer, n: &'a Value, nat: &JsonPointer) {
        if let (Some(oa), Some(na)) = (
            o.get("allOf").and_then(Value::as_array),
            n.get("allOf").and_then(Value::as_array),
        ) {
            if oa.len() == na.len() {
                for (i, (a, b)) in oa.iter().zip(na).enumerate() {
                    let (ap, bp) = (
                        oat.push("allOf").push(i.to_string()),
                        nat.push("allOf").push(i.to_string()),
                    );
                    self.schema(ctx, a, ap, b, bp);
                }
            } else {
                self.push(
                    Rule::TypeChanged,
                    ctx.subject,
                    &nat.push("allOf"),
                    (B, B),
                    format!("allOf has {} parts (was {})", na.len(), oa.len()),
                );
            }
        }
        for key in ["oneOf", "anyOf"] {
            let (Some(oa), Some(na)) = (
                o.get(key).and_then(Value::as_array),
                n.get(key).and_then(Value::as_array),
            ) else {
                continue;
            };
            let label = |v: &Value, i: usize| ref_of(v).map_or_else(|| format!("#{i}"), |r| ref_name(r).to_owned());
            let ol: Vec<String> = oa.iter().enumerate().map(|(i, v)| label(v, i)).collect();
            let nl: Vec<String> = na.iter().enumerate().map(|(i, v)| label(v, i)).collect();
            for (i, l) in nl.iter().enumerate() {
                let at = nat.push(key).push(i.to_string());
                match ol.iter().position(|x| x == l) {
                    Some(j) => self.schema(ctx, &oa[j], oat.push(key).push(j.to_string()), &na[i], at),
                    None => self.push(
                        Rule::UnionVariantAdded,
                        ctx.subject,
                        &at,
                        ctx.usage.pick((C, P), (P, C)),
                        format!("{key} alternative `{l}`"),
                    ),
                }
            }
            for (j, l) in ol.iter().enumerate().filter(|(_, l)| !nl.contains(l)) {
                self.push(
                    Rule::UnionVariantRemoved,
                    ctx.subject,
                    &oat.push(key).push(j.to_string()),
                    ctx.usage.pick((B, C), (C, P)),
                    format!("{key} alternative `{l}`"),
                );
            }
        }
    }
}

fn is_error(status: &str) -> bool {
    status == "default" || status.starts_with('4') || status.starts_with('5')
}

/// What a schema is, for type comparisons: its `type`, else its composition, else its shape.
fn kind(v: &Value) -> String {
    if let Some(t) = v.get("type").and_then(Value::as_str) {
        return t.to_owned();
    }
    for k in ["oneOf", "anyOf", "allOf"] {
        if v.get(k).is_some() {
            return k.to_owned();
        }
    }
    if v.get("properties").is_some() || v.get("additionalProperties").is_some() {
        return "object".into();
    }
    if v.get("items").is_some() {
        return "array".into();
    }
    "any".into()
}

/// Security requirements as a set of alternatives, each a sorted list of (scheme, scopes), so
/// that reordering is no change.
/// One alternative of a security requirement: (scheme, scopes), sorted.
type Alternative = Vec<(String, Vec<String>)>;

fn requirements(v: Option<&Value>) -> Option<BTreeSet<Alternative>> {
    let reqs = v?.as_array()?;
    Some(
        reqs.iter()
            .map(|r| {
                let mut alt: Alternative = r
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(k, scopes)| {
                        let mut scopes: Vec<String> = scopes.as_array().into_iter().flatten().map(show).collect();
                        scopes.sort();
                        (k.clone(), scopes)
                    })
                    .collect();
                alt.sort();
                alt
            })
            .collect(),
    )
}

fn show_requirements(v: Option<&Value>) -> String {
    let Some(reqs) = v.and_then(Value::as_array) else {
        return "none".into();
    };
    if reqs.is_empty() {
        return "`[]` (no authentication)".into();
    }
    let alts: Vec<String> = reqs
        .iter()
        .map(|r| {
            let names: Vec<&str> = r
                .as_object()
                .into_iter()
                .flat_map(|m| m.keys())
                .map(String::as_str)
                .collect();
            if names.is_empty() {
                "{}".to_owned()
            } else {
                names.join(" + ")
            }
        })
        .collect();
    format!("`{}`", alts.join(" | "))
}

/// A parameter with its `$ref` resolved.
struct Param<'a> {
    /// (location, name).
    key: (String, String),
    v: &'a Value,
    at: JsonPointer,
}

/// The parameters an operation takes: the path item's, overridden by the operation's own.
fn params_of<'a>(doc: &'a Value, op: &Op<'a>) -> Vec<Param<'a>> {
    let mut out: Vec<Param<'a>> = Vec::new();
    for (owner, owner_at) in [(op.item, &op.item_at), (op.op, &op.at)] {
        let Some(list) = owner.get("parameters").and_then(Value::as_array) else {
            continue;
        };
        for (i, p) in list.iter().enumerate() {
            let (v, at) = resolve(doc, p, owner_at.push("parameters").push(i.to_string()));
            let key = (
                v.get("in").and_then(Value::as_str).unwrap_or("").to_owned(),
                v.get("name").and_then(Value::as_str).unwrap_or("").to_owned(),
            );
            out.retain(|q| q.key != key);
            out.push(Param { key, v, at });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
            json!({"operationId": id, "parameters": [{"$ref": "#/components/parameters/Token"}],
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
        let r = diff_values(&two_ops(64, sec.clone()), &two_ops(32, sec));
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
        let r = diff_values(
            &two_ops(64, json!([{"k1": [], "k3": []}, {"k2": []}])),
            &two_ops(64, json!([{"k2": []}, {"k3": [], "k1": []}])),
        );
        assert_eq!(r, Report::default());
        let r = diff_values(&two_ops(64, json!([{"k1": []}])), &two_ops(64, json!([])));
        assert_eq!(r.changes.len(), 2, "{r:#?}");
        assert!(
            r.changes
                .iter()
                .all(|c| c.rule == Rule::SecurityChanged && (c.client, c.server) == (B, B))
        );
    }

    fn shared_schema(required: Value) -> Value {
        let body = json!({"content": {"application/json": {"schema": {"$ref": "#/components/schemas/S"}}}});
        doc(
            json!({"/s": {"put": {"operationId": "put", "requestBody": body,
                                   "responses": {"200": {"description": "ok", "content": body["content"]}}}}}),
            json!({"schemas": {"S": {"type": "object", "required": required,
                                     "properties": {"a": {"type": "string"}, "b": {"type": "string"}}}}}),
        )
    }

    #[test]
    fn a_schema_used_both_ways_takes_the_stricter_classification() {
        let r = diff_values(&shared_schema(json!(["a"])), &shared_schema(json!(["a", "b"])));
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
        let r = diff_values(&empty, &shared_schema(json!([])));
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
        let r = diff_values(&op(json!([["a"]])), &op(json!([["a", "b"]])));
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
        let r = diff_values(&op(json!([["a", "b"]])), &op(json!([["a", "b"], ["c"]])));
        assert_eq!(r.changes.len(), 1);
        assert_eq!((r.changes[0].rule, r.changes[0].client), (Rule::ConstraintTightened, B));
    }
}
