//! Rust identifiers for OpenAPI names: the only place the generator makes one.
//!
//! Modelled on `prost-build`'s `ident.rs`. Every function here is total: it never panics and
//! always returns a valid Rust identifier (plain or raw, `r#type`) for any input string,
//! including the empty string. The same input always gives the same output.
//!
//! # How a raw name becomes words
//!
//! 1. A leading `+` becomes the word `plus` and a leading `-` the word `minus` (after leading
//!    ASCII whitespace), so the enum values `+1`, `-1` and `1` stay distinct.
//! 2. Every other ASCII character that is not a letter or digit is a word separator:
//!    `post_ids[]` → `post_ids`, `$id` → `id`, `a.b-c d` → `a_b_c_d`, `@type` → `type`.
//! 3. Every non-ASCII character becomes a word of its own, `u` followed by its code point in
//!    lower-case hex: `会员ID` → `u4f1a`, `u5458`, `id`. Rust does accept non-ASCII (XID)
//!    identifiers, but a generated API must be typeable on any keyboard and greppable, and
//!    Unicode identifiers bring confusables and normalisation questions. The transliteration
//!    is lossless per character, so two different non-ASCII names never share words.
//! 4. What is left is split into words by [`heck`], which knows camelCase and acronyms:
//!    `XMLHttpRequest` → `xml`, `http`, `request`; `KZZD1` → `kzzd1`; `16x16` → `16x16`.
//!
//! # How words become an identifier
//!
//! | function          | case                  | leading digit     | nothing left              |
//! | ----------------- | --------------------- | ----------------- | ------------------------- |
//! | [`type_name`]     | `UpperCamelCase`      | `V` prefix: `V1`  | `Empty` (`Underscore`)    |
//! | [`variant_name`]  | `UpperCamelCase`      | `V` prefix: `V1`  | `Empty` (`Underscore`)    |
//! | [`field_name`]    | `snake_case`          | `_` prefix: `_1`  | `empty` (`underscore`)    |
//! | [`const_name`]    | `SCREAMING_SNAKE_CASE`| `_` prefix: `_1`  | `EMPTY` (`UNDERSCORE`)    |
//!
//! The words in parentheses are for names made only of underscores (`_`, `__`): `_` on its own
//! is not an identifier. In `UpperCamelCase` two words that meet digit to digit are joined by
//! `_` (`1.0` → `V1_0`, not `V10`), which `non_camel_case_types` allows.
//!
//! Field names keep one leading underscore of the raw name (`_links` → `_links`, distinct from
//! `links`) but never more: `__proto__` → `_proto`. Generated code keeps the `__` prefix for its
//! own locals, so no field, function or module name ever starts with `__`.
//!
//! # Keywords
//!
//! Every strict and reserved keyword of Rust 2024 ([`KEYWORDS`]) that a `snake_case` name can
//! hit becomes a raw identifier: `type` → `r#type`, `gen` → `r#gen`. The four that cannot be raw
//! get a `_` suffix instead: `self` → `self_`, `super` → `super_`, `crate` → `crate_`, and
//! `Self` as a type or variant name → `SelfValue`. Weak keywords (`union`, `raw`, `safe`,
//! `macro_rules`) are ordinary identifiers in the positions generated code uses them, so they are
//! left alone. No `UpperCamelCase` name other than `Self` and no `SCREAMING_SNAKE_CASE` name is a
//! keyword.
//!
//! Generated code names the std prelude's most used items bare (`Option<String>`, `Some`,
//! `Vec`, `Default::default()`), which is shorter to read and to parse than absolute paths
//! (`::std::option::Option<::std::string::String>`). A type the spec names must not shadow them,
//! so [`PRELUDE`] is reserved in every scope of generated type names: a schema named `Result`
//! gives `Result2`, like any other collision. Rarer std items keep absolute paths.
//!
//! # Collisions
//!
//! Different raw names can give the same Rust name (`memberId` and `member_id`). A [`Namer`]
//! per scope (one per struct's fields, one per enum's variants, one per module's types...) makes
//! them distinct deterministically: the first claim in document order keeps the name, later
//! ones get `2`, `3`, ... appended.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use heck::ToSnakeCase as _;

/// The strict and reserved keywords of Rust 2024, i.e. every word that cannot be a plain
/// identifier (weak keywords such as `union` can).
#[rustfmt::skip]
pub const KEYWORDS: &[&str] = &[
    // Strict, all editions.
    "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn", "for",
    "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return",
    "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe", "use", "where",
    "while",
    // Strict since 2018.
    "async", "await", "dyn",
    // Reserved, all editions.
    "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof", "unsized",
    "virtual", "yield",
    // Reserved since 2018.
    "try",
    // Reserved since 2024.
    "gen",
];

