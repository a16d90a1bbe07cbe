//! Walks over the model: every operation, every schema, every reference, in document order of
//! the model (paths, webhooks, then components). References are not followed: each node is
//! visited once, where it is written.

use super::refs::NodeKind;
use super::{
    Callback, Document, Header, MaybeRef, MediaType, Node, Operation, Parameter, PathItem, Reference, RequestBody,
    Response, Schema,
};
use crate::pointer::JsonPointer;

/// The place a schema fills in the schema that holds it; `Root` for the top schema of a
/// component, parameter, header or media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaSlot<'s> {
    Root,
    Property(&'s str),
    AdditionalProperties,
    Items,
    PrefixItem(usize),
    AllOf(usize),
    OneOf(usize),
    AnyOf(usize),
    Not,
    Def(&'s str),
    Definition(&'s str),
}

impl SchemaSlot<'_> {
    /// A member of `allOf`, `oneOf` or `anyOf`: its parent and siblings may define what it
    /// names.
    pub fn is_composition_member(self) -> bool {
        matches!(self, SchemaSlot::AllOf(_) | SchemaSlot::OneOf(_) | SchemaSlot::AnyOf(_))
    }
}

/// One operation as the API exposes it: where it is listed and what defines it.
#[derive(Debug, Clone)]
pub struct OperationSite<'d> {
    /// The `paths` key, or the webhook's name.
    pub key: &'d str,
    /// Whether this is a webhook (a request the API sends) rather than a path.
    pub is_webhook: bool,
    /// The path entry or webhook (`#/paths/~1a`, `#/webhooks/new`).
    pub entry_at: &'d JsonPointer,
    /// Where the operation is listed: the entry's pointer and the method.
    pub at: JsonPointer,
    /// The path item, its reference followed.
    pub item: &'d PathItem,
    pub operation: &'d Operation,
}

type SchemaFn<'d, 'f> = &'f mut dyn FnMut(&'d Schema, SchemaSlot<'d>);
type RefFn<'d, 'f> = &'f mut dyn FnMut(&'d Reference, NodeKind);
type NodeFn<'d, 'f> = &'f mut dyn FnMut(Node<'d>);

#[derive(Default)]
struct Walker<'d, 'f> {
    on_schema: Option<SchemaFn<'d, 'f>>,
    on_ref: Option<RefFn<'d, 'f>>,
    on_node: Option<NodeFn<'d, 'f>>,
}

