//! What a caller adds to calls (headers, a timeout) and sees of every answer.

/// One answer as a [`ClientBuilder::on_response`](super::ClientBuilder::on_response) observer sees it: every attempt's, retried
/// or not, success or error.
#[derive(Debug)]
#[non_exhaustive]
pub struct Exchange<'a> {
    /// The operationId.
    pub operation: &'static str,
    pub method: &'a ::reqwest::Method,
    /// The path template (`/member/query`), not the path: no parameter values.
    pub template: &'static str,
    /// 1 for the first attempt.
    pub attempt: u32,
    pub status: u16,
    pub headers: &'a ::reqwest::header::HeaderMap,
    /// From sending the request to the answer's headers.
    pub elapsed: ::std::time::Duration,
}

/// Observes every answer (see [`ClientBuilder::on_response`](super::ClientBuilder::on_response)).
pub(crate) type Observer = ::std::sync::Arc<dyn Fn(&Exchange<'_>) + Send + Sync>;

/// Options for the calls of one [`Client::with_options`](super::Client::with_options) view: headers added to each request
/// and a timeout per attempt. An operation's idempotency key is a field of its request, so
/// each call sets its own.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct CallOptions {
    pub headers: ::reqwest::header::HeaderMap,
    pub timeout: Option<::std::time::Duration>,
}

impl CallOptions {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a header to every request (a value that is not a valid header is refused when
    /// the call is made, as [`Error::Encode`](super::Error::Encode)).
    pub fn header(mut self, name: ::reqwest::header::HeaderName, value: ::reqwest::header::HeaderValue) -> Self {
        self.headers.append(name, value);
        self
    }

    /// How long each attempt may take (the client's own timeout still applies).
    pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }
}
