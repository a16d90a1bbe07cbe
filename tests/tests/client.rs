//! The generated client against a real HTTP server on loopback (a small axum app that records
//! every request and answers from a script). For every operation of the spec, the request the
//! client sends is compared with the spec's examples, and every documented response example
//! comes back as its variant.

mod common;

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use common::examples::{examples, json_eq};
use serde_json::{Value, json};
use shuyun_crm::api::{self, CallError};
use shuyun_crm::client::{Client, Credentials, Error, RetryPolicy};
use shuyun_crm::requests;

const CLIENT_ID: &str = "fa98-test-3452";
const SECRET: &str = "108b-very-secret-41f2";

/// One request as the server saw it.
#[derive(Debug, Clone)]
struct Seen {
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
}

/// An answer: status, headers, body.
type Reply = (u16, Vec<(&'static str, String)>, Vec<u8>);

#[derive(Clone, Default)]
struct Server {
    seen: Arc<Mutex<Vec<Seen>>>,
    script: Arc<Mutex<VecDeque<Reply>>>,
}

impl Server {
    async fn start() -> (Self, SocketAddr) {
        let server = Self::default();
        let state = server.clone();
        let app =
            axum::Router::new().fallback(move |method: Method, uri: Uri, headers: HeaderMap, body: Bytes| {
                let state = state.clone();
                async move {
                    let query = uri.query().map(url_pairs).unwrap_or_default();
                    state.seen.lock().unwrap().push(Seen {
                        method,
                        path: uri.path().to_owned(),
                        query,
                        headers,
                        body,
                    });
                    let (status, headers, body) = state.script.lock().unwrap().pop_front().unwrap_or((
                        500,
                        vec![],
                        b"no reply scripted".to_vec(),
                    ));
                    let mut response = axum::response::Response::new(axum::body::Body::from(body));
                    *response.status_mut() = StatusCode::from_u16(status).unwrap();
                    response
                        .headers_mut()
                        .insert("content-type", "application/json".parse().unwrap());
                    for (k, v) in headers {
                        response.headers_mut().insert(k, v.parse().unwrap());
                    }
                    response
                }
            });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        (server, addr)
    }

    fn reply(&self, status: u16, body: Option<&Value>) {
        let bytes = body.map(|b| serde_json::to_vec(b).unwrap()).unwrap_or_default();
        self.script.lock().unwrap().push_back((status, vec![], bytes));
    }

    fn reply_with(&self, reply: Reply) {
        self.script.lock().unwrap().push_back(reply);
    }

    fn take(&self) -> Vec<Seen> {
        std::mem::take(&mut *self.seen.lock().unwrap())
    }
}

/// Decoded `a=1&b=2` pairs.
fn url_pairs(query: &str) -> Vec<(String, String)> {
    serde_urlencoded::from_str(query).unwrap()
}

/// A percent-decoded path.
fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8()
        .unwrap()
        .into_owned()
}

fn client(addr: SocketAddr) -> Client {
    Client::builder(format!("http://{addr}"))
        .credentials(Credentials::new().client_id(CLIENT_ID).client_secret(SECRET))
        .build()
        .unwrap()
}

async fn call(client: &Client, tag: &str, id: &str, request: Value) -> Result<(u16, Option<Value>), CallError<Error>> {
    match tag {
        "members" => api::call_members_api(client, id, request).await,
        "accountGrades" => api::call_account_grades_api(client, id, request).await,
        "pastPoints" => api::call_past_points_api(client, id, request).await,
        "orders" => api::call_orders_api(client, id, request).await,
        "coupons" => api::call_coupons_api(client, id, request).await,
        "wechatMembers" => api::call_wechat_members_api(client, id, request).await,
        other => panic!("unknown tag {other}"),
    }
}

#[tokio::test]
async fn every_operation_sends_the_spec_examples_and_decodes_every_documented_response() {
    let spec = common::crm();
    let (server, addr) = Server::start().await;
    let client = client(addr);
    let examples = examples(&spec);
    let mut responses = 0;
    for ex in &examples {
        let id = ex.id.as_str();
        for (code, body) in &ex.responses {
            responses += 1;
            server.reply(*code, body.as_ref().map(|(example, _)| example));
            let (got_status, got_body) = call(&client, &ex.tag, id, Value::Object(ex.request.clone()))
                .await
                .unwrap_or_else(|e| panic!("{id} {code}: {e}"));
            assert_eq!(got_status, *code, "{id}: the {code} example comes back as its variant");
            match (body, &got_body) {
                (Some((example, expected)), Some(got)) => {
                    assert!(json_eq(got, expected), "{id} {code}: decoded {got} from {example}");
                }
                (None, None) => {}
                other => panic!("{id} {code}: body mismatch {other:?}"),
            }
            let seen = server.take();
            assert_eq!(seen.len(), 1, "{id}: one request per call");
            let seen = &seen[0];
            assert_eq!(seen.method.as_str(), ex.method, "{id}");
            assert_eq!(decode(&seen.path), ex.path, "{id}: path");
            let mut query = seen.query.clone();
            query.sort();
            let mut want = ex.query.clone();
            want.sort();
            assert_eq!(query, want, "{id}: query");
            assert_eq!(seen.headers["client_id"], CLIENT_ID, "{id}");
            assert_eq!(seen.headers["client_secret"], SECRET, "{id}");
            for (name, value) in &ex.headers {
                assert_eq!(seen.headers[name.as_str()], value.as_str(), "{id}: header {name}");
            }
            match &ex.body {
                Some((_, expected)) => {
                    assert_eq!(seen.headers["content-type"], "application/json", "{id}");
                    let sent: Value = serde_json::from_slice(&seen.body).unwrap();
                    assert!(json_eq(&sent, expected), "{id}: sent {sent}, example {expected}");
                }
                None => assert!(seen.body.is_empty(), "{id}: no body"),
            }
        }
    }
    assert_eq!(examples.len(), 43);
    assert!(responses >= 43, "{responses} documented responses exercised");
}

#[tokio::test]
async fn the_client_reads_null_as_absent_where_the_server_refuses_it() {
    // `getOrderDetail` answers an `Order`; its `customizedProperties` is a type that `saveOrder`
    // also sends, which the server decodes strictly and whose nulls it refuses (server.rs).
    let spec = common::crm();
    let ex = examples(&spec)
        .into_iter()
        .find(|e| e.id == "getOrderDetail")
        .expect("getOrderDetail");
    let (_, Some((mut order, _))) = ex.responses[0].clone() else {
        panic!("getOrderDetail answers a body")
    };
    for nulled in [
        "/receiverName",
        "/pointFlag",
        "/customizedProperties/ticketNum",
        "/customizedProperties/salesMode",
        "/customizedProperties/presaleFlag",
    ] {
        *order
            .pointer_mut(nulled)
            .unwrap_or_else(|| panic!("the example has {nulled}")) = Value::Null;
    }
    let (server, addr) = Server::start().await;
    server.reply(200, Some(&order));
    let (status, body) = call(&client(addr), &ex.tag, &ex.id, Value::Object(ex.request.clone()))
        .await
        .expect("nulls are accepted");
    let body = body.expect("a body");
    assert_eq!(status, 200);
    for absent in [
        "/receiverName",
        "/pointFlag",
        "/customizedProperties/ticketNum",
        "/customizedProperties/salesMode",
        "/customizedProperties/presaleFlag",
    ] {
        assert_eq!(body.pointer(absent), None, "{absent} reads as absent: {body}");
    }
    assert_eq!(body["customizedProperties"]["orderSource"], "10", "the rest is kept");
}

fn envelope(code: &str) -> Value {
    json!({"module": "Solution Package", "service": "openapi", "code": code, "desc": "参数异常", "uri": "http://..."})
}

#[tokio::test]
async fn error_statuses_decode_into_the_typed_envelope() {
    let (server, addr) = Server::start().await;
    let client = client(addr);
    for status in [400, 401, 403, 404, 500] {
        server.reply(status, Some(&envelope("010407")));
        let err = client_query(&client).await.unwrap_err();
        let api = err.api_error().unwrap_or_else(|| panic!("{status}: {err}"));
        assert_eq!(api.status, status);
        assert_eq!(
            (api.body.code.as_deref(), api.body.desc.as_deref()),
            (Some("010407"), Some("参数异常"))
        );
        assert_eq!(api.body.module.as_deref(), Some("Solution Package"));
        assert_eq!(err.status(), Some(status));
    }
    // 401, 403 and 404 may come from the MuleSoft gateway, whose body is not the CRM's
    // envelope: it decodes all the same (the spec's error body is open), keys kept.
    for status in [401, 403, 404] {
        server.reply(status, Some(&json!({"error": "Authentication denied."})));
        let err = client_query(&client).await.unwrap_err();
        let api = err.api_error().unwrap_or_else(|| panic!("{status}: {err}"));
        assert_eq!((api.status, api.body.code.as_deref()), (status, None));
        assert_eq!(
            api.body.additional_properties.get("error"),
            Some(&json!("Authentication denied."))
        );
    }
    // A gateway page that is not the envelope: the status and an excerpt, no panic.
    server.reply_with((502, vec![], "<html>bad gateway</html>".repeat(40).into_bytes()));
    let err = client_query(&client).await.unwrap_err();
    match &err {
        Error::Decode {
            status: 502, excerpt, ..
        } => assert!(excerpt.len() <= 300 + '…'.len_utf8(), "{excerpt}"),
        other => panic!("{other:?}"),
    }
}

/// A 2xx the operation does not document is a success carrying the status and the body (the
/// CRM's gateway may answer 200 or 202 where 201/204 are documented); a 3xx or a 4xx is not.
#[tokio::test]
async fn an_undocumented_success_status_is_a_success() {
    use shuyun_crm::responses::QueryMemberResponse;
    let (server, addr) = Server::start().await;
    let client = client(addr);
    server.reply(202, Some(&json!({"memberId": "m1", "extra": [1]})));
    match client_query(&client).await.expect("a 2xx is a success") {
        QueryMemberResponse::Undocumented { status, body } => {
            assert_eq!((status, body), (202, Some(json!({"memberId": "m1", "extra": [1]}))));
        }
        other => panic!("{other:?}"),
    }
    server.reply_with((204, vec![], Vec::new()));
    let response = client_query(&client).await.expect("a 2xx is a success");
    assert_eq!(
        response,
        QueryMemberResponse::Undocumented {
            status: 204,
            body: None
        }
    );
    assert_eq!(response.status(), 204);
    // Not a success: an error, as before (`default` documents every other status as the
    // envelope, so a gateway's page is a decode error naming the status).
    server.reply_with((302, vec![], b"moved".to_vec()));
    let err = client_query(&client).await.unwrap_err();
    assert!(matches!(err, Error::Decode { status: 302, .. }), "{err}");
    // A body that breaks the documented type is a decode error whose source is serde's.
    server.reply(200, Some(&json!({"memberId": {"nested": true}})));
    let err = client_query(&client).await.unwrap_err();
    assert!(matches!(err, Error::Decode { status: 200, .. }), "{err}");
    assert!(std::error::Error::source(&err).is_some(), "{err:?}");
}

async fn client_query(client: &Client) -> Result<shuyun_crm::responses::QueryMemberResponse, Error> {
    use shuyun_crm::api::MembersApi;
    client
        .query_member(requests::QueryMember::new("shuyun").member_id("m1"))
        .await
}

#[tokio::test]
async fn an_invalid_request_sends_nothing() {
    use shuyun_crm::api::MembersApi;
    let (server, addr) = Server::start().await;
    let client = client(addr);
    let err = client
        .query_member(requests::QueryMember::new("shuyun"))
        .await
        .unwrap_err();
    let Error::InvalidRequest(violations) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(violations.0[0].rule, "x-require-any-of");
    let too_long = requests::QueryMember::new("shuyun").mobile("1".repeat(21));
    assert!(matches!(
        client.query_member(too_long).await,
        Err(Error::InvalidRequest(_))
    ));
    assert!(server.take().is_empty(), "nothing reached the server");
}

fn retrying(addr: SocketAddr) -> Client {
    Client::builder(format!("http://{addr}"))
        .credentials(Credentials::new().client_id(CLIENT_ID).client_secret(SECRET))
        .retry(RetryPolicy::attempts(3).with_backoff(Duration::from_millis(1), Duration::from_millis(5)))
        .build()
        .unwrap()
}

fn change_points() -> requests::ChangePoints {
    let body = shuyun_crm::models::PointChangeRequest::new(
        shuyun_crm::models::PointChangeRequestChangeType::Send,
        "TAOBAO",
        "order 1",
        "m1",
        "shuyun",
        10,
        "E0001",
    );
    requests::ChangePoints::new("token-1", body)
}

#[tokio::test]
async fn retries_only_safe_calls_and_resends_the_same_key() {
    use shuyun_crm::api::MembersApi;
    let (server, addr) = Server::start().await;
    let member = json!({"memberId": "m1"});

    // Off by default: one attempt.
    server.reply(503, Some(&envelope("5")));
    assert_eq!(client_query(&client(addr)).await.unwrap_err().status(), Some(503));
    assert_eq!(server.take().len(), 1);

    // GET: retried on 5xx until it succeeds.
    let client = retrying(addr);
    server.reply(503, None);
    server.reply(502, None);
    server.reply(200, Some(&member));
    client_query(&client).await.unwrap();
    assert_eq!(server.take().len(), 3);

    // A POST without an idempotency key is never retried.
    server.reply(503, Some(&envelope("5")));
    let register = shuyun_crm::models::RegisterMemberRequest::new("TAOBAO", "c1", "shuyun");
    let err = client
        .register_member(requests::RegisterMember::new(register))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert_eq!(server.take().len(), 1);

    // A PUT with X-Business-Token is retried (429 and 5xx) with the same token.
    server.reply_with((429, vec![("retry-after", "0".into())], vec![]));
    server.reply(500, None);
    server.reply(200, None);
    client.change_points(change_points()).await.unwrap();
    let seen = server.take();
    assert_eq!(seen.len(), 3);
    assert!(seen.iter().all(|s| s.headers["x-business-token"] == "token-1"));

    // Attempts are bounded: the last answer is returned.
    for _ in 0..3 {
        server.reply(503, Some(&envelope("5")));
    }
    assert_eq!(client_query(&client).await.unwrap_err().status(), Some(503));
    assert_eq!(server.take().len(), 3);
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let (server, addr) = Server::start().await;
    let client = retrying(addr);
    server.reply_with((503, vec![("retry-after", "1".into())], vec![]));
    server.reply(200, Some(&json!({})));
    let started = Instant::now();
    client_query(&client).await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited {:?}",
        started.elapsed()
    );
    assert_eq!(server.take().len(), 2);
}

