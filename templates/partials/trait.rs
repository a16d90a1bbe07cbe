{% for line in docs %}/// {{ line }}
{% endfor %}pub trait {{ name }}: ::std::marker::Send + ::std::marker::Sync {
    /// What a call fails with (`client::Error` for the HTTP client).
    type Error: ::std::marker::Send;
{% for m in methods %}
{% for line in m.docs %}    /// {{ line }}
{% endfor %}    fn {{ m.name }}(
        &self,
        request: crate::requests::{{ m.request }},
    ) -> impl ::std::future::Future<Output = ::std::result::Result<crate::responses::{{ m.response }}, Self::Error>> + ::std::marker::Send;
{% endfor %}}

impl<T: {{ name }} + ?::std::marker::Sized> {{ name }} for ::std::sync::Arc<T> {
    type Error = T::Error;
{% for m in methods %}
    fn {{ m.name }}(
        &self,
        request: crate::requests::{{ m.request }},
    ) -> impl ::std::future::Future<Output = ::std::result::Result<crate::responses::{{ m.response }}, Self::Error>> + ::std::marker::Send {
        T::{{ m.name }}(self, request)
    }
{% endfor %}}
