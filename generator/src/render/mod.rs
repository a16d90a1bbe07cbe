//! Render: IR to view models to askama templates (from `templates/`). View models hold every
//! string a template prints, precomputed; templates only loop and branch on booleans.

mod ops;

use askama::Template;

use crate::ir::{Api, Constraints, FieldState, Name, Prim, TypeDef, TypeKind, TypeRef, TypeSpace};
use crate::naming;

/// A rendered file, still unformatted, with the template it came from (for error messages).
#[derive(Debug, Clone)]
pub struct Rendered {
    pub path: String,
    pub template: &'static str,
    pub source: String,
}

/// Renders every file of the generated crate's `src/` that comes from the spec.
pub fn render_api(api: &Api) -> Result<Vec<Rendered>, askama::Error> {
    let patterns = distinct_patterns(api);
    let defaults = defaultable(&api.types);
    let params = param_types(api);
    let bodies = body_types(api);
    let items = api
        .types
        .defs
        .iter()
        .map(|def| render_type(&api.types, def, &patterns, &defaults, &params, &bodies))
        .collect::<Result<Vec<_>, _>>()?;
    let models = ModelsTemplate {
        title: &api.title,
        version: &api.version,
        patterns: patterns
            .iter()
            .map(|p| PatternView {
                name: p.name.clone(),
                literal: literal(&p.pattern),
            })
            .collect(),
        items,
    };
    Ok(vec![
        Rendered {
            path: "src/models.rs".into(),
            template: "models.rs",
            source: models.render()?,
        },
        Rendered {
            path: "src/requests.rs".into(),
            template: "requests.rs",
            source: ops::render_requests(api, &patterns)?,
        },
        Rendered {
            path: "src/responses.rs".into(),
            template: "responses.rs",
            source: ops::render_responses(api)?,
        },
        Rendered {
            path: "src/api.rs".into(),
            template: "api.rs",
            source: ops::render_traits(api)?,
        },
        Rendered {
            path: "src/client.rs".into(),
            template: "client.rs",
            source: ops::render_client(api)?,
        },
        Rendered {
            path: "src/server.rs".into(),
            template: "server.rs",
            source: ops::render_server(api)?,
        },
    ])
}

/// The runtime every generated crate carries: the modules of the `runtime` crate, copied
/// verbatim (path in the generated crate, source).
pub const RUNTIME: [(&str, &str); 3] = [
    ("src/support.rs", include_str!("../../../runtime/src/support.rs")),
    ("src/transport.rs", include_str!("../../../runtime/src/transport.rs")),
    ("src/serving.rs", include_str!("../../../runtime/src/serving.rs")),
];

/// The files that make a standalone crate around the generated modules.
pub fn render_crate_scaffold(api: &Api, crate_name: &str) -> Result<Vec<Rendered>, askama::Error> {
    let lib = CrateLibTemplate {
        docs: doc_lines(api.docs.as_deref()),
        title: &api.title,
    };
    let manifest = CrateManifestTemplate {
        crate_name,
        version: literal(&api.package.version),
        description: literal(&format!("Generated from the OpenAPI document {}.", api.title)),
        license: api.package.license.as_deref().map(literal).unwrap_or_default(),
        has_license: api.package.license.is_some(),
    };
    Ok(vec![
        Rendered {
            path: "src/lib.rs".into(),
            template: "crate/lib.rs",
            source: lib.render()?,
        },
        Rendered {
            path: "Cargo.toml".into(),
            template: "crate/manifest.toml",
            source: manifest.render()?,
        },
    ])
}

#[derive(Template)]
#[template(path = "crate/lib.rs", escape = "none")]
struct CrateLibTemplate<'a> {
    docs: Vec<String>,
    title: &'a str,
}

#[derive(Template)]
#[template(path = "crate/manifest.toml", escape = "none")]
struct CrateManifestTemplate<'a> {
    crate_name: &'a str,
    version: String,
    description: String,
    license: String,
    has_license: bool,
}

#[derive(Template)]
#[template(path = "models.rs", escape = "none")]
struct ModelsTemplate<'a> {
    title: &'a str,
    version: &'a str,
    patterns: Vec<PatternView>,
    items: Vec<String>,
}

/// A compiled `pattern`, shared by every field that uses it.
struct PatternView {
    name: String,
    literal: String,
}

