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

fn not_text<E: ::serde::de::Error>(value: &::serde_json::Value) -> ::std::option::Option<E> {
    (is_strict() && (value.is_number() || value.is_boolean()))
        .then(|| E::custom(::std::format!("expected a string, found {value}")))
}

fn null_refused<E: ::serde::de::Error>() -> E {
    E::custom("is null, but the spec does not declare it nullable")
}

/// Text, also when the server sends a number or a boolean where the spec documents a string.
pub fn lenient_string<'de, D>(deserializer: D) -> ::std::result::Result<::std::string::String, D::Error>
where
    D: ::serde::Deserializer<'de>,
{
    let __value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
    if let ::std::option::Option::Some(__e) = not_text(&__value) {
        return ::std::result::Result::Err(__e);
    }
    match __value {
        ::serde_json::Value::String(__text) => ::std::result::Result::Ok(__text),
        ::serde_json::Value::Number(__number) => ::std::result::Result::Ok(__number.to_string()),
        ::serde_json::Value::Bool(__flag) => ::std::result::Result::Ok(__flag.to_string()),
        __other => ::std::result::Result::Err(<D::Error as ::serde::de::Error>::custom(
            ::std::format!("expected a string, found {__other}"),
        )),
    }
}

/// [`lenient_string`] for optional fields the spec does not declare nullable: a missing key is
/// `None`, and so is `null`, except while decoding [`strictly`], where `null` is an error.
pub fn lenient_string_opt<'de, D>(
    deserializer: D,
) -> ::std::result::Result<::std::option::Option<::std::string::String>, D::Error>
where
    D: ::serde::Deserializer<'de>,
{
    let __value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
    if __value.is_null() && is_strict() {
        return ::std::result::Result::Err(null_refused());
    }
    optional_text(__value)
}

/// [`lenient_string`] for nullable fields: `null` or a missing key is `None`.
pub fn lenient_string_or_null<'de, D>(
    deserializer: D,
) -> ::std::result::Result<::std::option::Option<::std::string::String>, D::Error>
where
    D: ::serde::Deserializer<'de>,
{
    optional_text(<::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?)
}

fn optional_text<E: ::serde::de::Error>(
    value: ::serde_json::Value,
) -> ::std::result::Result<::std::option::Option<::std::string::String>, E> {
    if let ::std::option::Option::Some(__e) = not_text(&value) {
        return ::std::result::Result::Err(__e);
    }
    match value {
        ::serde_json::Value::Null => ::std::result::Result::Ok(::std::option::Option::None),
        ::serde_json::Value::String(__text) => ::std::result::Result::Ok(::std::option::Option::Some(__text)),
        ::serde_json::Value::Number(__number) => {
            ::std::result::Result::Ok(::std::option::Option::Some(__number.to_string()))
        }
        ::serde_json::Value::Bool(__flag) => ::std::result::Result::Ok(::std::option::Option::Some(__flag.to_string())),
        __other => ::std::result::Result::Err(E::custom(::std::format!("expected a string, found {__other}"))),
    }
}

/// An optional field the spec does not declare nullable: a missing key is `None`, and so is
/// `null`, except while decoding [`strictly`], where `null` is an error.
pub fn not_null<'de, D, T>(deserializer: D) -> ::std::result::Result<::std::option::Option<T>, D::Error>
where
    D: ::serde::Deserializer<'de>,
    T: ::serde::Deserialize<'de>,
{
    match <::std::option::Option<T> as ::serde::Deserialize>::deserialize(deserializer)? {
        ::std::option::Option::None if is_strict() => ::std::result::Result::Err(null_refused()),
        __value => ::std::result::Result::Ok(__value),
    }
}

/// One broken rule of the spec, at a field path such as `customizedProperties.unionId` or
/// `orderItems[2].goodsId`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub path: ::std::string::String,
    /// The rule's keyword in the spec: `maxLength`, `minimum`, `enum`, `pattern`, `x-require-any-of`, ...
    pub rule: &'static str,
    pub message: ::std::string::String,
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
pub struct Violations(pub ::std::vec::Vec<Violation>);

impl ::std::fmt::Display for Violations {
    fn fmt(&self, __f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        for (__i, __v) in self.0.iter().enumerate() {
            if __i > 0 {
                __f.write_str("; ")?;
            }
            ::std::fmt::Display::fmt(__v, __f)?;
        }
        ::std::result::Result::Ok(())
    }
}

impl ::std::error::Error for Violations {}

