//! Lower: the document's schemas to the IR's [`TypeSpace`].
//!
//! Ids are given to every component before any is converted (as typify does), so references,
//! including recursive ones, resolve in one pass. Lowering reads the raw JSON of the document
//! (which `load` has already checked against openapiv3's model) so every node has its pointer
//! and vendor extensions are at hand. Every problem is collected before failing.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::error::Diagnostic;
use crate::ir::{
    Api, Body, Constraints, Discriminator, Group, Field, FieldState, Method, Name, Operation, Param, ParamLocation,
    PathTemplate, Prim, Response, SecurityKind, SecurityScheme, Server, Status, TypeDef, TypeId,
    TypeKind, TypeRef, TypeSpace, UnionVariant,
};
use crate::load::Spec;
use crate::naming::{self, Namer};
use crate::pointer::JsonPointer;

/// Lowering failed; every problem found.
#[derive(Debug, thiserror::Error)]
#[error("{} problem(s) in {}:\n{}", .0.len(), .0.first().map_or("the document", |d| d.file.as_str()), crate::error::render_all(.0))]
pub struct LowerError(pub Vec<Diagnostic>);

/// Lowers the whole document.
pub fn lower_api(spec: &Spec) -> Result<Api, LowerError> {
    let doc = &spec.value;
    let mut cx = Lowering {
        doc,
        space: TypeSpace::default(),
        inline_by_source: BTreeMap::new(),
        type_names: Namer::for_types(),
        problems: Vec::new(),
        patterns: Default::default(),
    };
    let schemas = JsonPointer::root().push("components").push("schemas");
    let components: Vec<(String, &Value)> = schemas
        .resolve(doc)
        .and_then(Value::as_object)
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v)).collect())
        .unwrap_or_default();
    // Ids first, so any schema may refer to any other.
    for (key, _) in &components {
        let rust = cx.type_names.claim(naming::type_name(key));
        let at = schemas.push(key.clone());
        let id = cx.reserve(Name { raw: key.clone(), rust }, at.clone());
        cx.space.by_ref.insert(at.to_string(), id);
    }
    for (index, (key, schema)) in components.iter().enumerate() {
        let id = TypeId(index);
        let at = schemas.push(key.clone());
        let kind = match cx.named_kind(schema, &at, id) {
            Some(kind) => kind,
            None => TypeKind::Alias(cx.type_ref(schema, &at, &cx.space.get(id).name.rust.clone())),
        };
        let def = &mut cx.space.defs[id.0];
        def.kind = kind;
        def.docs = docs_of(schema);
    }
    let operations = cx.operations();
    let groups = group_operations(doc, &operations);
    let error_body = common_error_body(&operations);
    let error_mapping = error_body.as_ref().and_then(|ty| error_mapping(doc, &cx.space, ty));
    box_recursive_fields(&mut cx.space);
    if !cx.problems.is_empty() {
        return Err(LowerError(spec.diagnostics(cx.problems)));
    }
    Ok(Api {
        title: spec.openapi.info.title.clone(),
        version: spec.openapi.info.version.clone(),
        docs: spec.openapi.info.description.clone(),
        servers: lower_servers(doc),
        security_schemes: lower_security_schemes(doc),
        types: cx.space,
        operations,
        groups,
        error_body,
        error_mapping,
    })
}

/// Reads `x-error-body` of the error body's schema: `{code: <property>, message: <property>,
/// uri: <property>, fixed: {<property>: text}, codes: {badRequest: '...', ...}}`. Only text
/// properties can be filled; without the extension the server answers with plain JSON.
fn error_mapping(doc: &Value, space: &TypeSpace, ty: &TypeRef) -> Option<crate::ir::ErrorMapping> {
    use crate::ir::{ErrorFill, ErrorMapping};
    let TypeRef::Named(id) = ty else { return None };
    let def = space.get(*id);
    let spec = def.source.resolve(doc)?.get("x-error-body")?;
    let TypeKind::Struct { fields, .. } = &def.kind else { return None };
    let role = |name: &str| -> ErrorFill {
        if str_of(spec, "code") == Some(name) {
            ErrorFill::Code
        } else if str_of(spec, "message") == Some(name) {
            ErrorFill::Message
        } else if str_of(spec, "uri") == Some(name) {
            ErrorFill::Uri
        } else if let Some(text) = spec.get("fixed").and_then(|f| f.get(name)).and_then(Value::as_str) {
            ErrorFill::Fixed(text.to_owned())
        } else {
            ErrorFill::Default
        }
    };
    let is_text = |t: &TypeRef| match t {
        TypeRef::Option(inner) => matches!(**inner, TypeRef::Prim(Prim::String)),
        other => matches!(other, TypeRef::Prim(Prim::String)),
    };
    let mapped: Vec<_> = fields.iter().map(|f| (f.clone(), role(&f.name.raw))).collect();
    // A filled field that is not text, or a required one left unfilled, cannot be built.
    let buildable = mapped.iter().all(|(f, fill)| match fill {
        ErrorFill::Default => f.state != FieldState::Required || is_text(&f.ty),
        _ => is_text(&f.ty),
    });
    buildable.then(|| ErrorMapping {
        fields: mapped,
        codes: spec
            .get("codes")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
            .collect(),
    })
}