#[tokio::test]
async fn the_secret_never_shows() {
    let (server, addr) = Server::start().await;
    let client = client(addr);
    let debug = format!("{client:?}");
    assert!(debug.contains(CLIENT_ID), "the id is not secret: {debug}");
    assert!(!debug.contains(SECRET), "{debug}");
    let credentials = Credentials::new().client_id(CLIENT_ID).client_secret(SECRET);
    assert!(!format!("{credentials}").contains(SECRET));

    // Errors: an API error, and a transport error to a closed port.
    server.reply(401, Some(&envelope("401")));
    let err = client_query(&client).await.unwrap_err();
    assert!(!format!("{err} {err:?}").contains(SECRET));
    let closed = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap()
        .local_addr()
        .unwrap();
    let err = client_query(&self::client(closed)).await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    assert!(!format!("{err} {err:?}").contains(SECRET));

    // Tracing: the span names the operation and status, never the secret.
    let buffer = Arc::new(Mutex::new(Vec::<u8>::new()));
    let writer = buffer.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || Capture(writer.clone()))
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    server.reply(200, Some(&json!({"memberId": "m1"})));
    client_query(&client).await.unwrap();
    drop(_guard);
    let logs = String::from_utf8(buffer.lock().unwrap().clone()).unwrap();
    // OpenTelemetry's HTTP client attribute names.
    assert!(
        logs.contains("queryMember") && logs.contains("http.response.status_code=200"),
        "{logs}"
    );
    assert!(logs.contains("url.template=\"/member/query\""), "{logs}");
    assert!(
        logs.contains("http.request.method=GET") && logs.contains("http.request.resend_count=0"),
        "{logs}"
    );
    assert!(!logs.contains(SECRET), "{logs}");
}

