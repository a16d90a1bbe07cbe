//! The API-wide parts of the IR: package metadata, servers, security schemes, tag groups and
//! the shared error body.

use serde_json::Value;

use crate::document::{self, Document, SecuritySchemeKind};
use crate::ir::{
    ErrorField, ErrorFill, ErrorPlan, FieldState, Group, Name, Operation, Prim, ProblemCodes, SecurityKind,
    SecurityScheme, Server, TypeKind, TypeRef, TypeSpace,
};
use crate::naming::{self, Namer};

/// The error body and how a server fills it. The body is the one every error response of the
/// API's operations shares, if they share one. `x-error-body` on its schema says which fields
/// take a problem's code, message and path and which hold fixed text (`{code: <property>,
/// message: <property>, uri: <property>, fixed: {<property>: text}, codes: {badRequest: '...',
/// ...}}`); only text fields can be filled, and without the extension the server answers with
/// plain JSON.
pub(super) fn error_plan(doc: &Document, space: &TypeSpace, operations: &[Operation]) -> ErrorPlan {
    let body = common_error_body(operations);
    let def = match &body {
        Some(TypeRef::Named(id)) => Some(space.get(*id)),
        _ => None,
    };
    let spec = def.and_then(|def| match doc.node_at(&def.source).ok()? {
        document::Node::Schema(schema) => schema.extensions.get("x-error-body"),
        _ => None,
    });
    let fill = spec.zip(def).and_then(|(spec, def)| match &def.kind {
        TypeKind::Struct { fields, .. } => error_fields(spec, fields),
        _ => None,
    });
    let open = fill.is_some()
        && def.is_some_and(|d| {
            matches!(
                d.kind,
                TypeKind::Struct {
                    additional: Some(_),
                    ..
                }
            )
        });
    let codes = fill
        .as_ref()
        .and(spec)
        .and_then(|s| s.get("codes"))
        .and_then(Value::as_object);
    let code = |kind: &str, fallback: &str| {
        codes
            .and_then(|c| c.get(kind))
            .and_then(Value::as_str)
            .unwrap_or(fallback)
            .to_owned()
    };
    ErrorPlan {
        codes: ProblemCodes {
            bad_request: code("badRequest", "bad_request"),
            unauthorized: code("unauthorized", "unauthorized"),
            forbidden: code("forbidden", "forbidden"),
            not_found: code("notFound", "not_found"),
            method_not_allowed: code("methodNotAllowed", "method_not_allowed"),
            payload_too_large: code("payloadTooLarge", "payload_too_large"),
            unsupported_media_type: code("unsupportedMediaType", "unsupported_media_type"),
            internal: code("internal", "internal"),
            bad_gateway: code("badGateway", "bad_gateway"),
            gateway_timeout: code("gatewayTimeout", "gateway_timeout"),
            not_implemented: code("notImplemented", "not_implemented"),
        },
        body,
        fill,
        open,
    }
}

/// What goes in each field of the error body, or `None` when a filled field is not text or a
/// required one is left unfilled (the body cannot be built).
fn error_fields(spec: &Value, fields: &[crate::ir::Field]) -> Option<Vec<ErrorField>> {
    let role = |name: &str| -> ErrorFill {
        if str_of(spec, "code") == Some(name) {
            ErrorFill::Code
        } else if str_of(spec, "message") == Some(name) {
            ErrorFill::Message
        } else if str_of(spec, "uri") == Some(name) {
            ErrorFill::Uri
        } else if let Some(text) = spec.get("fixed").and_then(|f| f.get(name)).and_then(Value::as_str) {
            ErrorFill::Fixed(text.to_owned())
        } else {
            ErrorFill::Default
        }
    };
    let is_text = |t: &TypeRef| matches!(t.unwrap_option(), TypeRef::Prim(Prim::String));
    fields
        .iter()
        .map(|f| {
            let fill = role(&f.name.raw);
            let buildable = match fill {
                ErrorFill::Default => f.state != FieldState::Required || is_text(&f.ty),
                _ => is_text(&f.ty),
            };
            buildable.then(|| ErrorField {
                field: f.name.rust.clone(),
                fill,
                optional: matches!(f.ty, TypeRef::Option(_)),
            })
        })
        .collect()
}

/// A text value of an extension's map.
fn str_of<'v>(value: &'v Value, key: &str) -> Option<&'v str> {
    value.get(key).and_then(Value::as_str)
}

