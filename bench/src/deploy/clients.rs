//! The two clients `deploy` times, the server they deploy through, and what each prints.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::super::sandbox::Sandbox;
use crate::{Error, Result};

/// The OpenSSH server the `sshd` service started.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    /// `127.0.0.1:PORT`.
    pub address: String,
    /// The user to log in as.
    pub user: String,
    /// The client key it authorizes.
    pub key: PathBuf,
}

impl Server {
    /// The server the service's variables describe.
    pub fn from_env(vars: &[(String, String)]) -> Result<Self> {
        let var = |name: &str| {
            vars.iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
                .ok_or_else(|| Error::msg(format!("the sshd service did not export {name}")))
        };
        Ok(Server {
            address: var("LIBCLOUD_TEST_SSHD_ENDPOINT")?,
            user: var("LIBCLOUD_TEST_SSHD_USER")?,
            key: PathBuf::from(var("LIBCLOUD_TEST_SSHD_CLIENT_KEY")?),
        })
    }

    /// The port.
    pub fn port(&self) -> &str {
        self.address
            .rsplit_once(':')
            .map(|(_, p)| p)
            .unwrap_or("22")
    }
}

/// Points the `local` provider at the sandbox's state folder, with nodes that run at once.
pub fn local_env(cmd: &mut Command, sandbox: &Sandbox) {
    cmd.env("LIBCLOUD_LOCAL_STATE_DIR", sandbox.file("state"))
        .env("LIBCLOUD_LOCAL_BOOT_DELAY_MS", "0");
}

/// A client of the benchmark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Client {
    /// `libcloud nodes deploy ID… --parallel N` (release build) on `local` nodes.
    Ours {
        /// The `libcloud` binary.
        bin: PathBuf,
        /// The nodes.
        ids: Vec<String>,
    },
    /// `bench/python/deploy_nodes.py` on Apache Libcloud.
    Libcloud {
        /// The virtual environment's Python.
        python: PathBuf,
        /// The driver script.
        script: PathBuf,
    },
}

impl Client {
    /// The program to start.
    pub fn program(&self) -> &Path {
        match self {
            Client::Ours { bin, .. } => bin,
            Client::Libcloud { python, .. } => python,
        }
    }

    /// Its arguments: upload `payload` to `REMOTE/NODE/payload` on each of `nodes` nodes
    /// and run a script printing its digest.
    pub fn args(
        &self,
        server: &Server,
        payload: &Path,
        remote: &Path,
        nodes: u32,
        known_hosts: &Path,
    ) -> Vec<String> {
        match self {
            Client::Ours { ids, .. } => {
                let mut args: Vec<String> = ["--output", "json", "nodes", "deploy"]
                    .map(String::from)
                    .to_vec();
                args.extend(ids.iter().cloned());
                args.extend([
                    "--parallel".into(),
                    nodes.to_string(),
                    "--user".into(),
                    server.user.clone(),
                    "--identity".into(),
                    server.key.display().to_string(),
                    "--address".into(),
                    server.address.clone(),
                    "--known-hosts".into(),
                    known_hosts.display().to_string(),
                    "--accept-new-host-key".into(),
                    "--upload".into(),
                    format!(
                        "{}:{}/{{node}}/payload",
                        payload.display(),
                        remote.display()
                    ),
                    "--run".into(),
                    format!(
                        "sha256sum {}/\"$LIBCLOUD_NODE_ID\"/payload | cut -d' ' -f1",
                        remote.display()
                    ),
                ]);
                args
            }
            Client::Libcloud { script, .. } => vec![
                script.display().to_string(),
                "--port".into(),
                server.port().to_string(),
                "--user".into(),
                server.user.clone(),
                "--key".into(),
                server.key.display().to_string(),
                "--nodes".into(),
                nodes.to_string(),
                "--payload".into(),
                payload.display().to_string(),
                "--remote".into(),
                remote.display().to_string(),
            ],
        }
    }

    /// The digest each node's script printed, by node, from the client's output.
    pub fn reported_digests(&self, printed: &str) -> Result<BTreeMap<String, String>> {
        match self {
            Client::Ours { .. } => {
                let reports: serde_json::Value = serde_json::from_str(printed)
                    .map_err(|e| Error::msg(format!("libcloud printed no JSON: {e}")))?;
                let reports = reports
                    .as_array()
                    .ok_or_else(|| Error::msg("libcloud printed no report array"))?;
                Ok(reports
                    .iter()
                    .filter_map(|r| {
                        let node = r["node"].as_str()?;
                        let out = r["steps"][1]["stdout"].as_str()?;
                        Some((node.to_string(), out.trim().to_string()))
                    })
                    .collect())
            }
            Client::Libcloud { .. } => Ok(printed
                .lines()
                .filter_map(|l| l.split_once(' '))
                .map(|(n, d)| (n.to_string(), d.trim().to_string()))
                .collect()),
        }
    }

    /// A label for progress lines.
    pub fn label(&self) -> &'static str {
        match self {
            Client::Ours { .. } => "libcloud-rs",
            Client::Libcloud { .. } => "Apache Libcloud",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server() -> Server {
        Server {
            address: "127.0.0.1:2222".into(),
            user: "root".into(),
            key: "/k/id".into(),
        }
    }

    #[test]
    fn ours_deploys_every_node_at_once_with_per_node_paths() {
        let c = Client::Ours {
            bin: "/w/libcloud".into(),
            ids: vec!["n-1".into(), "n-2".into()],
        };
        let args = c
            .args(
                &server(),
                Path::new("/s/p.bin"),
                Path::new("/tmp/r"),
                2,
                Path::new("/s/kh"),
            )
            .join(" ");
        assert!(
            args.starts_with("--output json nodes deploy n-1 n-2 --parallel 2"),
            "{args}"
        );
        assert!(
            args.contains("--upload /s/p.bin:/tmp/r/{node}/payload"),
            "{args}"
        );
        let printed = r#"[{"node":"n-1","steps":[{},{"stdout":"abc\n"}]}]"#;
        assert_eq!(c.reported_digests(printed).unwrap()["n-1"], "abc");
    }

    #[test]
    fn the_script_gets_the_port_and_key() {
        let c = Client::Libcloud {
            python: "/venv/python".into(),
            script: "/w/deploy_nodes.py".into(),
        };
        let args = c.args(
            &server(),
            Path::new("/s/p"),
            Path::new("/tmp/r"),
            20,
            Path::new("/kh"),
        );
        assert!(args.windows(2).any(|w| w == ["--port", "2222"]));
        assert!(args.windows(2).any(|w| w == ["--nodes", "20"]));
        assert_eq!(
            c.reported_digests("node-00 abc\nnode-01 def\n")
                .unwrap()
                .len(),
            2
        );
        let vars = vec![
            (
                "LIBCLOUD_TEST_SSHD_ENDPOINT".to_string(),
                "127.0.0.1:9".to_string(),
            ),
            ("LIBCLOUD_TEST_SSHD_USER".to_string(), "root".to_string()),
            (
                "LIBCLOUD_TEST_SSHD_CLIENT_KEY".to_string(),
                "/k".to_string(),
            ),
        ];
        assert_eq!(Server::from_env(&vars).unwrap().port(), "9");
        assert!(Server::from_env(&vars[..1]).is_err());
    }
}
