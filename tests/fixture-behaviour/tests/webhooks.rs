//! The webhook receiver of `tests/fixtures/v31-webhooks.yaml`: deliveries reach the
//! implementation decoded, and invalid ones are refused before it runs.

use std::sync::Mutex;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use tower::ServiceExt as _;
use webhooks_fixture::api::WebhooksApi;
use webhooks_fixture::server::{RequireCredentials, ServerConfig, webhooks_router};
use webhooks_fixture::{requests, responses};

#[derive(Default)]
struct Receiver {
    pets: Mutex<Vec<(String, i64, String)>>,
    gone: Mutex<Vec<Option<i64>>>,
}

impl WebhooksApi for Receiver {
    type Error = std::convert::Infallible;

    async fn on_new_pet(&self, request: requests::OnNewPet) -> Result<responses::OnNewPetResponse, Self::Error> {
        let delivery = (request.x_delivery, request.body.id, request.body.name);
        self.pets.lock().unwrap().push(delivery);
        Ok(responses::OnNewPetResponse::Ok)
    }

    async fn post_pet_gone(
        &self,
        request: requests::PostPetGone,
    ) -> Result<responses::PostPetGoneResponse, Self::Error> {
        self.gone.lock().unwrap().push(request.body.map(|b| b.id));
        Ok(responses::PostPetGoneResponse::NoContent)
    }
}

fn delivery(path: &str, header: Option<&str>, body: serde_json::Value) -> Request<Body> {
    let mut request = Request::post(path).header("content-type", "application/json");
    if let Some(id) = header {
        request = request.header("X-Delivery", id);
    }
    request.body(Body::from(body.to_string())).unwrap()
}

#[tokio::test]
async fn a_delivery_reaches_the_receiver_decoded() {
    let receiver = std::sync::Arc::new(Receiver::default());
    let router = webhooks_router(receiver.clone(), RequireCredentials, ServerConfig::default());
    let answer = router
        .clone()
        .oneshot(delivery("/newPet", Some("d-1"), serde_json::json!({"id": 7, "name": "Rex"})))
        .await
        .unwrap();
    assert_eq!(answer.status(), StatusCode::OK);
    let gone = router.oneshot(delivery("/pet-gone", None, serde_json::json!({"id": 7}))).await.unwrap();
    assert_eq!(gone.status(), StatusCode::NO_CONTENT);
    assert_eq!(*receiver.pets.lock().unwrap(), [("d-1".to_owned(), 7, "Rex".to_owned())]);
    assert_eq!(*receiver.gone.lock().unwrap(), [Some(7)]);
}

#[tokio::test]
async fn an_invalid_delivery_is_refused_before_the_receiver_runs() {
    let receiver = std::sync::Arc::new(Receiver::default());
    let router = webhooks_router(receiver.clone(), RequireCredentials, ServerConfig::default());
    let cases = [
        ("/newPet", None, serde_json::json!({"id": 7, "name": "Rex"}), "X-Delivery"),
        ("/newPet", Some("d-2"), serde_json::json!({"id": 7, "name": "R".repeat(65)}), "name"),
        ("/newPet", Some("d-3"), serde_json::json!({"name": "Rex"}), "id"),
        ("/pet-gone", None, serde_json::json!({"id": "seven"}), "id"),
    ];
    for (path, header, body, names) in cases {
        let answer = router.clone().oneshot(delivery(path, header, body)).await.unwrap();
        assert_eq!(answer.status(), StatusCode::BAD_REQUEST, "{path} {names}");
        let bytes = axum::body::to_bytes(answer.into_body(), 1 << 16).await.unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains(names), "{path}: the answer names `{names}`: {text}");
    }
    let unknown = router.oneshot(delivery("/nope", None, serde_json::json!({}))).await.unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert!(receiver.pets.lock().unwrap().is_empty() && receiver.gone.lock().unwrap().is_empty());
}
