//! Unit tests of the runtime, kept out of the modules so that generated crates do not carry them.

mod decode;
#[cfg(feature = "server")]
mod serving;
mod support;
#[cfg(feature = "client")]
mod transport;
