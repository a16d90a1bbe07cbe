//! Raw bodies (fixture `typed-binary.yaml`, the bytes option on): octets reach the
//! implementation and come back as they were sent, bytes that are not UTF-8 included, each
//! answer with its documented media type; a text answer is text, not a JSON string.

use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use tower::ServiceExt as _;
use typed_binary_fixture::server::{RequireCredentials, ServerConfig, Stub, router};
use typed_binary_fixture::{requests, responses};

/// Not UTF-8: a PNG signature's first bytes, a zero byte and an invalid sequence.
const OCTETS: &[u8] = &[0x89, b'P', b'N', b'G', 0x00, 0xff, 0xfe];

async fn send(app: &axum::Router, method: &str, uri: &str, media: &str, body: &[u8]) -> (StatusCode, String, Vec<u8>) {
    let request = Request::builder()
        .method(method)
        .uri(uri)
        .header("content-type", media)
        .body(Body::from(body.to_vec()))
        .unwrap();
    let answer = app.clone().oneshot(request).await.unwrap();
    let status = answer.status();
    let media = answer
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let bytes = axum::body::to_bytes(answer.into_body(), 1 << 16).await.unwrap();
    (status, media, bytes.to_vec())
}

#[tokio::test]
async fn octets_go_in_and_come_back_as_they_are() {
    let seen: Arc<Mutex<Vec<Vec<u8>>>> = Arc::default();
    let log = seen.clone();
    let stub = Stub::new()
        .on_put_file(move |r: requests::PutFile| {
            let log = log.clone();
            async move {
                log.lock().unwrap().push(r.body.clone());
                Ok(responses::PutFileResponse::Ok(r.body))
            }
        })
        .on_get_file(|_: requests::GetFile| async { Ok(responses::GetFileResponse::Ok(OCTETS.to_vec())) });
    let app = router(stub, RequireCredentials, ServerConfig::default());

    let (status, media, body) = send(&app, "PUT", "/files/logo.png", "application/octet-stream", OCTETS).await;
    assert_eq!(status, StatusCode::OK, "{}", String::from_utf8_lossy(&body));
    assert_eq!(media, "application/octet-stream");
    assert_eq!(body, OCTETS, "answered byte for byte");
    assert_eq!(seen.lock().unwrap().as_slice(), [OCTETS.to_vec()], "the implementation got the octets");

    let (status, media, body) = send(&app, "GET", "/files/logo.png", "application/octet-stream", &[]).await;
    assert_eq!((status, media.as_str()), (StatusCode::OK, "image/png"));
    assert_eq!(body, OCTETS);
}

#[tokio::test]
async fn a_text_answer_is_text() {
    let stub = Stub::new().on_post_note(|r: requests::PostNote| async move {
        Ok(responses::PostNoteResponse::Created(r.body.unwrap_or_default().to_uppercase()))
    });
    let app = router(stub, RequireCredentials, ServerConfig::default());
    let (status, media, body) = send(&app, "POST", "/notes", "text/plain", "buy milk".as_bytes()).await;
    assert_eq!((status, media.as_str()), (StatusCode::CREATED, "text/plain"));
    assert_eq!(body, b"BUY MILK", "not the JSON string \"BUY MILK\"");
}

#[test]
fn the_types_are_octets_and_text() {
    let file = requests::PutFile::new("logo.png", OCTETS.to_vec());
    assert_eq!(file.body, OCTETS);
    let note: Option<String> = requests::PostNote::default().body;
    assert!(note.is_none());
}

/// The generated client against the generated server over TCP: octets that are not UTF-8 go
/// out as the body with the documented media type and come back byte for byte; a text answer
/// reads as the text.
#[tokio::test]
async fn the_client_sends_and_reads_octets_over_http() {
    use typed_binary_fixture::api::DefaultApi as _;
    use typed_binary_fixture::client::Client;

    let stub = Stub::new()
        .on_put_file(|r: requests::PutFile| async move {
            // What the server decoded: the path parameter and the octets as sent.
            assert_eq!(r.name, "logo.png");
            Ok(responses::PutFileResponse::Ok(r.body.into_iter().rev().collect()))
        })
        .on_get_file(|_: requests::GetFile| async { Ok(responses::GetFileResponse::Ok(OCTETS.to_vec())) })
        .on_post_note(|r: requests::PostNote| async move {
            Ok(responses::PostNoteResponse::Created(r.body.unwrap_or_default().to_uppercase()))
        });
    let app = router(stub, RequireCredentials, ServerConfig::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let client = Client::builder(format!("http://{addr}")).build().unwrap();

    let stored = client.put_file(requests::PutFile::new("logo.png", OCTETS.to_vec())).await.unwrap();
    let reversed: Vec<u8> = OCTETS.iter().rev().copied().collect();
    assert_eq!(stored, responses::PutFileResponse::Ok(reversed), "the server's answer, byte for byte");

    let file = client.get_file(requests::GetFile::new("logo.png")).await.unwrap();
    assert_eq!(file, responses::GetFileResponse::Ok(OCTETS.to_vec()), "an image/png answer read as octets");

    let note = client.post_note(requests::PostNote::default().body("buy milk")).await.unwrap();
    assert_eq!(note, responses::PostNoteResponse::Created("BUY MILK".to_owned()));
}
