//! The portable words of load balancing onto a NodeBalancer Config's and back: protocols
//! (`http`, `https`, `tcp`), algorithms (`roundrobin`, `leastconn`, `source`) and checks
//! (`none`, `connection`, `http`, `http_body`).

use cloud_core::load_balancer::{Algorithm, HealthCheck, Protocol};
use cloud_core::{Error, Result};
use serde_json::{Map, Value, json};

use crate::model::RawConfig;

/// The protocols a Config takes.
pub(super) const PROTOCOLS: [Protocol; 3] = [Protocol::Http, Protocol::Https, Protocol::Tcp];

/// The algorithms a Config offers.
pub(super) const ALGORITHMS: [Algorithm; 3] = [
    Algorithm::RoundRobin,
    Algorithm::LeastConnections,
    Algorithm::SourceIp,
];

/// Linode's longest check timeout and most check attempts.
const MAX_CHECK: u32 = 30;

/// A Config's `protocol` for `protocol`; `None` for one Linode does not take.
pub fn protocol_to_linode(protocol: &Protocol) -> Option<&'static str> {
    match protocol {
        Protocol::Http => Some("http"),
        Protocol::Https => Some("https"),
        Protocol::Tcp => Some("tcp"),
        _ => None,
    }
}

/// A Config's `protocol` as the portable word.
pub fn protocol_from_linode(text: &str) -> Protocol {
    text.parse()
        .unwrap_or_else(|_| Protocol::Other(text.to_ascii_lowercase()))
}

/// A Config's `algorithm` for `algorithm`; `None` for one Linode does not offer.
pub fn algorithm_to_linode(algorithm: &Algorithm) -> Option<&'static str> {
    match algorithm {
        Algorithm::RoundRobin => Some("roundrobin"),
        Algorithm::LeastConnections => Some("leastconn"),
        Algorithm::SourceIp => Some("source"),
        _ => None,
    }
}

/// A Config's `algorithm` as the portable word (`roundrobin` → `round_robin`, …).
pub fn algorithm_from_linode(text: &str) -> Algorithm {
    match text {
        "roundrobin" => Algorithm::RoundRobin,
        "leastconn" => Algorithm::LeastConnections,
        "source" => Algorithm::SourceIp,
        other => other
            .parse()
            .unwrap_or_else(|_| Algorithm::Other(other.to_ascii_lowercase())),
    }
}

/// The Config fields for a health check (or `check: none` without one). Linode checks
/// each Node on the Node's own port, so the check's port must be `target_port`; it keeps
/// one attempts count, so the thresholds must agree; timeouts and attempts go up to 30.
/// `InvalidInput` otherwise.
pub(super) fn check_fields(
    check: Option<&HealthCheck>,
    target_port: u32,
) -> Result<Map<String, Value>> {
    let mut fields = Map::new();
    let Some(check) = check else {
        fields.insert("check".into(), json!("none"));
        return Ok(fields);
    };
    if check.port != target_port {
        return Err(Error::invalid_input(format!(
            "health check port {}: Linode checks each member on its own port ({target_port})",
            check.port
        )));
    }
    if check.healthy_threshold != check.unhealthy_threshold {
        return Err(Error::invalid_input(format!(
            "health check thresholds {} and {}: Linode keeps one count of attempts for both",
            check.healthy_threshold, check.unhealthy_threshold
        )));
    }
    if check.timeout_secs > MAX_CHECK || check.unhealthy_threshold > MAX_CHECK {
        return Err(Error::invalid_input(format!(
            "health check timeout {}s and attempts {} must be at most {MAX_CHECK}",
            check.timeout_secs, check.unhealthy_threshold
        )));
    }
    match check.protocol {
        Protocol::Http | Protocol::Https => {
            fields.insert("check".into(), json!("http"));
            if let Some(path) = &check.path {
                fields.insert("check_path".into(), json!(path));
            }
        }
        _ => {
            fields.insert("check".into(), json!("connection"));
        }
    }
    fields.insert("check_interval".into(), json!(check.interval_secs));
    fields.insert("check_timeout".into(), json!(check.timeout_secs));
    fields.insert("check_attempts".into(), json!(check.unhealthy_threshold));
    Ok(fields)
}

