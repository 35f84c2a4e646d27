//! The one poll loop every wait uses: a first poll at once, then jittered pauses,
//! bounded by a deadline.

use std::future::Future;
use std::time::Duration;

use rand::Rng;

/// How to poll while waiting.
#[derive(Debug, Clone)]
pub struct WaitOptions {
    /// Time between polls before jitter.
    pub poll_interval: Duration,
    /// Give up after this long.
    pub timeout: Duration,
    /// Each poll interval is stretched or shrunk by up to this fraction (0.0–1.0), so
    /// many waiters do not poll in lock step.
    pub jitter: f64,
}

impl Default for WaitOptions {
    fn default() -> Self {
        WaitOptions {
            poll_interval: Duration::from_secs(3),
            timeout: Duration::from_secs(600),
            jitter: 0.2,
        }
    }
}

impl WaitOptions {
    fn next_delay(&self) -> Duration {
        let j = self.jitter.clamp(0.0, 1.0);
        if j == 0.0 {
            return self.poll_interval;
        }
        let factor = rand::rng().random_range((1.0 - j)..=(1.0 + j));
        self.poll_interval.mul_f64(factor)
    }
}

/// What one poll decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PollStep<T> {
    /// Stop waiting with this value.
    Done(T),
    /// Poll again after the next pause.
    Again,
}

/// Calls `probe`, hands what it returned to `decide`, and repeats after a jittered
/// [`WaitOptions::poll_interval`] until `decide` says [`PollStep::Done`]. Returns the
/// value it was done with, or `None` once [`WaitOptions::timeout`] has passed (the last
/// poll happens at the deadline).
///
/// `probe` does the I/O; `decide` is plain code, free to record what it saw for the
/// caller's timeout message. Time is tokio's, so paused-clock tests run instantly.
/// Dropping the returned future stops polling.
pub async fn poll_until<S, T, Fut>(
    options: &WaitOptions,
    mut probe: impl FnMut() -> Fut,
    mut decide: impl FnMut(S) -> PollStep<T>,
) -> Option<T>
where
    Fut: Future<Output = S>,
{
    let deadline = tokio::time::Instant::now() + options.timeout;
    loop {
        if let PollStep::Done(value) = decide(probe().await) {
            return Some(value);
        }
        let now = tokio::time::Instant::now();
        if now >= deadline {
            return None;
        }
        let delay = options.next_delay().min(deadline - now);
        tokio::time::sleep(delay).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jitter_stays_in_bounds() {
        let o = WaitOptions {
            poll_interval: Duration::from_millis(1000),
            timeout: Duration::from_secs(1),
            jitter: 0.25,
        };
        for _ in 0..200 {
            let d = o.next_delay();
            assert!(
                d >= Duration::from_millis(750) && d <= Duration::from_millis(1250),
                "{d:?}"
            );
        }
        let none = WaitOptions { jitter: 0.0, ..o };
        assert_eq!(none.next_delay(), Duration::from_millis(1000));
    }

    #[tokio::test(start_paused = true)]
    async fn polls_at_once_then_every_interval_until_the_deadline() {
        let options = WaitOptions {
            poll_interval: Duration::from_secs(3),
            timeout: Duration::from_secs(10),
            jitter: 0.0,
        };
        let start = tokio::time::Instant::now();
        let mut at = Vec::new();
        let done: Option<()> = poll_until(
            &options,
            || std::future::ready(start.elapsed().as_secs()),
            |secs| {
                at.push(secs);
                PollStep::Again
            },
        )
        .await;
        assert_eq!(done, None);
        assert_eq!(at, [0, 3, 6, 9, 10]);
    }

    #[tokio::test(start_paused = true)]
    async fn stops_as_soon_as_decide_is_done() {
        let mut polls = 0;
        let value = poll_until(
            &WaitOptions::default(),
            || {
                polls += 1;
                std::future::ready(polls)
            },
            |n| {
                if n == 3 {
                    PollStep::Done(n * 10)
                } else {
                    PollStep::Again
                }
            },
        )
        .await;
        assert_eq!(value, Some(30));
    }
}
