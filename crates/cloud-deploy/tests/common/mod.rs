//! What the live tests share: the OpenSSH server `cargo xtask test` starts
//! (`crates/cloud-deploy/emulators.txt`), clients for it, and throwaway keys.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use cloud_core::env::MapEnv;
use cloud_deploy::{Identity, PASSPHRASE_ENV, PassphraseSource, SshClient, SshOptions, SshTarget};

/// The server `cargo xtask test` started.
pub struct Sshd {
    /// Where it listens (127.0.0.1 only).
    pub target: SshTarget,
    /// The user to log in as.
    pub user: String,
    /// The client key it authorizes.
    pub client_key: PathBuf,
    /// Its host key, as `TYPE BASE64`.
    pub host_key: String,
    /// The authorized_keys file it reads at every login.
    pub authorized_keys: PathBuf,
}

fn var(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| panic!("{name} is set with LIBCLOUD_TEST_SSHD_ENDPOINT"))
}

/// The variable `cargo xtask test` puts the server's `127.0.0.1:PORT` in.
const ENDPOINT: &str = "LIBCLOUD_TEST_SSHD_ENDPOINT";

/// The server, or `None` (after printing the skip line) when it was not started.
pub fn sshd() -> Option<Sshd> {
    let raw = match std::env::var(ENDPOINT) {
        Ok(raw) if !raw.is_empty() => raw,
        _ => {
            println!("skipped: {ENDPOINT} not set (cargo xtask test sets it)");
            return None;
        }
    };
    let address: std::net::SocketAddr = raw
        .parse()
        .unwrap_or_else(|e| panic!("{ENDPOINT}={raw:?} is not IP:PORT: {e}"));
    assert!(
        address.ip() == std::net::Ipv4Addr::LOCALHOST,
        "{ENDPOINT}={raw}: the tests only connect to 127.0.0.1"
    );
    let (host, port) = (address.ip().to_string(), address.port());
    let host_key_file = var("LIBCLOUD_TEST_SSHD_HOST_KEY");
    let text = std::fs::read_to_string(&host_key_file).expect("the host key is readable");
    let host_key = text
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    Some(Sshd {
        target: SshTarget::new(host, port),
        user: var("LIBCLOUD_TEST_SSHD_USER"),
        client_key: PathBuf::from(var("LIBCLOUD_TEST_SSHD_CLIENT_KEY")),
        host_key,
        authorized_keys: PathBuf::from(var("LIBCLOUD_TEST_SSHD_AUTHORIZED_KEYS")),
    })
}

/// Passphrases from `env` only, never a prompt.
pub fn passphrases(env: &[(&str, &str)]) -> PassphraseSource {
    let mut map = MapEnv::default();
    for (k, v) in env {
        map.set(*k, *v);
    }
    PassphraseSource::from_env(Arc::new(map), PASSPHRASE_ENV)
}

impl Sshd {
    /// A known_hosts file in `dir` that knows the server.
    pub fn known_hosts(&self, dir: &Path) -> PathBuf {
        let path = dir.join("known_hosts");
        let line = format!(
            "[{}]:{} {}\n",
            self.target.host, self.target.port, self.host_key
        );
        std::fs::write(&path, line).unwrap();
        path
    }

    /// Options with `identity` that trust the server (known_hosts in `dir`).
    pub fn options_with(&self, dir: &Path, identity: Identity) -> SshOptions {
        let mut options = SshOptions::new(&self.user, identity);
        options.known_hosts = self.known_hosts(dir);
        options.passphrase = passphrases(&[]);
        options.connect_timeout = Duration::from_secs(20);
        options.step_timeout = Duration::from_secs(120);
        options
    }

    /// Options with the authorized client key.
    pub fn options(&self, dir: &Path) -> SshOptions {
        self.options_with(dir, Identity::KeyFile(self.client_key.clone()))
    }

    /// A client with the authorized key, trusting the server.
    pub fn client(&self, dir: &Path) -> SshClient {
        SshClient::new(self.options(dir)).expect("client")
    }

    /// Adds `public_key_file`'s key to the server's authorized keys.
    pub fn authorize(&self, public_key_file: &Path) {
        let line = std::fs::read_to_string(public_key_file).unwrap();
        let mut file = std::fs::OpenOptions::new()
            .append(true)
            .open(&self.authorized_keys)
            .unwrap();
        file.write_all(format!("{}\n", line.trim()).as_bytes())
            .unwrap();
    }
}

/// A new key pair `dir/name` (`.pub` beside it) of `kind` (`ed25519`, `rsa`, `ecdsa`),
/// encrypted with `passphrase` when not empty.
pub fn keygen(dir: &Path, name: &str, kind: &str, passphrase: &str) -> PathBuf {
    let path = dir.join(name);
    let status = std::process::Command::new("ssh-keygen")
        .args(["-q", "-t", kind, "-N", passphrase, "-C", name, "-f"])
        .arg(&path)
        .status()
        .expect("ssh-keygen runs (it comes with OpenSSH)");
    assert!(status.success());
    path
}

/// `path` with `.pub` appended.
pub fn public(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".pub");
    PathBuf::from(name)
}
