//! The HTTP client of a generated crate, over reqwest (rustls): what every API shares. The
//! generated `client` module names the API's own credentials and error body, and implements the
//! API traits on [`Client`] with the helpers below. Requests are validated before a byte is
//! sent; responses decode leniently; every call runs in a `tracing` span that carries the
//! operation, method, path template and status, and never a credential.

use ::tracing::Instrument as _;

/// The credentials of an API's security schemes: what [`Client`] attaches to each call for the
/// schemes the operation asks for. The generated `client::Credentials` implements it.
pub trait Credentials: ::std::fmt::Debug + Clone + Default + Send + Sync + 'static {
    /// Attaches the credentials of the schemes an operation asks for.
    fn apply(&self, builder: ::reqwest::RequestBuilder, schemes: &[&str]) -> ::reqwest::RequestBuilder;
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
        Self {
            max_attempts,
            ..Self::none()
        }
    }

    /// The same policy with another backoff.
    pub fn with_backoff(mut self, initial: ::std::time::Duration, max: ::std::time::Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max;
        self
    }

    /// The wait before retry number `retry` (1-based).
    pub(crate) fn backoff(&self, retry: u32) -> ::std::time::Duration {
        let factor = 2u32.saturating_pow(retry.saturating_sub(1));
        self.initial_backoff.saturating_mul(factor).min(self.max_backoff)
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self::none()
    }
}

/// An error status with the body the spec documents for it (`B`, the API's error body).
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError<B> {
    pub status: u16,
    pub body: B,
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
        source: ::serde_json::Error,
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
                source,
                excerpt,
            } => {
                write!(f, "cannot decode the {status} response ({source}): {excerpt}")
            }
            Self::Timeout { operation } => write!(f, "{operation} timed out"),
            Self::Transport { operation, source } => write!(f, "{operation} failed: {source}"),
            Self::Encode(m) => write!(f, "cannot encode the request: {m}"),
        }
    }
}

