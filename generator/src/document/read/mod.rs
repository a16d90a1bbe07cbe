//! Reading: the parsed JSON value of a document into the typed model, once.
//!
//! The value is consumed (its strings move into the model). Every problem is collected with
//! the pointer of the node it concerns: errors (the document cannot be read as OpenAPI: a
//! version other than 3.0 and 3.1, a node of the wrong shape) and warnings (what reading
//! rewrote: keys beside a 3.0 `$ref`, 3.1 constructs in a 3.0 document, 3.0 constructs in a 3.1
//! document). Reading normalises both versions into one shape; see [`Schema`](super::Schema).

use serde_json::{Map, Value};

use super::{Components, Document, Extensions, Info, Version};
use crate::pointer::JsonPointer;

mod keywords;
mod parts;
mod paths;
mod schema;
mod security;
mod top;
mod values;

/// Schemas nested deeper than this are not read (the rest of the document is): no real
/// document comes near it, and the stack stays bounded.
const MAX_DEPTH: usize = 200;

/// What reading found wrong.
#[derive(Debug, Default)]
pub struct Problems {
    pub errors: Vec<(JsonPointer, String)>,
    pub warnings: Vec<(JsonPointer, String)>,
}

/// Reads a parsed document. `Err` holds every error (and the warnings found on the way).
pub fn read_document(file: &str, text: &str, value: Value) -> Result<Document, Problems> {
    let root = JsonPointer::root();
    let mut r = Reader {
        version: Version::V3_0,
        problems: Problems::default(),
        depth: 0,
    };
    let Value::Object(map) = value else {
        r.error(&root, format!("a document must be a map, not {}", describe(&value)));
        return Err(r.problems);
    };
    let Some(openapi) = r.version(&map) else {
        return Err(r.problems);
    };
    let mut doc = Document {
        file: file.to_owned(),
        text: text.to_owned(),
        version: r.version,
        openapi,
        info: Info::default(),
        servers: Vec::new(),
        paths: Vec::new(),
        webhooks: Vec::new(),
        components: Components::default(),
        security: None,
        tags: Vec::new(),
        extensions: Extensions::new(),
        warnings: Vec::new(),
    };
    let mut has_info = false;
    let mut has_paths = false;
    for (key, v) in map {
        let at = root.push(&key);
        match key.as_str() {
            "openapi" | "jsonSchemaDialect" | "externalDocs" | "$self" => {}
            "info" => {
                has_info = true;
                doc.info = r.info(v, &at);
            }
            "servers" => doc.servers = r.servers(v, &at),
            "paths" => {
                has_paths = true;
                doc.paths = r.paths(v, &at);
            }
            "webhooks" => doc.webhooks = r.webhooks(v, &at),
            "components" => doc.components = r.components(v, &at),
            "security" => doc.security = Some(r.security(v, &at)),
            "tags" => doc.tags = r.tags(v, &at),
            _ if key.starts_with("x-") => {
                doc.extensions.insert(key, v);
            }
            _ => {}
        }
    }
    r.missing_sections(has_info, has_paths);
    if r.problems.errors.is_empty() {
        doc.warnings = r.problems.warnings;
        Ok(doc)
    } else {
        Err(r.problems)
    }
}

/// A short description of a JSON value's kind, for messages.
pub fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a map",
    }
}

struct Reader {
    version: Version,
    problems: Problems,
    depth: usize,
}

/// A reader of one kind of node: the node's map and its pointer.
type ReadFn<T> = fn(&mut Reader, Map<String, Value>, &JsonPointer) -> Option<T>;

impl Reader {
    fn error(&mut self, at: &JsonPointer, message: impl Into<String>) {
        self.problems.errors.push((at.clone(), message.into()));
    }

    fn warning(&mut self, at: &JsonPointer, message: impl Into<String>) {
        self.problems.warnings.push((at.clone(), message.into()));
    }

    /// A node that cannot be read as the specification says: a warning, and the node is left
    /// out (a schema reads as any value). Only what makes the whole document unreadable is an
    /// error.
    fn defect(&mut self, at: &JsonPointer, message: impl Into<String>) {
        let message = message.into();
        self.problems
            .warnings
            .push((at.clone(), format!("{message}; the generator leaves it out")));
    }

