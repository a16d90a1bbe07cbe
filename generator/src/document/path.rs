//! Path templates: parsed once, here, and used for validation, lowering, the client's URLs,
//! the server's routes and the diff.

use std::collections::HashSet;

/// A path such as `/order/{memberType}/{orderId}`, split into literal text and parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate {
    pub segments: Vec<PathSegment>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    Literal(String),
    Param(String),
}

/// Where a server finds one parameter: the axum capture of its `/` segment (`p0`, `p1`, ...),
/// the literal text of that segment before, between and after its parameters (one more entry
/// than the segment has parameters), and which of the segment's parameters it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteCapture {
    pub name: String,
    pub capture: String,
    pub literals: Vec<String>,
    pub index: usize,
}

/// What a `paths` key means: the template a server sees, and what is wrong with the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathAnalysis {
    /// The template, without a `#fragment` or `?query`; `None` when its braces do not pair
    /// up (no correct URL can be built: the key's operations are left out).
    pub template: Option<PathTemplate>,
    /// The `name=value` pairs of a `?query` in the key: a value is a `{parameter}` or fixed
    /// text.
    pub query: Vec<(String, String)>,
    /// What is wrong with the key, each with the recovery the generator makes.
    pub warnings: Vec<String>,
}

impl PathTemplate {
    /// Parses a path template; `Err` names what is wrong (unbalanced or empty braces).
    pub fn parse(path: &str) -> Result<Self, String> {
        let mut segments = Vec::new();
        let mut rest = path;
        while !rest.is_empty() {
            match rest.find('{') {
                Some(0) => {
                    let end = rest
                        .find('}')
                        .ok_or_else(|| format!("unclosed `{{` in path `{path}`"))?;
                    let name = &rest[1..end];
                    if name.is_empty() || name.contains('{') {
                        return Err(format!("malformed parameter `{}` in path `{path}`", &rest[..=end]));
                    }
                    segments.push(PathSegment::Param(name.to_owned()));
                    rest = &rest[end + 1..];
                }
                Some(i) => {
                    let literal = &rest[..i];
                    if literal.contains('}') {
                        return Err(format!("unopened `}}` in path `{path}`"));
                    }
                    segments.push(PathSegment::Literal(literal.to_owned()));
                    rest = &rest[i..];
                }
                None => {
                    if rest.contains('}') {
                        return Err(format!("unopened `}}` in path `{path}`"));
                    }
                    segments.push(PathSegment::Literal(rest.to_owned()));
                    rest = "";
                }
            }
        }
        Ok(Self { segments })
    }