/// One group per first tag, in order of first use; untagged operations form a `default` group,
/// and the webhooks one group of their own, `webhooks`.
pub(super) fn group_operations(doc: &Document, operations: &[Operation]) -> Vec<Group> {
    let tag_docs = |tag: &str| {
        doc.tags
            .iter()
            .find(|t| t.name == tag)
            .and_then(|t| t.description.clone())
    };
    let mut names = Namer::new();
    let mut groups: Vec<Group> = Vec::new();
    for (index, op) in operations.iter().enumerate() {
        let raw = match &op.tag {
            _ if op.webhook => "webhooks",
            Some(tag) => tag.raw.as_str(),
            None => "default",
        };
        match groups
            .iter_mut()
            .find(|g| g.name.raw == raw && g.webhooks == op.webhook)
        {
            Some(group) => group.operations.push(index),
            None => groups.push(Group {
                name: Name {
                    raw: raw.to_owned(),
                    rust: names.claim(naming::type_name(&format!("{raw} api"))),
                },
                call_fn: names.claim(naming::field_name(&format!("call {raw} api"))),
                routes_fn: names.claim(naming::field_name(&format!("{raw} api routes"))),
                docs: if op.webhook { None } else { tag_docs(raw) },
                operations: vec![index],
                webhooks: op.webhook,
                routes: Vec::new(),
            }),
        }
    }
    groups
}

/// The error body shared by every error response of the API's operations (not its webhooks)
/// that has a body, if there is exactly one.
fn common_error_body(operations: &[Operation]) -> Option<TypeRef> {
    let mut bodies = operations
        .iter()
        .filter(|op| !op.webhook)
        .flat_map(|op| &op.responses)
        .filter(|r| r.status.is_error())
        .filter_map(|r| r.body.as_ref().map(|b| &b.ty));
    let first = bodies.next()?.clone();
    bodies.all(|b| *b == first).then_some(first)
}

/// The crate version and licence a standalone crate's manifest can carry.
pub(super) fn lower_package(info: &document::Info) -> crate::ir::Package {
    let semver = |v: &str| {
        let core = v.split(['-', '+']).next().unwrap_or_default();
        let parts: Vec<&str> = core.split('.').collect();
        parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    };
    let version = info.version.trim().trim_start_matches('v');
    // An SPDX expression: identifiers (letters, digits, `.`, `-`, `+`) joined by AND, OR, WITH.
    let spdx = |l: &str| {
        !l.is_empty()
            && l.split_whitespace()
                .all(|w| w.chars().all(|c| c.is_ascii_alphanumeric() || ".-+()".contains(c)))
    };
    let license = info.license.as_ref().and_then(|l| {
        l.identifier
            .clone()
            .filter(|i| spdx(i))
            .or_else(|| Some(l.name.clone()).filter(|n| spdx(n) && !n.contains(' ')))
    });
    crate::ir::Package {
        version: if semver(version) {
            version.to_owned()
        } else {
            "0.1.0".to_owned()
        },
        license,
    }
}

pub(super) fn lower_servers(doc: &Document) -> Vec<Server> {
    let mut names = Namer::new();
    doc.servers
        .iter()
        .enumerate()
        .map(|(i, server)| {
            let raw = server
                .extensions
                .get("x-name")
                .and_then(Value::as_str)
                .map(str::to_owned)
                .or_else(|| server.description.clone())
                .unwrap_or_else(|| format!("server{i}"));
            Server {
                url: server.url.clone(),
                name: Name {
                    rust: names.claim(naming::const_name(&raw)),
                    raw,
                },
                docs: server.description.clone(),
            }
        })
        .collect()
}

pub(super) fn lower_security_schemes(doc: &Document) -> Vec<SecurityScheme> {
    let mut names = Namer::new();
    doc.components
        .security_schemes
        .iter()
        .filter_map(|(key, scheme)| {
            let scheme = doc.resolve(scheme).ok()?;
            let kind = match &scheme.kind {
                SecuritySchemeKind::ApiKey { name, location } => SecurityKind::ApiKey {
                    location: *location,
                    param: name.clone(),
                },
                SecuritySchemeKind::Http { scheme, .. } => SecurityKind::Http {
                    scheme: scheme.to_ascii_lowercase(),
                },
                SecuritySchemeKind::OAuth2 | SecuritySchemeKind::OpenIdConnect | SecuritySchemeKind::MutualTls => {
                    SecurityKind::Token
                }
            };
            Some(SecurityScheme {
                name: Name {
                    raw: key.clone(),
                    rust: names.claim(naming::field_name(key)),
                },
                kind,
                secret: scheme.extensions.get("x-secret") != Some(&Value::Bool(false)),
                docs: scheme.description.clone(),
            })
        })
        .collect()
}