    fn is_3_0(&self) -> bool {
        self.version == Version::V3_0
    }

    /// Reads `openapi` (or recognises Swagger 2.0); `None` when the document is not one the
    /// layer reads.
    fn version(&mut self, map: &Map<String, Value>) -> Option<String> {
        let at = JsonPointer::root().push("openapi");
        const SUPPORTED: &str = "the generator reads OpenAPI 3.0.x and 3.1.x documents";
        let Some(v) = map.get("openapi") else {
            if let Some(swagger) = map.get("swagger") {
                let version = swagger.as_str().map_or_else(|| swagger.to_string(), str::to_owned);
                self.error(
                    &JsonPointer::root().push("swagger"),
                    format!(
                        "`swagger: {version}` is OpenAPI 2.0, which is not read; {SUPPORTED} (convert \
                         it first, e.g. with swagger2openapi)"
                    ),
                );
            } else {
                self.error(
                    &JsonPointer::root(),
                    format!("the document has no `openapi` version; {SUPPORTED}"),
                );
            }
            return None;
        };
        let Value::String(text) = v else {
            self.error(
                &at,
                format!("`openapi` must be a string such as \"3.0.3\", not {}", describe(v)),
            );
            return None;
        };
        let minor = |prefix: &str| text == prefix || text.starts_with(&format!("{prefix}."));
        if minor("3.0") {
            self.version = Version::V3_0;
        } else if minor("3.1") {
            self.version = Version::V3_1;
        } else if minor("3.2") {
            self.version = Version::V3_1;
            self.warning(
                &at,
                format!(
                    "`openapi: {text}` is read as OpenAPI 3.1; what 3.2 adds (the `query` method, \
                     `additionalOperations`, `in: querystring`, ...) is reported where it is used and \
                     left out"
                ),
            );
        } else {
            self.error(&at, format!("`openapi: {text}`: {SUPPORTED}"));
            return None;
        }
        Some(text.clone())
    }

