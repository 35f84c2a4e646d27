//! The checks every load balancer driver makes before it sends or stores anything, so
//! bad input fails with the same typed error whatever the provider.

use super::{HealthCheck, LoadBalancerCapabilities, LoadBalancerFeature, MemberTarget, Protocol};
use crate::{Error, Result};

/// The longest balancer name.
pub const MAX_NAME_LEN: usize = 64;

/// `port` as a port number; `InvalidInput` naming `what` when it is outside 1–65535.
pub fn check_port(what: &str, port: u32) -> Result<u16> {
    match u16::try_from(port) {
        Ok(p) if p > 0 => Ok(p),
        _ => Err(Error::invalid_input(format!(
            "{what} {port} is outside 1-65535"
        ))),
    }
}

/// A balancer name: 1 to [`MAX_NAME_LEN`] ASCII letters, digits, `-`, `_` and `.`,
/// starting with a letter or digit; `InvalidInput` saying which rule it breaks.
pub fn check_name(name: &str) -> Result<()> {
    if name.is_empty() || name.len() > MAX_NAME_LEN {
        return Err(Error::invalid_input(format!(
            "balancer name {:?} must be 1 to {MAX_NAME_LEN} characters",
            name.chars().take(MAX_NAME_LEN + 8).collect::<String>()
        )));
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    if !name.chars().all(allowed) || !name.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return Err(Error::invalid_input(format!(
            "balancer name {name:?} may hold only letters, digits, '-', '_' and '.', \
             and must start with a letter or digit"
        )));
    }
    Ok(())
}

/// A member to attach: its port, a weight only where the provider keeps weights, and a
/// node or an address only where the provider attaches that way.
pub fn check_member(
    provider: &str,
    caps: &LoadBalancerCapabilities,
    target: &MemberTarget,
) -> Result<()> {
    check_port("member port", target.port())?;
    if target.weight().is_some() {
        caps.check_feature(
            provider,
            LoadBalancerFeature::MemberWeights,
            "member weights",
        )?;
    }
    match target {
        MemberTarget::Node { node_id, .. } => {
            caps.check_feature(
                provider,
                LoadBalancerFeature::AttachByNode,
                "members by node id",
            )?;
            if node_id.is_empty() {
                return Err(Error::invalid_input("a member's node id must not be empty"));
            }
        }
        MemberTarget::Address { .. } => caps.check_feature(
            provider,
            LoadBalancerFeature::AttachByAddress,
            "members by address",
        )?,
    }
    Ok(())
}

