//! Load: text (YAML or JSON) to the typed [`Document`], and JSON pointers back to line and
//! column of the source when something is wrong.

use std::collections::{HashMap, HashSet};

use serde_saphyr::granit_parser::{Event, Parser};

use crate::document::{Document, read};
use crate::error::{Diagnostic, LoadError, Position};
use crate::pointer::JsonPointer;

/// Parses YAML or JSON text and reads it into a [`Document`]. `file` is only used in messages.
/// Every problem is reported, not only the first.
pub fn load_spec(file: &str, text: &str) -> Result<Document, LoadError> {
    crate::stack::with_room(|| {
        let value = parse_value(file, text)?;
        read::read_document(file, text, value).map_err(|problems| LoadError(locate(file, text, problems.errors)))
    })
}

/// Diagnostics for `problems`, each placed at its pointer's line and column (or its nearest
/// located ancestor's), mapping positions in one pass over the source.
pub fn locate(file: &str, text: &str, problems: Vec<(JsonPointer, String)>) -> Vec<Diagnostic> {
    if problems.is_empty() {
        return Vec::new();
    }
    let locator = Locator::new(text, problems.iter().map(|(p, _)| p));
    problems
        .into_iter()
        .map(|(pointer, message)| locator.diagnostic(file, pointer, message))
        .collect()
}

/// How deep YAML and JSON text may nest (serde_json's own limit).
const MAX_NESTING: usize = 128;

/// Parses YAML or JSON text into a JSON value (the step before reading).
pub fn parse_value(file: &str, text: &str) -> Result<serde_json::Value, LoadError> {
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
                if e.to_string().starts_with("recursion limit exceeded") {
                    too_deep()
                } else {
                    format!("invalid JSON: {e}")
                },
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
        // As deep as JSON text may nest (serde_json's limit): enough for any real document,
        // and the stack stays bounded.
        budget.max_depth = MAX_NESTING;
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
            match strip_position(&e.without_snippet().to_string()) {
                m if m.contains("budget breached: Depth") => too_deep(),
                m => format!("invalid YAML: {m}"),
            },
        )])
    })
}

fn too_deep() -> String {
    format!("the text nests more than {MAX_NESTING} levels deep, which the generator does not read")
}

/// `message at line 3, column 5` → `message`.
fn strip_position(message: &str) -> &str {
    match message.rfind(" at line ") {
        Some(i) if message[i..].contains(", column ") => &message[..i],
        _ => message,
    }
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
            wanted.extend(pointer.ancestors());
        }
        if !wanted.is_empty() {
            locator.positions = map_positions(&locator, &wanted);
        }
        locator
    }

    /// The position of the pointer, or of its nearest ancestor that has one.
    fn position(&self, pointer: &JsonPointer) -> Option<Position> {
        let ancestors: Vec<JsonPointer> = pointer.ancestors().collect();
        ancestors.iter().rev().find_map(|p| self.positions.get(p).copied())
    }

    fn diagnostic(&self, file: &str, pointer: JsonPointer, message: String) -> Diagnostic {
        let position = self.position(&pointer);
        self.at(file, pointer, position, message)
    }

    fn at(&self, file: &str, pointer: JsonPointer, position: Option<Position>, message: String) -> Diagnostic {
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
        at.as_ref().map(|at| at.push(token())).filter(|p| wanted.contains(p))
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
        assert_eq!(yaml.info.title, "t");
        let json = load_spec(
            "a.json",
            r#"{"openapi":"3.0.3","info":{"title":"j","version":"1"},"paths":{}}"#,
        )
        .unwrap();
        assert_eq!(json.info.title, "j");
    }

    #[test]
    fn yaml_syntax_error_has_line_and_column() {
        let err = load_spec("bad.yaml", "openapi: 3.0.3\ninfo: [\n").unwrap_err();
        let d = &err.0[0];
        assert!(d.position.is_some(), "{d}");
        assert!(d.to_string().starts_with("bad.yaml:"), "{d}");
    }

    #[test]
    fn every_shape_problem_is_reported_at_the_exact_field() {
        let text = "openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content: 7\n  /b:\n    get:\n      parameters: 3\n      responses: {}\n";
        let doc = load_spec("x.yaml", text).unwrap_or_else(|e| panic!("{e}"));
        let pointers: Vec<String> = doc.warnings.iter().map(|(p, _)| p.to_string()).collect();
        assert_eq!(
            pointers,
            ["#/paths/~1a/get/responses/200/content", "#/paths/~1b/get/parameters"]
        );
        let found = doc.diagnostics(doc.warnings.clone());
        let second = found[1].position.unwrap();
        assert_eq!((second.line, second.column), (14, 7), "{}", found[1]);
        assert!(found[1].snippet.as_deref().unwrap().contains("parameters: 3"));
        assert_eq!(
            found[1].message,
            "`parameters` must be a list, not a number; the generator leaves it out"
        );
    }

    #[test]
    fn snippets_after_non_ascii_text_do_not_panic() {
        let text = "openapi: 3.0.3\ninfo:\n  title: 会员会员会员\n  version: '1'\npaths:\n  /a:\n    get:\n      description: 积分积分\n      parameters: 3\n      responses: {}\n";
        let doc = load_spec("zh.yaml", text).unwrap_or_else(|e| panic!("{e}"));
        let d = &doc.diagnostics(doc.warnings.clone())[0];
        assert_eq!(d.position.map(|p| (p.line, p.column)), Some((9, 7)));
        assert!(d.snippet.as_deref().unwrap().contains("parameters: 3"), "{d}");
    }

    #[test]
    fn only_what_makes_the_whole_document_unreadable_is_an_error() {
        for (text, message) in [
            ("- a list\n", "a document must be a map, not a list"),
            (
                "info: {title: t, version: '1'}\npaths: {}\n",
                "the document has no `openapi` version",
            ),
            ("openapi: 5.0.0\ninfo: {title: t, version: '1'}\n", "`openapi: 5.0.0`"),
        ] {
            let err = load_spec("x.yaml", text).unwrap_err();
            assert!(err.0[0].message.starts_with(message), "{err}");
        }
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

    #[test]
    fn reads_serialization_flags_and_scheme_details_leniently() {
        let text = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"parameters": [
                {"name": "q", "in": "query", "allowEmptyValue": true, "allowReserved": "yes"}],
                "responses": {}}}},
            "components": {"securitySchemes": {
                "o": {"type": "oauth2", "flows": {"implicit": {"authorizationUrl": "https://a", "scopes": {}}}},
                "c": {"type": "openIdConnect", "openIdConnectUrl": "https://c"}}}}"#;
        let doc = load_spec("t.json", text).unwrap();
        let op = &doc.operations()[0].operation;
        let p = op.parameters[0].item().unwrap();
        assert_eq!((p.allow_empty_value, p.allow_reserved), (Some(true), None));
        // A flag of the wrong shape is ignored with a warning, as before it was read.
        assert_eq!(doc.warnings.len(), 1, "{:?}", doc.warnings);
        let schemes = &doc.components.security_schemes;
        let flows = schemes["o"].item().unwrap().flows.as_ref().unwrap();
        assert_eq!(flows["implicit"]["authorizationUrl"], "https://a");
        assert_eq!(
            schemes["c"].item().unwrap().open_id_connect_url.as_deref(),
            Some("https://c")
        );
    }
}
