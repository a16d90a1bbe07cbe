//! Security: the document's and each operation's requirements, and the security schemes.

use std::collections::BTreeSet;

use generator::JsonPointer;
use generator::document::{Operation, SecurityRequirement, SecurityScheme, SecuritySchemeKind};
use serde_json::Value;

use super::{B, C, Differ, Rule, show_opt};

/// One alternative of a security requirement: (scheme, scopes), sorted.
type Alternative = Vec<(String, Vec<String>)>;

/// Security requirements as a set of alternatives, each a sorted list of (scheme, scopes), so
/// that reordering is no change.
fn requirements(reqs: Option<&Vec<SecurityRequirement>>) -> Option<BTreeSet<Alternative>> {
    let alternative = |r: &SecurityRequirement| {
        let mut alt: Alternative = r
            .schemes
            .iter()
            .map(|(name, scopes)| {
                let mut scopes = scopes.clone();
                scopes.sort();
                (name.clone(), scopes)
            })
            .collect();
        alt.sort();
        alt
    };
    reqs.map(|reqs| reqs.iter().map(alternative).collect())
}

fn show_requirements(reqs: Option<&Vec<SecurityRequirement>>) -> String {
    let Some(reqs) = reqs else {
        return "none".into();
    };
    if reqs.is_empty() {
        return "`[]` (no authentication)".into();
    }
    let alts: Vec<String> = reqs
        .iter()
        .map(|r| {
            if r.schemes.is_empty() {
                "{}".to_owned()
            } else {
                r.schemes.keys().map(String::as_str).collect::<Vec<_>>().join(" + ")
            }
        })
        .collect();
    format!("`{}`", alts.join(" | "))
}

/// What a scheme says on the wire, field by field as the document writes them.
fn wire_fields(s: &SecurityScheme) -> [(&'static str, Option<Value>); 7] {
    let text = |t: &str| Some(Value::String(t.to_owned()));
    let (kind, location, name, scheme, bearer_format) = match &s.kind {
        SecuritySchemeKind::ApiKey { name, location } => ("apiKey", text(location.as_str()), text(name), None, None),
        SecuritySchemeKind::Http { scheme, bearer_format } => (
            "http",
            None,
            None,
            text(scheme),
            bearer_format.as_deref().and_then(text),
        ),
        SecuritySchemeKind::OAuth2 => ("oauth2", None, None, None, None),
        SecuritySchemeKind::OpenIdConnect => ("openIdConnect", None, None, None, None),
        SecuritySchemeKind::MutualTls => ("mutualTLS", None, None, None, None),
    };
    [
        ("type", text(kind)),
        ("in", location),
        ("name", name),
        ("scheme", scheme),
        ("bearerFormat", bearer_format),
        ("flows", s.flows.clone()),
        ("openIdConnectUrl", s.open_id_connect_url.as_deref().and_then(text)),
    ]
}

impl Differ<'_> {
    /// An operation's own requirements (those it inherits are compared once, for the document).
    pub(super) fn operation_security(&mut self, subject: &str, o: &Operation, n: &Operation, at: &JsonPointer) {
        if o.security.is_none() && n.security.is_none() {
            return;
        }
        let effective_old = o.security.as_ref().or(self.old.security.as_ref());
        let effective_new = n.security.as_ref().or(self.new.security.as_ref());
        if requirements(effective_old) != requirements(effective_new) {
            self.push(
                Rule::SecurityChanged,
                subject,
                &at.push("security"),
                (B, B),
                format!(
                    "{} → {}",
                    show_requirements(effective_old),
                    show_requirements(effective_new)
                ),
            );
        }
    }

    /// The document's requirements, then the security schemes by name.
    pub(super) fn security(&mut self) {
        let (o, n) = (self.old.security.as_ref(), self.new.security.as_ref());
        if requirements(o) != requirements(n) {
            self.push(
                Rule::SecurityChanged,
                "(document)",
                &JsonPointer::root().push("security"),
                (B, B),
                format!("{} → {}", show_requirements(o), show_requirements(n)),
            );
        }
        let (old, new) = (self.old, self.new);
        let (os, ns) = (&old.components.security_schemes, &new.components.security_schemes);
        let base = JsonPointer::root().push("components").push("securitySchemes");
        for (name, n) in ns {
            let at = base.push(name);
            let Some(o) = os.get(name) else {
                let detail = "added (requirements that use it are reported apart)";
                self.push(Rule::SecuritySchemeChanged, name, &at, (C, C), detail.into());
                continue;
            };
            // A scheme whose reference is broken is left out (validation reports it).
            let (Ok(o), Ok(n)) = (old.resolve(o), new.resolve(n)) else {
                continue;
            };
            let (of, nf) = (wire_fields(o), wire_fields(n));
            if of != nf {
                let fields: Vec<String> = of
                    .iter()
                    .zip(&nf)
                    .filter(|(a, b)| a.1 != b.1)
                    .map(|((k, a), (_, b))| format!("{k}: {} → {}", show_opt(a.as_ref()), show_opt(b.as_ref())))
                    .collect();
                self.push(Rule::SecuritySchemeChanged, name, &at, (B, B), fields.join("; "));
            }
            self.extensions(name, &o.extensions, &n.extensions, &at, &[]);
        }
        for name in os.keys().filter(|k| !ns.contains_key(*k)) {
            let detail = "removed (requirements that used it are reported apart)";
            self.push(
                Rule::SecuritySchemeChanged,
                name,
                &base.push(name),
                (C, C),
                detail.into(),
            );
        }
    }
}
