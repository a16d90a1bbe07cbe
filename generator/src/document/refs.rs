//! `$ref` resolution: the one place that turns a reference into the node it names.
//!
//! A local reference (`#/…`) is percent-decoded (URI fragments encode `{`, `}` and spaces),
//! split into JSON-pointer tokens (`~1` is `/`, `~0` is `~`) and followed through the typed
//! model, so any node the model holds can be a target: a component, a parameter inside an
//! operation, a property inside another schema. A reference to a reference is followed too,
//! with a visited set, so a cycle is a [`RefError`] and never a hang. External references
//! (another file, a URL) are errors: the generator reads one document.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

use indexmap::IndexMap;

use super::{
    Callback, Document, Example, Header, MaybeRef, MediaType, Operation, Parameter, PathItem, Reference, RequestBody,
    Response, Schema, SecurityScheme,
};
use crate::pointer::JsonPointer;

/// How many references a chain may pass before it is called a cycle.
const MAX_HOPS: usize = 64;

/// A typed node a JSON pointer can reach.
#[derive(Debug, Clone, Copy)]
pub enum Node<'d> {
    Schema(&'d Schema),
    Parameter(&'d Parameter),
    RequestBody(&'d RequestBody),
    Response(&'d Response),
    Header(&'d Header),
    Example(&'d Example),
    SecurityScheme(&'d SecurityScheme),
    PathItem(&'d PathItem),
    Callback(&'d Callback),
    Operation(&'d Operation),
    MediaType(&'d MediaType),
    /// A Reference Object (of any kind but a schema) where the pointer ends.
    Ref(&'d Reference),
}

/// The kinds of node a reference may be required to reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NodeKind {
    Schema,
    Parameter,
    RequestBody,
    Response,
    Header,
    Example,
    SecurityScheme,
    PathItem,
    Callback,
}

impl NodeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NodeKind::Schema => "schema",
            NodeKind::Parameter => "parameter",
            NodeKind::RequestBody => "request body",
            NodeKind::Response => "response",
            NodeKind::Header => "header",
            NodeKind::Example => "example",
            NodeKind::SecurityScheme => "security scheme",
            NodeKind::PathItem => "path item",
            NodeKind::Callback => "callback",
        }
    }
}

impl Node<'_> {
    fn describe(&self) -> &'static str {
        match self {
            Node::Schema(_) => "a schema",
            Node::Parameter(_) => "a parameter",
            Node::RequestBody(_) => "a request body",
            Node::Response(_) => "a response",
            Node::Header(_) => "a header",
            Node::Example(_) => "an example",
            Node::SecurityScheme(_) => "a security scheme",
            Node::PathItem(_) => "a path item",
            Node::Callback(_) => "a callback",
            Node::Operation(_) => "an operation",
            Node::MediaType(_) => "a media type",
            Node::Ref(_) => "a reference",
        }
    }
}

/// A node kind that references may name.
pub trait Resolve: Sized {
    const KIND: NodeKind;
    fn from_node(node: Node<'_>) -> Option<&Self>;
}

macro_rules! resolvable {
    ($($ty:ident),*) => {$(
        impl Resolve for $ty {
            const KIND: NodeKind = NodeKind::$ty;
            fn from_node(node: Node<'_>) -> Option<&Self> {
                match node {
                    Node::$ty(x) => Some(x),
                    _ => None,
                }
            }
        }
    )*};
}

resolvable!(
    Schema,
    Parameter,
    RequestBody,
    Response,
    Header,
    Example,
    SecurityScheme,
    PathItem,
    Callback
);

/// A reference that cannot be followed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefError {
    /// Where the reference is written (its `$ref` key).
    pub at: JsonPointer,
    pub target: String,
    /// What the reference must name.
    pub kind: NodeKind,
    pub problem: RefProblem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefProblem {
    Empty,
    External,
    NotAPointer,
    /// The target does not exist: `seen` is the deepest node that does, `missing` the token
    /// it lacks.
    Dangling {
        seen: JsonPointer,
        missing: String,
    },
    /// The chain of references returns to one it passed.
    Cycle(Vec<String>),
    /// The chain passes more references than the resolver follows.
    TooLong,
    /// The target exists but is not of the kind the reference must name.
    WrongKind {
        expected: NodeKind,
        found: &'static str,
    },
}

impl fmt::Display for RefError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let target = &self.target;
        match &self.problem {
            RefProblem::Empty => write!(f, "`$ref` is empty"),
            RefProblem::External => write!(
                f,
                "external reference `{target}`: the generator reads one document, so every `$ref` \
                 must start with `#`"
            ),
            RefProblem::NotAPointer => write!(f, "`$ref` `{target}` is not a JSON pointer (`#/…`)"),
            RefProblem::Dangling { seen, missing } => {
                write!(f, "`$ref` `{target}` does not resolve: {seen} has no `{missing}`")
            }
            RefProblem::Cycle(chain) => {
                write!(f, "`$ref` `{target}` never reaches a definition: {}", chain.join(" → "))
            }
            RefProblem::TooLong => write!(
                f,
                "`$ref` `{target}` passes through more than {MAX_HOPS} references without reaching a definition"
            ),
            RefProblem::WrongKind { expected, found } => {
                let kind = expected.as_str();
                let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
                    "an"
                } else {
                    "a"
                };
                write!(f, "`$ref` `{target}` points at {found}, not {article} {kind}")
            }
        }
    }
}

impl std::error::Error for RefError {}

/// The pointer of a local reference, percent-decoded; `Err` for what is not one.
pub fn ref_pointer(target: &str) -> Result<JsonPointer, RefProblem> {
    if target.is_empty() {
        return Err(RefProblem::Empty);
    }
    if !target.starts_with('#') {
        return Err(RefProblem::External);
    }
    JsonPointer::parse(&percent_decode(target)).ok_or(RefProblem::NotAPointer)
}

fn percent_decode(text: &str) -> Cow<'_, str> {
    if !text.contains('%') {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_or(Cow::Borrowed(text), Cow::Owned)
}

fn maybe<'d, T>(m: &'d MaybeRef<T>, wrap: fn(&'d T) -> Node<'d>) -> Node<'d> {
    match m {
        MaybeRef::Item(t) => wrap(t),
        MaybeRef::Ref(r) => Node::Ref(r),
    }
}

/// The entry of a list whose pointer ends in `token` (entries a reader dropped for errors
/// leave gaps, so list positions are matched by pointer, not by index).
fn listed<'d, T>(list: &'d [MaybeRef<T>], token: &str, at: fn(&T) -> &JsonPointer) -> Option<&'d MaybeRef<T>> {
    list.iter().find(|m| {
        let p = match m {
            MaybeRef::Item(t) => at(t),
            MaybeRef::Ref(r) => &r.at,
        };
        p.last().as_deref() == Some(token)
    })
}

