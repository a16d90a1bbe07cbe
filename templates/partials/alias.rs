{% for line in docs %}/// {{ line }}
{% endfor %}pub type {{ name }} = {{ ty }};
