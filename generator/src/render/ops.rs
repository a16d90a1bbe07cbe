//! View models of everything that is per operation: request types, response enums, the API
//! traits and the HTTP client.

use askama::Template;

use super::{
    CheckView, MODELS_ELSEWHERE, PatternDef, checked_type, checks, default_expr, defaultable, doc_lines, literal,
    rust_type_in, ty_defaultable,
};
use crate::ir::{Api, FieldState, Operation, Param, ParamLocation, TypeKind, TypeRef, TypeSpace};

#[derive(Template)]
#[template(path = "requests.rs", escape = "none")]
struct RequestsTemplate<'a> {
    title: &'a str,
    items: Vec<String>,
}

#[derive(Template)]
#[template(path = "partials/request.rs", escape = "none")]
struct RequestTemplate {
    name: String,
    defaults: Vec<super::DefaultFnView>,
    /// `Default` is derived when no field has a documented default, written out otherwise.
    derive_default: bool,
    write_default: bool,
    docs: Vec<String>,
    fields: Vec<RequestFieldView>,
    required: Vec<RequestFieldView>,
    optional: Vec<RequestFieldView>,
    any_of: Vec<AnyOfView>,
}

#[derive(Clone)]
struct RequestFieldView {
    name: String,
    raw_literal: String,
    raw_doc: String,
    ty: String,
    inner_ty: String,
    docs: Vec<String>,
    is_required: bool,
    /// Not required, but with a documented default: a plain value, set to the default by `new`.
    is_defaulted: bool,
    /// The value `new` starts optional and defaulted fields with.
    init: String,
    /// serde attributes of the flat JSON form (wire names, `body`).
    attrs: Vec<String>,
    /// Whether the value's type has rules of its own (a generated type inside).
    is_nested: bool,
    is_body: bool,
    checks: Vec<CheckView>,
}

/// One `x-require-any-of` group: for each name, the expression telling whether it is given.
struct AnyOfView {
    present: Vec<String>,
    names: Vec<String>,
}

/// One request type per operation.
pub(super) fn render_requests(api: &Api, patterns: &[PatternDef]) -> Result<String, askama::Error> {
    let defaults = defaultable(&api.types);
    let items = api
        .operations
        .iter()
        .map(|op| render_request(&api.types, op, patterns, &defaults))
        .collect::<Result<Vec<_>, _>>()?;
    RequestsTemplate {
        title: &api.title,
        items,
    }
    .render()
}

