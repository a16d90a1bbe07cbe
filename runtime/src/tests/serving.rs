//! The server plumbing: parameters read from every place, bodies checked for size, media type
//! and shape, error answers in the API's body, responses checked against the spec.

use crate::serving::*;
use crate::support::{Check, Validate, Violation};
use ::axum::body::{Body, Bytes};
use ::axum::http::{HeaderMap, HeaderValue, Request, Uri};
use ::tower::ServiceExt as _;

#[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
struct Problem {
    status: u16,
    message: String,
    uri: String,
}

impl ErrorBody for Problem {
    fn for_problem(kind: ProblemKind, message: String, uri: &str) -> Self {
        Self {
            status: kind.status(),
            message,
            uri: uri.to_owned(),
        }
    }
}

#[derive(Debug, PartialEq, ::serde::Deserialize)]
struct Member {
    #[serde(deserialize_with = "crate::support::lenient_string")]
    id: String,
    #[serde(default, deserialize_with = "crate::support::not_null")]
    points: Option<i64>,
}

async fn answer(response: ::axum::response::Response) -> (u16, Problem) {
    let status = response.status().as_u16();
    let bytes = ::axum::body::to_bytes(response.into_body(), 1 << 20).await.unwrap();
    (status, ::serde_json::from_slice(&bytes).unwrap())
}

#[test]
fn segments_split_on_the_template_literals_keeping_later_parameters_whole() {
    assert_eq!(split_segment("a.tar.gz", &["", ".", ""]), Some(vec!["a.tar", "gz"]));
    assert_eq!(
        split_segment("v1-x-y.json", &["v", "-", "-", ".json"]),
        Some(vec!["1", "x", "y"])
    );
    assert_eq!(split_segment("ab", &["", "", ""]), Some(vec!["ab", ""]));
    assert_eq!(split_segment("a_b", &["", ".", ""]), None);
    assert_eq!(split_segment("x.json", &["v", ".json"]), None);
}

#[test]
fn query_header_and_cookie_values() {
    let uri: Uri = "/m?id=1&tag=a&tag=b%20c&empty=".parse().unwrap();
    let query = query_pairs(&uri);
    assert_eq!(&*query_values(&query, "tag"), ["a", "b c"]);
    assert_eq!(&*query_values(&query, "id"), ["1"]);
    assert_eq!(&*query_values(&query, "empty"), [""]);
    assert!(query_values(&query, "none").is_empty());

    let mut headers = HeaderMap::new();
    headers.append("x-tenant", HeaderValue::from_static("t1"));
    headers.append("cookie", HeaderValue::from_static("session=abc; theme=dark"));
    headers.append("cookie", HeaderValue::from_static("session=def"));
    assert_eq!(&*header_values(&headers, "X-Tenant"), ["t1"]);
    assert_eq!(&*cookie_values(&headers, "session"), ["abc", "def"]);
    assert_eq!(&*cookie_values(&headers, "theme"), ["dark"]);
    assert!(cookie_values(&headers, "them").is_empty());
}

#[test]
fn parameters_name_themselves_in_errors_and_take_defaults() {
    assert_eq!(
        param::<i64>(&["x"], "page"),
        Err("page: `x` is not an integer".to_owned())
    );
    assert_eq!(param_or::<i64>(&[], "page", || 1), Ok(1));
    assert_eq!(param_or::<i64>(&["3"], "page", || 1), Ok(3));
}

