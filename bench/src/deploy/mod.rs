//! `cargo xtask bench deploy`: deploying to many nodes at once through one OpenSSH server
//! on 127.0.0.1 (the test suite's `sshd` service): on each node, upload a file and run a
//! script printing its SHA-256. Ours is one `libcloud nodes deploy` of `local` nodes
//! (`--parallel` all of them, `{node}` in the upload path); Apache Libcloud's is its
//! `deploy_node` (paramiko) with a thread per node. After every run each node's file must
//! be on the server's disk with the right digest, and each client must have reported it.

mod clients;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use sha2::{Digest, Sha256};
use xtask::interrupt::Interrupt;
use xtask::services::process::{TAIL_LINES, log_tail};
use xtask::services::table::SERVICES;
use xtask::services::{Layout, Running};

use clients::{Client, Server};

use super::measure::Usage;
use super::sandbox::{DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY, Sandbox};
use super::table::Table;
use super::{cli_bin, figures, gnu_time, python};
use crate::{Error, Result};

/// How long one client run may take before it is killed.
const RUN_TIMEOUT: Duration = Duration::from_secs(900);

/// The seed of the uploaded file's content.
const SEED: u64 = 0xDE91_07C0_DE00_5EED;

/// Runs the benchmark from the workspace `root`; prints the report.
pub fn run(root: &Path, nodes: u32, size_mib: u64, runs: u32, stop: &Interrupt) -> Result<u8> {
    gnu_time::ensure()?;
    let bin = cli_bin::build_release(root)?;
    let layout = Layout::new(root.to_path_buf());
    let venv = python::ensure(&layout)?;
    python::ensure_extra(&layout, &venv, "paramiko", "paramiko")?;
    let theirs_label = format!("Apache Libcloud {}", python::libcloud_version(&venv));
    let sandbox = Sandbox::create(root, "deploy")?;
    let payload = sandbox.file("payload.bin");
    write_payload(&payload, size_mib)?;
    let digest = file_digest(&payload)?;
    let sshd = SERVICES
        .iter()
        .find(|s| s.name == "sshd")
        .ok_or_else(|| Error::msg("xtask has no sshd service"))?;
    let running = Running::start(&[sshd], &layout, stop)?;
    let server = Server::from_env(&running.env())?;
    let remote = std::env::temp_dir().join(format!("libcloud-bench-deploy-{}", std::process::id()));
    let ids = create_local_nodes(&bin, &sandbox, nodes)?;
    let clients = [
        Client::Ours {
            bin: bin.clone(),
            ids,
        },
        Client::Libcloud {
            python: venv.bin("python"),
            script: python::script(root, "deploy_nodes.py"),
        },
    ];
    let mut series: [Vec<Usage>; 2] = Default::default();
    let result = (|| {
        for round in 1..=runs {
            for (c, client) in clients.iter().enumerate() {
                if stop.is_set() {
                    return Err(Error::msg("interrupted"));
                }
                let usage = one_run(
                    client, &server, &sandbox, &payload, &remote, &digest, nodes, stop,
                )?;
                eprintln!(
                    "bench: {} run {round}/{runs}: wall {}, CPU {}, peak RSS {}",
                    client.label(),
                    figures::ms(usage.wall),
                    figures::ms(usage.cpu()),
                    figures::mib(usage.max_rss)
                );
                series[c].push(usage);
            }
        }
        Ok(())
    })();
    let _ = std::fs::remove_dir_all(&remote);
    drop(running);
    result?;
    println!("{}", render(nodes, size_mib, runs, &series, &theirs_label));
    Ok(0)
}

/// `size_mib` MiB of varied content: runs of text lines and of pseudo-random bytes, as
/// an application bundle mixes them, from a fixed seed.
fn write_payload(path: &Path, size_mib: u64) -> Result<()> {
    let mut state = SEED;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let total = size_mib * 1024 * 1024;
    let mut bytes = Vec::with_capacity(total as usize);
    let mut line = 0u64;
    while (bytes.len() as u64) < total {
        if next() % 3 == 0 {
            for _ in 0..(next() % 64 + 1) {
                line += 1;
                bytes.extend_from_slice(
                    format!(
                        "{line:08} key_{:x} = value-{}\n",
                        next() % 4096,
                        next() % 100_000
                    )
                    .as_bytes(),
                );
            }
        } else {
            for _ in 0..(next() % 512 + 1) {
                bytes.extend_from_slice(&next().to_le_bytes());
            }
        }
    }
    bytes.truncate(total as usize);
    std::fs::write(path, &bytes)
        .map_err(|e| Error::msg(format!("cannot write {}: {e}", path.display())))
}

/// The SHA-256 of a file, in hex.
fn file_digest(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path)
        .map_err(|e| Error::msg(format!("cannot read {}: {e}", path.display())))?;
    Ok(hex::encode(Sha256::digest(&bytes)))
}

