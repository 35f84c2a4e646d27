//! `cargo xtask bench ec2-list`: how much CPU, time and memory listing a large EC2
//! fleet costs our CLI, next to Apache Libcloud's `list_nodes()`.
//!
//! A replay server in this process holds `N` generated instances (and a second one
//! `N/10`, to show how memory scales) and answers `DescribeInstances` whole or in
//! pages, so the figures are the clients' own, not an emulator's. Each client first
//! runs once untimed, its output checked to hold every node (this also warms caches),
//! then `runs` times, interleaved; each timed run is checked against what the server
//! served. The tables show medians.

pub mod api;
pub mod clients;
pub mod fleet;
pub mod pages;
pub mod report;
pub mod server;

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use xtask::interrupt::Interrupt;
use xtask::services::Layout;
use xtask::services::process::{TAIL_LINES, log_tail};

use clients::Client;
use fleet::Fleet;
use report::{Results, Series};
use server::ReplayServer;

use super::measure::Usage;
use super::sandbox::{DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY, Sandbox};
use super::{cli_bin, figures, gnu_time, python};
use crate::{Error, Result};

/// How long one client run may take before it is killed.
const RUN_TIMEOUT: Duration = Duration::from_secs(600);

/// Runs the benchmark from the workspace `root`; prints the report.
pub fn run(root: &Path, nodes: u32, runs: u32, stop: &Interrupt) -> Result<u8> {
    gnu_time::ensure()?;
    let bin = cli_bin::build_release(root)?;
    cli_bin::require_provider(&bin, "ec2")?;
    let venv = python::ensure(&Layout::new(root.to_path_buf()))?;
    let theirs_label = format!("Apache Libcloud {}", python::libcloud_version(&venv));
    let clients = [
        Client::Ours { bin },
        Client::Libcloud {
            python: venv.bin("python"),
            script: python::script(root, "ec2_list.py"),
        },
    ];
    let sandbox = Sandbox::create(root, "ec2-list")?;
    let sizes = [nodes as usize, nodes as usize / 10];
    let mut series: [[Series; 2]; 2] = Default::default();
    for (s, &size) in sizes.iter().enumerate() {
        eprintln!(
            "bench: generating {} EC2 instances",
            figures::grouped(size as u64)
        );
        let server = ReplayServer::start(Fleet::generate(size))?;
        eprintln!("bench: replay server at {}", server.endpoint());
        for (c, client) in clients.iter().enumerate() {
            check_stop(stop)?;
            let (reported, pages) = check_run(client, &server, &sandbox, stop)?;
            series[c][s].reported = reported;
            series[c][s].pages = pages;
        }
        for round in 1..=runs {
            for (c, client) in clients.iter().enumerate() {
                check_stop(stop)?;
                let usage = timed_run(client, &server, &sandbox, stop)?;
                eprintln!(
                    "bench: {} nodes, {} run {round}/{runs}: CPU {}, wall {}, peak RSS {}",
                    size,
                    label(client),
                    figures::ms(usage.cpu()),
                    figures::ms(usage.wall),
                    figures::mib(usage.max_rss)
                );
                series[c][s].runs.push(usage);
            }
        }
    }
    let [ours, theirs] = series;
    let results = Results {
        nodes: u64::from(nodes),
        small_nodes: sizes[1] as u64,
        runs,
        ours_label: "libcloud-rs CLI".into(),
        theirs_label,
        ours,
        theirs,
    };
    println!("{}", report::render(&results));
    Ok(0)
}

fn check_stop(stop: &Interrupt) -> Result<()> {
    if stop.is_set() {
        Err(Error::msg("interrupted"))
    } else {
        Ok(())
    }
}

fn label(client: &Client) -> &'static str {
    match client {
        Client::Ours { .. } => "libcloud-rs",
        Client::Libcloud { .. } => "Apache Libcloud",
    }
}

/// What one run of a client gave.
struct Outcome {
    usage: Usage,
    /// Its standard output, when captured.
    output: Option<Vec<u8>>,
    /// The `DescribeInstances` pages it fetched.
    pages: u64,
}

/// Runs `client` once, its standard output in a file when `capture`, else in
/// `/dev/null`, and checks it exited well and fetched every instance once.
fn one_run(
    client: &Client,
    server: &ReplayServer,
    sandbox: &Sandbox,
    capture: bool,
    stop: &Interrupt,
) -> Result<Outcome> {
    let log = sandbox.file("client.err");
    let out_path = sandbox.file("client.out");
    let mut launch =
        sandbox.launch(client.program(), (DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY), &log)?;
    client.apply(launch.cmd(), server.port());
    if capture {
        let file = std::fs::File::create(&out_path)
            .map_err(|e| Error::msg(format!("cannot create {}: {e}", out_path.display())))?;
        launch.cmd().stdout(file);
    } else {
        launch.cmd().stdout(Stdio::null());
    }
    server.take_served();
    let done = launch.run(RUN_TIMEOUT, stop)?;
    if !done.status.success() {
        return Err(Error::msg(format!(
            "{} failed ({}); its stderr ends:\n{}",
            label(client),
            done.status,
            log_tail(&log, TAIL_LINES)
        )));
    }
    let served = server.take_served();
    if served.instances != server.fleet_len() as u64 || served.errors > 0 {
        return Err(Error::msg(format!(
            "{} fetched {} instances of {} ({} error answers)",
            label(client),
            served.instances,
            server.fleet_len(),
            served.errors
        )));
    }
    let output = if capture {
        let bytes = std::fs::read(&out_path)
            .map_err(|e| Error::msg(format!("cannot read {}: {e}", out_path.display())))?;
        let _ = std::fs::remove_file(&out_path);
        Some(bytes)
    } else {
        None
    };
    Ok(Outcome {
        usage: done.usage,
        output,
        pages: served.pages,
    })
}

/// Fails unless `client` reported every node the server holds.
fn check_count(client: &Client, server: &ReplayServer, output: &[u8]) -> Result<u64> {
    let reported = client.count(output)?;
    let expected = server.fleet_len() as u64;
    if reported == expected {
        Ok(reported)
    } else {
        Err(Error::msg(format!(
            "{} reported {reported} nodes; the server holds {expected}",
            label(client)
        )))
    }
}

/// The untimed first run, with the output captured and counted. Returns the count and
/// the `DescribeInstances` requests made.
fn check_run(
    client: &Client,
    server: &ReplayServer,
    sandbox: &Sandbox,
    stop: &Interrupt,
) -> Result<(u64, u64)> {
    let outcome = one_run(client, server, sandbox, true, stop)?;
    let reported = check_count(client, server, &outcome.output.unwrap_or_default())?;
    Ok((reported, outcome.pages))
}

/// A timed run. Our list goes to `/dev/null` (it was counted in the check run, and
/// the server's count covers this run); the script's one-line count is checked.
fn timed_run(
    client: &Client,
    server: &ReplayServer,
    sandbox: &Sandbox,
    stop: &Interrupt,
) -> Result<Usage> {
    let outcome = one_run(client, server, sandbox, !client.output_is_the_list(), stop)?;
    if let Some(out) = &outcome.output {
        check_count(client, server, out)?;
    }
    Ok(outcome.usage)
}
