//! Apache Libcloud (Python), the reference client: a virtual environment under
//! `target/emulators/bench-venv` with the `apache-libcloud` package, and the driver
//! scripts in `bench/python/`. The same environment gets the AWS CLI (PyPI `awscli`)
//! for `sync`.

use std::path::{Path, PathBuf};

use xtask::services::Layout;
use xtask::services::venv::Venv;

use crate::Result;

/// The PyPI package installed into the environment.
pub const PACKAGE: &str = "apache-libcloud";

/// The benchmark's Python environment.
pub fn venv(layout: &Layout) -> Venv {
    Venv::new(layout.emulators_dir().join("bench-venv"))
}

/// Creates the environment and installs Apache Libcloud into it, unless it is there.
pub fn ensure(layout: &Layout) -> Result<Venv> {
    let venv = venv(layout);
    if !venv.runs("import libcloud") {
        let log = layout.emulators_dir().join("bench-venv-install.log");
        eprintln!("bench: installing {PACKAGE} into {}", venv.dir().display());
        venv.create(&log)?;
        venv.pip_install(&[PACKAGE], &log)?;
    }
    Ok(venv)
}

/// Installs `package` into the environment unless `module` imports (e.g. `paramiko`,
/// which Apache Libcloud's `deploy_node` needs and does not install itself).
pub fn ensure_extra(layout: &Layout, venv: &Venv, module: &str, package: &str) -> Result<()> {
    if !venv.runs(&format!("import {module}")) {
        let log = layout.emulators_dir().join("bench-venv-install.log");
        eprintln!("bench: installing {package} into {}", venv.dir().display());
        venv.pip_install(&[package], &log)?;
    }
    Ok(())
}

/// The PyPI package of the AWS CLI.
pub const AWS_CLI: &str = "awscli";

/// Installs the AWS CLI into the environment unless it imports; returns its `aws`.
pub fn ensure_aws_cli(layout: &Layout, venv: &Venv) -> Result<PathBuf> {
    ensure_extra(layout, venv, "awscli", AWS_CLI)?;
    Ok(venv.bin("aws"))
}

/// The installed Apache Libcloud version, for the table headings.
pub fn libcloud_version(venv: &Venv) -> String {
    std::process::Command::new(venv.bin("python"))
        .args(["-c", "import libcloud; print(libcloud.__version__)"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "?".into())
}

/// A driver script in `bench/python/`.
pub fn script(root: &Path, name: &str) -> PathBuf {
    root.join("bench").join("python").join(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lives_next_to_the_other_environments() {
        let layout = Layout::new("/repo".into());
        assert_eq!(
            venv(&layout).dir(),
            Path::new("/repo/target/emulators/bench-venv")
        );
        assert_eq!(
            script(Path::new("/repo"), "ec2_list.py"),
            Path::new("/repo/bench/python/ec2_list.py")
        );
    }

    #[test]
    fn the_driver_scripts_exist() {
        let root = crate::workspace_root();
        for name in [
            "ec2_list.py",
            "s3_transfer.py",
            "azure_transfer.py",
            "gcs_transfer.py",
        ] {
            assert!(script(&root, name).is_file(), "{name}");
        }
    }
}
