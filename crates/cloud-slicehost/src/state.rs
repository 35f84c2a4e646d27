//! Slicehost's slice status words mapped to the portable node states.

use cloud_core::compute::NodeState;

/// A slice status word as a node state. `active` is running, `build` pending, `reboot`
/// and `hard_reboot` rebooting, `terminated` terminated; any other word is kept raw.
pub fn slice_state(status: &str) -> NodeState {
    match status {
        "active" => NodeState::Running,
        "build" => NodeState::Pending,
        "reboot" | "hard_reboot" => NodeState::Rebooting,
        "terminated" => NodeState::Terminated,
        other => NodeState::Unknown(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_mapping() {
        assert_eq!(slice_state("active"), NodeState::Running);
        assert_eq!(slice_state("build"), NodeState::Pending);
        assert_eq!(slice_state("reboot"), NodeState::Rebooting);
        assert_eq!(slice_state("hard_reboot"), NodeState::Rebooting);
        assert_eq!(slice_state("terminated"), NodeState::Terminated);
        assert_eq!(
            slice_state("migrating"),
            NodeState::Unknown("migrating".into())
        );
    }
}
