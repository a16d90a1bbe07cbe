//! `cargo xtask corpus`: runs the generator over every document of the public OpenAPI corpus
//! (`../shared/corpus` beside the project, its `v3.0/` and `v3.1/` folders, or `CORPUS_DIR`, or
//! `--corpus DIR`), writes each
//! generated crate to `target/corpus/<dir>/`, checks them all with one `cargo check` over a
//! temporary workspace (`target/corpus/Cargo.toml`, target dir `target/corpus-target`), prints
//! one Markdown table row per document and compares the outcome with `xtask/corpus-expected.tsv`.
//!
//! A document that was expected to generate (or compile, or compile without warnings) and no
//! longer does is a regression and fails the command; an improvement is only reported
//! (`--update-expected` records it).

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::codegen::CodegenError;
use crate::project_root;

mod check;
mod documents;
mod expected;
mod generate;
mod table;

pub use check::{CheckOutcome, apply_check, cargo_check, parse_check_output};
pub use documents::{Document, dir_name, list_documents, select, unique_dir_names};
use expected::read_expected;
pub use expected::{Change, Expected, by_document, compare, parse_expected, render_expected, updated_expected};
pub use generate::{count_document, generate_document, member_manifest, package_name, run_document, write_workspace};
pub use table::{CompileError, Row, TABLE_HEADER, failure_details, markdown_table};

/// The corpus beside the project (CI clones the project next to `shared/`).
pub const DEFAULT_CORPUS: &str = "../shared/corpus";
/// Overrides the default corpus directory (`--corpus` overrides both).
pub const CORPUS_ENV: &str = "CORPUS_DIR";
/// The expected outcome per document, relative to the project root.
pub const EXPECTED_PATH: &str = "xtask/corpus-expected.tsv";
/// The generated crates and their workspace, relative to the project root.
pub const CRATES_DIR: &str = "target/corpus";
/// The cargo target directory of the corpus workspace, relative to the project root.
pub const TARGET_DIR: &str = "target/corpus-target";
/// The errors column shows the first error line cut to this many characters.
const ERROR_WIDTH: usize = 120;
/// How many compile errors per document the failure details show.
const DETAILS_PER_DOCUMENT: usize = 5;
/// How many lines of a generation error the failure details show.
const DETAILS_GENERATE_LINES: usize = 24;

pub const USAGE: &str =
    "cargo xtask corpus [--max-bytes N] [--only NAME]... [--no-compile] [--corpus DIR] [--update-expected]";

/// Everything that stops the command (as opposed to a document failing, which is a [`Row`]).
#[derive(Debug)]
pub enum CorpusError {
    Usage(String),
    Io {
        step: String,
        path: PathBuf,
        source: std::io::Error,
    },
    Expected {
        path: PathBuf,
        line: usize,
        message: String,
    },
    /// Writing a generated crate failed.
    Write {
        document: String,
        source: CodegenError,
    },
}

impl fmt::Display for CorpusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Usage(message) => write!(f, "{message}\nusage: {USAGE}"),
            Self::Io { step, path, source } => write!(f, "{step}: {}: {source}", path.display()),
            Self::Expected { path, line, message } => write!(f, "{}:{line}: {message}", path.display()),
            Self::Write { document, source } => write!(f, "writing the crate of {document}: {source}"),
        }
    }
}

impl std::error::Error for CorpusError {}

fn io_error(step: impl Into<String>, path: &Path) -> impl FnOnce(std::io::Error) -> CorpusError {
    let step = step.into();
    let path = path.to_owned();
    move |source| CorpusError::Io { step, path, source }
}

/// The command line.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub max_bytes: Option<u64>,
    /// Document file names, stems or directory names; empty means all.
    pub only: Vec<String>,
    pub compile: bool,
    pub corpus: Option<PathBuf>,
    pub update_expected: bool,
}

