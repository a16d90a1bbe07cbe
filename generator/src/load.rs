//! Load: bytes to `openapiv3::OpenAPI`, keeping the raw JSON value for later stages and, when
//! something is wrong, mapping JSON pointers back to line and column of the source.

use std::collections::{HashMap, HashSet};

use serde::de::DeserializeOwned;
use serde_saphyr::granit_parser::{Event, Parser};

use crate::error::{Diagnostic, LoadError, Position};
use crate::pointer::JsonPointer;

/// A loaded document: the typed model, and the raw value for what the model drops
/// (vendor extensions nested in schemas, `$ref` siblings, examples).
#[derive(Debug, Clone)]
pub struct Spec {
    pub file: String,
    pub openapi: openapiv3::OpenAPI,
    pub value: serde_json::Value,
    /// The source text, kept so later stages can point at lines.
    pub text: String,
}

impl Spec {
    /// A diagnostic about the node at `pointer` (or its nearest located ancestor), with
    /// file:line:column and a source snippet. Later stages report through this.
    pub fn diagnostic(&self, pointer: JsonPointer, message: impl Into<String>) -> Diagnostic {
        let locator = Locator::new(&self.text, [&pointer]);
        locator.diagnostic(&self.file, pointer, message.into())
    }

    /// Like [`Spec::diagnostic`] for many problems at once, mapping positions only once.
    pub fn diagnostics(&self, problems: impl IntoIterator<Item = (JsonPointer, String)>) -> Vec<Diagnostic> {
        let problems: Vec<(JsonPointer, String)> = problems.into_iter().collect();
        if problems.is_empty() {
            return Vec::new();
        }
        let locator = Locator::new(&self.text, problems.iter().map(|(p, _)| p));
        problems
            .into_iter()
            .map(|(pointer, message)| locator.diagnostic(&self.file, pointer, message))
            .collect()
    }
}

/// Parses YAML or JSON text into a [`Spec`]. `file` is only used in messages.
pub fn load_spec(file: &str, text: &str) -> Result<Spec, LoadError> {
    let value = parse_value(file, text)?;
    match serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(&value) {
        Ok(openapi) => Ok(Spec {
            file: file.to_owned(),
            openapi,
            value,
            text: text.to_owned(),
        }),
        Err(first) => {
            // serde stops at the first error; deserialise the document piece by piece so that
            // every broken path item and component is reported.
            let mut found = shape_errors(&value);
            if found.is_empty() {
                found.push((to_pointer(first.path()), first.inner().to_string()));
            }
            let locator = Locator::new(text, found.iter().map(|(p, _)| p));
            Err(LoadError(
                found
                    .into_iter()
                    .map(|(pointer, message)| locator.diagnostic(file, pointer, message))
                    .collect(),
            ))
        }
    }
}

fn parse_value(file: &str, text: &str) -> Result<serde_json::Value, LoadError> {
    if text.trim_start().starts_with('{') {
        return serde_json::from_str(text).map_err(|e| {
            let locator = Locator::new(text, []);
            let offset = locator.offset_of(e.line(), e.column());
            LoadError(vec![locator.at(
                file,
                JsonPointer::root(),
                Some(Position {
                    line: e.line(),
                    column: e.column(),
                    offset,
                }),
                format!("invalid JSON: {e}"),
            )])
        });
    }
    let mut options = serde_saphyr::Options::default();
    options.strict_booleans = true;
    options.with_snippet = false;
    if let Some(budget) = options.budget.as_mut() {
        // Public documents such as GitHub's exceed the default node budget many times over.
        budget.max_nodes = usize::MAX / 2;
        budget.max_events = usize::MAX / 2;
        budget.max_total_scalar_bytes = 1 << 30;
    }
    serde_saphyr::from_str_with_options(text, options).map_err(|e| {
        let locator = Locator::new(text, []);
        let position = e.location().map(|l| {
            let (line, column) = (l.line() as usize, l.column() as usize);
            Position {
                line,
                column,
                offset: locator.offset_of(line, column),
            }
        });
        LoadError(vec![locator.at(
            file,
            JsonPointer::root(),
            position,
            // The position is part of the diagnostic already; drop the parser's own copy.
            format!("invalid YAML: {}", strip_position(&e.without_snippet().to_string())),
        )])
    })
}

