//! GoGrid objects (servers, server images, options, IPs, passwords) as portable types.
//!
//! GoGrid ids are JSON numbers; names and states are nested "option" objects
//! (`{"id": 1, "name": "On", "description": "…", "object": "option"}`). Every function
//! here takes one item of an envelope's `list` and fails with `MalformedResponse`, never
//! a panic, when the item lacks what it must have.

use cloud_core::compute::{Extra, Image, Location, Node, NodeState, Size};
use cloud_core::{Error, Result};
use serde_json::Value;

/// An id or number field as text: numbers and non-empty strings.
pub fn id_text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        _ => None,
    }
}

/// The `name` of a nested option object (`state`, `ram`, `type`, `os`, …).
pub fn option_name<'a>(item: &'a Value, field: &str) -> Option<&'a str> {
    item.get(field)?.get("name")?.as_str()
}

fn text<'a>(item: &'a Value, field: &str) -> Option<&'a str> {
    item.get(field)?.as_str().filter(|s| !s.is_empty())
}

fn object<'a>(item: &'a Value, what: &str) -> Result<&'a serde_json::Map<String, Value>> {
    item.as_object()
        .ok_or_else(|| Error::malformed(format!("a GoGrid {what} that is not a JSON object")))
}

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

/// A server object as a node. GoGrid may answer an add before it has given the server
/// an id; the node's id is then the server's name (every call of this driver names a
/// server by id or name), and `extra["id_pending"]` is `true`.
pub fn server_to_node(item: &Value, password: Option<&str>) -> Result<Node> {
    object(item, "server")?;
    let name = text(item, "name")
        .ok_or_else(|| Error::malformed("a GoGrid server without a name"))?
        .to_string();
    let id = id_text(item.get("id"));
    let mut extra = Extra::new();
    if id.is_none() {
        extra.insert("id_pending".into(), Value::Bool(true));
    }
    let state = match option_name(item, "state") {
        Some(s) => {
            extra.insert("state".into(), Value::from(s));
            server_state(s)
        }
        None => NodeState::Unknown(String::new()),
    };
    let (mut public_ips, mut private_ips) = (Vec::new(), Vec::new());
    if let Some(ip) = item.get("ip").and_then(|ip| text(ip, "ip")) {
        let public = item
            .get("ip")
            .and_then(|ip| ip.get("public"))
            .and_then(Value::as_bool)
            .unwrap_or(true);
        if public {
            public_ips.push(ip.to_string());
        } else {
            private_ips.push(ip.to_string());
        }
    }
    if let Some(d) = text(item, "description") {
        extra.insert("description".into(), Value::from(d));
    }
    for (field, key) in [("os", "os"), ("type", "server_type"), ("ram", "ram")] {
        if let Some(v) = option_name(item, field) {
            extra.insert(key.into(), Value::from(v));
        }
    }
    if let Some(b) = item.get("isSandbox").and_then(Value::as_bool) {
        extra.insert("is_sandbox".into(), Value::Bool(b));
    }
    if let Some(pw) = password {
        extra.insert("password".into(), Value::from(pw));
    }
    Ok(Node {
        id: id.unwrap_or_else(|| name.clone()),
        name,
        state,
        public_ips,
        private_ips,
        size: option_name(item, "ram").map(str::to_string),
        image: item.get("image").and_then(|i| id_text(i.get("id"))),
        location: item.get("datacenter").and_then(|d| id_text(d.get("id"))),
        created_at: None,
        tags: Default::default(),
        extra,
    })
}

/// A server image object as an image; the display name is its `friendlyName`.
pub fn image_from(item: &Value) -> Result<Image> {
    object(item, "server image")?;
    let id = id_text(item.get("id"))
        .ok_or_else(|| Error::malformed("a GoGrid server image without an id"))?;
    let name = text(item, "friendlyName")
        .or_else(|| text(item, "name"))
        .unwrap_or(&id)
        .to_string();
    let mut extra = Extra::new();
    for (field, key) in [
        ("name", "image_name"),
        ("description", "description"),
        ("location", "path"),
    ] {
        if let Some(v) = text(item, field) {
            extra.insert(key.into(), Value::from(v));
        }
    }
    for (field, key) in [
        ("state", "state"),
        ("os", "os"),
        ("architecture", "architecture"),
        ("type", "image_type"),
    ] {
        if let Some(v) = option_name(item, field) {
            extra.insert(key.into(), Value::from(v));
        }
    }
    for (field, key) in [("isPublic", "is_public"), ("isActive", "is_active")] {
        if let Some(b) = item.get(field).and_then(Value::as_bool) {
            extra.insert(key.into(), Value::Bool(b));
        }
    }
    if let Some(p) = item.get("price").filter(|p| p.is_number()) {
        extra.insert("price".into(), p.clone());
    }
    if let Some(owner) = item.get("owner").and_then(|o| text(o, "name")) {
        extra.insert("owner".into(), Value::from(owner));
    }
    Ok(Image { id, name, extra })
}

