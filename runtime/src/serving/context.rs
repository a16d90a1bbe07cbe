//! The request context of a server: the operation, authentication's answer, and what an
//! implementation can know about the request it serves (with request ids).

use ::axum::response::IntoResponse as _;

use super::{ErrorBody, ErrorResponse, ProblemKind};

/// An operation as a server sees it, for authentication, authorisation and logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// The operationId.
    pub id: &'static str,
    /// The HTTP method, upper case (`GET`).
    pub method: &'static str,
    /// The path template (`/pets/{id}`), or the webhook's name.
    pub path: &'static str,
    /// The security alternatives: each a list of scheme names that must all be satisfied; an
    /// empty list means anyone may call.
    pub security: &'static [&'static [&'static str]],
}

impl Operation {
    /// Whether the operation only reads: its method is safe (`GET`, `HEAD`, `OPTIONS`, `TRACE`).
    pub fn is_safe(&self) -> bool {
        matches!(self.method, "GET" | "HEAD" | "OPTIONS" | "TRACE")
    }
}

/// Why a request may not call an operation: the two answers authentication and authorisation
/// give, 401 and 403.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// No credentials, or credentials that are not valid: 401.
    Unauthenticated(String),
    /// Valid credentials of a caller that may not call the operation: 403.
    Forbidden(String),
}

impl Refusal {
    /// The answer in the error body.
    pub fn answer<B: ErrorBody>(self, uri: &str) -> ::axum::response::Response {
        let (kind, message) = match self {
            Self::Unauthenticated(message) => (ProblemKind::Unauthorized, message),
            Self::Forbidden(message) => (ProblemKind::Forbidden, message),
        };
        ErrorResponse::<B>::new(kind, message, uri).into_response()
    }
}

/// What an implementation can know about the request it serves, beyond the typed request: the
/// operation, the request id, the headers, the request's extensions (axum's `ConnectInfo`
/// among them when the server records it) and the principal authentication returned.
///
/// The API traits are shared by the HTTP client and every implementation (a proxy serves a
/// client), so the context is not a parameter: the router runs each call inside it, and the
/// implementation asks [`Context::current`]. A task the implementation spawns runs outside
/// it unless wrapped in [`Context::scope`].
pub struct Context {
    operation: &'static Operation,
    uri: ::axum::http::Uri,
    request_id: Option<::axum::http::HeaderValue>,
    headers: ::axum::http::HeaderMap,
    extensions: ::axum::http::Extensions,
    /// Not in the extensions: inserting into them would grow their map on every request.
    principal: Box<dyn ::std::any::Any + Send + Sync>,
}

::tokio::task_local! {
    static CONTEXT: ::std::sync::Arc<Context>;
}

impl Context {
    /// The context of a request; `principal` is what authentication returned.
    pub fn new<P: Clone + Send + Sync + 'static>(
        operation: &'static Operation,
        uri: ::axum::http::Uri,
        request_id: Option<::axum::http::HeaderValue>,
        headers: ::axum::http::HeaderMap,
        extensions: ::axum::http::Extensions,
        principal: P,
    ) -> Self {
        Self {
            operation,
            uri,
            request_id,
            headers,
            extensions,
            principal: Box::new(principal),
        }
    }

    /// The context of the request being served, inside the router's call of an
    /// implementation (or a future in [`Context::scope`]); `None` elsewhere.
    pub fn current() -> Option<::std::sync::Arc<Context>> {
        CONTEXT.try_with(::std::sync::Arc::clone).ok()
    }

    /// Runs `future` inside this context (for a task the implementation spawns).
    pub fn scope<F: ::std::future::Future>(
        self: ::std::sync::Arc<Self>,
        future: F,
    ) -> impl ::std::future::Future<Output = F::Output> {
        CONTEXT.scope(self, future)
    }

    /// The operation called.
    pub fn operation(&self) -> &'static Operation {
        self.operation
    }

    /// The request's URI as the router saw it (under a nested router, without its prefix).
    pub fn uri(&self) -> &::axum::http::Uri {
        &self.uri
    }

    /// The error body's `uri` for a problem of this request: its path, with its request id as
    /// the fragment (see [`problem_uri`]).
    pub fn problem_uri(&self) -> String {
        problem_uri(self.uri.path(), self.request_id.as_ref())
    }

    /// The request id: the request's own (`x-request-id` by default) or the one the router
    /// gave it; `None` when `ServerConfig::request_id` is off.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_ref().and_then(|id| id.to_str().ok())
    }

    /// The request's headers (credentials among them: do not log them).
    pub fn headers(&self) -> &::axum::http::HeaderMap {
        &self.headers
    }

    /// The request's extensions, as layers and the connection left them.
    pub fn extensions(&self) -> &::axum::http::Extensions {
        &self.extensions
    }

    /// The caller's address, when the server records it
    /// (`into_make_service_with_connect_info::<SocketAddr>()`).
    pub fn remote_addr(&self) -> Option<::std::net::SocketAddr> {
        self.extensions
            .get::<::axum::extract::ConnectInfo<::std::net::SocketAddr>>()
            .map(|info| info.0)
    }

    /// The principal authentication returned, if it is a `P` (the `Authenticate::Principal`
    /// of the router's authenticator).
    pub fn principal<P: Send + Sync + 'static>(&self) -> Option<&P> {
        self.principal.downcast_ref()
    }
}

