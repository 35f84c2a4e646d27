//! The services tests can ask for: how to install each, how to start it, how to know it
//! is up, and which environment variable tells the tests where it listens.

use std::process::Command;

use super::Layout;
use super::venv::Venv;
use crate::Result;

/// How to know a started service is up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ready {
    /// `GET path` on the port gets any HTTP answer below 500.
    Http(&'static str),
    /// A TCP connection to the port is accepted.
    Tcp,
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
    /// The command that runs the service on 127.0.0.1 at the given port.
    pub command: fn(&Layout, u16) -> Command,
    /// How to know it is up.
    pub ready: Ready,
    /// The value of `env_var` for the given port.
    pub endpoint: fn(u16) -> String,
}

/// Every service the test task knows.
pub static SERVICES: &[Service] = &[Service {
    name: "moto",
    env_var: "LIBCLOUD_TEST_MOTO_ENDPOINT",
    install: install_moto,
    command: moto_command,
    ready: Ready::Http("/moto-api/"),
    endpoint: http_endpoint,
}];

/// `http://127.0.0.1:PORT`.
pub fn http_endpoint(port: u16) -> String {
    format!("http://127.0.0.1:{port}")
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

fn moto_command(layout: &Layout, port: u16) -> Command {
    let mut cmd = Command::new(moto_venv(layout).bin("moto_server"));
    cmd.args(["-H", "127.0.0.1", "-p", &port.to_string()]);
    cmd
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
        let cmd = (moto.command)(&layout, 5123);
        assert_eq!(
            cmd.get_program(),
            std::path::Path::new("/repo/target/emulators/moto-venv").join(if cfg!(windows) {
                "Scripts/moto_server.exe"
            } else {
                "bin/moto_server"
            })
        );
        let args: Vec<_> = cmd
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert_eq!(args, ["-H", "127.0.0.1", "-p", "5123"]);
        assert_eq!((moto.endpoint)(5123), "http://127.0.0.1:5123");
        assert_eq!(moto.env_var, "LIBCLOUD_TEST_MOTO_ENDPOINT");
        assert_eq!(moto.ready, Ready::Http("/moto-api/"));
    }
}
