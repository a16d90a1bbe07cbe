//! Paths the wild writes, served: templates equal up to parameter names (one route, by method;
//! `tests/fixtures/recovered/routes-equal-up-to-names.yaml`), two parameters in one segment
//! (`tests/fixtures/several-parameters-in-one-segment.yaml`), and a query string in a path key
//! (`tests/fixtures/recovered/query-in-path.yaml`).

mod common;

use std::sync::{Arc, Mutex};

use axum::http::StatusCode;
use common::send;

type Calls = Arc<Mutex<Vec<String>>>;

mod equal_routes {
    use recovered_routes_equal_up_to_names::api::{NamesApi, ThingsApi};
    use recovered_routes_equal_up_to_names::{models, requests, responses};

    use super::Calls;

    pub struct Svc(pub Calls);

    impl ThingsApi for Svc {
        type Error = std::convert::Infallible;
        async fn get_thing(&self, r: requests::GetThing) -> Result<responses::GetThingResponse, Self::Error> {
            self.0.lock().unwrap().push(format!("getThing {}", r.id));
            Ok(responses::GetThingResponse::Ok(models::Thing { id: r.id, name: "x".into() }))
        }
        async fn put_thing(&self, r: requests::PutThing) -> Result<responses::PutThingResponse, Self::Error> {
            self.0.lock().unwrap().push(format!("putThing {} {}", r.id, r.body.name));
            Ok(responses::PutThingResponse::NoContent)
        }
    }

    impl NamesApi for Svc {
        type Error = std::convert::Infallible;
        async fn get_thing_by_name(
            &self,
            r: requests::GetThingByName,
        ) -> Result<responses::GetThingByNameResponse, Self::Error> {
            self.0.lock().unwrap().push(format!("getThingByName {}", r.name));
            Ok(responses::GetThingByNameResponse::Ok(models::Thing { id: 0, name: r.name }))
        }
        async fn delete_thing_by_name(
            &self,
            r: requests::DeleteThingByName,
        ) -> Result<responses::DeleteThingByNameResponse, Self::Error> {
            self.0.lock().unwrap().push(format!("deleteThingByName {}", r.name));
            Ok(responses::DeleteThingByNameResponse::NoContent)
        }
    }
}

#[tokio::test]
async fn templates_equal_up_to_names_share_one_route_by_method() {
    use recovered_routes_equal_up_to_names::server::{RequireCredentials, ServerConfig, router};
    let calls = Calls::default();
    // Merging the two tags' routes on one path must not panic.
    let app = router(equal_routes::Svc(calls.clone()), RequireCredentials, ServerConfig::default());
    assert_eq!(send(&app, "GET", "/things/7", None).await.0, StatusCode::OK);
    let put = send(&app, "PUT", "/things/7", Some(serde_json::json!({"id": 7, "name": "n"}))).await;
    assert_eq!(put.0, StatusCode::NO_CONTENT, "{}", put.1);
    assert_eq!(send(&app, "DELETE", "/things/abc", None).await.0, StatusCode::NO_CONTENT);
    // `GET /things/{name}` is shadowed by `GET /things/{id}`: `abc` is not an integer id.
    let (status, body) = send(&app, "GET", "/things/abc", None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    // The delete's own rules apply to its own parameter.
    assert_eq!(send(&app, "DELETE", "/things/far-too-long", None).await.0, StatusCode::BAD_REQUEST);
    assert_eq!(send(&app, "POST", "/things/7", None).await.0, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(*calls.lock().unwrap(), ["getThing 7", "putThing 7 n", "deleteThingByName abc"]);
}

mod segments {
    use reports::api::DefaultApi;
    use reports::{requests, responses};

    use super::Calls;

    pub struct Svc(pub Calls);

    impl DefaultApi for Svc {
        type Error = std::convert::Infallible;
        async fn get_report(&self, r: requests::GetReport) -> Result<responses::GetReportResponse, Self::Error> {
            self.0.lock().unwrap().push(format!("{}/{}", r.year, r.month));
            Ok(responses::GetReportResponse::Ok)
        }
    }
}

#[tokio::test]
async fn two_parameters_in_one_segment_are_split_on_the_text_between() {
    use reports::server::{RequireCredentials, ServerConfig, router};
    let calls = Calls::default();
    let app = router(segments::Svc(calls.clone()), RequireCredentials, ServerConfig::default());
    assert_eq!(send(&app, "GET", "/reports/2024-05", None).await.0, StatusCode::OK);
    for bad in ["/reports/2024", "/reports/2024-may", "/reports/-5"] {
        let (status, body) = send(&app, "GET", bad, None).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {body}");
    }
    assert_eq!(*calls.lock().unwrap(), ["2024/5"]);
}

mod query {
    use recovered_query_in_path::api::DefaultApi;
    use recovered_query_in_path::{requests, responses};

    use super::Calls;

    pub struct Svc(pub Calls);

    impl DefaultApi for Svc {
        type Error = std::convert::Infallible;
        async fn get_top(&self, r: requests::GetTop) -> Result<responses::GetTopResponse, Self::Error> {
            self.0.lock().unwrap().push(format!("top {} {} {:?}", r.period, r.format, r.limit));
            Ok(responses::GetTopResponse::Ok(Vec::new()))
        }
        async fn search(&self, r: requests::Search) -> Result<responses::SearchResponse, Self::Error> {
            self.0.lock().unwrap().push(format!("search {}", r.q));
            Ok(responses::SearchResponse::Ok)
        }
    }
}

#[tokio::test]
async fn a_query_string_in_a_path_key_is_read_from_the_query() {
    use recovered_query_in_path::server::{RequireCredentials, ServerConfig, router};
    let calls = Calls::default();
    let app = router(query::Svc(calls.clone()), RequireCredentials, ServerConfig::default());
    assert_eq!(send(&app, "GET", "/top.json?period=week&format=json&limit=3", None).await.0, StatusCode::OK);
    // The fixed pair has a default: a request without it still reads `json`.
    assert_eq!(send(&app, "GET", "/top.json?period=day", None).await.0, StatusCode::OK);
    assert_eq!(send(&app, "GET", "/top.json?period=year", None).await.0, StatusCode::BAD_REQUEST);
    assert_eq!(send(&app, "GET", "/top.json", None).await.0, StatusCode::BAD_REQUEST);
    assert_eq!(send(&app, "GET", "/search?q=rust", None).await.0, StatusCode::OK);
    assert_eq!(*calls.lock().unwrap(), ["top week json Some(3)", "top day json None", "search rust"]);
}