/// A pattern of the spec and the static it is compiled into.
struct PatternDef {
    pattern: String,
    name: String,
}

/// Every distinct pattern of the API (fields, then parameters), in first-use order, each named
/// after its first user so that adding a pattern does not rename the others.
fn distinct_patterns(api: &Api) -> Vec<PatternDef> {
    let from_fields = api.types.defs.iter().flat_map(|def| {
        let fields = match &def.kind {
            TypeKind::Struct { fields, .. } => fields.as_slice(),
            _ => &[],
        };
        fields
            .iter()
            .filter(|f| is_text(checked_type(&api.types, &f.ty)))
            .filter_map(move |f| Some((f.constraints.pattern.as_ref()?, &def.name.rust, &f.name.raw)))
    });
    // Only where `checks` emits a pattern rule: a static nothing reads is dead code.
    let from_params = api.operations.iter().flat_map(|op| {
        op.params
            .iter()
            .filter(|p| is_text(checked_type(&api.types, &p.ty)))
            .filter_map(move |p| Some((p.constraints.pattern.as_ref()?, &op.type_name, &p.name.raw)))
    });
    let mut names = naming::Namer::new();
    let mut out: Vec<PatternDef> = Vec::new();
    for (pattern, owner, field) in from_fields.chain(from_params) {
        if !out.iter().any(|p| &p.pattern == pattern) {
            out.push(PatternDef {
                pattern: pattern.clone(),
                name: names.claim(naming::const_name(&format!("{owner} {field} pattern"))),
            });
        }
    }
    out
}

/// The name of the static holding a pattern (`distinct_patterns` collected every pattern).
fn pattern_static(patterns: &[PatternDef], pattern: &str) -> String {
    patterns
        .iter()
        .find(|p| p.pattern == pattern)
        .map_or_else(|| naming::const_name("missing pattern"), |p| p.name.clone())
}

#[derive(Template)]
#[template(path = "partials/struct.rs", escape = "none")]
struct StructTemplate {
    name: String,
    in_params: bool,
    has_default: bool,
    /// `Default` derived (no field has a documented default) rather than written out.
    derive_default: bool,
    has_spec_defaults: bool,
    defaults: Vec<DefaultFnView>,
    docs: Vec<String>,
    fields: Vec<FieldView>,
    has_additional: bool,
    additional_ty: String,
}

struct FieldView {
    name: String,
    raw_literal: String,
    ty: String,
    docs: Vec<String>,
    attrs: Vec<String>,
    checks: Vec<CheckView>,
    /// The field's value in `Default::default()`: the spec's default, or the type's.
    default_expr: String,
    /// Whether the field's type has rules of its own (a generated type inside).
    is_nested: bool,
}

/// A function returning a field's documented default, named in `#[serde(default = ...)]`.
pub(super) struct DefaultFnView {
    pub(super) fn_name: String,
    pub(super) ty: String,
    pub(super) expr: String,
}

/// One call of a `support::check_*` function: the rule's function suffix and its argument.
#[derive(Clone)]
struct CheckView {
    rule: &'static str,
    arg: String,
}

#[derive(Template)]
#[template(path = "partials/enum.rs", escape = "none")]
struct EnumTemplate {
    name: String,
    in_params: bool,
    docs: Vec<String>,
    variants: Vec<VariantView>,
    default_literal: String,
}

struct VariantView {
    name: String,
    literal: String,
    raw_doc: String,
}

#[derive(Template)]
#[template(path = "partials/union.rs", escape = "none")]
struct UnionTemplate {
    name: String,
    in_params: bool,
    has_docs: bool,
    has_default: bool,
    docs: Vec<String>,
    variants: Vec<UnionVariantView>,
    first_variant: String,
    is_tagged: bool,
    property_doc: String,
    property_literal: String,
    mapping: Vec<MappingView>,
}

/// A discriminator value (as a literal) and the variant it selects.
struct MappingView {
    value: String,
    variant: String,
}

struct UnionVariantView {
    name: String,
    ty: String,
}

#[derive(Template)]
#[template(path = "partials/alias.rs", escape = "none")]
struct AliasTemplate {
    name: String,
    docs: Vec<String>,
    ty: String,
}

