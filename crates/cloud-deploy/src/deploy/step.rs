//! The steps of a deployment, as plain data.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use russh::keys::PublicKey;
use russh::keys::ssh_key::HashAlg;
use serde::{Deserialize, Serialize};

use crate::quote::shell_quote;

/// Where a script comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScriptSource {
    /// A local file.
    File(PathBuf),
    /// Text given inline, with a name for labels and the remote file.
    Text {
        /// The script's name (`setup.sh`).
        name: String,
        /// Its content.
        text: String,
    },
}

/// One thing a deployment does on the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Step {
    /// Appends a public key (one OpenSSH line) to an authorized_keys file, unless it is
    /// there already: the file made mode 0600, its folder 0700 when created.
    InstallAuthorizedKey {
        /// The public key line (`ssh-ed25519 AAAA… comment`).
        public_key: String,
        /// The file; `~/.ssh/authorized_keys` when `None`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        path: Option<String>,
    },
    /// Copies a local file over SFTP, creating missing remote folders.
    Upload {
        /// The local file.
        local: PathBuf,
        /// The remote path.
        remote: String,
        /// The remote file's mode; the local file's when `None`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        mode: Option<u32>,
    },
    /// Uploads a script to a temporary path, runs it with arguments and environment,
    /// and removes it.
    Script {
        /// The script.
        source: ScriptSource,
        /// Its arguments.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        args: Vec<String>,
        /// Variables exported for it.
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        env: BTreeMap<String, String>,
    },
    /// Runs a command through the remote user's shell.
    Command {
        /// The command line.
        cmd: String,
        /// Variables exported for it.
        #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
        env: BTreeMap<String, String>,
    },
}

impl Step {
    /// An upload of `local` to `remote`, keeping the local mode.
    pub fn upload(local: impl Into<PathBuf>, remote: impl Into<String>) -> Step {
        Step::Upload {
            local: local.into(),
            remote: remote.into(),
            mode: None,
        }
    }

    /// The local script file `path`, without arguments or environment.
    pub fn script_file(path: impl Into<PathBuf>) -> Step {
        Step::Script {
            source: ScriptSource::File(path.into()),
            args: Vec::new(),
            env: BTreeMap::new(),
        }
    }

    /// The command `cmd`, without environment.
    pub fn command(cmd: impl Into<String>) -> Step {
        Step::Command {
            cmd: cmd.into(),
            env: BTreeMap::new(),
        }
    }

    /// `key` installed into `~/.ssh/authorized_keys`.
    pub fn authorized_key(key: impl Into<String>) -> Step {
        Step::InstallAuthorizedKey {
            public_key: key.into(),
            path: None,
        }
    }

    /// Adds `name=value` to the environment of a script or command (other steps have
    /// none, and are returned unchanged).
    pub fn with_env(mut self, name: impl Into<String>, value: impl Into<String>) -> Step {
        if let Step::Script { env, .. } | Step::Command { env, .. } = &mut self {
            env.insert(name.into(), value.into());
        }
        self
    }

    /// What the step is, for reports: `install key ssh-ed25519 SHA256:…`,
    /// `upload a.txt -> /tmp/a.txt`, `script setup.sh`, `run 'echo hi'`.
    pub fn label(&self) -> String {
        match self {
            Step::InstallAuthorizedKey { public_key, .. } => {
                match PublicKey::from_openssh(public_key.trim()) {
                    Ok(key) => format!(
                        "install key {} {}",
                        key.algorithm().as_str(),
                        key.fingerprint(HashAlg::Sha256)
                    ),
                    Err(_) => "install key (not a public key)".to_string(),
                }
            }
            Step::Upload { local, remote, .. } => {
                format!("upload {} -> {remote}", local.display())
            }
            Step::Script { source, .. } => format!("script {}", script_name(source)),
            Step::Command { cmd, .. } => format!("run {}", shell_quote(cmd)),
        }
    }
}

/// The script's file name (or given name).
pub(super) fn script_name(source: &ScriptSource) -> String {
    match source {
        ScriptSource::File(path) => Path::new(path)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string()),
        ScriptSource::Text { name, .. } => name.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_say_what_each_step_is() {
        assert_eq!(
            Step::upload("a.txt", "/tmp/a.txt").label(),
            "upload a.txt -> /tmp/a.txt"
        );
        assert_eq!(
            Step::script_file("deploy/setup.sh").label(),
            "script setup.sh"
        );
        assert_eq!(Step::command("echo hi").label(), "run 'echo hi'");
        let key =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAID74ZjNi/Li4bi6uEAesMUQkgvbcCgbkM6QhtqDXXD2Y me";
        let label = Step::authorized_key(key).label();
        assert!(
            label.starts_with("install key ssh-ed25519 SHA256:"),
            "{label}"
        );
        assert!(!label.contains("AAAA"), "{label}");
    }

    #[test]
    fn steps_round_trip_through_json() {
        let steps = vec![
            Step::upload("a", "/b"),
            Step::Upload {
                local: "x".into(),
                remote: "/y".into(),
                mode: Some(0o600),
            },
            Step::script_file("s.sh").with_env("A", "1"),
            Step::Script {
                source: ScriptSource::Text {
                    name: "inline.sh".into(),
                    text: "echo hi\n".into(),
                },
                args: vec!["--x".into()],
                env: BTreeMap::new(),
            },
            Step::command("true").with_env("B", "2"),
        ];
        let json = serde_json::to_string(&steps).unwrap();
        let back: Vec<Step> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, steps);
        let one: Step = serde_json::from_str(r#"{"type":"command","cmd":"uptime"}"#).unwrap();
        assert_eq!(one, Step::command("uptime"));
    }

    #[test]
    fn env_is_ignored_by_steps_without_one() {
        let step = Step::upload("a", "/b").with_env("A", "1");
        assert_eq!(step, Step::upload("a", "/b"));
    }
}
