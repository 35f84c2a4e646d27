//! Slicehost documents to portable types: slices to nodes, flavors to sizes, images.
//!
//! Every function takes the raw answer body and fails with `MalformedResponse` (never a
//! panic) when the body is not the document it should be.

use std::net::Ipv4Addr;

use cloud_core::compute::{Extra, Image, Node, NodeState, Size};
use cloud_core::{Error, Result};
use serde_json::Value;

use cloud_core::xml::Element;

/// Hours in the month Slicehost billed by: 365 days × 24 hours ÷ 12 months = 730.
/// Flavor prices are cents per month; `price_per_hour` divides by this.
pub const HOURS_PER_MONTH: f64 = 730.0;

/// The id of the one location this driver reports (see [`crate::driver::location`]).
pub const LOCATION_ID: &str = "slicehost";

/// A monthly price in US cents as US dollars per hour: `cents / 100 / 730`.
pub fn price_per_hour(cents_per_month: u64) -> f64 {
    cents_per_month as f64 / 100.0 / HOURS_PER_MONTH
}

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

/// A `<slices>` list or a single `<slice>` as nodes.
pub fn parse_slices(body: &[u8]) -> Result<Vec<Node>> {
    let root = Element::parse(body)?;
    match root.name.as_ref() {
        "slices" => root.children_named("slice").map(slice_to_node).collect(),
        "slice" => Ok(vec![slice_to_node(&root)?]),
        other => Err(unexpected_root("slices", other)),
    }
}

/// A single `<slice>` document as a node.
pub fn parse_slice(body: &[u8]) -> Result<Node> {
    let mut nodes = parse_slices(body)?;
    match nodes.len() {
        1 => Ok(nodes.remove(0)),
        n => Err(Error::malformed(format!(
            "expected one slice in the answer, found {n}"
        ))),
    }
}

/// A `<flavors>` list or a single `<flavor>` as sizes.
pub fn parse_flavors(body: &[u8]) -> Result<Vec<Size>> {
    let root = Element::parse(body)?;
    match root.name.as_ref() {
        "flavors" => root.children_named("flavor").map(flavor_to_size).collect(),
        "flavor" => Ok(vec![flavor_to_size(&root)?]),
        other => Err(unexpected_root("flavors", other)),
    }
}

/// An `<images>` list or a single `<image>`.
pub fn parse_images(body: &[u8]) -> Result<Vec<Image>> {
    let root = Element::parse(body)?;
    match root.name.as_ref() {
        "images" => root.children_named("image").map(image_from).collect(),
        "image" => Ok(vec![image_from(&root)?]),
        other => Err(unexpected_root("images", other)),
    }
}

fn slice_to_node(el: &Element<'_>) -> Result<Node> {
    let id = required(el, "slice", "id")?;
    let name = el.child_value("name").unwrap_or_default().to_string();
    let status = el.child_value("status").unwrap_or("unknown");
    let mut addresses: Vec<&str> = Vec::new();
    if let Some(list) = el.child("addresses") {
        addresses.extend(list.children_named("address").map(|a| a.text.trim()));
    }
    addresses.extend(el.child_value("ip-address"));
    let (mut public_ips, mut private_ips) = (Vec::new(), Vec::new());
    for addr in addresses {
        let Ok(ip) = addr.parse::<Ipv4Addr>() else {
            continue;
        };
        let bucket = if ip.is_private() {
            &mut private_ips
        } else {
            &mut public_ips
        };
        if !bucket.contains(&addr.to_string()) {
            bucket.push(addr.to_string());
        }
    }
    let mut extra = Extra::new();
    extra.insert("status".into(), Value::from(status));
    for (field, key) in [
        ("progress", "progress"),
        ("bw-in", "bw_in"),
        ("bw-out", "bw_out"),
        ("backup-id", "backup_id"),
    ] {
        if let Some(v) = el.child_value(field) {
            extra.insert(key.into(), number_or_text(v));
        }
    }
    // The root password is only in the answer to a create; it is kept as the API gave
    // it, for the caller, and never logged.
    if let Some(pw) = el.child_value("root-password") {
        extra.insert("root_password".into(), Value::from(pw));
    }
    Ok(Node {
        id: id.to_string(),
        name,
        state: slice_state(status),
        public_ips,
        private_ips,
        size: el.child_value("flavor-id").map(str::to_string),
        image: el.child_value("image-id").map(str::to_string),
        location: Some(LOCATION_ID.to_string()),
        created_at: None,
        tags: Default::default(),
        extra,
    })
}

fn flavor_to_size(el: &Element<'_>) -> Result<Size> {
    let id = required(el, "flavor", "id")?;
    let name = el.child_value("name").unwrap_or(id).to_string();
    let ram_mib = parse_u64(required(el, "flavor", "ram")?, "flavor ram")?;
    let cents = el
        .child_value("price")
        .map(|p| parse_u64(p, "flavor price"))
        .transpose()?;
    let mut extra = Extra::new();
    if let Some(c) = cents {
        extra.insert("price_cents_per_month".into(), Value::from(c));
    }
    Ok(Size {
        id: id.to_string(),
        name,
        vcpus: None,
        ram_mib,
        disk_gib: None,
        price_per_hour: cents.map(price_per_hour),
        extra,
    })
}

