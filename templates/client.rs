//! The HTTP client of {{ title }}: [`Client`] implements every API trait of
//! [`crate::api`] over reqwest (rustls). Requests are validated before a byte is sent; responses
//! decode leniently; every call runs in a `tracing` span that carries the operation, method,
//! path template and status, and never a credential.
{% if !has_operations %}// The document has no operation to call (only webhooks, or nothing): the plumbing is unused.
#![allow(dead_code)]
{% endif %}
use ::tracing::Instrument as _;

// Methods of the support traits, called on request fields.
#[allow(unused_imports)]
use crate::support::{ToParam as _, Validate as _};

/// The servers the spec lists, as base URLs for [`Client::builder`].
pub mod servers {
{% for s in servers %}{% for line in s.docs %}    /// {{ line }}
{% endfor %}    pub const {{ s.name }}: &str = {{ s.url }};
{% endfor %}}

pub use crate::support::Secret;

/// The credentials of the spec's security schemes, sent with every operation that asks for
/// them. Secret values are redacted in `Debug` and `Display`.
#[derive(Clone, Default, Debug)]
pub struct Credentials {
{% for c in credentials %}{% for line in c.docs %}    /// {{ line }}
{% endfor %}    pub {{ c.field }}: Option<{{ c.ty }}>,
{% endfor %}}

impl Credentials {
    pub fn new() -> Self {
        Self::default()
    }
{% for c in credentials %}
    /// Sets the credential of the `{{ c.scheme_doc }}` scheme.
    pub fn {{ c.field }}(mut self, value: impl Into<{{ c.ty }}>) -> Self {
        self.{{ c.field }} = Some(value.into());
        self
    }
{% endfor %}
    /// Attaches the credentials of the schemes an operation asks for.
    #[allow(unused_mut, unused_variables)] // a spec without security schemes attaches nothing
    fn apply(&self, mut builder: ::reqwest::RequestBuilder, schemes: &[&str]) -> ::reqwest::RequestBuilder {
{% for c in credentials %}        if schemes.contains(&{{ c.scheme }}) && let Some(__value) = &self.{{ c.field }} {
{% if c.in_header %}            builder = builder.header({{ c.param }}, {{ c.expose }});
{% endif %}{% if c.in_query %}            builder = builder.query(&[({{ c.param }}, {{ c.expose }})]);
{% endif %}{% if c.in_cookie %}            builder = builder.header("cookie", format!("{}={}", {{ c.param }}, {{ c.expose }}));
{% endif %}{% if c.is_bearer %}            builder = builder.bearer_auth({{ c.expose }});
{% endif %}{% if c.is_basic %}            builder = builder.basic_auth(__value.0.as_str(), Some(__value.1.expose()));
{% endif %}        }
{% endfor %}        builder
    }
}

impl ::std::fmt::Display for Credentials {
    fn fmt(&self, __f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        ::std::fmt::Debug::fmt(self, __f)
    }
}

/// When and how often a failed call is tried again. Only safe calls are retried: `GET`, or an
/// operation that carries an idempotency key (re-sent with the same key); only on connect
/// errors, timeouts, 429 and 5xx; `Retry-After` is honoured.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 means no retry.
    pub max_attempts: u32,
    /// The wait before the first retry; it doubles with each retry.
    pub initial_backoff: ::std::time::Duration,
    pub max_backoff: ::std::time::Duration,
}

impl RetryPolicy {
    /// No retries (the default).
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            initial_backoff: ::std::time::Duration::from_millis(100),
            max_backoff: ::std::time::Duration::from_secs(5),
        }
    }

    /// Up to `max_attempts` attempts with the default backoff.
    pub fn attempts(max_attempts: u32) -> Self {
        Self { max_attempts, ..Self::none() }
    }

    /// The same policy with another backoff.
    pub fn with_backoff(mut self, initial: ::std::time::Duration, max: ::std::time::Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max;
        self
    }

    /// The wait before retry number `retry` (1-based).
    fn backoff(&self, retry: u32) -> ::std::time::Duration {
        let __factor = 2u32.saturating_pow(retry.saturating_sub(1));
        self.initial_backoff.saturating_mul(__factor).min(self.max_backoff)
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self::none()
    }
}

/// The error body the API documents for its error statuses.
pub type ErrorBody = {{ error_ty }};

/// An error status with the body the spec documents for it.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: u16,
    pub body: ErrorBody,
}

impl ::std::fmt::Display for ApiError {
    fn fmt(&self, __f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        ::std::write!(__f, "the API answered {}: {}", self.status, excerpt(crate::support::to_json_text(&self.body).as_bytes()))
    }
}

