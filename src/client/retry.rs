//! What is retried, and how long to wait before the next attempt.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

/// The retry policy of a client ([`super::ClientBuilder::retry`]).
///
/// - rate limits (HTTP 429 or code 99991400) wait for the `x-ogw-ratelimit-reset` seconds
///   (at most `max_rate_limit_wait`, plus up to 10% jitter), else back off;
/// - connection failures (the request never reached Feishu) are retried for every method;
/// - 5xx answers and timeouts are retried for idempotent methods (GET, PUT, DELETE) only,
///   unless `retry_non_idempotent` (or [`super::RequestOptions::retry_non_idempotent`]);
/// - backoff is exponential from `base_backoff`, capped at `max_backoff`, with jitter.
///
/// Invalid-token answers are not retries: the request is replayed once with a new token.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Attempts in all, the first included (1: no retry).
    pub max_attempts: u32,
    pub base_backoff: Duration,
    pub max_backoff: Duration,
    /// The cap on a rate-limit wait.
    pub max_rate_limit_wait: Duration,
    /// Retry 5xx answers and timeouts of POST and PATCH requests too.
    pub retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_rate_limit_wait: Duration::from_secs(60),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// Sets the number of attempts (the first included).
    pub fn max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = n.max(1);
        self
    }

    /// Sets the backoff of the first retry and the cap.
    pub fn backoff(mut self, base: Duration, max: Duration) -> Self {
        self.base_backoff = base;
        self.max_backoff = max;
        self
    }

    /// Sets the cap on rate-limit waits.
    pub fn max_rate_limit_wait(mut self, cap: Duration) -> Self {
        self.max_rate_limit_wait = cap;
        self
    }

    /// Retries 5xx answers and timeouts of non-idempotent methods too.
    pub fn retry_non_idempotent(mut self, yes: bool) -> Self {
        self.retry_non_idempotent = yes;
        self
    }

    /// The wait before attempt `attempt + 1` after a failure of attempt `attempt` (1-based):
    /// `base * 2^(attempt-1)`, capped, minus up to half of it at random (so that clients
    /// that failed together do not come back together).
    pub(crate) fn backoff_after(&self, attempt: u32) -> Duration {
        let exp = self
            .base_backoff
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
        let d = exp.min(self.max_backoff);
        d - d.mul_f64(random_unit() / 2.0)
    }

    /// The wait after a rate-limit answer: the reset seconds the gateway gave, capped, plus
    /// up to 10% jitter; without the header, the backoff.
    pub(crate) fn rate_limit_wait(&self, reset_secs: Option<u64>, attempt: u32) -> Duration {
        match reset_secs {
            Some(s) => {
                let d = Duration::from_secs(s).min(self.max_rate_limit_wait);
                d + d.mul_f64(random_unit() / 10.0)
            }
            None => self.backoff_after(attempt),
        }
    }
}

/// A number in `[0, 1)` from std's per-process random hasher keys: jitter needs no
/// cryptographic quality and no dependency.
fn random_unit() -> f64 {
    let mut h = RandomState::new().build_hasher();
    h.write_u64(0x5eed);
    (h.finish() >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_are_capped_and_jittered_within_bounds() {
        let p = RetryPolicy::default().backoff(Duration::from_millis(100), Duration::from_secs(1));
        for attempt in 1..10 {
            let full =
                Duration::from_millis(100 * (1 << (attempt - 1))).min(Duration::from_secs(1));
            let d = p.backoff_after(attempt);
            assert!(d <= full && d >= full / 2, "{attempt}: {d:?}");
        }
        let p = p.max_rate_limit_wait(Duration::from_secs(10));
        let d = p.rate_limit_wait(Some(3), 1);
        assert!(
            d >= Duration::from_secs(3) && d <= Duration::from_millis(3300),
            "{d:?}"
        );
        let d = p.rate_limit_wait(Some(3600), 1);
        assert!(
            d >= Duration::from_secs(10) && d <= Duration::from_secs(11),
            "{d:?}"
        );
    }
}
