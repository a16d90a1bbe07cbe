//! View models of `client.rs`: the credentials, the servers, and one method per operation.

use askama::Template;

use super::operations::{ResponseVariantView, response_variants};
use super::{doc_lines, docs};
use crate::ir::{Api, Encoding, ErrorStatuses, Operation, ParamLocation, PathPart, SecurityKind};
use crate::naming::spell;

#[derive(Template)]
#[template(path = "client.rs", escape = "none")]
struct ClientTemplate<'a> {
    title: &'a str,
    servers: Vec<ServerView>,
    credentials: Vec<CredentialView>,
    error_ty: String,
    imports: Vec<&'static str>,
    has_imports: bool,
    traits: Vec<&'static str>,
    has_traits: bool,
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
    docs: Vec<String>,
    scheme: String,
    scheme_doc: String,
    param: String,
    secret: bool,
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
    has_body: bool,
    body_required: bool,
    content_type: String,
    encode_json: bool,
    encode_form: bool,
    encode_text: bool,
    encode_bytes: bool,
    schemes: Vec<String>,
    retry_safe: bool,
    variants: Vec<ResponseVariantView>,
    /// A 2xx the document does not list is this variant (empty: the variants take every 2xx).
    undocumented: String,
    has_undocumented: bool,
    errors_any: bool,
    errors_none: bool,
    error_statuses: String,
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

pub(super) fn render(api: &Api) -> Result<String, askama::Error> {
    let servers = api
        .servers
        .iter()
        .map(|s| ServerView {
            name: s.name.rust.clone(),
            url: spell::string(&s.url),
            docs: doc_lines(s.docs.as_deref()),
        })
        .collect();
    let credentials = api
        .security_schemes
        .iter()
        .map(|s| {
            let (location, param) = match &s.kind {
                SecurityKind::ApiKey { location, param } => (Some(*location), param.as_str()),
                _ => (None, ""),
            };
            let is_basic = matches!(&s.kind, SecurityKind::Http { scheme } if scheme == "basic");
            let mut docs = doc_lines(s.docs.as_deref());
            if s.secret {
                docs.push("Redacted in `Debug` and `Display`.".into());
            }
            CredentialView {
                field: s.name.rust.clone(),
                docs,
                scheme: spell::string(&s.name.raw),
                scheme_doc: docs::code(&s.name.raw),
                param: spell::string(param),
                secret: s.secret,
                in_header: location == Some(ParamLocation::Header),
                in_query: location == Some(ParamLocation::Query),
                in_cookie: location == Some(ParamLocation::Cookie),
                is_bearer: matches!(&s.kind, SecurityKind::Token | SecurityKind::Http { .. }) && !is_basic,
                is_basic,
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
                methods: g.operations.iter().map(|i| method(api, &api.operations[*i])).collect(),
            }
            .render()
        })
        .collect::<Result<Vec<_>, _>>()?;
    ClientTemplate {
        title: &api.title,
        servers,
        credentials,
        error_ty: error_type(api),
        has_imports: !api.imports.client.is_empty(),
        imports: api.imports.client.clone(),
        has_traits: !api.imports.client_traits.is_empty(),
        traits: api.imports.client_traits.clone(),
        has_operations: !impls.is_empty(),
        impls,
    }
    .render()
}

/// The error body's type: the shared one, or any JSON value.
pub(super) fn error_type(api: &Api) -> String {
    let json = crate::ir::TypeRef::Json;
    spell::rust_type(&api.types, api.errors.body.as_ref().unwrap_or(&json), spell::ELSEWHERE)
}

fn method(api: &Api, op: &Operation) -> ClientMethodView {
    let wire = |location: ParamLocation| -> Vec<WireParamView> {
        op.params
            .iter()
            .filter(|p| p.location == location)
            .map(|p| WireParamView {
                field: p.name.rust.clone(),
                name: spell::string(&p.name.raw),
            })
            .collect()
    };
    let path = op
        .call
        .path
        .iter()
        .map(|part| match part {
            PathPart::Literal(l) => PathPartView {
                is_param: false,
                text: spell::string(l),
            },
            PathPart::Param(field) => PathPartView {
                is_param: true,
                text: field.clone(),
            },
        })
        .collect();
    let body = op.request.body.as_ref();
    let encoding = body.map(|b| b.encoding);
    let cookies = wire(ParamLocation::Cookie);
    ClientMethodView {
        name: op.id.rust.clone(),
        docs: docs::operation(op, true),
        request: op.type_name.clone(),
        response: op.response_type.clone(),
        operation: spell::string(&op.id.raw),
        method: op.method.as_upper(),
        template: spell::string(&op.path.to_template()),
        path,
        query: wire(ParamLocation::Query),
        headers: wire(ParamLocation::Header),
        has_cookies: !cookies.is_empty(),
        cookies,
        has_body: body.is_some(),
        body_required: op.body.as_ref().is_some_and(|b| b.required),
        content_type: spell::string(op.body.as_ref().map_or("", |b| b.content_type.as_str())),
        encode_json: encoding == Some(Encoding::Json),
        encode_form: encoding == Some(Encoding::Form),
        encode_text: encoding == Some(Encoding::Text),
        encode_bytes: encoding == Some(Encoding::Bytes),
        schemes: op.call.schemes.iter().map(|s| spell::string(s)).collect(),
        retry_safe: op.call.retry_safe,
        variants: response_variants(api, op),
        undocumented: op.undocumented_success.clone().unwrap_or_default(),
        has_undocumented: op.undocumented_success.is_some(),
        errors_any: op.errors == ErrorStatuses::Any,
        errors_none: op.errors == ErrorStatuses::None,
        error_statuses: match &op.errors {
            ErrorStatuses::Some(list) => spell::statuses(list),
            _ => String::new(),
        },
    }
}
