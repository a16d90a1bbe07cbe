{% for line in docs %}/// {{ line }}
{% endfor %}#[derive(Debug, Clone, PartialEq, {% if derive_default %}Default, {% endif %}::serde::Serialize, ::serde::Deserialize)]
pub struct {{ name }} {
{% for field in fields %}{% for line in field.docs %}    /// {{ line }}
{% endfor %}{% for attr in field.attrs %}    {{ attr }}
{% endfor %}    pub {{ field.name }}: {{ field.ty }},
{% endfor %}{% if has_additional %}    /// Keys the spec does not list, kept as received and written back unchanged.
    #[serde(flatten)]
    pub additional_properties: ::std::collections::BTreeMap<::std::string::String, {{ additional_ty }}>,
{% endif %}}
{% if has_spec_defaults %}
impl {{ name }} {
{% for d in defaults %}    fn {{ d.fn_name }}() -> {{ d.ty }} {
        {{ d.expr }}
    }
{% endfor %}}
{% if has_default %}
impl ::std::default::Default for {{ name }} {
    fn default() -> Self {
        Self {
{% for f in fields %}            {{ f.name }}: {{ f.default_expr }},
{% endfor %}{% if has_additional %}            additional_properties: ::std::default::Default::default(),
{% endif %}        }
    }
}
{% endif %}{% endif %}
impl crate::support::Validate for {{ name }} {
    fn validate_into(&self, __path: &str, __out: &mut ::std::vec::Vec<crate::support::Violation>) {
{% for field in fields %}{% for check in field.checks %}        crate::support::check_{{ check.rule }}(&self.{{ field.name }}, {{ check.arg }}, crate::support::At(__path, {{ field.raw_literal }}), __out);
{% endfor %}{% if field.is_nested %}        crate::support::Validate::validate_into(&self.{{ field.name }}, &crate::support::join(__path, {{ field.raw_literal }}), __out);
{% endif %}{% endfor %}{% if has_additional %}        crate::support::Validate::validate_into(&self.additional_properties, __path, __out);
{% endif %}    }
}

{% if in_params %}
impl crate::support::ToParam for {{ name }} {
    fn to_param(&self, name: &'static str, out: &mut ::std::vec::Vec<(&'static str, ::std::string::String)>) {
        out.push((name, crate::support::to_json_text(self)));
    }
}

impl crate::support::FromParam for {{ name }} {
    fn from_param(values: &[&str]) -> ::std::result::Result<Self, ::std::string::String> {
        crate::support::from_json_text(&<::std::string::String as crate::support::FromParam>::from_param(values)?)
    }
}
{% endif %}