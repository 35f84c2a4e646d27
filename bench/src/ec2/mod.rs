//! `cargo xtask bench ec2-list`: how much CPU, time and memory listing a large EC2
//! fleet costs our CLI, next to Apache Libcloud's `list_nodes()`, and next to the
//! floor cloud-core's XML scanner and JSON writer set for it.
//!
//! Each fleet ([`FleetKind`]) is served in turn by a replay server in this process
//! holding `N` generated instances, answering `DescribeInstances` whole or in pages,
//! so the figures are the clients' own, not an emulator's. Each client first runs once
//! untimed, its output checked to hold every node (this also warms caches), then
//! `runs` times, interleaved; each timed run is checked against what the server
//! served. Then the floor is measured in this process on the same pages and our same
//! output, and our CLI alone lists `3N` instances of the fleet, to show how memory
//! scales. The tables show medians.

pub mod api;
pub mod clients;
pub mod fleet;
pub mod fleet_realistic;
pub mod kinds;
pub mod limit;
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
use kinds::FleetKind;
use report::{FleetResults, Results, Series};
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
    let sizes = Sizes {
        nodes: nodes as usize,
        large: nodes as usize * 3,
        runs,
    };
    let mut fleets = Vec::new();
    for kind in FleetKind::ALL {
        fleets.push(run_fleet(kind, &sizes, &clients, &sandbox, stop)?);
    }
    let results = Results {
        nodes: sizes.nodes as u64,
        large_nodes: sizes.large as u64,
        runs,
        ours_label: "libcloud-rs CLI".into(),
        theirs_label,
        fleets,
    };
    println!("{}", report::render(&results));
    Ok(0)
}

/// The fleet sizes and the timed runs per client.
struct Sizes {
    nodes: usize,
    large: usize,
    runs: u32,
}

/// Starts a replay server with `n` instances of `kind`.
fn serve(kind: FleetKind, n: usize) -> Result<ReplayServer> {
    eprintln!(
        "bench: generating {} {} EC2 instances",
        figures::grouped(n as u64),
        kind.name()
    );
    let server = ReplayServer::start(kind.generate(n))?;
    eprintln!("bench: replay server at {}", server.endpoint());
    Ok(server)
}

/// Both clients on `N` instances of `kind`, the floor, then ours on `3N`.
fn run_fleet(
    kind: FleetKind,
    sizes: &Sizes,
    clients: &[Client; 2],
    sandbox: &Sandbox,
    stop: &Interrupt,
) -> Result<FleetResults> {
    let server = serve(kind, sizes.nodes)?;
    let mut series: [Series; 2] = Default::default();
    let mut our_output = Vec::new();
    for (c, client) in clients.iter().enumerate() {
        check_stop(stop)?;
        let (reported, pages, output) = check_run(client, &server, sandbox, stop)?;
        series[c].reported = reported;
        series[c].pages = pages;
        if c == 0 {
            our_output = output;
        }
    }
    for round in 1..=sizes.runs {
        for (c, client) in clients.iter().enumerate() {
            check_stop(stop)?;
            let usage = timed_run(client, &server, sandbox, stop)?;
            log_run(kind, sizes.nodes, client, round, sizes.runs, &usage);
            series[c].runs.push(usage);
        }
    }
    eprintln!("bench: measuring the tokenize+write floor");
    let page_size = sizes.nodes.div_ceil(series[0].pages.max(1) as usize);
    let pages = limit::pages(server.fleet(), page_size);
    let floor = limit::measure(&pages, &our_output)?;
    drop(pages);
    let xml_per_node = floor.xml_bytes / sizes.nodes.max(1) as u64;
    drop(server);

    let server = serve(kind, sizes.large)?;
    let ours = &clients[0];
    let mut large = Series::default();
    check_stop(stop)?;
    (large.reported, large.pages, _) = check_run(ours, &server, sandbox, stop)?;
    for round in 1..=sizes.runs {
        check_stop(stop)?;
        let usage = timed_run(ours, &server, sandbox, stop)?;
        log_run(kind, sizes.large, ours, round, sizes.runs, &usage);
        large.runs.push(usage);
    }
    let [ours_series, theirs] = series;
    Ok(FleetResults {
        name: kind.name().into(),
        xml_per_node,
        ours: [ours_series, large],
        theirs,
        limit: floor,
    })
}

fn log_run(kind: FleetKind, n: usize, client: &Client, round: u32, runs: u32, usage: &Usage) {
    eprintln!(
        "bench: {} {} nodes, {} run {round}/{runs}: CPU {}, wall {}, peak RSS {}",
        n,
        kind.name(),
        label(client),
        figures::ms(usage.cpu()),
        figures::ms(usage.wall),
        figures::mib(usage.max_rss)
    );
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

/// The untimed first run, with the output captured and counted. Returns the count, the
/// `DescribeInstances` requests made, and the output.
fn check_run(
    client: &Client,
    server: &ReplayServer,
    sandbox: &Sandbox,
    stop: &Interrupt,
) -> Result<(u64, u64, Vec<u8>)> {
    let outcome = one_run(client, server, sandbox, true, stop)?;
    let output = outcome.output.unwrap_or_default();
    let reported = check_count(client, server, &output)?;
    Ok((reported, outcome.pages, output))
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
