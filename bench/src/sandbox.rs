//! A throwaway folder under `target/bench/` for one benchmark run, and the clean
//! environment every client runs in: `HOME` and the XDG folders inside it, dummy AWS
//! keys, `PATH`, and nothing else from the caller's environment, so no profile, proxy,
//! endpoint or credential of the person running the benchmark can change (or redirect)
//! what is measured. The folder is deleted when the sandbox is dropped.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use tempfile::TempDir;
use xtask::test_cmd::LOOPBACK_ONLY_ENV;

use super::measure::{Launch, report_in};
use crate::{Error, Result};

/// The access key id given to clients that the server does not check.
pub const DUMMY_ACCESS_KEY: &str = "AKIDBENCHMARK0000000";
/// Its secret key.
pub const DUMMY_SECRET_KEY: &str = "bench-secret-key-not-a-real-one";

/// A benchmark's scratch folder.
#[derive(Debug)]
pub struct Sandbox {
    dir: TempDir,
}

impl Sandbox {
    /// Creates `target/bench/NAME-XXXX/` with `home/` and the XDG folders in it.
    pub fn create(root: &Path, name: &str) -> Result<Self> {
        let parent = root.join("target").join("bench");
        std::fs::create_dir_all(&parent)
            .map_err(|e| Error::msg(format!("cannot create {}: {e}", parent.display())))?;
        let dir = tempfile::Builder::new()
            .prefix(&format!("{name}-"))
            .tempdir_in(&parent)
            .map_err(|e| {
                Error::msg(format!(
                    "cannot create a folder in {}: {e}",
                    parent.display()
                ))
            })?;
        let sandbox = Sandbox { dir };
        for sub in ["home", "home/.config", "home/.cache", "home/.local/share"] {
            let path = sandbox.path().join(sub);
            std::fs::create_dir_all(&path)
                .map_err(|e| Error::msg(format!("cannot create {}: {e}", path.display())))?;
        }
        Ok(sandbox)
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// A path inside the folder.
    pub fn file(&self, name: &str) -> PathBuf {
        self.path().join(name)
    }

    /// The environment clients run with (see the module docs), with `access_key` and
    /// `secret_key` as the AWS credentials.
    pub fn env(&self, access_key: &str, secret_key: &str) -> Vec<(String, OsString)> {
        let home = self.path().join("home");
        let path =
            std::env::var_os("PATH").unwrap_or_else(|| "/usr/local/bin:/usr/bin:/bin".into());
        vec![
            ("PATH".into(), path),
            ("HOME".into(), home.clone().into()),
            ("XDG_CONFIG_HOME".into(), home.join(".config").into()),
            ("XDG_CACHE_HOME".into(), home.join(".cache").into()),
            ("XDG_DATA_HOME".into(), home.join(".local/share").into()),
            ("TMPDIR".into(), self.path().into()),
            ("LANG".into(), "C.UTF-8".into()),
            ("AWS_ACCESS_KEY_ID".into(), access_key.into()),
            ("AWS_SECRET_ACCESS_KEY".into(), secret_key.into()),
            (LOOPBACK_ONLY_ENV.into(), "1".into()),
        ]
    }

    /// Sets `cmd` up to run in the clean environment, from the sandbox folder, with no
    /// standard input and its standard error in `stderr_log`.
    pub fn prepare(&self, cmd: &mut Command, keys: (&str, &str), stderr_log: &Path) -> Result<()> {
        let log = std::fs::File::create(stderr_log)
            .map_err(|e| Error::msg(format!("cannot create {}: {e}", stderr_log.display())))?;
        cmd.env_clear()
            .envs(self.env(keys.0, keys.1))
            .current_dir(self.path())
            .stdin(Stdio::null())
            .stderr(log);
        Ok(())
    }

    /// `program`, prepared as by [`Sandbox::prepare`], to be run and measured.
    pub fn launch(
        &self,
        program: impl AsRef<std::ffi::OsStr>,
        keys: (&str, &str),
        stderr_log: &Path,
    ) -> Result<Launch> {
        let mut launch = Launch::new(program, report_in(self.path()));
        self.prepare(launch.cmd(), keys, stderr_log)?;
        Ok(launch)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_live_under_target_bench_and_go_away() {
        let root = tempfile::tempdir().unwrap();
        let path;
        {
            let sb = Sandbox::create(root.path(), "ec2-list").unwrap();
            path = sb.path().to_path_buf();
            assert!(path.starts_with(root.path().join("target/bench")));
            assert!(
                path.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("ec2-list-")
            );
            assert!(sb.file("home/.config").is_dir());
            assert_eq!(sb.file("out.json"), path.join("out.json"));
        }
        assert!(!path.exists());
    }

    #[test]
    fn environment_is_only_ours() {
        let root = tempfile::tempdir().unwrap();
        let sb = Sandbox::create(root.path(), "t").unwrap();
        let env = sb.env("AK", "SK");
        let get = |k: &str| env.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        assert_eq!(get("HOME"), Some(sb.file("home").into()));
        assert_eq!(get("AWS_ACCESS_KEY_ID"), Some("AK".into()));
        assert_eq!(get("AWS_SECRET_ACCESS_KEY"), Some("SK".into()));
        assert_eq!(get(LOOPBACK_ONLY_ENV), Some("1".into()));
        assert!(get("AWS_PROFILE").is_none() && get("HTTP_PROXY").is_none());
    }

    #[cfg(unix)]
    #[test]
    fn commands_see_the_clean_environment() {
        let root = tempfile::tempdir().unwrap();
        let sb = Sandbox::create(root.path(), "t").unwrap();
        let log = sb.file("env.err");
        let mut cmd = Command::new("sh");
        sb.prepare(&mut cmd, ("AK", "SK"), &log).unwrap();
        let out = cmd
            .args(["-c", "echo $HOME:$AWS_ACCESS_KEY_ID:${CARGO:-none}"])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert_eq!(
            text.trim(),
            format!("{}:AK:none", sb.file("home").display())
        );
    }
}
