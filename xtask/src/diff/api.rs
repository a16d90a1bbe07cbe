//! The public surface of generated code and how it changed: every public item of every
//! generated file (structs and their public fields, enums and their variants, traits and their
//! items, functions and inherent methods with their signatures, trait implementations, derives,
//! aliases, constants, re-exports), compared by path, and the semver bump the change needs.

use std::collections::BTreeMap;
use std::fmt;

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use quote::ToTokens;

/// The semver bump a change needs (Cargo's rules; before 1.0 see [`next_version`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bump {
    None,
    Patch,
    Minor,
    Major,
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        })
    }
}

/// What kind of public item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Mod,
    Struct,
    Field,
    Enum,
    Variant,
    Trait,
    TraitMethod,
    AssocType,
    AssocConst,
    Fn,
    Method,
    Const,
    Static,
    TypeAlias,
    Impl,
    Use,
    Macro,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Mod => "mod",
            Kind::Struct => "struct",
            Kind::Field => "field",
            Kind::Enum => "enum",
            Kind::Variant => "variant",
            Kind::Trait => "trait",
            Kind::TraitMethod => "trait method",
            Kind::AssocType => "associated type",
            Kind::AssocConst => "associated const",
            Kind::Fn => "fn",
            Kind::Method => "method",
            Kind::Const => "const",
            Kind::Static => "static",
            Kind::TypeAlias => "type",
            Kind::Impl => "impl",
            Kind::Use => "use",
            Kind::Macro => "macro",
        }
    }
}

/// One public item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub kind: Kind,
    /// `models::MemberInfo::wechat_nick`; for impls, `impl Default for models::MemberInfo`.
    pub path: String,
    /// The signature, tidied (`Option<String>`, `fn new(member_type: impl Into<String>) -> Self`).
    pub sig: String,
    /// The doc comments.
    pub docs: String,
    /// What is behind the signature (function bodies, impl contents, constant values).
    pub body: String,
    /// A field's type is an `Option`; a trait item has a default; an enum is `#[non_exhaustive]`;
    /// a struct can be built with a literal (all fields public, not `#[non_exhaustive]`).
    pub lenient: bool,
}

impl Item {
    fn key(&self) -> (Kind, String) {
        (self.kind, self.path.clone())
    }
}

/// Every public item of a set of generated files, by (kind, path).
pub type Surface = BTreeMap<(Kind, String), Item>;

/// How one item changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Delta {
    Removed,
    Changed,
    Added,
    /// Only its documentation changed.
    Docs,
    /// Its signature stayed; its body (behaviour) changed.
    Body,
}

impl Delta {
    pub fn label(self) -> &'static str {
        match self {
            Delta::Removed => "removed",
            Delta::Changed => "changed",
            Delta::Added => "added",
            Delta::Docs => "docs",
            Delta::Body => "body",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiChange {
    pub delta: Delta,
    pub kind: Kind,
    pub path: String,
    /// The signature before, for removed and changed items.
    pub old_sig: Option<String>,
    /// The signature after, for added and changed items.
    pub new_sig: Option<String>,
    pub bump: Bump,
    pub note: String,
}

/// The change to the generated API.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiDiff {
    pub changes: Vec<ApiChange>,
}

impl ApiDiff {
    /// The bump the whole change needs.
    pub fn bump(&self) -> Bump {
        self.changes.iter().map(|c| c.bump).max().unwrap_or(Bump::None)
    }
}

/// The public items of generated files (`src/<module>.rs` → `<module>::...`).
pub fn surface(files: &generator::Files) -> Result<Surface, String> {
    let mut out = Surface::new();
    for (path, text) in files {
        let Some(rel) = path.strip_suffix(".rs") else { continue };
        let rel = rel.strip_prefix("src/").unwrap_or(rel);
        let module = match rel {
            "lib" | "main" => String::new(),
            r => r.trim_end_matches("/mod").replace('/', "::"),
        };
        let file = syn::parse_file(text).map_err(|e| format!("{path} does not parse: {e}"))?;
        collect(&file.items, &module, &mut out);
    }
    Ok(out)
}

fn join(module: &str, name: &str) -> String {
    if module.is_empty() {
        name.to_owned()
    } else {
        format!("{module}::{name}")
    }
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

fn docs(attrs: &[syn::Attribute]) -> String {
    let mut out = Vec::new();
    for a in attrs {
        if let syn::Meta::NameValue(nv) = &a.meta
            && nv.path.is_ident("doc")
            && let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s), ..
            }) = &nv.value
        {
            out.push(s.value());
        }
    }
    out.join("\n")
}

