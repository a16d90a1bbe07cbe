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

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Component, Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use generator::Files;

use crate::codegen::{CodegenError, ensure_files, generate_from};
use crate::project_root;

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

/// A corpus document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// File name, the document's key in the table and in the expected file.
    pub name: String,
    pub path: PathBuf,
    pub bytes: u64,
    /// Directory under `target/corpus/`, also the package name's suffix.
    pub dir: String,
}

/// The OpenAPI documents (`.yaml`, `.yml`, `.json`) of `dir` and of its sub-directories one
/// level down (`v3.0/`, `v3.1/`), sorted by file name.
pub fn list_documents(dir: &Path) -> Result<Vec<Document>, CorpusError> {
    let mut found = Vec::new();
    collect_documents(dir, true, &mut found)?;
    found.sort();
    // Directory names come from the whole corpus, so filtering never renames a crate.
    let dirs = unique_dir_names(found.iter().map(|(name, ..)| name.as_str()));
    Ok(found
        .into_iter()
        .zip(dirs)
        .map(|((name, path, bytes), dir)| Document { name, path, bytes, dir })
        .collect())
}

fn collect_documents(dir: &Path, descend: bool, found: &mut Vec<(String, PathBuf, u64)>) -> Result<(), CorpusError> {
    for entry in std::fs::read_dir(dir).map_err(io_error("listing the corpus", dir))? {
        let entry = entry.map_err(io_error("listing the corpus", dir))?;
        let path = entry.path();
        if descend && path.is_dir() {
            collect_documents(&path, false, found)?;
            continue;
        }
        let is_document = matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "json"));
        if !is_document || !path.is_file() {
            continue;
        }
        let bytes = entry.metadata().map_err(io_error("reading the size", &path))?.len();
        let name = entry.file_name().to_string_lossy().into_owned();
        found.push((name, path, bytes));
    }
    Ok(())
}

/// A directory (and package-name) friendly form of a document's file name: the stem, lower
/// case, every run of other characters than ASCII letters and digits turned into one `-`.
pub fn dir_name(file_name: &str) -> String {
    let stem = Path::new(file_name)
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or(file_name);
    let mut out = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "document".to_owned()
    } else {
        out.to_owned()
    }
}

/// [`dir_name`] of each name, in order, with `-2`, `-3`, ... added where names would collide
/// (`a.yaml` and `a.json`, `A b.yaml` and `a-b.yaml`).
pub fn unique_dir_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut taken = BTreeSet::new();
    names
        .into_iter()
        .map(|name| {
            let base = dir_name(name);
            let mut candidate = base.clone();
            let mut n = 2;
            while !taken.insert(candidate.clone()) {
                candidate = format!("{base}-{n}");
                n += 1;
            }
            candidate
        })
        .collect()
}

/// The documents the options select, or an error when `--only` names none.
pub fn select(documents: Vec<Document>, options: &Options) -> Result<Vec<Document>, CorpusError> {
    if let Some(unknown) = options.only.iter().find(|o| !documents.iter().any(|d| d.is_named(o))) {
        let names: Vec<&str> = documents.iter().map(|d| d.name.as_str()).collect();
        return Err(CorpusError::Usage(format!(
            "--only {unknown}: no such document; the corpus has {}",
            names.join(", ")
        )));
    }
    Ok(documents
        .into_iter()
        .filter(|d| options.max_bytes.is_none_or(|max| d.bytes <= max))
        .filter(|d| options.only.is_empty() || options.only.iter().any(|o| d.is_named(o)))
        .collect())
}

impl Document {
    /// Whether `name` is this document's file name, file stem or directory name.
    pub fn is_named(&self, name: &str) -> bool {
        name == self.name || name == self.dir || Path::new(&self.name).file_stem().is_some_and(|s| s == name)
    }
}

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

