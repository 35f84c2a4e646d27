//! Long-running operations on replay: a driver polling an operation that never
//! finishes gives up with a `Timeout` once its `operation_timeout` has passed.

use std::time::{Duration, Instant};

use cloud_core::ErrorKind;
use cloud_core::ProviderConfig;
use cloud_core::compute::Compute;

use crate::replay::Replay;

/// Sets the options with which a driver gives up on an operation after 0.3 s, polling
/// it every 50 ms.
pub fn impatient(config: &mut ProviderConfig) {
    config
        .options
        .insert("operation_timeout".into(), "0.3".into());
    config
        .options
        .insert("operation_poll_interval".into(), "0.05".into());
}

/// Checks that `stop_node(node)`, whose operation the replay keeps running, fails with
/// a `Timeout` for `stop_node` saying it is still running and naming `last_status` (the
/// status last polled), within 3 s and after at least two polls (`GET`s in the
/// replay's history). Configure the driver with [`impatient`] first.
pub async fn stop_times_out(compute: &dyn Compute, replay: &Replay, node: &str, last_status: &str) {
    let started = Instant::now();
    let err = compute.stop_node(node).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    assert_eq!(err.operation(), Some("stop_node"));
    assert!(err.message().contains("still running"), "{err}");
    assert!(err.message().contains(last_status), "{err}");
    assert!(started.elapsed() < Duration::from_secs(3));
    let polls = replay
        .history()
        .iter()
        .filter(|line| line.starts_with("GET "))
        .count();
    assert!(polls >= 2, "polled {polls} times: {:?}", replay.history());
}
