//! How generated structs decode: [`decode_struct!`] writes each model's `Deserialize`, one pass
//! over a JSON object's keys. serde's derive would also write a visitor for the array form of a
//! struct, a field visitor and a wrapper type for every field read by a helper; for a document
//! the size of oxide-nexus that code was three of the seven seconds the generated crate took to
//! compile, for a form JSON never sends. The rules stay serde's: unknown keys are skipped, a
//! repeated key is an error, a missing key is the documented default, `None` for an `Option`,
//! and otherwise an error ("missing field `x`").

use super::{lenient_string, lenient_string_opt, lenient_string_or_null, not_null};

/// An object key, borrowed from the input where the input allows it.
#[derive(Debug)]
pub struct Key<'de>(pub(crate) ::std::borrow::Cow<'de, str>);

impl Key<'_> {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_owned(self) -> String {
        self.0.into_owned()
    }
}

impl<'de> ::serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> ::serde::de::Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str("a field name")
            }
            fn visit_borrowed_str<E: ::serde::de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(::std::borrow::Cow::Borrowed(v)))
            }
            fn visit_str<E: ::serde::de::Error>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(::std::borrow::Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: ::serde::de::Error>(self, v: String) -> Result<Key<'de>, E> {
                Ok(Key(::std::borrow::Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

/// A field read by [`lenient_string`].
#[derive(Debug, Clone, Copy)]
pub struct Text;

/// A field read by [`lenient_string_opt`].
#[derive(Debug, Clone, Copy)]
pub struct TextNotNull;

/// A field read by [`lenient_string_or_null`].
#[derive(Debug, Clone, Copy)]
pub struct TextOrNull;

/// A field read by [`not_null`].
#[derive(Debug)]
pub struct NotNull<T>(::std::marker::PhantomData<T>);

impl<T> NotNull<T> {
    pub const fn new() -> Self {
        Self(::std::marker::PhantomData)
    }
}

impl<T> Default for NotNull<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<'de> ::serde::de::DeserializeSeed<'de> for Text {
    type Value = String;
    fn deserialize<D: ::serde::Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        lenient_string(deserializer)
    }
}

impl<'de> ::serde::de::DeserializeSeed<'de> for TextNotNull {
    type Value = Option<String>;
    fn deserialize<D: ::serde::Deserializer<'de>>(self, deserializer: D) -> Result<Option<String>, D::Error> {
        lenient_string_opt(deserializer)
    }
}

impl<'de> ::serde::de::DeserializeSeed<'de> for TextOrNull {
    type Value = Option<String>;
    fn deserialize<D: ::serde::Deserializer<'de>>(self, deserializer: D) -> Result<Option<String>, D::Error> {
        lenient_string_or_null(deserializer)
    }
}

impl<'de, T: ::serde::Deserialize<'de>> ::serde::de::DeserializeSeed<'de> for NotNull<T> {
    type Value = Option<T>;
    fn deserialize<D: ::serde::Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        not_null(deserializer)
    }
}

