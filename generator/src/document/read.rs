//! Reading: the parsed JSON value of a document into the typed model, once.
//!
//! The value is consumed (its strings move into the model). Every problem is collected with
//! the pointer of the node it concerns: errors (the document cannot be read as OpenAPI: a
//! version other than 3.0 and 3.1, a node of the wrong shape) and warnings (what reading
//! rewrote: keys beside a 3.0 `$ref`, 3.1 constructs in a 3.0 document, 3.0 constructs in a 3.1
//! document). Reading normalises both versions into one shape; see [`Schema`].

use indexmap::IndexMap;
use serde_json::{Map, Number, Value};

use super::{
    Callback, Components, Contact, Discriminator, Document, Example, Extensions, Header, Info, License, MaybeRef,
    MediaType, Method, Operation, ParamLocation, Parameter, PathEntry, PathItem, Reference, RequestBody, Response,
    ResponseEntry, Schema, SchemaType, SecurityRequirement, SecurityScheme, SecuritySchemeKind, Server, Status, Tag,
    Version, Webhook,
};
use crate::pointer::JsonPointer;

/// Schemas nested deeper than this are not read (the rest of the document is): no real
/// document comes near it, and the stack stays bounded.
const MAX_DEPTH: usize = 200;

/// What reading found wrong.
#[derive(Debug, Default)]
pub struct Problems {
    pub errors: Vec<(JsonPointer, String)>,
    pub warnings: Vec<(JsonPointer, String)>,
}

/// Reads a parsed document. `Err` holds every error (and the warnings found on the way).
pub fn read_document(file: &str, text: &str, value: Value) -> Result<Document, Problems> {
    let root = JsonPointer::root();
    let mut r = Reader {
        version: Version::V3_0,
        problems: Problems::default(),
        depth: 0,
    };
    let Value::Object(map) = value else {
        r.error(&root, format!("a document must be a map, not {}", describe(&value)));
        return Err(r.problems);
    };
    let Some(openapi) = r.version(&map) else {
        return Err(r.problems);
    };
    let mut doc = Document {
        file: file.to_owned(),
        text: text.to_owned(),
        version: r.version,
        openapi,
        info: Info::default(),
        servers: Vec::new(),
        paths: Vec::new(),
        webhooks: Vec::new(),
        components: Components::default(),
        security: None,
        tags: Vec::new(),
        extensions: Extensions::new(),
        warnings: Vec::new(),
    };
    let mut has_info = false;
    let mut has_paths = false;
    for (key, v) in map {
        let at = root.push(&key);
        match key.as_str() {
            "openapi" | "jsonSchemaDialect" | "externalDocs" | "$self" => {}
            "info" => {
                has_info = true;
                doc.info = r.info(v, &at);
            }
            "servers" => doc.servers = r.servers(v, &at),
            "paths" => {
                has_paths = true;
                doc.paths = r
                    .entries(v, &at, "`paths`", |r, key, v, at| {
                        let item = r.maybe_ref(v, &at, "a path item", Reader::path_item)?;
                        Some(PathEntry { key, at, item })
                    })
                    .into_values()
                    .collect();
            }
            "webhooks" => {
                if r.version == Version::V3_0 {
                    r.warning(&at, "`webhooks` is OpenAPI 3.1; read as such");
                }
                doc.webhooks = r
                    .entries(v, &at, "`webhooks`", |r, name, v, at| {
                        let item = r.maybe_ref(v, &at, "a path item", Reader::path_item)?;
                        Some(Webhook { name, at, item })
                    })
                    .into_values()
                    .collect();
            }
            "components" => doc.components = r.components(v, &at),
            "security" => doc.security = Some(r.security(v, &at)),
            "tags" => doc.tags = r.tags(v, &at),
            _ if key.starts_with("x-") => {
                doc.extensions.insert(key, v);
            }
            _ => {}
        }
    }
    if !has_info {
        r.warning(
            &root,
            "the document has no `info`; the generator uses an empty title and version",
        );
    }
    if !has_paths && r.version == Version::V3_0 {
        r.warning(
            &root,
            "an OpenAPI 3.0 document needs `paths`; the generator reads it without operations",
        );
    }
    if r.problems.errors.is_empty() {
        doc.warnings = r.problems.warnings;
        Ok(doc)
    } else {
        Err(r.problems)
    }
}

/// A short description of a JSON value's kind, for messages.
pub fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a map",
    }
}

struct Reader {
    version: Version,
    problems: Problems,
    depth: usize,
}

/// A reader of one kind of node: the node's map and its pointer.
type ReadFn<T> = fn(&mut Reader, Map<String, Value>, &JsonPointer) -> Option<T>;

impl Reader {
    fn error(&mut self, at: &JsonPointer, message: impl Into<String>) {
        self.problems.errors.push((at.clone(), message.into()));
    }

    fn warning(&mut self, at: &JsonPointer, message: impl Into<String>) {
        self.problems.warnings.push((at.clone(), message.into()));
    }

