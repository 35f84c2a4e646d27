//! What the `parse_responses` fuzz target does with one input, shared with the crate's
//! `tests/fuzz_regressions.rs`: the first byte picks a parser of the Compute Engine
//! driver (an instance, disk, snapshot, image, catalog or operation answer, a plain or
//! aggregated list, or the error parser with an HTTP status), the rest is the body. A
//! parser may reject the input, but must never panic.

use cloud_core::http::header::HeaderMap;
use cloud_core::http::{ErrorParser, StatusCode};
use cloud_gce::{GceErrorParser, model};

/// Feeds one input to the parser its first byte picks.
pub fn feed(data: &[u8]) {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    match selector % 15 {
        0 => drop(model::instance(body)),
        1 => drop(model::aggregated_instances(body)),
        2 => drop(model::instances(body)),
        3 => drop(model::disk(body)),
        4 => drop(model::aggregated_disks(body)),
        5 => drop(model::snapshot(body)),
        6 => drop(model::snapshots(body)),
        7 => drop(model::image(body, "demo-project")),
        8 => drop(model::images(body, "debian-cloud", selector % 2 == 0)),
        9 => drop(model::zones(body)),
        10 => drop(model::regions(body)),
        11 => drop(model::machine_types(body)),
        12 => {
            if let Ok(op) = model::operation(body) {
                drop((op.path(), op.outcome()));
            }
        }
        _ => {
            let status = StatusCode::from_u16(400 + u16::from(selector) % 200)
                .unwrap_or(StatusCode::BAD_REQUEST);
            drop(GceErrorParser.parse(status, &HeaderMap::new(), body));
        }
    }
}
