//! OpenSSH's server for the deployment tests: Debian's `openssh-server`, run as root on
//! 127.0.0.1 from a fresh folder at every start, with a throwaway host key and a client
//! key pair whose public half is the only authorized key.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::Layout;
use super::process::run_logged;
use super::table::Ports;
use crate::{Error, Result};

/// The user the tests log in as (the server runs as root and only root can log in
/// as itself without a password database entry of its own).
pub const USER: &str = "root";

/// A file of the run folder as the tests are told it: `{emulators}` is replaced with
/// the run's emulator folder when the variables are exported.
macro_rules! run_dir_file {
    ($file:literal) => {
        concat!("{emulators}/sshd/", $file)
    };
}

/// The client's private key (unencrypted), for the tests.
pub const CLIENT_KEY_PATH: &str = run_dir_file!("client_ed25519");
/// The server's public host key, for the tests' known_hosts files.
pub const HOST_KEY_PATH: &str = run_dir_file!("ssh_host_ed25519_key.pub");
/// The authorized_keys file the server reads at every login; tests may append keys.
pub const AUTHORIZED_KEYS_PATH: &str = run_dir_file!("authorized_keys");

/// File names inside the run folder.
const HOST_KEY: &str = "ssh_host_ed25519_key";
const CLIENT_KEY: &str = "client_ed25519";
const AUTHORIZED_KEYS: &str = "authorized_keys";
const CONFIG: &str = "sshd_config";

/// Folders searched for `sshd` after `PATH` (Debian installs it in `/usr/sbin`).
const SBIN: &[&str] = &["/usr/sbin", "/usr/local/sbin"];

/// The privilege-separation folder sshd insists on.
const PRIVSEP_DIR: &str = "/run/sshd";

/// What to do when OpenSSH is missing.
const HINT: &str = "install the Debian package openssh-server (.ci/run does when a crate asks \
                    for sshd)";

fn find(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(SBIN.iter().map(PathBuf::from))
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
}

/// The `sshd` program, by absolute path (sshd refuses to re-execute itself otherwise).
pub fn server_binary() -> Option<PathBuf> {
    find("sshd").and_then(|p| std::path::absolute(p).ok())
}

/// Nothing is installed here: OpenSSH comes from Debian. Fails, naming the package,
/// when `sshd` or `ssh-keygen` is missing.
pub(super) fn install(_layout: &Layout) -> Result<()> {
    if server_binary().is_none() {
        return Err(Error::msg(format!("sshd is not installed: {HINT}")));
    }
    if find("ssh-keygen").is_none() {
        return Err(Error::msg(format!("ssh-keygen is not installed: {HINT}")));
    }
    Ok(())
}

/// The folder one run's keys, configuration and pid file live in:
/// `target/emulators/sshd`, emptied at every start.
pub fn run_dir(layout: &Layout) -> PathBuf {
    layout.emulators_dir().join("sshd")
}

/// Makes a fresh run folder with new host and client keys, `authorized_keys` holding
/// the client key, and `sshd_config`; returns `sshd -D -e -f <config>`.
pub(super) fn command(layout: &Layout, ports: Ports) -> Result<Command> {
    let dir = run_dir(layout);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::msg(format!("cannot create {}: {e}", dir.display())))?;
    privsep_dir()?;
    let log = layout.emulators_dir().join("sshd-setup.log");
    keygen(&dir.join(HOST_KEY), "libcloud-test-host", &log)?;
    keygen(&dir.join(CLIENT_KEY), "libcloud-test-client", &log)?;
    let client_pub = dir.join(format!("{CLIENT_KEY}.pub"));
    std::fs::copy(&client_pub, dir.join(AUTHORIZED_KEYS))
        .map_err(|e| Error::msg(format!("cannot write the authorized_keys file: {e}")))?;
    let conf = dir.join(CONFIG);
    std::fs::write(&conf, config(&dir, ports.main))
        .map_err(|e| Error::msg(format!("cannot write {}: {e}", conf.display())))?;
    let binary =
        server_binary().ok_or_else(|| Error::msg(format!("sshd is not installed: {HINT}")))?;
    let mut cmd = Command::new(binary);
    cmd.arg("-D").arg("-e").arg("-f").arg(&conf);
    Ok(cmd)
}