/// The typed pieces of a document that untagged enums (`ReferenceOr`, `SchemaKind`) would
/// otherwise blur into "did not match any variant" at the enclosing map.
#[derive(Clone, Copy)]
enum Piece {
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Response,
    MediaType,
    Schema,
    Other(fn(&serde_json::Value) -> Result<(), (JsonPointer, String)>),
}

/// `message at line 3, column 5` → `message`.
fn strip_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) if message[i..].contains(", column ") => &message[..i],
        _ => message,
    }
}

/// Deserialises each path item and each component on its own, descending into the pieces that
/// fail, so that every error is reported at the deepest field that explains it.
fn shape_errors(value: &serde_json::Value) -> Vec<(JsonPointer, String)> {
    use openapiv3::*;
    let mut out = Vec::new();
    let root = JsonPointer::root();
    let mut each = |at: JsonPointer, v: Option<&serde_json::Value>, piece: Piece| {
        if let Some(serde_json::Value::Object(map)) = v {
            for (k, item) in map {
                check(&at.push(k.clone()), item, piece, &mut out);
            }
        }
    };
    fn other<T: DeserializeOwned>(v: &serde_json::Value) -> Result<(), (JsonPointer, String)> {
        try_as::<ReferenceOr<T>>(v)
    }
    each(root.push("paths"), value.get("paths"), Piece::PathItem);
    let c = root.push("components");
    let get = |k: &str| value.get("components").and_then(|c| c.get(k));
    each(c.push("schemas"), get("schemas"), Piece::Schema);
    each(c.push("responses"), get("responses"), Piece::Response);
    each(c.push("parameters"), get("parameters"), Piece::Parameter);
    each(c.push("requestBodies"), get("requestBodies"), Piece::RequestBody);
    each(c.push("examples"), get("examples"), Piece::Other(other::<Example>));
    each(c.push("headers"), get("headers"), Piece::Other(other::<Header>));
    each(c.push("securitySchemes"), get("securitySchemes"), Piece::Other(other::<SecurityScheme>));
    if out.is_empty() {
        // The problem lies outside paths and components (info, servers, ...).
        let mut top = value.clone();
        if let Some(map) = top.as_object_mut() {
            map.insert("paths".into(), serde_json::json!({}));
            map.remove("components");
        }
        if let Err((p, m)) = try_as::<OpenAPI>(&top) {
            out.push((p, m));
        }
    }
    out
}

fn try_as<T: DeserializeOwned>(v: &serde_json::Value) -> Result<(), (JsonPointer, String)> {
    serde_path_to_error::deserialize::<_, T>(v)
        .map(drop)
        .map_err(|e| (to_pointer(e.path()), e.inner().to_string()))
}

/// Checks one piece; on failure, checks its children and reports theirs, or its own error
/// when no child explains it.
fn check(at: &JsonPointer, v: &serde_json::Value, piece: Piece, out: &mut Vec<(JsonPointer, String)>) {
    use openapiv3::*;
    let is_ref = v.get("$ref").is_some();
    let result = match piece {
        _ if is_ref => try_as::<ReferenceOr<Schema>>(v),
        Piece::PathItem => try_as::<PathItem>(v),
        Piece::Operation => try_as::<Operation>(v),
        Piece::Parameter => try_as::<Parameter>(v),
        Piece::RequestBody => try_as::<RequestBody>(v),
        Piece::Response => try_as::<Response>(v),
        Piece::MediaType => try_as::<MediaType>(v),
        Piece::Schema => try_as::<Schema>(v),
        Piece::Other(f) => f(v),
    };
    let Err((inner, message)) = result else { return };
    let before = out.len();
    if !is_ref {
        for (child, child_piece) in children(v, piece) {
            if let Some(cv) = child.resolve(v) {
                let mut abs = at.clone();
                for t in child.tokens() {
                    abs = abs.push(t.clone());
                }
                check(&abs, cv, child_piece, out);
            }
        }
    }
    if out.len() == before {
        let mut abs = at.clone();
        for t in inner.tokens() {
            abs = abs.push(t.clone());
        }
        out.push((abs, message));
    }
}

