//! View models of `server.rs`: the error body a server fills, the credentials it reads, and per
//! group its routes and one handler per operation.

use askama::Template;

use super::client::error_type;
use super::docs;
use crate::ir::{Api, ErrorFill, Group, Operation, ParamSource, ProblemCodes, SecurityKind};
use crate::naming::spell::{self, ELSEWHERE};

#[derive(Template)]
#[template(path = "server.rs", escape = "none")]
struct ServerTemplate<'a> {
    title: &'a str,
    codes: ProblemCodes,
    error_ty: String,
    /// `x-error-body` says how to fill the body; otherwise it is JSON `{code, message, uri}`.
    has_fill: bool,
    /// The client's error body is the server's (so a proxy passes it on as it is, not as JSON).
    same_error_body: bool,
    fill: Vec<ErrorFieldView>,
    open: bool,
    imports: Vec<&'static str>,
    has_imports: bool,
    credentials: Vec<PresentedView>,
    groups: Vec<GroupView>,
    /// The webhook groups, served by `webhooks_router`.
    webhook_groups: Vec<GroupView>,
    has_webhooks: bool,
    /// Every group, for the test double.
    stub_groups: Vec<OperationsView>,
    /// The groups `router` serves, for `DynService`.
    dyn_groups: Vec<OperationsView>,
    handlers: Vec<String>,
    /// Whether any operation or webhook is served (a document may have none).
    has_handlers: bool,
}

/// A group's operations, as the test double and the dyn-compatible service spell them.
#[derive(Clone)]
struct OperationsView {
    name: String,
    ops: Vec<StubOpView>,
}

#[derive(Clone)]
struct StubOpView {
    method: String,
    stub_fn: String,
    /// operationId and path template, as string literals.
    operation: String,
    path: String,
    operation_doc: String,
    route_doc: String,
    request: String,
    response: String,
}

/// A field of the error body and what goes in it.
struct ErrorFieldView {
    field: String,
    optional: bool,
    code: bool,
    message: bool,
    uri: bool,
    fixed: bool,
    text: String,
}

