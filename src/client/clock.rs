//! Time, behind a trait: token expiry and retry waits read it, and tests replace it with a
//! clock that moves only when told (no real sleeping in tests).

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, SystemTime};

/// A boxed sleep.
pub type SleepFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

/// The client's source of time. Wall-clock time (not `Instant`) because token expiries are
/// shared across processes through a [`super::TokenStore`].
pub trait Clock: Send + Sync + 'static {
    /// The current time.
    fn now(&self) -> SystemTime;
    /// Waits for `duration` (retry backoff, rate-limit waits).
    fn sleep(&self, duration: Duration) -> SleepFuture;
}

/// The system clock and tokio's timer.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
    fn sleep(&self, duration: Duration) -> SleepFuture {
        Box::pin(tokio::time::sleep(duration))
    }
}
