//! Reading a schema and its keywords, normalising OpenAPI 3.0 and 3.1 into one shape.

use serde_json::Value;

use super::{MAX_DEPTH, Reader, describe};
use crate::document::{Reference, Schema};
use crate::pointer::JsonPointer;

impl Reader {
    /// Reads a schema; never fails (a node of the wrong shape is reported and read as the
    /// empty schema, so list positions stay where the document has them).
    pub(super) fn schema(&mut self, v: Value, at: JsonPointer) -> Schema {
        let mut s = Schema {
            at,
            ..Schema::default()
        };
        let map = match v {
            Value::Object(map) => map,
            Value::Bool(b) => {
                if self.is_3_0() {
                    self.warning(&s.at, format!("the boolean schema `{b}` is OpenAPI 3.1; read as such"));
                }
                s.boolean = Some(b);
                return s;
            }
            other => {
                self.warning(
                    &s.at,
                    format!(
                        "a schema must be a map, not {}; the generator reads it as any value",
                        describe(&other)
                    ),
                );
                return s;
            }
        };
        if self.depth >= MAX_DEPTH {
            self.warning(
                &s.at,
                format!("schemas nested more than {MAX_DEPTH} levels deep are not read; the generator reads this one as any value"),
            );
            return s;
        }
        self.depth += 1;
        let is_ref = map.contains_key("$ref");
        // Annotations beside `$ref` document it and change nothing about values.
        let is_annotation = |k: &str| {
            k.starts_with("x-") || matches!(k, "description" | "title" | "example" | "examples" | "deprecated")
        };
        let mut exclusive: [Option<(Value, JsonPointer)>; 2] = [None, None];
        for (k, v) in map {
            let a = s.at.push(&k);
            if is_ref && self.is_3_0() && k != "$ref" && !k.starts_with("x-") {
                // OpenAPI 3.0 ignores what stands beside `$ref`; `nullable: true` is the one
                // sibling the generator honours, as `allOf: [$ref]` with `nullable: true`, and
                // `description` and `title` document the place the reference is used.
                if k == "description" || k == "title" {
                    self.warning(
                        &a,
                        format!(
                            "`{k}` beside $ref is ignored by OpenAPI 3.0; the generator uses it only as \
                             documentation"
                        ),
                    );
                    self.schema_keyword(&mut s, k, v, a, &mut exclusive);
                } else if k == "nullable" && v == Value::Bool(true) {
                    self.warning(
                        &a,
                        "`nullable: true` beside $ref: OpenAPI 3.0 ignores it, the generator reads it as \
                         `allOf: [$ref]` with `nullable: true`",
                    );
                    s.nullable = true;
                    s.ref_siblings = true;
                } else {
                    self.warning(&a, self.ignored_beside_ref(&k));
                }
                continue;
            }
            if is_ref && k != "$ref" && !is_annotation(&k) {
                s.ref_siblings = true;
            }
            self.schema_keyword(&mut s, k, v, a, &mut exclusive);
        }
        self.depth -= 1;
        self.exclusive_bounds(&mut s, exclusive);
        s
    }

