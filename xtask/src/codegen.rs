//! `cargo xtask codegen`: regenerates `generated-client/` from `spec/openapi.yaml`, writing only
//! files whose content changed and removing generated files that no longer have a source.
//! `--check` writes nothing, prints a unified diff per stale file and fails (as
//! rust-analyzer's `ensure_file_contents` does). `--spec FILE --out DIR` generates a standalone
//! crate from any document.

use std::fmt;
use std::path::{Path, PathBuf};

use generator::config::TypedFormats;
use generator::{Config, Files};

use crate::{SPEC_PATH, project_root};

/// The checked-in generated crate, relative to the project root.
pub const GENERATED_CRATE: &str = "generated-client";

/// Every generated file starts with this marker; files that carry it may be removed.
const MARKER: &str = "// @generated";

#[derive(Debug)]
pub enum CodegenError {
    Io(PathBuf, std::io::Error),
    /// Loading, validating or generating failed; the text names every problem.
    Generate(String),
    /// `--check` found stale files.
    Stale(Vec<Stale>),
}

impl fmt::Display for CodegenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io(path, e) => write!(f, "{}: {e}", path.display()),
            Self::Generate(text) => f.write_str(text),
            Self::Stale(files) => {
                for s in files {
                    writeln!(f, "{s}")?;
                }
                write!(
                    f,
                    "{} generated file(s) are stale; run `cargo xtask codegen` and commit the result",
                    files.len()
                )
            }
        }
    }
}

/// One file that differs from what the spec generates.
#[derive(Debug)]
pub struct Stale {
    pub path: PathBuf,
    pub diff: String,
}

impl fmt::Display for Stale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "stale: {}\n{}", self.path.display(), self.diff)
    }
}

/// What a run changed.
#[derive(Debug, Default)]
pub struct Outcome {
    pub written: Vec<PathBuf>,
    pub removed: Vec<PathBuf>,
    pub unchanged: usize,
}

/// The typed formats of the project's crate: every one. The CRM spec marks its local
/// date-times (`x-local-date-time`, `x-timezone`) and its money (`x-decimal`) for them, and
/// its response date-times are RFC 3339 `format: date-time`.
pub const PROJECT_FORMATS: TypedFormats = TypedFormats::ALL;

/// The settings the project's crate is generated with (headed with `label`).
pub fn project_config(label: &str) -> Config {
    let mut config = Config::new(label);
    config.formats = PROJECT_FORMATS;
    config
}

/// Loads a document and generates the files of the checked-in crate (its `src/` modules), or of
/// a standalone crate, with these typed formats; warnings are dropped (see [`generate_with`]).
pub fn generate_from(
    spec_path: &Path,
    label: &str,
    standalone: bool,
    formats: TypedFormats,
) -> Result<Files, CodegenError> {
    let mut config = Config::new(label);
    config.formats = formats;
    generate_with(spec_path, &config, standalone).map(|g| g.files)
}

/// [`generate_from`] under a whole configuration, with the warnings of the run.
pub fn generate_with(
    spec_path: &Path,
    config: &Config,
    standalone: bool,
) -> Result<generator::Generated, CodegenError> {
    let text = std::fs::read_to_string(spec_path).map_err(|e| CodegenError::Io(spec_path.to_owned(), e))?;
    let spec = generator::load_spec(&config.spec_label, &text).map_err(|e| CodegenError::Generate(e.to_string()))?;
    generator::run(&spec, config, standalone).map_err(|e| CodegenError::Generate(e.to_string()))
}

/// The files the project's spec generates, keyed by path relative to `generated-client/`.
pub fn generate_project() -> Result<Files, CodegenError> {
    generate_with(&project_root().join(SPEC_PATH), &project_config(SPEC_PATH), false).map(|g| g.files)
}

/// Makes `dir` hold exactly `files` (plus hand-written files, which are never touched).
/// In check mode nothing is written; every difference is returned as [`CodegenError::Stale`].
pub fn ensure_files(dir: &Path, files: &Files, check: bool) -> Result<Outcome, CodegenError> {
    let mut outcome = Outcome::default();
    let mut stale = Vec::new();
    for (rel, want) in files {
        let path = dir.join(rel);
        let have = std::fs::read_to_string(&path).ok();
        if have.as_deref() == Some(want.as_str()) {
            outcome.unchanged += 1;
            continue;
        }
        if check {
            stale.push(Stale {
                diff: unified_diff(&path, have.as_deref().unwrap_or(""), want),
                path,
            });
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| CodegenError::Io(parent.to_owned(), e))?;
        }
        std::fs::write(&path, want).map_err(|e| CodegenError::Io(path.clone(), e))?;
        outcome.written.push(path);
    }
    for orphan in orphans(dir, files)? {
        if check {
            let have = std::fs::read_to_string(&orphan).unwrap_or_default();
            stale.push(Stale {
                diff: unified_diff(&orphan, &have, ""),
                path: orphan,
            });
        } else {
            std::fs::remove_file(&orphan).map_err(|e| CodegenError::Io(orphan.clone(), e))?;
            outcome.removed.push(orphan);
        }
    }
    if stale.is_empty() {
        Ok(outcome)
    } else {
        Err(CodegenError::Stale(stale))
    }
}

