//! GoGrid's load balancers (`grid/loadbalancer/list|add|delete`), as provider-only
//! calls with small typed structs.

use cloud_core::http::Method;
use cloud_core::{BoxStream, Error, Result};
use serde_json::Value;

use crate::driver::{GoGridCompute, invalid, reference};
use crate::model::{id_text, option_name};

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

/// A load balancer to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLoadBalancer {
    /// Name, at most 20 characters.
    pub name: String,
    /// A public address of the account's pool, and the port to listen on.
    pub virtual_ip: IpPort,
    /// At least one server address and port.
    pub real_ips: Vec<IpPort>,
    /// Description.
    pub description: Option<String>,
    /// Balancing type id or name; GoGrid's default is round robin.
    pub algorithm: Option<String>,
    /// Persistence id or name; GoGrid's default is none.
    pub persistence: Option<String>,
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

impl GoGridCompute {
    /// Every load balancer of the account.
    pub fn list_load_balancers(&self) -> BoxStream<'_, Result<LoadBalancer>> {
        self.list_pages(
            "list_load_balancers",
            "grid/loadbalancer/list",
            Vec::new(),
            |v: &Value| load_balancer_from(v).map(Some),
        )
    }

    /// Adds a load balancer (`grid/loadbalancer/add`).
    pub async fn create_load_balancer(&self, lb: &NewLoadBalancer) -> Result<LoadBalancer> {
        const OP: &str = "create_load_balancer";
        let name = lb.name.trim();
        if name.is_empty() || name.chars().count() > 20 {
            return Err(invalid(
                OP,
                format!("a load balancer name has 1 to 20 characters, got {name:?}"),
            ));
        }
        if lb.real_ips.is_empty() {
            return Err(invalid(OP, "a load balancer needs at least one real IP"));
        }
        if std::iter::once(&lb.virtual_ip)
            .chain(&lb.real_ips)
            .any(|p| p.port == 0)
        {
            return Err(invalid(OP, "ports must be greater than 0"));
        }
        let mut params = vec![
            ("name", name.to_string()),
            ("virtualip.ip", lb.virtual_ip.ip.clone()),
            ("virtualip.port", lb.virtual_ip.port.to_string()),
        ];
        let mut real: Vec<(String, String)> = Vec::new();
        for (n, r) in lb.real_ips.iter().enumerate() {
            real.push((format!("realiplist.{n}.ip"), r.ip.clone()));
            real.push((format!("realiplist.{n}.port"), r.port.to_string()));
        }
        if let Some(d) = &lb.description {
            params.push(("description", d.clone()));
        }
        if let Some(a) = &lb.algorithm {
            params.push(("loadbalancer.type", a.clone()));
        }
        if let Some(p) = &lb.persistence {
            params.push(("loadbalancer.persistence", p.clone()));
        }
        let mut all: Vec<(&str, String)> = params;
        all.extend(real.iter().map(|(k, v)| (k.as_str(), v.clone())));
        self.call_one(
            OP,
            Method::POST,
            "grid/loadbalancer/add",
            &all,
            load_balancer_from,
        )
        .await
    }

    /// Deletes a load balancer by id or name (`grid/loadbalancer/delete`).
    pub async fn delete_load_balancer(&self, id: &str) -> Result<()> {
        let id = reference(id, "load balancer", "delete_load_balancer")?;
        self.call(
            "delete_load_balancer",
            Method::POST,
            "grid/loadbalancer/delete",
            &[("loadbalancer", id.to_string())],
        )
        .await?;
        Ok(())
    }
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
