//! What a driver hands back for work the provider finishes later, and what polling it
//! reports.

use serde::{Deserialize, Serialize};

/// A provider operation that was accepted and is still running: a GCE zone operation,
/// an Azure `Azure-AsyncOperation` URL, a Route53 change, a Rackspace DNS job.
///
/// It serializes, so a caller may store it and resume waiting later.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OperationRef {
    /// The provider id (`gce`, `azure`, …).
    pub provider: String,
    /// The portable operation that started it (`create_node`, `destroy_volume`, …).
    pub kind: String,
    /// The provider's handle to poll: an operation name, change id or URL.
    pub id: String,
    /// The resource the operation works on, when known (a node id, a zone name, …).
    pub resource: Option<String>,
}

impl OperationRef {
    /// An operation with no resource named.
    pub fn new(
        provider: impl Into<String>,
        kind: impl Into<String>,
        id: impl Into<String>,
    ) -> Self {
        OperationRef {
            provider: provider.into(),
            kind: kind.into(),
            id: id.into(),
            resource: None,
        }
    }

    /// The same operation naming the resource it works on.
    pub fn with_resource(mut self, resource: impl Into<String>) -> Self {
        self.resource = Some(resource.into());
        self
    }
}

/// Where an operation stands, as one poll saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OperationStatus {
    /// Still going.
    Running {
        /// Percent done, when the provider says.
        progress: Option<u8>,
        /// The provider's word on what it is doing, when it gives one.
        detail: Option<String>,
    },
    /// Finished successfully.
    Succeeded,
    /// Finished and failed.
    Failed {
        /// The provider's error code, when it gives one (e.g. `QUOTA_EXCEEDED`).
        code: Option<String>,
        /// The provider's explanation.
        message: String,
    },
}

impl OperationStatus {
    /// Running, with nothing more known.
    pub fn running() -> Self {
        OperationStatus::Running {
            progress: None,
            detail: None,
        }
    }

    /// Whether the operation has finished, either way.
    pub fn is_finished(&self) -> bool {
        !matches!(self, OperationStatus::Running { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_operation_ref_round_trips_through_json() {
        let op =
            OperationRef::new("gce", "create_node", "operation-1700-abc").with_resource("node-1");
        let json = serde_json::to_string(&op).unwrap();
        assert_eq!(serde_json::from_str::<OperationRef>(&json).unwrap(), op);
    }

    #[test]
    fn only_running_is_unfinished() {
        assert!(!OperationStatus::running().is_finished());
        assert!(OperationStatus::Succeeded.is_finished());
        let failed = OperationStatus::Failed {
            code: None,
            message: "no".into(),
        };
        assert!(failed.is_finished());
    }
}
