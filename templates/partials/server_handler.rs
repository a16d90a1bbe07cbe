/// Serves `{{ op_doc }}` (`{{ route_doc }}`).
async fn {{ fn_name }}<S, A>(
    ::axum::extract::State(__state): Shared<S, A>,
    __request: ::axum::extract::Request,
) -> ::axum::response::Response
where
    S: crate::api::{{ trait_name }}<Error: IntoErrorResponse> + 'static,
    A: Authenticate,
{
    let (mut __parts, __body) = __request.into_parts();
    let __uri = __parts.uri.path().to_owned();
    let __query = query_pairs(&__parts.uri);
    let __presented = Presented::read(&__parts.headers, &__query);
    if !__state.auth.authenticate({{ operation }}, &[{% for alt in security %}&[{% for s in alt %}{{ s }}, {% endfor %}], {% endfor %}], &__presented).await {
        return ErrorResponse::new(ProblemKind::Unauthorized, "missing or rejected credentials", &__uri).into_response();
    }
    #[allow(unused_variables)]
    let __path = match path_params(&mut __parts, &__uri).await {
        ::std::result::Result::Ok(__p) => __p,
        ::std::result::Result::Err(__answer) => return __answer,
    };
{% if has_body %}    let __bytes = match read_body(&__parts.headers, __body, __state.config.body_limit, {{ media }}, &__uri).await {
        ::std::result::Result::Ok(__b) => __b,
        ::std::result::Result::Err(__answer) => return __answer,
    };
{% else %}    drop(__body);
{% endif %}{% for f in fields %}    let {{ f.name }} = {{ f.expr }};
{% endfor %}{% if has_fields %}    let __request = match ({% for f in fields %}{{ f.name }}, {% endfor %}) {
        ({% for f in fields %}::std::result::Result::Ok({{ f.name }}), {% endfor %}) => crate::requests::{{ request }} { {% for f in fields %}{{ f.name }}, {% endfor %} },
        ({% for f in fields %}{{ f.name }}, {% endfor %}) => {
            let __errors: ::std::vec::Vec<::std::string::String> = [{% for f in fields %}{{ f.name }}.err(), {% endfor %}].into_iter().flatten().collect();
            return bad_request(&__errors, &__uri);
        }
    };
{% else %}    let __request = crate::requests::{{ request }} {};
{% endif %}    if let ::std::result::Result::Err(__violations) = crate::support::Validate::validate(&__request) {
        let __errors: ::std::vec::Vec<::std::string::String> = __violations.0.iter().map(::std::string::ToString::to_string).collect();
        return bad_request(&__errors, &__uri);
    }
    match S::{{ method }}(&__state.service, __request).await {
        ::std::result::Result::Ok(__response) => respond(
            __response,
            crate::responses::{{ response }}::into_bytes,
            __state.config.validate_responses,
            {{ operation }},
            &__uri,
        ),
        ::std::result::Result::Err(__error) => IntoErrorResponse::into_error_response(__error, &__uri).into_response(),
    }
}
