//! Schemas that become named types: which need one, and enums and unions.

use std::collections::BTreeSet;

use crate::document::{self, ENUM_DESCRIPTIONS, ENUM_VARNAMES, Schema, SchemaType};
use crate::ir::{Discriminator, EnumVariant, Name, TypeDef, TypeId, TypeKind, TypeRef, UnionVariant};
use crate::naming::{self, Namer};
use crate::pointer::JsonPointer;

use super::Lowering;

/// Whether a schema used in place needs a named type of its own (mirrors `named_kind`).
pub(super) fn needs_named_type(schema: &Schema) -> bool {
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
pub(super) fn parts(schema: &Schema) -> Vec<(usize, &Schema)> {
    schema
        .all_of
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.is_annotation_only())
        .collect()
}

/// Title and description, or those of the documenting `allOf` members.
pub(super) fn docs_of(schema: &Schema) -> Option<String> {
    schema.docs().or_else(|| {
        schema
            .all_of
            .iter()
            .filter(|s| s.is_annotation_only())
            .find_map(Schema::docs)
    })
}

/// The values of a string enum (or a string `const`), when every listed value is text.
pub(super) fn string_values(schema: &Schema) -> Option<Vec<&str>> {
    if !(schema.types.is_empty() || schema.single_type() == Some(SchemaType::String)) {
        return None;
    }
    let listed = schema.listed_values()?;
    let values: Vec<&str> = listed.iter().filter_map(|v| v.as_str()).collect();
    (!values.is_empty() && values.len() == listed.len()).then_some(values)
}

/// The schema whose values make a string enum, when `schema` is one (directly, or as the only
/// part of an `allOf`), as `named_kind` decides it.
pub(super) fn enum_schema(schema: &Schema) -> Option<&Schema> {
    if schema.reference.is_some() || !schema.one_of.is_empty() || !schema.any_of.is_empty() || schema.types.len() > 1 {
        return None;
    }
    match parts(schema).as_slice() {
        [] => string_values(schema).is_some().then_some(schema),
        [(_, only)] if schema.properties.is_empty() => enum_schema(only),
        _ => None,
    }
}

/// What makes two string enums one type: the same values, variant names and meanings.
pub(super) type EnumKey = (Vec<String>, Option<Vec<String>>, Option<Vec<String>>);

pub(super) fn enum_key(schema: &Schema) -> Option<EnumKey> {
    let schema = enum_schema(schema)?;
    let owned = |texts: Vec<&str>| texts.into_iter().map(str::to_owned).collect::<Vec<_>>();
    Some((
        owned(string_values(schema)?),
        schema.enum_extension(ENUM_VARNAMES).map(owned),
        schema.enum_extension(ENUM_DESCRIPTIONS).map(owned),
    ))
}

pub(super) fn is_object_like(schema: &Schema) -> bool {
    schema.types.is_empty() || schema.single_type() == Some(SchemaType::Object)
}

impl<'a> Lowering<'a> {
    pub(super) fn reserve(&mut self, name: Name, source: JsonPointer) -> TypeId {
        let id = TypeId(self.space.defs.len());
        self.space.defs.push(TypeDef {
            id,
            name,
            docs: None,
            source,
            kind: TypeKind::Alias(TypeRef::Json),
            // Decided once the type space is final (`decide`).
            traits: Default::default(),
        });
        id
    }

    /// Allocates an inline type named `hint` (already a Rust type name candidate).
    pub(super) fn new_type(&mut self, schema: &Schema, at: &JsonPointer, hint: &str) -> Option<TypeId> {
        if !needs_named_type(schema) {
            return None;
        }
        // An inline enum with the values of another (a component, or an earlier inline one) is
        // that type: one type per meaning.
        let key = enum_key(schema);
        if let Some(id) = key.as_ref().and_then(|k| self.enums.get(k)).copied() {
            self.agree_on_default(id, schema);
            return Some(id);
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
                if let Some(key) = key {
                    self.enums.insert(key, id);
                }
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

    /// An inline copy of an enum keeps the type's default only where it declares the same one,
    /// so an inline type has a default where every copy agrees on it, whatever their order. A
    /// component's default is its own.
    fn agree_on_default(&mut self, id: TypeId, copy: &Schema) {
        if id.0 < self.doc.components.schemas.len() {
            return;
        }
        let declared = enum_schema(copy).and(copy.default.as_ref()).and_then(|d| d.as_str());
        if let TypeKind::Enum { default, .. } = &mut self.space.defs[id.0].kind
            && default.as_deref() != declared
        {
            *default = None;
        }
    }

    /// The kind of a schema that needs its own named type (object, enum, union, allOf), or
    /// `None` for shapes that map to a plain Rust type.
    pub(super) fn named_kind(&mut self, schema: &Schema, at: &JsonPointer, id: TypeId) -> Option<TypeKind> {
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
        if string_values(schema).is_some() {
            return Some(string_enum(schema));
        }
        if !schema.properties.is_empty() && is_object_like(schema) {
            return Some(self.object(schema, at, &hint));
        }
        None
    }

    /// A schema with several non-null types (3.1 `type: [string, integer]`): an untagged
    /// union with one variant per type, each the schema narrowed to that type.
    pub(super) fn type_union(&mut self, schema: &Schema, at: &JsonPointer, hint: &str) -> TypeKind {
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

    pub(super) fn union(&mut self, members: &[Schema], at: &JsonPointer, hint: &str, schema: &Schema) -> TypeKind {
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
}

/// A string enum: a variant per distinct value, named by `x-enum-varnames` where the document
/// gives names (else after the value) and documented by `x-enum-descriptions`.
pub(super) fn string_enum(schema: &Schema) -> TypeKind {
    let values = string_values(schema).unwrap_or_default();
    let names = schema.enum_extension(ENUM_VARNAMES);
    let descriptions = schema.enum_extension(ENUM_DESCRIPTIONS);
    let mut namer = Namer::new();
    namer.reserve("Unknown");
    let mut seen = BTreeSet::new();
    let variants = values
        .iter()
        .enumerate()
        .filter(|(_, v)| seen.insert(**v))
        .map(|(i, v)| {
            let label = names.as_ref().map_or(*v, |n| n[i]);
            EnumVariant {
                name: Name {
                    raw: (*v).to_owned(),
                    rust: namer.claim(naming::variant_name(label)),
                },
                docs: descriptions
                    .as_ref()
                    .map(|d| d[i].to_owned())
                    .filter(|d| !d.trim().is_empty()),
            }
        })
        .collect();
    let default = schema.default.as_ref().and_then(|d| d.as_str()).map(str::to_owned);
    TypeKind::Enum { variants, default }
}

/// A readable variant label: the referenced component, the title, or the JSON type.
pub(super) fn variant_label(member: &Schema, index: usize) -> String {
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
pub(super) fn is_empty_schema(schema: &Schema) -> bool {
    *schema
        == Schema {
            at: schema.at.clone(),
            ..Schema::default()
        }
}
