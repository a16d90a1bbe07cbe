//! Reading the parts of an operation: parameters, request bodies, responses, content, headers and examples.

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::Reader;
use crate::document::{Example, Extensions, Header, MediaType, ParamLocation, Parameter, RequestBody, Response};
use crate::pointer::JsonPointer;

impl Reader {
    pub(super) fn parameter(&mut self, map: Map<String, Value>, at: &JsonPointer) -> Option<Parameter> {
        let mut name = None;
        let mut location = None;
        let mut p = Parameter {
            at: at.clone(),
            name: String::new(),
            location: ParamLocation::Query,
            required: None,
            deprecated: false,
            description: None,
            schema: None,
            content: IndexMap::new(),
            style: None,
            explode: None,
            allow_empty_value: None,
            allow_reserved: None,
            example: None,
            examples: IndexMap::new(),
            extensions: Extensions::new(),
        };
        for (k, v) in map {
            let a = at.push(&k);
            match k.as_str() {
                "name" => name = self.string(v, &a),
                "in" => {
                    location = match self.string(v, &a) {
                        Some(text) => match ParamLocation::parse(&text) {
                            Some(l) => Some(l),
                            None => {
                                self.defect(
                                    &a,
                                    format!("`in: {text}`: a parameter is in path, query, header or cookie"),
                                );
                                return None;
                            }
                        },
                        None => return None,
                    }
                }
                "required" => p.required = self.boolean(v, &a),
                "deprecated" => p.deprecated = self.boolean(v, &a).unwrap_or(false),
                "description" => p.description = self.string(v, &a),
                "schema" => p.schema = Some(self.schema(v, a)),
                "content" => p.content = self.content(v, &a),
                "style" => p.style = self.string(v, &a),
                "explode" => p.explode = self.boolean(v, &a),
                "allowEmptyValue" => p.allow_empty_value = self.ignorable_bool(v, &a),
                "allowReserved" => p.allow_reserved = self.ignorable_bool(v, &a),
                "example" => p.example = Some(v),
                "examples" => p.examples = self.named(v, &a, "an example", Reader::example),
                _ if k.starts_with("x-") => {
                    p.extensions.insert(k, v);
                }
                _ => {}
            }
        }
        match (name, location) {
            (Some(name), Some(location)) => {
                p.name = name;
                p.location = location;
                Some(p)
            }
            (name, location) => {
                let missing = [(name.is_none(), "`name`"), (location.is_none(), "`in`")]
                    .into_iter()
                    .filter_map(|(m, k)| m.then_some(k))
                    .collect::<Vec<_>>()
                    .join(" and ");
                self.defect(at, format!("a parameter needs {missing}"));
                None
            }
        }
    }

    pub(super) fn request_body(&mut self, map: Map<String, Value>, at: &JsonPointer) -> Option<RequestBody> {
        let mut body = RequestBody {
            at: at.clone(),
            ..RequestBody::default()
        };
        for (k, v) in map {
            let a = at.push(&k);
            match k.as_str() {
                "description" => body.description = self.string(v, &a),
                "content" => body.content = self.content(v, &a),
                "required" => body.required = self.boolean(v, &a).unwrap_or(false),
                _ if k.starts_with("x-") => {
                    body.extensions.insert(k, v);
                }
                _ => {}
            }
        }
        Some(body)
    }

    pub(super) fn response(&mut self, map: Map<String, Value>, at: &JsonPointer) -> Option<Response> {
        let mut response = Response {
            at: at.clone(),
            ..Response::default()
        };
        for (k, v) in map {
            let a = at.push(&k);
            match k.as_str() {
                "description" => response.description = self.string(v, &a),
                "headers" => response.headers = self.named(v, &a, "a header", Reader::header),
                "content" => response.content = self.content(v, &a),
                _ if k.starts_with("x-") => {
                    response.extensions.insert(k, v);
                }
                _ => {}
            }
        }
        Some(response)
    }

    fn content(&mut self, v: Value, at: &JsonPointer) -> IndexMap<String, MediaType> {
        self.entries(v, at, "`content`", |r, _, v, at| {
            let map = r.object(v, &at, "a media type")?;
            let mut m = MediaType {
                at: at.clone(),
                ..MediaType::default()
            };
            for (k, v) in map {
                let a = at.push(&k);
                match k.as_str() {
                    "schema" => m.schema = Some(r.schema(v, a)),
                    "example" => m.example = Some(v),
                    "examples" => m.examples = r.named(v, &a, "an example", Reader::example),
                    _ if k.starts_with("x-") => {
                        m.extensions.insert(k, v);
                    }
                    _ => {}
                }
            }
            Some(m)
        })
    }

    pub(super) fn header(&mut self, map: Map<String, Value>, at: &JsonPointer) -> Option<Header> {
        let mut h = Header {
            at: at.clone(),
            ..Header::default()
        };
        for (k, v) in map {
            let a = at.push(&k);
            match k.as_str() {
                "description" => h.description = self.string(v, &a),
                "required" => h.required = self.boolean(v, &a).unwrap_or(false),
                "deprecated" => h.deprecated = self.boolean(v, &a).unwrap_or(false),
                "schema" => h.schema = Some(self.schema(v, a)),
                "content" => h.content = self.content(v, &a),
                "example" => h.example = Some(v),
                "examples" => h.examples = self.named(v, &a, "an example", Reader::example),
                _ if k.starts_with("x-") => {
                    h.extensions.insert(k, v);
                }
                _ => {}
            }
        }
        Some(h)
    }

    pub(super) fn example(&mut self, map: Map<String, Value>, at: &JsonPointer) -> Option<Example> {
        let mut e = Example {
            at: at.clone(),
            ..Example::default()
        };
        for (k, v) in map {
            let a = at.push(&k);
            match k.as_str() {
                "summary" => e.summary = self.string(v, &a),
                "description" => e.description = self.string(v, &a),
                "value" => e.value = Some(v),
                "externalValue" => e.external_value = self.string(v, &a),
                _ => {}
            }
        }
        Some(e)
    }
}
