//! Shared test helpers.
pub mod fault_server;
