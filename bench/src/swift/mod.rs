//! `cargo xtask bench swift-transfer`: throughput and memory of our CLI moving a large
//! file to and from Swift (through Keystone), next to Apache Libcloud's OpenStack Swift
//! driver and python-swiftclient, all against the test suite's Keystone and Swift on
//! 127.0.0.1 (the `openstack` service, whose `max_file_size` of 16 MiB makes every
//! client cut the file into segments). Each round uploads the file with each client,
//! then downloads it back and checks the SHA-256; the table shows medians.

pub mod clients;

use std::path::Path;
use std::time::Duration;

use xtask::interrupt::Interrupt;
use xtask::services::process::{TAIL_LINES, log_tail};
use xtask::services::table::SERVICES;
use xtask::services::{Layout, Running};

use clients::{Client, Direction};

use super::figures::{self, MIB};
use super::measure::Usage;
use super::s3::payload;
use super::sandbox::{DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY, Sandbox};
use super::table::Table;
use super::{cli_bin, gnu_time, python};
use crate::{Error, Result};

/// The container every client uses.
const CONTAINER: &str = "bench";

/// How long one transfer may take before it is killed.
const RUN_TIMEOUT: Duration = Duration::from_secs(1800);

/// The login variables of the test cloud, from the service's exports.
fn os_vars(exported: &[(String, String)]) -> Result<Vec<(String, String)>> {
    let get = |name: &str| {
        exported
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .ok_or_else(|| Error::msg(format!("the openstack service did not export {name}")))
    };
    Ok(vec![
        (
            "OS_AUTH_URL".into(),
            get("LIBCLOUD_TEST_KEYSTONE_ENDPOINT")?,
        ),
        ("OS_USERNAME".into(), get("LIBCLOUD_TEST_OS_USERNAME")?),
        ("OS_PASSWORD".into(), get("LIBCLOUD_TEST_OS_PASSWORD")?),
        (
            "OS_PROJECT_NAME".into(),
            get("LIBCLOUD_TEST_OS_PROJECT_NAME")?,
        ),
        ("OS_USER_DOMAIN_NAME".into(), "Default".into()),
        ("OS_PROJECT_DOMAIN_NAME".into(), "Default".into()),
        (
            "OS_REGION_NAME".into(),
            get("LIBCLOUD_TEST_OS_REGION_NAME")?,
        ),
        ("OS_IDENTITY_API_VERSION".into(), "3".into()),
        ("OS_AUTH_VERSION".into(), "3".into()),
    ])
}

/// Runs the benchmark from the workspace `root`; prints the report.
pub fn run(root: &Path, size_mib: u64, runs: u32, stop: &Interrupt) -> Result<u8> {
    gnu_time::ensure()?;
    let bin = cli_bin::build_release(root)?;
    cli_bin::require_provider(&bin, "openstack")?;
    let layout = Layout::new(root.to_path_buf());
    let venv = python::ensure(&layout)?;
    python::ensure_extra(&layout, &venv, "swiftclient", "python-swiftclient")?;
    python::ensure_extra(&layout, &venv, "keystoneclient", "python-keystoneclient")?;
    let libcloud_label = format!("Apache Libcloud {}", python::libcloud_version(&venv));
    let service = SERVICES
        .iter()
        .find(|s| s.name == "openstack")
        .ok_or_else(|| Error::msg("xtask has no openstack service"))?;
    let running = Running::start(&[service], &layout, stop)?;
    let exported = running.env();
    let vars = os_vars(&exported)?;
    let segment: u64 = exported
        .iter()
        .find(|(k, _)| k == "LIBCLOUD_TEST_SWIFT_MAX_FILE_SIZE")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(16 * MIB);
    let sandbox = Sandbox::create(root, "swift-transfer")?;
    let source = sandbox.file("source.bin");
    let size = size_mib * MIB;
    let digest = payload::write(&source, size)?;
    let clients = [
        Client::Ours { bin: bin.clone() },
        Client::Libcloud {
            python: venv.bin("python"),
            script: python::script(root, "swift_transfer.py"),
        },
        Client::SwiftClient {
            swift: venv.bin("swift"),
        },
    ];
    let create = [
        "--provider",
        "openstack",
        "storage",
        "containers",
        "create",
        CONTAINER,
    ];
    let _ = transfer(&bin, &create, &sandbox, &vars, stop);
    let mut up: Vec<Vec<Usage>> = vec![Vec::new(); clients.len()];
    let mut down: Vec<Vec<Usage>> = vec![Vec::new(); clients.len()];
    for round in 1..=runs {
        for (c, client) in clients.iter().enumerate() {
            let args = client.args(Direction::Put, CONTAINER, &source, segment);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let usage = transfer(client.program(), &args, &sandbox, &vars, stop)
                .map_err(|e| Error::msg(format!("{} upload: {e}", client.label())))?;
            eprintln!(
                "bench: {} upload {round}/{runs}: {}, peak RSS {}",
                client.label(),
                figures::rate(figures::mib_per_sec(size, usage.wall)),
                figures::mib(usage.max_rss)
            );
            up[c].push(usage);
            let target = sandbox.file(&format!("back-{}", client.key()));
            let _ = std::fs::remove_file(&target);
            let args = client.args(Direction::Get, CONTAINER, &target, segment);
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let usage = transfer(client.program(), &args, &sandbox, &vars, stop)
                .map_err(|e| Error::msg(format!("{} download: {e}", client.label())))?;
            payload::verify(&target, &digest, size, client.label())?;
            let _ = std::fs::remove_file(&target);
            eprintln!(
                "bench: {} download {round}/{runs}: {}, peak RSS {}",
                client.label(),
                figures::rate(figures::mib_per_sec(size, usage.wall)),
                figures::mib(usage.max_rss)
            );
            down[c].push(usage);
        }
    }
    drop(running);
    println!(
        "{}",
        render(size, runs, segment, &clients, &up, &down, &libcloud_label)
    );
    Ok(0)
}

