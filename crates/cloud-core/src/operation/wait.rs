//! Waiting for a provider operation to finish.

use std::future::Future;

use super::{OperationRef, OperationStatus, PollStep, WaitOptions, poll_until};
use crate::{Error, ErrorKind, Result};

/// Polls `op` with `poll` until it finishes, calling `on_poll` with every status seen.
///
/// - [`OperationStatus::Succeeded`] → `Ok(())`.
/// - [`OperationStatus::Failed`] → an [`ErrorKind::Provider`] error carrying the
///   provider's code and message and naming the operation.
/// - A poll error that [is retryable](Error::is_retryable) (a dropped connection, a
///   rate limit) is logged and polling goes on; any other poll error is returned at once.
/// - Once `options.timeout` has passed → [`ErrorKind::Timeout`], naming the operation,
///   how long it waited and the last thing seen.
///
/// Dropping the returned future cancels the wait (the provider's operation goes on).
pub async fn wait_for_operation<F, Fut>(
    op: &OperationRef,
    options: &WaitOptions,
    poll: F,
    mut on_poll: impl FnMut(&OperationStatus),
) -> Result<()>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<OperationStatus>>,
{
    let mut last_seen = None;
    let last = &mut last_seen;
    let outcome = poll_until(options, poll, move |answer: Result<OperationStatus>| {
        let status = match answer {
            Ok(status) => status,
            Err(err) if err.is_retryable() => {
                tracing::debug!(operation = %op.id, error = %err, "polling failed; trying again");
                *last = Some(format!("last poll failed: {err}"));
                return PollStep::Again;
            }
            Err(err) => return PollStep::Done(Err(err.in_context(&op.provider, &op.kind))),
        };
        on_poll(&status);
        match status {
            OperationStatus::Succeeded => PollStep::Done(Ok(())),
            OperationStatus::Failed { code, message } => {
                PollStep::Done(Err(failed(op, code, message)))
            }
            OperationStatus::Running { progress, detail } => {
                *last = describe_running(progress, detail);
                PollStep::Again
            }
        }
    })
    .await;
    outcome.unwrap_or_else(|| {
        let mut message = format!(
            "operation {} still running after {:?}",
            op.id, options.timeout
        );
        if let Some(last) = last_seen {
            message.push_str(&format!(" ({last})"));
        }
        Err(Error::new(ErrorKind::Timeout, message)
            .with_provider(&op.provider)
            .with_operation(&op.kind))
    })
}

/// The error for an operation the provider reports as failed.
fn failed(op: &OperationRef, code: Option<String>, message: String) -> Error {
    let err = Error::new(
        ErrorKind::Provider,
        format!("{message} (operation {})", op.id),
    )
    .with_provider(&op.provider)
    .with_operation(&op.kind);
    match code {
        Some(code) => err.with_code(code),
        None => err,
    }
}

