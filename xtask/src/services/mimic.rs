//! mimic, Rackspace's own API mock (PyPI `mimic`), for the Rackspace tests: identity
//! v2.0 with API keys, Nova-style Cloud Servers in ORD, DFW and IAD, Cloud Files and
//! Cloud Load Balancers, on 127.0.0.1 with a real-time clock.

use std::process::Command;

use super::Layout;
use super::table::Ports;
use super::venv::Venv;
use crate::Result;

/// What is installed: mimic 2.2, with `attrs` older than 23 (with newer ones its
/// load-balancer plugin drops out of the catalog).
const REQUIREMENTS: &[&str] = &["mimic==2.2.0", "attrs<23"];

fn venv(layout: &Layout) -> Venv {
    Venv::new(layout.emulators_dir().join("mimic-venv"))
}

/// What the `twistd` script does.
const TWISTD: &str =
    "import sys; from twisted.scripts.twistd import run; sys.argv[0] = 'twistd'; sys.exit(run())";

/// Installs mimic into its own virtual environment unless it is there.
pub fn install(layout: &Layout) -> Result<()> {
    let venv = venv(layout);
    if venv.runs("import mimic, attr, sys; sys.exit(attr.__version__ >= '23')") {
        return Ok(());
    }
    let log = layout.emulators_dir().join("mimic-install.log");
    eprintln!("xtask: installing mimic into {}", venv.dir().display());
    venv.create(&log)?;
    venv.pip_install(REQUIREMENTS, &log)
}

/// `twistd -n mimic --realtime` on 127.0.0.1 at the main port (without `--realtime`
/// its clock stands still and servers never finish building). twistd is started
/// through the environment's Python, which keeps working if the folder moves.
pub fn command(layout: &Layout, ports: Ports) -> Result<Command> {
    let mut cmd = venv(layout).python();
    cmd.args(["-c", TWISTD])
        .args(["-n", "--pidfile=", "mimic", "--realtime", "-l"])
        .arg(format!("tcp:{}:interface=127.0.0.1", ports.main))
        .current_dir(layout.emulators_dir());
    Ok(cmd)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twistd_runs_through_the_environments_python_on_loopback() {
        let layout = Layout::new("/repo".into());
        let cmd = command(&layout, Ports::one(5124)).unwrap();
        assert_eq!(cmd.get_program(), venv(&layout).bin("python"));
        let args: Vec<_> = cmd
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert_eq!(args[..2], ["-c", TWISTD]);
        assert_eq!(
            args[2..],
            [
                "-n",
                "--pidfile=",
                "mimic",
                "--realtime",
                "-l",
                "tcp:5124:interface=127.0.0.1"
            ]
        );
    }
}
