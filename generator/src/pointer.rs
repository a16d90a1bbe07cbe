//! RFC 6901 JSON pointers: how every diagnostic names the place it is about.

use std::fmt;

/// A JSON pointer into the source document, e.g. `#/paths/~1member~1query/get/parameters/0`.
///
/// Every node of the document model carries one, so it is kept as its escaped text (one
/// allocation per [`JsonPointer::push`], a plain comparison for equality and hashing).
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JsonPointer {
    /// `/a/b~1c`: every token escaped and preceded by `/`; empty for the root.
    escaped: String,
}

fn escape_into(out: &mut String, token: &str) {
    if token.contains(['~', '/']) {
        out.push_str(&token.replace('~', "~0").replace('/', "~1"));
    } else {
        out.push_str(token);
    }
}

fn unescape(token: &str) -> String {
    if token.contains('~') {
        token.replace("~1", "/").replace("~0", "~")
    } else {
        token.to_owned()
    }
}

impl JsonPointer {
    /// The pointer to the whole document.
    pub fn root() -> Self {
        Self::default()
    }

    /// Parses `#/a/b~1c` or `/a/b~1c`; `None` when the text is not a pointer.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.strip_prefix('#').unwrap_or(text);
        if text.is_empty() {
            return Some(Self::root());
        }
        let rest = text.strip_prefix('/')?;
        Some(rest.split('/').fold(Self::root(), |p, t| p.push(unescape(t))))
    }

    /// This pointer with one more token.
    pub fn push(&self, token: impl AsRef<str>) -> Self {
        let token = token.as_ref();
        let mut escaped = String::with_capacity(self.escaped.len() + token.len() + 1);
        escaped.push_str(&self.escaped);
        escaped.push('/');
        escape_into(&mut escaped, token);
        Self { escaped }
    }

    /// The pointer with `tokens` appended.
    pub fn join<T: AsRef<str>>(&self, tokens: impl IntoIterator<Item = T>) -> Self {
        tokens.into_iter().fold(self.clone(), |p, t| p.push(t))
    }

    /// The unescaped tokens, outermost first.
    pub fn tokens(&self) -> Vec<String> {
        if self.escaped.is_empty() {
            return Vec::new();
        }
        self.escaped[1..].split('/').map(unescape).collect()
    }

    /// How many tokens the pointer has (the root has none, see [`JsonPointer::is_empty`]).
    pub fn len(&self) -> usize {
        self.escaped.matches('/').count()
    }

    pub fn is_empty(&self) -> bool {
        self.escaped.is_empty()
    }

    /// The last token, unescaped.
    pub fn last(&self) -> Option<String> {
        self.escaped.rfind('/').map(|i| unescape(&self.escaped[i + 1..]))
    }

    /// The pointer without its last token (the root for the root).
    pub fn parent(&self) -> Self {
        match self.escaped.rfind('/') {
            Some(i) => Self {
                escaped: self.escaped[..i].to_owned(),
            },
            None => Self::root(),
        }
    }

    /// Whether `self` is `other` or lies inside it.
    pub fn starts_with(&self, other: &JsonPointer) -> bool {
        self.escaped.starts_with(&other.escaped)
            && matches!(self.escaped.as_bytes().get(other.escaped.len()), None | Some(b'/'))
    }

    /// Every prefix of the pointer, the root first and the pointer itself last.
    pub fn ancestors(&self) -> impl Iterator<Item = JsonPointer> + '_ {
        let ends = self
            .escaped
            .match_indices('/')
            .map(|(i, _)| i)
            .skip(1)
            .chain(std::iter::once(self.escaped.len()));
        std::iter::once(Self::root()).chain(ends.filter(|&e| e > 0).map(|e| Self {
            escaped: self.escaped[..e].to_owned(),
        }))
    }
}

/// Debug output (IR snapshots) shows the pointer as written, on one line.
impl fmt::Debug for JsonPointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{self}")
    }
}

impl fmt::Display for JsonPointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.escaped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_escapes() {
        let p = JsonPointer::parse("#/paths/~1member~1query/get/x~0y").unwrap();
        assert_eq!(p.tokens(), ["paths", "/member/query", "get", "x~y"]);
        assert_eq!(p.to_string(), "#/paths/~1member~1query/get/x~0y");
        assert_eq!(p.len(), 4);
        assert_eq!(p.last().as_deref(), Some("x~y"));
        assert_eq!(p.parent().to_string(), "#/paths/~1member~1query/get");
        assert_eq!(JsonPointer::parse("#").unwrap(), JsonPointer::root());
        assert_eq!(JsonPointer::parse("paths"), None);
        assert_eq!(
            JsonPointer::root().push("a/b").push("c"),
            JsonPointer::parse("/a~1b/c").unwrap()
        );
        assert_eq!(JsonPointer::root().join(["a", "b"]).to_string(), "#/a/b");
    }

    #[test]
    fn prefixes() {
        let p = JsonPointer::parse("#/a/bc/d").unwrap();
        let ancestors: Vec<String> = p.ancestors().map(|a| a.to_string()).collect();
        assert_eq!(ancestors, ["#", "#/a", "#/a/bc", "#/a/bc/d"]);
        assert!(p.starts_with(&JsonPointer::parse("#/a/bc").unwrap()));
        assert!(!p.starts_with(&JsonPointer::parse("#/a/b").unwrap()));
        assert!(p.starts_with(&JsonPointer::root()));
        assert_eq!(JsonPointer::root().ancestors().count(), 1);
        assert!(JsonPointer::root().last().is_none());
    }
}
