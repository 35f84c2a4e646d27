//! Python virtual environments for services that come from PyPI.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::process::run_logged;
use crate::Result;

/// A virtual environment folder.
#[derive(Debug, Clone)]
pub struct Venv {
    dir: PathBuf,
}

impl Venv {
    /// The environment at `dir` (which need not exist yet).
    pub fn new(dir: PathBuf) -> Self {
        Venv { dir }
    }

    /// Its folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A program installed in it.
    pub fn bin(&self, name: &str) -> PathBuf {
        if cfg!(windows) {
            self.dir.join("Scripts").join(format!("{name}.exe"))
        } else {
            self.dir.join("bin").join(name)
        }
    }

    /// Its Python, for `python -m module` or `python -c code`. Unlike the
    /// scripts in its `bin`, whose first line names the folder the environment
    /// was created in, this still runs after that folder has moved.
    pub fn python(&self) -> Command {
        Command::new(self.bin("python"))
    }

    /// Whether its Python exists and runs `code` successfully.
    pub fn runs(&self, code: &str) -> bool {
        let python = self.bin("python");
        python.is_file()
            && Command::new(python)
                .args(["-c", code])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
    }

    /// Creates it with `python3 -m venv` unless its Python is already there.
    pub fn create(&self, log: &Path) -> Result<()> {
        if self.bin("python").is_file() {
            return Ok(());
        }
        let mut cmd = Command::new("python3");
        cmd.args(["-m", "venv"]).arg(&self.dir);
        run_logged(
            cmd,
            log,
            "python3 -m venv (on Debian, install python3-venv)",
        )
    }

    /// Installs packages with the environment's pip.
    pub fn pip_install(&self, specs: &[&str], log: &Path) -> Result<()> {
        let mut cmd = self.python();
        cmd.args([
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--quiet",
        ])
        .args(specs);
        run_logged(cmd, log, &format!("pip install {}", specs.join(" ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_environment_runs_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let venv = Venv::new(dir.path().join("absent"));
        assert!(!venv.runs("pass"));
        assert!(venv.bin("pip").starts_with(dir.path().join("absent")));
    }

    #[cfg(unix)]
    #[test]
    fn runs_uses_the_environment_python() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let venv = Venv::new(dir.path().to_path_buf());
        std::fs::create_dir_all(dir.path().join("bin")).unwrap();
        let python = venv.bin("python");
        std::fs::write(&python, "#!/bin/sh\n[ \"$2\" = ok ]\n").unwrap();
        std::fs::set_permissions(&python, std::fs::Permissions::from_mode(0o755)).unwrap();
        assert!(venv.runs("ok"));
        assert!(!venv.runs("not ok"));
        let log = dir.path().join("create.log");
        venv.create(&log).unwrap();
        assert!(
            !log.exists(),
            "an existing environment is not created again"
        );
    }
}
