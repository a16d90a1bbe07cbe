//! The axum server of a generated crate: what every API shares. The generated `server` module
//! names the API's error body, credentials and traits, and builds the router of its operations
//! from the handlers it writes with the helpers below. Before an implementation runs, every
//! request is authenticated, decoded and validated against the spec; every failure answers
//! with the API's error body.

use ::axum::response::IntoResponse as _;

mod context;
mod stub;

pub use context::{
    Context, Operation, Refusal, TimedCall, call, current_problem_uri, new_request_id, problem_uri, request_id,
    with_request_id,
};
pub use stub::{BoxFuture, Call, Stub};

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
    /// A proxy's upstream failed: no connection, an undocumented status, a body that does not
    /// decode.
    BadGateway,
    /// A proxy's upstream did not answer in time.
    GatewayTimeout,
    /// The implementation does not serve the operation (a test double's unstubbed one).
    NotImplemented,
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
            Self::BadGateway => 502,
            Self::GatewayTimeout => 504,
            Self::NotImplemented => 501,
        }
    }
}

/// The body an API answers errors with, and how a server fills it for a problem. The generated
/// `server` module implements it for the API's error body.
pub trait ErrorBody: ::serde::Serialize + ::std::fmt::Debug + Clone + Send + Sync + 'static {
    /// The body for a problem, with a message naming what is wrong and the request's path.
    fn for_problem(kind: ProblemKind, message: String, uri: &str) -> Self;
}

/// An error answer: a status and the API's error body (boxed, so `Result`s stay small).
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorResponse<B> {
    pub status: u16,
    pub body: Box<B>,
}

impl<B: ErrorBody> ErrorResponse<B> {
    /// The answer to a problem, with a message naming what is wrong and the request's path.
    pub fn new(kind: ProblemKind, message: impl Into<String>, uri: &str) -> Self {
        Self {
            status: kind.status(),
            body: Box::new(B::for_problem(kind, message.into(), uri)),
        }
    }
}

impl<B: ErrorBody> ::axum::response::IntoResponse for ErrorResponse<B> {
    fn into_response(self) -> ::axum::response::Response {
        let status =
            ::axum::http::StatusCode::from_u16(self.status).unwrap_or(::axum::http::StatusCode::INTERNAL_SERVER_ERROR);
        (status, ::axum::Json(*self.body)).into_response()
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
    /// The longest an implementation may take to answer; a call that takes longer is dropped
    /// and answered 504 in the error body. 30 s by default; `None` waits for ever.
    pub timeout: Option<::std::time::Duration>,
    /// The header that carries a request's id: a request without one gets a fresh id, the
    /// answer carries it back, the implementation reads it in its [`Context`], and it is the
    /// fragment of the error body's `uri` and a field of the call's tracing span.
    /// `x-request-id` by default; `None` gives requests no id.
    pub request_id: Option<::axum::http::HeaderName>,
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            body_limit: 2 * 1024 * 1024,
            validate_responses: cfg!(debug_assertions),
            timeout: Some(::std::time::Duration::from_secs(30)),
            request_id: Some(::axum::http::HeaderName::from_static("x-request-id")),
        }
    }
}

/// The answer to a call that took longer than `limit`: 504 in the error body.
pub fn too_late<B: ErrorBody>(limit: Option<::std::time::Duration>, uri: &str) -> ::axum::response::Response {
    let limit = limit.unwrap_or(::std::time::Duration::MAX);
    let message = format!("the implementation did not answer within {} ms", limit.as_millis());
    ErrorResponse::<B>::new(ProblemKind::GatewayTimeout, message, uri).into_response()
}

/// What every handler shares.
pub struct State<S, A> {
    pub service: S,
    pub auth: A,
    pub config: ServerConfig,
}

/// The state of a handler, as axum extracts it.
pub type Shared<S, A> = ::axum::extract::State<::std::sync::Arc<State<S, A>>>;

/// The answer for a path no operation has. It knows no `ServerConfig`: it echoes an
/// `x-request-id` the request has, and makes none.
pub async fn not_found<B: ErrorBody>(request: ::axum::extract::Request) -> ::axum::response::Response {
    let header = ::axum::http::HeaderName::from_static("x-request-id");
    let id = request.headers().get(&header).cloned();
    let message = format!("no operation at `{}`", request.uri().path());
    let answer = ErrorResponse::<B>::new(
        ProblemKind::NotFound,
        message,
        &problem_uri(request.uri().path(), id.as_ref()),
    );
    with_request_id(answer.into_response(), Some(&header), id)
}

