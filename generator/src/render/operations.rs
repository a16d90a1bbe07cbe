//! View models of what is per operation: request types, response enums and the API traits.

use askama::Template;

use super::{CheckView, DefaultFnView, derives, docs};
use crate::ir::{Api, DefaultImpl, Operation, Payload, Presence, TypeRef};
use crate::naming;
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
    /// Raw octets, sent and read as they are (`is_json` and `is_bytes` false: text).
    pub(super) is_bytes: bool,
    /// The media type a server answers the body with, as a string literal.
    pub(super) media: String,
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
            is_bytes: matches!(v.payload, Payload::Bytes(_)),
            media: spell::string(match &v.payload {
                Payload::Text(media) | Payload::Bytes(media) => media,
                Payload::Json(_) | Payload::None => "application/json",
            }),
            ty: match &v.payload {
                Payload::Json(ty) => spell::rust_type(&api.types, ty, ELSEWHERE),
                Payload::Text(_) => spell::rust_type(&api.types, &TypeRef::Prim(crate::ir::Prim::String), ELSEWHERE),
                Payload::Bytes(_) => spell::rust_type(&api.types, &TypeRef::Prim(crate::ir::Prim::RawBytes), ELSEWHERE),
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
    paged: bool,
    paging: PagingView,
}

/// How a paged operation's item stream reads and writes its fields (Rust expressions).
#[derive(Default)]
struct PagingView {
    stream_fn: String,
    item: String,
    first_page: i64,
    /// The page size asked for, as `Option<i64>`, from `request`.
    size: String,
    /// Writes `__page` into `__r`.
    set_page: String,
    variant: String,
    /// From `__body`: the items (`Vec`), the counts (`Option<i64>`).
    items: String,
    total: String,
    pages: String,
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
                        paged: op.pagination.is_some(),
                        paging: op.pagination.as_ref().map(|p| paging(api, op, p)).unwrap_or_default(),
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

/// The expressions of a paged operation's item stream.
fn paging(api: &Api, op: &crate::ir::Operation, p: &crate::ir::Pagination) -> PagingView {
    let at = |base: &str, f: &crate::ir::PageField| {
        if f.in_body {
            format!("{base}.body.{}", f.field)
        } else {
            format!("{base}.{}", f.field)
        }
    };
    let size = &p.size;
    let read = |v: &str| to_i64(v, size.prim);
    let size_expr = match (size.in_body && size.body_optional, size.optional) {
        (true, true) => map_i64(
            &format!("request.body.as_ref().and_then(|__b| __b.{})", size.field),
            size.prim,
        ),
        (true, false) => format!(
            "request.body.as_ref().map(|__b| {})",
            read(&format!("__b.{}", size.field))
        ),
        (false, true) => map_i64(&at("request", size), size.prim),
        (false, false) => format!("Some({})", read(&at("request", size))),
    };
    let page = from_i64("__page", p.page.prim);
    let value = if p.page.optional { format!("Some({page})") } else { page };
    let set_page = if p.page.in_body && p.page.body_optional {
        format!(
            "if let Some(__b) = __r.body.as_mut() {{ __b.{} = {value}; }}",
            p.page.field
        )
    } else {
        format!("{} = {value};", at("__r", &p.page))
    };
    PagingView {
        stream_fn: naming::stream_fn(&op.id.rust),
        item: spell::rust_type(&api.types, &p.item, ELSEWHERE),
        first_page: p.first_page,
        size: size_expr,
        set_page,
        variant: p.variant.clone(),
        items: {
            let (expr, optional) = chain(&p.items, false);
            if optional {
                format!("{expr}.unwrap_or_default()")
            } else {
                expr
            }
        },
        total: count(p.total.as_ref()),
        pages: count(p.pages.as_ref()),
    }
}

/// An integer of type `prim` as an `i64` (a `u64` beyond it saturates).
fn to_i64(value: &str, prim: crate::ir::Prim) -> String {
    match prim {
        crate::ir::Prim::I64 => value.to_owned(),
        crate::ir::Prim::U64 => format!("i64::try_from({value}).unwrap_or(i64::MAX)"),
        _ => format!("i64::from({value})"),
    }
}

/// An `Option` of an integer of type `prim` as an `Option<i64>`.
fn map_i64(option: &str, prim: crate::ir::Prim) -> String {
    match prim {
        crate::ir::Prim::I64 => option.to_owned(),
        crate::ir::Prim::U64 => format!("{option}.map(|__v| {})", to_i64("__v", prim)),
        _ => format!("{option}.map(i64::from)"),
    }
}

/// An `i64` page number as an integer of type `prim` (saturating).
fn from_i64(value: &str, prim: crate::ir::Prim) -> String {
    match prim {
        crate::ir::Prim::I64 => value.to_owned(),
        crate::ir::Prim::U64 => format!("u64::try_from({value}).unwrap_or_default()"),
        _ => format!("i32::try_from({value}).unwrap_or(i32::MAX)"),
    }
}

/// The path from `__body` through `steps`, and whether it ends in an `Option`. With `borrow`
/// (the counts, copied out) the steps before the last are borrowed, so that the items can
/// still be moved out afterwards.
fn chain(steps: &[crate::ir::PageStep], borrow: bool) -> (String, bool) {
    let mut expr = "__body".to_owned();
    let mut optional = false;
    for (i, step) in steps.iter().enumerate() {
        let keep = borrow && i + 1 < steps.len();
        expr = match (optional, step.optional, keep) {
            (false, true, true) => format!("{expr}.{}.as_ref()", step.field),
            (false, _, _) => format!("{expr}.{}", step.field),
            (true, true, true) => format!("{expr}.and_then(|__v| __v.{}.as_ref())", step.field),
            (true, false, true) => format!("{expr}.map(|__v| &__v.{})", step.field),
            (true, true, false) => format!("{expr}.and_then(|__v| __v.{})", step.field),
            (true, false, false) => format!("{expr}.map(|__v| __v.{})", step.field),
        };
        optional |= step.optional;
    }
    (expr, optional)
}

/// A count as `Option<i64>`, or `None` when the API sends none.
fn count(count: Option<&crate::ir::PageCount>) -> String {
    let Some(count) = count else { return "None".to_owned() };
    match chain(&count.steps, true) {
        (expr, true) => map_i64(&expr, count.prim),
        (expr, false) => format!("Some({})", to_i64(&expr, count.prim)),
    }
}
