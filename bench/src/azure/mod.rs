//! `cargo xtask bench azure-transfer`: throughput and memory of our CLI moving a large
//! file to and from Azure Blob storage, next to Apache Libcloud's Azure Blobs driver and
//! plain `curl`, all against the test suite's Azurite on 127.0.0.1 (the `azurite`
//! service, which checks Shared Key and SAS signatures).
//!
//! Our CLI runs with the driver's default block size and concurrency, configured by a
//! connection string alone; Apache Libcloud uploads with `upload_object` (4 MiB blocks
//! one after the other, see `bench/python/azure_transfer.py`); curl sends one
//! `Put Blob` and one `Get Blob` with a SAS signed by [`sas`]. Each round uploads the
//! file with each client in turn (each to its own blob), then downloads it back and
//! checks the SHA-256; dirty pages are written out (`sync`) before every timed transfer.
//! The table shows medians, and the goals are reported, met or not. Our CLI's download
//! flushes the file to disk (`fsync`) before renaming it into place, inside its timing;
//! the other clients leave that to the kernel. Azurite keeps the blobs in
//! `target/emulators/azurite-data` until its next start empties the folder.

pub mod account;
pub mod clients;
pub mod report;
pub mod sas;

use std::path::Path;
use std::time::Duration;

use xtask::interrupt::Interrupt;
use xtask::services::process::{TAIL_LINES, log_tail};
use xtask::services::table::SERVICES;
use xtask::services::{Layout, Running, azurite};

use account::Account;
use clients::{Client, Direction, Transfer};
use report::Results;

use super::figures::{self, MIB};
use super::measure::Usage;
use super::s3::payload;
use super::s3::report::Series;
use super::sandbox::{DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY, Sandbox};
use super::{cli_bin, gnu_time, host, python};
use crate::{Error, Result};

/// The container every client uses.
const CONTAINER: &str = "bench";

/// The AWS variables the sandbox sets for S3 clients, removed here: nothing Azure
/// reads them, and no client should see credentials it was not meant to use.
const AWS_VARS: [&str; 2] = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"];

/// Runs the benchmark from the workspace `root`; prints the report.
pub fn run(root: &Path, size_mib: u64, runs: u32, stop: &Interrupt) -> Result<u8> {
    gnu_time::ensure()?;
    let curl = host::curl_label()?;
    let bin = cli_bin::build_release(root)?;
    cli_bin::require_provider(&bin, "azure_blobs")?;
    let layout = Layout::new(root.to_path_buf());
    let venv = python::ensure(&layout)?;
    let service = SERVICES
        .iter()
        .find(|s| s.name == "azurite")
        .ok_or_else(|| Error::msg("xtask has no azurite service"))?;
    let running = Running::start(&[service], &layout, stop)?;
    let account = Account::from_exports(&running.env())?;
    let bench = Bench {
        clients: [
            Client::Ours { bin },
            Client::Libcloud {
                python: venv.bin("python"),
                script: python::script(root, "azure_transfer.py"),
            },
            Client::Curl,
        ],
        labels: [
            "libcloud-rs CLI".into(),
            format!("Apache Libcloud {}", python::libcloud_version(&venv)),
            curl,
        ],
        sandbox: Sandbox::create(root, "azure-transfer")?,
        account,
        size: size_mib * MIB,
        stop,
    };
    let source = bench.sandbox.file("payload.bin");
    eprintln!("bench: writing {size_mib} MiB to {}", source.display());
    let digest = payload::write(&source, bench.size)?;
    bench.create_container()?;
    let series = bench.rounds(runs, &source, &digest)?;
    drop(running);
    let results = Results {
        size: bench.size,
        runs,
        server: format!("Azurite {}", azurite::VERSION),
        series,
    };
    println!("{}", report::render(&results));
    Ok(0)
}

/// What every round shares.
struct Bench<'a> {
    clients: [Client; 3],
    labels: [String; 3],
    sandbox: Sandbox,
    account: Account,
    size: u64,
    stop: &'a Interrupt,
}

