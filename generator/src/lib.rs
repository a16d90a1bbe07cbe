//! Reads an OpenAPI 3.0 or 3.1 document and turns it into Rust code.
//!
//! The pipeline is a chain of pure functions: [`load_spec`] (text to the typed [`Document`] of
//! the [`document`] layer, with file:line:column diagnostics), [`validate`] (what a document may
//! not do, and what the generator rewrites), [`lower`] (to the [`ir`]), [`render`] (askama
//! templates from `templates/`), [`emit`] (syn, prettyplease, header). [`generate`] runs them
//! all and returns file contents; only the `xtask` crate writes files.

use std::collections::BTreeMap;

pub mod config;
pub mod document;
pub mod emit;
pub mod error;
pub mod ir;
pub mod load;
pub mod lower;
pub mod naming;
pub mod pointer;
pub mod render;
pub mod validate;

pub use error::{Diagnostic, LoadError};
pub use document::Document;
pub use load::load_spec;
pub use pointer::JsonPointer;

pub use config::Config;

/// Generated files: path relative to the generated crate's root, and contents.
pub type Files = BTreeMap<String, String>;

/// Any stage's failure, each carrying every problem that stage found.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Validate(#[from] validate::ValidateError),
    #[error(transparent)]
    Lower(#[from] lower::LowerError),
    #[error("rendering a template failed: {0}")]
    Render(#[from] askama::Error),
    #[error(transparent)]
    Emit(#[from] emit::EmitError),
}

/// Runs the pipeline after loading: validate, lower, render, format. Warnings of the validate
/// stage are not returned here; `validate::validate_spec` gives them.
pub fn generate(spec: &Document, config: &Config) -> Result<Files, Error> {
    validate::validate_spec(spec)?;
    let api = lower::lower_api(spec)?;
    let rendered = render::render_api(&api)?;
    drop(api);
    let formatted = emit::format_files(&rendered, &config.header())?;
    Ok(rendered.into_iter().map(|r| r.path).zip(formatted).collect())
}

/// [`generate`] plus the `Cargo.toml` and `src/lib.rs` that make the files a crate of their own,
/// buildable outside this workspace.
pub fn generate_crate(spec: &Document, config: &Config) -> Result<Files, Error> {
    validate::validate_spec(spec)?;
    let api = lower::lower_api(spec)?;
    let header = config.header();
    let crate_name = config.crate_name.clone().unwrap_or_else(|| naming::package_name(&api.title));
    let mut rendered = render::render_api(&api)?;
    rendered.extend(render::render_crate_scaffold(&api, &crate_name)?);
    drop(api);
    let (rust, other): (Vec<_>, Vec<_>) = rendered.into_iter().partition(|r| r.path.ends_with(".rs"));
    let formatted = emit::format_files(&rust, &header)?;
    let mut files: Files = rust.into_iter().map(|r| r.path).zip(formatted).collect();
    for r in other {
        files.insert(r.path, format!("{}\n{}", header.replacen("//", "#", 1), r.source));
    }
    Ok(files)
}
