//! What every behaviour test shares: one request through a router, its status and body text.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use tower::ServiceExt as _;

pub async fn send(router: &axum::Router, method: &str, uri: &str, body: Option<serde_json::Value>) -> (StatusCode, String) {
    let mut request = Request::builder().method(method).uri(uri);
    if body.is_some() {
        request = request.header("content-type", "application/json");
    }
    let body = body.map_or_else(Body::empty, |b| Body::from(b.to_string()));
    let answer = router.clone().oneshot(request.body(body).unwrap()).await.unwrap();
    let status = answer.status();
    let bytes = axum::body::to_bytes(answer.into_body(), 1 << 16).await.unwrap();
    (status, String::from_utf8_lossy(&bytes).into_owned())
}