/// Whether a type holds a generated type (whose `validate_into` may find something).
pub(super) fn has_named(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(_) => true,
        TypeRef::Option(inner) | TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Box(inner) => has_named(inner),
        TypeRef::Tuple(items) => items.iter().any(has_named),
        TypeRef::Prim(_) | TypeRef::Json => false,
    }
}

/// The named types parameters hold (directly, in a list or behind an option).
fn param_types(api: &Api) -> std::collections::BTreeSet<crate::ir::TypeId> {
    fn named(ty: &TypeRef, out: &mut std::collections::BTreeSet<crate::ir::TypeId>) {
        match ty {
            TypeRef::Named(id) => {
                out.insert(*id);
            }
            TypeRef::Option(inner) | TypeRef::Vec(inner) | TypeRef::Box(inner) => named(inner, out),
            TypeRef::Map(_) | TypeRef::Tuple(_) | TypeRef::Prim(_) | TypeRef::Json => {}
        }
    }
    let mut out = std::collections::BTreeSet::new();
    for p in api.operations.iter().flat_map(|op| &op.params) {
        named(&p.ty, &mut out);
    }
    // An alias passes its target through.
    let aliases: Vec<TypeRef> = out
        .iter()
        .filter_map(|id| match &api.types.get(*id).kind {
            TypeKind::Alias(t) => Some(t.clone()),
            _ => None,
        })
        .collect();
    for t in &aliases {
        named(t, &mut out);
    }
    out
}

/// The named types a server decodes from request bodies, strictly (`support::strictly`):
/// those of the bodies and, transitively, of their fields, items, values and variants.
fn body_types(api: &Api) -> std::collections::BTreeSet<crate::ir::TypeId> {
    fn named(ty: &TypeRef, out: &mut Vec<crate::ir::TypeId>) {
        match ty {
            TypeRef::Named(id) => out.push(*id),
            TypeRef::Option(inner) | TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Box(inner) => {
                named(inner, out);
            }
            TypeRef::Tuple(items) => items.iter().for_each(|t| named(t, out)),
            TypeRef::Prim(_) | TypeRef::Json => {}
        }
    }
    let mut todo = Vec::new();
    for body in api.operations.iter().filter_map(|op| op.body.as_ref()) {
        named(&body.ty, &mut todo);
    }
    let mut out = std::collections::BTreeSet::new();
    while let Some(id) = todo.pop() {
        if !out.insert(id) {
            continue;
        }
        match &api.types.get(id).kind {
            TypeKind::Struct { fields, additional } => {
                fields.iter().for_each(|f| named(&f.ty, &mut todo));
                if let Some(ty) = additional {
                    named(ty, &mut todo);
                }
            }
            TypeKind::Union { variants, .. } => variants.iter().for_each(|v| named(&v.ty, &mut todo)),
            TypeKind::Alias(ty) => named(ty, &mut todo),
            TypeKind::Enum { .. } => {}
        }
    }
    out
}

/// Which types can implement `Default` without recursing forever: the least fixed point, so a
/// struct that requires itself (through a `Box`) is not defaultable.
fn defaultable(space: &TypeSpace) -> Vec<bool> {
    let mut known = vec![false; space.defs.len()];
    loop {
        let mut changed = false;
        for def in &space.defs {
            if known[def.id.0] {
                continue;
            }
            let ok = match &def.kind {
                TypeKind::Enum { .. } => true,
                TypeKind::Alias(ty) => ty_defaultable(ty, &known),
                TypeKind::Union { variants, .. } => variants.first().is_some_and(|v| ty_defaultable(&v.ty, &known)),
                TypeKind::Struct { fields, .. } => fields.iter().all(|f| ty_defaultable(&f.ty, &known)),
            };
            if ok {
                known[def.id.0] = true;
                changed = true;
            }
        }
        if !changed {
            return known;
        }
    }
}

fn ty_defaultable(ty: &TypeRef, known: &[bool]) -> bool {
    match ty {
        TypeRef::Named(id) => known[id.0],
        TypeRef::Box(inner) => ty_defaultable(inner, known),
        TypeRef::Tuple(items) => items.iter().all(|t| ty_defaultable(t, known)),
        TypeRef::Option(_) | TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Prim(_) | TypeRef::Json => true,
    }
}

