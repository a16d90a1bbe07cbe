//! What both benchmarks share: the spec's example answer of `queryMember`, and the request.

use shuyun_crm::models::MemberInfo;

/// `memberType` and `memberId` of the benchmarked request.
pub const MEMBER_TYPE: &str = "shuyun";
pub const MEMBER_ID: &str = "m1";
/// The credentials both sides send (any values pass `RequireCredentials`).
pub const CLIENT_ID: &str = "fa98bench3452";
pub const CLIENT_SECRET: &str = "bench-secret";

/// Where the example sits in the spec.
const EXAMPLE: &str = "/paths/~1member~1query/get/responses/200/content/application~1json/example";

/// The spec's example answer of `queryMember` (`GET /member/query`), as JSON.
pub fn example_json() -> serde_json::Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/openapi.yaml");
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    // The generator's own reading of the spec: YAML 1.2 booleans, no node budget to hit.
    let mut options = serde_saphyr::Options::default();
    options.strict_booleans = true;
    if let Some(budget) = options.budget.as_mut() {
        budget.max_nodes = usize::MAX / 2;
        budget.max_events = usize::MAX / 2;
        budget.max_total_scalar_bytes = 1 << 30;
    }
    let spec: serde_json::Value =
        serde_saphyr::from_str_with_options(&text, options).unwrap_or_else(|e| panic!("parsing {path}: {e}"));
    spec.pointer(EXAMPLE)
        .cloned()
        .unwrap_or_else(|| panic!("{path} has no example at {EXAMPLE}"))
}

/// The same example decoded as the generated model.
pub fn example_member() -> MemberInfo {
    serde_json::from_value(example_json()).expect("the example decodes as MemberInfo")
}

/// Runs `iters` calls, timing each, and answers `iters` × the median call as the sample's
/// time. On a shared 2-core machine a call (tens of microseconds) now and then waits out
/// another process's time slice (milliseconds); in a plain mean those waits, not the code,
/// decide a 5 % comparison. The calls here cost the same each time (no caches to fill, one
/// kept-alive connection), so on a quiet machine the median and the mean agree.
pub async fn median_of_calls<F, Fut, T>(iters: u64, mut call: F) -> std::time::Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = T>,
{
    let mut times = Vec::with_capacity(iters as usize);
    for _ in 0..iters {
        let start = std::time::Instant::now();
        std::hint::black_box(call().await);
        times.push(start.elapsed());
    }
    times.sort_unstable();
    let median = times.get(times.len() / 2).copied().unwrap_or_default();
    median * u32::try_from(iters).unwrap_or(u32::MAX)
}