impl<B: ::std::fmt::Debug + ::serde::Serialize> ::std::error::Error for Error<B> {
    fn source(&self) -> Option<&(dyn ::std::error::Error + 'static)> {
        match self {
            Self::InvalidRequest(v) => Some(v),
            Self::Transport { source, .. } => Some(source),
            Self::Decode { source, .. } => Some(source),
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

/// Configures a [`Client`].
pub struct ClientBuilder<C, B> {
    base_url: String,
    credentials: C,
    connect_timeout: Option<::std::time::Duration>,
    timeout: Option<::std::time::Duration>,
    http: Option<::reqwest::Client>,
    retry: RetryPolicy,
    body: ::std::marker::PhantomData<fn() -> B>,
}

impl<C: ::std::fmt::Debug, B> ::std::fmt::Debug for ClientBuilder<C, B> {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("http", &self.http)
            .field("retry", &self.retry)
            .finish()
    }
}

impl<C: Credentials, B> ClientBuilder<C, B> {
    pub fn credentials(mut self, credentials: C) -> Self {
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

    pub fn build(self) -> Result<Client<C, B>, Error<B>> {
        let base = self.base_url.trim_end_matches('/').to_owned();
        ::reqwest::Url::parse(&base).map_err(|e| Error::Encode(format!("base URL `{base}`: {e}")))?;
        let http = match self.http {
            Some(http) => http,
            None => {
                let mut builder = ::reqwest::Client::builder();
                if let Some(t) = self.connect_timeout {
                    builder = builder.connect_timeout(t);
                }
                if let Some(t) = self.timeout {
                    builder = builder.timeout(t);
                }
                builder.build().map_err(|e| Error::Encode(e.to_string()))?
            }
        };
        Ok(Client {
            http,
            base_url: base,
            credentials: self.credentials,
            retry: self.retry,
            body: ::std::marker::PhantomData,
        })
    }
}

/// The HTTP client. Cheap to clone (the connection pool is shared).
pub struct Client<C, B> {
    http: ::reqwest::Client,
    base_url: String,
    credentials: C,
    retry: RetryPolicy,
    body: ::std::marker::PhantomData<fn() -> B>,
}

impl<C: Clone, B> Clone for Client<C, B> {
    fn clone(&self) -> Self {
        Self {
            http: self.http.clone(),
            base_url: self.base_url.clone(),
            credentials: self.credentials.clone(),
            retry: self.retry.clone(),
            body: ::std::marker::PhantomData,
        }
    }
}

impl<C: ::std::fmt::Debug, B> ::std::fmt::Debug for Client<C, B> {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.debug_struct("Client")
            .field("http", &self.http)
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("retry", &self.retry)
            .finish()
    }
}

/// One call on its way out: what the generated methods hand to [`Client::execute`].
#[doc(hidden)]
pub struct Call {
    pub operation: &'static str,
    pub method: ::reqwest::Method,
    pub template: &'static str,
    pub path: String,
    pub query: Vec<(&'static str, String)>,
    pub headers: Vec<(&'static str, String)>,
    pub body: Option<(&'static str, Vec<u8>)>,
    pub schemes: &'static [&'static str],
    pub retry_safe: bool,
}

/// The status and body of an answer.
#[doc(hidden)]
pub struct Raw {
    pub status: u16,
    pub body: ::bytes::Bytes,
}

impl<C: Credentials, B> Client<C, B> {
    /// A builder for a client of `base_url` (see `client::servers` for the spec's).
    pub fn builder(base_url: impl Into<String>) -> ClientBuilder<C, B> {
        ClientBuilder {
            base_url: base_url.into(),
            credentials: C::default(),
            connect_timeout: None,
            timeout: None,
            http: None,
            retry: RetryPolicy::none(),
            body: ::std::marker::PhantomData,
        }
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Sends a call, retrying it as the policy allows, and returns the answer (for the
    /// generated methods).
    #[doc(hidden)]
    pub async fn execute(&self, call: Call) -> Result<Raw, Error<B>> {
        let span = ::tracing::info_span!(
            "http_request",
            operation = call.operation,
            method = %call.method,
            path = call.template,
            status = ::tracing::field::Empty,
            attempts = ::tracing::field::Empty,
        );
        async {
            let max = if call.retry_safe {
                self.retry.max_attempts.max(1)
            } else {
                1
            };
            let mut attempt = 1;
            loop {
                let mut request = self
                    .http
                    .request(call.method.clone(), format!("{}{}", self.base_url, call.path))
                    .query(&call.query);
                for (name, value) in &call.headers {
                    request = request.header(*name, value.as_str());
                }
                request = self.credentials.apply(request, call.schemes);
                if let Some((content_type, bytes)) = &call.body {
                    request = request.header("content-type", *content_type).body(bytes.clone());
                }
                let wait = match request.send().await {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        let retryable = status == 429 || status >= 500;
                        if !(retryable && attempt < max) {
                            ::tracing::Span::current().record("status", status);
                            ::tracing::Span::current().record("attempts", attempt);
                            let body = response.bytes().await.map_err(|e| transport(call.operation, e))?;
                            return Ok(Raw { status, body });
                        }
                        retry_after(response.headers()).unwrap_or_else(|| self.retry.backoff(attempt))
                    }
                    Err(e) => {
                        let retryable = e.is_timeout() || e.is_connect();
                        if !(retryable && attempt < max) {
                            ::tracing::Span::current().record("attempts", attempt);
                            return Err(transport(call.operation, e));
                        }
                        self.retry.backoff(attempt)
                    }
                };
                ::tracing::debug!(attempt, wait_ms = wait.as_millis() as u64, "retrying");
                ::tokio::time::sleep(wait).await;
                attempt += 1;
            }
        }
        .instrument(span)
        .await
    }
}

fn transport<B>(operation: &'static str, error: ::reqwest::Error) -> Error<B> {
    if error.is_timeout() {
        Error::Timeout { operation }
    } else {
        // The URL may carry a query credential; it stays out of messages.
        Error::Transport {
            operation,
            source: error.without_url(),
        }
    }
}

/// `Retry-After` as seconds or an HTTP date.
pub(crate) fn retry_after(headers: &::reqwest::header::HeaderMap) -> Option<::std::time::Duration> {
    let value = headers.get(::reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(::std::time::Duration::from_secs(seconds));
    }
    let at = ::httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(::std::time::SystemTime::now()).unwrap_or_default())
}

/// The body decoded as the documented type.
#[doc(hidden)]
pub fn decode<T: ::serde::de::DeserializeOwned, B>(raw: &Raw) -> Result<T, Error<B>> {
    ::serde_json::from_slice(&raw.body).map_err(|source| Error::Decode {
        status: raw.status,
        source,
        excerpt: excerpt(&raw.body),
    })
}

/// The body of a success the spec does not document, as JSON: `None` when empty, text that is
/// not JSON as a string (a success is never failed for its body).
#[doc(hidden)]
pub fn decode_any(raw: &Raw) -> Option<::serde_json::Value> {
    if raw.body.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    Some(
        ::serde_json::from_slice(&raw.body)
            .unwrap_or_else(|_| ::serde_json::Value::String(String::from_utf8_lossy(&raw.body).into_owned())),
    )
}

/// A body that is not JSON, as text.
#[doc(hidden)]
pub fn decode_text<B>(raw: &Raw) -> Result<String, Error<B>> {
    Ok(String::from_utf8_lossy(&raw.body).into_owned())
}

/// The error for a status no success variant took: the documented error body when the
/// operation documents the status, else an undocumented status.
#[doc(hidden)]
pub fn error_of<B: ::serde::de::DeserializeOwned>(raw: &Raw, documented: bool) -> Error<B> {
    if !documented {
        return Error::UnexpectedStatus {
            status: raw.status,
            excerpt: excerpt(&raw.body),
        };
    }
    match decode::<B, B>(raw) {
        Ok(body) => Error::Api(Box::new(ApiError {
            status: raw.status,
            body,
        })),
        Err(e) => e,
    }
}

/// A body that could not be encoded: `?` turns it into [`Error::Encode`].
#[derive(Debug)]
pub struct EncodeFailure(String);

impl<B> From<EncodeFailure> for Error<B> {
    fn from(failure: EncodeFailure) -> Self {
        Error::Encode(failure.0)
    }
}

/// A JSON body.
#[doc(hidden)]
pub fn encode_json<T: ::serde::Serialize>(body: &T) -> Result<Vec<u8>, EncodeFailure> {
    ::serde_json::to_vec(body).map_err(|e| EncodeFailure(e.to_string()))
}

/// A form body.
#[doc(hidden)]
pub fn encode_form<T: ::serde::Serialize>(body: &T) -> Result<Vec<u8>, EncodeFailure> {
    ::serde_urlencoded::to_string(body)
        .map(String::into_bytes)
        .map_err(|e| EncodeFailure(e.to_string()))
}

/// Appends a path parameter, percent-encoded as one segment.
#[doc(hidden)]
pub fn push_segment(path: &mut String, value: &str) {
    path.extend(::percent_encoding::utf8_percent_encode(value, SEGMENT));
}

/// Everything but unreserved characters is encoded in a path segment.
const SEGMENT: &::percent_encoding::AsciiSet = &::percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');
