//! Object storage: containers (buckets) and objects.

mod api;
mod block_md5;
mod capabilities;
mod cdn;
mod content_type;
pub(crate) mod copy;
mod copy_prefix;
mod digest;
mod download_file;
mod file_writer;
mod hash_thread;
mod md5_lanes;
mod names;
mod parts;
mod resume;
pub mod sync;
mod types;

pub use api::{ObjectStorage, Progress, file_body};
pub use block_md5::BlockMd5;
pub use capabilities::{StorageCapabilities, StorageFeature};
pub use cdn::{CdnContainer, CdnUrlKind};
pub use content_type::guess_content_type;
pub use copy::copy_object_between;
pub use copy_prefix::{
    PlannedCopy, PrefixCopy, copy_planned_between, copy_prefix_between, destination_key,
    plan_prefix_copy,
};
pub use digest::{DigestKind, StreamDigest, StreamDigests, content_digest};
pub use download_file::{
    PARTIAL_DOWNLOAD_PREFIX, PARTIAL_DOWNLOAD_SUFFIX, download_to_file, is_partial_download,
    save_download,
};
pub use file_writer::{BATCH_BYTES, FileWriter, SYNC_AHEAD_BYTES};
pub use hash_thread::{HASH_BACKLOG_BYTES, HashThread, Mark, checked_body};
pub use names::{validate_container_name, validate_object_key};
pub use parts::{PartFetcher, PartPlan, in_parts};
pub use resume::{RangeFetcher, resumable, resuming};
pub use types::*;
