//! Operations: what each one takes and answers, and what lowering decided for its request type,
//! its response enum, its client call and its server handler.

use super::{Check, Method, Name, ParamLocation, PathTemplate, Status, Traits, TypeRef, Wire};
use crate::pointer::JsonPointer;

/// One operation: everything a client needs to call it and a server needs to answer it.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The operationId (or one derived from method and path); `rust` is the method name.
    pub id: Name,
    /// The Rust name of the operation's request type (unique among operations).
    pub type_name: String,
    /// The Rust name of the operation's response enum.
    pub response_type: String,
    /// The server's handler function of the operation.
    pub handler_fn: String,
    /// The method of the server's `Stub` that sets the operation's answer.
    pub stub_fn: String,
    pub method: Method,
    pub path: PathTemplate,
    /// The operation's first tag, which groups it into an API trait; `None` when untagged.
    pub tag: Option<Name>,
    pub summary: Option<String>,
    pub docs: Option<String>,
    pub deprecated: bool,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    /// Responses in document order: explicit codes, ranges (`4XX`), then `default`.
    pub responses: Vec<Response>,
    /// Alternatives, each a set of scheme names that must all be satisfied; empty means none.
    pub security: Vec<Vec<String>>,
    /// Groups of parameter or body property names of which at least one must be given
    /// (vendor extension `x-require-any-of`).
    pub require_any_of: Vec<Vec<String>>,
    /// A webhook (3.1): a request the API sends and a consumer receives. Its `path` is `/` and
    /// the webhook's name, where the generated receiver routes it.
    pub webhook: bool,
    /// Whether the server routes it: false for a later operation with the same route and
    /// method as an earlier one (the client calls both).
    pub serve: bool,
    /// The request type: its traits, its body field and its `x-require-any-of` checks.
    pub request: Request,
    /// The variants of the response enum: the documented non-error statuses, exact codes first.
    pub variants: Vec<Variant>,
    /// The variant (its name) for a 2xx status the document does not list, with the status and
    /// the body as JSON: a gateway that answers `200` where `201` is documented still succeeds.
    /// `None` where the variants take every 2xx.
    pub undocumented_success: Option<String>,
    /// The statuses whose body is the API's error body.
    pub errors: ErrorStatuses,
    /// How the client sends it.
    pub call: Call,
    /// `x-pagination` as the document wrote it.
    pub pagination_spec: Option<PaginationSpec>,
    /// How its pages are fetched one after another (vendor extension `x-pagination`), once
    /// `decide` has found every field it names; `None` otherwise.
    pub pagination: Option<Pagination>,
    pub source: JsonPointer,
}

/// What `x-pagination` says: the request fields that choose the page and its size, the
/// number of the first page, and JSON pointers into the success body to the items and,
/// when the API sends them, the record and page counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaginationSpec {
    pub page: PageParam,
    pub size: PageParam,
    pub first_page: i64,
    pub items: Vec<String>,
    pub total: Option<Vec<String>>,
    pub pages: Option<Vec<String>>,
}

/// A request field of the pagination: a parameter, or a property of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageParam {
    pub in_body: bool,
    pub name: String,
}

/// The pagination of an operation, in the terms of its Rust types.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    pub first_page: i64,
    /// The request field that takes the page number.
    pub page: PageField,
    /// The request field that holds the page size.
    pub size: PageField,
    /// The response variant that carries a page.
    pub variant: String,
    /// From the variant's body to the items (each step a field).
    pub items: Vec<PageStep>,
    pub item: TypeRef,
    pub total: Option<PageCount>,
    pub pages: Option<PageCount>,
}

/// A count in the success body: the fields to it, and its integer type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageCount {
    pub steps: Vec<PageStep>,
    pub prim: super::Prim,
}

/// A request field of the pagination: its Rust name, whether it is an `Option`, and whether
/// it sits in the body (and whether the body is an `Option`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageField {
    pub field: String,
    /// Its integer type.
    pub prim: super::Prim,
    pub optional: bool,
    pub in_body: bool,
    pub body_optional: bool,
}

/// One field on the way from a response body to its items or counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageStep {
    pub field: String,
    pub optional: bool,
}

impl Operation {
    /// The parameter marked `x-idempotency-key: true`, if any.
    pub fn idempotency_key(&self) -> Option<&Param> {
        self.params.iter().find(|p| p.idempotency_key)
    }
}

