//! Per type and field: the traits a type derives or writes, the serde shape of each field, its
//! documented default as a Rust value, and the checks `validate()` runs on it.

use super::{Patterns, Usage, checked_type, has_named};
use crate::ir::{
    Check, Constraints, DefaultImpl, DefaultValue, Derive, FieldState, Literal, Name, Prim, Read, Traits, TypeDef,
    TypeKind, TypeRef, TypeSpace, Typed, Wire,
};
use crate::naming;

/// What `null` is worth in a field that is an `Option`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::lower) enum Nulls {
    /// The spec allows it (`nullable: true`): `None`.
    Allowed,
    /// The spec does not allow it, and a server reads the field from a request body: `None`,
    /// except while decoding strictly (`support::strictly`), where it is an error.
    Refused,
    /// The spec does not allow it, but nothing decodes the field strictly (responses, the JSON
    /// form of parameters): `None`.
    Lenient,
}

/// Decides the traits of every type and the wire shape and checks of every struct field.
pub(in crate::lower) fn decide_types(space: &mut TypeSpace, usage: &Usage, patterns: &mut Patterns) {
    for index in 0..space.defs.len() {
        let def = &space.defs[index];
        let traits = traits_of(def, usage);
        let strict = usage.in_bodies.contains(&def.id);
        let decided: Vec<(Wire, Vec<Check>)> = match &def.kind {
            TypeKind::Struct { fields, .. } => fields
                .iter()
                .map(|f| {
                    let nulls = match (f.nullable, strict) {
                        (true, _) => Nulls::Allowed,
                        (false, true) => Nulls::Refused,
                        (false, false) => Nulls::Lenient,
                    };
                    let wire = wire(space, &f.name, &f.ty, &f.state, nulls);
                    (
                        wire,
                        checks(space, &f.constraints, &f.ty, patterns, (&def.name.rust, &f.name.raw)),
                    )
                })
                .collect(),
            _ => Vec::new(),
        };
        let def = &mut space.defs[index];
        def.traits = traits;
        if let TypeKind::Struct { fields, .. } = &mut def.kind {
            for (field, (wire, checks)) in fields.iter_mut().zip(decided) {
                field.wire = wire;
                field.checks = checks;
            }
        }
    }
}

/// The traits of a type: what every model has, `Default` where every part has one (derived,
/// or written when fields have documented defaults), parameter text where a parameter holds it.
fn traits_of(def: &TypeDef, usage: &Usage) -> Traits {
    use Derive::*;
    let defaultable = usage.defaultable[def.id.0];
    let param_text = usage.in_params.contains(&def.id);
    match &def.kind {
        TypeKind::Struct { fields, .. } => {
            let spec_defaults = fields.iter().any(|f| matches!(f.state, FieldState::Default(_)));
            // `Deserialize` is `decoded`, written by the runtime's macro.
            let (default, derives) = match (defaultable, spec_defaults) {
                (true, false) => (DefaultImpl::Derived, vec![Debug, Clone, PartialEq, Default, Serialize]),
                (true, true) => (DefaultImpl::Written, vec![Debug, Clone, PartialEq, Serialize]),
                (false, _) => (DefaultImpl::None, vec![Debug, Clone, PartialEq, Serialize]),
            };
            Traits {
                derives,
                json_derives: Vec::new(),
                default,
                decoded: true,
                param_text,
            }
        }
        // `support::string_enum!` writes the rest, `Default` (the declared value) included.
        TypeKind::Enum { default, .. } => Traits {
            derives: vec![Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord],
            json_derives: Vec::new(),
            default: if default.is_some() {
                DefaultImpl::Written
            } else {
                DefaultImpl::None
            },
            decoded: false,
            param_text,
        },
        TypeKind::Union { .. } => {
            // A union decodes itself: by its tag (keeping unknown ones), or by trying the variants
            // that fit the value best first.
            let derives = vec![Debug, Clone, PartialEq, Serialize];
            let default = if defaultable {
                DefaultImpl::Written
            } else {
                DefaultImpl::None
            };
            Traits {
                derives,
                json_derives: Vec::new(),
                default,
                decoded: false,
                param_text,
            }
        }
        // An alias is its target: it has the target's traits.
        TypeKind::Alias(_) => Traits::default(),
    }
}