struct Capture(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Retries stay bounded: a `Retry-After` beyond the maximum is not waited for, the deadline
/// ends a storm of 503s, and the retry budget stops a client from multiplying its calls.
#[tokio::test]
async fn retries_are_bounded_by_retry_after_the_deadline_and_the_budget() {
    let (server, addr) = Server::start().await;
    let with = |policy: RetryPolicy| {
        Client::builder(format!("http://{addr}"))
            .credentials(Credentials::new().client_id(CLIENT_ID).client_secret(SECRET))
            .retry(policy)
            .build()
            .unwrap()
    };
    // A server asking for a day: the caller gets the 503 at once, after one attempt.
    let client = with(RetryPolicy::attempts(3).with_max_retry_after(Duration::from_secs(5)));
    server.reply_with((503, vec![("retry-after", "86400".into())], vec![]));
    let started = Instant::now();
    assert_eq!(client_query(&client).await.unwrap_err().status(), Some(503));
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    assert_eq!(server.take().len(), 1);

    // A storm of 503s (unscripted replies are 500s): the deadline ends it, whatever the attempts.
    let client = with(
        RetryPolicy::attempts(1000)
            .with_backoff(Duration::from_millis(50), Duration::from_millis(50))
            .with_jitter(false)
            .with_deadline(Duration::from_millis(400)),
    );
    let started = Instant::now();
    assert_eq!(client_query(&client).await.unwrap_err().status(), Some(500));
    let took = started.elapsed();
    assert!(took < Duration::from_millis(800), "bounded by the deadline: {took:?}");
    let tries = server.take().len();
    assert!((3..=12).contains(&tries), "{tries} attempts in {took:?}");

    // No budget: beyond the reserve (10 a second over 10 s), failing calls are not retried.
    let client = with(
        RetryPolicy::attempts(3)
            .with_backoff(Duration::ZERO, Duration::ZERO)
            .with_budget(0.0),
    );
    for _ in 0..80 {
        assert!(client_query(&client).await.is_err());
    }
    let sent = server.take().len();
    assert!(sent < 80 * 3 && sent > 80, "{sent} requests for 80 calls of 3 attempts");
}

#[tokio::test]
async fn the_user_agent_names_the_crate_unless_told_otherwise() {
    let (server, addr) = Server::start().await;
    server.reply(200, Some(&json!({})));
    client_query(&client(addr)).await.unwrap();
    let agent = server.take()[0].headers["user-agent"].to_str().unwrap().to_owned();
    assert_eq!(agent, format!("shuyun-crm-client/{}", env!("CARGO_PKG_VERSION")));
    assert_eq!(agent, shuyun_crm::transport::USER_AGENT);
    let custom = Client::builder(format!("http://{addr}"))
        .credentials(Credentials::new().client_id(CLIENT_ID).client_secret(SECRET))
        .user_agent("loyalty-service/2.3")
        .build()
        .unwrap();
    server.reply(200, Some(&json!({})));
    client_query(&custom).await.unwrap();
    assert_eq!(server.take()[0].headers["user-agent"], "loyalty-service/2.3");
}

/// Per-call options add headers and a timeout without a second client; an observer sees every
/// answer's status and headers (each attempt), and a documented error keeps its headers.
#[tokio::test]
async fn calls_take_options_and_every_answer_is_observable() {
    use shuyun_crm::client::reqwest::header::{HeaderName, HeaderValue};
    use shuyun_crm::client::{CallOptions, Exchange};
    let (server, addr) = Server::start().await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let client = Client::builder(format!("http://{addr}"))
        .credentials(Credentials::new().client_id(CLIENT_ID).client_secret(SECRET))
        .retry(RetryPolicy::attempts(2).with_backoff(Duration::ZERO, Duration::ZERO))
        .on_response(move |e: &Exchange<'_>| {
            let limit = e
                .headers
                .get("x-ratelimit-remaining")
                .map(|v| v.to_str().unwrap().to_owned());
            log.lock()
                .unwrap()
                .push((e.operation, e.template, e.attempt, e.status, limit));
        })
        .build()
        .unwrap();

    // Options: a header on this call only, the client itself unchanged.
    let traced = client.with_options(
        CallOptions::new().header(HeaderName::from_static("x-trace-id"), HeaderValue::from_static("t-42")),
    );
    server.reply_with((503, vec![("x-ratelimit-remaining", "0".into())], vec![]));
    server.reply_with((200, vec![("x-ratelimit-remaining", "9".into())], b"{}".to_vec()));
    client_query(&traced).await.unwrap();
    server.reply(200, Some(&json!({})));
    client_query(&client).await.unwrap();
    let requests = server.take();
    assert_eq!(requests.len(), 3);
    assert!(
        requests[..2].iter().all(|r| r.headers["x-trace-id"] == "t-42"),
        "on both attempts"
    );
    assert!(
        requests[2].headers.get("x-trace-id").is_none(),
        "not on the client's own calls"
    );
    assert_eq!(
        *seen.lock().unwrap(),
        [
            ("queryMember", "/member/query", 1, 503, Some("0".to_owned())),
            ("queryMember", "/member/query", 2, 200, Some("9".to_owned())),
            ("queryMember", "/member/query", 1, 200, None),
        ]
    );

    // A documented error keeps its headers.
    server.reply_with((
        404,
        vec![("x-gateway-request-id", "gw-9".into())],
        serde_json::to_vec(&envelope("020001")).unwrap(),
    ));
    let err = client_query(&client).await.unwrap_err();
    assert_eq!(err.api_error().unwrap().headers["x-gateway-request-id"], "gw-9");

    // A per-call timeout: a slow server is a timeout for that view only.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let stalled = listener.local_addr().unwrap();
    tokio::spawn(never_answer(listener));
    let slow = Client::builder(format!("http://{stalled}"))
        .credentials(Credentials::new().client_id(CLIENT_ID).client_secret(SECRET))
        .build()
        .unwrap()
        .with_options(CallOptions::new().timeout(Duration::from_millis(100)));
    let started = Instant::now();
    assert!(matches!(client_query(&slow).await, Err(Error::Timeout { .. })));
    assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
}

