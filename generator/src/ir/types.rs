//! The type space: every named type of the API, the shapes that refer to them, and what lowering
//! decided each type and field needs (derives, default, parameter text, serde shape, checks).

use std::collections::BTreeMap;

use super::Name;
use crate::pointer::JsonPointer;

/// Index of a type in the [`TypeSpace`]; assigned before any schema is converted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TypeId(pub usize);

/// Every named type of the API, in a deterministic order: components in document order, each
/// followed by the inline types named after it.
#[derive(Debug, Clone, Default)]
pub struct TypeSpace {
    pub defs: Vec<TypeDef>,
    /// `#/components/schemas/X` to its type.
    pub by_ref: BTreeMap<String, TypeId>,
}

impl TypeSpace {
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.defs[id.0]
    }
}

#[derive(Debug, Clone)]
pub struct TypeDef {
    pub id: TypeId,
    pub name: Name,
    pub docs: Option<String>,
    pub source: JsonPointer,
    pub kind: TypeKind,
    pub traits: Traits,
}

/// What a type implements, decided from its shape and from how the API uses it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Traits {
    /// Derived; the rest of what a type implements is written out (`Validate` always).
    pub derives: Vec<Derive>,
    /// Derived only with the generated crate's `json` feature (the JSON form of requests).
    pub json_derives: Vec<Derive>,
    pub default: DefaultImpl,
    /// `Deserialize` is written by the runtime's `decode_struct!` (one pass over an object's
    /// keys; far less code to compile than serde's derive), not derived.
    pub decoded: bool,
    /// Written to and read from parameter text (`ToParam`, `FromParam`): a parameter holds it.
    pub param_text: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Derive {
    Debug,
    Clone,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Default,
    Serialize,
    Deserialize,
}

/// How a type gets `Default`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DefaultImpl {
    /// Not at all: a field's type has none, or the type requires itself.
    #[default]
    None,
    /// Derived (listed in `derives`).
    Derived,
    /// Written out: documented defaults for fields, the first variant of a union, the first
    /// value of an enum.
    Written,
}

#[derive(Debug, Clone)]
pub enum TypeKind {
    /// An object with known properties; `additional` keeps unknown keys when the object is open.
    Struct {
        fields: Vec<Field>,
        additional: Option<TypeRef>,
    },
    /// A string enum. Decoding keeps values the spec does not list (the `Unknown` variant).
    /// `default` is the value the document declares as the schema's default: only then does the
    /// type implement `Default` (no value is invented).
    Enum {
        variants: Vec<EnumVariant>,
        default: Option<String>,
    },
    /// oneOf / anyOf: tagged by a discriminator when there is one, untagged otherwise.
    Union {
        variants: Vec<UnionVariant>,
        discriminator: Option<Discriminator>,
    },
    /// A named alias of another shape (a component that is an array, a map or a scalar).
    Alias(TypeRef),
}

/// The property whose value names the variant, and which value selects which variant.
#[derive(Debug, Clone, PartialEq)]
pub struct Discriminator {
    pub property: String,
    /// (value, index into the union's variants), explicit mappings first, then the implicit
    /// ones (the referenced component's name).
    pub mapping: Vec<(String, usize)>,
}

/// A value of a string enum: the value (`name.raw`), its variant, and what it means
/// (`x-enum-descriptions`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumVariant {
    pub name: Name,
    pub docs: Option<String>,
}

#[derive(Debug, Clone)]
pub struct UnionVariant {
    pub name: Name,
    pub ty: TypeRef,
}

#[derive(Debug, Clone)]
pub struct Field {
    pub name: Name,
    pub ty: TypeRef,
    pub state: FieldState,
    /// Whether `null` is a value the spec allows (`nullable: true`, or any JSON value). An
    /// optional field is an `Option` either way; this tells a strict reader whether an explicit
    /// `null` follows the spec.
    pub nullable: bool,
    pub docs: Option<String>,
    pub constraints: Constraints,
    /// How the field is read from and written to JSON.
    pub wire: Wire,
    /// What `validate()` checks on the field, in order.
    pub checks: Vec<Check>,
    pub source: JsonPointer,
}

/// Whether a field must be present. Optional fields are `Option` in Rust.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldState {
    Required,
    Optional,
    /// Optional on the wire, with a documented default.
    Default(serde_json::Value),
}

/// The serde shape of a field (or of a request's parameter, in the request's JSON form).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Wire {
    /// The Rust name differs from the wire name: serde renames.
    pub rename: bool,
    /// Absent on the wire means the documented default: this value, returned by the function
    /// named `default_fn` (always written out).
    pub default: Option<DefaultValue>,
    /// Absent on the wire is `None` (`#[serde(default)]`).
    pub absent_is_none: bool,
    /// Required and nullable: a server (decoding strictly) refuses the key missing, while a
    /// client reads it as `None` (lenient on what the service answers).
    pub missing_refused_strictly: bool,
    /// `None` is left out when writing (optional fields; a required nullable one is `null`).
    pub skip_none: bool,
    pub read: Read,
}

/// A documented default: the private function that returns it, and the value.
#[derive(Debug, Clone, PartialEq)]
pub struct DefaultValue {
    pub default_fn: String,
    pub value: Literal,
}

/// A value of a field's type, written as Rust.
#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Text(String),
    /// A value of a generated string enum.
    Variant {
        ty: TypeId,
        value: String,
    },
    F64(f64),
    F32(f64),
    /// An integer or a boolean, written as JSON writes it.
    Plain(String),
    /// A typed format's value, from its wire text.
    Wire(String),
    /// The type's `Default`.
    TypeDefault,
}

