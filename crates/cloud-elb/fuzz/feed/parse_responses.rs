//! What the `parse_responses` fuzz target does with one input, shared with the crate's
//! `tests/fuzz_regressions.rs`: the first byte picks a parser of the Elastic Load
//! Balancing driver (an ELB or EC2 answer, or the error parser with an HTTP status), the
//! rest is the body. A parser may reject the input, but must never panic.

use cloud_core::http::header::HeaderMap;
use cloud_core::http::{ErrorParser, StatusCode};
use cloud_elb::{ElbErrorParser, model};

/// Feeds one input to the parser its first byte picks.
pub fn feed(data: &[u8]) {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    match selector % 14 {
        0 => drop(model::describe_load_balancers(body)),
        1 => drop(model::created_load_balancer(body)),
        2 => drop(model::describe_listeners(body)),
        3 => drop(model::created_listener(body)),
        4 => drop(model::describe_target_groups(body)),
        5 => drop(model::created_target_group(body)),
        6 => drop(model::describe_target_health(body)),
        7 => drop(model::describe_tags(body)),
        8 => drop(model::target_group_attributes(body)),
        9 => drop(model::default_vpc(body)),
        10 => drop(model::describe_subnets(body)),
        11 => drop(model::describe_instances(body)),
        _ => {
            let status = StatusCode::from_u16(400 + u16::from(selector) % 200)
                .unwrap_or(StatusCode::BAD_REQUEST);
            drop(ElbErrorParser.parse(status, &HeaderMap::new(), body));
        }
    }
}
