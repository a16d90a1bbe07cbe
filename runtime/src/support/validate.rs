//! Validation: the spec's constraints on a value, each broken rule a [`Violation`] at its field
//! path; [`Validate`] for every generated type, and the [`Check`] chain its `validate_into` runs.

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

/// Where under a field a checked value sits: the field itself, an item of a list, the value of
/// a map's key. The rules of a list's items and of a map's values are checked like any field's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place<'a> {
    Here,
    Item(usize),
    Value(&'a str),
}

impl At<'_> {
    /// The path of a value at `place` under this field: `tags`, `tags[2]`, `labels.colour`.
    pub fn path_at(self, place: Place<'_>) -> String {
        match place {
            Place::Here => self.path(),
            Place::Item(i) => format!("{}[{i}]", self.path()),
            Place::Value(key) => join(&self.path(), key),
        }
    }
}

/// Text a length or pattern rule applies to: a string, absent or present, or the strings of a
/// list or map.
pub trait Text {
    /// Calls `f` with each text and its place under the field.
    fn each_text<'s>(&'s self, f: &mut dyn FnMut(Place<'s>, &'s str));
}

impl Text for String {
    fn each_text<'s>(&'s self, f: &mut dyn FnMut(Place<'s>, &'s str)) {
        f(Place::Here, self);
    }
}

