//! Reads an OpenAPI 3.0 document and turns it into Rust code.
//!
//! The pipeline is a chain of pure functions (see `STYLE.md` of the project): `load` parses the
//! document and keeps enough of its source to point at the exact line of a problem. Only the
//! `xtask` crate touches the file system.

pub mod error;
pub mod load;
pub mod pointer;

pub use error::{Diagnostic, LoadError};
pub use load::{Spec, load_spec};
pub use pointer::JsonPointer;
