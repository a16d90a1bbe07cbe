//! View models of `models.rs`: one partial per kind of type (struct, enum, union, alias).

use askama::Template;

use super::{CheckView, DefaultFnView, derives, doc_lines, docs};
use crate::ir::{Api, DefaultImpl, Discriminator, Field, FieldState, TypeDef, TypeKind, TypeRef, UnionVariant};
use crate::naming::spell::{self, IN_MODELS};

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

pub(super) fn render(api: &Api) -> Result<String, askama::Error> {
    let items = api
        .types
        .defs
        .iter()
        .map(|def| render_type(api, def))
        .collect::<Result<Vec<_>, _>>()?;
    ModelsTemplate {
        title: &api.title,
        version: &api.version,
        patterns: api
            .patterns
            .iter()
            .map(|p| PatternView {
                name: p.name.clone(),
                literal: spell::string(&p.regex),
            })
            .collect(),
        items,
    }
    .render()
}

#[derive(Template)]
#[template(path = "partials/struct.rs", escape = "none")]
struct StructTemplate {
    name: String,
    docs: Vec<String>,
    derives: Vec<&'static str>,
    fields: Vec<FieldView>,
    has_additional: bool,
    additional_ty: String,
    defaults: Vec<DefaultFnView>,
    has_defaults: bool,
    write_default: bool,
    param_text: bool,
    /// `Deserialize` by `support::decode_struct!`.
    decoded: bool,
    /// The struct has required fields: a `new` taking them (and no `Default`).
    has_constructor: bool,
    required: Vec<RequiredView>,
}

/// A required field, as a parameter of the struct's `new`.
struct RequiredView {
    name: String,
    ty: String,
}

struct FieldView {
    name: String,
    is_required: bool,
    raw_literal: String,
    /// How `decode_struct!` reads the value, and what a missing key means.
    read: &'static str,
    absent: String,
    ty: String,
    docs: Vec<String>,
    serde: String,
    has_serde: bool,
    checks: Vec<CheckView>,
    /// The function returning its documented default, if it has one.
    default_fn: String,
    has_default: bool,
}

#[derive(Template)]
#[template(path = "partials/enum.rs", escape = "none")]
struct EnumTemplate {
    name: String,
    docs: Vec<String>,
    derives: Vec<&'static str>,
    variants: Vec<VariantView>,
    /// The document declares a default: the type implements `Default` with it.
    has_default: bool,
    default_literal: String,
    param_text: bool,
}

struct VariantView {
    name: String,
    literal: String,
    /// The value as code, then what it means where the document says.
    docs: Vec<String>,
}

#[derive(Template)]
#[template(path = "partials/union.rs", escape = "none")]
struct UnionTemplate {
    name: String,
    has_docs: bool,
    docs: Vec<String>,
    derives: Vec<&'static str>,
    variants: Vec<UnionVariantView>,
    write_default: bool,
    first_variant: String,
    is_tagged: bool,
    property_doc: String,
    property_literal: String,
    mapping: Vec<MappingView>,
    /// The type's name as a string literal, for decoding errors.
    name_literal: String,
    param_text: bool,
}

/// A discriminator value (as a literal) and the variant it selects.
struct MappingView {
    value: String,
    variant: String,
}

struct UnionVariantView {
    name: String,
    ty: String,
    /// The variant is an object type: its required and known keys, as literals.
    is_object: bool,
    required: Vec<String>,
    known: Vec<String>,
    /// Properties that allow one text only, as (key, value) literals: they tell variants apart.
    tags: Vec<TagView>,
}

struct TagView {
    key: String,
    value: String,
}

#[derive(Template)]
#[template(path = "partials/alias.rs", escape = "none")]
struct AliasTemplate {
    name: String,
    docs: Vec<String>,
    ty: String,
}

fn render_type(api: &Api, def: &TypeDef) -> Result<String, askama::Error> {
    let name = def.name.rust.clone();
    let docs = doc_lines(def.docs.as_deref());
    match &def.kind {
        TypeKind::Struct { fields, additional } => {
            struct_view(api, def, fields, additional.as_ref(), name, docs).render()
        }
        TypeKind::Enum { variants, default } => EnumTemplate {
            name,
            docs,
            derives: derives(&def.traits.derives),
            has_default: default.is_some(),
            default_literal: spell::string(default.as_deref().unwrap_or_default()),
            variants: variants
                .iter()
                .map(|v| {
                    let mut lines = vec![format!("`{}`", docs::code(&v.name.raw))];
                    if v.docs.is_some() {
                        lines.push(String::new());
                        lines.extend(doc_lines(v.docs.as_deref()));
                    }
                    VariantView {
                        name: v.name.rust.clone(),
                        literal: spell::string(&v.name.raw),
                        docs: lines,
                    }
                })
                .collect(),
            param_text: def.traits.param_text,
        }
        .render(),
        TypeKind::Union {
            variants,
            discriminator,
        } => union_view(api, def, variants, discriminator.as_ref(), name, docs).render(),
        TypeKind::Alias(ty) => AliasTemplate {
            name,
            docs,
            ty: spell::rust_type(&api.types, ty, IN_MODELS),
        }
        .render(),
    }
}

