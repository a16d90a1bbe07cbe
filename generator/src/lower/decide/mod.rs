//! Decide: from the finished type space and operations, everything the generated code needs
//! that is not spelled out in the document: which traits each type derives or writes, how each
//! field is read and written, what `validate()` checks and with which compiled pattern, how
//! each operation is called and served, and which runtime helpers each side imports. Render
//! then only projects these facts.

mod operations;
mod paging;
mod types;
mod usage;

use std::collections::BTreeMap;

use crate::ir::{Group, Imports, Operation, Pattern, PatternId, TypeRef, TypeSpace};
use crate::naming::{self, Namer};

pub(super) use operations::{decide_groups, decide_operations, is_json};
pub(super) use types::decide_types;
pub(super) use usage::Usage;

/// Every distinct pattern of the API (fields, then parameters), in first-use order, each named
/// after its first user so that adding a pattern does not rename the others.
#[derive(Debug, Default)]
pub(super) struct Patterns {
    pub(super) list: Vec<Pattern>,
    by_regex: BTreeMap<String, PatternId>,
    names: Namer,
}

impl Patterns {
    /// The id of a pattern, compiled into a static named after `owner` and `field` when first
    /// seen.
    fn claim(&mut self, regex: &str, owner: &str, field: &str) -> PatternId {
        if let Some(id) = self.by_regex.get(regex) {
            return *id;
        }
        let id = PatternId(self.list.len());
        let name = self
            .names
            .claim(naming::const_name(&format!("{owner} {field} pattern")));
        self.list.push(Pattern {
            id,
            name,
            regex: regex.to_owned(),
        });
        self.by_regex.insert(regex.to_owned(), id);
        id
    }
}

/// Runs every decision; returns the patterns to compile and the imports of client and server.
pub(super) fn decide(
    space: &mut TypeSpace,
    operations: &mut [Operation],
    groups: &mut [Group],
) -> (Vec<Pattern>, Imports) {
    let usage = Usage::of(space, operations);
    let mut patterns = Patterns::default();
    decide_types(space, &usage, &mut patterns);
    decide_operations(space, operations, &mut patterns);
    decide_groups(groups, operations);
    let imports = operations::imports(operations);
    (patterns.list, imports)
}

/// The type a field's constraints are checked on: an `Option`'s inner type, and through aliases:
/// a `$ref` to a scalar component (`SemverVersion: {type: string, pattern: ..}`) is an alias of
/// the scalar, whose constraints apply to the field like inline ones.
fn checked_type<'t>(space: &'t TypeSpace, ty: &'t TypeRef) -> &'t TypeRef {
    let mut inner = ty.unwrap_option();
    // Bounded: aliases of aliases are rare, and a cycle must not hang the generator.
    for _ in 0..8 {
        match inner {
            TypeRef::Named(id) => match &space.get(*id).kind {
                crate::ir::TypeKind::Alias(aliased) if !matches!(aliased, TypeRef::Option(_)) => inner = aliased,
                _ => break,
            },
            _ => break,
        }
    }
    inner
}

/// Whether a type holds a generated type (whose `validate_into` may find something).
fn has_named(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Named(_) => true,
        TypeRef::Option(inner) | TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Box(inner) => has_named(inner),
        TypeRef::Tuple(items) => items.iter().any(has_named),
        TypeRef::Prim(_) | TypeRef::Json => false,
    }
}
