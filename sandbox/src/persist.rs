//! Saving and loading the state: JSON, written atomically (a temporary file in the same
//! directory, synced, then renamed over the target), so a crash leaves either the old file
//! or the new one.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::state::State;

/// The version of the saved layout.
pub(crate) const FORMAT: u32 = 1;

#[derive(Serialize)]
pub(crate) struct Snapshot<'s> {
    pub format: u32,
    pub state: &'s State,
}

#[derive(Deserialize)]
struct Saved {
    format: u32,
    state: State,
}

/// Why a saved state could not be loaded.
#[derive(Debug)]
pub enum LoadError {
    Io(std::io::Error),
    /// The file is not a saved state (or one of another format).
    Invalid(String),
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Io(e) => write!(f, "cannot read the state: {e}"),
            Self::Invalid(e) => write!(f, "not a saved sandbox state: {e}"),
        }
    }
}

impl std::error::Error for LoadError {}

/// The temporary file a save writes before renaming it: `FILE.tmp`.
pub fn temporary(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(std::ffi::OsStr::to_os_string).unwrap_or_default();
    name.push(".tmp");
    path.with_file_name(name)
}

/// Writes `bytes` to `path` atomically: `path.tmp` is written and synced, then renamed over
/// `path`, and the directory is synced so the rename survives a power loss.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = temporary(path);
    {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
    }
    std::fs::rename(&tmp, path)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && let Ok(dir) = std::fs::File::open(dir)
    {
        // Not every platform can sync a directory; the rename itself is already atomic.
        let _ = dir.sync_all();
    }
    Ok(())
}

/// The state saved at `path`, `None` when there is none. `path.tmp` is never read: it is
/// either a save that did not finish or one whose rename did not happen, and in both cases
/// `path` holds the last complete state.
pub(crate) fn read(path: &Path) -> Result<Option<State>, LoadError> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(LoadError::Io(e)),
    };
    let saved: Saved = serde_json::from_slice(&bytes).map_err(|e| LoadError::Invalid(e.to_string()))?;
    if saved.format != FORMAT {
        return Err(LoadError::Invalid(format!(
            "format {} (this sandbox reads format {FORMAT})",
            saved.format
        )));
    }
    Ok(Some(saved.state))
}
