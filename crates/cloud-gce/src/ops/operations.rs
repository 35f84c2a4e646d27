//! Waiting for the operation every change answers with, and polling one.

use cloud_core::operation::{OperationRef, OperationStatus, wait_for_operation};
use cloud_core::{Error, Result, ids};

use crate::errors::typed_operation_error;
use crate::model::{self, Operation};
use crate::{GceCompute, PROVIDER_ID};

impl GceCompute {
    /// Waits until `op`, started by `kind` on `resource`, is `DONE`: `Ok` when it
    /// succeeded, its first error's code and every message as a typed error when it
    /// failed (`QuotaExceeded` for `QUOTA_EXCEEDED` and `ZONE_RESOURCE_POOL_EXHAUSTED`,
    /// …), `Timeout` once the `operation_timeout` has passed.
    pub(crate) async fn finish(&self, kind: &str, resource: &str, op: Operation) -> Result<()> {
        let handle = OperationRef::new(PROVIDER_ID, kind, op.path()).with_resource(resource);
        let mut known = Some(op.outcome());
        let handle_ref = &handle;
        wait_for_operation(
            handle_ref,
            &self.wait,
            move || {
                let first = known.take();
                async move {
                    match first {
                        Some(status) => Ok(status),
                        None => self.poll_operation(handle_ref).await,
                    }
                }
            },
            |status| tracing::debug!(operation = %handle_ref.id, ?status, "operation polled"),
        )
        .await
        .map_err(typed_operation_error)
    }

    /// Where the operation `handle` names stands: `GET projects/{p}/{id}` with the id a
    /// `zones/…`, `regions/…` or `global/operations/…` path.
    pub(crate) async fn poll_operation(&self, handle: &OperationRef) -> Result<OperationStatus> {
        let path = operation_path(handle)?;
        let op = self
            .api
            .get("operation_status", path, model::operation)
            .await?;
        Ok(op.outcome())
    }
}

/// The handle's path when it is one of this provider's operation paths; else
/// `NotFound`.
fn operation_path(handle: &OperationRef) -> Result<&str> {
    let id = handle.id.as_str();
    let parts: Vec<&str> = id.split('/').collect();
    let shape_ok = handle.provider == PROVIDER_ID
        && match parts.as_slice() {
            ["zones" | "regions", scope, "operations", name] => {
                ids::segment(PROVIDER_ID, "operation", scope, "operation_status").is_ok()
                    && ids::segment(PROVIDER_ID, "operation", name, "operation_status").is_ok()
            }
            ["global", "operations", name] => {
                ids::segment(PROVIDER_ID, "operation", name, "operation_status").is_ok()
            }
            _ => false,
        };
    if shape_ok {
        Ok(id)
    } else {
        Err(Error::not_found(format!(
            "no Compute Engine operation {:?}",
            id.chars().take(64).collect::<String>()
        ))
        .with_provider(PROVIDER_ID)
        .with_operation("operation_status"))
    }
}

#[cfg(test)]
mod tests {
    use cloud_core::ErrorKind;

    use super::*;

    #[test]
    fn only_operation_paths_are_polled() {
        for good in [
            "zones/us-central1-a/operations/operation-1",
            "regions/us-central1/operations/operation-2",
            "global/operations/operation-3",
        ] {
            let handle = OperationRef::new(PROVIDER_ID, "k", good);
            assert_eq!(operation_path(&handle).unwrap(), good);
        }
        for bad in [
            "",
            "zones/../operations/x",
            "global/instances/x",
            "zones/a/operations/b/c",
        ] {
            let handle = OperationRef::new(PROVIDER_ID, "k", bad);
            assert_eq!(
                operation_path(&handle).unwrap_err().kind(),
                ErrorKind::NotFound
            );
        }
        let other = OperationRef::new("azure", "k", "global/operations/x");
        assert!(operation_path(&other).is_err());
    }
}