fn render_request(
    space: &TypeSpace,
    op: &Operation,
    patterns: &[PatternDef],
    defaults: &[bool],
) -> Result<String, askama::Error> {
    let has_default = op
        .params
        .iter()
        .map(|p| &p.ty)
        .chain(op.body.iter().map(|b| &b.ty))
        .all(|ty| ty_defaultable(ty, defaults));
    let mut fields: Vec<RequestFieldView> = op
        .params
        .iter()
        .map(|p| {
            let inner = match &p.ty {
                TypeRef::Option(inner) => inner.as_ref(),
                other => other,
            };
            RequestFieldView {
                name: p.name.rust.clone(),
                raw_literal: literal(&p.name.raw),
                raw_doc: p.name.raw.replace('`', "'"),
                ty: rust_type_in(space, &p.ty, MODELS_ELSEWHERE),
                inner_ty: rust_type_in(space, inner, MODELS_ELSEWHERE),
                docs: param_docs(p),
                is_required: p.required,
                is_defaulted: p.default.is_some(),
                init: match &p.default {
                    Some(value) => default_expr(space, &p.ty, value, MODELS_ELSEWHERE),
                    None if p.required => "Default::default()".into(),
                    None => "None".into(),
                },
                is_body: false,
                attrs: super::field_attrs(&p.name, &p.ty, &param_state(p), &op.type_name, super::Nulls::Lenient),
                is_nested: super::has_named(checked_type(space, &p.ty)),
                checks: checks(space, &p.constraints, &p.ty, patterns, MODELS_ELSEWHERE),
            }
        })
        .collect();
    if let Some(body) = &op.body {
        let ty = if body.required {
            body.ty.clone()
        } else {
            TypeRef::Option(Box::new(body.ty.clone()))
        };
        fields.push(RequestFieldView {
            name: "body".into(),
            raw_literal: literal("body"),
            raw_doc: "body".into(),
            ty: rust_type_in(space, &ty, MODELS_ELSEWHERE),
            inner_ty: rust_type_in(space, &body.ty, MODELS_ELSEWHERE),
            docs: vec![format!("The request body (`{}`).", body.content_type)],
            is_required: body.required,
            is_defaulted: false,
            init: if body.required { "Default::default()" } else { "None" }.into(),
            is_body: true,
            is_nested: true,
            attrs: super::field_attrs(
                &crate::ir::Name {
                    raw: body_key(op),
                    rust: "body".into(),
                },
                &ty,
                &if body.required {
                    FieldState::Required
                } else {
                    FieldState::Optional
                },
                &op.type_name,
                super::Nulls::Lenient,
            ),
            checks: Vec::new(),
        });
    }
    let any_of = op
        .require_any_of
        .iter()
        .map(|group| AnyOfView {
            present: group.iter().map(|raw| presence(space, op, raw)).collect(),
            names: group.iter().map(|raw| literal(raw)).collect(),
        })
        .collect();
    let mut docs = doc_lines(op.summary.as_deref());
    let more = doc_lines(op.docs.as_deref());
    if !docs.is_empty() && !more.is_empty() {
        docs.push(String::new());
    }
    docs.extend(more);
    if !docs.is_empty() {
        docs.push(String::new());
    }
    docs.push(format!(
        "`{} {}` (`{}`)",
        op.method.as_upper(),
        op.path.to_template(),
        op.id.raw.replace('`', "'")
    ));
    let any_defaulted = fields.iter().any(|f| f.is_defaulted);
    let defaults = op
        .params
        .iter()
        .filter_map(|p| {
            Some(super::DefaultFnView {
                fn_name: super::default_fn_name(&p.name),
                ty: rust_type_in(space, &p.ty, MODELS_ELSEWHERE),
                expr: default_expr(space, &p.ty, p.default.as_ref()?, MODELS_ELSEWHERE),
            })
        })
        .collect();
    RequestTemplate {
        name: op.type_name.clone(),
        defaults,
        derive_default: has_default && !any_defaulted,
        write_default: has_default && any_defaulted,
        docs,
        required: fields.iter().filter(|f| f.is_required).cloned().collect(),
        optional: fields.iter().filter(|f| !f.is_required).cloned().collect(),
        fields,
        any_of,
    }
    .render()
}

/// The key of the body in the request's flat JSON form: `body`, unless a parameter has that
/// name.
fn body_key(op: &Operation) -> String {
    ["body".to_owned(), "requestBody".to_owned()]
        .into_iter()
        .chain((2..).map(|n| format!("requestBody{n}")))
        .find(|key| !op.params.iter().any(|p| &p.name.raw == key))
        .expect("an unbounded list of keys has a free one")
}

/// A parameter's presence, in the terms of a model field.
fn param_state(p: &Param) -> FieldState {
    match (&p.default, p.required) {
        (_, true) => FieldState::Required,
        (Some(value), false) => FieldState::Default(value.clone()),
        (None, false) => FieldState::Optional,
    }
}

fn param_docs(p: &Param) -> Vec<String> {
    let location = match p.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    };
    let mut lines = doc_lines(p.docs.as_deref());
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(format!("The {location} parameter `{}`.", p.name.raw.replace('`', "'")));
    if let Some(default) = &p.default {
        lines.push(format!("Default: `{}`.", default.to_string().replace('`', "'")));
    }
    if p.idempotency_key {
        lines.push("An idempotency key: the server deduplicates on it, so reuse it when retrying.".into());
    }
    lines
}

/// A Rust expression that is true when the named parameter or body property is given. Lowering
/// has checked that every name exists; an unknown one counts as absent.
fn presence(space: &TypeSpace, op: &Operation, raw: &str) -> String {
    if let Some(p) = op.params.iter().find(|p| p.name.raw == raw) {
        return if matches!(p.ty, TypeRef::Option(_)) {
            format!("self.{}.is_some()", p.name.rust)
        } else {
            "true".into()
        };
    }
    let Some(body) = &op.body else { return "false".into() };
    let TypeRef::Named(id) = body.ty else {
        return "false".into();
    };
    let TypeKind::Struct { fields, .. } = &space.get(id).kind else {
        return "false".into();
    };
    let Some(field) = fields.iter().find(|f| f.name.raw == raw) else {
        return "false".into();
    };
    let given = if matches!(field.ty, TypeRef::Option(_)) {
        format!("__body.{}.is_some()", field.name.rust)
    } else {
        "true".into()
    };
    if body.required {
        given.replace("__body", "self.body")
    } else {
        format!("self.body.as_ref().is_some_and(|__body| {given})")
    }
}

