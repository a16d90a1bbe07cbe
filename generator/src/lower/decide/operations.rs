//! Per operation: the request type's traits, body field and `x-require-any-of` checks, the
//! response enum's variants, how the client sends the call and where the server reads each
//! parameter; per group, the axum routes; and the runtime helpers each side uses.

use super::Patterns;
use super::types::{Nulls, checks, wire};
use crate::ir::{
    BodyField, Call, DefaultImpl, Derive, Encoding, ErrorStatuses, FieldState, Group, Imports, Method, Name, Operation,
    Param, ParamLocation, ParamSource, PathPart, PathSegment, Payload, Presence, Request, Route, Status, StatusMatch,
    Traits, TypeKind, TypeRef, TypeSpace, Variant,
};
use crate::naming;

/// Decides the request, responses, call and parameter sources of every operation.
pub(in crate::lower) fn decide_operations(space: &TypeSpace, operations: &mut [Operation], patterns: &mut Patterns) {
    // A stream method must not take the name of an operation's method.
    let methods: std::collections::BTreeSet<String> = operations.iter().map(|op| op.id.rust.clone()).collect();
    for op in operations.iter_mut() {
        let captures = op.path.axum_route().1;
        for p in &mut op.params {
            p.wire = wire(space, &p.name, &p.ty, &param_state(p), Nulls::Lenient);
            p.checks = checks(space, &p.constraints, &p.ty, patterns, (&op.type_name, &p.name.raw));
            p.read_from = read_from(p, &captures);
        }
        op.request = request(space, op);
        op.variants = variants(op);
        op.undocumented_success =
            (!op.variants.iter().any(|v| v.statuses.covers(200, 299))).then(|| naming::UNDOCUMENTED_SUCCESS.to_owned());
        op.errors = error_statuses(op);
        op.call = call(op);
        op.pagination =
            super::paging::pagination(space, op).filter(|_| !methods.contains(&naming::stream_fn(&op.id.rust)));
    }
}

/// A parameter's presence, in the terms of a model field.
fn param_state(p: &Param) -> FieldState {
    match (&p.default, p.required) {
        (_, true) => FieldState::Required,
        (Some(value), false) => FieldState::Default(value.clone()),
        (None, false) => FieldState::Optional,
    }
}

fn read_from(p: &Param, captures: &[crate::ir::RouteCapture]) -> ParamSource {
    match p.location {
        ParamLocation::Query => ParamSource::Query,
        ParamLocation::Header => ParamSource::Header,
        ParamLocation::Cookie => ParamSource::Cookie,
        ParamLocation::Path => match captures.iter().find(|c| c.name == p.name.raw) {
            Some(c) if c.literals.len() == 2 => ParamSource::Path {
                capture: c.capture.clone(),
                prefix: c.literals[0].clone(),
                suffix: c.literals[1].clone(),
            },
            Some(c) => ParamSource::Segment {
                capture: c.capture.clone(),
                literals: c.literals.clone(),
                index: c.index,
            },
            // Lowering keeps only the path parameters the template names; were one left, it
            // would be read from nowhere and always be missing (a 400 naming it).
            None => ParamSource::Segment {
                capture: String::new(),
                literals: Vec::new(),
                index: 0,
            },
        },
    }
}

/// The request type: `Default` when no value is required (written when parameters have
/// documented defaults), its JSON form behind the `json` feature, the body field, and how each
/// name of an `x-require-any-of` group is seen to be given.
fn request(space: &TypeSpace, op: &Operation) -> Request {
    use Derive::*;
    // Required means required: a request with a required parameter or body is built by `new`.
    // An optional value is an `Option`; a defaulted one has its documented default.
    let has_default =
        op.params.iter().all(|p| !p.required || p.default.is_some()) && op.body.as_ref().is_none_or(|b| !b.required);
    let any_defaulted = op.params.iter().any(|p| p.default.is_some());
    let (default, derives) = match (has_default, any_defaulted) {
        (true, false) => (DefaultImpl::Derived, vec![Debug, Clone, PartialEq, Default]),
        (true, true) => (DefaultImpl::Written, vec![Debug, Clone, PartialEq]),
        (false, _) => (DefaultImpl::None, vec![Debug, Clone, PartialEq]),
    };
    let traits = Traits {
        derives,
        json_derives: vec![Serialize, Deserialize],
        default,
        decoded: false,
        param_text: false,
    };
    let body = op.body.as_ref().map(|b| {
        let (ty, state) = if b.required {
            (b.ty.clone(), FieldState::Required)
        } else {
            (TypeRef::Option(Box::new(b.ty.clone())), FieldState::Optional)
        };
        let key = body_key(op);
        let name = Name {
            raw: key.clone(),
            rust: "body".into(),
        };
        let essence = b.content_type.split(';').next().unwrap_or_default().trim();
        let encoding = if is_json(&b.content_type) {
            Encoding::Json
        } else if essence == "application/x-www-form-urlencoded" {
            Encoding::Form
        } else if b.ty.is_text() {
            Encoding::Text
        } else if b.ty.is_raw_bytes() {
            Encoding::Bytes
        } else {
            Encoding::Json
        };
        BodyField {
            wire: wire(space, &name, &ty, &state, Nulls::Lenient),
            key,
            ty,
            encoding,
            json: is_json(&b.content_type) || !(b.ty.is_text() || b.ty.is_raw_bytes()),
        }
    });
    let any_of = op
        .require_any_of
        .iter()
        .map(|group| {
            group
                .iter()
                .map(|raw| (raw.clone(), presence(space, op, raw)))
                .collect()
        })
        .collect();
    Request { traits, body, any_of }
}

