{% for line in docs %}/// {{ line }}
{% endfor %}#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum {{ name }} {
{% for v in variants %}    /// `{{ v.raw_doc }}`
    {{ v.name }},
{% endfor %}    /// A value this version of the spec does not list, kept as received.
    Unknown(::std::string::String),
}

impl {{ name }} {
    /// Every value the spec lists, in its order.
    pub const VALUES: &'static [&'static str] = &[{% for v in variants %}{{ v.literal }}, {% endfor %}];

    /// The value as sent on the wire.
    pub fn as_str(&self) -> &str {
        match self {
{% for v in variants %}            Self::{{ v.name }} => {{ v.literal }},
{% endfor %}            Self::Unknown(__value) => __value.as_str(),
        }
    }

    /// Whether the value is one the spec lists.
    pub fn is_known(&self) -> bool {
        !matches!(self, Self::Unknown(_))
    }
}

impl ::std::convert::From<&str> for {{ name }} {
    fn from(__value: &str) -> Self {
        match __value {
{% for v in variants %}            {{ v.literal }} => Self::{{ v.name }},
{% endfor %}            __other => Self::Unknown(__other.to_owned()),
        }
    }
}

impl ::std::convert::From<::std::string::String> for {{ name }} {
    fn from(__value: ::std::string::String) -> Self {
        Self::from(__value.as_str())
    }
}

impl ::std::default::Default for {{ name }} {
    fn default() -> Self {
        Self::from({{ default_literal }})
    }
}

impl ::std::fmt::Display for {{ name }} {
    fn fmt(&self, __f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        __f.write_str(self.as_str())
    }
}

impl ::serde::Serialize for {{ name }} {
    fn serialize<__S: ::serde::Serializer>(&self, __serializer: __S) -> ::std::result::Result<__S::Ok, __S::Error> {
        __serializer.serialize_str(self.as_str())
    }
}

impl<'de> ::serde::Deserialize<'de> for {{ name }} {
    fn deserialize<__D: ::serde::Deserializer<'de>>(__deserializer: __D) -> ::std::result::Result<Self, __D::Error> {
        crate::support::lenient_string(__deserializer).map(Self::from)
    }
}

impl crate::support::Validate for {{ name }} {
    fn validate_into(&self, __path: &str, __out: &mut ::std::vec::Vec<crate::support::Violation>) {
        if let Self::Unknown(__value) = self {
            __out.push(crate::support::Violation {
                path: __path.to_owned(),
                rule: "enum",
                message: ::std::format!("`{__value}` is not one of {}", Self::VALUES.join(", ")),
            });
        }
    }
}

{% if in_params %}
impl crate::support::ToParam for {{ name }} {
    fn to_param(&self, name: &'static str, out: &mut ::std::vec::Vec<(&'static str, ::std::string::String)>) {
        out.push((name, self.as_str().to_owned()));
    }
}

impl crate::support::FromParam for {{ name }} {
    fn from_param(values: &[&str]) -> ::std::result::Result<Self, ::std::string::String> {
        <::std::string::String as crate::support::FromParam>::from_param(values).map(Self::from)
    }
}
{% endif %}