    fn schema_keyword(
        &mut self,
        s: &mut Schema,
        k: String,
        v: Value,
        a: JsonPointer,
        exclusive: &mut [Option<(Value, JsonPointer)>; 2],
    ) {
        match k.as_str() {
            "$ref" => {
                if let Some(target) = self.ref_string(v, &a) {
                    s.reference = Some(Reference {
                        at: s.at.clone(),
                        target,
                        summary: None,
                        description: None,
                    });
                }
            }
            "type" => self.types(s, v, &a),
            "nullable" => {
                let nullable = self.boolean(v, &a).unwrap_or(false);
                if !self.is_3_0() && nullable {
                    self.warning(
                        &a,
                        "`nullable` is OpenAPI 3.0 (3.1 writes `type: [..., \"null\"]`); read as such",
                    );
                }
                s.nullable |= nullable;
            }
            "properties" => s.properties = self.schema_map(v, &a, "`properties`"),
            "required" => match v {
                Value::Array(_) => s.required = self.strings(v, &a),
                // A Swagger habit: `required: true` on the property itself.
                Value::Bool(_) => self.warning(
                    &a,
                    "`required` must list property names; `required: true` on a property is ignored \
                     (list the property in its parent's `required`)",
                ),
                other => self.defect(&a, format!("`required` must be a list, not {}", describe(&other))),
            },
            "additionalProperties" => {
                s.additional_properties = Some(Box::new(match v {
                    // The one place OpenAPI 3.0 takes a boolean for a schema.
                    Value::Bool(b) => Schema {
                        at: a,
                        boolean: Some(b),
                        ..Schema::default()
                    },
                    v => self.schema(v, a),
                }));
            }
            "items" => match v {
                // Draft 4's tuple form; 3.1 writes `prefixItems`.
                Value::Array(items) => {
                    self.warning(&a, "`items` as a list is a tuple (draft 4); read as `prefixItems`");
                    s.prefix_items = self.schema_list(Value::Array(items), &a, "`items`");
                }
                v => s.items = Some(Box::new(self.schema(v, a))),
            },
            "prefixItems" => s.prefix_items = self.schema_list(v, &a, "`prefixItems`"),
            "allOf" => s.all_of = self.schema_list(v, &a, "`allOf`"),
            "oneOf" => s.one_of = self.schema_list(v, &a, "`oneOf`"),
            "anyOf" => s.any_of = self.schema_list(v, &a, "`anyOf`"),
            "not" => s.not = Some(Box::new(self.schema(v, a))),
            "discriminator" => s.discriminator = self.discriminator(v, &a),
            "$defs" => s.defs = self.schema_map(v, &a, "`$defs`"),
            "definitions" => s.definitions = self.schema_map(v, &a, "`definitions`"),
            _ => self.value_keyword(s, k, v, a, exclusive),
        }
    }

    /// A keyword that constrains or annotates values: formats, texts, examples, bounds and flags; unknown keywords
    /// are kept as written.
    fn value_keyword(
        &mut self,
        s: &mut Schema,
        k: String,
        v: Value,
        a: JsonPointer,
        exclusive: &mut [Option<(Value, JsonPointer)>; 2],
    ) {
        match k.as_str() {
            "format" => s.format = self.string(v, &a),
            "title" => s.title = self.string(v, &a),
            "description" => s.description = self.string(v, &a),
            "default" => s.default = Some(v),
            "example" => s.examples.insert(0, (a, v)),
            "examples" => match v {
                Value::Array(items) => {
                    s.examples
                        .extend(items.into_iter().enumerate().map(|(i, v)| (a.push(i.to_string()), v)));
                }
                // Not a JSON Schema `examples` list: kept as written.
                other => {
                    s.other.insert(k, other);
                }
            },
            "enum" => match v {
                Value::Array(items) => s.enum_values = Some(items),
                other => self.defect(&a, format!("`enum` must be a list, not {}", describe(&other))),
            },
            "const" => s.const_value = Some(v),
            "minLength" => s.min_length = self.count(v, &a),
            "maxLength" => s.max_length = self.count(v, &a),
            "minItems" => s.min_items = self.count(v, &a),
            "maxItems" => s.max_items = self.count(v, &a),
            "minProperties" => s.min_properties = self.count(v, &a),
            "maxProperties" => s.max_properties = self.count(v, &a),
            "pattern" => s.pattern = self.string(v, &a),
            "minimum" => s.minimum = self.number(v, &a),
            "maximum" => s.maximum = self.number(v, &a),
            "multipleOf" => s.multiple_of = self.number(v, &a),
            "exclusiveMinimum" => exclusive[0] = Some((v, a)),
            "exclusiveMaximum" => exclusive[1] = Some((v, a)),
            "uniqueItems" => s.unique_items = self.boolean(v, &a).unwrap_or(false),
            "readOnly" => s.read_only = self.boolean(v, &a).unwrap_or(false),
            "writeOnly" => s.write_only = self.boolean(v, &a).unwrap_or(false),
            "deprecated" => s.deprecated = self.boolean(v, &a).unwrap_or(false),
            "contentEncoding" => s.content_encoding = self.string(v, &a),
            "contentMediaType" => s.content_media_type = self.string(v, &a),
            _ if k.starts_with("x-") => {
                s.extensions.insert(k, v);
            }
            _ => {
                s.other.insert(k, v);
            }
        }
    }
}