    /// Warns about a missing `info` and (in 3.0, where it is required) a missing `paths`.
    fn missing_sections(&mut self, has_info: bool, has_paths: bool) {
        let root = JsonPointer::root();
        if !has_info {
            self.warning(
                &root,
                "the document has no `info`; the generator uses an empty title and version",
            );
        }
        if !has_paths && self.version == Version::V3_0 {
            self.warning(
                &root,
                "an OpenAPI 3.0 document needs `paths`; the generator reads it without operations",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Number, json};

    use super::*;
    use crate::document::Schema;
    use crate::document::{Node, SchemaType as T};

    fn read(version: &str, body: &str) -> Document {
        let text = format!("openapi: {version}\ninfo: {{title: t, version: '1', summary: s}}\n{body}");
        crate::load::load_spec("t.yaml", &text).unwrap_or_else(|e| panic!("{e}"))
    }

    /// The component schema `name` of a 3.1 document whose components hold `schemas`.
    fn schema31(schemas: &str, name: &str) -> Schema {
        let doc = read("3.1.0", &format!("components:\n  schemas:\n{schemas}"));
        doc.components.schemas[name].clone()
    }

    fn warnings(doc: &Document) -> Vec<String> {
        doc.warnings.iter().map(|(p, m)| format!("{p}: {m}")).collect()
    }

    #[test]
    fn type_lists_and_null() {
        let s = |t: &str| schema31(&format!("    A: {{type: {t}}}\n"), "A");
        let nullable = s("[string, 'null']");
        assert_eq!(
            (nullable.types.as_slice(), nullable.nullable),
            ([T::String].as_slice(), true)
        );
        let two = s("[number, string]");
        assert_eq!(
            (two.types.as_slice(), two.nullable),
            ([T::Number, T::String].as_slice(), false)
        );
        let only_null = s("'null'");
        assert!(only_null.types.is_empty() && only_null.nullable);
        assert_eq!(only_null.const_value, Some(Value::Null));
        // The same in 3.0 is read, with a warning each.
        let doc = read(
            "3.0.3",
            "paths: {}\ncomponents:\n  schemas:\n    A: {type: [string, 'null']}\n    B: {type: 'null'}\n",
        );
        assert!(doc.components.schemas["A"].nullable && doc.components.schemas["B"].nullable);
        assert_eq!(warnings(&doc).len(), 2, "{:?}", warnings(&doc));
    }

    #[test]
    fn nullable_in_3_1_is_read_with_a_warning() {
        let doc = read(
            "3.1.0",
            "components:\n  schemas:\n    A: {type: string, nullable: true}\n",
        );
        assert!(doc.components.schemas["A"].nullable);
        assert_eq!(
            warnings(&doc),
            [
                "#/components/schemas/A/nullable: `nullable` is OpenAPI 3.0 (3.1 writes `type: [..., \"null\"]`); read as such"
            ]
        );
    }

    #[test]
    fn const_and_examples() {
        let s = schema31("    A: {const: x, examples: [x, y], example: z}\n", "A");
        assert_eq!(s.const_value, Some(json!("x")));
        assert_eq!(s.listed_values(), Some(vec![&json!("x")]));
        let examples: Vec<(String, Value)> = s.examples.iter().map(|(p, v)| (p.to_string(), v.clone())).collect();
        assert_eq!(
            examples,
            [
                ("#/components/schemas/A/example".to_owned(), json!("z")),
                ("#/components/schemas/A/examples/0".to_owned(), json!("x")),
                ("#/components/schemas/A/examples/1".to_owned(), json!("y")),
            ]
        );
    }

    #[test]
    fn exclusive_bounds_become_numeric() {
        let s = schema31(
            "    A: {type: number, exclusiveMinimum: 0, exclusiveMaximum: 1.5}\n",
            "A",
        );
        assert_eq!(
            (s.exclusive_minimum, s.exclusive_maximum),
            (Some(0.into()), Number::from_f64(1.5))
        );
        let doc = read(
            "3.0.3",
            "paths: {}\ncomponents:\n  schemas:\n    A: {type: integer, minimum: 1, exclusiveMinimum: true, maximum: 9, exclusiveMaximum: false}\n",
        );
        let a = &doc.components.schemas["A"];
        assert_eq!((a.minimum.clone(), a.exclusive_minimum.clone()), (None, Some(1.into())));
        assert_eq!((a.maximum.clone(), a.exclusive_maximum.clone()), (Some(9.into()), None));
        assert!(doc.warnings.is_empty());
    }

    #[test]
    fn prefix_items_and_3_0_item_lists() {
        let s = schema31(
            "    A: {type: array, prefixItems: [{type: string}, {type: integer}], items: false}\n",
            "A",
        );
        assert_eq!(s.prefix_items.len(), 2);
        assert_eq!(s.items.as_deref().and_then(|i| i.boolean), Some(false));
        assert_eq!(s.prefix_items[1].at.to_string(), "#/components/schemas/A/prefixItems/1");
        let doc = read(
            "3.0.3",
            "paths: {}\ncomponents:\n  schemas:\n    A: {type: array, items: [{type: string}]}\n",
        );
        assert_eq!(doc.components.schemas["A"].prefix_items.len(), 1);
        assert_eq!(doc.warnings.len(), 1);
    }

    #[test]
    fn defs_are_reachable_by_reference() {
        let doc = read(
            "3.1.0",
            "components:\n  schemas:\n    A:\n      $defs:\n        Code: {type: string}\n      properties:\n        c: {$ref: '#/components/schemas/A/$defs/Code'}\n",
        );
        let a = &doc.components.schemas["A"];
        let target = doc.deref_schema(&a.properties["c"]).unwrap();
        assert_eq!(target.at.to_string(), "#/components/schemas/A/$defs/Code");
        assert_eq!(target.single_type(), Some(T::String));
        assert!(doc.reference_errors().is_empty());
    }

    #[test]
    fn ref_siblings_apply_in_3_1_and_are_ignored_in_3_0() {
        let schemas = "    B: {type: string}\n    A:\n      properties:\n        doc: {$ref: '#/components/schemas/B', description: Documented}\n        tight: {$ref: '#/components/schemas/B', maxLength: 3}\n";
        let doc = read("3.1.0", &format!("components:\n  schemas:\n{schemas}"));
        let props = &doc.components.schemas["A"].properties;
        assert!(props["doc"].is_plain_ref(), "a description only documents");
        assert_eq!(props["doc"].description.as_deref(), Some("Documented"));
        assert!(!props["tight"].is_plain_ref());
        assert_eq!(props["tight"].max_length, Some(3));
        assert!(doc.warnings.is_empty());
        let doc = read("3.0.3", &format!("paths: {{}}\ncomponents:\n  schemas:\n{schemas}"));
        let props = &doc.components.schemas["A"].properties;
        assert_eq!(props["tight"].max_length, None, "3.0 ignores keys beside $ref");
        assert!(props["tight"].is_plain_ref());
        assert_eq!(
            props["doc"].description.as_deref(),
            Some("Documented"),
            "kept as documentation"
        );
        assert_eq!(doc.warnings.len(), 2, "{:?}", warnings(&doc));
    }

    #[test]
    fn content_encoding_and_media_type() {
        let s = schema31(
            "    A: {type: string, contentEncoding: base64, contentMediaType: image/png}\n",
            "A",
        );
        assert_eq!(s.content_encoding.as_deref(), Some("base64"));
        assert_eq!(s.content_media_type.as_deref(), Some("image/png"));
    }

    #[test]
    fn path_items_without_paths_and_info() {
        let doc = read(
            "3.1.0",
            "components:\n  pathItems:\n    P:\n      get:\n        responses: {'200': {description: ok}}\n",
        );
        assert!(doc.paths.is_empty());
        assert_eq!(doc.info.summary.as_deref(), Some("s"));
        assert!(matches!(
            doc.node_at(&JsonPointer::parse("#/components/pathItems/P/get").unwrap()),
            Ok(Node::Operation(_))
        ));
        let license = read("3.1.0", "paths: {}\n").info.license;
        assert!(license.is_none());
        let text = "openapi: 3.1.0\ninfo: {title: t, version: '1', license: {name: MIT, identifier: MIT}}\n";
        let doc = crate::load::load_spec("t.yaml", text).unwrap();
        assert_eq!(doc.info.license.unwrap().identifier.as_deref(), Some("MIT"));
        // 3.0 requires `paths`: read without operations, with a warning.
        let doc = crate::load::load_spec("t.yaml", "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n").unwrap();
        assert_eq!(
            warnings(&doc),
            ["#: an OpenAPI 3.0 document needs `paths`; the generator reads it without operations"]
        );
    }

    #[test]
    fn webhooks_are_operations_of_their_own() {
        let doc = read(
            "3.1.0",
            "webhooks:\n  newPet:\n    post:\n      operationId: onNewPet\n      responses: {'200': {description: ok}}\n",
        );
        let sites = doc.operations();
        assert_eq!(sites.len(), 1);
        assert!(sites[0].is_webhook);
        assert_eq!(
            (sites[0].key, sites[0].at.to_string().as_str()),
            ("newPet", "#/webhooks/newPet/post")
        );
    }

    #[test]
    fn unenforced_keywords_are_kept() {
        let s = schema31(
            "    A: {if: {required: [a]}, then: {required: [b]}, $dynamicRef: '#x', x-note: 1}\n",
            "A",
        );
        let kept: Vec<&str> = s.other.keys().map(String::as_str).collect();
        assert_eq!(kept, ["if", "then", "$dynamicRef"]);
        assert_eq!(s.extensions["x-note"], json!(1));
        // And written back for validators.
        assert_eq!(s.to_json_schema()["if"], json!({"required": ["a"]}));
    }

    #[test]
    fn versions() {
        assert_eq!(read("3.0.0", "paths: {}\n").version, Version::V3_0);
        assert_eq!(read("3.1.1", "paths: {}\n").version, Version::V3_1);
        let err = crate::load::load_spec("t.yaml", "openapi: 3\ninfo: {title: t, version: '1'}\n").unwrap_err();
        assert!(err.0[0].message.contains("must be a string"), "{}", err.0[0]);
    }
}
