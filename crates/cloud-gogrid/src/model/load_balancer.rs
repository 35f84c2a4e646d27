//! GoGrid `loadbalancer` objects as portable balancers and members.
//!
//! A GoGrid balancer listens on one virtual IP and port (`virtualip`) and spreads TCP
//! connections over its real IPs (`realiplist`), each an address and port. Its balancing
//! type (`type`) is `Round Robin`, `Least Connect` or `Source Address`; persistence,
//! state, description and data centre are kept in `extra`.

use cloud_core::load_balancer::{
    Algorithm, Balancer, BalancerState, Listener, Member, MemberHealth, Protocol,
};
use cloud_core::{Error, Result};
use serde_json::{Value, json};

use super::fields::{id_text, option_name};

/// GoGrid's balancing types and the algorithms they are.
const TYPES: &[(&str, Algorithm)] = &[
    ("Round Robin", Algorithm::RoundRobin),
    ("Least Connect", Algorithm::LeastConnections),
    ("Source Address", Algorithm::SourceIp),
];

/// The GoGrid balancing type (`loadbalancer.type`) of `algorithm`, when GoGrid has one.
pub fn type_name(algorithm: &Algorithm) -> Option<&'static str> {
    TYPES
        .iter()
        .find(|(_, a)| a == algorithm)
        .map(|(name, _)| *name)
}

/// The algorithm of a GoGrid balancing type; a type GoGrid did not document is
/// `Algorithm::Other` with its name as a word.
pub fn algorithm_of(type_name: &str) -> Algorithm {
    TYPES
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(type_name.trim()))
        .map(|(_, a)| a.clone())
        .unwrap_or_else(|| {
            type_name
                .parse()
                .unwrap_or_else(|_| Algorithm::Other("unknown".into()))
        })
}

/// A member's id: its address and port, `192.0.2.10:8080`.
pub fn member_id(ip: &str, port: u16) -> String {
    format!("{ip}:{port}")
}

/// An address and port of GoGrid's `ipportpair` objects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IpPort {
    /// IPv4 address.
    pub ip: String,
    /// TCP port.
    pub port: u16,
}

/// A `loadbalancer` object as GoGrid sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct WireBalancer {
    /// GoGrid's id; `None` in the answer to an add, before GoGrid assigned one.
    pub id: Option<String>,
    pub name: String,
    pub description: Option<String>,
    pub virtual_ip: IpPort,
    pub real_ips: Vec<IpPort>,
    pub kind: Option<String>,
    pub persistence: Option<String>,
    pub state: Option<String>,
    pub datacenter: Option<String>,
}

impl WireBalancer {
    /// The portable balancer, under `id`.
    pub fn to_balancer(&self, id: &str) -> Balancer {
        let mut extra = cloud_core::compute::Extra::new();
        extra.insert(
            "virtual_ip".into(),
            json!(member_id(&self.virtual_ip.ip, self.virtual_ip.port)),
        );
        for (key, value) in [
            ("description", &self.description),
            ("type", &self.kind),
            ("persistence", &self.persistence),
            ("state", &self.state),
            ("datacenter", &self.datacenter),
        ] {
            if let Some(value) = value {
                extra.insert(key.into(), json!(value));
            }
        }
        Balancer {
            id: id.to_string(),
            name: self.name.clone(),
            state: match self.state.as_deref() {
                Some(s) if s.eq_ignore_ascii_case("on") => BalancerState::Running,
                _ => BalancerState::Unknown,
            },
            listeners: vec![Listener {
                port: self.virtual_ip.port,
                protocol: Protocol::Tcp,
                target_port: self.virtual_ip.port,
            }],
            // GoGrid's default type is round robin.
            algorithm: self
                .kind
                .as_deref()
                .map_or(Algorithm::RoundRobin, algorithm_of),
            health_check: None,
            public_ips: vec![self.virtual_ip.ip.clone()],
            operation: None,
            extra,
        }
    }

    /// The real IPs as members of balancer `balancer_id`.
    pub fn to_members(&self, balancer_id: &str) -> Vec<Member> {
        self.real_ips
            .iter()
            .map(|r| Member {
                id: member_id(&r.ip, r.port),
                balancer_id: balancer_id.to_string(),
                node_id: None,
                ip: r.ip.clone(),
                port: r.port,
                weight: None,
                health: MemberHealth::Unknown,
                extra: Default::default(),
            })
            .collect()
    }
}

fn ip_port(v: &Value, what: &str) -> Result<IpPort> {
    let ip = v
        .get("ip")
        .and_then(|ip| ip.get("ip"))
        .and_then(Value::as_str)
        .ok_or_else(|| Error::malformed(format!("a GoGrid {what} without an address")))?;
    let port = v
        .get("port")
        .and_then(Value::as_u64)
        .and_then(|p| u16::try_from(p).ok())
        .filter(|p| *p > 0)
        .ok_or_else(|| Error::malformed(format!("a GoGrid {what} without a valid port")))?;
    Ok(IpPort {
        ip: ip.to_string(),
        port,
    })
}

