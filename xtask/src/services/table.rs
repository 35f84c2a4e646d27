//! The services tests can ask for: how to install each, how to start it, how to know it
//! is up, and which environment variable tells the tests where it listens.

use std::process::Command;

use super::venv::Venv;
use super::{Layout, azurite, fake_gcs, mimic, openstack, pdns, sshd};
use crate::Result;

/// How to know a started service is up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ready {
    /// `GET path` on the port gets any HTTP answer below 500.
    Http(&'static str),
    /// A TCP connection to the port is accepted.
    Tcp,
}

/// The loopback ports one started service listens on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ports {
    /// The port `ready` probes and `endpoint` names.
    pub main: u16,
    /// The second port of a service with [`Service::second_port`]; `None` otherwise.
    pub second: Option<u16>,
}

impl Ports {
    /// Just one port.
    pub fn one(main: u16) -> Self {
        Ports { main, second: None }
    }
}

/// A second port a service listens on, free for both UDP and TCP (PowerDNS answers DNS
/// queries there and serves its HTTP API on the main port).
#[derive(Debug)]
pub struct SecondPort {
    /// The variable the tests read the second address from.
    pub env_var: &'static str,
    /// The value of `env_var` for the port.
    pub address: fn(u16) -> String,
}

/// One service in the table.
#[derive(Debug)]
pub struct Service {
    /// The name crates list in their `emulators.txt`.
    pub name: &'static str,
    /// The variable the tests read the service's address from.
    pub env_var: &'static str,
    /// Installs the service under the layout's emulator folder unless it is there.
    pub install: fn(&Layout) -> Result<()>,
    /// Prepares what the service needs for one run (a data folder, a configuration)
    /// and returns the command that runs it on 127.0.0.1 at the given ports.
    pub command: fn(&Layout, Ports) -> Result<Command>,
    /// How to know it is up.
    pub ready: Ready,
    /// The value of `env_var` for the given port.
    pub endpoint: fn(u16) -> String,
    /// Fixed variables exported along with `env_var` (test credentials the service was
    /// started with).
    pub extra_env: &'static [(&'static str, &'static str)],
    /// A second port, for a service that listens on two.
    pub second_port: Option<SecondPort>,
}

