//! The client plumbing against a local HTTP server: retries, error bodies, timeouts, encoding,
//! and credentials kept out of `Debug` output.

use crate::support::Secret;
use crate::transport::*;
use ::std::sync::Arc;
use ::std::sync::atomic::{AtomicU32, Ordering};
use ::std::time::Duration;

#[derive(Debug, Clone, Default)]
struct Token(Option<Secret>);

impl Credentials for Token {
    fn apply(&self, builder: ::reqwest::RequestBuilder, schemes: &[&str]) -> ::reqwest::RequestBuilder {
        match &self.0 {
            Some(token) if schemes.contains(&"bearer") => builder.bearer_auth(token.expose()),
            _ => builder,
        }
    }
}

#[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
struct Problem {
    code: String,
}

type TestClient = Client<Token, Problem>;

/// Serves `app` on a free local port and returns its base URL.
async fn serve(app: ::axum::Router) -> String {
    let listener = ::tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    ::tokio::spawn(async move { ::axum::serve(listener, app).await.unwrap() });
    format!("http://{address}")
}

fn call(path: &str, method: ::reqwest::Method, retry_safe: bool) -> Call {
    Call {
        operation: "test",
        method,
        template: "/test",
        path: path.to_owned(),
        query: vec![("q", "a b".to_owned())],
        headers: vec![("x-trace", "t1".to_owned())],
        body: None,
        schemes: &["bearer"],
        retry_safe,
    }
}

/// A route that fails with `status` for the first `failures` calls, then answers 200.
fn flaky(failures: u32, status: u16, hits: Arc<AtomicU32>) -> ::axum::Router {
    ::axum::Router::new().route(
        "/flaky",
        ::axum::routing::any(move || {
            let hits = hits.clone();
            async move {
                let n = hits.fetch_add(1, Ordering::SeqCst);
                let status = if n < failures { status } else { 200 };
                (
                    ::axum::http::StatusCode::from_u16(status).unwrap(),
                    [("retry-after", "0")],
                    "{}",
                )
            }
        }),
    )
}

fn retrying(base: &str) -> TestClient {
    TestClient::builder(base)
        .retry(RetryPolicy::attempts(3).with_backoff(Duration::from_millis(1), Duration::from_millis(2)))
        .build()
        .unwrap()
}

#[tokio::test]
async fn safe_calls_are_retried_on_5xx_until_the_policy_gives_up() {
    let hits = Arc::new(AtomicU32::new(0));
    let base = serve(flaky(2, 503, hits.clone())).await;
    let raw = retrying(&base)
        .execute(call("/flaky", ::reqwest::Method::GET, true))
        .await
        .unwrap();
    assert_eq!((raw.status, hits.load(Ordering::SeqCst)), (200, 3));

    let hits = Arc::new(AtomicU32::new(0));
    let base = serve(flaky(5, 429, hits.clone())).await;
    let raw = retrying(&base)
        .execute(call("/flaky", ::reqwest::Method::GET, true))
        .await
        .unwrap();
    assert_eq!((raw.status, hits.load(Ordering::SeqCst)), (429, 3));
}

#[tokio::test]
async fn unsafe_calls_and_client_errors_are_sent_once() {
    let hits = Arc::new(AtomicU32::new(0));
    let base = serve(flaky(2, 503, hits.clone())).await;
    let raw = retrying(&base)
        .execute(call("/flaky", ::reqwest::Method::POST, false))
        .await
        .unwrap();
    assert_eq!((raw.status, hits.load(Ordering::SeqCst)), (503, 1));

    let hits = Arc::new(AtomicU32::new(0));
    let base = serve(flaky(2, 400, hits.clone())).await;
    let raw = retrying(&base)
        .execute(call("/flaky", ::reqwest::Method::GET, true))
        .await
        .unwrap();
    assert_eq!((raw.status, hits.load(Ordering::SeqCst)), (400, 1));
}

