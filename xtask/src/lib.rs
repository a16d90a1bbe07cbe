//! Project automation behind `cargo xtask`. The library part is what the workspace tests call,
//! so `cargo xtask lint` and `cargo test` check the same things.

pub mod bench;
pub mod codegen;
pub mod corpus;
pub mod diff;
pub mod examples;
pub mod lint;

use std::path::PathBuf;

/// The workspace root (xtask lives one level below it).
pub fn project_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask has a parent directory")
        .to_path_buf()
}

/// The canonical contract, relative to the project root.
pub const SPEC_PATH: &str = "spec/openapi.yaml";
