//! Operations: what every change answers with, and where it stands.

use cloud_core::Result;
use cloud_core::operation::OperationStatus;
use serde::Deserialize;

use super::common::{parse_json, segment_after};

/// Most errors of one operation put into the message.
const MAX_ERRORS: usize = 8;

/// A zone, region or global operation, as Compute Engine reports it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    /// The operation's name (`operation-1715698863512-…`).
    pub name: String,
    /// `PENDING`, `RUNNING` or `DONE`.
    #[serde(default)]
    pub status: String,
    /// Percent done, when reported.
    #[serde(default)]
    pub progress: Option<i64>,
    /// The zone's URL, for a zone operation.
    #[serde(default)]
    pub zone: Option<String>,
    /// The region's URL, for a region operation.
    #[serde(default)]
    pub region: Option<String>,
    /// The resource it works on.
    #[serde(default)]
    pub target_link: Option<String>,
    /// A word on what it is doing.
    #[serde(default)]
    pub status_message: Option<String>,
    /// The errors of a failed operation.
    #[serde(default)]
    pub error: Option<OperationErrors>,
}

/// `error` of a failed operation.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct OperationErrors {
    /// Each error: a code such as `QUOTA_EXCEEDED` and a message.
    #[serde(default)]
    pub errors: Vec<OperationError>,
}

/// One error of a failed operation.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct OperationError {
    /// The reason (`ZONE_RESOURCE_POOL_EXHAUSTED`, `QUOTA_EXCEEDED`, …).
    #[serde(default)]
    pub code: Option<String>,
    /// The explanation.
    #[serde(default)]
    pub message: Option<String>,
}

impl Operation {
    /// The project-relative path of the operation (`zones/us-central1-a/operations/…`,
    /// `regions/us-central1/operations/…` or `global/operations/…`); the handle put in
    /// an [`OperationRef`](cloud_core::operation::OperationRef).
    pub fn path(&self) -> String {
        let zone = self.zone.as_deref().and_then(|z| scope_name(z, "zones"));
        let region = self
            .region
            .as_deref()
            .and_then(|r| scope_name(r, "regions"));
        match (zone, region) {
            (Some(zone), _) => format!("zones/{zone}/operations/{}", self.name),
            (None, Some(region)) => format!("regions/{region}/operations/{}", self.name),
            (None, None) => format!("global/operations/{}", self.name),
        }
    }

    /// Where the operation stands: `DONE` with errors is `Failed` (the first error's
    /// code, every message), `DONE` without is `Succeeded`, anything else is running.
    pub fn outcome(&self) -> OperationStatus {
        if self.status != "DONE" {
            return OperationStatus::Running {
                progress: self
                    .progress
                    .and_then(|p| u8::try_from(p.clamp(0, 100)).ok()),
                detail: Some(
                    self.status_message
                        .clone()
                        .unwrap_or_else(|| self.status.to_lowercase()),
                ),
            };
        }
        let errors = self.error.as_ref().map_or(&[][..], |e| &e.errors[..]);
        if errors.is_empty() {
            return OperationStatus::Succeeded;
        }
        let code = errors.iter().find_map(|e| e.code.clone());
        let messages: Vec<&str> = errors
            .iter()
            .take(MAX_ERRORS)
            .filter_map(|e| e.message.as_deref().or(e.code.as_deref()))
            .collect();
        let message = if messages.is_empty() {
            "the operation failed without a message".to_string()
        } else {
            messages.join("; ")
        };
        OperationStatus::Failed { code, message }
    }
}

/// The zone or region name of a scope URL or bare name.
fn scope_name<'a>(scope: &'a str, collection: &str) -> Option<&'a str> {
    if scope.contains('/') {
        segment_after(scope, collection)
    } else {
        Some(scope).filter(|s| !s.is_empty())
    }
}

/// Parses an operation answer.
pub fn operation(body: &[u8]) -> Result<Operation> {
    let op: Operation = parse_json(body, "operation")?;
    if op.name.is_empty() {
        return Err(cloud_core::Error::malformed("operation: no name"));
    }
    Ok(op)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operations_know_their_scope_and_state() {
        let zonal = operation(
            br#"{"kind":"compute#operation","name":"operation-1","status":"RUNNING","progress":40,
                "zone":"https://www.googleapis.com/compute/v1/projects/p/zones/us-central1-a"}"#,
        )
        .unwrap();
        assert_eq!(zonal.path(), "zones/us-central1-a/operations/operation-1");
        assert_eq!(
            zonal.outcome(),
            OperationStatus::Running {
                progress: Some(40),
                detail: Some("running".into())
            }
        );
        let regional = operation(
            br#"{"name":"operation-2","status":"DONE","region":"https://x/projects/p/regions/us-central1"}"#,
        )
        .unwrap();
        assert_eq!(
            regional.path(),
            "regions/us-central1/operations/operation-2"
        );
        assert_eq!(regional.outcome(), OperationStatus::Succeeded);
        let global = operation(br#"{"name":"operation-3","status":"PENDING"}"#).unwrap();
        assert_eq!(global.path(), "global/operations/operation-3");
    }

    #[test]
    fn a_failed_operation_reports_its_first_code_and_every_message() {
        let op = operation(
            br#"{"name":"op","status":"DONE","error":{"errors":[
                {"code":"ZONE_RESOURCE_POOL_EXHAUSTED","message":"The zone does not have enough resources"},
                {"code":"OTHER","message":"second"}]}}"#,
        )
        .unwrap();
        assert_eq!(
            op.outcome(),
            OperationStatus::Failed {
                code: Some("ZONE_RESOURCE_POOL_EXHAUSTED".into()),
                message: "The zone does not have enough resources; second".into()
            }
        );
        assert!(operation(br#"{"status":"DONE"}"#).is_err());
        assert!(operation(b"{\"name\":").is_err());
    }
}