#[derive(Template)]
#[template(path = "responses.rs", escape = "none")]
struct ResponsesTemplate<'a> {
    title: &'a str,
    items: Vec<String>,
}

#[derive(Template)]
#[template(path = "partials/response.rs", escape = "none")]
struct ResponseTemplate {
    name: String,
    op_doc: String,
    /// The operation as a string literal (`get /pets/{id}` may hold braces and quotes).
    op_literal: String,
    route_doc: String,
    variants: Vec<ResponseVariantView>,
}

/// A documented non-error status of an operation.
#[derive(Clone)]
pub(super) struct ResponseVariantView {
    pub(super) name: String,
    pub(super) docs: Vec<String>,
    /// The status sent (a range or `default` sends its first code).
    pub(super) code: u16,
    /// Whether the status matches this code only (not a range).
    pub(super) is_exact: bool,
    /// The `match` pattern of the statuses this variant takes.
    pub(super) pattern: String,
    pub(super) has_body: bool,
    pub(super) is_json: bool,
    pub(super) ty: String,
}

/// The name of an operation's response enum, in `crate::responses`.
pub(super) fn response_name(op: &Operation) -> String {
    format!("{}Response", op.type_name)
}

/// Whether a media type is JSON (`application/json`, `…+json`, `*/*` treated as JSON).
pub(super) fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
}

/// The non-error responses of an operation; an operation that documents none gets one
/// bodiless `Ok` so a success still has a value.
pub(super) fn response_variants(space: &TypeSpace, op: &Operation) -> Vec<ResponseVariantView> {
    use crate::ir::Status;
    let mut out: Vec<ResponseVariantView> = op
        .responses
        .iter()
        .filter(|r| !r.status.is_error())
        .map(|r| {
            let (code, is_exact) = match r.status {
                Status::Code(c) => (c, true),
                Status::Range(d) => (u16::from(d) * 100, false),
                Status::Default => (200, false),
            };
            let json = r.body.as_ref().is_some_and(|b| is_json(&b.content_type));
            let mut docs = doc_lines(r.docs.as_deref());
            if !docs.is_empty() {
                docs.push(String::new());
            }
            docs.push(format!("Status `{}`.", r.name.raw));
            ResponseVariantView {
                name: r.name.rust.clone(),
                docs,
                code,
                is_exact,
                pattern: if is_exact {
                    code.to_string()
                } else {
                    format!("{}..={}", code, code + 99)
                },
                has_body: r.body.is_some(),
                is_json: json,
                // Bodies that are not JSON are handed over as text.
                ty: match &r.body {
                    Some(b) if json => rust_type_in(space, &b.ty, MODELS_ELSEWHERE),
                    _ => "String".into(),
                },
            }
        })
        .collect();
    // Exact codes before ranges, so `200` wins over `2XX` in every `match`.
    out.sort_by_key(|v| !v.is_exact);
    if out.is_empty() {
        out.push(ResponseVariantView {
            name: "Ok".into(),
            docs: vec!["The spec documents no success status; any 2xx.".into()],
            code: 200,
            is_exact: false,
            pattern: "200..=299".into(),
            has_body: false,
            is_json: false,
            ty: String::new(),
        });
    }
    out
}

/// `GET /path` for docs.
pub(super) fn route_doc(op: &Operation) -> String {
    format!("{} {}", op.method.as_upper(), op.path.to_template()).replace('`', "'")
}

pub(super) fn render_responses(api: &Api) -> Result<String, askama::Error> {
    let items = api
        .operations
        .iter()
        .map(|op| {
            ResponseTemplate {
                name: response_name(op),
                op_doc: op.id.raw.replace('`', "'"),
                op_literal: literal(&op.id.raw),
                route_doc: route_doc(op),
                variants: response_variants(&api.types, op),
            }
            .render()
        })
        .collect::<Result<Vec<_>, _>>()?;
    ResponsesTemplate {
        title: &api.title,
        items,
    }
    .render()
}

#[derive(Template)]
#[template(path = "api.rs", escape = "none")]
struct ApiTemplate<'a> {
    title: &'a str,
    items: Vec<String>,
}

