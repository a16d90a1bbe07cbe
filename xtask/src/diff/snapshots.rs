//! The CRM snapshots (`tests/snapshots/crm/`) a spec edit changes, computed the way
//! `tests/tests/crm.rs` writes them: `operation@<operationId>` (the operation's IR and a legend
//! of the types it mentions), `inline@<operationId>` (the items of the types lowered from its
//! inline schemas), `schema@<Component>` (the items of one component schema and the inline types
//! named after it) and `models@shared` (items of models.rs that no type owns).
//!
//! `tests/tests/diff.rs` checks that these texts equal the checked-in snapshots, so the two
//! cannot drift apart.

use std::collections::BTreeMap;

use generator::ir::{Api, Operation, TypeDef, TypeId};
use generator::{Files, JsonPointer};

/// Where the CRM snapshots live, relative to the project root.
pub const SNAPSHOT_DIR: &str = "tests/snapshots/crm";

/// Snapshot name (`operation@getMemberPoints`) to contents, in review order: each operation
/// followed by its inline types, then each component schema, then `models@shared`.
pub type Snapshots = Vec<(String, String)>;

/// How a snapshot changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SnapshotDelta {
    Added,
    Removed,
    Changed,
    /// Only the numbers of the `TypeId`s it mentions moved (a type was added or removed before).
    Renumbered,
}

