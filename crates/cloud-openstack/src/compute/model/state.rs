//! Nova's server status words and Cinder's volume status words onto the portable
//! states. The raw words are kept in each resource's `extra`.

use cloud_core::compute::{NodeState, VolumeState};

/// The portable state of a server from its `status` and, when present, its
/// `OS-EXT-STS:task_state` (a server still `ACTIVE` while being deleted or powered off
/// is `Terminating` or `Stopping`). Unknown words stay as `Unknown(raw)`.
pub fn node_state(status: &str, task_state: Option<&str>) -> NodeState {
    match task_state {
        Some("deleting") => return NodeState::Terminating,
        Some("powering-off") => return NodeState::Stopping,
        Some("rebooting" | "reboot_started" | "rebooting_hard" | "reboot_started_hard") => {
            return NodeState::Rebooting;
        }
        _ => {}
    }
    match status.to_ascii_uppercase().as_str() {
        "BUILD" | "BUILDING" => NodeState::Pending,
        "ACTIVE" => NodeState::Running,
        "SHUTOFF" | "STOPPED" | "SHELVED" | "SHELVED_OFFLOADED" => NodeState::Stopped,
        "REBOOT" | "HARD_REBOOT" => NodeState::Rebooting,
        "PAUSED" | "SUSPENDED" => NodeState::Suspended,
        "RESIZE" | "VERIFY_RESIZE" | "REVERT_RESIZE" | "MIGRATING" | "REBUILD" | "PASSWORD"
        | "RESCUE" => NodeState::Updating,
        "ERROR" => NodeState::Error,
        "DELETED" | "SOFT_DELETED" => NodeState::Terminated,
        _ => NodeState::Unknown(status.to_string()),
    }
}

/// The portable state of a Cinder volume from its `status`.
pub fn volume_state(status: &str) -> VolumeState {
    match status {
        "creating" | "downloading" => VolumeState::Creating,
        "available" | "reserved" => VolumeState::Available,
        "in-use" => VolumeState::InUse,
        "attaching" | "detaching" => VolumeState::Attaching,
        "deleting" => VolumeState::Deleting,
        "deleted" => VolumeState::Deleted,
        "error" | "error_deleting" | "error_restoring" | "error_extending" | "error_managing" => {
            VolumeState::Error
        }
        other => VolumeState::Unknown(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_statuses_map() {
        use NodeState::*;
        for (status, task, want) in [
            ("BUILD", None, Pending),
            ("ACTIVE", None, Running),
            ("active", None, Running),
            ("SHUTOFF", None, Stopped),
            ("SHELVED_OFFLOADED", None, Stopped),
            ("REBOOT", None, Rebooting),
            ("HARD_REBOOT", None, Rebooting),
            ("PAUSED", None, Suspended),
            ("SUSPENDED", None, Suspended),
            ("RESIZE", None, Updating),
            ("VERIFY_RESIZE", None, Updating),
            ("REBUILD", None, Updating),
            ("ERROR", None, Error),
            ("DELETED", None, Terminated),
            ("SOFT_DELETED", None, Terminated),
            ("ACTIVE", Some("deleting"), Terminating),
            ("ACTIVE", Some("powering-off"), Stopping),
            ("ACTIVE", Some("rebooting"), Rebooting),
            ("ACTIVE", Some("image_snapshot"), Running),
            ("UNKNOWN", None, Unknown("UNKNOWN".into())),
            ("FLOATING", None, Unknown("FLOATING".into())),
        ] {
            assert_eq!(node_state(status, task), want, "{status} {task:?}");
        }
    }

    #[test]
    fn volume_statuses_map() {
        use VolumeState::*;
        for (status, want) in [
            ("creating", Creating),
            ("available", Available),
            ("in-use", InUse),
            ("attaching", Attaching),
            ("detaching", Attaching),
            ("deleting", Deleting),
            ("error_deleting", Error),
            ("backing-up", Unknown("backing-up".into())),
        ] {
            assert_eq!(volume_state(status), want, "{status}");
        }
    }
}
