//! Diagnostics: every message starts with the place (file:line:column where known) and always
//! carries the JSON pointer of the exact field.

use std::fmt;

use crate::pointer::JsonPointer;

/// Line and column (both 1-based) of a node in the source text, and its byte offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

/// One problem found in a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file name the document was loaded from, as the caller gave it.
    pub file: String,
    pub pointer: JsonPointer,
    pub position: Option<Position>,
    pub message: String,
    /// A rendered source excerpt with the position marked, when the position is known.
    pub snippet: Option<String>,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some(p) => write!(f, "{}:{}:{}: ", self.file, p.line, p.column)?,
            None => write!(f, "{}: ", self.file)?,
        }
        write!(f, "{} (at {})", self.message, self.pointer)?;
        if let Some(snippet) = &self.snippet {
            write!(f, "\n{snippet}")?;
        }
        Ok(())
    }
}

/// Loading failed; holds every problem found, not only the first.
#[derive(Debug, thiserror::Error)]
#[error("{} problem(s) in {}:\n{}", .0.len(), .0.first().map_or("the document", |d| d.file.as_str()), render_all(.0))]
pub struct LoadError(pub Vec<Diagnostic>);

/// Every diagnostic, one after the other: the body of each stage's error message.
pub(crate) fn render_all(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}
