//! What each operation's path means once the defects the wild writes are recovered from: its
//! template, its parameters (declared, missing or stray), and whether a server can route it.
//! `validate` reports from this analysis and `lower` applies it, so the two never disagree.

use std::collections::HashMap;

use super::{Document, ListedParam, OperationSite, ParamLocation, PathAnalysis, PathTemplate};
use crate::pointer::JsonPointer;

/// One operation, analysed.
#[derive(Debug, Clone)]
pub struct SiteAnalysis<'d> {
    pub site: OperationSite<'d>,
    /// The key's template and query; a webhook has the template `/` + its name.
    pub path: PathAnalysis,
    /// The parameters that apply, merged (path item, then operation): without a later
    /// declaration of the same name and location in the same list, and without path parameters
    /// the template does not name.
    pub params: Vec<ListedParam<'d>>,
    /// Parameters left out: declared twice in one list (the later ones), or `in: path` but not
    /// in the template.
    pub dropped: Vec<(ListedParam<'d>, Dropped)>,
    /// `{names}` of the template that no `in: path` parameter declares: each becomes a required
    /// text parameter.
    pub undeclared: Vec<String>,
    /// Where the first operation with the same route shape and method is, when this one comes
    /// later: a server routes only the first.
    pub shadowed_by: Option<JsonPointer>,
    /// The operation's id: its `operationId`, or, when it has none or an earlier operation
    /// took it, its method and path (`get /pets/{id}`).
    pub operation_id: String,
    /// Where an earlier operation uses the same `operationId`.
    pub operation_id_taken: Option<JsonPointer>,
}

/// Why a declared parameter is left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dropped {
    /// Declared (same name and location) earlier in the same list, where the pointer is.
    Duplicate(JsonPointer),
    /// `in: path`, but the template has no such `{name}`.
    NotInTemplate,
}

impl Document {
    /// Every operation (paths, then webhooks) with its path analysed; operations whose key
    /// cannot be read as a template (unbalanced braces) are left out.
    pub fn analyse_operations(&self) -> Vec<SiteAnalysis<'_>> {
        let mut first_route: HashMap<(String, &'static str, bool), JsonPointer> = HashMap::new();
        let mut first_id: HashMap<&str, JsonPointer> = HashMap::new();
        let mut out = Vec::new();
        for site in self.operations() {
            let path = if site.is_webhook {
                PathAnalysis {
                    template: PathTemplate::parse(&format!("/{}", site.key.replace(['{', '}'], ""))).ok(),
                    query: Vec::new(),
                    warnings: Vec::new(),
                }
            } else {
                PathTemplate::analyse(site.key)
            };
            let Some(template) = &path.template else { continue };
            let names: Vec<&str> = template.params().collect();
            // `{x}` in the query string of a key names a parameter too (sent in the query).
            let in_query: Vec<&str> = path
                .query
                .iter()
                .filter_map(|(_, v)| v.strip_prefix('{')?.strip_suffix('}'))
                .collect();
            let (params, mut dropped) = deduplicate(self.parameters_of(site.item, site.operation));
            let (params, stray): (Vec<_>, Vec<_>) = params.into_iter().partition(|l| match &l.param {
                Ok(p) => {
                    p.location != ParamLocation::Path
                        || names.contains(&p.name.as_str())
                        || in_query.contains(&p.name.as_str())
                }
                Err(_) => true,
            });
            dropped.extend(stray.into_iter().map(|l| (l, Dropped::NotInTemplate)));
            let declared: Vec<&str> = params
                .iter()
                .filter_map(|l| l.param.as_ref().ok())
                .filter(|p| p.location == ParamLocation::Path && names.contains(&p.name.as_str()))
                .map(|p| p.name.as_str())
                .collect();
            let mut undeclared: Vec<String> = Vec::new();
            for name in names {
                if !declared.contains(&name) && !undeclared.iter().any(|u| u == name) {
                    undeclared.push(name.to_owned());
                }
            }
            let key = (template.route_shape(), site.operation.method.key(), site.is_webhook);
            let shadowed_by = match first_route.get(&key) {
                Some(first) => Some(first.clone()),
                None => {
                    first_route.insert(key, site.at.clone());
                    None
                }
            };
            let derived = format!("{} {}", site.operation.method.key(), site.key);
            let (operation_id, operation_id_taken) = match site.operation.operation_id.as_deref() {
                Some(id) => match first_id.get(id) {
                    Some(first) => (derived, Some(first.clone())),
                    None => {
                        first_id.insert(id, site.at.push("operationId"));
                        (id.to_owned(), None)
                    }
                },
                None => (derived, None),
            };
            out.push(SiteAnalysis {
                site,
                path,
                params,
                dropped,
                undeclared,
                shadowed_by,
                operation_id,
                operation_id_taken,
            });
        }
        out
    }
}

