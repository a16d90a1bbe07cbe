//! Every `tests/fixtures/recovered/*.yaml` holds a defect local to one operation, route or
//! schema, as public documents write them: the generator recovers from it, with a warning that
//! names the recovery, file:line:column and the JSON pointer (snapshotted as
//! `tests/snapshots/recovered/warnings@<file>`, with the lowered IR as `ir@<file>`), and strict
//! mode refuses the same document with the same problems. Their crates compile, with the
//! fixtures' (`tests/tests/fixtures.rs`).

mod common;

use std::path::Path;

fn each_recovered(check: impl FnMut(&Path)) {
    insta::with_settings!({
        snapshot_path => "../snapshots/recovered",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        insta::glob!("../fixtures/recovered", "*.yaml", check);
    });
}

#[test]
fn defects_are_warned_with_their_recovery() {
    each_recovered(|path| {
        let doc = common::load(path);
        let warnings = generator::validate::validate_spec(&doc)
            .unwrap_or_else(|e| panic!("{e}"))
            .warnings;
        assert!(!warnings.is_empty(), "{}: a recovered fixture must warn", doc.file);
        let text: Vec<String> = warnings.iter().map(ToString::to_string).collect();
        insta::assert_snapshot!("warnings", text.join("\n"));
        // Strict mode refuses exactly what the warnings name.
        let mut config = common::config(&doc);
        config.strict = true;
        let err = generator::generate(&doc, &config).expect_err("strict mode refuses a document with warnings");
        let generator::Error::Validate(err) = err else {
            panic!("{}: {err}", doc.file)
        };
        assert_eq!(err.diagnostics.len(), warnings.len(), "{}", doc.file);
    });
}

#[test]
fn recoveries_show_in_the_ir() {
    each_recovered(|path| {
        let doc = common::load(path);
        let api = common::lower(&doc);
        insta::assert_debug_snapshot!("ir", api);
    });
}