#[test]
fn json_bodies_decode_strictly_and_name_the_field_at_fault() {
    let body = |text: &'static str| Bytes::from_static(text.as_bytes());
    assert_eq!(
        json_body::<Member>(Some(&body(r#"{"id":"a"}"#)), true),
        Ok(Some(Member {
            id: "a".into(),
            points: None
        }))
    );
    let e = json_body::<Member>(Some(&body(r#"{"id":42}"#)), true).unwrap_err();
    assert!(e.contains("id: expected a string, found 42"), "{e}");
    let e = json_body::<Member>(Some(&body(r#"{"id":"a","points":null}"#)), true).unwrap_err();
    assert!(e.contains("points"), "{e}");
    let e = json_body::<Member>(Some(&body(r#"{"id":"a"} trailing"#)), true).unwrap_err();
    assert!(e.starts_with("body: malformed JSON"), "{e}");
    assert_eq!(json_body::<Member>(None, true), Err("body: is required".to_owned()));
    assert_eq!(json_body::<Member>(None, false), Ok(None));
    assert_eq!(text_body(Some(&body("hi")), true), Ok(Some("hi".to_owned())));
    let octets = Bytes::from_static(&[0xff, 0x00, 0xfe]);
    assert_eq!(
        bytes_body(Some(&octets), true),
        Ok(Some(vec![0xff, 0x00, 0xfe])),
        "not text: kept as sent"
    );
    assert_eq!(bytes_body(None, true), Err("body: is required".to_owned()));
    assert_eq!(bytes_body(None, false), Ok(None));
}

async fn read(content_type: &str, body: &'static str, limit: usize) -> Result<Option<Bytes>, (u16, Problem)> {
    let mut headers = HeaderMap::new();
    headers.insert("content-type", content_type.parse().unwrap());
    match read_body::<Problem>(&headers, Body::from(body), limit, "application/json", "/m").await {
        Ok(bytes) => Ok(bytes),
        Err(response) => Err(answer(response).await),
    }
}

#[tokio::test]
async fn bodies_are_checked_for_size_and_media_type() {
    assert_eq!(
        read("application/json; charset=utf-8", "{}", 10)
            .await
            .unwrap()
            .unwrap(),
        "{}"
    );
    assert_eq!(read("application/problem+json", "{}", 10).await.unwrap().unwrap(), "{}");
    assert_eq!(read("text/plain", "", 10).await.unwrap(), None);
    let (status, problem) = read("text/plain", "{}", 10).await.unwrap_err();
    assert_eq!(
        (status, problem.message.as_str()),
        (415, "the body must be `application/json`, not `text/plain`")
    );
    let (status, problem) = read("application/json", "{\"long\": true}", 4).await.unwrap_err();
    assert_eq!((status, problem.uri.as_str()), (413, "/m"));
}

struct Reply(Option<i64>);

impl Validate for Reply {
    fn validate_into(&self, path: &str, out: &mut Vec<Violation>) {
        Check::at(path, out).minimum("count", &self.0, 0.0);
    }
}

fn reply_bytes(reply: Reply) -> (u16, Option<(&'static str, Vec<u8>)>) {
    match reply.0 {
        Some(n) if n > 100 => (200, Some(("application/octet-stream", vec![0xff, 0x00]))),
        Some(n) => (201, Some(("application/json", n.to_string().into_bytes()))),
        None => (204, None),
    }
}

#[tokio::test]
async fn responses_are_checked_against_the_spec_when_asked() {
    let ok = respond::<_, Problem>(Reply(Some(3)), reply_bytes, true, "count", "/c");
    assert_eq!(ok.status(), 201);
    assert_eq!(ok.headers()["content-type"], "application/json");
    let octets = respond::<_, Problem>(Reply(Some(101)), reply_bytes, true, "count", "/c");
    assert_eq!(
        octets.headers()["content-type"],
        "application/octet-stream",
        "each body with its media type"
    );
    assert_eq!(
        respond::<_, Problem>(Reply(None), reply_bytes, true, "count", "/c").status(),
        204
    );
    let (status, problem) = answer(respond::<_, Problem>(Reply(Some(-1)), reply_bytes, true, "count", "/c")).await;
    assert_eq!(status, 500);
    assert!(problem.message.contains("count: is -1"), "{}", problem.message);
    assert_eq!(
        respond::<_, Problem>(Reply(Some(-1)), reply_bytes, false, "count", "/c").status(),
        201
    );
}

#[tokio::test]
async fn unknown_paths_methods_and_panics_answer_with_the_error_body() {
    let app = ::axum::Router::new()
        .route(
            "/m",
            ::axum::routing::get(|| async { "ok" }).fallback(method_not_allowed::<Problem>(Some(
                ::axum::http::HeaderName::from_static("x-request-id"),
            ))),
        )
        .route(
            "/boom",
            ::axum::routing::get(|| async {
                if true {
                    panic!("boom");
                }
                "never"
            }),
        )
        .fallback(not_found::<Problem>)
        .layer(::tower_http::catch_panic::CatchPanicLayer::custom(panicked::<Problem>));
    let request = |method: &str, uri: &str| Request::builder().method(method).uri(uri).body(Body::empty()).unwrap();
    let (status, problem) = answer(app.clone().oneshot(request("GET", "/nope")).await.unwrap()).await;
    assert_eq!(
        (status, problem.message.as_str(), problem.uri.as_str()),
        (404, "no operation at `/nope`", "/nope")
    );
    let mut delete = request("DELETE", "/m");
    delete
        .headers_mut()
        .insert("x-request-id", HeaderValue::from_static("r-1"));
    let response = app.clone().oneshot(delete).await.unwrap();
    assert_eq!(response.headers()["x-request-id"], "r-1");
    let (status, problem) = answer(response).await;
    assert_eq!(
        (status, problem.message.as_str(), problem.uri.as_str()),
        (405, "`/m` does not answer DELETE", "/m#r-1")
    );
    let (status, problem) = answer(app.oneshot(request("GET", "/boom")).await.unwrap()).await;
    assert_eq!((status, problem.message.as_str()), (500, "the implementation failed"));
    let (status, problem) = answer(bad_request::<Problem>(&["a: bad".into(), "b: bad".into()], "/x")).await;
    assert_eq!((status, problem.message.as_str()), (400, "a: bad; b: bad"));
}

#[test]
fn request_ids_are_version_8_uuids_and_never_repeat() {
    let ids: Vec<String> = (0..1000)
        .map(|_| new_request_id().to_str().unwrap().to_owned())
        .collect();
    let distinct: std::collections::HashSet<&String> = ids.iter().collect();
    assert_eq!(distinct.len(), ids.len());
    for id in &ids {
        let groups: Vec<&str> = id.split('-').collect();
        assert_eq!(
            groups.iter().map(|g| g.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12],
            "{id}"
        );
        assert!(groups[2].starts_with('8'), "version 8: {id}");
        assert!(
            matches!(groups[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'),
            "variant 0b10: {id}"
        );
    }
    // The request's own id is kept; none is made when ids are off.
    let header = ::axum::http::HeaderName::from_static("x-request-id");
    let mut headers = HeaderMap::new();
    assert_eq!(request_id(None, &headers), None);
    assert_eq!(request_id(Some(&header), &headers).map(|id| id.len()), Some(36));
    headers.insert("x-request-id", HeaderValue::from_static("gw-1"));
    assert_eq!(
        request_id(Some(&header), &headers),
        Some(HeaderValue::from_static("gw-1"))
    );
    assert_eq!(problem_uri("/p", Some(&HeaderValue::from_static("gw-1"))), "/p#gw-1");
    assert_eq!(problem_uri("/p", None), "/p");
}

#[tokio::test]
async fn a_stub_answers_its_closures_records_calls_and_501s_the_rest() {
    let stub = Stub::<Problem>::new().on(
        "double",
        |n: u32| async move { Ok::<u32, ErrorResponse<Problem>>(n * 2) },
    );
    assert_eq!(stub.answer::<u32, u32>("double", "/d", 21).await.unwrap(), 42);
    // A closure of other types than the call's is never called.
    let refused = stub
        .answer::<String, u32>("double", "/d", "x".into())
        .await
        .unwrap_err();
    assert_eq!(refused.status, 501);
    let refused = stub.answer::<u32, u32>("triple", "/t", 1).await.unwrap_err();
    assert_eq!(
        (refused.status, refused.body.message.as_str(), refused.body.uri.as_str()),
        (501, "the stub has no answer for `triple`", "/t")
    );
    assert_eq!(stub.calls(), ["double", "double", "triple"]);
    assert_eq!(stub.requests::<u32>(), [21, 1]);
    assert_eq!(
        format!("{stub:?}"),
        r#"Stub { stubbed: ["double"], calls: ["double", "double", "triple"] }"#
    );
}
