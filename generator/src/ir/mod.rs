//! The intermediate representation: data only (no quoting, no templates, no I/O).
//!
//! Lowering decides everything a template needs and stores it here: the derives and helpers of
//! each type, the serde shape and validation steps of each field, the patterns to compile, how
//! each operation is called and served. Render only projects these facts, so an IR snapshot
//! shows every decision, and a behaviour change shows in the IR diff. Every name a user sees is
//! a [`Name`] (wire name and Rust name); every node keeps the JSON pointer it came from, so a
//! later stage can say where a problem lies.

mod operations;
mod types;

pub use crate::document::{Method, ParamLocation, PathSegment, PathTemplate, RouteCapture, Status};
pub use operations::*;
pub use types::*;

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
    /// Every distinct `pattern` the generated code checks, compiled once each.
    pub patterns: Vec<Pattern>,
    /// The operations of `paths`, then the webhooks (3.1; `webhook: true`).
    pub operations: Vec<Operation>,
    /// Operations grouped by their first tag: one API trait each, in first-use order.
    pub groups: Vec<Group>,
    /// The body errors are answered with, and how a server fills it.
    pub errors: ErrorPlan,
    /// The runtime helpers the client and the server use (imported by name, nothing unused).
    pub imports: Imports,
    /// The runtime modules (and dependencies) of the typed formats the types use, in order.
    pub format_runtimes: Vec<FormatRuntime>,
}

/// The package metadata of a standalone crate, from the document's `info`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    /// `info.version` when it is a semantic version (`1.2.3`), else `0.1.0`.
    pub version: String,
    /// `info.license.identifier`, or its `name` when that reads as an SPDX expression.
    pub license: Option<String>,
}

/// The error body of the API and how a server fills it for a problem.
#[derive(Debug, Clone)]
pub struct ErrorPlan {
    /// The body every error response (4xx, 5xx, `default`) of the API shares, if they all share
    /// one: the client decodes it into a typed error, the server answers with it. `None`: any
    /// JSON value.
    pub body: Option<TypeRef>,
    /// How a server fills the body's fields (vendor extension `x-error-body` on its schema);
    /// `None`: the server's error body is plain JSON `{code, message, uri}`, whatever `body` is.
    pub fill: Option<Vec<ErrorField>>,
    /// Whether the body keeps unknown keys (they start empty).
    pub open: bool,
    /// The code of each kind of problem (`x-error-body.codes`, else the kind's name).
    pub codes: ProblemCodes,
}

/// One field of the error body and what a server puts in it.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorField {
    pub field: String,
    pub fill: ErrorFill,
    /// An `Option` field: the value goes in `Some`.
    pub optional: bool,
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

/// The error code of each kind of problem a server answers by itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProblemCodes {
    pub bad_request: String,
    pub unauthorized: String,
    pub forbidden: String,
    pub not_found: String,
    pub method_not_allowed: String,
    pub payload_too_large: String,
    pub unsupported_media_type: String,
    pub internal: String,
    pub bad_gateway: String,
    pub gateway_timeout: String,
    pub not_implemented: String,
}

/// The runtime functions each side's code calls, so each file imports exactly those.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Imports {
    /// From `crate::support`, for the client: the traits whose methods it calls.
    pub client_traits: Vec<&'static str>,
    /// From `crate::transport`, for the client.
    pub client: Vec<&'static str>,
    /// From `crate::serving`, for the server.
    pub server: Vec<&'static str>,
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
    /// The group's axum routes: one per distinct route, with the handler of each method.
    pub routes: Vec<Route>,
}

/// An axum route and the handler of each method it answers.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    pub path: String,
    pub methods: Vec<(Method, String)>,
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
    /// From the vendor extension `x-name`, else the description; `rust` names the constant.
    pub name: Name,
    pub docs: Option<String>,
}
