//! The order of a deployment's step flags. Clap collects each repeated flag into its own
//! list; the steps must run in the order the flags were given across the lists, which
//! only the parsed matches' indices tell.

use clap::ArgMatches;

use crate::cli::{Cli, Command, DeployArgs, NodesCmd, StepFlag};

/// The step flags and their argument ids.
const FLAGS: &[(StepFlag, &str)] = &[
    (StepFlag::DeployScript, "deploy_script"),
    (StepFlag::Upload, "uploads"),
    (StepFlag::Script, "scripts"),
    (StepFlag::Run, "commands"),
];

/// Fills the `order` of the deployment flags of `nodes deploy` or `nodes create`.
pub fn record(cli: &mut Cli, matches: &ArgMatches) {
    let Some(("nodes", nodes)) = matches.subcommand() else {
        return;
    };
    let Some((_, sub)) = nodes.subcommand() else {
        return;
    };
    let deploy: &mut DeployArgs = match &mut cli.command {
        Command::Nodes(NodesCmd::Deploy { deploy, .. }) => deploy,
        Command::Nodes(NodesCmd::Create(args)) => &mut args.deploy,
        _ => return,
    };
    deploy.order = order(sub);
}

/// The step flags of `matches` in command-line order, one entry per occurrence.
fn order(matches: &ArgMatches) -> Vec<StepFlag> {
    let mut placed: Vec<(usize, StepFlag)> = Vec::new();
    for (flag, id) in FLAGS {
        let known = matches.ids().any(|i| i.as_str() == *id);
        if !known {
            continue;
        }
        if let Some(indices) = matches.indices_of(id) {
            placed.extend(indices.map(|i| (i, *flag)));
        }
    }
    placed.sort_by_key(|(index, _)| *index);
    placed.into_iter().map(|(_, flag)| flag).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli;

    fn parsed(args: &[&str]) -> Cli {
        let registry = libcloud::Registry::builtin();
        let all = std::iter::once("libcloud").chain(args.iter().copied());
        cli::parse(&registry, all.map(std::ffi::OsString::from))
    }

    #[test]
    fn steps_keep_the_command_line_order() {
        let cli = parsed(&[
            "nodes", "deploy", "n-1", "--run", "a", "--upload", "x:/y", "--script", "s.sh",
            "--run", "b", "--env", "K=V",
        ]);
        let Command::Nodes(NodesCmd::Deploy { deploy, .. }) = cli.command else {
            panic!("not a deploy: {:?}", cli.command);
        };
        assert_eq!(
            deploy.order,
            [
                StepFlag::Run,
                StepFlag::Upload,
                StepFlag::Script,
                StepFlag::Run
            ]
        );
        assert_eq!(deploy.commands, ["a", "b"]);
        let cli = parsed(&[
            "nodes",
            "create",
            "web",
            "--size",
            "s",
            "--image",
            "i",
            "--run",
            "late",
            "--deploy-script",
            "first.sh",
        ]);
        let Command::Nodes(NodesCmd::Create(args)) = cli.command else {
            panic!("not a create");
        };
        assert_eq!(args.deploy.order, [StepFlag::Run, StepFlag::DeployScript]);
        let cli = parsed(&["nodes", "list"]);
        assert!(matches!(cli.command, Command::Nodes(NodesCmd::List)));
    }
}
