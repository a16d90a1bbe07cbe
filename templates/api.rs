//! The API traits of {{ title }}: one per tag, one method per operation. The HTTP client
//! implements them; so can a server's implementation, a test double or an in-process fake,
//! and code written against the traits can use any of them.
{% for item in items %}
{{ item }}
{% endfor %}
