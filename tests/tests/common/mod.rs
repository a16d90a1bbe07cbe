//! Helpers shared by the snapshot and generation tests: where the fixtures are, how they are
//! loaded (always with a relative file label, so messages and headers are stable), and how
//! generated files are shown.

#![allow(dead_code)] // each test binary uses its own subset

pub mod examples;

use std::path::{Path, PathBuf};

use generator::config::TypedFormats;
use generator::{Config, Document as Spec, Files};
use xtask::{SPEC_PATH, project_root};

/// `tests/fixtures`, where the valid fixtures live (one hazard per file).
pub fn fixtures_dir() -> PathBuf {
    project_root().join("tests/fixtures")
}

/// Every valid fixture, `(stem, path)`, sorted by name.
pub fn fixtures() -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(fixtures_dir())
        .expect("tests/fixtures is readable")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml") && p.is_file())
        .map(|p| (stem(&p), p))
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no fixtures in {}", fixtures_dir().display());
    out
}

/// Every `tests/fixtures/recovered/*.yaml` (documents with defects the generator recovers
/// from), each with a name (`recovered-<stem>`), sorted.
#[allow(dead_code)]
pub fn recovered_fixtures() -> Vec<(String, PathBuf)> {
    let dir = fixtures_dir().join("recovered");
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/recovered is readable")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml") && p.is_file())
        .map(|p| (format!("recovered-{}", stem(&p)), p))
        .collect();
    out.sort();
    out
}

pub fn stem(path: &Path) -> String {
    path.file_stem().expect("a file name").to_string_lossy().into_owned()
}

/// The path relative to the project root, with `/` separators: the label given to `load_spec`
/// and `Config`, so that no absolute path reaches a snapshot.
pub fn label(path: &Path) -> String {
    let root = project_root();
    let root = root.canonicalize().unwrap_or(root);
    let path = path.canonicalize().unwrap_or_else(|_| path.to_owned());
    path.strip_prefix(&root)
        .unwrap_or(&path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Reads a document; the text is returned with its label for callers that expect failure.
pub fn read(path: &Path) -> (String, String) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (label(path), text)
}

/// Loads a valid fixture (or the CRM spec); a load error fails the test with its diagnostics.
pub fn load(path: &Path) -> Spec {
    let (label, text) = read(path);
    generator::load_spec(&label, &text).unwrap_or_else(|e| panic!("{e}"))
}

/// The CRM contract, `spec/openapi.yaml`.
pub fn crm() -> Spec {
    load(&project_root().join(SPEC_PATH))
}

/// The parsed JSON of a loaded document, for tests that build edited documents from it.
#[allow(dead_code)]
pub fn json(spec: &Spec) -> serde_json::Value {
    generator::load::parse_value(&spec.file, &spec.text).unwrap_or_else(|e| panic!("{e}"))
}

/// The generation settings of a loaded document: the defaults, headed with its label, and
/// the typed formats of [`formats`].
pub fn config(spec: &Spec) -> Config {
    let mut config = Config::new(spec.file.clone());
    config.formats = formats(spec);
    config
}

/// The typed formats a document is generated with: the project's for the CRM spec, every one
/// for fixtures named `typed-*`, none (text, the generator's default) for the others.
pub fn formats(spec: &Spec) -> TypedFormats {
    let name = Path::new(&spec.file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if spec.file == SPEC_PATH {
        xtask::codegen::PROJECT_FORMATS
    } else if name.starts_with("typed-") {
        TypedFormats::ALL
    } else {
        TypedFormats::default()
    }
}

/// The IR of a loaded document under its [`formats`]; an error fails the test.
pub fn lower(spec: &Spec) -> generator::ir::Api {
    generator::lower::lower_api_with(spec, formats(spec)).unwrap_or_else(|e| panic!("{e}"))
}

/// `generate` for a loaded document; an error fails the test with its text.
pub fn generate(spec: &Spec) -> Files {
    generator::generate(spec, &config(spec)).unwrap_or_else(|e| panic!("{}: {e}", spec.file))
}

/// `generate_crate` for a loaded document; an error fails the test with its text.
pub fn generate_crate(spec: &Spec) -> Files {
    generator::generate_crate(spec, &config(spec)).unwrap_or_else(|e| panic!("{}: {e}", spec.file))
}

/// Every file, in path order, each after a `// ---- path ----` line.
pub fn concat(files: &Files) -> String {
    let mut out = String::new();
    // The runtime is the same in every crate (the `runtime` crate, copied verbatim): a snapshot
    // holds only what the document decides.
    for (path, text) in files
        .iter()
        .filter(|(path, _)| !generator::render::is_runtime_path(path))
    {
        if !out.is_empty() && !out.ends_with("\n\n") {
            out.push('\n');
        }
        out.push_str(&format!("// ---- {path} ----\n"));
        out.push_str(text);
    }
    out
}
