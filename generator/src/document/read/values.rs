//! Reading scalars, lists, maps and references: the shapes every other node is built from.

use indexmap::IndexMap;
use serde_json::{Map, Number, Value};

use super::{ReadFn, Reader, describe};
use crate::document::{MaybeRef, Reference};
use crate::pointer::JsonPointer;

impl Reader {
    pub(super) fn object(&mut self, v: Value, at: &JsonPointer, what: &str) -> Option<Map<String, Value>> {
        match v {
            Value::Object(map) => Some(map),
            other => {
                self.defect(at, format!("{what} must be a map, not {}", describe(&other)));
                None
            }
        }
    }

    pub(super) fn string(&mut self, v: Value, at: &JsonPointer) -> Option<String> {
        match v {
            Value::String(s) => Some(s),
            other => {
                self.defect(at, format!("must be a string, not {}", describe(&other)));
                None
            }
        }
    }

    pub(super) fn boolean(&mut self, v: Value, at: &JsonPointer) -> Option<bool> {
        match v {
            Value::Bool(b) => Some(b),
            other => {
                self.defect(at, format!("must be true or false, not {}", describe(&other)));
                None
            }
        }
    }

    /// A flag the generator does not act on: one of the wrong shape is ignored, with a warning.
    pub(super) fn ignorable_bool(&mut self, v: Value, at: &JsonPointer) -> Option<bool> {
        match v {
            Value::Bool(b) => Some(b),
            other => {
                self.warning(at, format!("must be true or false, not {}; ignored", describe(&other)));
                None
            }
        }
    }

    pub(super) fn count(&mut self, v: Value, at: &JsonPointer) -> Option<u64> {
        match &v {
            Value::Number(n) => {
                if let Some(n) = n.as_u64() {
                    return Some(n);
                }
                // `5.0` is an integer in JSON Schema.
                if let Some(f) = n
                    .as_f64()
                    .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f < 2f64.powi(53))
                {
                    return Some(f as u64);
                }
                self.defect(at, format!("must be a non-negative integer, not {n}"));
                None
            }
            other => {
                self.defect(at, format!("must be a non-negative integer, not {}", describe(other)));
                None
            }
        }
    }

    pub(super) fn number(&mut self, v: Value, at: &JsonPointer) -> Option<Number> {
        match v {
            Value::Number(n) => Some(n),
            other => {
                self.defect(at, format!("must be a number, not {}", describe(&other)));
                None
            }
        }
    }

    pub(super) fn strings(&mut self, v: Value, at: &JsonPointer) -> Vec<String> {
        match v {
            Value::Array(items) => items
                .into_iter()
                .enumerate()
                .filter_map(|(i, s)| self.string(s, &at.push(i.to_string())))
                .collect(),
            other => {
                self.defect(at, format!("must be a list of strings, not {}", describe(&other)));
                Vec::new()
            }
        }
    }

    /// A map of entries read by `read` (each given its key, value and pointer); entries that
    /// fail to read are left out (their errors are recorded).
    pub(super) fn entries<T>(
        &mut self,
        v: Value,
        at: &JsonPointer,
        what: &str,
        mut read: impl FnMut(&mut Self, String, Value, JsonPointer) -> Option<T>,
    ) -> IndexMap<String, T> {
        let Some(map) = self.object(v, at, what) else {
            return IndexMap::new();
        };
        let mut out = IndexMap::with_capacity(map.len());
        for (k, v) in map {
            let entry_at = at.push(&k);
            if let Some(t) = read(self, k.clone(), v, entry_at) {
                out.insert(k, t);
            }
        }
        out
    }

    /// A map of named components (or nodes) that may be references.
    pub(super) fn named<T>(
        &mut self,
        v: Value,
        at: &JsonPointer,
        what: &'static str,
        read: ReadFn<T>,
    ) -> IndexMap<String, MaybeRef<T>> {
        self.entries(v, at, what, |r, _, v, at| r.maybe_ref(v, &at, what, read))
    }

    pub(super) fn list<T>(
        &mut self,
        v: Value,
        at: &JsonPointer,
        what: &str,
        mut read: impl FnMut(&mut Self, Value, JsonPointer) -> Option<T>,
    ) -> Vec<T> {
        match v {
            Value::Array(items) => items
                .into_iter()
                .enumerate()
                .filter_map(|(i, v)| read(self, v, at.push(i.to_string())))
                .collect(),
            other => {
                self.defect(at, format!("{what} must be a list, not {}", describe(&other)));
                Vec::new()
            }
        }
    }

    /// A node that may be a Reference Object: `read` reads it in place otherwise.
    pub(super) fn maybe_ref<T>(
        &mut self,
        v: Value,
        at: &JsonPointer,
        what: &str,
        read: ReadFn<T>,
    ) -> Option<MaybeRef<T>> {
        let map = self.object(v, at, what)?;
        if map.contains_key("$ref") {
            return self.reference(map, at).map(MaybeRef::Ref);
        }
        read(self, map, at).map(MaybeRef::Item)
    }

    /// A Reference Object (not a schema): `summary` and `description` may stand beside the
    /// `$ref` in 3.1; anything else is ignored, with a warning.
    pub(super) fn reference(&mut self, map: Map<String, Value>, at: &JsonPointer) -> Option<Reference> {
        let mut reference = Reference {
            at: at.clone(),
            target: String::new(),
            summary: None,
            description: None,
        };
        let mut ok = true;
        for (k, v) in map {
            let key_at = at.push(&k);
            match k.as_str() {
                "$ref" => match self.ref_string(v, &key_at) {
                    Some(t) => reference.target = t,
                    None => ok = false,
                },
                "summary" | "description" if !self.is_3_0() => {
                    let text = self.string(v, &key_at);
                    if k == "summary" {
                        reference.summary = text;
                    } else {
                        reference.description = text;
                    }
                }
                _ if k.starts_with("x-") => {}
                _ => self.warning(&key_at, self.ignored_beside_ref(&k)),
            }
        }
        ok.then_some(reference)
    }

    pub(super) fn ref_string(&mut self, v: Value, at: &JsonPointer) -> Option<String> {
        match v {
            Value::String(s) => Some(s),
            other => {
                self.defect(at, format!("`$ref` must be a string, not {}", describe(&other)));
                None
            }
        }
    }

    pub(super) fn ignored_beside_ref(&self, key: &str) -> String {
        if self.is_3_0() {
            format!("`{key}` beside $ref is ignored by OpenAPI 3.0; the generator ignores it too")
        } else {
            format!(
                "`{key}` beside a $ref that is not a schema is ignored (3.1 keeps only `summary` and `description`)"
            )
        }
    }
}
