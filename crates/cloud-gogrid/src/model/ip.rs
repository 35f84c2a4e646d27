//! GoGrid `ip` objects: the addresses of the account's pool.

use cloud_core::{Error, Result};
use serde_json::Value;

use super::fields::{id_text, object, option_name, text};

/// An IP of the account's pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolIp {
    /// GoGrid's id of the address.
    pub id: Option<String>,
    /// The address.
    pub ip: String,
    /// Whether it is public.
    pub public: bool,
    /// `Assigned` or `Unassigned`.
    pub state: String,
    /// The data centre's id, when given.
    pub datacenter: Option<String>,
}

impl PoolIp {
    /// Whether the address is public and assigned to nothing.
    pub fn is_free_public(&self) -> bool {
        self.public && self.state.eq_ignore_ascii_case("unassigned")
    }
}

/// An `ip` object.
pub fn ip_from(item: &Value) -> Result<PoolIp> {
    object(item, "IP")?;
    let ip = text(item, "ip").ok_or_else(|| Error::malformed("a GoGrid IP without an address"))?;
    Ok(PoolIp {
        id: id_text(item.get("id")),
        ip: ip.to_string(),
        public: item.get("public").and_then(Value::as_bool).unwrap_or(false),
        state: option_name(item, "state").unwrap_or_default().to_string(),
        datacenter: item.get("datacenter").and_then(|d| id_text(d.get("id"))),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_a_pool_ip() {
        let ip = ip_from(&json!({"id": 5, "ip": "208.113.110.132", "public": true,
            "state": {"name": "Unassigned"}, "datacenter": {"id": 1}}))
        .unwrap();
        assert!(ip.is_free_public());
        assert_eq!(ip.datacenter.as_deref(), Some("1"));
        for v in [json!(null), json!([1]), json!("ip"), json!({"id": 1})] {
            assert!(ip_from(&v).is_err(), "{v}");
        }
    }
}
