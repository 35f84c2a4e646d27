//! What the `parsers` fuzz target does with one input, shared with the crate's
//! `tests/fuzz_regressions.rs`: the input goes to the GoGrid envelope and error parsers
//! under several HTTP statuses, and every item of a parsed envelope to every object
//! conversion; none may panic.

use cloud_core::http::{ErrorParser, StatusCode, header::HeaderMap};
use cloud_gogrid::errors::GoGridErrorParser;
use cloud_gogrid::model;
use cloud_gogrid::model::envelope::parse_envelope;

/// Feeds one input to every parser.
pub fn feed(data: &[u8]) {
    for status in [200u16, 400, 401, 403, 404, 500] {
        if let Ok(env) = parse_envelope(data, status) {
            let _ = env.summary.next_page(0);
            for item in &env.list {
                let _ = model::server_to_node(item, Some("pw"));
                let _ = model::image_from(item);
                let _ = model::location_from(item);
                let _ = model::size_from(item);
                let _ = model::ip_from(item);
                let _ = model::password_from(item);
                let _ = model::balancer_from(item);
                let _ = model::members_from(item);
            }
        }
        if let Ok(status) = StatusCode::from_u16(status) {
            let _ = GoGridErrorParser.parse(status, &HeaderMap::new(), data);
        }
    }
}