fn has_attr(attrs: &[syn::Attribute], name: &str, arg: Option<&str>) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident(name)
            && arg.is_none_or(|arg| match &a.meta {
                syn::Meta::List(l) => l.tokens.to_string().split(',').any(|t| t.trim() == arg),
                _ => false,
            })
    })
}

fn hidden(attrs: &[syn::Attribute]) -> bool {
    has_attr(attrs, "doc", Some("hidden"))
}

/// The traits a `#[derive]` implements.
fn derives(attrs: &[syn::Attribute]) -> Vec<String> {
    let mut out = Vec::new();
    for a in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        if let syn::Meta::List(l) = &a.meta {
            for t in l.tokens.to_string().split(',') {
                let t = tidy_text(t.trim());
                if !t.is_empty() {
                    out.push(t);
                }
            }
        }
    }
    out
}

/// Attributes that are part of an item's contract (`repr`, `non_exhaustive`, `must_use`...),
/// kept in its signature.
fn contract_attrs(attrs: &[syn::Attribute]) -> String {
    let mut out = String::new();
    for a in attrs {
        if ["repr", "non_exhaustive", "must_use", "deprecated"]
            .iter()
            .any(|n| a.path().is_ident(n))
        {
            out.push_str(&tidy(a.to_token_stream()));
            out.push(' ');
        }
    }
    out
}

/// Tokens without their doc attributes (what the signature or body is made of).
fn without_docs(tokens: TokenStream) -> TokenStream {
    let mut out = Vec::new();
    let mut iter = tokens.into_iter().peekable();
    while let Some(tt) = iter.next() {
        if let TokenTree::Punct(p) = &tt
            && p.as_char() == '#'
            && let Some(TokenTree::Group(g)) = iter.peek()
            && g.delimiter() == Delimiter::Bracket
            && g.stream().into_iter().next().is_some_and(|t| t.to_string() == "doc")
        {
            iter.next();
            continue;
        }
        match tt {
            TokenTree::Group(g) => {
                let mut ng = proc_macro2::Group::new(g.delimiter(), without_docs(g.stream()));
                ng.set_span(g.span());
                out.push(TokenTree::Group(ng));
            }
            other => out.push(other),
        }
    }
    out.into_iter().collect()
}

fn body_of(t: &impl ToTokens) -> String {
    without_docs(t.to_token_stream()).to_string()
}

fn sig_of(sig: &syn::Signature) -> String {
    tidy(sig.to_token_stream())
}

fn generics_of(g: &syn::Generics) -> String {
    let mut s = tidy(g.to_token_stream());
    if let Some(w) = &g.where_clause {
        s.push(' ');
        s.push_str(&tidy(w.to_token_stream()));
    }
    s
}

fn fields_sig(fields: &syn::Fields) -> String {
    match fields {
        syn::Fields::Unit => String::new(),
        other => tidy(without_docs(other.to_token_stream())),
    }
}