/// The answer for a method the path does not answer, with the request's id (`header`).
pub fn method_not_allowed<B: ErrorBody>(
    header: Option<::axum::http::HeaderName>,
) -> impl Fn(::axum::extract::Request) -> ::std::future::Ready<::axum::response::Response> + Clone + Send + Sync + 'static
{
    move |request| {
        let id = request_id(header.as_ref(), request.headers());
        let message = format!("`{}` does not answer {}", request.uri().path(), request.method());
        let uri = problem_uri(request.uri().path(), id.as_ref());
        let answer = ErrorResponse::<B>::new(ProblemKind::MethodNotAllowed, message, &uri).into_response();
        ::std::future::ready(with_request_id(answer, header.as_ref(), id))
    }
}

/// The answer when an implementation panicked (the server keeps serving).
pub fn panicked<B: ErrorBody>(_payload: Box<dyn ::std::any::Any + Send + 'static>) -> ::axum::response::Response {
    ::tracing::error!("the implementation panicked");
    ErrorResponse::<B>::new(ProblemKind::Internal, "the implementation failed", "").into_response()
}

/// The answer to a request that breaks the spec, naming every problem.
pub fn bad_request<B: ErrorBody>(problems: &[String], uri: &str) -> ::axum::response::Response {
    ErrorResponse::<B>::new(ProblemKind::BadRequest, problems.join("; "), uri).into_response()
}

/// The decoded `name=value` pairs of a query string, borrowed from it where nothing is escaped.
pub fn query_pairs(uri: &::axum::http::Uri) -> Vec<(::std::borrow::Cow<'_, str>, ::std::borrow::Cow<'_, str>)> {
    uri.query()
        .map(|q| ::form_urlencoded::parse(q.as_bytes()).collect())
        .unwrap_or_default()
}

/// The texts given for one parameter; none or one (the usual case) allocates nothing.
pub enum Values<'v> {
    None,
    One([&'v str; 1]),
    Many(Vec<&'v str>),
}

impl<'v> ::std::iter::FromIterator<&'v str> for Values<'v> {
    fn from_iter<I: IntoIterator<Item = &'v str>>(iter: I) -> Self {
        iter.into_iter().fold(Self::None, |values, value| match values {
            Self::None => Self::One([value]),
            Self::One([first]) => Self::Many(vec![first, value]),
            Self::Many(mut all) => {
                all.push(value);
                Self::Many(all)
            }
        })
    }
}

impl<'v> ::std::ops::Deref for Values<'v> {
    type Target = [&'v str];

    fn deref(&self) -> &[&'v str] {
        match self {
            Self::None => &[],
            Self::One(one) => one,
            Self::Many(all) => all,
        }
    }
}

/// Every value of a query parameter.
pub fn query_values<'q>(
    query: &'q [(::std::borrow::Cow<'_, str>, ::std::borrow::Cow<'_, str>)],
    name: &str,
) -> Values<'q> {
    query
        .iter()
        .filter(|(n, _)| n == name)
        .map(|(_, v)| v.as_ref())
        .collect()
}

/// Every value of a header (names compare without case).
pub fn header_values<'h>(headers: &'h ::axum::http::HeaderMap, name: &str) -> Values<'h> {
    headers.get_all(name).iter().filter_map(|v| v.to_str().ok()).collect()
}

/// Every value of a cookie, from every `Cookie` header (`name=value; other=…`).
pub fn cookie_values<'h>(headers: &'h ::axum::http::HeaderMap, name: &str) -> Values<'h> {
    headers
        .get_all(::axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .filter(|(n, _)| *n == name)
        .map(|(_, v)| v)
        .collect()
}

/// The path parameters of the matched route, or why they cannot be read (the 400 answer).
pub type PathParams = Result<::axum::extract::RawPathParams, ::axum::extract::rejection::RawPathParamsRejection>;

/// The value of a path parameter, without the literal text around it in its segment.
pub fn path_values<'p>(
    params: &'p ::axum::extract::RawPathParams,
    name: &str,
    prefix: &str,
    suffix: &str,
) -> Values<'p> {
    params
        .iter()
        .filter(|(n, _)| *n == name)
        .filter_map(|(_, v)| v.strip_prefix(prefix)?.strip_suffix(suffix))
        .collect()
}

/// The value of one of several parameters of a path segment: the captured text split on the
/// template's literal text (`literals` holds the text before, between and after the segment's
/// parameters). Earlier parameters take the longest text that lets the later ones match:
/// `{name}.{ext}` reads `a.tar.gz` as `a.tar` and `gz`.
pub fn segment_values<'p>(
    params: &'p ::axum::extract::RawPathParams,
    capture: &str,
    literals: &[&str],
    index: usize,
) -> Values<'p> {
    params
        .iter()
        .filter(|(n, _)| *n == capture)
        .filter_map(|(_, v)| split_segment(v, literals)?.get(index).copied())
        .collect()
}

