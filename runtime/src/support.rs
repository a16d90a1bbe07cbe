//! Helpers the generated models use to decode leniently: the real service does not always
//! send what its document says, and a whole response must not fail for it.

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

fn is_strict() -> bool {
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

/// One broken rule of the spec, at a field path such as `customizedProperties.unionId` or
/// `orderItems[2].goodsId`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub path: String,
    /// The rule's keyword in the spec: `maxLength`, `minimum`, `enum`, `pattern`, `x-require-any-of`, ...
    pub rule: &'static str,
    pub message: String,
}

impl ::std::fmt::Display for Violation {
    fn fmt(&self, __f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        if self.path.is_empty() {
            ::std::write!(__f, "{} ({})", self.message, self.rule)
        } else {
            ::std::write!(__f, "{}: {} ({})", self.path, self.message, self.rule)
        }
    }
}

/// Every rule a value breaks; never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violations(pub Vec<Violation>);

impl ::std::fmt::Display for Violations {
    fn fmt(&self, __f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        for (__i, __v) in self.0.iter().enumerate() {
            if __i > 0 {
                __f.write_str("; ")?;
            }
            ::std::fmt::Display::fmt(__v, __f)?;
        }
        Ok(())
    }
}

impl ::std::error::Error for Violations {}

/// The spec's constraints (`maxLength`, `minimum`, `enum`, `pattern`, ...) checked on a value.
/// Client and server both call it: the client before sending, the server before answering.
pub trait Validate {
    /// Appends every violation under `path` to `out`.
    fn validate_into(&self, path: &str, out: &mut Vec<Violation>);

    /// All violations, or `Ok` when the value follows the spec.
    fn validate(&self) -> Result<(), Violations> {
        let mut __out = Vec::new();
        self.validate_into("", &mut __out);
        if __out.is_empty() {
            Ok(())
        } else {
            Err(Violations(__out))
        }
    }
}

/// Where a rule applies: the parent path and the field, joined only when a rule is broken (the
/// common case, a valid value, allocates nothing).
#[derive(Debug, Clone, Copy)]
pub struct At<'a>(pub &'a str, pub &'a str);

impl At<'_> {
    pub fn path(self) -> String {
        join(self.0, self.1)
    }
}

/// `path.field`, or `field` at the root.
pub fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_owned()
    } else {
        format!("{path}.{field}")
    }
}

macro_rules! no_constraints {
    ($($t:ty),*) => {
        $(impl Validate for $t {
            fn validate_into(&self, _path: &str, _out: &mut Vec<Violation>) {}
        })*
    };
}
no_constraints!(String, bool, i32, i64, u64, f32, f64, u8, ::serde_json::Value);