fn collect(items: &[syn::Item], module: &str, out: &mut Surface) {
    for item in items {
        let mut add = |item: Item| {
            out.insert(item.key(), item);
        };
        match item {
            syn::Item::Struct(s) if is_pub(&s.vis) && !hidden(&s.attrs) => {
                let path = join(module, &s.ident.to_string());
                let all_pub = s.fields.iter().all(|f| is_pub(&f.vis));
                let shape = match &s.fields {
                    syn::Fields::Named(_) => " { .. }",
                    syn::Fields::Unnamed(_) => "( .. )",
                    syn::Fields::Unit => ";",
                };
                add(Item {
                    kind: Kind::Struct,
                    sig: format!(
                        "{}struct {}{}{shape}",
                        contract_attrs(&s.attrs),
                        s.ident,
                        generics_of(&s.generics)
                    ),
                    docs: docs(&s.attrs),
                    body: String::new(),
                    lenient: all_pub && !has_attr(&s.attrs, "non_exhaustive", None),
                    path: path.clone(),
                });
                for (i, f) in s.fields.iter().enumerate() {
                    if !is_pub(&f.vis) || hidden(&f.attrs) {
                        continue;
                    }
                    let name = f.ident.as_ref().map_or_else(|| i.to_string(), ToString::to_string);
                    let ty = tidy(f.ty.to_token_stream());
                    add(Item {
                        kind: Kind::Field,
                        path: format!("{path}::{name}"),
                        lenient: ty.starts_with("Option<"),
                        sig: ty,
                        docs: docs(&f.attrs),
                        // serde attributes: the wire name and decoding of the field.
                        body: f
                            .attrs
                            .iter()
                            .filter(|a| !a.path().is_ident("doc"))
                            .map(|a| a.to_token_stream().to_string())
                            .collect::<Vec<_>>()
                            .join(" "),
                    });
                }
                for d in derives(&s.attrs) {
                    add(derived(&d, &path));
                }
            }
            syn::Item::Enum(e) if is_pub(&e.vis) && !hidden(&e.attrs) => {
                let path = join(module, &e.ident.to_string());
                let non_exhaustive = has_attr(&e.attrs, "non_exhaustive", None);
                add(Item {
                    kind: Kind::Enum,
                    sig: format!(
                        "{}enum {}{}",
                        contract_attrs(&e.attrs),
                        e.ident,
                        generics_of(&e.generics)
                    ),
                    docs: docs(&e.attrs),
                    body: String::new(),
                    lenient: non_exhaustive,
                    path: path.clone(),
                });
                for v in e.variants.iter().filter(|v| !hidden(&v.attrs)) {
                    add(Item {
                        kind: Kind::Variant,
                        path: format!("{path}::{}", v.ident),
                        sig: format!("{}{}", v.ident, fields_sig(&v.fields)),
                        docs: docs(&v.attrs),
                        body: v
                            .attrs
                            .iter()
                            .filter(|a| !a.path().is_ident("doc"))
                            .map(|a| a.to_token_stream().to_string())
                            .collect::<Vec<_>>()
                            .join(" "),
                        lenient: non_exhaustive,
                    });
                }
                for d in derives(&e.attrs) {
                    add(derived(&d, &path));
                }
            }
            syn::Item::Trait(t) if is_pub(&t.vis) && !hidden(&t.attrs) => {
                let path = join(module, &t.ident.to_string());
                let supertraits = if t.supertraits.is_empty() {
                    String::new()
                } else {
                    format!(": {}", tidy(t.supertraits.to_token_stream()))
                };
                add(Item {
                    kind: Kind::Trait,
                    sig: format!("trait {}{}{supertraits}", t.ident, generics_of(&t.generics)),
                    docs: docs(&t.attrs),
                    body: String::new(),
                    lenient: false,
                    path: path.clone(),
                });
                for ti in &t.items {
                    let (kind, name, sig, attrs, lenient, body) = match ti {
                        syn::TraitItem::Fn(f) => (
                            Kind::TraitMethod,
                            f.sig.ident.to_string(),
                            sig_of(&f.sig),
                            &f.attrs,
                            f.default.is_some(),
                            f.default.as_ref().map(body_of).unwrap_or_default(),
                        ),
                        syn::TraitItem::Type(ty) => {
                            let bounds = if ty.bounds.is_empty() {
                                String::new()
                            } else {
                                format!(": {}", tidy(ty.bounds.to_token_stream()))
                            };
                            (
                                Kind::AssocType,
                                ty.ident.to_string(),
                                format!("type {}{bounds}", ty.ident),
                                &ty.attrs,
                                ty.default.is_some(),
                                ty.default.as_ref().map(|d| body_of(&d.1)).unwrap_or_default(),
                            )
                        }
                        syn::TraitItem::Const(c) => (
                            Kind::AssocConst,
                            c.ident.to_string(),
                            format!("const {}: {}", c.ident, tidy(c.ty.to_token_stream())),
                            &c.attrs,
                            c.default.is_some(),
                            c.default.as_ref().map(|d| body_of(&d.1)).unwrap_or_default(),
                        ),
                        _ => continue,
                    };
                    if hidden(attrs) {
                        continue;
                    }
                    add(Item {
                        kind,
                        path: format!("{path}::{name}"),
                        sig,
                        docs: docs(attrs),
                        body,
                        lenient,
                    });
                }
            }
            syn::Item::Fn(f) if is_pub(&f.vis) && !hidden(&f.attrs) => add(Item {
                kind: Kind::Fn,
                path: join(module, &f.sig.ident.to_string()),
                sig: sig_of(&f.sig),
                docs: docs(&f.attrs),
                body: body_of(&f.block),
                lenient: false,
            }),
            syn::Item::Impl(i) if !hidden(&i.attrs) => {
                let self_ty = tidy(i.self_ty.to_token_stream());
                let self_path = if self_ty.chars().all(|c| c.is_alphanumeric() || c == '_') {
                    join(module, &self_ty)
                } else {
                    self_ty.clone()
                };
                match &i.trait_ {
                    Some((path, _)) => {
                        let bang = if i.modifiers.polarity.is_some() { "!" } else { "" };
                        add(Item {
                            kind: Kind::Impl,
                            path: format!(
                                "impl{} {bang}{} for {self_path}",
                                generics_of(&i.generics),
                                tidy(path.to_token_stream())
                            ),
                            sig: String::new(),
                            docs: docs(&i.attrs),
                            body: i.items.iter().map(body_of).collect::<Vec<_>>().join(" "),
                            lenient: false,
                        });
                    }
                    None => {
                        for ii in &i.items {
                            match ii {
                                syn::ImplItem::Fn(f) if is_pub(&f.vis) && !hidden(&f.attrs) => add(Item {
                                    kind: Kind::Method,
                                    path: format!("{self_path}::{}", f.sig.ident),
                                    sig: sig_of(&f.sig),
                                    docs: docs(&f.attrs),
                                    body: body_of(&f.block),
                                    lenient: false,
                                }),
                                syn::ImplItem::Const(c) if is_pub(&c.vis) && !hidden(&c.attrs) => add(Item {
                                    kind: Kind::Const,
                                    path: format!("{self_path}::{}", c.ident),
                                    sig: tidy(c.ty.to_token_stream()),
                                    docs: docs(&c.attrs),
                                    body: body_of(&c.expr),
                                    lenient: false,
                                }),
                                _ => {}
                            }
                        }
                    }
                }
            }
            syn::Item::Type(t) if is_pub(&t.vis) && !hidden(&t.attrs) => add(Item {
                kind: Kind::TypeAlias,
                path: join(module, &t.ident.to_string()),
                sig: format!(
                    "{}{} = {}",
                    t.ident,
                    generics_of(&t.generics),
                    tidy(t.ty.to_token_stream())
                ),
                docs: docs(&t.attrs),
                body: String::new(),
                lenient: false,
            }),
            syn::Item::Const(c) if is_pub(&c.vis) && !hidden(&c.attrs) => add(Item {
                kind: Kind::Const,
                path: join(module, &c.ident.to_string()),
                sig: tidy(c.ty.to_token_stream()),
                docs: docs(&c.attrs),
                body: body_of(&c.expr),
                lenient: false,
            }),
            syn::Item::Static(s) if is_pub(&s.vis) && !hidden(&s.attrs) => add(Item {
                kind: Kind::Static,
                path: join(module, &s.ident.to_string()),
                sig: tidy(s.ty.to_token_stream()),
                docs: docs(&s.attrs),
                body: body_of(&s.expr),
                lenient: false,
            }),
            syn::Item::Use(u) if is_pub(&u.vis) && !hidden(&u.attrs) => add(Item {
                kind: Kind::Use,
                path: join(module, &tidy(u.tree.to_token_stream())),
                sig: String::new(),
                docs: String::new(),
                body: String::new(),
                lenient: false,
            }),
            syn::Item::Macro(m) if has_attr(&m.attrs, "macro_export", None) => {
                if let Some(ident) = &m.ident {
                    add(Item {
                        kind: Kind::Macro,
                        path: format!("{ident}!"),
                        sig: String::new(),
                        docs: docs(&m.attrs),
                        body: body_of(&m.mac),
                        lenient: false,
                    });
                }
            }
            // A macro that writes a type's impls (`string_enum!(Name, ..)`): its arguments are
            // those impls' body, so a new enum value shows as a changed body.
            syn::Item::Macro(m) if m.ident.is_none() && !hidden(&m.attrs) => {
                if let (Some(name), Some(owner)) = (m.mac.path.segments.last(), macro_owner(&m.mac)) {
                    add(Item {
                        kind: Kind::Impl,
                        path: format!("impl {}! for {}", name.ident, join(module, &owner)),
                        sig: String::new(),
                        docs: docs(&m.attrs),
                        body: body_of(&m.mac),
                        lenient: false,
                    });
                }
            }
            syn::Item::Mod(m) if is_pub(&m.vis) && !hidden(&m.attrs) => {
                let path = join(module, &m.ident.to_string());
                add(Item {
                    kind: Kind::Mod,
                    path: path.clone(),
                    sig: String::new(),
                    docs: docs(&m.attrs),
                    body: String::new(),
                    lenient: false,
                });
                if let Some((_, inner)) = &m.content {
                    collect(inner, &path, out);
                }
            }
            _ => {}
        }
    }
}

