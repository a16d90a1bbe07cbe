//! The HTTP client of a generated crate, over reqwest (rustls): what every API shares. The
//! generated `client` module names the API's own credentials and error body, and implements the
//! API traits on [`Client`] with the helpers below. Requests are validated before a byte is
//! sent; responses decode leniently; every call runs in a `tracing` span that carries the
//! operation, method, path template and status, and never a credential.

use ::tracing::Instrument as _;

mod error;
mod options;
mod retry;

pub(crate) use error::excerpt;
pub use error::{ApiError, Error};

use options::Observer;
pub use options::{CallOptions, Exchange};
pub use retry::RetryPolicy;
pub(crate) use retry::retry_after;

/// The credentials of an API's security schemes: what [`Client`] attaches to each call for the
/// schemes the operation asks for. The generated `client::Credentials` implements it.
pub trait Credentials: ::std::fmt::Debug + Clone + Default + Send + Sync + 'static {
    /// Attaches the credentials of the schemes an operation asks for.
    fn apply(&self, builder: ::reqwest::RequestBuilder, schemes: &[&str]) -> ::reqwest::RequestBuilder;
}

/// Configures a [`Client`].
pub struct ClientBuilder<C, B> {
    base_url: String,
    credentials: C,
    connect_timeout: Option<::std::time::Duration>,
    timeout: Option<::std::time::Duration>,
    http: Option<::reqwest::Client>,
    retry: RetryPolicy,
    user_agent: Option<String>,
    observer: Option<Observer>,
    layers: Vec<Box<dyn FnOnce(HttpService) -> HttpService + Send>>,
    body: ::std::marker::PhantomData<fn() -> B>,
}

/// The HTTP stack under a [`Client`]: a tower `Service` from reqwest requests to responses.
/// reqwest's client is the innermost; [`ClientBuilder::layer`] wraps it.
pub type HttpService = ::tower::util::BoxCloneSyncService<::reqwest::Request, ::reqwest::Response, ::tower::BoxError>;

/// The `User-Agent` of a client that sets none: the generated crate's name and version.
pub const USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));

impl<C: ::std::fmt::Debug, B> ::std::fmt::Debug for ClientBuilder<C, B> {
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("http", &self.http)
            .field("retry", &self.retry)
            .field("user_agent", &self.user_agent)
            .field("layers", &self.layers.len())
            .finish()
    }
}

impl<C: Credentials, B> ClientBuilder<C, B> {
    /// Wraps the HTTP stack in a tower layer (tower's, tower-http's or your own: metrics,
    /// request signing, a recorder, rate limits); the last layer added is the outermost. It
    /// sees every attempt, credentials attached, with the request as reqwest built it. A
    /// layer's error fails the attempt as [`Error::Middleware`] (tower's timeout as
    /// [`Error::Timeout`]).
    pub fn layer<L>(mut self, layer: L) -> Self
    where
        L: ::tower::Layer<HttpService> + Send + 'static,
        L::Service:
            ::tower::Service<::reqwest::Request, Response = ::reqwest::Response> + Clone + Send + Sync + 'static,
        <L::Service as ::tower::Service<::reqwest::Request>>::Error: Into<::tower::BoxError>,
        <L::Service as ::tower::Service<::reqwest::Request>>::Future: Send + 'static,
    {
        self.layers.push(Box::new(move |inner| {
            HttpService::new(::tower::ServiceExt::map_err(layer.layer(inner), Into::into))
        }));
        self
    }

    /// Calls `observer` with every answer: its operation, status, headers, attempt and time
    /// (for metrics, rate-limit headers, a gateway's request ids). Keep it quick: it runs on
    /// the call's task.
    pub fn on_response(mut self, observer: impl Fn(&Exchange<'_>) + Send + Sync + 'static) -> Self {
        self.observer = Some(::std::sync::Arc::new(observer));
        self
    }

    /// The `User-Agent` sent with every call ([`USER_AGENT`] by default).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

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
        let agent = self.user_agent.as_deref().unwrap_or(USER_AGENT);
        let user_agent = ::reqwest::header::HeaderValue::from_str(agent)
            .map_err(|e| Error::Encode(format!("User-Agent `{agent}`: {e}")))?;
        let budget =
            ::tower::retry::budget::TpsBudget::new(::std::time::Duration::from_secs(10), 10, self.retry.budget);
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
        let reqwest_service = ::tower::ServiceExt::map_err(http.clone(), ::tower::BoxError::from);
        let service = self
            .layers
            .into_iter()
            .fold(HttpService::new(reqwest_service), |inner, layer| layer(inner));
        Ok(Client {
            http,
            service,
            base_url: base,
            credentials: self.credentials,
            retry: self.retry,
            budget: ::std::sync::Arc::new(budget),
            user_agent,
            observer: self.observer,
            options: ::std::sync::Arc::default(),
            body: ::std::marker::PhantomData,
        })
    }
}