fn truncate(text: &str, width: usize) -> String {
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

/// Operations (path items × HTTP methods) and `components.schemas` of the raw document.
pub fn count_document(document: &Document) -> Result<(usize, usize), String> {
    let text = std::fs::read_to_string(&document.path).map_err(|e| format!("read: {e}"))?;
    let spec = generator::load_spec(&document.name, &text).map_err(|e| format!("load: {e}"))?;
    Ok((spec.operations().len(), spec.components.schemas.len()))
}

/// Generates the standalone crate of the document, timed. A panic in the generator is caught
/// and returned as an error (with its location), never hidden: it is a bug to report.
pub fn generate_document(document: &Document) -> (Result<Files, String>, Duration) {
    let panic_text: Arc<Mutex<Option<String>>> = Arc::default();
    let slot = Arc::clone(&panic_text);
    std::panic::set_hook(Box::new(move |info| {
        eprintln!("generator panicked: {info}");
        if let Ok(mut slot) = slot.lock() {
            *slot = Some(info.to_string().replace('\n', " "));
        }
    }));
    let start = Instant::now();
    let outcome = std::panic::catch_unwind(|| generate_from(&document.path, &document.name, true));
    let elapsed = start.elapsed();
    // Back to the default hook.
    drop(std::panic::take_hook());
    let result = match outcome {
        Ok(Ok(files)) => Ok(files),
        Ok(Err(e)) => Err(format!("generate: {e}")),
        Err(payload) => {
            let recorded = panic_text.lock().ok().and_then(|mut s| s.take());
            let message = recorded
                .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic with a non-string payload".to_owned());
            Err(format!("panic: {message}"))
        }
    };
    (result, elapsed)
}

/// The generated crate's manifest, made a member of the corpus workspace: its `[workspace]`
/// table removed and its package renamed `corpus-<dir>` so every member's name is unique.
pub fn member_manifest(manifest: &str, package: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut table = String::new();
    let mut renamed = false;
    for line in manifest.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            table = trimmed.to_owned();
        }
        if table == "[workspace]" || table.starts_with("[workspace.") {
            continue;
        }
        let key = trimmed.split('=').next().unwrap_or("").trim();
        if table == "[package]" && key == "name" && trimmed.contains('=') {
            out.push_str(&format!("name = \"{package}\"\n"));
            renamed = true;
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    if renamed {
        Ok(out)
    } else {
        Err("the generated Cargo.toml has no `name` in its [package] table".to_owned())
    }
}

pub fn package_name(dir: &str) -> String {
    format!("corpus-{dir}")
}

/// Loads, counts, generates and writes one document's crate under `crates`. A document that
/// fails is a row; only failing to write (the machine's fault, not the generator's) is an error.
pub fn run_document(document: &Document, crates: &Path) -> Result<Row, CorpusError> {
    let mut row = Row {
        document: document.name.clone(),
        dir: document.dir.clone(),
        bytes: document.bytes,
        ..Row::default()
    };
    match count_document(document) {
        Ok((operations, schemas)) => {
            row.operations = Some(operations);
            row.schemas = Some(schemas);
        }
        Err(e) => row.generate_error = Some(e),
    }
    let dir = crates.join(&document.dir);
    let (generated, elapsed) = generate_document(document);
    row.gen_time = elapsed;
    let files = generated.and_then(|mut files| {
        let manifest = files
            .get("Cargo.toml")
            .ok_or("generate: no Cargo.toml among the generated files")?;
        let manifest =
            member_manifest(manifest, &package_name(&document.dir)).map_err(|e| format!("member manifest: {e}"))?;
        row.generated_lines = files.values().map(|text| text.lines().count()).sum();
        files.insert("Cargo.toml".to_owned(), manifest);
        Ok(files)
    });
    match files {
        Ok(files) => {
            ensure_files(&dir, &files, false).map_err(|source| CorpusError::Write {
                document: document.name.clone(),
                source,
            })?;
            row.generated = true;
            row.generate_error = None;
        }
        Err(e) => {
            // An older crate of the document would look current; remove it.
            if dir.exists() {
                std::fs::remove_dir_all(&dir)
                    .map_err(io_error(format!("removing the stale crate of {}", document.name), &dir))?;
            }
            row.generate_error.get_or_insert(e);
            row.compiled = Some(false);
        }
    }
    Ok(row)
}

/// Writes `crates/Cargo.toml` (a workspace of `members`) and seeds `crates/Cargo.lock` from the
/// project's lock file so versions match and `--offline` usually works.
pub fn write_workspace(crates: &Path, members: &[&str]) -> Result<(), CorpusError> {
    let manifest = format!(
        "# Written by `cargo xtask corpus`: the crates generated from the corpus, checked at once.\n\
         [workspace]\nresolver = \"3\"\nmembers = [\n{}]\n",
        members.iter().map(|m| format!("    {m:?},\n")).collect::<String>()
    );
    let path = crates.join("Cargo.toml");
    if std::fs::read_to_string(&path).ok().as_deref() != Some(manifest.as_str()) {
        std::fs::write(&path, manifest).map_err(io_error("writing the corpus workspace", &path))?;
    }
    let lock = crates.join("Cargo.lock");
    if !lock.exists() {
        let project_lock = project_root().join("Cargo.lock");
        std::fs::copy(&project_lock, &lock).map_err(io_error("seeding the corpus Cargo.lock", &project_lock))?;
    }
    Ok(())
}

/// What one `cargo check` of the corpus workspace found.
#[derive(Debug, Default)]
pub struct CheckOutcome {
    pub elapsed: Duration,
    pub offline: bool,
    pub success: bool,
    /// Cargo's output mentions offline mode: a dependency missing from the local cache.
    pub offline_trouble: bool,
    /// Compile errors by member directory.
    pub errors: BTreeMap<String, Vec<CompileError>>,
    /// Warnings by member directory.
    pub warnings: BTreeMap<String, Vec<CompileError>>,
    /// Members cargo reported as failed (`could not compile`), by directory.
    pub failed: BTreeSet<String>,
    /// The first error line that names no member, if any.
    pub unattributed: Option<String>,
}

/// Runs `cargo check` over the corpus workspace, offline first and online when offline
/// resolution fails.
pub fn cargo_check(crates: &Path, target_dir: &Path, members: &[&str]) -> Result<CheckOutcome, CorpusError> {
    let start = Instant::now();
    let mut outcome = cargo_check_once(crates, target_dir, members, true)?;
    if outcome.offline_trouble && outcome.errors.is_empty() && outcome.failed.is_empty() {
        let reason = outcome.unattributed.as_deref().unwrap_or("");
        eprintln!("offline cargo check failed ({reason}); retrying online");
        outcome = cargo_check_once(crates, target_dir, members, false)?;
    }
    outcome.elapsed = start.elapsed();
    Ok(outcome)
}

fn cargo_check_once(
    crates: &Path,
    target_dir: &Path,
    members: &[&str],
    offline: bool,
) -> Result<CheckOutcome, CorpusError> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let manifest = crates.join("Cargo.toml");
    let mut command = Command::new(&cargo);
    command
        .current_dir(crates)
        .args([
            "check",
            "--workspace",
            "--keep-going",
            "--message-format",
            "short",
            "--manifest-path",
        ])
        .arg(&manifest)
        .env("CARGO_TARGET_DIR", target_dir)
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS");
    if offline {
        command.arg("--offline");
    }
    let output = command
        .output()
        .map_err(io_error(format!("running {}", Path::new(&cargo).display()), &manifest))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut outcome = parse_check_output(&stderr, crates, members);
    outcome.success = output.status.success();
    outcome.offline = offline;
    outcome.offline_trouble = offline && !outcome.success && stderr.contains("offline");
    if !outcome.success && outcome.errors.is_empty() && outcome.failed.is_empty() && outcome.unattributed.is_none() {
        outcome.unattributed = Some(format!("cargo exited with {}", output.status));
    }
    Ok(outcome)
}