fn derived(trait_name: &str, path: &str) -> Item {
    Item {
        kind: Kind::Impl,
        path: format!("impl {trait_name} for {path}"),
        sig: String::new(),
        docs: String::new(),
        body: "derive".into(),
        lenient: false,
    }
}

/// Compares two surfaces.
pub fn diff_surfaces(old: &Surface, new: &Surface) -> ApiDiff {
    let mut changes = Vec::new();
    let impls_default = |parent: &str| new.contains_key(&(Kind::Impl, format!("impl Default for {parent}")));
    let parent_of = |path: &str| path.rsplit_once("::").map_or(String::new(), |(p, _)| p.to_owned());
    for (key, o) in old {
        if !new.contains_key(key) {
            changes.push(ApiChange {
                delta: Delta::Removed,
                kind: o.kind,
                path: o.path.clone(),
                old_sig: Some(o.sig.clone()),
                new_sig: None,
                bump: Bump::Major,
                note: String::new(),
            });
        }
    }
    for (key, n) in new {
        let Some(o) = old.get(key) else {
            let (bump, note) = added_bump(n, old, new, &parent_of, &impls_default);
            changes.push(ApiChange {
                delta: Delta::Added,
                kind: n.kind,
                path: n.path.clone(),
                old_sig: None,
                new_sig: Some(n.sig.clone()),
                bump,
                note,
            });
            continue;
        };
        let (delta, bump, note) = if o.sig != n.sig {
            let note = match n.kind {
                Kind::Struct | Kind::Enum if o.lenient != n.lenient => "exhaustiveness changed",
                _ => "",
            };
            (Delta::Changed, Bump::Major, note.to_owned())
        } else if o.kind == Kind::TraitMethod && o.lenient && !n.lenient {
            (Delta::Changed, Bump::Major, "lost its default body".to_owned())
        } else if o.body != n.body {
            (Delta::Body, Bump::Patch, String::new())
        } else if o.docs != n.docs {
            (Delta::Docs, Bump::Patch, String::new())
        } else {
            continue;
        };
        changes.push(ApiChange {
            delta,
            kind: n.kind,
            path: n.path.clone(),
            old_sig: Some(o.sig.clone()),
            new_sig: Some(n.sig.clone()),
            bump,
            note,
        });
    }
    note_renames(&mut changes, &parent_of);
    changes.sort_by(|a, b| (a.delta, &a.path, a.kind).cmp(&(b.delta, &b.path, b.kind)));
    ApiDiff {
        changes: fold_new_types(changes),
    }
}