/// A credential a request presents, and where it is read from.
struct PresentedView {
    field: String,
    secret: bool,
    scheme: String,
    param: String,
    in_header: bool,
    in_query: bool,
    in_cookie: bool,
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
    /// (axum's routing function, handler)
    methods: Vec<(&'static str, String)>,
}

#[derive(Template)]
#[template(path = "partials/server_handler.rs", escape = "none")]
struct ServerHandlerTemplate {
    fn_name: String,
    op_doc: String,
    route_doc: String,
    trait_name: String,
    operation: String,
    /// The method, upper case, and the path template (or webhook name), as string literals.
    http_method: String,
    path: String,
    security: Vec<Vec<String>>,
    /// Whether the route captures path parameters (only then are they extracted).
    has_path: bool,
    has_body: bool,
    body_json: bool,
    /// Raw octets (neither JSON nor text).
    body_bytes: bool,
    body_required: bool,
    body_ty: String,
    media: String,
    params: Vec<HandlerParamView>,
    fields: Vec<String>,
    has_fields: bool,
    request: String,
    method: String,
    response: String,
}

/// How a handler reads one parameter.
struct HandlerParamView {
    name: String,
    ty: String,
    literal: String,
    has_default: bool,
    default: String,
    in_query: bool,
    in_header: bool,
    in_cookie: bool,
    in_path: bool,
    in_segment: bool,
    capture: String,
    /// The literal text around the parameter (`in_path`: prefix and suffix).
    literals: Vec<String>,
    index: usize,
}

pub(super) fn render(api: &Api) -> Result<String, askama::Error> {
    let fill = api.errors.fill.as_deref().unwrap_or_default();
    let credentials = api.security_schemes.iter().map(presented).collect();
    let mut groups = Vec::new();
    let mut webhook_groups = Vec::new();
    let mut handlers = Vec::new();
    let mut stub_groups = Vec::new();
    let mut dyn_groups = Vec::new();
    for g in &api.groups {
        let ops = OperationsView {
            name: g.name.rust.clone(),
            ops: g.operations.iter().map(|i| stub_op(&api.operations[*i])).collect(),
        };
        if !g.webhooks {
            dyn_groups.push(ops.clone());
        }
        stub_groups.push(ops);
        let view = GroupView {
            name: g.name.rust.clone(),
            routes_fn: g.routes_fn.clone(),
        };
        if g.webhooks {
            webhook_groups.push(view);
        } else {
            groups.push(view);
        }
        handlers.push(render_group(api, g)?);
    }
    ServerTemplate {
        title: &api.title,
        codes: problem_codes(api),
        // Without a fill, the server's body is plain JSON whatever the client reads.
        error_ty: if api.errors.fill.is_some() {
            error_type(api)
        } else {
            "::serde_json::Value".into()
        },
        has_fill: api.errors.fill.is_some(),
        same_error_body: api.errors.fill.is_some(),
        fill: fill.iter().map(error_field).collect(),
        open: api.errors.open,
        has_imports: !api.imports.server.is_empty(),
        imports: api.imports.server.clone(),
        credentials,
        groups,
        has_webhooks: !webhook_groups.is_empty(),
        webhook_groups,
        stub_groups,
        dyn_groups,
        has_handlers: !api.operations.is_empty(),
        handlers,
    }
    .render()
}

/// How the test double and the dyn-compatible service name an operation.
fn stub_op(op: &Operation) -> StubOpView {
    StubOpView {
        method: op.id.rust.clone(),
        stub_fn: op.stub_fn.clone(),
        operation: spell::string(&op.id.raw),
        path: spell::string(&op.path.to_template()),
        operation_doc: docs::code(&op.id.raw),
        route_doc: docs::route(op),
        request: op.type_name.clone(),
        response: op.response_type.clone(),
    }
}

/// How a server reads the credential of a security scheme.
fn presented(s: &crate::ir::SecurityScheme) -> PresentedView {
    let (location, param) = match &s.kind {
        SecurityKind::ApiKey { location, param } => (Some(*location), param.as_str()),
        SecurityKind::Http { .. } | SecurityKind::Token => (None, ""),
    };
    PresentedView {
        field: s.name.rust.clone(),
        secret: s.secret,
        scheme: spell::string(&s.name.raw),
        param: spell::string(param),
        in_header: location == Some(crate::ir::ParamLocation::Header),
        in_query: location == Some(crate::ir::ParamLocation::Query),
        in_cookie: location == Some(crate::ir::ParamLocation::Cookie),
    }
}

/// The codes the error body carries for each problem the server answers itself.
fn problem_codes(api: &Api) -> ProblemCodes {
    let codes = &api.errors.codes;
    ProblemCodes {
        bad_request: spell::string(&codes.bad_request),
        unauthorized: spell::string(&codes.unauthorized),
        forbidden: spell::string(&codes.forbidden),
        not_found: spell::string(&codes.not_found),
        method_not_allowed: spell::string(&codes.method_not_allowed),
        payload_too_large: spell::string(&codes.payload_too_large),
        unsupported_media_type: spell::string(&codes.unsupported_media_type),
        internal: spell::string(&codes.internal),
        bad_gateway: spell::string(&codes.bad_gateway),
        gateway_timeout: spell::string(&codes.gateway_timeout),
        not_implemented: spell::string(&codes.not_implemented),
    }
}

/// How a server fills one field of the error body.
fn error_field(f: &crate::ir::ErrorField) -> ErrorFieldView {
    ErrorFieldView {
        field: f.field.clone(),
        optional: f.optional,
        code: f.fill == ErrorFill::Code,
        message: f.fill == ErrorFill::Message,
        uri: f.fill == ErrorFill::Uri,
        fixed: matches!(f.fill, ErrorFill::Fixed(_)),
        text: match &f.fill {
            ErrorFill::Fixed(text) => spell::string(text),
            _ => String::new(),
        },
    }
}

fn render_group(api: &Api, g: &Group) -> Result<String, askama::Error> {
    let handlers = g
        .operations
        .iter()
        .map(|i| &api.operations[*i])
        .filter(|op| op.serve)
        .map(|op| handler(api, op, &g.name.rust).render())
        .collect::<Result<Vec<_>, _>>()?;
    ServerGroupTemplate {
        name: g.name.rust.clone(),
        routes_fn: g.routes_fn.clone(),
        merged_by: if g.webhooks { "webhooks_router" } else { "router" },
        routes: g
            .routes
            .iter()
            .map(|r| RouteView {
                path: spell::string(&r.path),
                methods: r.methods.iter().map(|(m, h)| (m.key(), h.clone())).collect(),
            })
            .collect(),
        handlers,
    }
    .render()
}

fn handler(api: &Api, op: &Operation, trait_name: &str) -> ServerHandlerTemplate {
    let space = &api.types;
    let params: Vec<HandlerParamView> = op.params.iter().map(|p| handler_param(space, p)).collect();
    let body = op.request.body.as_ref();
    let mut fields: Vec<String> = params.iter().map(|p| p.name.clone()).collect();
    if body.is_some() {
        fields.push("body".into());
    }
    ServerHandlerTemplate {
        fn_name: op.handler_fn.clone(),
        op_doc: docs::code(&op.id.raw),
        route_doc: docs::route(op),
        trait_name: trait_name.to_owned(),
        operation: spell::string(&op.id.raw),
        http_method: spell::string(op.method.as_upper()),
        path: spell::string(&op.path.to_template()),
        security: op
            .security
            .iter()
            .map(|alt| alt.iter().map(|s| spell::string(s)).collect())
            .collect(),
        has_path: params.iter().any(|p| p.in_path || p.in_segment),
        has_body: body.is_some(),
        body_json: body.is_some_and(|b| b.json),
        body_bytes: body.is_some_and(|b| b.encoding == crate::ir::Encoding::Bytes),
        body_required: op.body.as_ref().is_some_and(|b| b.required),
        body_ty: op
            .body
            .as_ref()
            .map(|b| spell::rust_type(space, &b.ty, ELSEWHERE))
            .unwrap_or_default(),
        media: spell::string(op.body.as_ref().map_or("", |b| b.content_type.as_str())),
        has_fields: !fields.is_empty(),
        fields,
        params,
        request: op.type_name.clone(),
        method: op.id.rust.clone(),
        response: op.response_type.clone(),
    }
}

/// How a handler reads one parameter: from the query, a header, a cookie, or the path.
fn handler_param(space: &crate::ir::TypeSpace, p: &crate::ir::Param) -> HandlerParamView {
    let mut view = HandlerParamView {
        name: p.name.rust.clone(),
        ty: spell::rust_type(space, &p.ty, ELSEWHERE),
        literal: spell::string(&p.name.raw),
        has_default: p.wire.default.is_some(),
        default: p
            .wire
            .default
            .as_ref()
            .map(|d| spell::literal(space, &d.value, ELSEWHERE))
            .unwrap_or_default(),
        in_query: p.read_from == ParamSource::Query,
        in_header: p.read_from == ParamSource::Header,
        in_cookie: p.read_from == ParamSource::Cookie,
        in_path: false,
        in_segment: false,
        capture: String::new(),
        literals: Vec::new(),
        index: 0,
    };
    match &p.read_from {
        ParamSource::Path {
            capture,
            prefix,
            suffix,
        } => {
            view.in_path = true;
            view.capture = spell::string(capture);
            view.literals = vec![spell::string(prefix), spell::string(suffix)];
        }
        ParamSource::Segment {
            capture,
            literals,
            index,
        } => {
            view.in_segment = true;
            view.capture = spell::string(capture);
            view.literals = literals.iter().map(|l| spell::string(l)).collect();
            view.index = *index;
        }
        ParamSource::Query | ParamSource::Header | ParamSource::Cookie => {}
    }
    view
}
