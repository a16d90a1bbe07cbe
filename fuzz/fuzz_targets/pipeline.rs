//! Bytes → UTF-8 text → load → validate → generate (validate, lower, render, format): no
//! document the loader accepts may make a later stage panic. Errors are fine.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(spec) = generator::load_spec("fuzz.yaml", text) else {
        return;
    };
    if let Err(e) = generator::validate::validate_spec(&spec) {
        assert!(
            !e.to_string().is_empty(),
            "a validate error with an empty message"
        );
        return;
    }
    if let Err(e) = generator::generate(&spec, &generator::Config::new("fuzz.yaml")) {
        assert!(
            !e.to_string().is_empty(),
            "a generate error with an empty message"
        );
    }
});
