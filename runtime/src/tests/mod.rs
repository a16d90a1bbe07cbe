//! Unit tests of the runtime, kept out of the modules so that generated crates do not carry them.

mod decode;
#[cfg(all(feature = "chrono", feature = "uuid", feature = "base64", feature = "rust_decimal"))]
mod formats;
#[cfg(feature = "server")]
mod serving;
mod support;
#[cfg(feature = "client")]
mod transport;
