{% for line in docs %}/// {{ line }}
{% endfor %}///
/// As JSON (with the `json` feature: for logs, fixtures and generic dispatch), a flat object of
/// the wire names of the parameters and `body`.
#[derive({% for d in derives %}{{ d }}{% if !loop.last %}, {% endif %}{% endfor %})]
#[cfg_attr(feature = "json", derive({% for d in json_derives %}{{ d }}{% if !loop.last %}, {% endif %}{% endfor %}))]
pub struct {{ name }} {
{% for f in fields %}{% for line in f.docs %}    /// {{ line }}
{% endfor %}{% if f.has_serde %}    #[cfg_attr(feature = "json", serde({{ f.serde }}))]
{% endif %}    pub {{ f.name }}: {{ f.ty }},
{% endfor %}}

impl {{ name }} {
{% for d in defaults %}    fn {{ d.fn_name }}() -> {{ d.ty }} {
        {{ d.expr }}
    }

{% endfor %}    /// A request with its required values; set optional ones with the methods of the same name.
    #[allow(clippy::too_many_arguments)]
    pub fn new({% for f in required %}{{ f.name }}: impl Into<{{ f.ty }}>, {% endfor %}) -> Self {
        Self {
{% for f in fields %}            {{ f.name }}: {% if f.is_required %}{{ f.name }}.into(){% else if f.is_defaulted %}Self::{{ f.default_fn }}(){% else %}None{% endif %},
{% endfor %}        }
    }
{% for f in optional %}
    /// Sets `{{ f.raw_doc }}`.
    pub fn {{ f.name }}(mut self, __value: impl Into<{{ f.inner_ty }}>) -> Self {
{% if f.is_defaulted %}        self.{{ f.name }} = __value.into();
{% else %}        self.{{ f.name }} = Some(__value.into());
{% endif %}
        self
    }
{% endfor %}}

{% if write_default %}
impl Default for {{ name }} {
    fn default() -> Self {
        Self {
{% for f in fields %}            {{ f.name }}: {% if f.is_defaulted %}Self::{{ f.default_fn }}(){% else if f.is_required %}Default::default(){% else %}None{% endif %},
{% endfor %}        }
    }
}
{% endif %}
impl crate::support::Validate for {{ name }} {
    fn validate_into(&self, __path: &str, __out: &mut Vec<crate::support::Violation>) {
        crate::support::Check::at(__path, __out){% for f in fields %}{% for c in f.checks %}{% if c.is_flat %}
            .flat(&self.{{ f.name }}){% else %}
            .{{ c.method }}({{ f.raw_literal }}, &self.{{ f.name }}{% if c.has_arg %}, {{ c.arg }}{% endif %}){% endif %}{% endfor %}{% endfor %}{% for group in any_of %}
            .any_of(&[{% for p in group.present %}{% if p.always %}true{% endif %}{% if p.never %}false{% endif %}{% if p.is_param %}self.{{ p.field }}.is_some(){% endif %}{% if p.in_body %}self.body.{{ p.field }}.is_some(){% endif %}{% if p.in_optional_body %}self.body.as_ref().is_some_and(|__body| __body.{{ p.field }}.is_some()){% endif %}{% if p.optional_body %}self.body.is_some(){% endif %}, {% endfor %}], &[{% for n in group.names %}{{ n }}, {% endfor %}]){% endfor %};
    }
}