/// A number a bound or `enum` applies to: absent or present, or the numbers of a list or map.
pub trait Number {
    /// Calls `f` with each number and its place under the field.
    fn each_number<'s>(&'s self, f: &mut dyn FnMut(Place<'s>, f64));
}

macro_rules! number {
    ($($t:ty),*) => {
        $(impl Number for $t {
            fn each_number<'s>(&'s self, f: &mut dyn FnMut(Place<'s>, f64)) {
                f(Place::Here, *self as f64);
            }
        })*
    };
}
number!(i32, i64, u64, f32, f64);

/// `Option`, lists and maps of checked values: each present value, at its place. One level of
/// nesting is what the generator checks (a list of lists is not).
macro_rules! containers {
    ($trait:ident, $each:ident, $item:ty) => {
        impl<T: $trait> $trait for Option<T> {
            fn $each<'s>(&'s self, f: &mut dyn FnMut(Place<'s>, $item)) {
                if let Some(__value) = self {
                    __value.$each(f);
                }
            }
        }

        impl<T: $trait> $trait for Vec<T> {
            fn $each<'s>(&'s self, f: &mut dyn FnMut(Place<'s>, $item)) {
                for (__i, __value) in self.iter().enumerate() {
                    __value.$each(&mut |_, __v| f(Place::Item(__i), __v));
                }
            }
        }

        impl<T: $trait> $trait for ::std::collections::BTreeMap<String, T> {
            fn $each<'s>(&'s self, f: &mut dyn FnMut(Place<'s>, $item)) {
                for (__key, __value) in self {
                    __value.$each(&mut |_, __v| f(Place::Value(__key), __v));
                }
            }
        }
    };
}
containers!(Text, each_text, &'s str);
containers!(Number, each_number, f64);

/// A list whose length a rule bounds (present or absent).
pub trait Items {
    fn count(&self) -> Option<usize>;
}

impl<T> Items for Vec<T> {
    fn count(&self) -> Option<usize> {
        Some(self.len())
    }
}

impl<T> Items for Option<Vec<T>> {
    fn count(&self) -> Option<usize> {
        self.as_ref().map(Vec::len)
    }
}

/// `minItems` (`at_least`) or `maxItems`: the list's length.
pub fn check_items(value: &impl Items, limit: usize, at_least: bool, at: At<'_>, out: &mut Vec<Violation>) {
    let Some(__count) = value.count() else { return };
    if at_least && __count < limit {
        out.push(Violation {
            path: at.path(),
            rule: "minItems",
            message: format!("has {__count} items, at least {limit} required"),
        });
    } else if !at_least && __count > limit {
        out.push(Violation {
            path: at.path(),
            rule: "maxItems",
            message: format!("has {__count} items, at most {limit} allowed"),
        });
    }
}

/// `maxLength`: at most `limit` characters.
pub fn check_max_length(value: &impl Text, limit: usize, at: At<'_>, out: &mut Vec<Violation>) {
    value.each_text(&mut |__place, __text| {
        let __count = __text.chars().count();
        if __count > limit {
            out.push(Violation {
                path: at.path_at(__place),
                rule: "maxLength",
                message: format!("is {__count} characters long, at most {limit} allowed"),
            });
        }
    });
}

/// `minLength`: at least `limit` characters.
pub fn check_min_length(value: &impl Text, limit: usize, at: At<'_>, out: &mut Vec<Violation>) {
    value.each_text(&mut |__place, __text| {
        let __count = __text.chars().count();
        if __count < limit {
            out.push(Violation {
                path: at.path_at(__place),
                rule: "minLength",
                message: format!("is {__count} characters long, at least {limit} required"),
            });
        }
    });
}

/// One numeric rule: `broken` says whether `n` breaks it, `message` what to say.
fn check_number(
    value: &impl Number,
    at: At<'_>,
    out: &mut Vec<Violation>,
    rule: &'static str,
    broken: impl Fn(f64) -> bool,
    message: impl Fn(f64) -> String,
) {
    value.each_number(&mut |__place, __n| {
        if broken(__n) {
            out.push(Violation {
                path: at.path_at(__place),
                rule,
                message: message(__n),
            });
        }
    });
}

/// `maximum`: at most `limit`.
pub fn check_maximum(value: &impl Number, limit: f64, at: At<'_>, out: &mut Vec<Violation>) {
    check_number(
        value,
        at,
        out,
        "maximum",
        |__n| __n > limit,
        |__n| format!("is {__n}, at most {limit} allowed"),
    );
}

/// `minimum`: at least `limit`.
pub fn check_minimum(value: &impl Number, limit: f64, at: At<'_>, out: &mut Vec<Violation>) {
    check_number(
        value,
        at,
        out,
        "minimum",
        |__n| __n < limit,
        |__n| format!("is {__n}, at least {limit} required"),
    );
}

/// `exclusiveMaximum`: below `limit`.
pub fn check_exclusive_maximum(value: &impl Number, limit: f64, at: At<'_>, out: &mut Vec<Violation>) {
    check_number(
        value,
        at,
        out,
        "exclusiveMaximum",
        |__n| __n >= limit,
        |__n| format!("is {__n}, below {limit} allowed"),
    );
}

/// `exclusiveMinimum`: above `limit`.
pub fn check_exclusive_minimum(value: &impl Number, limit: f64, at: At<'_>, out: &mut Vec<Violation>) {
    check_number(
        value,
        at,
        out,
        "exclusiveMinimum",
        |__n| __n <= limit,
        |__n| format!("is {__n}, above {limit} required"),
    );
}

/// `enum` of numbers: the value is one the spec lists.
pub fn check_allowed_numbers(value: &impl Number, allowed: &[f64], at: At<'_>, out: &mut Vec<Violation>) {
    check_number(
        value,
        at,
        out,
        "enum",
        |__n| !allowed.contains(&__n),
        |__n| {
            let __list: Vec<String> = allowed.iter().map(std::string::ToString::to_string).collect();
            format!("is {__n}, not one of {}", __list.join(", "))
        },
    );
}

/// `pattern`: the text matches the spec's regular expression.
pub fn check_pattern(value: &impl Text, pattern: &::regex::Regex, at: At<'_>, out: &mut Vec<Violation>) {
    value.each_text(&mut |__place, __text| {
        if !pattern.is_match(__text) {
            out.push(Violation {
                path: at.path_at(__place),
                rule: "pattern",
                message: format!("`{__text}` does not match `{}`", pattern.as_str()),
            });
        }
    });
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

    /// `minItems` of `field`.
    pub fn min_items(self, field: &str, value: &impl Items, limit: usize) -> Self {
        check_items(value, limit, true, At(self.path, field), self.out);
        self
    }

    /// `maxItems` of `field`.
    pub fn max_items(self, field: &str, value: &impl Items, limit: usize) -> Self {
        check_items(value, limit, false, At(self.path, field), self.out);
        self
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

    /// `x-decimal`'s `scale` of `field`: at most `places` digits after the decimal point.
    pub fn scale(self, field: &str, value: &impl Number, places: u32) -> Self {
        super::check_scale(value, places, self.path, field, self.out);
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
