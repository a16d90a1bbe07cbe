{% for line in docs %}/// {{ line }}
{% endfor %}#[derive(Debug, Clone, PartialEq, {% if derive_default %}Default, {% endif %}::serde::Serialize, ::serde::Deserialize)]
pub struct {{ name }} {
{% for field in fields %}{% for line in field.docs %}    /// {{ line }}
{% endfor %}{% for attr in field.attrs %}    {{ attr }}
{% endfor %}    pub {{ field.name }}: {{ field.ty }},
{% endfor %}{% if has_additional %}    /// Keys the spec does not list, kept as received and written back unchanged.
    #[serde(flatten)]
    pub additional_properties: ::std::collections::BTreeMap<String, {{ additional_ty }}>,
{% endif %}}
{% if has_spec_defaults %}
impl {{ name }} {
{% for d in defaults %}    fn {{ d.fn_name }}() -> {{ d.ty }} {
        {{ d.expr }}
    }
{% endfor %}}
{% if has_default %}
impl Default for {{ name }} {
    fn default() -> Self {
        Self {
{% for f in fields %}            {{ f.name }}: {{ f.default_expr }},
{% endfor %}{% if has_additional %}            additional_properties: Default::default(),
{% endif %}        }
    }
}
{% endif %}{% endif %}
impl crate::support::Validate for {{ name }} {
    fn validate_into(&self, __path: &str, __out: &mut Vec<crate::support::Violation>) {
        crate::support::Check::at(__path, __out){% for field in fields %}{% for check in field.checks %}
            .{{ check.rule }}({{ field.raw_literal }}, &self.{{ field.name }}, {{ check.arg }}){% endfor %}{% if field.is_nested %}
            .nested({{ field.raw_literal }}, &self.{{ field.name }}){% endif %}{% endfor %}{% if has_additional %}
            .flat(&self.additional_properties){% endif %};
    }
}

{% if in_params %}
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