/// A field or variant removed and another added beside it with the same signature: a rename?
fn note_renames(changes: &mut [ApiChange], parent_of: &dyn Fn(&str) -> String) {
    let mut pairs = Vec::new();
    for (i, r) in changes.iter().enumerate() {
        if r.delta != Delta::Removed || !matches!(r.kind, Kind::Field | Kind::Variant) {
            continue;
        }
        let found = changes.iter().enumerate().position(|(j, a)| {
            a.delta == Delta::Added
                && a.kind == r.kind
                && parent_of(&a.path) == parent_of(&r.path)
                && a.new_sig == r.old_sig
                && !pairs.iter().any(|(_, k)| *k == j)
        });
        if let Some(j) = found {
            pairs.push((i, j));
        }
    }
    let last = |p: &str| p.rsplit("::").next().unwrap_or(p).to_owned();
    for (i, j) in pairs {
        let (from, to) = (last(&changes[i].path), last(&changes[j].path));
        let note = format!("renamed? `{from}` → `{to}`");
        for k in [i, j] {
            let c = &mut changes[k];
            c.note = if c.note.is_empty() {
                note.clone()
            } else {
                format!("{note}; {}", c.note)
            };
        }
    }
}

/// The members of a type that is new itself (its fields, variants, methods, implementations)
/// are counted in the type's row rather than listed one by one.
fn fold_new_types(changes: Vec<ApiChange>) -> Vec<ApiChange> {
    let new_types: Vec<String> = changes
        .iter()
        .filter(|c| c.delta == Delta::Added && matches!(c.kind, Kind::Struct | Kind::Enum | Kind::Trait))
        .map(|c| c.path.clone())
        .collect();
    let owner = |c: &ApiChange| -> Option<String> {
        if c.delta != Delta::Added {
            return None;
        }
        let parent = match c.kind {
            Kind::Impl => c.path.rsplit_once(" for ").map(|(_, t)| t.to_owned())?,
            Kind::Field
            | Kind::Variant
            | Kind::Method
            | Kind::Const
            | Kind::TraitMethod
            | Kind::AssocType
            | Kind::AssocConst => c.path.rsplit_once("::").map(|(p, _)| p.to_owned())?,
            _ => return None,
        };
        new_types.contains(&parent).then_some(parent)
    };
    let mut counts: BTreeMap<String, BTreeMap<&'static str, usize>> = BTreeMap::new();
    let mut kept = Vec::new();
    for c in changes {
        match owner(&c) {
            Some(parent) => {
                let label = match c.kind {
                    Kind::Impl => "impl",
                    Kind::Field => "field",
                    Kind::Variant => "variant",
                    Kind::Method | Kind::TraitMethod => "method",
                    _ => "associated item",
                };
                *counts.entry(parent).or_default().entry(label).or_default() += 1;
            }
            None => kept.push(c),
        }
    }
    for c in &mut kept {
        if let Some(members) = counts.get(&c.path) {
            let parts: Vec<String> = members
                .iter()
                .map(|(label, n)| format!("{n} {label}{}", if *n == 1 { "" } else { "s" }))
                .collect();
            c.note = format!("new, with {}", parts.join(", "));
        }
    }
    kept
}

