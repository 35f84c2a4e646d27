//! What the server calls share: ids checked before they reach a path, and the node's
//! location filled in.

use cloud_core::compute::Node;
use cloud_core::{Result, ids};

use crate::{PROVIDER_ID, RackspaceFirstGenCompute};

/// A server id (a decimal number) before it goes into a path. Anything else cannot name
/// a server: `NotFound`, and no request is sent.
pub(super) fn server_id(id: &str, operation: &str) -> Result<u64> {
    ids::numeric(PROVIDER_ID, "server", id, operation)
}

impl RackspaceFirstGenCompute {
    /// `node` placed in the account's location, which the API does not say itself.
    pub(super) fn located(&self, mut node: Node) -> Node {
        node.location = Some(self.location().id);
        node
    }
}
