//! The benchmark's own fake-gcs-server: the services table's command (installed and
//! started the way the test task does it: 127.0.0.1, plain HTTP, in-memory backend),
//! except that its public host is `storage.googleapis.com`. fake-gcs-server answers
//! its XML API (the only API Apache Libcloud's `google_storage` driver speaks) only for
//! requests naming that host; its JSON API, which our CLI and curl use, is routed by
//! path and answers whatever the host.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use xtask::interrupt::Interrupt;
use xtask::services::process::Spawned;
use xtask::services::table::{Ports, SERVICES, Service};
use xtask::services::{Layout, START_TIMEOUT, free_port, is_ready};

use super::procfs;
use crate::{Error, Result};

/// The service's name in the table.
pub const SERVICE: &str = "fake-gcs";

/// The host the XML API answers for: Google's own.
pub const PUBLIC_HOST: &str = "storage.googleapis.com";

/// A running fake-gcs-server. Dropping it stops the server.
#[derive(Debug)]
pub struct FakeGcs {
    process: Spawned,
    port: u16,
    pid: Option<u32>,
}

/// The table's command with its `-public-host` value replaced by [`PUBLIC_HOST`].
pub fn retarget(table_cmd: &Command) -> Result<Command> {
    let mut args: Vec<OsString> = table_cmd.get_args().map(OsString::from).collect();
    let at = args
        .iter()
        .position(|a| a == "-public-host")
        .filter(|&i| i + 1 < args.len())
        .ok_or_else(|| Error::msg(format!("the {SERVICE} command has no -public-host")))?;
    args[at + 1] = PUBLIC_HOST.into();
    let mut cmd = Command::new(table_cmd.get_program());
    cmd.args(args);
    if let Some(dir) = table_cmd.get_current_dir() {
        cmd.current_dir(dir);
    }
    Ok(cmd)
}

fn service() -> Result<&'static Service> {
    SERVICES
        .iter()
        .find(|s| s.name == SERVICE)
        .ok_or_else(|| Error::msg(format!("the services table has no {SERVICE}")))
}

impl FakeGcs {
    /// Installs fake-gcs-server when missing and starts it on a free port of
    /// 127.0.0.1; its log goes to `log`.
    pub fn start(root: &Path, log: &Path, stop: &Interrupt) -> Result<Self> {
        let svc = service()?;
        let layout = Layout::new(root.to_path_buf());
        (svc.install)(&layout)?;
        let port = free_port().map_err(|e| Error::msg(format!("no free port: {e}")))?;
        let cmd = retarget(&(svc.command)(&layout, Ports::one(port))?)?;
        let program = PathBuf::from(cmd.get_program());
        let mut process = Spawned::start(SERVICE, cmd, log)?;
        process.wait_ready(|| is_ready(svc.ready, port), START_TIMEOUT, stop)?;
        let pid = procfs::find_pid(&program, port);
        if pid.is_none() {
            eprintln!("bench: cannot find the emulator's process; its own costs go unreported");
        }
        Ok(FakeGcs { process, port, pid })
    }

    /// The port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Its process id, when it was found in `/proc`.
    pub fn pid(&self) -> Option<u32> {
        self.pid
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
    fn only_the_public_host_changes() {
        let mut table = Command::new("/e/fake-gcs-server");
        table
            .args(["-host", "127.0.0.1", "-port", "4443"])
            .args(["-external-url", "http://127.0.0.1:4443"])
            .args(["-public-host", "127.0.0.1:4443"])
            .current_dir("/e");
        let cmd = retarget(&table).unwrap();
        let args: Vec<String> = cmd
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            args.join(" "),
            "-host 127.0.0.1 -port 4443 -external-url http://127.0.0.1:4443 \
             -public-host storage.googleapis.com"
        );
        assert_eq!(cmd.get_program(), "/e/fake-gcs-server");
        assert_eq!(cmd.get_current_dir(), Some(Path::new("/e")));
    }

    #[test]
    fn a_command_without_a_public_host_is_refused() {
        let mut table = Command::new("/e/fake-gcs-server");
        table.args(["-port", "1", "-public-host"]);
        assert!(retarget(&table).is_err());
    }

    #[test]
    fn the_table_command_still_has_a_public_host() {
        let layout = Layout::new(crate::workspace_root());
        // Until fake-gcs-server is installed the table cannot name its binary; then
        // there is nothing to check here.
        if let Ok(cmd) = (service().unwrap().command)(&layout, Ports::one(4443)) {
            assert!(retarget(&cmd).is_ok());
        }
    }
}