    /// Reads a `paths` key: the template a server routes, the query string a key may carry
    /// (OpenAPI says it may not; the wild writes `/top.json?period={period}`), and warnings for
    /// what the generator recovers from: a `#fragment` (dropped), a `?query` (its pairs become
    /// query parameters), a missing leading `/` (added), a parameter named twice (the first
    /// occurrence names it), and unbalanced or empty braces (the key's operations are left out).
    pub fn analyse(key: &str) -> PathAnalysis {
        let mut warnings = Vec::new();
        let (path, fragment) = match key.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (key, None),
        };
        if fragment.is_some() {
            // Some documents (Box's) put several operations on one path this way.
            warnings.push(format!(
                "path `{key}` holds a fragment (`#…`), which clients never send; the generator uses \
                 the path before it (a server answers it with the first operation of that method)"
            ));
        }
        let (path, query) = Self::split_query(key, path, &mut warnings);
        let path = if path.starts_with('/') {
            path.to_owned()
        } else {
            warnings.push(format!("path `{key}` does not start with `/`; the generator adds one"));
            format!("/{path}")
        };
        let mut balanced = true;
        let mut names = Vec::new();
        for segment in path.split('/') {
            match segment_params(segment) {
                Some(params) if params.iter().any(|p| p.is_empty()) => {
                    warnings.push(format!(
                        "segment `{segment}` of `{key}` has a parameter with no name; its operations are left out"
                    ));
                    balanced = false;
                }
                Some(params) => {
                    if params.len() > 1 && segment.contains("}{") {
                        warnings.push(format!(
                            "segment `{segment}` of `{key}` puts parameters side by side with no text between \
                             them; a server gives the first the whole text"
                        ));
                    }
                    names.extend(params);
                }
                None => {
                    warnings.push(format!(
                        "segment `{segment}` of `{key}` has unbalanced braces; its operations are left out"
                    ));
                    balanced = false;
                }
            }
        }
        let mut seen = HashSet::new();
        for name in &names {
            if !seen.insert(*name) {
                warnings.push(format!(
                    "parameter `{name}` appears twice in `{key}`; both places take its value"
                ));
            }
        }
        let template = if balanced {
            PathTemplate::parse(&path).ok()
        } else {
            None
        };
        PathAnalysis {
            template,
            query,
            warnings,
        }
    }

    /// Splits a `?query` off a path key (with a warning): its `name=value` pairs, in order.
    fn split_query<'k>(key: &str, path: &'k str, warnings: &mut Vec<String>) -> (&'k str, Vec<(String, String)>) {
        match path.split_once('?') {
            Some((path, query)) => {
                warnings.push(format!(
                    "path `{key}` holds a query string (`?…`), which OpenAPI does not allow; the \
                     generator routes `{path}` and sends the query's pairs as query parameters"
                ));
                let pairs = query
                    .split('&')
                    .filter(|p| !p.is_empty())
                    .map(|p| match p.split_once('=') {
                        Some((k, v)) => (k.to_owned(), v.to_owned()),
                        None => (p.to_owned(), String::new()),
                    })
                    .collect();
                (path, pairs)
            }
            None => (path, Vec::new()),
        }
    }

    /// The parameter names, in order.
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|s| match s {
            PathSegment::Param(p) => Some(p.as_str()),
            PathSegment::Literal(_) => None,
        })
    }

    /// The template as written in the spec.
    pub fn to_template(&self) -> String {
        self.segments
            .iter()
            .map(|s| match s {
                PathSegment::Literal(l) => l.clone(),
                PathSegment::Param(p) => format!("{{{p}}}"),
            })
            .collect()
    }

    /// The template with its parameter names blanked (`/a/{}/b`): two templates with the same
    /// shape are the same route to a router.
    pub fn route_shape(&self) -> String {
        self.segments
            .iter()
            .map(|s| match s {
                PathSegment::Literal(l) => l.as_str(),
                PathSegment::Param(_) => "{}",
            })
            .collect()
    }

    /// The axum route: every `/` segment that holds parameters is captured whole and
    /// positionally (`{p0}`), so templates of the same shape share one route; each parameter
    /// is then cut out of its segment's text by the literal text around it.
    pub fn axum_route(&self) -> (String, Vec<RouteCapture>) {
        let template = self.to_template();
        let mut route = String::new();
        let mut captures = Vec::new();
        let mut count = 0;
        for (i, segment) in template.split('/').enumerate() {
            if i > 0 {
                route.push('/');
            }
            let Ok(parts) = PathTemplate::parse(segment) else {
                route.push_str(segment);
                continue;
            };
            let params: Vec<&str> = parts.params().collect();
            if params.is_empty() {
                route.push_str(segment);
                continue;
            }
            let capture = format!("p{count}");
            count += 1;
            route.push_str(&format!("{{{capture}}}"));
            // The literal text before, between and after the parameters.
            let mut literals = vec![String::new()];
            for part in &parts.segments {
                match part {
                    PathSegment::Literal(l) => literals.last_mut().expect("never empty").push_str(l),
                    PathSegment::Param(_) => literals.push(String::new()),
                }
            }
            for (index, name) in params.into_iter().enumerate() {
                captures.push(RouteCapture {
                    name: name.to_owned(),
                    capture: capture.clone(),
                    literals: literals.clone(),
                    index,
                });
            }
        }
        (route, captures)
    }
}

