//! Collecting the public surface of a generated file, one [`Item`] per public item.
//!
//! Structs and their fields, enums and their variants, traits and their items, functions, methods, implementations,
//! aliases, constants, re-exports and macros.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::ToTokens;

use super::{Item, Kind, Surface, tidy, tidy_text};

pub(super) fn join(module: &str, name: &str) -> String {
    if module.is_empty() {
        name.to_owned()
    } else {
        format!("{module}::{name}")
    }
}

fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

pub(super) fn docs(attrs: &[syn::Attribute]) -> String {
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
pub(super) fn derives(attrs: &[syn::Attribute]) -> Vec<String> {
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

pub(super) fn collect(items: &[syn::Item], module: &str, out: &mut Surface) {
    for item in items {
        let mut add = |item: Item| {
            out.insert(item.key(), item);
        };
        match item {
            syn::Item::Struct(s) if is_pub(&s.vis) && !hidden(&s.attrs) => collect_struct(s, module, &mut add),
            syn::Item::Enum(e) if is_pub(&e.vis) && !hidden(&e.attrs) => collect_enum(e, module, &mut add),
            syn::Item::Trait(t) if is_pub(&t.vis) && !hidden(&t.attrs) => collect_trait(t, module, &mut add),
            syn::Item::Fn(f) if is_pub(&f.vis) && !hidden(&f.attrs) => add(Item {
                kind: Kind::Fn,
                path: join(module, &f.sig.ident.to_string()),
                sig: sig_of(&f.sig),
                docs: docs(&f.attrs),
                body: body_of(&f.block),
                lenient: false,
            }),
            syn::Item::Impl(i) if !hidden(&i.attrs) => collect_impl(i, module, &mut add),
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
            syn::Item::Macro(m) => collect_macro(m, module, &mut add),
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

/// A public struct, its public fields and its derives.
fn collect_struct(s: &syn::ItemStruct, module: &str, add: &mut impl FnMut(Item)) {
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

/// A public enum, its variants and its derives.
fn collect_enum(e: &syn::ItemEnum, module: &str, add: &mut impl FnMut(Item)) {
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

/// A public trait and its methods, associated types and constants.
fn collect_trait(t: &syn::ItemTrait, module: &str, add: &mut impl FnMut(Item)) {
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

/// A trait implementation as one item, or the public methods and constants of an inherent one.
fn collect_impl(i: &syn::ItemImpl, module: &str, add: &mut impl FnMut(Item)) {
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

/// An exported `macro_rules!`, or a macro that writes a type's impls (`string_enum!(Name, ..)`): its arguments are
/// those impls' body, so a new enum value shows as a changed body.
fn collect_macro(m: &syn::ItemMacro, module: &str, add: &mut impl FnMut(Item)) {
    if has_attr(&m.attrs, "macro_export", None) {
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
    } else if m.ident.is_none()
        && !hidden(&m.attrs)
        && let (Some(name), Some(owner)) = (m.mac.path.segments.last(), macro_owner(&m.mac))
    {
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
/// The type a macro invocation item writes impls for: its first argument, when an identifier.
pub fn macro_owner(mac: &syn::Macro) -> Option<String> {
    match mac.tokens.clone().into_iter().next()? {
        proc_macro2::TokenTree::Ident(ident) => Some(ident.to_string()),
        _ => None,
    }
}
