//! The axum server of {{ title }}: [`router`] turns any implementation of the API traits into
//! an `axum::Router` with one route per operation. Before the implementation runs, every
//! request is authenticated, decoded and validated against the spec; every failure answers
//! with the API's error body. The router composes with tower layers (tracing, timeouts, limits).
// The handlers return `async move` blocks rather than being `async fn`s: see their docs.
#![allow(clippy::manual_async_fn)]

use ::axum::response::IntoResponse as _;

/// What went wrong before (or instead of) the implementation answering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    BadRequest,
    Unauthorized,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    PayloadTooLarge,
    UnsupportedMediaType,
    Internal,
}

impl ProblemKind {
    pub fn status(self) -> u16 {
        match self {
            Self::BadRequest => 400,
            Self::Unauthorized => 401,
            Self::Forbidden => 403,
            Self::NotFound => 404,
            Self::MethodNotAllowed => 405,
            Self::PayloadTooLarge => 413,
            Self::UnsupportedMediaType => 415,
            Self::Internal => 500,
        }
    }

    /// The error code the spec assigns to the problem (`x-error-body.codes`), else its name.
    pub fn code(self) -> &'static str {
        match self {
            Self::BadRequest => {{ codes.bad_request }},
            Self::Unauthorized => {{ codes.unauthorized }},
            Self::Forbidden => {{ codes.forbidden }},
            Self::NotFound => {{ codes.not_found }},
            Self::MethodNotAllowed => {{ codes.method_not_allowed }},
            Self::PayloadTooLarge => {{ codes.payload_too_large }},
            Self::UnsupportedMediaType => {{ codes.unsupported_media_type }},
            Self::Internal => {{ codes.internal }},
        }
    }
}

/// The error body the API documents for its error statuses.
pub type ErrorBody = {{ error_ty }};

/// An error answer: a status and the API's error body (boxed, so `Result`s stay small).
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorResponse {
    pub status: u16,
    pub body: Box<ErrorBody>,
}

impl ErrorResponse {
    /// The answer to a problem, with a message naming what is wrong and the request's path.
    pub fn new(kind: ProblemKind, message: impl Into<String>, uri: &str) -> Self {
        let message: String = message.into();
        let _ = (&message, uri);
        Self {
            status: kind.status(),
            body: Box::new({{ body_expr }}),
        }
    }
}

impl ::axum::response::IntoResponse for ErrorResponse {
    fn into_response(self) -> ::axum::response::Response {
        let __status = ::axum::http::StatusCode::from_u16(self.status).unwrap_or(::axum::http::StatusCode::INTERNAL_SERVER_ERROR);
        (__status, ::axum::Json(*self.body)).into_response()
    }
}

/// What an implementation's error turns into: the status and error body the client sees.
pub trait IntoErrorResponse {
    fn into_error_response(self, uri: &str) -> ErrorResponse;
}

impl IntoErrorResponse for ErrorResponse {
    fn into_error_response(self, _uri: &str) -> ErrorResponse {
        self
    }
}

impl IntoErrorResponse for ::std::convert::Infallible {
    fn into_error_response(self, _uri: &str) -> ErrorResponse {
        match self {}
    }
}

/// The credentials a request presents, per security scheme; secrets are redacted in `Debug`.
#[derive(Debug, Clone, Default)]
pub struct Presented {
{% for c in credentials %}    pub {{ c.field }}: Option<{{ c.ty }}>,
{% endfor %}}

impl Presented {
    fn read(headers: &::axum::http::HeaderMap, query: &[(::std::borrow::Cow<'_, str>, ::std::borrow::Cow<'_, str>)]) -> Self {
        let _ = (headers, query);
        Self {
{% for c in credentials %}            {{ c.field }}: {{ c.read }},
{% endfor %}        }
    }

    /// Whether the credential of every named scheme is present.
    pub fn has_all(&self, schemes: &[&str]) -> bool {
        schemes.iter().all(|__scheme| match *__scheme {
{% for c in credentials %}            {{ c.scheme }} => self.{{ c.field }}.is_some(),
{% endfor %}            _ => false,
        })
    }
}

/// Decides whether a request may call an operation. `requirements` are the operation's
/// security alternatives (each a list of scheme names that must all be satisfied).
pub trait Authenticate: ::std::marker::Send + ::std::marker::Sync + 'static {
    fn authenticate(
        &self,
        operation: &'static str,
        requirements: &'static [&'static [&'static str]],
        presented: &Presented,
    ) -> impl ::std::future::Future<Output = bool> + ::std::marker::Send;
}

