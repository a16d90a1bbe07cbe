//! The Schema Object, normalised across OpenAPI 3.0 and 3.1 (JSON Schema 2020-12 terms).

use indexmap::IndexMap;
use serde_json::{Number, Value};

use super::{Extensions, Reference};
use crate::pointer::JsonPointer;

/// Variant names for an enum's values, in order.
pub const ENUM_VARNAMES: &str = "x-enum-varnames";
/// What each of an enum's values means, in order.
pub const ENUM_DESCRIPTIONS: &str = "x-enum-descriptions";
/// The known values of an open set of values (the type stays text).
pub const EXTENSIBLE_ENUM: &str = "x-extensible-enum";

/// The non-null JSON types a schema may name (`null` is [`Schema::nullable`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SchemaType {
    String,
    Number,
    Integer,
    Boolean,
    Array,
    Object,
}

impl SchemaType {
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "string" => SchemaType::String,
            "number" => SchemaType::Number,
            "integer" => SchemaType::Integer,
            "boolean" => SchemaType::Boolean,
            "array" => SchemaType::Array,
            "object" => SchemaType::Object,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SchemaType::String => "string",
            SchemaType::Number => "number",
            SchemaType::Integer => "integer",
            SchemaType::Boolean => "boolean",
            SchemaType::Array => "array",
            SchemaType::Object => "object",
        }
    }
}

/// A Schema Object. 3.0 and 3.1 documents read into the same shape:
/// - `types` lists the non-null types (empty: any); `nullable` is 3.0's `nullable: true` or a
///   3.1 `null` in the `type` list;
/// - `exclusive_minimum`/`exclusive_maximum` are numeric bounds (3.0's boolean form is
///   rewritten: `minimum: 1, exclusiveMinimum: true` is `exclusive_minimum: 1`);
/// - `examples` holds 3.1's `examples` and the `example` of either version;
/// - `reference` is the `$ref`; in 3.1 the keywords beside it apply too, in 3.0 reading keeps
///   only `nullable` and extensions beside it (and warns about the rest);
/// - keywords the model does not type are kept in `other` (for JSON Schema validation of
///   examples, and so that `validate` can say that the generator does not enforce them).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Schema {
    pub at: JsonPointer,
    pub reference: Option<Reference>,
    /// `Some(b)` for the boolean schemas `true` (anything) and `false` (nothing).
    pub boolean: Option<bool>,
    pub types: Vec<SchemaType>,
    pub nullable: bool,
    pub format: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub default: Option<Value>,
    /// `example` (either version) and the entries of `examples` (3.1), each with its pointer.
    pub examples: Vec<(JsonPointer, Value)>,
    pub enum_values: Option<Vec<Value>>,
    pub const_value: Option<Value>,
    pub properties: IndexMap<String, Schema>,
    pub required: Vec<String>,
    /// `additionalProperties`; `true`/`false` are boolean schemas.
    pub additional_properties: Option<Box<Schema>>,
    pub items: Option<Box<Schema>>,
    pub prefix_items: Vec<Schema>,
    pub all_of: Vec<Schema>,
    pub one_of: Vec<Schema>,
    pub any_of: Vec<Schema>,
    pub not: Option<Box<Schema>>,
    pub discriminator: Option<Discriminator>,
    /// `$defs` (2020-12).
    pub defs: IndexMap<String, Schema>,
    /// `definitions` (drafts before 2019-09, found in converted documents).
    pub definitions: IndexMap<String, Schema>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub pattern: Option<String>,
    pub minimum: Option<Number>,
    pub maximum: Option<Number>,
    pub exclusive_minimum: Option<Number>,
    pub exclusive_maximum: Option<Number>,
    pub multiple_of: Option<Number>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub unique_items: bool,
    pub min_properties: Option<u64>,
    pub max_properties: Option<u64>,
    pub read_only: bool,
    pub write_only: bool,
    pub deprecated: bool,
    /// `contentEncoding` (3.1; `base64` is 3.0's `format: byte`).
    pub content_encoding: Option<String>,
    /// `contentMediaType` (3.1; `application/octet-stream` is 3.0's `format: binary`).
    pub content_media_type: Option<String>,
    pub extensions: Extensions,
    /// Keywords the model does not type (`if`, `patternProperties`, `$dynamicRef`, ...), as
    /// written.
    pub other: IndexMap<String, Value>,
    /// Whether keywords that constrain values stand beside `$ref` (only meaningful with a
    /// reference); a schema with only annotations beside it (`description`, `title`,
    /// extensions, ...) is a plain alias of its target.
    pub ref_siblings: bool,
}

/// `discriminator`: the property naming the variant, and explicit value-to-schema mappings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Discriminator {
    pub at: JsonPointer,
    pub property_name: String,
    /// Value to a schema name or a `$ref`, as written.
    pub mapping: IndexMap<String, String>,
}

impl Schema {
    /// A `$ref` with nothing beside it but extensions: only its target matters.
    pub fn is_plain_ref(&self) -> bool {
        self.reference.is_some() && !self.ref_siblings
    }

