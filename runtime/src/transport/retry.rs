//! When a client tries a call again, and for how long: the retry policy and `Retry-After`.

/// When and how often a failed call is tried again. Only safe calls are retried: `GET`, or an
/// operation that carries an idempotency key (re-sent with the same key); only on connect
/// errors, connections lost before the answer, timeouts, 429 and 5xx. Every retry is bounded: by the attempts, by a `Retry-After`
/// no longer than `max_retry_after`, by the call's `deadline`, and by the client's retry budget.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Attempts in all, the first included; 1 means no retry.
    pub max_attempts: u32,
    /// The wait before the first retry; it doubles with each retry, up to `max_backoff`.
    pub initial_backoff: ::std::time::Duration,
    pub max_backoff: ::std::time::Duration,
    /// Each wait is drawn between half and all of its backoff, so that clients that failed
    /// together do not retry together. On by default.
    pub jitter: bool,
    /// The longest `Retry-After` obeyed. A server that asks for a longer wait gets no retry:
    /// the caller sees its answer at once. 30 s by default.
    pub max_retry_after: ::std::time::Duration,
    /// The longest a call may take, every attempt and wait included: each attempt gets at most
    /// the time left, and no retry starts whose wait would end past it. `None` by default
    /// (only the client's per-attempt timeout applies).
    pub deadline: Option<::std::time::Duration>,
    /// Retries may add at most this fraction of the client's calls (counted over 10 s, and at
    /// least 10 retries a second are always allowed): tower's `TpsBudget`, shared by the
    /// client's clones, so a failing server is not hit with every call times `max_attempts`.
    /// 0.2 by default.
    pub budget: f32,
}

impl RetryPolicy {
    /// No retries (the default).
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            initial_backoff: ::std::time::Duration::from_millis(100),
            max_backoff: ::std::time::Duration::from_secs(5),
            jitter: true,
            max_retry_after: ::std::time::Duration::from_secs(30),
            deadline: None,
            budget: 0.2,
        }
    }

    /// Up to `max_attempts` attempts with the default backoff.
    pub fn attempts(max_attempts: u32) -> Self {
        Self {
            max_attempts,
            ..Self::none()
        }
    }

    /// The same policy with another backoff.
    pub fn with_backoff(mut self, initial: ::std::time::Duration, max: ::std::time::Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max;
        self
    }

    /// The same policy with jitter on or off.
    pub fn with_jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// The same policy with another longest `Retry-After` obeyed.
    pub fn with_max_retry_after(mut self, max: ::std::time::Duration) -> Self {
        self.max_retry_after = max;
        self
    }

    /// The same policy with an overall deadline per call.
    pub fn with_deadline(mut self, deadline: ::std::time::Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// The same policy with another retry budget (a fraction of calls, e.g. 0.2).
    pub fn with_budget(mut self, budget: f32) -> Self {
        self.budget = budget;
        self
    }

    /// The wait before retry number `retry` (1-based): the doubled backoff, capped, jittered.
    pub(crate) fn backoff(&self, retry: u32) -> ::std::time::Duration {
        let factor = 2u32.saturating_pow(retry.saturating_sub(1));
        let wait = self.initial_backoff.saturating_mul(factor).min(self.max_backoff);
        if self.jitter {
            let half = wait / 2;
            half + half.mul_f64(random_unit())
        } else {
            wait
        }
    }

    /// The wait before the next attempt, or `None` when the policy allows none: a retryable
    /// answer with a `Retry-After` beyond `max_retry_after`.
    pub(crate) fn wait(&self, retry: u32, retry_after: Option<::std::time::Duration>) -> Option<::std::time::Duration> {
        match retry_after {
            Some(asked) if asked > self.max_retry_after => None,
            Some(asked) => Some(asked),
            None => Some(self.backoff(retry)),
        }
    }
}

/// A number in [0, 1) that differs from call to call (std's hasher keys are random per
/// process and change with each `RandomState`): enough for jitter, without another crate.
fn random_unit() -> f64 {
    use ::std::hash::{BuildHasher as _, Hasher as _};
    let mut hasher = ::std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        ::std::time::SystemTime::now()
            .duration_since(::std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self::none()
    }
}

/// `Retry-After` as seconds or an HTTP date.
pub(crate) fn retry_after(headers: &::reqwest::header::HeaderMap) -> Option<::std::time::Duration> {
    let value = headers.get(::reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(::std::time::Duration::from_secs(seconds));
    }
    let at = ::httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(::std::time::SystemTime::now()).unwrap_or_default())
}
