//! Checks of paths and operations: templates that route alike, operation ids, parameters, responses, rules and
//! security requirements.

use std::collections::HashMap;

use super::Checker;
use crate::document::{Dropped, ParamLocation, PathTemplate, SecurityRequirement, SiteAnalysis};
use crate::pointer::JsonPointer;

impl<'d> Checker<'d> {
    /// Each key once: what its analysis recovers from, and templates that route alike.
    pub(super) fn check_paths(&mut self) {
        let mut routes: HashMap<String, &'d str> = HashMap::new();
        for entry in &self.doc.paths {
            let analysis = PathTemplate::analyse(&entry.key);
            for message in analysis.warnings {
                self.warning(entry.at.clone(), message);
            }
            // Keys with a `#fragment` share their route on purpose (see the warning above).
            if let Some(template) = analysis.template.filter(|_| !entry.key.contains('#')) {
                let route = template.route_shape();
                match routes.get(&route) {
                    Some(first) => {
                        let message = format!(
                            "`{}` routes the same as `{first}` (they differ only in parameter names, which \
                             OpenAPI calls identical); the server serves both on one route, by method",
                            entry.key
                        );
                        self.warning(entry.at.clone(), message);
                    }
                    None => {
                        routes.insert(route, &entry.key);
                    }
                }
            }
        }
    }

    pub(super) fn check_operations(&mut self) {
        for a in self.doc.analyse_operations() {
            self.check_naming(&a);
            self.check_parameters(&a);
            let op = a.site.operation;
            for entry in op.responses.iter().filter(|r| r.status.is_none()) {
                self.warning(
                    entry.at.clone(),
                    format!(
                        "`{}` is not a status code, a range like 4XX, or default; the response is left out",
                        entry.key
                    ),
                );
            }
            for (at, name) in a.unknown_any_of(self.doc) {
                self.warning(
                    at,
                    format!(
                        "x-require-any-of names `{name}`, which is neither a parameter nor a body property; \
                         the name is left out of the rule"
                    ),
                );
            }
            if let Some(pagination) = op.extensions.get("x-pagination") {
                self.check_pagination(&a, op.at.push("x-pagination"), pagination);
            }
            if let Some(security) = &op.security {
                self.check_security(security);
            }
            if !op.callbacks.is_empty() {
                self.warning(
                    op.at.push("callbacks"),
                    "callbacks are read but not generated: neither the client nor the server handles them".to_owned(),
                );
            }
        }
    }

    /// `x-pagination`: its parts are there and its page and size name fields the operation
    /// has. (That they are integers, and that its pointers reach a list and counts in the
    /// success body, lowering checks against the types; where they do not, the operation gets
    /// no item stream either.)
    fn check_pagination(
        &mut self,
        a: &crate::document::SiteAnalysis<'_>,
        at: crate::pointer::JsonPointer,
        value: &serde_json::Value,
    ) {
        let Some(spec) = crate::lower::pagination_spec(value) else {
            self.warning(
                at,
                "x-pagination needs `page` and `size` ({in, name}) and `items` (a JSON pointer into the success body, \
                 '' for the body itself); `firstPage`, `total` and `pages` are optional. The operation gets no item stream"
                    .to_owned(),
            );
            return;
        };
        for field in [&spec.page, &spec.size] {
            if !a.knows(self.doc, &field.name) {
                self.warning(
                    at.clone(),
                    format!(
                        "x-pagination names `{}`, which is neither a parameter nor a body property; the operation gets \
                         no item stream",
                        field.name
                    ),
                );
            }
        }
    }

    /// An operation's name and route: a taken operationId, a route another operation serves, an undeclared template
    /// parameter.
    fn check_naming(&mut self, a: &SiteAnalysis<'d>) {
        let (site, op) = (&a.site, a.site.operation);
        if let Some(first) = &a.operation_id_taken {
            let id = op.operation_id.as_deref().unwrap_or_default();
            self.warning(
                site.at.push("operationId"),
                format!(
                    "operationId `{id}` is already used at {first}; this operation is named `{}` instead",
                    a.operation_id
                ),
            );
        }
        if let Some(first) = &a.shadowed_by {
            self.warning(
                site.at.clone(),
                format!(
                    "`{} {}` routes the same as the operation at {first}; the server serves that one \
                     only (the client calls both)",
                    op.method.as_upper(),
                    site.key
                ),
            );
        }
        for name in &a.undeclared {
            self.warning(
                site.at.clone(),
                format!(
                    "`{{{name}}}` in `{}` has no `in: path` parameter named `{name}`, neither on the \
                     operation nor on the path item; the generator takes it as a required text parameter",
                    site.key
                ),
            );
        }
    }

    /// An operation's parameters: those left out (declared twice, not in the template) and path parameters not
    /// marked required.
    fn check_parameters(&mut self, a: &SiteAnalysis<'d>) {
        let site = &a.site;
        for (listed, why) in &a.dropped {
            let Ok(p) = &listed.param else { continue };
            let message = match why {
                Dropped::Duplicate(first) => format!(
                    "parameter `{}` in {} is declared twice; first at {first}; this one is left out",
                    p.name,
                    p.location.as_str()
                ),
                Dropped::NotInTemplate => {
                    format!(
                        "path parameter `{}` does not appear in `{}`; it is left out",
                        p.name, site.key
                    )
                }
            };
            self.note_once(listed.at.clone(), message);
        }
        for listed in &a.params {
            let Ok(p) = &listed.param else { continue };
            if p.location == ParamLocation::Path && p.required != Some(true) {
                let at = match p.required {
                    Some(_) => p.at.push("required"),
                    None => p.at.clone(),
                };
                let message = format!(
                    "path parameter `{}` must be `required: true`; it is required all the same",
                    p.name
                );
                self.note_once(at, message);
            }
        }
    }

    /// A warning about a shared node (a component parameter used by many operations), once.
    fn note_once(&mut self, at: JsonPointer, message: String) {
        if !self.warnings.iter().any(|(a, m)| *a == at && *m == message) {
            self.warning(at, message);
        }
    }

    /// Every scheme a security requirement names should be defined.
    pub(super) fn check_security(&mut self, requirements: &[SecurityRequirement]) {
        for requirement in requirements {
            for name in requirement.schemes.keys() {
                if !self.doc.components.security_schemes.contains_key(name) {
                    let message = format!(
                        "security scheme `{name}` is not defined in #/components/securitySchemes; the generated \
                         server can never satisfy this alternative"
                    );
                    self.note_once(requirement.at.push(name), message);
                }
            }
        }
    }
}
