//! Parameter merging: the parameters an operation takes are its path item's, overridden by its
//! own where name and location match (header names ignoring case).

use super::{Document, MaybeRef, Operation, Parameter, PathItem, RefError};
use crate::pointer::JsonPointer;

/// One parameter of an operation, as listed and as defined.
#[derive(Debug, Clone)]
pub struct ListedParam<'d> {
    /// Where the parameter is listed (an entry of a `parameters` list).
    pub at: JsonPointer,
    /// The definition, the reference followed; `Err` when the reference is broken.
    pub param: Result<&'d Parameter, RefError>,
    /// Listed on the path item rather than the operation.
    pub on_path_item: bool,
}

/// Where an entry of a `parameters` list is written.
pub fn listed_at(entry: &MaybeRef<Parameter>) -> &JsonPointer {
    match entry {
        MaybeRef::Item(p) => &p.at,
        MaybeRef::Ref(r) => &r.at,
    }
}

impl Document {
    /// The parameters of `op` on `item`: the path item's first, in order, then the
    /// operation's; an operation parameter replaces the path item's of the same name and
    /// location (and takes its place at the end).
    pub fn parameters_of<'d>(&'d self, item: &'d PathItem, op: &'d Operation) -> Vec<ListedParam<'d>> {
        let mut out: Vec<ListedParam<'d>> = Vec::new();
        let lists = [(&item.parameters, true), (&op.parameters, false)];
        for (list, on_path_item) in lists {
            for entry in list {
                let param = self.resolve(entry);
                // An operation parameter replaces the path item's; a name declared twice in one
                // list stays twice (the document is wrong; `analyse_operations` keeps the first).
                if let Ok(p) = &param
                    && !on_path_item
                {
                    out.retain(|q| !(q.on_path_item && q.param.as_ref().is_ok_and(|q| q.same_as(&p.name, p.location))));
                }
                out.push(ListedParam {
                    at: listed_at(entry).clone(),
                    param,
                    on_path_item,
                });
            }
        }
        out
    }
}
