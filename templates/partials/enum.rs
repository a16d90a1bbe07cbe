{% for line in docs %}/// {{ line }}
{% endfor %}#[derive({% for d in derives %}{{ d }}{% if !loop.last %}, {% endif %}{% endfor %})]
pub enum {{ name }} {
{% for v in variants %}{% for line in v.docs %}    /// {{ line }}
{% endfor %}    {{ v.name }},
{% endfor %}    /// A value this version of the spec does not list, kept as received.
    Unknown(String),
}

crate::support::string_enum!({{ name }}, {% if has_default %}default {{ default_literal }}, {% endif %}[{% for v in variants %}{{ v.name }} = {{ v.literal }}, {% endfor %}]);
{% if param_text %}
crate::support::string_enum_param!({{ name }});
{% endif %}