/// Accepts connections and never answers (a 30 s stall, as long as the test needs).
async fn never_answer(listener: tokio::net::TcpListener) -> Vec<tokio::net::TcpStream> {
    let mut held = Vec::new();
    while let Ok((stream, _)) = listener.accept().await {
        held.push(stream);
    }
    held
}

/// The HTTP stack is a tower service: a consumer's layers see every request (credentials
/// attached) without forking generated code, and a tower timeout is the client's timeout.
#[tokio::test]
async fn the_http_stack_takes_tower_layers() {
    use shuyun_crm::client::reqwest;
    let (server, addr) = Server::start().await;
    let signed = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let count = signed.clone();
    let client = Client::builder(format!("http://{addr}"))
        .credentials(Credentials::new().client_id(CLIENT_ID).client_secret(SECRET))
        .layer(tower::util::MapRequestLayer::new(
            move |mut request: reqwest::Request| {
                count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                let secret = request.headers()["client_secret"].clone();
                assert!(secret.is_sensitive(), "the layer sees the credential, marked sensitive");
                request.headers_mut().insert("x-signature", "sig-1".parse().unwrap());
                request
            },
        ))
        .layer(tower::timeout::TimeoutLayer::new(Duration::from_millis(200)))
        .build()
        .unwrap();
    server.reply(200, Some(&json!({})));
    client_query(&client).await.unwrap();
    assert_eq!(server.take()[0].headers["x-signature"], "sig-1");
    assert_eq!(signed.load(std::sync::atomic::Ordering::SeqCst), 1);

    // The outer timeout layer ends a stalled call as the client's own timeout would.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let stalled = listener.local_addr().unwrap();
    tokio::spawn(never_answer(listener));
    let client = Client::builder(format!("http://{stalled}"))
        .layer(tower::timeout::TimeoutLayer::new(Duration::from_millis(100)))
        .build()
        .unwrap();
    let started = Instant::now();
    let err = client_query(&client).await.unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
}
