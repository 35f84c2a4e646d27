#![doc = include_str!("../README.md")]

mod client;
mod compute;
mod errors;
mod extras;
mod factory;
pub mod model;
mod ops;
mod options;
mod settings;
mod state;

pub use client::{API_VERSION, Filter, Query, SERVICE};
pub use cloud_aws_auth::DEFAULT_REGION;
pub use compute::Ec2Compute;
pub use errors::{
    DRY_RUN_OPERATION, Ec2ErrorParser, classify, is_dry_run_success, parse_error_document,
};
pub use extras::{ElasticIp, IngressRule};
pub use factory::Ec2Factory;
pub use ops::{DEFAULT_DEVICE, key_pair_name_for};
pub use options::{BlockDevice, Ec2CreateOptions, Ec2VolumeOptions};
pub use settings::{DEFAULT_IMAGE_OWNERS, DEFAULT_PAGE_SIZE, parse_filters};
pub use state::{node_state, volume_state};

/// The provider id.
pub const PROVIDER_ID: &str = "ec2";
