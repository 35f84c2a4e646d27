//! Lists follow `nextLink` back to the endpoint in use.

mod common;

use cloud_core::compute::{Compute, VolumeState};
use futures::TryStreamExt;

#[tokio::test]
async fn a_list_follows_next_link_over_two_pages() {
    let replay = common::replay("paging").await;
    let compute = common::driver(&replay);
    let volumes: Vec<_> = compute.list_volumes().try_collect().await.unwrap();
    let ids: Vec<&str> = volumes.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(ids, ["data-1", "data-2", "data-3"]);
    assert_eq!(volumes[0].state, VolumeState::Available);
    assert_eq!(volumes[1].attached_to.as_deref(), Some("web-1"));
    assert_eq!(volumes[2].state, VolumeState::InUse, "Reserved is in use");
    assert_eq!(volumes[2].size_gib, 8);
    replay.assert_all_used().await;
}
