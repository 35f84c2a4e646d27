//! EC2 state words and the portable states they mean.

use cloud_core::compute::{NodeState, VolumeState};

/// The portable state of an instance state name (`pending`, `running`,
/// `shutting-down`, `terminated`, `stopping`, `stopped`); anything else is kept raw.
pub fn node_state(name: &str) -> NodeState {
    match name {
        "pending" => NodeState::Pending,
        "running" => NodeState::Running,
        "shutting-down" => NodeState::Terminating,
        "terminated" => NodeState::Terminated,
        "stopping" => NodeState::Stopping,
        "stopped" => NodeState::Stopped,
        other => NodeState::Unknown(other.to_string()),
    }
}

/// The portable state of a volume status (`creating`, `available`, `in-use`,
/// `deleting`, `deleted`, `error`); anything else is kept raw.
pub fn volume_state(status: &str) -> VolumeState {
    match status {
        "creating" => VolumeState::Creating,
        "available" => VolumeState::Available,
        "in-use" => VolumeState::InUse,
        "deleting" => VolumeState::Deleting,
        "deleted" => VolumeState::Deleted,
        "error" => VolumeState::Error,
        other => VolumeState::Unknown(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_instance_state_maps() {
        for (raw, want) in [
            ("pending", NodeState::Pending),
            ("running", NodeState::Running),
            ("shutting-down", NodeState::Terminating),
            ("terminated", NodeState::Terminated),
            ("stopping", NodeState::Stopping),
            ("stopped", NodeState::Stopped),
            ("hibernating", NodeState::Unknown("hibernating".into())),
        ] {
            assert_eq!(node_state(raw), want, "{raw}");
        }
    }

    #[test]
    fn every_volume_status_maps() {
        for (raw, want) in [
            ("creating", VolumeState::Creating),
            ("available", VolumeState::Available),
            ("in-use", VolumeState::InUse),
            ("deleting", VolumeState::Deleting),
            ("deleted", VolumeState::Deleted),
            ("error", VolumeState::Error),
            ("optimizing", VolumeState::Unknown("optimizing".into())),
        ] {
            assert_eq!(volume_state(raw), want, "{raw}");
        }
    }
}
