//! Spellings: how the facts lowering decided are written as Rust text (types, literals, serde
//! attributes, status patterns, check arguments). Like the identifiers beside it, a spelling
//! decides nothing; it only writes what the IR says, so render builds no Rust of its own.

use crate::ir::{Check, Derive, Literal, Pattern, Prim, Read, StatusMatch, TypeRef, TypeSpace, Typed, Wire};

/// Where generated type names are, seen from the file being written: `""` inside `models`,
/// `"crate::models::"` elsewhere.
pub type ModelsPath = &'static str;

pub const IN_MODELS: ModelsPath = "";
pub const ELSEWHERE: ModelsPath = "crate::models::";

/// The Rust spelling of a type, with absolute paths; `models` prefixes generated type names.
pub fn rust_type(space: &TypeSpace, ty: &TypeRef, models: ModelsPath) -> String {
    let inner = |ty: &TypeRef| rust_type(space, ty, models);
    match ty {
        TypeRef::Named(id) => format!("{models}{}", space.get(*id).name.rust),
        TypeRef::Option(t) => format!("Option<{}>", inner(t)),
        TypeRef::Vec(t) => format!("Vec<{}>", inner(t)),
        TypeRef::Map(t) => format!("::std::collections::BTreeMap<String, {}>", inner(t)),
        TypeRef::Box(t) => format!("Box<{}>", inner(t)),
        TypeRef::Tuple(items) => {
            let items: Vec<String> = items.iter().map(inner).collect();
            format!("({},)", items.join(", "))
        }
        TypeRef::Json => "::serde_json::Value".into(),
        TypeRef::Prim(p) => match p {
            // `format: binary` inside JSON can only be text; raw bodies are not models.
            Prim::String | Prim::DateTime | Prim::Byte | Prim::Binary => "String",
            Prim::RawBytes => "Vec<u8>",
            Prim::Bool => "bool",
            Prim::I32 => "i32",
            Prim::I64 => "i64",
            Prim::U64 => "u64",
            Prim::F32 => "f32",
            Prim::F64 => "f64",
            Prim::Typed(typed) => return format!("crate::support::Lenient<{}>", typed_value(*typed)),
        }
        .into(),
    }
}

/// The Rust type a typed format's value is read into (inside `support::Lenient`).
pub fn typed_value(typed: Typed) -> String {
    match typed {
        Typed::DateTime => "::chrono::DateTime<::chrono::FixedOffset>".into(),
        Typed::Date => "::chrono::NaiveDate".into(),
        Typed::LocalDateTime { offset_seconds } => format!("crate::format_time::LocalDateTime<{offset_seconds}>"),
        Typed::Uuid => "::uuid::Uuid".into(),
        Typed::Bytes => "Vec<u8>".into(),
        Typed::Decimal => "::rust_decimal::Decimal".into(),
    }
}

/// A Rust string literal for `text`, escaped.
pub fn string(text: &str) -> String {
    format!("{text:?}")
}

/// An `f64` literal that always reads as a float (`2.0_f64`).
pub fn float(n: f64) -> String {
    let text = n.to_string();
    if text.contains(['.', 'e', 'E']) {
        format!("{text}_f64")
    } else {
        format!("{text}.0_f64")
    }
}

/// A value as a Rust expression of its field's type.
pub fn literal(space: &TypeSpace, value: &Literal, models: ModelsPath) -> String {
    match value {
        Literal::Text(text) => format!("String::from({})", string(text)),
        Literal::Variant { ty, value } => format!("{models}{}::from({})", space.get(*ty).name.rust, string(value)),
        Literal::F64(n) => float(*n),
        Literal::F32(n) => float(*n).replace("_f64", "_f32"),
        Literal::Plain(text) => text.clone(),
        Literal::Wire(text) => format!("crate::support::Lenient::from_wire({})", string(text)),
        Literal::TypeDefault => "Default::default()".into(),
    }
}

/// The path of a derived trait.
pub fn derive(d: Derive) -> &'static str {
    match d {
        Derive::Debug => "Debug",
        Derive::Clone => "Clone",
        Derive::PartialEq => "PartialEq",
        Derive::Eq => "Eq",
        Derive::Hash => "Hash",
        Derive::PartialOrd => "PartialOrd",
        Derive::Ord => "Ord",
        Derive::Default => "Default",
        Derive::Serialize => "::serde::Serialize",
        Derive::Deserialize => "::serde::Deserialize",
    }
}

