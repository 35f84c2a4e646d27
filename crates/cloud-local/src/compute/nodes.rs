//! Node operations on the state: create (with idempotency keys), power actions, destroy.

use std::collections::BTreeSet;

use chrono::{DateTime, TimeDelta, Utc};
use cloud_core::compute::{CreateNode, Node, NodeAuth};
use cloud_core::{Error, ErrorKind, Result};

use super::catalog;
use super::keys::check_public_key;
use super::names::{check_name, not_found};
use super::records::{AuthRecord, IdempotencyRecord, NodeRecord, Power, State};
use crate::state::short_id;

/// The time of an operation and how long boots and reboots take.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Timing {
    /// Now.
    pub now: DateTime<Utc>,
    /// Boot and reboot duration.
    pub boot_delay: TimeDelta,
}

impl Timing {
    fn ready_at(&self) -> DateTime<Utc> {
        self.now + self.boot_delay
    }
}

/// A state holding one node booted from `image` with no boot delay (so it is running),
/// the node's id, and the timing used.
#[cfg(test)]
pub(crate) fn with_running_node(image: &str) -> (State, String, Timing) {
    let mut state = State::default();
    let timing = Timing {
        now: Utc::now(),
        boot_delay: TimeDelta::zero(),
    };
    let node = create(&mut state, &CreateNode::new("n", "small", image), timing)
        .expect("a node from a built-in image");
    (state, node.id, timing)
}

/// Creates a node, or returns the node an earlier create with the same idempotency key
/// made.
pub(crate) fn create(state: &mut State, request: &CreateNode, timing: Timing) -> Result<Node> {
    check_name("node", &request.name)?;
    let location = request
        .location
        .clone()
        .unwrap_or_else(|| catalog::DEFAULT_LOCATION.to_string());
    let fingerprint = format!(
        "{}\n{}\n{}\n{}",
        request.name, request.size, request.image, location
    );
    if let Some(key) = &request.idempotency_key {
        if key.is_empty() {
            return Err(Error::invalid_input("idempotency key is empty"));
        }
        if let Some(seen) = state.idempotency.get(key) {
            if seen.request != fingerprint {
                return Err(Error::new(
                    ErrorKind::Conflict,
                    format!("idempotency key {key:?} was already used for a different request"),
                ));
            }
            if let Some(node) = state.nodes.get(&seen.node_id) {
                return Ok(node.to_node(timing.now));
            }
        }
    }
    if !catalog::has_size(&request.size) {
        return Err(Error::not_found(format!(
            "size {:?} does not exist; sizes are: {}",
            request.size,
            catalog::size_ids()
        )));
    }
    if catalog::image(&request.image).is_none() && !state.images.contains_key(&request.image) {
        return Err(not_found("image", &request.image));
    }
    if !catalog::has_location(&location) {
        return Err(Error::not_found(format!(
            "location {location:?} does not exist; locations are: {}",
            catalog::location_ids()
        )));
    }
    let auth = request
        .auth
        .as_ref()
        .map(|auth| check_auth(state, auth))
        .transpose()?;
    if let Some(key) = request.tags.keys().find(|k| k.trim().is_empty()) {
        return Err(Error::invalid_input(format!("tag key {key:?} is empty")));
    }

    let mut id = short_id("node");
    while state.nodes.contains_key(&id) {
        id = short_id("node");
    }
    let record = NodeRecord {
        id: id.clone(),
        name: request.name.clone(),
        size: request.size.clone(),
        image: request.image.clone(),
        location,
        created_at: timing.now,
        power: Power::Booting {
            ready_at: timing.ready_at(),
        },
        private_ip: free_private_ip(state),
        public_ip: free_public_ip(state),
        tags: request.tags.clone(),
        user_data: request.user_data.clone(),
        auth,
        idempotency_key: request.idempotency_key.clone(),
    };
    let node = record.to_node(timing.now);
    if let Some(key) = &request.idempotency_key {
        state.idempotency.insert(
            key.clone(),
            IdempotencyRecord {
                node_id: id.clone(),
                request: fingerprint,
            },
        );
    }
    state.nodes.insert(id, record);
    Ok(node)
}

fn check_auth(state: &State, auth: &NodeAuth) -> Result<AuthRecord> {
    match auth {
        NodeAuth::SshKey { public_key } => Ok(AuthRecord::SshKey {
            fingerprint: check_public_key(public_key)?.fingerprint,
        }),
        NodeAuth::KeyPairName { name } => {
            if state.key_pairs.contains_key(name) {
                Ok(AuthRecord::KeyPair { name: name.clone() })
            } else {
                Err(not_found("key pair", name))
            }
        }
        NodeAuth::Password { password } => {
            if password.is_empty() {
                Err(Error::invalid_input("root password is empty"))
            } else {
                Ok(AuthRecord::Password)
            }
        }
    }
}