#[derive(Template)]
#[template(path = "partials/trait.rs", escape = "none")]
struct TraitTemplate {
    name: String,
    call_fn: String,
    docs: Vec<String>,
    methods: Vec<MethodView>,
}

pub(super) struct MethodView {
    pub(super) name: String,
    pub(super) operation: String,
    pub(super) docs: Vec<String>,
    pub(super) request: String,
    pub(super) response: String,
}

/// The docs of an operation's method: summary, description, route.
pub(super) fn operation_docs(op: &Operation) -> Vec<String> {
    let mut docs = doc_lines(op.summary.as_deref());
    let more = doc_lines(op.docs.as_deref());
    if !docs.is_empty() && !more.is_empty() {
        docs.push(String::new());
    }
    docs.extend(more);
    if !docs.is_empty() {
        docs.push(String::new());
    }
    docs.push(format!("`{}` (`{}`)", route_doc(op), op.id.raw.replace('`', "'")));
    if op.deprecated {
        docs.push(String::new());
        docs.push("Deprecated by the spec.".into());
    }
    docs
}

pub(super) fn method_view(op: &Operation) -> MethodView {
    MethodView {
        name: op.id.rust.clone(),
        operation: literal(&op.id.raw),
        docs: operation_docs(op),
        request: op.type_name.clone(),
        response: response_name(op),
    }
}

pub(super) fn render_traits(api: &Api) -> Result<String, askama::Error> {
    let items = api
        .groups
        .iter()
        .map(|g| {
            let mut docs = doc_lines(g.docs.as_deref());
            if !docs.is_empty() {
                docs.push(String::new());
            }
            docs.push(if g.webhooks {
                "The webhooks: requests the API sends. A receiver implements this trait and serves it \
                 with `server::webhooks_router`."
                    .to_owned()
            } else {
                format!("The operations tagged `{}`.", g.name.raw.replace('`', "'"))
            });
            TraitTemplate {
                name: g.name.rust.clone(),
                call_fn: g.call_fn.clone(),
                docs,
                methods: g.operations.iter().map(|i| method_view(&api.operations[*i])).collect(),
            }
            .render()
        })
        .collect::<Result<Vec<_>, _>>()?;
    ApiTemplate {
        title: &api.title,
        items,
    }
    .render()
}

#[derive(Template)]
#[template(path = "client.rs", escape = "none")]
struct ClientTemplate<'a> {
    title: &'a str,
    servers: Vec<ServerView>,
    credentials: Vec<CredentialView>,
    error_ty: String,
    impls: Vec<String>,
    /// Whether the client has any operation to call.
    has_operations: bool,
}

struct ServerView {
    name: String,
    url: String,
    docs: Vec<String>,
}

/// One credential field of `Credentials`, and how it is sent.
struct CredentialView {
    field: String,
    ty: String,
    docs: Vec<String>,
    scheme: String,
    scheme_doc: String,
    param: String,
    /// The expression giving the credential's text.
    expose: String,
    in_header: bool,
    in_query: bool,
    in_cookie: bool,
    is_bearer: bool,
    is_basic: bool,
}

#[derive(Template)]
#[template(path = "partials/client_impl.rs", escape = "none")]
struct ClientImplTemplate {
    trait_name: String,
    methods: Vec<ClientMethodView>,
}

struct ClientMethodView {
    name: String,
    docs: Vec<String>,
    request: String,
    response: String,
    operation: String,
    method: &'static str,
    template: String,
    path: Vec<PathPartView>,
    query: Vec<WireParamView>,
    headers: Vec<WireParamView>,
    cookies: Vec<WireParamView>,
    has_cookies: bool,
    body_expr: String,
    schemes: Vec<String>,
    retry_safe: &'static str,
    arms: Vec<ArmView>,
    documents_error: String,
}

struct PathPartView {
    is_param: bool,
    /// A string literal, or the request field of the parameter.
    text: String,
}

struct WireParamView {
    field: String,
    name: String,
}

/// One `match` arm from status to response variant.
struct ArmView {
    pattern: String,
    expr: String,
}

