//! Lower: the [`Document`] model to the IR's [`Api`].
//!
//! Ids are given to every component before any is converted (as typify does), so references,
//! including recursive ones, resolve in one pass. Every problem is collected before failing.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::document::{
    self, Document, OperationSite, ParamLocation, Parameter, RequestBody, Response, Schema, SchemaType,
    SecuritySchemeKind, SiteAnalysis, Status, number_f64, pick_content,
};
use crate::error::Diagnostic;
use crate::ir::{
    Api, Body, Constraints, Discriminator, Field, FieldState, Group, Name, Operation, Param, Prim, SecurityKind,
    SecurityScheme, Server, TypeDef, TypeId, TypeKind, TypeRef, TypeSpace, UnionVariant,
};
use crate::naming::{self, Namer};
use crate::pointer::JsonPointer;

/// Lowering failed; every problem found.
#[derive(Debug, thiserror::Error)]
#[error("{} problem(s) in {}:\n{}", .0.len(), .0.first().map_or("the document", |d| d.file.as_str()), crate::error::render_all(.0))]
pub struct LowerError(pub Vec<Diagnostic>);

/// Lowers the whole document.
pub fn lower_api(doc: &Document) -> Result<Api, LowerError> {
    crate::stack::with_room(|| lower_here(doc))
}

