//! What the `parse_responses` fuzz target does with one input, shared with the crate's
//! `tests/fuzz_regressions.rs`: the first byte picks a response parser of the EC2 driver
//! (or the error parser and its HTTP status), the rest is the body. A parser may reject
//! the input, but must never panic; and a `DescribeInstances` page it reads writes each
//! node's JSON, without making the node, as the node made from it is written (and as
//! serde_json writes that node).

use cloud_core::compute::NodeJson;
use cloud_core::http::header::HeaderMap;
use cloud_core::http::{ErrorParser, StatusCode};
use cloud_ec2::{Ec2ErrorParser, model};

/// Feeds one input to the parser its first byte picks.
pub fn feed(data: &[u8]) {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    match selector % 15 {
        0 => {
            let _ = model::describe_instances_page(body);
            same_json(body);
        }
        1 => {
            let _ = model::run_instances(body);
        }
        2 => {
            let _ = model::describe_instance_types_page(body);
        }
        3 => {
            let _ = model::describe_images_page(body);
        }
        4 => {
            let _ = model::describe_availability_zones(body);
        }
        5 => {
            let _ = model::describe_regions(body);
        }
        6 => {
            let _ = model::describe_key_pairs(body);
        }
        7 => {
            let _ = model::create_key_pair(body);
        }
        8 => {
            let _ = model::describe_volumes_page(body);
        }
        9 => {
            let _ = model::create_volume(body);
        }
        10 => {
            let _ = model::describe_snapshots_page(body);
        }
        11 => {
            let _ = model::create_snapshot(body);
        }
        12 => {
            let _ = model::console_output(body);
        }
        13 => {
            let _ = model::response_root(body, "RebootInstances");
        }
        _ => {
            let status = StatusCode::from_u16(400 + u16::from(selector) % 200)
                .unwrap_or(StatusCode::BAD_REQUEST);
            let _ = Ec2ErrorParser.parse(status, &HeaderMap::new(), body);
        }
    }
}

/// Each node's JSON written from the page is the JSON of the node made from it, which
/// is what serde_json writes for that node.
fn same_json(body: &[u8]) {
    let (Ok(nodes), Ok(page)) = (
        model::describe_instances_lazily(body),
        model::describe_instances_lazily(body),
    ) else {
        return;
    };
    let json = page.into_json();
    assert_eq!(nodes.len(), json.len());
    for (node, json) in nodes.zip(json) {
        let made = NodeJson::of(&node).ok();
        assert_eq!(json.ok(), made);
        assert_eq!(
            made.map(NodeJson::into_bytes),
            serde_json::to_vec(&node).ok()
        );
    }
}
