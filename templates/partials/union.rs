{% for line in docs %}/// {{ line }}
{% endfor %}///
/// Decoded by trying each variant in order (the first that fits wins).
#[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
#[serde(untagged)]
pub enum {{ name }} {
{% for v in variants %}    {{ v.name }}({{ v.ty }}),
{% endfor %}}

impl ::std::default::Default for {{ name }} {
    fn default() -> Self {
        Self::{{ first_variant }}(::std::default::Default::default())
    }
}

impl crate::support::Validate for {{ name }} {
    fn validate_into(&self, __path: &str, __out: &mut ::std::vec::Vec<crate::support::Violation>) {
        match self {
{% for v in variants %}            Self::{{ v.name }}(__inner) => crate::support::Validate::validate_into(__inner, __path, __out),
{% endfor %}        }
    }
}
