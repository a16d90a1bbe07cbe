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

/// Parses and pretty-prints one rendered file, prefixed with `header` (each line a `//` comment).
pub fn format_file(rendered: &Rendered, header: &str) -> Result<String, EmitError> {
    let file = syn::parse_file(&rendered.source).map_err(|e| {
        let start = e.span().start();
        EmitError {
            template: rendered.template.to_owned(),
            line: start.line,
            column: start.column + 1,
            message: e.to_string(),
            excerpt: rendered
                .source
                .lines()
                .nth(start.line.saturating_sub(1))
                .unwrap_or_default()
                .to_owned(),
        }
    })?;
    Ok(format!("{header}\n{}", unparse_spaced(file)))
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
    fn formats_and_prefixes_the_header() {
        let rendered = Rendered {
            path: "x.rs".into(),
            template: "t",
            source: "pub struct   A{a:u8}".into(),
        };
        assert_eq!(format_file(&rendered, "// h").unwrap(), "// h\npub struct A {\n    a: u8,\n}\n");
    }
}