impl<T: Validate> Validate for Option<T> {
    fn validate_into(&self, path: &str, out: &mut Vec<Violation>) {
        if let Some(__value) = self {
            __value.validate_into(path, out);
        }
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate_into(&self, path: &str, out: &mut Vec<Violation>) {
        (**self).validate_into(path, out);
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate_into(&self, path: &str, out: &mut Vec<Violation>) {
        for (__i, __item) in self.iter().enumerate() {
            __item.validate_into(&format!("{path}[{__i}]"), out);
        }
    }
}

/// Tuples (`prefixItems`, up to 12 members: longer ones are lists): each member at its position.
macro_rules! validate_tuples {
    ($(($($t:ident $i:tt),+))*) => {
        $(impl<$($t: Validate),+> Validate for ($($t,)+) {
            fn validate_into(&self, path: &str, out: &mut Vec<Violation>) {
                $(self.$i.validate_into(&format!("{path}[{}]", $i), out);)+
            }
        })*
    };
}
validate_tuples!((A 0) (A 0, B 1) (A 0, B 1, C 2) (A 0, B 1, C 2, D 3) (A 0, B 1, C 2, D 3, E 4) (A 0, B 1, C 2, D 3, E 4, F 5) (A 0, B 1, C 2, D 3, E 4, F 5, G 6) (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7) (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8) (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9) (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10) (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11));

impl<T: Validate> Validate for ::std::collections::BTreeMap<String, T> {
    fn validate_into(&self, path: &str, out: &mut Vec<Violation>) {
        for (__key, __value) in self {
            __value.validate_into(&join(path, __key), out);
        }
    }
}

/// Text a length rule applies to (present or absent).
pub trait Text {
    fn text(&self) -> Option<&str>;
}

impl Text for String {
    fn text(&self) -> Option<&str> {
        Some(self.as_str())
    }
}

impl Text for Option<String> {
    fn text(&self) -> Option<&str> {
        self.as_deref()
    }
}

/// A number a bound applies to (present or absent).
pub trait Number {
    fn number(&self) -> Option<f64>;
}

macro_rules! number {
    ($($t:ty),*) => {
        $(impl Number for $t {
            fn number(&self) -> Option<f64> {
                Some(*self as f64)
            }
        }
        impl Number for Option<$t> {
            fn number(&self) -> Option<f64> {
                self.map(|__n| __n as f64)
            }
        })*
    };
}
number!(i32, i64, u64, f32, f64);

/// `maxLength`: at most `limit` characters.
pub fn check_max_length(value: &impl Text, limit: usize, at: At<'_>, out: &mut Vec<Violation>) {
    if let Some(__text) = value.text() {
        let __count = __text.chars().count();
        if __count > limit {
            out.push(Violation {
                path: at.path(),
                rule: "maxLength",
                message: format!("is {__count} characters long, at most {limit} allowed"),
            });
        }
    }
}

/// `minLength`: at least `limit` characters.
pub fn check_min_length(value: &impl Text, limit: usize, at: At<'_>, out: &mut Vec<Violation>) {
    if let Some(__text) = value.text() {
        let __count = __text.chars().count();
        if __count < limit {
            out.push(Violation {
                path: at.path(),
                rule: "minLength",
                message: format!("is {__count} characters long, at least {limit} required"),
            });
        }
    }
}

/// `maximum`: at most `limit`.
pub fn check_maximum(value: &impl Number, limit: f64, at: At<'_>, out: &mut Vec<Violation>) {
    if let Some(__n) = value.number()
        && __n > limit
    {
        out.push(Violation {
            path: at.path(),
            rule: "maximum",
            message: format!("is {__n}, at most {limit} allowed"),
        });
    }
}

/// `minimum`: at least `limit`.
pub fn check_minimum(value: &impl Number, limit: f64, at: At<'_>, out: &mut Vec<Violation>) {
    if let Some(__n) = value.number()
        && __n < limit
    {
        out.push(Violation {
            path: at.path(),
            rule: "minimum",
            message: format!("is {__n}, at least {limit} required"),
        });
    }
}

/// `exclusiveMaximum`: below `limit`.
pub fn check_exclusive_maximum(value: &impl Number, limit: f64, at: At<'_>, out: &mut Vec<Violation>) {
    if let Some(__n) = value.number()
        && __n >= limit
    {
        out.push(Violation {
            path: at.path(),
            rule: "exclusiveMaximum",
            message: format!("is {__n}, below {limit} allowed"),
        });
    }
}

/// `exclusiveMinimum`: above `limit`.
pub fn check_exclusive_minimum(value: &impl Number, limit: f64, at: At<'_>, out: &mut Vec<Violation>) {
    if let Some(__n) = value.number()
        && __n <= limit
    {
        out.push(Violation {
            path: at.path(),
            rule: "exclusiveMinimum",
            message: format!("is {__n}, above {limit} required"),
        });
    }
}

/// `enum` of numbers: the value is one the spec lists.
pub fn check_allowed_numbers(value: &impl Number, allowed: &[f64], at: At<'_>, out: &mut Vec<Violation>) {
    if let Some(__n) = value.number()
        && !allowed.contains(&__n)
    {
        let __list: Vec<String> = allowed.iter().map(std::string::ToString::to_string).collect();
        out.push(Violation {
            path: at.path(),
            rule: "enum",
            message: format!("is {__n}, not one of {}", __list.join(", ")),
        });
    }
}

/// `pattern`: the text matches the spec's regular expression.
pub fn check_pattern(value: &impl Text, pattern: &::regex::Regex, at: At<'_>, out: &mut Vec<Violation>) {
    if let Some(__text) = value.text()
        && !pattern.is_match(__text)
    {
        out.push(Violation {
            path: at.path(),
            rule: "pattern",
            message: format!("`{__text}` does not match `{}`", pattern.as_str()),
        });
    }
}

/// `x-require-any-of`: at least one of the named fields is present.
pub fn check_any_of(present: &[bool], names: &[&str], path: &str, out: &mut Vec<Violation>) {
    if !present.iter().any(|__p| *__p) {
        out.push(Violation {
            path: path.to_owned(),
            rule: "x-require-any-of",
            message: format!("at least one of {} is required", names.join(", ")),
        });
    }
}

/// The checks of one object, chained field by field; what every generated `validate_into`
/// is made of: `Check::at(path, out).max_length("name", &self.name, 64).nested("tags", &self.tags);`.
pub struct Check<'a> {
    path: &'a str,
    out: &'a mut Vec<Violation>,
}

impl<'a> Check<'a> {
    pub fn at(path: &'a str, out: &'a mut Vec<Violation>) -> Self {
        Self { path, out }
    }

