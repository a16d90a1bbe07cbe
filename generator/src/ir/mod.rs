//! The intermediate representation: data only (no quoting, no templates, no I/O).
//!
//! Every name a user sees is a [`Name`] (wire name and Rust name); every node keeps the JSON
//! pointer it came from, so a later stage can say where a problem lies.

use std::collections::BTreeMap;

pub use crate::document::{Method, ParamLocation, PathSegment, PathTemplate, RouteCapture, Status};
use crate::pointer::JsonPointer;

/// A wire name and the Rust identifier made for it by `naming`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Name {
    pub raw: String,
    pub rust: String,
}

impl Name {
    /// Whether serde needs a `rename` to map the Rust name to the wire name.
    pub fn needs_rename(&self) -> bool {
        self.raw != self.rust.trim_start_matches("r#")
    }
}

/// The whole API.
#[derive(Debug, Clone)]
pub struct Api {
    pub title: String,
    pub version: String,
    /// What a standalone crate's manifest says about the package.
    pub package: Package,
    pub docs: Option<String>,
    pub servers: Vec<Server>,
    pub security_schemes: Vec<SecurityScheme>,
    pub types: TypeSpace,
    /// The operations of `paths`, then the webhooks (3.1; `webhook: true`).
    pub operations: Vec<Operation>,
    /// Operations grouped by their first tag: one API trait each, in first-use order.
    pub groups: Vec<Group>,
    /// The body every error response (4xx, 5xx, `default`) of the API shares, if they all
    /// share one: the client decodes it into a typed error, the server answers with it.
    pub error_body: Option<TypeRef>,
    /// How a server fills the error body (vendor extension `x-error-body` on its schema).
    pub error_mapping: Option<ErrorMapping>,
}

/// The package metadata of a standalone crate, from the document's `info`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    /// `info.version` when it is a semantic version (`1.2.3`), else `0.1.0`.
    pub version: String,
    /// `info.license.identifier`, or its `name` when that reads as an SPDX expression.
    pub license: Option<String>,
}

/// Which fields of the error body a server fills with a problem's code, message and path,
/// which hold fixed text, and the code of each kind of problem (`badRequest`, `notFound`, ...).
#[derive(Debug, Clone, Default)]
pub struct ErrorMapping {
    /// (field, what goes in it): `code`, `message`, `uri` or fixed text.
    pub fields: Vec<(Field, ErrorFill)>,
    pub codes: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ErrorFill {
    Code,
    Message,
    Uri,
    Fixed(String),
    /// Not mapped: the type's default.
    Default,
}

/// The operations of one tag; `name.rust` is the trait's name (`MembersApi`).
#[derive(Debug, Clone)]
pub struct Group {
    pub name: Name,
    /// The function that calls the group's operations by operationId (`call_members_api`).
    pub call_fn: String,
    /// The function that builds the group's axum routes (`members_api_routes`).
    pub routes_fn: String,
    pub docs: Option<String>,
    /// Indices into `Api::operations`.
    pub operations: Vec<usize>,
    /// The group of the webhooks: served by a receiver's router of its own, not called by the
    /// client.
    pub webhooks: bool,
}

/// Index of a type in the [`TypeSpace`]; assigned before any schema is converted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// Every named type of the API, in a deterministic order: components in document order, each
/// followed by the inline types named after it.
#[derive(Debug, Clone, Default)]
pub struct TypeSpace {
    pub defs: Vec<TypeDef>,
    /// `#/components/schemas/X` to its type.
    pub by_ref: BTreeMap<String, TypeId>,
}

impl TypeSpace {
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.defs[id.0]
    }
}

#[derive(Debug, Clone)]
pub struct TypeDef {
    pub id: TypeId,
    pub name: Name,
    pub docs: Option<String>,
    pub source: JsonPointer,
    pub kind: TypeKind,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    /// An object with known properties; `additional` keeps unknown keys when the object is open.
    Struct {
        fields: Vec<Field>,
        additional: Option<TypeRef>,
    },
    /// A string enum. Decoding keeps values the spec does not list (the `Unknown` variant).
    Enum { variants: Vec<Name> },
    /// oneOf / anyOf: tagged by a discriminator when there is one, untagged otherwise.
    Union {
        variants: Vec<UnionVariant>,
        discriminator: Option<Discriminator>,
    },
    /// A named alias of another shape (a component that is an array, a map or a scalar).
    Alias(TypeRef),
}

