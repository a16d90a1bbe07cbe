//! The rules of list items and map values are checked like any field's, at their place
//! (`scores[1]`, `labels.colour`), by the client before sending and by the server before the
//! implementation runs; a required nullable field is refused missing by the server, while a
//! client reads it as `None`.

mod common;

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use common::send;
use element_rules_fixture::api::TicketsApi;
use element_rules_fixture::models::Ticket;
use element_rules_fixture::server::{RequireCredentials, ServerConfig, router};
use element_rules_fixture::support::Validate as _;
use element_rules_fixture::{requests, responses};

#[derive(Default, Clone)]
struct Desk(Arc<Mutex<Vec<Ticket>>>);

impl TicketsApi for Desk {
    type Error = std::convert::Infallible;
    async fn open_ticket(&self, r: requests::OpenTicket) -> Result<responses::OpenTicketResponse, Self::Error> {
        self.0.lock().unwrap().push(r.body);
        Ok(responses::OpenTicketResponse::NoContent)
    }
}

fn paths(ticket: &Ticket) -> Vec<String> {
    ticket.validate().err().map(|v| v.0.into_iter().map(|v| format!("{} {}", v.path, v.rule)).collect()).unwrap_or_default()
}

#[test]
fn item_and_value_rules_are_checked_at_their_place() {
    let mut ticket = Ticket::new(None::<String>, vec![1, 0, 9]);
    ticket.codes = Some(vec!["AB".into(), "ab".into()]);
    ticket.labels = Some(BTreeMap::from([("colour".to_owned(), "crimson".to_owned()), ("size".to_owned(), "M".to_owned())]));
    ticket.matrix = Some(vec![vec!["too long".into()]]);
    assert_eq!(paths(&ticket), ["scores[2] maximum", "scores[1] minimum", "codes[1] pattern", "labels.colour maxLength"]);
    let request = requests::OpenTicket::new(Ticket::new(None::<String>, vec![3])).tag(vec!["ok".to_owned(), "long".to_owned()]);
    let found: Vec<String> = request.validate().unwrap_err().0.into_iter().map(|v| v.path).collect();
    assert_eq!(found, ["tag[1]"]);
    // The list's own length: `minItems: 1`, `maxItems: 3`.
    assert_eq!(paths(&Ticket::new(None::<String>, Vec::<i32>::new())), ["scores minItems"]);
    assert_eq!(paths(&Ticket::new(None::<String>, vec![1, 2, 3, 4])), ["scores maxItems"]);
}

#[test]
fn a_client_reads_a_missing_required_nullable_field_as_none() {
    let ticket: Ticket = serde_json::from_value(serde_json::json!({"scores": [2]})).unwrap();
    assert_eq!(ticket.closed_at, None);
}

#[tokio::test]
async fn the_server_refuses_bad_items_and_a_missing_required_nullable_field() {
    let desk = Desk::default();
    let app = router(desk.clone(), RequireCredentials, ServerConfig::default());
    let body = |v: serde_json::Value| Some(v);
    let (status, text) = send(&app, "POST", "/tickets", body(serde_json::json!({"scores": [2]}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{text}");
    assert!(text.contains("closedAt"), "{text}");
    let (status, text) = send(&app, "POST", "/tickets", body(serde_json::json!({"closedAt": null, "scores": [2, 6]}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{text}");
    assert!(text.contains("scores[1]"), "{text}");
    let (status, text) = send(&app, "POST", "/tickets?tag=abcd", body(serde_json::json!({"closedAt": null, "scores": [2]}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{text}");
    assert!(text.contains("tag[0]"), "{text}");
    let (status, _) = send(&app, "POST", "/tickets?tag=ab", body(serde_json::json!({"closedAt": null, "scores": [2]}))).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(desk.0.lock().unwrap().len(), 1, "only the valid request reached the implementation");
}
