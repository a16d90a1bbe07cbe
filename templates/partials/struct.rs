{% for line in docs %}/// {{ line }}
{% endfor %}#[derive({% for d in derives %}{{ d }}{% if !loop.last %}, {% endif %}{% endfor %})]
pub struct {{ name }} {
{% for field in fields %}{% for line in field.docs %}    /// {{ line }}
{% endfor %}{% if field.has_serde %}    #[serde({{ field.serde }})]
{% endif %}    pub {{ field.name }}: {{ field.ty }},
{% endfor %}{% if has_additional %}    /// Keys the spec does not list, kept as received and written back unchanged.
    #[serde(flatten)]
    pub additional_properties: ::std::collections::BTreeMap<String, {{ additional_ty }}>,
{% endif %}}
{% if decoded %}
crate::support::decode_struct!({{ name }} {
{% for f in fields %}    {{ f.name }}: {{ f.raw_literal }} {{ f.read }} {{ f.absent }},
{% endfor %}{% if has_additional %}    ..additional_properties
{% endif %}});
{% endif %}{% if has_constructor %}
impl {{ name }} {
    /// A value with the required fields; the optional ones are `None` (or their documented
    /// default): set them on the value, or with `..Self::new(..)` in a struct literal.
    #[allow(clippy::too_many_arguments)]
    pub fn new({% for f in required %}{{ f.name }}: impl Into<{{ f.ty }}>, {% endfor %}) -> Self {
        Self {
{% for f in fields %}            {{ f.name }}: {% if f.is_required %}{{ f.name }}.into(){% else if f.has_default %}Self::{{ f.default_fn }}(){% else %}None{% endif %},
{% endfor %}{% if has_additional %}            additional_properties: Default::default(),
{% endif %}        }
    }
}
{% endif %}{% if has_defaults %}
impl {{ name }} {
{% for d in defaults %}    fn {{ d.fn_name }}() -> {{ d.ty }} {
        {{ d.expr }}
    }
{% endfor %}}
{% endif %}{% if write_default %}
impl Default for {{ name }} {
    fn default() -> Self {
        Self {
{% for f in fields %}            {{ f.name }}: {% if f.has_default %}Self::{{ f.default_fn }}(){% else %}Default::default(){% endif %},
{% endfor %}{% if has_additional %}            additional_properties: Default::default(),
{% endif %}        }
    }
}
{% endif %}
impl crate::support::Validate for {{ name }} {
    fn validate_into(&self, __path: &str, __out: &mut Vec<crate::support::Violation>) {
        crate::support::Check::at(__path, __out){% for field in fields %}{% for c in field.checks %}
            .{{ c.method }}({{ field.raw_literal }}, &self.{{ field.name }}{% if c.has_arg %}, {{ c.arg }}{% endif %}){% endfor %}{% endfor %}{% if has_additional %}
            .flat(&self.additional_properties){% endif %};
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
