//! Elastic Load Balancing's words onto the portable ones: protocols, the balancer type a
//! protocol needs, algorithms, load balancer states and target health.

use cloud_core::load_balancer::{Algorithm, BalancerState, MemberHealth, Protocol};
use cloud_core::{Error, Result};

/// The algorithm of every network load balancer: a hash of each flow (protocol,
/// addresses and ports) picks the member.
pub const FLOW_HASH: &str = "flow_hash";

/// An application load balancer's target group sending each request to the member with
/// the fewest requests in flight.
pub const LEAST_OUTSTANDING_REQUESTS: &str = "least_outstanding_requests";

/// An application load balancer's target group picking members at random, weighted by
/// how well they answered lately.
pub const WEIGHTED_RANDOM: &str = "weighted_random";

/// The target group attribute that holds an application load balancer's algorithm.
pub(crate) const ALGORITHM_ATTRIBUTE: &str = "load_balancing.algorithm.type";

/// The two kinds of balancer a portable one can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// HTTP and HTTPS listeners, balanced per request.
    Application,
    /// TCP, TLS and UDP listeners, balanced per flow.
    Network,
}

impl Kind {
    /// The kind a listener protocol needs.
    pub(crate) fn for_protocol(protocol: &Protocol) -> Result<Kind> {
        match protocol {
            Protocol::Http | Protocol::Https => Ok(Kind::Application),
            Protocol::Tcp | Protocol::Tls | Protocol::Udp => Ok(Kind::Network),
            Protocol::Other(word) if word == "tcp_udp" => Ok(Kind::Network),
            other => Err(Error::unsupported(
                crate::PROVIDER_ID,
                &format!("listener protocol {other}"),
            )),
        }
    }

    /// The `Type` parameter of `CreateLoadBalancer`.
    pub(crate) fn api_word(self) -> &'static str {
        match self {
            Kind::Application => "application",
            Kind::Network => "network",
        }
    }

    /// The algorithms a balancer of this kind can use.
    pub(crate) fn algorithms(self) -> Vec<Algorithm> {
        match self {
            Kind::Application => vec![
                Algorithm::RoundRobin,
                Algorithm::Other(LEAST_OUTSTANDING_REQUESTS.into()),
                Algorithm::Other(WEIGHTED_RANDOM.into()),
            ],
            Kind::Network => vec![Algorithm::Other(FLOW_HASH.into())],
        }
    }

    /// Refuses an algorithm this kind of balancer cannot use, naming the ones it can.
    pub(crate) fn check_algorithm(self, protocol: &Protocol, algorithm: &Algorithm) -> Result<()> {
        let allowed = self.algorithms();
        if allowed.contains(algorithm) {
            return Ok(());
        }
        let names: Vec<String> = allowed.iter().map(ToString::to_string).collect();
        Err(Error::invalid_input(format!(
            "a {protocol} balancer is an {} load balancer, which balances by {}, not {algorithm}",
            self.api_word(),
            names.join(" or ")
        ))
        .with_provider(crate::PROVIDER_ID))
    }
}

/// A portable protocol as Elastic Load Balancing writes it (`HTTP`, `TCP_UDP`).
pub(crate) fn protocol_word(protocol: &Protocol) -> String {
    protocol.as_str().to_ascii_uppercase()
}

/// Elastic Load Balancing's protocol word as a portable protocol (`TCP_UDP` is
/// `Other("tcp_udp")`); an empty or odd word is a malformed answer.
pub(crate) fn protocol_from(word: &str) -> Result<Protocol> {
    word.parse()
        .map_err(|_| Error::malformed(format!("protocol {word:?} is not a protocol word")))
}

/// The portable algorithm of a target group attribute value.
pub(crate) fn algorithm_from_attribute(value: &str) -> Algorithm {
    match value {
        "round_robin" => Algorithm::RoundRobin,
        other => other
            .parse()
            .unwrap_or_else(|_| Algorithm::Other(other.to_string())),
    }
}

/// The attribute value of an application load balancer's algorithm.
pub(crate) fn algorithm_attribute(algorithm: &Algorithm) -> &str {
    algorithm.as_str()
}

/// A load balancer's `State/Code`: `active` serves, `active_impaired` serves with
/// trouble, `provisioning` is still being set up, `failed` failed.
pub fn balancer_state(code: &str) -> BalancerState {
    match code {
        "active" | "active_impaired" => BalancerState::Running,
        "provisioning" => BalancerState::Pending,
        "failed" => BalancerState::Error,
        _ => BalancerState::Unknown,
    }
}

/// A target's `TargetHealth/State`: `healthy` passes its checks, `unhealthy` and
/// `unhealthy.draining` fail them; `initial` (first checks running), `unused`, `draining`
/// and `unavailable` (checks off) say nothing about the member's health.
pub fn member_health(state: &str) -> MemberHealth {
    match state {
        "healthy" => MemberHealth::Healthy,
        "unhealthy" | "unhealthy.draining" => MemberHealth::Unhealthy,
        _ => MemberHealth::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocols_pick_the_kind_and_round_trip() {
        assert_eq!(
            Kind::for_protocol(&Protocol::Https).unwrap(),
            Kind::Application
        );
        assert_eq!(Kind::for_protocol(&Protocol::Udp).unwrap(), Kind::Network);
        assert!(Kind::for_protocol(&Protocol::Other("sctp".into())).is_err());
        for p in [
            Protocol::Http,
            Protocol::Tls,
            Protocol::Other("tcp_udp".into()),
        ] {
            assert_eq!(protocol_from(&protocol_word(&p)).unwrap(), p);
        }
        assert_eq!(protocol_word(&Protocol::Other("tcp_udp".into())), "TCP_UDP");
        assert!(protocol_from("").is_err());
    }

    #[test]
    fn algorithms_fit_their_kind() {
        let flow = Algorithm::Other(FLOW_HASH.into());
        assert!(Kind::Network.check_algorithm(&Protocol::Tcp, &flow).is_ok());
        let err = Kind::Network
            .check_algorithm(&Protocol::Tcp, &Algorithm::RoundRobin)
            .unwrap_err();
        assert_eq!(err.kind(), cloud_core::ErrorKind::InvalidInput);
        assert!(
            err.message()
                .contains("balances by flow_hash, not round_robin"),
            "{err}"
        );
        assert!(
            Kind::Application
                .check_algorithm(&Protocol::Http, &flow)
                .is_err()
        );
        assert_eq!(
            algorithm_from_attribute("least_outstanding_requests"),
            Algorithm::Other(LEAST_OUTSTANDING_REQUESTS.into())
        );
        assert_eq!(
            algorithm_from_attribute("round_robin"),
            Algorithm::RoundRobin
        );
        assert_eq!(algorithm_attribute(&Algorithm::RoundRobin), "round_robin");
    }

    #[test]
    fn states_and_health() {
        assert_eq!(balancer_state("active"), BalancerState::Running);
        assert_eq!(balancer_state("provisioning"), BalancerState::Pending);
        assert_eq!(balancer_state("failed"), BalancerState::Error);
        assert_eq!(balancer_state("new"), BalancerState::Unknown);
        assert_eq!(member_health("healthy"), MemberHealth::Healthy);
        assert_eq!(member_health("unhealthy.draining"), MemberHealth::Unhealthy);
        assert_eq!(member_health("initial"), MemberHealth::Unknown);
    }
}
