//! Test support for libcloud-rs drivers: the loopback [`guard`], fixture [`replay`] on a
//! local wiremock server, the [`conformance`] suites every driver runs, and a
//! [`fault_proxy`] that breaks chosen requests of live tests, a [`dns_query`] client that
//! asks a DNS server on loopback what it serves, a Keystone [`keystone`] login for replays,
//! a stand-in for Google's metadata server naming a project ([`google_metadata`]), and
//! [`turn`]s at servers that take one test at a time.
//!
//! A driver's tests typically start a [`replay::Replay`] of a fixture scenario, build the
//! driver from [`replay::Replay::config`], run a conformance suite or single calls
//! against it, and finish with [`replay::Replay::assert_all_used`].

pub mod conformance;
pub mod dns_query;
pub mod errors;
pub mod fault_proxy;
pub mod fuzz;
pub mod google_metadata;
pub mod guard;
pub mod hostile;
pub mod keystone;
pub mod replay;
pub mod turn;
