//! known_hosts files: reading OpenSSH's format (plain, hashed and `[host]:port`
//! entries, patterns and markers), checking a server's key, and recording a new one.

mod entry;
mod hashed;
mod pattern;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use cloud_core::{Error, Result};
use russh::keys::PublicKey;
use russh::keys::ssh_key::HashAlg;

pub use entry::host_name;
use entry::{Entry, Marker};

/// What a known_hosts file says about a server's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostKeyStatus {
    /// An entry for the host holds this key.
    Known,
    /// No entry names the host.
    Unknown,
    /// Entries name the host, none with this key; `line` is the first of them (1-based).
    Changed {
        /// The line of the first entry recorded for the host.
        line: usize,
    },
    /// The key is marked `@revoked` at `line`.
    Revoked {
        /// The line of the `@revoked` entry.
        line: usize,
    },
}

/// One process-wide lock, so tasks recording keys at once do not interleave lines.
static APPEND: Mutex<()> = Mutex::new(());

/// A known_hosts file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownHosts {
    path: PathBuf,
}

impl KnownHosts {
    /// The file at `path` (which need not exist yet).
    pub fn new(path: impl Into<PathBuf>) -> Self {
        KnownHosts { path: path.into() }
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What the file says about `key` for `host` at `port`. A missing file knows no
    /// host; one that cannot be read is an `Io` error.
    pub fn check(&self, host: &str, port: u16, key: &PublicKey) -> Result<HostKeyStatus> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(e) => {
                return Err(Error::io(format!("cannot read {}", self.path.display()), e));
            }
        };
        Ok(check_text(&text, host, port, key))
    }

    /// Appends `host`'s `key` (`[host]:port` form for a port other than 22), creating
    /// the file and its folder when missing. Does nothing when the key is known by then.
    pub fn record(&self, host: &str, port: u16, key: &PublicKey) -> Result<()> {
        let _turn = APPEND
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if self.check(host, port, key)? == HostKeyStatus::Known {
            return Ok(());
        }
        let openssh = key
            .to_openssh()
            .map_err(|e| Error::invalid_input(format!("cannot encode the host key: {e}")))?;
        let mut words = openssh.split_whitespace();
        let (Some(kind), Some(blob)) = (words.next(), words.next()) else {
            return Err(Error::invalid_input("cannot encode the host key"));
        };
        let line = format!("{} {kind} {blob}\n", host_name(host, port));
        append(&self.path, &line)
    }
}

fn append(path: &Path, line: &str) -> Result<()> {
    use std::io::Write;
    let context = || format!("cannot record the host key in {}", path.display());
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(context(), e))?;
    }
    let existing = std::fs::read(path).unwrap_or_default();
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| Error::io(context(), e))?;
    let mut text = String::new();
    if existing.last().is_some_and(|b| *b != b'\n') {
        text.push('\n');
    }
    text.push_str(line);
    file.write_all(text.as_bytes())
        .map_err(|e| Error::io(context(), e))
}

/// [`KnownHosts::check`] on a known_hosts file's text (public so the parser can be
/// fuzzed and used on text from elsewhere). Lines it cannot read are skipped.
pub fn check_text(text: &str, host: &str, port: u16, key: &PublicKey) -> HostKeyStatus {
    let mut first_for_host = None;
    for (index, raw) in text.lines().enumerate() {
        let Some(entry) = Entry::parse(raw) else {
            continue;
        };
        if !entry.matches(host, port) {
            continue;
        }
        let line = index + 1;
        let same_key = entry.key.key_data() == key.key_data();
        match entry.marker {
            Marker::Revoked if same_key => return HostKeyStatus::Revoked { line },
            Marker::Revoked | Marker::CertAuthority => {}
            Marker::None if same_key => return HostKeyStatus::Known,
            Marker::None => {
                first_for_host.get_or_insert(line);
            }
        }
    }
    match first_for_host {
        Some(line) => HostKeyStatus::Changed { line },
        None => HostKeyStatus::Unknown,
    }
}

/// `ED25519 SHA256:…`: the key's type and fingerprint, as OpenSSH shows them.
pub(crate) fn describe(key: &PublicKey) -> String {
    format!(
        "{} {}",
        key.algorithm().as_str(),
        key.fingerprint(HashAlg::Sha256)
    )
}

#[cfg(test)]
mod tests;