/// The serde shape of a field (or of a request's parameter in the request's JSON form).
pub(in crate::lower) fn wire(space: &TypeSpace, name: &Name, ty: &TypeRef, state: &FieldState, nulls: Nulls) -> Wire {
    let default = match state {
        FieldState::Default(value) => Some(DefaultValue {
            default_fn: naming::default_fn(&name.rust),
            value: literal(space, ty, value),
        }),
        _ => None,
    };
    let read = match ty {
        // Text is read leniently in any case; one helper per case keeps the attribute short.
        TypeRef::Option(inner) => match (inner.is_text(), nulls) {
            (true, Nulls::Allowed) => Read::TextOrNull,
            (true, Nulls::Refused | Nulls::Lenient) => Read::TextNotNull,
            (false, Nulls::Refused) => Read::NotNull,
            (false, Nulls::Allowed | Nulls::Lenient) => Read::Plain,
        },
        ty if ty.is_text() => Read::Text,
        _ => Read::Plain,
    };
    let optional = matches!(ty, TypeRef::Option(_));
    Wire {
        rename: name.needs_rename(),
        default,
        absent_is_none: optional,
        missing_refused_strictly: optional && *state == FieldState::Required,
        // A required, nullable field is written as `null`; an optional one is left out.
        skip_none: optional && *state != FieldState::Required,
        read,
    }
}

/// A documented default as a value of the field's type (lowering kept only defaults that fit).
pub(in crate::lower) fn literal(space: &TypeSpace, ty: &TypeRef, value: &serde_json::Value) -> Literal {
    use serde_json::Value;
    match (ty, value) {
        (TypeRef::Named(id), Value::String(text)) if matches!(space.get(*id).kind, TypeKind::Enum { .. }) => {
            Literal::Variant {
                ty: *id,
                value: text.clone(),
            }
        }
        // A typed format from its wire text (a decimal's digits as JSON wrote them).
        (TypeRef::Prim(Prim::Typed(_)), Value::String(text)) => Literal::Wire(text.clone()),
        (TypeRef::Prim(Prim::Typed(_)), Value::Number(n)) => Literal::Wire(n.to_string()),
        (TypeRef::Prim(Prim::F64), Value::Number(n)) => Literal::F64(n.as_f64().unwrap_or_default()),
        // Written in the field's own type: `1.5_f32` where the field is `f32`.
        (TypeRef::Prim(Prim::F32), Value::Number(n)) => Literal::F32(n.as_f64().unwrap_or_default()),
        (TypeRef::Prim(_), Value::String(text)) => Literal::Text(text.clone()),
        (TypeRef::Prim(_), other) => Literal::Plain(other.to_string()),
        _ => Literal::TypeDefault,
    }
}

/// The checks of a value of this type: length rules and patterns on text, bounds on numbers
/// (`enum` is checked by the enum type itself), then the rules of a generated type inside.
/// `owner` (type and field) names a pattern's static when this is its first use.
pub(in crate::lower) fn checks(
    space: &TypeSpace,
    c: &Constraints,
    ty: &TypeRef,
    patterns: &mut Patterns,
    owner: (&str, &str),
) -> Vec<Check> {
    let mut out = Vec::new();
    let checked = checked_type(space, ty);
    if matches!(checked, TypeRef::Vec(_)) {
        out.extend(c.min_items.map(Check::MinItems));
        out.extend(c.max_items.map(Check::MaxItems));
    }
    // A list's or map's rules apply to each element (the runtime's `Text` and `Number` reach
    // into one level of lists, maps and options).
    let inner = match checked {
        TypeRef::Vec(element) | TypeRef::Map(element) => checked_type(space, element),
        other => other,
    };
    if inner.is_text() {
        out.extend(c.max_length.map(Check::MaxLength));
        out.extend(c.min_length.map(Check::MinLength));
        if let Some(p) = &c.pattern {
            out.push(Check::Pattern(patterns.claim(p, owner.0, owner.1)));
        }
    }
    let decimal = matches!(
        inner,
        TypeRef::Prim(Prim::F32 | Prim::F64 | Prim::Typed(Typed::Decimal))
    );
    if decimal || matches!(inner, TypeRef::Prim(Prim::I32 | Prim::I64 | Prim::U64)) {
        out.extend(c.maximum.map(Check::Maximum));
        out.extend(c.minimum.map(Check::Minimum));
        out.extend(c.exclusive_maximum.map(Check::ExclusiveMaximum));
        out.extend(c.exclusive_minimum.map(Check::ExclusiveMinimum));
        if !c.allowed_numbers.is_empty() {
            out.push(Check::AllowedNumbers(c.allowed_numbers.clone()));
        }
    }
    if decimal {
        out.extend(c.scale.map(Check::Scale));
    }
    // A typed format reports a value that did not parse (`support::Lenient`).
    if has_named(inner) || matches!(inner, TypeRef::Prim(Prim::Typed(_))) {
        out.push(Check::Nested);
    }
    out
}
