#![doc = include_str!("../README.md")]

mod auth;
mod deploy;
mod errors;
mod known_hosts;
mod output;
mod quote;
mod ssh;

pub use auth::{Identity, PASSPHRASE_ENV, PassphrasePrompt, PassphraseSource};
pub use deploy::{
    AddressChoice, Deployment, DeploymentOutcome, NODE_ID_ENV, NODE_PLACEHOLDER, NodeDeployOptions,
    NodeDeployment, NodeSpec, ScriptSource, Step, StepResult, deploy_node, deploy_nodes,
    wait_for_ssh,
};
pub use errors::{PROVIDER_ID, codes};
pub use known_hosts::{HostKeyStatus, KnownHosts, check_text as check_known_hosts_text};
pub use output::{BoundedOutput, DEFAULT_OUTPUT_LIMIT};
pub use quote::{env_prefix, shell_quote};
pub use ssh::{CommandOutput, SshClient, SshOptions, SshSession, SshTarget};