fn render_type(
    space: &TypeSpace,
    def: &TypeDef,
    patterns: &[PatternDef],
    defaults: &[bool],
    params: &std::collections::BTreeSet<crate::ir::TypeId>,
    bodies: &std::collections::BTreeSet<crate::ir::TypeId>,
) -> Result<String, askama::Error> {
    let has_default = defaults[def.id.0];
    // Only types that parameters use need to be written to and read from parameter text.
    let in_params = params.contains(&def.id);
    // Only types a server reads from request bodies need their nulls checked.
    let in_bodies = bodies.contains(&def.id);
    let name = def.name.rust.clone();
    let docs = doc_lines(def.docs.as_deref());
    match &def.kind {
        TypeKind::Struct { fields, additional } => {
            let defaults: Vec<DefaultFnView> = fields
                .iter()
                .filter_map(|f| match &f.state {
                    FieldState::Default(value) => Some(DefaultFnView {
                        fn_name: default_fn_name(&f.name),
                        ty: rust_type(space, &f.ty),
                        expr: default_expr(space, &f.ty, value, MODELS_IN_MODELS),
                    }),
                    _ => None,
                })
                .collect();
            StructTemplate {
                in_params,
                has_spec_defaults: !defaults.is_empty(),
                derive_default: has_default && defaults.is_empty(),
                fields: fields
                    .iter()
                    .map(|f| FieldView {
                        name: f.name.rust.clone(),
                        raw_literal: literal(&f.name.raw),
                        ty: rust_type(space, &f.ty),
                        docs: field_docs(f.docs.as_deref(), &f.state),
                        attrs: field_attrs(
                            &f.name,
                            &f.ty,
                            &f.state,
                            &name,
                            match (f.nullable, in_bodies) {
                                (true, _) => Nulls::Allowed,
                                (false, true) => Nulls::Refused,
                                (false, false) => Nulls::Lenient,
                            },
                        ),
                        checks: checks(space, &f.constraints, &f.ty, patterns, MODELS_IN_MODELS),
                        is_nested: has_named(checked_type(space, &f.ty)),
                        default_expr: match &f.state {
                            FieldState::Default(_) => format!("Self::{}()", default_fn_name(&f.name)),
                            _ => "Default::default()".into(),
                        },
                    })
                    .collect(),
                name,
                has_default,
                docs,
                defaults,
                has_additional: additional.is_some(),
                additional_ty: additional.as_ref().map(|t| rust_type(space, t)).unwrap_or_default(),
            }
            .render()
        }
        TypeKind::Enum { variants } => EnumTemplate {
            name,
            in_params,
            docs,
            default_literal: variants.first().map_or_else(|| literal(""), |v| literal(&v.raw)),
            variants: variants
                .iter()
                .map(|v| VariantView {
                    name: v.rust.clone(),
                    literal: literal(&v.raw),
                    raw_doc: v.raw.replace('`', "'"),
                })
                .collect(),
        }
        .render(),
        TypeKind::Union {
            variants,
            discriminator,
        } => UnionTemplate {
            name,
            in_params,
            has_docs: !docs.is_empty(),
            has_default,
            docs,
            first_variant: variants.first().map(|v| v.name.rust.clone()).unwrap_or_default(),
            is_tagged: discriminator.is_some(),
            property_doc: discriminator
                .as_ref()
                .map(|d| d.property.replace('`', "'"))
                .unwrap_or_default(),
            property_literal: discriminator.as_ref().map(|d| literal(&d.property)).unwrap_or_default(),
            mapping: discriminator
                .iter()
                .flat_map(|d| &d.mapping)
                .filter_map(|(value, index)| {
                    Some(MappingView {
                        value: literal(value),
                        variant: variants.get(*index)?.name.rust.clone(),
                    })
                })
                .collect(),
            variants: variants
                .iter()
                .map(|v| UnionVariantView {
                    name: v.name.rust.clone(),
                    ty: rust_type(space, &v.ty),
                })
                .collect(),
        }
        .render(),
        TypeKind::Alias(ty) => AliasTemplate {
            name,
            docs,
            ty: rust_type(space, ty),
        }
        .render(),
    }
}

/// The private function that returns a field's documented default.
pub(super) fn default_fn_name(field: &Name) -> String {
    format!("__default_{}", field.rust.trim_start_matches("r#"))
}