/// The spec's constraints (`maxLength`, `minimum`, `enum`, `pattern`, ...) checked on a value.
/// Client and server both call it: the client before sending, the server before answering.
pub trait Validate {
    /// Appends every violation under `path` to `out`.
    fn validate_into(&self, path: &str, out: &mut ::std::vec::Vec<Violation>);

    /// All violations, or `Ok` when the value follows the spec.
    fn validate(&self) -> ::std::result::Result<(), Violations> {
        let mut __out = ::std::vec::Vec::new();
        self.validate_into("", &mut __out);
        if __out.is_empty() {
            ::std::result::Result::Ok(())
        } else {
            ::std::result::Result::Err(Violations(__out))
        }
    }
}

/// Where a rule applies: the parent path and the field, joined only when a rule is broken (the
/// common case, a valid value, allocates nothing).
#[derive(Debug, Clone, Copy)]
pub struct At<'a>(pub &'a str, pub &'a str);

impl At<'_> {
    pub fn path(self) -> ::std::string::String {
        join(self.0, self.1)
    }
}

/// `path.field`, or `field` at the root.
pub fn join(path: &str, field: &str) -> ::std::string::String {
    if path.is_empty() {
        field.to_owned()
    } else {
        ::std::format!("{path}.{field}")
    }
}

macro_rules! no_constraints {
    ($($t:ty),*) => {
        $(impl Validate for $t {
            fn validate_into(&self, _path: &str, _out: &mut ::std::vec::Vec<Violation>) {}
        })*
    };
}
no_constraints!(::std::string::String, bool, i32, i64, u64, f32, f64, u8, ::serde_json::Value);

impl<T: Validate> Validate for ::std::option::Option<T> {
    fn validate_into(&self, path: &str, out: &mut ::std::vec::Vec<Violation>) {
        if let ::std::option::Option::Some(__value) = self {
            __value.validate_into(path, out);
        }
    }
}

impl<T: Validate> Validate for ::std::boxed::Box<T> {
    fn validate_into(&self, path: &str, out: &mut ::std::vec::Vec<Violation>) {
        (**self).validate_into(path, out);
    }
}

impl<T: Validate> Validate for ::std::vec::Vec<T> {
    fn validate_into(&self, path: &str, out: &mut ::std::vec::Vec<Violation>) {
        for (__i, __item) in self.iter().enumerate() {
            __item.validate_into(&::std::format!("{path}[{__i}]"), out);
        }
    }
}

impl<T: Validate> Validate for ::std::collections::BTreeMap<::std::string::String, T> {
    fn validate_into(&self, path: &str, out: &mut ::std::vec::Vec<Violation>) {
        for (__key, __value) in self {
            __value.validate_into(&join(path, __key), out);
        }
    }
}

/// Text a length rule applies to (present or absent).
pub trait Text {
    fn text(&self) -> ::std::option::Option<&str>;
}

impl Text for ::std::string::String {
    fn text(&self) -> ::std::option::Option<&str> {
        ::std::option::Option::Some(self.as_str())
    }
}

impl Text for ::std::option::Option<::std::string::String> {
    fn text(&self) -> ::std::option::Option<&str> {
        self.as_deref()
    }
}

/// A number a bound applies to (present or absent).
pub trait Number {
    fn number(&self) -> ::std::option::Option<f64>;
}

macro_rules! number {
    ($($t:ty),*) => {
        $(impl Number for $t {
            fn number(&self) -> ::std::option::Option<f64> {
                ::std::option::Option::Some(*self as f64)
            }
        }
        impl Number for ::std::option::Option<$t> {
            fn number(&self) -> ::std::option::Option<f64> {
                self.map(|__n| __n as f64)
            }
        })*
    };
}
number!(i32, i64, u64, f32, f64);

/// `maxLength`: at most `limit` characters.
pub fn check_max_length(value: &impl Text, limit: usize, at: At<'_>, out: &mut ::std::vec::Vec<Violation>) {
    if let ::std::option::Option::Some(__text) = value.text() {
        let __count = __text.chars().count();
        if __count > limit {
            out.push(Violation {
                path: at.path(),
                rule: "maxLength",
                message: ::std::format!("is {__count} characters long, at most {limit} allowed"),
            });
        }
    }
}

/// `minLength`: at least `limit` characters.
pub fn check_min_length(value: &impl Text, limit: usize, at: At<'_>, out: &mut ::std::vec::Vec<Violation>) {
    if let ::std::option::Option::Some(__text) = value.text() {
        let __count = __text.chars().count();
        if __count < limit {
            out.push(Violation {
                path: at.path(),
                rule: "minLength",
                message: ::std::format!("is {__count} characters long, at least {limit} required"),
            });
        }
    }
}