/// The HTTP client. Cheap to clone (the connection pool is shared).
pub struct Client<C, B> {
    /// Builds the requests; `service` sends them.
    http: ::reqwest::Client,
    service: HttpService,
    base_url: String,
    credentials: C,
    retry: RetryPolicy,
    /// The retry budget, shared by every clone.
    budget: ::std::sync::Arc<::tower::retry::budget::TpsBudget>,
    user_agent: ::reqwest::header::HeaderValue,
    observer: Option<Observer>,
    options: ::std::sync::Arc<CallOptions>,
    body: ::std::marker::PhantomData<fn() -> B>,
}

impl<C: Clone, B> Clone for Client<C, B> {
    fn clone(&self) -> Self {
        Self {
            http: self.http.clone(),
            service: self.service.clone(),
            base_url: self.base_url.clone(),
            credentials: self.credentials.clone(),
            retry: self.retry.clone(),
            budget: ::std::sync::Arc::clone(&self.budget),
            user_agent: self.user_agent.clone(),
            observer: self.observer.clone(),
            options: ::std::sync::Arc::clone(&self.options),
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
            .field("user_agent", &self.user_agent)
            .field("options", &self.options)
            .finish_non_exhaustive()
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
    pub headers: ::reqwest::header::HeaderMap,
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
            user_agent: None,
            observer: None,
            layers: Vec::new(),
            body: ::std::marker::PhantomData,
        }
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The same client (its pool, credentials, retry budget) whose calls carry `options`: for
    /// one call, `client.with_options(..).query_member(..)`, or for a part of a program.
    pub fn with_options(&self, options: CallOptions) -> Self
    where
        C: Clone,
    {
        Self {
            options: ::std::sync::Arc::new(options),
            ..self.clone()
        }
    }

    /// Sends a call, retrying it as the policy allows, and returns the answer (for the
    /// generated methods). The span follows OpenTelemetry's HTTP client conventions.
    #[doc(hidden)]
    pub async fn execute(&self, call: Call) -> Result<Raw, Error<B>> {
        let span = ::tracing::info_span!(
            "http_request",
            operation = call.operation,
            "http.request.method" = %call.method,
            "url.template" = call.template,
            "http.response.status_code" = ::tracing::field::Empty,
            "http.request.resend_count" = ::tracing::field::Empty,
        );
        self.attempts(call).instrument(span).await
    }

    async fn attempts(&self, call: Call) -> Result<Raw, Error<B>> {
        use ::tower::retry::budget::Budget as _;
        let max = if call.retry_safe {
            self.retry.max_attempts.max(1)
        } else {
            1
        };
        let deadline = self.retry.deadline.map(|d| ::tokio::time::Instant::now() + d);
        self.budget.deposit();
        let mut attempt = 1;
        loop {
            let mut request = self
                .http
                .request(call.method.clone(), format!("{}{}", self.base_url, call.path))
                .header(::reqwest::header::USER_AGENT, self.user_agent.clone())
                .query(&call.query);
            let left = deadline.map(|d| d.saturating_duration_since(::tokio::time::Instant::now()));
            if let Some(timeout) = left.into_iter().chain(self.options.timeout).min() {
                request = request.timeout(timeout);
            }
            if !self.options.headers.is_empty() {
                request = request.headers(self.options.headers.clone());
            }
            for (name, value) in &call.headers {
                request = request.header(*name, value.as_str());
            }
            request = self.credentials.apply(request, call.schemes);
            if let Some((content_type, bytes)) = &call.body {
                request = request.header("content-type", *content_type).body(bytes.clone());
            }
            let sent = ::std::time::Instant::now();
            let outcome = match request.build() {
                Ok(request) => ::tower::ServiceExt::oneshot(self.service.clone(), request).await,
                Err(e) => Err(e.into()),
            };
            let (outcome, wait) = match outcome {
                Ok(response) => {
                    let status = response.status().as_u16();
                    if let Some(observe) = &self.observer {
                        observe(&Exchange {
                            operation: call.operation,
                            method: &call.method,
                            template: call.template,
                            attempt,
                            status,
                            headers: response.headers(),
                            elapsed: sent.elapsed(),
                        });
                    }
                    let wait = (status == 429 || status >= 500)
                        .then(|| self.retry.wait(attempt, retry_after(response.headers())))
                        .flatten();
                    (Ok(response), wait)
                }
                Err(e) => {
                    let wait = retryable(&e).then(|| self.retry.backoff(attempt));
                    (Err(e), wait)
                }
            };
            let fits = |wait: ::std::time::Duration| deadline.is_none_or(|d| ::tokio::time::Instant::now() + wait < d);
            let retry = wait.filter(|w| attempt < max && fits(*w) && self.budget.withdraw());
            let Some(wait) = retry else {
                ::tracing::Span::current().record("http.request.resend_count", attempt - 1);
                let response = outcome.map_err(|e| transport(call.operation, e))?;
                let status = response.status().as_u16();
                ::tracing::Span::current().record("http.response.status_code", status);
                let mut response = response;
                let headers = ::std::mem::take(response.headers_mut());
                let body = response
                    .bytes()
                    .await
                    .map_err(|e| transport(call.operation, e.into()))?;
                return Ok(Raw { status, headers, body });
            };
            ::tracing::debug!(attempt, wait_ms = wait.as_millis() as u64, "retrying");
            ::tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }
}

/// A failure worth another attempt of a call that is safe to repeat: no connection, a
/// connection lost before the answer (reset, closed mid-request: the server may or may not
/// have acted, which a safe call tolerates), or no answer in time (reqwest's timeout or a
/// tower timeout layer's).
fn retryable(error: &::tower::BoxError) -> bool {
    match error.downcast_ref::<::reqwest::Error>() {
        Some(e) => e.is_timeout() || e.is_connect() || e.is_request(),
        None => error.is::<::tower::timeout::error::Elapsed>(),
    }
}

fn transport<B>(operation: &'static str, error: ::tower::BoxError) -> Error<B> {
    match error.downcast::<::reqwest::Error>() {
        Ok(e) if e.is_timeout() => Error::Timeout { operation },
        // The URL may carry a query credential; it stays out of messages.
        Ok(e) => Error::Transport {
            operation,
            source: e.without_url(),
        },
        Err(e) if e.is::<::tower::timeout::error::Elapsed>() => Error::Timeout { operation },
        Err(source) => Error::Middleware { operation, source },
    }
}

/// The body decoded as the documented type. On failure it is decoded again to find the path
/// of the value at fault: tracking paths on every decode would slow the common case.
#[doc(hidden)]
pub fn decode<T: ::serde::de::DeserializeOwned, B>(raw: &Raw) -> Result<T, Error<B>> {
    ::serde_json::from_slice(&raw.body).map_err(|source| {
        let mut json = ::serde_json::Deserializer::from_slice(&raw.body);
        let path = match ::serde_path_to_error::deserialize::<_, T>(&mut json) {
            Err(e) => e.path().to_string(),
            Ok(_) => ".".to_owned(),
        };
        Error::Decode {
            status: raw.status,
            path,
            source,
            excerpt: excerpt(&raw.body),
        }
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

/// A body of raw octets, as they came.
#[doc(hidden)]
pub fn decode_bytes<B>(raw: &Raw) -> Result<Vec<u8>, Error<B>> {
    Ok(raw.body.to_vec())
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
            headers: raw.headers.clone(),
        })),
        Err(e) => e,
    }
}

/// Attaches a secret as a header the HTTP stack treats as sensitive (kept out of its logs and
/// of HPACK's tables).
#[doc(hidden)]
pub fn secret_header(
    builder: ::reqwest::RequestBuilder,
    name: &'static str,
    secret: &str,
) -> ::reqwest::RequestBuilder {
    match ::reqwest::header::HeaderValue::from_str(secret) {
        Ok(mut value) => {
            value.set_sensitive(true);
            builder.header(name, value)
        }
        // Not a header value: reqwest reports it when the call is sent.
        Err(_) => builder.header(name, secret),
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
