//! Unit tests of the runtime, kept out of the modules so that generated crates do not carry them.

mod support;
#[cfg(feature = "client")]
mod transport;
#[cfg(feature = "server")]
mod serving;