/// The arguments of a field's `#[serde(...)]`, empty when it needs none; `owner` is the type
/// whose associated function returns the documented default.
pub fn serde_args(wire: &Wire, wire_name: &str, owner: &str) -> String {
    let mut args = Vec::new();
    if wire.rename {
        args.push(format!("rename = {}", string(wire_name)));
    }
    if let Some(d) = &wire.default {
        args.push(format!("default = \"{owner}::{}\"", d.default_fn));
    }
    if wire.absent_is_none {
        args.push("default".to_owned());
    }
    if wire.skip_none {
        args.push("skip_serializing_if = \"Option::is_none\"".to_owned());
    }
    let helper = match wire.read {
        Read::Plain => None,
        Read::Text => Some("lenient_string"),
        Read::TextNotNull => Some("lenient_string_opt"),
        Read::TextOrNull => Some("lenient_string_or_null"),
        Read::NotNull => Some("not_null"),
    };
    if let Some(helper) = helper {
        args.push(format!("deserialize_with = \"crate::support::{helper}\""));
    }
    args.join(", ")
}

/// The `#[serde(...)]` arguments of a field whose struct only derives `Serialize` (its
/// `Deserialize` is `support::decode_struct!`), empty when it needs none.
pub fn serialize_args(wire: &Wire, wire_name: &str) -> String {
    let mut args = Vec::new();
    if wire.rename {
        args.push(format!("rename = {}", string(wire_name)));
    }
    if wire.skip_none {
        args.push("skip_serializing_if = \"Option::is_none\"".to_owned());
    }
    args.join(", ")
}

/// How `support::decode_struct!` reads a field's value, and what a missing key means (`owner`
/// is the type whose associated function returns the default).
pub fn decode_field(wire: &Wire, owner: &str) -> (&'static str, String) {
    let read = match wire.read {
        Read::Plain => "plain",
        Read::Text => "text",
        Read::TextNotNull => "text_opt",
        Read::TextOrNull => "text_or_null",
        Read::NotNull => "not_null",
    };
    let absent = match (&wire.default, wire.absent_is_none, wire.missing_refused_strictly) {
        (Some(d), _, _) => format!("or({owner}::{})", d.default_fn),
        (None, true, true) => "none_unless_strict".to_owned(),
        (None, true, false) => "none".to_owned(),
        (None, false, _) => "error".to_owned(),
    };
    (read, absent)
}

/// The `Check` method and argument of a rule (`Nested` and `Flat` take none).
pub fn check(check: &Check, patterns: &[Pattern], models: ModelsPath) -> (&'static str, String) {
    match check {
        Check::MinItems(n) => ("min_items", n.to_string()),
        Check::MaxItems(n) => ("max_items", n.to_string()),
        Check::MaxLength(n) => ("max_length", n.to_string()),
        Check::MinLength(n) => ("min_length", n.to_string()),
        Check::Pattern(id) => ("pattern", format!("&{models}{}", patterns[id.0].name)),
        Check::Maximum(n) => ("maximum", float(*n)),
        Check::Minimum(n) => ("minimum", float(*n)),
        Check::ExclusiveMaximum(n) => ("exclusive_maximum", float(*n)),
        Check::ExclusiveMinimum(n) => ("exclusive_minimum", float(*n)),
        Check::AllowedNumbers(values) => {
            let values: Vec<String> = values.iter().map(|n| float(*n)).collect();
            ("allowed_numbers", format!("&[{}]", values.join(", ")))
        }
        Check::Scale(places) => ("scale", places.to_string()),
        Check::Nested => ("nested", String::new()),
        Check::Flat => ("flat", String::new()),
    }
}

/// A `match` pattern of statuses.
pub fn statuses(matches: &[StatusMatch]) -> String {
    let one = |m: &StatusMatch| match m {
        StatusMatch::Exact(c) => c.to_string(),
        StatusMatch::Range(from, to) => format!("{from}..={to}"),
        StatusMatch::Any => "_".into(),
    };
    matches.iter().map(one).collect::<Vec<_>>().join(" | ")
}