fn lower_here(doc: &Document) -> Result<Api, LowerError> {
    let mut cx = Lowering {
        doc,
        space: TypeSpace::default(),
        inline_by_source: BTreeMap::new(),
        type_names: Namer::for_types(),
        problems: Vec::new(),
        patterns: Default::default(),
    };
    // Ids first, so any schema may refer to any other.
    for (key, schema) in &doc.components.schemas {
        let rust = cx.type_names.claim(naming::type_name(key));
        let id = cx.reserve(Name { raw: key.clone(), rust }, schema.at.clone());
        cx.space.by_ref.insert(schema.at.to_string(), id);
    }
    for (index, schema) in doc.components.schemas.values().enumerate() {
        let id = TypeId(index);
        let kind = match cx.named_kind(schema, &schema.at, id) {
            Some(kind) => kind,
            None => TypeKind::Alias(cx.type_ref(schema, &schema.at, &cx.space.get(id).name.rust.clone())),
        };
        let def = &mut cx.space.defs[id.0];
        def.kind = kind;
        def.docs = schema.docs();
    }
    let operations = cx.operations();
    let groups = group_operations(doc, &operations);
    let error_body = common_error_body(&operations);
    let error_mapping = error_body.as_ref().and_then(|ty| error_mapping(doc, &cx.space, ty));
    break_alias_cycles(&mut cx.space);
    box_recursive_fields(&mut cx.space);
    if !cx.problems.is_empty() {
        return Err(LowerError(doc.diagnostics(cx.problems)));
    }
    Ok(Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        package: lower_package(&doc.info),
        docs: doc.info.description.clone(),
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
fn error_mapping(doc: &Document, space: &TypeSpace, ty: &TypeRef) -> Option<crate::ir::ErrorMapping> {
    use crate::ir::{ErrorFill, ErrorMapping};
    let TypeRef::Named(id) = ty else { return None };
    let def = space.get(*id);
    let document::Node::Schema(schema) = doc.node_at(&def.source).ok()? else {
        return None;
    };
    let spec = schema.extensions.get("x-error-body")?;
    let TypeKind::Struct { fields, .. } = &def.kind else {
        return None;
    };
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

/// A text value of an extension's map.
fn str_of<'v>(value: &'v Value, key: &str) -> Option<&'v str> {
    value.get(key).and_then(Value::as_str)
}

/// One group per first tag, in order of first use; untagged operations form a `default` group,
/// and the webhooks one group of their own, `webhooks`.
fn group_operations(doc: &Document, operations: &[Operation]) -> Vec<Group> {
    let tag_docs = |tag: &str| {
        doc.tags
            .iter()
            .find(|t| t.name == tag)
            .and_then(|t| t.description.clone())
    };
    let mut names = Namer::new();
    let mut groups: Vec<Group> = Vec::new();
    for (index, op) in operations.iter().enumerate() {
        let raw = match &op.tag {
            _ if op.webhook => "webhooks",
            Some(tag) => tag.raw.as_str(),
            None => "default",
        };
        match groups
            .iter_mut()
            .find(|g| g.name.raw == raw && g.webhooks == op.webhook)
        {
            Some(group) => group.operations.push(index),
            None => groups.push(Group {
                name: Name {
                    raw: raw.to_owned(),
                    rust: names.claim(naming::type_name(&format!("{raw} api"))),
                },
                call_fn: names.claim(naming::field_name(&format!("call {raw} api"))),
                routes_fn: names.claim(naming::field_name(&format!("{raw} api routes"))),
                docs: if op.webhook { None } else { tag_docs(raw) },
                operations: vec![index],
                webhooks: op.webhook,
            }),
        }
    }
    groups
}

/// The error body shared by every error response of the API's operations (not its webhooks)
/// that has a body, if there is exactly one.
fn common_error_body(operations: &[Operation]) -> Option<TypeRef> {
    let mut bodies = operations
        .iter()
        .filter(|op| !op.webhook)
        .flat_map(|op| &op.responses)
        .filter(|r| r.status.is_error())
        .filter_map(|r| r.body.as_ref().map(|b| &b.ty));
    let first = bodies.next()?.clone();
    bodies.all(|b| *b == first).then_some(first)
}

/// The crate version and licence a standalone crate's manifest can carry.
fn lower_package(info: &document::Info) -> crate::ir::Package {
    let semver = |v: &str| {
        let core = v.split(['-', '+']).next().unwrap_or_default();
        let parts: Vec<&str> = core.split('.').collect();
        parts.len() == 3
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    };
    let version = info.version.trim().trim_start_matches('v');
    // An SPDX expression: identifiers (letters, digits, `.`, `-`, `+`) joined by AND, OR, WITH.
    let spdx = |l: &str| {
        !l.is_empty()
            && l.split_whitespace()
                .all(|w| w.chars().all(|c| c.is_ascii_alphanumeric() || ".-+()".contains(c)))
    };
    let license = info.license.as_ref().and_then(|l| {
        l.identifier
            .clone()
            .filter(|i| spdx(i))
            .or_else(|| Some(l.name.clone()).filter(|n| spdx(n) && !n.contains(' ')))
    });
    crate::ir::Package {
        version: if semver(version) {
            version.to_owned()
        } else {
            "0.1.0".to_owned()
        },
        license,
    }
}

fn lower_servers(doc: &Document) -> Vec<Server> {
    let mut names = Namer::new();
    doc.servers
        .iter()
        .enumerate()
        .map(|(i, server)| {
            let raw = server
                .extensions
                .get("x-name")
                .and_then(Value::as_str)
                .map(str::to_owned)
                .or_else(|| server.description.clone())
                .unwrap_or_else(|| format!("server{i}"));
            Server {
                url: server.url.clone(),
                name: Name {
                    rust: names.claim(naming::field_name(&raw)),
                    raw,
                },
                docs: server.description.clone(),
            }
        })
        .collect()
}

fn lower_security_schemes(doc: &Document) -> Vec<SecurityScheme> {
    let mut names = Namer::new();
    doc.components
        .security_schemes
        .iter()
        .filter_map(|(key, scheme)| {
            let scheme = doc.resolve(scheme).ok()?;
            let kind = match &scheme.kind {
                SecuritySchemeKind::ApiKey { name, location } => SecurityKind::ApiKey {
                    location: *location,
                    param: name.clone(),
                },
                SecuritySchemeKind::Http { scheme, .. } => SecurityKind::Http {
                    scheme: scheme.to_ascii_lowercase(),
                },
                SecuritySchemeKind::OAuth2 | SecuritySchemeKind::OpenIdConnect | SecuritySchemeKind::MutualTls => {
                    SecurityKind::Token
                }
            };
            Some(SecurityScheme {
                name: Name {
                    raw: key.clone(),
                    rust: names.claim(naming::field_name(key)),
                },
                kind,
                secret: scheme.extensions.get("x-secret") != Some(&Value::Bool(false)),
                docs: scheme.description.clone(),
            })
        })
        .collect()
}

/// A parameter the document implies but does not declare (a `{name}` of a path template, a
/// pair of a query string in a path key): text, required unless it has a fixed value.
fn text_param(
    raw: &str,
    location: ParamLocation,
    fixed: Option<Value>,
    source: JsonPointer,
    names: &mut Namer,
) -> Param {
    Param {
        name: Name {
            rust: names.claim(naming::field_name(raw)),
            raw: raw.to_owned(),
        },
        location,
        ty: TypeRef::Prim(Prim::String),
        required: fixed.is_none(),
        default: fixed,
        docs: None,
        constraints: Constraints::default(),
        idempotency_key: false,
        source,
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

struct Lowering<'a> {
    doc: &'a Document,
    space: TypeSpace,
    /// Inline types by the pointer of their schema, so a shared response or parameter defines
    /// its inline types once, not once per operation that uses it.
    inline_by_source: BTreeMap<String, TypeId>,
    type_names: Namer,
    problems: Vec<(JsonPointer, String)>,
    patterns: crate::validate::Patterns,
}

/// Whether a schema used in place needs a named type of its own (mirrors `named_kind`).
fn needs_named_type(schema: &Schema) -> bool {
    if schema.reference.is_some() {
        return false;
    }
    if !schema.one_of.is_empty() || !schema.any_of.is_empty() || schema.types.len() > 1 {
        return true;
    }
    let parts = parts(schema);
    if parts.len() > 1 || (parts.len() == 1 && !schema.properties.is_empty()) {
        return true;
    }
    if let [(_, only)] = parts.as_slice() {
        return needs_named_type(only);
    }
    if let Some(values) = string_values(schema) {
        return !values.is_empty();
    }
    !schema.properties.is_empty() && is_object_like(schema)
}

/// The `allOf` members that say something about values, with their positions: members that
/// only document (a `description` beside a `$ref`, as converted AWS documents write a
/// documented reference) are left out, so `allOf: [$ref, {description}]` is the reference.
fn parts(schema: &Schema) -> Vec<(usize, &Schema)> {
    schema
        .all_of
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.is_annotation_only())
        .collect()
}

/// Title and description, or those of the documenting `allOf` members.
fn docs_of(schema: &Schema) -> Option<String> {
    schema.docs().or_else(|| {
        schema
            .all_of
            .iter()
            .filter(|s| s.is_annotation_only())
            .find_map(Schema::docs)
    })
}

/// The values of a string enum (or a string `const`), when every listed value is text.
fn string_values(schema: &Schema) -> Option<Vec<&str>> {
    if !(schema.types.is_empty() || schema.single_type() == Some(SchemaType::String)) {
        return None;
    }
    let listed = schema.listed_values()?;
    let values: Vec<&str> = listed.iter().filter_map(|v| v.as_str()).collect();
    (!values.is_empty() && values.len() == listed.len()).then_some(values)
}

fn is_object_like(schema: &Schema) -> bool {
    schema.types.is_empty() || schema.single_type() == Some(SchemaType::Object)
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
    fn new_type(&mut self, schema: &Schema, at: &JsonPointer, hint: &str) -> Option<TypeId> {
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
        // Known before its fields are lowered, so a schema that reaches itself (through a
        // property, an `allOf` wrapper, an item) refers to this type instead of recursing.
        self.inline_by_source.insert(at.to_string(), id);
        match self.named_kind(schema, at, id) {
            Some(kind) => {
                let def = &mut self.space.defs[id.0];
                def.kind = kind;
                def.docs = schema.docs();
                Some(id)
            }
            None => {
                // `needs_named_type` said yes but the shape maps to a plain type after all: give
                // the id back (the claimed name stays taken, which only costs a suffix).
                self.inline_by_source.remove(&at.to_string());
                self.space.defs.pop();
                None
            }
        }
    }

    /// The kind of a schema that needs its own named type (object, enum, union, allOf), or
    /// `None` for shapes that map to a plain Rust type.
    fn named_kind(&mut self, schema: &Schema, at: &JsonPointer, id: TypeId) -> Option<TypeKind> {
        if schema.reference.is_some() {
            return None;
        }
        let hint = self.space.get(id).name.rust.clone();
        if !schema.one_of.is_empty() || !schema.any_of.is_empty() {
            let (key, members) = if schema.one_of.is_empty() {
                ("anyOf", &schema.any_of)
            } else {
                ("oneOf", &schema.one_of)
            };
            return Some(self.union(members, &at.push(key), &hint, schema));
        }
        if schema.types.len() > 1 {
            return Some(self.type_union(schema, at, &hint));
        }
        let parts = parts(schema);
        if parts.len() > 1 || (parts.len() == 1 && !schema.properties.is_empty()) {
            return Some(self.merged_struct(schema, at, &hint));
        }
        if let [(i, only)] = parts.as_slice() {
            return self.named_kind(only, &at.push("allOf").push(i.to_string()), id);
        }
        if let Some(values) = string_values(schema) {
            return Some(self.string_enum(&values));
        }
        if !schema.properties.is_empty() && is_object_like(schema) {
            return Some(self.object(schema, at, &hint));
        }
        None
    }

    /// The operations of `paths`, then the webhooks: one namespace of method and type names.
    /// The document layer's analysis says what each path means once its defects are recovered
    /// from (`validate` reports the same analysis).
    fn operations(&mut self) -> Vec<Operation> {
        let mut ids = Namer::new();
        let mut type_names = Namer::for_types();
        let analysed = self.doc.analyse_operations();
        analysed
            .iter()
            .filter_map(|a| self.operation(a, (&mut ids, &mut type_names)))
            .collect()
    }

    fn operation(&mut self, a: &SiteAnalysis<'a>, (ids, type_names): (&mut Namer, &mut Namer)) -> Option<Operation> {
        let site = &a.site;
        let (op, method) = (site.operation, site.operation.method);
        let template = a.path.template.clone()?;
        let id = Name {
            rust: ids.claim(naming::field_name(&a.operation_id)),
            raw: a.operation_id.clone(),
        };
        let type_hint = naming::type_name(&id.raw);
        let type_name = type_names.claim(type_hint.clone());
        let mut names = Namer::new();
        // Names the request type itself uses.
        for taken in ["body", "new", "validate", "validate_into"] {
            names.reserve(taken);
        }
        let mut params: Vec<Param> = a
            .params
            .iter()
            .filter_map(|listed| listed.param.as_ref().ok())
            .map(|p| self.param(p, &type_hint, &mut names))
            .collect();
        // A `{name}` no parameter declares: a required text parameter.
        for name in &a.undeclared {
            params.push(text_param(name, ParamLocation::Path, None, site.at.clone(), &mut names));
        }
        self.query_in_path(&a.path.query, &mut params, site, &mut names);
        let body = op.request_body.as_ref().and_then(|b| {
            let b: &RequestBody = self.doc.resolve(b).ok()?;
            self.body(&b.content, &b.at, &format!("{type_hint}_request"), b.required)
        });
        let mut responses = Vec::new();
        let mut labels = Namer::new();
        for entry in &op.responses {
            // A key that is not a status, and a reference that does not resolve: left out.
            let Some(status) = entry.status.clone() else { continue };
            let Ok(response) = self.doc.resolve::<Response>(&entry.response) else {
                continue;
            };
            let label = status_label(&status);
            let body = self.body(
                &response.content,
                &response.at,
                &format!("{type_hint}_{label}_response"),
                true,
            );
            responses.push(crate::ir::Response {
                name: Name {
                    rust: labels.claim(naming::type_name(&label)),
                    raw: entry.key.clone(),
                },
                status,
                docs: response
                    .description
                    .as_ref()
                    .map(|d| d.trim().to_owned())
                    .filter(|d| !d.is_empty()),
                body,
                source: entry.at.clone(),
            });
        }
        let security = op
            .security
            .as_ref()
            .or(self.doc.security.as_ref())
            .map(|reqs| reqs.iter().map(|r| r.schemes.keys().cloned().collect()).collect())
            .unwrap_or_default();
        let tag = op.tags.first().map(|t| Name {
            raw: t.clone(),
            rust: naming::type_name(t),
        });
        Some(Operation {
            id,
            type_name,
            method,
            path: template,
            tag,
            summary: op.summary.clone(),
            docs: op.description.clone(),
            deprecated: op.deprecated,
            params,
            body,
            responses,
            security,
            require_any_of: a.require_any_of(self.doc),
            webhook: site.is_webhook,
            serve: a.shadowed_by.is_none(),
            source: site.at.clone(),
        })
    }

    /// The pairs of a `?query` in a path key: `name={param}` sends that parameter (declared
    /// anywhere, or a new required text parameter) as the query parameter `name`; `name=text`
    /// always sends `text`.
    fn query_in_path(
        &mut self,
        query: &[(String, String)],
        params: &mut Vec<Param>,
        site: &OperationSite<'a>,
        names: &mut Namer,
    ) {
        for (key, value) in query {
            match value.strip_prefix('{').and_then(|v| v.strip_suffix('}')) {
                Some(param) => match params.iter_mut().find(|p| p.name.raw == param) {
                    Some(p) => {
                        p.location = ParamLocation::Query;
                        p.name.raw = key.clone();
                    }
                    None => params.push(text_param(key, ParamLocation::Query, None, site.at.clone(), names)),
                },
                None => params.push(text_param(
                    key,
                    ParamLocation::Query,
                    Some(Value::String(value.clone())),
                    site.at.clone(),
                    names,
                )),
            }
        }
    }

    fn param(&mut self, p: &Parameter, type_hint: &str, names: &mut Namer) -> Param {
        let raw = p.name.clone();
        let required = p.is_required();
        let schema = p.value_schema();
        let hint = format!("{type_hint}_{raw}");
        let ty = match schema {
            Some(schema) => self.type_ref(schema, &schema.at, &hint),
            None => TypeRef::Json,
        };
        let resolved = schema.map(|s| self.doc.deref_or_self(s));
        let default = resolved
            .and_then(|s| s.default.as_ref())
            .filter(|d| !required && self.default_fits(&ty, d))
            .cloned();
        let ty = match ty {
            TypeRef::Option(_) => ty,
            ty if !required && default.is_none() => TypeRef::Option(Box::new(ty)),
            ty => ty,
        };
        Param {
            name: Name {
                rust: names.claim(naming::field_name(&raw)),
                raw,
            },
            location: p.location,
            ty,
            required,
            default,
            docs: p
                .description
                .as_ref()
                .map(|d| d.trim().to_owned())
                .filter(|d| !d.is_empty()),
            constraints: match schema {
                Some(s) => self.constraints(s),
                None => Constraints::default(),
            },
            idempotency_key: p.extensions.get("x-idempotency-key") == Some(&Value::Bool(true)),
            source: p.at.clone(),
        }
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

    /// The body of a request or response: its media type and the type of its schema.
    fn body(
        &mut self,
        content: &indexmap::IndexMap<String, document::MediaType>,
        _at: &JsonPointer,
        hint: &str,
        required: bool,
    ) -> Option<Body> {
        let (content_type, media) = pick_content(content)?;
        let ty = match &media.schema {
            Some(schema) => self.type_ref(schema, &schema.at, hint),
            None => TypeRef::Json,
        };
        Some(Body {
            content_type: content_type.clone(),
            ty,
            required,
            source: media.at.clone(),
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

    /// A schema with several non-null types (3.1 `type: [string, integer]`): an untagged
    /// union with one variant per type, each the schema narrowed to that type.
    fn type_union(&mut self, schema: &Schema, at: &JsonPointer, hint: &str) -> TypeKind {
        let mut names = Namer::new();
        let mut variants = Vec::new();
        for (i, t) in schema.types.iter().enumerate() {
            let label = t.as_str();
            let narrowed = Schema {
                at: at.push("type").push(i.to_string()),
                types: vec![*t],
                nullable: false,
                ..schema.clone()
            };
            let ty = self.type_ref(&narrowed, &narrowed.at, &format!("{hint}_{label}"));
            variants.push(UnionVariant {
                name: Name {
                    raw: label.to_owned(),
                    rust: names.claim(naming::variant_name(label)),
                },
                ty,
            });
        }
        TypeKind::Union {
            variants,
            discriminator: None,
        }
    }

    fn union(&mut self, members: &[Schema], at: &JsonPointer, hint: &str, schema: &Schema) -> TypeKind {
        let mut names = Namer::new();
        // A discriminated union keeps tags it does not know in an `Unknown` variant.
        if schema.discriminator.is_some() {
            names.reserve("Unknown");
        }
        let mut variants = Vec::new();
        for (i, member) in members.iter().enumerate() {
            let member_at = at.push(i.to_string());
            let label = variant_label(member, i);
            let ty = self.type_ref(member, &member_at, &format!("{hint}_{label}"));
            variants.push(UnionVariant {
                name: Name {
                    raw: label.clone(),
                    rust: names.claim(naming::variant_name(&label)),
                },
                ty,
            });
        }
        let discriminator = schema.discriminator.as_ref().map(|d| {
            let property = d.property_name.clone();
            // Each variant's reference, as the pointer it names.
            let refs: Vec<Option<JsonPointer>> = members
                .iter()
                .map(|m| m.reference.as_ref().and_then(|r| document::ref_pointer(&r.target).ok()))
                .collect();
            let mut mapping: Vec<(String, usize)> = Vec::new();
            for (value, target) in &d.mapping {
                let Ok((pointer, _)) = self.doc.mapping_target(target) else {
                    continue;
                };
                if let Some(index) = refs.iter().position(|r| r.as_ref() == Some(&pointer)) {
                    mapping.push((value.clone(), index));
                }
            }
            for (index, r) in refs.iter().enumerate() {
                let Some(name) = r.as_ref().and_then(JsonPointer::last) else {
                    continue;
                };
                if !mapping.iter().any(|(_, i)| *i == index) {
                    mapping.push((name, index));
                }
            }
            Discriminator { property, mapping }
        });
        TypeKind::Union {
            variants,
            discriminator,
        }
    }

    fn object(&mut self, schema: &Schema, at: &JsonPointer, hint: &str) -> TypeKind {
        let mut names = Namer::new();
        names.reserve("additional_properties");
        let fields = self.fields(schema, hint, &mut names);
        TypeKind::Struct {
            fields,
            additional: self.additional(schema, at, hint),
        }
    }

    fn fields(&mut self, schema: &Schema, hint: &str, names: &mut Namer) -> Vec<Field> {
        let required: BTreeSet<&str> = schema.required.iter().map(String::as_str).collect();
        let mut out = Vec::new();
        for (key, prop) in &schema.properties {
            let resolved = self.doc.deref_or_self(prop);
            let ty = self.type_ref(prop, &prop.at, &format!("{hint}_{key}"));
            // `nullable: true` on the property or on the schema it references; a schema
            // without a type takes any JSON value, `null` included.
            let nullable =
                prop.nullable || resolved.nullable || (matches!(ty, TypeRef::Json) && resolved.types.is_empty());
            let default = prop
                .default
                .as_ref()
                .or(resolved.default.as_ref())
                .filter(|d| self.default_fits(&ty, d));
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
                constraints: self.constraints(prop),
                source: prop.at.clone(),
            });
        }
        out
    }

    fn additional(&mut self, schema: &Schema, at: &JsonPointer, hint: &str) -> Option<TypeRef> {
        let extra = schema.additional_properties.as_deref()?;
        match extra.boolean {
            Some(true) => Some(TypeRef::Json),
            Some(false) => None,
            None if is_empty_schema(extra) => Some(TypeRef::Json),
            None => Some(self.type_ref(extra, &at.push("additionalProperties"), &format!("{hint}_value"))),
        }
    }

    /// allOf: the properties of every part (following `$ref`s) merged into one struct, in
    /// document order.
    fn merged_struct(&mut self, schema: &Schema, at: &JsonPointer, hint: &str) -> TypeKind {
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
        part: &Schema,
        at: &JsonPointer,
        hint: &str,
        names: &mut Namer,
        merged: &mut Merged,
        visited: &mut BTreeSet<String>,
    ) {
        if let Some(r) = &part.reference {
            if !visited.insert(r.target.clone()) {
                return;
            }
            // A reference that does not resolve adds nothing (validate reports it).
            if let Ok(target) = self.doc.follow::<Schema>(r) {
                self.merge_part(target, &target.at, hint, names, merged, visited);
            }
            // OpenAPI 3.0 ignores what stands beside `$ref`; 3.1 applies it too.
            if !part.ref_siblings {
                return;
            }
        }
        for (i, nested) in parts(part) {
            self.merge_part(
                nested,
                &at.push("allOf").push(i.to_string()),
                hint,
                names,
                merged,
                visited,
            );
        }
        for field in self.fields(part, hint, names) {
            // A later part may only narrow a field: keep the first definition.
            if !merged.fields.iter().any(|f| f.name.raw == field.name.raw) {
                merged.fields.push(field);
            }
        }
        // `required` applies to properties of any part, also when this part defines none.
        for name in &part.required {
            if let Some(existing) = merged.fields.iter_mut().find(|f| &f.name.raw == name)
                && existing.state != FieldState::Required
            {
                existing.state = FieldState::Required;
                let nullable = part
                    .properties
                    .get(name)
                    .is_some_and(|p| self.doc.deref_or_self(p).nullable);
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

    /// The Rust shape of a schema used in place (a field, an item, a variant).
    fn type_ref(&mut self, schema: &Schema, at: &JsonPointer, hint: &str) -> TypeRef {
        let base = self.type_ref_inner(schema, at, hint);
        if schema.nullable && !matches!(base, TypeRef::Option(_)) {
            TypeRef::Option(Box::new(base))
        } else {
            base
        }
    }

    fn type_ref_inner(&mut self, schema: &Schema, at: &JsonPointer, hint: &str) -> TypeRef {
        if let Some(r) = &schema.reference {
            return self.referenced(r);
        }
        if let Some(id) = self.inline_by_source.get(&at.to_string()) {
            return TypeRef::Named(*id);
        }
        if let Some(id) = self.new_type(schema, at, hint) {
            return TypeRef::Named(id);
        }
        if let [(i, only)] = parts(schema).as_slice() {
            return self.type_ref(only, &at.push("allOf").push(i.to_string()), hint);
        }
        let format = schema.format.as_deref();
        match schema.single_type() {
            Some(SchemaType::String) => TypeRef::Prim(match (format, schema.content_encoding.as_deref()) {
                (Some("date-time"), _) => Prim::DateTime,
                (Some("byte"), _) | (_, Some("base64")) => Prim::Byte,
                (Some("binary"), _) => Prim::Binary,
                _ if schema.content_media_type.as_deref() == Some("application/octet-stream") => Prim::Binary,
                _ => Prim::String,
            }),
            Some(SchemaType::Integer) => TypeRef::Prim(match format {
                Some("int32") => Prim::I32,
                Some("uint64") => Prim::U64,
                _ => Prim::I64,
            }),
            Some(SchemaType::Number) => TypeRef::Prim(match format {
                Some("float") => Prim::F32,
                Some("int32") => Prim::I32,
                Some("int64") => Prim::I64,
                _ => Prim::F64,
            }),
            Some(SchemaType::Boolean) => TypeRef::Prim(Prim::Bool),
            Some(SchemaType::Array) => {
                // A tuple of up to 12 members (what serde and the runtime's `Validate` take).
                let tuple = (1..=12).contains(&schema.prefix_items.len());
                if tuple && schema.items.as_deref().is_none_or(|i| i.boolean == Some(false)) {
                    let items = schema
                        .prefix_items
                        .iter()
                        .enumerate()
                        .map(|(i, item)| self.type_ref(item, &item.at, &format!("{hint}_{i}")))
                        .collect();
                    return TypeRef::Tuple(items);
                }
                let item = match schema.items.as_deref() {
                    Some(items) if items.boolean.is_none() => {
                        self.type_ref(items, &at.push("items"), &format!("{hint}_item"))
                    }
                    _ => TypeRef::Json,
                };
                TypeRef::Vec(Box::new(item))
            }
            Some(SchemaType::Object) | None if schema.additional_properties.is_some() => {
                TypeRef::Map(Box::new(self.additional(schema, at, hint).unwrap_or(TypeRef::Json)))
            }
            _ => TypeRef::Json,
        }
    }

    /// The type a `$ref` names: a component's type, or, for a reference into any other schema
    /// of the document (a property, an item, `$defs`, another operation's body), the type of
    /// that schema, made once and shared by every reference to it.
    fn referenced(&mut self, r: &document::Reference) -> TypeRef {
        // A reference that does not resolve is any JSON value (validate reports it).
        let Ok(target) = self.doc.follow::<Schema>(r) else {
            return TypeRef::Json;
        };
        if let Some(id) = self.space.by_ref.get(&target.at.to_string()) {
            return TypeRef::Named(*id);
        }
        let hint = naming::hint_from_pointer(&target.at);
        self.type_ref(target, &target.at, &hint)
    }

    /// The checks of a schema used in place: its own, over those of the schema it references
    /// (3.1 applies keywords beside `$ref`; a 3.0 reader keeps none).
    fn constraints(&mut self, schema: &Schema) -> Constraints {
        let target = self.doc.deref_or_self(schema);
        let own = constraints_of(schema, &mut self.patterns);
        if std::ptr::eq(target, schema) {
            return own;
        }
        let base = constraints_of(target, &mut self.patterns);
        Constraints {
            max_length: own.max_length.or(base.max_length),
            min_length: own.min_length.or(base.min_length),
            maximum: own.maximum.or(base.maximum),
            minimum: own.minimum.or(base.minimum),
            exclusive_maximum: own.exclusive_maximum.or(base.exclusive_maximum),
            exclusive_minimum: own.exclusive_minimum.or(base.exclusive_minimum),
            pattern: own.pattern.or(base.pattern),
            one_of_values: if own.one_of_values.is_empty() {
                base.one_of_values
            } else {
                own.one_of_values
            },
            allowed_numbers: if own.allowed_numbers.is_empty() {
                base.allowed_numbers
            } else {
                own.allowed_numbers
            },
        }
    }
}

/// A readable variant label: the referenced component, the title, or the JSON type.
fn variant_label(member: &Schema, index: usize) -> String {
    if let Some(r) = &member.reference {
        return r.target.rsplit('/').next().unwrap_or(&r.target).to_owned();
    }
    if let Some(title) = &member.title {
        return title.clone();
    }
    match member.single_type() {
        Some(t) => t.as_str().to_owned(),
        None => format!("variant{index}"),
    }
}

/// A schema that says nothing (`{}`): any value.
fn is_empty_schema(schema: &Schema) -> bool {
    *schema
        == Schema {
            at: schema.at.clone(),
            ..Schema::default()
        }
}

#[cfg(test)]
mod tests {
    use super::strongly_connected;

    #[test]
    fn components_of_cycles_chains_and_self_loops() {
        // 0 → 1 → 2 → 0, 3 → 3, 4 → 0, 5 alone; 6 is out of range.
        let c = strongly_connected(&[vec![1], vec![2], vec![0, 6], vec![3], vec![0], vec![]]);
        assert!(c[0] == c[1] && c[1] == c[2]);
        assert!(c[3] != c[0] && c[4] != c[0] && c[5] != c[4] && c[3] != c[5]);
        // A long chain does not overflow the stack.
        let chain: Vec<Vec<usize>> = (0..200_000).map(|i| vec![(i + 1) % 200_000]).collect();
        let c = strongly_connected(&chain);
        assert!(c.iter().all(|x| *x == c[0]));
    }
}

#[derive(Default)]
struct Merged {
    fields: Vec<Field>,
    additional: Option<TypeRef>,
}

fn constraints_of(schema: &Schema, patterns: &mut crate::validate::Patterns) -> Constraints {
    let listed: Vec<&Value> = schema.listed_values().unwrap_or_default();
    let f64_of = |n: &Option<serde_json::Number>| n.as_ref().map(number_f64);
    Constraints {
        max_length: schema.max_length.map(|n| n as usize),
        min_length: schema.min_length.map(|n| n as usize),
        maximum: f64_of(&schema.maximum),
        minimum: f64_of(&schema.minimum),
        exclusive_maximum: f64_of(&schema.exclusive_maximum),
        exclusive_minimum: f64_of(&schema.exclusive_minimum),
        // A pattern the regex engine of the generated code cannot compile (look-around, back
        // references) is not enforced; `validate` lists it as a warning.
        pattern: schema.pattern.clone().filter(|p| patterns.compiles(p)),
        one_of_values: listed.iter().filter_map(|v| v.as_str()).map(str::to_owned).collect(),
        allowed_numbers: listed.iter().filter_map(|v| v.as_f64()).collect(),
    }
}

/// Rust has no recursive type aliases: an alias that reaches itself through other aliases (a
/// map of itself, a list of lists of itself) becomes a one-variant untagged union, a nominal
/// type with the same JSON shape.
fn break_alias_cycles(space: &mut TypeSpace) {
    fn named(ty: &TypeRef, out: &mut Vec<usize>) {
        match ty {
            TypeRef::Named(id) => out.push(id.0),
            TypeRef::Option(t) | TypeRef::Vec(t) | TypeRef::Map(t) | TypeRef::Box(t) => named(t, out),
            TypeRef::Tuple(items) => items.iter().for_each(|t| named(t, out)),
            TypeRef::Prim(_) | TypeRef::Json => {}
        }
    }
    // Only aliases are transparent: the graph of alias to the types it names.
    let edges: Vec<Vec<usize>> = space
        .defs
        .iter()
        .map(|d| {
            let mut out = Vec::new();
            if let TypeKind::Alias(ty) = &d.kind {
                named(ty, &mut out);
            }
            out.retain(|t| matches!(space.defs[*t].kind, TypeKind::Alias(_)));
            out
        })
        .collect();
    let component = strongly_connected(&edges);
    let cyclic: Vec<usize> = (0..space.defs.len())
        .filter(|&i| edges[i].iter().any(|&t| t == i || component[t] == component[i]))
        .collect();
    for i in cyclic {
        let def = &mut space.defs[i];
        let TypeKind::Alias(ty) = std::mem::replace(&mut def.kind, TypeKind::Alias(TypeRef::Json)) else {
            unreachable!("only aliases have edges");
        };
        let label = match &ty {
            TypeRef::Map(_) => "Map",
            TypeRef::Vec(_) | TypeRef::Tuple(_) => "List",
            _ => "Value",
        };
        def.kind = TypeKind::Union {
            variants: vec![UnionVariant {
                name: Name {
                    raw: label.to_owned(),
                    rust: label.to_owned(),
                },
                ty,
            }],
            discriminator: None,
        };
    }
}

/// Breaks infinite-size recursion: a field whose type reaches its own struct without passing
/// through a `Vec` or a map is boxed.
fn box_recursive_fields(space: &mut TypeSpace) {
    let direct: Vec<Vec<usize>> = space
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
            out.into_iter().map(|id| id.0).collect()
        })
        .collect();
    // A slot held by value leads back to its own type exactly when its target is the type
    // itself or shares its strongly connected component: linear, however many types.
    let component = strongly_connected(&direct);
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
            if ids
                .iter()
                .any(|t| t.0 == def.id.0 || component[t.0] == component[def.id.0])
            {
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

/// The strongly connected component of every node of a graph (Tarjan's algorithm, with an
/// explicit stack so that a long chain of types cannot overflow the call stack).
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let (mut index, mut low, mut component) = (vec![UNSEEN; n], vec![0; n], vec![UNSEEN; n]);
    let (mut on_stack, mut stack) = (vec![false; n], Vec::new());
    let (mut next_index, mut next_component) = (0, 0);
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        // (node, how many of its edges were followed)
        let mut work = vec![(root, 0)];
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index[node] == UNSEEN {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&next) = edges[node].get(*edge) {
                *edge += 1;
                if next >= n {
                    continue;
                }
                if index[next] == UNSEEN {
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
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
        TypeRef::Tuple(items) => items.iter().for_each(|t| direct_ids(t, out)),
        TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Box(_) | TypeRef::Prim(_) | TypeRef::Json => {}
    }
}
