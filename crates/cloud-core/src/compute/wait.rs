//! Waiting for a node to reach a state.

use std::time::Duration;

use rand::Rng;

use super::{Compute, Node, NodeState};
use crate::{Error, ErrorKind, Result};

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

/// Polls `get_node` until `done(&node)` holds, calling `on_poll` with every node seen.
///
/// Fails with `Timeout` when `options.timeout` passes, and at once when the node reaches
/// `Error` or `Terminated` without `done` holding.
pub async fn wait_for_node_state(
    compute: &dyn Compute,
    id: &str,
    done: impl Fn(&Node) -> bool + Send,
    options: &WaitOptions,
    mut on_poll: impl FnMut(&Node) + Send,
) -> Result<Node> {
    let deadline = tokio::time::Instant::now() + options.timeout;
    loop {
        let node = compute.get_node(id).await?;
        on_poll(&node);
        if done(&node) {
            return Ok(node);
        }
        if matches!(node.state, NodeState::Error | NodeState::Terminated) {
            return Err(Error::new(
                ErrorKind::Provider,
                format!("node {id} reached state {} while waiting", node.state),
            )
            .with_provider(compute.provider_id())
            .with_operation("wait"));
        }
        let now = tokio::time::Instant::now();
        if now >= deadline {
            return Err(Error::new(
                ErrorKind::Timeout,
                format!("node {id} still {} after {:?}", node.state, options.timeout),
            )
            .with_provider(compute.provider_id())
            .with_operation("wait"));
        }
        let delay = options.next_delay().min(deadline - now);
        tokio::time::sleep(delay).await;
    }
}

/// Waits until the node is `Running`.
pub async fn wait_until_running(
    compute: &dyn Compute,
    id: &str,
    options: &WaitOptions,
) -> Result<Node> {
    wait_for_node_state(
        compute,
        id,
        |n| n.state == NodeState::Running,
        options,
        |_| {},
    )
    .await
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
}
