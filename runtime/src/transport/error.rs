//! What a call fails with.

/// An error status with the body the spec documents for it (`B`, the API's error body).
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError<B> {
    pub status: u16,
    pub body: B,
    /// The answer's headers (a gateway's request id, rate-limit headers).
    pub headers: ::reqwest::header::HeaderMap,
}

impl<B: ::serde::Serialize> ::std::fmt::Display for ApiError<B> {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        let body = crate::support::to_json_text(&self.body);
        write!(f, "the API answered {}: {}", self.status, excerpt(body.as_bytes()))
    }
}

/// Everything a call can fail with. New kinds may come: `match` with a wildcard arm.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<B> {
    /// A documented error status, with its decoded body.
    Api(Box<ApiError<B>>),
    /// The request breaks the spec; nothing was sent.
    InvalidRequest(crate::support::Violations),
    /// A status the operation does not document.
    UnexpectedStatus { status: u16, excerpt: String },
    /// The body does not decode into the documented type.
    Decode {
        status: u16,
        /// Where in the body: `member.points[2].value`, `.` for the whole body.
        path: String,
        source: ::serde_json::Error,
        /// The body's first 300 bytes.
        excerpt: String,
    },
    /// No answer within the configured timeout.
    Timeout { operation: &'static str },
    /// Connecting, sending or receiving failed.
    Transport {
        operation: &'static str,
        source: ::reqwest::Error,
    },
    /// The request could not be encoded (a base URL that is not one, a body that is not JSON).
    Encode(String),
    /// A layer of the HTTP stack ([`ClientBuilder::layer`](super::ClientBuilder::layer)) failed the call.
    Middleware {
        operation: &'static str,
        source: ::tower::BoxError,
    },
}

impl<B> Error<B> {
    /// The HTTP status, when there was an answer.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api(e) => Some(e.status),
            Self::UnexpectedStatus { status, .. } | Self::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The documented error, when the API answered with one.
    pub fn api_error(&self) -> Option<&ApiError<B>> {
        match self {
            Self::Api(e) => Some(e),
            _ => None,
        }
    }
}

impl<B: ::serde::Serialize> ::std::fmt::Display for Error<B> {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match self {
            Self::Api(e) => ::std::fmt::Display::fmt(e, f),
            Self::InvalidRequest(v) => write!(f, "invalid request, not sent: {v}"),
            Self::UnexpectedStatus { status, excerpt } => write!(f, "undocumented status {status}: {excerpt}"),
            Self::Decode {
                status,
                path,
                source,
                excerpt,
            } => {
                write!(
                    f,
                    "cannot decode the {status} response at `{path}` ({source}): {excerpt}"
                )
            }
            Self::Timeout { operation } => write!(f, "{operation} timed out"),
            Self::Transport { operation, source } => write!(f, "{operation} failed: {source}"),
            Self::Encode(m) => write!(f, "cannot encode the request: {m}"),
            Self::Middleware { operation, source } => write!(f, "{operation} failed in a layer: {source}"),
        }
    }
}

impl<B: ::std::fmt::Debug + ::serde::Serialize> ::std::error::Error for Error<B> {
    fn source(&self) -> Option<&(dyn ::std::error::Error + 'static)> {
        match self {
            Self::InvalidRequest(v) => Some(v),
            Self::Transport { source, .. } => Some(source),
            Self::Decode { source, .. } => Some(source),
            Self::Middleware { source, .. } => Some(source.as_ref()),
            _ => None,
        }
    }
}

/// At most 300 bytes of a body, cut at a character boundary, for error messages.
pub(crate) fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut end = text.len().min(300);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let mut out = text[..end].to_owned();
    if end < text.len() {
        out.push('…');
    }
    out
}
