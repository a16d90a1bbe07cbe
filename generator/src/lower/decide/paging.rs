//! `x-pagination` in the terms of the Rust types: which request fields take the page and its
//! size, and which fields of the success body hold the items and the counts. Every name must
//! resolve to a field of an integer type (the items to a list), else the operation gets no
//! item stream.

use crate::ir::{
    Operation, PageCount, PageField, PageParam, PageStep, Pagination, Payload, Prim, TypeKind, TypeRef, TypeSpace,
};

pub(super) fn pagination(space: &TypeSpace, op: &Operation) -> Option<Pagination> {
    let spec = op.pagination_spec.as_ref()?;
    let variant = op.variants.iter().find(|v| (200..300).contains(&v.code))?;
    let Payload::Json(body) = &variant.payload else {
        return None;
    };
    let (items, list) = walk(space, body, &spec.items)?;
    let TypeRef::Vec(item) = resolve(space, list) else {
        return None;
    };
    let count = |pointer: &Option<Vec<String>>| -> Option<Option<PageCount>> {
        let Some(pointer) = pointer else { return Some(None) };
        let (steps, ty) = walk(space, body, pointer)?;
        Some(Some(PageCount {
            steps,
            prim: integer(space, ty)?,
        }))
    };
    Some(Pagination {
        first_page: spec.first_page,
        page: field(space, op, &spec.page)?,
        size: field(space, op, &spec.size)?,
        variant: variant.name.clone(),
        items,
        item: (**item).clone(),
        total: count(&spec.total)?,
        pages: count(&spec.pages)?,
    })
}

/// The request field a pagination parameter names, if it is an integer.
fn field(space: &TypeSpace, op: &Operation, param: &PageParam) -> Option<PageField> {
    if !param.in_body {
        let p = op.params.iter().find(|p| p.name.raw == param.name)?;
        return Some(PageField {
            prim: integer(space, &p.ty)?,
            field: p.name.rust.clone(),
            optional: matches!(p.ty, TypeRef::Option(_)),
            in_body: false,
            body_optional: false,
        });
    }
    let body = op.body.as_ref()?;
    let TypeKind::Struct { fields, .. } = &space.get(named(space, &body.ty)?).kind else {
        return None;
    };
    let f = fields.iter().find(|f| f.name.raw == param.name)?;
    Some(PageField {
        prim: integer(space, &f.ty)?,
        field: f.name.rust.clone(),
        optional: matches!(f.ty, TypeRef::Option(_)),
        in_body: true,
        body_optional: !body.required,
    })
}

/// The fields from a body to the value a pointer names, and that value's type.
fn walk<'s>(space: &'s TypeSpace, mut ty: &'s TypeRef, pointer: &[String]) -> Option<(Vec<PageStep>, &'s TypeRef)> {
    let mut steps = Vec::new();
    for key in pointer {
        let TypeKind::Struct { fields, .. } = &space.get(named(space, ty)?).kind else {
            return None;
        };
        let f = fields.iter().find(|f| f.name.raw == *key)?;
        steps.push(PageStep {
            field: f.name.rust.clone(),
            optional: matches!(f.ty, TypeRef::Option(_)),
        });
        ty = &f.ty;
    }
    Some((steps, ty))
}

/// The type behind options, boxes and aliases.
fn resolve<'s>(space: &'s TypeSpace, ty: &'s TypeRef) -> &'s TypeRef {
    match ty {
        TypeRef::Option(inner) | TypeRef::Box(inner) => resolve(space, inner),
        TypeRef::Named(id) => match &space.get(*id).kind {
            TypeKind::Alias(inner) => resolve(space, inner),
            _ => ty,
        },
        _ => ty,
    }
}

fn named(space: &TypeSpace, ty: &TypeRef) -> Option<crate::ir::TypeId> {
    match resolve(space, ty) {
        TypeRef::Named(id) => Some(*id),
        _ => None,
    }
}

/// The integer type of a value, if it is one.
fn integer(space: &TypeSpace, ty: &TypeRef) -> Option<Prim> {
    match resolve(space, ty) {
        TypeRef::Prim(p @ (Prim::I32 | Prim::I64 | Prim::U64)) => Some(*p),
        _ => None,
    }
}