/// Attributes the errors of `cargo check --message-format short` to members by the path each
/// error names (`<dir>/src/...` relative to the corpus workspace, `target/corpus/<dir>/...`
/// relative to the project, or absolute), and by `could not compile `corpus-<dir>``.
pub fn parse_check_output(stderr: &str, crates: &Path, members: &[&str]) -> CheckOutcome {
    let mut outcome = CheckOutcome::default();
    for line in stderr.lines() {
        if let Some((member, error)) = located(line, "error", crates, members) {
            outcome.errors.entry(member).or_default().push(error);
        } else if let Some((member, warning)) = located(line, "warning", crates, members) {
            outcome.warnings.entry(member).or_default().push(warning);
        } else if let Some(package) = line
            .strip_prefix("error: could not compile `")
            .and_then(|rest| rest.split('`').next())
        {
            match members.iter().find(|m| package_name(m) == package) {
                Some(member) => {
                    outcome.failed.insert((*member).to_owned());
                }
                None => {
                    outcome.unattributed.get_or_insert_with(|| line.to_owned());
                }
            }
        } else if line.starts_with("error") {
            outcome.unattributed.get_or_insert_with(|| line.to_owned());
        }
    }
    outcome
}

/// `path:line:column: error...` (or `warning...`: `level`) in a member's files, as (member,
/// message).
fn located(line: &str, level: &str, crates: &Path, members: &[&str]) -> Option<(String, CompileError)> {
    let (location, message) = line.split_once(": ")?;
    if !message.starts_with(level) {
        return None;
    }
    let message = message.to_owned();
    let mut parts = location.rsplitn(3, ':');
    let column = parts.next()?.parse().ok()?;
    let line_number = parts.next()?.parse().ok()?;
    let path = Path::new(parts.next()?);
    let relative = if path.is_absolute() {
        path.strip_prefix(crates).ok()?.to_owned()
    } else {
        path.strip_prefix(CRATES_DIR).unwrap_or(path).to_owned()
    };
    let mut components = relative.components();
    let Some(Component::Normal(member)) = components.next() else {
        return None;
    };
    let member = members.iter().find(|m| **m == member)?;
    let file = components.as_path().to_string_lossy().replace('\\', "/");
    Some((
        (*member).to_owned(),
        CompileError {
            file,
            line: line_number,
            column,
            message,
        },
    ))
}

