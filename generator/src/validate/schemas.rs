//! Checks of schemas: patterns the regex engine lacks, unenforced keywords, `required` names without properties,
//! discriminators whose property the variants do not define, untagged variants nothing tells apart.

use std::collections::BTreeSet;

use super::Checker;
use crate::document::{Discriminator, ENUM_DESCRIPTIONS, ENUM_VARNAMES, Schema, SchemaSlot, SchemaType};

/// What an untagged union tells its variants apart by.
#[derive(Debug, PartialEq, Eq)]
enum Shape<'d> {
    Object {
        properties: BTreeSet<&'d str>,
        required: BTreeSet<&'d str>,
        /// Properties that allow one text only: variants whose tags differ are told apart.
        tags: BTreeSet<(&'d str, &'d str)>,
    },
    Scalar(SchemaType),
}

/// The one text a schema allows (`enum: [card]`, `const: card`), if it allows one only.
fn one_text(schema: &Schema) -> Option<&str> {
    match (&schema.const_value, schema.enum_values.as_deref()) {
        (Some(value), _) | (None, Some([value])) => value.as_str(),
        _ => None,
    }
}

/// JSON Schema keywords that constrain values but that the generated code does not check:
/// each use is reported once, so nothing is dropped silently.
const UNENFORCED: [&str; 16] = [
    "if",
    "then",
    "else",
    "dependentSchemas",
    "dependentRequired",
    "dependencies",
    "unevaluatedProperties",
    "unevaluatedItems",
    "patternProperties",
    "propertyNames",
    "contains",
    "minContains",
    "maxContains",
    "$dynamicRef",
    "$recursiveRef",
    "additionalItems",
];

impl<'d> Checker<'d> {
    pub(super) fn check_schema(&mut self, schema: &'d Schema, slot: SchemaSlot<'d>) {
        if let Some(pattern) = &schema.pattern
            && !self.patterns.compiles(pattern)
        {
            self.warning(
                schema.at.push("pattern"),
                format!(
                    "pattern `{pattern}` uses syntax the generated code's regex engine lacks \
                     (look-around, back references); validate() does not check it"
                ),
            );
        }
        for keyword in UNENFORCED {
            if schema.other.contains_key(keyword) {
                self.warning(
                    schema.at.push(keyword),
                    format!("`{keyword}` is not enforced by the generated code; values are not checked against it"),
                );
            }
        }
        // `allOf`, `oneOf` and `anyOf` may define the property elsewhere: in the schema's own
        // parts, or, for a schema that is such a part, in its parent or siblings.
        let composed = !schema.all_of.is_empty()
            || !schema.one_of.is_empty()
            || !schema.any_of.is_empty()
            || slot.is_composition_member();
        if !composed && !schema.properties.is_empty() {
            for (i, name) in schema.required.iter().enumerate() {
                if !schema.properties.contains_key(name) {
                    self.warning(
                        schema.at.push("required").push(i.to_string()),
                        format!("`required` names `{name}`, which `properties` does not define"),
                    );
                }
            }
        }
        if let Some(d) = &schema.discriminator {
            self.check_discriminator(schema, d);
        } else {
            self.check_untagged(schema);
        }
        for key in [ENUM_VARNAMES, ENUM_DESCRIPTIONS] {
            if schema.extensions.contains_key(key) && schema.enum_extension(key).is_none() {
                let count = schema.value_count().unwrap_or(0);
                self.warning(
                    schema.at.push(key),
                    format!(
                        "`{key}` should list one text per value the schema lists ({count} in \
                         `enum` or `x-extensible-enum`); it is left out (variants are named after \
                         their values)"
                    ),
                );
            }
        }
        self.check_format_extensions(schema);
    }

    /// `x-decimal` and `x-local-date-time` that cannot be followed: the value stays a float
    /// or text (with the typed-format options on, too).
    fn check_format_extensions(&mut self, schema: &'d Schema) {
        if let Some(Err(problem)) = schema.decimal() {
            self.warning(
                schema.at.push("x-decimal"),
                format!("{problem}; the number is not read as an exact decimal and its scale is not checked"),
            );
        } else if schema.decimal().is_some()
            && !matches!(schema.single_type(), Some(SchemaType::Number | SchemaType::Integer))
        {
            self.warning(
                schema.at.push("x-decimal"),
                "`x-decimal` is on a schema that is not a number; it is ignored".to_owned(),
            );
        }
        if let Some(Err(problem)) = schema.local_date_time() {
            self.warning(
                schema.at.push("x-local-date-time"),
                format!("{problem}; the value stays text"),
            );
        } else if schema.local_date_time().is_some() && schema.single_type() != Some(SchemaType::String) {
            self.warning(
                schema.at.push("x-local-date-time"),
                "`x-local-date-time` is on a schema that is not a string; it is ignored".to_owned(),
            );
        }
    }