impl<'d> SiteAnalysis<'d> {
    /// The operation's `x-require-any-of` groups of names (at least one of each group must be
    /// given), as written, with where each group is.
    fn any_of_groups(&self) -> Vec<(JsonPointer, Vec<&'d str>)> {
        let at = self.site.at.push("x-require-any-of");
        let groups = self
            .site
            .operation
            .extensions
            .get("x-require-any-of")
            .and_then(|v| v.as_array());
        groups
            .into_iter()
            .flatten()
            .enumerate()
            .map(|(g, group)| {
                let names = group
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|n| n.as_str())
                    .collect();
                (at.push(g.to_string()), names)
            })
            .collect()
    }

    /// Whether `name` is a parameter of the operation or a property of its request body.
    pub fn knows(&self, doc: &'d Document, name: &str) -> bool {
        let param = self
            .params
            .iter()
            .filter_map(|l| l.param.as_ref().ok())
            .any(|p| p.name == name);
        let body = self
            .site
            .operation
            .request_body
            .as_ref()
            .and_then(|b| doc.resolve(b).ok());
        let schema = body
            .and_then(|b| super::pick_content(&b.content))
            .and_then(|(_, m)| m.schema.as_ref());
        param
            || self.undeclared.iter().any(|u| u == name)
            || schema.is_some_and(|s| doc.property_names(s).contains(&name))
    }

    /// The `x-require-any-of` groups with only the names the operation knows.
    pub fn require_any_of(&self, doc: &'d Document) -> Vec<Vec<String>> {
        self.any_of_groups()
            .into_iter()
            .map(|(_, names)| {
                names
                    .into_iter()
                    .filter(|n| self.knows(doc, n))
                    .map(str::to_owned)
                    .collect()
            })
            .collect()
    }

    /// The `x-require-any-of` names that are neither a parameter nor a body property.
    pub fn unknown_any_of(&self, doc: &'d Document) -> Vec<(JsonPointer, &'d str)> {
        self.any_of_groups()
            .into_iter()
            .flat_map(|(at, names)| {
                names
                    .into_iter()
                    .filter(|n| !self.knows(doc, n))
                    .map(move |n| (at.clone(), n))
            })
            .collect()
    }
}

/// Splits off the later declarations of a name and location already declared in the same list
/// (header names compare without case).
fn deduplicate(params: Vec<ListedParam<'_>>) -> (Vec<ListedParam<'_>>, Vec<(ListedParam<'_>, Dropped)>) {
    let mut kept: Vec<ListedParam<'_>> = Vec::new();
    let mut dropped = Vec::new();
    for listed in params {
        let first = listed.param.as_ref().ok().and_then(|p| {
            kept.iter().find(|k| {
                k.on_path_item == listed.on_path_item && k.param.as_ref().is_ok_and(|q| q.same_as(&p.name, p.location))
            })
        });
        match first {
            Some(first) => {
                let first = first.at.clone();
                dropped.push((listed, Dropped::Duplicate(first)));
            }
            None => kept.push(listed),
        }
    }
    (kept, dropped)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (operation, parameters kept, parameters dropped and why, undeclared names, shadowed).
    type Found = Vec<(String, Vec<String>, Vec<String>, Vec<String>, bool)>;

    fn analyse(body: &str) -> Found {
        let text = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\n{body}");
        let doc = crate::load::load_spec("t.yaml", &text).unwrap_or_else(|e| panic!("{e}"));
        doc.analyse_operations()
            .into_iter()
            .map(|a| {
                let name = |l: &ListedParam<'_>| l.param.as_ref().map(|p| p.name.clone()).unwrap_or_default();
                (
                    a.site.at.to_string(),
                    a.params.iter().map(name).collect(),
                    a.dropped
                        .iter()
                        .map(|(l, why)| {
                            let why = match why {
                                Dropped::Duplicate(_) => "Duplicate",
                                Dropped::NotInTemplate => "NotInTemplate",
                            };
                            format!("{}:{why}", name(l))
                        })
                        .collect(),
                    a.undeclared.clone(),
                    a.shadowed_by.is_some(),
                )
            })
            .collect()
    }

    #[test]
    fn parameters_missing_stray_and_twice() {
        let found = analyse(concat!(
            "paths:\n  /a/{id}/{sub}:\n    get:\n      parameters:\n",
            "        - {name: other, in: path, required: true, schema: {type: string}}\n",
            "        - {name: sub, in: path, required: true, schema: {type: string}}\n",
            "        - {name: q, in: query, schema: {type: string}}\n",
            "        - {name: q, in: query, schema: {type: integer}}\n",
            "      responses: {'200': {description: ok}}\n",
        ));
        assert_eq!(
            found,
            [(
                "#/paths/~1a~1{id}~1{sub}/get".to_owned(),
                vec!["sub".to_owned(), "q".to_owned()],
                vec!["q:Duplicate".to_owned(), "other:NotInTemplate".to_owned()],
                vec!["id".to_owned()],
                false
            )]
        );
    }

    #[test]
    fn routes_of_the_same_shape_and_method_are_shadowed() {
        let op = |m: &str| format!("    {m}:\n      responses: {{'200': {{description: ok}}}}\n");
        let body = format!(
            "paths:\n  /things/{{id}}:\n{}{}  /things/{{name}}:\n{}{}",
            op("get"),
            op("put"),
            op("get"),
            op("delete")
        );
        let shadowed: Vec<(String, bool)> = analyse(&body).into_iter().map(|(at, .., s)| (at, s)).collect();
        assert_eq!(
            shadowed,
            [
                ("#/paths/~1things~1{id}/get".to_owned(), false),
                ("#/paths/~1things~1{id}/put".to_owned(), false),
                ("#/paths/~1things~1{name}/get".to_owned(), true),
                ("#/paths/~1things~1{name}/delete".to_owned(), false),
            ]
        );
    }
}
