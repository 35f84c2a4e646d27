//! GoGrid's load balancers (`grid/loadbalancer/list|add|delete`), as provider-only
//! calls with small typed structs.

use cloud_core::http::Method;
use cloud_core::{BoxStream, Result};
use serde_json::Value;

use crate::GoGridCompute;
use crate::model::{IpPort, LoadBalancer, load_balancer_from};
use crate::ops::{invalid, reference};

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

impl GoGridCompute {
    /// Every load balancer of the account.
    pub fn list_load_balancers(&self) -> BoxStream<'_, Result<LoadBalancer>> {
        self.client.list_pages(
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
        self.client
            .call_one(
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
        self.client
            .call(
                "delete_load_balancer",
                Method::POST,
                "grid/loadbalancer/delete",
                &[("loadbalancer", id.to_string())],
            )
            .await?;
        Ok(())
    }
}
