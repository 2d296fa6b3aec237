//! A small scoped-thread map shared by spec reading and emitting: workers pull items from a
//! shared counter and the results come back in input order, whatever the thread count.

use std::sync::atomic::{AtomicUsize, Ordering};

/// The number of worker threads `threads` stands for (0 = available parallelism).
pub fn effective_threads(threads: usize) -> usize {
    if threads == 0 {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    } else {
        threads
    }
}

/// Maps `f` over `items` with up to `threads` scoped threads pulling from a shared counter;
/// results keep the order of `items`. A panic in `f` is propagated.
pub(crate) fn par_map<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let n = effective_threads(threads).min(items.len());
    if n <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let mut results: Vec<(usize, R)> = Vec::with_capacity(items.len());
    std::thread::scope(|s| {
        let (f, next) = (&f, &next);
        let handles: Vec<_> = (0..n)
            .map(|_| {
                s.spawn(move || {
                    // A fair share up front: growing a vector of big results from empty
                    // made glibc's realloc consolidate its free lists at every doubling.
                    let mut local = Vec::with_capacity(items.len().div_ceil(n));
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        local.push((i, f(item)));
                    }
                    local
                })
            })
            .collect();
        for h in handles {
            match h.join() {
                Ok(local) => results.extend(local),
                Err(payload) => std::panic::resume_unwind(payload),
            }
        }
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn par_map_keeps_order_for_any_thread_count() {
        let items: Vec<u32> = (0..500).collect();
        let expect: Vec<u32> = items.iter().map(|i| i * 3).collect();
        for threads in [1, 2, 4, 7, 0] {
            assert_eq!(par_map(&items, threads, |i| i * 3), expect, "{threads}");
        }
        assert!(par_map(&[] as &[u32], 4, |i| *i).is_empty());
    }
}
