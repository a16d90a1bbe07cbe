//! `format: byte` and 3.1's `contentEncoding: base64` as the bytes they encode (`Vec<u8>`),
//! read from standard base64 with or without padding (and the URL-safe alphabet, which some
//! services write), written as standard padded base64.

use ::base64::Engine as _;
use ::base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};

use crate::support::Format;

impl Format for Vec<u8> {
    const NAME: &'static str = "base64 text";

    fn parse(text: &str) -> Option<Self> {
        [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
            .iter()
            .find_map(|__engine| __engine.decode(text).ok())
    }

    fn write(&self) -> String {
        STANDARD.encode(self)
    }
}