/// A `loadbalancer` object, its id optional.
pub(crate) fn wire_balancer(v: &Value) -> Result<WireBalancer> {
    if !v.is_object() {
        return Err(Error::malformed(
            "a GoGrid load balancer that is not an object",
        ));
    }
    let name = v
        .get("name")
        .and_then(Value::as_str)
        .ok_or_else(|| Error::malformed("a GoGrid load balancer without a name"))?;
    let virtual_ip = ip_port(
        v.get("virtualip")
            .ok_or_else(|| Error::malformed("a GoGrid load balancer without a virtual IP"))?,
        "virtual IP",
    )?;
    let real_ips = match v.get("realiplist") {
        Some(Value::Array(list)) => list
            .iter()
            .map(|r| ip_port(r, "real IP"))
            .collect::<Result<Vec<_>>>()?,
        None | Some(Value::Null) => Vec::new(),
        Some(_) => return Err(Error::malformed("a GoGrid realiplist that is not a list")),
    };
    Ok(WireBalancer {
        id: id_text(v.get("id")),
        name: name.to_string(),
        description: v
            .get("description")
            .and_then(Value::as_str)
            .filter(|d| !d.is_empty())
            .map(str::to_string),
        virtual_ip,
        real_ips,
        kind: option_name(v, "type").map(str::to_string),
        persistence: option_name(v, "persistence").map(str::to_string),
        state: option_name(v, "state").map(str::to_string),
        datacenter: option_name(v, "datacenter").map(str::to_string),
    })
}

fn with_id(v: &Value) -> Result<(WireBalancer, String)> {
    let wire = wire_balancer(v)?;
    let id = wire
        .id
        .clone()
        .ok_or_else(|| Error::malformed("a GoGrid load balancer without an id"))?;
    Ok((wire, id))
}

/// A `loadbalancer` object as a portable balancer; it must carry its id.
pub fn balancer_from(v: &Value) -> Result<Balancer> {
    let (wire, id) = with_id(v)?;
    Ok(wire.to_balancer(&id))
}

/// The real IPs of a `loadbalancer` object as members; it must carry its id.
pub fn members_from(v: &Value) -> Result<Vec<Member>> {
    let (wire, id) = with_id(v)?;
    Ok(wire.to_members(&id))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Value {
        json!({
            "id": 6372, "name": "Balancer", "object": "loadbalancer", "description": "",
            "virtualip": {"ip": {"ip": "203.0.113.181", "id": 1}, "port": 80},
            "realiplist": [
                {"ip": {"ip": "192.0.2.185"}, "port": 80},
                {"ip": {"ip": "192.0.2.188"}, "port": 8080}
            ],
            "type": {"name": "Least Connect"}, "persistence": {"name": "SSL Sticky"},
            "state": {"name": "On"}, "datacenter": {"id": 1, "name": "US-West-1"}
        })
    }

    #[test]
    fn reads_a_balancer() {
        let b = balancer_from(&sample()).unwrap();
        assert_eq!(b.id, "6372");
        assert_eq!(b.name, "Balancer");
        assert_eq!(b.state, BalancerState::Running);
        assert_eq!(b.algorithm, Algorithm::LeastConnections);
        assert_eq!(b.public_ips, ["203.0.113.181"]);
        assert_eq!(
            b.listeners,
            [Listener {
                port: 80,
                protocol: Protocol::Tcp,
                target_port: 80
            }]
        );
        assert_eq!(b.extra["virtual_ip"], "203.0.113.181:80");
        assert_eq!(b.extra["persistence"], "SSL Sticky");
        assert_eq!(b.extra["type"], "Least Connect");
        assert_eq!(b.extra["datacenter"], "US-West-1");
        assert!(!b.extra.contains_key("description"), "empty is left out");
    }

    #[test]
    fn reads_real_ips_as_members() {
        let members = members_from(&sample()).unwrap();
        let ids: Vec<&str> = members.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["192.0.2.185:80", "192.0.2.188:8080"]);
        assert!(members.iter().all(|m| m.balancer_id == "6372"));
        assert_eq!(members[1].port, 8080);
        assert_eq!(members[1].node_id, None);
    }

    #[test]
    fn types_map_both_ways() {
        for (name, algorithm) in TYPES {
            assert_eq!(type_name(algorithm), Some(*name));
            assert_eq!(&algorithm_of(&name.to_uppercase()), algorithm);
        }
        assert_eq!(type_name(&Algorithm::Random), None);
        assert_eq!(
            algorithm_of("Weighted Thing"),
            Algorithm::Other("weighted_thing".into())
        );
        assert_eq!(algorithm_of("?!"), Algorithm::Other("unknown".into()));
        let mut untyped = sample();
        untyped.as_object_mut().unwrap().remove("type");
        assert_eq!(
            balancer_from(&untyped).unwrap().algorithm,
            Algorithm::RoundRobin
        );
    }

    #[test]
    fn an_add_answer_may_lack_the_id() {
        let mut v = sample();
        v.as_object_mut().unwrap().remove("id");
        assert_eq!(wire_balancer(&v).unwrap().id, None);
        assert!(balancer_from(&v).is_err());
        assert!(members_from(&v).is_err());
    }

    #[test]
    fn rejects_bad_shapes() {
        for v in [
            json!([]),
            json!({"name": "x"}),
            json!({"name": "x", "virtualip": {"ip": {"ip": "1.2.3.4"}, "port": 70000}}),
            json!({"name": "x", "virtualip": {"ip": {"ip": "1.2.3.4"}, "port": 0}}),
            json!({"name": "x", "virtualip": {"ip": {"ip": "1.2.3.4"}, "port": 80}, "realiplist": {}}),
            json!({"name": "x", "virtualip": {"ip": {"ip": "1.2.3.4"}, "port": 80}, "realiplist": [{"port": 1}]}),
        ] {
            assert!(wire_balancer(&v).is_err(), "{v}");
        }
    }
}