impl<'d> Node<'d> {
    /// The node under the next token(s) and how many tokens it took; `Err` holds how many
    /// tokens could be followed (1 when a container keyword lacks the entry named next).
    fn step(self, tokens: &[String]) -> Result<(Node<'d>, usize), usize> {
        let first = tokens.first().ok_or(0usize)?.as_str();
        let second = tokens.get(1).map(String::as_str);
        // An entry of a map or list under a keyword: two tokens.
        let entry = |found: Option<Node<'d>>| found.map(|n| (n, 2)).ok_or(1usize);
        let one = |found: Option<Node<'d>>| found.map(|n| (n, 1)).ok_or(0usize);
        match self {
            Node::Schema(s) => match s.child(first, second) {
                Some((child, n)) => Ok((Node::Schema(child), n)),
                None if matches!(
                    first,
                    "properties" | "$defs" | "definitions" | "prefixItems" | "allOf" | "oneOf" | "anyOf"
                ) =>
                {
                    Err(1)
                }
                None => Err(0),
            },
            Node::PathItem(item) => match first {
                "parameters" => entry(
                    second
                        .and_then(|t| listed(&item.parameters, t, |p| &p.at))
                        .map(|m| maybe(m, Node::Parameter)),
                ),
                method => one(item
                    .operations
                    .iter()
                    .find(|o| o.method.key() == method)
                    .map(Node::Operation)),
            },
            Node::Operation(op) => match first {
                "parameters" => entry(
                    second
                        .and_then(|t| listed(&op.parameters, t, |p| &p.at))
                        .map(|m| maybe(m, Node::Parameter)),
                ),
                "requestBody" => one(op.request_body.as_ref().map(|b| maybe(b, Node::RequestBody))),
                "responses" => entry(
                    second
                        .and_then(|t| op.responses.iter().find(|r| r.key == t))
                        .map(|r| maybe(&r.response, Node::Response)),
                ),
                "callbacks" => entry(
                    second
                        .and_then(|t| op.callbacks.get(t))
                        .map(|c| maybe(c, Node::Callback)),
                ),
                _ => Err(0),
            },
            Node::Callback(cb) => one(cb.expressions.get(first).map(|i| maybe(i, Node::PathItem))),
            Node::Parameter(p) => media_holder(first, second, p.schema.as_ref(), Some(&p.content), &p.examples),
            Node::Header(h) => media_holder(first, second, h.schema.as_ref(), Some(&h.content), &h.examples),
            Node::MediaType(m) => media_holder(first, second, m.schema.as_ref(), None, &m.examples),
            Node::RequestBody(b) => match first {
                "content" => entry(second.and_then(|t| b.content.get(t)).map(Node::MediaType)),
                _ => Err(0),
            },
            Node::Response(r) => match first {
                "content" => entry(second.and_then(|t| r.content.get(t)).map(Node::MediaType)),
                "headers" => entry(second.and_then(|t| r.headers.get(t)).map(|h| maybe(h, Node::Header))),
                _ => Err(0),
            },
            Node::Example(_) | Node::SecurityScheme(_) | Node::Ref(_) => Err(0),
        }
    }
}

