//! The words of Cloud Load Balancers: balancer statuses onto the core's states, and the
//! protocols and algorithms it offers onto the core's (the list operations
//! `GET /loadbalancers/protocols` and `GET /loadbalancers/algorithms` of API v1.0).

use cloud_core::load_balancer::{Algorithm, BalancerState, Protocol};
use cloud_core::{Error, Result};

/// The protocols a balancer can take, as the API spells them.
pub const PROTOCOLS: &[&str] = &[
    "DNS_TCP",
    "DNS_UDP",
    "FTP",
    "HTTP",
    "HTTPS",
    "IMAPS",
    "IMAPv2",
    "IMAPv3",
    "IMAPv4",
    "LDAP",
    "LDAPS",
    "MYSQL",
    "POP3",
    "POP3S",
    "SFTP",
    "SMTP",
    "TCP",
    "TCP_CLIENT_FIRST",
    "UDP",
    "UDP_STREAM",
];

/// The algorithms a balancer can use, as the API spells them.
pub const ALGORITHMS: &[&str] = &[
    "LEAST_CONNECTIONS",
    "RANDOM",
    "ROUND_ROBIN",
    "WEIGHTED_LEAST_CONNECTIONS",
    "WEIGHTED_ROUND_ROBIN",
];

/// A balancer status onto the core's state: `ACTIVE` and `PENDING_UPDATE` serve
/// traffic (running), `BUILD` is pending, `ERROR` and `SUSPENDED` are errors,
/// `PENDING_DELETE` and `DELETED` are being deleted. `-` and `_` are taken alike.
pub fn balancer_state(status: &str) -> BalancerState {
    match normal(status).as_str() {
        "ACTIVE" | "PENDING_UPDATE" => BalancerState::Running,
        "BUILD" => BalancerState::Pending,
        "ERROR" | "SUSPENDED" => BalancerState::Error,
        "PENDING_DELETE" | "DELETED" => BalancerState::Deleting,
        _ => BalancerState::Unknown,
    }
}

/// Whether a status means the balancer is still being built.
pub(crate) fn is_building(status: &str) -> bool {
    normal(status) == "BUILD"
}

/// Uppercase, with `-` as `_` (`PENDING-UPDATE` → `PENDING_UPDATE`).
fn normal(status: &str) -> String {
    status.trim().to_ascii_uppercase().replace('-', "_")
}

/// A protocol word of the API as the core's protocol: HTTP, HTTPS, TCP and UDP by
/// name, any other as `Other` of its lowercase word (`mysql`, `imapv4`).
pub fn protocol_of(word: &str) -> Result<Protocol> {
    word.parse::<Protocol>()
        .map_err(|e| malformed(format!("protocol {word:?}: {}", e.message())))
}

/// The API's word for `protocol`, when the API has it.
pub fn protocol_word(protocol: &Protocol) -> Option<&'static str> {
    let wanted = protocol.as_str();
    PROTOCOLS
        .iter()
        .copied()
        .find(|w| w.eq_ignore_ascii_case(wanted))
}

/// An algorithm word of the API as the core's algorithm.
pub fn algorithm_of(word: &str) -> Result<Algorithm> {
    word.parse::<Algorithm>()
        .map_err(|e| malformed(format!("algorithm {word:?}: {}", e.message())))
}

/// The API's word for `algorithm`, when the API has it.
pub fn algorithm_word(algorithm: &Algorithm) -> Option<&'static str> {
    let wanted = algorithm.as_str();
    ALGORITHMS
        .iter()
        .copied()
        .find(|w| w.eq_ignore_ascii_case(wanted))
}

fn malformed(message: String) -> Error {
    Error::malformed(format!(
        "Cloud Load Balancers answer has an unreadable {message}"
    ))
    .with_provider(crate::PROVIDER_ID)
}
