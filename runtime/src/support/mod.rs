//! Helpers the generated models use to decode leniently: the real service does not always
//! send what its document says, and a whole response must not fail for it. Also parameters as
//! text, secrets and string enums; validation is in `support/validate.rs` and the structs'
//! decoding in `support/decode.rs`, both re-exported here.

mod decode;
mod formats;
pub mod paging;
mod validate;
// Unused in a crate whose spec has no object schema.
#[allow(unused_imports)]
pub(crate) use decode::decode_struct;
pub use decode::{Key, NotNull, Shape, Text, TextNotNull, TextOrNull, union_order};
pub use formats::{Format, Lenient, check_scale, decimal_places};
pub use validate::*;

::std::thread_local! {
    /// Set while a server decodes a request: text fields then take only strings, and `null`
    /// only where the spec declares the field nullable.
    static STRICT: ::std::cell::Cell<bool> = const { ::std::cell::Cell::new(false) };
}

/// Runs `decode` with strict text fields and nulls: what a server receives must follow the
/// spec, while a client stays lenient with what the service answers.
pub fn strictly<T>(decode: impl ::std::ops::FnOnce() -> T) -> T {
    let __before = STRICT.with(|__s| __s.replace(true));
    let __out = decode();
    STRICT.with(|__s| __s.set(__before));
    __out
}

pub(crate) fn is_strict() -> bool {
    STRICT.with(::std::cell::Cell::get)
}

fn not_text<E: ::serde::de::Error>(value: &::serde_json::Value) -> Option<E> {
    (is_strict() && (value.is_number() || value.is_boolean()))
        .then(|| E::custom(format!("expected a string, found {value}")))
}

fn null_refused<E: ::serde::de::Error>() -> E {
    E::custom("is null, but the spec does not declare it nullable")
}

/// Text, also when the server sends a number or a boolean where the spec documents a string.
pub fn lenient_string<'de, D>(deserializer: D) -> Result<String, D::Error>
where
    D: ::serde::Deserializer<'de>,
{
    let __value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
    if let Some(__e) = not_text(&__value) {
        return Err(__e);
    }
    match __value {
        ::serde_json::Value::String(__text) => Ok(__text),
        ::serde_json::Value::Number(__number) => Ok(__number.to_string()),
        ::serde_json::Value::Bool(__flag) => Ok(__flag.to_string()),
        __other => Err(<D::Error as ::serde::de::Error>::custom(format!(
            "expected a string, found {__other}"
        ))),
    }
}

/// [`lenient_string`] for optional fields the spec does not declare nullable: a missing key is
/// `None`, and so is `null`, except while decoding [`strictly`], where `null` is an error.
pub fn lenient_string_opt<'de, D>(deserializer: D) -> Result<Option<String>, D::Error>
where
    D: ::serde::Deserializer<'de>,
{
    let __value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
    if __value.is_null() && is_strict() {
        return Err(null_refused());
    }
    optional_text(__value)
}

/// [`lenient_string`] for nullable fields: `null` or a missing key is `None`.
pub fn lenient_string_or_null<'de, D>(deserializer: D) -> Result<Option<String>, D::Error>
where
    D: ::serde::Deserializer<'de>,
{
    optional_text(<::serde_json::Value as ::serde::Deserialize>::deserialize(
        deserializer,
    )?)
}

fn optional_text<E: ::serde::de::Error>(value: ::serde_json::Value) -> Result<Option<String>, E> {
    if let Some(__e) = not_text(&value) {
        return Err(__e);
    }
    match value {
        ::serde_json::Value::Null => Ok(None),
        ::serde_json::Value::String(__text) => Ok(Some(__text)),
        ::serde_json::Value::Number(__number) => Ok(Some(__number.to_string())),
        ::serde_json::Value::Bool(__flag) => Ok(Some(__flag.to_string())),
        __other => Err(E::custom(format!("expected a string, found {__other}"))),
    }
}