impl Bench<'_> {
    /// How long one transfer may take before it is killed: two minutes plus a second
    /// per MiB.
    fn timeout(&self) -> Duration {
        Duration::from_secs(120 + self.size / MIB)
    }

    /// Creates the container with our CLI (untimed).
    fn create_container(&self) -> Result<()> {
        let ours = &self.clients[0];
        let args = [
            "--provider",
            "azure_blobs",
            "storage",
            "containers",
            "create",
        ];
        let mut args: Vec<String> = args.map(String::from).to_vec();
        args.push(CONTAINER.into());
        self.launch(ours, &args, Duration::from_secs(120))
            .map(|_| ())
            .map_err(|e| Error::msg(format!("creating the container: {e}")))
    }

    /// Every timed run: each round uploads `source` with each client in turn, then
    /// downloads it back and checks its SHA-256 against `digest`.
    fn rounds(&self, runs: u32, source: &Path, digest: &str) -> Result<[Series; 3]> {
        let mut series = self.labels.clone().map(|label| Series {
            label,
            ..Series::default()
        });
        let download = self.sandbox.file("download.bin");
        for round in 1..=runs {
            for (c, client) in self.clients.iter().enumerate() {
                let label = self.labels[c].as_str();
                for (direction, file) in [
                    (Direction::Upload, source),
                    (Direction::Download, download.as_path()),
                ] {
                    let _ = std::fs::remove_file(&download);
                    let usage = self
                        .timed(client, direction, file)
                        .map_err(|e| Error::msg(format!("{label} {}: {e}", word(direction))))?;
                    eprintln!(
                        "bench: {label} {} {round}/{runs}: {}, peak RSS {}",
                        word(direction),
                        figures::rate(figures::mib_per_sec(self.size, usage.wall)),
                        figures::mib(usage.max_rss)
                    );
                    match direction {
                        Direction::Upload => series[c].uploads.push(usage),
                        Direction::Download => {
                            payload::verify(&download, digest, self.size, label)?;
                            series[c].downloads.push(usage);
                        }
                    }
                }
            }
        }
        let _ = std::fs::remove_file(&download);
        Ok(series)
    }

    /// One measured transfer of `file`, after the disk has settled; curl's SAS is
    /// signed before the clock starts.
    fn timed(&self, client: &Client, direction: Direction, file: &Path) -> Result<Usage> {
        if self.stop.is_set() {
            return Err(Error::msg("interrupted"));
        }
        let sas = match client {
            Client::Curl => {
                let life = chrono::Duration::from_std(self.timeout() * 2)
                    .map_err(|e| Error::msg(format!("SAS lifetime: {e}")))?;
                let expiry = chrono::Utc::now() + life;
                sas::query(&self.account, CONTAINER, client.key(), expiry)?
            }
            _ => String::new(),
        };
        let t = Transfer {
            direction,
            account: &self.account,
            container: CONTAINER,
            file,
            sas: &sas,
        };
        host::settle();
        self.launch(client, &client.args(&t), self.timeout())
    }

    /// Runs `client` with `args` in the sandbox, its own variables added to the clean
    /// environment (the dummy AWS keys taken out); its usage, or its output on failure.
    fn launch(&self, client: &Client, args: &[String], timeout: Duration) -> Result<Usage> {
        let log = self.sandbox.file("client.err");
        let out = self.sandbox.file("client.out");
        let keys = (DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY);
        let mut launch = self.sandbox.launch(client.program(), keys, &log)?;
        let out_file = std::fs::File::create(&out)
            .map_err(|e| Error::msg(format!("cannot create {}: {e}", out.display())))?;
        let cmd = launch.cmd();
        for var in AWS_VARS {
            cmd.env_remove(var);
        }
        cmd.envs(client.env(&self.account))
            .args(args)
            .stdout(out_file);
        let done = launch.run(timeout, self.stop)?;
        if done.status.success() {
            Ok(done.usage)
        } else {
            Err(Error::msg(format!(
                "failed ({}); its stderr ends:\n{}\nits stdout ends:\n{}",
                done.status,
                log_tail(&log, TAIL_LINES),
                log_tail(&out, TAIL_LINES)
            )))
        }
    }
}

/// `upload` or `download`, for progress lines and errors.
fn word(direction: Direction) -> &'static str {
    match direction {
        Direction::Upload => "upload",
        Direction::Download => "download",
    }
}
