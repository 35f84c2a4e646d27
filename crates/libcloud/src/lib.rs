//! libcloud-rs: one typed, async API over many cloud providers.
//!
//! This crate is the facade. It re-exports the core traits and types from
//! [`cloud_core`] (also reachable as [`libcloud::core`](crate::core)), and holds the
//! [`Registry`] that turns a provider id such as `"local"` into a driver. Each provider
//! is its own crate and its own cargo feature of this crate; [`Registry::builtin`] holds
//! every provider compiled in, and third-party driver crates join a registry through
//! [`Registry::register`].
//!
//! Connecting ([`connect`]) gives one [`Session`] per provider account; every area the
//! provider offers is reached from it and shares its login, token cache and connection
//! pool. The examples below are compiled and run as tests.
//!
#![doc = include_str!("../docs/compute.md")]
//!
#![doc = include_str!("../docs/storage.md")]
//!
#![cfg_attr(feature = "s3", doc = include_str!("../docs/signed-urls.md"))]
//!
#![doc = include_str!("../docs/dns.md")]
//!
#![doc = include_str!("../docs/load-balancers.md")]

mod builtin;
mod page;
mod registry;
mod table;

pub use cloud_core as core;

pub use cloud_core::compute::{
    Compute, ComputeCapabilities, ComputeFeature, CopyImage, CreateNode, CreateVolume, Extra,
    Image, KeyPair, Location, Node, NodeAuth, NodeJson, NodeState, Size, Snapshot, Volume,
    VolumeState, WaitOptions, wait_for_node_state, wait_for_operation, wait_until_gone,
    wait_until_running,
};
pub use cloud_core::dns::{
    CreateZone, Dns, DnsCapabilities, DnsFeature, NewRecord, Record, RecordData, RecordSet,
    RecordSetChange, RecordType, RecordUpdate, UpdateZone, Zone, find_zone,
};
pub use cloud_core::load_balancer::{
    Algorithm, Balancer, BalancerState, CreateBalancer, HealthCheck, Listener, LoadBalancer,
    LoadBalancerCapabilities, LoadBalancerFeature, Member, MemberHealth, MemberTarget, Protocol,
    UpdateBalancer,
};
pub use cloud_core::operation::{OperationRef, OperationStatus};
pub use cloud_core::options::{CredentialSpec, OptionKind, OptionSpec};
pub use cloud_core::storage::{
    ByteRange, ByteStream, Container, FileWriter, ListEntry, ListObjects, ObjectDownload,
    ObjectMeta, ObjectStorage, PrefixCopy, Progress, PutOptions, SignedMethod, SignedUrl,
    SignedUrlRequest, StorageCapabilities, StorageFeature, copy_object_between,
    copy_prefix_between,
};
pub use cloud_core::{
    Area, AreaSession, BoxStream, CrateVersion, DriverFactory, Error, ErrorKind, Lifecycle,
    ProviderConfig, ProviderMeta, Result, Secret, Session, this_crate,
};

pub use builtin::drivers;
pub use page::{GENERATED_END, GENERATED_START, ProviderPage, provider_page_reference};
pub use registry::{
    Registry, connect, connect_compute, connect_dns, connect_load_balancer, connect_storage,
    providers,
};
pub use table::providers_markdown_table;

/// The README's examples, compiled and run as doctests of this crate.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
