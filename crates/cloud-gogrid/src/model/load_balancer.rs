//! GoGrid `loadbalancer` objects.

use cloud_core::{Error, Result};
use serde_json::Value;

use super::fields::{id_text, option_name};

/// An address and port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IpPort {
    /// IPv4 address.
    pub ip: String,
    /// TCP port.
    pub port: u16,
}

/// A load balancer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadBalancer {
    /// GoGrid's id; `None` right after an add, before GoGrid assigned one.
    pub id: Option<String>,
    /// Name.
    pub name: String,
    /// Description, when set.
    pub description: Option<String>,
    /// The address clients connect to.
    pub virtual_ip: IpPort,
    /// The servers traffic is spread over.
    pub real_ips: Vec<IpPort>,
    /// Balancing type (`Round Robin`, `Least Connect`, …).
    pub algorithm: Option<String>,
    /// Persistence (`None`, `SSL Sticky`, `Source Address Sticky`).
    pub persistence: Option<String>,
    /// State (`On`, …).
    pub state: Option<String>,
    /// Data centre name, when given.
    pub datacenter: Option<String>,
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
        .ok_or_else(|| Error::malformed(format!("a GoGrid {what} without a valid port")))?;
    Ok(IpPort {
        ip: ip.to_string(),
        port,
    })
}

/// A `loadbalancer` object.
pub fn load_balancer_from(v: &Value) -> Result<LoadBalancer> {
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
    Ok(LoadBalancer {
        id: id_text(v.get("id")),
        name: name.to_string(),
        description: v
            .get("description")
            .and_then(Value::as_str)
            .filter(|d| !d.is_empty())
            .map(str::to_string),
        virtual_ip,
        real_ips,
        algorithm: option_name(v, "type").map(str::to_string),
        persistence: option_name(v, "persistence").map(str::to_string),
        state: option_name(v, "state").map(str::to_string),
        datacenter: option_name(v, "datacenter").map(str::to_string),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_a_load_balancer() {
        let lb = load_balancer_from(&json!({
            "id": 6372, "name": "Balancer", "object": "loadbalancer",
            "virtualip": {"ip": {"ip": "204.51.240.181", "id": 1}, "port": 80},
            "realiplist": [
                {"ip": {"ip": "204.51.240.185"}, "port": 80},
                {"ip": {"ip": "204.51.240.188"}, "port": 8080}
            ],
            "type": {"name": "Round Robin"}, "persistence": {"name": "None"},
            "state": {"name": "On"}, "datacenter": {"id": 1, "name": "US-West-1"}
        }))
        .unwrap();
        assert_eq!(lb.id.as_deref(), Some("6372"));
        assert_eq!(
            lb.virtual_ip,
            IpPort {
                ip: "204.51.240.181".into(),
                port: 80
            }
        );
        assert_eq!(lb.real_ips.len(), 2);
        assert_eq!(lb.real_ips[1].port, 8080);
        assert_eq!(lb.algorithm.as_deref(), Some("Round Robin"));
        assert_eq!(lb.datacenter.as_deref(), Some("US-West-1"));
    }

    #[test]
    fn rejects_bad_shapes() {
        for v in [
            json!([]),
            json!({"name": "x"}),
            json!({"name": "x", "virtualip": {"ip": {"ip": "1.2.3.4"}, "port": 70000}}),
            json!({"name": "x", "virtualip": {"ip": {"ip": "1.2.3.4"}, "port": 80}, "realiplist": {}}),
            json!({"name": "x", "virtualip": {"ip": {"ip": "1.2.3.4"}, "port": 80}, "realiplist": [{"port": 1}]}),
        ] {
            assert!(load_balancer_from(&v).is_err(), "{v}");
        }
    }
}