/// Every service the test task knows.
pub static SERVICES: &[Service] = &[
    Service {
        name: "moto",
        env_var: "LIBCLOUD_TEST_MOTO_ENDPOINT",
        install: install_moto,
        command: moto_command,
        ready: Ready::Http("/moto-api/"),
        endpoint: http_endpoint,
        extra_env: &[],
        second_port: None,
    },
    Service {
        name: "s3s-fs",
        env_var: "LIBCLOUD_TEST_S3S_ENDPOINT",
        install: install_s3s_fs,
        command: s3s_fs_command,
        // Unsigned requests get 403: an answer below 500 means it is up.
        ready: Ready::Http("/"),
        endpoint: http_endpoint,
        extra_env: &[
            ("LIBCLOUD_TEST_S3S_ACCESS_KEY", S3S_ACCESS_KEY),
            ("LIBCLOUD_TEST_S3S_SECRET_KEY", S3S_SECRET_KEY),
        ],
        second_port: None,
    },
    Service {
        name: "pdns",
        env_var: "LIBCLOUD_TEST_PDNS_ENDPOINT",
        install: pdns::install,
        command: pdns::command,
        // Without the API key the API answers 401: an answer below 500 means it is up.
        ready: Ready::Http("/api/v1/servers"),
        endpoint: http_endpoint,
        extra_env: &[("LIBCLOUD_TEST_PDNS_API_KEY", pdns::API_KEY)],
        second_port: Some(SecondPort {
            env_var: "LIBCLOUD_TEST_PDNS_DNS_ADDR",
            address: loopback_address,
        }),
    },
    Service {
        name: "openstack",
        env_var: "LIBCLOUD_TEST_SWIFT_ENDPOINT",
        install: openstack::install,
        command: openstack::command,
        // The proxy starts last: its health check answering means all is up.
        ready: Ready::Http("/healthcheck"),
        endpoint: http_endpoint,
        extra_env: openstack::EXTRA_ENV,
        second_port: Some(SecondPort {
            env_var: "LIBCLOUD_TEST_KEYSTONE_ENDPOINT",
            address: openstack::keystone_endpoint,
        }),
    },
    Service {
        name: "mimic",
        env_var: "LIBCLOUD_TEST_MIMIC_ENDPOINT",
        install: mimic::install,
        command: mimic::command,
        // Its identity service answers a GET with 405: any answer below 500 means it is up.
        ready: Ready::Http("/identity/v2.0/tokens"),
        endpoint: http_endpoint,
        extra_env: &[],
        second_port: None,
    },
    Service {
        name: "fake-gcs",
        env_var: "LIBCLOUD_TEST_FAKE_GCS_ENDPOINT",
        install: fake_gcs::install,
        command: fake_gcs::command,
        // An unknown bucket answers 404: any answer below 500 means it is up.
        ready: Ready::Http("/storage/v1/b/readiness-probe"),
        endpoint: http_endpoint,
        extra_env: &[],
        second_port: None,
    },
    Service {
        name: "azurite",
        env_var: "LIBCLOUD_TEST_AZURITE_ENDPOINT",
        install: azurite::install,
        command: azurite::command,
        // Unsigned requests get 403: any answer below 500 means it is up.
        ready: Ready::Http("/devstoreaccount1?comp=list"),
        endpoint: azurite::endpoint,
        extra_env: azurite::EXTRA_ENV,
        second_port: None,
    },
    Service {
        name: "sshd",
        env_var: "LIBCLOUD_TEST_SSHD_ENDPOINT",
        install: sshd::install,
        command: sshd::command,
        ready: Ready::Tcp,
        endpoint: loopback_address,
        extra_env: &[
            ("LIBCLOUD_TEST_SSHD_USER", sshd::USER),
            ("LIBCLOUD_TEST_SSHD_CLIENT_KEY", sshd::CLIENT_KEY_PATH),
            ("LIBCLOUD_TEST_SSHD_HOST_KEY", sshd::HOST_KEY_PATH),
            (
                "LIBCLOUD_TEST_SSHD_AUTHORIZED_KEYS",
                sshd::AUTHORIZED_KEYS_PATH,
            ),
        ],
        second_port: None,
    },
];

/// The access key s3s-fs checks signatures with in tests (not a real credential).
const S3S_ACCESS_KEY: &str = "AKIDS3SFSTEST0000000";
/// Its secret key (not a real credential).
const S3S_SECRET_KEY: &str = "s3s-fs-test-secret-key-not-a-real-one";
/// The s3s-fs release installed; later ones need a newer compiler.
const S3S_FS_VERSION: &str = "0.14.1";

/// `http://127.0.0.1:PORT`.
pub fn http_endpoint(port: u16) -> String {
    format!("http://127.0.0.1:{port}")
}

/// `127.0.0.1:PORT`.
pub fn loopback_address(port: u16) -> String {
    format!("127.0.0.1:{port}")
}

fn moto_venv(layout: &Layout) -> Venv {
    Venv::new(layout.emulators_dir().join("moto-venv"))
}

fn install_moto(layout: &Layout) -> Result<()> {
    let venv = moto_venv(layout);
    let has_moto_5 = "import sys, moto.server; sys.exit(moto.__version__.split('.')[0] != '5')";
    if venv.runs(has_moto_5) {
        return Ok(());
    }
    let log = layout.emulators_dir().join("moto-install.log");
    eprintln!("xtask: installing moto into {}", venv.dir().display());
    venv.create(&log)?;
    venv.pip_install(&["moto[server]>=5,<6"], &log)
}

fn moto_command(layout: &Layout, ports: Ports) -> Result<Command> {
    let mut cmd = moto_venv(layout).python();
    cmd.args(["-m", "moto.server", "-H", "127.0.0.1", "-p"])
        .arg(ports.main.to_string());
    Ok(cmd)
}

fn s3s_fs_bin(layout: &Layout) -> std::path::PathBuf {
    let name = if cfg!(windows) {
        "s3s-fs.exe"
    } else {
        "s3s-fs"
    };
    layout.emulators_dir().join("bin").join(name)
}

