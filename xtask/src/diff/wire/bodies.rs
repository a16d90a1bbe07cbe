//! Request bodies, responses and their media types: what an operation sends and answers.

use generator::JsonPointer;
use generator::document::{Document, MaybeRef, MediaType, RequestBody, Resolve, Response, ResponseEntry};
use indexmap::IndexMap;

use super::operations::Op;
use super::{B, C, Ctx, Differ, P, REQUEST, RESPONSE, Rule};

/// A body or response as the operation uses it: its definition (`None` when its reference is
/// broken) and where that is (the reference's target, else where it is written).
struct Located<'d, T> {
    def: Option<&'d T>,
    at: JsonPointer,
}

/// What has a pointer of its own.
trait At {
    fn at(&self) -> &JsonPointer;
}

impl At for RequestBody {
    fn at(&self) -> &JsonPointer {
        &self.at
    }
}

impl At for Response {
    fn at(&self) -> &JsonPointer {
        &self.at
    }
}

fn locate<'d, T: Resolve + At>(doc: &'d Document, m: &'d MaybeRef<T>) -> Located<'d, T> {
    match doc.resolve(m) {
        Ok(def) => Located {
            def: Some(def),
            at: def.at().clone(),
        },
        Err(_) => Located {
            def: None,
            at: m.reference().map(|r| r.at.clone()).unwrap_or_default(),
        },
    }
}

/// An error status: `4XX`, `5XX`, `default` (a key that is no status: by its first digit).
fn is_error(entry: &ResponseEntry) -> bool {
    entry.status.as_ref().map_or_else(
        || entry.key.starts_with(['4', '5']),
        generator::document::Status::is_error,
    )
}

impl<'a> Differ<'a> {
    pub(super) fn request_body(&mut self, subject: &str, o: &Op<'a>, n: &Op<'a>) {
        let ob = o.site.operation.request_body.as_ref().map(|b| locate(self.old, b));
        let nb = n.site.operation.request_body.as_ref().map(|b| locate(self.new, b));
        let required = |b: &Located<'_, RequestBody>| b.def.is_some_and(|b| b.required);
        match (ob, nb) {
            (None, None) => {}
            (None, Some(b)) => {
                let required = required(&b);
                self.push(
                    Rule::RequestBodyAdded,
                    subject,
                    &b.at,
                    if required { (B, C) } else { (C, C) },
                    (if required { "required" } else { "optional" }).into(),
                );
            }
            (Some(b), None) => self.push(
                Rule::RequestBodyRemoved,
                subject,
                &b.at,
                (P, C),
                "the server ignores a body from now on".into(),
            ),
            (Some(ob), Some(nb)) => {
                match (required(&ob), required(&nb)) {
                    (false, true) => self.push(Rule::RequestBodyBecameRequired, subject, &nb.at, (B, C), String::new()),
                    (true, false) => self.push(Rule::RequestBodyBecameOptional, subject, &nb.at, (C, P), String::new()),
                    _ => {}
                }
                let ctx = Ctx {
                    subject,
                    usage: REQUEST,
                };
                self.content(ctx, ob.def.map(|b| &b.content), nb.def.map(|b| &b.content), &nb.at);
            }
        }
    }

    /// The media types of a body (`nat` is where the new one is) and the schema of each.
    fn content(
        &mut self,
        ctx: Ctx<'_>,
        oc: Option<&'a IndexMap<String, MediaType>>,
        nc: Option<&'a IndexMap<String, MediaType>>,
        nat: &JsonPointer,
    ) {
        let okeys: Vec<&String> = oc.into_iter().flat_map(IndexMap::keys).collect();
        let nkeys: Vec<&String> = nc.into_iter().flat_map(IndexMap::keys).collect();
        if okeys != nkeys && !okeys.is_empty() && !nkeys.is_empty() {
            let list = |k: &[&String]| k.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
            self.push(
                Rule::MediaTypeChanged,
                ctx.subject,
                &nat.push("content"),
                (B, B),
                format!("{} → {}", list(&okeys), list(&nkeys)),
            );
        }
        let (Some(oc), Some(nc)) = (oc, nc) else { return };
        for (mt, nm) in nc {
            let Some(om) = oc.get(mt) else { continue };
            if let (Some(os), Some(ns)) = (&om.schema, &nm.schema) {
                self.schema(ctx, os, ns);
            }
        }
    }

    pub(super) fn responses(&mut self, subject: &str, o: &Op<'a>, n: &Op<'a>) {
        let (or, nr) = (&o.site.operation.responses, &n.site.operation.responses);
        for ne in nr {
            let status = &ne.key;
            let nv = locate(self.new, &ne.response);
            let Some(oe) = or.iter().find(|e| e.key == ne.key) else {
                let (sev, note) = if is_error(ne) {
                    ((C, C), "an error status")
                } else {
                    ((P, C), "clients may get a status they do not handle")
                };
                self.push(Rule::ResponseAdded, subject, &nv.at, sev, format!("`{status}`: {note}"));
                continue;
            };
            let ov = locate(self.old, &oe.response);
            let (oc, nc) = (ov.def.map(|r| &r.content), nv.def.map(|r| &r.content));
            let has_body = |c: Option<&IndexMap<String, MediaType>>| c.is_some_and(|c| !c.is_empty());
            match (has_body(oc), has_body(nc)) {
                (false, true) => self.push(
                    Rule::ResponseBodyAdded,
                    subject,
                    &nv.at.push("content"),
                    (C, P),
                    format!("`{status}` now has a body; servers must produce it"),
                ),
                (true, false) => self.push(
                    Rule::ResponseBodyRemoved,
                    subject,
                    &ov.at.push("content"),
                    (B, C),
                    format!("`{status}` no longer has a body"),
                ),
                (true, true) => {
                    let ctx = Ctx {
                        subject,
                        usage: RESPONSE,
                    };
                    self.content(ctx, oc, nc, &nv.at);
                }
                (false, false) => {}
            }
        }
        for oe in or.iter().filter(|e| !nr.iter().any(|n| n.key == e.key)) {
            self.push(
                Rule::ResponseRemoved,
                subject,
                &oe.at,
                (C, P),
                format!("`{}`: servers must no longer answer it", oe.key),
            );
        }
    }
}
