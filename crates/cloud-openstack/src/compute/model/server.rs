//! Nova servers: `{"server": {...}}`, `{"servers": [...], "servers_links": [...]}`, and
//! the short answer to a create.

use std::collections::BTreeMap;

use cloud_core::Result;
use cloud_core::compute::{Extra, Node};
use cloud_core::paginate::Page;
use serde_json::Value;

use super::addresses::split_addresses;
use super::common::{
    Object, document, has_next, keep, listed, next_marker, objects, required, text, time, wrapped,
};
use super::state::node_state;

/// Fields of a server kept in `extra` as Nova sends them.
const KEPT: &[&str] = &[
    "status",
    "OS-EXT-STS:task_state",
    "OS-EXT-STS:vm_state",
    "OS-EXT-STS:power_state",
    "key_name",
    "hostId",
    "tenant_id",
    "user_id",
    "updated",
    "flavor",
    "accessIPv4",
    "accessIPv6",
    "tags",
    "locked",
    "description",
    "fault",
    // Rackspace's disk partitioning (`AUTO` or `MANUAL`).
    "OS-DCF:diskConfig",
    // Rackspace's bandwidth used per interface (`rax-bandwidth` extension), the public
    // IP zone the server was placed in, and its scheduled images (`RAX-SI`: retention
    // and day of the week, when enabled).
    "rax-bandwidth:bandwidth",
    "RAX-PUBLIC-IP-ZONE-ID:publicIPZoneId",
    "RAX-SI:image_schedule",
];

/// One server from `GET /servers/{id}`.
pub fn server(body: &[u8]) -> Result<Node> {
    let doc = document(body, "server")?;
    node(wrapped(&doc, "server", "server")?)
}

/// One page of `GET /servers/detail`: the servers, and the marker of the next page
/// (from the `next` link of `servers_links`, or the last server's id when the link
/// carries none); no marker when there is no next link.
pub fn servers_page(body: &[u8]) -> Result<Page<Node>> {
    let doc = document(body, "server list")?;
    let nodes = objects(listed(&doc, "servers", "server list")?, "server")?
        .into_iter()
        .map(node)
        .collect::<Result<Vec<_>>>()?;
    let links = doc.get("servers_links");
    let next = if has_next(links) {
        next_marker(links).or_else(|| nodes.last().map(|n| n.id.clone()))
    } else {
        None
    };
    Ok(Page { items: nodes, next })
}

/// The id of a server Nova accepted to create (`202 {"server": {"id", "links",
/// "adminPass", …}}`). The generated password is not read.
pub fn created_server_id(body: &[u8]) -> Result<String> {
    let doc = document(body, "create server")?;
    required(wrapped(&doc, "server", "create server")?, "id", "server")
}

/// A server object as a node.
fn node(obj: &Object) -> Result<Node> {
    let id = required(obj, "id", "server")?;
    let status = text(obj, "status").unwrap_or_default();
    let task = obj.get("OS-EXT-STS:task_state").and_then(Value::as_str);
    let (public_ips, mut private_ips) = split_addresses(obj.get("addresses"));
    let mut public_ips = public_ips;
    for key in ["accessIPv4", "accessIPv6"] {
        if let Some(ip) = text(obj, key).filter(|ip| !public_ips.contains(ip)) {
            private_ips.retain(|p| *p != ip);
            public_ips.push(ip);
        }
    }
    let mut extra = Extra::new();
    keep(obj, KEPT, &mut extra);
    if let Some(groups) = obj.get("security_groups").and_then(Value::as_array) {
        let names: Vec<Value> = groups
            .iter()
            .filter_map(|g| g.get("name").cloned())
            .collect();
        extra.insert("security_groups".into(), Value::Array(names));
    }
    Ok(Node {
        name: text(obj, "name").unwrap_or_default(),
        state: node_state(&status, task),
        public_ips,
        private_ips,
        size: obj.get("flavor").and_then(Value::as_object).and_then(|f| {
            // Until microversion 2.46 the flavor is a reference with its id; from 2.47
            // it is embedded, named by `original_name`.
            text(f, "id").or_else(|| text(f, "original_name"))
        }),
        image: obj
            .get("image")
            .and_then(Value::as_object)
            .and_then(|i| text(i, "id")),
        location: text(obj, "OS-EXT-AZ:availability_zone"),
        created_at: time(obj, "created"),
        tags: metadata(obj.get("metadata")),
        extra,
        operation: None,
        id,
    })
}