#[derive(Debug, Clone)]
pub struct Param {
    pub name: Name,
    pub location: ParamLocation,
    /// The value's type; `Option` when the parameter is neither required nor defaulted.
    pub ty: TypeRef,
    pub required: bool,
    /// The documented default, when it fits the type: the value is then always sent.
    pub default: Option<serde_json::Value>,
    pub docs: Option<String>,
    pub constraints: crate::ir::Constraints,
    /// Marked `x-idempotency-key: true`: the server deduplicates on it, so a retry must resend it.
    pub idempotency_key: bool,
    /// Its serde shape in the request's JSON form (and its default, `wire.default`).
    pub wire: Wire,
    pub checks: Vec<Check>,
    /// Where a server reads it from.
    pub read_from: ParamSource,
    pub source: JsonPointer,
}

/// Where a server finds a parameter's text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ParamSource {
    #[default]
    Query,
    Header,
    Cookie,
    /// A path segment's capture, without the literal text around the parameter.
    Path {
        capture: String,
        prefix: String,
        suffix: String,
    },
    /// One of several parameters of a path segment (`literals`: the text before, between and
    /// after them).
    Segment {
        capture: String,
        literals: Vec<String>,
        index: usize,
    },
}

#[derive(Debug, Clone)]
pub struct Body {
    pub content_type: String,
    pub ty: TypeRef,
    pub required: bool,
    pub source: JsonPointer,
}

#[derive(Debug, Clone)]
pub struct Response {
    pub status: Status,
    /// A name for the variant that carries this response (`Ok`, `Created`, `NotFound`, ...).
    pub name: Name,
    pub docs: Option<String>,
    /// `None` for a response without a body (or one this generator treats as opaque).
    pub body: Option<Body>,
    pub source: JsonPointer,
}

/// What lowering decided for an operation's request type.
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub traits: Traits,
    /// The field that holds the body, if the operation takes one.
    pub body: Option<BodyField>,
    /// The `x-require-any-of` groups: each name with how to tell it is given.
    pub any_of: Vec<Vec<(String, Presence)>>,
}

/// The `body` field of a request type.
#[derive(Debug, Clone)]
pub struct BodyField {
    /// Its key in the request's JSON form: `body`, unless a parameter has that name.
    pub key: String,
    /// `Option` of the body's type when the body is optional.
    pub ty: TypeRef,
    pub wire: Wire,
    /// How the client writes it.
    pub encoding: Encoding,
    /// How the server reads it: as JSON, or as text.
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Json,
    Form,
    /// A text body, sent as its bytes.
    Text,
    /// Raw octets (`format: binary` outside JSON, the `bytes` option on), sent as they are.
    Bytes,
}

/// Whether one name of an `x-require-any-of` group is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Presence {
    /// A required value: always given.
    Always,
    /// A name neither a parameter nor a body property has (lowering warned).
    Never,
    /// An optional parameter, by its field.
    Param(String),
    /// A property of the body, by its field; `optional`: an `Option` field.
    BodyField {
        field: String,
        optional: bool,
        body_required: bool,
    },
}

/// A variant of an operation's response enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Variant {
    pub name: String,
    pub docs: Option<String>,
    /// The documented status (`200`, `2XX`, `default`), for docs; `None` for the `Ok` of an
    /// operation that documents no success.
    pub status_doc: Option<String>,
    /// The status sent (a range or `default` sends its first code).
    pub code: u16,
    /// The statuses the client maps to this variant.
    pub statuses: StatusMatch,
    pub payload: Payload,
}

/// The statuses a `match` arm takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusMatch {
    Exact(u16),
    Range(u16, u16),
    Any,
}

impl StatusMatch {
    /// Whether the arm takes every status from `low` to `high`.
    pub fn covers(&self, low: u16, high: u16) -> bool {
        match *self {
            StatusMatch::Exact(c) => c == low && c == high,
            StatusMatch::Range(from, to) => from <= low && high <= to,
            StatusMatch::Any => true,
        }
    }
}

/// What a response carries.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    None,
    Json(TypeRef),
    /// A body that is not JSON, handed over as text; its media type, for a server's answer.
    Text(String),
    /// Raw octets (`format: binary` outside JSON, the `bytes` option on), with their media type.
    Bytes(String),
}

/// Which error statuses an operation documents (their body is the API's error body).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum ErrorStatuses {
    #[default]
    None,
    Any,
    Some(Vec<StatusMatch>),
}

/// How the client sends an operation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Call {
    /// The path, as literal text and the fields of path parameters.
    pub path: Vec<PathPart>,
    /// The security schemes whose credentials are attached, sorted and distinct.
    pub schemes: Vec<String>,
    /// Retried under the retry policy: `GET`, or an operation with an idempotency key.
    pub retry_safe: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    Literal(String),
    /// The request field of a path parameter.
    Param(String),
}
