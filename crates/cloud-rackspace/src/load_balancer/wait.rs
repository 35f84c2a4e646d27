//! Waiting on a balancer: the create operation of a balancer still `BUILD`, and changes
//! sent while the balancer is busy with another (`422 immutableEntity`), which are sent
//! again once it is `ACTIVE`, within a limit.

use std::future::Future;
use std::time::Duration;

use cloud_core::operation::{OperationRef, OperationStatus, WaitOptions};
use cloud_core::{Error, ErrorKind, Result};

use super::balancers;
use super::client::ClbClient;
use crate::PROVIDER_ID;
use crate::model::load_balancer::{CREATE_OPERATION, IMMUTABLE, is_immutable};

/// How long and how often a change is retried while the balancer is busy: every
/// second or so, for up to five minutes.
pub(super) fn busy_wait() -> WaitOptions {
    WaitOptions {
        poll_interval: Duration::from_secs(1),
        timeout: Duration::from_secs(300),
        jitter: 0.2,
    }
}

/// Whether a status passes by itself (the balancer takes changes again afterwards).
fn passing(status: &str) -> bool {
    matches!(
        status.to_ascii_uppercase().replace('-', "_").as_str(),
        "BUILD" | "PENDING_UPDATE" | "ACTIVE"
    )
}

/// Runs `attempt`; while it fails because balancer `balancer_id` is busy (`BUILD`,
/// `PENDING_UPDATE`), waits and runs it again, up to `busy.timeout`. A balancer that
/// cannot take changes at all (`ERROR`, `SUSPENDED`, being deleted) fails at once with
/// `Conflict` naming its status.
pub(super) async fn while_busy<T, F, Fut>(
    client: &ClbClient,
    busy: &WaitOptions,
    balancer_id: &str,
    operation: &str,
    mut attempt: F,
) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T>>,
{
    let deadline = tokio::time::Instant::now() + busy.timeout;
    loop {
        let err = match attempt().await {
            Err(err) if is_immutable(&err) => err,
            other => return other,
        };
        let status = balancers::status(client, balancer_id).await?;
        if !passing(&status) {
            return Err(Error::new(
                ErrorKind::Conflict,
                format!("load balancer {balancer_id} is {status} and takes no changes"),
            )
            .with_provider(PROVIDER_ID)
            .with_operation(operation)
            .with_code(IMMUTABLE));
        }
        let now = tokio::time::Instant::now();
        if now >= deadline {
            return Err(Error::new(
                ErrorKind::Timeout,
                format!(
                    "load balancer {balancer_id} still {status} after {:?} ({})",
                    busy.timeout,
                    err.message()
                ),
            )
            .with_provider(PROVIDER_ID)
            .with_operation(operation));
        }
        tracing::debug!(balancer = balancer_id, %status, "balancer busy; trying again");
        tokio::time::sleep(busy.poll_interval.min(deadline - now)).await;
    }
}

/// Where the create `operation` stands: running while the balancer is `BUILD`,
/// succeeded once it serves (`ACTIVE`, `PENDING_UPDATE`), failed when it went to
/// `ERROR`, `SUSPENDED` or was deleted.
pub(super) async fn operation_status(
    client: &ClbClient,
    operation: &OperationRef,
) -> Result<OperationStatus> {
    if operation.provider != PROVIDER_ID || operation.kind != CREATE_OPERATION {
        return Err(Error::invalid_input(format!(
            "operation {} of {} ({}) is not a Cloud Load Balancers create",
            operation.id, operation.provider, operation.kind
        ))
        .with_provider(PROVIDER_ID));
    }
    let status = balancers::status(client, &operation.id).await?;
    let word = status.to_ascii_uppercase().replace('-', "_");
    Ok(match word.as_str() {
        "BUILD" => OperationStatus::Running {
            progress: None,
            detail: Some(status),
        },
        "ACTIVE" | "PENDING_UPDATE" => OperationStatus::Succeeded,
        "ERROR" | "SUSPENDED" | "PENDING_DELETE" | "DELETED" => OperationStatus::Failed {
            code: Some(word.clone()),
            message: format!("load balancer {} went to {word}", operation.id),
        },
        _ => OperationStatus::Running {
            progress: None,
            detail: Some(status),
        },
    })
}