fn added_bump(
    n: &Item,
    old: &Surface,
    new: &Surface,
    parent_of: &dyn Fn(&str) -> String,
    impls_default: &dyn Fn(&str) -> bool,
) -> (Bump, String) {
    let parent = parent_of(&n.path);
    let parent_existed = |kind: Kind| old.contains_key(&(kind, parent.clone()));
    match n.kind {
        Kind::Field if parent_existed(Kind::Struct) => {
            let literal = new.get(&(Kind::Struct, parent.clone())).is_some_and(|s| s.lenient);
            if !literal {
                (Bump::Minor, String::new())
            } else if !n.lenient {
                (Bump::Major, "a new required field: struct literals break".into())
            } else if impls_default(&parent) {
                (
                    Bump::Minor,
                    "optional: struct literals without `..Default::default()` break".into(),
                )
            } else {
                (Bump::Major, "struct literals break (no `Default`)".into())
            }
        }
        Kind::Variant if parent_existed(Kind::Enum) && !n.lenient => {
            (Bump::Major, "a new variant: exhaustive `match`es break".into())
        }
        Kind::TraitMethod | Kind::AssocType | Kind::AssocConst if parent_existed(Kind::Trait) && !n.lenient => {
            (Bump::Major, "implementors must add it".into())
        }
        _ => (Bump::Minor, String::new()),
    }
}

/// The version after `bump`, following Cargo: before 1.0, a breaking change bumps the minor
/// number and anything else the patch number.
pub fn next_version(current: &str, bump: Bump) -> Option<String> {
    let mut parts = current
        .split(['-', '+'])
        .next()?
        .split('.')
        .map(|p| p.parse::<u64>().ok());
    let (major, minor, patch) = (parts.next()??, parts.next()??, parts.next()??);
    Some(match (bump, major) {
        (Bump::None, _) => current.to_owned(),
        (Bump::Major, 0) => format!("0.{}.0", minor + 1),
        (Bump::Minor | Bump::Patch, 0) => format!("0.{minor}.{}", patch + 1),
        (Bump::Major, _) => format!("{}.0.0", major + 1),
        (Bump::Minor, _) => format!("{major}.{}.0", minor + 1),
        (Bump::Patch, _) => format!("{major}.{minor}.{}", patch + 1),
    })
}

