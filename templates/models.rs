//! Models: one Rust type per schema of {{ title }} {{ version }}.
//!
//! Decoding is lenient (unknown keys are ignored or kept in open maps, unknown enum values are
//! kept, numbers are accepted where text is documented); encoding follows the spec. Every type
//! implements [`crate::support::Validate`], which checks the spec's constraints.

// Descriptions come from the spec as written; their Markdown is not ours to reflow.
#![allow(clippy::doc_lazy_continuation, clippy::doc_overindented_list_items)]
{% for p in patterns %}
/// The spec's pattern `{{ p.literal }}`, compiled once.
pub(crate) static {{ p.name }}: ::std::sync::LazyLock<::regex::Regex> = ::std::sync::LazyLock::new(|| {
    ::regex::Regex::new({{ p.literal }}).expect("the generator compiled this pattern")
});
{% endfor %}{% for item in items %}
// @item
{{ item }}
{% endfor %}
