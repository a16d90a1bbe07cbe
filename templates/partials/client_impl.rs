impl crate::api::{{ trait_name }} for Client {
    type Error = Error;
{% for m in methods %}
{% for line in m.docs %}    /// {{ line }}
{% endfor %}    async fn {{ m.name }}(
        &self,
        request: crate::requests::{{ m.request }},
    ) -> Result<crate::responses::{{ m.response }}, Error> {
        request.validate().map_err(Error::InvalidRequest)?;
        let mut __path = String::new();
{% for part in m.path %}{% if part.is_param %}        push_segment(&mut __path, &crate::support::path_param(&request.{{ part.text }}));
{% else %}        __path.extend([{{ part.text }}]);
{% endif %}{% endfor %}        #[allow(unused_mut)]
        let mut __query = Vec::new();
{% for q in m.query %}        request.{{ q.field }}.to_param({{ q.name }}, &mut __query);
{% endfor %}        #[allow(unused_mut)]
        let mut __headers = Vec::new();
{% for h in m.headers %}        request.{{ h.field }}.to_param({{ h.name }}, &mut __headers);
{% endfor %}{% if m.has_cookies %}        let mut __cookies = Vec::new();
{% for c in m.cookies %}        request.{{ c.field }}.to_param({{ c.name }}, &mut __cookies);
{% endfor %}        if !__cookies.is_empty() {
            let __pairs: Vec<String> = __cookies.iter().map(|(__n, __v)| format!("{__n}={__v}")).collect();
            __headers.push(("cookie", __pairs.join("; ")));
        }
{% endif %}        let __body = {% if m.has_body %}{% if m.body_required %}{ let __body = &request.body; Some(({{ m.content_type }}, {% else %}match &request.body { Some(__body) => Some(({{ m.content_type }}, {% endif %}{% if m.encode_json %}encode_json(__body)?{% endif %}{% if m.encode_form %}encode_form(__body)?{% endif %}{% if m.encode_text %}__body.clone().into_bytes(){% endif %}{% if m.encode_bytes %}__body.clone(){% endif %})){% if m.body_required %} }{% else %}, None => None }{% endif %}{% else %}None{% endif %};
        let __raw = self
            .execute(Call {
                operation: {{ m.operation }},
                method: ::reqwest::Method::{{ m.method }},
                template: {{ m.template }},
                path: __path,
                query: __query,
                headers: __headers,
                body: __body,
                schemes: &[{% for s in m.schemes %}{{ s }}, {% endfor %}],
                retry_safe: {{ m.retry_safe }},
            })
            .await?;
        match __raw.status {
{% for v in m.variants %}            {{ v.pattern }} => {% if !v.has_body %}Ok(crate::responses::{{ m.response }}::{{ v.name }}){% else if v.is_json %}decode(&__raw).map(crate::responses::{{ m.response }}::{{ v.name }}){% else if v.is_bytes %}decode_bytes(&__raw).map(crate::responses::{{ m.response }}::{{ v.name }}){% else %}decode_text(&__raw).map(crate::responses::{{ m.response }}::{{ v.name }}){% endif %},
{% endfor %}{% if m.has_undocumented %}            __status @ 200..=299 => Ok(crate::responses::{{ m.response }}::{{ m.undocumented }} { status: __status, body: decode_any(&__raw) }),
{% endif %}            _ => Err(error_of(&__raw, {% if m.errors_any %}true{% else if m.errors_none %}false{% else %}matches!(__raw.status, {{ m.error_statuses }}){% endif %})),
        }
    }
{% endfor %}}
