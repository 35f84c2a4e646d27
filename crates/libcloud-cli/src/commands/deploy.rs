//! `libcloud nodes deploy` and the deployment of `nodes create --deploy-script`: the
//! steps the flags give, run over SSH in their command-line order, a report line per
//! step, and one error line naming the step that failed.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use cloud_deploy::{
    AddressChoice, Deployment, Identity, NodeDeployOptions, NodeSpec, SshClient, SshOptions,
    SshTarget, Step, StepResult, deploy_node, deploy_nodes,
};
use libcloud::core::compute::{Compute, Node};
use libcloud::{Error, ErrorKind, Result};
use serde::Serialize;

use super::Ctx;
use crate::cli::{DeployArgs, OutputFormat, StepFlag};
use crate::output::Tabular;

/// How long a new node may take to run and have an address.
const NODE_WAIT: Duration = Duration::from_secs(600);

/// Whether the flags ask for any step.
pub fn has_steps(args: &DeployArgs, deploy_script: Option<&Path>) -> bool {
    deploy_script.is_some()
        || !args.uploads.is_empty()
        || !args.scripts.is_empty()
        || !args.commands.is_empty()
}

/// The steps the flags give, in their command-line order, with `--env` on every script
/// and command. `--upload` takes `LOCAL:REMOTE`.
pub fn steps(args: &DeployArgs, deploy_script: Option<&Path>) -> Result<Vec<Step>> {
    let mut uploads = args.uploads.iter();
    let mut scripts = args.scripts.iter();
    let mut commands = args.commands.iter();
    let mut out = Vec::new();
    for flag in &args.order {
        let step = match flag {
            StepFlag::DeployScript => deploy_script.map(Step::script_file),
            StepFlag::Upload => uploads.next().map(|u| upload(u)).transpose()?,
            StepFlag::Script => scripts.next().map(Step::script_file),
            StepFlag::Run => commands.next().map(Step::command),
        };
        out.extend(step);
    }
    Ok(out
        .into_iter()
        .map(|step| {
            args.env
                .iter()
                .fold(step, |step, (k, v)| step.with_env(k.clone(), v.clone()))
        })
        .collect())
}

/// A `--upload LOCAL:REMOTE` step.
fn upload(text: &str) -> Result<Step> {
    match text.split_once(':') {
        Some((local, remote)) if !local.is_empty() && !remote.is_empty() => {
            Ok(Step::upload(PathBuf::from(local), remote))
        }
        _ => Err(Error::invalid_input(format!(
            "--upload takes LOCAL:REMOTE (e.g. app.tar.gz:/srv/app.tar.gz), got {text:?}"
        ))),
    }
}

/// The SSH client the flags describe.
fn client(ctx: &Ctx, args: &DeployArgs) -> Result<SshClient> {
    let identity =
        Identity::key_file_or_agent(args.identity.clone(), ctx.env()).ok_or_else(|| {
            Error::new(
                ErrorKind::Configuration,
                "no key to log in with: pass --identity KEY, or run an SSH agent (SSH_AUTH_SOCK)",
            )
        })?;
    let mut options = SshOptions::new(args.user.clone(), identity);
    if let Some(path) = &args.known_hosts {
        options.known_hosts = path.clone();
    }
    options.accept_new_host_key = args.accept_new_host_key;
    options.connect_timeout = Duration::from_secs(args.connect_timeout.max(1));
    options.step_timeout = Duration::from_secs(args.timeout.max(1));
    SshClient::new(options)
}

/// Where to connect: `--address`, else the node's private address with
/// `--private-address`, else its public one.
fn address(args: &DeployArgs) -> Result<AddressChoice> {
    match &args.address {
        Some(text) => Ok(AddressChoice::Explicit(SshTarget::parse_with_port(
            text, 22,
        )?)),
        None if args.private_address => Ok(AddressChoice::Private),
        None => Ok(AddressChoice::Public),
    }
}

/// Checks what can be checked before a node is made: the steps, the key and the
/// address.
pub fn check(ctx: &Ctx, args: &DeployArgs, deploy_script: Option<&Path>) -> Result<()> {
    steps(args, deploy_script)?;
    client(ctx, args)?;
    address(args).map(|_| ())
}