/// The key of the body in the request's flat JSON form: `body`, unless a parameter has that
/// name.
fn body_key(op: &Operation) -> String {
    ["body".to_owned(), "requestBody".to_owned()]
        .into_iter()
        .chain((2..).map(|n| format!("requestBody{n}")))
        .find(|key| !op.params.iter().any(|p| &p.name.raw == key))
        .unwrap_or_default()
}

/// How to tell that a named parameter or body property is given. Lowering has checked that
/// every name exists; an unknown one counts as absent.
fn presence(space: &TypeSpace, op: &Operation, raw: &str) -> Presence {
    if let Some(p) = op.params.iter().find(|p| p.name.raw == raw) {
        return if matches!(p.ty, TypeRef::Option(_)) {
            Presence::Param(p.name.rust.clone())
        } else {
            Presence::Always
        };
    }
    let Some(body) = &op.body else { return Presence::Never };
    let TypeRef::Named(id) = body.ty else {
        return Presence::Never;
    };
    let TypeKind::Struct { fields, .. } = &space.get(id).kind else {
        return Presence::Never;
    };
    let Some(field) = fields.iter().find(|f| f.name.raw == raw) else {
        return Presence::Never;
    };
    let optional = matches!(field.ty, TypeRef::Option(_));
    if !optional && body.required {
        return Presence::Always;
    }
    Presence::BodyField {
        field: field.name.rust.clone(),
        optional,
        body_required: body.required,
    }
}

/// Whether a media type is JSON (`application/json`, `…+json`, `*/*` treated as JSON).
pub(in crate::lower) fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
}

/// The non-error responses of an operation, exact codes first (so `200` wins over `2XX` in every
/// `match`); an operation that documents none gets one bodiless `Ok` so a success still has a
/// value.
fn variants(op: &Operation) -> Vec<Variant> {
    let mut out: Vec<Variant> = op
        .responses
        .iter()
        .filter(|r| !r.status.is_error())
        .map(|r| {
            let (code, statuses) = match r.status {
                Status::Code(c) => (c, StatusMatch::Exact(c)),
                Status::Range(d) => (
                    u16::from(d) * 100,
                    StatusMatch::Range(u16::from(d) * 100, u16::from(d) * 100 + 99),
                ),
                Status::Default => (200, StatusMatch::Range(200, 299)),
            };
            // Bodies that are not JSON are handed over as text, or as octets where binary.
            let payload = match &r.body {
                Some(b) if is_json(&b.content_type) => Payload::Json(b.ty.clone()),
                Some(b) if b.ty.unwrap_option().is_raw_bytes() => Payload::Bytes(b.content_type.clone()),
                Some(b) => Payload::Text(b.content_type.clone()),
                None => Payload::None,
            };
            Variant {
                name: r.name.rust.clone(),
                docs: r.docs.clone(),
                status_doc: Some(r.name.raw.clone()),
                code,
                statuses,
                payload,
            }
        })
        .collect();
    out.sort_by_key(|v| !matches!(v.statuses, StatusMatch::Exact(_)));
    if out.is_empty() {
        out.push(Variant {
            name: "Ok".into(),
            docs: Some("The spec documents no success status; any 2xx.".into()),
            status_doc: None,
            code: 200,
            statuses: StatusMatch::Range(200, 299),
            payload: Payload::None,
        });
    }
    out
}

fn error_statuses(op: &Operation) -> ErrorStatuses {
    let errors: Vec<&Status> = op
        .responses
        .iter()
        .map(|r| &r.status)
        .filter(|s| s.is_error())
        .collect();
    if errors.contains(&&Status::Default) {
        return ErrorStatuses::Any;
    }
    if errors.is_empty() {
        return ErrorStatuses::None;
    }
    ErrorStatuses::Some(
        errors
            .iter()
            .map(|s| match s {
                Status::Code(c) => StatusMatch::Exact(*c),
                Status::Range(d) => StatusMatch::Range(u16::from(*d) * 100, u16::from(*d) * 100 + 99),
                Status::Default => StatusMatch::Any,
            })
            .collect(),
    )
}

