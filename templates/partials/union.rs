{% for line in docs %}/// {{ line }}
{% endfor %}{% if has_docs %}///
{% endif %}{% if is_tagged %}/// The variant is chosen by the `{{ property_doc }}` property; a value this version of the spec
/// does not know is kept in `Unknown`.
#[derive({% for d in derives %}{{ d }}{% if !loop.last %}, {% endif %}{% endfor %})]
#[serde(untagged)]
pub enum {{ name }} {
{% for v in variants %}    {{ v.name }}({{ v.ty }}),
{% endfor %}    /// A `{{ property_doc }}` this version of the spec does not list, kept as received.
    Unknown(::serde_json::Value),
}

impl<'de> ::serde::Deserialize<'de> for {{ name }} {
    fn deserialize<__D: ::serde::Deserializer<'de>>(__deserializer: __D) -> Result<Self, __D::Error> {
        let __value = <::serde_json::Value as ::serde::Deserialize>::deserialize(__deserializer)?;
        let __tag = __value.get({{ property_literal }}).and_then(::serde_json::Value::as_str).map(::std::borrow::ToOwned::to_owned);
        match __tag.as_deref() {
{% for m in mapping %}            Some({{ m.value }}) => ::serde_json::from_value(__value).map(Self::{{ m.variant }}).map_err(<__D::Error as ::serde::de::Error>::custom),
{% endfor %}            _ => Ok(Self::Unknown(__value)),
        }
    }
}
{% else %}/// Decoded by trying the variants that fit best first: for an object, those whose required
/// properties are all present and whose one-value properties (`enum: [card]`) agree, the ones
/// that match more of those, then know more of its keys first (then document order).
#[derive({% for d in derives %}{{ d }}{% if !loop.last %}, {% endif %}{% endfor %})]
#[serde(untagged)]
pub enum {{ name }} {
{% for v in variants %}    {{ v.name }}({{ v.ty }}),
{% endfor %}}

impl<'de> ::serde::Deserialize<'de> for {{ name }} {
    fn deserialize<__D: ::serde::Deserializer<'de>>(__deserializer: __D) -> Result<Self, __D::Error> {
        const __SHAPES: &[Option<crate::support::Shape>] = &[{% for v in variants %}{% if v.is_object %}Some(crate::support::Shape { required: &[{% for k in v.required %}{{ k }}, {% endfor %}], known: &[{% for k in v.known %}{{ k }}, {% endfor %}], tags: &[{% for t in v.tags %}({{ t.key }}, {{ t.value }}), {% endfor %}] }){% else %}None{% endif %}, {% endfor %}];
        let __value = <::serde_json::Value as ::serde::Deserialize>::deserialize(__deserializer)?;
        let mut __errors = Vec::new();
        for __index in crate::support::union_order(&__value, __SHAPES) {
            let __decoded = match __index {
{% for v in variants %}                {{ loop.index0 }} => ::serde_json::from_value::<{{ v.ty }}>(__value.clone()).map(Self::{{ v.name }}),
{% endfor %}                _ => continue,
            };
            match __decoded {
                Ok(__variant) => return Ok(__variant),
                Err(__error) => __errors.push(__error.to_string()),
            }
        }
        Err(<__D::Error as ::serde::de::Error>::custom(format!("no variant of `{}` fits: {}", {{ name_literal }}, __errors.join("; "))))
    }
}
{% endif %}{% if write_default %}
impl Default for {{ name }} {
    fn default() -> Self {
        Self::{{ first_variant }}(Default::default())
    }
}
{% endif %}
impl crate::support::Validate for {{ name }} {
    fn validate_into(&self, __path: &str, __out: &mut Vec<crate::support::Violation>) {
        match self {
{% for v in variants %}            Self::{{ v.name }}(__inner) => { crate::support::Validate::validate_into(__inner, __path, __out); }
{% endfor %}{% if is_tagged %}            Self::Unknown(_) => {
                __out.push(crate::support::Violation {
                    path: crate::support::join(__path, {{ property_literal }}),
                    rule: "discriminator",
                    message: String::from("names no variant the spec lists"),
                });
            }
{% endif %}        }
    }
}

{% if param_text %}
impl crate::support::ToParam for {{ name }} {
    fn to_param(&self, name: &'static str, out: &mut Vec<(&'static str, String)>) {
        out.push((name, crate::support::to_json_text(self)));
    }
}

impl crate::support::FromParam for {{ name }} {
    fn from_param(values: &[&str]) -> Result<Self, String> {
        crate::support::from_json_text(&<String as crate::support::FromParam>::from_param(values)?)
    }
}
{% endif %}