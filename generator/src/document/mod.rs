//! The document layer: one typed model of an OpenAPI 3.0 or 3.1 document, read once.
//!
//! Every later stage (`validate`, `lower`, and `xtask`'s lint, diff and example checker) reads
//! this model and nothing else; no other module walks the parsed `serde_json::Value`. The
//! model is version-blind: [`read`] normalises 3.0 and 3.1 into one shape (a `type` list and
//! `nullable: true` both become [`Schema::nullable`], a 3.0 boolean `exclusiveMinimum` becomes a
//! numeric bound, a schema's `example` joins its `examples`, ...).
//!
//! This module alone knows:
//! - the HTTP methods a path item holds ([`Method`]);
//! - `$ref` resolution ([`refs`]): JSON-pointer escapes, percent-decoding, references to
//!   references, cycles, and a [`RefError`] (never a panic, never a silent drop) for an
//!   external, dangling or mistyped reference;
//! - parameter merging ([`Document::parameters_of`]): path-level parameters overridden by
//!   operation-level ones on name and location;
//! - path templates ([`PathTemplate`]), parsed once and used by validation, lowering, the
//!   client's URL building, the server's routes and the diff.
//!
//! Every node keeps its JSON pointer (`at`); [`Document::diagnostics`] turns pointers into
//! file:line:column positions on demand (one pass over the source for all the pointers a
//! report names), so a document without problems pays nothing for positions.

use indexmap::IndexMap;
use serde_json::Value;

use crate::error::Diagnostic;
use crate::pointer::JsonPointer;

mod formats;
mod json_schema;
mod operation;
mod params;
mod path;
pub mod read;
pub mod refs;
mod schema;
mod sites;
mod walk;

pub use formats::{Decimal, LOCAL_DATE_TIME_LAYOUTS, offset_seconds};
pub use operation::{
    Callback, Example, Header, MediaType, Method, Operation, ParamLocation, Parameter, PathItem, RequestBody, Response,
    ResponseEntry, SecurityRequirement, SecurityScheme, SecuritySchemeKind, Status, pick_content,
};
pub use params::{ListedParam, listed_at};
pub use path::{PathAnalysis, PathSegment, PathTemplate, RouteCapture};
pub use refs::{Node, NodeKind, RefError, RefProblem, Resolve, ref_pointer};
pub use schema::{Discriminator, ENUM_DESCRIPTIONS, ENUM_VARNAMES, Schema, SchemaType, number_f64};
pub use sites::{Dropped, SiteAnalysis};
pub use walk::{OperationSite, SchemaSlot};

/// Vendor extensions (`x-…` keys) of an object, in document order.
pub type Extensions = IndexMap<String, Value>;

/// The OpenAPI versions the layer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Version {
    /// 3.0.x
    V3_0,
    /// 3.1.x (and 3.2.x, read as 3.1 with a warning for what 3.2 adds).
    V3_1,
}

/// A loaded document: the typed model, with the source kept for diagnostics.
#[derive(Debug, Clone)]
pub struct Document {
    /// The file name the document was loaded from, as the caller gave it (used in messages).
    pub file: String,
    /// The source text, kept so diagnostics can point at lines.
    pub text: String,
    pub version: Version,
    /// The `openapi` field as written (`3.0.3`, `3.1.0`).
    pub openapi: String,
    pub info: Info,
    pub servers: Vec<Server>,
    /// `paths`, in document order.
    pub paths: Vec<PathEntry>,
    /// `webhooks` (3.1), in document order.
    pub webhooks: Vec<Webhook>,
    pub components: Components,
    /// The document-wide security requirements; `None` when the document sets none.
    pub security: Option<Vec<SecurityRequirement>>,
    pub tags: Vec<Tag>,
    pub extensions: Extensions,
    /// What reading rewrote or ignored (keys beside a 3.0 `$ref`, 3.1 constructs in a 3.0
    /// document, ...), each with the pointer of the node it concerns. `validate` reports them.
    pub warnings: Vec<(JsonPointer, String)>,
}

