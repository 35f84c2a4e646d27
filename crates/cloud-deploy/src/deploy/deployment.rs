//! A deployment: steps run in order over one connection, stopping at the first failure.

use std::path::PathBuf;

use cloud_core::{Error, Result};
use serde::{Deserialize, Serialize};

use super::result::StepResult;
use super::run_step::{run_step, step_error};
use super::step::Step;
use crate::ssh::{SshClient, SshSession, SshTarget};

/// What `{node}` in an upload's paths stands for: the node's id (see
/// [`Deployment::for_node`]).
pub const NODE_PLACEHOLDER: &str = "{node}";

/// The variable every script and command of a node deployment gets: the node's id.
pub const NODE_ID_ENV: &str = "LIBCLOUD_NODE_ID";

/// Steps to run in order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deployment {
    /// The steps.
    pub steps: Vec<Step>,
}

/// What a deployment did: a report per step run, and the error that stopped it.
#[derive(Debug)]
pub struct DeploymentOutcome {
    /// Where it ran.
    pub target: SshTarget,
    /// A report per step that ran, in order; the failed one last.
    pub steps: Vec<StepResult>,
    /// Why it stopped early: the connection failed (host key, authentication,
    /// timeout), or a step failed (code `StepFailed`, naming the step). `None` when
    /// every step succeeded.
    pub error: Option<Error>,
}

impl DeploymentOutcome {
    /// Whether every step ran and succeeded.
    pub fn success(&self) -> bool {
        self.error.is_none()
    }

    /// The step reports, or the error that stopped the deployment.
    pub fn into_result(self) -> Result<Vec<StepResult>> {
        match self.error {
            Some(err) => Err(err),
            None => Ok(self.steps),
        }
    }
}

impl Deployment {
    /// A deployment of `steps`.
    pub fn new(steps: Vec<Step>) -> Self {
        Deployment { steps }
    }

    /// The deployment as it runs on node `node_id`: `{node}` in an upload's local and
    /// remote paths becomes the node's id (per-node files, or per-node places on a shared
    /// host), and every script and command gets [`NODE_ID_ENV`] set to it.
    pub fn for_node(&self, node_id: &str) -> Deployment {
        let steps = self
            .steps
            .iter()
            .cloned()
            .map(|step| match step {
                Step::Upload {
                    local,
                    remote,
                    mode,
                } => Step::Upload {
                    local: PathBuf::from(
                        local.to_string_lossy().replace(NODE_PLACEHOLDER, node_id),
                    ),
                    remote: remote.replace(NODE_PLACEHOLDER, node_id),
                    mode,
                },
                other => other.with_env(NODE_ID_ENV, node_id),
            })
            .collect();
        Deployment { steps }
    }

    /// Connects to `target` with `client` and runs the steps.
    pub async fn run(&self, client: &SshClient, target: &SshTarget) -> DeploymentOutcome {
        let session = match client.connect(target).await {
            Ok(session) => session,
            Err(err) => {
                return DeploymentOutcome {
                    target: target.clone(),
                    steps: Vec::new(),
                    error: Some(err),
                };
            }
        };
        let outcome = self.run_on(&session, client).await;
        if let Err(err) = session.close().await {
            tracing::debug!(error = %err, "closing the SSH connection failed");
        }
        outcome
    }

    /// Runs the steps on an open `session`, each within `client`'s step timeout,
    /// stopping at the first that fails.
    pub async fn run_on(&self, session: &SshSession, client: &SshClient) -> DeploymentOutcome {
        let timeout = client.options().step_timeout;
        let mut steps = Vec::with_capacity(self.steps.len());
        let mut error = None;
        for step in &self.steps {
            let (result, kind) = run_step(session, step, timeout).await;
            let failed = !result.success;
            if failed {
                error = Some(step_error(&result, kind));
            }
            steps.push(result);
            if failed {
                break;
            }
        }
        DeploymentOutcome {
            target: session.target().clone(),
            steps,
            error,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_node_deployment_names_its_node() {
        let deployment = Deployment::new(vec![
            Step::upload("conf/{node}.conf", "/srv/{node}/app.conf"),
            Step::command("echo hi").with_env("A", "1"),
            Step::script_file("setup.sh"),
        ]);
        let for_node = deployment.for_node("n-7");
        match &for_node.steps[0] {
            Step::Upload { local, remote, .. } => {
                assert_eq!(local, &PathBuf::from("conf/n-7.conf"));
                assert_eq!(remote, "/srv/n-7/app.conf");
            }
            other => panic!("not an upload: {other:?}"),
        }
        for step in &for_node.steps[1..] {
            let (Step::Command { env, .. } | Step::Script { env, .. }) = step else {
                panic!("not a command or script: {step:?}");
            };
            assert_eq!(env.get(NODE_ID_ENV).map(String::as_str), Some("n-7"));
        }
        assert_eq!(
            deployment.steps[0],
            Step::upload("conf/{node}.conf", "/srv/{node}/app.conf")
        );
    }
}
