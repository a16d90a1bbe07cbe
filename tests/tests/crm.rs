//! Snapshots of the CRM contract (`spec/openapi.yaml`), one per reviewable unit, in
//! `tests/snapshots/crm/`: `schema@<Component>` holds the Rust items generated for one component
//! schema (its own type and the inline types named after it), `operation@<operationId>` the IR of
//! one operation, and `inline@<operationId>` the items of the types lowered from its inline
//! schemas; `models@shared` holds the items of models.rs that no one type owns.
//!
//! The texts come from `xtask::diff::snapshots`, which `cargo xtask diff` also uses to tell a
//! reviewer which of these files a spec edit changes.

mod common;

#[test]
fn one_snapshot_per_operation_and_per_component_schema() {
    let spec = common::crm();
    let api = common::lower(&spec);
    let files = common::generate(&spec);
    let (snapshots, _) = xtask::diff::snapshots::snapshots(&api, &files).unwrap_or_else(|e| panic!("{e}"));
    let count = |prefix: &str| snapshots.iter().filter(|(n, _)| n.starts_with(prefix)).count();
    assert_eq!(count("operation@"), api.operations.len(), "one snapshot per operation");
    let components = spec.components.schemas.len();
    assert_eq!(count("schema@"), components, "one snapshot per component schema");
    insta::with_settings!({
        snapshot_path => "../snapshots/crm",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        for (name, text) in snapshots {
            insta::assert_snapshot!(name, text);
        }
    });
}
