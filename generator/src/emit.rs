//! Format: rendered source to `syn::File` to prettyplease, then the `@generated` header (added
//! after formatting, since prettyplease drops `//` comments).

use std::fmt;

use crate::render::Rendered;

/// A template produced text that is not Rust: a generator bug, reported with the template and
/// the line of the rendered text, never written out.
#[derive(Debug, thiserror::Error)]
pub struct EmitError {
    pub template: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    /// The offending line of rendered output.
    pub excerpt: String,
}

impl fmt::Display for EmitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "template {} rendered invalid Rust at line {}, column {}: {}\n  | {}",
            self.template, self.line, self.column, self.message, self.excerpt
        )
    }
}

/// The line templates put before each top-level item they loop over: a `//` comment, so syn
/// ignores it, and a safe place to cut a file into chunks that parse on their own.
pub const ITEM_MARKER: &str = "\n// @item\n";

/// Parses and pretty-prints one rendered file, prefixed with `header` (each line a `//` comment).
/// Large files are cut at [`ITEM_MARKER`]s into one chunk per core, parsed and printed in
/// parallel, then joined in order: parsing is most of the pipeline's time.
pub fn format_file(rendered: &Rendered, header: &str) -> Result<String, EmitError> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    format_with_threads(rendered, header, threads)
}

/// [`format_file`] with a given number of chunks; the output does not depend on it.
fn format_with_threads(rendered: &Rendered, header: &str, threads: usize) -> Result<String, EmitError> {
    let source = rendered.source.as_str();
    let chunks = chunk(source, threads);
    let outputs: Vec<Result<String, EmitError>> = if chunks.len() == 1 {
        vec![format_chunk(rendered, source, 0)]
    } else {
        std::thread::scope(|scope| {
            let handles: Vec<_> = chunks
                .iter()
                .map(|(offset, text)| scope.spawn(move || format_chunk(rendered, text, *offset)))
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|_| Err(panicked(rendered))))
                .collect()
        })
    };
    let mut out = format!("{header}\n");
    for (i, part) in outputs.into_iter().enumerate() {
        let part = part?;
        if i > 0 && !part.is_empty() {
            out.push('\n');
        }
        out.push_str(&part);
    }
    Ok(out)
}

/// Cuts `source` at item markers into at most `n` chunks of similar size, each with the number
/// of lines before it (for error positions).
fn chunk(source: &str, n: usize) -> Vec<(usize, &str)> {
    let target = source.len() / n.max(1) + 1;
    let mut out = Vec::new();
    let mut start = 0;
    let mut lines_before = 0;
    while start < source.len() {
        let cut = if out.len() + 1 >= n {
            None
        } else {
            // Search from the first character boundary at or after the target size.
            let mut from = (start + target).min(source.len());
            while !source.is_char_boundary(from) {
                from += 1;
            }
            source[from..].find(ITEM_MARKER).map(|i| from + i + 1)
        };
        let end = cut.unwrap_or(source.len());
        out.push((lines_before, &source[start..end]));
        lines_before += source[start..end].matches('\n').count();
        start = end;
    }
    if out.is_empty() {
        out.push((0, source));
    }
    out
}

fn format_chunk(rendered: &Rendered, text: &str, lines_before: usize) -> Result<String, EmitError> {
    let file = syn::parse_file(text).map_err(|e| {
        let start = e.span().start();
        EmitError {
            template: rendered.template.to_owned(),
            line: lines_before + start.line,
            column: start.column + 1,
            message: e.to_string(),
            excerpt: text.lines().nth(start.line.saturating_sub(1)).unwrap_or_default().to_owned(),
        }
    })?;
    Ok(unparse_spaced(file))
}

fn panicked(rendered: &Rendered) -> EmitError {
    EmitError {
        template: rendered.template.to_owned(),
        line: 0,
        column: 0,
        message: "formatting panicked".into(),
        excerpt: String::new(),
    }
}

/// prettyplease without blank lines between top-level items is hard to read in a diff;
/// print the file's inner attributes, then each item, one blank line apart.
fn unparse_spaced(mut file: syn::File) -> String {
    let items = std::mem::take(&mut file.items);
    let mut parts = Vec::with_capacity(items.len() + 1);
    if !file.attrs.is_empty() {
        parts.push(prettyplease::unparse(&file));
    }
    file.attrs.clear();
    file.shebang = None;
    for item in items {
        file.items = vec![item];
        parts.push(prettyplease::unparse(&file));
    }
    parts.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_output_names_template_and_line() {
        let rendered = Rendered {
            path: "x.rs".into(),
            template: "partials/struct.rs",
            source: "pub struct A {\n    a: u8\n    b: u8,\n}\n".into(),
        };
        let err = format_file(&rendered, "// h").unwrap_err();
        assert_eq!((err.template.as_str(), err.line), ("partials/struct.rs", 3), "{err}");
        assert!(err.to_string().contains("b: u8"), "{err}");
    }

    #[test]
    fn chunks_cut_at_item_markers_and_keep_line_numbers() {
        let source = "//! doc\n// @item\npub struct A;\n// @item\npub struct B {\n    x: u8\n    y: u8,\n}\n// @item\npub struct C;\n";
        let chunks = chunk(source, 3);
        assert!(chunks.len() > 1, "{chunks:?}");
        assert_eq!(chunks.iter().map(|(_, t)| *t).collect::<String>(), source);
        let rendered = Rendered { path: "x.rs".into(), template: "t.rs", source: source.into() };
        let err = format_file(&rendered, "// h").unwrap_err();
        assert_eq!((err.line, err.excerpt.as_str()), (7, "    y: u8,"), "{err}");
        let fixed = Rendered { source: source.replace("x: u8\n", "x: u8,\n"), ..rendered };
        let out = format_file(&fixed, "// h").unwrap();
        assert_eq!(out, "// h\n//! doc\n\npub struct A;\n\npub struct B {\n    x: u8,\n    y: u8,\n}\n\npub struct C;\n");
        for threads in 1..=5 {
            assert_eq!(format_with_threads(&fixed, "// h", threads).unwrap(), out, "{threads} chunks");
        }
    }

    #[test]
    fn chunks_never_cut_inside_a_character() {
        let source = format!("/// {}\npub struct A;\n// @item\npub struct B;\n", "会".repeat(301));
        for n in 1..=6 {
            let chunks = chunk(&source, n);
            assert_eq!(chunks.iter().map(|(_, t)| *t).collect::<String>(), source, "{n} chunks");
        }
    }

    #[test]
    fn formats_and_prefixes_the_header() {
        let rendered = Rendered {
            path: "x.rs".into(),
            template: "t",
            source: "pub struct   A{a:u8}".into(),
        };
        assert_eq!(format_file(&rendered, "// h").unwrap(), "// h\npub struct A {\n    a: u8,\n}\n");
    }
}
