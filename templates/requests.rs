//! Requests: one type per operation of {{ title }}, holding its path, query and header
//! parameters and its body. Required values are arguments of `new`; optional ones have
//! setters. [`crate::support::Validate`] checks every constraint of the spec, including which
//! fields must be given together (`x-require-any-of`), before a request is sent or served.

// Descriptions come from the spec as written; their Markdown is not ours to reflow.
#![allow(clippy::doc_lazy_continuation, clippy::doc_overindented_list_items)]
{% for item in items %}
// @item
{{ item }}
{% endfor %}
