//! `cargo xtask diff`: what an edit of `spec/openapi.yaml` changes, for reviewers.
//!
//! The report (Markdown) has three sections:
//! 1. every change to the contract, classified for clients and for servers ([`wire`]);
//! 2. the change to the generated Rust API and the semver bump it needs ([`api`]);
//! 3. the CRM snapshot files that change, in the order to open them ([`snapshots`]).
//!
//! The core ([`review`], [`diff_specs`]) works on loaded documents; only [`run`] reads files
//! and asks git for the base revision.

pub mod api;
pub mod base;
pub mod snapshots;
pub mod wire;

use std::fmt;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use generator::Document as Spec;

pub use api::{ApiChange, ApiDiff, Bump, Delta};
pub use snapshots::{SnapshotChange, SnapshotDelta};
pub use wire::{Change, Report, Rule, Severity, Usage, diff_specs, exceeds};

use crate::{SPEC_PATH, project_root};

/// How the report names the two documents and the generated crate.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The base, e.g. "`main` (merge base 1a2b3c4d5e)" or a file name.
    pub old_label: String,
    /// The edited document, e.g. "working tree".
    pub new_label: String,
    /// The generated crate's package name and current version, when known.
    pub crate_name: Option<String>,
    pub version: Option<String>,
    /// The base's checked-in generated crate ([`base`]): when given, the API is compared with
    /// it rather than with the base document generated today.
    pub base_crate: Option<generator::Files>,
}

/// Everything the report says.
#[derive(Debug, Clone)]
pub struct Review {
    pub options: Options,
    pub report: Report,
    /// `Err` when either document does not generate (the reason).
    pub api: Result<ApiDiff, String>,
    pub snapshots: Result<Vec<SnapshotChange>, String>,
}

/// Compares two documents: the contract, the generated API and the CRM snapshots.
pub fn review(old: &Spec, new: &Spec, options: Options) -> Review {
    let report = diff_specs(old, new);
    let old_gen = generated(old).map_err(|e| format!("the base does not generate: {e}"));
    let new_gen = generated(new).map_err(|e| format!("the new document does not generate: {e}"));
    let (api, snapshots) = match (old_gen, new_gen) {
        (Ok(o), Ok(n)) => (
            match &options.base_crate {
                Some(files) => api::surface(files)
                    .map(|checked_in| api::diff_surfaces(&checked_in, &n.surface))
                    .map_err(|e| format!("the base's checked-in crate: {e}")),
                None => Ok(api::diff_surfaces(&o.surface, &n.surface)),
            },
            match (o.snapshots, n.snapshots) {
                (Ok(os), Ok(ns)) => Ok(snapshots::changed(&os, &ns)),
                (Err(e), _) | (_, Err(e)) => Err(e),
            },
        ),
        (Err(e), _) | (_, Err(e)) => (Err(e.clone()), Err(e)),
    };
    Review {
        options,
        report,
        api,
        snapshots,
    }
}

struct Generated {
    surface: api::Surface,
    snapshots: Result<(snapshots::Snapshots, snapshots::Snapshots), String>,
}

fn generated(spec: &Spec) -> Result<Generated, String> {
    let files = generator::generate(spec, &crate::codegen::project_config(SPEC_PATH)).map_err(|e| e.to_string())?;
    let surface = api::surface(&files)?;
    let snapshots = generator::lower::lower_api_with(spec, crate::codegen::PROJECT_FORMATS)
        .map_err(|e| e.to_string())
        .and_then(|lowered| snapshots::snapshots(&lowered, &files));
    Ok(Generated { surface, snapshots })
}

fn severity_cell(s: Severity) -> String {
    match s {
        Severity::Breaking => "**breaking**".into(),
        other => other.label().into(),
    }
}

/// Text for a table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

fn code(text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else if text.contains('`') {
        format!("`` {} ``", cell(text))
    } else {
        format!("`{}`", cell(text))
    }
}

