//! Reading the schema keywords with a shape of their own: `type`, exclusive bounds, subschema maps and lists, `discriminator`.

use indexmap::IndexMap;
use serde_json::Value;

use super::{Reader, describe};
use crate::document::{Discriminator, Schema, SchemaType, Version};
use crate::pointer::JsonPointer;

impl Reader {
    /// `type`: one name or (3.1) a list; `null` becomes [`Schema::nullable`].
    pub(super) fn types(&mut self, s: &mut Schema, v: Value, at: &JsonPointer) {
        let (names, listed) = match v {
            Value::String(t) => (vec![(t, at.clone())], false),
            Value::Array(items) => {
                let mut names = Vec::new();
                for (i, item) in items.into_iter().enumerate() {
                    let a = at.push(i.to_string());
                    if let Some(t) = self.string(item, &a) {
                        names.push((t, a));
                    }
                }
                (names, true)
            }
            other => {
                self.defect(at, format!("`type` must be a string, not {}", describe(&other)));
                return;
            }
        };
        if listed && self.is_3_0() {
            self.warning(
                at,
                "`type` as a list is OpenAPI 3.1 (3.0 takes one type, and `nullable: true` for null); read as such",
            );
        }
        let mut null = false;
        for (name, a) in names {
            if name == "null" {
                if self.is_3_0() && !listed {
                    self.warning(
                        &a,
                        "type `null` is OpenAPI 3.1 (3.0 writes `nullable: true`); read as such",
                    );
                }
                null = true;
                continue;
            }
            match SchemaType::parse(&name) {
                Some(t) if !s.types.contains(&t) => s.types.push(t),
                Some(_) => {}
                None => self.defect(
                    &a,
                    format!(
                        "unknown type `{name}`; the types are string, number, integer, boolean, array{}",
                        if self.is_3_0() {
                            " and object"
                        } else {
                            ", object and null"
                        }
                    ),
                ),
            }
        }
        if null {
            s.nullable = true;
            if s.types.is_empty() {
                // `type: null` alone admits only null.
                s.const_value = Some(Value::Null);
            }
        }
    }

    /// 3.0's boolean `exclusiveMinimum`/`exclusiveMaximum` modify `minimum`/`maximum`; 3.1's
    /// are the bounds themselves. Both become numeric bounds.
    pub(super) fn exclusive_bounds(&mut self, s: &mut Schema, exclusive: [Option<(Value, JsonPointer)>; 2]) {
        let [min, max] = exclusive;
        for (written, is_min) in [(min, true), (max, false)] {
            let Some((v, at)) = written else { continue };
            let (bound, exclusive) = if is_min {
                (&mut s.minimum, &mut s.exclusive_minimum)
            } else {
                (&mut s.maximum, &mut s.exclusive_maximum)
            };
            match v {
                Value::Bool(true) => match bound.take() {
                    Some(n) => *exclusive = Some(n),
                    None => self.warning(&at, "an exclusive bound without the bound it modifies is ignored"),
                },
                Value::Bool(false) => {}
                Value::Number(n) => {
                    if self.version == Version::V3_0 {
                        self.problems
                            .warnings
                            .push((at, "a numeric exclusive bound is OpenAPI 3.1; read as such".to_owned()));
                    }
                    *exclusive = Some(n);
                }
                other => self.defect(&at, format!("must be a number or a boolean, not {}", describe(&other))),
            }
        }
    }

    pub(super) fn schema_map(&mut self, v: Value, at: &JsonPointer, what: &str) -> IndexMap<String, Schema> {
        self.entries(v, at, what, |r, _, v, at| Some(r.schema(v, at)))
    }

    pub(super) fn schema_list(&mut self, v: Value, at: &JsonPointer, what: &str) -> Vec<Schema> {
        self.list(v, at, what, |r, v, at| Some(r.schema(v, at)))
    }

    pub(super) fn discriminator(&mut self, v: Value, at: &JsonPointer) -> Option<Discriminator> {
        let map = self.object(v, at, "`discriminator`")?;
        let mut d = Discriminator {
            at: at.clone(),
            ..Discriminator::default()
        };
        let mut has_property = false;
        for (k, v) in map {
            let a = at.push(&k);
            match k.as_str() {
                "propertyName" => {
                    has_property = true;
                    d.property_name = self.string(v, &a)?;
                }
                "mapping" => {
                    d.mapping = self.entries(v, &a, "`mapping`", |r, _, v, at| r.string(v, &at));
                }
                _ => {}
            }
        }
        if !has_property {
            self.defect(at, "a discriminator needs `propertyName`");
            return None;
        }
        Some(d)
    }
}