/// One group per first tag, in order of first use; untagged operations form a `default` group.
fn group_operations(doc: &Value, operations: &[Operation]) -> Vec<Group> {
    let tag_docs = |tag: &str| {
        list_of(doc, "tags")
            .iter()
            .find(|t| str_of(t, "name") == Some(tag))
            .and_then(|t| str_of(t, "description"))
            .map(str::to_owned)
    };
    let mut names = Namer::new();
    let mut groups: Vec<Group> = Vec::new();
    for (index, op) in operations.iter().enumerate() {
        let raw = op.tag.as_ref().map_or("default", |t| t.raw.as_str());
        match groups.iter_mut().find(|g| g.name.raw == raw) {
            Some(group) => group.operations.push(index),
            None => groups.push(Group {
                name: Name {
                    raw: raw.to_owned(),
                    rust: names.claim(naming::type_name(&format!("{raw} api"))),
                },
                call_fn: names.claim(naming::field_name(&format!("call {raw} api"))),
                routes_fn: names.claim(naming::field_name(&format!("{raw} api routes"))),
                docs: tag_docs(raw),
                operations: vec![index],
            }),
        }
    }
    groups
}

/// The error body shared by every error response that has a body, if there is exactly one.
fn common_error_body(operations: &[Operation]) -> Option<TypeRef> {
    let mut bodies = operations
        .iter()
        .flat_map(|op| &op.responses)
        .filter(|r| r.status.is_error())
        .filter_map(|r| r.body.as_ref().map(|b| &b.ty));
    let first = bodies.next()?.clone();
    bodies.all(|b| *b == first).then_some(first)
}

fn lower_servers(doc: &Value) -> Vec<Server> {
    let mut names = Namer::new();
    list_of(doc, "servers")
        .iter()
        .enumerate()
        .filter_map(|(i, server)| {
            let url = str_of(server, "url")?.to_owned();
            let raw = str_of(server, "x-name")
                .or_else(|| str_of(server, "description"))
                .map_or_else(|| format!("server{i}"), str::to_owned);
            Some(Server {
                url,
                name: Name {
                    rust: names.claim(naming::field_name(&raw)),
                    raw,
                },
                docs: str_of(server, "description").map(str::to_owned),
            })
        })
        .collect()
}

fn lower_security_schemes(doc: &Value) -> Vec<SecurityScheme> {
    let mut names = Namer::new();
    let schemes = JsonPointer::parse("#/components/securitySchemes").and_then(|p| p.resolve(doc));
    schemes
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(key, scheme)| {
            let kind = match str_of(scheme, "type") {
                Some("apiKey") => SecurityKind::ApiKey {
                    location: location_of(str_of(scheme, "in").unwrap_or("header")),
                    param: str_of(scheme, "name").unwrap_or(key).to_owned(),
                },
                Some("http") => SecurityKind::Http {
                    scheme: str_of(scheme, "scheme").unwrap_or("bearer").to_ascii_lowercase(),
                },
                _ => SecurityKind::Token,
            };
            SecurityScheme {
                name: Name {
                    raw: key.clone(),
                    rust: names.claim(naming::field_name(key)),
                },
                kind,
                secret: scheme.get("x-secret") != Some(&Value::Bool(false)),
                docs: docs_of(scheme),
            }
        })
        .collect()
}

fn location_of(text: &str) -> ParamLocation {
    match text {
        "path" => ParamLocation::Path,
        "header" => ParamLocation::Header,
        "cookie" => ParamLocation::Cookie,
        _ => ParamLocation::Query,
    }
}

/// A variant name for a status: the reason phrase where there is a common one.
fn status_label(status: &Status) -> String {
    match status {
        Status::Code(code) => match code {
            200 => "Ok".into(),
            201 => "Created".into(),
            202 => "Accepted".into(),
            204 => "NoContent".into(),
            301 => "MovedPermanently".into(),
            302 => "Found".into(),
            304 => "NotModified".into(),
            400 => "BadRequest".into(),
            401 => "Unauthorized".into(),
            403 => "Forbidden".into(),
            404 => "NotFound".into(),
            405 => "MethodNotAllowed".into(),
            409 => "Conflict".into(),
            413 => "PayloadTooLarge".into(),
            415 => "UnsupportedMediaType".into(),
            422 => "UnprocessableEntity".into(),
            429 => "TooManyRequests".into(),
            500 => "InternalServerError".into(),
            502 => "BadGateway".into(),
            503 => "ServiceUnavailable".into(),
            other => format!("Status{other}"),
        },
        Status::Range(digit) => format!("Status{digit}xx"),
        Status::Default => "Default".into(),
    }
}