/// The Markdown report.
pub fn render_markdown(review: &Review) -> String {
    let mut out = String::new();
    let o = &review.options;
    let report = &review.report;
    let _ = writeln!(out, "# Spec change report\n");
    let _ = writeln!(out, "{} → {}\n", o.old_label, o.new_label);
    let _ = writeln!(
        out,
        "| {} | breaking | possibly breaking | compatible |",
        match report.changes.len() {
            1 => "1 change".to_owned(),
            n => format!("{n} changes"),
        }
    );
    let _ = writeln!(out, "| --- | ---: | ---: | ---: |");
    for (side, pick) in [("clients", 0), ("servers", 1)] {
        let counts: Vec<String> = Severity::ALL
            .iter()
            .map(|s| {
                let (c, v) = report.count(*s);
                if pick == 0 { c } else { v }.to_string()
            })
            .collect();
        let _ = writeln!(out, "| {side} | {} |", counts.join(" | "));
    }
    out.push('\n');
    match &review.api {
        Ok(api) => {
            let _ = writeln!(out, "Generated crate: {}.", bump_sentence(api.bump(), o));
        }
        Err(e) => {
            let _ = writeln!(out, "Generated crate: unknown ({}).", cell(e));
        }
    }
    if let Ok(snaps) = &review.snapshots {
        let _ = writeln!(out, "Snapshots to review: {}.", snaps.len());
    }

    render_contract(&mut out, review);

    out.push_str("\n## 2. Generated Rust API\n\n");
    if o.base_crate.is_some() {
        out.push_str(
            "The base's checked-in crate against what `cargo xtask codegen` writes now: a change \
             of the generator or its options shows here as well as the spec's.\n\n",
        );
    }
    match &review.api {
        Err(e) => {
            let _ = writeln!(out, "Not compared: {}.", cell(e));
        }
        Ok(api) => render_api(&mut out, api, o),
    }

    out.push_str("\n## 3. Snapshots to review\n\n");
    match &review.snapshots {
        Err(e) => {
            let _ = writeln!(out, "Not computed: {}.", cell(e));
        }
        Ok(snaps) if snaps.is_empty() => out.push_str("No snapshot changes.\n"),
        Ok(snaps) => {
            out.push_str(
                "In this order (operations, then schemas); accept them with `cargo insta review` \
                 after reading:\n\n",
            );
            for (i, s) in snaps.iter().enumerate() {
                let _ = writeln!(out, "{}. `{}`: {}", i + 1, s.path(), s.delta.label());
            }
        }
    }
    out
}

/// Section 1: every contract change, worst first.
fn render_contract(out: &mut String, review: &Review) {
    let report = &review.report;
    out.push_str("\n## 1. Contract changes\n\n");
    out.push_str(
        "Clients: code that calls the API through the generated client. Servers: implementations \
         of the generated traits. Pointers are into the new document (into the base for what was \
         removed).\n\n",
    );
    if report.changes.is_empty() {
        out.push_str("No change to the contract.\n");
    } else {
        out.push_str("| clients | servers | rule | subject | pointer | detail |\n");
        out.push_str("| --- | --- | --- | --- | --- | --- |\n");
        let mut changes: Vec<&Change> = report.changes.iter().collect();
        changes.sort_by_key(|c| std::cmp::Reverse(c.worst()));
        for c in changes {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                severity_cell(c.client),
                severity_cell(c.server),
                code(c.rule.name()),
                cell(&c.subject),
                code(&c.pointer),
                cell(&c.detail),
            );
        }
    }
}

fn bump_sentence(bump: Bump, o: &Options) -> String {
    let name = o.crate_name.as_deref().map(|n| format!("`{n}` ")).unwrap_or_default();
    match (&o.version, bump) {
        (_, Bump::None) => format!("{name}unchanged, no version bump"),
        (Some(v), b) => {
            let next = api::next_version(v, b).unwrap_or_else(|| "?".into());
            let pre = if v.starts_with("0.") && b == Bump::Major {
                " (before 1.0 the minor number is the major one)"
            } else {
                ""
            };
            format!("**{b}** bump, {name}{v} → {next}{pre}")
        }
        (None, b) => format!("**{b}** bump"),
    }
}

