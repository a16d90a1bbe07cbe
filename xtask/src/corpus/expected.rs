//! The expected outcome per document (`xtask/corpus-expected.tsv`): reading, writing, and comparing a run with it.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use super::{CorpusError, Row, io_error};

/// The expected outcome of one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expected {
    pub generated: bool,
    pub compiled: bool,
    /// Compiled without a warning.
    pub clean: bool,
}

const EXPECTED_HEADER: &str = "document\tgenerated\tcompiled\tclean";

/// Parses the expected file: `#` comments, a header, then `document<TAB>yes|no<TAB>yes|no`.
pub fn parse_expected(text: &str, path: &Path) -> Result<BTreeMap<String, Expected>, CorpusError> {
    let error = |line: usize, message: String| CorpusError::Expected {
        path: path.to_owned(),
        line,
        message,
    };
    let mut out = BTreeMap::new();
    let mut header_seen = false;
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if !header_seen {
            if line.trim_end() != EXPECTED_HEADER {
                return Err(error(
                    number,
                    format!("expected the header {EXPECTED_HEADER:?}, found {line:?}"),
                ));
            }
            header_seen = true;
            continue;
        }
        let fields: Vec<&str> = line.trim_end().split('\t').collect();
        let [document, generated, compiled, clean] = fields[..] else {
            return Err(error(
                number,
                format!("expected 4 tab-separated columns, found {}", fields.len()),
            ));
        };
        let yes_no = |column: &str, value: &str| match value {
            "yes" => Ok(true),
            "no" => Ok(false),
            other => Err(error(number, format!("{column} must be yes or no, not {other:?}"))),
        };
        let expected = Expected {
            generated: yes_no("generated", generated)?,
            compiled: yes_no("compiled", compiled)?,
            clean: yes_no("clean", clean)?,
        };
        if out.insert(document.to_owned(), expected).is_some() {
            return Err(error(number, format!("{document} is listed twice")));
        }
    }
    Ok(out)
}

pub fn render_expected(expected: &BTreeMap<String, Expected>) -> String {
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    let mut out = String::from(
        "# What `cargo xtask corpus` expects per corpus document; a yes that turns no fails the run.\n\
         # A document not listed is expected no. Rewrite with `cargo xtask corpus --update-expected`.\n",
    );
    out.push_str(EXPECTED_HEADER);
    out.push('\n');
    for (document, e) in expected {
        out.push_str(&format!(
            "{document}\t{}\t{}\t{}\n",
            yes_no(e.generated),
            yes_no(e.compiled),
            yes_no(e.clean)
        ));
    }
    out
}

/// A document whose outcome differs from the expected one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub document: String,
    /// `generated`, `compiled` or `clean`.
    pub what: &'static str,
    pub now: bool,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (was, now) = if self.now { ("no", "yes") } else { ("yes", "no") };
        write!(f, "{} {was} -> {now}", self.what)
    }
}

/// One line per document: `a.yaml: generated no -> yes, compiled no -> yes`.
pub fn by_document(changes: &[Change]) -> Vec<String> {
    let mut grouped: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for change in changes {
        grouped.entry(&change.document).or_default().push(change.to_string());
    }
    grouped
        .into_iter()
        .map(|(document, changes)| format!("{document}: {}", changes.join(", ")))
        .collect()
}

/// Regressions (expected yes, now no) and improvements (expected no, now yes) of the rows run.
/// Compilation is compared only where it was attempted.
pub fn compare(rows: &[Row], expected: &BTreeMap<String, Expected>) -> (Vec<Change>, Vec<Change>) {
    let mut regressions = Vec::new();
    let mut improvements = Vec::new();
    for row in rows {
        let want = expected.get(&row.document).copied().unwrap_or(Expected {
            generated: false,
            compiled: false,
            clean: false,
        });
        let pairs = [
            ("generated", want.generated, Some(row.generated)),
            ("compiled", want.compiled, row.compiled),
            ("clean", want.clean, row.clean()),
        ];
        for (what, want, now) in pairs {
            let Some(now) = now else { continue };
            let change = Change {
                document: row.document.clone(),
                what,
                now,
            };
            match (want, now) {
                (true, false) => regressions.push(change),
                (false, true) => improvements.push(change),
                _ => {}
            }
        }
    }
    (regressions, improvements)
}

/// The expected outcomes with the rows run replacing theirs; a compile result that was not
/// measured (`--no-compile`) keeps its expected value.
pub fn updated_expected(expected: &BTreeMap<String, Expected>, rows: &[Row]) -> BTreeMap<String, Expected> {
    let mut out = expected.clone();
    for row in rows {
        let previous = expected.get(&row.document).copied();
        out.insert(
            row.document.clone(),
            Expected {
                generated: row.generated,
                compiled: row
                    .compiled
                    .unwrap_or(previous.is_some_and(|e| e.compiled) && row.generated),
                clean: row
                    .clean()
                    .unwrap_or(previous.is_some_and(|e| e.clean) && row.generated),
            },
        );
    }
    out
}

pub(super) fn read_expected(path: &Path) -> Result<BTreeMap<String, Expected>, CorpusError> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse_expected(&text, path),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
        Err(e) => Err(io_error("reading the expected results", path)(e)),
    }
}
