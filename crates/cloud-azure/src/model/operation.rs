//! The status document an `Azure-AsyncOperation` URL answers with: `{"status":
//! "InProgress" | "Succeeded" | "Failed" | "Canceled", "error": {"code", "message"},
//! "percentComplete"}`.

use cloud_core::Result;
use cloud_core::operation::OperationStatus;
use serde::Deserialize;

use super::common::parse_json;
use crate::errors::Body;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AsyncOperation {
    status: String,
    #[serde(default)]
    error: Option<Body>,
    #[serde(default)]
    percent_complete: Option<f64>,
}

/// Where an asynchronous operation stands: `Succeeded`; `Failed` with its error's code
/// and message (`Canceled` too, with the code `Canceled` when Azure gives none); any
/// other word (`InProgress`, `Accepted`, …) is running.
pub fn async_operation(body: &[u8]) -> Result<OperationStatus> {
    let op: AsyncOperation = parse_json(body, "asynchronous operation status")?;
    let word = op.status.to_ascii_lowercase();
    Ok(match word.as_str() {
        "succeeded" => OperationStatus::Succeeded,
        "failed" | "canceled" | "cancelled" => {
            let error = op.error.unwrap_or_default();
            let code = error
                .best_code()
                .map(str::to_string)
                .or_else(|| (word != "failed").then(|| "Canceled".to_string()));
            let message = match error.message {
                Some(_) => error.full_message(),
                None => format!("the operation ended {}", op.status),
            };
            OperationStatus::Failed { code, message }
        }
        _ => OperationStatus::Running {
            progress: op
                .percent_complete
                .filter(|p| p.is_finite())
                .map(|p| p.clamp(0.0, 100.0) as u8),
            detail: Some(op.status.chars().take(64).collect()),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_status_reads() {
        assert_eq!(
            async_operation(br#"{"status":"Succeeded"}"#).unwrap(),
            OperationStatus::Succeeded
        );
        assert_eq!(
            async_operation(br#"{"status":"InProgress","percentComplete":40.5}"#).unwrap(),
            OperationStatus::Running {
                progress: Some(40),
                detail: Some("InProgress".into())
            }
        );
        assert_eq!(
            async_operation(
                br#"{"status":"Failed","error":{"code":"AllocationFailed","message":"no room"}}"#
            )
            .unwrap(),
            OperationStatus::Failed {
                code: Some("AllocationFailed".into()),
                message: "no room".into()
            }
        );
        assert_eq!(
            async_operation(br#"{"status":"Canceled"}"#).unwrap(),
            OperationStatus::Failed {
                code: Some("Canceled".into()),
                message: "the operation ended Canceled".into()
            }
        );
        assert!(async_operation(br#"{"status":3}"#).is_err());
        assert!(async_operation(b"").is_err());
    }
}
