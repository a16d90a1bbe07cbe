//! Every `tests/fixtures/invalid/*.yaml` is rejected, and the message is snapshotted
//! (`tests/snapshots/invalid/error@<file>`): the first stage that fails (load, validate or
//! lower) and its full text, with file:line:column and JSON pointers. Documents are loaded
//! under their relative path, so snapshots do not depend on where the project lives.

mod common;

/// The first failing stage and its message; `None` when every stage accepts the document.
fn first_error(label: &str, text: &str) -> Option<(&'static str, String)> {
    let spec = match generator::load_spec(label, text) {
        Ok(spec) => spec,
        Err(e) => return Some(("load", e.to_string())),
    };
    if let Err(e) = generator::validate::validate_spec(&spec) {
        return Some(("validate", e.to_string()));
    }
    if let Err(e) = generator::lower::lower_api(&spec) {
        return Some(("lower", e.to_string()));
    }
    None
}

#[test]
fn invalid_documents_are_rejected() {
    insta::with_settings!({
        snapshot_path => "../snapshots/invalid",
        prepend_module_to_snapshot => false,
        omit_expression => true,
        allow_empty_glob => true,
    }, {
        insta::glob!("../fixtures/invalid", "*.yaml", |path| {
            let (label, text) = common::read(path);
            let Some((stage, message)) = first_error(&label, &text) else {
                panic!("{label}: expected load, validate or lower to fail, but every stage accepted it");
            };
            insta::assert_snapshot!("error", format!("stage: {stage}\n\n{message}"));
        });
    });
}
