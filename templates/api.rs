//! The API traits of {{ title }}: one per tag, one method per operation. The HTTP client
//! implements them; so can a server's implementation, a test double or an in-process fake,
//! and code written against the traits can use any of them.

/// Why a call by operationId failed.
#[cfg(feature = "json")]
#[derive(Debug)]
#[non_exhaustive]
pub enum CallError<E> {
    /// No operation of this trait has that operationId.
    UnknownOperation(String),
    /// The JSON is not a request of the operation.
    Request(::serde_json::Error),
    /// The implementation failed.
    Service(E),
}

#[cfg(feature = "json")]
impl<E: ::std::fmt::Display> ::std::fmt::Display for CallError<E> {
    fn fmt(&self, __f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match self {
            Self::UnknownOperation(__id) => ::std::write!(__f, "no operation `{__id}`"),
            Self::Request(__e) => ::std::write!(__f, "not a request of the operation: {__e}"),
            Self::Service(__e) => ::std::fmt::Display::fmt(__e, __f),
        }
    }
}

#[cfg(feature = "json")]
impl<E: ::std::fmt::Debug + ::std::fmt::Display> ::std::error::Error for CallError<E> {
    fn source(&self) -> Option<&(dyn ::std::error::Error + 'static)> {
        match self {
            Self::Request(__e) => Some(__e),
            _ => None,
        }
    }
}
{% for item in items %}
// @item
{{ item }}
{% endfor %}