/// An optional field the spec does not declare nullable: a missing key is `None`, and so is
/// `null`, except while decoding [`strictly`], where `null` is an error.
pub fn not_null<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: ::serde::Deserializer<'de>,
    T: ::serde::Deserialize<'de>,
{
    match <Option<T> as ::serde::Deserialize>::deserialize(deserializer)? {
        None if is_strict() => Err(null_refused()),
        __value => Ok(__value),
    }
}

/// How a value is written into a query string, a header or a path segment: scalars as text,
/// lists as one entry per item, objects as JSON.
pub trait ToParam {
    fn to_param(&self, name: &'static str, out: &mut Vec<(&'static str, String)>);
}

macro_rules! param_as_text {
    ($($t:ty),*) => {
        $(impl ToParam for $t {
            fn to_param(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
                out.push((name, ToString::to_string(self)));
            }
        })*
    };
}
param_as_text!(String, bool, i32, i64, u64, f32, f64);

impl<T: ToParam> ToParam for Option<T> {
    fn to_param(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
        if let Some(__value) = self {
            __value.to_param(name, out);
        }
    }
}

impl<T: ToParam> ToParam for Vec<T> {
    fn to_param(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
        for __item in self {
            __item.to_param(name, out);
        }
    }
}

impl<T: ToParam> ToParam for Box<T> {
    fn to_param(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
        (**self).to_param(name, out);
    }
}

impl<T: ::serde::Serialize> ToParam for ::std::collections::BTreeMap<String, T> {
    fn to_param(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
        out.push((name, to_json_text(self)));
    }
}

impl ToParam for ::serde_json::Value {
    fn to_param(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
        match self {
            ::serde_json::Value::String(__text) => out.push((name, __text.clone())),
            ::serde_json::Value::Null => {}
            __other => out.push((name, __other.to_string())),
        }
    }
}

/// JSON text of a value whose serialisation cannot fail (generated models only).
pub fn to_json_text<T: ::serde::Serialize + ?::std::marker::Sized>(value: &T) -> String {
    ::serde_json::to_string(value).unwrap_or_default()
}

/// The single text of a path parameter (lists joined by commas, the spec's `simple` style).
pub fn path_param<T: ToParam + ?::std::marker::Sized>(value: &T) -> String {
    let mut __parts = Vec::new();
    value.to_param("", &mut __parts);
    __parts.into_iter().map(|(_, __v)| __v).collect::<Vec<_>>().join(",")
}

/// A credential that never shows in `Debug` or `Display` output.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value itself, for sending or checking it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl ::std::fmt::Debug for Secret {
    fn fmt(&self, __f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        __f.write_str("Secret(\"***\")")
    }
}

impl ::std::fmt::Display for Secret {
    fn fmt(&self, __f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        __f.write_str("***")
    }
}

impl From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}

impl From<String> for Secret {
    fn from(value: String) -> Self {
        Self::new(value)
    }
}

/// How a value is read back from the texts of a query, header or path parameter (the inverse
/// of [`ToParam`]); `Err` says why, for the 400 answer.
pub trait FromParam: ::std::marker::Sized {
    fn from_param(values: &[&str]) -> Result<Self, String>;
}

/// The single text of a scalar parameter.
fn single<'v>(values: &[&'v str]) -> Result<&'v str, String> {
    match values {
        [__one] => Ok(__one),
        [] => Err("is required".to_owned()),
        _ => Err("is given more than once".to_owned()),
    }
}

macro_rules! param_from_text {
    ($($t:ty => $what:literal),*) => {
        $(impl FromParam for $t {
            fn from_param(values: &[&str]) -> Result<Self, String> {
                let __text = single(values)?;
                __text.parse().map_err(|_| format!("`{__text}` is not {}", $what))
            }
        })*
    };
}
param_from_text!(bool => "a boolean", i32 => "a 32-bit integer", i64 => "an integer", u64 => "an unsigned integer", f32 => "a number", f64 => "a number");