/// How a field's value is decoded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Read {
    /// serde's own decoding of the type.
    #[default]
    Plain,
    /// Text, also from a number or a boolean (`support::lenient_string`).
    Text,
    /// Optional text, not nullable: `null` refused when decoding strictly (`lenient_string_opt`).
    TextNotNull,
    /// Optional text that may be `null` (`lenient_string_or_null`).
    TextOrNull,
    /// An optional value, not nullable, that a server reads from a request body: `null` is refused
    /// when decoding strictly (`support::not_null`).
    NotNull,
}

/// One rule `validate()` checks on a value.
#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    MinItems(usize),
    MaxItems(usize),
    MaxLength(usize),
    MinLength(usize),
    Pattern(PatternId),
    Maximum(f64),
    Minimum(f64),
    ExclusiveMaximum(f64),
    ExclusiveMinimum(f64),
    AllowedNumbers(Vec<f64>),
    /// `x-decimal`'s `scale`: at most this many digits after the decimal point.
    Scale(u32),
    /// The value's type has rules of its own (a generated type inside): checked under the
    /// field's path.
    Nested,
    /// The value's rules apply at the owner's own path (a request's body).
    Flat,
}

/// Index of a pattern in `Api::patterns`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct PatternId(pub usize);

/// A `pattern` of the spec and the static it is compiled into, named after its first user so
/// that adding a pattern does not rename the others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    pub id: PatternId,
    pub name: String,
    pub regex: String,
}

/// The checks a `validate()` enforces, straight from the schema.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    pub max_length: Option<usize>,
    pub min_length: Option<usize>,
    pub maximum: Option<f64>,
    pub minimum: Option<f64>,
    /// Bounds the value must stay strictly below or above (`exclusiveMaximum`, ...).
    pub exclusive_maximum: Option<f64>,
    pub exclusive_minimum: Option<f64>,
    pub pattern: Option<String>,
    /// For string enums: the values the spec lists (requests must use one of them).
    pub one_of_values: Vec<String>,
    /// For numeric enums (which stay plain numbers in Rust): the values the spec lists.
    pub allowed_numbers: Vec<f64>,
    /// A list's length (`minItems`, `maxItems`); the other fields are then its items' rules.
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
    /// `x-decimal`'s `scale`: digits after the decimal point, at most.
    pub scale: Option<u32>,
}

/// A reference to a type, as used by fields, items and variants.
#[derive(Debug, Clone, PartialEq)]
pub enum TypeRef {
    Named(TypeId),
    Option(Box<TypeRef>),
    Vec(Box<TypeRef>),
    Map(Box<TypeRef>),
    /// A fixed-length array of values of these types (3.1 `prefixItems`).
    Tuple(Vec<TypeRef>),
    Box(Box<TypeRef>),
    Prim(Prim),
    /// Any JSON value.
    Json,
}

impl TypeRef {
    /// The type inside an `Option`, or the type itself.
    pub fn unwrap_option(&self) -> &TypeRef {
        match self {
            TypeRef::Option(inner) => inner,
            other => other,
        }
    }

    /// Whether the Rust type is a raw body's octets (`Vec<u8>`).
    pub fn is_raw_bytes(&self) -> bool {
        matches!(self, TypeRef::Prim(Prim::RawBytes))
    }

    /// Whether the Rust type is `String` (every textual format is kept as text).
    pub fn is_text(&self) -> bool {
        matches!(
            self,
            TypeRef::Prim(Prim::String | Prim::DateTime | Prim::Byte | Prim::Binary)
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prim {
    String,
    /// `format: date-time` and other textual formats are kept as text: a client must not reject a
    /// response for a timestamp the server writes slightly differently.
    DateTime,
    /// `format: byte` (base64 text).
    Byte,
    /// `format: binary` (raw bytes on the wire), text inside JSON.
    Binary,
    /// The octets of a body that is not JSON and whose schema is `format: binary` (or
    /// `contentMediaType`), where the `bytes` option is on: `Vec<u8>`, sent and read as is.
    RawBytes,
    Bool,
    I32,
    I64,
    U64,
    F32,
    F64,
    /// A format read as its own Rust type (a generator option), kept as text where it does not
    /// parse (`support::Lenient`).
    Typed(Typed),
}

/// The typed formats, each the Rust type of one crate (see `config::TypedFormats`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Typed {
    DateTime,
    Date,
    /// A wall-clock date-time at a fixed offset east of UTC, in seconds.
    LocalDateTime {
        offset_seconds: i32,
    },
    Uuid,
    Bytes,
    Decimal,
}

impl Typed {
    /// The runtime module (and the crate it needs) that gives the type its `Format`.
    pub fn runtime(self) -> FormatRuntime {
        match self {
            Typed::DateTime | Typed::Date | Typed::LocalDateTime { .. } => FormatRuntime::Time,
            Typed::Uuid => FormatRuntime::Uuid,
            Typed::Bytes => FormatRuntime::Bytes,
            Typed::Decimal => FormatRuntime::Decimal,
        }
    }
}

/// A runtime module of typed formats, and with it a dependency of the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FormatRuntime {
    /// `format_time.rs`, chrono.
    Time,
    /// `format_uuid.rs`, uuid.
    Uuid,
    /// `format_bytes.rs`, base64.
    Bytes,
    /// `format_decimal.rs`, rust_decimal.
    Decimal,
}