/// Accepts a request that presents every credential of one of the operation's alternatives,
/// whatever their values (for tests and sandboxes; a real server checks the values).
#[derive(Debug, Clone, Copy, Default)]
pub struct RequireCredentials;

impl Authenticate for RequireCredentials {
    async fn authenticate(
        &self,
        _operation: &'static str,
        requirements: &'static [&'static [&'static str]],
        presented: &Presented,
    ) -> bool {
        requirements.is_empty() || requirements.iter().any(|__all| presented.has_all(__all))
    }
}

/// Server settings.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Bodies larger than this many bytes are refused with 413.
    pub body_limit: usize,
    /// Check every response against the spec before sending it; a violation answers 500 and
    /// is logged. On by default in debug builds, for tests.
    pub validate_responses: bool,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self { body_limit: 2 * 1024 * 1024, validate_responses: ::std::cfg!(debug_assertions) }
    }
}

/// What every handler shares.
pub struct State<S, A> {
    pub service: S,
    pub auth: A,
    pub config: ServerConfig,
}

type Shared<S, A> = ::axum::extract::State<::std::sync::Arc<State<S, A>>>;

/// Every API trait with an error the server can answer with: what [`router`] serves.
pub trait Service: ::std::marker::Send + ::std::marker::Sync + 'static{% for g in groups %} + crate::api::{{ g.name }}<Error: IntoErrorResponse>{% endfor %} {}

impl<T> Service for T where T: ::std::marker::Send + ::std::marker::Sync + 'static{% for g in groups %} + crate::api::{{ g.name }}<Error: IntoErrorResponse>{% endfor %} {}

/// The router of every operation, with answers in the error body for unknown paths (404),
/// wrong methods (405) and panics in the implementation (500).
pub fn router<S: Service, A: Authenticate>(service: S, auth: A, config: ServerConfig) -> ::axum::Router {
    let __state = ::std::sync::Arc::new(State { service, auth, config });
    ::axum::Router::new()
{% for g in groups %}        .merge({{ g.routes_fn }}(__state.clone()))
{% endfor %}        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(::tower_http::catch_panic::CatchPanicLayer::custom(panicked))
}

{% if has_webhooks %}
/// Every webhook trait with an error the receiver can answer with: what [`webhooks_router`]
/// serves.
pub trait WebhookService: ::std::marker::Send + ::std::marker::Sync + 'static{% for g in webhook_groups %} + crate::api::{{ g.name }}<Error: IntoErrorResponse>{% endfor %} {}

impl<T> WebhookService for T where T: ::std::marker::Send + ::std::marker::Sync + 'static{% for g in webhook_groups %} + crate::api::{{ g.name }}<Error: IntoErrorResponse>{% endfor %} {}

/// The receiver of the API's webhooks: one route per webhook, at `/` and the webhook's name
/// (nest it where the API is told to deliver them). Deliveries are authenticated, decoded and
/// validated like any request, and answered in the error body like [`router`]'s.
pub fn webhooks_router<S: WebhookService, A: Authenticate>(service: S, auth: A, config: ServerConfig) -> ::axum::Router {
    let __state = ::std::sync::Arc::new(State { service, auth, config });
    ::axum::Router::new()
{% for g in webhook_groups %}        .merge({{ g.routes_fn }}(__state.clone()))
{% endfor %}        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(::tower_http::catch_panic::CatchPanicLayer::custom(panicked))
}
{% endif %}
async fn not_found(uri: ::axum::http::Uri) -> ::axum::response::Response {
    ErrorResponse::new(ProblemKind::NotFound, format!("no operation at `{}`", uri.path()), uri.path()).into_response()
}

async fn method_not_allowed(method: ::axum::http::Method, uri: ::axum::http::Uri) -> ::axum::response::Response {
    ErrorResponse::new(ProblemKind::MethodNotAllowed, format!("`{}` does not answer {method}", uri.path()), uri.path())
        .into_response()
}

fn panicked(_payload: Box<dyn ::std::any::Any + ::std::marker::Send + 'static>) -> ::axum::response::Response {
    ::tracing::error!("the implementation panicked");
    ErrorResponse::new(ProblemKind::Internal, "the implementation failed", "").into_response()
}