/// A Rust expression of the field's type for a documented default (lowering kept only defaults
/// that fit the type).
fn default_expr(space: &TypeSpace, ty: &TypeRef, value: &serde_json::Value, models: &str) -> String {
    match (ty, value) {
        (TypeRef::Named(id), serde_json::Value::String(text)) => {
            format!("{models}{}::from({})", space.get(*id).name.rust, literal(text))
        }
        (TypeRef::Prim(Prim::F64), serde_json::Value::Number(n)) => float_literal(n.as_f64().unwrap_or_default()),
        // Written in the field's own type: `1.5_f32` where the field is `f32`.
        (TypeRef::Prim(Prim::F32), serde_json::Value::Number(n)) => {
            float_literal(n.as_f64().unwrap_or_default()).replace("_f64", "_f32")
        }
        (TypeRef::Prim(_), serde_json::Value::String(text)) => format!("String::from({})", literal(text)),
        (TypeRef::Prim(_), other) => other.to_string(),
        _ => "Default::default()".into(),
    }
}

/// The type a field's constraints are checked on: an `Option`'s inner type, and through aliases:
/// a `$ref` to a scalar component (`SemverVersion: {type: string, pattern: ..}`) is an alias of
/// the scalar, whose constraints apply to the field like inline ones.
fn checked_type<'t>(space: &'t TypeSpace, ty: &'t TypeRef) -> &'t TypeRef {
    let mut inner = match ty {
        TypeRef::Option(inner) => inner,
        other => other,
    };
    // Bounded: aliases of aliases are rare, and a cycle must not hang the generator.
    for _ in 0..8 {
        match inner {
            TypeRef::Named(id) => match &space.get(*id).kind {
                TypeKind::Alias(aliased) if !matches!(aliased, TypeRef::Option(_)) => inner = aliased,
                _ => break,
            },
            _ => break,
        }
    }
    inner
}

/// The constraint checks that apply to a field of this type (length rules to text, bounds to
/// numbers; `enum` is checked by the enum type itself).
fn checks(space: &TypeSpace, c: &Constraints, ty: &TypeRef, patterns: &[PatternDef], models: &str) -> Vec<CheckView> {
    let mut out = Vec::new();
    let inner = checked_type(space, ty);
    if is_text(inner) {
        if let Some(n) = c.max_length {
            out.push(CheckView {
                rule: "max_length",
                arg: n.to_string(),
            });
        }
        if let Some(n) = c.min_length {
            out.push(CheckView {
                rule: "min_length",
                arg: n.to_string(),
            });
        }
        if let Some(p) = &c.pattern {
            out.push(CheckView {
                rule: "pattern",
                arg: format!("&{models}{}", pattern_static(patterns, p)),
            });
        }
    }
    if matches!(
        inner,
        TypeRef::Prim(Prim::I32 | Prim::I64 | Prim::U64 | Prim::F32 | Prim::F64)
    ) {
        if let Some(n) = c.maximum {
            out.push(CheckView {
                rule: "maximum",
                arg: float_literal(n),
            });
        }
        if let Some(n) = c.minimum {
            out.push(CheckView {
                rule: "minimum",
                arg: float_literal(n),
            });
        }
        if let Some(n) = c.exclusive_maximum {
            out.push(CheckView {
                rule: "exclusive_maximum",
                arg: float_literal(n),
            });
        }
        if let Some(n) = c.exclusive_minimum {
            out.push(CheckView {
                rule: "exclusive_minimum",
                arg: float_literal(n),
            });
        }
        if !c.allowed_numbers.is_empty() {
            let values: Vec<String> = c.allowed_numbers.iter().map(|n| float_literal(*n)).collect();
            out.push(CheckView {
                rule: "allowed_numbers",
                arg: format!("&[{}]", values.join(", ")),
            });
        }
    }
    out
}

fn float_literal(n: f64) -> String {
    let text = n.to_string();
    if text.contains(['.', 'e', 'E']) {
        format!("{text}_f64")
    } else {
        format!("{text}.0_f64")
    }
}

/// A Rust string literal for `text`, escaped.
fn literal(text: &str) -> String {
    format!("{text:?}")
}