/// The property whose value names the variant, and which value selects which variant.
#[derive(Debug, Clone, PartialEq)]
pub struct Discriminator {
    pub property: String,
    /// (value, index into the union's variants), explicit mappings first, then the implicit
    /// ones (the referenced component's name).
    pub mapping: Vec<(String, usize)>,
}

#[derive(Debug, Clone)]
pub struct UnionVariant {
    pub name: Name,
    pub ty: TypeRef,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub name: Name,
    pub ty: TypeRef,
    pub state: FieldState,
    /// Whether `null` is a value the spec allows (`nullable: true`, or any JSON value). An
    /// optional field is an `Option` either way; this tells a strict reader whether an explicit
    /// `null` follows the spec.
    pub nullable: bool,
    pub docs: Option<String>,
    pub constraints: Constraints,
    pub source: JsonPointer,
}

/// Whether a field must be present. Optional fields are `Option` in Rust.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldState {
    Required,
    Optional,
    /// Optional on the wire, with a documented default.
    Default(serde_json::Value),
}

/// The checks a `validate()` enforces, straight from the schema.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    pub max_length: Option<usize>,
    pub min_length: Option<usize>,
    pub maximum: Option<f64>,
    pub minimum: Option<f64>,
    /// Bounds the value must stay strictly below or above (`exclusiveMaximum`, ...).
    pub exclusive_maximum: Option<f64>,
    pub exclusive_minimum: Option<f64>,
    pub pattern: Option<String>,
    /// For string enums: the values the spec lists (requests must use one of them).
    pub one_of_values: Vec<String>,
    /// For numeric enums (which stay plain numbers in Rust): the values the spec lists.
    pub allowed_numbers: Vec<f64>,
}

/// A reference to a type, as used by fields, items and variants.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    Named(TypeId),
    Option(Box<TypeRef>),
    Vec(Box<TypeRef>),
    Map(Box<TypeRef>),
    /// A fixed-length array of values of these types (3.1 `prefixItems`).
    Tuple(Vec<TypeRef>),
    Box(Box<TypeRef>),
    Prim(Prim),
    /// Any JSON value.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prim {
    String,
    /// `format: date-time` and other textual formats are kept as text: a client must not reject a
    /// response for a timestamp the server writes slightly differently.
    DateTime,
    /// `format: byte` (base64 text).
    Byte,
    /// `format: binary` (raw bytes on the wire).
    Binary,
    Bool,
    I32,
    I64,
    U64,
    F32,
    F64,
}

/// One operation: everything a client needs to call it and a server needs to answer it.
#[derive(Debug, Clone)]
pub struct Operation {
    /// The operationId (or one derived from method and path); `rust` is the method name.
    pub id: Name,
    /// The Rust name of the operation's request type (unique among operations).
    pub type_name: String,
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
    pub source: JsonPointer,
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
    pub constraints: Constraints,
    /// Marked `x-idempotency-key: true`: the server deduplicates on it, so a retry must resend it.
    pub idempotency_key: bool,
    pub source: JsonPointer,
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

/// A security scheme of `components.securitySchemes`.
#[derive(Debug, Clone)]
pub struct SecurityScheme {
    /// The scheme's key in the document; `rust` names the credential field.
    pub name: Name,
    pub kind: SecurityKind,
    /// Whether the credential is secret (redacted in output); `x-secret: false` says it is not.
    pub secret: bool,
    pub docs: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecurityKind {
    /// A key sent in a header, query parameter or cookie, under `param`.
    ApiKey { location: ParamLocation, param: String },
    /// HTTP authentication (`bearer`, `basic`).
    Http { scheme: String },
    /// OAuth2 or OpenID Connect: a bearer token obtained elsewhere.
    Token,
}

/// A server of the document: a base URL preset.
#[derive(Debug, Clone)]
pub struct Server {
    pub url: String,
    /// From the vendor extension `x-name`, else the description; `rust` names the preset.
    pub name: Name,
    pub docs: Option<String>,
}