/// The lowest free private address in 10.0.0.0/8, from 10.0.0.2 on.
fn free_private_ip(state: &State) -> String {
    let used: BTreeSet<&str> = state
        .nodes
        .values()
        .map(|n| n.private_ip.as_str())
        .collect();
    (2u32..0x00ff_ffff)
        .filter(|n| !matches!(n & 0xff, 0 | 255))
        .map(|n| format!("10.{}.{}.{}", (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff))
        .find(|ip| !used.contains(ip.as_str()))
        .unwrap_or_else(|| "10.255.255.254".to_string())
}

/// The lowest free public address in the documentation range 198.51.100.0/24; `None`
/// once all 253 are taken (the node then has only a private address).
fn free_public_ip(state: &State) -> Option<String> {
    let used: BTreeSet<&str> = state
        .nodes
        .values()
        .filter_map(|n| n.public_ip.as_deref())
        .collect();
    (2..=254)
        .map(|host| format!("198.51.100.{host}"))
        .find(|ip| !used.contains(ip.as_str()))
}

fn record_mut<'a>(state: &'a mut State, id: &str) -> Result<&'a mut NodeRecord> {
    state.nodes.get_mut(id).ok_or_else(|| not_found("node", id))
}

/// The node `id` at `now`.
pub(crate) fn get(state: &State, id: &str, now: DateTime<Utc>) -> Result<Node> {
    state
        .nodes
        .get(id)
        .map(|n| n.to_node(now))
        .ok_or_else(|| not_found("node", id))
}