/// `maximum`: at most `limit`.
pub fn check_maximum(value: &impl Number, limit: f64, at: At<'_>, out: &mut ::std::vec::Vec<Violation>) {
    if let ::std::option::Option::Some(__n) = value.number()
        && __n > limit
    {
        out.push(Violation {
            path: at.path(),
            rule: "maximum",
            message: ::std::format!("is {__n}, at most {limit} allowed"),
        });
    }
}

/// `minimum`: at least `limit`.
pub fn check_minimum(value: &impl Number, limit: f64, at: At<'_>, out: &mut ::std::vec::Vec<Violation>) {
    if let ::std::option::Option::Some(__n) = value.number()
        && __n < limit
    {
        out.push(Violation {
            path: at.path(),
            rule: "minimum",
            message: ::std::format!("is {__n}, at least {limit} required"),
        });
    }
}

/// `enum` of numbers: the value is one the spec lists.
pub fn check_allowed_numbers(value: &impl Number, allowed: &[f64], at: At<'_>, out: &mut ::std::vec::Vec<Violation>) {
    if let ::std::option::Option::Some(__n) = value.number()
        && !allowed.contains(&__n)
    {
        let __list: ::std::vec::Vec<::std::string::String> = allowed.iter().map(|__a| __a.to_string()).collect();
        out.push(Violation {
            path: at.path(),
            rule: "enum",
            message: ::std::format!("is {__n}, not one of {}", __list.join(", ")),
        });
    }
}

/// `pattern`: the text matches the spec's regular expression.
pub fn check_pattern(
    value: &impl Text,
    pattern: &::regex::Regex,
    at: At<'_>,
    out: &mut ::std::vec::Vec<Violation>,
) {
    if let ::std::option::Option::Some(__text) = value.text()
        && !pattern.is_match(__text)
    {
        out.push(Violation {
            path: at.path(),
            rule: "pattern",
            message: ::std::format!("`{__text}` does not match `{}`", pattern.as_str()),
        });
    }
}

/// `x-require-any-of`: at least one of the named fields is present.
pub fn check_any_of(present: &[bool], names: &[&str], path: &str, out: &mut ::std::vec::Vec<Violation>) {
    if !present.iter().any(|__p| *__p) {
        out.push(Violation {
            path: path.to_owned(),
            rule: "x-require-any-of",
            message: ::std::format!("at least one of {} is required", names.join(", ")),
        });
    }
}

/// How a value is written into a query string, a header or a path segment: scalars as text,
/// lists as one entry per item, objects as JSON.
pub trait ToParam {
    fn to_param(&self, name: &'static str, out: &mut ::std::vec::Vec<(&'static str, ::std::string::String)>);
}

macro_rules! param_as_text {
    ($($t:ty),*) => {
        $(impl ToParam for $t {
            fn to_param(&self, name: &'static str, out: &mut ::std::vec::Vec<(&'static str, ::std::string::String)>) {
                out.push((name, ::std::string::ToString::to_string(self)));
            }
        })*
    };
}
param_as_text!(::std::string::String, bool, i32, i64, u64, f32, f64);

impl<T: ToParam> ToParam for ::std::option::Option<T> {
    fn to_param(&self, name: &'static str, out: &mut ::std::vec::Vec<(&'static str, ::std::string::String)>) {
        if let ::std::option::Option::Some(__value) = self {
            __value.to_param(name, out);
        }
    }
}

impl<T: ToParam> ToParam for ::std::vec::Vec<T> {
    fn to_param(&self, name: &'static str, out: &mut ::std::vec::Vec<(&'static str, ::std::string::String)>) {
        for __item in self {
            __item.to_param(name, out);
        }
    }
}

impl<T: ToParam> ToParam for ::std::boxed::Box<T> {
    fn to_param(&self, name: &'static str, out: &mut ::std::vec::Vec<(&'static str, ::std::string::String)>) {
        (**self).to_param(name, out);
    }
}

impl<T: ::serde::Serialize> ToParam for ::std::collections::BTreeMap<::std::string::String, T> {
    fn to_param(&self, name: &'static str, out: &mut ::std::vec::Vec<(&'static str, ::std::string::String)>) {
        out.push((name, to_json_text(self)));
    }
}

impl ToParam for ::serde_json::Value {
    fn to_param(&self, name: &'static str, out: &mut ::std::vec::Vec<(&'static str, ::std::string::String)>) {
        match self {
            ::serde_json::Value::String(__text) => out.push((name, __text.clone())),
            ::serde_json::Value::Null => {}
            __other => out.push((name, __other.to_string())),
        }
    }
}

