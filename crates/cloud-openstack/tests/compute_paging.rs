//! Listing 2,500 servers across three pages of Nova's `GET /servers/detail` (Nova's
//! default `max_limit` is 1000), following `servers_links`, and Glance's images across
//! pages following `next`. The interactions are written at test time into a temporary
//! folder (2,500 servers are too many to keep as files) and replayed like any scenario.

mod compute_support;

use std::collections::HashSet;
use std::path::Path;

use cloud_test::replay::Replay;
use futures::{StreamExt, TryStreamExt};
use serde_json::{Value, json};

const SERVERS: usize = 2_500;
const PAGE: usize = 1_000;

fn server_id(i: usize) -> String {
    format!("{i:08x}-0000-4000-8000-{i:012x}")
}

/// One interaction file.
fn write(dir: &Path, name: &str, request: Value, response: Value) {
    let doc = json!({ "request": request, "response": response });
    std::fs::write(dir.join(name), serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
}

/// Pages of servers as Nova answers them: full pages end with a `next` link whose
/// marker is the page's last id; the last page has no link.
fn write_server_pages(dir: &Path, base: &str) {
    let mut start = 0;
    let mut file = 1;
    while start < SERVERS {
        let end = (start + PAGE).min(SERVERS);
        let servers: Vec<Value> = (start..end)
            .map(|i| {
                json!({
                    "id": server_id(i), "name": format!("node-{i}"), "status": "ACTIVE",
                    "OS-EXT-STS:task_state": null,
                    "addresses": {"private": [{"addr": format!("10.{}.{}.{}", i / 65536, (i / 256) % 256, i % 256),
                        "version": 4, "OS-EXT-IPS:type": "fixed"}]},
                    "flavor": {"original_name": "m1.tiny"}, "image": {"id": "img"}, "metadata": {}
                })
            })
            .collect();
        let mut body = json!({ "servers": servers });
        if end < SERVERS {
            body["servers_links"] = json!([{
                "rel": "next",
                "href": format!("{base}/compute/v2.1/servers/detail?limit={PAGE}&marker={}", server_id(end - 1)),
            }]);
        }
        let mut query = json!({ "limit": PAGE });
        if start > 0 {
            query["marker"] = json!(server_id(start - 1));
        }
        write(
            dir,
            &format!("{file:03}-servers-page.json"),
            json!({"method": "GET", "path": "/compute/v2.1/servers/detail", "query": query,
                   "headers": {"x-auth-token": cloud_test::keystone::TOKEN, "openstack-api-version": "compute 2.79"}}),
            json!({"headers": {"content-type": "application/json"}, "body_json": body}),
        );
        start = end;
        file += 1;
    }
}

#[tokio::test]
async fn twenty_five_hundred_servers_are_listed_across_pages() {
    let dir = tempfile::tempdir().unwrap();
    // The catalog's address is only known once the server runs: the pages name it in
    // their links, but the driver reads only the marker, so any base does here.
    write_server_pages(dir.path(), "http://nova.invalid");
    let replay = Replay::start_dir(dir.path()).await;
    cloud_test::keystone::mount_login(&replay, 1, &[]).await;
    let compute = compute_support::compute(&compute_support::config(&replay, &[])).await;

    let nodes: Vec<_> = compute.list_nodes().try_collect().await.unwrap();
    assert_eq!(nodes.len(), SERVERS);
    let ids: HashSet<&str> = nodes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids.len(), SERVERS, "no server twice");
    assert_eq!(nodes[0].id, server_id(0));
    assert_eq!(nodes[SERVERS - 1].id, server_id(SERVERS - 1));
    assert_eq!(nodes[1234].private_ips, ["10.0.4.210"]);
    replay.assert_all_used().await;
    assert_eq!(replay.history().len(), 3, "{:#?}", replay.history());
}

#[tokio::test]
async fn a_stream_read_in_part_fetches_only_the_pages_it_needs() {
    let dir = tempfile::tempdir().unwrap();
    write_server_pages(dir.path(), "http://nova.invalid");
    let replay = Replay::start_dir(dir.path()).await;
    cloud_test::keystone::mount_login(&replay, 1, &[]).await;
    let compute = compute_support::compute(&compute_support::config(&replay, &[])).await;
    let first: Vec<_> = compute.list_nodes().take(1001).try_collect().await.unwrap();
    assert_eq!(first.len(), 1001);
    assert_eq!(replay.history().len(), 2, "{:#?}", replay.history());
}

#[tokio::test]
async fn glance_pages_follow_next() {
    let dir = tempfile::tempdir().unwrap();
    let image = |i: usize| json!({"id": format!("img-{i}"), "name": format!("image {i}"), "status": "active"});
    write(
        dir.path(),
        "001-images.json",
        json!({"method": "GET", "path": "/image/v2/images", "query": {"limit": 1000}}),
        json!({"body_json": {"images": [image(1), image(2)], "next": "/v2/images?limit=2&marker=img-2",
                             "first": "/v2/images", "schema": "/v2/schemas/images"}}),
    );
    write(
        dir.path(),
        "002-images.json",
        json!({"method": "GET", "path": "/image/v2/images", "query": {"marker": "img-2"}}),
        json!({"body_json": {"images": [image(3)], "first": "/v2/images", "schema": "/v2/schemas/images"}}),
    );
    let replay = Replay::start_dir(dir.path()).await;
    cloud_test::keystone::mount_login(&replay, 1, &[]).await;
    let compute = compute_support::compute(&compute_support::config(&replay, &[])).await;
    let images: Vec<_> = compute.list_images().try_collect().await.unwrap();
    let names: Vec<&str> = images.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(names, ["image 1", "image 2", "image 3"]);
    replay.assert_all_used().await;
}

#[tokio::test]
async fn changes_since_filters_every_page() {
    use chrono::TimeZone;
    use cloud_openstack::OpenStackCompute;
    use wiremock::matchers::{method, path, query_param};
    use wiremock::{Mock, ResponseTemplate};

    let replay = Replay::empty().await;
    cloud_test::keystone::mount_login(&replay, 1, &[]).await;
    let since = "2026-12-01T00:00:00Z";
    Mock::given(method("GET"))
        .and(path("/compute/v2.1/servers/detail"))
        .and(query_param("changes-since", since))
        .and(query_param("marker", "a"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(
                json!({"servers": [{"id": "b", "name": "gone", "status": "DELETED"}]}),
            ),
        )
        .expect(1)
        .mount(replay.server())
        .await;
    Mock::given(method("GET"))
        .and(path("/compute/v2.1/servers/detail"))
        .and(query_param("changes-since", since))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "servers": [{"id": "a", "name": "kept", "status": "ACTIVE"}],
            "servers_links": [{"rel": "next", "href": "/v2.1/servers/detail?marker=a"}]
        })))
        .up_to_n_times(1)
        .expect(1)
        .mount(replay.server())
        .await;
    let compute = compute_support::compute(&compute_support::config(&replay, &[])).await;
    let driver = compute.as_any().downcast_ref::<OpenStackCompute>().unwrap();
    let when = chrono::Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
    let nodes: Vec<_> = driver
        .list_nodes_changed_since(when)
        .try_collect()
        .await
        .unwrap();
    let states: Vec<&str> = nodes.iter().map(|n| n.state.as_str()).collect();
    assert_eq!(states, ["running", "terminated"]);
    replay.assert_all_used().await;
    replay.server().verify().await;
}