    /// A node that cannot be read as the specification says: a warning, and the node is left
    /// out (a schema reads as any value). Only what makes the whole document unreadable is an
    /// error.
    fn defect(&mut self, at: &JsonPointer, message: impl Into<String>) {
        let message = message.into();
        self.problems
            .warnings
            .push((at.clone(), format!("{message}; the generator leaves it out")));
    }

    fn is_3_0(&self) -> bool {
        self.version == Version::V3_0
    }

    /// Reads `openapi` (or recognises Swagger 2.0); `None` when the document is not one the
    /// layer reads.
    fn version(&mut self, map: &Map<String, Value>) -> Option<String> {
        let at = JsonPointer::root().push("openapi");
        const SUPPORTED: &str = "the generator reads OpenAPI 3.0.x and 3.1.x documents";
        let Some(v) = map.get("openapi") else {
            if let Some(swagger) = map.get("swagger") {
                let version = swagger.as_str().map_or_else(|| swagger.to_string(), str::to_owned);
                self.error(
                    &JsonPointer::root().push("swagger"),
                    format!(
                        "`swagger: {version}` is OpenAPI 2.0, which is not read; {SUPPORTED} (convert \
                         it first, e.g. with swagger2openapi)"
                    ),
                );
            } else {
                self.error(
                    &JsonPointer::root(),
                    format!("the document has no `openapi` version; {SUPPORTED}"),
                );
            }
            return None;
        };
        let Value::String(text) = v else {
            self.error(
                &at,
                format!("`openapi` must be a string such as \"3.0.3\", not {}", describe(v)),
            );
            return None;
        };
        let minor = |prefix: &str| text == prefix || text.starts_with(&format!("{prefix}."));
        if minor("3.0") {
            self.version = Version::V3_0;
        } else if minor("3.1") {
            self.version = Version::V3_1;
        } else if minor("3.2") {
            self.version = Version::V3_1;
            self.warning(
                &at,
                format!(
                    "`openapi: {text}` is read as OpenAPI 3.1; what 3.2 adds (the `query` method, \
                     `additionalOperations`, `in: querystring`, ...) is reported where it is used and \
                     left out"
                ),
            );
        } else {
            self.error(&at, format!("`openapi: {text}`: {SUPPORTED}"));
            return None;
        }
        Some(text.clone())
    }

    // ----- Scalars and containers. -----

    fn object(&mut self, v: Value, at: &JsonPointer, what: &str) -> Option<Map<String, Value>> {
        match v {
            Value::Object(map) => Some(map),
            other => {
                self.defect(at, format!("{what} must be a map, not {}", describe(&other)));
                None
            }
        }
    }

    fn string(&mut self, v: Value, at: &JsonPointer) -> Option<String> {
        match v {
            Value::String(s) => Some(s),
            other => {
                self.defect(at, format!("must be a string, not {}", describe(&other)));
                None
            }
        }
    }

    fn boolean(&mut self, v: Value, at: &JsonPointer) -> Option<bool> {
        match v {
            Value::Bool(b) => Some(b),
            other => {
                self.defect(at, format!("must be true or false, not {}", describe(&other)));
                None
            }
        }
    }

    /// A flag the generator does not act on: one of the wrong shape is ignored, with a warning.
    fn ignorable_bool(&mut self, v: Value, at: &JsonPointer) -> Option<bool> {
        match v {
            Value::Bool(b) => Some(b),
            other => {
                self.warning(at, format!("must be true or false, not {}; ignored", describe(&other)));
                None
            }
        }
    }