pub fn parse_args(args: &[String]) -> Result<Options, CorpusError> {
    let mut options = Options {
        compile: true,
        ..Options::default()
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = |flag: &str| {
            args.next()
                .cloned()
                .ok_or_else(|| CorpusError::Usage(format!("{flag} needs a value")))
        };
        match arg.as_str() {
            "--max-bytes" => {
                let text = value("--max-bytes")?;
                let bytes = text
                    .parse()
                    .map_err(|_| CorpusError::Usage(format!("--max-bytes takes a number of bytes, not {text:?}")))?;
                options.max_bytes = Some(bytes);
            }
            "--only" => options.only.push(value("--only")?),
            "--corpus" => options.corpus = Some(PathBuf::from(value("--corpus")?)),
            "--no-compile" => options.compile = false,
            "--update-expected" => options.update_expected = true,
            other => return Err(CorpusError::Usage(format!("unknown argument {other:?}"))),
        }
    }
    Ok(options)
}

/// `--corpus DIR`, else `$CORPUS_DIR`, else `<project root>/../shared/corpus`.
pub fn corpus_dir(flag: Option<&Path>) -> Result<PathBuf, CorpusError> {
    let (dir, origin) = match (flag, std::env::var_os(CORPUS_ENV)) {
        (Some(dir), _) => (dir.to_owned(), "--corpus"),
        (None, Some(dir)) if !dir.is_empty() => (PathBuf::from(dir), CORPUS_ENV),
        _ => (project_root().join(DEFAULT_CORPUS), "the default"),
    };
    if dir.is_dir() {
        Ok(std::fs::canonicalize(&dir).unwrap_or(dir))
    } else {
        Err(CorpusError::Usage(format!(
            "no corpus directory at {} ({origin}); pass --corpus DIR or set {CORPUS_ENV}",
            dir.display()
        )))
    }
}

/// What the command found; it fails when there are regressions.
#[derive(Debug)]
pub struct Summary {
    pub rows: Vec<Row>,
    pub regressions: Vec<Change>,
    pub improvements: Vec<Change>,
}

/// `cargo xtask corpus ...`: prints the table and the comparison with the expected file.
pub fn run(args: &[String]) -> Result<Summary, CorpusError> {
    let options = parse_args(args)?;
    let corpus = corpus_dir(options.corpus.as_deref())?;
    let root = project_root();
    let crates = root.join(CRATES_DIR);
    let expected_path = root.join(EXPECTED_PATH);
    let expected = read_expected(&expected_path)?;

    let all = list_documents(&corpus)?;
    note_missing(&expected, &all, &corpus);
    let documents = select(all, &options)?;
    eprintln!("corpus: {} ({} documents selected)", corpus.display(), documents.len());
    std::fs::create_dir_all(&crates).map_err(io_error("creating the corpus workspace", &crates))?;

    let mut rows = generate_all(&documents, &crates)?;

    let check_line = if options.compile {
        check_all(&mut rows, &crates, &root)?
    } else {
        None
    };

    println!("{}", markdown_table(&rows));
    if let Some(line) = check_line {
        println!("\n{line}");
    }
    let details = failure_details(&rows, &crates);
    if !details.is_empty() {
        println!("\nFailures:{details}");
    }

    let (regressions, improvements) = compare(&rows, &expected);
    for line in by_document(&improvements) {
        println!("improved: {line}");
    }
    for line in by_document(&regressions) {
        println!("REGRESSION: {line}");
    }
    if options.update_expected {
        let text = render_expected(&updated_expected(&expected, &rows));
        std::fs::write(&expected_path, text).map_err(io_error("updating the expected results", &expected_path))?;
        println!("updated {EXPECTED_PATH} from this run ({} documents)", rows.len());
    } else if !improvements.is_empty() {
        println!(
            "{} improvement(s): record them with `cargo xtask corpus --update-expected`",
            improvements.len()
        );
    }
    Ok(Summary {
        rows,
        regressions: if options.update_expected {
            Vec::new()
        } else {
            regressions
        },
        improvements,
    })
}

/// Notes documents the expected file names that the corpus does not hold.
fn note_missing(expected: &BTreeMap<String, Expected>, all: &[Document], corpus: &Path) {
    let missing: Vec<&str> = expected
        .keys()
        .filter(|k| !all.iter().any(|d| &d.name == *k))
        .map(String::as_str)
        .collect();
    if !missing.is_empty() {
        eprintln!(
            "note: {} document(s) of {EXPECTED_PATH} are not in {}: {}",
            missing.len(),
            corpus.display(),
            missing.join(", ")
        );
    }
}

