//! Schemas as JSON Schema 2020-12 values, for validators (the example checker): 3.0's
//! `nullable` becomes a `null` type, exclusive bounds are numeric, `example` joins `examples`.

use serde_json::{Map, Value, json};

use super::{Document, Node, Schema};
use crate::pointer::JsonPointer;

impl Schema {
    /// This schema in JSON Schema 2020-12 terms, its references as written.
    pub fn to_json_schema(&self) -> Value {
        if let Some(b) = self.boolean {
            return Value::Bool(b);
        }
        let mut m = Map::new();
        let mut put = |k: &str, v: Value| {
            m.insert(k.to_owned(), v);
        };
        if let Some(r) = &self.reference {
            put("$ref", Value::String(r.target.clone()));
        }
        let mut types: Vec<Value> = self
            .types
            .iter()
            .map(|t| Value::String(t.as_str().to_owned()))
            .collect();
        if !types.is_empty() && self.nullable {
            types.push(Value::String("null".into()));
        }
        match types.len() {
            0 => {}
            1 => put("type", types.remove(0)),
            _ => put("type", Value::Array(types)),
        }
        let fields = self.keyword_values();
        for (k, v) in fields {
            if let Some(v) = v {
                put(k, v);
            }
        }
        if self.unique_items {
            put("uniqueItems", Value::Bool(true));
        }
        for (k, v) in [
            ("contentEncoding", &self.content_encoding),
            ("contentMediaType", &self.content_media_type),
        ] {
            if let Some(v) = v {
                put(k, Value::String(v.clone()));
            }
        }
        for (k, v) in &self.other {
            put(k, v.clone());
        }
        // `nullable` beside something that is not a plain type: null, or what it says.
        let composed =
            self.reference.is_some() || !self.all_of.is_empty() || !self.one_of.is_empty() || !self.any_of.is_empty();
        if self.nullable && self.types.is_empty() && composed {
            return json!({"anyOf": [Value::Object(m), {"type": "null"}]});
        }
        Value::Object(m)
    }

    /// The keywords with a value of their own (texts, counts, numbers, subschemas), each `None` when the schema
    /// does not say it.
    fn keyword_values(&self) -> [(&'static str, Option<Value>); 30] {
        let text = |s: &Option<String>| s.as_ref().map(|s| Value::String(s.clone()));
        let count = |n: Option<u64>| n.map(|n| Value::Number(n.into()));
        let number = |n: &Option<serde_json::Number>| n.clone().map(Value::Number);
        let list = |l: &[Schema]| Value::Array(l.iter().map(Schema::to_json_schema).collect());
        let map = |m: &indexmap::IndexMap<String, Schema>| {
            Value::Object(m.iter().map(|(k, s)| (k.clone(), s.to_json_schema())).collect())
        };
        [
            ("format", text(&self.format)),
            ("title", text(&self.title)),
            ("description", text(&self.description)),
            ("default", self.default.clone()),
            (
                "examples",
                (!self.examples.is_empty())
                    .then(|| Value::Array(self.examples.iter().map(|(_, v)| v.clone()).collect())),
            ),
            ("enum", self.enum_values.clone().map(Value::Array)),
            ("const", self.const_value.clone()),
            (
                "properties",
                (!self.properties.is_empty()).then(|| map(&self.properties)),
            ),
            ("required", (!self.required.is_empty()).then(|| json!(self.required))),
            (
                "additionalProperties",
                self.additional_properties.as_ref().map(|s| s.to_json_schema()),
            ),
            ("items", self.items.as_ref().map(|s| s.to_json_schema())),
            (
                "prefixItems",
                (!self.prefix_items.is_empty()).then(|| list(&self.prefix_items)),
            ),
            ("allOf", (!self.all_of.is_empty()).then(|| list(&self.all_of))),
            ("oneOf", (!self.one_of.is_empty()).then(|| list(&self.one_of))),
            ("anyOf", (!self.any_of.is_empty()).then(|| list(&self.any_of))),
            ("not", self.not.as_ref().map(|s| s.to_json_schema())),
            ("$defs", (!self.defs.is_empty()).then(|| map(&self.defs))),
            (
                "definitions",
                (!self.definitions.is_empty()).then(|| map(&self.definitions)),
            ),
            ("minLength", count(self.min_length)),
            ("maxLength", count(self.max_length)),
            ("pattern", text(&self.pattern)),
            ("minimum", number(&self.minimum)),
            ("maximum", number(&self.maximum)),
            ("exclusiveMinimum", number(&self.exclusive_minimum)),
            ("exclusiveMaximum", number(&self.exclusive_maximum)),
            ("multipleOf", number(&self.multiple_of)),
            ("minItems", count(self.min_items)),
            ("maxItems", count(self.max_items)),
            ("minProperties", count(self.min_properties)),
            ("maxProperties", count(self.max_properties)),
        ]
    }
}

impl Document {
    /// `schema` as a self-contained JSON Schema 2020-12 document: the schema at the root, and
    /// every schema it reaches through local references placed at its own pointer, so each
    /// `$ref` resolves as it does in this document. References that do not resolve are left
    /// as they are (validation reports them).
    pub fn json_schema(&self, schema: &Schema) -> Value {
        let mut root = match schema.to_json_schema() {
            Value::Object(m) => m,
            other => {
                let mut m = Map::new();
                m.insert("allOf".into(), Value::Array(vec![other]));
                m
            }
        };
        root.insert(
            "$schema".into(),
            Value::String("https://json-schema.org/draft/2020-12/schema".into()),
        );
        let mut placed: Vec<JsonPointer> = Vec::new();
        let mut queue: Vec<&Schema> = vec![schema];
        while let Some(s) = queue.pop() {
            let mut targets = Vec::new();
            collect_refs(s, &mut targets);
            for target in targets {
                let Ok(pointer) = super::refs::ref_pointer(&target) else {
                    continue;
                };
                if placed.iter().any(|p| pointer.starts_with(p)) {
                    continue;
                }
                let Ok(Node::Schema(found)) = self.node_at(&pointer) else {
                    continue;
                };
                insert_at(&mut root, &pointer, found.to_json_schema());
                placed.push(pointer);
                queue.push(found);
            }
        }
        Value::Object(root)
    }
}

/// Every reference target in a schema and the schemas it holds.
fn collect_refs(s: &Schema, out: &mut Vec<String>) {
    if let Some(r) = &s.reference {
        out.push(r.target.clone());
    }
    for (_, child) in s.children() {
        collect_refs(child, out);
    }
}

fn insert_at(root: &mut Map<String, Value>, pointer: &JsonPointer, value: Value) {
    let tokens = pointer.tokens();
    let Some((last, path)) = tokens.split_last() else {
        return;
    };
    let mut here = root;
    for t in path {
        let next = here.entry(t.clone()).or_insert_with(|| Value::Object(Map::new()));
        if !next.is_object() {
            return;
        }
        here = next.as_object_mut().expect("checked to be an object");
    }
    here.insert(last.clone(), value);
}