/// Deploys to node `id` once it runs and answers SSH, and prints a line per step (after
/// the node as it runs, with `print_node`); a failed deployment is its error, after the
/// reports are printed.
pub async fn deploy(
    ctx: &mut Ctx,
    compute: Arc<dyn Compute>,
    id: &str,
    args: &DeployArgs,
    deploy_script: Option<&Path>,
    print_node: bool,
) -> Result<()> {
    let deployment = Deployment::new(steps(args, deploy_script)?);
    let client = client(ctx, args)?;
    let options = node_options(args)?;
    let done = deploy_node(
        compute,
        &NodeSpec::Existing(id.to_string()),
        &client,
        &deployment,
        &options,
    )
    .await?;
    let rows: Vec<StepRow> = done.outcome.steps.iter().cloned().map(StepRow).collect();
    // A deployment that stopped before its first step (a refused host key, a failed
    // login) prints no empty report: its error line says it all.
    if print_node || !rows.is_empty() || done.outcome.success() {
        print(ctx, print_node.then_some(&done.node), rows).await?;
    }
    done.outcome.into_result().map(|_| ())
}

/// How nodes are waited for and reached.
fn node_options(args: &DeployArgs) -> Result<NodeDeployOptions> {
    Ok(NodeDeployOptions {
        address: address(args)?,
        node_wait: libcloud::core::operation::WaitOptions {
            poll_interval: Duration::from_secs(1),
            timeout: NODE_WAIT,
            ..Default::default()
        },
        ..NodeDeployOptions::default()
    })
}

/// Deploys to several nodes, `parallel` at a time, and prints a line per step of each
/// (in JSON, `[{"node": ID, "steps": [...]}, ...]`). Every node is tried; the first
/// failure, in the order the ids were given, is the error, naming its node.
pub async fn deploy_many(
    ctx: &mut Ctx,
    compute: Arc<dyn Compute>,
    ids: &[String],
    args: &DeployArgs,
    parallel: usize,
) -> Result<()> {
    let deployment = Deployment::new(steps(args, None)?);
    let client = client(ctx, args)?;
    let options = node_options(args)?;
    let specs: Vec<NodeSpec> = ids.iter().cloned().map(NodeSpec::Existing).collect();
    let results = deploy_nodes(compute, &specs, &client, &deployment, &options, parallel).await;
    let mut reports = Vec::new();
    let mut first_error = None;
    for (id, result) in ids.iter().zip(results) {
        let (steps, error) = match result {
            Ok(done) => (done.outcome.steps, done.outcome.error),
            Err(e) => (Vec::new(), Some(e)),
        };
        if let (Some(e), None) = (&error, &first_error) {
            first_error = Some(Error::new(e.kind(), format!("node {id}: {e}")));
        }
        reports.push(NodeReport {
            node: id.clone(),
            steps: steps.into_iter().map(StepRow).collect(),
            error: error.map(|e| e.to_string()),
        });
    }
    match ctx.printer.format() {
        OutputFormat::Json => ctx
            .printer
            .json_value(&serde_json::to_value(&reports).map_err(|e| {
                Error::new(ErrorKind::Provider, format!("cannot write the report: {e}"))
            })?)?,
        _ => {
            let rows = reports.iter().flat_map(|r| {
                r.steps.iter().map(|s| {
                    Ok(NodeStepRow {
                        node: r.node.clone(),
                        step: s,
                    })
                })
            });
            ctx.printer.list(futures::stream::iter(rows)).await?;
        }
    }
    match first_error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// What a deployment did on one of several nodes.
#[derive(Debug, Serialize)]
struct NodeReport {
    node: String,
    steps: Vec<StepRow>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// One step of one of several nodes, as a table row.
#[derive(Debug, Serialize)]
struct NodeStepRow<'a> {
    node: String,
    #[serde(flatten)]
    step: &'a StepRow,
}

impl Tabular for NodeStepRow<'_> {
    const HEADERS: &'static [&'static str] =
        &["node", "step", "result", "exit_status", "duration_ms"];

    fn row(&self) -> Vec<String> {
        std::iter::once(self.node.clone())
            .chain(self.step.row())
            .collect()
    }
}

