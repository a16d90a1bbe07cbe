//! View models of what is per operation: request types, response enums and the API traits.

use askama::Template;

use super::{CheckView, DefaultFnView, derives, docs};
use crate::ir::{Api, DefaultImpl, Operation, Payload, Presence, TypeRef};
use crate::naming::spell::{self, ELSEWHERE};

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
    docs: Vec<String>,
    derives: Vec<&'static str>,
    json_derives: Vec<&'static str>,
    write_default: bool,
    defaults: Vec<DefaultFnView>,
    fields: Vec<RequestFieldView>,
    required: Vec<RequestFieldView>,
    optional: Vec<RequestFieldView>,
    any_of: Vec<AnyOfView>,
}

/// One `x-require-any-of` group: how each name is seen to be given, and the names.
struct AnyOfView {
    present: Vec<PresenceView>,
    names: Vec<String>,
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
    /// Not required, but with a documented default: a plain value, set to it by `new`.
    is_defaulted: bool,
    default_fn: String,
    serde: String,
    has_serde: bool,
    checks: Vec<CheckView>,
}

/// How one name of an `x-require-any-of` group is seen to be given.
struct PresenceView {
    always: bool,
    never: bool,
    /// The request field (a parameter), or the body's field.
    field: String,
    is_param: bool,
    /// A body field of a required body.
    in_body: bool,
    /// An optional field of an optional body.
    in_optional_body: bool,
    /// The optional body itself (its field is always there when it is).
    optional_body: bool,
}

pub(super) fn render_requests(api: &Api) -> Result<String, askama::Error> {
    let items = api
        .operations
        .iter()
        .map(|op| render_request(api, op))
        .collect::<Result<Vec<_>, _>>()?;
    RequestsTemplate {
        title: &api.title,
        items,
    }
    .render()
}

fn render_request(api: &Api, op: &Operation) -> Result<String, askama::Error> {
    let space = &api.types;
    let mut fields: Vec<RequestFieldView> = op
        .params
        .iter()
        .map(|p| {
            let serde = spell::serde_args(&p.wire, &p.name.raw, &op.type_name);
            RequestFieldView {
                name: p.name.rust.clone(),
                raw_literal: spell::string(&p.name.raw),
                raw_doc: docs::code(&p.name.raw),
                ty: spell::rust_type(space, &p.ty, ELSEWHERE),
                inner_ty: spell::rust_type(space, p.ty.unwrap_option(), ELSEWHERE),
                docs: docs::param(p),
                is_required: p.required,
                is_defaulted: p.wire.default.is_some(),
                default_fn: p
                    .wire
                    .default
                    .as_ref()
                    .map(|d| d.default_fn.clone())
                    .unwrap_or_default(),
                has_serde: !serde.is_empty(),
                serde,
                checks: p.checks.iter().map(|c| CheckView::of(c, api, ELSEWHERE)).collect(),
            }
        })
        .collect();
    if let (Some(body), Some(field)) = (&op.body, &op.request.body) {
        let serde = spell::serde_args(&field.wire, &field.key, &op.type_name);
        fields.push(RequestFieldView {
            name: "body".into(),
            raw_literal: spell::string(&field.key),
            raw_doc: "body".into(),
            ty: spell::rust_type(space, &field.ty, ELSEWHERE),
            inner_ty: spell::rust_type(space, &body.ty, ELSEWHERE),
            docs: vec![format!("The request body (`{}`).", body.content_type)],
            is_required: body.required,
            is_defaulted: false,
            default_fn: String::new(),
            has_serde: !serde.is_empty(),
            serde,
            checks: vec![CheckView::of(&crate::ir::Check::Flat, api, ELSEWHERE)],
        });
    }
    let defaults = op
        .params
        .iter()
        .filter_map(|p| {
            let d = p.wire.default.as_ref()?;
            Some(DefaultFnView {
                fn_name: d.default_fn.clone(),
                ty: spell::rust_type(space, &p.ty, ELSEWHERE),
                expr: spell::literal(space, &d.value, ELSEWHERE),
            })
        })
        .collect();
    let any_of = op
        .request
        .any_of
        .iter()
        .map(|group| AnyOfView {
            present: group.iter().map(|(_, p)| presence(p)).collect(),
            names: group.iter().map(|(name, _)| spell::string(name)).collect(),
        })
        .collect();
    RequestTemplate {
        name: op.type_name.clone(),
        docs: docs::operation(op, false),
        derives: derives(&op.request.traits.derives),
        json_derives: derives(&op.request.traits.json_derives),
        write_default: op.request.traits.default == DefaultImpl::Written,
        defaults,
        required: fields.iter().filter(|f| f.is_required).cloned().collect(),
        optional: fields.iter().filter(|f| !f.is_required).cloned().collect(),
        fields,
        any_of,
    }
    .render()
}

