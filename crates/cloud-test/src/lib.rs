//! Test support for libcloud-rs drivers: the loopback [`guard`], fixture [`replay`] on a
//! local wiremock server, the [`conformance`] suites every driver runs, and a
//! [`fault_proxy`] that breaks chosen requests of live tests.
//!
//! A driver's tests typically start a [`replay::Replay`] of a fixture scenario, build the
//! driver from [`replay::Replay::config`], run a conformance suite or single calls
//! against it, and finish with [`replay::Replay::assert_all_used`].

pub mod conformance;
pub mod errors;
pub mod fault_proxy;
pub mod fuzz;
pub mod guard;
pub mod hostile;
pub mod replay;