#[tokio::test]
async fn query_headers_body_and_credentials_reach_the_server() {
    let app = ::axum::Router::new().route(
        "/echo",
        ::axum::routing::post(
            |headers: ::axum::http::HeaderMap, uri: ::axum::http::Uri, body: String| async move {
                let header = |name: &str| {
                    headers
                        .get(name)
                        .map(|v| v.to_str().unwrap().to_owned())
                        .unwrap_or_default()
                };
                let echo = [
                    uri.query().unwrap_or_default().to_owned(),
                    header("x-trace"),
                    header("authorization"),
                    header("content-type"),
                    body,
                ];
                ::axum::Json(echo)
            },
        ),
    );
    let base = serve(app).await;
    let client = TestClient::builder(format!("{base}/"))
        .credentials(Token(Some(Secret::from("tok"))))
        .build()
        .unwrap();
    let mut c = call("/echo", ::reqwest::Method::POST, false);
    c.body = Some(("application/json", encode_json(&Problem { code: "x".into() }).unwrap()));
    let raw = client.execute(c).await.unwrap();
    let echo: Vec<String> = decode::<_, Problem>(&raw).unwrap();
    assert_eq!(
        echo,
        ["q=a+b", "t1", "Bearer tok", "application/json", r#"{"code":"x"}"#]
    );
}

#[tokio::test]
async fn error_bodies_decode_when_documented() {
    let app = ::axum::Router::new().route(
        "/fail",
        ::axum::routing::get(|| async { (::axum::http::StatusCode::CONFLICT, r#"{"code":"E1"}"#) }),
    );
    let base = serve(app).await;
    let client = TestClient::builder(base).build().unwrap();
    let raw = client
        .execute(call("/fail", ::reqwest::Method::GET, true))
        .await
        .unwrap();
    let documented = error_of::<Problem>(&raw, true);
    assert_eq!(
        documented.api_error(),
        Some(&ApiError {
            status: 409,
            body: Problem { code: "E1".into() },
            headers: raw.headers.clone(),
        })
    );
    assert_eq!(documented.to_string(), r#"the API answered 409: {"code":"E1"}"#);
    let undocumented = error_of::<Problem>(&raw, false);
    assert!(
        matches!(undocumented, Error::UnexpectedStatus { status: 409, .. }),
        "{undocumented}"
    );
    let garbled = Raw {
        status: 200,
        headers: Default::default(),
        body: "not json".into(),
    };
    let e = decode::<Problem, Problem>(&garbled).unwrap_err();
    assert!(
        matches!(&e, Error::Decode { status: 200, excerpt, .. } if excerpt == "not json"),
        "{e}"
    );
    // The path of the value at fault, in the error and its message.
    let wrong = Raw {
        status: 200,
        headers: Default::default(),
        body: r#"[{"code": "E1"}, {"code": 7}]"#.into(),
    };
    let e = decode::<Vec<Problem>, Problem>(&wrong).unwrap_err();
    assert!(matches!(&e, Error::Decode { path, .. } if path == "[1].code"), "{e:?}");
    assert!(e.to_string().contains("at `[1].code`"), "{e}");
}

#[test]
fn a_secret_header_is_sensitive_to_the_http_stack() {
    let builder = ::reqwest::Client::new().get("http://localhost/");
    let request = secret_header(builder, "client_secret", "s3cret").build().unwrap();
    assert!(request.headers()["client_secret"].is_sensitive());
    assert_eq!(request.headers()["client_secret"], "s3cret");
}

#[test]
fn retry_waits_are_jittered_capped_and_bounded_by_retry_after() {
    let policy = RetryPolicy::attempts(5).with_backoff(Duration::from_millis(100), Duration::from_millis(400));
    let waits: Vec<Duration> = (0..200).map(|_| policy.backoff(2)).collect();
    assert!(
        waits
            .iter()
            .all(|w| (Duration::from_millis(100)..=Duration::from_millis(200)).contains(w)),
        "{waits:?}"
    );
    let distinct: std::collections::HashSet<_> = waits.iter().collect();
    assert!(
        distinct.len() > 100,
        "jitter spreads the waits: {} distinct",
        distinct.len()
    );
    assert_eq!(policy.clone().with_jitter(false).backoff(2), Duration::from_millis(200));
    assert_eq!(
        policy.clone().with_jitter(false).backoff(9),
        Duration::from_millis(400),
        "capped"
    );
    // Retry-After is obeyed up to the maximum; beyond it, no retry.
    let policy = policy.with_max_retry_after(Duration::from_secs(10));
    assert_eq!(
        policy.wait(1, Some(Duration::from_secs(3))),
        Some(Duration::from_secs(3))
    );
    assert_eq!(policy.wait(1, Some(Duration::from_secs(86_400))), None);
    assert!(policy.wait(1, None).is_some());
}

#[test]
fn an_undocumented_success_keeps_any_body() {
    let raw = |body: &str| Raw {
        status: 200,
        headers: Default::default(),
        body: body.to_owned().into(),
    };
    assert_eq!(decode_any(&raw("")), None);
    assert_eq!(decode_any(&raw(" \n")), None);
    assert_eq!(decode_any(&raw(r#"{"id":1}"#)), Some(serde_json::json!({"id": 1})));
    assert_eq!(decode_any(&raw("done")), Some(serde_json::json!("done")));
}

#[tokio::test]
async fn a_slow_answer_is_a_timeout_naming_the_operation() {
    let app = ::axum::Router::new().route(
        "/slow",
        ::axum::routing::get(|| async {
            ::tokio::time::sleep(Duration::from_secs(5)).await;
            "late"
        }),
    );
    let base = serve(app).await;
    let client = TestClient::builder(base)
        .timeout(Duration::from_millis(50))
        .build()
        .unwrap();
    let Err(e) = client.execute(call("/slow", ::reqwest::Method::GET, true)).await else {
        panic!("no timeout")
    };
    assert_eq!(e.to_string(), "test timed out");
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error_without_the_url() {
    let listener = ::std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = TestClient::builder(base).build().unwrap();
    let mut c = call("/x", ::reqwest::Method::GET, false);
    c.query = vec![("api_key", "k3y".to_owned())];
    let Err(e) = client.execute(c).await else {
        panic!("a closed port answered")
    };
    assert!(matches!(e, Error::Transport { .. }), "{e}");
    assert!(!format!("{e} {e:?}").contains("k3y"), "{e:?}");
}

#[test]
fn a_bad_base_url_is_refused_when_building() {
    let e = TestClient::builder("not a url").build().unwrap_err();
    assert!(e.to_string().contains("base URL `not a url`"), "{e}");
}

#[test]
fn credentials_stay_out_of_debug_output() {
    let builder = TestClient::builder("http://localhost").credentials(Token(Some(Secret::from("s3cr3t"))));
    let client = builder.build().unwrap();
    let text = format!(
        "{client:?} {:?}",
        TestClient::builder("http://localhost").credentials(Token(Some("s3cr3t".into())))
    );
    assert!(!text.contains("s3cr3t") && text.contains("***"), "{text}");
}

#[test]
fn backoff_doubles_up_to_its_ceiling() {
    let policy = RetryPolicy::attempts(10)
        .with_backoff(Duration::from_millis(100), Duration::from_millis(350))
        .with_jitter(false);
    let waits: Vec<u128> = (1..=4).map(|n| policy.backoff(n).as_millis()).collect();
    assert_eq!(waits, [100, 200, 350, 350]);
    assert_eq!(RetryPolicy::default(), RetryPolicy::none());
}

#[test]
fn retry_after_reads_seconds_and_dates() {
    let mut headers = ::reqwest::header::HeaderMap::new();
    assert_eq!(retry_after(&headers), None);
    headers.insert("retry-after", "7".parse().unwrap());
    assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
    let later = ::std::time::SystemTime::now() + Duration::from_secs(120);
    headers.insert("retry-after", ::httpdate::fmt_http_date(later).parse().unwrap());
    let wait = retry_after(&headers).unwrap();
    assert!(
        wait > Duration::from_secs(100) && wait <= Duration::from_secs(120),
        "{wait:?}"
    );
    headers.insert("retry-after", "Thu, 01 Jan 1970 00:00:00 GMT".parse().unwrap());
    assert_eq!(retry_after(&headers), Some(Duration::ZERO));
    headers.insert("retry-after", "soon".parse().unwrap());
    assert_eq!(retry_after(&headers), None);
}

#[test]
fn excerpts_stop_at_300_bytes_on_a_character_boundary() {
    let long = "数".repeat(200);
    let cut = excerpt(long.as_bytes());
    assert!(cut.ends_with('…'));
    assert_eq!(
        cut.chars().count(),
        101,
        "100 characters of 3 bytes fit in 300, then the ellipsis"
    );
    assert_eq!(excerpt(b"short"), "short");
}

#[test]
fn segments_and_forms_are_encoded() {
    let mut path = "/members/".to_owned();
    push_segment(&mut path, "a/b c?é");
    assert_eq!(path, "/members/a%2Fb%20c%3F%C3%A9");
    let form = encode_form(&[("a", "1 2"), ("b", "&")]).unwrap();
    assert_eq!(String::from_utf8(form).unwrap(), "a=1+2&b=%26");
    let e: Error<Problem> = encode_form(&vec![vec![1]]).unwrap_err().into();
    assert!(e.to_string().starts_with("cannot encode the request"), "{e}");
}
