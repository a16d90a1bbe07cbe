//! Path items, operations and what they hold: parameters, bodies, responses, security.

use indexmap::IndexMap;
use serde_json::Value;

use super::{Extensions, MaybeRef, Schema};
use crate::pointer::JsonPointer;

/// An HTTP method a path item may hold: the eight of OpenAPI 3.0 and 3.1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    /// In the order the specification lists them (and path items are read in).
    pub const ALL: [Method; 8] = [
        Method::Get,
        Method::Put,
        Method::Post,
        Method::Delete,
        Method::Options,
        Method::Head,
        Method::Patch,
        Method::Trace,
    ];

    /// The method of a path item key (`get`, `post`, ...).
    pub fn from_key(key: &str) -> Option<Self> {
        Method::ALL.into_iter().find(|m| m.key() == key)
    }

    /// The key of the method in a path item (`get`, `post`, ...).
    pub fn key(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Put => "put",
            Method::Post => "post",
            Method::Delete => "delete",
            Method::Options => "options",
            Method::Head => "head",
            Method::Patch => "patch",
            Method::Trace => "trace",
        }
    }

    /// The upper-case name (`GET`).
    pub fn as_upper(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

/// A Path Item Object.
#[derive(Debug, Clone, Default)]
pub struct PathItem {
    pub at: JsonPointer,
    pub summary: Option<String>,
    pub description: Option<String>,
    /// The operations, in [`Method::ALL`] order.
    pub operations: Vec<Operation>,
    pub parameters: Vec<MaybeRef<Parameter>>,
    pub servers: Vec<super::Server>,
    pub extensions: Extensions,
}

impl PathItem {
    pub fn operation(&self, method: Method) -> Option<&Operation> {
        self.operations.iter().find(|o| o.method == method)
    }
}

/// A Callback Object: runtime expressions to path items.
#[derive(Debug, Clone, Default)]
pub struct Callback {
    pub at: JsonPointer,
    pub expressions: IndexMap<String, MaybeRef<PathItem>>,
}

#[derive(Debug, Clone)]
pub struct Operation {
    pub at: JsonPointer,
    pub method: Method,
    pub operation_id: Option<String>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub tags: Vec<String>,
    pub parameters: Vec<MaybeRef<Parameter>>,
    pub request_body: Option<MaybeRef<RequestBody>>,
    /// In document order.
    pub responses: Vec<ResponseEntry>,
    pub callbacks: IndexMap<String, MaybeRef<Callback>>,
    /// `None` when the operation does not override the document's requirements.
    pub security: Option<Vec<SecurityRequirement>>,
    pub deprecated: bool,
    pub servers: Vec<super::Server>,
    pub extensions: Extensions,
}

/// One entry of `responses`: the key as written, what it means, and the response.
#[derive(Debug, Clone)]
pub struct ResponseEntry {
    pub key: String,
    /// `None` when the key is neither a status code, a range like `4XX`, nor `default`.
    pub status: Option<Status>,
    pub at: JsonPointer,
    pub response: MaybeRef<Response>,
}

/// The key of a response: a status code, a range, or `default`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Code(u16),
    /// `1XX` to `5XX`: the first digit.
    Range(u8),
    Default,
}

impl Status {
    /// Reads a key of `responses`.
    pub fn parse(key: &str) -> Option<Status> {
        if key == "default" {
            return Some(Status::Default);
        }
        if key.len() == 3 && key.is_char_boundary(1) && key[1..].eq_ignore_ascii_case("xx") {
            return key[..1].parse().ok().filter(|d| (1..=5).contains(d)).map(Status::Range);
        }
        key.parse().ok().filter(|c| (100..600).contains(c)).map(Status::Code)
    }

    /// 4xx, 5xx and `default`: the responses that carry an error.
    pub fn is_error(&self) -> bool {
        match self {
            Status::Code(c) => *c >= 400,
            Status::Range(r) => *r >= 4,
            Status::Default => true,
        }
    }

