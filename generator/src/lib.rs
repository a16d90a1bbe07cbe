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
mod stack;
pub mod validate;

pub use document::Document;
pub use error::{Diagnostic, LoadError};
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

/// What a run made: the files, and the warnings of the defects it recovered from (each naming
/// its recovery, with file:line:column and the JSON pointer).
#[derive(Debug)]
pub struct Generated {
    pub files: Files,
    pub warnings: Vec<Diagnostic>,
}

/// Runs the pipeline after loading: validate, lower, render, format. With `config.strict`,
/// any warning fails the run.
pub fn generate(spec: &Document, config: &Config) -> Result<Files, Error> {
    run(spec, config, false).map(|g| g.files)
}

/// [`generate`] plus the `Cargo.toml` and `src/lib.rs` that make the files a crate of their own,
/// buildable outside this workspace.
pub fn generate_crate(spec: &Document, config: &Config) -> Result<Files, Error> {
    run(spec, config, true).map(|g| g.files)
}

/// The pipeline, returning the warnings with the files; `standalone` adds the crate scaffold
/// ([`generate_crate`]).
pub fn run(spec: &Document, config: &Config, standalone: bool) -> Result<Generated, Error> {
    stack::with_room(|| run_here(spec, config, standalone))
}

fn run_here(spec: &Document, config: &Config, standalone: bool) -> Result<Generated, Error> {
    let warnings = if config.strict {
        validate::validate_strictly(spec)?
    } else {
        validate::validate_spec(spec)?
    }
    .warnings;
    let api = lower::lower_api_with(spec, config.formats)?;
    let header = config.header();
    let format_runtimes = api.format_runtimes.clone();
    let mut rendered = render::render_api(&api)?;
    if standalone {
        let crate_name = config
            .crate_name
            .clone()
            .unwrap_or_else(|| naming::package_name(&api.title));
        rendered.extend(render::render_crate_scaffold(&api, &crate_name)?);
    }
    drop(api);
    let (rust, other): (Vec<_>, Vec<_>) = rendered.into_iter().partition(|r| r.path.ends_with(".rs"));
    let formatted = emit::format_files(&rust, &header)?;
    let mut files: Files = rust.into_iter().map(|r| r.path).zip(formatted).collect();
    for r in other {
        files.insert(r.path, format!("{}\n{}", header.replacen("//", "#", 1), r.source));
    }
    // The runtime, verbatim: it is formatted where it lives.
    for (path, source) in render::runtime_files(&format_runtimes) {
        files.insert(path.to_owned(), format!("{header}\n{source}"));
    }
    Ok(Generated { files, warnings })
}
