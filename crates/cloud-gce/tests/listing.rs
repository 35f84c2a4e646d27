//! `aggregatedList` paging across zones (empty zones carry a "no results" warning) and
//! machine types per zone.

mod common;

use cloud_core::ErrorKind;
use cloud_core::compute::{Compute, NodeState};
use cloud_test::replay::Replay;
use futures::{StreamExt, TryStreamExt};

fn paged_driver(replay: &Replay) -> cloud_gce::GceCompute {
    let mut config = common::config(replay);
    config.options.insert("page_size".into(), "2".into());
    cloud_gce::GceCompute::new(&config).unwrap()
}

#[tokio::test]
async fn instances_are_listed_across_zones_and_pages() {
    let replay = common::replay("aggregated-paging").await;
    let compute = paged_driver(&replay);
    let nodes: Vec<_> = compute.list_nodes().try_collect().await.unwrap();
    let ids: Vec<&str> = nodes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "us-central1-a/web-1",
            "us-central1-a/web-2",
            "europe-west1-b/db-1"
        ]
    );
    let states: Vec<&NodeState> = nodes.iter().map(|n| &n.state).collect();
    assert_eq!(
        states,
        [
            &NodeState::Running,
            &NodeState::Pending,
            &NodeState::Stopping
        ]
    );
    assert_eq!(nodes[0].public_ips, ["203.0.113.10"]);
    assert_eq!(nodes[0].private_ips, ["10.128.0.2"]);
    assert_eq!(nodes[0].tags["role"], "web");
    assert_eq!(nodes[2].public_ips, Vec::<String>::new());
    assert_eq!(nodes[2].location.as_deref(), Some("europe-west1-b"));
    assert_eq!(nodes[2].size.as_deref(), Some("n2-standard-2"));
    assert_eq!(nodes[2].extra["status"], "STOPPING");
    let history = replay.history();
    assert!(history[1].contains("pageToken="), "{history:?}");
}

#[tokio::test]
async fn machine_types_are_listed_per_zone() {
    let replay = common::replay("aggregated-paging").await;
    let compute = paged_driver(&replay);
    let _ = compute.list_nodes().try_collect::<Vec<_>>().await.unwrap();
    let sizes: Vec<_> = compute
        .list_sizes_in("us-east1-b")
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<&str> = sizes.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["c2-standard-4", "e2-medium"]);
    assert_eq!(sizes[0].ram_mib, 16384);
    assert_eq!(sizes[0].extra["zone"], "us-east1-b");

    let missing: Vec<_> = compute.list_sizes_in("mars-north1-a").collect().await;
    assert_eq!(missing.len(), 1);
    assert_eq!(missing[0].as_ref().unwrap_err().kind(), ErrorKind::NotFound);

    let region: Vec<_> = compute.list_sizes_in("us-east1").collect().await;
    assert_eq!(region[0].as_ref().unwrap_err().kind(), ErrorKind::NotFound);
    replay.assert_all_used().await;
}
