//! A server's `addresses` map (network name → addresses) into public and private IPs.
//!
//! Nova tags each address `OS-EXT-IPS:type`: `floating` addresses are public; `fixed`
//! ones (and untagged ones) are public when they are globally routable and private
//! when they are in a private, shared, loopback, link-local or unique-local range.

use std::net::IpAddr;

use serde_json::Value;

/// Whether `ip` is reachable from the internet: not RFC 1918, shared (100.64/10),
/// loopback, link-local, unspecified, unique-local (fc00::/7) or
/// IPv6 link-local (fe80::/10).
pub fn is_public_ip(ip: &IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            let shared = a == 100 && (64..128).contains(&b);
            !(v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || shared)
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            let unique_local = (first & 0xfe00) == 0xfc00;
            let link_local = (first & 0xffc0) == 0xfe80;
            !(v6.is_loopback() || v6.is_unspecified() || unique_local || link_local)
        }
    }
}

/// The public and private addresses of an `addresses` value, each once, in the order
/// Nova lists them (networks in name order, as JSON objects keep them here). Entries
/// that are not addresses are skipped.
pub fn split_addresses(addresses: Option<&Value>) -> (Vec<String>, Vec<String>) {
    let mut public = Vec::new();
    let mut private = Vec::new();
    let Some(networks) = addresses.and_then(Value::as_object) else {
        return (public, private);
    };
    for entries in networks.values().filter_map(Value::as_array) {
        for entry in entries.iter().filter_map(Value::as_object) {
            let Some(addr) = entry.get("addr").and_then(Value::as_str) else {
                continue;
            };
            let Ok(ip) = addr.trim().parse::<IpAddr>() else {
                continue;
            };
            let floating = entry.get("OS-EXT-IPS:type").and_then(Value::as_str) == Some("floating");
            let list = if floating || is_public_ip(&ip) {
                &mut public
            } else {
                &mut private
            };
            let text = ip.to_string();
            if !list.contains(&text) {
                list.push(text);
            }
        }
    }
    (public, private)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn fixed_and_floating_addresses_split() {
        let addresses = json!({
            "private": [
                {"addr": "10.0.0.5", "version": 4, "OS-EXT-IPS:type": "fixed"},
                {"addr": "fd00:1::5", "version": 6, "OS-EXT-IPS:type": "fixed"},
                {"addr": "172.24.4.10", "version": 4, "OS-EXT-IPS:type": "floating"},
                {"addr": "10.0.0.5", "version": 4}
            ],
            "public": [
                {"addr": "203.0.113.7", "version": 4, "OS-EXT-IPS:type": "fixed"},
                {"addr": "2001:db8::7", "version": 6},
                {"addr": "not an ip"},
                {"version": 4},
                "junk"
            ],
            "odd": "not a list"
        });
        let (public, private) = split_addresses(Some(&addresses));
        assert_eq!(public, ["172.24.4.10", "203.0.113.7", "2001:db8::7"]);
        assert_eq!(private, ["10.0.0.5", "fd00:1::5"]);
        assert_eq!(split_addresses(None), (vec![], vec![]));
        assert_eq!(split_addresses(Some(&json!([1]))), (vec![], vec![]));
    }

    #[test]
    fn private_ranges_are_private() {
        for ip in [
            "192.168.1.1",
            "172.16.0.1",
            "100.64.0.1",
            "127.0.0.1",
            "169.254.1.1",
            "fe80::1",
            "::1",
        ] {
            assert!(!is_public_ip(&ip.parse().unwrap()), "{ip}");
        }
        for ip in ["8.8.8.8", "100.128.0.1", "2a00:1450::1"] {
            assert!(is_public_ip(&ip.parse().unwrap()), "{ip}");
        }
    }
}