/// JSON text of a value whose serialisation cannot fail (generated models only).
pub fn to_json_text<T: ::serde::Serialize + ?::std::marker::Sized>(value: &T) -> ::std::string::String {
    ::serde_json::to_string(value).unwrap_or_default()
}

/// The single text of a path parameter (lists joined by commas, the spec's `simple` style).
pub fn path_param<T: ToParam + ?::std::marker::Sized>(value: &T) -> ::std::string::String {
    let mut __parts = ::std::vec::Vec::new();
    value.to_param("", &mut __parts);
    __parts.into_iter().map(|(_, __v)| __v).collect::<::std::vec::Vec<_>>().join(",")
}

/// A credential that never shows in `Debug` or `Display` output.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(::std::string::String);

impl Secret {
    pub fn new(value: impl ::std::convert::Into<::std::string::String>) -> Self {
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

impl ::std::convert::From<&str> for Secret {
    fn from(value: &str) -> Self {
        Self::new(value)
    }
}

impl ::std::convert::From<::std::string::String> for Secret {
    fn from(value: ::std::string::String) -> Self {
        Self::new(value)
    }
}

/// How a value is read back from the texts of a query, header or path parameter (the inverse
/// of [`ToParam`]); `Err` says why, for the 400 answer.
pub trait FromParam: ::std::marker::Sized {
    fn from_param(values: &[&str]) -> ::std::result::Result<Self, ::std::string::String>;
}

/// The single text of a scalar parameter.
fn single<'v>(values: &[&'v str]) -> ::std::result::Result<&'v str, ::std::string::String> {
    match values {
        [__one] => ::std::result::Result::Ok(__one),
        [] => ::std::result::Result::Err("is required".to_owned()),
        _ => ::std::result::Result::Err("is given more than once".to_owned()),
    }
}

macro_rules! param_from_text {
    ($($t:ty => $what:literal),*) => {
        $(impl FromParam for $t {
            fn from_param(values: &[&str]) -> ::std::result::Result<Self, ::std::string::String> {
                let __text = single(values)?;
                __text.parse().map_err(|_| ::std::format!("`{__text}` is not {}", $what))
            }
        })*
    };
}
param_from_text!(bool => "a boolean", i32 => "a 32-bit integer", i64 => "an integer", u64 => "an unsigned integer", f32 => "a number", f64 => "a number");

impl FromParam for ::std::string::String {
    fn from_param(values: &[&str]) -> ::std::result::Result<Self, ::std::string::String> {
        single(values).map(::std::borrow::ToOwned::to_owned)
    }
}

impl<T: FromParam> FromParam for ::std::option::Option<T> {
    fn from_param(values: &[&str]) -> ::std::result::Result<Self, ::std::string::String> {
        if values.is_empty() {
            ::std::result::Result::Ok(::std::option::Option::None)
        } else {
            T::from_param(values).map(::std::option::Option::Some)
        }
    }
}

impl<T: FromParam> FromParam for ::std::vec::Vec<T> {
    fn from_param(values: &[&str]) -> ::std::result::Result<Self, ::std::string::String> {
        // One entry per value; a single value may also list items separated by commas.
        let __items: ::std::vec::Vec<&str> = match values {
            [__one] => __one.split(',').collect(),
            __many => __many.to_vec(),
        };
        __items.into_iter().map(|__item| T::from_param(&[__item])).collect()
    }
}

impl<T: FromParam> FromParam for ::std::boxed::Box<T> {
    fn from_param(values: &[&str]) -> ::std::result::Result<Self, ::std::string::String> {
        T::from_param(values).map(::std::boxed::Box::new)
    }
}

impl FromParam for ::serde_json::Value {
    fn from_param(values: &[&str]) -> ::std::result::Result<Self, ::std::string::String> {
        let __text = single(values)?;
        ::std::result::Result::Ok(
            ::serde_json::from_str(__text).unwrap_or_else(|_| ::serde_json::Value::String(__text.to_owned())),
        )
    }
}

impl<T: ::serde::de::DeserializeOwned> FromParam for ::std::collections::BTreeMap<::std::string::String, T> {
    fn from_param(values: &[&str]) -> ::std::result::Result<Self, ::std::string::String> {
        from_json_text(single(values)?)
    }
}

/// A parameter given as JSON text (objects and unions).
pub fn from_json_text<T: ::serde::de::DeserializeOwned>(text: &str) -> ::std::result::Result<T, ::std::string::String> {
    ::serde_json::from_str(text).map_err(|__e| ::std::format!("is not the documented JSON: {__e}"))
}
