//! No build step: the script exists so that the `[build-dependencies]` in Cargo.toml take part
//! in the feature unification of host crates (see the feature alignment note there).

fn main() {}
