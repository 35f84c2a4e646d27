//! Amazon S3 and S3-compatible object storage for libcloud-rs.
//!
//! [`S3Storage`] implements [`cloud_core::storage::ObjectStorage`] over the S3 REST API:
//! buckets are containers, objects are objects. [`S3Factory`] plugs it into the
//! facade's registry under the id `s3`. Every request is signed with AWS Signature
//! Version 4 (`cloud-aws-auth`, S3 rules: the path encoded once and never normalized,
//! so keys with spaces, unicode, `+`, `%`, `//` or a trailing `/` are stored and listed
//! exactly).
//!
//! # Configuration
//!
//! - **Credentials**: `ProviderConfig.credentials["access_key_id"]`,
//!   `["secret_access_key"]` and `["session_token"]`, else the AWS credential chain
//!   (`AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN`, the shared
//!   files with `ProviderConfig.profile` or `AWS_PROFILE`, instance metadata).
//! - **Region**: `ProviderConfig.region`, `AWS_REGION`, `AWS_DEFAULT_REGION` or the
//!   profile's; `us-east-1` when none says. A bucket found in another region (a 301
//!   with `x-amz-bucket-region`, or an `AuthorizationHeaderMalformed` naming the region)
//!   is used there, signed for its region, and its region is remembered.
//! - **Endpoint**: `ProviderConfig.endpoint`, `AWS_ENDPOINT_URL_S3` or
//!   `AWS_ENDPOINT_URL`; else `https://s3.REGION.amazonaws.com`. The crate's README
//!   shows the settings for MinIO, Ceph RGW, Linode Object Storage and DigitalOcean
//!   Spaces.
//! - **Options** (`ProviderConfig.options`):
//!   - `addressing_style`: `virtual` (`BUCKET.s3.REGION.amazonaws.com`, the default
//!     for AWS) or `path` (`HOST/BUCKET/KEY`, the default with a custom endpoint).
//!     Dotted bucket names over TLS, and names that cannot be DNS labels, always use
//!     path style.
//!   - `multipart_threshold`: objects up to this size go up in one `PutObject`
//!     (default 16 MiB); larger ones, and streams of unknown size longer than one
//!     part, as a multipart upload.
//!   - `part_size`: 5 MiB to 5 GiB (default 8 MiB), grown when an object would need
//!     more than 10 000 parts.
//!   - `multipart_concurrency`: parts in flight at once, 1 to 64 (default 4).
//!
//!   - `upload_checksum`: `crc32c` (the default) or `md5`, how every `PutObject` and
//!     `UploadPart` proves its bytes to the server (see below).
//!   - `payload_signing`: `auto` (the default: upload bodies signed over plain `http`,
//!     `UNSIGNED-PAYLOAD` over `https`), `signed` or `unsigned`.
//!
//!   Memory for one upload is bounded by `part_size × multipart_concurrency`, or by
//!   `multipart_threshold` when that is larger (a single `PutObject` is read into
//!   memory first, for its checksum).
//!
//!   Sizes are bytes, or a number with `KiB`, `MiB` or `GiB`.
//!
//! # Integrity and clean-up
//!
//! Every `PutObject` and `UploadPart` carries a checksum the server verifies before
//! storing anything: `x-amz-checksum-crc32c` by default (multipart uploads declare
//! `CRC32C` when created and repeat each part's value on completion), or `Content-MD5`
//! with `upload_checksum=md5`, for S3-compatible servers that do not know the
//! `x-amz-checksum-*` headers. A file uploaded with `put_object_from_file` over an
//! unsigned payload streams each part from the file, `aws-chunked` with its CRC32C in
//! a trailer, so no part is held in memory. Downloads of whole objects
//! are checked against the object's `x-amz-checksum-*` value, or against its entity tag
//! when that is a plain MD5; on a mismatch the body stream's last chunk is a
//! `MalformedResponse` error. A multipart upload that fails (a part, the body stream,
//! or the completion) is aborted; so is one whose future is dropped part way (the abort
//! is spawned on the runtime).
//!
//! # Provider-only calls
//!
//! Inherent methods of [`S3Storage`], reached from a `dyn ObjectStorage` with
//! `as_any().downcast_ref::<S3Storage>()`: [`S3Storage::delete_objects`] (batch delete,
//! 1000 keys a request), [`S3Storage::pending_uploads`] and
//! [`S3Storage::abort_upload`] (multipart uploads left behind by others).

mod client;
mod errors;
mod factory;
pub mod model;
mod ops;
mod settings;
mod storage;

pub use cloud_aws_auth::DEFAULT_REGION;
pub use errors::{BucketRegion, S3ErrorParser, region_hint};
pub use factory::S3Factory;
pub use model::{DeleteFailure, PendingUpload};
pub use ops::{MAX_BATCH_DELETE, validate_bucket, validate_new_bucket};
pub use settings::{
    AddressingStyle, DEFAULT_CONCURRENCY, DEFAULT_MULTIPART_THRESHOLD, DEFAULT_PART_SIZE,
    MAX_PART_SIZE, MIN_PART_SIZE, PayloadSigning, S3Options, UploadChecksum,
};
pub use storage::S3Storage;

/// The provider id.
pub const PROVIDER_ID: &str = "s3";