/// A `datacenter` lookup option as a location.
pub fn location_from(item: &Value) -> Result<Location> {
    object(item, "data centre")?;
    let id = id_text(item.get("id"))
        .ok_or_else(|| Error::malformed("a GoGrid data centre without an id"))?;
    let name = text(item, "name").unwrap_or(&id).to_string();
    let mut extra = Extra::new();
    if let Some(d) = text(item, "description") {
        extra.insert("description".into(), Value::from(d));
    }
    let country = name.starts_with("US-").then(|| "US".to_string());
    Ok(Location {
        id,
        name,
        country,
        extra,
    })
}

/// Published hourly prices and disk sizes of GoGrid cloud servers by RAM option, as
/// listed for the v1.x API era (Apache Libcloud's GoGrid driver and pricing data).
const SIZE_FACTS: &[(&str, u64, f64)] = &[
    ("512MB", 30, 0.095),
    ("1GB", 60, 0.19),
    ("2GB", 120, 0.38),
    ("4GB", 240, 0.76),
    ("8GB", 480, 1.52),
    ("16GB", 960, 3.04),
    ("24GB", 960, 4.56),
];

/// RAM in MiB from an option name such as `512MB` or `24GB` (or a description that
/// contains one, "Server with 512MB RAM").
pub fn ram_mib(text: &str) -> Option<u64> {
    text.split(|c: char| c.is_whitespace() || c == '(' || c == ')')
        .find_map(|word| {
            let upper = word.to_ascii_uppercase();
            let (digits, factor) = if let Some(d) = upper.strip_suffix("GB") {
                (d, 1024)
            } else if let Some(d) = upper.strip_suffix("MB") {
                (d, 1)
            } else {
                return None;
            };
            digits.parse::<u64>().ok()?.checked_mul(factor)
        })
        .filter(|&m| m > 0)
}

/// A `server.ram` lookup option as a size, or `None` when its RAM cannot be read from
/// its name or description. The size id is the option's name (`512MB`), which
/// `grid/server/add` accepts as `server.ram`.
pub fn size_from(item: &Value) -> Result<Option<Size>> {
    object(item, "RAM option")?;
    let name =
        text(item, "name").ok_or_else(|| Error::malformed("a GoGrid RAM option without a name"))?;
    let description = text(item, "description");
    let Some(ram) = ram_mib(name).or_else(|| description.and_then(ram_mib)) else {
        return Ok(None);
    };
    let facts = SIZE_FACTS.iter().find(|(n, _, _)| *n == name);
    let mut extra = Extra::new();
    if let Some(id) = id_text(item.get("id")) {
        extra.insert("option_id".into(), Value::from(id));
    }
    if let Some(d) = description {
        extra.insert("description".into(), Value::from(d));
    }
    Ok(Some(Size {
        id: name.to_string(),
        name: name.to_string(),
        vcpus: None,
        ram_mib: ram,
        disk_gib: facts.map(|f| f.1),
        price_per_hour: facts.map(|f| f.2),
        extra,
    }))
}

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