/// Everything a call can fail with.
#[derive(Debug)]
pub enum Error {
    /// A documented error status, with its decoded body.
    Api(Box<ApiError>),
    /// The request breaks the spec; nothing was sent.
    InvalidRequest(crate::support::Violations),
    /// A status the operation does not document.
    UnexpectedStatus { status: u16, excerpt: String },
    /// The body does not decode into the documented type.
    Decode { status: u16, message: String, excerpt: String },
    /// No answer within the configured timeout.
    Timeout { operation: &'static str },
    /// Connecting, sending or receiving failed.
    Transport { operation: &'static str, source: ::reqwest::Error },
    /// The request could not be encoded (a base URL that is not one, a body that is not JSON).
    Encode(String),
}

impl Error {
    /// The HTTP status, when there was an answer.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Api(__e) => Some(__e.status),
            Self::UnexpectedStatus { status, .. } | Self::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The documented error, when the API answered with one.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Self::Api(__e) => Some(__e),
            _ => None,
        }
    }
}

impl ::std::fmt::Display for Error {
    fn fmt(&self, __f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        match self {
            Self::Api(__e) => ::std::fmt::Display::fmt(__e, __f),
            Self::InvalidRequest(__v) => ::std::write!(__f, "invalid request, not sent: {__v}"),
            Self::UnexpectedStatus { status, excerpt } => ::std::write!(__f, "undocumented status {status}: {excerpt}"),
            Self::Decode { status, message, excerpt } => {
                ::std::write!(__f, "cannot decode the {status} response ({message}): {excerpt}")
            }
            Self::Timeout { operation } => ::std::write!(__f, "{operation} timed out"),
            Self::Transport { operation, source } => ::std::write!(__f, "{operation} failed: {source}"),
            Self::Encode(__m) => ::std::write!(__f, "cannot encode the request: {__m}"),
        }
    }
}