/// What `null` is worth in a field that is an `Option`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Nulls {
    /// The spec allows it (`nullable: true`): `None`.
    Allowed,
    /// The spec does not allow it, and a server reads the field from a request body: `None`,
    /// except while decoding strictly (`support::strictly`), where it is an error.
    Refused,
    /// The spec does not allow it, but nothing decodes the field strictly (responses, the JSON
    /// form of parameters): `None`.
    Lenient,
}

/// The serde attributes of a field.
pub(super) fn field_attrs(name: &Name, ty: &TypeRef, state: &FieldState, owner: &str, nulls: Nulls) -> Vec<String> {
    let mut serde = Vec::new();
    if name.needs_rename() {
        serde.push(format!("rename = {}", literal(&name.raw)));
    }
    if matches!(state, FieldState::Default(_)) {
        // Absent on the wire means the documented default; it is always written out.
        serde.push(format!("default = \"{owner}::{}\"", default_fn_name(name)));
    }
    match ty {
        TypeRef::Option(inner) => {
            serde.push("default".into());
            // A required, nullable field is written as `null`; an optional one is left out.
            if *state != FieldState::Required {
                serde.push("skip_serializing_if = \"Option::is_none\"".into());
            }
            // Text is read leniently in any case; one helper per case keeps the attribute short.
            match (is_text(inner), nulls) {
                (true, Nulls::Allowed) => {
                    serde.push("deserialize_with = \"crate::support::lenient_string_or_null\"".into());
                }
                (true, Nulls::Refused | Nulls::Lenient) => {
                    serde.push("deserialize_with = \"crate::support::lenient_string_opt\"".into());
                }
                (false, Nulls::Refused) => serde.push("deserialize_with = \"crate::support::not_null\"".into()),
                (false, Nulls::Allowed | Nulls::Lenient) => {}
            }
        }
        ty if is_text(ty) => serde.push("deserialize_with = \"crate::support::lenient_string\"".into()),
        _ => {}
    }
    if serde.is_empty() {
        Vec::new()
    } else {
        vec![format!("#[serde({})]", serde.join(", "))]
    }
}

pub(super) fn is_text(ty: &TypeRef) -> bool {
    matches!(
        ty,
        TypeRef::Prim(Prim::String | Prim::DateTime | Prim::Byte | Prim::Binary)
    )
}

fn field_docs(docs: Option<&str>, state: &FieldState) -> Vec<String> {
    let mut lines = doc_lines(docs);
    if let FieldState::Default(value) = state {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(format!("Default: `{}`.", value.to_string().replace('`', "'")));
    }
    lines
}

/// Where the models module is, seen from the file being rendered.
const MODELS_IN_MODELS: &str = "";
const MODELS_ELSEWHERE: &str = "crate::models::";

/// The Rust spelling of a type in the models module.
pub fn rust_type(space: &TypeSpace, ty: &TypeRef) -> String {
    rust_type_in(space, ty, MODELS_IN_MODELS)
}

/// The Rust spelling of a type, with absolute paths; `models` prefixes generated type names.
fn rust_type_in(space: &TypeSpace, ty: &TypeRef, models: &str) -> String {
    let rust_type = |space: &TypeSpace, ty: &TypeRef| rust_type_in(space, ty, models);
    match ty {
        TypeRef::Named(id) => format!("{models}{}", space.get(*id).name.rust),
        TypeRef::Option(inner) => format!("Option<{}>", rust_type(space, inner)),
        TypeRef::Vec(inner) => format!("Vec<{}>", rust_type(space, inner)),
        TypeRef::Map(inner) => format!("::std::collections::BTreeMap<String, {}>", rust_type(space, inner)),
        TypeRef::Box(inner) => format!("Box<{}>", rust_type(space, inner)),
        TypeRef::Tuple(items) => {
            let items: Vec<String> = items.iter().map(|t| rust_type(space, t)).collect();
            format!("({},)", items.join(", "))
        }
        TypeRef::Json => "::serde_json::Value".into(),
        TypeRef::Prim(p) => match p {
            // `format: binary` inside JSON can only be text; raw bodies are not models.
            Prim::String | Prim::DateTime | Prim::Byte | Prim::Binary => "String",
            Prim::Bool => "bool",
            Prim::I32 => "i32",
            Prim::I64 => "i64",
            Prim::U64 => "u64",
            Prim::F32 => "f32",
            Prim::F64 => "f64",
        }
        .into(),
    }
}

