//! Linode's status words mapped to the portable states.

use cloud_core::compute::{NodeState, VolumeState};

/// The portable state of a Linode instance status. Words this driver does not know are
/// kept raw in [`NodeState::Unknown`].
pub fn node_state(status: &str) -> NodeState {
    match status {
        "provisioning" | "booting" => NodeState::Pending,
        "running" => NodeState::Running,
        "rebooting" => NodeState::Rebooting,
        "shutting_down" => NodeState::Stopping,
        "offline" | "stopped" => NodeState::Stopped,
        "deleting" => NodeState::Terminating,
        "migrating" | "rebuilding" | "cloning" | "restoring" | "resizing" | "busy" => {
            NodeState::Updating
        }
        "billing_suspension" => NodeState::Suspended,
        other => NodeState::Unknown(other.to_string()),
    }
}

/// The portable state of a Block Storage volume status. `active` is `InUse` when the
/// volume is attached to a Linode and `Available` otherwise.
pub fn volume_state(status: &str, attached: bool) -> VolumeState {
    match status {
        "creating" => VolumeState::Creating,
        "active" if attached => VolumeState::InUse,
        "active" => VolumeState::Available,
        "contact_support" => VolumeState::Error,
        other => VolumeState::Unknown(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_every_documented_instance_status() {
        for (word, state) in [
            ("provisioning", NodeState::Pending),
            ("booting", NodeState::Pending),
            ("running", NodeState::Running),
            ("offline", NodeState::Stopped),
            ("stopped", NodeState::Stopped),
            ("shutting_down", NodeState::Stopping),
            ("rebooting", NodeState::Rebooting),
            ("deleting", NodeState::Terminating),
            ("migrating", NodeState::Updating),
            ("rebuilding", NodeState::Updating),
            ("cloning", NodeState::Updating),
            ("restoring", NodeState::Updating),
            ("resizing", NodeState::Updating),
            ("busy", NodeState::Updating),
            ("billing_suspension", NodeState::Suspended),
        ] {
            assert_eq!(node_state(word), state, "{word}");
        }
    }

    #[test]
    fn keeps_unknown_words_raw() {
        assert_eq!(
            node_state("hibernating"),
            NodeState::Unknown("hibernating".into())
        );
        assert_eq!(node_state(""), NodeState::Unknown(String::new()));
        assert_eq!(
            volume_state("resizing", true),
            VolumeState::Unknown("resizing".into())
        );
    }

    #[test]
    fn active_volumes_depend_on_attachment() {
        assert_eq!(volume_state("active", true), VolumeState::InUse);
        assert_eq!(volume_state("active", false), VolumeState::Available);
        assert_eq!(volume_state("creating", false), VolumeState::Creating);
        assert_eq!(volume_state("contact_support", false), VolumeState::Error);
    }
}
