//! `libcloud nodes …`.

use std::path::Path;
use std::time::Duration;

use libcloud::{
    Compute, CreateNode, Error, ErrorKind, Node, NodeAuth, NodeState, Result, Secret, WaitOptions,
    wait_for_node_state,
};

use super::{Ctx, deploy};
use crate::cli::{CreateNodeArgs, NodesCmd, OutputFormat};
use crate::progress;

/// How long `nodes create --wait` waits.
const CREATE_WAIT: Duration = Duration::from_secs(600);

/// Runs a `nodes` subcommand.
pub async fn run(ctx: &mut Ctx, cmd: NodesCmd) -> Result<()> {
    let shared = ctx.compute().await?;
    let compute = shared.as_ref();
    match cmd {
        // JSON is written by the driver, which may write it without making the nodes.
        NodesCmd::List => match ctx.printer.format() {
            OutputFormat::Json => ctx.printer.list_of_json(compute.list_nodes_json()).await,
            OutputFormat::Table => ctx.printer.list(compute.list_nodes()).await,
        },
        NodesCmd::Get { id } => {
            let node = compute.get_node(&id).await?;
            ctx.printer.item(&node)
        }
        NodesCmd::Create(mut args) => {
            let wait = args.wait;
            let deploy_script = args.deploy_script.take();
            let flags = args.deploy.clone();
            let deploys = deploy::has_steps(&flags, deploy_script.as_deref());
            if deploys {
                // Checked before the node is made, so bad flags create nothing.
                deploy::check(ctx, &flags, deploy_script.as_deref())?;
            }
            let request = create_request(ctx, *args)?;
            let mut node = compute.create_node(&request).await?;
            if deploys {
                let script = deploy_script.as_deref();
                return deploy::deploy(ctx, shared.clone(), &node.id, &flags, script, true).await;
            }
            if wait {
                node = wait_running(compute, &node.id, CREATE_WAIT).await?;
            }
            ctx.printer.item(&node)
        }
        NodesCmd::Deploy {
            ids,
            parallel,
            deploy,
        } => match ids.as_slice() {
            [id] => deploy::deploy(ctx, shared.clone(), id, &deploy, None, false).await,
            _ => deploy::deploy_many(ctx, shared.clone(), &ids, &deploy, parallel).await,
        },
        NodesCmd::Reboot { id } => {
            compute.reboot_node(&id).await?;
            ctx.printer.done("reboot_node", &id)
        }
        NodesCmd::Start { id } => {
            compute.start_node(&id).await?;
            ctx.printer.done("start_node", &id)
        }
        NodesCmd::Stop { id } => {
            compute.stop_node(&id).await?;
            ctx.printer.done("stop_node", &id)
        }
        NodesCmd::Destroy { id } => {
            compute.destroy_node(&id).await?;
            ctx.printer.done("destroy_node", &id)
        }
        NodesCmd::Wait { id, timeout } => {
            let node = wait_running(compute, &id, Duration::from_secs(timeout)).await?;
            ctx.printer.item(&node)
        }
    }
}

/// Builds the create request, reading the files and variables the flags name.
fn create_request(ctx: &Ctx, args: CreateNodeArgs) -> Result<CreateNode> {
    let mut request = CreateNode::new(args.name, args.size, args.image);
    request.location = args.location;
    request.tags = args.tags.into_iter().collect();
    request.options = args
        .options
        .into_iter()
        .map(|(k, v)| (k, option_value(v)))
        .collect();
    if let Some(path) = &args.ssh_key {
        let public_key = read_text(path, "SSH public key")?.trim().to_string();
        request.auth = Some(NodeAuth::SshKey { public_key });
    }
    if let Some(var) = &args.password_env {
        let password = ctx
            .env()
            .var(var)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Configuration,
                    format!("environment variable {var} (named by --password-env) is not set"),
                )
            })?;
        request.auth = Some(NodeAuth::Password {
            password: Secret::new(password),
        });
    }
    if let Some(path) = &args.user_data {
        request.user_data = Some(read_text(path, "user data")?);
    }
    Ok(request)
}

fn read_text(path: &Path, what: &str) -> Result<String> {
    std::fs::read_to_string(path)
        .map_err(|e| Error::io(format!("cannot read {what} file {}", path.display()), e))
}

/// Waits for `id` to run, showing its state on a spinner.
async fn wait_running(compute: &dyn Compute, id: &str, timeout: Duration) -> Result<Node> {
    let options = WaitOptions {
        poll_interval: Duration::from_secs(1),
        timeout,
        ..WaitOptions::default()
    };
    let spinner = progress::spinner(&format!("waiting for {id}"));
    let result = wait_for_node_state(
        compute,
        id,
        |n| n.state == NodeState::Running,
        &options,
        |n| spinner.set_message(format!("waiting for {id}: {}", n.state)),
    )
    .await;
    spinner.finish_and_clear();
    result
}

/// An `--opt` value: JSON when it parses (numbers, booleans, arrays, objects, quoted
/// strings), else the text itself.
pub(crate) fn option_value(text: String) -> serde_json::Value {
    serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text))
}

#[cfg(test)]
mod tests {
    use super::option_value;
    use serde_json::json;

    #[test]
    fn option_values_are_json_when_they_parse() {
        assert_eq!(option_value("true".into()), json!(true));
        assert_eq!(option_value("42".into()), json!(42));
        assert_eq!(option_value(r#"["web","db"]"#.into()), json!(["web", "db"]));
        assert_eq!(option_value("subnet-1".into()), json!("subnet-1"));
        assert_eq!(option_value(r#""007""#.into()), json!("007"));
    }
}