impl ::std::error::Error for Error {
    fn source(&self) -> Option<&(dyn ::std::error::Error + 'static)> {
        match self {
            Self::InvalidRequest(__v) => Some(__v),
            Self::Transport { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// At most 300 bytes of a body, cut at a character boundary, for error messages.
fn excerpt(body: &[u8]) -> String {
    let __text = String::from_utf8_lossy(body);
    let mut __end = __text.len().min(300);
    while !__text.is_char_boundary(__end) {
        __end -= 1;
    }
    let mut __out = __text[..__end].to_owned();
    if __end < __text.len() {
        __out.push('…');
    }
    __out
}

/// Configures a [`Client`].
#[derive(Debug)]
pub struct ClientBuilder {
    base_url: String,
    credentials: Credentials,
    connect_timeout: Option<::std::time::Duration>,
    timeout: Option<::std::time::Duration>,
    http: Option<::reqwest::Client>,
    retry: RetryPolicy,
}

impl ClientBuilder {
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = credentials;
        self
    }

    /// How long connecting may take (ignored with [`ClientBuilder::http_client`]).
    pub fn connect_timeout(mut self, timeout: ::std::time::Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// How long a whole request may take (ignored with [`ClientBuilder::http_client`]).
    pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Uses a reqwest client configured by the caller (proxies, pools, TLS, timeouts).
    pub fn http_client(mut self, http: ::reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    pub fn build(self) -> Result<Client, Error> {
        let __base = self.base_url.trim_end_matches('/').to_owned();
        ::reqwest::Url::parse(&__base).map_err(|__e| Error::Encode(format!("base URL `{__base}`: {__e}")))?;
        let __http = match self.http {
            Some(__http) => __http,
            None => {
                let mut __b = ::reqwest::Client::builder();
                if let Some(__t) = self.connect_timeout {
                    __b = __b.connect_timeout(__t);
                }
                if let Some(__t) = self.timeout {
                    __b = __b.timeout(__t);
                }
                __b.build().map_err(|__e| Error::Encode(__e.to_string()))?
            }
        };
        Ok(Client {
            http: __http,
            base_url: __base,
            credentials: self.credentials,
            retry: self.retry,
        })
    }
}

/// The HTTP client. Cheap to clone (the connection pool is shared).
#[derive(Debug, Clone)]
pub struct Client {
    http: ::reqwest::Client,
    base_url: String,
    credentials: Credentials,
    retry: RetryPolicy,
}

/// One call on its way out: what the generated methods hand to [`Client::execute`].
struct Call {
    operation: &'static str,
    method: ::reqwest::Method,
    template: &'static str,
    path: String,
    query: Vec<(&'static str, String)>,
    headers: Vec<(&'static str, String)>,
    body: Option<(&'static str, Vec<u8>)>,
    schemes: &'static [&'static str],
    retry_safe: bool,
}

/// The status and body of an answer.
struct Raw {
    status: u16,
    body: ::bytes::Bytes,
}

impl Client {
    /// A builder for a client of `base_url` (see [`servers`] for the spec's).
    pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            base_url: base_url.into(),
            credentials: Credentials::default(),
            connect_timeout: None,
            timeout: None,
            http: None,
            retry: RetryPolicy::none(),
        }
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    async fn execute(&self, call: Call) -> Result<Raw, Error> {
        let __span = ::tracing::info_span!(
            "http_request",
            operation = call.operation,
            method = %call.method,
            path = call.template,
            status = ::tracing::field::Empty,
            attempts = ::tracing::field::Empty,
        );
        async {
            let __max = if call.retry_safe { self.retry.max_attempts.max(1) } else { 1 };
            let mut __attempt = 1;
            loop {
                let mut __request = self
                    .http
                    .request(call.method.clone(), format!("{}{}", self.base_url, call.path))
                    .query(&call.query);
                for (__name, __value) in &call.headers {
                    __request = __request.header(*__name, __value.as_str());
                }
                __request = self.credentials.apply(__request, call.schemes);
                if let Some((__type, __bytes)) = &call.body {
                    __request = __request.header("content-type", *__type).body(__bytes.clone());
                }
                let __wait = match __request.send().await {
                    Ok(__response) => {
                        let __status = __response.status().as_u16();
                        let __retryable = __status == 429 || __status >= 500;
                        if !(__retryable && __attempt < __max) {
                            ::tracing::Span::current().record("status", __status);
                            ::tracing::Span::current().record("attempts", __attempt);
                            let __body = __response.bytes().await.map_err(|__e| transport(call.operation, __e))?;
                            return Ok(Raw { status: __status, body: __body });
                        }
                        retry_after(__response.headers()).unwrap_or_else(|| self.retry.backoff(__attempt))
                    }
                    Err(__e) => {
                        let __retryable = __e.is_timeout() || __e.is_connect();
                        if !(__retryable && __attempt < __max) {
                            ::tracing::Span::current().record("attempts", __attempt);
                            return Err(transport(call.operation, __e));
                        }
                        self.retry.backoff(__attempt)
                    }
                };
                ::tracing::debug!(attempt = __attempt, wait_ms = __wait.as_millis() as u64, "retrying");
                ::tokio::time::sleep(__wait).await;
                __attempt += 1;
            }
        }
        .instrument(__span)
        .await
    }
}

fn transport(operation: &'static str, error: ::reqwest::Error) -> Error {
    if error.is_timeout() {
        Error::Timeout { operation }
    } else {
        // The URL may carry a query credential; it stays out of messages.
        Error::Transport { operation, source: error.without_url() }
    }
}

/// `Retry-After` as seconds or an HTTP date.
fn retry_after(headers: &::reqwest::header::HeaderMap) -> Option<::std::time::Duration> {
    let __value = headers.get(::reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(__seconds) = __value.parse::<u64>() {
        return Some(::std::time::Duration::from_secs(__seconds));
    }
    let __at = ::httpdate::parse_http_date(__value).ok()?;
    Some(__at.duration_since(::std::time::SystemTime::now()).unwrap_or_default())
}

#[allow(dead_code)] // not every spec needs every helper
fn decode<T: ::serde::de::DeserializeOwned>(raw: &Raw) -> Result<T, Error> {
    ::serde_json::from_slice(&raw.body).map_err(|__e| Error::Decode {
        status: raw.status,
        message: __e.to_string(),
        excerpt: excerpt(&raw.body),
    })
}

#[allow(dead_code)] // not every spec needs every helper
fn decode_text(raw: &Raw) -> Result<String, Error> {
    Ok(String::from_utf8_lossy(&raw.body).into_owned())
}

/// The error for a status no success variant took: the documented error body when the
/// operation documents the status, else an undocumented status.
#[allow(dead_code)] // not every spec needs every helper
fn error_of(raw: &Raw, documented: bool) -> Error {
    if !documented {
        return Error::UnexpectedStatus { status: raw.status, excerpt: excerpt(&raw.body) };
    }
    match decode::<ErrorBody>(raw) {
        Ok(__body) => Error::Api(Box::new(ApiError { status: raw.status, body: __body })),
        Err(__e) => __e,
    }
}

#[allow(dead_code)] // not every spec needs every helper
fn encode_json<T: ::serde::Serialize>(body: &T) -> Result<Vec<u8>, Error> {
    ::serde_json::to_vec(body).map_err(|__e| Error::Encode(__e.to_string()))
}

#[allow(dead_code)] // not every spec needs every helper
fn encode_form<T: ::serde::Serialize>(body: &T) -> Result<Vec<u8>, Error> {
    ::serde_urlencoded::to_string(body).map(String::into_bytes).map_err(|__e| Error::Encode(__e.to_string()))
}

/// Appends a path parameter, percent-encoded as one segment.
#[allow(dead_code)] // not every spec needs every helper
fn push_segment(path: &mut String, value: &str) {
    path.extend(::percent_encoding::utf8_percent_encode(value, SEGMENT));
}

/// Everything but unreserved characters is encoded in a path segment.
#[allow(dead_code)]
const SEGMENT: &::percent_encoding::AsciiSet = &::percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');
{% for item in impls %}
// @item
{{ item }}
{% endfor %}