impl<'d> Walker<'d, '_> {
    fn node(&mut self, node: Node<'d>) {
        if let Some(f) = self.on_node.as_mut() {
            f(node);
        }
    }

    fn reference(&mut self, r: &'d Reference, kind: NodeKind) {
        if let Some(f) = self.on_ref.as_mut() {
            f(r, kind);
        }
    }

    fn maybe<T>(&mut self, m: &'d MaybeRef<T>, kind: NodeKind, each: fn(&mut Self, &'d T)) {
        match m {
            MaybeRef::Ref(r) => self.reference(r, kind),
            MaybeRef::Item(t) => each(self, t),
        }
    }

    fn schema(&mut self, s: &'d Schema, slot: SchemaSlot<'d>) {
        self.node(Node::Schema(s));
        if let Some(f) = self.on_schema.as_mut() {
            f(s, slot);
        }
        if let Some(r) = &s.reference {
            self.reference(r, NodeKind::Schema);
        }
        for (slot, child) in s.children() {
            self.schema(child, slot);
        }
    }

    fn content(&mut self, content: &'d indexmap::IndexMap<String, MediaType>) {
        for m in content.values() {
            self.media_type(m);
        }
    }

    fn media_type(&mut self, m: &'d MediaType) {
        self.node(Node::MediaType(m));
        if let Some(s) = &m.schema {
            self.schema(s, SchemaSlot::Root);
        }
        for e in m.examples.values() {
            self.maybe(e, NodeKind::Example, |w, e| w.node(Node::Example(e)));
        }
    }

    fn parameter(&mut self, p: &'d Parameter) {
        self.node(Node::Parameter(p));
        if let Some(s) = &p.schema {
            self.schema(s, SchemaSlot::Root);
        }
        self.content(&p.content);
        for e in p.examples.values() {
            self.maybe(e, NodeKind::Example, |w, e| w.node(Node::Example(e)));
        }
    }

    fn header(&mut self, h: &'d Header) {
        self.node(Node::Header(h));
        if let Some(s) = &h.schema {
            self.schema(s, SchemaSlot::Root);
        }
        self.content(&h.content);
        for e in h.examples.values() {
            self.maybe(e, NodeKind::Example, |w, e| w.node(Node::Example(e)));
        }
    }

    fn request_body(&mut self, b: &'d RequestBody) {
        self.node(Node::RequestBody(b));
        self.content(&b.content);
    }

    fn response(&mut self, r: &'d Response) {
        self.node(Node::Response(r));
        for h in r.headers.values() {
            self.maybe(h, NodeKind::Header, Self::header);
        }
        self.content(&r.content);
    }

    fn callback(&mut self, c: &'d Callback) {
        self.node(Node::Callback(c));
        for item in c.expressions.values() {
            self.maybe(item, NodeKind::PathItem, Self::path_item);
        }
    }

    fn path_item(&mut self, item: &'d PathItem) {
        self.node(Node::PathItem(item));
        for p in &item.parameters {
            self.maybe(p, NodeKind::Parameter, Self::parameter);
        }
        for op in &item.operations {
            self.operation(op);
        }
    }

    fn operation(&mut self, op: &'d Operation) {
        self.node(Node::Operation(op));
        for p in &op.parameters {
            self.maybe(p, NodeKind::Parameter, Self::parameter);
        }
        if let Some(b) = &op.request_body {
            self.maybe(b, NodeKind::RequestBody, Self::request_body);
        }
        for r in &op.responses {
            self.maybe(&r.response, NodeKind::Response, Self::response);
        }
        for c in op.callbacks.values() {
            self.maybe(c, NodeKind::Callback, Self::callback);
        }
    }

    fn document(&mut self, doc: &'d Document) {
        for entry in &doc.paths {
            self.maybe(&entry.item, NodeKind::PathItem, Self::path_item);
        }
        for hook in &doc.webhooks {
            self.maybe(&hook.item, NodeKind::PathItem, Self::path_item);
        }
        let c = &doc.components;
        for s in c.schemas.values() {
            self.schema(s, SchemaSlot::Root);
        }
        for r in c.responses.values() {
            self.maybe(r, NodeKind::Response, Self::response);
        }
        for p in c.parameters.values() {
            self.maybe(p, NodeKind::Parameter, Self::parameter);
        }
        for e in c.examples.values() {
            self.maybe(e, NodeKind::Example, |w, e| w.node(Node::Example(e)));
        }
        for b in c.request_bodies.values() {
            self.maybe(b, NodeKind::RequestBody, Self::request_body);
        }
        for h in c.headers.values() {
            self.maybe(h, NodeKind::Header, Self::header);
        }
        for s in c.security_schemes.values() {
            self.maybe(s, NodeKind::SecurityScheme, |w, s| w.node(Node::SecurityScheme(s)));
        }
        for cb in c.callbacks.values() {
            self.maybe(cb, NodeKind::Callback, Self::callback);
        }
        for item in c.path_items.values() {
            self.maybe(item, NodeKind::PathItem, Self::path_item);
        }
    }
}