/// The typed children of a piece, as pointers relative to it.
fn children(v: &serde_json::Value, piece: Piece) -> Vec<(JsonPointer, Piece)> {
    let here = JsonPointer::root();
    let keys = |key: &str| -> Vec<String> {
        v.get(key)
            .and_then(|m| m.as_object())
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    };
    let indices = |key: &str| v.get(key).and_then(|a| a.as_array()).map_or(0, Vec::len);
    let mut out = Vec::new();
    match piece {
        Piece::PathItem => {
            for m in ["get", "put", "post", "delete", "options", "head", "patch", "trace"] {
                if v.get(m).is_some() {
                    out.push((here.push(m), Piece::Operation));
                }
            }
            for i in 0..indices("parameters") {
                out.push((here.push("parameters").push(i.to_string()), Piece::Parameter));
            }
        }
        Piece::Operation => {
            for i in 0..indices("parameters") {
                out.push((here.push("parameters").push(i.to_string()), Piece::Parameter));
            }
            if v.get("requestBody").is_some() {
                out.push((here.push("requestBody"), Piece::RequestBody));
            }
            for s in keys("responses") {
                out.push((here.push("responses").push(s), Piece::Response));
            }
        }
        Piece::Parameter | Piece::MediaType => {
            if v.get("schema").is_some() {
                out.push((here.push("schema"), Piece::Schema));
            }
            for m in keys("content") {
                out.push((here.push("content").push(m), Piece::MediaType));
            }
        }
        Piece::RequestBody | Piece::Response => {
            for m in keys("content") {
                out.push((here.push("content").push(m), Piece::MediaType));
            }
        }
        Piece::Schema => {
            for p in keys("properties") {
                out.push((here.push("properties").push(p), Piece::Schema));
            }
            for k in ["items", "not"] {
                if v.get(k).is_some_and(|x| x.is_object()) {
                    out.push((here.push(k), Piece::Schema));
                }
            }
            if v.get("additionalProperties").is_some_and(|x| x.is_object()) {
                out.push((here.push("additionalProperties"), Piece::Schema));
            }
            for k in ["allOf", "oneOf", "anyOf"] {
                for i in 0..indices(k) {
                    out.push((here.push(k).push(i.to_string()), Piece::Schema));
                }
            }
        }
        Piece::Other(_) => {}
    }
    out
}

fn to_pointer(path: &serde_path_to_error::Path) -> JsonPointer {
    use serde_path_to_error::Segment;
    path.iter().fold(JsonPointer::root(), |p, seg| match seg {
        Segment::Seq { index } => p.push(index.to_string()),
        Segment::Map { key } => p.push(key.clone()),
        Segment::Enum { variant } => p.push(variant.clone()),
        Segment::Unknown => p,
    })
}

/// Maps JSON pointers to positions in the source. Built only when a diagnostic needs it, so
/// loading a good document pays nothing for it, and only for the pointers diagnostics name
/// (and their ancestors), so three warnings on a 4 MB document cost one pass of the parser.
struct Locator<'a> {
    text: &'a str,
    /// Byte offset at which each line starts.
    line_starts: Vec<usize>,
    positions: HashMap<JsonPointer, Position>,
}