/// The node (when given) and the step rows: as `{"node": …, "steps": […]}` in JSON (or
/// the bare array without a node), as a node row and a step table otherwise.
async fn print(ctx: &mut Ctx, node: Option<&Node>, rows: Vec<StepRow>) -> Result<()> {
    match (node, ctx.printer.format()) {
        (Some(node), OutputFormat::Json) => {
            let value = serde_json::json!({ "node": node, "steps": rows });
            ctx.printer.json_value(&value)
        }
        (Some(node), _) => {
            ctx.printer.item(node)?;
            ctx.printer
                .list(futures::stream::iter(rows.into_iter().map(Ok)))
                .await
        }
        (None, _) => {
            ctx.printer
                .list(futures::stream::iter(rows.into_iter().map(Ok)))
                .await
        }
    }
}

/// One step's report as a row: `step`, `result`, `exit_status`, `duration_ms`; JSON has
/// every field, stdout and stderr included.
#[derive(Debug, Serialize)]
#[serde(transparent)]
pub struct StepRow(pub StepResult);

impl Tabular for StepRow {
    const HEADERS: &'static [&'static str] = &["step", "result", "exit_status", "duration_ms"];

    fn row(&self) -> Vec<String> {
        let s = &self.0;
        vec![
            s.step.clone(),
            if s.success {
                "ok".to_string()
            } else {
                format!("failed: {}", s.failure_reason())
            },
            s.exit_status.map(|c| c.to_string()).unwrap_or_default(),
            s.duration_ms.to_string(),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(order: Vec<StepFlag>) -> DeployArgs {
        DeployArgs {
            user: "root".into(),
            identity: None,
            address: None,
            private_address: false,
            uploads: vec!["a.txt:/tmp/a.txt".into()],
            scripts: vec!["setup.sh".into()],
            commands: vec!["echo one".into(), "echo two".into()],
            env: vec![("APP".into(), "x y".into())],
            known_hosts: None,
            accept_new_host_key: false,
            connect_timeout: 30,
            timeout: 600,
            order,
        }
    }

    #[test]
    fn steps_follow_the_flags_and_carry_the_environment() {
        let a = args(vec![
            StepFlag::Run,
            StepFlag::Upload,
            StepFlag::DeployScript,
            StepFlag::Script,
            StepFlag::Run,
        ]);
        let steps = steps(&a, Some(Path::new("first.sh"))).unwrap();
        let labels: Vec<String> = steps.iter().map(Step::label).collect();
        assert_eq!(
            labels,
            [
                "run 'echo one'",
                "upload a.txt -> /tmp/a.txt",
                "script first.sh",
                "script setup.sh",
                "run 'echo two'"
            ]
        );
        for step in &steps {
            if let Step::Command { env, .. } | Step::Script { env, .. } = step {
                assert_eq!(env.get("APP").map(String::as_str), Some("x y"));
            }
        }
        assert!(has_steps(&a, None));
        let mut none = args(Vec::new());
        none.uploads.clear();
        none.scripts.clear();
        none.commands.clear();
        assert!(!has_steps(&none, None));
    }

    #[test]
    fn bad_uploads_and_addresses_are_one_clear_error() {
        for bad in ["a.txt", ":/tmp/a", "a.txt:"] {
            let err = upload(bad).unwrap_err();
            assert_eq!(err.kind(), ErrorKind::InvalidInput, "{bad}");
            assert!(err.message().contains("LOCAL:REMOTE"), "{err}");
        }
        let mut a = args(Vec::new());
        a.address = Some("127.0.0.1:2222".into());
        assert_eq!(
            address(&a).unwrap(),
            AddressChoice::Explicit(SshTarget::new("127.0.0.1", 2222))
        );
        a.address = Some("127.0.0.1:notaport".into());
        assert!(address(&a).is_err());
    }
}