fn render_api(out: &mut String, api: &ApiDiff, o: &Options) {
    let _ = writeln!(out, "Semver: {}.\n", bump_sentence(api.bump(), o));
    if api.changes.is_empty() {
        out.push_str("The generated code is the same.\n");
        return;
    }
    let (surface, minor): (Vec<&ApiChange>, Vec<&ApiChange>) = api
        .changes
        .iter()
        .partition(|c| matches!(c.delta, Delta::Removed | Delta::Changed | Delta::Added));
    if !surface.is_empty() {
        out.push_str("| change | item | signature | semver | note |\n");
        out.push_str("| --- | --- | --- | --- | --- |\n");
        for c in &surface {
            let sig = match (c.delta, &c.old_sig, &c.new_sig) {
                (Delta::Changed, Some(a), Some(b)) => format!("{} → {}", code(a), code(b)),
                (_, _, Some(s)) | (_, Some(s), None) => code(s),
                _ => String::new(),
            };
            let item = if c.kind == api::Kind::Impl {
                code(&c.path)
            } else {
                format!("{} {}", c.kind.label(), code(&c.path))
            };
            let _ = writeln!(
                out,
                "| {} | {item} | {} | {} | {} |",
                c.delta.label(),
                sig,
                if c.bump == Bump::Major {
                    "**major**".to_owned()
                } else {
                    c.bump.to_string()
                },
                cell(&c.note),
            );
        }
    }
    if !minor.is_empty() {
        let _ = writeln!(
            out,
            "\n<details><summary>{} item(s) with changed bodies or docs only (patch)</summary>\n",
            minor.len()
        );
        for c in minor {
            let item = if c.kind == api::Kind::Impl {
                code(&c.path)
            } else {
                format!("{} {}", c.kind.label(), code(&c.path))
            };
            let _ = writeln!(out, "- {item} ({})", c.delta.label());
        }
        out.push_str("\n</details>\n");
    }
}

// ---- the command --------------------------------------------------------------------------

/// Why the command could not run (exit status 2).
#[derive(Debug)]
pub enum DiffError {
    Usage(String),
    Io(String),
}

impl fmt::Display for DiffError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DiffError::Usage(m) => write!(f, "{m}\n{USAGE}"),
            DiffError::Io(m) => f.write_str(m),
        }
    }
}

pub const USAGE: &str =
    "usage: cargo xtask diff [--base REV] [--fail-on breaking|possibly-breaking] [--old FILE --new FILE]";

/// What a run produced: the report, and whether it crossed the `--fail-on` threshold.
#[derive(Debug)]
pub struct Outcome {
    pub markdown: String,
    pub failed: Option<Severity>,
}

#[derive(Debug, Default)]
struct Args {
    base: Option<String>,
    fail_on: Option<Severity>,
    old: Option<PathBuf>,
    new: Option<PathBuf>,
}

fn parse_args(args: &[String]) -> Result<Args, DiffError> {
    let mut out = Args::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| DiffError::Usage(format!("{a} needs a value")))
        };
        match a.as_str() {
            "--base" => out.base = Some(value()?),
            "--fail-on" => {
                let v = value()?;
                out.fail_on = Some(match Severity::parse(&v) {
                    Some(s @ (Severity::Breaking | Severity::PossiblyBreaking)) => s,
                    _ => {
                        return Err(DiffError::Usage(format!(
                            "--fail-on takes `breaking` or `possibly-breaking`, not `{v}`"
                        )));
                    }
                });
            }
            "--old" => out.old = Some(PathBuf::from(value()?)),
            "--new" => out.new = Some(PathBuf::from(value()?)),
            other => return Err(DiffError::Usage(format!("unknown argument `{other}`"))),
        }
    }
    match (&out.old, &out.new, &out.base) {
        (Some(_), Some(_), None) | (None, None, _) => Ok(out),
        (Some(_), Some(_), Some(_)) => Err(DiffError::Usage("--base does not go with --old/--new".into())),
        _ => Err(DiffError::Usage("--old and --new go together".into())),
    }
}

