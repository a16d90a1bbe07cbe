//! Lower: the [`Document`] model to the IR's [`Api`], with every decision a template needs.
//!
//! Ids are given to every component before any is converted (as typify does), so references,
//! including recursive ones, resolve in one pass; `cycles` then breaks what Rust cannot hold,
//! and `decide` settles, from the finished type space, what each type, field and operation
//! needs in the generated code. Every problem is collected before failing.

mod api;
mod cycles;
mod decide;
mod formats;
mod objects;
mod operations;

pub(crate) use operations::pagination_spec;
mod schemas;
mod shapes;

use std::collections::{BTreeMap, BTreeSet};

use crate::config::TypedFormats;
use crate::document::Document;
use crate::error::Diagnostic;
use crate::ir::{Api, FormatRuntime, Name, TypeId, TypeKind, TypeSpace};
use crate::naming::{self, Namer};
use crate::pointer::JsonPointer;

/// Lowering failed; every problem found.
#[derive(Debug, thiserror::Error)]
#[error("{} problem(s) in {}:\n{}", .0.len(), .0.first().map_or("the document", |d| d.file.as_str()), crate::error::render_all(.0))]
pub struct LowerError(pub Vec<Diagnostic>);

/// Lowers the whole document, every format as text (no typed formats).
pub fn lower_api(doc: &Document) -> Result<Api, LowerError> {
    lower_api_with(doc, TypedFormats::default())
}

/// Lowers the whole document, reading the formats `formats` turns on as their Rust types.
pub fn lower_api_with(doc: &Document, formats: TypedFormats) -> Result<Api, LowerError> {
    crate::stack::with_room(|| lower_here(doc, formats))
}

fn lower_here(doc: &Document, formats: TypedFormats) -> Result<Api, LowerError> {
    let mut cx = Lowering {
        doc,
        formats,
        format_runtimes: BTreeSet::new(),
        space: TypeSpace::default(),
        inline_by_source: BTreeMap::new(),
        type_names: Namer::for_types(),
        problems: Vec::new(),
        patterns: Default::default(),
        enums: BTreeMap::new(),
    };
    // Ids first, so any schema may refer to any other.
    for (key, schema) in &doc.components.schemas {
        let rust = cx.type_names.claim(naming::type_name(key));
        let id = cx.reserve(Name { raw: key.clone(), rust }, schema.at.clone());
        cx.space.by_ref.insert(schema.at.to_string(), id);
        if let Some(key) = schemas::enum_key(schema) {
            // The first component with these values is the one inline copies become.
            cx.enums.entry(key).or_insert(id);
        }
    }
    for (index, schema) in doc.components.schemas.values().enumerate() {
        let id = TypeId(index);
        let kind = match cx.named_kind(schema, &schema.at, id) {
            Some(kind) => kind,
            None => TypeKind::Alias(cx.type_ref(schema, &schema.at, &cx.space.get(id).name.rust.clone())),
        };
        let def = &mut cx.space.defs[id.0];
        def.kind = kind;
        def.docs = schema.docs();
    }
    let mut operations = cx.operations();
    let mut groups = api::group_operations(doc, &operations);
    let errors = api::error_plan(doc, &cx.space, &operations);
    cycles::break_alias_cycles(&mut cx.space);
    cycles::box_recursive_fields(&mut cx.space);
    if !cx.problems.is_empty() {
        return Err(LowerError(doc.diagnostics(cx.problems)));
    }
    let (patterns, imports) = decide::decide(&mut cx.space, &mut operations, &mut groups);
    Ok(Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        package: api::lower_package(&doc.info),
        docs: doc.info.description.clone(),
        servers: api::lower_servers(doc),
        security_schemes: api::lower_security_schemes(doc),
        types: cx.space,
        patterns,
        operations,
        groups,
        errors,
        imports,
        format_runtimes: cx.format_runtimes.into_iter().collect(),
    })
}

struct Lowering<'a> {
    doc: &'a Document,
    /// The formats read as their Rust types (the generator's option).
    formats: TypedFormats,
    /// The runtime modules of the typed formats the types use.
    format_runtimes: BTreeSet<FormatRuntime>,
    space: TypeSpace,
    /// Inline types by the pointer of their schema, so a shared response or parameter defines
    /// its inline types once, not once per operation that uses it.
    inline_by_source: BTreeMap<String, TypeId>,
    type_names: Namer,
    problems: Vec<(JsonPointer, String)>,
    patterns: crate::validate::Patterns,
    /// String enums by their values, names and meanings, so inline copies share one type.
    enums: BTreeMap<schemas::EnumKey, TypeId>,
}
