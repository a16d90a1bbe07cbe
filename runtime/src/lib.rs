//! The runtime of generated crates, as a crate of its own so that it is compiled, linted,
//! documented and tested like any Rust code.
//!
//! Every generated crate carries a verbatim copy of these modules (`support`, and `transport`
//! and `serving` behind the `client` and `server` features) under the same names, so the
//! `crate::` paths inside them mean the same in both places. A copy rather than a dependency:
//! a generated crate then builds, and publishes to a team's own registry, on its own, with no
//! second crate to publish and keep at a matching version. `generator` embeds the files with
//! `include_str!`; a change here is a change to every generated crate (the stale test of
//! `generated-client/` shows it).
//!
//! Only this file is not copied: a generated crate declares the modules in its own `lib.rs`.

#[cfg(feature = "base64")]
pub mod format_bytes;
#[cfg(feature = "rust_decimal")]
pub mod format_decimal;
#[cfg(feature = "chrono")]
pub mod format_time;
#[cfg(feature = "uuid")]
pub mod format_uuid;
#[cfg(feature = "server")]
pub mod serving;
pub mod support;
#[cfg(feature = "client")]
pub mod transport;

#[cfg(test)]
mod tests;
