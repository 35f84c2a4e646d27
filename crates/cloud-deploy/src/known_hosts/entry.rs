//! One line of a known_hosts file.

use russh::keys::PublicKey;

use super::hashed::HashedHost;
use super::pattern::pattern_matches;

/// The marker an entry may start with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Marker {
    /// A plain host key.
    None,
    /// `@cert-authority`: a CA key for host certificates (not used here).
    CertAuthority,
    /// `@revoked`: the key must never be accepted.
    Revoked,
}

/// A parsed known_hosts line.
#[derive(Debug)]
pub(super) struct Entry {
    pub(super) marker: Marker,
    hosts: String,
    pub(super) key: PublicKey,
}

/// The name a host is recorded under: `host` on port 22, `[host]:port` otherwise.
pub fn host_name(host: &str, port: u16) -> String {
    if port == 22 {
        host.to_ascii_lowercase()
    } else {
        format!("[{}]:{port}", host.to_ascii_lowercase())
    }
}

impl Entry {
    /// The entry on `line`, or `None` for a blank line, a comment, or a line that is
    /// not an entry (such lines are skipped, as OpenSSH does).
    pub(super) fn parse(line: &str) -> Option<Entry> {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return None;
        }
        let mut words = line.split_whitespace();
        let mut first = words.next()?;
        let marker = match first {
            "@cert-authority" => Marker::CertAuthority,
            "@revoked" => Marker::Revoked,
            m if m.starts_with('@') => return None,
            _ => Marker::None,
        };
        if marker != Marker::None {
            first = words.next()?;
        }
        let kind = words.next()?;
        let blob = words.next()?;
        let key = PublicKey::from_openssh(&format!("{kind} {blob}")).ok()?;
        Some(Entry {
            marker,
            hosts: first.to_string(),
            key,
        })
    }

    /// Whether the entry's host field names `host` at `port`: a hashed name equal to
    /// it, or patterns one of which matches and none of the negated (`!`) ones does.
    pub(super) fn matches(&self, host: &str, port: u16) -> bool {
        let name = host_name(host, port);
        if let Some(hashed) = HashedHost::parse(&self.hosts) {
            return hashed.matches(&name);
        }
        let mut matched = false;
        for pattern in self.hosts.split(',') {
            let pattern = pattern.to_ascii_lowercase();
            if let Some(negated) = pattern.strip_prefix('!') {
                if pattern_matches(negated, &name) {
                    return false;
                }
            } else if pattern_matches(&pattern, &name) {
                matched = true;
            }
        }
        matched
    }
}
