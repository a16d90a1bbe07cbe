//! Every `tests/fixtures/invalid/*.yaml` is refused, and the message is snapshotted
//! (`tests/snapshots/invalid/error@<file>`). Only what makes the whole document unreadable is
//! refused (a syntax error, no OpenAPI 3.0 or 3.1 document at all): everything else is
//! recovered from with a warning (`tests/tests/recovered.rs`). Documents are loaded under their
//! relative path, so snapshots do not depend on where the project lives.

mod common;

#[test]
fn invalid_documents_are_refused() {
    insta::with_settings!({
        snapshot_path => "../snapshots/invalid",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::glob!("../fixtures/invalid", "*.yaml", |path| {
            let (label, text) = common::read(path);
            let Err(e) = generator::load_spec(&label, &text) else {
                panic!("{label}: expected loading to fail, but it read the document");
            };
            insta::assert_snapshot!("error", format!("stage: load\n\n{e}"));
        });
    });
}
