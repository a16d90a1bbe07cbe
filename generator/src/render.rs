//! Render: IR to view models to askama templates (from `templates/`). View models hold every
//! string a template prints, precomputed; templates only loop and branch on booleans.

use askama::Template;

use crate::naming;
use crate::ir::{Api, Constraints, FieldState, Name, Prim, TypeDef, TypeKind, TypeRef, TypeSpace};

/// A rendered file, still unformatted, with the template it came from (for error messages).
#[derive(Debug, Clone)]
pub struct Rendered {
    pub path: String,
    pub template: &'static str,
    pub source: String,
}

/// Renders every file of the generated crate's `src/` that comes from the spec.
pub fn render_api(api: &Api) -> Result<Vec<Rendered>, askama::Error> {
    let patterns = distinct_patterns(&api.types);
    let items = api
        .types
        .defs
        .iter()
        .map(|def| render_type(&api.types, def, &patterns))
        .collect::<Result<Vec<_>, _>>()?;
    let models = ModelsTemplate {
        title: &api.title,
        version: &api.version,
        patterns: patterns
            .iter()
            .map(|p| PatternView {
                name: pattern_static(&patterns, p),
                literal: literal(p),
            })
            .collect(),
        items,
    };
    Ok(vec![
        Rendered {
            path: "src/models.rs".into(),
            template: "models.rs",
            source: models.render()?,
        },
        Rendered {
            path: "src/support.rs".into(),
            template: "support.rs",
            source: SupportTemplate.render()?,
        },
    ])
}

/// The files that make a standalone crate around the generated modules.
pub fn render_crate_scaffold(api: &Api, crate_name: &str) -> Result<Vec<Rendered>, askama::Error> {
    let lib = CrateLibTemplate {
        docs: doc_lines(api.docs.as_deref()),
        title: &api.title,
    };
    let manifest = CrateManifestTemplate {
        crate_name,
        description: literal(&format!("Generated from the OpenAPI document {}.", api.title)),
    };
    Ok(vec![
        Rendered {
            path: "src/lib.rs".into(),
            template: "crate/lib.rs",
            source: lib.render()?,
        },
        Rendered {
            path: "Cargo.toml".into(),
            template: "crate/Cargo.toml",
            source: manifest.render()?,
        },
    ])
}

#[derive(Template)]
#[template(path = "crate/lib.rs", escape = "none")]
struct CrateLibTemplate<'a> {
    docs: Vec<String>,
    title: &'a str,
}

#[derive(Template)]
#[template(path = "crate/Cargo.toml", escape = "none")]
struct CrateManifestTemplate<'a> {
    crate_name: &'a str,
    description: String,
}

#[derive(Template)]
#[template(path = "models.rs", escape = "none")]
struct ModelsTemplate<'a> {
    title: &'a str,
    version: &'a str,
    patterns: Vec<PatternView>,
    items: Vec<String>,
}

/// A compiled `pattern`, shared by every field that uses it.
struct PatternView {
    name: String,
    literal: String,
}

/// Every distinct pattern of the type space, in first-use order.
fn distinct_patterns(space: &TypeSpace) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for def in &space.defs {
        if let TypeKind::Struct { fields, .. } = &def.kind {
            for p in fields.iter().filter_map(|f| f.constraints.pattern.as_ref()) {
                if !out.contains(p) {
                    out.push(p.clone());
                }
            }
        }
    }
    out
}

/// The name of the static holding a pattern.
fn pattern_static(patterns: &[String], pattern: &str) -> String {
    let index = patterns.iter().position(|p| p == pattern).unwrap_or_default();
    naming::const_name(&format!("pattern {index}"))
}

#[derive(Template)]
#[template(path = "support.rs", escape = "none")]
struct SupportTemplate;

#[derive(Template)]
#[template(path = "partials/struct.rs", escape = "none")]
struct StructTemplate {
    name: String,
    docs: Vec<String>,
    fields: Vec<FieldView>,
    has_additional: bool,
    additional_ty: String,
}

struct FieldView {
    name: String,
    raw_literal: String,
    ty: String,
    docs: Vec<String>,
    attrs: Vec<String>,
    checks: Vec<CheckView>,
}

/// One call of a `support::check_*` function: the rule's function suffix and its argument.
struct CheckView {
    rule: &'static str,
    arg: String,
}