pub(super) fn render_client(api: &Api) -> Result<String, askama::Error> {
    use crate::ir::SecurityKind;
    let mut server_names = crate::naming::Namer::new();
    let servers = api
        .servers
        .iter()
        .map(|s| ServerView {
            name: server_names.claim(crate::naming::const_name(&s.name.raw)),
            url: literal(&s.url),
            docs: doc_lines(s.docs.as_deref()),
        })
        .collect();
    let credentials = api
        .security_schemes
        .iter()
        .map(|s| {
            let secret = s.secret;
            let (ty, expose) = match (&s.kind, secret) {
                (SecurityKind::Http { scheme }, _) if scheme == "basic" => {
                    ("(String, Secret)".to_owned(), String::new())
                }
                (_, true) => ("Secret".to_owned(), "__value.expose()".to_owned()),
                (_, false) => ("String".to_owned(), "__value.as_str()".to_owned()),
            };
            let (location, param) = match &s.kind {
                SecurityKind::ApiKey { location, param } => (Some(*location), param.clone()),
                _ => (None, String::new()),
            };
            let mut docs = doc_lines(s.docs.as_deref());
            if secret {
                docs.push("Redacted in `Debug` and `Display`.".into());
            }
            CredentialView {
                field: s.name.rust.clone(),
                ty,
                docs,
                scheme: literal(&s.name.raw),
                scheme_doc: s.name.raw.replace('`', "'"),
                param: literal(&param),
                expose,
                in_header: location == Some(ParamLocation::Header),
                in_query: location == Some(ParamLocation::Query),
                in_cookie: location == Some(ParamLocation::Cookie),
                is_bearer: matches!(&s.kind, SecurityKind::Token)
                    || matches!(&s.kind, SecurityKind::Http { scheme } if scheme != "basic"),
                is_basic: matches!(&s.kind, SecurityKind::Http { scheme } if scheme == "basic"),
            }
        })
        .collect();
    // Webhooks are requests the API sends: a receiver serves them, the client does not call them.
    let impls = api
        .groups
        .iter()
        .filter(|g| !g.webhooks)
        .map(|g| {
            ClientImplTemplate {
                trait_name: g.name.rust.clone(),
                methods: g
                    .operations
                    .iter()
                    .map(|i| client_method(api, &api.operations[*i]))
                    .collect(),
            }
            .render()
        })
        .collect::<Result<Vec<_>, _>>()?;
    ClientTemplate {
        title: &api.title,
        servers,
        credentials,
        error_ty: api.error_body.as_ref().map_or_else(
            || "::serde_json::Value".to_owned(),
            |t| rust_type_in(&api.types, t, MODELS_ELSEWHERE),
        ),
        has_operations: api.operations.iter().any(|op| !op.webhook),
        impls,
    }
    .render()
}

