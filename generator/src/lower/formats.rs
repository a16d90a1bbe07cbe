//! Typed formats: the Rust type a string's `format` (or a number's `x-decimal`, a string's
//! `x-local-date-time`) asks for, where the generator's options turn that format on. Off, or
//! where the extension is malformed (validate warns), the value stays text or a float.

use crate::document::{Schema, SchemaType};
use crate::ir::Typed;

use super::Lowering;

impl Lowering<'_> {
    /// The typed format of a scalar schema under the options, noting the runtime it needs.
    pub(super) fn typed(&mut self, schema: &Schema) -> Option<Typed> {
        let typed = typed_format(schema, &self.formats)?;
        self.format_runtimes.insert(typed.runtime());
        Some(typed)
    }
}

fn typed_format(schema: &Schema, on: &crate::config::TypedFormats) -> Option<Typed> {
    match schema.single_type()? {
        SchemaType::String => {
            if on.local_date_time
                && let Some(Ok(offset_seconds)) = schema.local_date_time()
            {
                return Some(Typed::LocalDateTime { offset_seconds });
            }
            match (schema.format.as_deref(), schema.content_encoding.as_deref()) {
                (Some("date-time"), _) if on.date_time => Some(Typed::DateTime),
                (Some("date"), _) if on.date => Some(Typed::Date),
                (Some("uuid"), _) if on.uuid => Some(Typed::Uuid),
                (Some("byte"), _) | (_, Some("base64")) if on.bytes => Some(Typed::Bytes),
                _ => None,
            }
        }
        SchemaType::Number | SchemaType::Integer if on.decimal => {
            matches!(schema.decimal(), Some(Ok(_))).then_some(Typed::Decimal)
        }
        _ => None,
    }
}