/// Description text made safe for rustdoc, one entry per line: bare URLs become autolinks,
/// brackets are escaped (they would be read as intra-doc links), fenced code is marked `text`
/// (rustdoc would compile it as Rust), HTML-like angle brackets are escaped.
pub fn doc_lines(text: Option<&str>) -> Vec<String> {
    let Some(text) = text else { return Vec::new() };
    let mut in_fence = false;
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            // Every opening fence becomes `text`, whatever language it named.
            out.push(if in_fence { "```" } else { "```text" }.to_owned());
            in_fence = !in_fence;
        } else if in_fence {
            out.push(line.trim_end().to_owned());
        } else {
            // Four leading spaces would start an indented code block, which rustdoc compiles
            // as a doctest; spec prose is never Rust.
            out.push(safe_doc_line(line.trim_start()).trim_end().to_owned());
        }
    }
    if in_fence {
        out.push("```".to_owned());
    }
    out
}

/// Links already written as Markdown (`<https://…>`, `[text](https://…)`) stay as they are;
/// bare URLs become autolinks; everything else is escaped.
fn safe_doc_line(line: &str) -> String {
    static LINK: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"<https?://[^>\s]+>|\[[^\[\]]*\]\(https?://[^()\s]*(?:\([^()\s]*\)[^()\s]*)*\)|https?://[^\s<>`\x22，。）、；：！？]+")
            .expect("a valid regex")
    });
    let mut out = String::with_capacity(line.len());
    let mut last = 0;
    for m in LINK.find_iter(line) {
        out.push_str(&escape_markup(&line[last..m.start()]));
        let text = m.as_str();
        if text.starts_with('<') || text.starts_with('[') {
            out.push_str(text);
            last = m.end();
        } else {
            let url = trim_url(text);
            out.push_str(&format!("<{url}>"));
            last = m.start() + url.len();
        }
    }
    out.push_str(&escape_markup(&line[last..]));
    out
}

/// A bare URL without the punctuation that ends the sentence around it, and without closing
/// brackets it did not open (`(see https://x.y/a_(b))` keeps `a_(b)`).
fn trim_url(url: &str) -> &str {
    let mut url = url.trim_end_matches(['.', ',', ';', ':', '!', '?', '，', '。', '）', '、']);
    loop {
        let unbalanced =
            |open: char, close: char| url.ends_with(close) && url.matches(close).count() > url.matches(open).count();
        if unbalanced('(', ')') || unbalanced('[', ']') {
            url = &url[..url.len() - 1];
            url = url.trim_end_matches(['.', ',', ';', ':', '!', '?']);
        } else {
            return url;
        }
    }
}

fn escape_markup(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('[', "\\[")
        .replace(']', "\\]")
        .replace('<', "\\<")
        .replace('>', "\\>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_kept_or_made_autolinks() {
        let cases = [
            (
                "(see https://en.wikipedia.org/wiki/A_(b)).",
                "(see <https://en.wikipedia.org/wiki/A_(b)>).",
            ),
            (
                "<https://x.y/z> and [docs](https://x.y/d(1)) ok",
                "<https://x.y/z> and [docs](https://x.y/d(1)) ok",
            ),
            ("头像 URL:http://111xx，完", "头像 URL:<http://111xx>，完"),
            ("    indented code", "indented code"),
            ("a*/b \\ c", "a*/b \\\\ c"),
        ];
        for (input, expected) in cases {
            assert_eq!(doc_lines(Some(input)), [expected.to_owned()], "{input}");
        }
    }

    #[test]
    fn docs_are_made_rustdoc_safe() {
        let lines = doc_lines(Some(
            "see https://example.com/a?b=1. and [x] <b>\n```\nlet [a] = 1;\n```\nunclosed:\n```json",
        ));
        assert_eq!(
            lines,
            [
                "see <https://example.com/a?b=1>. and \\[x\\] \\<b\\>".to_owned(),
                "```text".into(),
                "let [a] = 1;".into(),
                "```".into(),
                "unclosed:".into(),
                "```text".into(),
                "```".into(),
            ]
        );
    }
}