impl FromParam for String {
    fn from_param(values: &[&str]) -> Result<Self, String> {
        single(values).map(::std::borrow::ToOwned::to_owned)
    }
}

impl<T: FromParam> FromParam for Option<T> {
    fn from_param(values: &[&str]) -> Result<Self, String> {
        if values.is_empty() {
            Ok(None)
        } else {
            T::from_param(values).map(Some)
        }
    }
}

impl<T: FromParam> FromParam for Vec<T> {
    fn from_param(values: &[&str]) -> Result<Self, String> {
        // One entry per value; a single value may also list items separated by commas.
        let __items: Vec<&str> = match values {
            [__one] => __one.split(',').collect(),
            __many => __many.to_vec(),
        };
        __items.into_iter().map(|__item| T::from_param(&[__item])).collect()
    }
}

impl<T: FromParam> FromParam for Box<T> {
    fn from_param(values: &[&str]) -> Result<Self, String> {
        T::from_param(values).map(Box::new)
    }
}

impl FromParam for ::serde_json::Value {
    fn from_param(values: &[&str]) -> Result<Self, String> {
        let __text = single(values)?;
        Ok(::serde_json::from_str(__text).unwrap_or_else(|_| ::serde_json::Value::String(__text.to_owned())))
    }
}

impl<T: ::serde::de::DeserializeOwned> FromParam for ::std::collections::BTreeMap<String, T> {
    fn from_param(values: &[&str]) -> Result<Self, String> {
        from_json_text(single(values)?)
    }
}

/// A parameter given as JSON text (objects and unions).
pub fn from_json_text<T: ::serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    ::serde_json::from_str(text).map_err(|__e| format!("is not the documented JSON: {__e}"))
}

/// What every string enum of the models has (an enum whose last variant is
/// `Unknown(String)`): `VALUES`, `as_str`, `is_known`, `From<&str>` and `From<String>`,
/// `Display`, serde as the wire text (decoding leniently), `Validate` (an unknown value is a
/// violation), and `Default` only where a default value is given (the document declares one). Written once here, not per enum, so the
/// generated crate stays small.
// Unused in a crate whose spec has no such enum (or none with a default).
#[allow(unused_macros, unused_macro_rules)]
macro_rules! string_enum {
    ($name:ident, default $default:literal, [$($variant:ident = $value:literal),* $(,)?]) => {
        $crate::support::string_enum!($name, [$($variant = $value),*]);

        impl Default for $name {
            fn default() -> Self {
                Self::from($default)
            }
        }
    };
    ($name:ident, [$($variant:ident = $value:literal),* $(,)?]) => {
        impl $name {
            /// Every value the spec lists, in its order.
            pub const VALUES: &'static [&'static str] = &[$($value),*];

            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(value) => value.as_str(),
                }
            }

            /// Whether the value is one the spec lists.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl From<String> for $name {
            fn from(value: String) -> Self {
                Self::from(value.as_str())
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::support::lenient_string(deserializer).map(Self::from)
            }
        }

        impl $crate::support::Validate for $name {
            fn validate_into(&self, path: &str, out: &mut Vec<$crate::support::Violation>) {
                if let Self::Unknown(value) = self {
                    out.push($crate::support::Violation {
                        path: path.to_owned(),
                        rule: "enum",
                        message: format!("`{value}` is not one of {}", Self::VALUES.join(", ")),
                    });
                }
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use string_enum;

/// A string enum as a query, header or path parameter: its wire text.
// Unused in a crate whose spec has no such enum.
#[allow(unused_macros)]
macro_rules! string_enum_param {
    ($name:ident) => {
        impl $crate::support::ToParam for $name {
            fn to_param(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
                out.push((name, self.as_str().to_owned()));
            }
        }

        impl $crate::support::FromParam for $name {
            fn from_param(values: &[&str]) -> Result<Self, String> {
                <String as $crate::support::FromParam>::from_param(values).map(Self::from)
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use string_enum_param;