impl SnapshotDelta {
    pub fn label(self) -> &'static str {
        match self {
            SnapshotDelta::Added => "new",
            SnapshotDelta::Removed => "deleted",
            SnapshotDelta::Changed => "changed",
            SnapshotDelta::Renumbered => "type ids renumbered only",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SnapshotChange {
    pub name: String,
    pub delta: SnapshotDelta,
}

impl SnapshotChange {
    /// The file, relative to the project root.
    pub fn path(&self) -> String {
        format!("{SNAPSHOT_DIR}/{}.snap", self.name)
    }
}

/// The snapshots of one document (its lowered API and generated files); the second list holds
/// the same texts with every `TypeId` number replaced by the type's name.
pub fn snapshots(api: &Api, files: &Files) -> Result<(Snapshots, Snapshots), String> {
    let models = files.get("src/models.rs").ok_or("generate wrote no src/models.rs")?;
    let groups = item_groups(api, models)?;
    let mut inline: BTreeMap<String, String> = BTreeMap::new();
    let mut schemas = Vec::new();
    let mut shared = None;
    for (g, code) in groups {
        match g {
            Group::Operation(id) => {
                inline.insert(id, code);
            }
            Group::Schema(name) => schemas.push((format!("schema@{name}"), code)),
            Group::Shared => shared = Some(code),
        }
    }
    let (mut out, mut named) = (Vec::new(), Vec::new());
    for op in &api.operations {
        let ir = format!("{op:#?}");
        let text = format!("{ir}\n\n{}", type_legend(api, &ir));
        let name = format!("operation@{}", op.id.raw);
        named.push((name.clone(), name_type_ids(api, &text)));
        out.push((name, text));
        if let Some(code) = inline.remove(&op.id.raw) {
            let name = format!("inline@{}", op.id.raw);
            named.push((name.clone(), code.clone()));
            out.push((name, code));
        }
    }
    for (name, code) in schemas
        .into_iter()
        .chain(shared.map(|c| ("models@shared".to_owned(), c)))
    {
        named.push((name.clone(), code.clone()));
        out.push((name, code));
    }
    Ok((out, named))
}

/// The snapshots that differ, in review order: the new document's order, then those deleted.
pub fn changed(old: &(Snapshots, Snapshots), new: &(Snapshots, Snapshots)) -> Vec<SnapshotChange> {
    let find = |list: &Snapshots, name: &str| list.iter().find(|(n, _)| n == name).map(|(_, t)| t.clone());
    let mut out = Vec::new();
    for ((name, text), (_, named)) in new.0.iter().zip(&new.1) {
        let delta = match find(&old.0, name) {
            None => SnapshotDelta::Added,
            Some(t) if t.trim_end() == text.trim_end() => continue,
            Some(_) if find(&old.1, name).is_some_and(|t| t.trim_end() == named.trim_end()) => {
                SnapshotDelta::Renumbered
            }
            Some(_) => SnapshotDelta::Changed,
        };
        out.push(SnapshotChange {
            name: name.clone(),
            delta,
        });
    }
    for (name, _) in &old.0 {
        if find(&new.0, name).is_none() {
            out.push(SnapshotChange {
                name: name.clone(),
                delta: SnapshotDelta::Removed,
            });
        }
    }
    out
}

/// Where a generated type comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Group {
    Schema(String),
    Operation(String),
    Shared,
}

fn component_of(source: &JsonPointer) -> Option<String> {
    match source.tokens().as_slice() {
        [c, s, name, ..] if c == "components" && s == "schemas" => Some(name.clone()),
        _ => None,
    }
}

fn group_of(api: &Api, def: &TypeDef) -> Group {
    if let Some(component) = component_of(&def.source) {
        return Group::Schema(component);
    }
    let tokens = def.source.tokens();
    let under = |op: &Operation| def.source.starts_with(&op.source);
    let on_path = |op: &Operation| {
        let op_tokens = op.source.tokens();
        tokens.len() > 2
            && op_tokens.len() > 2
            && tokens[..2] == op_tokens[..2]
            && def.name.rust.starts_with(&generator::naming::type_name(&op.id.raw))
    };
    api.operations
        .iter()
        .find(|op| under(op))
        .or_else(|| api.operations.iter().find(|op| on_path(op)))
        .map_or(Group::Shared, |op| Group::Operation(op.id.raw.clone()))
}

fn item_type(item: &syn::Item) -> Option<String> {
    match item {
        syn::Item::Struct(s) => Some(s.ident.to_string()),
        syn::Item::Enum(e) => Some(e.ident.to_string()),
        syn::Item::Type(t) => Some(t.ident.to_string()),
        syn::Item::Union(u) => Some(u.ident.to_string()),
        syn::Item::Impl(i) => match &*i.self_ty {
            syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
            _ => None,
        },
        syn::Item::Macro(m) if m.ident.is_none() => super::api::macro_owner(&m.mac),
        _ => None,
    }
}

fn item_groups(api: &Api, models: &str) -> Result<Vec<(Group, String)>, String> {
    let mut order: Vec<Group> = Vec::new();
    let mut group_of_type = BTreeMap::new();
    for def in &api.types.defs {
        let group = group_of(api, def);
        if !order.contains(&group) {
            order.push(group.clone());
        }
        group_of_type.insert(def.name.rust.trim_start_matches("r#").to_owned(), group);
    }
    let file = syn::parse_file(models).map_err(|e| format!("models.rs does not parse: {e}"))?;
    let mut items: BTreeMap<Group, Vec<syn::Item>> = BTreeMap::new();
    let mut unassigned = Vec::new();
    for item in file.items {
        match item_type(&item).and_then(|t| group_of_type.get(&t)) {
            Some(group) => items.entry(group.clone()).or_default().push(item),
            None => unassigned.push(item),
        }
    }
    let mut out: Vec<(Group, String)> = order
        .into_iter()
        .filter_map(|g| items.remove(&g).map(|group| (g, unparse(group))))
        .collect();
    if !unassigned.is_empty() {
        out.push((Group::Shared, unparse(unassigned)));
    }
    Ok(out)
}

fn unparse(items: Vec<syn::Item>) -> String {
    let mut file = syn::parse_file("").expect("an empty file parses");
    file.items = items;
    prettyplease::unparse(&file)
}

/// The numbers inside `TypeId(...)` in the order the text mentions them.
fn type_ids(text: &str) -> Vec<usize> {
    let mut seen = Vec::new();
    for piece in text.split("TypeId(").skip(1) {
        let digits: String = piece.trim_start().chars().take_while(char::is_ascii_digit).collect();
        if let Ok(n) = digits.parse::<usize>()
            && !seen.contains(&n)
        {
            seen.push(n);
        }
    }
    seen
}

fn type_legend(api: &Api, text: &str) -> String {
    let mut out = String::from("types:\n");
    for n in type_ids(text) {
        let def = api.types.get(TypeId(n));
        out.push_str(&format!("  TypeId({n}) = {} ({})\n", def.name.rust, def.source));
    }
    out
}

/// The text with each `TypeId(<n>)` replaced by `TypeId(<its Rust name>)`.
fn name_type_ids(api: &Api, text: &str) -> String {
    let mut out = String::new();
    let mut parts = text.split("TypeId(");
    out.push_str(parts.next().unwrap_or_default());
    for piece in parts {
        out.push_str("TypeId(");
        let trimmed = piece.trim_start();
        let digits: String = trimmed.chars().take_while(char::is_ascii_digit).collect();
        match digits.parse::<usize>().ok().filter(|n| *n < api.types.defs.len()) {
            Some(n) => {
                out.push_str(&api.types.get(TypeId(n)).name.rust);
                out.push_str(&trimmed[digits.len()..]);
            }
            None => out.push_str(piece),
        }
    }
    out
}