/// The `{…}` parameters of one path segment; `None` when its braces do not pair up.
fn segment_params(segment: &str) -> Option<Vec<&str>> {
    let mut params = Vec::new();
    let mut rest = segment;
    loop {
        match (rest.find('{'), rest.find('}')) {
            (None, None) => return Some(params),
            (Some(open), Some(close)) if open < close => {
                let name = rest.get(open + 1..close)?;
                if name.contains('{') {
                    return None;
                }
                params.push(name);
                rest = rest.get(close + 1..)?;
            }
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_parse_and_render() {
        let t = PathTemplate::parse("/order/{memberType}/{orderId}").unwrap();
        assert_eq!(t.params().collect::<Vec<_>>(), ["memberType", "orderId"]);
        assert_eq!(t.to_template(), "/order/{memberType}/{orderId}");
        assert_eq!(t.route_shape(), "/order/{}/{}");
        assert!(PathTemplate::parse("/a/{x").is_err());
        assert!(PathTemplate::parse("/a/x}").is_err());
        assert!(PathTemplate::parse("/a/{}").is_err());
    }

    #[test]
    fn axum_routes_capture_whole_segments() {
        let t = PathTemplate::parse("/files/{name}.json/{id}/{year}-{month}").unwrap();
        let (route, captures) = t.axum_route();
        assert_eq!(route, "/files/{p0}/{p1}/{p2}");
        let capture = |name: &str, capture: &str, literals: &[&str], index| RouteCapture {
            name: name.into(),
            capture: capture.into(),
            literals: literals.iter().map(|l| (*l).to_owned()).collect(),
            index,
        };
        assert_eq!(
            captures,
            [
                capture("name", "p0", &["", ".json"], 0),
                capture("id", "p1", &["", ""], 0),
                capture("year", "p2", &["", "-", ""], 0),
                capture("month", "p2", &["", "-", ""], 1),
            ]
        );
    }

    #[test]
    fn keys_are_analysed_per_segment() {
        assert_eq!(segment_params("{a}"), Some(vec!["a"]));
        assert_eq!(segment_params("{a}.{b}"), Some(vec!["a", "b"]));
        assert_eq!(segment_params("a}"), None);
        assert_eq!(segment_params("{{a}}"), None);

        for clean in ["/a/{x}/b", "/files/{name}.json", "/a/{x}.{y}", "/r/{year}-{month}"] {
            let a = PathTemplate::analyse(clean);
            assert!(
                a.template.is_some() && a.warnings.is_empty() && a.query.is_empty(),
                "{clean}: {a:?}"
            );
        }
        let fragment = PathTemplate::analyse("/c/{x}#alt");
        assert_eq!(fragment.template.unwrap().to_template(), "/c/{x}");
        assert_eq!(fragment.warnings.len(), 1);
        let query = PathTemplate::analyse("/top.json?period={period}&format=json");
        assert_eq!(query.template.unwrap().to_template(), "/top.json");
        assert_eq!(
            query.query,
            [
                ("period".to_owned(), "{period}".to_owned()),
                ("format".to_owned(), "json".to_owned())
            ]
        );
        assert_eq!(query.warnings.len(), 1);
        let relative = PathTemplate::analyse("a/{x}");
        assert_eq!(relative.template.unwrap().to_template(), "/a/{x}");
        for broken in ["/b/{x", "/a/{}", "/a/x}"] {
            let a = PathTemplate::analyse(broken);
            assert!(a.template.is_none() && a.warnings.len() == 1, "{broken}: {a:?}");
        }
        let twice = PathTemplate::analyse("/a/{x}/{x}");
        assert!(twice.template.is_some() && twice.warnings.len() == 1);
        assert_eq!(PathTemplate::analyse("/a/{x}{y}").warnings.len(), 1);
    }
}
