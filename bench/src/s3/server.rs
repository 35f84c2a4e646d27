//! The S3 server of `s3-transfer`: s3s-fs from the services table (installed and
//! started the way the test task does it, SigV4 checked), but keeping its objects in
//! the benchmark's scratch folder under `target/bench/` so they go away with it.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use xtask::interrupt::Interrupt;
use xtask::services::Layout;
use xtask::services::process::Spawned;
use xtask::services::table::{SERVICES, Service};
use xtask::services::{START_TIMEOUT, free_port, is_ready};

use crate::{Error, Result};

/// The service's name in the table.
pub const SERVICE: &str = "s3s-fs";

/// A running s3s-fs. Dropping it stops the server.
#[derive(Debug)]
pub struct S3sFs {
    process: Spawned,
    program: PathBuf,
    port: u16,
    access_key: String,
    secret_key: String,
}

/// The table's command for `port`, with its data folder (the last argument) replaced by
/// `data`, and the access and secret keys it checks signatures with.
pub fn retarget(table_cmd: &Command, data: &Path) -> Result<(Command, String, String)> {
    let mut args: Vec<OsString> = table_cmd.get_args().map(OsString::from).collect();
    let key_after = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .map(|v| v.to_string_lossy().into_owned())
            .ok_or_else(|| Error::msg(format!("the {SERVICE} command has no {flag}")))
    };
    let access_key = key_after("--access-key")?;
    let secret_key = key_after("--secret-key")?;
    match args.last() {
        Some(last) if !last.to_string_lossy().starts_with('-') => {
            args.pop();
        }
        _ => {
            return Err(Error::msg(format!(
                "the {SERVICE} command does not end with its data folder"
            )));
        }
    }
    let mut cmd = Command::new(table_cmd.get_program());
    cmd.args(args).arg(data);
    Ok((cmd, access_key, secret_key))
}

fn service() -> Result<&'static Service> {
    SERVICES
        .iter()
        .find(|s| s.name == SERVICE)
        .ok_or_else(|| Error::msg(format!("the services table has no {SERVICE}")))
}

impl S3sFs {
    /// Installs s3s-fs when missing and starts it on 127.0.0.1 with its objects in
    /// `data`; its log goes to `log`.
    pub fn start(root: &Path, data: PathBuf, log: &Path, stop: &Interrupt) -> Result<Self> {
        let svc = service()?;
        let layout = Layout::new(root.to_path_buf());
        (svc.install)(&layout)?;
        let port = free_port().map_err(|e| Error::msg(format!("no free port: {e}")))?;
        let table_cmd = (svc.command)(&layout, xtask::services::table::Ports::one(port))?;
        // The table's command made an empty data folder of its own; ours replaces it.
        if let Some(theirs) = table_cmd.get_args().last().map(PathBuf::from)
            && theirs.starts_with(layout.emulators_dir())
        {
            let _ = std::fs::remove_dir(&theirs);
        }
        std::fs::create_dir_all(&data)
            .map_err(|e| Error::msg(format!("cannot create {}: {e}", data.display())))?;
        let (cmd, access_key, secret_key) = retarget(&table_cmd, &data)?;
        let mut process = Spawned::start(SERVICE, cmd, log)?;
        process.wait_ready(|| is_ready(svc.ready, port), START_TIMEOUT, stop)?;
        Ok(S3sFs {
            process,
            program: PathBuf::from(table_cmd.get_program()),
            port,
            access_key,
            secret_key,
        })
    }

    /// The port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The credentials it accepts.
    pub fn keys(&self) -> (&str, &str) {
        (&self.access_key, &self.secret_key)
    }

    /// Its version, from `s3s-fs --version` (empty when that fails).
    pub fn version(&self) -> String {
        Command::new(&self.program)
            .arg("--version")
            .output()
            .ok()
            .filter(|o| o.status.success())
            .and_then(|o| {
                String::from_utf8_lossy(&o.stdout)
                    .split_whitespace()
                    .last()
                    .map(str::to_string)
            })
            .unwrap_or_default()
    }

    /// Stops the server.
    pub fn stop(&mut self) {
        self.process.stop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_folder_is_replaced_and_the_keys_read() {
        let mut table_cmd = Command::new("/emu/bin/s3s-fs");
        table_cmd.args([
            "--host",
            "127.0.0.1",
            "--port",
            "5000",
            "--access-key",
            "AK",
            "--secret-key",
            "SK",
            "/emu/s3s-fs-data-5000",
        ]);
        let (cmd, ak, sk) = retarget(&table_cmd, Path::new("/w/target/bench/x/data")).unwrap();
        assert_eq!((ak.as_str(), sk.as_str()), ("AK", "SK"));
        assert_eq!(cmd.get_program(), "/emu/bin/s3s-fs");
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
                "5000",
                "--access-key",
                "AK",
                "--secret-key",
                "SK",
                "/w/target/bench/x/data"
            ]
        );
    }

    #[test]
    fn a_command_without_keys_or_folder_is_refused() {
        let mut no_keys = Command::new("s3s-fs");
        no_keys.args(["--port", "1", "/data"]);
        assert!(retarget(&no_keys, Path::new("/d")).is_err());
        let mut no_dir = Command::new("s3s-fs");
        no_dir.args(["--access-key", "A", "--secret-key", "S", "--verbose"]);
        assert!(retarget(&no_dir, Path::new("/d")).is_err());
    }

    #[test]
    fn the_table_still_starts_s3s_fs_the_way_this_expects() {
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout::new(dir.path().to_path_buf());
        let table_cmd =
            (service().unwrap().command)(&layout, xtask::services::table::Ports::one(5001))
                .unwrap();
        let (cmd, ak, sk) = retarget(&table_cmd, &dir.path().join("mine")).unwrap();
        assert!(!ak.is_empty() && !sk.is_empty());
        let args: Vec<_> = cmd
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert!(
            args.windows(2).any(|w| w == ["--host", "127.0.0.1"]),
            "{args:?}"
        );
        assert_eq!(
            args.last().unwrap(),
            &dir.path().join("mine").to_string_lossy()
        );
    }
}
