//! The client under faults: the sandbox behind a proxy that breaks one connection at a time
//! (killed after the server acted, reset, stalled, 503s with and without `Retry-After`, a
//! slow body). For each: what the caller sees, how long it takes (bounded by the deadline),
//! and that an idempotent change took effect exactly once (the sandbox's records count it).
//! The table in the crate docs (`generated-client/src/lib.rs`, "Under faults") is this file.

mod common;

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{CLIENT_ID, CLIENT_SECRET, balance, fresh, point_records, points, register};
use shuyun_crm::api::MembersApi;
use shuyun_crm::client::{Client, Credentials, Error, RetryPolicy, reqwest};
use shuyun_crm::requests::{ChangePoints, QueryMember};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};

/// What the proxy does to one connection.
#[derive(Clone, Copy, Debug)]
enum Fault {
    /// Relays everything.
    Pass,
    /// Relays the request, waits for the server's answer, then closes without sending it.
    KillAfterServerActed,
    /// Resets the connection before reading anything.
    Reset,
    /// Reads the request and never answers.
    Stall,
    /// Answers 503 itself, with this `Retry-After` (seconds) if any.
    Unavailable(Option<u64>),
    /// Relays the request, then the answer a few bytes every 100 ms.
    SlowBody,
}

#[derive(Clone, Default)]
struct Faults(Arc<Mutex<VecDeque<Fault>>>);

impl Faults {
    fn then(&self, faults: &[Fault]) {
        self.0.lock().unwrap().extend(faults);
    }
    fn next(&self) -> Fault {
        self.0.lock().unwrap().pop_front().unwrap_or(Fault::Pass)
    }
}

/// One HTTP/1.1 message (head and a `content-length` body) from a stream.
async fn read_message(stream: &mut TcpStream) -> std::io::Result<Vec<u8>> {
    let mut message = Vec::new();
    let mut buffer = [0u8; 4096];
    loop {
        if let Some(end) = message.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&message[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            if message.len() >= end + 4 + length {
                return Ok(message);
            }
        }
        let n = stream.read(&mut buffer).await?;
        if n == 0 {
            return Ok(message);
        }
        message.extend_from_slice(&buffer[..n]);
    }
}

async fn relay(mut client: TcpStream, upstream: SocketAddr, fault: Fault) -> std::io::Result<()> {
    match fault {
        Fault::Pass => {
            let mut server = TcpStream::connect(upstream).await?;
            tokio::io::copy_bidirectional(&mut client, &mut server).await?;
        }
        Fault::Reset => {
            // A zero linger closes with RST at once; the deprecation is about non-zero ones,
            // which block the thread on drop.
            #[allow(deprecated)]
            client.set_linger(Some(Duration::ZERO))?;
            drop(client);
        }
        Fault::Stall => {
            let _request = read_message(&mut client).await?;
            tokio::time::sleep(Duration::from_secs(30)).await;
        }
        Fault::Unavailable(retry_after) => {
            let _request = read_message(&mut client).await?;
            let header = retry_after.map(|s| format!("retry-after: {s}\r\n")).unwrap_or_default();
            let answer =
                format!("HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\n{header}connection: close\r\n\r\n");
            client.write_all(answer.as_bytes()).await?;
        }
        Fault::KillAfterServerActed | Fault::SlowBody => {
            let request = read_message(&mut client).await?;
            let mut server = TcpStream::connect(upstream).await?;
            server.write_all(&request).await?;
            let answer = read_message(&mut server).await?;
            if let Fault::SlowBody = fault {
                for chunk in answer.chunks(16) {
                    client.write_all(chunk).await?;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }
    }
    Ok(())
}

/// The sandbox, and a proxy in front of it that applies the queued faults, one per connection.
async fn faulty_sandbox() -> (SocketAddr, Faults, Client) {
    let upstream = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let upstream_addr = upstream.local_addr().unwrap();
    let app = sandbox::app(
        fresh(),
        sandbox::ClientAuth::new(CLIENT_ID, CLIENT_SECRET),
        Default::default(),
    );
    tokio::spawn(async move { axum::serve(upstream, app).await.unwrap() });
    let proxy = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let proxy_addr = proxy.local_addr().unwrap();
    let faults = Faults::default();
    let queue = faults.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = proxy.accept().await {
            let fault = queue.next();
            tokio::spawn(relay(stream, upstream_addr, fault));
        }
    });
    // A direct client, to set up and to count what the sandbox holds.
    let direct = Client::builder(format!("http://{upstream_addr}"))
        .credentials(Credentials::new().client_id(CLIENT_ID).client_secret(CLIENT_SECRET))
        .build()
        .unwrap();
    (proxy_addr, faults, direct)
}

