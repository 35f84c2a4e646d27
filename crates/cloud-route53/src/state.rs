//! Route 53's change status words onto [`OperationStatus`].

use cloud_core::operation::OperationStatus;

/// What a change's `<Status>` means: `INSYNC` (every Route 53 name server has the
/// change) is done, `PENDING` is still running; any other word is reported as running
/// with the word as its detail, so a new status never ends a wait early.
pub fn change_status(status: &str) -> OperationStatus {
    match status.trim().to_ascii_uppercase().as_str() {
        "INSYNC" => OperationStatus::Succeeded,
        "PENDING" => OperationStatus::Running {
            progress: None,
            detail: Some("PENDING".into()),
        },
        other => OperationStatus::Running {
            progress: None,
            detail: Some(other.to_string()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insync_is_done_and_everything_else_runs() {
        assert_eq!(change_status("INSYNC"), OperationStatus::Succeeded);
        assert_eq!(change_status(" insync "), OperationStatus::Succeeded);
        for word in ["PENDING", "SOMETHING_NEW", ""] {
            assert!(!change_status(word).is_finished(), "{word:?}");
        }
    }
}
