{% for line in docs %}/// {{ line }}
{% endfor %}pub trait {{ name }}: ::std::marker::Send + ::std::marker::Sync {
    /// What a call fails with (`client::Error` for the HTTP client).
    type Error: ::std::marker::Send;
{% for m in methods %}
{% for line in m.docs %}    /// {{ line }}
{% endfor %}    fn {{ m.name }}(
        &self,
        request: crate::requests::{{ m.request }},
    ) -> impl ::std::future::Future<Output = Result<crate::responses::{{ m.response }}, Self::Error>> + ::std::marker::Send;
{% if m.paged %}
    /// Every item of [`Self::{{ m.name }}`], page after page, as a stream (`x-pagination`):
    /// pages are fetched when the stream is polled, from page {{ m.paging.first_page }} on, until a page
    /// is empty or shorter than the size asked for, or the counts the API sends say it was the
    /// last. An error ends the stream; an answer without items (an undocumented success) ends it
    /// too. The request's own page number is replaced.
    fn {{ m.paging.stream_fn }}(
        &self,
        request: crate::requests::{{ m.request }},
    ) -> impl ::futures_util::Stream<Item = Result<{{ m.paging.item }}, Self::Error>> + ::std::marker::Send + '_ {
        let __size = {{ m.paging.size }};
        crate::support::paging::items(request, {{ m.paging.first_page }}, __size, |__r, __page| { {{ m.paging.set_page }} }, move |__r| async move {
            Ok(match self.{{ m.name }}(__r).await? {
                crate::responses::{{ m.response }}::{{ m.paging.variant }}(__body) => {
                    let total = {{ m.paging.total }};
                    let pages = {{ m.paging.pages }};
                    Some(crate::support::paging::Page { items: {{ m.paging.items }}, total, pages })
                }
                _ => None,
            })
        })
    }
{% endif %}{% endfor %}}

impl<T: {{ name }} + ?::std::marker::Sized> {{ name }} for ::std::sync::Arc<T> {
    type Error = T::Error;
{% for m in methods %}
    fn {{ m.name }}(
        &self,
        request: crate::requests::{{ m.request }},
    ) -> impl ::std::future::Future<Output = Result<crate::responses::{{ m.response }}, Self::Error>> + ::std::marker::Send {
        T::{{ m.name }}(self, request)
    }
{% endfor %}}

/// Calls an operation of [`{{ name }}`] by its operationId, with the request in its flat JSON
/// form; answers the status and body as JSON. For generic tooling (fixtures, proxies, contract
/// tests); typed code calls the trait's methods.
#[cfg(feature = "json")]
pub async fn {{ call_fn }}<S: {{ name }} + ?::std::marker::Sized>(
    service: &S,
    operation_id: &str,
    request: ::serde_json::Value,
) -> Result<(u16, Option<::serde_json::Value>), CallError<S::Error>> {
    match operation_id {
{% for m in methods %}        {{ m.operation }} => {
            let __request: crate::requests::{{ m.request }} = ::serde_json::from_value(request).map_err(CallError::Request)?;
            S::{{ m.name }}(service, __request).await.map(crate::responses::{{ m.response }}::into_json).map_err(CallError::Service)
        }
{% endfor %}        _ => Err(CallError::UnknownOperation(operation_id.to_owned())),
    }
}