/// `cargo xtask diff [--base REV] [--fail-on LEVEL] [--old FILE --new FILE]`.
pub fn run(args: &[String]) -> Result<Outcome, DiffError> {
    let args = parse_args(args)?;
    let root = project_root();
    let (old, new, old_label, new_label, base_crate) = match (&args.old, &args.new) {
        (Some(o), Some(n)) => {
            let old = load(&o.display().to_string(), &read(o)?)?;
            let new = load(&n.display().to_string(), &read(n)?)?;
            (
                old,
                new,
                format!("`{}`", o.display()),
                format!("`{}`", n.display()),
                None,
            )
        }
        _ => {
            let (rev, label) = match &args.base {
                Some(rev) => (rev.clone(), format!("`{rev}`")),
                None => default_base(&root)?,
            };
            let hash = git(&root, &["merge-base", &rev, &rev])
                .ok()
                .filter(|o| o.status.success())
                .map(|o| {
                    String::from_utf8_lossy(&o.stdout)
                        .trim()
                        .chars()
                        .take(10)
                        .collect::<String>()
                });
            let at = hash.map(|h| format!(" ({h})")).unwrap_or_default();
            let old_label = format!("`{SPEC_PATH}` at {label}{at}");
            let old = match git_show(&root, &rev)? {
                Some(text) => load(&format!("{rev}:{SPEC_PATH}"), &text)?,
                None => load("(missing)", EMPTY_DOCUMENT)?,
            };
            let new = load(SPEC_PATH, &read(&root.join(SPEC_PATH))?)?;
            let base_crate = base::checked_in_crate(&root, &rev)?;
            (old, new, old_label, "working tree".to_owned(), base_crate)
        }
    };
    let (crate_name, version) = generated_crate(&root);
    let review = review(
        &old,
        &new,
        Options {
            old_label,
            new_label,
            crate_name,
            version,
            base_crate,
        },
    );
    let failed = args.fail_on.filter(|t| exceeds(&review.report, *t));
    Ok(Outcome {
        markdown: render_markdown(&review),
        failed,
    })
}

/// The stand-in for a base without the spec: every operation and schema is added.
const EMPTY_DOCUMENT: &str = r#"{"openapi": "3.0.3", "info": {"title": "(none)", "version": "0"}, "paths": {}}"#;

fn read(path: &Path) -> Result<String, DiffError> {
    std::fs::read_to_string(path).map_err(|e| DiffError::Io(format!("cannot read {}: {e}", path.display())))
}

fn load(label: &str, text: &str) -> Result<Spec, DiffError> {
    generator::load_spec(label, text).map_err(|e| DiffError::Io(e.to_string()))
}

fn git(root: &Path, args: &[&str]) -> Result<std::process::Output, DiffError> {
    Command::new("git")
        .args(args)
        .current_dir(root)
        .output()
        .map_err(|e| DiffError::Io(format!("cannot run git: {e}")))
}

/// The merge base with `main`; `HEAD` when that is HEAD itself or there is no `main`.
fn default_base(root: &Path) -> Result<(String, String), DiffError> {
    let head = git(root, &["merge-base", "HEAD", "HEAD"])?;
    if !head.status.success() {
        return Err(DiffError::Io(format!(
            "git cannot find HEAD (not a repository?): {}",
            String::from_utf8_lossy(&head.stderr).trim()
        )));
    }
    let head = String::from_utf8_lossy(&head.stdout).trim().to_owned();
    let base = git(root, &["merge-base", "HEAD", "main"])?;
    let base = String::from_utf8_lossy(&base.stdout).trim().to_owned();
    if base.is_empty() || base == head {
        Ok(("HEAD".into(), "`HEAD`".into()))
    } else {
        Ok((base.clone(), "the merge base with `main`".into()))
    }
}

/// The spec at `rev`; `None` when the revision has no such file.
fn git_show(root: &Path, rev: &str) -> Result<Option<String>, DiffError> {
    let out = git(root, &["show", &format!("{rev}:./{SPEC_PATH}")])?;
    if out.status.success() {
        return String::from_utf8(out.stdout)
            .map(Some)
            .map_err(|_| DiffError::Io(format!("{rev}:{SPEC_PATH} is not UTF-8")));
    }
    let err = String::from_utf8_lossy(&out.stderr);
    if err.contains("does not exist in") || err.contains("exists on disk, but not in") {
        Ok(None)
    } else {
        Err(DiffError::Io(format!(
            "git show {rev}:{SPEC_PATH} failed: {}",
            err.trim()
        )))
    }
}

