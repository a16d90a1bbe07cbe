//! The HTTP client of {{ title }}: [`Client`] implements every API trait of
//! [`crate::api`] over reqwest (rustls). Requests are validated before a byte is sent; responses
//! decode leniently; every call runs in a `tracing` span that carries the operation, method,
//! path template and status, and never a credential.
{% if !has_operations %}// The document has no operation to call (only webhooks, or nothing): the plumbing is unused.
#![allow(dead_code)]
{% endif %}
{% if has_traits %}// Methods of the support traits, called on requests and their fields.
use crate::support::{ {% for t in traits %}{{ t }}{% if !loop.last %}, {% endif %}{% endfor %} };
{% endif %}{% if has_imports %}// The transport's helpers.
use crate::transport::{ {% for i in imports %}{{ i }}{% if !loop.last %}, {% endif %}{% endfor %} };
{% endif %}
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
{% endfor %}    pub {{ c.field }}: Option<{% if c.is_basic %}(String, Secret){% else if c.secret %}Secret{% else %}String{% endif %}>,
{% endfor %}}

impl Credentials {
    pub fn new() -> Self {
        Self::default()
    }
{% for c in credentials %}
    /// Sets the credential of the `{{ c.scheme_doc }}` scheme.
    pub fn {{ c.field }}(mut self, value: impl Into<{% if c.is_basic %}(String, Secret){% else if c.secret %}Secret{% else %}String{% endif %}>) -> Self {
        self.{{ c.field }} = Some(value.into());
        self
    }
{% endfor %}
}

impl ::std::fmt::Display for Credentials {
    fn fmt(&self, __f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        ::std::fmt::Debug::fmt(self, __f)
    }
}

impl crate::transport::Credentials for Credentials {
    /// Attaches the credentials of the schemes an operation asks for.
    #[allow(unused_mut, unused_variables)] // a spec without security schemes attaches nothing
    fn apply(&self, mut builder: ::reqwest::RequestBuilder, schemes: &[&str]) -> ::reqwest::RequestBuilder {
{% for c in credentials %}        if schemes.contains(&{{ c.scheme }}) && let Some(__value) = &self.{{ c.field }} {
{% if c.is_basic %}            builder = builder.basic_auth(__value.0.as_str(), Some(__value.1.expose()));
{% else %}            let __text = {% if c.secret %}__value.expose(){% else %}__value.as_str(){% endif %};
{% if c.in_header %}{% if c.secret %}            builder = crate::transport::secret_header(builder, {{ c.param }}, __text);
{% else %}            builder = builder.header({{ c.param }}, __text);
{% endif %}{% endif %}{% if c.in_query %}            builder = builder.query(&[({{ c.param }}, __text)]);
{% endif %}{% if c.in_cookie %}{% if c.secret %}            builder = crate::transport::secret_header(builder, "cookie", &format!("{}={}", {{ c.param }}, __text));
{% else %}            builder = builder.header("cookie", format!("{}={}", {{ c.param }}, __text));
{% endif %}{% endif %}{% if c.is_bearer %}            builder = builder.bearer_auth(__text);
{% endif %}{% endif %}        }
{% endfor %}        builder
    }
}

pub use crate::transport::{CallOptions, Exchange, RetryPolicy};

/// The HTTP stack's types (headers, methods, a preconfigured `reqwest::Client`), at the version
/// this crate is built with.
pub use ::reqwest;

/// The error body the API documents for its error statuses.
pub type ErrorBody = {{ error_ty }};

/// An error status with the body the spec documents for it.
pub type ApiError = crate::transport::ApiError<ErrorBody>;

/// Everything a call can fail with.
pub type Error = crate::transport::Error<ErrorBody>;

/// The HTTP client. Cheap to clone (the connection pool is shared).
pub type Client = crate::transport::Client<Credentials, ErrorBody>;

/// Configures a [`Client`].
pub type ClientBuilder = crate::transport::ClientBuilder<Credentials, ErrorBody>;
{% for item in impls %}
// @item
{{ item }}
{% endfor %}
