//! Reassembly of payloads split over several data frames (`message_id`, `sum`, `seq`), with
//! a timeout and bounds on parts, bytes and messages waiting.

use super::Frame;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// The most parts one payload may be split into.
const MAX_PARTS: usize = 1024;
/// The most split payloads waiting at once (the oldest is dropped).
const MAX_WAITING: usize = 64;

struct Waiting {
    since: Instant,
    parts: Vec<Option<Vec<u8>>>,
    bytes: usize,
}

/// Parts received so far, by `message_id`.
pub(super) struct Fragments {
    timeout: Duration,
    max_bytes: usize,
    waiting: HashMap<String, Waiting>,
}

impl Fragments {
    pub(super) fn new(timeout: Duration, max_bytes: usize) -> Self {
        Fragments {
            timeout,
            max_bytes,
            waiting: HashMap::new(),
        }
    }

    /// Adds a frame's payload; returns the whole payload once every part is in (at once
    /// for an unsplit frame). Malformed, oversized or late parts are dropped.
    pub(super) fn add(&mut self, frame: &Frame, payload: Vec<u8>) -> Option<Vec<u8>> {
        let num = |k: &str| frame.header(k).and_then(|v| v.trim().parse::<usize>().ok());
        let sum = num("sum").unwrap_or(1);
        if sum <= 1 {
            return (payload.len() <= self.max_bytes).then_some(payload);
        }
        let (seq, id) = (num("seq")?, frame.header("message_id")?);
        if sum > MAX_PARTS || seq >= sum {
            tracing::warn!(sum, seq, "malformed split frame dropped");
            return None;
        }
        let now = Instant::now();
        self.waiting
            .retain(|_, w| now.duration_since(w.since) < self.timeout);
        if !self.waiting.contains_key(id) && self.waiting.len() >= MAX_WAITING {
            let oldest = self
                .waiting
                .iter()
                .min_by_key(|(_, w)| w.since)
                .map(|(k, _)| k.clone());
            if let Some(k) = oldest {
                self.waiting.remove(&k);
            }
        }
        let w = self
            .waiting
            .entry(id.to_owned())
            .or_insert_with(|| Waiting {
                since: now,
                parts: vec![None; sum],
                bytes: 0,
            });
        if w.parts.len() != sum {
            return None;
        }
        // A part sent twice replaces the first copy: count its bytes once.
        let replaced = w.parts[seq].as_ref().map_or(0, Vec::len);
        w.bytes = w.bytes - replaced + payload.len();
        if w.bytes > self.max_bytes {
            tracing::warn!(message_id = id, "split payload over the size limit dropped");
            self.waiting.remove(id);
            return None;
        }
        w.parts[seq] = Some(payload);
        if w.parts.iter().any(Option::is_none) {
            return None;
        }
        let w = self.waiting.remove(id)?;
        Some(w.parts.into_iter().flatten().flatten().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(id: &str, sum: usize, seq: usize) -> Frame {
        let mut f = Frame::default();
        f.push_header("message_id", id);
        f.push_header("sum", sum.to_string());
        f.push_header("seq", seq.to_string());
        f
    }

    #[test]
    fn reassembles_in_any_order_and_expires() {
        let mut fr = Fragments::new(Duration::from_secs(5), 100);
        assert_eq!(fr.add(&part("a", 3, 2), b"c".to_vec()), None);
        assert_eq!(fr.add(&part("a", 3, 0), b"a".to_vec()), None);
        assert_eq!(
            fr.add(&part("a", 3, 1), b"b".to_vec()),
            Some(b"abc".to_vec())
        );
        assert_eq!(fr.add(&part("b", 2, 2), b"x".to_vec()), None);
        assert_eq!(fr.add(&part("c", 2, 0), vec![0; 101]), None);
        assert_eq!(
            fr.add(&Frame::default(), b"whole".to_vec()),
            Some(b"whole".to_vec())
        );

        // A part sent again replaces the first copy, within the limit.
        assert_eq!(fr.add(&part("d", 2, 0), vec![1; 60]), None);
        assert_eq!(fr.add(&part("d", 2, 0), vec![2; 60]), None);
        let whole = fr
            .add(&part("d", 2, 1), vec![3; 10])
            .expect("70 bytes in all");
        assert_eq!((whole.len(), whole[0]), (70, 2));

        let mut fr = Fragments::new(Duration::ZERO, 100);
        assert_eq!(fr.add(&part("a", 2, 0), b"a".to_vec()), None);
        // The first part expired before the second came.
        assert_eq!(fr.add(&part("a", 2, 1), b"b".to_vec()), None);
    }
}
