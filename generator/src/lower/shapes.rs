//! Schemas used in place (fields, items, variants) to type references, and their constraints.

use serde_json::Value;

use crate::document::{self, Schema, SchemaType, number_f64};
use crate::ir::{Constraints, Prim, TypeRef};
use crate::naming;
use crate::pointer::JsonPointer;

use super::Lowering;
use super::schemas::parts;

impl Lowering<'_> {
    /// The Rust shape of a schema used in place (a field, an item, a variant).
    pub(super) fn type_ref(&mut self, schema: &Schema, at: &JsonPointer, hint: &str) -> TypeRef {
        let base = self.type_ref_inner(schema, at, hint);
        if schema.nullable && !matches!(base, TypeRef::Option(_)) {
            TypeRef::Option(Box::new(base))
        } else {
            base
        }
    }

    pub(super) fn type_ref_inner(&mut self, schema: &Schema, at: &JsonPointer, hint: &str) -> TypeRef {
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
        if let Some(typed) = self.typed(schema) {
            return TypeRef::Prim(Prim::Typed(typed));
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
    pub(super) fn referenced(&mut self, r: &document::Reference) -> TypeRef {
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
    pub(super) fn constraints(&mut self, schema: &Schema) -> Constraints {
        let target = rules_target(self.doc, schema);
        // A list's rules are its items', a map's its values': checked on each element. One
        // level: the elements of a list of lists are not checked.
        if let Some(element) = element_schema(target) {
            let mut rules = if element_schema(rules_target(self.doc, element)).is_some() {
                Constraints::default()
            } else {
                self.constraints(element)
            };
            if target.single_type() == Some(SchemaType::Array) {
                rules.min_items = schema.min_items.or(target.min_items).map(|n| n as usize);
                rules.max_items = schema.max_items.or(target.max_items).map(|n| n as usize);
            }
            return rules;
        }
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
            min_items: None,
            max_items: None,
            scale: own.scale.or(base.scale),
        }
    }
}

/// The schema whose rules a schema used in place also has: the one it references, or, for a
/// documented reference (`allOf: [$ref]` beside a description or its own bounds), the one the
/// reference names (so `Money`'s scale reaches every amount).
fn rules_target<'d>(doc: &'d crate::Document, schema: &'d Schema) -> &'d Schema {
    match super::schemas::parts(schema).as_slice() {
        [(_, only)] if schema.reference.is_none() && schema.properties.is_empty() => doc.deref_or_self(only),
        _ => doc.deref_or_self(schema),
    }
}

/// The schema of a list's items or of a map's values (a schema, not `true`/`false`).
fn element_schema(schema: &Schema) -> Option<&Schema> {
    let element = match schema.single_type() {
        Some(SchemaType::Array) if schema.prefix_items.is_empty() => schema.items.as_deref(),
        Some(SchemaType::Object) | None if schema.properties.is_empty() => schema.additional_properties.as_deref(),
        _ => None,
    };
    element.filter(|e| e.boolean.is_none())
}

pub(super) fn constraints_of(schema: &Schema, patterns: &mut crate::validate::Patterns) -> Constraints {
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
        min_items: None,
        max_items: None,
        scale: schema.decimal().and_then(Result::ok).and_then(|d| d.scale),
    }
}
