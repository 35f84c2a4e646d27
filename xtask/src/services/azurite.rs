//! Azurite, Microsoft's Azure Storage emulator, for the `cloud-azure-blob` tests: the
//! npm package `azurite` (3.35.0: later releases need Node 22) installed under
//! `target/emulators/azurite`, its Blob service run on 127.0.0.1 over plain HTTP with a
//! fresh data folder at every start. It verifies Shared Key and SAS signatures with the
//! emulator's published account and key.

use std::path::PathBuf;
use std::process::Command;

use super::Layout;
use super::process::run_logged;
use super::table::Ports;
use crate::{Error, Result};

/// The release installed.
pub const VERSION: &str = "3.35.0";

/// The emulator's account name (published by Microsoft).
pub const ACCOUNT: &str = "devstoreaccount1";

/// The emulator's account key (published by Microsoft; not a secret).
pub const KEY: &str =
    "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

/// What the tests get besides the endpoint.
pub const EXTRA_ENV: &[(&str, &str)] = &[
    ("LIBCLOUD_TEST_AZURITE_ACCOUNT", ACCOUNT),
    ("LIBCLOUD_TEST_AZURITE_KEY", KEY),
];

fn prefix(layout: &Layout) -> PathBuf {
    layout.emulators_dir().join("azurite")
}

fn binary(layout: &Layout) -> PathBuf {
    prefix(layout)
        .join("node_modules")
        .join(".bin")
        .join("azurite-blob")
}

/// Whether the installed package is the wanted release.
fn installed(layout: &Layout) -> bool {
    let manifest = prefix(layout)
        .join("node_modules")
        .join("azurite")
        .join("package.json");
    binary(layout).is_file()
        && std::fs::read_to_string(manifest)
            .is_ok_and(|m| m.contains(&format!("\"version\": \"{VERSION}\"")))
}

/// Installs the package from the npm registry unless it is there.
pub fn install(layout: &Layout) -> Result<()> {
    if installed(layout) {
        return Ok(());
    }
    let dir = prefix(layout);
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::msg(format!("cannot create {}: {e}", dir.display())))?;
    let log = layout.emulators_dir().join("azurite-install.log");
    eprintln!("xtask: installing azurite {VERSION} into {}", dir.display());
    let mut cmd = Command::new("npm");
    cmd.arg("install")
        .arg("--prefix")
        .arg(&dir)
        .args(["--no-audit", "--no-fund", "--no-save"])
        .arg(format!("azurite@{VERSION}"));
    run_logged(cmd, &log, "npm install azurite")
}

/// `azurite-blob --blobHost 127.0.0.1 --blobPort P --location DIR --disableTelemetry
/// --skipApiVersionCheck`, with `DIR` (`target/emulators/azurite-data`) emptied first.
pub fn command(layout: &Layout, ports: Ports) -> Result<Command> {
    let data = layout.emulators_dir().join("azurite-data");
    if data.exists() {
        std::fs::remove_dir_all(&data)
            .map_err(|e| Error::msg(format!("cannot empty {}: {e}", data.display())))?;
    }
    std::fs::create_dir_all(&data)
        .map_err(|e| Error::msg(format!("cannot create {}: {e}", data.display())))?;
    let mut cmd = Command::new(binary(layout));
    cmd.args([
        "--blobHost",
        "127.0.0.1",
        "--blobPort",
        &ports.main.to_string(),
    ])
    .arg("--location")
    .arg(&data)
    .args(["--disableTelemetry", "--skipApiVersionCheck"])
    .current_dir(layout.emulators_dir());
    Ok(cmd)
}

/// The Blob endpoint, path-style: `http://127.0.0.1:PORT/devstoreaccount1`.
pub fn endpoint(port: u16) -> String {
    format!("http://127.0.0.1:{port}/{ACCOUNT}")
}
