//! What the `parse_known_hosts` fuzz target does with one input, shared with the
//! crate's `tests/fuzz_regressions.rs`: the input, read as text, is a known_hosts file
//! checked for a fixed key of two hosts (one on port 22, one in `[host]:port` form), and
//! a `HOST[:PORT]` address. Nothing may panic.

use cloud_deploy::{SshTarget, check_known_hosts_text};
use russh::keys::PublicKey;

/// The key every input is checked for.
const KEY: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAID74ZjNi/Li4bi6uEAesMUQkgvbcCgbkM6QhtqDXXD2Y";

/// Feeds one input to the parsers.
pub fn feed(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(key) = PublicKey::from_openssh(KEY) {
        let _ = check_known_hosts_text(&text, "web.example", 22, &key);
        let _ = check_known_hosts_text(&text, "127.0.0.1", 2222, &key);
    }
    let _ = SshTarget::parse_with_port(&text, 22);
}
