//! Render: IR to view models to askama templates (from `templates/`). View models hold every
//! string a template prints, spelled by `naming` from the facts lowering decided; templates
//! only loop and branch on booleans. Nothing here decides what the generated code needs.

mod client;
mod docs;
mod models;
mod operations;
mod server;

use askama::Template;

use crate::ir::{Api, FormatRuntime};
use crate::naming::spell;

pub use docs::doc_lines;

/// A rendered file, still unformatted, with the template it came from (for error messages).
#[derive(Debug, Clone)]
pub struct Rendered {
    pub path: String,
    pub template: &'static str,
    pub source: String,
}

/// Renders every file of the generated crate's `src/` that comes from the spec.
pub fn render_api(api: &Api) -> Result<Vec<Rendered>, askama::Error> {
    let file = |path: &str, template: &'static str, source: String| Rendered {
        path: path.into(),
        template,
        source,
    };
    Ok(vec![
        file("src/models.rs", "models.rs", models::render(api)?),
        file("src/requests.rs", "requests.rs", operations::render_requests(api)?),
        file("src/responses.rs", "responses.rs", operations::render_responses(api)?),
        file("src/api.rs", "api.rs", operations::render_traits(api)?),
        file("src/client.rs", "client.rs", client::render(api)?),
        file("src/server.rs", "server.rs", server::render(api)?),
    ])
}

/// The runtime every generated crate carries: the modules of the `runtime` crate, copied
/// verbatim (path in the generated crate, source).
pub const RUNTIME: [(&str, &str); 12] = [
    (
        "src/support/mod.rs",
        include_str!("../../../runtime/src/support/mod.rs"),
    ),
    (
        "src/support/decode.rs",
        include_str!("../../../runtime/src/support/decode.rs"),
    ),
    (
        "src/support/validate.rs",
        include_str!("../../../runtime/src/support/validate.rs"),
    ),
    (
        "src/support/formats.rs",
        include_str!("../../../runtime/src/support/formats.rs"),
    ),
    (
        "src/support/paging.rs",
        include_str!("../../../runtime/src/support/paging.rs"),
    ),
    ("src/transport.rs", include_str!("../../../runtime/src/transport.rs")),
    (
        "src/transport/retry.rs",
        include_str!("../../../runtime/src/transport/retry.rs"),
    ),
    (
        "src/transport/options.rs",
        include_str!("../../../runtime/src/transport/options.rs"),
    ),
    (
        "src/transport/error.rs",
        include_str!("../../../runtime/src/transport/error.rs"),
    ),
    ("src/serving.rs", include_str!("../../../runtime/src/serving.rs")),
    (
        "src/serving/context.rs",
        include_str!("../../../runtime/src/serving/context.rs"),
    ),
    (
        "src/serving/stub.rs",
        include_str!("../../../runtime/src/serving/stub.rs"),
    ),
];

/// The runtime modules of the typed formats, each copied only into a crate whose types use it:
/// (which, path in the generated crate, source).
pub const FORMAT_RUNTIME: [(FormatRuntime, &str, &str); 4] = [
    (
        FormatRuntime::Time,
        "src/format_time.rs",
        include_str!("../../../runtime/src/format_time.rs"),
    ),
    (
        FormatRuntime::Uuid,
        "src/format_uuid.rs",
        include_str!("../../../runtime/src/format_uuid.rs"),
    ),
    (
        FormatRuntime::Bytes,
        "src/format_bytes.rs",
        include_str!("../../../runtime/src/format_bytes.rs"),
    ),
    (
        FormatRuntime::Decimal,
        "src/format_decimal.rs",
        include_str!("../../../runtime/src/format_decimal.rs"),
    ),
];

/// The runtime files of a crate: the shared modules, and those of the typed formats it uses.
pub fn runtime_files(formats: &[FormatRuntime]) -> impl Iterator<Item = (&'static str, &'static str)> + '_ {
    RUNTIME.into_iter().chain(
        FORMAT_RUNTIME
            .into_iter()
            .filter(|(which, _, _)| formats.contains(which))
            .map(|(_, path, source)| (path, source)),
    )
}

/// Whether a generated file is a verbatim runtime file (the same in every crate that has it).
pub fn is_runtime_path(path: &str) -> bool {
    RUNTIME.iter().any(|(p, _)| *p == path) || FORMAT_RUNTIME.iter().any(|(_, p, _)| *p == path)
}

/// The files that make a standalone crate around the generated modules.
pub fn render_crate_scaffold(api: &Api, crate_name: &str) -> Result<Vec<Rendered>, askama::Error> {
    let uses = |which: FormatRuntime| api.format_runtimes.contains(&which);
    let formats = FormatFlags {
        time: uses(FormatRuntime::Time),
        uuid: uses(FormatRuntime::Uuid),
        bytes: uses(FormatRuntime::Bytes),
        decimal: uses(FormatRuntime::Decimal),
    };
    let lib = CrateLibTemplate {
        docs: doc_lines(api.docs.as_deref()),
        title: &api.title,
        formats,
    };
    let manifest = CrateManifestTemplate {
        formats,
        crate_name,
        version: spell::string(&api.package.version),
        description: spell::string(&format!("Generated from the OpenAPI document {}.", api.title)),
        license: api.package.license.as_deref().map(spell::string).unwrap_or_default(),
        has_license: api.package.license.is_some(),
    };
    Ok(vec![
        Rendered {
            path: "src/lib.rs".into(),
            template: "crate/lib.rs",
            source: lib.render()?,
        },
        Rendered {
            path: "Cargo.toml".into(),
            template: "crate/manifest.toml",
            source: manifest.render()?,
        },
    ])
}

#[derive(Template)]
#[template(path = "crate/lib.rs", escape = "none")]
struct CrateLibTemplate<'a> {
    docs: Vec<String>,
    title: &'a str,
    formats: FormatFlags,
}

/// Which typed-format runtime modules (and their crates) a standalone crate has.
#[derive(Clone, Copy)]
struct FormatFlags {
    time: bool,
    uuid: bool,
    bytes: bool,
    decimal: bool,
}

#[derive(Template)]
#[template(path = "crate/manifest.toml", escape = "none")]
struct CrateManifestTemplate<'a> {
    formats: FormatFlags,
    crate_name: &'a str,
    version: String,
    description: String,
    license: String,
    has_license: bool,
}

/// One call of a `support::Check` method on a value: the rule, its argument if it takes one,
/// and whether it applies at the owner's path (`flat`, with no field name).
#[derive(Clone)]
pub(crate) struct CheckView {
    method: &'static str,
    arg: String,
    has_arg: bool,
    is_flat: bool,
}

impl CheckView {
    fn of(check: &crate::ir::Check, api: &Api, models: spell::ModelsPath) -> Self {
        let (method, arg) = spell::check(check, &api.patterns, models);
        Self {
            method,
            has_arg: !arg.is_empty(),
            arg,
            is_flat: matches!(check, crate::ir::Check::Flat),
        }
    }
}

/// A private function returning a field's documented default, named in `#[serde(default = ..)]`.
pub(crate) struct DefaultFnView {
    fn_name: String,
    ty: String,
    expr: String,
}

/// The derive paths of a list of derives.
fn derives(list: &[crate::ir::Derive]) -> Vec<&'static str> {
    list.iter().map(|d| spell::derive(*d)).collect()
}