/// Generated files (they start with the marker) under `dir/src` that the spec no longer makes.
fn orphans(dir: &Path, files: &Files) -> Result<Vec<PathBuf>, CodegenError> {
    let mut out = Vec::new();
    let mut pending = vec![dir.join("src")];
    while let Some(d) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for entry in entries {
            let path = entry.map_err(|e| CodegenError::Io(d.clone(), e))?.path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let rel = path
                .strip_prefix(dir)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            let generated = std::fs::read_to_string(&path).is_ok_and(|t| t.starts_with(MARKER));
            if generated && !files.contains_key(&rel) {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

fn unified_diff(path: &Path, old: &str, new: &str) -> String {
    let name = path.display().to_string();
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

/// `cargo xtask codegen [--check] [--strict] [--spec FILE --out DIR [--formats LIST]]`
/// (`--formats`: `all`, `none`, the default, or names such as `date-time,uuid`). Warnings (defects the
/// generator recovered from) are printed to stderr, one line each with file:line:column and
/// the JSON pointer; `--strict` (or `--deny-warnings`) fails on them.
pub fn run(args: &[String]) -> Result<String, CodegenError> {
    let check = args.iter().any(|a| a == "--check");
    let strict = args.iter().any(|a| a == "--strict" || a == "--deny-warnings");
    let value = |flag: &str| args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1));
    let formats = value("--formats")
        .map(|list| TypedFormats::parse(list).map_err(CodegenError::Generate))
        .transpose()?;
    let (spec, label, dir, standalone, formats) = match (value("--spec"), value("--out")) {
        (Some(spec), Some(out)) => (
            PathBuf::from(spec),
            spec.clone(),
            PathBuf::from(out),
            true,
            formats.unwrap_or_default(),
        ),
        (None, None) if formats.is_none() => (
            project_root().join(SPEC_PATH),
            SPEC_PATH.to_owned(),
            project_root().join(GENERATED_CRATE),
            false,
            PROJECT_FORMATS,
        ),
        (None, None) => {
            return Err(CodegenError::Generate(
                "--formats goes with --spec and --out (the project's crate has its own)".into(),
            ));
        }
        _ => return Err(CodegenError::Generate("--spec and --out go together".into())),
    };
    let mut config = Config::new(label);
    config.strict = strict;
    config.formats = formats;
    let generated = generate_with(&spec, &config, standalone)?;
    for warning in &generated.warnings {
        eprintln!("warning: {}", warning.to_string().lines().next().unwrap_or_default());
    }
    let outcome = ensure_files(&dir, &generated.files, check)?;
    Ok(summary(&outcome, &dir, generated.warnings.len()))
}

fn summary(outcome: &Outcome, dir: &Path, warnings: usize) -> String {
    format!(
        "{}: {} written, {} removed, {} unchanged, {warnings} warning(s)",
        dir.display(),
        outcome.written.len(),
        outcome.removed.len(),
        outcome.unchanged
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-codegen-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("src")).unwrap();
        dir
    }

    #[test]
    fn writes_only_changes_removes_orphans_and_checks() {
        let dir = temp_dir("ensure");
        std::fs::write(dir.join("src/lib.rs"), "hand-written\n").unwrap();
        std::fs::write(dir.join("src/old.rs"), "// @generated by x\n").unwrap();
        let files: Files = [("src/a.rs".to_string(), "// @generated a\n".to_string())].into();

        let err = ensure_files(&dir, &files, true).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("+// @generated a") && text.contains("-// @generated by x"),
            "{text}"
        );
        assert!(text.contains("run `cargo xtask codegen`"), "{text}");
        assert!(!dir.join("src/a.rs").exists(), "check mode writes nothing");

        let first = ensure_files(&dir, &files, false).unwrap();
        assert_eq!((first.written.len(), first.removed.len()), (1, 1));
        assert!(dir.join("src/lib.rs").exists(), "hand-written files stay");
        let second = ensure_files(&dir, &files, false).unwrap();
        assert_eq!((second.written.len(), second.unchanged), (0, 1));
        ensure_files(&dir, &files, true).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
