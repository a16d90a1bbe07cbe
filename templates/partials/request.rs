{% for line in docs %}/// {{ line }}
{% endfor %}///
/// As JSON (for logs, fixtures and generic dispatch), a flat object of the wire names of the
/// parameters and `body`.
#[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize{% if derive_default %}, Default{% endif %})]
pub struct {{ name }} {
{% for f in fields %}{% for line in f.docs %}    /// {{ line }}
{% endfor %}{% for attr in f.attrs %}    {{ attr }}
{% endfor %}    pub {{ f.name }}: {{ f.ty }},
{% endfor %}}

impl {{ name }} {
{% for d in defaults %}    fn {{ d.fn_name }}() -> {{ d.ty }} {
        {{ d.expr }}
    }

{% endfor %}    /// A request with its required values; set optional ones with the methods of the same name.
    #[allow(clippy::too_many_arguments)]
    pub fn new({% for f in required %}{{ f.name }}: impl Into<{{ f.ty }}>, {% endfor %}) -> Self {
        Self {
{% for f in fields %}{% if f.is_required %}            {{ f.name }}: {{ f.name }}.into(),
{% else %}            {{ f.name }}: {{ f.init }},
{% endif %}{% endfor %}        }
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
{% for f in fields %}            {{ f.name }}: {{ f.init }},
{% endfor %}        }
    }
}
{% endif %}
impl crate::support::Validate for {{ name }} {
    fn validate_into(&self, __path: &str, __out: &mut Vec<crate::support::Violation>) {
        crate::support::Check::at(__path, __out){% for f in fields %}{% if f.is_body %}
            .flat(&self.{{ f.name }}){% else %}{% for check in f.checks %}
            .{{ check.rule }}({{ f.raw_literal }}, &self.{{ f.name }}, {{ check.arg }}){% endfor %}{% if f.is_nested %}
            .nested({{ f.raw_literal }}, &self.{{ f.name }}){% endif %}{% endif %}{% endfor %}{% for group in any_of %}
            .any_of(&[{% for p in group.present %}{{ p }}, {% endfor %}], &[{% for n in group.names %}{{ n }}, {% endfor %}]){% endfor %};
    }
}
