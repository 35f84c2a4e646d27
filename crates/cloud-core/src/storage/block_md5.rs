//! The MD5 of an upload and of each block it is sent in, computed in one pass over the
//! bytes.
//!
//! A staged upload (Azure's `Put Block`s, for instance) sends every block with its own
//! MD5 for the service to check, and the whole upload's MD5 for it to keep. Computed
//! separately, that hashes every byte twice; [`BlockMd5`] runs the two MD5 states side
//! by side over each chunk instead, at about 0.6 times the cost.

use super::md5_lanes::{Md5Lane, update_both};

/// The MD5 of everything fed, and of the block being fed; see the module
/// documentation.
#[derive(Debug, Clone, Default)]
pub struct BlockMd5 {
    whole: Md5Lane,
    block: Md5Lane,
}

impl BlockMd5 {
    /// Nothing fed yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Feeds the next bytes of the current block (and so of the whole).
    ///
    /// Runs in one pass while the block started at a multiple of 64 bytes into the
    /// whole (every block but the last having a size that is a multiple of 64); in two
    /// otherwise, with the same results.
    pub fn update(&mut self, bytes: &[u8]) {
        update_both(&mut self.whole, &mut self.block, bytes);
    }

    /// The MD5 of the bytes fed since the last block ended (or since the start); the
    /// next bytes start a new block.
    pub fn end_block(&mut self) -> [u8; 16] {
        std::mem::take(&mut self.block).finish()
    }

    /// The MD5 of every byte fed.
    pub fn finish(self) -> [u8; 16] {
        self.whole.finish()
    }
}
