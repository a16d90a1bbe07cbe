//! Bytes → UTF-8 text → `generator::load_spec`: the YAML/JSON parsers, the OpenAPI shape check
//! and the diagnostics (line/column lookup, source snippets) must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = generator::load_spec("fuzz.yaml", text) {
        // Rendering the diagnostics is part of what is tested.
        assert!(
            !e.to_string().is_empty(),
            "a load error with an empty message"
        );
    }
});