/// `nodes` `local` nodes in the sandbox's state folder, made once before the timed runs
/// (they run at once: the boot delay is zero).
fn create_local_nodes(bin: &Path, sandbox: &Sandbox, nodes: u32) -> Result<Vec<String>> {
    (0..nodes)
        .map(|i| {
            let log = sandbox.file("create.err");
            let mut cmd = std::process::Command::new(bin);
            sandbox.prepare(&mut cmd, (DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY), &log)?;
            clients::local_env(&mut cmd, sandbox);
            let out = cmd
                .args([
                    "--output",
                    "json",
                    "nodes",
                    "create",
                    &format!("node-{i:02}"),
                ])
                .args(["--size", "small", "--image", "debian-12"])
                .output()
                .map_err(|e| Error::msg(format!("cannot run {}: {e}", bin.display())))?;
            let node: serde_json::Value = serde_json::from_slice(&out.stdout).map_err(|_| {
                Error::msg(format!(
                    "nodes create failed: {}",
                    log_tail(&log, TAIL_LINES)
                ))
            })?;
            node["id"]
                .as_str()
                .map(str::to_string)
                .ok_or_else(|| Error::msg(format!("nodes create printed no id: {node}")))
        })
        .collect()
}

/// One deployment to every node; fails unless the client succeeded, every node's file is
/// on the server's disk with the right digest, and the client reported that digest for
/// every node.
#[allow(clippy::too_many_arguments)]
fn one_run(
    client: &Client,
    server: &Server,
    sandbox: &Sandbox,
    payload: &Path,
    remote: &Path,
    digest: &str,
    nodes: u32,
    stop: &Interrupt,
) -> Result<Usage> {
    let _ = std::fs::remove_dir_all(remote);
    let log = sandbox.file("client.err");
    let out = sandbox.file("client.out");
    let mut launch =
        sandbox.launch(client.program(), (DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY), &log)?;
    clients::local_env(launch.cmd(), sandbox);
    launch
        .cmd()
        .args(client.args(server, payload, remote, nodes, &sandbox.file("known_hosts")));
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
    let printed = std::fs::read_to_string(&out)
        .map_err(|e| Error::msg(format!("cannot read {}: {e}", out.display())))?;
    let reported = client.reported_digests(&printed)?;
    check_results(remote, digest, nodes, &reported, client.label())?;
    Ok(done.usage)
}

/// Every node's folder under `remote` holds the payload (by digest), and the client
/// reported that digest for as many nodes.
fn check_results(
    remote: &Path,
    digest: &str,
    nodes: u32,
    reported: &BTreeMap<String, String>,
    label: &str,
) -> Result<()> {
    let folders: Vec<PathBuf> = std::fs::read_dir(remote)
        .map_err(|e| Error::msg(format!("{label} left no {}: {e}", remote.display())))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .collect();
    if folders.len() != nodes as usize {
        return Err(Error::msg(format!(
            "{label} deployed to {} nodes of {nodes}",
            folders.len()
        )));
    }
    for folder in &folders {
        let got = file_digest(&folder.join("payload"))?;
        if got != digest {
            return Err(Error::msg(format!(
                "{label}: {} differs from the uploaded file",
                folder.display()
            )));
        }
    }
    let right = reported.values().filter(|d| d.as_str() == digest).count();
    if right != nodes as usize {
        return Err(Error::msg(format!(
            "{label} reported the right digest for {right} nodes of {nodes}: {reported:?}"
        )));
    }
    Ok(())
}

fn render(nodes: u32, size_mib: u64, runs: u32, series: &[Vec<Usage>; 2], theirs: &str) -> String {
    let median = |values: Vec<Duration>| figures::median(&values);
    let wall = |s: &Vec<Usage>| median(s.iter().map(|u| u.wall).collect());
    let cpu = |s: &Vec<Usage>| median(s.iter().map(|u| u.cpu()).collect());
    let rss = |s: &Vec<Usage>| {
        let values: Vec<u64> = s.iter().map(|u| u.max_rss).collect();
        figures::median(&values)
    };
    let [ours, theirs_runs] = series;
    let dur = |d: Option<Duration>| d.map(figures::ms).unwrap_or_else(|| "-".into());
    let ratio = |a: Option<Duration>, b: Option<Duration>| {
        figures::times(match (a, b) {
            (Some(a), Some(b)) => figures::ratio(b.as_secs_f64(), a.as_secs_f64()),
            _ => None,
        })
    };
    let mut table = Table::new(["", "libcloud-rs CLI", theirs, "ratio"]);
    table.row([
        "wall time".to_string(),
        dur(wall(ours)),
        dur(wall(theirs_runs)),
        ratio(wall(ours), wall(theirs_runs)),
    ]);
    table.row([
        "client CPU".to_string(),
        dur(cpu(ours)),
        dur(cpu(theirs_runs)),
        ratio(cpu(ours), cpu(theirs_runs)),
    ]);
    table.row([
        "peak RSS".to_string(),
        rss(ours).map(figures::mib).unwrap_or_default(),
        rss(theirs_runs).map(figures::mib).unwrap_or_default(),
        String::new(),
    ]);
    format!(
        "deploy: {nodes} nodes at once, each an upload of {size_mib} MiB and a script, \
         through OpenSSH on 127.0.0.1 (medians of {runs} runs)\n\n{table}"
    )
}