/// The parameters of a segment's text, or `None` when the text does not fit the template.
pub(crate) fn split_segment<'v>(text: &'v str, literals: &[&str]) -> Option<Vec<&'v str>> {
    let (first, rest) = literals.split_first()?;
    let (last, between) = rest.split_last()?;
    let mut inner = text.strip_prefix(first)?.strip_suffix(last)?;
    let mut parts = Vec::with_capacity(between.len() + 1);
    for separator in between.iter().rev() {
        if separator.is_empty() {
            parts.push("");
            continue;
        }
        let at = inner.rfind(separator)?;
        parts.push(&inner[at + separator.len()..]);
        inner = &inner[..at];
    }
    parts.push(inner);
    parts.reverse();
    Some(parts)
}

/// A parameter decoded, or why not (`name: reason`).
pub fn param<T: crate::support::FromParam>(values: &[&str], name: &str) -> Result<T, String> {
    T::from_param(values).map_err(|e| format!("{name}: {e}"))
}

/// A parameter decoded, or its documented default when absent.
pub fn param_or<T: crate::support::FromParam>(
    values: &[&str],
    name: &str,
    default: impl FnOnce() -> T,
) -> Result<T, String> {
    if values.is_empty() {
        Ok(default())
    } else {
        param(values, name)
    }
}

/// Reads the body within the size limit and checks its media type: `Err` is the answer
/// (413, 415); an empty body is `None`.
pub async fn read_body<B: ErrorBody>(
    headers: &::axum::http::HeaderMap,
    body: ::axum::body::Body,
    limit: usize,
    media: &str,
    uri: &str,
) -> Result<Option<::axum::body::Bytes>, ::axum::response::Response> {
    let bytes = ::axum::body::to_bytes(body, limit).await.map_err(|_| {
        ErrorResponse::<B>::new(
            ProblemKind::PayloadTooLarge,
            format!("the body is larger than {limit} bytes"),
            uri,
        )
        .into_response()
    })?;
    if bytes.is_empty() {
        return Ok(None);
    }
    let content_type = headers
        .get(::axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    let expected = media.split(';').next().unwrap_or_default().trim();
    let json = |t: &str| t == "application/json" || t.ends_with("+json");
    if !(essence.eq_ignore_ascii_case(expected) || (json(expected) && json(essence))) {
        let message = format!("the body must be `{expected}`, not `{content_type}`");
        return Err(ErrorResponse::<B>::new(ProblemKind::UnsupportedMediaType, message, uri).into_response());
    }
    Ok(Some(bytes))
}

/// The body decoded strictly (see `support::strictly`) as the documented type, or why not, with
/// the path of the field at fault.
pub fn json_body<T: ::serde::de::DeserializeOwned>(
    bytes: Option<&::axum::body::Bytes>,
    required: bool,
) -> Result<Option<T>, String> {
    match bytes {
        None if required => Err("body: is required".to_owned()),
        None => Ok(None),
        Some(bytes) => crate::support::strictly(|| {
            let mut json = ::serde_json::Deserializer::from_slice(bytes);
            let value = ::serde_path_to_error::deserialize(&mut json).map_err(|e| e.to_string())?;
            json.end().map_err(|e| e.to_string())?;
            Ok(Some(value))
        })
        .map_err(|e: String| format!("body: malformed JSON or not the documented shape: {e}")),
    }
}

/// A body that is not JSON, as text.
pub fn text_body(bytes: Option<&::axum::body::Bytes>, required: bool) -> Result<Option<String>, String> {
    match bytes {
        None if required => Err("body: is required".to_owned()),
        b => Ok(b.map(|b| String::from_utf8_lossy(b).into_owned())),
    }
}

/// A body of raw octets, as they came.
pub fn bytes_body(bytes: Option<&::axum::body::Bytes>, required: bool) -> Result<Option<Vec<u8>>, String> {
    match bytes {
        None if required => Err("body: is required".to_owned()),
        b => Ok(b.map(|b| b.to_vec())),
    }
}

/// A response as sent: its status, and its body with the body's media type.
pub type Answer = (u16, Option<(&'static str, Vec<u8>)>);

/// The answer for the implementation's result, checked against the spec when configured; the
/// body is serialised straight from the typed value.
pub fn respond<R: crate::support::Validate, B: ErrorBody>(
    response: R,
    into_bytes: fn(R) -> Answer,
    check: bool,
    operation: &'static str,
    uri: &str,
) -> ::axum::response::Response {
    if check && let Err(violations) = crate::support::Validate::validate(&response) {
        ::tracing::error!(operation, uri, %violations, "the response breaks the spec");
        let message = format!("the response breaks the spec: {violations}");
        return ErrorResponse::<B>::new(ProblemKind::Internal, message, uri).into_response();
    }
    let (status, body) = into_bytes(response);
    let status = ::axum::http::StatusCode::from_u16(status).unwrap_or(::axum::http::StatusCode::OK);
    match body {
        Some((media, body)) => {
            let media = ::axum::http::HeaderValue::from_static(media);
            (status, [(::axum::http::header::CONTENT_TYPE, media)], body).into_response()
        }
        None => status.into_response(),
    }
}
