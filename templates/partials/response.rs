/// What `{{ op_doc }}` answers (`{{ route_doc }}`).
// One value per call: boxing the larger bodies would cost every caller a pattern.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum {{ name }} {
{% for v in variants %}{% for line in v.docs %}    /// {{ line }}
{% endfor %}{% if v.has_body %}    {{ v.name }}({{ v.ty }}),
{% else %}    {{ v.name }},
{% endif %}{% endfor %}{% if has_undocumented %}    /// A success status the spec does not list for this operation (a gateway may answer `200`
    /// where `201` is documented), with the body as JSON: `None` when empty, text that is not
    /// JSON as a string. A server that sends it breaks the spec (`validate_responses` says so).
    {{ undocumented }} {
        status: u16,
        body: Option<::serde_json::Value>,
    },
{% endif %}}

impl {{ name }} {
    /// The status code this response is sent with.
    pub fn status(&self) -> u16 {
        match self {
{% for v in variants %}{% if v.has_body %}            Self::{{ v.name }}(_) => {{ v.code }},
{% else %}            Self::{{ v.name }} => {{ v.code }},
{% endif %}{% endfor %}{% if has_undocumented %}            Self::{{ undocumented }} { status, .. } => *status,
{% endif %}        }
    }

    /// The status and the body as JSON (a text body as a JSON string).
    #[cfg(feature = "json")]
    pub fn into_json(self) -> (u16, Option<::serde_json::Value>) {
        match self {
{% for v in variants %}{% if v.has_body %}            Self::{{ v.name }}(__body) => ({{ v.code }}, Some(::serde_json::to_value(__body).unwrap_or_default())),
{% else %}            Self::{{ v.name }} => ({{ v.code }}, None),
{% endif %}{% endfor %}{% if has_undocumented %}            Self::{{ undocumented }} { status, body } => (status, body),
{% endif %}        }
    }

    /// The response for a status and a JSON body (the inverse of `into_json`), or why not.
    #[cfg(feature = "json")]
    pub fn from_json(status: u16, body: Option<::serde_json::Value>) -> Result<Self, String> {
        let _ = &body;
        match status {
{% for v in variants %}{% if v.has_body %}            {{ v.pattern }} => ::serde_json::from_value(body.unwrap_or_default()).map(Self::{{ v.name }}).map_err(|__e| __e.to_string()),
{% else %}            {{ v.pattern }} => Ok(Self::{{ v.name }}),
{% endif %}{% endfor %}{% if has_undocumented %}            __status @ 200..=299 => Ok(Self::{{ undocumented }} { status: __status, body }),
{% endif %}            __other => Err(format!("status {__other} is not a documented success of `{}`", {{ op_literal }})),
        }
    }

    /// The status and the body with its media type: JSON written straight from the typed
    /// value, text and octets as they are.
    #[cfg(feature = "server")]
    pub fn into_bytes(self) -> (u16, Option<(&'static str, Vec<u8>)>) {
        match self {
{% for v in variants %}{% if v.has_body %}            Self::{{ v.name }}(__body) => ({{ v.code }}, Some(({{ v.media }}, {% if v.is_json %}::serde_json::to_vec(&__body).unwrap_or_default(){% else if v.is_bytes %}__body{% else %}__body.into_bytes(){% endif %}))),
{% else %}            Self::{{ v.name }} => ({{ v.code }}, None),
{% endif %}{% endfor %}{% if has_undocumented %}            Self::{{ undocumented }} { status, body } => (status, body.map(|__body| ("application/json", ::serde_json::to_vec(&__body).unwrap_or_default()))),
{% endif %}        }
    }
}

/// A server checks what it answers against the spec (`ServerConfig::validate_responses`).
#[cfg(feature = "server")]
impl crate::support::Validate for {{ name }} {
    fn validate_into(&self, __path: &str, __out: &mut Vec<crate::support::Violation>) {
        let _ = (&__path, &__out);
        match self {
{% for v in variants %}{% if v.has_body %}            Self::{{ v.name }}(__body) => { crate::support::Validate::validate_into(__body, __path, __out); }
{% else %}            Self::{{ v.name }} => {}
{% endif %}{% endfor %}{% if has_undocumented %}            Self::{{ undocumented }} { status, .. } => {
                __out.push(crate::support::Violation {
                    path: __path.to_owned(),
                    rule: "responses",
                    message: format!("status {status} is not a documented response of `{}`", {{ op_literal }}),
                });
            }
{% endif %}        }
    }
}