/// Records the check's findings in the rows of the generated documents.
pub fn apply_check(rows: &mut [Row], check: &CheckOutcome) {
    let nothing_attributed = check.errors.is_empty() && check.failed.is_empty();
    for row in rows.iter_mut().filter(|r| r.generated) {
        let errors = check.errors.get(&row.dir).cloned().unwrap_or_default();
        let failed = !errors.is_empty() || check.failed.contains(&row.dir);
        if failed {
            row.compiled = Some(false);
            row.compile_errors = errors;
            if row.compile_errors.is_empty() {
                row.compile_failure = Some(format!(
                    "compile: `{}` failed without a located error",
                    package_name(&row.dir)
                ));
            }
        } else if !check.success && nothing_attributed {
            // The check failed as a whole (resolution, manifest): nothing compiled.
            row.compiled = Some(false);
            row.compile_failure = Some(format!(
                "compile: {}",
                check.unattributed.as_deref().unwrap_or("cargo check failed")
            ));
        } else {
            row.compiled = Some(true);
            row.compile_warnings = check.warnings.get(&row.dir).cloned().unwrap_or_default();
        }
    }
}

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

fn read_expected(path: &Path) -> Result<BTreeMap<String, Expected>, CorpusError> {
    match std::fs::read_to_string(path) {
        Ok(text) => parse_expected(&text, path),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
        Err(e) => Err(io_error("reading the expected results", path)(e)),
    }
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
    let documents = select(all, &options)?;
    eprintln!("corpus: {} ({} documents selected)", corpus.display(), documents.len());
    std::fs::create_dir_all(&crates).map_err(io_error("creating the corpus workspace", &crates))?;

    let mut rows = Vec::new();
    for (i, document) in documents.iter().enumerate() {
        let row = run_document(document, &crates)?;
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

    let mut check_line = None;
    if options.compile {
        let members: Vec<String> = rows.iter().filter(|r| r.generated).map(|r| r.dir.clone()).collect();
        let members: Vec<&str> = members.iter().map(String::as_str).collect();
        if !members.is_empty() {
            write_workspace(&crates, &members)?;
            eprintln!("cargo check of {} crates in {} ...", members.len(), crates.display());
            let check = cargo_check(&crates, &root.join(TARGET_DIR), &members)?;
            apply_check(&mut rows, &check);
            check_line = Some(format!(
                "cargo check of {} crates{}: {:.1}s, {} failed, {} with warnings",
                members.len(),
                if check.offline { " (offline)" } else { "" },
                check.elapsed.as_secs_f64(),
                rows.iter().filter(|r| r.generated && r.compiled == Some(false)).count(),
                rows.iter()
                    .filter(|r| r.clean() == Some(false) && r.compiled == Some(true))
                    .count(),
            ));
        }
    }

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

#[cfg(test)]
mod tests {
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