    fn check_discriminator(&mut self, schema: &'d Schema, d: &'d Discriminator) {
        for (key, target) in &d.mapping {
            if let Err(message) = self.doc.mapping_target(target) {
                let message = message.unwrap_or_else(|| {
                    format!(
                        "discriminator mapping `{key}` points at `{target}`, which is neither a schema \
                         in #/components/schemas nor a `#/` reference"
                    )
                });
                self.warning(
                    d.at.push("mapping").push(key),
                    format!("{message}; the entry is left out"),
                );
            }
        }
        let property = &d.property_name;
        let variants = [("oneOf", &schema.one_of), ("anyOf", &schema.any_of)]
            .into_iter()
            .find(|(_, v)| !v.is_empty());
        match variants {
            Some((key, variants)) => {
                for (i, variant) in variants.iter().enumerate() {
                    if self.defines_property(variant, property, 0) {
                        continue;
                    }
                    let which = match &variant.reference {
                        Some(r) => format!("variant `{}`", r.target),
                        None => "this variant".to_owned(),
                    };
                    self.warning(
                        schema.at.push(key).push(i.to_string()),
                        format!("discriminator property `{property}` is not a property of {which}"),
                    );
                }
            }
            None => {
                if !self.defines_property(schema, property, 0) {
                    self.warning(
                        d.at.push("propertyName"),
                        format!("discriminator property `{property}` is not a property of this schema"),
                    );
                }
            }
        }
    }

    /// An untagged union decodes a value as the variant that fits it best (required keys present,
    /// fewer unknown keys, more required keys), then by document order: two variants that no
    /// value tells apart leave the choice to their order, which the document did not say. Each
    /// such pair is reported once, at the later variant.
    fn check_untagged(&mut self, schema: &'d Schema) {
        let Some((key, members)) = [("oneOf", &schema.one_of), ("anyOf", &schema.any_of)]
            .into_iter()
            .find(|(_, v)| !v.is_empty())
        else {
            return;
        };
        let shapes: Vec<Option<Shape<'d>>> = members.iter().map(|m| self.shape(m, 0)).collect();
        for (j, later) in shapes.iter().enumerate() {
            let Some(later) = later else { continue };
            let Some(i) = shapes[..j].iter().position(|s| s.as_ref() == Some(later)) else {
                continue;
            };
            let alike = match later {
                Shape::Object { .. } => "the same properties, the same of them required",
                Shape::Scalar(_) => "the same JSON type",
            };
            self.warning(
                schema.at.push(key).push(j.to_string()),
                format!(
                    "`{key}` variants {i} and {j} cannot be told apart ({alike}): a value that fits \
                     both decodes as variant {i}; a discriminator would decide"
                ),
            );
        }
    }

    /// What an untagged union can tell a variant by: an object's property names and required
    /// ones (its `allOf` parts included), or a scalar's JSON type. `None` where that cannot be
    /// told for sure (nested unions, enums and constants, references that do not resolve).
    fn shape(&self, schema: &'d Schema, depth: usize) -> Option<Shape<'d>> {
        let schema = self.doc.deref_schema(schema).ok()?;
        if depth > 64
            || !schema.one_of.is_empty()
            || !schema.any_of.is_empty()
            || schema.enum_values.is_some()
            || schema.const_value.is_some()
            || schema.types.len() > 1
        {
            return None;
        }
        let object_like = schema.single_type() == Some(SchemaType::Object)
            || (schema.types.is_empty() && (!schema.properties.is_empty() || !schema.all_of.is_empty()));
        if !object_like {
            return schema.single_type().map(Shape::Scalar);
        }
        let mut properties: BTreeSet<&str> = schema.properties.keys().map(String::as_str).collect();
        let mut required: BTreeSet<&str> = schema.required.iter().map(String::as_str).collect();
        let mut tags: BTreeSet<(&str, &str)> = schema
            .properties
            .iter()
            .filter_map(|(key, p)| Some((key.as_str(), one_text(self.doc.deref_or_self(p))?)))
            .collect();
        for part in &schema.all_of {
            match self.shape(part, depth + 1)? {
                Shape::Object {
                    properties: p,
                    required: r,
                    tags: t,
                } => {
                    properties.extend(p);
                    required.extend(r);
                    tags.extend(t);
                }
                Shape::Scalar(_) => return None,
            }
        }
        Some(Shape::Object {
            properties,
            required,
            tags,
        })
    }

    /// Whether `schema` (a reference followed, `allOf` parts included) defines `property`;
    /// `true` when that cannot be told (nested `oneOf`/`anyOf`, unresolved references), so that
    /// only sure problems are reported.
    fn defines_property(&self, schema: &Schema, property: &str, depth: usize) -> bool {
        if depth > 64 {
            return true;
        }
        let Ok(schema) = self.doc.deref_schema(schema) else {
            return true;
        };
        schema.properties.contains_key(property)
            || !schema.one_of.is_empty()
            || !schema.any_of.is_empty()
            || schema
                .all_of
                .iter()
                .any(|s| self.defines_property(s, property, depth + 1))
    }
}