fn client_method(api: &Api, op: &Operation) -> ClientMethodView {
    use crate::ir::{Method, PathSegment, Status};
    let wire = |location: ParamLocation| -> Vec<WireParamView> {
        op.params
            .iter()
            .filter(|p| p.location == location)
            .map(|p| WireParamView {
                field: p.name.rust.clone(),
                name: literal(&p.name.raw),
            })
            .collect()
    };
    let path = op
        .path
        .segments
        .iter()
        .map(|s| match s {
            PathSegment::Literal(l) => PathPartView {
                is_param: false,
                text: literal(l),
            },
            PathSegment::Param(p) => PathPartView {
                is_param: true,
                text: op
                    .params
                    .iter()
                    .find(|q| q.location == ParamLocation::Path && &q.name.raw == p)
                    .map_or_else(|| crate::naming::field_name(p), |q| q.name.rust.clone()),
            },
        })
        .collect();
    let response = response_name(op);
    let variants = response_variants(&api.types, op);
    let arms = variants
        .iter()
        .map(|v| ArmView {
            pattern: v.pattern.clone(),
            expr: if !v.has_body {
                format!("Ok(crate::responses::{response}::{})", v.name)
            } else if v.is_json {
                format!("decode(&__raw).map(crate::responses::{response}::{})", v.name)
            } else {
                format!("decode_text(&__raw).map(crate::responses::{response}::{})", v.name)
            },
        })
        .collect();
    let errors: Vec<&Status> = op
        .responses
        .iter()
        .map(|r| &r.status)
        .filter(|s| s.is_error())
        .collect();
    let documents_error = if errors.contains(&&Status::Default) {
        "true".to_owned()
    } else if errors.is_empty() {
        "false".to_owned()
    } else {
        let patterns: Vec<String> = errors
            .iter()
            .map(|s| match s {
                Status::Code(c) => c.to_string(),
                Status::Range(d) => format!("{}..={}", u16::from(*d) * 100, u16::from(*d) * 100 + 99),
                Status::Default => "_".into(),
            })
            .collect();
        format!("matches!(__raw.status, {})", patterns.join(" | "))
    };
    let body_expr = match &op.body {
        None => "None".to_owned(),
        Some(body) => {
            let essence = body.content_type.split(';').next().unwrap_or_default().trim();
            let encoder = if is_json(&body.content_type) {
                "encode_json(__body)?".to_owned()
            } else if essence == "application/x-www-form-urlencoded" {
                "encode_form(__body)?".to_owned()
            } else if super::is_text(&body.ty) {
                "__body.clone().into_bytes()".to_owned()
            } else {
                "encode_json(__body)?".to_owned()
            };
            let content_type = literal(&body.content_type);
            if body.required {
                format!("{{ let __body = &request.body; Some(({content_type}, {encoder})) }}")
            } else {
                format!("match &request.body {{ Some(__body) => Some(({content_type}, {encoder})), None => None }}")
            }
        }
    };
    let mut schemes: Vec<String> = op.security.iter().flatten().map(|s| literal(s)).collect();
    schemes.sort();
    schemes.dedup();
    let cookies = wire(ParamLocation::Cookie);
    ClientMethodView {
        name: op.id.rust.clone(),
        docs: operation_docs(op),
        request: op.type_name.clone(),
        response,
        operation: literal(&op.id.raw),
        method: op.method.as_upper(),
        template: literal(&op.path.to_template()),
        path,
        query: wire(ParamLocation::Query),
        headers: wire(ParamLocation::Header),
        has_cookies: !cookies.is_empty(),
        cookies,
        body_expr,
        schemes,
        retry_safe: if op.method == Method::Get || op.idempotency_key().is_some() {
            "true"
        } else {
            "false"
        },
        arms,
        documents_error,
    }
}

#[derive(Template)]
#[template(path = "server.rs", escape = "none")]
struct ServerTemplate<'a> {
    title: &'a str,
    codes: CodesView,
    error_ty: String,
    body_expr: String,
    credentials: Vec<PresentedView>,
    groups: Vec<GroupView>,
    /// The webhook groups, served by `webhooks_router`.
    webhook_groups: Vec<GroupView>,
    has_webhooks: bool,
    handlers: Vec<String>,
}

/// The code literal of each kind of problem.
struct CodesView {
    bad_request: String,
    unauthorized: String,
    forbidden: String,
    not_found: String,
    method_not_allowed: String,
    payload_too_large: String,
    unsupported_media_type: String,
    internal: String,
}

/// A credential a request presents, and where it is read from.
struct PresentedView {
    field: String,
    ty: String,
    scheme: String,
    read: String,
}

struct GroupView {
    name: String,
    routes_fn: String,
}

#[derive(Template)]
#[template(path = "partials/server_group.rs", escape = "none")]
struct ServerGroupTemplate {
    name: String,
    routes_fn: String,
    /// The function that merges the group's routes: `router` or `webhooks_router`.
    merged_by: &'static str,
    routes: Vec<RouteView>,
    handlers: Vec<String>,
}

struct RouteView {
    path: String,
    methods: String,
}

#[derive(Template)]
#[template(path = "partials/server_handler.rs", escape = "none")]
struct ServerHandlerTemplate {
    fn_name: String,
    op_doc: String,
    route_doc: String,
    trait_name: String,
    operation: String,
    security: Vec<Vec<String>>,
    /// Whether the route captures path parameters (only then are they extracted).
    has_path: bool,
    has_body: bool,
    media: String,
    fields: Vec<HandlerFieldView>,
    has_fields: bool,
    request: String,
    method: String,
    response: String,
}

struct HandlerFieldView {
    name: String,
    expr: String,
}

/// The axum route of an operation's path, with where each path parameter is in it.
pub(super) fn axum_route(op: &Operation) -> (String, Vec<crate::ir::RouteCapture>) {
    op.path.axum_route()
}