fn install_s3s_fs(layout: &Layout) -> Result<()> {
    if s3s_fs_bin(layout).is_file() {
        return Ok(());
    }
    let log = layout.emulators_dir().join("s3s-fs-install.log");
    eprintln!("xtask: installing s3s-fs {S3S_FS_VERSION} (a few minutes of compiling)");
    let mut cmd = Command::new("cargo");
    cmd.args(["install", &format!("s3s-fs@{S3S_FS_VERSION}"), "--locked"])
        .args(["--features", "binary", "--root"])
        .arg(layout.emulators_dir());
    super::process::run_logged(cmd, &log, "cargo install s3s-fs")
}

/// s3s-fs on a fresh, empty data folder (`target/emulators/s3s-fs-data`, emptied at
/// every start so runs never see each other's buckets nor pile up folders).
fn s3s_fs_command(layout: &Layout, ports: Ports) -> Result<Command> {
    let data = layout.emulators_dir().join("s3s-fs-data");
    let _ = std::fs::remove_dir_all(&data);
    if let Err(e) = std::fs::create_dir_all(&data) {
        eprintln!("xtask: cannot create {}: {e}", data.display());
    }
    let mut cmd = Command::new(s3s_fs_bin(layout));
    cmd.args(["--host", "127.0.0.1", "--port", &ports.main.to_string()])
        .args([
            "--access-key",
            S3S_ACCESS_KEY,
            "--secret-key",
            S3S_SECRET_KEY,
        ])
        .arg(data);
    Ok(cmd)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_variables_are_unique_and_well_formed() {
        for (i, s) in SERVICES.iter().enumerate() {
            assert!(
                s.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            );
            assert!(s.env_var.starts_with("LIBCLOUD_TEST_") && s.env_var.ends_with("_ENDPOINT"));
            if let Some(second) = &s.second_port {
                assert!(second.env_var.starts_with("LIBCLOUD_TEST_"));
                assert_ne!(second.env_var, s.env_var);
            }
            for other in &SERVICES[i + 1..] {
                assert_ne!(s.name, other.name);
                assert_ne!(s.env_var, other.env_var);
            }
        }
    }

    #[test]
    fn moto_listens_on_loopback_at_the_given_port() {
        let layout = Layout::new("/repo".into());
        let moto = SERVICES.iter().find(|s| s.name == "moto").unwrap();
        let cmd = (moto.command)(&layout, Ports::one(5123)).unwrap();
        assert_eq!(
            cmd.get_program(),
            std::path::Path::new("/repo/target/emulators/moto-venv").join(if cfg!(windows) {
                "Scripts/python.exe"
            } else {
                "bin/python"
            })
        );
        let args: Vec<_> = cmd
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert_eq!(args, ["-m", "moto.server", "-H", "127.0.0.1", "-p", "5123"]);
        assert_eq!((moto.endpoint)(5123), "http://127.0.0.1:5123");
        assert_eq!(moto.env_var, "LIBCLOUD_TEST_MOTO_ENDPOINT");
        assert_eq!(moto.ready, Ready::Http("/moto-api/"));
    }

    #[test]
    fn s3s_fs_gets_a_fresh_folder_and_the_test_keys() {
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout::new(dir.path().to_path_buf());
        let s3s = SERVICES.iter().find(|s| s.name == "s3s-fs").unwrap();
        let data = layout.emulators_dir().join("s3s-fs-data");
        std::fs::create_dir_all(data.join("old-bucket")).unwrap();
        let cmd = (s3s.command)(&layout, Ports::one(5124)).unwrap();
        assert!(data.is_dir() && std::fs::read_dir(&data).unwrap().next().is_none());
        assert_eq!(cmd.get_program(), s3s_fs_bin(&layout));
        let args: Vec<_> = cmd
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            args,
            [
                "--host",
                "127.0.0.1",
                "--port",
                "5124",
                "--access-key",
                S3S_ACCESS_KEY,
                "--secret-key",
                S3S_SECRET_KEY,
                &data.to_string_lossy(),
            ]
        );
        assert_eq!(s3s.env_var, "LIBCLOUD_TEST_S3S_ENDPOINT");
        let names: Vec<&str> = s3s.extra_env.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            names,
            [
                "LIBCLOUD_TEST_S3S_ACCESS_KEY",
                "LIBCLOUD_TEST_S3S_SECRET_KEY"
            ]
        );
    }
}