/// `/run/sshd`, mode 0755, which sshd checks before it starts.
fn privsep_dir() -> Result<()> {
    let dir = Path::new(PRIVSEP_DIR);
    if let Err(e) = std::fs::create_dir_all(dir) {
        return Err(Error::msg(format!(
            "cannot create {PRIVSEP_DIR} (sshd needs it; run as root): {e}"
        )));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| Error::msg(format!("cannot make {PRIVSEP_DIR} mode 0755: {e}")))?;
    }
    Ok(())
}

/// A new unencrypted ed25519 key pair at `path` and `path.pub`.
fn keygen(path: &Path, comment: &str, log: &Path) -> Result<()> {
    let mut cmd = Command::new("ssh-keygen");
    cmd.args(["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f"])
        .arg(path);
    run_logged(cmd, log, "ssh-keygen")
}

/// `sshd_config` for a server on 127.0.0.1 at `port` with everything in `dir`: key
/// logins only, SFTP in process, and room for many connections at once (the
/// concurrent deployment tests open twenty).
pub fn config(dir: &Path, port: u16) -> String {
    let path = |name: &str| format!("\"{}\"", dir.join(name).display());
    let lines = [
        "ListenAddress 127.0.0.1".to_string(),
        format!("Port {port}"),
        format!("HostKey {}", path(HOST_KEY)),
        format!("PidFile {}", path("sshd.pid")),
        format!("AuthorizedKeysFile {}", path(AUTHORIZED_KEYS)),
        "UsePAM no".to_string(),
        "StrictModes no".to_string(),
        "PermitRootLogin prohibit-password".to_string(),
        "PubkeyAuthentication yes".to_string(),
        "PasswordAuthentication no".to_string(),
        "KbdInteractiveAuthentication no".to_string(),
        "PrintMotd no".to_string(),
        "MaxStartups 100".to_string(),
        "MaxSessions 100".to_string(),
        "Subsystem sftp internal-sftp".to_string(),
    ];
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_listens_on_loopback_with_everything_in_its_folder() {
        let text = config(Path::new("/run/x"), 2222);
        for line in [
            "ListenAddress 127.0.0.1",
            "Port 2222",
            "HostKey \"/run/x/ssh_host_ed25519_key\"",
            "PidFile \"/run/x/sshd.pid\"",
            "AuthorizedKeysFile \"/run/x/authorized_keys\"",
            "UsePAM no",
            "StrictModes no",
            "Subsystem sftp internal-sftp",
        ] {
            assert!(text.lines().any(|l| l == line), "{line} missing:\n{text}");
        }
        assert!(!text.contains("0.0.0.0") && !text.contains("::"));
    }

    /// `path` with each `..` taking off the component before it.
    #[test]
    fn the_paths_given_to_tests_are_in_the_run_folder() {
        let layout = Layout::new(PathBuf::from("/somewhere/checkout"));
        let dir = run_dir(&layout);
        let emulators = layout.emulators_dir();
        for (path, name) in [
            (CLIENT_KEY_PATH, CLIENT_KEY),
            (AUTHORIZED_KEYS_PATH, AUTHORIZED_KEYS),
            (HOST_KEY_PATH, "ssh_host_ed25519_key.pub"),
        ] {
            let told = path.replace("{emulators}", &emulators.to_string_lossy());
            assert_eq!(Path::new(&told), dir.join(name));
        }
    }

    #[test]
    fn every_start_gets_fresh_keys_and_the_client_key_is_authorized() {
        if install(&Layout::new(PathBuf::from("/unused"))).is_err()
            || std::fs::create_dir_all(PRIVSEP_DIR).is_err()
        {
            eprintln!("OpenSSH is not installed or this is not root: skipping");
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout::new(dir.path().to_path_buf());
        let run = run_dir(&layout);
        std::fs::create_dir_all(run.join("old")).unwrap();
        let cmd = command(&layout, Ports::one(2222)).unwrap();
        assert!(!run.join("old").exists());
        let first_host = std::fs::read_to_string(run.join("ssh_host_ed25519_key.pub")).unwrap();
        let client = std::fs::read_to_string(run.join("client_ed25519.pub")).unwrap();
        assert_eq!(
            std::fs::read_to_string(run.join(AUTHORIZED_KEYS)).unwrap(),
            client
        );
        assert!(cmd.get_program().to_string_lossy().ends_with("sshd"));
        let args: Vec<_> = cmd
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            args,
            ["-D", "-e", "-f", &run.join(CONFIG).to_string_lossy()]
        );
        command(&layout, Ports::one(2222)).unwrap();
        let second_host = std::fs::read_to_string(run.join("ssh_host_ed25519_key.pub")).unwrap();
        assert_ne!(first_host, second_host);
    }
}
