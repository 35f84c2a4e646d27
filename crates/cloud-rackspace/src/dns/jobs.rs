//! Waiting for the asynchronous job every change answers with: polled at
//! `/status/{jobId}?showDetails=true` through the core's poll loop until it is
//! `COMPLETED` (its answer returned) or `ERROR` (the provider's reason as a typed error),
//! or until the wait's time limit (a `Timeout` error naming the job).

use cloud_core::operation::{PollStep, WaitOptions, poll_until};
use cloud_core::{Error, ErrorKind, Result};

use super::client::DnsClient;
use crate::PROVIDER_ID;
use crate::model::dns::{Job, JobStatus, job_failure};

/// Waits until `job` (just started by `operation`) has finished, and returns its last
/// state when it completed. A job already finished in the `202` answer is not polled.
pub(crate) async fn wait(
    client: &DnsClient,
    job: Job,
    options: &WaitOptions,
    operation: &str,
) -> Result<Job> {
    let job_id = job.id.clone();
    let mut last = status_word(&job.status);
    if let PollStep::Done(result) = finished(job, operation) {
        return result;
    }
    let outcome = {
        let last = &mut last;
        poll_until(
            options,
            || client.job_status(operation, &job_id),
            |answer: Result<Job>| match answer {
                Ok(job) => {
                    *last = status_word(&job.status);
                    finished(job, operation)
                }
                Err(err) if err.is_retryable() => {
                    tracing::debug!(error = %err, "polling a Cloud DNS job failed; trying again");
                    *last = format!("last poll failed: {err}");
                    PollStep::Again
                }
                Err(err) => PollStep::Done(Err(err)),
            },
        )
        .await
    };
    outcome.unwrap_or_else(|| {
        Err(Error::new(
            ErrorKind::Timeout,
            format!(
                "Cloud DNS job {job_id} not finished after {:?} (last seen: {last}); the \
                 change may still be applied",
                options.timeout
            ),
        )
        .with_provider(PROVIDER_ID)
        .with_operation(operation))
    })
}

/// Whether `job` is done: completed (the job), failed (the provider's reason), or not yet.
fn finished(job: Job, operation: &str) -> PollStep<Result<Job>> {
    match job.status {
        JobStatus::Completed => PollStep::Done(Ok(job)),
        JobStatus::Error => PollStep::Done(Err(job_failure(&job).with_operation(operation))),
        JobStatus::Initialized | JobStatus::Running | JobStatus::Other(_) => PollStep::Again,
    }
}

/// The status as Cloud DNS spells it, for timeout messages.
fn status_word(status: &JobStatus) -> String {
    match status {
        JobStatus::Initialized => "INITIALIZED".into(),
        JobStatus::Running => "RUNNING".into(),
        JobStatus::Completed => "COMPLETED".into(),
        JobStatus::Error => "ERROR".into(),
        JobStatus::Other(word) => word.clone(),
    }
}
