/// The routes of [`crate::api::{{ name }}`] (tonic's `XServer` shape, in axum terms); [`{{ merged_by }}`]
/// merges every group's.
pub fn {{ routes_fn }}<S, A>(state: ::std::sync::Arc<State<S, A>>) -> ::axum::Router
where
    S: crate::api::{{ name }}<Error: IntoErrorResponse> + 'static,
    A: Authenticate,
{
    ::axum::Router::new()
{% for r in routes %}        .route({{ r.path }}, {% for m in r.methods %}{% if loop.first %}::axum::routing::{% else %}.{% endif %}{{ m.0 }}({{ m.1 }}::<S, A>){% endfor %})
{% endfor %}        .with_state(state)
}
{% for h in handlers %}
// @item
{{ h }}
{% endfor %}
