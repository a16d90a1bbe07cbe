//! Requests and responses built from the spec's examples, for the client, server and
//! end-to-end tests: what each operation sends and answers according to the spec.

use generator::Document;
use generator::document::{MediaType, ParamLocation, Response, Schema, Status};
use indexmap::IndexMap;
use serde_json::{Map, Value};

/// One operation and the request its examples describe.
#[derive(Clone)]
pub struct Example {
    pub id: String,
    pub tag: String,
    pub method: String,
    /// The path with every parameter's example in place (not percent-encoded).
    pub path: String,
    pub query: Vec<(String, String)>,
    pub headers: Vec<(String, String)>,
    /// The request in the generated types' flat JSON form (parameters by wire name, `body`).
    pub request: Map<String, Value>,
    /// The request body example, and the same with documented defaults filled in.
    pub body: Option<(Value, Value)>,
    /// Every documented non-error status with its example, and the same with defaults.
    pub responses: Vec<(u16, Option<(Value, Value)>)>,
}

/// Numbers compare by value (the spec writes `85`, an f64 field writes `85.0`).
pub fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_eq(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

/// The example with the schema's documented defaults filled in, as a typed value writes it.
pub fn with_defaults(doc: &Document, schema: &Schema, example: &Value) -> Value {
    let schema = doc.deref_or_self(schema);
    let mut out = example.clone();
    if let Some(obj) = out.as_object_mut() {
        for (name, prop) in &schema.properties {
            if !obj.contains_key(name)
                && let Some(default) = &doc.deref_or_self(prop).default
            {
                obj.insert(name.clone(), default.clone());
            }
        }
    }
    out
}

/// The texts a parameter example is sent as.
pub fn as_param_texts(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items.iter().flat_map(as_param_texts).collect(),
        Value::Null => vec![],
        other => vec![other.to_string()],
    }
}

/// A media type's example: `example`, or else the named example `success` (the spec pairs it
/// with a `failure` where an operation family has one), or else the first named example.
pub fn success_example(doc: &Document, media: &MediaType) -> Option<Value> {
    if let Some(example) = &media.example {
        return Some(example.clone());
    }
    let named = media
        .examples
        .get("success")
        .or_else(|| media.examples.values().next())?;
    doc.resolve(named).ok()?.value.clone()
}

/// The JSON example of a media type and its schema, with defaults filled in.
fn json_example(doc: &Document, content: &IndexMap<String, MediaType>, what: &str) -> Option<(Value, Value)> {
    let media = content.get("application/json")?;
    let body = success_example(doc, media).unwrap_or_else(|| panic!("{what}: no example"));
    let schema = media.schema.as_ref().unwrap_or_else(|| panic!("{what}: no schema"));
    let filled = with_defaults(doc, schema, &body);
    Some((body, filled))
}

/// Every operation of the spec with its examples.
pub fn examples(doc: &Document) -> Vec<Example> {
    let mut out = Vec::new();
    for site in doc.operations() {
        let op = site.operation;
        let id = op.operation_id.clone().expect("an operationId");
        let mut example = Example {
            tag: op.tags.first().expect("a tag").clone(),
            method: op.method.as_upper().to_owned(),
            path: site.key.to_owned(),
            query: Vec::new(),
            headers: Vec::new(),
            request: Map::new(),
            body: None,
            responses: Vec::new(),
            id: id.clone(),
        };
        for listed in doc.parameters_of(site.item, op) {
            let p = listed.param.expect("parameters resolve");
            let name = p.name.as_str();
            let schema = p.schema.as_ref();
            let value = p.example.as_ref().or_else(|| schema?.examples.first().map(|(_, v)| v));
            let Some(value) = value else {
                assert!(!p.is_required(), "{id}: required parameter {name} has no example");
                // A documented default is what the typed request holds and sends.
                if let Some(default) = schema.and_then(|s| doc.deref_or_self(s).default.as_ref()) {
                    example.request.insert(name.to_owned(), default.clone());
                    if p.location == ParamLocation::Query {
                        example
                            .query
                            .extend(as_param_texts(default).into_iter().map(|t| (name.to_owned(), t)));
                    }
                }
                continue;
            };
            example.request.insert(name.to_owned(), value.clone());
            let texts = as_param_texts(value);
            match p.location {
                ParamLocation::Path => example.path = example.path.replace(&format!("{{{name}}}"), &texts.join(",")),
                ParamLocation::Query => example.query.extend(texts.into_iter().map(|t| (name.to_owned(), t))),
                ParamLocation::Header => example.headers.extend(texts.into_iter().map(|t| (name.to_owned(), t))),
                ParamLocation::Cookie => panic!("{id}: parameter in a cookie"),
            }
        }
        if let Some(body) = &op.request_body {
            let body = doc.resolve(body).expect("the request body resolves");
            if let Some((body, filled)) = json_example(doc, &body.content, &id) {
                example.request.insert("body".into(), body.clone());
                example.body = Some((body, filled));
            }
        }
        for entry in &op.responses {
            let Some(Status::Code(code)) = entry.status else {
                continue;
            };
            if code >= 400 {
                continue;
            }
            let response = doc.resolve::<Response>(&entry.response).expect("responses resolve");
            let body = json_example(doc, &response.content, &format!("{id} {code}"));
            example.responses.push((code, body));
        }
        out.push(example);
    }
    out
}