#[derive(Debug, Clone, Default)]
pub struct Info {
    pub title: String,
    pub version: String,
    /// 3.1
    pub summary: Option<String>,
    pub description: Option<String>,
    pub terms_of_service: Option<String>,
    pub contact: Option<Contact>,
    pub license: Option<License>,
    pub extensions: Extensions,
}

#[derive(Debug, Clone, Default)]
pub struct Contact {
    pub name: Option<String>,
    pub url: Option<String>,
    pub email: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct License {
    pub name: String,
    /// An SPDX expression (3.1).
    pub identifier: Option<String>,
    pub url: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Server {
    pub at: JsonPointer,
    pub url: String,
    pub description: Option<String>,
    /// Variable name to its default value.
    pub variables: IndexMap<String, String>,
    pub extensions: Extensions,
}

#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub description: Option<String>,
    pub extensions: Extensions,
}

/// One entry of `paths`: the key as written and its path item.
#[derive(Debug, Clone)]
pub struct PathEntry {
    pub key: String,
    pub at: JsonPointer,
    pub item: MaybeRef<PathItem>,
}

/// One entry of `webhooks` (3.1): a name chosen by the document and the path item describing
/// the requests the API sends.
#[derive(Debug, Clone)]
pub struct Webhook {
    pub name: String,
    pub at: JsonPointer,
    pub item: MaybeRef<PathItem>,
}

#[derive(Debug, Clone, Default)]
pub struct Components {
    pub schemas: IndexMap<String, Schema>,
    pub responses: IndexMap<String, MaybeRef<Response>>,
    pub parameters: IndexMap<String, MaybeRef<Parameter>>,
    pub examples: IndexMap<String, MaybeRef<Example>>,
    pub request_bodies: IndexMap<String, MaybeRef<RequestBody>>,
    pub headers: IndexMap<String, MaybeRef<Header>>,
    pub security_schemes: IndexMap<String, MaybeRef<SecurityScheme>>,
    pub callbacks: IndexMap<String, MaybeRef<Callback>>,
    /// 3.1
    pub path_items: IndexMap<String, MaybeRef<PathItem>>,
    pub extensions: Extensions,
}

/// A node that is either defined in place or a Reference Object.
#[derive(Debug, Clone)]
pub enum MaybeRef<T> {
    Ref(Reference),
    Item(T),
}

impl<T> MaybeRef<T> {
    /// The definition when it is in place.
    pub fn item(&self) -> Option<&T> {
        match self {
            MaybeRef::Item(t) => Some(t),
            MaybeRef::Ref(_) => None,
        }
    }

    pub fn reference(&self) -> Option<&Reference> {
        match self {
            MaybeRef::Ref(r) => Some(r),
            MaybeRef::Item(_) => None,
        }
    }
}

/// A `$ref` as written, with the summary and description a 3.1 Reference Object may carry.
#[derive(Debug, Clone, PartialEq)]
pub struct Reference {
    /// The object that holds the `$ref`.
    pub at: JsonPointer,
    /// The `$ref` string as written.
    pub target: String,
    pub summary: Option<String>,
    pub description: Option<String>,
}

impl Reference {
    /// Where a diagnostic about the reference points: its `$ref` key.
    pub fn ref_at(&self) -> JsonPointer {
        self.at.push("$ref")
    }
}

impl Document {
    /// A diagnostic about the node at `pointer` (or its nearest located ancestor), with
    /// file:line:column and a source snippet. Later stages report through this.
    pub fn diagnostic(&self, pointer: JsonPointer, message: impl Into<String>) -> Diagnostic {
        crate::load::locate(&self.file, &self.text, vec![(pointer, message.into())])
            .pop()
            .expect("one problem gives one diagnostic")
    }

    /// Like [`Document::diagnostic`] for many problems at once, mapping positions only once.
    pub fn diagnostics(&self, problems: impl IntoIterator<Item = (JsonPointer, String)>) -> Vec<Diagnostic> {
        crate::load::locate(&self.file, &self.text, problems.into_iter().collect())
    }

    /// The component schema named `name`.
    pub fn schema(&self, name: &str) -> Option<&Schema> {
        self.components.schemas.get(name)
    }
}
