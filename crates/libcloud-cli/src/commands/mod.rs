//! The commands, one module per area, and what they share: the connection context.

pub mod catalog;
pub mod cdn;
pub mod copy;
pub mod deploy;
pub mod dns;
pub mod keypairs;
pub mod lb;
pub mod nodes;
pub mod providers;
pub mod regional;
pub mod storage;
pub mod sync;
pub mod transfer;
pub mod volumes;
pub mod zonefile;

use std::io::BufWriter;
use std::sync::Arc;

use libcloud::core::dns::Dns;
use libcloud::core::load_balancer::LoadBalancer;
use libcloud::core::{Env, ProcessEnv};
use libcloud::{Compute, ObjectStorage, Registry, Result, Session};

use crate::cli::{Cli, Command};
use crate::config::{self, Overrides};
use crate::output::Printer;

/// What every command works with: the registry, the (lazily resolved) configuration and
/// the printer.
pub struct Ctx {
    registry: Registry,
    overrides: Overrides,
    env: Arc<dyn Env>,
    /// Where results go.
    pub printer: Printer<BufWriter<std::io::Stdout>>,
}

impl Ctx {
    /// A context for one run with the providers of `registry`.
    pub fn new(cli: &Cli, registry: Registry) -> Self {
        let g = &cli.global;
        Ctx {
            registry,
            overrides: Overrides {
                provider: g.provider.clone(),
                region: g.region.clone(),
                endpoint: g.endpoint.clone(),
                profile: g.profile.clone(),
                options: g.options.clone(),
            },
            env: Arc::new(ProcessEnv),
            printer: Printer::stdout(g.output),
        }
    }

    /// The providers this command runs with.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// The environment the configuration reads.
    pub fn env(&self) -> &dyn Env {
        self.env.as_ref()
    }

    /// Resolves the configuration and connects to the selected provider (its options
    /// checked against what it declares), warning once on stderr when the provider is
    /// deprecated or defunct.
    async fn connect(&self) -> Result<Arc<dyn Session>> {
        let resolved = config::load_and_resolve(self.overrides.clone(), self.env.clone())?;
        self.connect_resolved(resolved).await
    }

    /// Connects to the provider `resolved` names with its configuration, warning once on
    /// stderr when the provider is deprecated or defunct.
    async fn connect_resolved(&self, resolved: config::Resolved) -> Result<Arc<dyn Session>> {
        tracing::debug!(provider = %resolved.provider, config = ?resolved.config, "connecting");
        let factory = self.registry.factory(&resolved.provider)?;
        if let Some(warning) = factory.meta().lifecycle.warning(&resolved.provider) {
            eprintln!("{warning}");
        }
        libcloud::core::connect(factory.as_ref(), &resolved.config).await
    }

    /// Connects to the selected provider's compute area.
    pub async fn compute(&self) -> Result<Arc<dyn Compute>> {
        self.connect().await?.compute()
    }

    /// Connects to the selected provider's object storage area.
    pub async fn storage(&self) -> Result<Arc<dyn ObjectStorage>> {
        self.connect().await?.storage()
    }

    /// Connects to the selected provider's load balancer area.
    pub async fn load_balancer(&self) -> Result<Arc<dyn LoadBalancer>> {
        self.connect().await?.load_balancer()
    }

    /// Connects to the selected provider's DNS area.
    pub async fn dns(&self) -> Result<Arc<dyn Dns>> {
        self.connect().await?.dns()
    }
}

/// Runs the parsed command line with the providers of `registry`.
pub async fn run(cli: Cli, registry: Registry) -> Result<()> {
    let mut ctx = Ctx::new(&cli, registry);
    if regional::is_multi(ctx.overrides.region.as_deref()) {
        return regional::run(&mut ctx, cli.command).await;
    }
    match cli.command {
        Command::Providers { id } => providers::run(&mut ctx, id).await,
        Command::Nodes(cmd) => nodes::run(&mut ctx, cmd).await,
        Command::Sizes(cmd) => catalog::sizes(&mut ctx, cmd).await,
        Command::Images(cmd) => catalog::images(&mut ctx, cmd).await,
        Command::Locations(cmd) => catalog::locations(&mut ctx, cmd).await,
        Command::Keypairs(cmd) => keypairs::run(&mut ctx, cmd).await,
        Command::Volumes(cmd) => volumes::volumes(&mut ctx, cmd).await,
        Command::Snapshots(cmd) => volumes::snapshots(&mut ctx, cmd).await,
        Command::Storage(cmd) => storage::run(&mut ctx, cmd).await,
        Command::Dns(cmd) => dns::run(&mut ctx, cmd).await,
        Command::Lb(cmd) => lb::run(&mut ctx, cmd).await,
        Command::Completions { shell } => {
            let mut out = Vec::new();
            let mut command = crate::cli::command(ctx.registry());
            clap_complete::generate(shell, &mut command, "libcloud", &mut out);
            ctx.printer.raw(&out)
        }
        Command::Man => {
            let mut out = Vec::new();
            clap_mangen::Man::new(crate::cli::command(ctx.registry()))
                .render(&mut out)
                .map_err(|e| libcloud::Error::io("cannot render the manual page", e))?;
            ctx.printer.raw(&out)
        }
    }
}