/// The std prelude items generated code uses without a path; no generated type may take
/// these names (see the module docs).
pub const PRELUDE: &[&str] = &[
    "Option", "Some", "None", "Result", "Ok", "Err", "String", "Vec", "Box", "Default", "Into", "From", "ToString",
];

/// Keywords that cannot be written as raw identifiers; they get a `_` suffix instead.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate"];

/// UpperCamelCase type name: `member_info` → `MemberInfo`, `XMLHttpRequest` → `XmlHttpRequest`.
pub fn type_name(raw: &str) -> String {
    upper_camel(raw)
}

/// snake_case field / function / module name: `memberId` → `member_id`, `type` → `r#type`, `self` → `self_`.
pub fn field_name(raw: &str) -> String {
    let words = Words::of(raw);
    if words.list.is_empty() {
        return words.fallback().to_owned();
    }
    let snake = words.list.join("_");
    if words.leading_underscore || starts_with_digit(&snake) {
        format!("_{snake}")
    } else {
        unkeyword(snake)
    }
}

/// UpperCamelCase enum variant for a string enum value: `SEND` → `Send`, `absolutely` → `Absolutely`, `''` → `Empty`, `1` → `V1`, `-1` → `Minus1`.
pub fn variant_name(raw: &str) -> String {
    upper_camel(raw)
}

/// SCREAMING_SNAKE constant name.
pub fn const_name(raw: &str) -> String {
    let words = Words::of(raw);
    if words.list.is_empty() {
        return words.fallback().to_ascii_uppercase();
    }
    let shouty = words.list.join("_").to_ascii_uppercase();
    if starts_with_digit(&shouty) {
        format!("_{shouty}")
    } else {
        shouty
    }
}

/// kebab-case Cargo package name for a generated crate, from the API title:
/// `Shuyun CRM open data service` → `shuyun-crm-open-data-service`.
///
/// Same words as the other functions. The crate's library name (`-` → `_`) is always a plain
/// identifier: a title without words gives `api`, a leading digit gets an `api-` prefix, and a
/// name that is a keyword or a sysroot crate (`std`, `core`, `alloc`, `proc_macro`, `test`) gets
/// an `-api` suffix.
pub fn package_name(title: &str) -> String {
    let words = Words::of(title);
    if words.list.is_empty() {
        return "api".to_owned();
    }
    let kebab = words.list.join("-");
    let lib = words.list.join("_");
    if starts_with_digit(&kebab) {
        format!("api-{kebab}")
    } else if KEYWORDS.contains(&lib.as_str()) || ["std", "core", "alloc", "proc_macro", "test"].contains(&lib.as_str())
    {
        format!("{kebab}-api")
    } else {
        kebab
    }
}

/// Gives every raw name in a scope a distinct Rust name, deterministically.
///
/// Names are compared without a raw prefix: `r#type` and `type` are the same identifier.
#[derive(Debug, Default, Clone)]
pub struct Namer {
    used: BTreeSet<String>,
}

impl Namer {
    pub fn new() -> Self {
        Self::default()
    }

    /// A namer for a module's type names: the [`PRELUDE`] names are taken.
    pub fn for_types() -> Self {
        let mut namer = Self::default();
        for name in PRELUDE {
            namer.reserve(name);
        }
        namer
    }

    /// Reserves names that generated code itself uses in this scope (e.g. `Unknown`, `additional_properties`).
    pub fn reserve(&mut self, rust: &str) {
        self.used.insert(bare(rust).to_owned());
    }

    /// Returns `candidate` if free, else `candidate2`, `candidate3`, ... (for a raw identifier like `r#type`, suffix the bare part: `type2`); records the result.
    ///
    /// When the candidate ends in a digit the number is set off by `_` (`v1` → `v1_2`), so the
    /// suffix never reads as part of the name. `candidate` should come from one of the naming
    /// functions of this module; a valid identifier stays valid with any suffix.
    pub fn claim(&mut self, candidate: String) -> String {
        if self.used.insert(bare(&candidate).to_owned()) {
            return candidate;
        }
        let base = bare(&candidate);
        let sep = if base.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        // Terminates: `used` is finite and every `n` gives a different name.
        let mut n: u64 = 2;
        loop {
            let name = format!("{base}{sep}{n}");
            if self.used.insert(name.clone()) {
                return name;
            }
            n += 1;
        }
    }
}

/// A raw name cut into lower-case ASCII words (letters and digits only, never empty).
struct Words {
    list: Vec<String>,
    /// The raw name starts with `_`.
    leading_underscore: bool,
    /// The raw name is one or more `_` and nothing else.
    underscore_only: bool,
}