#[derive(Template)]
#[template(path = "partials/enum.rs", escape = "none")]
struct EnumTemplate {
    name: String,
    docs: Vec<String>,
    variants: Vec<VariantView>,
    default_literal: String,
}

struct VariantView {
    name: String,
    literal: String,
    raw_doc: String,
}

#[derive(Template)]
#[template(path = "partials/union.rs", escape = "none")]
struct UnionTemplate {
    name: String,
    docs: Vec<String>,
    variants: Vec<UnionVariantView>,
    first_variant: String,
}

struct UnionVariantView {
    name: String,
    ty: String,
}

#[derive(Template)]
#[template(path = "partials/alias.rs", escape = "none")]
struct AliasTemplate {
    name: String,
    docs: Vec<String>,
    ty: String,
}

fn render_type(space: &TypeSpace, def: &TypeDef, patterns: &[String]) -> Result<String, askama::Error> {
    let name = def.name.rust.clone();
    let docs = doc_lines(def.docs.as_deref());
    match &def.kind {
        TypeKind::Struct { fields, additional } => StructTemplate {
            name,
            docs,
            fields: fields
                .iter()
                .map(|f| FieldView {
                    name: f.name.rust.clone(),
                    raw_literal: literal(&f.name.raw),
                    ty: rust_type(space, &f.ty),
                    docs: field_docs(f.docs.as_deref(), &f.state),
                    attrs: field_attrs(&f.name, &f.ty),
                    checks: checks(&f.constraints, &f.ty, patterns),
                })
                .collect(),
            has_additional: additional.is_some(),
            additional_ty: additional.as_ref().map(|t| rust_type(space, t)).unwrap_or_default(),
        }
        .render(),
        TypeKind::Enum { variants } => EnumTemplate {
            name,
            docs,
            default_literal: variants.first().map_or_else(|| literal(""), |v| literal(&v.raw)),
            variants: variants
                .iter()
                .map(|v| VariantView {
                    name: v.rust.clone(),
                    literal: literal(&v.raw),
                    raw_doc: v.raw.replace('`', "'"),
                })
                .collect(),
        }
        .render(),
        TypeKind::Union { variants, .. } => UnionTemplate {
            name,
            docs,
            first_variant: variants.first().map(|v| v.name.rust.clone()).unwrap_or_default(),
            variants: variants
                .iter()
                .map(|v| UnionVariantView {
                    name: v.name.rust.clone(),
                    ty: rust_type(space, &v.ty),
                })
                .collect(),
        }
        .render(),
        TypeKind::Alias(ty) => AliasTemplate {
            name,
            docs,
            ty: rust_type(space, ty),
        }
        .render(),
    }
}

/// The constraint checks that apply to a field of this type (length rules to text, bounds to
/// numbers; `enum` is checked by the enum type itself).
fn checks(c: &Constraints, ty: &TypeRef, patterns: &[String]) -> Vec<CheckView> {
    let mut out = Vec::new();
    let inner = match ty {
        TypeRef::Option(inner) => inner,
        other => other,
    };
    if is_text(inner) {
        if let Some(n) = c.max_length {
            out.push(CheckView { rule: "max_length", arg: n.to_string() });
        }
        if let Some(n) = c.min_length {
            out.push(CheckView { rule: "min_length", arg: n.to_string() });
        }
        if let Some(p) = &c.pattern {
            out.push(CheckView {
                rule: "pattern",
                arg: format!("&{}", pattern_static(patterns, p)),
            });
        }
    }
    if matches!(inner, TypeRef::Prim(Prim::I32 | Prim::I64 | Prim::U64 | Prim::F32 | Prim::F64)) {
        if let Some(n) = c.maximum {
            out.push(CheckView { rule: "maximum", arg: float_literal(n) });
        }
        if let Some(n) = c.minimum {
            out.push(CheckView { rule: "minimum", arg: float_literal(n) });
        }
    }
    out
}

fn float_literal(n: f64) -> String {
    let text = n.to_string();
    if text.contains(['.', 'e', 'E']) { format!("{text}_f64") } else { format!("{text}.0_f64") }
}

/// A Rust string literal for `text`, escaped.
fn literal(text: &str) -> String {
    format!("{text:?}")
}

