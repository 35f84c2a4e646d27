//! GoGrid's server state names onto [`NodeState`].

use cloud_core::compute::NodeState;

/// A server state name as a node state: `On` and `On/Saving` running, `Starting`
/// pending, `Off` stopped, `Stopping` stopping, `Restarting` rebooting, `Saving`,
/// `Restoring` and `Updating` updating; other words are kept raw.
pub fn server_state(name: &str) -> NodeState {
    match name {
        "On" | "On/Saving" => NodeState::Running,
        "Starting" => NodeState::Pending,
        "Off" => NodeState::Stopped,
        "Stopping" => NodeState::Stopping,
        "Restarting" => NodeState::Rebooting,
        "Saving" | "Restoring" | "Updating" => NodeState::Updating,
        other => NodeState::Unknown(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states() {
        for (word, state) in [
            ("On", NodeState::Running),
            ("On/Saving", NodeState::Running),
            ("Starting", NodeState::Pending),
            ("Off", NodeState::Stopped),
            ("Stopping", NodeState::Stopping),
            ("Restarting", NodeState::Rebooting),
            ("Saving", NodeState::Updating),
            ("Restoring", NodeState::Updating),
            ("Updating", NodeState::Updating),
        ] {
            assert_eq!(server_state(word), state, "{word}");
        }
        assert_eq!(
            server_state("Migrating"),
            NodeState::Unknown("Migrating".into())
        );
    }
}
