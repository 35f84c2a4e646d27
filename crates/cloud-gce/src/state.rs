//! Compute Engine's status words mapped to the portable states.

use cloud_core::compute::{NodeState, VolumeState};

/// The portable state of an instance status.
///
/// `TERMINATED` is a stopped instance in Compute Engine (it still exists and can be
/// started again), so it maps to `Stopped`, not `Terminated`. Words this driver does not
/// know are kept raw in [`NodeState::Unknown`].
pub fn node_state(status: &str) -> NodeState {
    match status {
        "PROVISIONING" | "STAGING" => NodeState::Pending,
        "RUNNING" => NodeState::Running,
        "STOPPING" | "SUSPENDING" => NodeState::Stopping,
        "STOPPED" | "TERMINATED" => NodeState::Stopped,
        "SUSPENDED" => NodeState::Suspended,
        "REPAIRING" => NodeState::Updating,
        other => NodeState::Unknown(other.to_string()),
    }
}

/// The portable state of a disk status; a `READY` disk is `InUse` when an instance uses
/// it and `Available` otherwise.
pub fn volume_state(status: &str, attached: bool) -> VolumeState {
    match status {
        "CREATING" | "RESTORING" => VolumeState::Creating,
        "READY" if attached => VolumeState::InUse,
        "READY" => VolumeState::Available,
        "DELETING" => VolumeState::Deleting,
        "FAILED" => VolumeState::Error,
        other => VolumeState::Unknown(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_every_documented_instance_status() {
        for (word, state) in [
            ("PROVISIONING", NodeState::Pending),
            ("STAGING", NodeState::Pending),
            ("RUNNING", NodeState::Running),
            ("STOPPING", NodeState::Stopping),
            ("STOPPED", NodeState::Stopped),
            ("SUSPENDING", NodeState::Stopping),
            ("SUSPENDED", NodeState::Suspended),
            ("REPAIRING", NodeState::Updating),
            ("TERMINATED", NodeState::Stopped),
        ] {
            assert_eq!(node_state(word), state, "{word}");
        }
        assert_eq!(node_state("running"), NodeState::Unknown("running".into()));
    }

    #[test]
    fn maps_disk_statuses() {
        assert_eq!(volume_state("READY", true), VolumeState::InUse);
        assert_eq!(volume_state("READY", false), VolumeState::Available);
        assert_eq!(volume_state("CREATING", false), VolumeState::Creating);
        assert_eq!(volume_state("RESTORING", false), VolumeState::Creating);
        assert_eq!(volume_state("DELETING", false), VolumeState::Deleting);
        assert_eq!(volume_state("FAILED", false), VolumeState::Error);
        assert_eq!(
            volume_state("MIGRATING", false),
            VolumeState::Unknown("MIGRATING".into())
        );
    }
}
