//! The base revision's checked-in generated crate: what the crate's consumers have now. The
//! API section compares it with what `cargo xtask codegen` writes from the edited spec with
//! today's generator and options, so a generator or option change shows as well as a spec
//! edit.

use std::path::Path;

use super::{DiffError, git};
use crate::codegen::GENERATED_CRATE;

/// The generated files (those headed `// @generated`) of the crate's `src/` at `rev`, keyed
/// as the generator writes them (`src/models.rs`); `None` where the revision has none.
pub fn checked_in_crate(root: &Path, rev: &str) -> Result<Option<generator::Files>, DiffError> {
    let dir = format!("{GENERATED_CRATE}/src");
    let listed = git(root, &["ls-tree", "-r", "--name-only", rev, "--", &dir])?;
    if !listed.status.success() {
        return Ok(None);
    }
    let mut files = generator::Files::new();
    for path in String::from_utf8_lossy(&listed.stdout)
        .lines()
        .filter(|p| p.ends_with(".rs"))
    {
        let shown = git(root, &["show", &format!("{rev}:{path}")])?;
        let text = String::from_utf8_lossy(&shown.stdout).into_owned();
        if shown.status.success() && text.starts_with("// @generated") {
            let key = path.strip_prefix(&format!("{GENERATED_CRATE}/")).unwrap_or(path);
            files.insert(key.to_owned(), text);
        }
    }
    Ok((!files.is_empty()).then_some(files))
}
