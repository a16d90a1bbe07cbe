//! How the API uses its types: which can be defaulted, which parameters hold, and which a
//! server reads from request bodies.

use std::collections::BTreeSet;

use crate::ir::{FieldState, Operation, TypeId, TypeKind, TypeRef, TypeSpace};

/// What the operations ask of each type.
#[derive(Debug)]
pub(in crate::lower) struct Usage {
    /// By type id: whether it can implement `Default` without recursing forever.
    pub(in crate::lower) defaultable: Vec<bool>,
    /// The named types parameters hold (directly, in a list or behind an option).
    pub(in crate::lower) in_params: BTreeSet<TypeId>,
    /// The named types a server decodes strictly from request bodies.
    pub(in crate::lower) in_bodies: BTreeSet<TypeId>,
}

impl Usage {
    pub(in crate::lower) fn of(space: &TypeSpace, operations: &[Operation]) -> Self {
        Self {
            defaultable: defaultable(space),
            in_params: param_types(space, operations),
            in_bodies: body_types(space, operations),
        }
    }

    /// Whether a value of this type has a `Default`.
    pub(in crate::lower) fn has_default(&self, ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Named(id) => self.defaultable[id.0],
            TypeRef::Box(inner) => self.has_default(inner),
            TypeRef::Tuple(items) => items.iter().all(|t| self.has_default(t)),
            // A typed format has no neutral value (no nil UUID or epoch is invented).
            TypeRef::Prim(crate::ir::Prim::Typed(_)) => false,
            TypeRef::Option(_) | TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Prim(_) | TypeRef::Json => true,
        }
    }
}

/// The named types parameters hold (directly, in a list or behind an option); an alias passes
/// its target through.
fn param_types(space: &TypeSpace, operations: &[Operation]) -> BTreeSet<TypeId> {
    fn named(ty: &TypeRef, out: &mut BTreeSet<TypeId>) {
        match ty {
            TypeRef::Named(id) => {
                out.insert(*id);
            }
            TypeRef::Option(inner) | TypeRef::Vec(inner) | TypeRef::Box(inner) => named(inner, out),
            TypeRef::Map(_) | TypeRef::Tuple(_) | TypeRef::Prim(_) | TypeRef::Json => {}
        }
    }
    let mut out = BTreeSet::new();
    for p in operations.iter().flat_map(|op| &op.params) {
        named(&p.ty, &mut out);
    }
    let aliased: Vec<TypeRef> = out
        .iter()
        .filter_map(|id| match &space.get(*id).kind {
            TypeKind::Alias(t) => Some(t.clone()),
            _ => None,
        })
        .collect();
    for t in &aliased {
        named(t, &mut out);
    }
    out
}

/// The named types a server decodes from request bodies, strictly (`support::strictly`):
/// those of the bodies and, transitively, of their fields, items, values and variants.
fn body_types(space: &TypeSpace, operations: &[Operation]) -> BTreeSet<TypeId> {
    fn named(ty: &TypeRef, out: &mut Vec<TypeId>) {
        match ty {
            TypeRef::Named(id) => out.push(*id),
            TypeRef::Option(inner) | TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Box(inner) => {
                named(inner, out);
            }
            TypeRef::Tuple(items) => items.iter().for_each(|t| named(t, out)),
            TypeRef::Prim(_) | TypeRef::Json => {}
        }
    }
    let mut todo = Vec::new();
    for body in operations.iter().filter_map(|op| op.body.as_ref()) {
        named(&body.ty, &mut todo);
    }
    let mut out = BTreeSet::new();
    while let Some(id) = todo.pop() {
        if !out.insert(id) {
            continue;
        }
        match &space.get(id).kind {
            TypeKind::Struct { fields, additional } => {
                fields.iter().for_each(|f| named(&f.ty, &mut todo));
                if let Some(ty) = additional {
                    named(ty, &mut todo);
                }
            }
            TypeKind::Union { variants, .. } => variants.iter().for_each(|v| named(&v.ty, &mut todo)),
            TypeKind::Alias(ty) => named(ty, &mut todo),
            TypeKind::Enum { .. } => {}
        }
    }
    out
}

/// Which types can implement `Default` without recursing forever: the least fixed point, so a
/// struct that requires itself (through a `Box`) is not defaultable.
fn defaultable(space: &TypeSpace) -> Vec<bool> {
    let mut usage = Usage {
        defaultable: vec![false; space.defs.len()],
        in_params: BTreeSet::new(),
        in_bodies: BTreeSet::new(),
    };
    loop {
        let mut changed = false;
        for def in &space.defs {
            if usage.defaultable[def.id.0] {
                continue;
            }
            let ok = match &def.kind {
                // Only where the document declares a default: no value is invented.
                TypeKind::Enum { default, .. } => default.is_some(),
                TypeKind::Alias(ty) => usage.has_default(ty),
                TypeKind::Union { variants, .. } => variants.first().is_some_and(|v| usage.has_default(&v.ty)),
                // Required means required: a struct with a required field is built by its `new`.
                // A documented default fills its field whatever the field's type.
                TypeKind::Struct { fields, .. } => fields.iter().all(|f| match f.state {
                    FieldState::Required => false,
                    FieldState::Default(_) => true,
                    FieldState::Optional => usage.has_default(&f.ty),
                }),
            };
            if ok {
                usage.defaultable[def.id.0] = true;
                changed = true;
            }
        }
        if !changed {
            return usage.defaultable;
        }
    }
}