/// The client's call: the path with the request fields of its parameters, the schemes whose
/// credentials go with it, and whether retrying it is safe.
fn call(op: &Operation) -> Call {
    let path = op
        .path
        .segments
        .iter()
        .map(|s| match s {
            PathSegment::Literal(l) => PathPart::Literal(l.clone()),
            PathSegment::Param(p) => PathPart::Param(
                op.params
                    .iter()
                    .find(|q| q.location == ParamLocation::Path && &q.name.raw == p)
                    .map_or_else(|| naming::field_name(p), |q| q.name.rust.clone()),
            ),
        })
        .collect();
    let mut schemes: Vec<String> = op.security.iter().flatten().cloned().collect();
    schemes.sort();
    schemes.dedup();
    Call {
        path,
        schemes,
        retry_safe: op.method == Method::Get || op.idempotency_key().is_some(),
    }
}

/// The axum routes of each group: one per distinct route, each method with its handler; an
/// operation another shadows is not served.
pub(in crate::lower) fn decide_groups(groups: &mut [Group], operations: &[Operation]) {
    for g in groups {
        let mut routes: Vec<Route> = Vec::new();
        for op in g.operations.iter().map(|i| &operations[*i]).filter(|op| op.serve) {
            let path = op.path.axum_route().0;
            let handler = (op.method, op.handler_fn.clone());
            match routes.iter_mut().find(|r| r.path == path) {
                Some(route) => route.methods.push(handler),
                None => routes.push(Route {
                    path,
                    methods: vec![handler],
                }),
            }
        }
        g.routes = routes;
    }
}

/// The runtime functions the client and the server call, in the order the runtime lists them.
pub(in crate::lower) fn imports(operations: &[Operation]) -> Imports {
    let called: Vec<&Operation> = operations.iter().filter(|op| !op.webhook).collect();
    let served: Vec<&Operation> = operations.iter().filter(|op| op.serve).collect();
    let payloads = || called.iter().flat_map(|op| &op.variants).map(|v| &v.payload);
    let encodings = || {
        called
            .iter()
            .filter_map(|op| op.request.body.as_ref())
            .map(|b| b.encoding)
    };
    let client = [
        ("Call", !called.is_empty()),
        ("decode", payloads().any(|p| matches!(p, Payload::Json(_)))),
        ("decode_any", called.iter().any(|op| op.undocumented_success.is_some())),
        ("decode_bytes", payloads().any(|p| matches!(p, Payload::Bytes(_)))),
        ("decode_text", payloads().any(|p| matches!(p, Payload::Text(_)))),
        ("encode_form", encodings().any(|e| e == Encoding::Form)),
        ("encode_json", encodings().any(|e| e == Encoding::Json)),
        ("error_of", !called.is_empty()),
        (
            "push_segment",
            called
                .iter()
                .any(|op| op.call.path.iter().any(|p| matches!(p, PathPart::Param(_)))),
        ),
    ];
    let sources = || served.iter().flat_map(|op| &op.params).map(|p| &p.read_from);
    let bodies = || served.iter().filter_map(|op| op.request.body.as_ref());
    let server = [
        (
            "PathParams",
            sources().any(|s| matches!(s, ParamSource::Path { .. } | ParamSource::Segment { .. })),
        ),
        ("Shared", !served.is_empty()),
        ("bad_request", !served.is_empty()),
        ("bytes_body", bodies().any(|b| b.encoding == Encoding::Bytes)),
        ("cookie_values", sources().any(|s| *s == ParamSource::Cookie)),
        ("header_values", sources().any(|s| *s == ParamSource::Header)),
        ("json_body", bodies().any(|b| b.json)),
        (
            "param",
            served.iter().flat_map(|op| &op.params).any(|p| p.default.is_none()),
        ),
        (
            "param_or",
            served.iter().flat_map(|op| &op.params).any(|p| p.default.is_some()),
        ),
        ("path_values", sources().any(|s| matches!(s, ParamSource::Path { .. }))),
        ("query_pairs", !served.is_empty()),
        ("query_values", sources().any(|s| *s == ParamSource::Query)),
        ("read_body", bodies().next().is_some()),
        ("respond", !served.is_empty()),
        (
            "segment_values",
            sources().any(|s| matches!(s, ParamSource::Segment { .. })),
        ),
        ("text_body", bodies().any(|b| !b.json && b.encoding != Encoding::Bytes)),
    ];
    let client_traits = [
        (
            "ToParam as _",
            called
                .iter()
                .flat_map(|op| &op.params)
                .any(|p| p.location != ParamLocation::Path),
        ),
        ("Validate as _", !called.is_empty()),
    ];
    let used = |list: &[(&'static str, bool)]| list.iter().filter(|(_, used)| *used).map(|(name, _)| *name).collect();
    Imports {
        client_traits: used(&client_traits),
        client: used(&client),
        server: used(&server),
    }
}
