//! Cloud Servers v1.0 status words mapped to the portable node states.

use cloud_core::compute::NodeState;

/// A server status as a node state. `ACTIVE` is running; `BUILD` pending; `REBOOT` and
/// `HARD_REBOOT` rebooting; `SUSPENDED` suspended; `DELETED` terminated; the resize,
/// rebuild, password, rescue and IP-sharing states (`QUEUE_RESIZE`, `PREP_RESIZE`,
/// `RESIZE`, `VERIFY_RESIZE`, `REBUILD`, `PASSWORD`, `RESCUE`, `SHARE_IP`,
/// `SHARE_IP_NO_CONFIG`, `DELETE_IP`) updating; `UNKNOWN` and any other word are kept raw.
pub fn server_state(status: &str) -> NodeState {
    match status {
        "ACTIVE" => NodeState::Running,
        "BUILD" => NodeState::Pending,
        "REBOOT" | "HARD_REBOOT" => NodeState::Rebooting,
        "SUSPENDED" => NodeState::Suspended,
        "DELETED" => NodeState::Terminated,
        "QUEUE_RESIZE" | "PREP_RESIZE" | "RESIZE" | "VERIFY_RESIZE" | "REBUILD" | "PASSWORD"
        | "RESCUE" | "SHARE_IP" | "SHARE_IP_NO_CONFIG" | "DELETE_IP" => NodeState::Updating,
        other => NodeState::Unknown(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_status_has_a_state() {
        let cases = [
            ("ACTIVE", NodeState::Running),
            ("BUILD", NodeState::Pending),
            ("REBUILD", NodeState::Updating),
            ("SUSPENDED", NodeState::Suspended),
            ("QUEUE_RESIZE", NodeState::Updating),
            ("PREP_RESIZE", NodeState::Updating),
            ("RESIZE", NodeState::Updating),
            ("VERIFY_RESIZE", NodeState::Updating),
            ("PASSWORD", NodeState::Updating),
            ("RESCUE", NodeState::Updating),
            ("REBOOT", NodeState::Rebooting),
            ("HARD_REBOOT", NodeState::Rebooting),
            ("SHARE_IP", NodeState::Updating),
            ("SHARE_IP_NO_CONFIG", NodeState::Updating),
            ("DELETE_IP", NodeState::Updating),
            ("DELETED", NodeState::Terminated),
            ("UNKNOWN", NodeState::Unknown("UNKNOWN".into())),
            ("active", NodeState::Unknown("active".into())),
        ];
        for (word, state) in cases {
            assert_eq!(server_state(word), state, "{word}");
        }
    }
}
