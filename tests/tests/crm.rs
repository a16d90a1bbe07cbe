//! Snapshots of the CRM contract (`spec/openapi.yaml`), one per reviewable unit, in
//! `tests/snapshots/crm/`: `schema@<Component>` holds the Rust items generated for one component
//! schema (its own type and the inline types named after it), `operation@<operationId>` the IR of
//! one operation, and `inline@<operationId>` the items of the types lowered from its inline
//! schemas; `models@shared` holds the items of models.rs that no one type owns.

mod common;

use std::collections::BTreeMap;

use generator::ir::Api;

fn with_crm_settings(body: impl FnOnce()) {
    insta::with_settings!({
        snapshot_path => "../snapshots/crm",
        prepend_module_to_snapshot => false,
        omit_expression => true,
    }, {
        body();
    });
}

/// The component schema a type came from (`#/components/schemas/<Name>/...`), if any.
fn component_of(source: &generator::JsonPointer) -> Option<&str> {
    match source.tokens() {
        [c, s, name, ..] if c == "components" && s == "schemas" => Some(name),
        _ => None,
    }
}

/// The type an item of models.rs defines or implements.
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
        _ => None,
    }
}

/// Where a generated type comes from: a component schema, or an operation (its inline
/// parameter, body and response schemas).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Group {
    Schema(String),
    Operation(String),
    /// Items of models.rs that no single type owns.
    Shared,
}

fn group_of(api: &Api, def: &generator::ir::TypeDef) -> Group {
    if let Some(component) = component_of(&def.source) {
        return Group::Schema(component.to_owned());
    }
    let tokens = def.source.tokens();
    let under = |op: &generator::ir::Operation| tokens.starts_with(op.source.tokens());
    // A path item's own parameters sit beside its operations; each operation names its copy.
    let on_path = |op: &generator::ir::Operation| {
        tokens.len() > 2
            && op.source.tokens().len() > 2
            && tokens[..2] == op.source.tokens()[..2]
            && def
                .name
                .rust
                .starts_with(&generator::naming::type_name(&op.id.raw))
    };
    let op = api
        .operations
        .iter()
        .find(|op| under(op))
        .or_else(|| api.operations.iter().find(|op| on_path(op)))
        .unwrap_or_else(|| {
            panic!(
                "type {} ({}) comes from no component schema or operation",
                def.name.rust, def.source
            )
        });
    Group::Operation(op.id.raw.clone())
}

/// models.rs split by origin, in the order of the IR's types: each group's items,
/// pretty-printed; then the items that belong to no type (helpers such as compiled patterns),
/// as [`Group::Shared`], when there are any.
fn item_groups(api: &Api, models: &str) -> Vec<(Group, String)> {
    let mut order: Vec<Group> = Vec::new();
    let mut group_of_type = BTreeMap::new();
    for def in &api.types.defs {
        let group = group_of(api, def);
        if !order.contains(&group) {
            order.push(group.clone());
        }
        group_of_type.insert(def.name.rust.trim_start_matches("r#").to_owned(), group);
    }
    let file = syn::parse_file(models).unwrap_or_else(|e| panic!("models.rs does not parse: {e}"));
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
        .map(|g| {
            let group = items
                .remove(&g)
                .unwrap_or_else(|| panic!("no item generated for {g:?}"));
            (g, unparse(group))
        })
        .collect();
    if !unassigned.is_empty() {
        out.push((Group::Shared, unparse(unassigned)));
    }
    out
}

fn unparse(items: Vec<syn::Item>) -> String {
    let mut file = syn::parse_file("").expect("an empty file parses");
    file.items = items;
    prettyplease::unparse(&file)
}

#[test]
fn schemas() {
    let spec = common::crm();
    let api = generator::lower::lower_api(&spec).unwrap_or_else(|e| panic!("{e}"));
    let files = common::generate(&spec);
    let models = files
        .get("src/models.rs")
        .expect("generate writes src/models.rs");
    let groups = item_groups(&api, models);
    let components = spec
        .openapi
        .components
        .as_ref()
        .map_or(0, |c| c.schemas.len());
    let schema_groups = groups
        .iter()
        .filter(|(g, _)| matches!(g, Group::Schema(_)))
        .count();
    assert_eq!(schema_groups, components, "one group per component schema");
    with_crm_settings(|| {
        for (group, code) in groups {
            match group {
                Group::Schema(component) => {
                    insta::assert_snapshot!(format!("schema@{component}"), code)
                }
                Group::Shared => insta::assert_snapshot!("models@shared", code),
                // Snapshotted with their operation.
                Group::Operation(_) => {}
            }
        }
    });
}

/// The IR of every operation, followed by a legend naming each `TypeId` it mentions; and the
/// Rust items of the inline types lowered from it (`inline@<operationId>`, when it has any).
#[test]
fn operations() {
    let spec = common::crm();
    let api = generator::lower::lower_api(&spec).unwrap_or_else(|e| panic!("{e}"));
    assert!(!api.operations.is_empty(), "the CRM spec has operations");
    let files = common::generate(&spec);
    let models = files
        .get("src/models.rs")
        .expect("generate writes src/models.rs");
    let mut inline: BTreeMap<String, String> = item_groups(&api, models)
        .into_iter()
        .filter_map(|(g, code)| match g {
            Group::Operation(id) => Some((id, code)),
            Group::Schema(_) | Group::Shared => None,
        })
        .collect();
    with_crm_settings(|| {
        for op in &api.operations {
            let ir = format!("{op:#?}");
            let text = format!("{ir}\n\n{}", type_legend(&api, &ir));
            insta::assert_snapshot!(format!("operation@{}", op.id.raw), text);
            if let Some(code) = inline.remove(&op.id.raw) {
                insta::assert_snapshot!(format!("inline@{}", op.id.raw), code);
            }
        }
    });
    assert!(
        inline.is_empty(),
        "inline types of no operation: {:?}",
        inline.keys().collect::<Vec<_>>()
    );
}

/// `TypeId(n) = RustName (source)` for every id the text mentions, in order of first mention.
fn type_legend(api: &Api, text: &str) -> String {
    let mut seen = Vec::new();
    for piece in text.split("TypeId(").skip(1) {
        // `{:#?}` prints `TypeId(\n    57,\n)`.
        let digits: String = piece
            .trim_start()
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let Ok(n) = digits.parse::<usize>() else {
            continue;
        };
        if !seen.contains(&n) {
            seen.push(n);
        }
    }
    let mut out = String::from("types:\n");
    for n in seen {
        let def = api.types.get(generator::ir::TypeId(n));
        out.push_str(&format!(
            "  TypeId({n}) = {} ({})\n",
            def.name.rust, def.source
        ));
    }
    out
}
