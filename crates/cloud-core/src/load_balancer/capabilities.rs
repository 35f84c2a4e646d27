//! What a load balancer driver supports, said up front.

use std::collections::BTreeSet;
use std::fmt::Display;

use serde::{Deserialize, Serialize};

use super::{Algorithm, Protocol};
use crate::{Error, ErrorKind, Result};

/// One optional load balancer feature. Listing, getting, creating and destroying
/// balancers, and listing, attaching and detaching members, are required of every driver
/// and have no flag here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LoadBalancerFeature {
    /// `update_balancer`.
    UpdateBalancer,
    /// Health checks (`CreateBalancer::health_check`).
    HealthChecks,
    /// A weight per member (`MemberTarget` weights).
    MemberWeights,
    /// The provider reports each member's health.
    MemberHealth,
    /// Members named by the provider's node id (`MemberTarget::Node`).
    AttachByNode,
    /// Members named by address and port (`MemberTarget::Address`).
    AttachByAddress,
    /// Creates finish asynchronously: a new balancer carries an operation to wait for.
    CreateOperations,
}

impl LoadBalancerFeature {
    /// The feature's name as the docs spell it (`AttachByNode`).
    pub fn name(self) -> &'static str {
        match self {
            LoadBalancerFeature::UpdateBalancer => "UpdateBalancer",
            LoadBalancerFeature::HealthChecks => "HealthChecks",
            LoadBalancerFeature::MemberWeights => "MemberWeights",
            LoadBalancerFeature::MemberHealth => "MemberHealth",
            LoadBalancerFeature::AttachByNode => "AttachByNode",
            LoadBalancerFeature::AttachByAddress => "AttachByAddress",
            LoadBalancerFeature::CreateOperations => "CreateOperations",
        }
    }
}

/// The protocols, algorithms and optional features a load balancer driver supports.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadBalancerCapabilities {
    /// The listener protocols it takes.
    pub protocols: BTreeSet<Protocol>,
    /// The balancing algorithms it offers.
    pub algorithms: BTreeSet<Algorithm>,
    /// The optional features.
    pub features: BTreeSet<LoadBalancerFeature>,
}

impl LoadBalancerCapabilities {
    /// Capabilities with exactly these protocols, algorithms and features.
    pub fn with(
        protocols: impl IntoIterator<Item = Protocol>,
        algorithms: impl IntoIterator<Item = Algorithm>,
        features: impl IntoIterator<Item = LoadBalancerFeature>,
    ) -> Self {
        LoadBalancerCapabilities {
            protocols: protocols.into_iter().collect(),
            algorithms: algorithms.into_iter().collect(),
            features: features.into_iter().collect(),
        }
    }

    /// Whether `feature` is supported.
    pub fn supports(&self, feature: LoadBalancerFeature) -> bool {
        self.features.contains(&feature)
    }

    /// Whether a listener can speak `protocol`.
    pub fn supports_protocol(&self, protocol: &Protocol) -> bool {
        self.protocols.contains(protocol)
    }

    /// Whether the provider offers `algorithm`.
    pub fn supports_algorithm(&self, algorithm: &Algorithm) -> bool {
        self.algorithms.contains(algorithm)
    }

    /// Refuses a protocol the provider does not take: `Unsupported` naming the provider,
    /// the protocol and the ones it does take.
    pub fn check_protocol(&self, provider: &str, protocol: &Protocol) -> Result<()> {
        if self.supports_protocol(protocol) {
            return Ok(());
        }
        Err(refused(provider, "protocol", protocol, &self.protocols))
    }

    /// Refuses an algorithm the provider does not offer: `Unsupported` naming the
    /// provider, the algorithm and the ones it does offer.
    pub fn check_algorithm(&self, provider: &str, algorithm: &Algorithm) -> Result<()> {
        if self.supports_algorithm(algorithm) {
            return Ok(());
        }
        Err(refused(provider, "algorithm", algorithm, &self.algorithms))
    }

    /// Refuses `what` (a setting or call) when `feature` is not supported: `Unsupported`
    /// naming the provider and the feature.
    pub fn check_feature(
        &self,
        provider: &str,
        feature: LoadBalancerFeature,
        what: &str,
    ) -> Result<()> {
        if self.supports(feature) {
            return Ok(());
        }
        Err(Error::new(
            ErrorKind::Unsupported,
            format!(
                "provider {provider} does not support {what} (load balancer feature {})",
                feature.name()
            ),
        )
        .with_provider(provider))
    }
}

fn refused<T: Display>(provider: &str, what: &str, value: &T, known: &BTreeSet<T>) -> Error {
    let known: Vec<String> = known.iter().map(ToString::to_string).collect();
    let known = if known.is_empty() {
        "none".to_string()
    } else {
        known.join(", ")
    };
    Error::new(
        ErrorKind::Unsupported,
        format!("provider {provider} does not support {what} {value} (it supports {known})"),
    )
    .with_provider(provider)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_name_what_is_supported() {
        let caps = LoadBalancerCapabilities::with(
            [Protocol::Tcp, Protocol::Http],
            [Algorithm::RoundRobin, Algorithm::SourceIp],
            [LoadBalancerFeature::AttachByAddress],
        );
        assert!(caps.check_protocol("p", &Protocol::Http).is_ok());
        let err = caps.check_protocol("p", &Protocol::Udp).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unsupported);
        assert_eq!(
            err.message(),
            "provider p does not support protocol udp (it supports http, tcp)"
        );
        let err = caps
            .check_algorithm("p", &Algorithm::Other("maglev".into()))
            .unwrap_err();
        assert!(
            err.message()
                .contains("algorithm maglev (it supports round_robin, source_ip)"),
            "{err}"
        );
        let err = caps
            .check_feature("p", LoadBalancerFeature::HealthChecks, "health checks")
            .unwrap_err();
        assert!(err.message().contains("HealthChecks"), "{err}");
        assert!(
            caps.check_feature("p", LoadBalancerFeature::AttachByAddress, "x")
                .is_ok()
        );
    }
}
