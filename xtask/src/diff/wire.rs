//! The wire-level comparison: two loaded OpenAPI documents (the typed model of
//! [`generator::document`], references followed through it) to a list of classified [`Change`]s.
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
//!
//! The comparison reads only the document model, split by job: `operations` (matching,
//! parameters), `bodies` (request bodies, responses, media types), `schemas` and `constraints`,
//! `security`, and `usage` (which directions reach each component schema).

mod bodies;
mod constraints;
mod operations;
mod schemas;
mod security;
mod usage;

use std::collections::{BTreeMap, BTreeSet};

use generator::JsonPointer;
use generator::document::{Document, Extensions};
use serde_json::Value;

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
pub fn diff_specs(old: &Document, new: &Document) -> Report {
    let mut usage = usage::usage_of(old);
    for (name, u) in usage::usage_of(new) {
        let e = usage.entry(name).or_default();
        e.request |= u.request;
        e.response |= u.response;
    }
    let mut d = Differ {
        old,
        new,
        usage,
        out: Vec::new(),
    };
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

/// The comparison under way: the two documents, where each component schema is used, and the
/// changes found so far (in the order they are found).
struct Differ<'a> {
    old: &'a Document,
    new: &'a Document,
    usage: BTreeMap<String, Usage>,
    out: Vec<Change>,
}

impl Differ<'_> {
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

    /// `deprecated` of an operation, parameter or schema at `at`.
    fn deprecated(&mut self, subject: &str, old: bool, new: bool, at: &JsonPointer) {
        let detail = match (old, new) {
            (false, true) => "now deprecated",
            (true, false) => "no longer deprecated",
            _ => return,
        };
        self.push(Rule::Deprecated, subject, &at.push("deprecated"), (C, C), detail.into());
    }

    /// Vendor extensions at one node (those without wire meaning), except `skip`.
    fn extensions(&mut self, subject: &str, o: &Extensions, n: &Extensions, at: &JsonPointer, skip: &[&str]) {
        let keys: BTreeSet<&String> = o
            .keys()
            .chain(n.keys())
            .filter(|k| !skip.contains(&k.as_str()))
            .collect();
        for k in keys {
            let scalar = |v: &Value| !matches!(v, Value::Object(_) | Value::Array(_));
            let what = match (o.get(k), n.get(k)) {
                (a, b) if a == b => continue,
                (None, _) => "added".to_owned(),
                (_, None) => "removed".to_owned(),
                (Some(a), Some(b)) if scalar(a) && scalar(b) => format!("`{}` → `{}`", show(a), show(b)),
                _ => "changed".to_owned(),
            };
            self.push(
                Rule::ExtensionChanged,
                subject,
                &at.push(k),
                (C, C),
                format!("`{k}` {what}"),
            );
        }
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

#[cfg(test)]
mod tests;
