//! Shared test helpers.
#![allow(dead_code)]
pub mod fault_server;
