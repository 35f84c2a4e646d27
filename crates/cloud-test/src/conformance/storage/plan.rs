//! What the storage suite creates, and how it treats signed URLs.

/// The inputs of the object storage conformance suite (see `CONFORMANCE.md`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoragePlan {
    /// Name of the container created (default `conformance-container`).
    pub container: String,
    /// A container name that does not exist (default `no-such-container`).
    pub missing_container: String,
    /// Whether creating an existing container must fail with `AlreadyExists` (default
    /// true).
    pub duplicate_create_fails: bool,
    /// Whether signed URLs are fetched with a plain HTTP client (default false; for live
    /// servers on 127.0.0.1 only).
    pub fetch_signed_urls: bool,
}

impl Default for StoragePlan {
    fn default() -> Self {
        StoragePlan {
            container: "conformance-container".into(),
            missing_container: "no-such-container".into(),
            duplicate_create_fails: true,
            fetch_signed_urls: false,
        }
    }
}