fn parse_status(key: &str) -> Option<Status> {
    if key == "default" {
        return Some(Status::Default);
    }
    if key.len() == 3 && key[1..].eq_ignore_ascii_case("xx") {
        return key[..1].parse().ok().filter(|d| (1..=5).contains(d)).map(Status::Range);
    }
    key.parse().ok().filter(|c| (100..600).contains(c)).map(Status::Code)
}

/// The media type to use from a `content` map: JSON first, then anything else.
fn pick_content(content: &Value) -> Option<(&String, &Value)> {
    let map = content.as_object()?;
    map.iter()
        .find(|(k, _)| k.starts_with("application/json"))
        .or_else(|| map.iter().find(|(k, _)| k.ends_with("+json") || k.as_str() == "*/*"))
        .or_else(|| map.iter().next())
}

struct Lowering<'a> {
    doc: &'a Value,
    space: TypeSpace,
    /// Inline types by the pointer of their schema, so a shared response or parameter defines
    /// its inline types once, not once per operation that uses it.
    inline_by_source: BTreeMap<String, TypeId>,
    type_names: Namer,
    problems: Vec<(JsonPointer, String)>,
    patterns: crate::validate::Patterns,
}

/// Title and description, joined as rustdoc paragraphs.
fn docs_of(schema: &Value) -> Option<String> {
    let parts: Vec<&str> = ["title", "description"]
        .iter()
        .filter_map(|k| schema.get(*k).and_then(Value::as_str))
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

fn is_nullable(schema: &Value) -> bool {
    schema.get("nullable") == Some(&Value::Bool(true))
}

fn str_of<'v>(schema: &'v Value, key: &str) -> Option<&'v str> {
    schema.get(key).and_then(Value::as_str)
}

fn list_of<'v>(schema: &'v Value, key: &str) -> &'v [Value] {
    schema
        .get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

impl<'a> Lowering<'a> {
    fn reserve(&mut self, name: Name, source: JsonPointer) -> TypeId {
        let id = TypeId(self.space.defs.len());
        self.space.defs.push(TypeDef {
            id,
            name,
            docs: None,
            source,
            kind: TypeKind::Alias(TypeRef::Json),
        });
        id
    }

    /// Allocates an inline type named `hint` (already a Rust type name candidate).
    fn new_type(&mut self, schema: &Value, at: &JsonPointer, hint: &str) -> Option<TypeId> {
        if !needs_named_type(schema) {
            return None;
        }
        let rust = self.type_names.claim(naming::type_name(hint));
        let id = self.reserve(
            Name {
                raw: hint.to_owned(),
                rust,
            },
            at.clone(),
        );
        match self.named_kind(schema, at, id) {
            Some(kind) => {
                let def = &mut self.space.defs[id.0];
                def.kind = kind;
                def.docs = docs_of(schema);
                Some(id)
            }
            None => {
                // `needs_named_type` said yes but the shape maps to a plain type after all: give
                // the id back (the claimed name stays taken, which only costs a suffix).
                self.space.defs.pop();
                None
            }
        }
    }

    /// The kind of a schema that needs its own named type (object, enum, union, allOf), or
    /// `None` for shapes that map to a plain Rust type.
    fn named_kind(&mut self, schema: &Value, at: &JsonPointer, id: TypeId) -> Option<TypeKind> {
        if schema.get("$ref").is_some() {
            return None;
        }
        let hint = self.space.get(id).name.rust.clone();
        let one_of = list_of(schema, "oneOf");
        let any_of = list_of(schema, "anyOf");
        let all_of = list_of(schema, "allOf");
        if !one_of.is_empty() || !any_of.is_empty() {
            let (key, members) = if one_of.is_empty() { ("anyOf", any_of) } else { ("oneOf", one_of) };
            return Some(self.union(members, &at.push(key), &hint, schema));
        }
        if all_of.len() > 1 || (all_of.len() == 1 && schema.get("properties").is_some()) {
            return Some(self.merged_struct(schema, at, &hint));
        }
        if let Some([only]) = Some(all_of).filter(|a| a.len() == 1) {
            return self.named_kind(only, &at.push("allOf").push("0"), id);
        }
        let ty = str_of(schema, "type");
        if (ty == Some("string") || ty.is_none()) && !list_of(schema, "enum").is_empty() {
            let values: Vec<&str> = list_of(schema, "enum").iter().filter_map(Value::as_str).collect();
            if values.len() == list_of(schema, "enum").len() {
                return Some(self.string_enum(&values));
            }
        }
        let has_props = schema.get("properties").is_some_and(|p| p.as_object().is_some_and(|m| !m.is_empty()));
        if has_props && (ty.is_none() || ty == Some("object")) {
            return Some(self.object(schema, at, &hint));
        }
        None
    }

