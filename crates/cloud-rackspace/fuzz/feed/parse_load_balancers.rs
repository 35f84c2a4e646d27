//! What the `parse_load_balancers` fuzz target does with one input, shared with the
//! crate's `tests/fuzz_load_balancers.rs`: the first byte picks a Cloud Load Balancers
//! parser (one balancer, a page of balancers, a node list, the status and protocol
//! words, or the error parser with an HTTP status), the rest is the body. A parser may
//! reject the input, but must never panic, and what it accepts keeps its promises.

use cloud_core::ErrorKind;
use cloud_rackspace::model::load_balancer as lb;

/// Feeds one input to the parser its first byte picks.
pub fn feed(data: &[u8]) {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    match selector % 5 {
        0 => check_balancers(lb::parse_balancer(body).map(|b| vec![b])),
        1 => check_balancers(lb::parse_balancers(body)),
        2 => {
            if let Ok(members) = lb::parse_members(body, "1") {
                for m in members {
                    assert!(m.port > 0 && !m.id.is_empty() && m.balancer_id == "1");
                }
            }
        }
        3 => {
            let word = String::from_utf8_lossy(body);
            let _ = lb::balancer_state(&word);
            if let Ok(protocol) = lb::protocol_of(&word)
                && let Some(api) = lb::protocol_word(&protocol)
            {
                assert!(api.eq_ignore_ascii_case(protocol.as_str()));
            }
            if let Ok(algorithm) = lb::algorithm_of(&word) {
                let _ = lb::algorithm_word(&algorithm);
            }
        }
        _ => {
            let status = 400 + u16::from(selector) % 200;
            let err = lb::parse_error(status, body);
            assert!(!err.message().is_empty());
            assert!(err.message().chars().count() <= 500);
            if lb::is_immutable(&err) {
                assert_eq!(err.kind(), ErrorKind::Conflict);
            }
        }
    }
}

/// Accepted balancers have a numeric id, a name, and one listener on a real port.
fn check_balancers(parsed: cloud_core::Result<Vec<cloud_core::load_balancer::Balancer>>) {
    match parsed {
        Ok(list) => {
            for b in list {
                assert!(!b.id.is_empty() && b.id.bytes().all(|c| c.is_ascii_digit()));
                assert_eq!(b.listeners.len(), 1);
                assert!(b.listeners[0].port > 0);
                if let Some(op) = &b.operation {
                    assert_eq!(op.id, b.id);
                }
            }
        }
        Err(err) => assert_eq!(err.kind(), ErrorKind::MalformedResponse, "{err}"),
    }
}