/// A struct: its fields with their serde attributes and checks, and its documented defaults.
fn struct_view(
    api: &Api,
    def: &TypeDef,
    fields: &[Field],
    additional: Option<&TypeRef>,
    name: String,
    docs: Vec<String>,
) -> StructTemplate {
    let space = &api.types;
    let defaults: Vec<DefaultFnView> = fields
        .iter()
        .filter_map(|f| {
            let d = f.wire.default.as_ref()?;
            Some(DefaultFnView {
                fn_name: d.default_fn.clone(),
                ty: spell::rust_type(space, &f.ty, IN_MODELS),
                expr: spell::literal(space, &d.value, IN_MODELS),
            })
        })
        .collect();
    let required: Vec<RequiredView> = fields
        .iter()
        .filter(|f| f.state == FieldState::Required)
        .map(|f| RequiredView {
            name: f.name.rust.clone(),
            ty: spell::rust_type(space, &f.ty, IN_MODELS),
        })
        .collect();
    StructTemplate {
        has_constructor: !required.is_empty(),
        required,
        derives: derives(&def.traits.derives),
        has_defaults: !defaults.is_empty(),
        defaults,
        write_default: def.traits.default == DefaultImpl::Written,
        param_text: def.traits.param_text,
        decoded: def.traits.decoded,
        fields: fields
            .iter()
            .map(|f| field_view(api, f, &name, def.traits.decoded))
            .collect(),
        name,
        docs,
        has_additional: additional.is_some(),
        additional_ty: additional
            .map(|t| spell::rust_type(space, t, IN_MODELS))
            .unwrap_or_default(),
    }
}

/// A struct's field.
fn field_view(api: &Api, f: &Field, owner: &str, decoded: bool) -> FieldView {
    let serde = if decoded {
        spell::serialize_args(&f.wire, &f.name.raw)
    } else {
        spell::serde_args(&f.wire, &f.name.raw, owner)
    };
    let (read, absent) = spell::decode_field(&f.wire, owner);
    let default = match &f.state {
        FieldState::Default(value) => Some(value),
        _ => None,
    };
    FieldView {
        is_required: f.state == FieldState::Required,
        name: f.name.rust.clone(),
        raw_literal: spell::string(&f.name.raw),
        read,
        absent,
        ty: spell::rust_type(&api.types, &f.ty, IN_MODELS),
        docs: docs::field(f.docs.as_deref(), default),
        has_serde: !serde.is_empty(),
        serde,
        checks: f.checks.iter().map(|c| CheckView::of(c, api, IN_MODELS)).collect(),
        has_default: f.wire.default.is_some(),
        default_fn: f
            .wire
            .default
            .as_ref()
            .map(|d| d.default_fn.clone())
            .unwrap_or_default(),
    }
}

/// The fields of the struct a variant holds (through aliases and boxes), if it holds one.
fn object_fields<'a>(api: &'a Api, ty: &TypeRef) -> Option<&'a [Field]> {
    let mut ty = ty;
    for _ in 0..16 {
        match ty {
            TypeRef::Box(inner) => ty = inner,
            TypeRef::Named(id) => match &api.types.get(*id).kind {
                TypeKind::Struct { fields, .. } => return Some(fields),
                TypeKind::Alias(inner) => ty = inner,
                _ => return None,
            },
            _ => return None,
        }
    }
    None
}

/// A field that allows one text only (a one-value enum: `enum: [card]`, `const: card`).
fn tag(api: &Api, field: &Field) -> Option<TagView> {
    let TypeRef::Named(id) = field.ty.unwrap_option() else {
        return None;
    };
    match &api.types.get(*id).kind {
        TypeKind::Enum { variants, .. } if variants.len() == 1 => Some(TagView {
            key: spell::string(&field.name.raw),
            value: spell::string(&variants[0].name.raw),
        }),
        _ => None,
    }
}

/// A union: untagged, or tagged by its discriminator with the mapping's values.
fn union_view(
    api: &Api,
    def: &TypeDef,
    variants: &[UnionVariant],
    discriminator: Option<&Discriminator>,
    name: String,
    docs: Vec<String>,
) -> UnionTemplate {
    UnionTemplate {
        name,
        has_docs: !docs.is_empty(),
        docs,
        derives: derives(&def.traits.derives),
        write_default: def.traits.default == DefaultImpl::Written,
        first_variant: variants.first().map(|v| v.name.rust.clone()).unwrap_or_default(),
        is_tagged: discriminator.is_some(),
        property_doc: discriminator.map(|d| docs::code(&d.property)).unwrap_or_default(),
        property_literal: discriminator.map(|d| spell::string(&d.property)).unwrap_or_default(),
        mapping: discriminator
            .iter()
            .flat_map(|d| &d.mapping)
            .filter_map(|(value, index)| {
                Some(MappingView {
                    value: spell::string(value),
                    variant: variants.get(*index)?.name.rust.clone(),
                })
            })
            .collect(),
        variants: variants
            .iter()
            .map(|v| {
                let fields = object_fields(api, &v.ty);
                let keys = |required: bool| {
                    fields
                        .iter()
                        .flat_map(|f| f.iter())
                        .filter(|f| !required || f.state == FieldState::Required)
                        .map(|f| spell::string(&f.name.raw))
                        .collect()
                };
                UnionVariantView {
                    name: v.name.rust.clone(),
                    ty: spell::rust_type(&api.types, &v.ty, IN_MODELS),
                    is_object: fields.is_some(),
                    required: keys(true),
                    known: keys(false),
                    tags: fields
                        .iter()
                        .flat_map(|f| f.iter())
                        .filter_map(|f| tag(api, f))
                        .collect(),
                }
            })
            .collect(),
        name_literal: spell::string(&def.name.rust),
        param_text: def.traits.param_text,
    }
}
