//! Amazon EC2 compute driver for libcloud-rs.
//!
//! [`Ec2Compute`] implements [`cloud_core::compute::Compute`] over the EC2 Query API
//! (form-encoded `POST /` with `Action` and `Version=2016-11-15`, signed with SigV4
//! for the service `ec2`): instances are nodes, instance types are sizes, AMIs are
//! images, the availability zones of the region are locations, and EC2 key pairs, EBS
//! volumes and snapshots are what the portable calls expect. [`Ec2Factory`] plugs the
//! driver into the facade's registry under the id `ec2`.
//!
//! # Configuration
//!
//! - **Credentials**: `ProviderConfig.credentials["access_key_id"]`,
//!   `["secret_access_key"]` and optionally `["session_token"]`; else the standard AWS
//!   chain (`AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN`, the
//!   shared `~/.aws` files, instance metadata). See `cloud-aws-auth`. Secrets never
//!   appear in `Debug` output, logs or errors.
//! - **Region**: `ProviderConfig.region`, else `AWS_REGION`, `AWS_DEFAULT_REGION`, the
//!   profile's `region`, else `us-east-1`. Any region name works, so every commercial
//!   region is reachable.
//! - **Endpoint**: `ProviderConfig.endpoint`, else `AWS_ENDPOINT_URL_EC2`, else
//!   `AWS_ENDPOINT_URL`, else `https://ec2.<region>.amazonaws.com`.
//! - **Options** (`ProviderConfig.options`, or the environment variable in brackets):
//!   - `page_size` (`LIBCLOUD_EC2_PAGE_SIZE`): `MaxResults` of `DescribeInstances`,
//!     5–1000, default 1000; the other paged lists use it within their own limits.
//!   - `image_owners` (`LIBCLOUD_EC2_IMAGE_OWNERS`): whose images `list_images` shows,
//!     comma-separated (`self`, `amazon`, `aws-marketplace`, account ids). The default
//!     is `self` (`Owner.1=self`): listing every public AMI would mean hundreds of
//!     thousands of images.
//!   - `image_filters`, `size_filters`, `snapshot_filters`
//!     (`LIBCLOUD_EC2_IMAGE_FILTERS`, …): `DescribeImages` / `DescribeInstanceTypes` /
//!     `DescribeSnapshots` filters as `name=value[,value…][;name=value…]`, e.g.
//!     `name=ubuntu/images/*;architecture=arm64` or `instance-type=t3.*`.
//!
//! # Creating nodes
//!
//! - Every `RunInstances` carries a `ClientToken`: the request's `idempotency_key`, or
//!   a fresh UUID. The request is marked idempotent, so the pipeline resends it after a
//!   lost answer or a throttle, and AWS launches at most one instance per token.
//! - The name becomes the `Name` tag (with the request's tags, through
//!   `TagSpecification`); the node's name is read back from that tag.
//! - `NodeAuth::KeyPairName` is sent as `KeyName`. `NodeAuth::SshKey` imports the
//!   public key first, as a key pair named `libcloud-` and 32 hex digits of the key's
//!   SHA-256 ([`key_pair_name_for`]); the same key is imported once and reused.
//!   `NodeAuth::Password` is `Unsupported`: EC2 has no root passwords.
//! - User data is sent base64-encoded (16 KiB at most).
//! - Security groups, subnet, block devices and other launch settings go in
//!   `CreateNode::options` as an [`Ec2CreateOptions`] in JSON form.
//! - **Dry runs**: `"dry_run": true` in the options sends `DryRun=true`. AWS then
//!   launches nothing and answers with an error: code `DryRunOperation` (kind
//!   `Provider`; test it with [`is_dry_run_success`]) when the launch would have
//!   succeeded, or the error the real launch would meet. [`Ec2Compute::check_create_node`]
//!   wraps this as `Ok(())` / that error.
//!
//! # Errors
//!
//! [`Ec2ErrorParser`] reads EC2 error documents (namespaced or not) and maps each code
//! to an error kind ([`classify`] has the table): bad credentials are never retried,
//! throttling (`RequestLimitExceeded`, HTTP 503) and `InsufficientInstanceCapacity` are
//! retried with backoff, `*.NotFound` is `NotFound`, `*.Malformed` and parameter errors
//! are `InvalidInput`, state errors are `Conflict`, the rest `Provider` with AWS's code,
//! message and `<RequestID>`.
//!
//! # Provider-only calls
//!
//! Inherent methods of [`Ec2Compute`]: security groups
//! ([`create_security_group`](Ec2Compute::create_security_group),
//! [`authorize_ingress`](Ec2Compute::authorize_ingress),
//! [`revoke_ingress`](Ec2Compute::revoke_ingress),
//! [`delete_security_group`](Ec2Compute::delete_security_group)), Elastic IPs
//! ([`allocate_address`](Ec2Compute::allocate_address),
//! [`associate_address`](Ec2Compute::associate_address),
//! [`disassociate_address`](Ec2Compute::disassociate_address),
//! [`release_address`](Ec2Compute::release_address)), tags
//! ([`create_tags`](Ec2Compute::create_tags), [`delete_tags`](Ec2Compute::delete_tags)),
//! [`console_output`](Ec2Compute::console_output), [`list_regions`](Ec2Compute::list_regions),
//! [`list_images_with`](Ec2Compute::list_images_with) and
//! [`get_volume`](Ec2Compute::get_volume). Reach them from a `dyn Compute` with
//! `as_any().downcast_ref::<Ec2Compute>()`.

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
pub use errors::{DRY_RUN_OPERATION, Ec2ErrorParser, ErrorDocument, classify, is_dry_run_success};
pub use extras::{ElasticIp, IngressRule};
pub use factory::Ec2Factory;
pub use ops::{DEFAULT_DEVICE, key_pair_name_for};
pub use options::{BlockDevice, Ec2CreateOptions, Ec2VolumeOptions};
pub use settings::{DEFAULT_IMAGE_OWNERS, DEFAULT_PAGE_SIZE, parse_filters};
pub use state::{node_state, volume_state};

/// The provider id.
pub const PROVIDER_ID: &str = "ec2";
