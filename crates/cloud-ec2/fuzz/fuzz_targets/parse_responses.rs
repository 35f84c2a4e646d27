//! Feeds arbitrary bytes to every response parser of the EC2 driver and to its error
//! parser. Run with `cargo +nightly fuzz run parse_responses` from `crates/cloud-ec2`.
//! A parser may reject the input, but must never panic.

#![no_main]

use cloud_core::http::header::HeaderMap;
use cloud_core::http::{ErrorParser, StatusCode};
use cloud_ec2::{Ec2ErrorParser, model};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    match selector % 15 {
        0 => drop(model::describe_instances_page(body)),
        1 => drop(model::run_instances(body)),
        2 => drop(model::describe_instance_types_page(body)),
        3 => drop(model::describe_images_page(body)),
        4 => drop(model::describe_availability_zones(body)),
        5 => drop(model::describe_regions(body)),
        6 => drop(model::describe_key_pairs(body)),
        7 => drop(model::create_key_pair(body)),
        8 => drop(model::describe_volumes_page(body)),
        9 => drop(model::create_volume(body)),
        10 => drop(model::describe_snapshots_page(body)),
        11 => drop(model::create_snapshot(body)),
        12 => drop(model::console_output(body)),
        13 => drop(model::response_root(body, "RebootInstances")),
        _ => {
            let status = StatusCode::from_u16(400 + u16::from(selector) % 200)
                .unwrap_or(StatusCode::BAD_REQUEST);
            drop(Ec2ErrorParser.parse(status, &HeaderMap::new(), body));
        }
    }
});
