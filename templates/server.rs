//! The axum server of {{ title }}: [`router`] turns any implementation of the API traits into
//! an `axum::Router` with one route per operation. Before the implementation runs, every
//! request is authenticated, decoded and validated against the spec; every failure answers
//! with the API's error body. The router composes with tower layers (tracing, timeouts, limits).
// The handlers return `async move` blocks rather than being `async fn`s: see their docs.
#![allow(clippy::manual_async_fn)]

{% if has_handlers %}use ::axum::response::IntoResponse as _;
{% endif %}{% if has_imports %}// The runtime's plumbing, for the handlers below.
use crate::serving::{ {% for i in imports %}{{ i }}{% if !loop.last %}, {% endif %}{% endfor %} };
{% endif %}
pub use crate::serving::{Context, Operation, ProblemKind, Refusal, ServerConfig, State};

impl ProblemKind {
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
            Self::BadGateway => {{ codes.bad_gateway }},
            Self::GatewayTimeout => {{ codes.gateway_timeout }},
            Self::NotImplemented => {{ codes.not_implemented }},
        }
    }
}

/// The error body the API documents for its error statuses.
pub type ErrorBody = {{ error_ty }};

impl crate::serving::ErrorBody for ErrorBody {
    fn for_problem(kind: ProblemKind, message: String, uri: &str) -> Self {
        let _ = (&message, uri);
{% if has_fill %}        Self {
{% for f in fill %}            {{ f.field }}: {% if f.optional %}Some({% endif %}{% if f.code %}kind.code().to_owned(){% else if f.message %}message.clone(){% else if f.uri %}uri.to_owned(){% else if f.fixed %}{{ f.text }}.to_owned(){% else %}Default::default(){% endif %}{% if f.optional %}){% endif %},
{% endfor %}{% if open %}            additional_properties: Default::default(),
{% endif %}        }
{% else %}        ::serde_json::json!({"code": kind.code(), "message": message, "uri": uri})
{% endif %}
    }
}

/// An error answer: a status and the API's error body (boxed, so `Result`s stay small).
pub type ErrorResponse = crate::serving::ErrorResponse<ErrorBody>;

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

/// The client's failures as a proxy answers them, so that [`router`] can serve a
/// [`Client`](crate::client::Client) and forward every call to another deployment: a documented
/// error keeps its status and body, a request the client refuses is a 400, no answer in time a
/// 504, and any other failure (no connection, an undocumented status, a body that does not
/// decode) a 502.
#[cfg(feature = "client")]
impl IntoErrorResponse for crate::client::Error {
    fn into_error_response(self, uri: &str) -> ErrorResponse {
        use crate::transport::Error;
        let (kind, message) = match self {
            Error::Api(e) => {
                return ErrorResponse {
                    status: e.status,
                    body: ::std::boxed::Box::new({% if same_error_body %}e.body{% else %}::serde_json::to_value(&e.body).unwrap_or_default(){% endif %}),
                };
            }
            Error::InvalidRequest(v) => (ProblemKind::BadRequest, v.to_string()),
            Error::Timeout { .. } => (ProblemKind::GatewayTimeout, "the upstream service did not answer in time".to_owned()),
            other => (ProblemKind::BadGateway, format!("the upstream service failed: {other}")),
        };
        ErrorResponse::new(kind, message, uri)
    }
}

/// The credentials a request presents, per security scheme; secrets are redacted in `Debug`.
#[derive(Debug, Clone, Default)]
pub struct Presented {
{% for c in credentials %}    pub {{ c.field }}: Option<{% if c.secret %}crate::support::Secret{% else %}String{% endif %}>,
{% endfor %}}

