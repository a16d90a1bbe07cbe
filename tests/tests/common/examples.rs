//! Requests and responses built from the spec's examples, for the client, server and
//! end-to-end tests: what each operation sends and answers according to the spec.

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

pub fn deref<'a>(spec: &'a Value, v: &'a Value) -> &'a Value {
    match v.get("$ref").and_then(Value::as_str) {
        Some(r) => deref(spec, spec.pointer(r.trim_start_matches('#')).expect("refs resolve")),
        None => v,
    }
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
pub fn with_defaults(spec: &Value, schema: &Value, example: &Value) -> Value {
    let schema = deref(spec, schema);
    let mut out = example.clone();
    if let (Some(props), Some(obj)) = (schema.get("properties").and_then(Value::as_object), out.as_object_mut()) {
        for (name, prop) in props {
            let prop = deref(spec, prop);
            if !obj.contains_key(name)
                && let Some(default) = prop.get("default")
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

/// Every operation of the spec with its examples.
pub fn examples(spec: &Value) -> Vec<Example> {
    let mut out = Vec::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("a path item") {
            let id = op["operationId"].as_str().expect("an operationId").to_owned();
            let mut example = Example {
                tag: op["tags"][0].as_str().expect("a tag").to_owned(),
                method: method.to_uppercase(),
                path: path.clone(),
                query: Vec::new(),
                headers: Vec::new(),
                request: Map::new(),
                body: None,
                responses: Vec::new(),
                id: id.clone(),
            };
            for p in op["parameters"].as_array().into_iter().flatten() {
                let p = deref(spec, p);
                let name = p["name"].as_str().expect("a name");
                let value = p.get("example").or_else(|| p["schema"].get("example"));
                let Some(value) = value else {
                    assert_ne!(p["required"], true, "{id}: required parameter {name} has no example");
                    // A documented default is what the typed request holds and sends.
                    if let Some(default) = deref(spec, &p["schema"]).get("default") {
                        example.request.insert(name.to_owned(), default.clone());
                        if p["in"] == "query" {
                            example.query.extend(as_param_texts(default).into_iter().map(|t| (name.to_owned(), t)));
                        }
                    }
                    continue;
                };
                example.request.insert(name.to_owned(), value.clone());
                let texts = as_param_texts(value);
                match p["in"].as_str().expect("a location") {
                    "path" => example.path = example.path.replace(&format!("{{{name}}}"), &texts.join(",")),
                    "query" => example.query.extend(texts.into_iter().map(|t| (name.to_owned(), t))),
                    "header" => example.headers.extend(texts.into_iter().map(|t| (name.to_owned(), t))),
                    other => panic!("{id}: parameter in {other}"),
                }
            }
            if let Some(media) = op.pointer("/requestBody/content/application~1json") {
                let body = media.get("example").unwrap_or_else(|| panic!("{id}: no request example")).clone();
                let filled = with_defaults(spec, &media["schema"], &body);
                example.request.insert("body".into(), body.clone());
                example.body = Some((body, filled));
            }
            for (status, response) in op["responses"].as_object().expect("responses") {
                let Ok(code) = status.parse::<u16>() else { continue };
                if code >= 400 {
                    continue;
                }
                let response = deref(spec, response);
                let body = response.pointer("/content/application~1json").map(|media| {
                    let body = success_example(media).unwrap_or_else(|| panic!("{id} {status}: no example")).clone();
                    let filled = with_defaults(spec, &media["schema"], &body);
                    (body, filled)
                });
                example.responses.push((code, body));
            }
            out.push(example);
        }
    }
    out
}

/// A media type's example: `example`, or else the named example `success` (the spec pairs it
/// with a `failure` where an operation family has one), or else the first named example.
pub fn success_example(media: &Value) -> Option<&Value> {
    media.get("example").or_else(|| {
        let named = media.get("examples")?.as_object()?;
        named.get("success").or_else(|| named.values().next())?.get("value")
    })
}