fn field_attrs(name: &Name, ty: &TypeRef) -> Vec<String> {
    let mut serde = Vec::new();
    if name.needs_rename() {
        serde.push(format!("rename = {}", literal(&name.raw)));
    }
    match ty {
        TypeRef::Option(inner) => {
            serde.push("default".into());
            serde.push("skip_serializing_if = \"::std::option::Option::is_none\"".into());
            if is_text(inner) {
                serde.push("deserialize_with = \"crate::support::lenient_string_opt\"".into());
            }
        }
        ty if is_text(ty) => serde.push("deserialize_with = \"crate::support::lenient_string\"".into()),
        _ => {}
    }
    if serde.is_empty() {
        Vec::new()
    } else {
        vec![format!("#[serde({})]", serde.join(", "))]
    }
}

fn is_text(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Prim(Prim::String | Prim::DateTime | Prim::Byte))
}

fn field_docs(docs: Option<&str>, state: &FieldState) -> Vec<String> {
    let mut lines = doc_lines(docs);
    if let FieldState::Default(value) = state {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(format!("Default: `{}`.", value.to_string().replace('`', "'")));
    }
    lines
}

/// The Rust spelling of a type, with absolute paths.
pub fn rust_type(space: &TypeSpace, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => space.get(*id).name.rust.clone(),
        TypeRef::Option(inner) => format!("::std::option::Option<{}>", rust_type(space, inner)),
        TypeRef::Vec(inner) => format!("::std::vec::Vec<{}>", rust_type(space, inner)),
        TypeRef::Map(inner) => format!(
            "::std::collections::BTreeMap<::std::string::String, {}>",
            rust_type(space, inner)
        ),
        TypeRef::Box(inner) => format!("::std::boxed::Box<{}>", rust_type(space, inner)),
        TypeRef::Json => "::serde_json::Value".into(),
        TypeRef::Prim(p) => match p {
            Prim::String | Prim::DateTime | Prim::Byte => "::std::string::String",
            Prim::Binary => "::std::vec::Vec<u8>",
            Prim::Bool => "bool",
            Prim::I32 => "i32",
            Prim::I64 => "i64",
            Prim::U64 => "u64",
            Prim::F32 => "f32",
            Prim::F64 => "f64",
        }
        .into(),
    }
}

/// Description text made safe for rustdoc, one entry per line: bare URLs become autolinks,
/// brackets are escaped (they would be read as intra-doc links), fenced code is marked `text`
/// (rustdoc would compile it as Rust), HTML-like angle brackets are escaped.
pub fn doc_lines(text: Option<&str>) -> Vec<String> {
    let Some(text) = text else { return Vec::new() };
    let mut in_fence = false;
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            // Every opening fence becomes `text`, whatever language it named.
            out.push(if in_fence { "```" } else { "```text" }.to_owned());
            in_fence = !in_fence;
        } else if in_fence {
            out.push(line.trim_end().to_owned());
        } else {
            out.push(safe_doc_line(line).trim_end().to_owned());
        }
    }
    if in_fence {
        out.push("```".to_owned());
    }
    out
}

fn safe_doc_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while !rest.is_empty() {
        let url_at = ["http://", "https://"].iter().filter_map(|p| rest.find(p)).min();
        let Some(at) = url_at else {
            out.push_str(&escape_markup(rest));
            break;
        };
        out.push_str(&escape_markup(&rest[..at]));
        let end = rest[at..]
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | ')' | ']' | '，' | '）'))
            .map_or(rest.len(), |e| at + e);
        let url = rest[at..end].trim_end_matches(['.', ',', ';', ':']);
        out.push_str(&format!("<{url}>"));
        rest = &rest[at + url.len()..];
    }
    out
}

fn escape_markup(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('[', "\\[")
        .replace(']', "\\]")
        .replace('<', "\\<")
        .replace('>', "\\>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_are_made_rustdoc_safe() {
        let lines = doc_lines(Some(
            "see https://example.com/a?b=1. and [x] <b>\n```\nlet [a] = 1;\n```\nunclosed:\n```json",
        ));
        assert_eq!(
            lines,
            [
                "see <https://example.com/a?b=1> . and \\[x\\] \\<b\\>".replace("> .", ">."),
                "```text".into(),
                "let [a] = 1;".into(),
                "```".into(),
                "unclosed:".into(),
                "```text".into(),
                "```".into(),
            ]
        );
    }
}
