#![doc = include_str!("../README.md")]

mod compute;
mod dns;
mod factory;
mod load_balancer;
mod settings;
mod state;
mod storage;
mod store;

pub use compute::{LocalCompute, LocalComputeOptions};
pub use dns::LocalDns;
pub use factory::LocalFactory;
pub use load_balancer::LocalLoadBalancer;
pub use settings::{
    BOOT_DELAY_ENV, DEFAULT_BOOT_DELAY, STATE_DIR_ENV, resolve_boot_delay, resolve_state_dir,
};
pub use storage::LocalStorage;

/// The provider id of this driver.
pub const PROVIDER_ID: &str = "local";
