//! Finding the corpus documents: listing them, naming their crate directories, selecting by size and name.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{CorpusError, Options, io_error};

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