/// The generated crate's package name and version (its own, or the workspace's).
fn generated_crate(root: &Path) -> (Option<String>, Option<String>) {
    let manifest =
        std::fs::read_to_string(root.join(crate::codegen::GENERATED_CRATE).join("Cargo.toml")).unwrap_or_default();
    let workspace = std::fs::read_to_string(root.join("Cargo.toml")).unwrap_or_default();
    let name = toml_value(&manifest, "package", "name");
    let version =
        toml_value(&manifest, "package", "version").or_else(|| toml_value(&workspace, "workspace.package", "version"));
    (name, version)
}

/// `key = "value"` in `[section]` of a simple TOML file.
fn toml_value(text: &str, section: &str, key: &str) -> Option<String> {
    let mut current = String::new();
    for line in text.lines().map(str::trim) {
        if let Some(s) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = s.trim().to_owned();
            continue;
        }
        if current != section {
            continue;
        }
        let Some((k, v)) = line.split_once('=') else { continue };
        if k.trim() == key {
            let v = v.trim();
            if let Some(v) = v.strip_prefix('"').and_then(|v| v.split('"').next()) {
                return Some(v.to_owned());
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(std::string::ToString::to_string).collect()
    }

    #[test]
    fn parses_arguments() {
        let a = parse_args(&args(&["--base", "HEAD~3", "--fail-on", "breaking"])).unwrap();
        assert_eq!(a.base.as_deref(), Some("HEAD~3"));
        assert_eq!(a.fail_on, Some(Severity::Breaking));
        let a = parse_args(&args(&[
            "--old",
            "a.yaml",
            "--new",
            "b.yaml",
            "--fail-on",
            "possibly-breaking",
        ]))
        .unwrap();
        assert_eq!(a.fail_on, Some(Severity::PossiblyBreaking));
        for bad in [
            &["--fail-on", "compatible"][..],
            &["--fail-on"],
            &["--old", "a.yaml"],
            &["--old", "a", "--new", "b", "--base", "HEAD"],
            &["--frobnicate"],
        ] {
            assert!(matches!(parse_args(&args(bad)), Err(DiffError::Usage(_))), "{bad:?}");
        }
    }

    #[test]
    fn reads_simple_toml() {
        let text = "[package]\nname = \"x\"\nversion.workspace = true\n[workspace.package]\nversion = \"0.3.1\"\n";
        assert_eq!(toml_value(text, "package", "name").as_deref(), Some("x"));
        assert_eq!(toml_value(text, "package", "version"), None);
        assert_eq!(
            toml_value(text, "workspace.package", "version").as_deref(),
            Some("0.3.1")
        );
    }

    #[test]
    fn files_mode_runs_without_git() {
        let dir = std::env::temp_dir().join(format!("xtask-diff-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let doc = |max: u32| {
            serde_json::json!({
                "openapi": "3.0.3",
                "info": {"title": "t", "version": "1"},
                "paths": {"/a": {"get": {"operationId": "getA", "responses": {"200": {
                    "description": "ok",
                    "content": {"application/json": {"schema": {
                        "type": "object",
                        "properties": {"v": {"type": "string", "maxLength": max}}
                    }}}
                }}}}}
            })
            .to_string()
        };
        std::fs::write(dir.join("old.json"), doc(10)).unwrap();
        std::fs::write(dir.join("new.json"), doc(5)).unwrap();
        let (o, n) = (dir.join("old.json"), dir.join("new.json"));
        let a = args(&[
            "--old",
            o.to_str().unwrap(),
            "--new",
            n.to_str().unwrap(),
            "--fail-on",
            "possibly-breaking",
        ]);
        let outcome = run(&a).unwrap();
        assert!(
            outcome.markdown.contains("constraint-tightened"),
            "{}",
            outcome.markdown
        );
        assert_eq!(outcome.failed, Some(Severity::PossiblyBreaking));
        let a = args(&[
            "--old",
            o.to_str().unwrap(),
            "--new",
            n.to_str().unwrap(),
            "--fail-on",
            "breaking",
        ]);
        assert_eq!(run(&a).unwrap().failed, None);
        let missing = args(&["--old", "/nonexistent.yaml", "--new", n.to_str().unwrap()]);
        assert!(matches!(run(&missing), Err(DiffError::Io(_))));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