fn image_from(el: &Element<'_>) -> Result<Image> {
    let id = required(el, "image", "id")?;
    Ok(Image {
        id: id.to_string(),
        name: el.child_value("name").unwrap_or(id).to_string(),
        extra: Extra::new(),
    })
}

fn required<'a>(el: &'a Element<'_>, what: &str, field: &str) -> Result<&'a str> {
    el.child_value(field)
        .ok_or_else(|| Error::malformed(format!("a {what} without <{field}> in the answer")))
}

fn parse_u64(text: &str, what: &str) -> Result<u64> {
    text.parse::<u64>()
        .map_err(|_| Error::malformed(format!("{what} {text:?} is not a whole number")))
}

fn number_or_text(v: &str) -> Value {
    if let Ok(n) = v.parse::<i64>() {
        return Value::from(n);
    }
    match v.parse::<f64>() {
        Ok(f) if f.is_finite() => Value::from(f),
        _ => Value::from(v),
    }
}

fn unexpected_root(want: &str, got: &str) -> Error {
    Error::malformed(format!("expected a <{want}> document, got <{got}>"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::ErrorKind;

    const SLICE: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?>
<slice>
  <name>web-1</name>
  <image-id type="integer">10</image-id>
  <addresses type="array"><address>174.143.1.2</address><address>10.176.3.4</address></addresses>
  <progress type="integer">0</progress>
  <id type="integer">4521</id>
  <bw-out type="float">0.0</bw-out>
  <bw-in type="float">0.0</bw-in>
  <flavor-id type="integer">1</flavor-id>
  <status>build</status>
  <root-password>web-1Xq9z</root-password>
</slice>"#;

    #[test]
    fn slice_becomes_node() {
        let node = parse_slice(SLICE).unwrap();
        assert_eq!(node.id, "4521");
        assert_eq!(node.name, "web-1");
        assert_eq!(node.state, NodeState::Pending);
        assert_eq!(node.public_ips, ["174.143.1.2"]);
        assert_eq!(node.private_ips, ["10.176.3.4"]);
        assert_eq!(node.size.as_deref(), Some("1"));
        assert_eq!(node.image.as_deref(), Some("10"));
        assert_eq!(node.location.as_deref(), Some(LOCATION_ID));
        assert_eq!(node.extra["root_password"], "web-1Xq9z");
        assert_eq!(node.extra["progress"], 0);
        assert_eq!(node.extra["bw_in"], 0.0);
    }

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

    #[test]
    fn price_is_cents_per_730_hour_month() {
        assert!((price_per_hour(2000) - 20.0 / 730.0).abs() < 1e-12);
        assert!((price_per_hour(7300) - 0.1).abs() < 1e-12);
        assert_eq!(price_per_hour(0), 0.0);
    }

    #[test]
    fn flavors_and_images() {
        let sizes = parse_flavors(
            br#"<flavors type="array"><flavor><id type="integer">1</id><name>256 slice</name>
            <price type="integer">2000</price><ram type="integer">256</ram></flavor></flavors>"#,
        )
        .unwrap();
        assert_eq!(sizes.len(), 1);
        assert_eq!(sizes[0].ram_mib, 256);
        assert_eq!(sizes[0].extra["price_cents_per_month"], 2000);
        assert!((sizes[0].price_per_hour.unwrap() - 2000.0 / 100.0 / 730.0).abs() < 1e-12);
        let images = parse_images(
            br#"<images type="array"><image><name>Ubuntu 8.04.2 LTS (hardy)</name><id type="integer">10</id></image></images>"#,
        )
        .unwrap();
        assert_eq!(images[0].id, "10");
        assert_eq!(images[0].name, "Ubuntu 8.04.2 LTS (hardy)");
    }

    #[test]
    fn wrong_or_incomplete_documents_are_malformed() {
        let cases: &[(&str, Result<usize>)] = &[
            (
                "slice without id",
                parse_slices(b"<slices><slice><name>x</name></slice></slices>").map(|v| v.len()),
            ),
            (
                "flavor without ram",
                parse_flavors(b"<flavors><flavor><id>1</id></flavor></flavors>").map(|v| v.len()),
            ),
            (
                "flavor ram not a number",
                parse_flavors(b"<flavor><id>1</id><ram>lots</ram></flavor>").map(|v| v.len()),
            ),
            (
                "negative price",
                parse_flavors(b"<flavor><id>1</id><ram>1</ram><price>-5</price></flavor>")
                    .map(|v| v.len()),
            ),
            (
                "images as slices",
                parse_slices(b"<images/>").map(|v| v.len()),
            ),
            (
                "errors document",
                parse_images(b"<errors><error>x</error></errors>").map(|v| v.len()),
            ),
            (
                "two slices for one",
                parse_slice(b"<slices><slice><id>1</id></slice><slice><id>2</id></slice></slices>")
                    .map(|_| 1),
            ),
        ];
        for (what, result) in cases {
            let err = result.as_ref().unwrap_err();
            assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{what}: {err}");
        }
        assert!(
            parse_slices(b"<slices type=\"array\"/>")
                .unwrap()
                .is_empty()
        );
    }
}
