//! Operations: parameters (declared, implied by the path, or from a query in a path key),
//! bodies and responses.

use serde_json::Value;

use crate::document::{
    self, OperationSite, ParamLocation, Parameter, RequestBody, Response, SiteAnalysis, Status, pick_content,
};
use crate::ir::{Body, Constraints, Name, Operation, Param, Prim, TypeKind, TypeRef};
use crate::naming::{self, Namer};
use crate::pointer::JsonPointer;

use super::Lowering;

/// A parameter the document implies but does not declare (a `{name}` of a path template, a
/// pair of a query string in a path key): text, required unless it has a fixed value.
pub(super) fn text_param(
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
        wire: Default::default(),
        checks: Vec::new(),
        read_from: Default::default(),
        source,
    }
}

/// A variant name for a status: the reason phrase where there is a common one.
pub(super) fn status_label(status: &Status) -> String {
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

impl<'a> Lowering<'a> {
    /// The operations of `paths`, then the webhooks: one namespace of method and type names.
    /// The document layer's analysis says what each path means once its defects are recovered
    /// from (`validate` reports the same analysis).
    pub(super) fn operations(&mut self) -> Vec<Operation> {
        let mut ids = Namer::new();
        let mut type_names = Namer::for_types();
        let analysed = self.doc.analyse_operations();
        analysed
            .iter()
            .filter_map(|a| self.operation(a, (&mut ids, &mut type_names)))
            .collect()
    }

    pub(super) fn operation(
        &mut self,
        a: &SiteAnalysis<'a>,
        (ids, type_names): (&mut Namer, &mut Namer),
    ) -> Option<Operation> {
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
        let responses = self.responses(op, &type_hint);
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
            response_type: naming::response_type(&type_name),
            handler_fn: naming::handler_fn(&id.rust),
            stub_fn: naming::stub_fn(&id.rust),
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
            // Decided once the type space is final (`decide`).
            request: Default::default(),
            variants: Vec::new(),
            undocumented_success: None,
            errors: Default::default(),
            call: Default::default(),
            pagination_spec: op.extensions.get("x-pagination").and_then(pagination_spec),
            pagination: None,
            source: site.at.clone(),
        })
    }

    /// The documented responses, one per status (a key that is not a status, and a reference
    /// that does not resolve, are left out), with their bodies' types named after the
    /// operation and the status.
    fn responses(&mut self, op: &'a crate::document::Operation, type_hint: &str) -> Vec<crate::ir::Response> {
        let mut responses = Vec::new();
        let mut labels = Namer::new();
        labels.reserve(naming::UNDOCUMENTED_SUCCESS);
        for entry in &op.responses {
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
        responses
    }

    /// The pairs of a `?query` in a path key: `name={param}` sends that parameter (declared
    /// anywhere, or a new required text parameter) as the query parameter `name`; `name=text`
    /// always sends `text`.
    pub(super) fn query_in_path(
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

    pub(super) fn param(&mut self, p: &Parameter, type_hint: &str, names: &mut Namer) -> Param {
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
            // Decided once the type space is final (`decide`).
            wire: Default::default(),
            checks: Vec::new(),
            read_from: Default::default(),
            source: p.at.clone(),
        }
    }

    /// Whether a documented default can be written as a value of the field's type; only then
    /// is the field a plain value filled with the default (otherwise it stays optional).
    pub(super) fn default_fits(&self, ty: &TypeRef, value: &Value) -> bool {
        match ty {
            TypeRef::Prim(Prim::String | Prim::DateTime | Prim::Byte | Prim::Binary) => value.is_string(),
            TypeRef::Prim(Prim::I32) => value.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
            TypeRef::Prim(Prim::I64) => value.is_i64(),
            TypeRef::Prim(Prim::U64) => value.is_u64(),
            TypeRef::Prim(Prim::F32 | Prim::F64) => value.is_number(),
            TypeRef::Prim(Prim::Bool) => value.is_boolean(),
            TypeRef::Prim(Prim::Typed(crate::ir::Typed::Decimal)) => value.is_number(),
            TypeRef::Prim(Prim::Typed(_)) => value.is_string(),
            TypeRef::Named(id) => matches!(self.space.get(*id).kind, TypeKind::Enum { .. }) && value.is_string(),
            _ => false,
        }
    }

    /// The body of a request or response: its media type and the type of its schema.
    pub(super) fn body(
        &mut self,
        content: &indexmap::IndexMap<String, document::MediaType>,
        _at: &JsonPointer,
        hint: &str,
        required: bool,
    ) -> Option<Body> {
        let (content_type, media) = pick_content(content)?;
        let mut ty = match &media.schema {
            Some(schema) => self.type_ref(schema, &schema.at, hint),
            None => TypeRef::Json,
        };
        // Binary outside JSON is octets where the `bytes` option is on (text otherwise, and
        // always inside JSON, where a string can only carry text).
        if self.formats.bytes && ty == TypeRef::Prim(Prim::Binary) && !super::decide::is_json(content_type) {
            ty = TypeRef::Prim(Prim::RawBytes);
        }
        Some(Body {
            content_type: content_type.clone(),
            ty,
            required,
            source: media.at.clone(),
        })
    }
}

/// `x-pagination`: `page` and `size` (`{in: query|header|body, name}`), `firstPage` (1 when
/// absent), `items` (a JSON pointer into the success body, `''` for the body itself), and the
/// optional `total` and `pages` pointers. `None` when a part is missing or malformed: the
/// operation then gets no item stream (validation says why).
pub(crate) fn pagination_spec(value: &Value) -> Option<crate::ir::PaginationSpec> {
    let param = |key: &str| {
        let p = value.get(key)?;
        Some(crate::ir::PageParam {
            in_body: p.get("in")?.as_str()? == "body",
            name: p.get("name")?.as_str()?.to_owned(),
        })
    };
    let pointer = |key: &str| -> Option<Vec<String>> {
        let text = value.get(key)?.as_str()?;
        if text.is_empty() {
            return Some(Vec::new());
        }
        let rest = text.strip_prefix('/')?;
        Some(
            rest.split('/')
                .map(|s| s.replace("~1", "/").replace("~0", "~"))
                .collect(),
        )
    };
    Some(crate::ir::PaginationSpec {
        page: param("page")?,
        size: param("size")?,
        first_page: value.get("firstPage").map_or(Some(1), Value::as_i64)?,
        items: pointer("items")?,
        total: pointer("total"),
        pages: pointer("pages"),
    })
}
