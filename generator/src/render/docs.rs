//! Descriptions made safe for rustdoc, and the docs every generated item of an operation
//! carries (summary, description, route).

use crate::ir::{Operation, Param, ParamLocation};

/// Description text made safe for rustdoc, one entry per line: bare URLs become autolinks,
/// brackets are escaped (they would be read as intra-doc links), fenced code is marked `text`
/// (rustdoc would compile it as Rust), HTML-like angle brackets are escaped.
pub fn doc_lines(text: Option<&str>) -> Vec<String> {
    let Some(text) = text else { return Vec::new() };
    let mut in_fence = false;
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            // Every opening fence becomes `text`, whatever language it named.
            out.push(if in_fence { "```" } else { "```text" }.to_owned());
            in_fence = !in_fence;
        } else if in_fence {
            out.push(line.trim_end().to_owned());
        } else {
            // Four leading spaces would start an indented code block, which rustdoc compiles
            // as a doctest; spec prose is never Rust.
            out.push(safe_doc_line(line.trim_start()).trim_end().to_owned());
        }
    }
    if in_fence {
        out.push("```".to_owned());
    }
    out
}

/// Links already written as Markdown (`<https://…>`, `[text](https://…)`) stay as they are;
/// bare URLs become autolinks; everything else is escaped.
fn safe_doc_line(line: &str) -> String {
    static LINK: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"<https?://[^>\s]+>|\[[^\[\]]*\]\(https?://[^()\s]*(?:\([^()\s]*\)[^()\s]*)*\)|https?://[^\s<>`\x22，。）、；：！？]+")
            .expect("a valid regex")
    });
    let mut out = String::with_capacity(line.len());
    let mut last = 0;
    for m in LINK.find_iter(line) {
        out.push_str(&escape_markup(&line[last..m.start()]));
        let text = m.as_str();
        if text.starts_with('<') || text.starts_with('[') {
            out.push_str(text);
            last = m.end();
        } else {
            let url = trim_url(text);
            out.push_str(&format!("<{url}>"));
            last = m.start() + url.len();
        }
    }
    out.push_str(&escape_markup(&line[last..]));
    out
}

/// A bare URL without the punctuation that ends the sentence around it, and without closing
/// brackets it did not open (`(see https://x.y/a_(b))` keeps `a_(b)`).
fn trim_url(url: &str) -> &str {
    let mut url = url.trim_end_matches(['.', ',', ';', ':', '!', '?', '，', '。', '）', '、']);
    loop {
        let unbalanced =
            |open: char, close: char| url.ends_with(close) && url.matches(close).count() > url.matches(open).count();
        if unbalanced('(', ')') || unbalanced('[', ']') {
            url = &url[..url.len() - 1];
            url = url.trim_end_matches(['.', ',', ';', ':', '!', '?']);
        } else {
            return url;
        }
    }
}

fn escape_markup(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('[', "\\[")
        .replace(']', "\\]")
        .replace('<', "\\<")
        .replace('>', "\\>")
}

/// `GET /path`, for docs.
pub(super) fn route(op: &Operation) -> String {
    format!("{} {}", op.method.as_upper(), op.path.to_template()).replace('`', "'")
}

/// Text to show inside backticks.
pub(super) fn code(text: &str) -> String {
    text.replace('`', "'")
}

/// Summary and description, then the route and operationId; `deprecated` adds a note.
pub(super) fn operation(op: &Operation, deprecated: bool) -> Vec<String> {
    let mut docs = doc_lines(op.summary.as_deref());
    let more = doc_lines(op.docs.as_deref());
    if !docs.is_empty() && !more.is_empty() {
        docs.push(String::new());
    }
    docs.extend(more);
    if !docs.is_empty() {
        docs.push(String::new());
    }
    docs.push(format!("`{}` (`{}`)", route(op), code(&op.id.raw)));
    if deprecated && op.deprecated {
        docs.push(String::new());
        docs.push("Deprecated by the spec.".into());
    }
    docs
}

/// A parameter's description, where it goes, its default and whether it is an idempotency key.
pub(super) fn param(p: &Param) -> Vec<String> {
    let location = match p.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    };
    let mut lines = doc_lines(p.docs.as_deref());
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(format!("The {location} parameter `{}`.", code(&p.name.raw)));
    if let Some(default) = &p.default {
        lines.push(format!("Default: `{}`.", code(&default.to_string())));
    }
    if p.idempotency_key {
        lines.push("An idempotency key: the server deduplicates on it, so reuse it when retrying.".into());
    }
    lines
}

/// A field's description and its documented default.
pub(super) fn field(docs: Option<&str>, default: Option<&serde_json::Value>) -> Vec<String> {
    let mut lines = doc_lines(docs);
    if let Some(value) = default {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(format!("Default: `{}`.", code(&value.to_string())));
    }
    lines
}

/// A description, a blank line, then a closing note.
pub(super) fn with_note(docs: Option<&str>, note: String) -> Vec<String> {
    let mut lines = doc_lines(docs);
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(note);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_kept_or_made_autolinks() {
        let cases = [
            (
                "(see https://en.wikipedia.org/wiki/A_(b)).",
                "(see <https://en.wikipedia.org/wiki/A_(b)>).",
            ),
            (
                "<https://x.y/z> and [docs](https://x.y/d(1)) ok",
                "<https://x.y/z> and [docs](https://x.y/d(1)) ok",
            ),
            ("头像 URL:http://111xx，完", "头像 URL:<http://111xx>，完"),
            ("    indented code", "indented code"),
            ("a*/b \\ c", "a*/b \\\\ c"),
        ];
        for (input, expected) in cases {
            assert_eq!(doc_lines(Some(input)), [expected.to_owned()], "{input}");
        }
    }

    #[test]
    fn docs_are_made_rustdoc_safe() {
        let lines = doc_lines(Some(
            "see https://example.com/a?b=1. and [x] <b>\n```\nlet [a] = 1;\n```\nunclosed:\n```json",
        ));
        assert_eq!(
            lines,
            [
                "see <https://example.com/a?b=1>. and \\[x\\] \\<b\\>".to_owned(),
                "```text".into(),
                "let [a] = 1;".into(),
                "```".into(),
                "unclosed:".into(),
                "```text".into(),
                "```".into(),
            ]
        );
    }
}