/// Common paths, shortened for reading (`::std::option::Option` → `Option`, `crate::` → ``).
const SHORT: [(&str, &str); 18] = [
    ("::std::marker::Sized", "Sized"),
    ("::std::sync::Arc", "Arc"),
    ("::std::option::Option", "Option"),
    ("::std::string::String", "String"),
    ("::std::vec::Vec", "Vec"),
    ("::std::result::Result", "Result"),
    ("::std::boxed::Box", "Box"),
    ("::std::collections::BTreeMap", "BTreeMap"),
    ("::std::collections::HashMap", "HashMap"),
    ("::std::future::Future", "Future"),
    ("::std::marker::Send", "Send"),
    ("::std::marker::Sync", "Sync"),
    ("::std::convert::Into", "Into"),
    ("::std::convert::From", "From"),
    ("::std::default::Default", "Default"),
    ("::std::fmt::Debug", "Debug"),
    ("::std::fmt::Display", "Display"),
    ("crate::", ""),
];

/// Tokens as one readable line.
pub fn tidy(tokens: TokenStream) -> String {
    let mut out = String::new();
    print_tokens(tokens, &mut out);
    shorten(&out)
}

fn tidy_text(text: &str) -> String {
    text.parse::<TokenStream>().map_or_else(|_| text.to_owned(), tidy)
}

fn shorten(text: &str) -> String {
    let mut s = text.to_owned();
    for (long, short) in SHORT {
        s = s.replace(long, short);
    }
    s.replace(",>", ">").replace(",)", ")")
}

/// A token as the printer sees it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Start,
    Word {
        keyword: bool,
    },
    PathSep,
    Colon,
    Comma,
    Lt,
    Gt,
    /// `&`, `'` of a lifetime, `#`, `!` and `*` in prefix position: glued to what follows.
    Prefix,
    /// `=`, `+`, `->`, `=>` and other binary operators: spaced.
    Spaced,
    Group(Delimiter),
}

const KEYWORDS: [&str; 10] = ["impl", "dyn", "as", "for", "mut", "where", "in", "fn", "pub", "const"];

/// Prints tokens on one line, spaced the way rustfmt would, near enough for reading.
fn print_tokens(tokens: TokenStream, out: &mut String) {
    let items: Vec<TokenTree> = tokens.into_iter().collect();
    let mut prev = Class::Start;
    let mut i = 0;
    while i < items.len() {
        let (text, class, used) = match &items[i] {
            TokenTree::Ident(id) => {
                let t = id.to_string();
                let keyword = KEYWORDS.contains(&t.as_str());
                (t, Class::Word { keyword }, 1)
            }
            TokenTree::Literal(l) => (l.to_string(), Class::Word { keyword: false }, 1),
            TokenTree::Group(g) => {
                let (open, close) = match g.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{ ", " }"),
                    Delimiter::None => ("", ""),
                };
                let mut inner = String::new();
                print_tokens(g.stream(), &mut inner);
                let text = if inner.is_empty() {
                    format!("{}{}", open.trim(), close.trim())
                } else {
                    format!("{open}{inner}{close}")
                };
                (text, Class::Group(g.delimiter()), 1)
            }
            TokenTree::Punct(p) => {
                // Multi-character operators are joint puncts followed by one more.
                let mut op = p.as_char().to_string();
                let mut j = i;
                while let TokenTree::Punct(q) = &items[j]
                    && q.spacing() == Spacing::Joint
                    && q.as_char() != '\''
                    && let Some(TokenTree::Punct(next)) = items.get(j + 1)
                {
                    op.push(next.as_char());
                    j += 1;
                }
                let class = match op.as_str() {
                    "::" => Class::PathSep,
                    ":" => Class::Colon,
                    "," | ";" => Class::Comma,
                    "<" => Class::Lt,
                    ">" => Class::Gt,
                    "&" | "'" | "#" | "!" | "*" | "&&" | "?" => Class::Prefix,
                    _ => Class::Spaced,
                };
                (op, class, j - i + 1)
            }
        };
        let space = match (prev, class) {
            (Class::Start, _) => false,
            (_, Class::Comma | Class::Colon | Class::Gt) => false,
            (Class::Lt | Class::PathSep | Class::Prefix, _) => false,
            (_, Class::Lt) => false,
            (Class::Word { keyword }, Class::PathSep) => keyword,
            (Class::Gt, Class::PathSep) => false,
            (_, Class::PathSep) => true,
            (Class::Word { keyword: false }, Class::Group(Delimiter::Parenthesis)) => false,
            (Class::Word { .. }, Class::Prefix) if text == "!" => false,
            (_, Class::Group(Delimiter::Brace)) => true,
            _ => true,
        };
        if space {
            out.push(' ');
        }
        out.push_str(&text);
        prev = class;
        i += used;
    }
}