/// A health check: supported at all, a protocol the provider takes, a valid port, a path
/// (starting with `/`) exactly for HTTP(S), and timings that make sense.
pub fn check_health_check(
    provider: &str,
    caps: &LoadBalancerCapabilities,
    check: &HealthCheck,
) -> Result<()> {
    caps.check_feature(provider, LoadBalancerFeature::HealthChecks, "health checks")?;
    caps.check_protocol(provider, &check.protocol)?;
    check_port("health check port", check.port)?;
    let web = matches!(check.protocol, Protocol::Http | Protocol::Https);
    match &check.path {
        Some(path) if !web => {
            return Err(Error::invalid_input(format!(
                "a {} health check takes no path (got {path:?})",
                check.protocol
            )));
        }
        Some(path) if !path.starts_with('/') => {
            return Err(Error::invalid_input(format!(
                "health check path {path:?} must start with '/'"
            )));
        }
        None if web => {
            return Err(Error::invalid_input(format!(
                "a {} health check needs a path",
                check.protocol
            )));
        }
        _ => {}
    }
    if check.interval_secs == 0 || check.timeout_secs == 0 {
        return Err(Error::invalid_input(
            "health check interval and timeout must be at least 1 second",
        ));
    }
    if check.timeout_secs >= check.interval_secs {
        return Err(Error::invalid_input(format!(
            "health check timeout {}s must be shorter than the interval {}s",
            check.timeout_secs, check.interval_secs
        )));
    }
    if check.healthy_threshold == 0 || check.unhealthy_threshold == 0 {
        return Err(Error::invalid_input(
            "health check thresholds must be at least 1",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::{Algorithm, CreateBalancer};
    use super::*;
    use crate::ErrorKind;

    fn caps() -> LoadBalancerCapabilities {
        LoadBalancerCapabilities::with(
            [Protocol::Http, Protocol::Tcp],
            [Algorithm::RoundRobin, Algorithm::LeastConnections],
            [
                LoadBalancerFeature::AttachByAddress,
                LoadBalancerFeature::HealthChecks,
            ],
        )
    }

    fn ip() -> std::net::IpAddr {
        "192.0.2.10".parse().unwrap()
    }

    #[test]
    fn ports_outside_the_range_are_invalid_input_naming_the_port() {
        assert_eq!(check_port("p", 1).unwrap(), 1);
        assert_eq!(check_port("p", 65535).unwrap(), 65535);
        for bad in [0, 65536, 70000] {
            let err = check_port("listener port", bad).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput);
            assert!(err.message().contains(&bad.to_string()), "{err}");
        }
        let request = CreateBalancer::new("web", 80, Protocol::Http)
            .with_member(MemberTarget::address(ip(), 70000));
        let err = request.validate("p", &caps()).unwrap_err();
        assert_eq!(err.message(), "member port 70000 is outside 1-65535");
    }

    #[test]
    fn names_follow_the_rules() {
        assert!(check_name("web-1.prod_a").is_ok());
        for bad in ["", "-web", "web space", "wéb", &"x".repeat(65)] {
            let err = check_name(bad).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput, "{bad:?}");
        }
    }

    #[test]
    fn creates_check_protocol_algorithm_and_features() {
        let caps = caps();
        let good = CreateBalancer::new("web", 80, Protocol::Http)
            .with_algorithm(Algorithm::LeastConnections)
            .with_member(MemberTarget::address(ip(), 8080));
        assert!(good.validate("p", &caps).is_ok());

        let udp = CreateBalancer::new("web", 53, Protocol::Udp);
        assert_eq!(
            udp.validate("p", &caps).unwrap_err().kind(),
            ErrorKind::Unsupported
        );
        let hash = good.clone().with_algorithm(Algorithm::SourceIp);
        let err = hash.validate("p", &caps).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unsupported);
        assert!(
            err.message()
                .contains("(it supports round_robin, least_connections)"),
            "{err}"
        );
        let by_node = good.clone().with_member(MemberTarget::node("n-1", 80));
        assert!(
            by_node
                .validate("p", &caps)
                .unwrap_err()
                .message()
                .contains("AttachByNode")
        );
        let weighted = CreateBalancer::new("web", 80, Protocol::Tcp)
            .with_member(MemberTarget::address(ip(), 80).with_weight(5));
        assert_eq!(
            weighted.validate("p", &caps).unwrap_err().kind(),
            ErrorKind::Unsupported
        );
    }

    #[test]
    fn health_checks_need_sensible_settings() {
        let caps = caps();
        assert!(check_health_check("p", &caps, &HealthCheck::http(80, "/health")).is_ok());
        assert!(check_health_check("p", &caps, &HealthCheck::tcp(80)).is_ok());
        let mut no_path = HealthCheck::http(80, "/");
        no_path.path = None;
        let relative = HealthCheck::http(80, "health");
        let mut slow = HealthCheck::tcp(80);
        slow.timeout_secs = 30;
        let mut zero = HealthCheck::tcp(80);
        zero.unhealthy_threshold = 0;
        for bad in [no_path, relative, slow, zero, HealthCheck::tcp(0)] {
            let err = check_health_check("p", &caps, &bad).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput, "{bad:?}");
        }
        let none = LoadBalancerCapabilities::default();
        let err = check_health_check("p", &none, &HealthCheck::tcp(80)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unsupported);
    }
}