/// A server's `metadata` as tags; values that are not strings are left out.
fn metadata(value: Option<&Value>) -> BTreeMap<String, String> {
    value
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_string())))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use cloud_core::ErrorKind;
    use cloud_core::compute::NodeState;

    use super::*;

    const SERVER: &str = r#"{"server": {
        "id": "9168b536-cd40-4630-b43f-b259807c6e87", "name": "web-1", "status": "ACTIVE",
        "OS-EXT-STS:task_state": null, "OS-EXT-AZ:availability_zone": "nova",
        "created": "2026-12-06T12:00:00Z", "key_name": "k1",
        "flavor": {"original_name": "m1.small", "ram": 2048, "vcpus": 1, "disk": 20},
        "image": {"id": "70a599e0-31e7-49b7-b260-868f441e862b"},
        "metadata": {"suite": "conformance", "n": 1},
        "security_groups": [{"name": "default"}],
        "addresses": {"private": [
            {"addr": "10.0.0.3", "version": 4, "OS-EXT-IPS:type": "fixed"},
            {"addr": "172.24.4.3", "version": 4, "OS-EXT-IPS:type": "floating"}]},
        "accessIPv4": "", "accessIPv6": ""}}"#;

    #[test]
    fn a_server_becomes_a_node() {
        let node = server(SERVER.as_bytes()).unwrap();
        assert_eq!(node.id, "9168b536-cd40-4630-b43f-b259807c6e87");
        assert_eq!(node.name, "web-1");
        assert_eq!(node.state, NodeState::Running);
        assert_eq!(node.public_ips, ["172.24.4.3"]);
        assert_eq!(node.private_ips, ["10.0.0.3"]);
        assert_eq!(node.size.as_deref(), Some("m1.small"));
        assert_eq!(node.location.as_deref(), Some("nova"));
        assert_eq!(node.tags.len(), 1);
        assert_eq!(node.extra["status"], "ACTIVE");
        assert_eq!(node.extra["security_groups"][0], "default");
        assert!(node.created_at.is_some());
        let old = SERVER.replace(r#""original_name": "m1.small""#, r#""id": "2""#);
        assert_eq!(server(old.as_bytes()).unwrap().size.as_deref(), Some("2"));
    }

    #[test]
    fn rackspace_extensions_are_kept() {
        let body = SERVER.replacen(
            r#""id": "9168b536"#,
            r#""OS-DCF:diskConfig": "MANUAL",
               "rax-bandwidth:bandwidth": [{"interface": "public", "bandwidth_outbound": 6842,
                  "bandwidth_inbound": 21233, "audit_period_start": "2026-12-01T00:00:00",
                  "audit_period_end": "2026-12-06T00:00:00"}],
               "RAX-PUBLIC-IP-ZONE-ID:publicIPZoneId": "7e1ac2e7b1c8a5c6d0f0",
               "RAX-SI:image_schedule": {"retention": 3, "day_of_week": "MONDAY"},
               "id": "9168b536"#,
            1,
        );
        let node = server(body.as_bytes()).unwrap();
        assert_eq!(node.extra["OS-DCF:diskConfig"], "MANUAL");
        assert_eq!(
            node.extra["rax-bandwidth:bandwidth"][0]["bandwidth_inbound"],
            21233
        );
        assert_eq!(
            node.extra["RAX-PUBLIC-IP-ZONE-ID:publicIPZoneId"],
            "7e1ac2e7b1c8a5c6d0f0"
        );
        assert_eq!(node.extra["RAX-SI:image_schedule"]["retention"], 3);
    }

    #[test]
    fn pages_follow_the_next_link() {
        let page = servers_page(
            br#"{"servers": [{"id": "a", "status": "BUILD"}, {"id": "b", "status": "ACTIVE"}],
                "servers_links": [{"rel": "next", "href": "http://x/v2.1/servers/detail?limit=2&marker=b"}]}"#,
        )
        .unwrap();
        assert_eq!(page.items.len(), 2);
        assert_eq!(page.next.as_deref(), Some("b"));
        let last = servers_page(br#"{"servers": [{"id": "c"}]}"#).unwrap();
        assert_eq!(last.next, None);
        let no_marker = servers_page(
            br#"{"servers": [{"id": "d"}], "servers_links": [{"rel": "next", "href": "/servers/detail"}]}"#,
        )
        .unwrap();
        assert_eq!(no_marker.next.as_deref(), Some("d"));
    }

    #[test]
    fn broken_bodies_are_malformed() {
        for body in [
            "",
            "{}",
            "[]",
            r#"{"server": []}"#,
            r#"{"server": {"name": "x"}}"#,
            r#"{"servers": [1]}"#,
            &SERVER[..SERVER.len() / 2],
        ] {
            let err = server(body.as_bytes())
                .err()
                .or_else(|| servers_page(body.as_bytes()).err())
                .unwrap();
            assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{body}");
        }
        assert_eq!(
            created_server_id(br#"{"server": {"id": "n1", "adminPass": "x"}}"#).unwrap(),
            "n1"
        );
        assert!(created_server_id(b"{\"server\": {}}").is_err());
    }
}
