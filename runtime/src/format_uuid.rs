//! `format: uuid` as a [`Uuid`](::uuid::Uuid) (any case, with or without hyphens, braces or a
//! `urn:uuid:` prefix on the way in; lower-case hyphenated on the way out).

use crate::support::Format;

impl Format for ::uuid::Uuid {
    const NAME: &'static str = "uuid";

    fn parse(text: &str) -> Option<Self> {
        ::uuid::Uuid::parse_str(text).ok()
    }

    fn write(&self) -> String {
        self.hyphenated().to_string()
    }
}