/// The client under test: 3 attempts, 20 ms backoff, a 2 s deadline per call, and a new
/// connection per request (so that each meets the next fault).
fn client(proxy: SocketAddr) -> Client {
    let http = reqwest::Client::builder().pool_max_idle_per_host(0).build().unwrap();
    Client::builder(format!("http://{proxy}"))
        .http_client(http)
        .credentials(Credentials::new().client_id(CLIENT_ID).client_secret(CLIENT_SECRET))
        .retry(
            RetryPolicy::attempts(3)
                .with_backoff(Duration::from_millis(20), Duration::from_millis(20))
                .with_max_retry_after(Duration::from_secs(5))
                .with_deadline(Duration::from_secs(2)),
        )
        .build()
        .unwrap()
}

#[tokio::test]
async fn an_idempotent_change_takes_effect_once_whatever_the_fault() {
    let (proxy, faults, direct) = faulty_sandbox().await;
    let member = register(&direct, "tb-faults", "13700000041").await;
    let crm = client(proxy);
    let change = |token: &str| ChangePoints::new(token, points(&member, "SEND", 10));

    // Killed after the server acted: retried with the same token, answered by the replay.
    faults.then(&[Fault::KillAfterServerActed]);
    let started = Instant::now();
    crm.change_points(change("t-killed")).await.expect("the retry succeeds");
    assert!(started.elapsed() < Duration::from_secs(1));
    assert_eq!(balance(&direct, &member).await, 10, "applied once, not twice");

    // Reset before the server saw it: retried, applied once.
    faults.then(&[Fault::Reset]);
    crm.change_points(change("t-reset")).await.expect("the retry succeeds");
    assert_eq!(balance(&direct, &member).await, 20);

    // 503s without Retry-After: the backoff, then success; with a short Retry-After, obeyed.
    faults.then(&[Fault::Unavailable(None), Fault::Unavailable(None)]);
    crm.change_points(change("t-503"))
        .await
        .expect("the third attempt succeeds");
    faults.then(&[Fault::Unavailable(Some(1))]);
    let started = Instant::now();
    crm.change_points(change("t-503-after")).await.expect("after the wait");
    assert!(started.elapsed() >= Duration::from_secs(1), "Retry-After obeyed");
    assert_eq!(balance(&direct, &member).await, 40);

    // A Retry-After beyond the maximum (5 s): no retry; the caller sees the 503 at once.
    faults.then(&[Fault::Unavailable(Some(120))]);
    let started = Instant::now();
    let err = crm.change_points(change("t-503-long")).await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert!(
        started.elapsed() < Duration::from_millis(500),
        "{:?}",
        started.elapsed()
    );

    // A 503 storm: three attempts, then the last 503.
    faults.then(&[Fault::Unavailable(None); 3]);
    assert_eq!(
        crm.change_points(change("t-storm")).await.unwrap_err().status(),
        Some(503)
    );

    // A stall: the deadline ends the call (2 s), nothing applied.
    faults.then(&[Fault::Stall]);
    let started = Instant::now();
    let err = crm.change_points(change("t-stall")).await.unwrap_err();
    let took = started.elapsed();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(
        took >= Duration::from_millis(1900) && took < Duration::from_secs(3),
        "{took:?}"
    );
    assert_eq!(
        balance(&direct, &member).await,
        40,
        "the stalled, long-503 and storm calls changed nothing"
    );

    // The caller retries those later with their tokens: each applies once.
    for token in ["t-503-long", "t-storm", "t-stall"] {
        crm.change_points(change(token)).await.expect("no fault now");
    }
    assert_eq!(balance(&direct, &member).await, 70);
    assert_eq!(point_records(&direct, &member).await.len(), 7, "one record per token");
}

#[tokio::test]
async fn a_slow_body_is_bounded_by_the_deadline() {
    let (proxy, faults, direct) = faulty_sandbox().await;
    let member = register(&direct, "tb-slow", "13700000042").await;
    let crm = client(proxy);
    faults.then(&[Fault::SlowBody]);
    let started = Instant::now();
    let err = crm
        .query_member(QueryMember::new(common::MT).member_id(member.clone()))
        .await
        .unwrap_err();
    let took = started.elapsed();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(took < Duration::from_secs(3), "bounded by the 2 s deadline: {took:?}");
    // A non-idempotent call is never retried: a POST without a key sees the fault itself.
    faults.then(&[Fault::Reset]);
    let body = shuyun_crm::models::RegisterMemberRequest::new("TAOBAO", "tb-once", common::MT);
    let err = crm
        .register_member(shuyun_crm::requests::RegisterMember::new(body))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
}