fn presence(p: &Presence) -> PresenceView {
    let mut view = PresenceView {
        always: false,
        never: false,
        field: String::new(),
        is_param: false,
        in_body: false,
        in_optional_body: false,
        optional_body: false,
    };
    match p {
        Presence::Always => view.always = true,
        Presence::Never => view.never = true,
        Presence::Param(field) => (view.field, view.is_param) = (field.clone(), true),
        Presence::BodyField {
            field,
            optional,
            body_required,
        } => {
            view.field = field.clone();
            match (body_required, optional) {
                (true, _) => view.in_body = true,
                (false, true) => view.in_optional_body = true,
                (false, false) => view.optional_body = true,
            }
        }
    }
    view
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
    /// The variant for a 2xx the document does not list (empty: the variants take every 2xx).
    undocumented: String,
    has_undocumented: bool,
}

/// A documented non-error status of an operation.
pub(super) struct ResponseVariantView {
    pub(super) name: String,
    pub(super) docs: Vec<String>,
    /// The status sent (a range or `default` sends its first code).
    pub(super) code: u16,
    /// The `match` pattern of the statuses this variant takes.
    pub(super) pattern: String,
    pub(super) has_body: bool,
    pub(super) is_json: bool,
    pub(super) ty: String,
}

/// The variants of an operation's response enum.
pub(super) fn response_variants(api: &Api, op: &Operation) -> Vec<ResponseVariantView> {
    op.variants
        .iter()
        .map(|v| ResponseVariantView {
            name: v.name.clone(),
            docs: match &v.status_doc {
                Some(status) => docs::with_note(v.docs.as_deref(), format!("Status `{status}`.")),
                None => v.docs.iter().cloned().collect(),
            },
            code: v.code,
            pattern: spell::statuses(&[v.statuses]),
            has_body: v.payload != Payload::None,
            is_json: matches!(v.payload, Payload::Json(_)),
            ty: match &v.payload {
                Payload::Json(ty) => spell::rust_type(&api.types, ty, ELSEWHERE),
                Payload::Text => spell::rust_type(&api.types, &TypeRef::Prim(crate::ir::Prim::String), ELSEWHERE),
                Payload::None => String::new(),
            },
        })
        .collect()
}

pub(super) fn render_responses(api: &Api) -> Result<String, askama::Error> {
    let items = api
        .operations
        .iter()
        .map(|op| {
            ResponseTemplate {
                name: op.response_type.clone(),
                op_doc: docs::code(&op.id.raw),
                op_literal: spell::string(&op.id.raw),
                route_doc: docs::route(op),
                variants: response_variants(api, op),
                undocumented: op.undocumented_success.clone().unwrap_or_default(),
                has_undocumented: op.undocumented_success.is_some(),
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

struct MethodView {
    name: String,
    operation: String,
    docs: Vec<String>,
    request: String,
    response: String,
}

pub(super) fn render_traits(api: &Api) -> Result<String, askama::Error> {
    let items = api
        .groups
        .iter()
        .map(|g| {
            let note = if g.webhooks {
                "The webhooks: requests the API sends. A receiver implements this trait and serves it with \
                 `server::webhooks_router`."
                    .to_owned()
            } else {
                format!("The operations tagged `{}`.", docs::code(&g.name.raw))
            };
            TraitTemplate {
                name: g.name.rust.clone(),
                call_fn: g.call_fn.clone(),
                docs: docs::with_note(g.docs.as_deref(), note),
                methods: g
                    .operations
                    .iter()
                    .map(|i| &api.operations[*i])
                    .map(|op| MethodView {
                        name: op.id.rust.clone(),
                        operation: spell::string(&op.id.raw),
                        docs: docs::operation(op, true),
                        request: op.type_name.clone(),
                        response: op.response_type.clone(),
                    })
                    .collect(),
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