/// Generates every selected document's crate, reporting each on stderr.
fn generate_all(documents: &[Document], crates: &Path) -> Result<Vec<Row>, CorpusError> {
    let mut rows = Vec::new();
    for (i, document) in documents.iter().enumerate() {
        let row = run_document(document, crates)?;
        eprintln!(
            "[{}/{}] {}: {} in {:.3}s{}",
            i + 1,
            documents.len(),
            document.name,
            if row.generated { "generated" } else { "FAILED" },
            row.gen_time.as_secs_f64(),
            row.generate_error
                .as_deref()
                .map(|e| format!(": {}", e.lines().next().unwrap_or("")))
                .unwrap_or_default(),
        );
        rows.push(row);
    }
    Ok(rows)
}

/// One `cargo check` over every generated crate, its outcome applied to the rows; the summary line, if any crate
/// was checked.
fn check_all(rows: &mut [Row], crates: &Path, root: &Path) -> Result<Option<String>, CorpusError> {
    let members: Vec<String> = rows.iter().filter(|r| r.generated).map(|r| r.dir.clone()).collect();
    let members: Vec<&str> = members.iter().map(String::as_str).collect();
    if members.is_empty() {
        return Ok(None);
    }
    write_workspace(crates, &members)?;
    eprintln!("cargo check of {} crates in {} ...", members.len(), crates.display());
    let check = cargo_check(crates, &root.join(TARGET_DIR), &members)?;
    apply_check(rows, &check);
    Ok(Some(format!(
        "cargo check of {} crates{}: {:.1}s, {} failed, {} with warnings",
        members.len(),
        if check.offline { " (offline)" } else { "" },
        check.elapsed.as_secs_f64(),
        rows.iter().filter(|r| r.generated && r.compiled == Some(false)).count(),
        rows.iter()
            .filter(|r| r.clean() == Some(false) && r.compiled == Some(true))
            .count(),
    )))
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::table::truncate;
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    fn row(document: &str, generated: bool, compiled: Option<bool>) -> Row {
        Row {
            document: document.to_owned(),
            dir: dir_name(document),
            generated,
            compiled,
            ..Row::default()
        }
    }

    #[test]
    fn parses_arguments() {
        let options = parse_args(&args(&["--max-bytes", "1048576", "--only", "a.yaml", "--no-compile"])).unwrap();
        assert_eq!(options.max_bytes, Some(1_048_576));
        assert_eq!(options.only, ["a.yaml"]);
        assert!(!options.compile && !options.update_expected);
        assert!(parse_args(&[]).unwrap().compile);
        assert!(
            parse_args(&args(&["--max-bytes", "lots"]))
                .unwrap_err()
                .to_string()
                .contains("lots")
        );
        assert!(parse_args(&args(&["--only"])).is_err());
        assert!(parse_args(&args(&["--fast"])).is_err());
    }

    #[test]
    fn directory_names_are_package_friendly_and_unique() {
        assert_eq!(dir_name("progenitor-api.github.com.json"), "progenitor-api-github-com");
        assert_eq!(dir_name("stripe-spec3.yaml"), "stripe-spec3");
        assert_eq!(dir_name("My API (v2)__final.yml"), "my-api-v2-final");
        assert_eq!(dir_name("...yaml"), "document");
        assert_eq!(
            unique_dir_names(["a.json", "a.yaml", "A.yml", "a-2.yaml"]),
            ["a", "a-2", "a-3", "a-2-2"]
        );
    }

    #[test]
    fn selects_by_size_and_name() {
        let docs: Vec<Document> = [("a.yaml", 10), ("b.json", 2_000)]
            .iter()
            .map(|(name, bytes)| Document {
                name: (*name).to_owned(),
                path: PathBuf::from(name),
                bytes: *bytes,
                dir: dir_name(name),
            })
            .collect();
        let options = |max_bytes, only: &[&str]| Options {
            max_bytes,
            only: args(only),
            ..Options::default()
        };
        let names = |selected: Vec<Document>| selected.into_iter().map(|d| d.name).collect::<Vec<_>>();
        assert_eq!(
            names(select(docs.clone(), &options(Some(100), &[])).unwrap()),
            ["a.yaml"]
        );
        assert_eq!(names(select(docs.clone(), &options(None, &["b"])).unwrap()), ["b.json"]);
        assert_eq!(
            names(select(docs.clone(), &options(None, &["a.yaml"])).unwrap()),
            ["a.yaml"]
        );
        assert!(select(docs, &options(None, &["c"])).is_err());
    }

    #[test]
    fn member_manifest_drops_the_workspace_table_and_renames() {
        let manifest = "# @generated\n[package]\nname = \"swagger-petstore\"\nversion = \"0.1.0\"\n\n\
                        [workspace]\n\n[dependencies]\nserde = \"1\"\nname = \"not-the-package\"\n";
        let out = member_manifest(manifest, "corpus-petstore").unwrap();
        assert_eq!(
            out,
            "# @generated\n[package]\nname = \"corpus-petstore\"\nversion = \"0.1.0\"\n\n\
             [dependencies]\nserde = \"1\"\nname = \"not-the-package\"\n"
        );
        assert!(member_manifest("[dependencies]\nname = \"x\"\n", "p").is_err());
    }

    #[test]
    fn attributes_errors_by_path_and_package() {
        let crates = Path::new("/p/target/corpus");
        let stderr = "\
    Checking corpus-a v0.1.0 (/p/target/corpus/a)
a/src/models.rs:12:5: error[E0412]: cannot find type `Foo` in this scope
a/src/models.rs:3:1: warning: unused import: error
target/corpus/b/src/requests.rs:7:9: error: expected one of `,` or `}`
/p/target/corpus/a/src/lib.rs:1:1: error[E0583]: file not found for module `x`
error: could not compile `corpus-a` (lib) due to 2 previous errors
error: could not compile `corpus-c` (lib) due to 1 previous error
error: could not compile `serde` (lib)
";
        let outcome = parse_check_output(stderr, crates, &["a", "b", "c"]);
        let a = &outcome.errors["a"];
        assert_eq!(a.len(), 2);
        assert_eq!(
            a[0].to_string(),
            "src/models.rs:12:5: error[E0412]: cannot find type `Foo` in this scope"
        );
        assert_eq!((a[1].file.as_str(), a[1].line), ("src/lib.rs", 1));
        assert_eq!(outcome.errors["b"][0].message, "error: expected one of `,` or `}`");
        assert_eq!(outcome.failed, ["a".to_owned(), "c".to_owned()].into());
        assert_eq!(
            outcome.unattributed.as_deref(),
            Some("error: could not compile `serde` (lib)")
        );

        let mut rows = vec![
            row("a.yaml", true, None),
            row("b.yaml", true, None),
            row("c.yaml", true, None),
            row("d.yaml", true, None),
        ];
        apply_check(&mut rows, &outcome);
        let compiled: Vec<_> = rows.iter().map(|r| r.compiled).collect();
        assert_eq!(compiled, [Some(false), Some(false), Some(false), Some(true)]);
        assert!(
            rows[0]
                .markdown()
                .ends_with("| src/models.rs:12:5: error[E0412]: cannot find type `Foo` in this scope (+1 more) |")
        );
        assert!(rows[2].compile_failure.is_some());
    }

    #[test]
    fn a_failure_naming_no_crate_fails_every_crate() {
        let outcome = CheckOutcome {
            unattributed: Some("error: no matching package named `serde` found".to_owned()),
            ..CheckOutcome::default()
        };
        let mut rows = vec![row("a.yaml", true, None), row("b.yaml", false, Some(false))];
        apply_check(&mut rows, &outcome);
        assert_eq!(rows[0].compiled, Some(false));
        assert!(rows[0].markdown().contains("no matching package"));
        assert_eq!(rows[1].compile_failure, None);
    }

    #[test]
    fn markdown_rows_escape_and_truncate() {
        let mut r = row("x.yaml", false, Some(false));
        r.bytes = 42;
        r.gen_time = Duration::from_millis(1234);
        r.generate_error = Some(format!("generate: a | b {}\nsecond line", "z".repeat(200)));
        let line = r.markdown();
        assert!(
            line.starts_with("| x.yaml | 42 | - | - | no | no | - | 1.234 | - | generate: a \\| b zzz"),
            "{line}"
        );
        assert!(!line.contains("second line"));
        r.generate_error = Some("generate: 2 problem(s) in x.yaml:\n  x.yaml:3:1: bad path\nmore".to_owned());
        assert!(
            r.markdown()
                .ends_with("| generate: 2 problem(s) in x.yaml: x.yaml:3:1: bad path |")
        );
        assert!(line.contains('…'));
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("abcd", 3).chars().count(), 3);
    }

    #[test]
    fn expected_file_round_trips_and_rejects_junk() {
        let path = Path::new("corpus-expected.tsv");
        let expected: BTreeMap<String, Expected> = [
            (
                "a.yaml".to_owned(),
                Expected {
                    generated: true,
                    compiled: false,
                    clean: false,
                },
            ),
            (
                "b.json".to_owned(),
                Expected {
                    generated: true,
                    compiled: true,
                    clean: true,
                },
            ),
        ]
        .into();
        let text = render_expected(&expected);
        assert!(
            text.contains("\ndocument\tgenerated\tcompiled\tclean\na.yaml\tyes\tno\tno\nb.json\tyes\tyes\tyes\n"),
            "{text}"
        );
        assert_eq!(parse_expected(&text, path).unwrap(), expected);
        assert!(parse_expected("", path).unwrap().is_empty());

        let bad = |text: &str| parse_expected(text, path).unwrap_err().to_string();
        assert!(bad("a.yaml\tyes\tno\n").contains(":1: expected the header"));
        assert!(bad("document\tgenerated\tcompiled\tclean\na.yaml\tyes\n").contains(":2: expected 4"));
        assert!(
            bad("document\tgenerated\tcompiled\tclean\na.yaml\tyes\tmaybe\tno\n")
                .contains("compiled must be yes or no")
        );
        assert!(
            bad("document\tgenerated\tcompiled\tclean\na\tno\tno\tno\na\tno\tno\tno\n")
                .contains(":3: a is listed twice")
        );
    }

    #[test]
    fn compares_with_expected() {
        let expected: BTreeMap<String, Expected> = [
            (
                "a.yaml".to_owned(),
                Expected {
                    generated: true,
                    compiled: true,
                    clean: true,
                },
            ),
            (
                "b.yaml".to_owned(),
                Expected {
                    generated: true,
                    compiled: false,
                    clean: false,
                },
            ),
            (
                "c.yaml".to_owned(),
                Expected {
                    generated: true,
                    compiled: true,
                    clean: true,
                },
            ),
        ]
        .into();
        let rows = [
            row("a.yaml", true, Some(false)),
            row("b.yaml", true, Some(true)),
            row("c.yaml", true, None),
            row("new.yaml", true, Some(true)),
        ];
        let (regressions, improvements) = compare(&rows, &expected);
        assert_eq!(
            by_document(&regressions),
            ["a.yaml: compiled yes -> no, clean yes -> no"]
        );
        assert_eq!(
            by_document(&improvements),
            [
                "b.yaml: compiled no -> yes, clean no -> yes",
                "new.yaml: generated no -> yes, compiled no -> yes, clean no -> yes"
            ]
        );

        let (regressions, _) = compare(&[row("c.yaml", false, Some(false))], &expected);
        assert_eq!(regressions.len(), 3);

        let updated = updated_expected(&expected, &rows[1..]);
        assert_eq!(
            updated["a.yaml"], expected["a.yaml"],
            "documents not run keep their line"
        );
        assert_eq!(
            updated["b.yaml"],
            Expected {
                generated: true,
                compiled: true,
                clean: true
            }
        );
        assert_eq!(
            updated["c.yaml"], expected["c.yaml"],
            "an unmeasured compile keeps its value"
        );
        assert_eq!(
            updated["new.yaml"],
            Expected {
                generated: true,
                compiled: true,
                clean: true
            }
        );
    }
}