/// Names the operation and the request id, never a header's value (credentials travel in
/// headers).
impl ::std::fmt::Debug for Context {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.debug_struct("Context")
            .field("operation", &self.operation.id)
            .field("request_id", &self.request_id())
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("remote_addr", &self.remote_addr())
            .finish_non_exhaustive()
    }
}

/// Where a problem happened, for the error body's `uri`: the request's path, with its request
/// id as the fragment (`/pets/7#0b5e…`) so an answer can be found in the server's logs.
pub fn problem_uri(path: &str, request_id: Option<&::axum::http::HeaderValue>) -> String {
    match request_id.and_then(|id| id.to_str().ok()) {
        Some(id) => format!("{path}#{id}"),
        None => path.to_owned(),
    }
}

/// The error body's `uri` for the request being served ([`Context::problem_uri`]), else
/// `path`: for an error that an implementation's code turns into an answer.
pub fn current_problem_uri(path: &str) -> String {
    Context::current().map_or_else(|| path.to_owned(), |cx| cx.problem_uri())
}

/// The type of [`call`]'s future.
pub type TimedCall<F> = ::std::pin::Pin<
    Box<
        ::tokio::time::Timeout<
            ::tracing::instrument::Instrumented<::tokio::task::futures::TaskLocalFuture<::std::sync::Arc<Context>, F>>,
        >,
    >,
>;

/// An implementation's call run inside its request's [`Context`] and a tracing span that
/// names the operation and the request id, for at most `limit` (`Err` past it: answer
/// [`too_late`](super::too_late)). Boxed: the handler's future then holds a pointer instead of
/// the call, its context and its timer, and stays under the size where the allocator leaves
/// its fast path (a handler future above 1 KiB cost more than it and this box together).
pub fn call<F: ::std::future::Future>(context: Context, limit: Option<::std::time::Duration>, call: F) -> TimedCall<F> {
    use ::tracing::Instrument as _;
    let span = ::tracing::info_span!(
        "call",
        operation = context.operation.id,
        request_id = context.request_id()
    );
    let call = CONTEXT.scope(::std::sync::Arc::new(context), call).instrument(span);
    // No limit: a deadline tokio places beyond any run (`Duration::MAX` does not overflow).
    Box::pin(::tokio::time::timeout(
        limit.unwrap_or(::std::time::Duration::MAX),
        call,
    ))
}

/// The id of a request: its own (in the `header` of `ServerConfig::request_id`), else a fresh
/// one; `None` when request ids are off.
pub fn request_id(
    header: Option<&::axum::http::HeaderName>,
    headers: &::axum::http::HeaderMap,
) -> Option<::axum::http::HeaderValue> {
    let header = header?;
    Some(headers.get(header).cloned().unwrap_or_else(new_request_id))
}

/// The answer with the request's id in `header`.
pub fn with_request_id(
    mut response: ::axum::response::Response,
    header: Option<&::axum::http::HeaderName>,
    request_id: Option<::axum::http::HeaderValue>,
) -> ::axum::response::Response {
    if let (Some(header), Some(id)) = (header, request_id) {
        response.headers_mut().insert(header.clone(), id);
    }
    response
}

/// A fresh request id: a UUID (version 8, RFC 9562's custom layout) whose first 64 bits are
/// random per process and whose last 62 count the requests. Unique like a random UUID, without
/// asking the operating system for randomness per request.
pub fn new_request_id() -> ::axum::http::HeaderValue {
    static PREFIX: ::std::sync::OnceLock<u64> = ::std::sync::OnceLock::new();
    static COUNT: ::std::sync::atomic::AtomicU64 = ::std::sync::atomic::AtomicU64::new(0);
    // std's hasher keys are random per process: a random prefix without another crate.
    let prefix = *PREFIX.get_or_init(|| {
        use ::std::hash::{BuildHasher as _, Hasher as _};
        let mut hasher = ::std::collections::hash_map::RandomState::new().build_hasher();
        let now = ::std::time::SystemTime::now().duration_since(::std::time::UNIX_EPOCH);
        hasher.write_u128(now.map_or(0, |d| d.as_nanos()));
        hasher.write_u32(::std::process::id());
        hasher.finish()
    });
    let count = COUNT.fetch_add(1, ::std::sync::atomic::Ordering::Relaxed);
    // Version 8 in the top nibble of the third group, variant 0b10 at the top of the fourth.
    let high = (prefix & !0xf000) | 0x8000;
    let low = (count & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
    // Hex digits written in place: one allocation (the header value's), not two.
    let mut text = [b'-'; 36];
    let digits = (0..16)
        .map(|i| (high >> (60 - 4 * i)) & 0xf)
        .chain((0..16).map(|i| (low >> (60 - 4 * i)) & 0xf));
    let places = (0..36).filter(|i| ![8, 13, 18, 23].contains(i));
    for (place, digit) in places.zip(digits) {
        text[place] = b"0123456789abcdef"[digit as usize];
    }
    ::axum::http::HeaderValue::from_bytes(&text).unwrap_or_else(|_| ::axum::http::HeaderValue::from_static("-"))
}
