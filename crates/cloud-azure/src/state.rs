//! Azure's status words mapped to the portable states.

use cloud_core::compute::{NodeState, VolumeState};

/// The portable state of a VM from its provisioning state (`Succeeded`, `Creating`, …,
/// or the instance view's `ProvisioningState/…` word) and its power state (the word
/// after `PowerState/`, from the instance view), when known. Matching ignores case.
///
/// A VM being created, deleted or that failed to provision says so whatever its power;
/// otherwise the power state decides: `running` → running, `starting` → pending,
/// `stopping` and `deallocating` → stopping, `stopped` and `deallocated` → stopped.
/// Without a power state, a VM being updated is `Updating`, and any other word is
/// kept in [`NodeState::Unknown`].
pub fn node_state(provisioning: Option<&str>, power: Option<&str>) -> NodeState {
    let provisioning = provisioning.map(str::to_ascii_lowercase);
    match provisioning.as_deref() {
        Some("creating") => return NodeState::Pending,
        Some("deleting") => return NodeState::Terminating,
        Some("failed") => return NodeState::Error,
        _ => {}
    }
    match power.map(str::to_ascii_lowercase).as_deref() {
        Some("running") => NodeState::Running,
        Some("starting") => NodeState::Pending,
        Some("stopping" | "deallocating") => NodeState::Stopping,
        Some("stopped" | "deallocated") => NodeState::Stopped,
        Some(other) => NodeState::Unknown(other.to_string()),
        None => match provisioning.as_deref() {
            Some("updating" | "migrating") => NodeState::Updating,
            Some(other) => NodeState::Unknown(other.to_string()),
            None => NodeState::Unknown("unknown".into()),
        },
    }
}

/// The portable state of a managed disk from its `provisioningState` and `diskState`.
///
/// `Unattached` is available; `Attached` and `Reserved` (attached to a deallocated VM)
/// are in use; a disk being created, updated or deleted, or that failed, says so.
pub fn volume_state(provisioning: Option<&str>, disk_state: Option<&str>) -> VolumeState {
    match provisioning.map(str::to_ascii_lowercase).as_deref() {
        Some("creating") => return VolumeState::Creating,
        Some("deleting") => return VolumeState::Deleting,
        Some("failed") => return VolumeState::Error,
        _ => {}
    }
    match disk_state {
        Some("Unattached") => VolumeState::Available,
        Some("Attached" | "Reserved") => VolumeState::InUse,
        Some(other) => VolumeState::Unknown(other.to_string()),
        None => VolumeState::Unknown("unknown".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn power_states_decide_once_provisioned() {
        for (power, state) in [
            ("running", NodeState::Running),
            ("starting", NodeState::Pending),
            ("stopping", NodeState::Stopping),
            ("deallocating", NodeState::Stopping),
            ("stopped", NodeState::Stopped),
            ("deallocated", NodeState::Stopped),
        ] {
            assert_eq!(node_state(Some("succeeded"), Some(power)), state, "{power}");
        }
        assert_eq!(
            node_state(Some("Succeeded"), Some("hibernated")),
            NodeState::Unknown("hibernated".into())
        );
    }

    #[test]
    fn provisioning_overrides_power() {
        assert_eq!(
            node_state(Some("Creating"), Some("running")),
            NodeState::Pending
        );
        assert_eq!(
            node_state(Some("Deleting"), Some("running")),
            NodeState::Terminating
        );
        assert_eq!(node_state(Some("Failed"), None), NodeState::Error);
        assert_eq!(node_state(Some("Updating"), None), NodeState::Updating);
        assert_eq!(
            node_state(Some("Succeeded"), None),
            NodeState::Unknown("succeeded".into())
        );
    }

    #[test]
    fn disk_states_map() {
        assert_eq!(
            volume_state(Some("Succeeded"), Some("Unattached")),
            VolumeState::Available
        );
        assert_eq!(
            volume_state(Some("Succeeded"), Some("Attached")),
            VolumeState::InUse
        );
        assert_eq!(
            volume_state(Some("Succeeded"), Some("Reserved")),
            VolumeState::InUse
        );
        assert_eq!(volume_state(Some("Creating"), None), VolumeState::Creating);
        assert_eq!(
            volume_state(Some("Deleting"), Some("Unattached")),
            VolumeState::Deleting
        );
        assert_eq!(volume_state(Some("Failed"), None), VolumeState::Error);
        assert_eq!(
            volume_state(Some("Succeeded"), Some("ActiveSAS")),
            VolumeState::Unknown("ActiveSAS".into())
        );
    }
}
