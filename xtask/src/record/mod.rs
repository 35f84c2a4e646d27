//! `cargo xtask record-fixtures`: run a command that drives a provider through a
//! recording reverse proxy, then write what went over the wire, scrubbed, as a fixture
//! scenario.

pub mod exchange;
pub mod fixture;
pub mod proxy;
pub mod rules;
pub mod scrub;

use std::fmt;
use std::path::{Path, PathBuf};

use url::Url;

pub use exchange::Exchange;
pub use proxy::RecordingProxy;
pub use rules::RecordingRules;
pub use scrub::Scrubber;

use crate::cmd::exit_code;
use crate::{Error, Result};

/// Set for the recorded command: the proxy's base URL.
pub const RECORD_ENDPOINT_ENV: &str = "LIBCLOUD_RECORD_ENDPOINT";
/// Also set for the recorded command, to the same URL: the endpoint override drivers
/// read.
pub const ENDPOINT_ENV: &str = "LIBCLOUD_ENDPOINT";

/// What to record, and where to.
#[derive(Clone)]
pub struct RecordOptions {
    scenario_dir: PathBuf,
    upstream: Url,
    secrets: Vec<String>,
    volatile: Vec<String>,
    command: Vec<String>,
    rules: RecordingRules,
}

impl fmt::Debug for RecordOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecordOptions")
            .field("scenario_dir", &self.scenario_dir)
            .field("upstream", &self.upstream.as_str())
            .field("secrets", &format_args!("{} hidden", self.secrets.len()))
            .field("volatile", &self.volatile)
            .field("command", &self.command)
            .finish()
    }
}

impl RecordOptions {
    /// Checks and gathers the options; the scenario lands in
    /// `fixtures/<provider>/<scenario>`. The scrubber's names are the generic ones plus
    /// the provider crate's (`crates/cloud-<provider>/recording.json` beside `fixtures`).
    pub fn new(
        fixtures: &Path,
        provider: &str,
        scenario: &str,
        upstream: Url,
        secrets: Vec<String>,
        command: Vec<String>,
    ) -> Result<Self> {
        fixture::check_name("provider", provider)?;
        fixture::check_name("scenario", scenario)?;
        proxy::check_upstream(&upstream)?;
        if command.is_empty() {
            return Err(Error::msg("no command to record given after `--`"));
        }
        let root = fixtures.parent().unwrap_or(fixtures);
        Ok(RecordOptions {
            scenario_dir: fixtures.join(provider).join(scenario),
            upstream,
            secrets,
            volatile: Vec::new(),
            command,
            rules: RecordingRules::for_provider(root, provider)?,
        })
    }

    /// The same options, leaving these query and form keys out of the recorded request
    /// matchers (see [`Scrubber::with_volatile`]).
    pub fn with_volatile(mut self, keys: Vec<String>) -> Self {
        self.volatile = keys;
        self
    }

    /// The query and form keys left out of the request matchers.
    pub fn volatile(&self) -> &[String] {
        &self.volatile
    }

    /// The scenario folder that will be replaced.
    pub fn scenario_dir(&self) -> &Path {
        &self.scenario_dir
    }

    /// The literal secrets to scrub.
    pub fn secrets(&self) -> &[String] {
        &self.secrets
    }
}

/// Runs the recording on its own runtime; the result is the exit code.
pub fn run(opts: &RecordOptions) -> Result<u8> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::msg(format!("cannot start the async runtime: {e}")))?;
    rt.block_on(record(opts))
}

/// Starts the proxy, runs the command against it, and writes the scenario when the
/// command succeeded and sent at least one request. A failing command leaves the
/// fixtures as they were and its exit code is the result.
pub async fn record(opts: &RecordOptions) -> Result<u8> {
    let proxy = RecordingProxy::start(&opts.upstream).await?;
    let endpoint = proxy.endpoint();
    eprintln!(
        "xtask: recording through {endpoint} to {}",
        opts.upstream.origin().ascii_serialization()
    );
    let status = tokio::process::Command::new(&opts.command[0])
        .args(&opts.command[1..])
        .env(RECORD_ENDPOINT_ENV, &endpoint)
        .env(ENDPOINT_ENV, &endpoint)
        .status()
        .await
        .map_err(|e| Error::msg(format!("cannot start {:?}: {e}", opts.command[0])))?;
    let exchanges = proxy.finish().await;
    if !status.success() {
        eprintln!(
            "xtask: the command failed ({status}); {} left unchanged",
            opts.scenario_dir.display()
        );
        return Ok(exit_code(status).max(1));
    }
    if exchanges.is_empty() {
        return Err(Error::msg(format!(
            "no request reached the proxy, so {} was left unchanged; the command must send \
             its requests to ${RECORD_ENDPOINT_ENV} (also in ${ENDPOINT_ENV})",
            opts.scenario_dir.display()
        )));
    }
    let scrubber = Scrubber::new(opts.secrets.iter().cloned())
        .with_volatile(opts.volatile.iter().cloned())
        .with_rules(opts.rules.clone());
    let written = fixture::write_scenario(&opts.scenario_dir, &exchanges, &scrubber)?;
    eprintln!(
        "xtask: recorded {} interactions ({} files) into {}",
        exchanges.len(),
        written.len(),
        opts.scenario_dir.display()
    );
    Ok(0)
}