/// A step into what parameters, headers and media types share: `schema`, `content`, `examples`.
fn media_holder<'d>(
    first: &str,
    second: Option<&str>,
    schema: Option<&'d Schema>,
    content: Option<&'d IndexMap<String, MediaType>>,
    examples: &'d IndexMap<String, MaybeRef<Example>>,
) -> Result<(Node<'d>, usize), usize> {
    match first {
        "schema" => schema.map(|s| (Node::Schema(s), 1)).ok_or(0),
        "content" => second
            .and_then(|t| content?.get(t))
            .map(|m| (Node::MediaType(m), 2))
            .ok_or(1),
        "examples" => second
            .and_then(|t| examples.get(t))
            .map(|e| (maybe(e, Node::Example), 2))
            .ok_or(1),
        _ => Err(0),
    }
}

impl Document {
    /// The first node of a pointer and how many tokens it took; `Err` holds how many tokens
    /// were followed before one was missing.
    fn top(&self, tokens: &[String]) -> Result<(Node<'_>, usize), usize> {
        let token = |i: usize| tokens.get(i).map(String::as_str).ok_or(i);
        match token(0)? {
            "paths" => {
                let key = token(1)?;
                let entry = self.paths.iter().find(|p| p.key == key).ok_or(1usize)?;
                Ok((maybe(&entry.item, Node::PathItem), 2))
            }
            "webhooks" => {
                let name = token(1)?;
                let hook = self.webhooks.iter().find(|w| w.name == name).ok_or(1usize)?;
                Ok((maybe(&hook.item, Node::PathItem), 2))
            }
            "components" => {
                let (kind, name) = (token(1)?, token(2));
                let c = &self.components;
                let found = match kind {
                    "schemas" => name.and_then(|n| c.schemas.get(n).map(Node::Schema).ok_or(2)),
                    "parameters" => name.and_then(|n| c.parameters.get(n).map(|m| maybe(m, Node::Parameter)).ok_or(2)),
                    "responses" => name.and_then(|n| c.responses.get(n).map(|m| maybe(m, Node::Response)).ok_or(2)),
                    "requestBodies" => {
                        name.and_then(|n| c.request_bodies.get(n).map(|m| maybe(m, Node::RequestBody)).ok_or(2))
                    }
                    "headers" => name.and_then(|n| c.headers.get(n).map(|m| maybe(m, Node::Header)).ok_or(2)),
                    "examples" => name.and_then(|n| c.examples.get(n).map(|m| maybe(m, Node::Example)).ok_or(2)),
                    "securitySchemes" => name.and_then(|n| {
                        c.security_schemes
                            .get(n)
                            .map(|m| maybe(m, Node::SecurityScheme))
                            .ok_or(2)
                    }),
                    "callbacks" => name.and_then(|n| c.callbacks.get(n).map(|m| maybe(m, Node::Callback)).ok_or(2)),
                    "pathItems" => name.and_then(|n| c.path_items.get(n).map(|m| maybe(m, Node::PathItem)).ok_or(2)),
                    _ => Err(1),
                };
                found.map(|node| (node, 3))
            }
            _ => Err(0),
        }
    }