impl Words {
    fn of(raw: &str) -> Self {
        let mut cleaned = String::with_capacity(raw.len() + 8);
        let rest = raw.trim_start_matches(|c: char| c.is_ascii_whitespace());
        let rest = if let Some(rest) = rest.strip_prefix('+') {
            cleaned.push_str("plus ");
            rest
        } else if let Some(rest) = rest.strip_prefix('-') {
            cleaned.push_str("minus ");
            rest
        } else {
            rest
        };
        for c in rest.chars() {
            if c.is_ascii_alphanumeric() {
                cleaned.push(c);
            } else if c.is_ascii() {
                cleaned.push(' ');
            } else {
                // Writing to a `String` cannot fail.
                let _ = write!(cleaned, " u{:x} ", u32::from(c));
            }
        }
        // `cleaned` is ASCII letters, digits and spaces, so heck's words are ASCII alphanumeric.
        let list = cleaned
            .to_snake_case()
            .split('_')
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
        Self {
            list,
            leading_underscore: raw.starts_with('_'),
            underscore_only: !raw.is_empty() && raw.chars().all(|c| c == '_'),
        }
    }

    /// The snake-case name for a raw name without words.
    fn fallback(&self) -> &'static str {
        if self.underscore_only { "underscore" } else { "empty" }
    }
}

fn upper_camel(raw: &str) -> String {
    let words = Words::of(raw);
    if words.list.is_empty() {
        return capitalize(words.fallback());
    }
    let mut out = String::with_capacity(raw.len() + 4);
    for word in &words.list {
        if starts_with_digit(word) && out.ends_with(|c: char| c.is_ascii_digit()) {
            out.push('_');
        }
        out.push_str(&capitalize(word));
    }
    if starts_with_digit(&out) {
        out.insert(0, 'V');
    }
    if out == "Self" {
        // `Self_` would trip rustc's `non_camel_case_types` lint in generated code.
        out.push_str("Value");
    }
    out
}

/// `word` with its first letter upper-case and the rest lower-case (ASCII only).
fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => {
            let mut out = String::with_capacity(word.len());
            out.push(first.to_ascii_uppercase());
            out.push_str(&chars.as_str().to_ascii_lowercase());
            out
        }
        None => String::new(),
    }
}

/// A snake-case name made safe against keywords.
fn unkeyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

fn starts_with_digit(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_digit())
}

/// The identifier without a raw prefix.
fn bare(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// A name for the type of a schema known only by its pointer (the target of a `$ref` into a
/// property, an item or `$defs`): the names along the pointer, without the keywords between
/// them. `#/components/schemas/Order/$defs/Code` gives `Order Code`; a pointer without names
/// gives `Schema`.
pub fn hint_from_pointer(pointer: &crate::pointer::JsonPointer) -> String {
    const STRUCTURE: [&str; 22] = [
        "components",
        "schemas",
        "properties",
        "items",
        "additionalProperties",
        "prefixItems",
        "allOf",
        "oneOf",
        "anyOf",
        "not",
        "$defs",
        "definitions",
        "paths",
        "webhooks",
        "pathItems",
        "parameters",
        "requestBody",
        "responses",
        "content",
        "schema",
        "headers",
        "callbacks",
    ];
    let words: Vec<String> = pointer
        .tokens()
        .into_iter()
        .filter(|t| !STRUCTURE.contains(&t.as_str()))
        .filter(|t| !t.contains('/') && t.parse::<usize>().is_err())
        .filter(|t| crate::document::Method::from_key(t).is_none())
        .collect();
    if words.is_empty() {
        "Schema".to_owned()
    } else {
        words.join(" ")
    }
}

/// The private function that returns a field's documented default.
pub fn default_fn(field: &str) -> String {
    format!("__default_{}", field.trim_start_matches("r#"))
}

/// The response variant for a success status an operation does not document (status labels
/// never take it: `Namer::reserve` it).
pub const UNDOCUMENTED_SUCCESS: &str = "Undocumented";

/// The response enum of an operation, named after its request type.
pub fn response_type(request_type: &str) -> String {
    format!("{request_type}Response")
}

/// The server's handler function of an operation, named after its method.
pub fn handler_fn(method: &str) -> String {
    format!("handle_{}", method.trim_start_matches("r#"))
}

/// The method of the server's test double that sets an operation's answer, named after the
/// operation's method.
pub fn stub_fn(method: &str) -> String {
    format!("on_{}", method.trim_start_matches("r#"))
}

/// The provided trait method that streams the items of a paged operation, named after its
/// method.
pub fn stream_fn(method: &str) -> String {
    format!("{}_stream", method.trim_start_matches("r#"))
}

pub mod spell;

#[cfg(test)]
mod tests;