/// `40% done, creating disk`, or `None` when the provider said nothing.
fn describe_running(progress: Option<u8>, detail: Option<String>) -> Option<String> {
    match (progress, detail) {
        (Some(p), Some(d)) => Some(format!("{p}% done, {d}")),
        (Some(p), None) => Some(format!("{p}% done")),
        (None, Some(d)) => Some(d),
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    fn op() -> OperationRef {
        OperationRef::new("gce", "create_node", "operation-1700-abc").with_resource("node-1")
    }

    fn options() -> WaitOptions {
        WaitOptions {
            poll_interval: Duration::from_secs(3),
            timeout: Duration::from_secs(60),
            jitter: 0.0,
        }
    }

    fn running(progress: u8) -> Result<OperationStatus> {
        Ok(OperationStatus::Running {
            progress: Some(progress),
            detail: None,
        })
    }

    /// Waits on a poll that answers from `script` in turn (repeating its last answer),
    /// and returns the outcome, the number of polls and the statuses `on_poll` saw.
    async fn wait(
        options: &WaitOptions,
        script: Vec<fn() -> Result<OperationStatus>>,
    ) -> (Result<()>, usize, Vec<OperationStatus>) {
        let mut polls = 0;
        let mut seen = Vec::new();
        let result = wait_for_operation(
            &op(),
            options,
            || {
                let answer = script[polls.min(script.len() - 1)]();
                polls += 1;
                std::future::ready(answer)
            },
            |status| seen.push(status.clone()),
        )
        .await;
        (result, polls, seen)
    }

    #[tokio::test(start_paused = true)]
    async fn an_operation_that_succeeds_after_three_polls() {
        let (result, polls, seen) = wait(
            &options(),
            vec![|| running(10), || running(60), || {
                Ok(OperationStatus::Succeeded)
            }],
        )
        .await;
        result.unwrap();
        assert_eq!(polls, 3);
        assert_eq!(
            seen,
            [
                running(10).unwrap(),
                running(60).unwrap(),
                OperationStatus::Succeeded
            ]
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_failed_operation_carries_the_providers_code_and_message() {
        let (result, polls, _) = wait(
            &options(),
            vec![|| running(10), || {
                Ok(OperationStatus::Failed {
                    code: Some("QUOTA_EXCEEDED".into()),
                    message: "Quota 'CPUS' exceeded in region us-central1".into(),
                })
            }],
        )
        .await;
        let err = result.unwrap_err();
        assert_eq!(polls, 2);
        assert_eq!(err.kind(), ErrorKind::Provider);
        assert_eq!(err.code(), Some("QUOTA_EXCEEDED"));
        assert_eq!(err.provider(), Some("gce"));
        assert_eq!(err.operation(), Some("create_node"));
        assert_eq!(
            err.to_string(),
            "gce create_node: QUOTA_EXCEEDED: Quota 'CPUS' exceeded in region us-central1 \
             (operation operation-1700-abc)"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn an_operation_that_outlives_its_deadline_times_out() {
        let options = WaitOptions {
            timeout: Duration::from_secs(10),
            ..options()
        };
        let start = tokio::time::Instant::now();
        let (result, polls, _) = wait(
            &options,
            vec![|| {
                Ok(OperationStatus::Running {
                    progress: Some(40),
                    detail: Some("creating disk".into()),
                })
            }],
        )
        .await;
        let err = result.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Timeout);
        assert_eq!(
            err.to_string(),
            "gce create_node: operation operation-1700-abc still running after 10s \
             (40% done, creating disk)"
        );
        assert_eq!(polls, 5, "at 0, 3, 6, 9 and 10 seconds");
        assert_eq!(start.elapsed(), Duration::from_secs(10));
    }

    #[tokio::test(start_paused = true)]
    async fn retryable_poll_errors_are_tolerated() {
        let (result, polls, seen) = wait(
            &options(),
            vec![
                || Err(Error::new(ErrorKind::Transport, "connection reset")),
                || Err(Error::new(ErrorKind::RateLimited, "slow down")),
                || running(50),
                || Ok(OperationStatus::Succeeded),
            ],
        )
        .await;
        result.unwrap();
        assert_eq!(polls, 4);
        assert_eq!(seen.len(), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_timeout_after_failing_polls_names_the_last_error() {
        let options = WaitOptions {
            timeout: Duration::from_secs(5),
            ..options()
        };
        let (result, _, seen) = wait(
            &options,
            vec![|| Err(Error::new(ErrorKind::Transport, "connection reset"))],
        )
        .await;
        let err = result.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Timeout);
        assert!(
            err.to_string()
                .contains("last poll failed: connection reset"),
            "{err}"
        );
        assert!(seen.is_empty());
    }

    #[tokio::test(start_paused = true)]
    async fn a_non_retryable_poll_error_is_returned_at_once() {
        let start = tokio::time::Instant::now();
        let (result, polls, _) = wait(
            &options(),
            vec![|| {
                Err(Error::new(ErrorKind::PermissionDenied, "not allowed").with_provider("gce"))
            }],
        )
        .await;
        let err = result.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::PermissionDenied);
        assert_eq!(err.operation(), Some("create_node"));
        assert_eq!(polls, 1);
        assert_eq!(start.elapsed(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn dropping_the_wait_stops_polling() {
        let (op, options) = (op(), options());
        let mut polls = 0;
        let waiting = wait_for_operation(
            &op,
            &options,
            || {
                polls += 1;
                std::future::ready(running(1))
            },
            |_| {},
        );
        let timed_out = tokio::time::timeout(Duration::from_secs(7), waiting).await;
        assert!(timed_out.is_err());
        tokio::time::sleep(Duration::from_secs(60)).await;
        assert_eq!(polls, 3, "at 0, 3 and 6 seconds, none after the drop");
    }
}
