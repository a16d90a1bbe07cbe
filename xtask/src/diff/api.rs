//! The public surface of generated code and how it changed: every public item of every
//! generated file (structs and their public fields, enums and their variants, traits and their
//! items, functions and inherent methods with their signatures, trait implementations, derives,
//! aliases, constants, re-exports), compared by path, and the semver bump the change needs.

use std::collections::BTreeMap;
use std::fmt;

mod collect;
mod tokens;

use collect::collect;
pub use collect::macro_owner;
pub use tokens::tidy;
use tokens::tidy_text;

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