/// A Config's check as a portable health check; `None` for `check: none`. An HTTP check
/// of an `https` Config speaks HTTPS; the one attempts count is both thresholds.
pub(super) fn health_check_of(config: &RawConfig) -> Option<HealthCheck> {
    let protocol = match config.check.as_deref() {
        None | Some("none") => return None,
        Some("connection") => Protocol::Tcp,
        Some(_) if config.protocol == "https" => Protocol::Https,
        Some(_) => Protocol::Http,
    };
    let attempts = config.check_attempts.unwrap_or(3);
    let path = match protocol {
        Protocol::Tcp => None,
        _ => Some(config.check_path.clone().unwrap_or_else(|| "/".into())),
    };
    Some(HealthCheck {
        protocol,
        port: config.port,
        path,
        interval_secs: config.check_interval.unwrap_or(31),
        timeout_secs: config.check_timeout.unwrap_or(30),
        healthy_threshold: attempts,
        unhealthy_threshold: attempts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloud_core::ErrorKind;

    #[test]
    fn protocols_map_both_ways() {
        for protocol in PROTOCOLS {
            let word = protocol_to_linode(&protocol).unwrap();
            assert_eq!(protocol_from_linode(word), protocol);
        }
        assert_eq!(protocol_to_linode(&Protocol::Udp), None);
        assert_eq!(protocol_to_linode(&Protocol::Tls), None);
        assert_eq!(protocol_from_linode("quic"), Protocol::Other("quic".into()));
    }

    #[test]
    fn algorithms_map_both_ways() {
        assert_eq!(
            algorithm_to_linode(&Algorithm::RoundRobin),
            Some("roundrobin")
        );
        assert_eq!(
            algorithm_to_linode(&Algorithm::LeastConnections),
            Some("leastconn")
        );
        assert_eq!(algorithm_to_linode(&Algorithm::SourceIp), Some("source"));
        for algorithm in ALGORITHMS {
            let word = algorithm_to_linode(&algorithm).unwrap();
            assert_eq!(algorithm_from_linode(word), algorithm);
        }
        assert_eq!(algorithm_to_linode(&Algorithm::Random), None);
        assert_eq!(
            algorithm_from_linode("ring_hash"),
            Algorithm::Other("ring_hash".into())
        );
    }

    fn config(check: &str, protocol: &str) -> RawConfig {
        serde_json::from_value(json!({
            "id": 1, "port": 443, "protocol": protocol, "algorithm": "roundrobin",
            "check": check, "check_interval": 90, "check_timeout": 10,
            "check_attempts": 3, "check_path": "/test"
        }))
        .unwrap()
    }

    #[test]
    fn checks_map_both_ways() {
        let mut check = HealthCheck::http(8080, "/health");
        check.timeout_secs = 10;
        let fields = check_fields(Some(&check), 8080).unwrap();
        assert_eq!(
            Value::Object(fields),
            json!({"check": "http", "check_path": "/health", "check_interval": 30,
                   "check_timeout": 10, "check_attempts": 3})
        );
        let fields = check_fields(Some(&HealthCheck::tcp(80)), 80).unwrap();
        assert_eq!(fields["check"], "connection");
        assert!(!fields.contains_key("check_path"));
        assert_eq!(
            Value::Object(check_fields(None, 80).unwrap()),
            json!({"check": "none"})
        );

        assert_eq!(health_check_of(&config("none", "http")), None);
        let tcp = health_check_of(&config("connection", "tcp")).unwrap();
        assert_eq!((tcp.protocol, tcp.path), (Protocol::Tcp, None));
        let web = health_check_of(&config("http_body", "https")).unwrap();
        assert_eq!(web.protocol, Protocol::Https);
        assert_eq!(web.path.as_deref(), Some("/test"));
        assert_eq!((web.interval_secs, web.timeout_secs), (90, 10));
        assert_eq!((web.healthy_threshold, web.unhealthy_threshold), (3, 3));
    }

    #[test]
    fn checks_linode_cannot_keep_are_invalid_input() {
        let other_port = HealthCheck::tcp(81);
        let mut thresholds = HealthCheck::tcp(80);
        thresholds.healthy_threshold = 2;
        let mut slow = HealthCheck::tcp(80);
        slow.interval_secs = 120;
        slow.timeout_secs = 60;
        for bad in [other_port, thresholds, slow] {
            let err = check_fields(Some(&bad), 80).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput, "{bad:?}");
        }
    }
}