/// Every node at `now`, oldest first.
pub(crate) fn list(state: &State, now: DateTime<Utc>) -> Vec<Node> {
    let mut records: Vec<&NodeRecord> = state.nodes.values().collect();
    records.sort_by(|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
    records.into_iter().map(|n| n.to_node(now)).collect()
}

/// Reboots a node that is not stopped; it shows `rebooting` for the boot delay.
pub(crate) fn reboot(state: &mut State, id: &str, timing: Timing) -> Result<()> {
    let node = record_mut(state, id)?;
    if let Power::Stopped { .. } = node.power {
        return Err(Error::new(
            ErrorKind::Conflict,
            format!("node {id:?} is stopped; start it instead of rebooting"),
        ));
    }
    node.power = Power::Rebooting {
        ready_at: timing.ready_at(),
    };
    Ok(())
}

/// Powers a node off; stopping a stopped node does nothing.
pub(crate) fn stop(state: &mut State, id: &str, timing: Timing) -> Result<()> {
    let node = record_mut(state, id)?;
    if !matches!(node.power, Power::Stopped { .. }) {
        node.power = Power::Stopped { since: timing.now };
    }
    Ok(())
}

/// Powers a stopped node on; it shows `pending` for the boot delay. Starting a node
/// that is on does nothing.
pub(crate) fn start(state: &mut State, id: &str, timing: Timing) -> Result<()> {
    let node = record_mut(state, id)?;
    if let Power::Stopped { .. } = node.power {
        node.power = Power::Booting {
            ready_at: timing.ready_at(),
        };
    }
    Ok(())
}

/// Destroys a node: its volumes are detached and its idempotency key forgotten.
pub(crate) fn destroy(state: &mut State, id: &str) -> Result<()> {
    state
        .nodes
        .remove(id)
        .ok_or_else(|| not_found("node", id))?;
    for volume in state.volumes.values_mut() {
        if volume.attached_to.as_deref() == Some(id) {
            volume.attached_to = None;
            volume.device = None;
        }
    }
    state.idempotency.retain(|_, seen| seen.node_id != id);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::Secret;
    use cloud_core::compute::NodeState;

    fn timing(seconds: i64) -> Timing {
        Timing {
            now: DateTime::<Utc>::from_timestamp(1_700_000_000 + seconds, 0).unwrap(),
            boot_delay: TimeDelta::seconds(2),
        }
    }

    #[test]
    fn lifecycle_follows_the_clock() {
        let mut state = State::default();
        let node = create(
            &mut state,
            &CreateNode::new("a", "small", "debian-12"),
            timing(0),
        )
        .unwrap();
        assert!(node.id.starts_with("node-"));
        assert_eq!(node.state, NodeState::Pending);
        assert_eq!(node.location.as_deref(), Some("local-1"));
        assert_eq!(node.private_ips, vec!["10.0.0.2"]);
        assert_eq!(node.public_ips, vec!["198.51.100.2"]);
        assert_eq!(
            get(&state, &node.id, timing(1).now).unwrap().state,
            NodeState::Pending
        );
        assert_eq!(
            get(&state, &node.id, timing(2).now).unwrap().state,
            NodeState::Running
        );

        reboot(&mut state, &node.id, timing(10)).unwrap();
        assert_eq!(
            get(&state, &node.id, timing(11).now).unwrap().state,
            NodeState::Rebooting
        );
        assert_eq!(
            get(&state, &node.id, timing(12).now).unwrap().state,
            NodeState::Running
        );

        stop(&mut state, &node.id, timing(20)).unwrap();
        assert_eq!(
            get(&state, &node.id, timing(30).now).unwrap().state,
            NodeState::Stopped
        );
        let err = reboot(&mut state, &node.id, timing(31)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Conflict);

        start(&mut state, &node.id, timing(40)).unwrap();
        assert_eq!(
            get(&state, &node.id, timing(41).now).unwrap().state,
            NodeState::Pending
        );
        // Starting a node that is already on changes nothing.
        start(&mut state, &node.id, timing(41)).unwrap();
        assert_eq!(
            get(&state, &node.id, timing(42).now).unwrap().state,
            NodeState::Running
        );

        destroy(&mut state, &node.id).unwrap();
        assert_eq!(
            get(&state, &node.id, timing(50).now).unwrap_err().kind(),
            ErrorKind::NotFound
        );
        assert_eq!(
            destroy(&mut state, &node.id).unwrap_err().kind(),
            ErrorKind::NotFound
        );
    }

    #[test]
    fn bad_requests_are_rejected() {
        let mut state = State::default();
        let cases = [
            (
                CreateNode::new("", "small", "debian-12"),
                ErrorKind::InvalidInput,
                "name",
            ),
            (
                CreateNode::new("n", "huge", "debian-12"),
                ErrorKind::NotFound,
                "sizes are",
            ),
            (
                CreateNode::new("n", "small", "beos-5"),
                ErrorKind::NotFound,
                "image",
            ),
            (
                CreateNode {
                    location: Some("mars-1".into()),
                    ..CreateNode::new("n", "small", "debian-12")
                },
                ErrorKind::NotFound,
                "locations are",
            ),
            (
                CreateNode {
                    auth: Some(NodeAuth::KeyPairName {
                        name: "nope".into(),
                    }),
                    ..CreateNode::new("n", "small", "debian-12")
                },
                ErrorKind::NotFound,
                "key pair",
            ),
            (
                CreateNode {
                    auth: Some(NodeAuth::SshKey {
                        public_key: "ssh-foo AAAA".into(),
                    }),
                    ..CreateNode::new("n", "small", "debian-12")
                },
                ErrorKind::InvalidInput,
                "not supported",
            ),
        ];
        for (request, kind, words) in cases {
            let err = create(&mut state, &request, timing(0)).unwrap_err();
            assert_eq!(err.kind(), kind, "{request:?}");
            assert!(err.message().contains(words), "{err}");
        }
        assert!(state.nodes.is_empty());
    }

    #[test]
    fn idempotency_key_returns_the_first_node() {
        let mut state = State::default();
        let request = CreateNode {
            idempotency_key: Some("token-1".into()),
            ..CreateNode::new("a", "small", "debian-12")
        };
        let first = create(&mut state, &request, timing(0)).unwrap();
        let again = create(&mut state, &request, timing(5)).unwrap();
        assert_eq!(again.id, first.id);
        assert_eq!(again.state, NodeState::Running);
        assert_eq!(state.nodes.len(), 1);

        let different = CreateNode {
            size: "large".into(),
            ..request.clone()
        };
        let err = create(&mut state, &different, timing(6)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Conflict);

        destroy(&mut state, &first.id).unwrap();
        assert!(state.idempotency.is_empty());
        let fresh = create(&mut state, &request, timing(7)).unwrap();
        assert_ne!(fresh.id, first.id);
    }

    #[test]
    fn auth_tags_and_user_data_are_kept_without_the_password() {
        let mut state = State::default();
        let mut request = CreateNode::new("a", "small", "ubuntu-24.04");
        request.auth = Some(NodeAuth::Password {
            password: Secret::new("root-pw-123"),
        });
        request.tags.insert("env".into(), "test".into());
        request.user_data = Some("#cloud-config\n".into());
        let node = create(&mut state, &request, timing(0)).unwrap();
        assert_eq!(node.tags.get("env").map(String::as_str), Some("test"));
        assert_eq!(node.extra["user_data"], "#cloud-config\n");
        assert_eq!(node.extra["auth_method"], "password");
        let json = serde_json::to_string(&state).unwrap();
        assert!(!json.contains("root-pw-123"));
    }

    #[test]
    fn addresses_are_reused_after_destroy() {
        let mut state = State::default();
        let req = CreateNode::new("a", "small", "debian-12");
        let a = create(&mut state, &req, timing(0)).unwrap();
        let b = create(&mut state, &req, timing(0)).unwrap();
        assert_eq!(b.private_ips, vec!["10.0.0.3"]);
        destroy(&mut state, &a.id).unwrap();
        let c = create(&mut state, &req, timing(0)).unwrap();
        assert_eq!(c.private_ips, vec!["10.0.0.2"]);
        assert_eq!(c.public_ips, vec!["198.51.100.2"]);
    }
}
