//! Staged uploads: `Put Block` for each block, several at once, then one `Put Block
//! List` that commits them in order. Memory is bounded by the blocks in flight (the
//! concurrency) and the one being read; nothing is visible until the commit, and
//! blocks never committed are dropped by the service (after a week), so an upload that
//! fails or is dropped leaves no blob.

use std::collections::VecDeque;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use cloud_core::http::Method;
use cloud_core::storage::{ObjectMeta, PutOptions};
use cloud_core::{Error, ErrorKind, Result};
use tokio::task::JoinSet;

use super::body::{Block, BlockReader};
use super::write::{BlobHeaders, written};
use super::{ctx, in_ctx};
use crate::client::{BlobClient, request, with_query};
use crate::{AzureBlobStorage, MAX_BLOCKS, model};

const BLOCK: &str = "Put Block";
const COMMIT: &str = "Put Block List";

impl AzureBlobStorage {
    /// The block size for a blob of `size` bytes (when known): the configured one,
    /// raised so that the blob fits in 50,000 blocks.
    pub(crate) fn block_size(&self, size: Option<u64>) -> usize {
        let configured = self.settings.block_size;
        let needed = size.map_or(0, |s| s.div_ceil(MAX_BLOCKS));
        usize::try_from(configured.max(needed)).unwrap_or(usize::MAX)
    }

    /// Sends `preloaded` and then the rest of `reader` as blocks, up to the
    /// concurrency at once, and commits them.
    pub(crate) async fn put_blocks(
        &self,
        container: &str,
        key: &str,
        mut reader: BlockReader,
        preloaded: Vec<Block>,
        headers: &BlobHeaders,
        options: &PutOptions,
    ) -> Result<ObjectMeta> {
        let block_size = self.block_size(options.size);
        let upload = uuid::Uuid::new_v4().simple().to_string();
        let mut queue = VecDeque::from(preloaded);
        let mut tasks: JoinSet<Result<()>> = JoinSet::new();
        let mut ids: Vec<String> = Vec::new();
        let mut exhausted = false;
        loop {
            while !exhausted && tasks.len() < self.settings.concurrency {
                let block = match queue.pop_front() {
                    Some(b) => Some(b),
                    None => ctx(reader.next_block(block_size).await, BLOCK)?,
                };
                let Some(block) = block else {
                    exhausted = true;
                    break;
                };
                if ids.len() as u64 >= MAX_BLOCKS {
                    return Err(in_ctx(
                        Error::invalid_input(format!(
                            "the body needs more than {MAX_BLOCKS} blocks of {block_size} bytes: \
                             raise block_size or give the size up front"
                        )),
                        BLOCK,
                    ));
                }
                // Fixed-length ids: this upload's own prefix and the block's index.
                let id = STANDARD.encode(format!("{upload}-{:06}", ids.len()));
                ids.push(id.clone());
                let client = self.client.clone();
                let url = with_query(
                    self.client.blob_url(container, key),
                    &[("comp", "block"), ("blockid", &id)],
                );
                tasks.spawn(put_block(client, url, block));
            }
            match tasks.join_next().await {
                None => break,
                Some(Ok(result)) => result?,
                Some(Err(join)) => {
                    return Err(in_ctx(
                        Error::new(
                            ErrorKind::Provider,
                            format!("a block upload stopped: {join}"),
                        ),
                        BLOCK,
                    ));
                }
            }
        }
        let size = reader.total();
        let md5 = ctx(reader.md5().await, COMMIT)?;
        self.commit(container, key, &ids, size, md5, headers, options)
            .await
    }

    /// `Put Block List`: the blob made of `ids`, with its content type, MD5 and
    /// metadata.
    #[allow(clippy::too_many_arguments)]
    async fn commit(
        &self,
        container: &str,
        key: &str,
        ids: &[String],
        size: u64,
        md5: [u8; 16],
        headers: &BlobHeaders,
        options: &PutOptions,
    ) -> Result<ObjectMeta> {
        let url = with_query(
            self.client.blob_url(container, key),
            &[("comp", "blocklist")],
        );
        let body = model::block_list_xml(ids);
        let mut req = request(COMMIT, Method::PUT, url)
            .header("content-type", "application/xml")
            .header("x-ms-blob-content-type", &headers.content_type)
            .header("x-ms-blob-content-md5", &STANDARD.encode(md5));
        for (name, value) in &headers.metadata {
            req = req.header(name, value);
        }
        let resp = self.client.send(req.body(body)).await?;
        Ok(written(container, key, size, headers, options, &resp))
    }
}

/// `Put Block` of one block held in memory (retried as a whole), with its MD5 for the
/// service to check, once the reader's hashing thread has computed it. (`x-ms-content-crc64`
/// would cost less to compute, but Azurite refuses it unless started in its loose mode.)
async fn put_block(client: BlobClient, url: url::Url, block: Block) -> Result<()> {
    let (block, md5) = block.md5().await?;
    let req = request(BLOCK, Method::PUT, url)
        .header("content-md5", &STANDARD.encode(md5))
        .body(block);
    client.send(req).await.map(|_| ())
}
