//! The runtime's clocks: every read of the time (monotonic and system time, timers, receive
//! timeouts, `statistics`) and the scheduler's wait for the next timer go through here, so a
//! target without the OS's clocks has one place to get them from.
//!
//! Natively the clocks are `std::time`'s, and waiting sleeps the thread. On
//! `wasm32-unknown-unknown` `std::time::Instant::now`, `SystemTime::now` and `thread::sleep`
//! panic, so nothing here calls them there: time comes from a [`HostClock`] the embedder (the
//! wasm32 engine, from its JS host) installs with [`set_host_clock`], and without one the
//! clock is virtual — it starts at 0 (the Unix epoch for system time) and moves only when the
//! scheduler waits. The scheduler cannot block there, so a wait for a timer skips the clock
//! ahead to it, with or without a host clock: `timer:sleep(100)` returns at once, and the
//! program sees 100 ms more on both clocks.

use std::time::Duration;

/// A point in monotonic time: nanoseconds since the clock's origin (natively, its first read
/// in this OS process). Ordered, so timers sort by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Instant(u64);

impl Instant {
    pub fn now() -> Instant {
        Instant(source::monotonic_nanos())
    }

    /// `self` plus `duration` (saturating: a very long timeout is one that never comes).
    pub fn after(self, duration: Duration) -> Instant {
        let nanos = u64::try_from(duration.as_nanos()).unwrap_or(u64::MAX);
        Instant(self.0.saturating_add(nanos))
    }

    /// The time from `earlier` to `self`, zero if `earlier` is later.
    pub fn saturating_duration_since(self, earlier: Instant) -> Duration {
        Duration::from_nanos(self.0.saturating_sub(earlier.0))
    }

    /// The time since `self`.
    pub fn elapsed(self) -> Duration {
        Instant::now().saturating_duration_since(self)
    }
}

/// Monotonic time in nanoseconds (`erlang:monotonic_time/0`'s native unit): from 0 at the
/// clock's origin (OTP's may be negative; ours is not).
pub(crate) fn monotonic_nanos() -> i64 {
    i64::try_from(source::monotonic_nanos()).unwrap_or(i64::MAX)
}

/// System time in nanoseconds since the Unix epoch (0 for a clock before it).
pub(crate) fn system_nanos() -> i64 {
    source::system_nanos()
}

/// Waits until `deadline` (the scheduler, when every process waits for a timer).
pub(crate) fn wait_until(deadline: Instant) {
    source::wait(deadline.saturating_duration_since(Instant::now()));
}

/// Where time comes from on a target without the OS's clocks: functions of the embedder (on
/// `wasm32-unknown-unknown`, imports from the JS host such as `performance.now()` and
/// `Date.now()`, in nanoseconds).
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
#[derive(Clone, Copy, Debug)]
pub struct HostClock {
    /// Monotonic time in nanoseconds from any fixed origin; never decreasing.
    pub monotonic_nanos: fn() -> u64,
    /// System time in nanoseconds since the Unix epoch.
    pub system_nanos: fn() -> i64,
}

/// Installs the clock the runtime reads from now on; `false` (and nothing changes) when one
/// was installed before. Until one is, the clock is virtual (see the module's comment).
#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
pub fn set_host_clock(clock: HostClock) -> bool {
    source::HOST.set(clock).is_ok()
}

#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
mod source {
    use std::sync::OnceLock;
    use std::time::{Duration, SystemTime, UNIX_EPOCH};

    static ORIGIN: OnceLock<std::time::Instant> = OnceLock::new();

    pub fn monotonic_nanos() -> u64 {
        let origin = ORIGIN.get_or_init(std::time::Instant::now);
        u64::try_from(origin.elapsed().as_nanos()).unwrap_or(u64::MAX)
    }

    pub fn system_nanos() -> i64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos() as i64)
            .unwrap_or(0)
    }

    pub fn wait(duration: Duration) {
        std::thread::sleep(duration);
    }
}

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
mod source {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::OnceLock;
    use std::time::Duration;

    use super::HostClock;

    pub(super) static HOST: OnceLock<HostClock> = OnceLock::new();

    /// Nanoseconds the clock was skipped ahead by waits.
    static SKIPPED: AtomicU64 = AtomicU64::new(0);

    fn skipped() -> u64 {
        SKIPPED.load(Ordering::Relaxed)
    }

    pub fn monotonic_nanos() -> u64 {
        let host = HOST.get().map_or(0, |clock| (clock.monotonic_nanos)());
        host.saturating_add(skipped())
    }

    pub fn system_nanos() -> i64 {
        let host = HOST.get().map_or(0, |clock| (clock.system_nanos)());
        host.saturating_add(i64::try_from(skipped()).unwrap_or(i64::MAX))
    }

    pub fn wait(duration: Duration) {
        let nanos = u64::try_from(duration.as_nanos()).unwrap_or(u64::MAX);
        let _ = SKIPPED.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |s| {
            Some(s.saturating_add(nanos))
        });
    }
}
