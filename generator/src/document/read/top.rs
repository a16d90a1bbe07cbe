//! Reading the document's top-level objects: `info`, `servers`, `tags` and `components`.

use indexmap::IndexMap;
use serde_json::Value;

use super::Reader;
use crate::document::{Components, Contact, Extensions, Info, License, Server, Tag};
use crate::pointer::JsonPointer;

impl Reader {
    pub(super) fn info(&mut self, v: Value, at: &JsonPointer) -> Info {
        let mut info = Info::default();
        let Some(map) = self.object(v, at, "`info`") else {
            return info;
        };
        let (mut title, mut version) = (false, false);
        for (k, v) in map {
            let key_at = at.push(&k);
            match k.as_str() {
                "title" => {
                    title = true;
                    info.title = self.string(v, &key_at).unwrap_or_default();
                }
                "version" => {
                    version = true;
                    // `version: 1.0` is a number in YAML; its text is what the author meant.
                    info.version = match v {
                        Value::Number(n) => n.to_string(),
                        v => self.string(v, &key_at).unwrap_or_default(),
                    };
                }
                "summary" => info.summary = self.string(v, &key_at),
                "description" => info.description = self.string(v, &key_at),
                "termsOfService" => info.terms_of_service = self.string(v, &key_at),
                "contact" => {
                    if let Some(map) = self.object(v, &key_at, "`contact`") {
                        let mut contact = Contact::default();
                        for (k, v) in map {
                            let a = key_at.push(&k);
                            match k.as_str() {
                                "name" => contact.name = self.string(v, &a),
                                "url" => contact.url = self.string(v, &a),
                                "email" => contact.email = self.string(v, &a),
                                _ => {}
                            }
                        }
                        info.contact = Some(contact);
                    }
                }
                "license" => {
                    if let Some(map) = self.object(v, &key_at, "`license`") {
                        let mut license = License::default();
                        for (k, v) in map {
                            let a = key_at.push(&k);
                            match k.as_str() {
                                "name" => license.name = self.string(v, &a).unwrap_or_default(),
                                "identifier" => license.identifier = self.string(v, &a),
                                "url" => license.url = self.string(v, &a),
                                _ => {}
                            }
                        }
                        info.license = Some(license);
                    }
                }
                _ if k.starts_with("x-") => {
                    info.extensions.insert(k, v);
                }
                _ => {}
            }
        }
        if !title {
            self.warning(at, "`info` has no `title`; the generator uses an empty one");
        }
        if !version {
            self.warning(at, "`info` has no `version`; the generator uses an empty one");
        }
        info
    }

    pub(super) fn servers(&mut self, v: Value, at: &JsonPointer) -> Vec<Server> {
        self.list(v, at, "`servers`", |r, v, at| {
            let map = r.object(v, &at, "a server")?;
            let mut server = Server {
                at: at.clone(),
                url: String::new(),
                description: None,
                variables: IndexMap::new(),
                extensions: Extensions::new(),
            };
            let mut has_url = false;
            for (k, v) in map {
                let a = at.push(&k);
                match k.as_str() {
                    "url" => {
                        has_url = true;
                        server.url = r.string(v, &a).unwrap_or_default();
                    }
                    "description" => server.description = r.string(v, &a),
                    "variables" => {
                        server.variables = r.entries(v, &a, "`variables`", |r, _, v, at| {
                            let mut map = r.object(v, &at, "a server variable")?;
                            let default = map.remove("default");
                            match default {
                                Some(d) => r.string(d, &at.push("default")),
                                None => {
                                    r.defect(&at, "a server variable needs a `default`");
                                    None
                                }
                            }
                        });
                    }
                    _ if k.starts_with("x-") => {
                        server.extensions.insert(k, v);
                    }
                    _ => {}
                }
            }
            if !has_url {
                r.defect(&at, "a server needs a `url`");
                return None;
            }
            Some(server)
        })
    }

    pub(super) fn tags(&mut self, v: Value, at: &JsonPointer) -> Vec<Tag> {
        self.list(v, at, "`tags`", |r, v, at| {
            let map = r.object(v, &at, "a tag")?;
            let mut tag = Tag {
                name: String::new(),
                description: None,
                extensions: Extensions::new(),
            };
            for (k, v) in map {
                let a = at.push(&k);
                match k.as_str() {
                    "name" => tag.name = r.string(v, &a).unwrap_or_default(),
                    "description" => tag.description = r.string(v, &a),
                    _ if k.starts_with("x-") => {
                        tag.extensions.insert(k, v);
                    }
                    _ => {}
                }
            }
            Some(tag)
        })
    }

    pub(super) fn components(&mut self, v: Value, at: &JsonPointer) -> Components {
        let mut c = Components::default();
        let Some(map) = self.object(v, at, "`components`") else {
            return c;
        };
        for (k, v) in map {
            let a = at.push(&k);
            match k.as_str() {
                "schemas" => c.schemas = self.entries(v, &a, "`schemas`", |r, _, v, at| Some(r.schema(v, at))),
                "responses" => c.responses = self.named(v, &a, "a response", Reader::response),
                "parameters" => c.parameters = self.named(v, &a, "a parameter", Reader::parameter),
                "examples" => c.examples = self.named(v, &a, "an example", Reader::example),
                "requestBodies" => c.request_bodies = self.named(v, &a, "a request body", Reader::request_body),
                "headers" => c.headers = self.named(v, &a, "a header", Reader::header),
                "securitySchemes" => {
                    c.security_schemes = self.named(v, &a, "a security scheme", Reader::security_scheme);
                }
                "callbacks" => c.callbacks = self.named(v, &a, "a callback", Reader::callback),
                "pathItems" => {
                    if self.is_3_0() {
                        self.warning(&a, "`components/pathItems` is OpenAPI 3.1; read as such");
                    }
                    c.path_items = self.named(v, &a, "a path item", Reader::path_item);
                }
                _ if k.starts_with("x-") => {
                    c.extensions.insert(k, v);
                }
                _ => {}
            }
        }
        c
    }
}