    fn operations(&mut self) -> Vec<Operation> {
        let doc = self.doc;
        let mut ids = Namer::new();
        let mut type_names = Namer::for_types();
        let mut out = Vec::new();
        let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
            return out;
        };
        for (path, item) in paths {
            let item_at = JsonPointer::root().push("paths").push(path.clone());
            let item = self.deref(item);
            for method in Method::ALL {
                if let Some(op) = item.get(method.key()) {
                    let at = item_at.push(method.key());
                    if let Some(op) =
                        self.operation(path, item, &item_at, op, &at, method, (&mut ids, &mut type_names))
                    {
                        out.push(op);
                    }
                }
            }
        }
        out
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        path: &str,
        item: &Value,
        item_at: &JsonPointer,
        op: &Value,
        at: &JsonPointer,
        method: Method,
        (ids, type_names): (&mut Namer, &mut Namer),
    ) -> Option<Operation> {
        // A `#fragment` never reaches a server (validate warns); the path is what precedes it.
        let template = match PathTemplate::parse(path.split('#').next().unwrap_or(path)) {
            Ok(t) => t,
            Err(e) => {
                self.problems.push((item_at.clone(), e));
                return None;
            }
        };
        let raw_id = str_of(op, "operationId")
            .map_or_else(|| format!("{} {path}", method.key()), str::to_owned);
        let id = Name {
            rust: ids.claim(naming::field_name(&raw_id)),
            raw: raw_id,
        };
        let type_hint = naming::type_name(&id.raw);
        let type_name = type_names.claim(type_hint.clone());
        let mut names = Namer::new();
        // Names the request type itself uses.
        for taken in ["body", "new", "validate", "validate_into"] {
            names.reserve(taken);
        }
        // Operation parameters override path-item parameters with the same name and location.
        let mut raw_params: Vec<(JsonPointer, &Value)> = Vec::new();
        for (base, list) in [(item_at, item), (at, op)] {
            for (i, p) in list_of(list, "parameters").iter().enumerate() {
                let p_at = base.push("parameters").push(i.to_string());
                let key = |v: &Value| (str_of(v, "name").map(str::to_owned), str_of(v, "in").map(str::to_owned));
                let resolved = self.deref(p);
                raw_params.retain(|(_, q)| key(self.deref(q)) != key(resolved));
                raw_params.push((p_at, p));
            }
        }
        let params: Vec<Param> = raw_params
            .into_iter()
            .filter_map(|(p_at, p)| {
                let (p, p_at) = self.deref_at(p, &p_at);
                let raw = str_of(p, "name")?.to_owned();
                let location = location_of(str_of(p, "in").unwrap_or("query"));
                let required = location == ParamLocation::Path || p.get("required") == Some(&Value::Bool(true));
                let schema = p
                    .get("schema")
                    .cloned()
                    .or_else(|| pick_content(p.get("content")?).and_then(|(_, m)| m.get("schema").cloned()))
                    .unwrap_or(Value::Null);
                let ty = self.type_ref(&schema, &p_at.push("schema"), &format!("{type_hint}_{raw}"));
                let default = self
                    .deref(&schema)
                    .get("default")
                    .filter(|d| !required && self.default_fits(&ty, d))
                    .cloned();
                let ty = match ty {
                    TypeRef::Option(_) => ty,
                    ty if !required && default.is_none() => TypeRef::Option(Box::new(ty)),
                    ty => ty,
                };
                Some(Param {
                    name: Name {
                        rust: names.claim(naming::field_name(&raw)),
                        raw,
                    },
                    location,
                    ty,
                    required,
                    default,
                    docs: docs_of(p),
                    constraints: constraints_of(self.deref(&schema), &mut self.patterns),
                    idempotency_key: p.get("x-idempotency-key") == Some(&Value::Bool(true)),
                    source: p_at,
                })
            })
            .collect();
        let body = op.get("requestBody").and_then(|b| {
            let (b, b_at) = self.deref_at(b, &at.push("requestBody"));
            let required = b.get("required") == Some(&Value::Bool(true));
            self.body(b, &b_at, &format!("{type_hint}_request"), required)
        });
        let mut responses = Vec::new();
        let mut labels = Namer::new();
        if let Some(map) = op.get("responses").and_then(Value::as_object) {
            for (key, response) in map {
                let r_at = at.push("responses").push(key.clone());
                let Some(status) = parse_status(key) else {
                    self.problems.push((r_at, format!("`{key}` is not a status code, a range like 4XX, or default")));
                    continue;
                };
                let (response, def_at) = self.deref_at(response, &r_at);
                let label = status_label(&status);
                let body = self.body(response, &def_at, &format!("{type_hint}_{label}_response"), true);
                responses.push(Response {
                    name: Name {
                        rust: labels.claim(naming::type_name(&label)),
                        raw: key.clone(),
                    },
                    status,
                    docs: docs_of(response),
                    body,
                    source: r_at,
                });
            }
        }
        let security = op
            .get("security")
            .or_else(|| self.doc.get("security"))
            .and_then(Value::as_array)
            .map(|reqs| {
                reqs.iter()
                    .map(|r| r.as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default())
                    .collect()
            })
            .unwrap_or_default();
        let require_any_of: Vec<Vec<String>> = list_of(op, "x-require-any-of")
            .iter()
            .map(|group| {
                group
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .collect();
        self.check_any_of(&require_any_of, &params, body.as_ref(), &at.push("x-require-any-of"));
        let tag = list_of(op, "tags").iter().find_map(Value::as_str).map(|t| Name {
            raw: t.to_owned(),
            rust: naming::type_name(t),
        });
        Some(Operation {
            id,
            type_name,
            method,
            path: template,
            tag,
            summary: str_of(op, "summary").map(str::to_owned),
            docs: str_of(op, "description").map(str::to_owned),
            deprecated: op.get("deprecated") == Some(&Value::Bool(true)),
            params,
            body,
            responses,
            security,
            require_any_of,
            source: at.clone(),
        })
    }

    /// Whether a documented default can be written as a value of the field's type; only then
    /// is the field a plain value filled with the default (otherwise it stays optional).
    fn default_fits(&self, ty: &TypeRef, value: &Value) -> bool {
        match ty {
            TypeRef::Prim(Prim::String | Prim::DateTime | Prim::Byte | Prim::Binary) => value.is_string(),
            TypeRef::Prim(Prim::I32) => value.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
            TypeRef::Prim(Prim::I64) => value.is_i64(),
            TypeRef::Prim(Prim::U64) => value.is_u64(),
            TypeRef::Prim(Prim::F32 | Prim::F64) => value.is_number(),
            TypeRef::Prim(Prim::Bool) => value.is_boolean(),
            TypeRef::Named(id) => matches!(self.space.get(*id).kind, TypeKind::Enum { .. }) && value.is_string(),
            _ => false,
        }
    }

    /// Every name of an `x-require-any-of` group must be a parameter or a body property.
    fn check_any_of(&mut self, groups: &[Vec<String>], params: &[Param], body: Option<&Body>, at: &JsonPointer) {
        let body_fields: Vec<&str> = match body.map(|b| &b.ty) {
            Some(TypeRef::Named(id)) => match &self.space.get(*id).kind {
                TypeKind::Struct { fields, .. } => fields.iter().map(|f| f.name.raw.as_str()).collect(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        for (g, group) in groups.iter().enumerate() {
            for name in group {
                let known = params.iter().any(|p| &p.name.raw == name) || body_fields.contains(&name.as_str());
                if !known {
                    self.problems.push((
                        at.push(g.to_string()),
                        format!("x-require-any-of names `{name}`, which is neither a parameter nor a body property"),
                    ));
                }
            }
        }
    }

    /// The body of a request or response: its media type and the type of its schema.
    fn body(&mut self, holder: &Value, at: &JsonPointer, hint: &str, required: bool) -> Option<Body> {
        let (content_type, media) = pick_content(holder.get("content")?)?;
        let media_at = at.push("content").push(content_type.clone());
        let ty = match media.get("schema") {
            Some(schema) => self.type_ref(schema, &media_at.push("schema"), hint),
            None => TypeRef::Json,
        };
        Some(Body {
            content_type: content_type.clone(),
            ty,
            required,
            source: media_at,
        })
    }

    fn string_enum(&mut self, values: &[&str]) -> TypeKind {
        let mut names = Namer::new();
        names.reserve("Unknown");
        let mut seen = BTreeSet::new();
        let variants = values
            .iter()
            .filter(|v| seen.insert(**v))
            .map(|v| Name {
                raw: (*v).to_owned(),
                rust: names.claim(naming::variant_name(v)),
            })
            .collect();
        TypeKind::Enum { variants }
    }

    fn union(&mut self, members: &[Value], at: &JsonPointer, hint: &str, schema: &Value) -> TypeKind {
        let mut names = Namer::new();
        // A discriminated union keeps tags it does not know in an `Unknown` variant.
        if schema.get("discriminator").is_some() {
            names.reserve("Unknown");
        }
        let mut variants = Vec::new();
        for (i, member) in members.iter().enumerate() {
            let member_at = at.push(i.to_string());
            let label = self.variant_label(member, i);
            let ty = self.type_ref(member, &member_at, &format!("{hint}_{label}"));
            variants.push(UnionVariant {
                name: Name {
                    raw: label.clone(),
                    rust: names.claim(naming::variant_name(&label)),
                },
                ty,
            });
        }
        let discriminator = schema.get("discriminator").and_then(|d| {
            let property = str_of(d, "propertyName")?.to_owned();
            let refs: Vec<Option<&str>> = members.iter().map(|m| str_of(m, "$ref")).collect();
            let mut mapping: Vec<(String, usize)> = Vec::new();
            if let Some(explicit) = d.get("mapping").and_then(Value::as_object) {
                for (value, target) in explicit {
                    let target = target.as_str().unwrap_or_default();
                    // A mapping may name the schema by full reference or by component name.
                    let index = refs.iter().position(|r| {
                        r.is_some_and(|r| r == target || r.rsplit('/').next() == Some(target))
                    });
                    if let Some(index) = index {
                        mapping.push((value.clone(), index));
                    }
                }
            }
            for (index, r) in refs.iter().enumerate() {
                let Some(name) = r.and_then(|r| r.rsplit('/').next()) else { continue };
                if !mapping.iter().any(|(_, i)| *i == index) {
                    mapping.push((name.to_owned(), index));
                }
            }
            Some(Discriminator { property, mapping })
        });
        TypeKind::Union {
            variants,
            discriminator,
        }
    }

    /// A readable variant label: the referenced component, the title, or the JSON type.
    fn variant_label(&self, member: &Value, index: usize) -> String {
        if let Some(r) = str_of(member, "$ref") {
            return r.rsplit('/').next().unwrap_or(r).to_owned();
        }
        if let Some(title) = str_of(member, "title") {
            return title.to_owned();
        }
        match str_of(member, "type") {
            Some(t) => t.to_owned(),
            None => format!("variant{index}"),
        }
    }

    fn object(&mut self, schema: &Value, at: &JsonPointer, hint: &str) -> TypeKind {
        let mut names = Namer::new();
        names.reserve("additional_properties");
        let fields = self.fields(schema, at, hint, &mut names);
        TypeKind::Struct {
            fields,
            additional: self.additional(schema, at, hint),
        }
    }

    fn fields(&mut self, schema: &Value, at: &JsonPointer, hint: &str, names: &mut Namer) -> Vec<Field> {
        let required: BTreeSet<&str> = list_of(schema, "required").iter().filter_map(Value::as_str).collect();
        let mut out = Vec::new();
        let Some(props) = schema.get("properties").and_then(Value::as_object) else {
            return out;
        };
        for (key, prop) in props {
            let prop_at = at.push("properties").push(key.clone());
            let resolved = self.deref(prop);
            let ty = self.type_ref(prop, &prop_at, &format!("{hint}_{key}"));
            // `nullable: true` on the property or on the schema it references; a schema
            // without a type takes any JSON value, `null` included.
            let nullable = is_nullable(prop)
                || is_nullable(resolved)
                || (matches!(ty, TypeRef::Json) && resolved.get("type").is_none());
            let default = resolved.get("default").filter(|d| self.default_fits(&ty, d));
            let state = if required.contains(key.as_str()) {
                FieldState::Required
            } else if let Some(default) = default {
                FieldState::Default(default.clone())
            } else {
                FieldState::Optional
            };
            let ty = match (&state, ty) {
                (_, TypeRef::Option(inner)) => TypeRef::Option(inner),
                (FieldState::Required | FieldState::Default(_), ty) => ty,
                (FieldState::Optional, ty) => TypeRef::Option(Box::new(ty)),
            };
            out.push(Field {
                name: Name {
                    raw: key.clone(),
                    rust: names.claim(naming::field_name(key)),
                },
                ty,
                state,
                nullable,
                docs: docs_of(prop),
                constraints: constraints_of(resolved, &mut self.patterns),
                source: prop_at,
            });
        }
        out
    }

    fn additional(&mut self, schema: &Value, at: &JsonPointer, hint: &str) -> Option<TypeRef> {
        match schema.get("additionalProperties") {
            Some(Value::Bool(true)) => Some(TypeRef::Json),
            Some(v @ Value::Object(m)) if m.is_empty() => {
                let _ = v;
                Some(TypeRef::Json)
            }
            Some(v @ Value::Object(_)) => {
                Some(self.type_ref(v, &at.push("additionalProperties"), &format!("{hint}_value")))
            }
            _ => None,
        }
    }

    /// allOf: the properties of every part (following `$ref`s) merged into one struct, in
    /// document order.
    fn merged_struct(&mut self, schema: &Value, at: &JsonPointer, hint: &str) -> TypeKind {
        let mut names = Namer::new();
        names.reserve("additional_properties");
        let mut merged = Merged::default();
        self.merge_part(schema, at, hint, &mut names, &mut merged, &mut BTreeSet::new());
        TypeKind::Struct {
            fields: merged.fields,
            additional: merged.additional,
        }
    }

    fn merge_part(
        &mut self,
        part: &Value,
        at: &JsonPointer,
        hint: &str,
        names: &mut Namer,
        merged: &mut Merged,
        visited: &mut BTreeSet<String>,
    ) {
        if let Some(r) = str_of(part, "$ref") {
            if !visited.insert(r.to_owned()) {
                return;
            }
            match JsonPointer::parse(r).and_then(|p| p.resolve(self.doc).map(|v| (v, p))) {
                Some((target, target_at)) => self.merge_part(target, &target_at, hint, names, merged, visited),
                None => self.problems.push((at.clone(), format!("$ref {r} does not resolve"))),
            }
            return;
        }
        for (i, nested) in list_of(part, "allOf").iter().enumerate() {
            self.merge_part(nested, &at.push("allOf").push(i.to_string()), hint, names, merged, visited);
        }
        for field in self.fields(part, at, hint, names) {
            // A later part may only narrow a field: keep the first definition.
            if !merged.fields.iter().any(|f| f.name.raw == field.name.raw) {
                merged.fields.push(field);
            }
        }
        // `required` applies to properties of any part, also when this part defines none.
        for name in list_of(part, "required").iter().filter_map(Value::as_str) {
            if let Some(existing) = merged.fields.iter_mut().find(|f| f.name.raw == name)
                && existing.state != FieldState::Required
            {
                existing.state = FieldState::Required;
                let nullable = self.deref_property(part, name).is_some_and(is_nullable);
                if let TypeRef::Option(inner) = &existing.ty
                    && !nullable
                {
                    existing.ty = (**inner).clone();
                }
            }
        }
        if merged.additional.is_none() {
            merged.additional = self.additional(part, at, hint);
        }
    }

    /// The schema of property `name` as declared in `part`, if `part` declares it.
    fn deref_property<'v>(&self, part: &'v Value, name: &str) -> Option<&'v Value>
    where
        'a: 'v,
    {
        part.get("properties").and_then(|p| p.get(name)).map(|p| self.deref(p))
    }

    /// Follows `$ref`s from `v` at `at`, returning the value reached and its own pointer, so
    /// IR nodes point where their definition is.
    fn deref_at<'v>(&self, v: &'v Value, at: &JsonPointer) -> (&'v Value, JsonPointer)
    where
        'a: 'v,
    {
        let (mut v, mut at) = (v, at.clone());
        for _ in 0..32 {
            let Some(p) = str_of(v, "$ref").and_then(JsonPointer::parse) else { break };
            let Some(next) = p.resolve(self.doc) else { break };
            (v, at) = (next, p);
        }
        (v, at)
    }

    fn deref<'v>(&self, schema: &'v Value) -> &'v Value
    where
        'a: 'v,
    {
        let mut v = schema;
        for _ in 0..32 {
            match str_of(v, "$ref").and_then(JsonPointer::parse).and_then(|p| p.resolve(self.doc)) {
                Some(next) => v = next,
                None => break,
            }
        }
        v
    }

    /// The Rust shape of a schema used in place (a field, an item, a variant).
    fn type_ref(&mut self, schema: &Value, at: &JsonPointer, hint: &str) -> TypeRef {
        let base = self.type_ref_inner(schema, at, hint);
        if is_nullable(schema) && !matches!(base, TypeRef::Option(_)) {
            TypeRef::Option(Box::new(base))
        } else {
            base
        }
    }

    fn type_ref_inner(&mut self, schema: &Value, at: &JsonPointer, hint: &str) -> TypeRef {
        if let Some(r) = str_of(schema, "$ref") {
            let key = JsonPointer::parse(r).map(|p| p.to_string()).unwrap_or_default();
            return match self.space.by_ref.get(&key) {
                Some(id) => TypeRef::Named(*id),
                None => {
                    self.problems.push((at.clone(), format!("$ref {r} does not name a component schema")));
                    TypeRef::Json
                }
            };
        }
        if let Some(id) = self.inline_by_source.get(&at.to_string()) {
            return TypeRef::Named(*id);
        }
        if let Some(id) = self.new_type(schema, at, hint) {
            self.inline_by_source.insert(at.to_string(), id);
            return TypeRef::Named(id);
        }
        let all_of = list_of(schema, "allOf");
        if let [only] = all_of {
            return self.type_ref(only, &at.push("allOf").push("0"), hint);
        }
        let format = str_of(schema, "format");
        match str_of(schema, "type") {
            Some("string") => TypeRef::Prim(match format {
                Some("date-time") => Prim::DateTime,
                Some("byte") => Prim::Byte,
                Some("binary") => Prim::Binary,
                _ => Prim::String,
            }),
            Some("integer") => TypeRef::Prim(match format {
                Some("int32") => Prim::I32,
                Some("uint64") => Prim::U64,
                _ => Prim::I64,
            }),
            Some("number") => TypeRef::Prim(match format {
                Some("float") => Prim::F32,
                Some("int32") => Prim::I32,
                Some("int64") => Prim::I64,
                _ => Prim::F64,
            }),
            Some("boolean") => TypeRef::Prim(Prim::Bool),
            Some("array") => {
                let items = schema.get("items").cloned().unwrap_or(Value::Null);
                let item = if items.is_object() {
                    self.type_ref(&items, &at.push("items"), &format!("{hint}_item"))
                } else {
                    TypeRef::Json
                };
                TypeRef::Vec(Box::new(item))
            }
            Some("object") | None if schema.get("additionalProperties").is_some() => {
                TypeRef::Map(Box::new(self.additional(schema, at, hint).unwrap_or(TypeRef::Json)))
            }
            _ => TypeRef::Json,
        }
    }
}

#[derive(Default)]
struct Merged {
    fields: Vec<Field>,
    additional: Option<TypeRef>,
}

/// Whether a schema used in place needs a named type of its own (mirrors `named_kind`).
fn needs_named_type(schema: &Value) -> bool {
    if schema.get("$ref").is_some() {
        return false;
    }
    let all_of = list_of(schema, "allOf");
    if !list_of(schema, "oneOf").is_empty() || !list_of(schema, "anyOf").is_empty() {
        return true;
    }
    if all_of.len() > 1 || (all_of.len() == 1 && schema.get("properties").is_some()) {
        return true;
    }
    if let [only] = all_of {
        return needs_named_type(only);
    }
    let ty = str_of(schema, "type");
    let values = list_of(schema, "enum");
    if (ty == Some("string") || ty.is_none()) && !values.is_empty() {
        return values.iter().all(Value::is_string);
    }
    let has_props = schema
        .get("properties")
        .is_some_and(|p| p.as_object().is_some_and(|m| !m.is_empty()));
    has_props && (ty.is_none() || ty == Some("object"))
}

fn constraints_of(schema: &Value, patterns: &mut crate::validate::Patterns) -> Constraints {
    let usize_of = |k: &str| schema.get(k).and_then(Value::as_u64).map(|n| n as usize);
    Constraints {
        max_length: usize_of("maxLength"),
        min_length: usize_of("minLength"),
        maximum: schema.get("maximum").and_then(Value::as_f64),
        minimum: schema.get("minimum").and_then(Value::as_f64),
        // A pattern the regex engine of the generated code cannot compile (look-around, back
        // references) is not enforced; `validate` lists it as a warning.
        pattern: str_of(schema, "pattern")
            .filter(|p| patterns.compiles(p))
            .map(str::to_owned),
        one_of_values: list_of(schema, "enum").iter().filter_map(Value::as_str).map(str::to_owned).collect(),
        allowed_numbers: list_of(schema, "enum").iter().filter_map(Value::as_f64).collect(),
    }
}

/// Breaks infinite-size recursion: a field whose type reaches its own struct without passing
/// through a `Vec` or a map is boxed.
fn box_recursive_fields(space: &mut TypeSpace) {
    let direct: BTreeMap<TypeId, Vec<TypeId>> = space
        .defs
        .iter()
        .map(|d| {
            let mut out = Vec::new();
            match &d.kind {
                TypeKind::Struct { fields, .. } => fields.iter().for_each(|f| direct_ids(&f.ty, &mut out)),
                TypeKind::Union { variants, .. } => variants.iter().for_each(|v| direct_ids(&v.ty, &mut out)),
                TypeKind::Alias(t) => direct_ids(t, &mut out),
                TypeKind::Enum { .. } => {}
            }
            (d.id, out)
        })
        .collect();
    let reaches = |from: TypeId, target: TypeId| {
        let mut stack = vec![from];
        let mut seen = BTreeSet::new();
        while let Some(t) = stack.pop() {
            if t == target {
                return true;
            }
            if seen.insert(t) {
                stack.extend(direct.get(&t).into_iter().flatten().copied());
            }
        }
        false
    };
    let mut boxes: Vec<(usize, usize)> = Vec::new();
    for def in &space.defs {
        let slots: Vec<&TypeRef> = match &def.kind {
            TypeKind::Struct { fields, .. } => fields.iter().map(|f| &f.ty).collect(),
            TypeKind::Union { variants, .. } => variants.iter().map(|v| &v.ty).collect(),
            _ => Vec::new(),
        };
        for (i, ty) in slots.into_iter().enumerate() {
            let mut ids = Vec::new();
            direct_ids(ty, &mut ids);
            if ids.iter().any(|t| reaches(*t, def.id)) {
                boxes.push((def.id.0, i));
            }
        }
    }
    for (def, slot) in boxes {
        let ty = match &mut space.defs[def].kind {
            TypeKind::Struct { fields, .. } => &mut fields[slot].ty,
            TypeKind::Union { variants, .. } => &mut variants[slot].ty,
            _ => continue,
        };
        *ty = boxed(std::mem::replace(ty, TypeRef::Json));
    }
}

/// Boxes inside an `Option`, so the field stays `Option<Box<T>>`.
fn boxed(ty: TypeRef) -> TypeRef {
    match ty {
        TypeRef::Option(inner) => TypeRef::Option(Box::new(boxed(*inner))),
        other => TypeRef::Box(Box::new(other)),
    }
}

/// Named types held by value (not behind a Vec, a map or a Box).
fn direct_ids(ty: &TypeRef, out: &mut Vec<TypeId>) {
    match ty {
        TypeRef::Named(id) => out.push(*id),
        TypeRef::Option(inner) => direct_ids(inner, out),
        TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Box(_) | TypeRef::Prim(_) | TypeRef::Json => {}
    }
}