/// The type a macro invocation item writes impls for: its first argument, when an identifier.
pub fn macro_owner(mac: &syn::Macro) -> Option<String> {
    match mac.tokens.clone().into_iter().next()? {
        proc_macro2::TokenTree::Ident(ident) => Some(ident.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(src: &str) -> String {
        tidy(src.parse().unwrap())
    }

    #[test]
    fn tidies_types_and_signatures() {
        assert_eq!(
            t(":: std :: option :: Option < :: std :: string :: String >"),
            "Option<String>"
        );
        assert_eq!(
            t("fn new (member_type : impl :: std :: convert :: Into < :: std :: string :: String >) -> Self"),
            "fn new(member_type: impl Into<String>) -> Self"
        );
        assert_eq!(
            t(
                "fn get (& self , request : crate :: requests :: Get) -> impl :: std :: future :: Future < Output = :: std :: result :: Result < crate :: responses :: GetResponse , Self :: Error > , > + :: std :: marker :: Send"
            ),
            "fn get(&self, request: requests::Get) -> impl Future<Output = Result<responses::GetResponse, Self::Error>> + Send"
        );
        assert_eq!(t("& 'static [& 'static str]"), "&'static [&'static str]");
        assert_eq!(t("Unknown (:: std :: string :: String)"), "Unknown(String)");
    }

    #[test]
    fn versions_follow_cargo() {
        assert_eq!(next_version("0.1.0", Bump::Major).as_deref(), Some("0.2.0"));
        assert_eq!(next_version("0.1.0", Bump::Minor).as_deref(), Some("0.1.1"));
        assert_eq!(next_version("1.2.3", Bump::Major).as_deref(), Some("2.0.0"));
        assert_eq!(next_version("1.2.3", Bump::Minor).as_deref(), Some("1.3.0"));
        assert_eq!(next_version("1.2.3", Bump::Patch).as_deref(), Some("1.2.4"));
        assert_eq!(next_version("1.2.3", Bump::None).as_deref(), Some("1.2.3"));
        assert_eq!(next_version("x", Bump::Major), None);
    }

    fn surface_of(src: &str) -> Surface {
        let files: generator::Files = [("src/m.rs".to_string(), src.to_string())].into();
        surface(&files).unwrap()
    }

    #[test]
    fn classifies_api_changes() {
        let old = surface_of(
            "#[derive(Default)] pub struct S { pub a: Option<String> }
             pub enum E { A, Unknown(String) }
             pub trait T { fn f(&self); }
             pub fn g(x: u32) -> u32 { x }
             struct Private;",
        );
        let new = surface_of(
            "#[derive(Default)] pub struct S { pub a: Option<String>, pub b: Option<String> }
             pub enum E { A, B, Unknown(String) }
             pub trait T { fn f(&self); fn h(&self); }
             /// Docs.
             pub fn g(x: u64) -> u64 { x }
             pub struct New;",
        );
        let diff = diff_surfaces(&old, &new);
        let got: Vec<(String, String, Bump)> = diff
            .changes
            .iter()
            .map(|c| {
                (
                    c.delta.label().to_owned(),
                    format!("{} {}", c.kind.label(), c.path),
                    c.bump,
                )
            })
            .collect();
        let want = [
            ("changed", "fn m::g", Bump::Major),
            ("added", "variant m::E::B", Bump::Major),
            ("added", "struct m::New", Bump::Minor),
            ("added", "field m::S::b", Bump::Minor),
            ("added", "trait method m::T::h", Bump::Major),
        ];
        let want: Vec<(String, String, Bump)> = want
            .iter()
            .map(|(d, p, b)| (d.to_string(), p.to_string(), *b))
            .collect();
        assert_eq!(got, want);
        assert_eq!(diff.bump(), Bump::Major);
        let docs_only = diff_surfaces(
            &surface_of("pub fn g() {}"),
            &surface_of("/// Now documented.\npub fn g() {}"),
        );
        assert_eq!(docs_only.bump(), Bump::Patch);
        assert_eq!(docs_only.changes[0].delta, Delta::Docs);
    }
}