    pub fn is_success(&self) -> bool {
        match self {
            Status::Code(c) => (200..300).contains(c),
            Status::Range(r) => *r == 2,
            Status::Default => false,
        }
    }
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

impl ParamLocation {
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "path" => ParamLocation::Path,
            "query" => ParamLocation::Query,
            "header" => ParamLocation::Header,
            "cookie" => ParamLocation::Cookie,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Parameter {
    pub at: JsonPointer,
    pub name: String,
    pub location: ParamLocation,
    /// `required` as written (`None` when absent); see [`Parameter::is_required`].
    pub required: Option<bool>,
    pub deprecated: bool,
    pub description: Option<String>,
    pub schema: Option<Schema>,
    /// The `content` form (one media type and its schema) instead of `schema`.
    pub content: IndexMap<String, MediaType>,
    pub style: Option<String>,
    pub explode: Option<bool>,
    /// `allowEmptyValue` as written (`None` when absent).
    pub allow_empty_value: Option<bool>,
    /// `allowReserved` as written (`None` when absent).
    pub allow_reserved: Option<bool>,
    pub example: Option<Value>,
    pub examples: IndexMap<String, MaybeRef<Example>>,
    pub extensions: Extensions,
}

impl Parameter {
    /// Path parameters are always required; others when they say so.
    pub fn is_required(&self) -> bool {
        self.location == ParamLocation::Path || self.required == Some(true)
    }

    /// The schema of the value: `schema`, or the schema of the preferred `content` entry.
    pub fn value_schema(&self) -> Option<&Schema> {
        self.schema
            .as_ref()
            .or_else(|| pick_content(&self.content).and_then(|(_, m)| m.schema.as_ref()))
    }

    /// Whether names match as the protocol compares them (header names ignore case).
    pub fn same_as(&self, name: &str, location: ParamLocation) -> bool {
        self.location == location
            && match location {
                ParamLocation::Header => self.name.eq_ignore_ascii_case(name),
                _ => self.name == name,
            }
    }
}

#[derive(Debug, Clone, Default)]
pub struct RequestBody {
    pub at: JsonPointer,
    pub description: Option<String>,
    pub content: IndexMap<String, MediaType>,
    pub required: bool,
    pub extensions: Extensions,
}

#[derive(Debug, Clone, Default)]
pub struct Response {
    pub at: JsonPointer,
    pub description: Option<String>,
    pub headers: IndexMap<String, MaybeRef<Header>>,
    pub content: IndexMap<String, MediaType>,
    pub extensions: Extensions,
}

#[derive(Debug, Clone, Default)]
pub struct MediaType {
    pub at: JsonPointer,
    pub schema: Option<Schema>,
    pub example: Option<Value>,
    pub examples: IndexMap<String, MaybeRef<Example>>,
    pub extensions: Extensions,
}

/// The media type to use from a `content` map: JSON first, then anything else.
pub fn pick_content(content: &IndexMap<String, MediaType>) -> Option<(&String, &MediaType)> {
    content
        .iter()
        .find(|(k, _)| k.starts_with("application/json"))
        .or_else(|| {
            content
                .iter()
                .find(|(k, _)| k.ends_with("+json") || k.as_str() == "*/*")
        })
        .or_else(|| content.iter().next())
}

#[derive(Debug, Clone, Default)]
pub struct Header {
    pub at: JsonPointer,
    pub description: Option<String>,
    pub required: bool,
    pub deprecated: bool,
    pub schema: Option<Schema>,
    pub content: IndexMap<String, MediaType>,
    pub example: Option<Value>,
    pub examples: IndexMap<String, MaybeRef<Example>>,
    pub extensions: Extensions,
}

#[derive(Debug, Clone, Default)]
pub struct Example {
    pub at: JsonPointer,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub value: Option<Value>,
    pub external_value: Option<String>,
}

#[derive(Debug, Clone)]
pub struct SecurityScheme {
    pub at: JsonPointer,
    pub kind: SecuritySchemeKind,
    pub description: Option<String>,
    /// `flows` of an `oauth2` scheme, as written (the generator does not model OAuth flows).
    pub flows: Option<Value>,
    /// `openIdConnectUrl` of an `openIdConnect` scheme.
    pub open_id_connect_url: Option<String>,
    pub extensions: Extensions,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecuritySchemeKind {
    /// A key sent in a header, query parameter or cookie, under `name`.
    ApiKey {
        name: String,
        location: ParamLocation,
    },
    /// HTTP authentication: `scheme` as written (`bearer`, `basic`, ...).
    Http {
        scheme: String,
        bearer_format: Option<String>,
    },
    OAuth2,
    OpenIdConnect,
    /// 3.1
    MutualTls,
}

/// One alternative of a `security` list: scheme names (with scopes) that must all be satisfied.
#[derive(Debug, Clone, PartialEq)]
pub struct SecurityRequirement {
    pub at: JsonPointer,
    pub schemes: IndexMap<String, Vec<String>>,
}
