//! `cargo xtask bench dns-import`: importing a 10,000-record zone into Route 53 with our
//! CLI (`libcloud dns import`, which plans the difference and sends change batches) next
//! to Apache Libcloud's Route 53 driver (one request per record set).
//!
//! A Route 53 server in this process holds the hosted zone, so the figures are the
//! clients' own, not an emulator's. Before each run the zone is emptied; after it, the
//! zone must hold every value. Ours then runs `dns import --dry-run` once more, which must
//! find nothing to do. The table shows medians of wall time and CPU, and the requests
//! and change batches each client needed.

pub mod api;
pub mod clients;
pub mod server;
pub mod zone;

use std::path::Path;
use std::time::Duration;

use xtask::interrupt::Interrupt;
use xtask::services::Layout;
use xtask::services::process::{TAIL_LINES, log_tail};

use clients::Client;
use server::{Route53Server, Served};

use super::measure::Usage;
use super::sandbox::{DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY, Sandbox};
use super::table::Table;
use super::{cli_bin, figures, gnu_time, python};
use crate::{Error, Result};

/// How long one client run may take before it is killed.
const RUN_TIMEOUT: Duration = Duration::from_secs(900);

/// The seed of the generated zone.
const SEED: u64 = 0x5EED_D15E;

/// What the runs of one client gave.
#[derive(Debug, Default)]
struct Series {
    runs: Vec<Usage>,
    served: Vec<Served>,
}

/// Runs the benchmark from the workspace `root`; prints the report.
pub fn run(root: &Path, records: u32, runs: u32, stop: &Interrupt) -> Result<u8> {
    gnu_time::ensure()?;
    let bin = cli_bin::build_release(root)?;
    cli_bin::require_provider(&bin, "route53")?;
    let venv = python::ensure(&Layout::new(root.to_path_buf()))?;
    let theirs_label = format!("Apache Libcloud {}", python::libcloud_version(&venv));
    let sandbox = Sandbox::create(root, "dns-import")?;
    let sets = zone::generate(records as usize, SEED);
    let zone_path = sandbox.file("bench.example.zone");
    let sets_path = sandbox.file("sets.json");
    write(&zone_path, zone::zone_file(&sets).as_bytes())?;
    write(&sets_path, zone::sets_json(&sets).to_string().as_bytes())?;
    eprintln!(
        "bench: {} values in {} record sets",
        figures::grouped(zone::value_count(&sets) as u64),
        figures::grouped(sets.len() as u64)
    );
    let server = Route53Server::start()?;
    let clients = [
        Client::Ours { bin: bin.clone() },
        Client::Libcloud {
            python: venv.bin("python"),
            script: python::script(root, "route53_import.py"),
        },
    ];
    let mut series: [Series; 2] = Default::default();
    for round in 1..=runs {
        for (c, client) in clients.iter().enumerate() {
            if stop.is_set() {
                return Err(Error::msg("interrupted"));
            }
            let (usage, served) = one_run(
                client, &server, &sandbox, &zone_path, &sets_path, records, stop,
            )?;
            eprintln!(
                "bench: {} run {round}/{runs}: wall {}, CPU {}, {} requests, {} change batches",
                client.label(),
                figures::ms(usage.wall),
                figures::ms(usage.cpu()),
                served.requests,
                served.change_batches
            );
            series[c].runs.push(usage);
            series[c].served.push(served);
        }
    }
    let again = dry_run_again(&bin, &server, &sandbox, &zone_path, records, stop)?;
    println!("{}", render(records, runs, &series, &theirs_label, &again));
    Ok(0)
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes)
        .map_err(|e| Error::msg(format!("cannot write {}: {e}", path.display())))
}

/// One import into the emptied zone; fails unless the client succeeded and the zone then
/// holds every value.
fn one_run(
    client: &Client,
    server: &Route53Server,
    sandbox: &Sandbox,
    zone_path: &Path,
    sets_path: &Path,
    records: u32,
    stop: &Interrupt,
) -> Result<(Usage, Served)> {
    server.reset();
    server.take_served();
    let log = sandbox.file("client.err");
    let out = sandbox.file("client.out");
    let mut launch =
        sandbox.launch(client.program(), (DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY), &log)?;
    launch
        .cmd()
        .args(client.args(server.port(), zone_path, sets_path));
    let file = std::fs::File::create(&out)
        .map_err(|e| Error::msg(format!("cannot create {}: {e}", out.display())))?;
    launch.cmd().stdout(file);
    let done = launch.run(RUN_TIMEOUT, stop)?;
    if !done.status.success() {
        return Err(Error::msg(format!(
            "{} failed ({}); its stderr ends:\n{}",
            client.label(),
            done.status,
            log_tail(&log, TAIL_LINES)
        )));
    }
    let served = server.take_served();
    let held = server.values();
    if held != records as usize {
        return Err(Error::msg(format!(
            "after {}'s import the zone holds {held} values of {records}",
            client.label()
        )));
    }
    Ok((done.usage, served))
}

