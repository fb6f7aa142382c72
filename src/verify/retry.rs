//! How the runner treats a store that struggles: exponential backoff with full jitter between
//! attempts, and a circuit per endpoint that opens after repeated failures so the remaining
//! requests fail at once (reported `unverified`) instead of hammering a store that is down.

use std::hash::{BuildHasher, RandomState};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Backoff between attempts: a random wait in `[0, min(cap, base × 2^attempt)]` ("full
/// jitter", as the AWS Architecture Blog's "Exponential Backoff And Jitter" recommends: it
/// spreads retries of many clients best).
#[derive(Debug, Clone, Copy)]
pub struct Backoff {
    pub base: Duration,
    pub cap: Duration,
    /// Attempts in all, the first included.
    pub max_attempts: u32,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            base: Duration::from_millis(100),
            cap: Duration::from_secs(5),
            max_attempts: 5,
        }
    }
}

impl Backoff {
    /// The ceiling of the wait after the failed attempt `attempt` (0-based).
    pub fn ceiling(&self, attempt: u32) -> Duration {
        let factor = 1u32.checked_shl(attempt.min(20)).unwrap_or(u32::MAX);
        self.base.saturating_mul(factor).min(self.cap)
    }

    /// The wait after the failed attempt `attempt`: uniform in `[0, ceiling]`.
    pub fn delay(&self, attempt: u32) -> Duration {
        let ceiling = self.ceiling(attempt);
        let nanos = u64::try_from(ceiling.as_nanos()).unwrap_or(u64::MAX);
        if nanos == 0 {
            return Duration::ZERO;
        }
        Duration::from_nanos(random_u64() % (nanos + 1))
    }
}

/// A random number without a dependency: the standard library seeds `RandomState` from the
/// operating system; hashing a counter with it gives independent draws.
fn random_u64() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    thread_local! {
        static STATE: RandomState = RandomState::new();
    }
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    STATE.with(|s| s.hash_one(n))
}

/// A circuit breaker for one endpoint. Closed, it lets requests through and counts
/// consecutive failures (connection errors, timeouts, 5xx; throttling is the store being
/// alive and does not count); at `threshold` it opens and every request fails at once for
/// `cooldown`, after which requests are tried again (half-open: one more failure reopens it).
#[derive(Debug)]
pub struct Circuit {
    threshold: u32,
    cooldown: Duration,
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    consecutive_failures: u32,
    opened_at: Option<Instant>,
    last_failure: Option<String>,
}

impl Circuit {
    pub fn new(threshold: u32, cooldown: Duration) -> Circuit {
        Circuit {
            threshold: threshold.max(1),
            cooldown,
            state: Mutex::new(State::default()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A panic while holding the lock leaves plain counters behind: still usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether a request may go out now.
    pub fn allows(&self) -> bool {
        let s = self.lock();
        match s.opened_at {
            None => true,
            Some(at) => at.elapsed() >= self.cooldown,
        }
    }

    pub fn is_open(&self) -> bool {
        !self.allows()
    }

    /// The endpoint answered (any answer but a 5xx): it is alive.
    pub fn record_success(&self) {
        let mut s = self.lock();
        s.consecutive_failures = 0;
        s.opened_at = None;
    }

    /// The endpoint failed to answer, or answered with a server error; `weight` failures
    /// at once for one that cost more (a timeout).
    pub fn record_failure(&self, weight: u32, why: &str) {
        let mut s = self.lock();
        s.consecutive_failures = s.consecutive_failures.saturating_add(weight);
        s.last_failure = Some(why.to_string());
        if s.consecutive_failures >= self.threshold {
            s.opened_at = Some(Instant::now());
        }
    }

    /// Why the endpoint last failed.
    pub fn last_failure(&self) -> Option<String> {
        self.lock().last_failure.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap_and_jitters_below_it() {
        let b = Backoff::default();
        assert_eq!(b.ceiling(0), Duration::from_millis(100));
        assert_eq!(b.ceiling(3), Duration::from_millis(800));
        assert_eq!(b.ceiling(10), Duration::from_secs(5));
        assert_eq!(b.ceiling(u32::MAX), Duration::from_secs(5));
        let draws: Vec<Duration> = (0..200).map(|_| b.delay(2)).collect();
        assert!(draws.iter().all(|d| *d <= Duration::from_millis(400)));
        // Full jitter: the draws spread over the range rather than sitting at the ceiling.
        assert!(draws.iter().any(|d| *d < Duration::from_millis(200)));
        assert!(draws.iter().any(|d| *d > Duration::from_millis(200)));
    }

    #[test]
    fn the_circuit_opens_after_consecutive_failures_only() {
        let c = Circuit::new(3, Duration::from_secs(60));
        c.record_failure(1, "refused");
        c.record_failure(1, "refused");
        c.record_success();
        c.record_failure(1, "refused");
        c.record_failure(1, "refused");
        assert!(c.allows());
        c.record_failure(1, "reset");
        assert!(c.is_open());
        assert_eq!(c.last_failure().as_deref(), Some("reset"));
        let c = Circuit::new(5, Duration::from_secs(60));
        c.record_failure(2, "timeout");
        c.record_failure(2, "timeout");
        assert!(c.allows());
        c.record_failure(2, "timeout");
        assert!(c.is_open(), "three timeouts open it");
    }

    #[test]
    fn the_circuit_half_opens_after_the_cooldown() {
        let c = Circuit::new(1, Duration::from_millis(20));
        c.record_failure(1, "refused");
        assert!(c.is_open());
        std::thread::sleep(Duration::from_millis(30));
        assert!(c.allows());
        c.record_failure(1, "refused");
        assert!(c.is_open(), "one more failure reopens it");
        std::thread::sleep(Duration::from_millis(30));
        c.record_success();
        assert!(c.allows());
    }
}