pub(super) fn render_server(api: &Api) -> Result<String, askama::Error> {
    use crate::ir::{ErrorFill, SecurityKind};
    let code = |kind: &str, fallback: &str| {
        let found = api
            .error_mapping
            .as_ref()
            .and_then(|m| m.codes.iter().find(|(k, _)| k == kind).map(|(_, c)| c.clone()));
        literal(&found.unwrap_or_else(|| fallback.to_owned()))
    };
    let codes = CodesView {
        bad_request: code("badRequest", "bad_request"),
        unauthorized: code("unauthorized", "unauthorized"),
        forbidden: code("forbidden", "forbidden"),
        not_found: code("notFound", "not_found"),
        method_not_allowed: code("methodNotAllowed", "method_not_allowed"),
        payload_too_large: code("payloadTooLarge", "payload_too_large"),
        unsupported_media_type: code("unsupportedMediaType", "unsupported_media_type"),
        internal: code("internal", "internal"),
    };
    let (error_ty, body_expr) = match (&api.error_mapping, &api.error_body) {
        (Some(mapping), Some(ty)) => {
            let fields: Vec<String> = mapping
                .fields
                .iter()
                .map(|(f, fill)| {
                    let text = match fill {
                        ErrorFill::Code => "kind.code().to_owned()".to_owned(),
                        ErrorFill::Message => "message.clone()".to_owned(),
                        ErrorFill::Uri => "uri.to_owned()".to_owned(),
                        ErrorFill::Fixed(t) => format!("{}.to_owned()", literal(t)),
                        ErrorFill::Default => return format!("{}: Default::default()", f.name.rust),
                    };
                    match f.ty {
                        TypeRef::Option(_) => format!("{}: Some({text})", f.name.rust),
                        _ => format!("{}: {text}", f.name.rust),
                    }
                })
                .collect();
            let ty = rust_type_in(&api.types, ty, MODELS_ELSEWHERE);
            let open = ty_id(api.error_body.as_ref()).is_some_and(|id| {
                matches!(
                    api.types.get(id).kind,
                    TypeKind::Struct {
                        additional: Some(_),
                        ..
                    }
                )
            });
            let additional = if open {
                ", additional_properties: Default::default()"
            } else {
                ""
            };
            (ty.clone(), format!("{ty} {{ {}{additional} }}", fields.join(", ")))
        }
        _ => (
            "::serde_json::Value".to_owned(),
            "::serde_json::json!({\"code\": kind.code(), \"message\": message, \"uri\": uri})".to_owned(),
        ),
    };
    let credentials = api
        .security_schemes
        .iter()
        .map(|s| {
            let ty = if s.secret { "crate::support::Secret" } else { "String" };
            let read = match &s.kind {
                SecurityKind::ApiKey { location: ParamLocation::Header, param } => {
                    format!("header_values(headers, {}).first().map(|__v| (*__v).to_owned())", literal(param))
                }
                SecurityKind::ApiKey { location: ParamLocation::Query, param } => {
                    format!("query_values(query, {}).first().map(|__v| (*__v).to_owned())", literal(param))
                }
                SecurityKind::ApiKey { param, .. } => format!(
                    "header_values(headers, \"cookie\").iter().flat_map(|__c| __c.split(';')).find_map(|__p| __p.trim().strip_prefix(::std::concat!({}, \"=\")).map(::std::borrow::ToOwned::to_owned))",
                    literal(param)
                ),
                SecurityKind::Http { .. } | SecurityKind::Token => {
                    "header_values(headers, \"authorization\").first().map(|__v| (*__v).to_owned())".to_owned()
                }
            };
            PresentedView {
                field: s.name.rust.clone(),
                ty: ty.to_owned(),
                scheme: literal(&s.name.raw),
                read: if s.secret { format!("{read}.map(crate::support::Secret::new)") } else { read },
            }
        })
        .collect();
    let mut groups = Vec::new();
    let mut webhook_groups = Vec::new();
    let mut handlers = Vec::new();
    for g in &api.groups {
        let mut routes: Vec<RouteView> = Vec::new();
        let mut group_handlers = Vec::new();
        for index in &g.operations {
            let op = &api.operations[*index];
            if !op.serve {
                continue;
            }
            let (route, captures) = axum_route(op);
            let method = op.method.key();
            let fn_name = format!("handle_{}", op.id.rust.trim_start_matches("r#"));
            let call = format!("::axum::routing::{method}({fn_name}::<S, A>)");
            match routes.iter_mut().find(|r| r.path == literal(&route)) {
                Some(existing) => existing.methods.push_str(&format!(".{method}({fn_name}::<S, A>)")),
                None => routes.push(RouteView {
                    path: literal(&route),
                    methods: call,
                }),
            }
            group_handlers.push(server_handler(api, op, &g.name.rust, &fn_name, &captures).render()?);
        }
        let view = GroupView {
            name: g.name.rust.clone(),
            routes_fn: g.routes_fn.clone(),
        };
        if g.webhooks {
            webhook_groups.push(view);
        } else {
            groups.push(view);
        }
        handlers.push(
            ServerGroupTemplate {
                name: g.name.rust.clone(),
                routes_fn: g.routes_fn.clone(),
                merged_by: if g.webhooks { "webhooks_router" } else { "router" },
                routes,
                handlers: group_handlers,
            }
            .render()?,
        );
    }
    ServerTemplate {
        title: &api.title,
        codes,
        error_ty,
        body_expr,
        credentials,
        groups,
        has_webhooks: !webhook_groups.is_empty(),
        webhook_groups,
        handlers,
    }
    .render()
}

