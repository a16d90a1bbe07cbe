//! Objects: properties to fields, open objects, and `allOf` merged into one struct.

use std::collections::BTreeSet;

use crate::document::Schema;
use crate::ir::{Field, FieldState, Name, TypeKind, TypeRef};
use crate::naming::{self, Namer};
use crate::pointer::JsonPointer;

use super::Lowering;
use super::schemas::{docs_of, is_empty_schema, parts};

impl Lowering<'_> {
    pub(super) fn object(&mut self, schema: &Schema, at: &JsonPointer, hint: &str) -> TypeKind {
        let mut names = Namer::new();
        names.reserve("additional_properties");
        let fields = self.fields(schema, hint, &mut names);
        TypeKind::Struct {
            fields,
            additional: self.additional(schema, at, hint),
        }
    }

    pub(super) fn fields(&mut self, schema: &Schema, hint: &str, names: &mut Namer) -> Vec<Field> {
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
                // Decided once the type space is final (`decide`).
                wire: Default::default(),
                checks: Vec::new(),
                source: prop.at.clone(),
            });
        }
        out
    }

    pub(super) fn additional(&mut self, schema: &Schema, at: &JsonPointer, hint: &str) -> Option<TypeRef> {
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
    pub(super) fn merged_struct(&mut self, schema: &Schema, at: &JsonPointer, hint: &str) -> TypeKind {
        let mut names = Namer::new();
        names.reserve("additional_properties");
        let mut merged = Merged::default();
        self.merge_part(schema, at, hint, &mut names, &mut merged, &mut BTreeSet::new());
        TypeKind::Struct {
            fields: merged.fields,
            additional: merged.additional,
        }
    }

    pub(super) fn merge_part(
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
}

#[derive(Default)]
pub(super) struct Merged {
    fields: Vec<Field>,
    additional: Option<TypeRef>,
}
