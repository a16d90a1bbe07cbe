//! Typed formats: a `format: date-time`, `uuid`, `byte` or exact-decimal value read as its Rust
//! type ([`Format`]), kept as [`Lenient::Unparsed`] text where the service writes something that
//! does not parse, so one odd value never fails a whole response. A server decoding a request
//! (`strictly`) refuses such a value instead, and `validate()` reports one anywhere.

use super::{At, FromParam, Number, Place, ToParam, Validate, Violation, is_strict};

/// A Rust type a format of the spec is read into, and how it is written back.
pub trait Format: ::std::marker::Sized {
    /// The format's name in the spec (`date-time`, `uuid`, ...), for messages.
    const NAME: &'static str;
    /// Whether the wire carries the value as a JSON number (an exact decimal) and not a string.
    const NUMBER: bool = false;

    /// The value of a wire text, or `None` where the text is not of the format.
    fn parse(text: &str) -> Option<Self>;

    /// The wire text of the value.
    fn write(&self) -> String;

    /// The value as a JSON number, for formats carried as numbers (`NUMBER`).
    fn as_f64(&self) -> Option<f64> {
        None
    }
}

/// A value of a typed format as read from the wire: parsed, or the text that did not parse,
/// kept so that nothing the service sent is lost and written back unchanged. `validate()`
/// reports an unparsed value; a value built in Rust (`From<T>`) is always parsed.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lenient<T> {
    Parsed(T),
    /// The wire text (or JSON text of a value of another kind) that is not of the format.
    Unparsed(String),
}

impl<T: Format> Lenient<T> {
    /// A wire text read as the format: parsed where it is of the format, kept otherwise.
    pub fn from_wire(text: &str) -> Self {
        T::parse(text).map_or_else(|| Self::Unparsed(text.to_owned()), Self::Parsed)
    }

    /// The wire text: the parsed value written, or the text kept.
    pub fn to_wire(&self) -> String {
        match self {
            Self::Parsed(__value) => __value.write(),
            Self::Unparsed(__text) => __text.clone(),
        }
    }
}

impl<T> Lenient<T> {
    /// The value, where the wire text parsed.
    pub fn parsed(&self) -> Option<&T> {
        match self {
            Self::Parsed(__value) => Some(__value),
            Self::Unparsed(_) => None,
        }
    }

    /// The value, or the text that did not parse.
    pub fn into_parsed(self) -> Result<T, String> {
        match self {
            Self::Parsed(__value) => Ok(__value),
            Self::Unparsed(__text) => Err(__text),
        }
    }

    /// The text that did not parse, where one did not.
    pub fn unparsed(&self) -> Option<&str> {
        match self {
            Self::Parsed(_) => None,
            Self::Unparsed(__text) => Some(__text),
        }
    }
}

impl<T> From<T> for Lenient<T> {
    fn from(value: T) -> Self {
        Self::Parsed(value)
    }
}

impl<T: ::std::fmt::Debug> ::std::fmt::Debug for Lenient<T> {
    fn fmt(&self, __f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match self {
            Self::Parsed(__value) => ::std::fmt::Debug::fmt(__value, __f),
            Self::Unparsed(__text) => __f.debug_tuple("Unparsed").field(__text).finish(),
        }
    }
}

/// The wire text.
impl<T: Format> ::std::fmt::Display for Lenient<T> {
    fn fmt(&self, __f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match self {
            Self::Parsed(__value) => __f.write_str(&__value.write()),
            Self::Unparsed(__text) => __f.write_str(__text),
        }
    }
}

impl<T: Format> ::serde::Serialize for Lenient<T> {
    fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::Parsed(__value) => match __value.as_f64() {
                // A whole number is written without a fraction (`170`, not `170.0`).
                Some(__number) if T::NUMBER && __number.fract() == 0.0 && __number.abs() < 9_007_199_254_740_992.0 => {
                    serializer.serialize_i64(__number as i64)
                }
                Some(__number) if T::NUMBER => serializer.serialize_f64(__number),
                _ => serializer.serialize_str(&__value.write()),
            },
            Self::Unparsed(__text) => serializer.serialize_str(__text),
        }
    }
}

impl<'de, T: Format> ::serde::Deserialize<'de> for Lenient<T> {
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let __value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
        let (__text, __right_kind) = match __value {
            ::serde_json::Value::String(__text) => (__text, !T::NUMBER),
            // A decimal's digits as written (serde_json's shortest form of the number read).
            ::serde_json::Value::Number(__number) => (__number.to_string(), T::NUMBER),
            __other => (__other.to_string(), false),
        };
        match T::parse(&__text) {
            Some(__parsed) if __right_kind || !is_strict() => Ok(Self::Parsed(__parsed)),
            _ if is_strict() => Err(<D::Error as ::serde::de::Error>::custom(format!(
                "`{__text}` is not a {}",
                T::NAME
            ))),
            _ => {
                ::tracing::warn!(format = T::NAME, value = %__text, "kept a value that is not of its format");
                Ok(Self::Unparsed(__text))
            }
        }
    }
}

impl<T: Format> Validate for Lenient<T> {
    fn validate_into(&self, path: &str, out: &mut Vec<Violation>) {
        if let Self::Unparsed(__text) = self {
            out.push(Violation {
                path: path.to_owned(),
                rule: "format",
                message: format!("`{__text}` is not a {}", T::NAME),
            });
        }
    }
}

/// A decimal's bounds (`minimum`, ...) are checked on its value as a float; an unparsed value
/// has none (`validate()` reports it as such).
impl<T: Format> Number for Lenient<T> {
    fn each_number<'s>(&'s self, f: &mut dyn FnMut(Place<'s>, f64)) {
        if let Some(__number) = self.parsed().and_then(Format::as_f64) {
            f(Place::Here, __number);
        }
    }
}

impl<T: Format> ToParam for Lenient<T> {
    fn to_param(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
        out.push((name, self.to_wire()));
    }
}

impl<T: Format> FromParam for Lenient<T> {
    fn from_param(values: &[&str]) -> Result<Self, String> {
        let __text = <String as FromParam>::from_param(values)?;
        T::parse(&__text)
            .map(Self::Parsed)
            .ok_or_else(|| format!("`{__text}` is not a {}", T::NAME))
    }
}

/// The places after the decimal point of a number as written in its shortest form (`85.1`
/// has 1, `85` none): what a money field's scale bounds.
pub fn decimal_places(number: f64) -> u32 {
    let __text = number.to_string();
    __text
        .split_once('.')
        .map_or(0, |(_, __fraction)| u32::try_from(__fraction.len()).unwrap_or(u32::MAX))
}

/// `x-decimal`'s `scale`: at most `places` digits after the decimal point.
pub fn check_scale(value: &impl Number, places: u32, path: &str, field: &str, out: &mut Vec<Violation>) {
    value.each_number(&mut |__place, __number| {
        let __found = decimal_places(__number);
        if __found > places {
            out.push(Violation {
                path: At(path, field).path_at(__place),
                rule: "x-decimal",
                message: format!("has {__found} decimal places, at most {places} allowed"),
            });
        }
    });
}
