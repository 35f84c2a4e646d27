//! `libcloud lb …`: balancers and their members.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use futures::{StreamExt, stream};
use libcloud::core::load_balancer::{
    Algorithm, CreateBalancer, LoadBalancer, MemberTarget, Protocol,
};
use libcloud::core::operation::{OperationRef, OperationStatus, WaitOptions, wait_for_operation};
use libcloud::{Error, Result};
use serde::Serialize;

use super::Ctx;
use crate::cli::{LbCmd, LbMembersCmd};
use crate::output::Tabular;
use crate::progress;
use crate::rows::BalancerRow;

/// Runs an `lb` subcommand.
pub async fn run(ctx: &mut Ctx, cmd: LbCmd) -> Result<()> {
    let lb = ctx.load_balancer().await?;
    match cmd {
        LbCmd::List => {
            let rows = lb.list_balancers().map(|b| b.map(BalancerRow::from));
            ctx.printer.list(rows).await
        }
        LbCmd::Get { id } => {
            let balancer = lb.get_balancer(&id).await?;
            ctx.printer.item(&BalancerRow::from(balancer))
        }
        LbCmd::Create {
            name,
            port,
            protocol,
            algorithm,
            target_port,
            members,
            options,
            wait,
        } => {
            let protocol: Protocol = protocol.parse()?;
            let mut request = CreateBalancer::new(name, port, protocol);
            if let Some(algorithm) = algorithm {
                request.algorithm = algorithm.parse::<Algorithm>()?;
            }
            request.target_port = target_port;
            let member_port = target_port.unwrap_or(port);
            request.members = members
                .iter()
                .map(|m| parse_target(m, member_port))
                .collect::<Result<_>>()?;
            request.extra = options
                .into_iter()
                .map(|(k, v)| (k, super::nodes::option_value(v)))
                .collect();
            let mut balancer = lb.create_balancer(&request).await?;
            if let (true, Some(operation)) = (wait, balancer.operation.clone()) {
                wait_created(lb.as_ref(), &operation).await?;
                balancer = lb.get_balancer(&balancer.id).await?;
            }
            ctx.printer.item(&BalancerRow::from(balancer))
        }
        LbCmd::Destroy { id } => {
            lb.destroy_balancer(&id).await?;
            ctx.printer.done("destroy_balancer", &id)
        }
        LbCmd::Members(cmd) => members(ctx, lb.as_ref(), cmd).await,
        LbCmd::Protocols => {
            let rows = lb
                .protocols()
                .into_iter()
                .map(|p| Ok(Word::new(p.as_str())));
            ctx.printer.list(stream::iter(rows)).await
        }
        LbCmd::Algorithms => {
            let rows = lb
                .algorithms()
                .into_iter()
                .map(|a| Ok(Word::new(a.as_str())));
            ctx.printer.list(stream::iter(rows)).await
        }
    }
}

/// How long `lb create --wait` waits.
const CREATE_WAIT: Duration = Duration::from_secs(600);

/// Waits for a create the provider finishes later, showing its state on a spinner.
async fn wait_created(lb: &dyn LoadBalancer, operation: &OperationRef) -> Result<()> {
    let options = WaitOptions {
        poll_interval: Duration::from_secs(1),
        timeout: CREATE_WAIT,
        ..WaitOptions::default()
    };
    let what = operation.resource.as_deref().unwrap_or(&operation.id);
    let spinner = progress::spinner(&format!("waiting for {what}"));
    let result = wait_for_operation(
        operation,
        &options,
        || lb.operation_status(operation),
        |status| {
            if let OperationStatus::Running {
                detail: Some(detail),
                ..
            } = status
            {
                spinner.set_message(format!("waiting for {what}: {detail}"));
            }
        },
    )
    .await;
    spinner.finish_and_clear();
    result
}

async fn members(ctx: &mut Ctx, lb: &dyn LoadBalancer, cmd: LbMembersCmd) -> Result<()> {
    match cmd {
        LbMembersCmd::List { id } => ctx.printer.list(lb.list_members(&id)).await,
        LbMembersCmd::Add { id, target } => {
            let balancer = lb.get_balancer(&id).await?;
            let default_port = balancer
                .listeners
                .first()
                .map(|l| u32::from(l.target_port))
                .unwrap_or(0);
            let member = lb
                .attach_member(&id, &parse_target(&target, default_port)?)
                .await?;
            ctx.printer.item(&member)
        }
        LbMembersCmd::Remove { id, member_id } => {
            lb.detach_member(&id, &member_id).await?;
            ctx.printer.done("detach_member", &member_id)
        }
    }
}

/// A member target as the command line writes it: `IP:PORT` (`[IPV6]:PORT`) is an
/// address; anything else is `NODE_ID[:PORT]`, a node on `default_port` when no port is
/// given. A port that is not a number is `InvalidInput`; its range is the driver's check.
pub fn parse_target(text: &str, default_port: u32) -> Result<MemberTarget> {
    let text = text.trim();
    if let Ok(addr) = text.parse::<SocketAddr>() {
        return Ok(MemberTarget::address(addr.ip(), u32::from(addr.port())));
    }
    if text.parse::<IpAddr>().is_ok() {
        return Err(Error::invalid_input(format!(
            "member {text} needs a port: IP:PORT"
        )));
    }
    let (node, port) = match text.rsplit_once(':') {
        Some((node, port)) => {
            let port = port.parse::<u32>().map_err(|_| {
                Error::invalid_input(format!(
                    "member {text}: {port:?} is not a port (NODE_ID[:PORT] or IP:PORT)"
                ))
            })?;
            (node, port)
        }
        None => (text, default_port),
    };
    if node.is_empty() {
        return Err(Error::invalid_input(format!(
            "member {text:?} names no node (NODE_ID[:PORT] or IP:PORT)"
        )));
    }
    Ok(MemberTarget::node(node, port))
}

/// One word of a list (`lb protocols`, `lb algorithms`).
#[derive(Debug, Serialize)]
struct Word {
    name: String,
}

impl Word {
    fn new(name: &str) -> Self {
        Word {
            name: name.to_string(),
        }
    }
}

impl Tabular for Word {
    const HEADERS: &'static [&'static str] = &["name"];
    fn row(&self) -> Vec<String> {
        vec![self.name.clone()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_addresses_or_nodes() {
        assert_eq!(
            parse_target("192.0.2.1:8080", 80).unwrap(),
            MemberTarget::address("192.0.2.1".parse().unwrap(), 8080)
        );
        assert_eq!(
            parse_target("[2001:db8::1]:443", 80).unwrap(),
            MemberTarget::address("2001:db8::1".parse().unwrap(), 443)
        );
        assert_eq!(
            parse_target("node-1", 80).unwrap(),
            MemberTarget::node("node-1", 80)
        );
        assert_eq!(
            parse_target("node-1:9000", 80).unwrap(),
            MemberTarget::node("node-1", 9000)
        );
        for bad in ["192.0.2.1", "node-1:http", ":80", ""] {
            assert!(parse_target(bad, 80).is_err(), "{bad:?}");
        }
    }
}