impl<'a> Locator<'a> {
    fn new<'p>(text: &'a str, pointers: impl IntoIterator<Item = &'p JsonPointer>) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let mut locator = Self {
            text,
            line_starts,
            positions: HashMap::new(),
        };
        let mut wanted = HashSet::new();
        for pointer in pointers {
            let tokens = pointer.tokens();
            let mut prefix = JsonPointer::root();
            wanted.insert(prefix.clone());
            for token in tokens {
                prefix = prefix.push(token.clone());
                wanted.insert(prefix.clone());
            }
        }
        if !wanted.is_empty() {
            locator.positions = map_positions(&locator, &wanted);
        }
        locator
    }

    /// The position of the pointer, or of its nearest ancestor that has one.
    fn position(&self, pointer: &JsonPointer) -> Option<Position> {
        let tokens = pointer.tokens();
        (0..=tokens.len()).rev().find_map(|n| {
            let p = tokens[..n]
                .iter()
                .fold(JsonPointer::root(), |p, t| p.push(t.clone()));
            self.positions.get(&p).copied()
        })
    }

    fn diagnostic(&self, file: &str, pointer: JsonPointer, message: String) -> Diagnostic {
        let position = self.position(&pointer);
        self.at(file, pointer, position, message)
    }

    fn at(
        &self,
        file: &str,
        pointer: JsonPointer,
        position: Option<Position>,
        message: String,
    ) -> Diagnostic {
        let snippet = position.map(|p| self.snippet(file, p, &message));
        Diagnostic {
            file: file.to_owned(),
            pointer,
            position,
            message,
            snippet,
        }
    }

    /// Byte offset of a 1-based line and (character) column, clamped to the text.
    fn offset_of(&self, line: usize, column: usize) -> usize {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let in_line = self.text[start..]
            .chars()
            .take_while(|c| *c != '\n')
            .take(column.saturating_sub(1))
            .map(char::len_utf8)
            .sum::<usize>();
        start + in_line
    }

    fn snippet(&self, file: &str, p: Position, message: &str) -> String {
        use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
        // Show the offending line with two lines of context before it.
        let first_line = p.line.saturating_sub(2).max(1);
        let start = self.offset_of(first_line, 1);
        let end = self.text[p.offset..]
            .find('\n')
            .map_or(self.text.len(), |i| p.offset + i);
        let source = &self.text[start..end];
        let local = p.offset - start;
        let width = source[local..].chars().next().map_or(0, char::len_utf8);
        let report = &[Level::ERROR.primary_title(message).element(
            Snippet::source(source)
                .line_start(first_line)
                .path(file)
                .annotation(AnnotationKind::Primary.span(local..local + width)),
        )];
        Renderer::plain().render(report).to_string()
    }
}

