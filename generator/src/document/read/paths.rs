//! Reading path items, operations, their responses and callbacks.

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::Reader;
use crate::document::{
    Callback, Extensions, MaybeRef, Method, Operation, Parameter, PathEntry, PathItem, ResponseEntry, Status, Version,
    Webhook,
};
use crate::pointer::JsonPointer;

impl Reader {
    /// `paths`: the path items by their keys, in document order.
    pub(super) fn paths(&mut self, v: Value, at: &JsonPointer) -> Vec<PathEntry> {
        self.entries(v, at, "`paths`", |r, key, v, at| {
            let item = r.maybe_ref(v, &at, "a path item", Reader::path_item)?;
            Some(PathEntry { key, at, item })
        })
        .into_values()
        .collect()
    }

    /// `webhooks` (OpenAPI 3.1): path items by their names.
    pub(super) fn webhooks(&mut self, v: Value, at: &JsonPointer) -> Vec<Webhook> {
        if self.version == Version::V3_0 {
            self.warning(at, "`webhooks` is OpenAPI 3.1; read as such");
        }
        self.entries(v, at, "`webhooks`", |r, name, v, at| {
            let item = r.maybe_ref(v, &at, "a path item", Reader::path_item)?;
            Some(Webhook { name, at, item })
        })
        .into_values()
        .collect()
    }

    pub(super) fn path_item(&mut self, map: Map<String, Value>, at: &JsonPointer) -> Option<PathItem> {
        let mut item = PathItem {
            at: at.clone(),
            ..PathItem::default()
        };
        for (k, v) in map {
            let a = at.push(&k);
            if let Some(method) = Method::from_key(&k) {
                if let Some(op) = self
                    .object(v, &a, "an operation")
                    .map(|m| self.operation(m, &a, method))
                {
                    item.operations.push(op);
                }
                continue;
            }
            match k.as_str() {
                "summary" => item.summary = self.string(v, &a),
                "description" => item.description = self.string(v, &a),
                "servers" => item.servers = self.servers(v, &a),
                "parameters" => item.parameters = self.parameter_list(v, &a),
                "query" | "additionalOperations" => self.warning(
                    &a,
                    format!("`{k}` is OpenAPI 3.2, which the generator reads as 3.1: its operations are left out"),
                ),
                _ if k.starts_with("x-") => {
                    item.extensions.insert(k, v);
                }
                _ => {}
            }
        }
        item.operations.sort_by_key(|o| o.method);
        Some(item)
    }

    fn parameter_list(&mut self, v: Value, at: &JsonPointer) -> Vec<MaybeRef<Parameter>> {
        self.list(v, at, "`parameters`", |r, v, at| {
            r.maybe_ref(v, &at, "a parameter", Reader::parameter)
        })
    }

    pub(super) fn operation(&mut self, map: Map<String, Value>, at: &JsonPointer, method: Method) -> Operation {
        let mut op = Operation {
            at: at.clone(),
            method,
            operation_id: None,
            summary: None,
            description: None,
            tags: Vec::new(),
            parameters: Vec::new(),
            request_body: None,
            responses: Vec::new(),
            callbacks: IndexMap::new(),
            security: None,
            deprecated: false,
            servers: Vec::new(),
            extensions: Extensions::new(),
        };
        for (k, v) in map {
            let a = at.push(&k);
            match k.as_str() {
                "operationId" => op.operation_id = self.string(v, &a),
                "summary" => op.summary = self.string(v, &a),
                "description" => op.description = self.string(v, &a),
                "tags" => op.tags = self.strings(v, &a),
                "parameters" => op.parameters = self.parameter_list(v, &a),
                "requestBody" => op.request_body = self.maybe_ref(v, &a, "a request body", Reader::request_body),
                "responses" => op.responses = self.responses(v, &a),
                "callbacks" => op.callbacks = self.named(v, &a, "a callback", Reader::callback),
                "security" => op.security = Some(self.security(v, &a)),
                "deprecated" => op.deprecated = self.boolean(v, &a).unwrap_or(false),
                "servers" => op.servers = self.servers(v, &a),
                _ if k.starts_with("x-") => {
                    op.extensions.insert(k, v);
                }
                _ => {}
            }
        }
        op
    }

    pub(super) fn responses(&mut self, v: Value, at: &JsonPointer) -> Vec<ResponseEntry> {
        let Some(map) = self.object(v, at, "`responses`") else {
            return Vec::new();
        };
        let mut out = Vec::with_capacity(map.len());
        for (key, v) in map {
            if key.starts_with("x-") {
                continue;
            }
            let a = at.push(&key);
            if let Some(response) = self.maybe_ref(v, &a, "a response", Reader::response) {
                out.push(ResponseEntry {
                    status: Status::parse(&key),
                    key,
                    at: a,
                    response,
                });
            }
        }
        out
    }

    pub(super) fn callback(&mut self, map: Map<String, Value>, at: &JsonPointer) -> Option<Callback> {
        let mut expressions = IndexMap::new();
        for (k, v) in map {
            if k.starts_with("x-") {
                continue;
            }
            let a = at.push(&k);
            if let Some(item) = self.maybe_ref(v, &a, "a path item", Reader::path_item) {
                expressions.insert(k, item);
            }
        }
        Some(Callback {
            at: at.clone(),
            expressions,
        })
    }
}