fn ty_id(ty: Option<&TypeRef>) -> Option<crate::ir::TypeId> {
    match ty {
        Some(TypeRef::Named(id)) => Some(*id),
        _ => None,
    }
}

fn server_handler(
    api: &Api,
    op: &Operation,
    trait_name: &str,
    fn_name: &str,
    captures: &[crate::ir::RouteCapture],
) -> ServerHandlerTemplate {
    let space = &api.types;
    let mut fields: Vec<HandlerFieldView> = op
        .params
        .iter()
        .map(|p| {
            let ty = rust_type_in(space, &p.ty, MODELS_ELSEWHERE);
            let name = literal(&p.name.raw);
            let values = match p.location {
                ParamLocation::Query => format!("query_values(&__query, {name})"),
                ParamLocation::Header => format!("header_values(__http.headers(), {name})"),
                ParamLocation::Path => match captures.iter().find(|c| c.name == p.name.raw) {
                    Some(c) if c.literals.len() == 2 => format!(
                        "path_values(&__path, {}, {}, {})",
                        literal(&c.capture),
                        literal(&c.literals[0]),
                        literal(&c.literals[1])
                    ),
                    Some(c) => {
                        let literals: Vec<String> = c.literals.iter().map(|l| literal(l)).collect();
                        format!(
                            "segment_values(&__path, {}, &[{}], {})",
                            literal(&c.capture),
                            literals.join(", "),
                            c.index
                        )
                    }
                    // Lowering keeps only the path parameters the template names.
                    None => "Values::None".to_owned(),
                },
                ParamLocation::Cookie => format!("cookie_values(__http.headers(), {name})"),
            };
            let expr = match &p.default {
                Some(value) => format!(
                    "param_or::<{ty}>(&{values}, {name}, || {})",
                    default_expr(space, &p.ty, value, MODELS_ELSEWHERE)
                ),
                None => format!("param::<{ty}>(&{values}, {name})"),
            };
            HandlerFieldView {
                name: p.name.rust.clone(),
                expr,
            }
        })
        .collect();
    let media = op.body.as_ref().map(|b| b.content_type.clone()).unwrap_or_default();
    if let Some(body) = &op.body {
        let ty = rust_type_in(space, &body.ty, MODELS_ELSEWHERE);
        let decode = if is_json(&body.content_type) || !super::is_text(&body.ty) {
            format!("json_body::<{ty}>(__bytes.as_ref(), {})", body.required)
        } else {
            format!("text_body(__bytes.as_ref(), {})", body.required)
        };
        let expr = if body.required {
            format!("{decode}.and_then(|__b| __b.ok_or_else(|| \"body: is required\".to_owned()))")
        } else {
            decode
        };
        fields.push(HandlerFieldView {
            name: "body".into(),
            expr,
        });
    }
    ServerHandlerTemplate {
        fn_name: fn_name.to_owned(),
        op_doc: op.id.raw.replace('`', "'"),
        route_doc: route_doc(op),
        trait_name: trait_name.to_owned(),
        operation: literal(&op.id.raw),
        security: op
            .security
            .iter()
            .map(|alt| alt.iter().map(|s| literal(s)).collect())
            .collect(),
        has_path: !captures.is_empty(),
        has_body: op.body.is_some(),
        media: literal(&media),
        has_fields: !fields.is_empty(),
        fields,
        request: op.type_name.clone(),
        method: op.id.rust.clone(),
        response: response_name(op),
    }
}
