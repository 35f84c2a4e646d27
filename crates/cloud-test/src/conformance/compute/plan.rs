//! What the compute suite creates, and with which ids.

use cloud_core::compute::{NodeAuth, WaitOptions};

/// The OpenSSH public key the key pair steps import by default. Its private half was
/// never kept: nobody can log in with it.
pub const CONFORMANCE_PUBLIC_KEY: &str = "ssh-ed25519 \
    AAAAC3NzaC1lZDI1NTE5AAAAIJuK64lkOZ3RZh6BuaIeUtyCuseQVB8liMlr6GcPIhqY \
    conformance@libcloud-rs";

/// The inputs of the compute conformance suite (see `CONFORMANCE.md`).
#[derive(Debug, Clone)]
pub struct ComputePlan {
    /// Size id used for creates.
    pub size: String,
    /// Image id used for creates.
    pub image: String,
    /// Location passed to `create_node` and `create_volume`.
    pub location: Option<String>,
    /// Name of the node created.
    pub node_name: String,
    /// First-login authorisation given to `create_node`.
    pub auth: Option<NodeAuth>,
    /// A node id that does not exist.
    pub missing_node_id: String,
    /// A size id that does not exist.
    pub bad_size: String,
    /// `list_nodes` must yield at least this many nodes (3 or more proves paging).
    pub min_listed_nodes: usize,
    /// When set, step C3.3 polls `get_node` until the node is running.
    pub wait: Option<WaitOptions>,
    /// OpenSSH public key used by the key pair steps.
    pub public_key: String,
    /// Name of the imported key pair (`-gen` is appended for the generated one).
    pub key_pair_name: String,
    /// Name of the volume created.
    pub volume_name: String,
    /// Size of the volume created, in GiB.
    pub volume_size_gib: u64,
    /// Name of the server image created (`-copy` is appended for the copy).
    pub image_name: String,
}

impl ComputePlan {
    /// A plan creating nodes of `size` from `image`, with every other field at its
    /// documented default.
    pub fn new(size: impl Into<String>, image: impl Into<String>) -> Self {
        ComputePlan {
            size: size.into(),
            image: image.into(),
            location: None,
            node_name: "conformance-node".into(),
            auth: None,
            missing_node_id: "does-not-exist".into(),
            bad_size: "no-such-size".into(),
            min_listed_nodes: 1,
            wait: None,
            public_key: CONFORMANCE_PUBLIC_KEY.into(),
            key_pair_name: "conformance-key".into(),
            volume_name: "conformance-vol".into(),
            volume_size_gib: 1,
            image_name: "conformance-image".into(),
        }
    }
}
