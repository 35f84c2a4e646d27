//! PowerDNS Authoritative Server for the DNS tests: Debian's `pdns-server` with the
//! sqlite3 backend, run unprivileged on 127.0.0.1 from a fresh configuration folder and
//! database at every start, its HTTP API on the main port and DNS (UDP and TCP) on the
//! second.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::Layout;
use super::process::run_logged;
use super::table::Ports;
use crate::{Error, Result};

/// The API key the test server is started with (a fixed test value, not a credential).
pub const API_KEY: &str = "libcloud-test-pdns-api-key";

/// Where Debian's `pdns-backend-sqlite3` puts the database schema.
pub const SCHEMA: &str = "/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql";

/// Folders searched for `pdns_server` after `PATH` (Debian installs it in `/usr/sbin`,
/// which an unprivileged user's `PATH` often lacks).
const SBIN: &[&str] = &["/usr/sbin", "/usr/local/sbin"];

/// What to do when PowerDNS is missing.
const HINT: &str = "install the Debian packages pdns-server and pdns-backend-sqlite3 \
                    (.ci/run does when a crate asks for pdns)";

/// Python that creates the sqlite database `argv[1]` from the schema file `argv[2]` (no
/// `sqlite3` command-line tool is needed).
const CREATE_DB: &str = "import sqlite3, sys\n\
                         db = sqlite3.connect(sys.argv[1])\n\
                         db.executescript(open(sys.argv[2]).read())\n\
                         db.commit()\n";

/// The `pdns_server` program: the first on `PATH`, else the one in an `sbin` folder.
pub fn server_binary() -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(SBIN.iter().map(PathBuf::from))
        .map(|dir| dir.join("pdns_server"))
        .find(|p| p.is_file())
}

/// Nothing is installed here: PowerDNS comes from Debian packages. Fails, saying which
/// packages, when the server or the sqlite3 backend's schema is missing.
pub(super) fn install(_layout: &Layout) -> Result<()> {
    if server_binary().is_none() {
        return Err(Error::msg(format!("pdns_server is not installed: {HINT}")));
    }
    if !Path::new(SCHEMA).is_file() {
        return Err(Error::msg(format!("{SCHEMA} is missing: {HINT}")));
    }
    Ok(())
}

/// The folder one run's configuration, database and control socket live in:
/// `target/emulators/pdns`, emptied at every start so runs never see each other's zones.
pub fn run_dir(layout: &Layout) -> PathBuf {
    layout.emulators_dir().join("pdns")
}

/// Makes a fresh run folder with an empty database and `pdns.conf`, and returns
/// `pdns_server --config-dir=<folder>`.
pub(super) fn command(layout: &Layout, ports: Ports) -> Result<Command> {
    let dns_port = ports
        .second
        .ok_or_else(|| Error::msg("pdns needs a second port, for DNS"))?;
    let dir = run_dir(layout);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::msg(format!("cannot create {}: {e}", dir.display())))?;
    let db = dir.join("pdns.sqlite3");
    let mut create = Command::new("python3");
    create.arg("-c").arg(CREATE_DB).arg(&db).arg(SCHEMA);
    let log = layout.emulators_dir().join("pdns-setup.log");
    run_logged(create, &log, "creating the PowerDNS database with python3")?;
    let conf = dir.join("pdns.conf");
    std::fs::write(&conf, config(&dir, &db, ports.main, dns_port))
        .map_err(|e| Error::msg(format!("cannot write {}: {e}", conf.display())))?;
    let binary = server_binary()
        .ok_or_else(|| Error::msg(format!("pdns_server is not installed: {HINT}")))?;
    let mut cmd = Command::new(binary);
    cmd.arg(format!("--config-dir={}", dir.display()));
    Ok(cmd)
}

/// `pdns.conf` for a server with its API on `api_port` and DNS on `dns_port`, both on
/// 127.0.0.1 only, in the foreground, logging warnings and worse to its output, and
/// never sending the security-status query PowerDNS makes by default.
pub fn config(dir: &Path, db: &Path, api_port: u16, dns_port: u16) -> String {
    let lines = [
        "launch=gsqlite3".to_string(),
        format!("gsqlite3-database={}", db.display()),
        "local-address=127.0.0.1".to_string(),
        format!("local-port={dns_port}"),
        "api=yes".to_string(),
        format!("api-key={API_KEY}"),
        "webserver=yes".to_string(),
        "webserver-address=127.0.0.1".to_string(),
        format!("webserver-port={api_port}"),
        "webserver-allow-from=127.0.0.1".to_string(),
        "daemon=no".to_string(),
        "guardian=no".to_string(),
        format!("socket-dir={}", dir.display()),
        "disable-syslog=yes".to_string(),
        "loglevel=4".to_string(),
        "security-poll-suffix=".to_string(),
    ];
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_binds_loopback_on_both_ports() {
        let text = config(Path::new("/run/x"), Path::new("/run/x/p.db"), 8081, 5353);
        for line in [
            "launch=gsqlite3",
            "gsqlite3-database=/run/x/p.db",
            "local-address=127.0.0.1",
            "local-port=5353",
            "webserver-address=127.0.0.1",
            "webserver-port=8081",
            "webserver-allow-from=127.0.0.1",
            "api=yes",
            "daemon=no",
            "guardian=no",
            "socket-dir=/run/x",
            "security-poll-suffix=",
        ] {
            assert!(text.lines().any(|l| l == line), "{line} missing:\n{text}");
        }
        assert!(text.contains(&format!("api-key={API_KEY}\n")));
        assert!(!text.contains("0.0.0.0") && !text.contains("::"));
    }

    #[test]
    fn a_second_port_is_required() {
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout::new(dir.path().to_path_buf());
        let err = command(&layout, Ports::one(8081)).unwrap_err();
        assert!(err.message().contains("second port"), "{err}");
    }

    #[test]
    fn every_start_gets_a_fresh_folder_and_database() {
        if install(&Layout::new(PathBuf::from("/unused"))).is_err() {
            eprintln!("PowerDNS is not installed: skipping");
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout::new(dir.path().to_path_buf());
        let run = run_dir(&layout);
        std::fs::create_dir_all(run.join("old-zone-data")).unwrap();
        let ports = Ports {
            main: 8081,
            second: Some(5353),
        };
        let cmd = command(&layout, ports).unwrap();
        assert!(!run.join("old-zone-data").exists());
        assert!(run.join("pdns.sqlite3").metadata().unwrap().len() > 0);
        let conf = std::fs::read_to_string(run.join("pdns.conf")).unwrap();
        assert!(conf.contains("local-port=5353\n"), "{conf}");
        assert!(cmd.get_program().to_string_lossy().ends_with("pdns_server"));
        let args: Vec<_> = cmd
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert_eq!(args, [format!("--config-dir={}", run.display())]);
    }
}