impl<'d> Node<'d> {
    /// Calls `f` for every `$ref` written inside this node (the node itself when it is a
    /// Reference Object), without following any: with [`Document::node_at`] on each target, a
    /// caller walks everything a node reaches.
    pub fn each_reference(self, f: &mut dyn FnMut(&'d Reference)) {
        if let Node::Ref(r) = self {
            return f(r);
        }
        let mut on_ref = |r: &'d Reference, _: NodeKind| f(r);
        let mut w = Walker {
            on_ref: Some(&mut on_ref),
            ..Walker::default()
        };
        match self {
            Node::Schema(s) => w.schema(s, SchemaSlot::Root),
            Node::Parameter(p) => w.parameter(p),
            Node::RequestBody(b) => w.request_body(b),
            Node::Response(r) => w.response(r),
            Node::Header(h) => w.header(h),
            Node::PathItem(item) => w.path_item(item),
            Node::Callback(c) => w.callback(c),
            Node::Operation(op) => w.operation(op),
            Node::MediaType(m) => w.media_type(m),
            Node::Example(_) | Node::SecurityScheme(_) | Node::Ref(_) => {}
        }
    }
}

impl Document {
    /// Calls `f` for every schema written in the document, with the slot it fills.
    pub fn each_schema<'d>(&'d self, f: &mut dyn FnMut(&'d Schema, SchemaSlot<'d>)) {
        Walker {
            on_schema: Some(f),
            ..Walker::default()
        }
        .document(self);
    }

    /// Calls `f` for every `$ref` written in the document, with the kind of node it must name.
    pub fn each_reference<'d>(&'d self, f: &mut dyn FnMut(&'d Reference, NodeKind)) {
        Walker {
            on_ref: Some(f),
            ..Walker::default()
        }
        .document(self);
    }

    /// Calls `f` for every node written in the document (operations, parameters, bodies,
    /// responses, headers, media types, schemas...), each where it is defined.
    pub fn each_node<'d>(&'d self, f: &mut dyn FnMut(Node<'d>)) {
        Walker {
            on_node: Some(f),
            ..Walker::default()
        }
        .document(self);
    }

    /// Every operation of `paths` (then of `webhooks`), in document order, path items'
    /// references followed (an entry whose reference is broken is left out; validation
    /// reports it).
    pub fn operations(&self) -> Vec<OperationSite<'_>> {
        let paths = self.paths.iter().map(|e| (e.key.as_str(), false, &e.at, &e.item));
        let hooks = self.webhooks.iter().map(|w| (w.name.as_str(), true, &w.at, &w.item));
        let mut out = Vec::new();
        for (key, is_webhook, entry_at, item) in paths.chain(hooks) {
            let Ok(item) = self.resolve(item) else { continue };
            for operation in &item.operations {
                out.push(OperationSite {
                    key,
                    is_webhook,
                    entry_at,
                    at: entry_at.push(operation.method.key()),
                    item,
                    operation,
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_inside_one_node() {
        let text = r##"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {
                "parameters": [{"$ref": "#/components/parameters/P"}],
                "responses": {"200": {"description": "ok", "content": {"application/json":
                    {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/A"}}}}}}}}},
            "components": {
                "parameters": {"P": {"name": "p", "in": "query", "schema": {"$ref": "#/components/schemas/B"}}},
                "schemas": {"A": {"type": "string"}, "B": {"type": "string"}}}}"##;
        let doc = crate::load::load_spec("t.json", text).unwrap();
        let op = &doc.operations()[0].operation;
        let targets = |node: Node<'_>| {
            let mut out = Vec::new();
            node.each_reference(&mut |r| out.push(r.target.clone()));
            out
        };
        assert_eq!(
            targets(Node::Operation(op)),
            ["#/components/parameters/P", "#/components/schemas/A"]
        );
        let response = doc.resolve(&op.responses[0].response).unwrap();
        assert_eq!(targets(Node::Response(response)), ["#/components/schemas/A"]);
        // A Reference Object is its own reference; what it names is reached through node_at.
        let listed = &op.parameters[0];
        let MaybeRef::Ref(r) = listed else {
            panic!("a reference")
        };
        assert_eq!(targets(Node::Ref(r)), ["#/components/parameters/P"]);
        let target = doc.node_at(&super::super::ref_pointer(&r.target).unwrap()).unwrap();
        assert_eq!(targets(target), ["#/components/schemas/B"]);
        assert!(targets(Node::Schema(&doc.components.schemas["A"])).is_empty());
    }
}