/// `Deserialize` for a generated struct: `decode_struct!(Type { field: "wire name" read absent,
/// ..., ..map })`. `read` is how the value is read: `plain` (the type's own `Deserialize`),
/// `text` ([`lenient_string`]), `text_opt` ([`lenient_string_opt`]), `text_or_null`
/// ([`lenient_string_or_null`]) or `not_null` ([`not_null`]). `absent` is what a missing key
/// means: `error`, `none`, `none_unless_strict` (a required nullable key: a server refuses it
/// missing, a client reads `None`), or `or(function)` for the documented default. `..map` collects the
/// keys the spec does not list into that field.
// Unused in a crate whose spec has no object schema; most crates use some of the rules only.
#[allow(unused_macros, unused_macro_rules)]
macro_rules! decode_struct {
    (
        $ty:ident {
            $($field:ident: $wire:literal $read:ident $absent:ident $(($or:path))?,)*
            $(.. $rest:ident)?
        }
    ) => {
        impl<'de> ::serde::Deserialize<'de> for $ty {
            fn deserialize<__D: ::serde::Deserializer<'de>>(
                __deserializer: __D,
            ) -> ::std::result::Result<Self, __D::Error> {
                struct __Visitor;
                impl<'de> ::serde::de::Visitor<'de> for __Visitor {
                    type Value = $ty;
                    fn expecting(&self, __f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        __f.write_str(::std::concat!("struct ", ::std::stringify!($ty)))
                    }
                    fn visit_map<__A: ::serde::de::MapAccess<'de>>(
                        self,
                        mut __map: __A,
                    ) -> ::std::result::Result<$ty, __A::Error> {
                        $(let mut $field = ::std::option::Option::None;)*
                        $(let mut $rest = ::std::collections::BTreeMap::new();)?
                        while let ::std::option::Option::Some(__key) =
                            ::serde::de::MapAccess::next_key::<crate::support::Key<'de>>(&mut __map)?
                        {
                            match __key.as_str() {
                                $($wire => {
                                    if $field.is_some() {
                                        return ::std::result::Result::Err(
                                            <__A::Error as ::serde::de::Error>::duplicate_field($wire),
                                        );
                                    }
                                    $field = ::std::option::Option::Some(
                                        ::serde::de::MapAccess::next_value_seed(
                                            &mut __map,
                                            crate::support::decode_struct!(@read $read),
                                        )?,
                                    );
                                })*
                                _ => {
                                    crate::support::decode_struct!(@other __map, __key $(, $rest)?);
                                }
                            }
                        }
                        ::std::result::Result::Ok($ty {
                            $($field: match $field {
                                ::std::option::Option::Some(__value) => __value,
                                ::std::option::Option::None => {
                                    crate::support::decode_struct!(@absent __A, $wire, $absent $(($or))?)
                                }
                            },)*
                            $($rest,)?
                        })
                    }
                }
                ::serde::Deserializer::deserialize_map(__deserializer, __Visitor)
            }
        }
    };
    (@read plain) => { ::std::marker::PhantomData };
    (@read text) => { crate::support::Text };
    (@read text_opt) => { crate::support::TextNotNull };
    (@read text_or_null) => { crate::support::TextOrNull };
    (@read not_null) => { crate::support::NotNull::new() };
    (@other $map:ident, $key:ident) => {
        let _ = $key;
        ::serde::de::MapAccess::next_value::<::serde::de::IgnoredAny>(&mut $map)?;
    };
    (@other $map:ident, $key:ident, $rest:ident) => {
        $rest.insert($key.into_owned(), ::serde::de::MapAccess::next_value(&mut $map)?);
    };
    (@absent $a:ident, $wire:literal, error) => {
        return ::std::result::Result::Err(<$a::Error as ::serde::de::Error>::missing_field($wire))
    };
    (@absent $a:ident, $wire:literal, none) => {
        ::std::option::Option::None
    };
    (@absent $a:ident, $wire:literal, none_unless_strict) => {
        if crate::support::is_strict() {
            return ::std::result::Result::Err(<$a::Error as ::serde::de::Error>::missing_field($wire));
        } else {
            ::std::option::Option::None
        }
    };
    (@absent $a:ident, $wire:literal, or($or:path)) => {
        $or()
    };
}
pub(crate) use decode_struct;

/// What an untagged union knows of an object variant: the keys it requires, the keys it knows
/// (its properties), and its tags: properties that allow one text only (a one-value `enum` or a
/// `const`, as Stripe's `object: bank_account` or `type: card`), which tell variants apart
/// where the document declares no discriminator.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    pub required: &'static [&'static str],
    pub known: &'static [&'static str],
    pub tags: &'static [(&'static str, &'static str)],
}

impl Shape {
    /// Whether the object has every required key and no tag of another value; and how many of
    /// its tags it matches.
    fn fit(&self, object: &::serde_json::Map<String, ::serde_json::Value>) -> Option<usize> {
        if !self.required.iter().all(|k| object.contains_key(*k)) {
            return None;
        }
        let mut matched = 0;
        for (key, tag) in self.tags {
            match object.get(*key).and_then(::serde_json::Value::as_str) {
                Some(value) if value == *tag => matched += 1,
                Some(_) => return None,
                None => {}
            }
        }
        Some(matched)
    }
}

/// The order in which an untagged union tries its variants on `value`. For an object, the
/// object variants that fit it come first (every required key present, no tag of another
/// value): those that match more of its tags, then those that leave fewer of its keys unknown,
/// then those that require more of them, then document order; so a variant with only optional
/// properties no longer takes every object. Then the variants that are not objects (`None`),
/// then those that do not fit. Anything else: document order.
pub fn union_order(value: &::serde_json::Value, shapes: &[Option<Shape>]) -> Vec<usize> {
    use ::std::cmp::Reverse;
    let ::serde_json::Value::Object(object) = value else {
        return (0..shapes.len()).collect();
    };
    // Group (fits, not an object, does not fit), tags matched, unknown keys, required keys, index.
    type Rank = (u8, Reverse<usize>, usize, Reverse<usize>, usize);
    let mut order: Vec<Rank> = shapes
        .iter()
        .enumerate()
        .map(|(index, shape)| match shape.map(|s| (s, s.fit(object))) {
            Some((shape, Some(matched))) => {
                let unknown = object.keys().filter(|k| !shape.known.contains(&k.as_str())).count();
                (0, Reverse(matched), unknown, Reverse(shape.required.len()), index)
            }
            Some((_, None)) => (2, Reverse(0), 0, Reverse(0), index),
            None => (1, Reverse(0), 0, Reverse(0), index),
        })
        .collect();
    order.sort_unstable();
    order.into_iter().map(|(.., index)| index).collect()
}