    /// `maxLength` of `field`.
    pub fn max_length(self, field: &str, value: &impl Text, limit: usize) -> Self {
        check_max_length(value, limit, At(self.path, field), self.out);
        self
    }

    /// `minLength` of `field`.
    pub fn min_length(self, field: &str, value: &impl Text, limit: usize) -> Self {
        check_min_length(value, limit, At(self.path, field), self.out);
        self
    }

    /// `maximum` of `field`.
    pub fn maximum(self, field: &str, value: &impl Number, limit: f64) -> Self {
        check_maximum(value, limit, At(self.path, field), self.out);
        self
    }

    /// `minimum` of `field`.
    pub fn minimum(self, field: &str, value: &impl Number, limit: f64) -> Self {
        check_minimum(value, limit, At(self.path, field), self.out);
        self
    }

    /// `exclusiveMaximum` of `field`.
    pub fn exclusive_maximum(self, field: &str, value: &impl Number, limit: f64) -> Self {
        check_exclusive_maximum(value, limit, At(self.path, field), self.out);
        self
    }

    /// `exclusiveMinimum` of `field`.
    pub fn exclusive_minimum(self, field: &str, value: &impl Number, limit: f64) -> Self {
        check_exclusive_minimum(value, limit, At(self.path, field), self.out);
        self
    }

    /// A numeric `enum` of `field`.
    pub fn allowed_numbers(self, field: &str, value: &impl Number, allowed: &[f64]) -> Self {
        check_allowed_numbers(value, allowed, At(self.path, field), self.out);
        self
    }

    /// `pattern` of `field`.
    pub fn pattern(self, field: &str, value: &impl Text, pattern: &::regex::Regex) -> Self {
        check_pattern(value, pattern, At(self.path, field), self.out);
        self
    }

    /// The rules of a nested value, under `path.field`.
    pub fn nested(self, field: &str, value: &impl Validate) -> Self {
        value.validate_into(&join(self.path, field), self.out);
        self
    }

    /// The rules of a value whose fields sit at this object's level (a flattened map, a body).
    pub fn flat(self, value: &impl Validate) -> Self {
        value.validate_into(self.path, self.out);
        self
    }

    /// `x-require-any-of`: at least one of `names` is present.
    pub fn any_of(self, present: &[bool], names: &[&str]) -> Self {
        check_any_of(present, names, self.path, self.out);
        self
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
/// `Default` (the given value), `Display`, serde as the wire text (decoding leniently), and
/// `Validate` (an unknown value is a violation). Written once here, not per enum, so the
/// generated crate stays small.
// Unused in a crate whose spec has no such enum.
#[allow(unused_macros)]
macro_rules! string_enum {
    ($name:ident, default $default:literal, [$($variant:ident = $value:literal),* $(,)?]) => {
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

        impl Default for $name {
            fn default() -> Self {
                Self::from($default)
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
