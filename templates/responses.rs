//! Responses: for each operation of {{ title }}, one variant per status it documents outside
//! its errors (errors come back as the client's or the implementation's error type).
{% for item in items %}
// @item
{{ item }}
{% endfor %}