    /// A schema that only documents (`description`, `title`, examples, `deprecated`,
    /// `readOnly`/`writeOnly`, extensions) and constrains nothing: as an `allOf` member beside
    /// a `$ref` it is how converted documents (AWS's) describe a reference in place.
    pub fn is_annotation_only(&self) -> bool {
        let documented = Schema {
            at: self.at.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            examples: self.examples.clone(),
            deprecated: self.deprecated,
            read_only: self.read_only,
            write_only: self.write_only,
            extensions: self.extensions.clone(),
            ..Schema::default()
        };
        self.boolean.is_none() && *self == documented
    }

    /// The one non-null type when the schema names exactly one.
    pub fn single_type(&self) -> Option<SchemaType> {
        match self.types.as_slice() {
            [only] => Some(*only),
            _ => None,
        }
    }

    /// Whether the schema names `ty` among its types.
    pub fn has_type(&self, ty: SchemaType) -> bool {
        self.types.contains(&ty)
    }

    /// Title and description, joined as paragraphs.
    pub fn docs(&self) -> Option<String> {
        let parts: Vec<&str> = [&self.title, &self.description]
            .into_iter()
            .flatten()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect();
        (!parts.is_empty()).then(|| parts.join("\n\n"))
    }

    /// The values of `enum`, or the one `const` value, when the schema restricts itself to
    /// listed values.
    pub fn listed_values(&self) -> Option<Vec<&Value>> {
        match (&self.enum_values, &self.const_value) {
            (Some(values), _) => Some(values.iter().collect()),
            (None, Some(value)) => Some(vec![value]),
            (None, None) => None,
        }
    }

    /// A per-value extension of an enum (`x-enum-varnames`, `x-enum-descriptions`: the
    /// convention openapi-generator and oapi-codegen read): one text per listed value, or
    /// `None` where it is absent or does not fit the values (the validator reports that).
    pub fn enum_extension(&self, key: &str) -> Option<Vec<&str>> {
        let Value::Array(items) = self.extensions.get(key)? else {
            return None;
        };
        let texts: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
        (texts.len() == items.len() && Some(items.len()) == self.value_count()).then_some(texts)
    }

    /// How many values the schema lists: `enum`/`const`, or the known values of an open set
    /// (`x-extensible-enum`, Zalando's convention), which the per-value extensions may describe.
    pub fn value_count(&self) -> Option<usize> {
        self.listed_values()
            .map(|v| v.len())
            .or_else(|| match self.extensions.get(EXTENSIBLE_ENUM) {
                Some(Value::Array(values)) => Some(values.len()),
                _ => None,
            })
    }

    /// The subschemas this schema holds directly, with the slot each fills, in keyword order.
    pub fn children(&self) -> Vec<(super::SchemaSlot<'_>, &Schema)> {
        use super::SchemaSlot as S;
        let mut out = Vec::new();
        out.extend(self.properties.iter().map(|(k, s)| (S::Property(k), s)));
        out.extend(
            self.additional_properties
                .as_deref()
                .map(|s| (S::AdditionalProperties, s)),
        );
        out.extend(self.items.as_deref().map(|s| (S::Items, s)));
        out.extend(self.prefix_items.iter().enumerate().map(|(i, s)| (S::PrefixItem(i), s)));
        out.extend(self.all_of.iter().enumerate().map(|(i, s)| (S::AllOf(i), s)));
        out.extend(self.one_of.iter().enumerate().map(|(i, s)| (S::OneOf(i), s)));
        out.extend(self.any_of.iter().enumerate().map(|(i, s)| (S::AnyOf(i), s)));
        out.extend(self.not.as_deref().map(|s| (S::Not, s)));
        out.extend(self.defs.iter().map(|(k, s)| (S::Def(k), s)));
        out.extend(self.definitions.iter().map(|(k, s)| (S::Definition(k), s)));
        out
    }

    /// The subschema under one pointer token (`properties` then a name, `items`, ...):
    /// `token` is the keyword and `next` the token after it where the keyword holds a map or
    /// a list. Returns the schema and how many tokens it took.
    pub fn child(&self, token: &str, next: Option<&str>) -> Option<(&Schema, usize)> {
        fn index<'s>(list: &'s [Schema], next: Option<&str>) -> Option<(&'s Schema, usize)> {
            list.get(next?.parse::<usize>().ok()?).map(|s| (s, 2))
        }
        match token {
            "properties" => self.properties.get(next?).map(|s| (s, 2)),
            "$defs" => self.defs.get(next?).map(|s| (s, 2)),
            "definitions" => self.definitions.get(next?).map(|s| (s, 2)),
            "additionalProperties" => self.additional_properties.as_deref().map(|s| (s, 1)),
            "items" => self.items.as_deref().map(|s| (s, 1)),
            "not" => self.not.as_deref().map(|s| (s, 1)),
            "prefixItems" => index(&self.prefix_items, next),
            "allOf" => index(&self.all_of, next),
            "oneOf" => index(&self.one_of, next),
            "anyOf" => index(&self.any_of, next),
            _ => None,
        }
    }
}

/// A number as `f64` (bounds and enum values; JSON numbers beyond `f64` are rounded).
pub fn number_f64(n: &Number) -> f64 {
    n.as_f64().unwrap_or_default()
}
