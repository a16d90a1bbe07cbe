//! The result of one document as a table row, the Markdown table of all rows, and the details of failures.

use std::fmt;
use std::path::Path;
use std::time::Duration;

use super::{DETAILS_GENERATE_LINES, DETAILS_PER_DOCUMENT, ERROR_WIDTH};

/// One compile error, located in a generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompileError {
    /// Relative to the crate's directory, e.g. `src/models.rs`.
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// `error[E0412]: cannot find type ...`
    pub message: String,
}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}", self.file, self.line, self.column, self.message)
    }
}

/// The outcome for one document.
#[derive(Debug, Clone, Default)]
pub struct Row {
    pub document: String,
    pub dir: String,
    pub bytes: u64,
    /// `None` when the document does not load.
    pub operations: Option<usize>,
    pub schemas: Option<usize>,
    pub generated: bool,
    /// `None` when not compiled (`--no-compile`); `Some(false)` also when generation failed.
    pub compiled: Option<bool>,
    pub gen_time: Duration,
    pub generated_lines: usize,
    /// Why loading, generating or writing the crate failed (the step is the prefix).
    pub generate_error: Option<String>,
    pub compile_errors: Vec<CompileError>,
    /// Warnings of the generated crate (`cargo check`), when it compiled.
    pub compile_warnings: Vec<CompileError>,
    /// A compile failure that names no file (a manifest problem, a failed dependency).
    pub compile_failure: Option<String>,
}

impl Row {
    /// Compiled without a warning; `None` when not compiled.
    pub fn clean(&self) -> Option<bool> {
        self.compiled.map(|c| c && self.compile_warnings.is_empty())
    }

    /// One line: the first error, with the first problem when that line only introduces a list
    /// (`generate: 20 problem(s) in x.json:`).
    fn first_error(&self) -> Option<String> {
        if let Some(e) = &self.generate_error {
            let mut lines = e.lines().map(str::trim).filter(|l| !l.is_empty());
            let first = lines.next().unwrap_or("");
            return Some(match lines.next() {
                Some(second) if first.ends_with(':') => format!("{first} {second}"),
                _ => first.to_owned(),
            });
        }
        let more = self.compile_errors.len().saturating_sub(1);
        match (self.compile_errors.first(), &self.compile_failure) {
            (Some(first), _) if more > 0 => Some(format!("{first} (+{more} more)")),
            (Some(first), _) => Some(first.to_string()),
            (None, Some(failure)) => Some(failure.clone()),
            (None, None) => None,
        }
    }

    /// The row of the Markdown table (see [`TABLE_HEADER`]).
    pub fn markdown(&self) -> String {
        let count = |n: Option<usize>| n.map_or_else(|| "-".to_owned(), |n| n.to_string());
        let yes_no = |b: bool| if b { "yes" } else { "no" };
        let errors = self
            .first_error()
            .map(|e| markdown_cell(&truncate(e.lines().next().unwrap_or(""), ERROR_WIDTH)))
            .unwrap_or_default();
        format!(
            "| {} | {} | {} | {} | {} | {} | {} | {:.3} | {} | {} |",
            self.document,
            self.bytes,
            count(self.operations),
            count(self.schemas),
            yes_no(self.generated),
            self.compiled.map_or("-", yes_no),
            if self.compiled == Some(true) {
                self.compile_warnings.len().to_string()
            } else {
                "-".to_owned()
            },
            self.gen_time.as_secs_f64(),
            if self.generated {
                self.generated_lines.to_string()
            } else {
                "-".to_owned()
            },
            errors,
        )
    }
}

pub const TABLE_HEADER: &str = "| document | bytes | operations | schemas | generated | compiled | warnings | gen seconds | generated lines | errors |\n| --- | ---: | ---: | ---: | --- | --- | ---: | ---: | ---: | --- |";

/// The whole table, header included.
pub fn markdown_table(rows: &[Row]) -> String {
    let mut out = String::from(TABLE_HEADER);
    for row in rows {
        out.push('\n');
        out.push_str(&row.markdown());
    }
    out
}

pub(super) fn truncate(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_owned();
    }
    let mut out: String = text.chars().take(width - 1).collect();
    out.push('…');
    out
}

fn markdown_cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// The first compile errors of each failing document, each with the generated line it points at.
pub fn failure_details(rows: &[Row], crates: &Path) -> String {
    let mut out = String::new();
    for row in rows {
        if row.clean() == Some(false) && row.compiled == Some(true) {
            out.push_str(&format!(
                "\n{} ({} warnings):\n",
                row.document,
                row.compile_warnings.len()
            ));
            for warning in row.compile_warnings.iter().take(DETAILS_PER_DOCUMENT) {
                out.push_str(&format!("  {warning}\n"));
            }
            continue;
        }
        if row.generated && row.compile_errors.is_empty() && row.compile_failure.is_none() {
            continue;
        }
        if let Some(e) = &row.generate_error {
            out.push_str(&format!("\n{} (not generated):\n", row.document));
            for line in e.lines().take(DETAILS_GENERATE_LINES) {
                out.push_str(&format!("  {line}\n"));
            }
            let more = e.lines().count().saturating_sub(DETAILS_GENERATE_LINES);
            if more > 0 {
                out.push_str(&format!("  ... and {more} more lines\n"));
            }
            continue;
        }
        let dir = crates.join(&row.dir);
        out.push_str(&format!(
            "\n{} ({} compile errors, crate {}):\n",
            row.document,
            row.compile_errors.len(),
            dir.display()
        ));
        if let Some(failure) = &row.compile_failure {
            out.push_str(&format!("  {failure}\n"));
        }
        for error in row.compile_errors.iter().take(DETAILS_PER_DOCUMENT) {
            out.push_str(&format!("  {error}\n"));
            let source = std::fs::read_to_string(dir.join(&error.file)).ok();
            let line = source
                .as_deref()
                .and_then(|s| s.lines().nth(error.line.saturating_sub(1)));
            if let Some(line) = line {
                out.push_str(&format!("    {:>6} | {}\n", error.line, truncate(line.trim_end(), 200)));
            }
        }
        if row.compile_errors.len() > DETAILS_PER_DOCUMENT {
            out.push_str(&format!(
                "  ... and {} more\n",
                row.compile_errors.len() - DETAILS_PER_DOCUMENT
            ));
        }
    }
    out
}