fn bad_request(problems: &[String], uri: &str) -> ::axum::response::Response {
    ErrorResponse::new(ProblemKind::BadRequest, problems.join("; "), uri).into_response()
}

/// The decoded `name=value` pairs of a query string, borrowed from it where nothing is escaped.
fn query_pairs(uri: &::axum::http::Uri) -> Vec<(::std::borrow::Cow<'_, str>, ::std::borrow::Cow<'_, str>)> {
    uri.query().map(|__q| ::form_urlencoded::parse(__q.as_bytes()).collect()).unwrap_or_default()
}

/// The texts given for one parameter; none or one (the usual case) allocates nothing.
enum Values<'v> {
    None,
    One([&'v str; 1]),
    Many(Vec<&'v str>),
}

impl<'v> ::std::iter::FromIterator<&'v str> for Values<'v> {
    fn from_iter<I: ::std::iter::IntoIterator<Item = &'v str>>(iter: I) -> Self {
        iter.into_iter().fold(Self::None, |__values, __value| match __values {
            Self::None => Self::One([__value]),
            Self::One([__first]) => Self::Many(::std::vec![__first, __value]),
            Self::Many(mut __all) => {
                __all.push(__value);
                Self::Many(__all)
            }
        })
    }
}

impl<'v> ::std::ops::Deref for Values<'v> {
    type Target = [&'v str];

    fn deref(&self) -> &[&'v str] {
        match self {
            Self::None => &[],
            Self::One(__one) => __one,
            Self::Many(__all) => __all,
        }
    }
}

/// Every value of a query parameter.
#[allow(dead_code)] // unused when no operation reads a query parameter
fn query_values<'q>(query: &'q [(::std::borrow::Cow<'_, str>, ::std::borrow::Cow<'_, str>)], name: &str) -> Values<'q> {
    query.iter().filter(|(__n, _)| __n == name).map(|(_, __v)| __v.as_ref()).collect()
}

/// Every value of a header (names compare without case).
#[allow(dead_code)] // unused when no operation reads a header
fn header_values<'h>(headers: &'h ::axum::http::HeaderMap, name: &str) -> Values<'h> {
    headers.get_all(name).iter().filter_map(|__v| __v.to_str().ok()).collect()
}

/// The path parameters of the matched route, or why they cannot be read (the 400 answer).
#[allow(dead_code)] // unused when no route has a parameter
type PathParams = Result<::axum::extract::RawPathParams, ::axum::extract::rejection::RawPathParamsRejection>;

/// The value of a path parameter, without the literal text around it in its segment.
#[allow(dead_code)] // unused when no route has a parameter
fn path_values<'p>(params: &'p ::axum::extract::RawPathParams, name: &str, prefix: &str, suffix: &str) -> Values<'p> {
    params
        .iter()
        .filter(|(__n, _)| *__n == name)
        .filter_map(|(_, __v)| __v.strip_prefix(prefix)?.strip_suffix(suffix))
        .collect()
}

/// The value of one of several parameters of a path segment: the captured text split on the
/// template's literal text (`literals` holds the text before, between and after the segment's
/// parameters). Earlier parameters take the longest text that lets the later ones match:
/// `{name}.{ext}` reads `a.tar.gz` as `a.tar` and `gz`.
#[allow(dead_code)] // unused when no segment holds two parameters
fn segment_values<'p>(params: &'p ::axum::extract::RawPathParams, capture: &str, literals: &[&str], index: usize) -> Values<'p> {
    params
        .iter()
        .filter(|(__n, _)| *__n == capture)
        .filter_map(|(_, __v)| split_segment(__v, literals)?.get(index).copied())
        .collect()
}

/// The parameters of a segment's text, or `None` when the text does not fit the template.
#[allow(dead_code)] // unused when no segment holds two parameters
fn split_segment<'v>(text: &'v str, literals: &[&str]) -> Option<Vec<&'v str>> {
    let (first, rest) = literals.split_first()?;
    let (last, between) = rest.split_last()?;
    let mut inner = text.strip_prefix(first)?.strip_suffix(last)?;
    let mut parts = Vec::with_capacity(between.len() + 1);
    for separator in between.iter().rev() {
        if separator.is_empty() {
            parts.push("");
            continue;
        }
        let __at = inner.rfind(separator)?;
        parts.push(&inner[__at + separator.len()..]);
        inner = &inner[..__at];
    }
    parts.push(inner);
    parts.reverse();
    Some(parts)
}

