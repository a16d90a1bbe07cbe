//! Generating one document's crate into the corpus workspace, and writing that workspace's manifest.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use generator::Files;

use super::{CorpusError, Document, Row, io_error};
use generator::config::TypedFormats;

use crate::codegen::{ensure_files, generate_from};
use crate::project_root;

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
    let outcome = std::panic::catch_unwind(|| generate_from(&document.path, &document.name, true, TypedFormats::ALL));
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
