//! RFC 6901 JSON pointers: how every diagnostic names the place it is about.

use std::fmt;

/// A JSON pointer into the source document, e.g. `/paths/~1member~1query/get/parameters/0`.
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JsonPointer {
    tokens: Vec<String>,
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
        Some(Self {
            tokens: rest
                .split('/')
                .map(|t| t.replace("~1", "/").replace("~0", "~"))
                .collect(),
        })
    }

    /// This pointer with one more token.
    pub fn push(&self, token: impl Into<String>) -> Self {
        let mut tokens = self.tokens.clone();
        tokens.push(token.into());
        Self { tokens }
    }

    /// The unescaped tokens, outermost first.
    pub fn tokens(&self) -> &[String] {
        &self.tokens
    }

    /// Looks the pointer up in a JSON value.
    pub fn resolve<'a>(&self, value: &'a serde_json::Value) -> Option<&'a serde_json::Value> {
        self.tokens.iter().try_fold(value, |v, t| match v {
            serde_json::Value::Object(map) => map.get(t),
            serde_json::Value::Array(items) => t.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        })
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
        f.write_str("#")?;
        for t in &self.tokens {
            write!(f, "/{}", t.replace('~', "~0").replace('/', "~1"))?;
        }
        Ok(())
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
        assert_eq!(JsonPointer::parse("#").unwrap(), JsonPointer::root());
        assert_eq!(JsonPointer::parse("paths"), None);
    }

    #[test]
    fn resolves_objects_and_arrays() {
        let v = serde_json::json!({"a": [{"b/c": 1}]});
        let p = JsonPointer::root().push("a").push("0").push("b/c");
        assert_eq!(p.resolve(&v), Some(&serde_json::json!(1)));
        assert_eq!(p.push("d").resolve(&v), None);
    }
}