/// A parameter decoded, or why not (`name: reason`).
fn param<T: crate::support::FromParam>(values: &[&str], name: &str) -> Result<T, String> {
    T::from_param(values).map_err(|__e| format!("{name}: {__e}"))
}

/// A parameter decoded, or its documented default when absent.
#[allow(dead_code)] // unused when no parameter has a default
fn param_or<T: crate::support::FromParam>(values: &[&str], name: &str, default: impl ::std::ops::FnOnce() -> T) -> Result<T, String> {
    if values.is_empty() { Ok(default()) } else { param(values, name) }
}

/// Reads the body within the size limit and checks its media type: `Err` is the answer
/// (413, 415); an empty body is `None`.
#[allow(dead_code)] // unused when no operation takes a body
async fn read_body(
    headers: &::axum::http::HeaderMap,
    body: ::axum::body::Body,
    limit: usize,
    media: &str,
    uri: &str,
) -> Result<Option<::axum::body::Bytes>, ::axum::response::Response> {
    let __bytes = ::axum::body::to_bytes(body, limit).await.map_err(|_| {
        ErrorResponse::new(ProblemKind::PayloadTooLarge, format!("the body is larger than {limit} bytes"), uri).into_response()
    })?;
    if __bytes.is_empty() {
        return Ok(None);
    }
    let __type = headers.get(::axum::http::header::CONTENT_TYPE).and_then(|__v| __v.to_str().ok()).unwrap_or_default();
    let __essence = __type.split(';').next().unwrap_or_default().trim();
    let __expected = media.split(';').next().unwrap_or_default().trim();
    let __json = |__t: &str| __t == "application/json" || __t.ends_with("+json");
    if !(__essence.eq_ignore_ascii_case(__expected) || (__json(__expected) && __json(__essence))) {
        return Err(
            ErrorResponse::new(ProblemKind::UnsupportedMediaType, format!("the body must be `{__expected}`, not `{__type}`"), uri)
                .into_response(),
        );
    }
    Ok(Some(__bytes))
}

/// The body decoded strictly (see `support::strictly`) as the documented type, or why not, with
/// the path of the field at fault.
#[allow(dead_code)] // not every spec has a JSON body
fn json_body<T: ::serde::de::DeserializeOwned>(bytes: Option<&::axum::body::Bytes>, required: bool) -> Result<Option<T>, String> {
    match bytes {
        None if required => Err("body: is required".to_owned()),
        None => Ok(None),
        Some(__bytes) => crate::support::strictly(|| {
            let mut __json = ::serde_json::Deserializer::from_slice(__bytes);
            let __value = ::serde_path_to_error::deserialize(&mut __json).map_err(|__e| __e.to_string())?;
            __json.end().map_err(|__e| __e.to_string())?;
            Ok(Some(__value))
        })
        .map_err(|__e: String| format!("body: malformed JSON or not the documented shape: {__e}")),
    }
}

/// A body that is not JSON, as text.
#[allow(dead_code)] // not every spec has a text body
fn text_body(bytes: Option<&::axum::body::Bytes>, required: bool) -> Result<Option<String>, String> {
    match bytes {
        None if required => Err("body: is required".to_owned()),
        __b => Ok(__b.map(|__b| String::from_utf8_lossy(__b).into_owned())),
    }
}

/// The answer for the implementation's result, checked against the spec when configured; the
/// body is serialised straight from the typed value.
fn respond<R: crate::support::Validate>(
    response: R,
    into_bytes: fn(R) -> (u16, Option<Vec<u8>>),
    check: bool,
    operation: &'static str,
    uri: &str,
) -> ::axum::response::Response {
    if check && let Err(__violations) = crate::support::Validate::validate(&response) {
        ::tracing::error!(operation, %__violations, "the response breaks the spec");
        return ErrorResponse::new(ProblemKind::Internal, format!("the response breaks the spec: {__violations}"), uri).into_response();
    }
    let (__status, __body) = into_bytes(response);
    let __status = ::axum::http::StatusCode::from_u16(__status).unwrap_or(::axum::http::StatusCode::OK);
    match __body {
        Some(__body) => {
            let __json = ::axum::http::HeaderValue::from_static("application/json");
            (__status, [(::axum::http::header::CONTENT_TYPE, __json)], __body).into_response()
        }
        None => __status.into_response(),
    }
}

{% for item in handlers %}
// @item
{{ item }}
{% endfor %}