impl Presented {
{% if !has_handlers %}    // No operation reads credentials: the document has none.
    #[allow(dead_code)]
{% endif %}    fn read(headers: &::axum::http::HeaderMap, query: &[(::std::borrow::Cow<'_, str>, ::std::borrow::Cow<'_, str>)]) -> Self {
        let _ = (headers, query);
        Self {
{% for c in credentials %}            {{ c.field }}: {% if c.in_header %}crate::serving::header_values(headers, {{ c.param }}){% else if c.in_query %}crate::serving::query_values(query, {{ c.param }}){% else if c.in_cookie %}crate::serving::cookie_values(headers, {{ c.param }}){% else %}crate::serving::header_values(headers, "authorization"){% endif %}.first().map(|__v| (*__v).to_owned()){% if c.secret %}.map(crate::support::Secret::new){% endif %},
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

/// Decides who calls (authentication: a principal, or a 401) and whether they may call the
/// operation (authorisation: a 403). The router asks both before it reads the body; the
/// implementation finds the principal in its [`Context`] (`Context::principal`).
pub trait Authenticate: ::std::marker::Send + ::std::marker::Sync + 'static {
    /// Who a request's credentials say the caller is.
    type Principal: ::std::clone::Clone + ::std::marker::Send + ::std::marker::Sync + 'static;

    /// The caller the presented credentials identify, or [`Refusal::Unauthenticated`] (401).
    /// `operation.security` lists the operation's alternatives (each a list of scheme names
    /// that must all be satisfied; none means the operation is open). The credentials are
    /// the implementation's to keep (in its principal, say).
    fn authenticate(
        &self,
        operation: &'static Operation,
        presented: Presented,
    ) -> impl ::std::future::Future<Output = Result<Self::Principal, Refusal>> + ::std::marker::Send;

    /// Whether the caller may call the operation: [`Refusal::Forbidden`] (403) if not. Anyone
    /// authenticated may by default.
    fn authorize(
        &self,
        operation: &'static Operation,
        principal: &Self::Principal,
    ) -> impl ::std::future::Future<Output = Result<(), Refusal>> + ::std::marker::Send {
        let _ = (operation, principal);
        ::std::future::ready(Ok(()))
    }
}

/// Accepts a request that presents every credential of one of the operation's alternatives,
/// whatever their values (for tests and sandboxes; a real server checks the values). The
/// principal is what the request presented.
#[derive(Debug, Clone, Copy, Default)]
pub struct RequireCredentials;

impl Authenticate for RequireCredentials {
    type Principal = Presented;

    async fn authenticate(&self, operation: &'static Operation, presented: Presented) -> Result<Presented, Refusal> {
        if operation.security.is_empty() || operation.security.iter().any(|__all| presented.has_all(__all)) {
            Ok(presented)
        } else {
            Err(Refusal::Unauthenticated("missing credentials".to_owned()))
        }
    }
}

/// Authenticates and authorises a request: the principal, or the 401 or 403 answer.
{% if !has_handlers %}#[allow(dead_code)]
{% endif %}async fn admit<A: Authenticate>(
    auth: &A,
    operation: &'static Operation,
    headers: &::axum::http::HeaderMap,
    query: &[(::std::borrow::Cow<'_, str>, ::std::borrow::Cow<'_, str>)],
    uri: &str,
) -> Result<A::Principal, ::axum::response::Response> {
    let presented = Presented::read(headers, query);
    let principal = match auth.authenticate(operation, presented).await {
        Ok(principal) => principal,
        Err(refusal) => return Err(refusal.answer::<ErrorBody>(uri)),
    };
    match auth.authorize(operation, &principal).await {
        Ok(()) => Ok(principal),
        Err(refusal) => Err(refusal.answer::<ErrorBody>(uri)),
    }
}

/// The 404 of a path no operation serves, in the error body: the fallback to add where the API
/// owns the whole host (`router(..).fallback(server::not_found)`); [`router`] adds none.
pub async fn not_found(request: ::axum::extract::Request) -> ::axum::response::Response {
    crate::serving::not_found::<ErrorBody>(request).await
}

/// Every API trait with an error the server can answer with: what [`router`] serves.
pub trait Service: ::std::marker::Send + ::std::marker::Sync + 'static{% for g in groups %} + crate::api::{{ g.name }}<Error: IntoErrorResponse>{% endfor %} {}

impl<T> Service for T where T: ::std::marker::Send + ::std::marker::Sync + 'static{% for g in groups %} + crate::api::{{ g.name }}<Error: IntoErrorResponse>{% endfor %} {}

/// The router of every operation, with answers in the error body for wrong methods (405) and
/// panics in the implementation (500). It has no fallback, so it merges and nests into any app,
/// whether that app has a fallback or not; paths no operation serves are the app's. Where the
/// API owns the whole host, answer them in the error body too:
/// `router(service, auth, config).fallback(server::not_found)`. Every request gets an id
/// (`ServerConfig::request_id`), echoed in the answer.
pub fn router<S: Service, A: Authenticate>(service: S, auth: A, config: ServerConfig) -> ::axum::Router {
    let __request_id = config.request_id.clone();
    let __state = ::std::sync::Arc::new(State { service, auth, config });
    ::axum::Router::new()
{% for g in groups %}        .merge({{ g.routes_fn }}(__state.clone()))
{% endfor %}        .method_not_allowed_fallback(crate::serving::method_not_allowed::<ErrorBody>(__request_id))
        .layer(::tower_http::catch_panic::CatchPanicLayer::custom(crate::serving::panicked::<ErrorBody>))
}

{% if has_webhooks %}
/// Every webhook trait with an error the receiver can answer with: what [`webhooks_router`]
/// serves.
pub trait WebhookService: ::std::marker::Send + ::std::marker::Sync + 'static{% for g in webhook_groups %} + crate::api::{{ g.name }}<Error: IntoErrorResponse>{% endfor %} {}

impl<T> WebhookService for T where T: ::std::marker::Send + ::std::marker::Sync + 'static{% for g in webhook_groups %} + crate::api::{{ g.name }}<Error: IntoErrorResponse>{% endfor %} {}

/// The receiver of the API's webhooks: one route per webhook, at `/` and the webhook's name
/// (nest it where the API is told to deliver them). Deliveries are authenticated, decoded and
/// validated like any request, and answered in the error body like [`router`]'s; like it, it
/// has no fallback.
pub fn webhooks_router<S: WebhookService, A: Authenticate>(service: S, auth: A, config: ServerConfig) -> ::axum::Router {
    let __request_id = config.request_id.clone();
    let __state = ::std::sync::Arc::new(State { service, auth, config });
    ::axum::Router::new()
{% for g in webhook_groups %}        .merge({{ g.routes_fn }}(__state.clone()))
{% endfor %}        .method_not_allowed_fallback(crate::serving::method_not_allowed::<ErrorBody>(__request_id))
        .layer(::tower_http::catch_panic::CatchPanicLayer::custom(crate::serving::panicked::<ErrorBody>))
}
{% endif %}
/// A test double of every API trait, in a few lines: give the operations a test needs an
/// answer (`on_*`, one per operation), every other answers 501 in the error body, and every
/// call is recorded with its request (`calls`, `requests`). Serve it with [`router`]
/// (`router(Stub::new().on_…(|request| async move { Ok(…) }), RequireCredentials, config)`)
/// or call it in-process through the traits.
pub type Stub = crate::serving::Stub<ErrorBody>;

impl Stub {
{% for g in stub_groups %}{% for op in g.ops %}    /// Answers `{{ op.operation_doc }}` (`{{ op.route_doc }}`) with `answer`.
    pub fn {{ op.stub_fn }}<F, Fut>(self, answer: F) -> Self
    where
        F: Fn(crate::requests::{{ op.request }}) -> Fut + ::std::marker::Send + ::std::marker::Sync + 'static,
        Fut: ::std::future::Future<Output = Result<crate::responses::{{ op.response }}, ErrorResponse>> + ::std::marker::Send + 'static,
    {
        self.on({{ op.operation }}, answer)
    }
{% endfor %}{% endfor %}}
{% for g in stub_groups %}
impl crate::api::{{ g.name }} for Stub {
    type Error = ErrorResponse;
{% for op in g.ops %}
    fn {{ op.method }}(
        &self,
        request: crate::requests::{{ op.request }},
    ) -> impl ::std::future::Future<Output = Result<crate::responses::{{ op.response }}, ErrorResponse>> + ::std::marker::Send {
        crate::serving::Stub::answer(self, {{ op.operation }}, {{ op.path }}, request)
    }
{% endfor %}}
{% endfor %}
/// [`Service`] as a trait object, so an implementation can be chosen at run time and held as
/// `Arc<dyn DynService>`, which [`router`] serves like any implementation. Every
/// implementation of the API traits is one (its errors become [`ErrorResponse`]s); the
/// methods are the traits' own, with boxed futures.
pub trait DynService: ::std::marker::Send + ::std::marker::Sync + 'static {
{% for g in dyn_groups %}{% for op in g.ops %}    /// See [`crate::api::{{ g.name }}::{{ op.method }}`].
    fn {{ op.method }}(
        &self,
        request: crate::requests::{{ op.request }},
    ) -> crate::serving::BoxFuture<'_, Result<crate::responses::{{ op.response }}, ErrorResponse>>;
{% endfor %}{% endfor %}}

impl<S: Service> DynService for S {
{% for g in dyn_groups %}{% for op in g.ops %}    fn {{ op.method }}(
        &self,
        request: crate::requests::{{ op.request }},
    ) -> crate::serving::BoxFuture<'_, Result<crate::responses::{{ op.response }}, ErrorResponse>> {
        ::std::boxed::Box::pin(async move {
            crate::api::{{ g.name }}::{{ op.method }}(self, request)
                .await
                .map_err(|__e| __e.into_error_response(&crate::serving::current_problem_uri({{ op.path }})))
        })
    }
{% endfor %}{% endfor %}}
{% for g in dyn_groups %}
impl crate::api::{{ g.name }} for dyn DynService {
    type Error = ErrorResponse;
{% for op in g.ops %}
    fn {{ op.method }}(
        &self,
        request: crate::requests::{{ op.request }},
    ) -> impl ::std::future::Future<Output = Result<crate::responses::{{ op.response }}, ErrorResponse>> + ::std::marker::Send {
        DynService::{{ op.method }}(self, request)
    }
{% endfor %}}
{% endfor %}
{% for item in handlers %}
// @item
{{ item }}
{% endfor %}