/// Walks the YAML event stream (JSON is YAML too) and records where each node in `wanted`
/// starts; a mapping value is placed at its key, which is the line a person edits. Nodes
/// outside `wanted` get no pointer (`at: None`), so their subtrees cost no allocation.
fn map_positions(locator: &Locator<'_>, wanted: &HashSet<JsonPointer>) -> HashMap<JsonPointer, Position> {
    enum Frame {
        Map {
            at: Option<JsonPointer>,
            key: Option<(String, (usize, usize))>,
        },
        Seq {
            at: Option<JsonPointer>,
            index: usize,
        },
    }
    let mut out = HashMap::new();
    let mut stack: Vec<Frame> = Vec::new();
    let child = |at: &Option<JsonPointer>, token: &dyn Fn() -> String| {
        at.as_ref()
            .map(|at| at.push(token()))
            .filter(|p| wanted.contains(p))
    };
    for item in Parser::new_from_str(locator.text) {
        let Ok((event, span)) = item else { break };
        // The parser counts columns in characters; offsets are bytes (computed only for hits).
        let here = (span.start.line(), span.start.col() + 1);
        let is_node = matches!(
            event,
            Event::Scalar(..) | Event::SequenceStart(..) | Event::MappingStart(..) | Event::Alias(_)
        );
        if is_node {
            // A scalar in key position names the next value, it is not a value itself.
            if let (Some(Frame::Map { key, .. }), Event::Scalar(k, ..)) = (stack.last_mut(), &event)
                && key.is_none()
            {
                *key = Some((k.to_string(), here));
                continue;
            }
            let (pointer, (line, column)) = match stack.last_mut() {
                None => (Some(JsonPointer::root()).filter(|p| wanted.contains(p)), here),
                Some(Frame::Map { at, key }) => match key.take() {
                    Some((k, key_pos)) => (child(at, &|| k.clone()), key_pos),
                    None => (child(at, &String::new), here),
                },
                Some(Frame::Seq { at, index }) => {
                    *index += 1;
                    let i = *index - 1;
                    (child(at, &|| i.to_string()), here)
                }
            };
            if let Some(p) = &pointer {
                let offset = locator.offset_of(line, column);
                out.insert(p.clone(), Position { line, column, offset });
            }
            match event {
                Event::MappingStart(..) => stack.push(Frame::Map { at: pointer, key: None }),
                Event::SequenceStart(..) => stack.push(Frame::Seq { at: pointer, index: 0 }),
                _ => {}
            }
        } else if matches!(event, Event::MappingEnd | Event::SequenceEnd) {
            stack.pop();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths: {}\n";

    #[test]
    fn loads_yaml_and_json() {
        let yaml = load_spec("a.yaml", GOOD).unwrap();
        assert_eq!(yaml.openapi.info.title, "t");
        let json = load_spec("a.json", r#"{"openapi":"3.0.3","info":{"title":"j","version":"1"},"paths":{}}"#)
            .unwrap();
        assert_eq!(json.openapi.info.title, "j");
    }

    #[test]
    fn yaml_syntax_error_has_line_and_column() {
        let err = load_spec("bad.yaml", "openapi: 3.0.3\ninfo: [\n").unwrap_err();
        let d = &err.0[0];
        assert!(d.position.is_some(), "{d}");
        assert!(d.to_string().starts_with("bad.yaml:"), "{d}");
    }

    #[test]
    fn every_shape_error_is_reported_at_the_exact_field() {
        let text = "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content: 7\n  /b:\n    get:\n      parameters: 3\n      responses: {}\n";
        let err = load_spec("x.yaml", text).unwrap_err();
        let pointers: Vec<String> = err.0.iter().map(|d| d.pointer.to_string()).collect();
        assert_eq!(err.0.len(), 2, "{err}");
        assert_eq!(pointers, ["#/paths/~1a/get/responses/200/content", "#/paths/~1b/get/parameters"]);
        let second = err.0[1].position.unwrap();
        assert_eq!((second.line, second.column), (14, 7), "{err}");
        assert!(err.0[1].snippet.as_deref().unwrap().contains("parameters: 3"));
    }

    #[test]
    fn snippets_after_non_ascii_text_do_not_panic() {
        let text = "openapi: 3.0.3\ninfo:\n  title: 会员会员会员\n  version: '1'\npaths:\n  /a:\n    get:\n      description: 积分积分\n      parameters: 3\n      responses: {}\n";
        let err = load_spec("zh.yaml", text).unwrap_err();
        let d = &err.0[0];
        assert_eq!(d.position.map(|p| (p.line, p.column)), Some((9, 7)));
        assert!(d.snippet.as_deref().unwrap().contains("parameters: 3"), "{d}");
    }

    #[test]
    fn positions_follow_keys_and_indices() {
        let wanted = ["#/a/1/b", "#/c"].map(|s| JsonPointer::parse(s).unwrap());
        let locator = Locator::new("a:\n  - x\n  - b: 1\nc: 2\n", &wanted);
        let map = &locator.positions;
        let p = |s: &str| map[&JsonPointer::parse(s).unwrap()];
        // Only what was asked for, and its ancestors, is mapped.
        assert_eq!(map.len(), 5, "{map:?}");
        assert!(!map.contains_key(&JsonPointer::parse("#/a/0").unwrap()));
        assert_eq!((p("#/c").line, p("#/c").column), (4, 1));
        assert_eq!((p("#/a").line, p("#/a").column), (1, 1));
        assert_eq!((p("#/a/1/b").line, p("#/a/1/b").column), (3, 5));
    }
}