/// Runs one client to completion in the sandbox with the login variables; its usage.
fn transfer(
    program: &Path,
    args: &[&str],
    sandbox: &Sandbox,
    vars: &[(String, String)],
    stop: &Interrupt,
) -> Result<Usage> {
    let log = sandbox.file("client.err");
    let out = sandbox.file("client.out");
    let mut launch = sandbox.launch(program, (DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY), &log)?;
    let out_file = std::fs::File::create(&out)
        .map_err(|e| Error::msg(format!("cannot create {}: {e}", out.display())))?;
    launch.cmd().args(args).stdout(out_file);
    for (k, v) in vars {
        launch.cmd().env(k, v);
    }
    let done = launch.run(RUN_TIMEOUT, stop)?;
    if !done.status.success() {
        return Err(Error::msg(format!(
            "failed ({}); its stderr ends:\n{}\nits stdout ends:\n{}",
            done.status,
            log_tail(&log, TAIL_LINES),
            log_tail(&out, TAIL_LINES)
        )));
    }
    Ok(done.usage)
}

fn render(
    size: u64,
    runs: u32,
    segment: u64,
    clients: &[Client],
    up: &[Vec<Usage>],
    down: &[Vec<Usage>],
    libcloud_label: &str,
) -> String {
    let rate = |runs: &[Usage]| {
        let walls: Vec<Duration> = runs.iter().map(|u| u.wall).collect();
        figures::median(&walls).and_then(|w| figures::mib_per_sec(size, w))
    };
    let rss = |runs: &[Usage]| {
        let values: Vec<u64> = runs.iter().map(|u| u.max_rss).collect();
        figures::median(&values)
    };
    let theirs = clients
        .iter()
        .position(|c| matches!(c, Client::Libcloud { .. }))
        .unwrap_or(1);
    let mut table = Table::new([
        "client",
        "upload",
        "vs Libcloud",
        "download",
        "vs Libcloud",
        "peak RSS up",
        "peak RSS down",
    ]);
    for (i, client) in clients.iter().enumerate() {
        let label = match client {
            Client::Libcloud { .. } => libcloud_label.to_string(),
            other => other.label().to_string(),
        };
        let vs = |mine: Option<f64>, base: Option<f64>| match (mine, base) {
            (Some(a), Some(b)) => figures::times(figures::ratio(a, b)),
            _ => "-".into(),
        };
        table.row([
            label,
            figures::rate(rate(&up[i])),
            vs(rate(&up[i]), rate(&up[theirs])),
            figures::rate(rate(&down[i])),
            vs(rate(&down[i]), rate(&down[theirs])),
            rss(&up[i]).map(figures::mib).unwrap_or_default(),
            rss(&down[i]).map(figures::mib).unwrap_or_default(),
        ]);
    }
    format!(
        "swift-transfer: {} MiB up and down through Keystone + Swift on 127.0.0.1, \
         segments of {} MiB (medians of {runs} runs)\n\n{table}",
        size / MIB,
        segment / MIB
    )
}
