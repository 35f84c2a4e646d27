//! The words of load balancing: listener protocols, balancing algorithms, balancer and
//! member states. Each reads and writes (`FromStr`, `Display`, serde) as one lowercase
//! word (`https`, `least_connections`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{Error, Result};

/// `text` as a word: trimmed, lowercase, `-` and spaces as `_`; `InvalidInput` naming
/// `what` when it is empty or holds anything but letters, digits and `_`.
fn word(what: &str, text: &str) -> Result<String> {
    let word: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '-' | ' ' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    if word.is_empty() || !word.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(Error::invalid_input(format!(
            "{what} {text:?} is not a word (letters, digits and _)"
        )));
    }
    Ok(word)
}

/// Declares an enum of known words plus `Other(String)`, with its string forms.
macro_rules! words {
    (
        $(#[$meta:meta])*
        $name:ident, $what:literal {
            $( $(#[$vmeta:meta])* $variant:ident => $text:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// Any other the provider offers, by its lowercase word.
            Other(String),
        }

        impl $name {
            /// The known ones, in a stable order.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The lowercase word.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $text, )+
                    $name::Other(word) => word,
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = Error;

            /// Reads the word in any case, with `-` or `_`; an unknown word is `Other`.
            fn from_str(text: &str) -> Result<Self> {
                let word = word($what, text)?;
                Ok(match word.as_str() {
                    $( $text => $name::$variant, )+
                    _ => $name::Other(word),
                })
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

words! {
    /// What a listener speaks.
    Protocol, "protocol" {
        /// HTTP, balanced per request.
        Http => "http",
        /// HTTPS, TLS ended at the balancer.
        Https => "https",
        /// Plain TCP, balanced per connection.
        Tcp => "tcp",
        /// UDP datagrams.
        Udp => "udp",
        /// TCP with TLS ended at the balancer.
        Tls => "tls",
    }
}

words! {
    /// How a balancer picks a member for a new connection or request.
    Algorithm, "algorithm" {
        /// Each member in turn.
        RoundRobin => "round_robin",
        /// The member with the fewest open connections.
        LeastConnections => "least_connections",
        /// A hash of the client's address, so one client keeps one member.
        SourceIp => "source_ip",
        /// Each member in turn, as often as its weight says.
        WeightedRoundRobin => "weighted_round_robin",
        /// The fewest connections relative to the member's weight.
        WeightedLeastConnections => "weighted_least_connections",
        /// A member picked at random.
        Random => "random",
    }
}

/// Where a balancer stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BalancerState {
    /// Being set up; not serving yet.
    Pending,
    /// Serving.
    Running,
    /// Failed at the provider.
    Error,
    /// Being deleted.
    Deleting,
    /// A state the driver cannot map.
    Unknown,
}

impl BalancerState {
    /// The lowercase word (`pending`, `running`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            BalancerState::Pending => "pending",
            BalancerState::Running => "running",
            BalancerState::Error => "error",
            BalancerState::Deleting => "deleting",
            BalancerState::Unknown => "unknown",
        }
    }
}

impl fmt::Display for BalancerState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the balancer's health checks last said of a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberHealth {
    /// Passing: the member gets traffic.
    Healthy,
    /// Failing: the member gets no traffic.
    Unhealthy,
    /// Not checked, or the provider does not report it.
    #[default]
    Unknown,
}

impl MemberHealth {
    /// The lowercase word (`healthy`, `unhealthy`, `unknown`).
    pub fn as_str(self) -> &'static str {
        match self {
            MemberHealth::Healthy => "healthy",
            MemberHealth::Unhealthy => "unhealthy",
            MemberHealth::Unknown => "unknown",
        }
    }
}

impl fmt::Display for MemberHealth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_parse_in_any_spelling_and_print_lowercase() {
        assert_eq!(
            "Least-Connections".parse::<Algorithm>().unwrap(),
            Algorithm::LeastConnections
        );
        assert_eq!("HTTPS".parse::<Protocol>().unwrap(), Protocol::Https);
        assert_eq!(Algorithm::SourceIp.to_string(), "source_ip");
        assert_eq!(
            "Ring-Hash".parse::<Algorithm>().unwrap(),
            Algorithm::Other("ring_hash".into())
        );
        let err = "round robin!".parse::<Algorithm>().unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::InvalidInput);
        assert!("".parse::<Protocol>().is_err());
    }

    #[test]
    fn words_round_trip_through_json() {
        for algorithm in Algorithm::KNOWN {
            let json = serde_json::to_string(algorithm).unwrap();
            assert_eq!(json, format!("\"{algorithm}\""));
            assert_eq!(
                &serde_json::from_str::<Algorithm>(&json).unwrap(),
                algorithm
            );
        }
        let other: Protocol = serde_json::from_str("\"sctp\"").unwrap();
        assert_eq!(other, Protocol::Other("sctp".into()));
        assert!(serde_json::from_str::<Protocol>("\"a/b\"").is_err());
        assert_eq!(
            serde_json::to_string(&MemberHealth::Unhealthy).unwrap(),
            "\"unhealthy\""
        );
        assert_eq!(
            serde_json::to_string(&BalancerState::Running).unwrap(),
            "\"running\""
        );
    }
}
