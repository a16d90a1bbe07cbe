//! Reading security requirements and security schemes.

use serde_json::{Map, Value};

use super::{Reader, describe};
use crate::document::{Extensions, ParamLocation, SecurityRequirement, SecurityScheme, SecuritySchemeKind};
use crate::pointer::JsonPointer;

impl Reader {
    pub(super) fn security(&mut self, v: Value, at: &JsonPointer) -> Vec<SecurityRequirement> {
        self.list(v, at, "`security`", |r, v, at| {
            let schemes = r.entries(v, &at, "a security requirement", |r, _, v, at| Some(r.strings(v, &at)));
            Some(SecurityRequirement { at, schemes })
        })
    }

    pub(super) fn security_scheme(&mut self, map: Map<String, Value>, at: &JsonPointer) -> Option<SecurityScheme> {
        let mut kind = None;
        let mut name = None;
        let mut location = None;
        let mut scheme = None;
        let mut bearer_format = None;
        let mut description = None;
        let mut flows = None;
        let mut open_id_connect_url = None;
        let mut extensions = Extensions::new();
        for (k, v) in map {
            let a = at.push(&k);
            match k.as_str() {
                "type" => kind = self.string(v, &a).map(|t| (t, a)),
                "name" => name = self.string(v, &a),
                "in" => location = self.string(v, &a).map(|t| (t, a)),
                "scheme" => scheme = self.string(v, &a),
                "bearerFormat" => bearer_format = self.string(v, &a),
                "description" => description = self.string(v, &a),
                "flows" => flows = Some(v),
                "openIdConnectUrl" => match v {
                    Value::String(url) => open_id_connect_url = Some(url),
                    other => self.warning(&a, format!("must be a string, not {}; ignored", describe(&other))),
                },
                _ if k.starts_with("x-") => {
                    extensions.insert(k, v);
                }
                _ => {}
            }
        }
        let Some((kind, kind_at)) = kind else {
            self.defect(at, "a security scheme needs a `type`");
            return None;
        };
        let kind = match kind.as_str() {
            "apiKey" => self.api_key(name, location, at)?,
            "http" => {
                let Some(scheme) = scheme else {
                    self.defect(at, "an http security scheme needs `scheme`");
                    return None;
                };
                SecuritySchemeKind::Http { scheme, bearer_format }
            }
            "oauth2" => SecuritySchemeKind::OAuth2,
            "openIdConnect" => SecuritySchemeKind::OpenIdConnect,
            "mutualTLS" => SecuritySchemeKind::MutualTls,
            other => {
                self.defect(
                    &kind_at,
                    format!("unknown security scheme type `{other}` (apiKey, http, oauth2, openIdConnect, mutualTLS)"),
                );
                return None;
            }
        };
        Some(SecurityScheme {
            at: at.clone(),
            kind,
            description,
            flows,
            open_id_connect_url,
            extensions,
        })
    }

    /// The `name` and `in` of an apiKey security scheme.
    fn api_key(
        &mut self,
        name: Option<String>,
        location: Option<(String, JsonPointer)>,
        at: &JsonPointer,
    ) -> Option<SecuritySchemeKind> {
        let location = match location {
            Some((text, a)) => match ParamLocation::parse(&text).filter(|l| *l != ParamLocation::Path) {
                Some(l) => l,
                None => {
                    self.defect(&a, format!("`in: {text}`: an API key is in a header, query or cookie"));
                    return None;
                }
            },
            None => {
                self.defect(at, "an apiKey security scheme needs `in`");
                return None;
            }
        };
        let Some(name) = name else {
            self.defect(at, "an apiKey security scheme needs `name`");
            return None;
        };
        Some(SecuritySchemeKind::ApiKey { name, location })
    }
}