    /// The node a pointer names, without following references; `Err` holds how many tokens
    /// could be followed.
    pub fn node_at(&self, pointer: &JsonPointer) -> Result<Node<'_>, usize> {
        let tokens = pointer.tokens();
        let (mut node, mut used) = self.top(&tokens)?;
        while used < tokens.len() {
            let (next, n) = node.step(&tokens[used..]).map_err(|partial| used + partial)?;
            node = next;
            used += n;
        }
        Ok(node)
    }

    /// The definition `item` stands for: itself, or what its reference leads to.
    pub fn resolve<'d, T: Resolve>(&'d self, item: &'d MaybeRef<T>) -> Result<&'d T, RefError> {
        match item {
            MaybeRef::Item(t) => Ok(t),
            MaybeRef::Ref(r) => self.follow(r),
        }
    }

    /// Follows a reference (and references it leads to) to a definition of kind `T`.
    pub fn follow<'d, T: Resolve>(&'d self, reference: &Reference) -> Result<&'d T, RefError> {
        let node = self.follow_node(reference, T::KIND)?;
        T::from_node(node).ok_or_else(|| RefError {
            at: reference.ref_at(),
            target: reference.target.clone(),
            kind: T::KIND,
            problem: RefProblem::WrongKind {
                expected: T::KIND,
                found: node.describe(),
            },
        })
    }

    /// The schema a schema's `$ref` leads to, through schemas that are plain references; the
    /// schema itself when it has no reference. Keywords beside the reference (3.1) are the
    /// caller's to apply.
    pub fn deref_schema<'d>(&'d self, schema: &'d Schema) -> Result<&'d Schema, RefError> {
        match &schema.reference {
            Some(r) => self.follow::<Schema>(r),
            None => Ok(schema),
        }
    }

    /// Like [`Document::deref_schema`], keeping the schema as it is when the reference is
    /// broken (validation reports broken references).
    pub fn deref_or_self<'d>(&'d self, schema: &'d Schema) -> &'d Schema {
        self.deref_schema(schema).unwrap_or(schema)
    }

    fn follow_node(&self, reference: &Reference, kind: NodeKind) -> Result<Node<'_>, RefError> {
        let error = |problem| RefError {
            at: reference.ref_at(),
            target: reference.target.clone(),
            kind,
            problem,
        };
        let mut chain: Vec<String> = vec![reference.target.clone()];
        let mut target: &str = &reference.target;
        for _ in 0..MAX_HOPS {
            let pointer = ref_pointer(target).map_err(&error)?;
            let node = self.node_at(&pointer).map_err(|used| {
                let tokens = pointer.tokens();
                error(RefProblem::Dangling {
                    seen: JsonPointer::root().join(&tokens[..used.min(tokens.len())]),
                    missing: tokens.get(used).cloned().unwrap_or_default(),
                })
            })?;
            let next = match node {
                Node::Ref(r) => &r.target,
                Node::Schema(s) if kind == NodeKind::Schema && s.is_plain_ref() => {
                    &s.reference.as_ref().expect("a plain ref has a reference").target
                }
                found => return Ok(found),
            };
            let looped = chain.contains(next);
            chain.push(next.clone());
            if looped {
                return Err(error(RefProblem::Cycle(chain)));
            }
            target = next;
        }
        Err(error(RefProblem::TooLong))
    }

    /// The schema a discriminator `mapping` value names, with its pointer: a component schema
    /// by name, or a `#/…` reference. `Err(Some(message))` for a reference that cannot be
    /// followed, `Err(None)` for a value that is neither.
    pub fn mapping_target(&self, value: &str) -> Result<(JsonPointer, &Schema), Option<String>> {
        if let Some(schema) = self.components.schemas.get(value) {
            return Ok((JsonPointer::root().join(["components", "schemas", value]), schema));
        }
        if !value.starts_with('#') {
            return Err(None);
        }
        let reference = Reference {
            at: JsonPointer::root(),
            target: value.to_owned(),
            summary: None,
            description: None,
        };
        let schema = self.follow::<Schema>(&reference).map_err(|e| Some(e.to_string()))?;
        Ok((schema.at.clone(), schema))
    }

    /// The property names a schema defines: its own and its `allOf` parts', references
    /// followed (a schema reached twice is read once).
    pub fn property_names<'d>(&'d self, schema: &'d Schema) -> Vec<&'d str> {
        let mut out = Vec::new();
        let mut todo = vec![schema];
        let mut seen: Vec<&JsonPointer> = Vec::new();
        while let Some(s) = todo.pop() {
            let s = self.deref_or_self(s);
            if seen.contains(&&s.at) {
                continue;
            }
            seen.push(&s.at);
            out.extend(s.properties.keys().map(String::as_str));
            todo.extend(s.all_of.iter());
        }
        out
    }

    /// Every reference of the document that cannot be followed, in the model's order, each
    /// reported where it is written. Each distinct target is resolved once.
    pub fn reference_errors(&self) -> Vec<RefError> {
        let mut seen: HashMap<(String, NodeKind), Option<RefProblem>> = HashMap::new();
        let mut out = Vec::new();
        self.each_reference(&mut |r: &Reference, kind| {
            let problem = seen
                .entry((r.target.clone(), kind))
                .or_insert_with(|| self.follow_node_kind(r, kind).err().map(|e| e.problem))
                .clone();
            if let Some(problem) = problem {
                out.push(RefError {
                    at: r.ref_at(),
                    target: r.target.clone(),
                    kind,
                    problem,
                });
            }
        });
        out
    }

    fn follow_node_kind(&self, r: &Reference, kind: NodeKind) -> Result<(), RefError> {
        macro_rules! check {
            ($($k:ident),*) => {
                match kind {
                    $(NodeKind::$k => self.follow::<$k>(r).map(drop),)*
                }
            };
        }
        check!(
            Schema,
            Parameter,
            RequestBody,
            Response,
            Header,
            Example,
            SecurityScheme,
            PathItem,
            Callback
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("%7Bid%7D%zz%"), "{id}%zz%");
        assert_eq!(
            ref_pointer("#/paths/~1a~1%7Bid%7D").unwrap().tokens(),
            ["paths", "/a/{id}"]
        );
        assert_eq!(ref_pointer("other.yaml#/x"), Err(RefProblem::External));
        assert_eq!(ref_pointer(""), Err(RefProblem::Empty));
        assert_eq!(ref_pointer("#x"), Err(RefProblem::NotAPointer));
    }

    fn doc(body: &str) -> Document {
        let text = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\n{body}");
        crate::load::load_spec("t.yaml", &text).unwrap_or_else(|e| panic!("{e}"))
    }

    fn problems(d: &Document) -> Vec<String> {
        d.reference_errors().iter().map(|e| format!("{}: {e}", e.at)).collect()
    }

    #[test]
    fn references_to_references_escapes_and_every_place() {
        let d = doc(concat!(
            "paths:\n  /a/{id}:\n    get:\n      parameters:\n        - $ref: '#/components/parameters/Alias'\n",
            "      responses:\n        '200':\n          description: ok\n          content:\n",
            "            application/json:\n              schema: {$ref: '#/paths/~1b~1%7Bid%7D/get/parameters/0/schema'}\n",
            "  /b/{id}:\n    get:\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n",
            "      responses: {'200': {description: ok}}\n",
            "components:\n  parameters:\n    Alias: {$ref: '#/components/parameters/Id'}\n",
            "    Id: {name: id, in: path, required: true, schema: {type: string}}\n",
            "  schemas:\n    'a/b~c': {type: integer}\n    Use: {$ref: '#/components/schemas/a~1b~0c'}\n"
        ));
        assert_eq!(problems(&d), Vec::<String>::new());
        let site = &d.operations()[0];
        let param = d.resolve(&site.operation.parameters[0]).unwrap();
        assert_eq!(param.at.to_string(), "#/components/parameters/Id");
        let schema = d.components.schemas["Use"].reference.as_ref().unwrap();
        assert_eq!(
            d.follow::<Schema>(schema).unwrap().at.to_string(),
            "#/components/schemas/a~1b~0c"
        );
    }

    #[test]
    fn broken_references_are_errors_not_panics() {
        let d = doc(concat!(
            "paths: {}\ncomponents:\n  parameters:\n    P: {$ref: '#/components/schemas/S'}\n",
            "    Loop: {$ref: '#/components/parameters/Loop'}\n",
            "  schemas:\n    S:\n      properties:\n        a: {$ref: '#/components/schemas/S/properties/zz'}\n",
            "        b: {$ref: 'other.yaml#/X'}\n        c: {$ref: '#/components/parameters/Loop'}\n"
        ));
        assert_eq!(
            problems(&d),
            [
                "#/components/schemas/S/properties/a/$ref: `$ref` `#/components/schemas/S/properties/zz` does not resolve: #/components/schemas/S/properties has no `zz`",
                "#/components/schemas/S/properties/b/$ref: external reference `other.yaml#/X`: the generator reads one document, so every `$ref` must start with `#`",
                "#/components/schemas/S/properties/c/$ref: `$ref` `#/components/parameters/Loop` never reaches a definition: #/components/parameters/Loop → #/components/parameters/Loop",
                "#/components/parameters/P/$ref: `$ref` `#/components/schemas/S` points at a schema, not a parameter",
                "#/components/parameters/Loop/$ref: `$ref` `#/components/parameters/Loop` never reaches a definition: #/components/parameters/Loop → #/components/parameters/Loop",
            ]
        );
    }

    #[test]
    fn parameters_merge_on_name_and_location() {
        let d = doc(concat!(
            "paths:\n  /a:\n    parameters:\n      - {name: q, in: query, schema: {type: string}}\n",
            "      - {name: X-Id, in: header, schema: {type: string}}\n      - {name: keep, in: query, schema: {type: string}}\n",
            "    get:\n      parameters:\n        - {name: x-id, in: header, required: true, schema: {type: integer}}\n",
            "        - {name: q, in: header, schema: {type: string}}\n      responses: {'200': {description: ok}}\n"
        ));
        let site = &d.operations()[0];
        let merged: Vec<(String, &str, bool)> = d
            .parameters_of(site.item, site.operation)
            .into_iter()
            .map(|l| {
                let p = l.param.unwrap();
                (p.name.clone(), p.location.as_str(), l.on_path_item)
            })
            .collect();
        assert_eq!(
            merged,
            [
                ("q".to_owned(), "query", true),
                ("keep".to_owned(), "query", true),
                ("x-id".to_owned(), "header", false),
                ("q".to_owned(), "header", false),
            ]
        );
    }
}
