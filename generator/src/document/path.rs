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

/// One parameter of an axum route: its name, and the literal text around it inside its `/`
/// segment (stripped from the captured value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteCapture {
    pub name: String,
    pub prefix: String,
    pub suffix: String,
}

/// What a `paths` key means: the template a server sees, and what is wrong with the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathAnalysis {
    /// The template, without a `#fragment`; `None` when its braces do not pair up.
    pub template: Option<PathTemplate>,
    /// Problems that make the key unusable as a route.
    pub errors: Vec<String>,
    /// Documented rewrites.
    pub warnings: Vec<String>,
}

impl PathAnalysis {
    /// Whether the template can be routed as written (no errors).
    pub fn is_routable(&self) -> bool {
        self.errors.is_empty() && self.template.is_some()
    }
}

impl PathTemplate {
    /// Parses a path template; `Err` names what is wrong (unbalanced or empty braces).
    pub fn parse(path: &str) -> Result<Self, String> {
        let mut segments = Vec::new();
        let mut rest = path;
        while !rest.is_empty() {
            match rest.find('{') {
                Some(0) => {
                    let end = rest.find('}').ok_or_else(|| format!("unclosed `{{` in path `{path}`"))?;
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

    /// Reads a `paths` key: what a server routes, and every problem with the key. A
    /// `#fragment` is dropped with a warning; text beside a parameter in one segment is a
    /// warning (the server strips it); a missing leading `/`, unbalanced braces, an empty
    /// parameter, two parameters in one segment, a repeated name and a `?query` are errors.
    pub fn analyse(key: &str) -> PathAnalysis {
        let mut errors = Vec::new();
        let mut warnings = Vec::new();
        let mut names = Vec::new();
        let mut balanced = true;
        if !key.starts_with('/') {
            errors.push(format!("path `{key}` must start with `/`"));
        }
        // What follows `#` or `?` is not part of the path a server sees.
        let path = match key.find(['#', '?']) {
            Some(i) => {
                let path = &key[..i];
                if key[i..].starts_with('#') {
                    // Some documents (Box's) put several operations on one path this way.
                    warnings.push(format!(
                        "path `{key}` holds a fragment (`#…`), which clients never send; the \
                         generator uses `{path}` (a server answers it with the first operation \
                         of that method)"
                    ));
                } else {
                    errors.push(format!(
                        "path `{key}` holds a query string (`?…`); declare query parameters with \
                         `in: query` instead"
                    ));
                }
                path
            }
            None => key,
        };
        for segment in path.split('/') {
            let Some(params) = segment_params(segment) else {
                errors.push(format!("segment `{segment}` of `{key}` has unbalanced braces"));
                balanced = false;
                continue;
            };
            match params.as_slice() {
                [] => {}
                [""] if segment == "{}" => {
                    errors.push(format!("segment `{{}}` of `{key}` is a parameter with no name"));
                }
                [name] if segment.len() == name.len() + 2 => names.push(*name),
                [name] => {
                    warnings.push(format!(
                        "segment `{segment}` of `{key}` puts text beside the parameter `{name}`; \
                         the server routes the whole segment and strips the text around the value"
                    ));
                    names.push(*name);
                }
                _ => {
                    errors.push(format!(
                        "segment `{segment}` of `{key}` holds {} parameters; axum routes one \
                         parameter per segment",
                        params.len()
                    ));
                    names.extend(params.iter().copied());
                }
            }
        }
        let mut seen = HashSet::new();
        for name in &names {
            if !seen.insert(*name) {
                errors.push(format!("parameter `{name}` appears twice in `{key}`"));
            }
        }
        let template = if balanced { PathTemplate::parse(path).ok() } else { None };
        PathAnalysis {
            template,
            errors,
            warnings,
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

    /// Whether every parameter fills a whole `/`-separated segment (what a router can match).
    pub fn is_routable(&self) -> bool {
        self.segments.iter().enumerate().all(|(i, s)| match s {
            PathSegment::Param(_) => {
                let before_ok =
                    i == 0 || matches!(&self.segments[i - 1], PathSegment::Literal(l) if l.ends_with('/'));
                let after_ok = match self.segments.get(i + 1) {
                    None => true,
                    Some(PathSegment::Literal(l)) => l.starts_with('/'),
                    Some(PathSegment::Param(_)) => false,
                };
                before_ok && after_ok
            }
            PathSegment::Literal(_) => true,
        })
    }

    /// The axum route: every parameter captured positionally (`{p0}`) as its whole segment, so
    /// templates of the same shape share one route; with the literal text around each
    /// parameter in its segment, to strip.
    pub fn axum_route(&self) -> (String, Vec<RouteCapture>) {
        let template = self.to_template();
        let mut route = String::new();
        let mut captures = Vec::new();
        for (i, segment) in template.split('/').enumerate() {
            if i > 0 {
                route.push('/');
            }
            match (segment.find('{'), segment.rfind('}')) {
                (Some(open), Some(close)) if open < close => {
                    route.push_str(&format!("{{p{}}}", captures.len()));
                    captures.push(RouteCapture {
                        name: segment[open + 1..close].to_owned(),
                        prefix: segment[..open].to_owned(),
                        suffix: segment[close + 1..].to_owned(),
                    });
                }
                _ => route.push_str(segment),
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
        assert!(t.is_routable());
        assert!(!PathTemplate::parse("/a/{x}.{y}").unwrap().is_routable());
        assert!(!PathTemplate::parse("/a/{x}{y}").unwrap().is_routable());
        assert!(!PathTemplate::parse("/files/{name}.json").unwrap().is_routable());
        assert!(PathTemplate::parse("/").unwrap().is_routable());
        assert!(PathTemplate::parse("/a/{x").is_err());
        assert!(PathTemplate::parse("/a/x}").is_err());
        assert!(PathTemplate::parse("/a/{}").is_err());
    }

    #[test]
    fn axum_routes_capture_whole_segments() {
        let t = PathTemplate::parse("/files/{name}.json/{id}").unwrap();
        let (route, captures) = t.axum_route();
        assert_eq!(route, "/files/{p0}/{p1}");
        assert_eq!(
            captures,
            [
                RouteCapture { name: "name".into(), prefix: String::new(), suffix: ".json".into() },
                RouteCapture { name: "id".into(), prefix: String::new(), suffix: String::new() },
            ]
        );
    }

    #[test]
    fn keys_are_analysed_per_segment() {
        assert_eq!(segment_params("{a}"), Some(vec!["a"]));
        assert_eq!(segment_params("{a}.{b}"), Some(vec!["a", "b"]));
        assert_eq!(segment_params("a}"), None);
        assert_eq!(segment_params("{{a}}"), None);

        let ok = PathTemplate::analyse("/a/{x}/b");
        assert!(ok.is_routable() && ok.warnings.is_empty());
        let fragment = PathTemplate::analyse("/c/{x}#alt");
        assert!(fragment.is_routable());
        assert_eq!(fragment.template.unwrap().to_template(), "/c/{x}");
        assert_eq!(fragment.warnings.len(), 1);
        let beside = PathTemplate::analyse("/files/{name}.json");
        assert!(beside.is_routable() && beside.warnings.len() == 1);
        for bad in ["a/{x}", "/a/{x}.{y}", "/b/{x", "/a/{}", "/a/{x}/{x}", "/top?period={p}"] {
            assert!(!PathTemplate::analyse(bad).errors.is_empty(), "{bad}");
        }
        assert!(PathTemplate::analyse("/b/{x").template.is_none());
    }
}
