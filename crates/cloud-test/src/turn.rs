//! Taking turns at a live server that cannot serve two tests at once: an exclusive lock
//! on a file named after the server, held by every test process that uses it.

use std::fs::File;

use url::Url;

/// Waits for this test's turn at the server `service` listening at `endpoint`, and
/// returns the locked file: the turn lasts until it is dropped. Every test of every crate
/// that calls this with the same service and endpoint waits for the others, whichever
/// process it runs in.
pub fn exclusive_turn(service: &str, endpoint: &Url) -> File {
    let port = endpoint.port_or_known_default().unwrap_or_default();
    let path = std::env::temp_dir().join(format!("libcloud-test-{service}-{port}.lock"));
    let turn = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()));
    turn.lock()
        .unwrap_or_else(|e| panic!("cannot lock {}: {e}", path.display()));
    turn
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_turn_waits_for_the_first() {
        let endpoint = Url::parse("http://127.0.0.1:1").unwrap();
        let first = exclusive_turn("turn-test", &endpoint);
        let path = std::env::temp_dir().join("libcloud-test-turn-test-1.lock");
        let other = File::options().write(true).open(&path).unwrap();
        assert!(other.try_lock().is_err(), "the turn is held");
        drop(first);
        assert!(other.try_lock().is_ok(), "the turn ended with its file");
    }
}
