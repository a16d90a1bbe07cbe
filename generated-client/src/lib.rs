//! The Shuyun CRM open data service (members, loyalty points and grades, orders, coupons,
//! WeChat members), generated from the project's `spec/openapi.yaml` by `cargo xtask codegen`.
//!
//! - [`api`]: one trait per tag of the spec (`MembersApi`, `CouponsApi`, ...), one async method
//!   per operation. The HTTP [`client::Client`] implements them; so can a test double, the
//!   sandbox or your own server, and code written against the traits takes any of them.
//! - [`requests`]: one type per operation (required values in `new`, optional ones by setter);
//!   [`responses`]: one enum per operation, a variant per documented status, and
//!   `Undocumented { status, body }` for a 2xx the spec does not list (a success, not an error).
//! - [`models`]: one type per schema. Decoding is lenient (unknown keys and enum values are
//!   kept, numbers are accepted where text is documented); encoding follows the spec.
//!   [`support::Validate`] checks the spec's constraints: the client refuses an invalid request
//!   before sending a byte, the server before calling your code.
//! - `client` (feature `client`, on by default): reqwest with rustls, credentials redacted in
//!   `Debug` and sensitive to the HTTP stack, a retry policy (off by default) that only retries
//!   what is safe and stays bounded (backoff with jitter, `Retry-After` up to a maximum, an
//!   overall deadline, a retry budget shared by the client's clones), a `User-Agent` naming
//!   this crate (`ClientBuilder::user_agent` to change it), `tracing` spans with
//!   OpenTelemetry's HTTP client attributes, decode errors that name the JSON path at fault.
//!   Per-call headers and timeout through `client.with_options(CallOptions::new()..)` (the same
//!   pool and budget); every answer's status and headers through `ClientBuilder::on_response`,
//!   a documented error's headers in `ApiError::headers`; `client::reqwest` re-exported. The
//!   HTTP stack is a tower service: `ClientBuilder::layer` adds tower or tower-http layers
//!   (signing, metrics, rate limits, a recorder) around reqwest.
//! - `server` (feature `server`): an axum router that serves any implementation of the traits,
//!   validating every request and answering errors with the CRM's envelope. With both
//!   features the router also serves a `client::Client`, which makes a proxy: every call is
//!   forwarded, a documented error keeps its status and envelope, an upstream that fails
//!   answers 502 and one that does not answer in time 504
//!   (`server::router(client, server::RequireCredentials, server::ServerConfig::default())`).
//! - paged list operations (point, grade and order records, coupons, attributes) also have a
//!   `*_stream` method on their trait (`list_orders_stream`, ...): a `futures` `Stream` of the
//!   items that fetches pages as it is polled and stops after the last.
//! - feature `json`: the flat JSON form of every request, `into_json`/`from_json` on responses,
//!   and `api::call_*_api` to call an operation by its operationId with JSON.
//!
//! Every module but this file is generated: change the spec and regenerate instead of editing.
//!
//! # Example
//!
//! Register a member, query it, and award points for an order:
//!
//! ```no_run
//! use shuyun_crm::api::MembersApi;
//! use shuyun_crm::client::{Client, Credentials, Error, RetryPolicy, servers};
//! use shuyun_crm::{models, requests, responses};
//!
//! # async fn example() -> Result<(), Error> {
//! let crm = Client::builder(servers::UAT)
//!     .credentials(
//!         Credentials::new()
//!             .client_id("fa98****3452")
//!             .client_secret(std::env::var("CRM_CLIENT_SECRET").unwrap_or_default()),
//!     )
//!     .timeout(std::time::Duration::from_secs(10))
//!     // Only GETs and calls carrying an idempotency key are ever retried, and never past
//!     // the deadline.
//!     .retry(RetryPolicy::attempts(3).with_deadline(std::time::Duration::from_secs(20)))
//!     .build()?;
//!
//! let registered = crm
//!     .register_member(requests::RegisterMember::new(models::RegisterMemberRequest {
//!         mobile: Some("15021228866".into()),
//!         // The required values (channel, customer, member type) go through `new`.
//!         ..models::RegisterMemberRequest::new("WECHAT", "wx-0001", "shuyun")
//!     }))
//!     .await?;
//! let member_id = match registered {
//!     responses::RegisterMemberResponse::Ok(result) | responses::RegisterMemberResponse::Created(result) => {
//!         result.member_id
//!     }
//!     // A 2xx the spec does not list (`Undocumented { status, body }`) is a success too.
//!     _ => None,
//! }
//! .unwrap_or_default();
//!
//! let responses::QueryMemberResponse::Ok(member) =
//!     crm.query_member(requests::QueryMember::new("shuyun").member_id(member_id.clone())).await?
//! else {
//!     return Ok(());
//! };
//! println!("{:?} registered at {:?}", member.member_name, member.register_time);
//!
//! // The CRM deduplicates on X-Business-Token: reuse the token when retrying the same change.
//! let change = models::PointChangeRequest::new(
//!     models::PointChangeRequestChangeType::Send,
//!     "WECHAT",
//!     "order 2021071300001",
//!     member_id,
//!     "shuyun",
//!     100,
//!     "E0001",
//! );
//! match crm.change_points(requests::ChangePoints::new("order-2021071300001", change)).await {
//!     Ok(_) => println!("points awarded"),
//!     // The CRM's envelope carries code and desc; a gateway's 401/403/404 body need not.
//!     Err(Error::Api(e)) => println!("refused ({}): {:?} {:?}", e.status, e.body.code, e.body.desc),
//!     Err(e) => return Err(e),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! A model with required fields has a `new` taking them and no `Default`, so none can be left
//! out (or sent empty without a word):
//!
//! ```compile_fail
//! let register = shuyun_crm::models::RegisterMemberRequest {
//!     mobile: Some("15021228866".into()),
//!     ..Default::default()
//! };
//! ```
//!
//! ```compile_fail
//! // `new` takes every required value.
//! let register = shuyun_crm::models::RegisterMemberRequest::new("WECHAT", "wx-0001");
//! ```
//!
//! Requests too: `QueryMember` needs its `memberType`, so it has `new` and no `Default`:
//!
//! ```compile_fail
//! let query = shuyun_crm::requests::QueryMember::default();
//! ```
//!
//! An enum has a `Default` only where the spec declares one; none of the CRM's does, so no
//! value is invented (`Gender::default()` was `Female`):
//!
//! ```compile_fail
//! let gender = shuyun_crm::models::Gender::default();
//! ```
//!
//! ```
//! use shuyun_crm::models::Gender;
//! assert_eq!(Gender::from("F"), Gender::Female);
//! assert_eq!(shuyun_crm::requests::QueryMember::new("shuyun").member_type, "shuyun");
//! ```
//!
//! # Dates, times and money
//!
//! Values are typed where the spec says what they are, each a [`support::Lenient`]: parsed,
//! or the text the service wrote that did not parse, kept (a `tracing` warning, and
//! `validate()` reports it) so one odd value never fails a whole response. Request
//! date-times are [`models::LocalDateTime`] (`yyyy-MM-dd HH:mm:ss`, a wall-clock time in
//! GMT+8, [`format_time::LocalDateTime`]); response date-times are chrono's
//! `DateTime<FixedOffset>` (RFC 3339, the offset kept); amounts are [`models::Money`], an exact
//! `rust_decimal::Decimal` written as a JSON number, at most two decimal places:
//!
//! ```
//! use chrono::{FixedOffset, NaiveDate, TimeZone};
//! use rust_decimal::Decimal;
//! use shuyun_crm::format_time::LocalDateTime;
//! use shuyun_crm::models::{self, Money};
//! use shuyun_crm::support::Validate;
//!
//! // A wall-clock time in GMT+8, and the instant it means.
//! let civil = NaiveDate::from_ymd_opt(2021, 7, 13).unwrap().and_hms_opt(8, 36, 3).unwrap();
//! let at: models::LocalDateTime = LocalDateTime::from(civil).into();
//! assert_eq!(at.to_wire(), "2021-07-13 08:36:03");
//! let instant = FixedOffset::east_opt(8 * 3600).unwrap().with_ymd_and_hms(2021, 7, 13, 8, 36, 3).unwrap();
//! assert_eq!(at.parsed().unwrap().to_datetime(), instant);
//!
//! // 85.10 yuan stays 85.10: no binary float in between.
//! let paid: Money = Decimal::new(8510, 2).into();
//! assert_eq!(serde_json::to_string(&paid).unwrap(), "85.1");
//! let mut item = models::OrderSaveRequestItem { payment: Some(paid), ..Default::default() };
//! item.validate().unwrap();
//! // A third decimal place is refused before anything is sent: round it half-up first.
//! item.payment = Some(Decimal::new(85105, 3).into());
//! assert_eq!(item.validate().unwrap_err().0[0].rule, "x-decimal");
//! ```
//!
//! # Under faults
//!
//! What a caller sees with `RetryPolicy::attempts(3)`, a 20 ms backoff, `max_retry_after` 5 s
//! and a 2 s deadline, calling the sandbox through a proxy that breaks one connection at a time
//! (`sandbox/tests/faults.rs` runs every row; "once" is counted in the sandbox's records). Only
//! calls safe to repeat are retried: `GET`s, and changes carrying an idempotency key (here
//! `changePoints` with its `X-Business-Token`).
//!
//! | fault | the caller sees | after | the change took effect |
//! | --- | --- | --- | --- |
//! | server acted, then the connection was killed | success: the retry is answered by the server's replay of the key | one backoff | once |
//! | connection reset before the server read it | success on the retry | one backoff | once |
//! | two 503s without `Retry-After` | success on the third attempt | two backoffs | once |
//! | 503 with `Retry-After: 1` | success after the wait | 1 s | once |
//! | 503 with `Retry-After: 120` (above `max_retry_after`) | the 503 (`Error::Api`), no retry | at once | not yet; the same key later applies it once |
//! | a storm of 503s | the last 503 | three attempts | not yet; likewise |
//! | a stall (the server never answers) | `Error::Timeout` | the deadline, 2 s | not yet; likewise |
//! | a slow body (16 bytes per 100 ms) | `Error::Timeout` | the deadline, 2 s | (a read) |
//! | reset on a `POST` without an idempotency key | `Error::Transport`, never retried | at once | unknown: not repeated for you |
//!
//! # Serving, test doubles and the request context (feature `server`)
//!
//! A test double in a few lines: `server::Stub` answers the operations given a closure
//! (`on_*`, one per operation), every other with 501 in the envelope, and records every call.
//! Any implementation (the stub, the sandbox, a `client::Client`) can be held as
//! `Arc<dyn server::DynService>`, chosen at run time, and served or called like any other. The
//! implementation sees who calls and how through `server::Context::current()`: the operation,
//! the headers, the request id, the caller's address and the principal `Authenticate` returned
//! (its `authorize` answers 403 per operation; a failed `authenticate` 401).
//!
//! ```
//! # #[cfg(feature = "server")]
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! use std::sync::Arc;
//! use shuyun_crm::api::MembersApi;
//! use shuyun_crm::server::{self, Context, Presented, ProblemKind};
//! use shuyun_crm::{models, requests, responses};
//!
//! let stub = server::Stub::new().on_get_member_points(|request: requests::GetMemberPoints| async move {
//!     // Served by the router, the call has a context: who called (`RequireCredentials`'s
//!     // principal is what the request presented), its headers, its request id.
//!     if let Some(cx) = Context::current() {
//!         tracing::info!(request_id = cx.request_id(), caller = ?cx.principal::<Presented>());
//!     }
//!     let point = if request.member_id.as_deref() == Some("m-1") { 120 } else { 0 };
//!     Ok(responses::GetMemberPointsResponse::Ok(models::PointBalance { point: Some(point) }))
//! });
//! // (Name `DynService` by its path: imported, its methods would shadow the traits'.)
//! let service: Arc<dyn server::DynService> = Arc::new(stub);
//!
//! // In-process, through the traits.
//! let points = service.get_member_points(requests::GetMemberPoints::new("shuyun").member_id("m-1")).await;
//! assert_eq!(points.unwrap(), responses::GetMemberPointsResponse::Ok(models::PointBalance { point: Some(120) }));
//! let refused = service.query_member(requests::QueryMember::new("shuyun")).await.unwrap_err();
//! assert_eq!(refused.status, ProblemKind::NotImplemented.status());
//!
//! // Or served: `server::router(service, server::RequireCredentials, Default::default())`.
//! let _app = server::router(service, server::RequireCredentials, server::ServerConfig::default());
//! # });
//! ```

#[rustfmt::skip]
pub mod api;
#[cfg(feature = "client")]
#[rustfmt::skip]
pub mod client;
#[rustfmt::skip]
pub mod models;
#[rustfmt::skip]
pub mod requests;
#[rustfmt::skip]
pub mod responses;
#[cfg(feature = "server")]
#[rustfmt::skip]
pub mod server;
#[rustfmt::skip]
pub mod support;
#[cfg(feature = "client")]
#[rustfmt::skip]
pub mod transport;
#[cfg(feature = "server")]
#[rustfmt::skip]
pub mod serving;
#[rustfmt::skip]
pub mod format_decimal;
#[rustfmt::skip]
pub mod format_time;