    fn count(&mut self, v: Value, at: &JsonPointer) -> Option<u64> {
        match &v {
            Value::Number(n) => {
                if let Some(n) = n.as_u64() {
                    return Some(n);
                }
                // `5.0` is an integer in JSON Schema.
                if let Some(f) = n
                    .as_f64()
                    .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f < 2f64.powi(53))
                {
                    return Some(f as u64);
                }
                self.defect(at, format!("must be a non-negative integer, not {n}"));
                None
            }
            other => {
                self.defect(at, format!("must be a non-negative integer, not {}", describe(other)));
                None
            }
        }
    }

    fn number(&mut self, v: Value, at: &JsonPointer) -> Option<Number> {
        match v {
            Value::Number(n) => Some(n),
            other => {
                self.defect(at, format!("must be a number, not {}", describe(&other)));
                None
            }
        }
    }

    fn strings(&mut self, v: Value, at: &JsonPointer) -> Vec<String> {
        match v {
            Value::Array(items) => items
                .into_iter()
                .enumerate()
                .filter_map(|(i, s)| self.string(s, &at.push(i.to_string())))
                .collect(),
            other => {
                self.defect(at, format!("must be a list of strings, not {}", describe(&other)));
                Vec::new()
            }
        }
    }

    /// A map of entries read by `read` (each given its key, value and pointer); entries that
    /// fail to read are left out (their errors are recorded).
    fn entries<T>(
        &mut self,
        v: Value,
        at: &JsonPointer,
        what: &str,
        mut read: impl FnMut(&mut Self, String, Value, JsonPointer) -> Option<T>,
    ) -> IndexMap<String, T> {
        let Some(map) = self.object(v, at, what) else {
            return IndexMap::new();
        };
        let mut out = IndexMap::with_capacity(map.len());
        for (k, v) in map {
            let entry_at = at.push(&k);
            if let Some(t) = read(self, k.clone(), v, entry_at) {
                out.insert(k, t);
            }
        }
        out
    }

    /// A map of named components (or nodes) that may be references.
    fn named<T>(
        &mut self,
        v: Value,
        at: &JsonPointer,
        what: &'static str,
        read: ReadFn<T>,
    ) -> IndexMap<String, MaybeRef<T>> {
        self.entries(v, at, what, |r, _, v, at| r.maybe_ref(v, &at, what, read))
    }

    fn list<T>(
        &mut self,
        v: Value,
        at: &JsonPointer,
        what: &str,
        mut read: impl FnMut(&mut Self, Value, JsonPointer) -> Option<T>,
    ) -> Vec<T> {
        match v {
            Value::Array(items) => items
                .into_iter()
                .enumerate()
                .filter_map(|(i, v)| read(self, v, at.push(i.to_string())))
                .collect(),
            other => {
                self.defect(at, format!("{what} must be a list, not {}", describe(&other)));
                Vec::new()
            }
        }
    }

    /// A node that may be a Reference Object: `read` reads it in place otherwise.
    fn maybe_ref<T>(&mut self, v: Value, at: &JsonPointer, what: &str, read: ReadFn<T>) -> Option<MaybeRef<T>> {
        let map = self.object(v, at, what)?;
        if map.contains_key("$ref") {
            return self.reference(map, at).map(MaybeRef::Ref);
        }
        read(self, map, at).map(MaybeRef::Item)
    }

    /// A Reference Object (not a schema): `summary` and `description` may stand beside the
    /// `$ref` in 3.1; anything else is ignored, with a warning.
    fn reference(&mut self, map: Map<String, Value>, at: &JsonPointer) -> Option<Reference> {
        let mut reference = Reference {
            at: at.clone(),
            target: String::new(),
            summary: None,
            description: None,
        };
        let mut ok = true;
        for (k, v) in map {
            let key_at = at.push(&k);
            match k.as_str() {
                "$ref" => match self.ref_string(v, &key_at) {
                    Some(t) => reference.target = t,
                    None => ok = false,
                },
                "summary" | "description" if !self.is_3_0() => {
                    let text = self.string(v, &key_at);
                    if k == "summary" {
                        reference.summary = text;
                    } else {
                        reference.description = text;
                    }
                }
                _ if k.starts_with("x-") => {}
                _ => self.warning(&key_at, self.ignored_beside_ref(&k)),
            }
        }
        ok.then_some(reference)
    }

    fn ref_string(&mut self, v: Value, at: &JsonPointer) -> Option<String> {
        match v {
            Value::String(s) => Some(s),
            other => {
                self.defect(at, format!("`$ref` must be a string, not {}", describe(&other)));
                None
            }
        }
    }

    fn ignored_beside_ref(&self, key: &str) -> String {
        if self.is_3_0() {
            format!("`{key}` beside $ref is ignored by OpenAPI 3.0; the generator ignores it too")
        } else {
            format!(
                "`{key}` beside a $ref that is not a schema is ignored (3.1 keeps only `summary` and `description`)"
            )
        }
    }

    // ----- Top-level objects. -----

    fn info(&mut self, v: Value, at: &JsonPointer) -> Info {
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

    fn servers(&mut self, v: Value, at: &JsonPointer) -> Vec<Server> {
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

    fn tags(&mut self, v: Value, at: &JsonPointer) -> Vec<Tag> {
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

    fn security(&mut self, v: Value, at: &JsonPointer) -> Vec<SecurityRequirement> {
        self.list(v, at, "`security`", |r, v, at| {
            let schemes = r.entries(v, &at, "a security requirement", |r, _, v, at| Some(r.strings(v, &at)));
            Some(SecurityRequirement { at, schemes })
        })
    }

    fn components(&mut self, v: Value, at: &JsonPointer) -> Components {
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

    // ----- Paths and operations. -----

    fn path_item(&mut self, map: Map<String, Value>, at: &JsonPointer) -> Option<PathItem> {
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

    fn operation(&mut self, map: Map<String, Value>, at: &JsonPointer, method: Method) -> Operation {
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

    fn responses(&mut self, v: Value, at: &JsonPointer) -> Vec<ResponseEntry> {
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

    fn callback(&mut self, map: Map<String, Value>, at: &JsonPointer) -> Option<Callback> {
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

    fn parameter(&mut self, map: Map<String, Value>, at: &JsonPointer) -> Option<Parameter> {
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

    fn request_body(&mut self, map: Map<String, Value>, at: &JsonPointer) -> Option<RequestBody> {
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

    fn response(&mut self, map: Map<String, Value>, at: &JsonPointer) -> Option<Response> {
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

    fn header(&mut self, map: Map<String, Value>, at: &JsonPointer) -> Option<Header> {
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

    fn example(&mut self, map: Map<String, Value>, at: &JsonPointer) -> Option<Example> {
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

    fn security_scheme(&mut self, map: Map<String, Value>, at: &JsonPointer) -> Option<SecurityScheme> {
        let mut kind = None;
        let mut name = None;
        let mut location = None;
        let mut scheme = None;
        let mut bearer_format = None;
        let mut description = None;
        let mut flows = None;
        let mut open_id_connect_url = None;
        let mut extensions = Extensions::new();
        for (k, v) in map {
            let a = at.push(&k);
            match k.as_str() {
                "type" => kind = self.string(v, &a).map(|t| (t, a)),
                "name" => name = self.string(v, &a),
                "in" => location = self.string(v, &a).map(|t| (t, a)),
                "scheme" => scheme = self.string(v, &a),
                "bearerFormat" => bearer_format = self.string(v, &a),
                "description" => description = self.string(v, &a),
                "flows" => flows = Some(v),
                "openIdConnectUrl" => match v {
                    Value::String(url) => open_id_connect_url = Some(url),
                    other => self.warning(&a, format!("must be a string, not {}; ignored", describe(&other))),
                },
                _ if k.starts_with("x-") => {
                    extensions.insert(k, v);
                }
                _ => {}
            }
        }
        let Some((kind, kind_at)) = kind else {
            self.defect(at, "a security scheme needs a `type`");
            return None;
        };
        let kind = match kind.as_str() {
            "apiKey" => {
                let location = match location {
                    Some((text, a)) => match ParamLocation::parse(&text).filter(|l| *l != ParamLocation::Path) {
                        Some(l) => l,
                        None => {
                            self.defect(&a, format!("`in: {text}`: an API key is in a header, query or cookie"));
                            return None;
                        }
                    },
                    None => {
                        self.defect(at, "an apiKey security scheme needs `in`");
                        return None;
                    }
                };
                let Some(name) = name else {
                    self.defect(at, "an apiKey security scheme needs `name`");
                    return None;
                };
                SecuritySchemeKind::ApiKey { name, location }
            }
            "http" => {
                let Some(scheme) = scheme else {
                    self.defect(at, "an http security scheme needs `scheme`");
                    return None;
                };
                SecuritySchemeKind::Http { scheme, bearer_format }
            }
            "oauth2" => SecuritySchemeKind::OAuth2,
            "openIdConnect" => SecuritySchemeKind::OpenIdConnect,
            "mutualTLS" => SecuritySchemeKind::MutualTls,
            other => {
                self.defect(
                    &kind_at,
                    format!("unknown security scheme type `{other}` (apiKey, http, oauth2, openIdConnect, mutualTLS)"),
                );
                return None;
            }
        };
        Some(SecurityScheme {
            at: at.clone(),
            kind,
            description,
            flows,
            open_id_connect_url,
            extensions,
        })
    }

    // ----- Schemas. -----

    /// Reads a schema; never fails (a node of the wrong shape is reported and read as the
    /// empty schema, so list positions stay where the document has them).
    fn schema(&mut self, v: Value, at: JsonPointer) -> Schema {
        let mut s = Schema {
            at,
            ..Schema::default()
        };
        let map = match v {
            Value::Object(map) => map,
            Value::Bool(b) => {
                if self.is_3_0() {
                    self.warning(&s.at, format!("the boolean schema `{b}` is OpenAPI 3.1; read as such"));
                }
                s.boolean = Some(b);
                return s;
            }
            other => {
                self.warning(
                    &s.at,
                    format!(
                        "a schema must be a map, not {}; the generator reads it as any value",
                        describe(&other)
                    ),
                );
                return s;
            }
        };
        if self.depth >= MAX_DEPTH {
            self.warning(
                &s.at,
                format!("schemas nested more than {MAX_DEPTH} levels deep are not read; the generator reads this one as any value"),
            );
            return s;
        }
        self.depth += 1;
        let is_ref = map.contains_key("$ref");
        // Annotations beside `$ref` document it and change nothing about values.
        let is_annotation = |k: &str| {
            k.starts_with("x-") || matches!(k, "description" | "title" | "example" | "examples" | "deprecated")
        };
        let mut exclusive: [Option<(Value, JsonPointer)>; 2] = [None, None];
        for (k, v) in map {
            let a = s.at.push(&k);
            if is_ref && self.is_3_0() && k != "$ref" && !k.starts_with("x-") {
                // OpenAPI 3.0 ignores what stands beside `$ref`; `nullable: true` is the one
                // sibling the generator honours, as `allOf: [$ref]` with `nullable: true`, and
                // `description` and `title` document the place the reference is used.
                if k == "description" || k == "title" {
                    self.warning(
                        &a,
                        format!(
                            "`{k}` beside $ref is ignored by OpenAPI 3.0; the generator uses it only as \
                             documentation"
                        ),
                    );
                    self.schema_keyword(&mut s, k, v, a, &mut exclusive);
                } else if k == "nullable" && v == Value::Bool(true) {
                    self.warning(
                        &a,
                        "`nullable: true` beside $ref: OpenAPI 3.0 ignores it, the generator reads it as \
                         `allOf: [$ref]` with `nullable: true`",
                    );
                    s.nullable = true;
                    s.ref_siblings = true;
                } else {
                    self.warning(&a, self.ignored_beside_ref(&k));
                }
                continue;
            }
            if is_ref && k != "$ref" && !is_annotation(&k) {
                s.ref_siblings = true;
            }
            self.schema_keyword(&mut s, k, v, a, &mut exclusive);
        }
        self.depth -= 1;
        self.exclusive_bounds(&mut s, exclusive);
        s
    }

    fn schema_keyword(
        &mut self,
        s: &mut Schema,
        k: String,
        v: Value,
        a: JsonPointer,
        exclusive: &mut [Option<(Value, JsonPointer)>; 2],
    ) {
        match k.as_str() {
            "$ref" => {
                if let Some(target) = self.ref_string(v, &a) {
                    s.reference = Some(Reference {
                        at: s.at.clone(),
                        target,
                        summary: None,
                        description: None,
                    });
                }
            }
            "type" => self.types(s, v, &a),
            "nullable" => {
                let nullable = self.boolean(v, &a).unwrap_or(false);
                if !self.is_3_0() && nullable {
                    self.warning(
                        &a,
                        "`nullable` is OpenAPI 3.0 (3.1 writes `type: [..., \"null\"]`); read as such",
                    );
                }
                s.nullable |= nullable;
            }
            "format" => s.format = self.string(v, &a),
            "title" => s.title = self.string(v, &a),
            "description" => s.description = self.string(v, &a),
            "default" => s.default = Some(v),
            "example" => s.examples.insert(0, (a, v)),
            "examples" => match v {
                Value::Array(items) => {
                    s.examples
                        .extend(items.into_iter().enumerate().map(|(i, v)| (a.push(i.to_string()), v)));
                }
                // Not a JSON Schema `examples` list: kept as written.
                other => {
                    s.other.insert(k, other);
                }
            },
            "enum" => match v {
                Value::Array(items) => s.enum_values = Some(items),
                other => self.defect(&a, format!("`enum` must be a list, not {}", describe(&other))),
            },
            "const" => s.const_value = Some(v),
            "properties" => s.properties = self.schema_map(v, &a, "`properties`"),
            "required" => match v {
                Value::Array(_) => s.required = self.strings(v, &a),
                // A Swagger habit: `required: true` on the property itself.
                Value::Bool(_) => self.warning(
                    &a,
                    "`required` must list property names; `required: true` on a property is ignored \
                     (list the property in its parent's `required`)",
                ),
                other => self.defect(&a, format!("`required` must be a list, not {}", describe(&other))),
            },
            "additionalProperties" => {
                s.additional_properties = Some(Box::new(match v {
                    // The one place OpenAPI 3.0 takes a boolean for a schema.
                    Value::Bool(b) => Schema {
                        at: a,
                        boolean: Some(b),
                        ..Schema::default()
                    },
                    v => self.schema(v, a),
                }));
            }
            "items" => match v {
                // Draft 4's tuple form; 3.1 writes `prefixItems`.
                Value::Array(items) => {
                    self.warning(&a, "`items` as a list is a tuple (draft 4); read as `prefixItems`");
                    s.prefix_items = self.schema_list(Value::Array(items), &a, "`items`");
                }
                v => s.items = Some(Box::new(self.schema(v, a))),
            },
            "prefixItems" => s.prefix_items = self.schema_list(v, &a, "`prefixItems`"),
            "allOf" => s.all_of = self.schema_list(v, &a, "`allOf`"),
            "oneOf" => s.one_of = self.schema_list(v, &a, "`oneOf`"),
            "anyOf" => s.any_of = self.schema_list(v, &a, "`anyOf`"),
            "not" => s.not = Some(Box::new(self.schema(v, a))),
            "discriminator" => s.discriminator = self.discriminator(v, &a),
            "$defs" => s.defs = self.schema_map(v, &a, "`$defs`"),
            "definitions" => s.definitions = self.schema_map(v, &a, "`definitions`"),
            "minLength" => s.min_length = self.count(v, &a),
            "maxLength" => s.max_length = self.count(v, &a),
            "minItems" => s.min_items = self.count(v, &a),
            "maxItems" => s.max_items = self.count(v, &a),
            "minProperties" => s.min_properties = self.count(v, &a),
            "maxProperties" => s.max_properties = self.count(v, &a),
            "pattern" => s.pattern = self.string(v, &a),
            "minimum" => s.minimum = self.number(v, &a),
            "maximum" => s.maximum = self.number(v, &a),
            "multipleOf" => s.multiple_of = self.number(v, &a),
            "exclusiveMinimum" => exclusive[0] = Some((v, a)),
            "exclusiveMaximum" => exclusive[1] = Some((v, a)),
            "uniqueItems" => s.unique_items = self.boolean(v, &a).unwrap_or(false),
            "readOnly" => s.read_only = self.boolean(v, &a).unwrap_or(false),
            "writeOnly" => s.write_only = self.boolean(v, &a).unwrap_or(false),
            "deprecated" => s.deprecated = self.boolean(v, &a).unwrap_or(false),
            "contentEncoding" => s.content_encoding = self.string(v, &a),
            "contentMediaType" => s.content_media_type = self.string(v, &a),
            _ if k.starts_with("x-") => {
                s.extensions.insert(k, v);
            }
            _ => {
                s.other.insert(k, v);
            }
        }
    }

    /// `type`: one name or (3.1) a list; `null` becomes [`Schema::nullable`].
    fn types(&mut self, s: &mut Schema, v: Value, at: &JsonPointer) {
        let (names, listed) = match v {
            Value::String(t) => (vec![(t, at.clone())], false),
            Value::Array(items) => {
                let mut names = Vec::new();
                for (i, item) in items.into_iter().enumerate() {
                    let a = at.push(i.to_string());
                    if let Some(t) = self.string(item, &a) {
                        names.push((t, a));
                    }
                }
                (names, true)
            }
            other => {
                self.defect(at, format!("`type` must be a string, not {}", describe(&other)));
                return;
            }
        };
        if listed && self.is_3_0() {
            self.warning(
                at,
                "`type` as a list is OpenAPI 3.1 (3.0 takes one type, and `nullable: true` for null); read as such",
            );
        }
        let mut null = false;
        for (name, a) in names {
            if name == "null" {
                if self.is_3_0() && !listed {
                    self.warning(
                        &a,
                        "type `null` is OpenAPI 3.1 (3.0 writes `nullable: true`); read as such",
                    );
                }
                null = true;
                continue;
            }
            match SchemaType::parse(&name) {
                Some(t) if !s.types.contains(&t) => s.types.push(t),
                Some(_) => {}
                None => self.defect(
                    &a,
                    format!(
                        "unknown type `{name}`; the types are string, number, integer, boolean, array{}",
                        if self.is_3_0() {
                            " and object"
                        } else {
                            ", object and null"
                        }
                    ),
                ),
            }
        }
        if null {
            s.nullable = true;
            if s.types.is_empty() {
                // `type: null` alone admits only null.
                s.const_value = Some(Value::Null);
            }
        }
    }

    /// 3.0's boolean `exclusiveMinimum`/`exclusiveMaximum` modify `minimum`/`maximum`; 3.1's
    /// are the bounds themselves. Both become numeric bounds.
    fn exclusive_bounds(&mut self, s: &mut Schema, exclusive: [Option<(Value, JsonPointer)>; 2]) {
        let [min, max] = exclusive;
        for (written, is_min) in [(min, true), (max, false)] {
            let Some((v, at)) = written else { continue };
            let (bound, exclusive) = if is_min {
                (&mut s.minimum, &mut s.exclusive_minimum)
            } else {
                (&mut s.maximum, &mut s.exclusive_maximum)
            };
            match v {
                Value::Bool(true) => match bound.take() {
                    Some(n) => *exclusive = Some(n),
                    None => self.warning(&at, "an exclusive bound without the bound it modifies is ignored"),
                },
                Value::Bool(false) => {}
                Value::Number(n) => {
                    if self.version == Version::V3_0 {
                        self.problems
                            .warnings
                            .push((at, "a numeric exclusive bound is OpenAPI 3.1; read as such".to_owned()));
                    }
                    *exclusive = Some(n);
                }
                other => self.defect(&at, format!("must be a number or a boolean, not {}", describe(&other))),
            }
        }
    }

    fn schema_map(&mut self, v: Value, at: &JsonPointer, what: &str) -> IndexMap<String, Schema> {
        self.entries(v, at, what, |r, _, v, at| Some(r.schema(v, at)))
    }

    fn schema_list(&mut self, v: Value, at: &JsonPointer, what: &str) -> Vec<Schema> {
        self.list(v, at, what, |r, v, at| Some(r.schema(v, at)))
    }

    fn discriminator(&mut self, v: Value, at: &JsonPointer) -> Option<Discriminator> {
        let map = self.object(v, at, "`discriminator`")?;
        let mut d = Discriminator {
            at: at.clone(),
            ..Discriminator::default()
        };
        let mut has_property = false;
        for (k, v) in map {
            let a = at.push(&k);
            match k.as_str() {
                "propertyName" => {
                    has_property = true;
                    d.property_name = self.string(v, &a)?;
                }
                "mapping" => {
                    d.mapping = self.entries(v, &a, "`mapping`", |r, _, v, at| r.string(v, &at));
                }
                _ => {}
            }
        }
        if !has_property {
            self.defect(at, "a discriminator needs `propertyName`");
            return None;
        }
        Some(d)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::document::{Node, SchemaType as T};

    fn read(version: &str, body: &str) -> Document {
        let text = format!("openapi: {version}\ninfo: {{title: t, version: '1', summary: s}}\n{body}");
        crate::load::load_spec("t.yaml", &text).unwrap_or_else(|e| panic!("{e}"))
    }

    /// The component schema `name` of a 3.1 document whose components hold `schemas`.
    fn schema31(schemas: &str, name: &str) -> Schema {
        let doc = read("3.1.0", &format!("components:\n  schemas:\n{schemas}"));
        doc.components.schemas[name].clone()
    }

    fn warnings(doc: &Document) -> Vec<String> {
        doc.warnings.iter().map(|(p, m)| format!("{p}: {m}")).collect()
    }

    #[test]
    fn type_lists_and_null() {
        let s = |t: &str| schema31(&format!("    A: {{type: {t}}}\n"), "A");
        let nullable = s("[string, 'null']");
        assert_eq!(
            (nullable.types.as_slice(), nullable.nullable),
            ([T::String].as_slice(), true)
        );
        let two = s("[number, string]");
        assert_eq!(
            (two.types.as_slice(), two.nullable),
            ([T::Number, T::String].as_slice(), false)
        );
        let only_null = s("'null'");
        assert!(only_null.types.is_empty() && only_null.nullable);
        assert_eq!(only_null.const_value, Some(Value::Null));
        // The same in 3.0 is read, with a warning each.
        let doc = read(
            "3.0.3",
            "paths: {}\ncomponents:\n  schemas:\n    A: {type: [string, 'null']}\n    B: {type: 'null'}\n",
        );
        assert!(doc.components.schemas["A"].nullable && doc.components.schemas["B"].nullable);
        assert_eq!(warnings(&doc).len(), 2, "{:?}", warnings(&doc));
    }

    #[test]
    fn nullable_in_3_1_is_read_with_a_warning() {
        let doc = read(
            "3.1.0",
            "components:\n  schemas:\n    A: {type: string, nullable: true}\n",
        );
        assert!(doc.components.schemas["A"].nullable);
        assert_eq!(
            warnings(&doc),
            [
                "#/components/schemas/A/nullable: `nullable` is OpenAPI 3.0 (3.1 writes `type: [..., \"null\"]`); read as such"
            ]
        );
    }

    #[test]
    fn const_and_examples() {
        let s = schema31("    A: {const: x, examples: [x, y], example: z}\n", "A");
        assert_eq!(s.const_value, Some(json!("x")));
        assert_eq!(s.listed_values(), Some(vec![&json!("x")]));
        let examples: Vec<(String, Value)> = s.examples.iter().map(|(p, v)| (p.to_string(), v.clone())).collect();
        assert_eq!(
            examples,
            [
                ("#/components/schemas/A/example".to_owned(), json!("z")),
                ("#/components/schemas/A/examples/0".to_owned(), json!("x")),
                ("#/components/schemas/A/examples/1".to_owned(), json!("y")),
            ]
        );
    }

    #[test]
    fn exclusive_bounds_become_numeric() {
        let s = schema31(
            "    A: {type: number, exclusiveMinimum: 0, exclusiveMaximum: 1.5}\n",
            "A",
        );
        assert_eq!(
            (s.exclusive_minimum, s.exclusive_maximum),
            (Some(0.into()), Number::from_f64(1.5))
        );
        let doc = read(
            "3.0.3",
            "paths: {}\ncomponents:\n  schemas:\n    A: {type: integer, minimum: 1, exclusiveMinimum: true, maximum: 9, exclusiveMaximum: false}\n",
        );
        let a = &doc.components.schemas["A"];
        assert_eq!((a.minimum.clone(), a.exclusive_minimum.clone()), (None, Some(1.into())));
        assert_eq!((a.maximum.clone(), a.exclusive_maximum.clone()), (Some(9.into()), None));
        assert!(doc.warnings.is_empty());
    }

    #[test]
    fn prefix_items_and_3_0_item_lists() {
        let s = schema31(
            "    A: {type: array, prefixItems: [{type: string}, {type: integer}], items: false}\n",
            "A",
        );
        assert_eq!(s.prefix_items.len(), 2);
        assert_eq!(s.items.as_deref().and_then(|i| i.boolean), Some(false));
        assert_eq!(s.prefix_items[1].at.to_string(), "#/components/schemas/A/prefixItems/1");
        let doc = read(
            "3.0.3",
            "paths: {}\ncomponents:\n  schemas:\n    A: {type: array, items: [{type: string}]}\n",
        );
        assert_eq!(doc.components.schemas["A"].prefix_items.len(), 1);
        assert_eq!(doc.warnings.len(), 1);
    }

    #[test]
    fn defs_are_reachable_by_reference() {
        let doc = read(
            "3.1.0",
            "components:\n  schemas:\n    A:\n      $defs:\n        Code: {type: string}\n      properties:\n        c: {$ref: '#/components/schemas/A/$defs/Code'}\n",
        );
        let a = &doc.components.schemas["A"];
        let target = doc.deref_schema(&a.properties["c"]).unwrap();
        assert_eq!(target.at.to_string(), "#/components/schemas/A/$defs/Code");
        assert_eq!(target.single_type(), Some(T::String));
        assert!(doc.reference_errors().is_empty());
    }

    #[test]
    fn ref_siblings_apply_in_3_1_and_are_ignored_in_3_0() {
        let schemas = "    B: {type: string}\n    A:\n      properties:\n        doc: {$ref: '#/components/schemas/B', description: Documented}\n        tight: {$ref: '#/components/schemas/B', maxLength: 3}\n";
        let doc = read("3.1.0", &format!("components:\n  schemas:\n{schemas}"));
        let props = &doc.components.schemas["A"].properties;
        assert!(props["doc"].is_plain_ref(), "a description only documents");
        assert_eq!(props["doc"].description.as_deref(), Some("Documented"));
        assert!(!props["tight"].is_plain_ref());
        assert_eq!(props["tight"].max_length, Some(3));
        assert!(doc.warnings.is_empty());
        let doc = read("3.0.3", &format!("paths: {{}}\ncomponents:\n  schemas:\n{schemas}"));
        let props = &doc.components.schemas["A"].properties;
        assert_eq!(props["tight"].max_length, None, "3.0 ignores keys beside $ref");
        assert!(props["tight"].is_plain_ref());
        assert_eq!(
            props["doc"].description.as_deref(),
            Some("Documented"),
            "kept as documentation"
        );
        assert_eq!(doc.warnings.len(), 2, "{:?}", warnings(&doc));
    }

    #[test]
    fn content_encoding_and_media_type() {
        let s = schema31(
            "    A: {type: string, contentEncoding: base64, contentMediaType: image/png}\n",
            "A",
        );
        assert_eq!(s.content_encoding.as_deref(), Some("base64"));
        assert_eq!(s.content_media_type.as_deref(), Some("image/png"));
    }

    #[test]
    fn path_items_without_paths_and_info() {
        let doc = read(
            "3.1.0",
            "components:\n  pathItems:\n    P:\n      get:\n        responses: {'200': {description: ok}}\n",
        );
        assert!(doc.paths.is_empty());
        assert_eq!(doc.info.summary.as_deref(), Some("s"));
        assert!(matches!(
            doc.node_at(&JsonPointer::parse("#/components/pathItems/P/get").unwrap()),
            Ok(Node::Operation(_))
        ));
        let license = read("3.1.0", "paths: {}\n").info.license;
        assert!(license.is_none());
        let text = "openapi: 3.1.0\ninfo: {title: t, version: '1', license: {name: MIT, identifier: MIT}}\n";
        let doc = crate::load::load_spec("t.yaml", text).unwrap();
        assert_eq!(doc.info.license.unwrap().identifier.as_deref(), Some("MIT"));
        // 3.0 requires `paths`: read without operations, with a warning.
        let doc = crate::load::load_spec("t.yaml", "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n").unwrap();
        assert_eq!(
            warnings(&doc),
            ["#: an OpenAPI 3.0 document needs `paths`; the generator reads it without operations"]
        );
    }

    #[test]
    fn webhooks_are_operations_of_their_own() {
        let doc = read(
            "3.1.0",
            "webhooks:\n  newPet:\n    post:\n      operationId: onNewPet\n      responses: {'200': {description: ok}}\n",
        );
        let sites = doc.operations();
        assert_eq!(sites.len(), 1);
        assert!(sites[0].is_webhook);
        assert_eq!(
            (sites[0].key, sites[0].at.to_string().as_str()),
            ("newPet", "#/webhooks/newPet/post")
        );
    }

    #[test]
    fn unenforced_keywords_are_kept() {
        let s = schema31(
            "    A: {if: {required: [a]}, then: {required: [b]}, $dynamicRef: '#x', x-note: 1}\n",
            "A",
        );
        let kept: Vec<&str> = s.other.keys().map(String::as_str).collect();
        assert_eq!(kept, ["if", "then", "$dynamicRef"]);
        assert_eq!(s.extensions["x-note"], json!(1));
        // And written back for validators.
        assert_eq!(s.to_json_schema()["if"], json!({"required": ["a"]}));
    }

    #[test]
    fn versions() {
        assert_eq!(read("3.0.0", "paths: {}\n").version, Version::V3_0);
        assert_eq!(read("3.1.1", "paths: {}\n").version, Version::V3_1);
        let err = crate::load::load_spec("t.yaml", "openapi: 3\ninfo: {title: t, version: '1'}\n").unwrap_err();
        assert!(err.0[0].message.contains("must be a string"), "{}", err.0[0]);
    }
}
