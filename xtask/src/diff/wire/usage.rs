//! Where each component schema is used: which ones the requests and the responses of the
//! operations reach, through every `$ref` (followed by the document layer, never by hand).

use std::collections::{BTreeMap, BTreeSet};

use generator::JsonPointer;
use generator::document::{Document, MaybeRef, Node, ref_pointer};

use super::Usage;

/// Which component schemas each direction reaches, through every reference.
pub(super) fn usage_of(doc: &Document) -> BTreeMap<String, Usage> {
    let mut out: BTreeMap<String, Usage> = BTreeMap::new();
    for site in doc.operations().into_iter().filter(|s| !s.is_webhook) {
        let op = site.operation;
        let params = site.item.parameters.iter().chain(&op.parameters);
        let mut request: Vec<Node<'_>> = params.map(|p| node(p, Node::Parameter)).collect();
        request.extend(op.request_body.as_ref().map(|b| node(b, Node::RequestBody)));
        let response: Vec<Node<'_>> = op.responses.iter().map(|r| node(&r.response, Node::Response)).collect();
        for (roots, is_request) in [(request, true), (response, false)] {
            for name in schemas_reached(doc, roots) {
                let u = out.entry(name).or_default();
                if is_request {
                    u.request = true;
                } else {
                    u.response = true;
                }
            }
        }
    }
    out
}

/// A node as written: a definition in place, or the Reference Object standing for one.
fn node<'d, T>(m: &'d MaybeRef<T>, wrap: fn(&'d T) -> Node<'d>) -> Node<'d> {
    match m {
        MaybeRef::Item(t) => wrap(t),
        MaybeRef::Ref(r) => Node::Ref(r),
    }
}

/// The names of the component schemas that `roots` reach: every reference written inside them,
/// what it names, the references inside that, and so on (each target visited once). A
/// reference into a component schema (`#/components/schemas/A/properties/b`) uses `A`.
fn schemas_reached<'d>(doc: &'d Document, roots: Vec<Node<'d>>) -> BTreeSet<String> {
    let mut seen: BTreeSet<JsonPointer> = BTreeSet::new();
    let mut queue: Vec<JsonPointer> = Vec::new();
    let visit = |node: Node<'d>, queue: &mut Vec<JsonPointer>| {
        node.each_reference(&mut |r| queue.extend(ref_pointer(&r.target).ok()));
    };
    for root in roots {
        visit(root, &mut queue);
    }
    while let Some(target) = queue.pop() {
        if !seen.insert(target.clone()) {
            continue;
        }
        if let Ok(node) = doc.node_at(&target) {
            visit(node, &mut queue);
        }
    }
    seen.iter()
        .filter_map(|p| match p.tokens().as_slice() {
            [c, s, name, ..] if c == "components" && s == "schemas" => Some(name.clone()),
            _ => None,
        })
        .collect()
}
