//! The Shuyun CRM open data service (members, loyalty points and grades, orders, coupons,
//! WeChat members), generated from the project's `spec/openapi.yaml` by `cargo xtask codegen`.
//!
//! Every module but this file is generated and must not be edited by hand: change the spec
//! and regenerate. `models` holds one type per schema of the spec; decoding is lenient
//! (unknown keys and enum values are kept, numbers are accepted where text is documented),
//! encoding follows the spec.

#[rustfmt::skip]
pub mod api;
#[cfg(feature = "client")]
#[rustfmt::skip]
pub mod client;
#[rustfmt::skip]
pub mod models;
#[rustfmt::skip]
pub mod requests;
#[rustfmt::skip]
pub mod responses;
#[cfg(feature = "server")]
#[rustfmt::skip]
pub mod server;
#[rustfmt::skip]
pub mod support;
