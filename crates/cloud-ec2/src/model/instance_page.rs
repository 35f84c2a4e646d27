//! A `DescribeInstances` page read and checked whole, whose nodes are made one at a
//! time as they are taken: a node is then made, used and dropped while its memory is
//! still in the cache, instead of a thousand nodes being made before the first is used.

use cloud_core::compute::Node;

use super::instance_record::{InstanceRecord, Lists};
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
}

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
