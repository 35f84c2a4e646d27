//! Deployments: steps as data, running them in order over one connection, and
//! deploying to compute nodes (one, or many at once).

mod deployment;
mod many;
mod node;
mod result;
mod run_step;
mod script;
mod ssh_wait;
mod step;

pub use deployment::{Deployment, DeploymentOutcome, NODE_ID_ENV, NODE_PLACEHOLDER};
pub use many::deploy_nodes;
pub use node::{AddressChoice, NodeDeployOptions, NodeDeployment, NodeSpec, deploy_node};
pub use result::StepResult;
pub use ssh_wait::wait_for_ssh;
pub use step::{ScriptSource, Step};
