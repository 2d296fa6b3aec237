//! Deduplication of redelivered events: Feishu redelivers an event (same `event_id`) after
//! 15 s, 5 min, 1 h and 6 h when the answer was slow or not 200.

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A boxed future of a [`DedupStore`].
pub type DedupFuture<'a> = Pin<Box<dyn Future<Output = bool> + Send + 'a>>;

/// Remembers which event ids were seen. Share one store (e.g. over Redis) between the
/// replicas of a receiver to deduplicate across them.
pub trait DedupStore: Send + Sync + 'static {
    /// Records `event_id`; `true` when it was not seen before (within the store's memory).
    fn first_seen(&self, event_id: &str) -> DedupFuture<'_>;
}

/// An in-memory [`DedupStore`]: ids are kept for a time to live (default 7 hours, past
/// Feishu's last redelivery) and at most `capacity` of them (default 100,000; the oldest
/// go first).
#[derive(Debug)]
pub struct MemoryDedupStore {
    ttl: Duration,
    capacity: usize,
    seen: Mutex<Seen>,
}

#[derive(Debug, Default)]
struct Seen {
    at: HashMap<String, Instant>,
    order: VecDeque<(Instant, String)>,
}

impl Default for MemoryDedupStore {
    fn default() -> Self {
        MemoryDedupStore::new(Duration::from_secs(7 * 3600), 100_000)
    }
}

impl MemoryDedupStore {
    /// A store keeping ids for `ttl`, at most `capacity` of them.
    pub fn new(ttl: Duration, capacity: usize) -> Self {
        MemoryDedupStore {
            ttl,
            capacity: capacity.max(1),
            seen: Mutex::new(Seen::default()),
        }
    }

    fn record(&self, event_id: &str, now: Instant) -> bool {
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        let Seen { at, order } = &mut *seen;
        let expired = |t: &Instant| now.duration_since(*t) >= self.ttl;
        while order.front().is_some_and(|(t, _)| expired(t)) {
            pop_oldest(at, order);
        }
        if at.contains_key(event_id) {
            return false;
        }
        while order.len() >= self.capacity {
            pop_oldest(at, order);
        }
        at.insert(event_id.to_owned(), now);
        order.push_back((now, event_id.to_owned()));
        true
    }
}

fn pop_oldest(at: &mut HashMap<String, Instant>, order: &mut VecDeque<(Instant, String)>) {
    if let Some((t, id)) = order.pop_front() {
        // Only the id's latest sighting removes it.
        if at.get(&id) == Some(&t) {
            at.remove(&id);
        }
    }
}

impl DedupStore for MemoryDedupStore {
    fn first_seen(&self, event_id: &str) -> DedupFuture<'_> {
        let first = self.record(event_id, Instant::now());
        Box::pin(std::future::ready(first))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forgets_after_the_ttl_and_past_the_capacity() {
        let store = MemoryDedupStore::new(Duration::from_secs(10), 2);
        let t0 = Instant::now();
        assert!(store.record("a", t0));
        assert!(!store.record("a", t0 + Duration::from_secs(9)));
        assert!(store.record("a", t0 + Duration::from_secs(11)));
        assert!(store.record("b", t0 + Duration::from_secs(11)));
        // Capacity 2: recording "c" pushes out the oldest ("a").
        assert!(store.record("c", t0 + Duration::from_secs(11)));
        assert!(store.record("a", t0 + Duration::from_secs(11)));
        assert!(!store.record("c", t0 + Duration::from_secs(11)));
    }
}