/// A `password` object as (server id, password), when it belongs to a server.
pub fn password_from(item: &Value) -> Option<(String, String)> {
    let server = id_text(item.get("server")?.get("id"))?;
    let password = text(item, "password")?;
    Some((server, password.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn server() -> Value {
        json!({
            "id": 3212, "name": "ws01", "description": "web",
            "image": {"id": 117, "name": "centos5.3_64_base", "object": "serverimage"},
            "ip": {"id": 65667, "ip": "208.113.110.130", "public": true,
                   "state": {"id": 2, "name": "Assigned", "object": "option"}},
            "datacenter": {"id": 1, "name": "US-West-1", "object": "option"},
            "isSandbox": false, "object": "server",
            "os": {"id": 47, "name": "CentOS 5.3 (64-bit)", "object": "option"},
            "ram": {"id": 2, "name": "1GB", "object": "option"},
            "state": {"id": 1, "name": "On", "object": "option"},
            "type": {"id": 1, "name": "Web Server", "object": "option"}
        })
    }

    #[test]
    fn server_becomes_node() {
        let node = server_to_node(&server(), Some("pw1")).unwrap();
        assert_eq!(node.id, "3212");
        assert_eq!(node.name, "ws01");
        assert_eq!(node.state, NodeState::Running);
        assert_eq!(node.public_ips, ["208.113.110.130"]);
        assert_eq!(node.size.as_deref(), Some("1GB"));
        assert_eq!(node.image.as_deref(), Some("117"));
        assert_eq!(node.location.as_deref(), Some("1"));
        assert_eq!(node.extra["password"], "pw1");
        assert_eq!(node.extra["os"], "CentOS 5.3 (64-bit)");
        assert!(!node.extra.contains_key("id_pending"));
    }

    #[test]
    fn server_without_id_is_named_by_name() {
        let mut s = server();
        s.as_object_mut().unwrap().remove("id");
        let node = server_to_node(&s, None).unwrap();
        assert_eq!(node.id, "ws01");
        assert_eq!(node.extra["id_pending"], true);
        assert!(!node.extra.contains_key("password"));
    }

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
        ] {
            assert_eq!(server_state(word), state, "{word}");
        }
        assert_eq!(
            server_state("Migrating"),
            NodeState::Unknown("Migrating".into())
        );
    }

    #[test]
    fn sizes_from_ram_options() {
        let s =
            size_from(&json!({"id": 1, "name": "512MB", "description": "Server with 512MB RAM"}))
                .unwrap()
                .unwrap();
        assert_eq!(
            (s.id.as_str(), s.ram_mib, s.disk_gib),
            ("512MB", 512, Some(30))
        );
        assert_eq!(s.price_per_hour, Some(0.095));
        let s = size_from(&json!({"id": 8, "name": "24GB"}))
            .unwrap()
            .unwrap();
        assert_eq!(s.ram_mib, 24 * 1024);
        let s = size_from(
            &json!({"id": 9, "name": "Sandbox", "description": "SandBox Server with 2GB RAM"}),
        )
        .unwrap()
        .unwrap();
        assert_eq!((s.ram_mib, s.price_per_hour), (2048, None));
        assert!(
            size_from(&json!({"id": 10, "name": "Huge"}))
                .unwrap()
                .is_none()
        );
        assert_eq!(ram_mib("99999999999999999999GB"), None);
        assert_eq!(ram_mib("0MB"), None);
    }

    #[test]
    fn images_locations_ips_passwords() {
        let img = image_from(&json!({"id": 250, "friendlyName": "Windows 2k3 Image",
            "name": "GSI-d8fbf7d7", "isPublic": false, "state": {"name": "Available"}}))
        .unwrap();
        assert_eq!(
            (img.id.as_str(), img.name.as_str()),
            ("250", "Windows 2k3 Image")
        );
        assert_eq!(img.extra["state"], "Available");
        let loc = location_from(
            &json!({"id": 2, "name": "US-East-1", "description": "US East 1 Datacenter"}),
        )
        .unwrap();
        assert_eq!((loc.id.as_str(), loc.country.as_deref()), ("2", Some("US")));
        let ip = ip_from(&json!({"id": 5, "ip": "208.113.110.132", "public": true,
            "state": {"name": "Unassigned"}, "datacenter": {"id": 1}}))
        .unwrap();
        assert!(ip.is_free_public());
        assert_eq!(
            password_from(&json!({"password": "zot40ced", "server": {"id": 134551}})),
            Some(("134551".into(), "zot40ced".into()))
        );
        assert_eq!(
            password_from(&json!({"password": "x", "applicationtype": "cloudstorage"})),
            None
        );
    }

    #[test]
    fn wrong_shapes_are_malformed() {
        for v in [json!(null), json!([1]), json!("server"), json!({"id": 1})] {
            assert!(server_to_node(&v, None).is_err(), "{v}");
            assert!(image_from(&json!({"name": "x"})).is_err());
            assert!(ip_from(&v).is_err(), "{v}");
        }
    }
}
