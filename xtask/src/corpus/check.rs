//! One `cargo check` over the corpus workspace, its errors and warnings attributed to each document.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path};
use std::process::Command;
use std::time::{Duration, Instant};

use super::{CRATES_DIR, CompileError, CorpusError, Row, io_error, package_name};

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
pub(super) fn located(line: &str, level: &str, crates: &Path, members: &[&str]) -> Option<(String, CompileError)> {
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
