//! What Rust cannot hold as written: alias cycles become nominal types, and fields that reach
//! their own type by value are boxed (strongly connected components, in linear time).

use crate::ir::{Name, TypeId, TypeKind, TypeRef, TypeSpace, UnionVariant};

/// Rust has no recursive type aliases: an alias that reaches itself through other aliases (a
/// map of itself, a list of lists of itself) becomes a one-variant untagged union, a nominal
/// type with the same JSON shape.
pub(super) fn break_alias_cycles(space: &mut TypeSpace) {
    fn named(ty: &TypeRef, out: &mut Vec<usize>) {
        match ty {
            TypeRef::Named(id) => out.push(id.0),
            TypeRef::Option(t) | TypeRef::Vec(t) | TypeRef::Map(t) | TypeRef::Box(t) => named(t, out),
            TypeRef::Tuple(items) => items.iter().for_each(|t| named(t, out)),
            TypeRef::Prim(_) | TypeRef::Json => {}
        }
    }
    // Only aliases are transparent: the graph of alias to the types it names.
    let edges: Vec<Vec<usize>> = space
        .defs
        .iter()
        .map(|d| {
            let mut out = Vec::new();
            if let TypeKind::Alias(ty) = &d.kind {
                named(ty, &mut out);
            }
            out.retain(|t| matches!(space.defs[*t].kind, TypeKind::Alias(_)));
            out
        })
        .collect();
    let component = strongly_connected(&edges);
    let cyclic: Vec<usize> = (0..space.defs.len())
        .filter(|&i| edges[i].iter().any(|&t| t == i || component[t] == component[i]))
        .collect();
    for i in cyclic {
        let def = &mut space.defs[i];
        let TypeKind::Alias(ty) = std::mem::replace(&mut def.kind, TypeKind::Alias(TypeRef::Json)) else {
            unreachable!("only aliases have edges");
        };
        let label = match &ty {
            TypeRef::Map(_) => "Map",
            TypeRef::Vec(_) | TypeRef::Tuple(_) => "List",
            _ => "Value",
        };
        def.kind = TypeKind::Union {
            variants: vec![UnionVariant {
                name: Name {
                    raw: label.to_owned(),
                    rust: label.to_owned(),
                },
                ty,
            }],
            discriminator: None,
        };
    }
}

/// Breaks infinite-size recursion: a field whose type reaches its own struct without passing
/// through a `Vec` or a map is boxed.
pub(super) fn box_recursive_fields(space: &mut TypeSpace) {
    let direct: Vec<Vec<usize>> = space
        .defs
        .iter()
        .map(|d| {
            let mut out = Vec::new();
            match &d.kind {
                TypeKind::Struct { fields, .. } => fields.iter().for_each(|f| direct_ids(&f.ty, &mut out)),
                TypeKind::Union { variants, .. } => variants.iter().for_each(|v| direct_ids(&v.ty, &mut out)),
                TypeKind::Alias(t) => direct_ids(t, &mut out),
                TypeKind::Enum { .. } => {}
            }
            out.into_iter().map(|id| id.0).collect()
        })
        .collect();
    // A slot held by value leads back to its own type exactly when its target is the type
    // itself or shares its strongly connected component: linear, however many types.
    let component = strongly_connected(&direct);
    let mut boxes: Vec<(usize, usize)> = Vec::new();
    for def in &space.defs {
        let slots: Vec<&TypeRef> = match &def.kind {
            TypeKind::Struct { fields, .. } => fields.iter().map(|f| &f.ty).collect(),
            TypeKind::Union { variants, .. } => variants.iter().map(|v| &v.ty).collect(),
            _ => Vec::new(),
        };
        for (i, ty) in slots.into_iter().enumerate() {
            let mut ids = Vec::new();
            direct_ids(ty, &mut ids);
            if ids
                .iter()
                .any(|t| t.0 == def.id.0 || component[t.0] == component[def.id.0])
            {
                boxes.push((def.id.0, i));
            }
        }
    }
    for (def, slot) in boxes {
        let ty = match &mut space.defs[def].kind {
            TypeKind::Struct { fields, .. } => &mut fields[slot].ty,
            TypeKind::Union { variants, .. } => &mut variants[slot].ty,
            _ => continue,
        };
        *ty = boxed(std::mem::replace(ty, TypeRef::Json));
    }
}

/// The strongly connected component of every node of a graph (Tarjan's algorithm, with an
/// explicit stack so that a long chain of types cannot overflow the call stack).
pub(super) fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let (mut index, mut low, mut component) = (vec![UNSEEN; n], vec![0; n], vec![UNSEEN; n]);
    let (mut on_stack, mut stack) = (vec![false; n], Vec::new());
    let (mut next_index, mut next_component) = (0, 0);
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        // (node, how many of its edges were followed)
        let mut work = vec![(root, 0)];
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index[node] == UNSEEN {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&next) = edges[node].get(*edge) {
                *edge += 1;
                if next >= n {
                    continue;
                }
                if index[next] == UNSEEN {
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

/// Boxes inside an `Option`, so the field stays `Option<Box<T>>`.
pub(super) fn boxed(ty: TypeRef) -> TypeRef {
    match ty {
        TypeRef::Option(inner) => TypeRef::Option(Box::new(boxed(*inner))),
        other => TypeRef::Box(Box::new(other)),
    }
}

/// Named types held by value (not behind a Vec, a map or a Box).
pub(super) fn direct_ids(ty: &TypeRef, out: &mut Vec<TypeId>) {
    match ty {
        TypeRef::Named(id) => out.push(*id),
        TypeRef::Option(inner) => direct_ids(inner, out),
        TypeRef::Tuple(items) => items.iter().for_each(|t| direct_ids(t, out)),
        TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Box(_) | TypeRef::Prim(_) | TypeRef::Json => {}
    }
}

#[cfg(test)]
mod tests {
    use super::strongly_connected;

    #[test]
    fn components_of_cycles_chains_and_self_loops() {
        // 0 → 1 → 2 → 0, 3 → 3, 4 → 0, 5 alone; 6 is out of range.
        let c = strongly_connected(&[vec![1], vec![2], vec![0, 6], vec![3], vec![0], vec![]]);
        assert!(c[0] == c[1] && c[1] == c[2]);
        assert!(c[3] != c[0] && c[4] != c[0] && c[5] != c[4] && c[3] != c[5]);
        // A long chain does not overflow the stack.
        let chain: Vec<Vec<usize>> = (0..200_000).map(|i| vec![(i + 1) % 200_000]).collect();
        let c = strongly_connected(&chain);
        assert!(c.iter().all(|x| *x == c[0]));
    }
}