/// `dns import --dry-run` of the same file into the imported zone: its JSON plan, which
/// must be empty, and the requests it took.
fn dry_run_again(
    bin: &Path,
    server: &Route53Server,
    sandbox: &Sandbox,
    zone_path: &Path,
    records: u32,
    stop: &Interrupt,
) -> Result<(serde_json::Value, Served)> {
    let ours = Client::Ours {
        bin: bin.to_path_buf(),
    };
    // Ours reads only the zone file; the sets file is the script's.
    one_run(&ours, server, sandbox, zone_path, zone_path, records, stop)?;
    let log = sandbox.file("dry.err");
    let mut cmd = std::process::Command::new(bin);
    sandbox.prepare(&mut cmd, (DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY), &log)?;
    let mut args = ours.args(server.port(), zone_path, zone_path);
    args.push("--dry-run".into());
    server.take_served();
    let output = cmd
        .args(&args)
        .output()
        .map_err(|e| Error::msg(format!("cannot run {}: {e}", bin.display())))?;
    let served = server.take_served();
    if !output.status.success() {
        return Err(Error::msg(format!(
            "the dry run failed: {}",
            log_tail(&log, TAIL_LINES)
        )));
    }
    let plan: serde_json::Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| Error::msg(format!("the dry run printed no JSON: {e}")))?;
    let nothing = ["create", "update", "delete"].iter().all(|k| plan[k] == 0);
    if !nothing {
        return Err(Error::msg(format!(
            "the second dry run still has work: {plan}"
        )));
    }
    Ok((plan, served))
}

fn median_of<T: Copy + PartialOrd>(values: impl Iterator<Item = T>) -> Option<T> {
    let values: Vec<T> = values.collect();
    figures::median(&values)
}

fn render(
    records: u32,
    runs: u32,
    series: &[Series; 2],
    theirs_label: &str,
    again: &(serde_json::Value, Served),
) -> String {
    let mut table = Table::new(["", "libcloud-rs CLI", theirs_label, "ratio"]);
    let wall = |s: &Series| median_of(s.runs.iter().map(|u| u.wall));
    let cpu = |s: &Series| median_of(s.runs.iter().map(|u| u.cpu()));
    let requests = |s: &Series| median_of(s.served.iter().map(|v| v.requests));
    let batches = |s: &Series| median_of(s.served.iter().map(|v| v.change_batches));
    let rss = |s: &Series| median_of(s.runs.iter().map(|u| u.max_rss));
    let [ours, theirs] = series;
    let dur = |d: Option<Duration>| d.map(figures::ms).unwrap_or_else(|| "-".into());
    let ratio = |a: Option<Duration>, b: Option<Duration>| {
        figures::times(match (a, b) {
            (Some(a), Some(b)) => figures::ratio(b.as_secs_f64(), a.as_secs_f64()),
            _ => None,
        })
    };
    let count = |v: Option<u64>| v.map(figures::grouped).unwrap_or_else(|| "-".into());
    table.row([
        "wall time".to_string(),
        dur(wall(ours)),
        dur(wall(theirs)),
        ratio(wall(ours), wall(theirs)),
    ]);
    table.row([
        "client CPU".to_string(),
        dur(cpu(ours)),
        dur(cpu(theirs)),
        ratio(cpu(ours), cpu(theirs)),
    ]);
    table.row([
        "requests".to_string(),
        count(requests(ours)),
        count(requests(theirs)),
        String::new(),
    ]);
    table.row([
        "change requests".to_string(),
        count(batches(ours)),
        count(batches(theirs)),
        String::new(),
    ]);
    table.row([
        "peak RSS".to_string(),
        rss(ours).map(figures::mib).unwrap_or_default(),
        rss(theirs).map(figures::mib).unwrap_or_default(),
        String::new(),
    ]);
    format!(
        "dns-import: {} values into a Route 53 hosted zone served on 127.0.0.1 (medians of {runs} runs)\n\n{table}\n\
         A second `dns import --dry-run` of the same file found nothing to do ({}) in {} requests.",
        figures::grouped(u64::from(records)),
        again.0,
        again.1.requests
    )
}
