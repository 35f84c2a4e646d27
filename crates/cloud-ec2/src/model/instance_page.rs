//! A `DescribeInstances` page read and checked whole, whose nodes are made one at a
//! time as they are taken: a node is then made, used and dropped while its memory is
//! still in the cache, instead of a thousand nodes being made before the first is used.

use cloud_core::Result;
use cloud_core::compute::{Node, NodeJson, NodeJsonWriter};

use super::instance_record::{InstanceRecord, Lists, Tag};
use super::node_view::NodeView;
use super::spans::Texts;

/// The nodes of one `DescribeInstances` answer, in document order.
#[derive(Debug)]
pub struct InstancePage {
    texts: Texts,
    records: std::vec::IntoIter<InstanceRecord>,
    lists: Lists,
    next_token: Option<String>,
}

impl InstancePage {
    pub(super) fn new(
        texts: Texts,
        records: Vec<InstanceRecord>,
        lists: Lists,
        next_token: Option<String>,
    ) -> Self {
        InstancePage {
            texts,
            records: records.into_iter(),
            lists,
            next_token,
        }
    }

    /// The `nextToken` of the answer, trimmed, when it has one.
    pub fn next_token(&self) -> Option<&str> {
        self.next_token.as_deref()
    }

    /// The nodes not yet taken as their JSON, written straight from the page without
    /// making them: each the bytes `serde_json` writes for the node [`Iterator::next`]
    /// would make.
    pub fn into_json(self) -> InstanceJson {
        InstanceJson {
            page: self,
            writer: NodeJsonWriter::default(),
            tags: Vec::new(),
        }
    }
}

/// The nodes of an [`InstancePage`] as JSON, in document order.
#[derive(Debug)]
pub struct InstanceJson {
    page: InstancePage,
    /// Writes each node's JSON.
    writer: NodeJsonWriter,
    /// The tags of the node being written, in key order.
    tags: Vec<Tag>,
}

impl Iterator for InstanceJson {
    type Item = Result<NodeJson>;

    fn next(&mut self) -> Option<Result<NodeJson>> {
        let record = self.page.records.next()?;
        let (texts, lists) = (&self.page.texts, &self.page.lists);
        record.sorted_tags(texts, lists, &mut self.tags);
        let view = NodeView {
            record: &record,
            texts,
            lists,
            tags: &self.tags,
        };
        Some(self.writer.write(&view))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.page.records.size_hint()
    }
}

impl ExactSizeIterator for InstanceJson {}

impl Iterator for InstancePage {
    type Item = Node;

    fn next(&mut self) -> Option<Node> {
        let record = self.records.next()?;
        Some(record.node(&self.texts, &self.lists))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.records.size_hint()
    }
}

impl ExactSizeIterator for InstancePage {}
