//! `cargo xtask bench s3-transfer`: throughput and memory of our CLI moving a large
//! file to and from S3, next to Apache Libcloud's S3 driver and plain `curl`.
//!
//! Two servers, one table each (`--server` picks one). s3s-fs checks SigV4, so every
//! client signs for real, with its objects in the benchmark's scratch folder; on two
//! cores it competes with the client for CPU and assembles a multipart object by
//! copying and hashing every byte again when the upload completes. The sink server
//! (`sink.rs`) stores nothing and checks every uploaded byte with hardware CRC32C, so
//! its figures are the clients' own. Should Apache Libcloud fail a small
//! round trip against it, its row runs against moto's S3 instead, and the table says
//! so. Each round uploads the file with each client in turn, then downloads it back
//! and checks the SHA-256; dirty pages are written out (`sync`) before every timed
//! transfer. The tables show medians. Our CLI's download flushes the file to disk
//! (`fsync`) before renaming it into place, inside its timing; the other clients leave
//! that to the kernel.

pub mod aws_chunked;
pub mod clients;
pub mod payload;
pub mod report;
pub mod server;
pub mod sink;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use xtask::interrupt::Interrupt;
use xtask::services::process::{TAIL_LINES, log_tail};
use xtask::services::table::SERVICES;
use xtask::services::{Layout, Running};

use clients::{CONCURRENCY, Client, Direction, PART_SIZE_MIB, Transfer, ours_globals};
use report::{Results, Series};
use server::S3sFs;
use sink::SinkServer;

use super::args::S3Servers;
use super::figures::{self, MIB};
use super::measure::Usage;
use super::sandbox::{DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY, Sandbox};
use super::{cli_bin, gnu_time, host, python};
use crate::{Error, Result};

/// The bucket every client uses.
pub const BUCKET: &str = "bench";

/// Where a client's transfers go.
#[derive(Debug, Clone)]
struct Target {
    port: u16,
    access_key: String,
    secret_key: String,
}

impl Target {
    fn keys(&self) -> (&str, &str) {
        (&self.access_key, &self.secret_key)
    }
}

/// Runs the benchmark from the workspace `root` against `servers`; prints a report per
/// server.
pub fn run(
    root: &Path,
    size_mib: u64,
    runs: u32,
    servers: S3Servers,
    stop: &Interrupt,
) -> Result<u8> {
    gnu_time::ensure()?;
    let curl_label = host::curl_label()?;
    let bin = cli_bin::build_release(root)?;
    cli_bin::require_provider(&bin, "s3")?;
    let venv = python::ensure(&Layout::new(root.to_path_buf()))?;
    let bench = Bench {
        root,
        clients: [
            Client::Ours { bin: bin.clone() },
            Client::Libcloud {
                python: venv.bin("python"),
                script: python::script(root, "s3_transfer.py"),
            },
            Client::Curl,
        ],
        labels: [
            "libcloud-rs CLI".into(),
            format!("Apache Libcloud {}", python::libcloud_version(&venv)),
            curl_label,
        ],
        bin,
        sandbox: Sandbox::create(root, "s3-transfer")?,
        size: size_mib * MIB,
        runs,
        stop,
    };
    let source = bench.sandbox.file("payload.bin");
    eprintln!("bench: writing {size_mib} MiB to {}", source.display());
    let digest = payload::write(&source, bench.size)?;
    let mut reports = Vec::new();
    if matches!(servers, S3Servers::S3sFs | S3Servers::Both) {
        reports.push(bench.on_s3s_fs(&source, &digest)?);
    }
    if matches!(servers, S3Servers::Sink | S3Servers::Both) {
        reports.push(bench.on_sink(&source, &digest)?);
    }
    let rendered: Vec<String> = reports.iter().map(report::render).collect();
    println!("{}", rendered.join("\n"));
    Ok(0)
}

/// What every server's rounds share.
struct Bench<'a> {
    root: &'a Path,
    clients: [Client; 3],
    labels: [String; 3],
    bin: PathBuf,
    sandbox: Sandbox,
    size: u64,
    runs: u32,
    stop: &'a Interrupt,
}

impl Bench<'_> {
    /// The rounds against s3s-fs (Apache Libcloud against moto should it fail a round
    /// trip with s3s-fs).
    fn on_s3s_fs(&self, source: &Path, digest: &str) -> Result<Results> {
        let sandbox = &self.sandbox;
        let mut s3s = S3sFs::start(
            self.root,
            sandbox.file("s3s-data"),
            &sandbox.file("s3s-fs.log"),
            self.stop,
        )?;
        eprintln!("bench: s3s-fs is up at {}", s3s.endpoint());
        let main = Target {
            port: s3s.port(),
            access_key: s3s.keys().0.to_string(),
            secret_key: s3s.keys().1.to_string(),
        };
        create_bucket(&self.bin, sandbox, &main)?;
        let mut moto: Option<Running> = None;
        let mut note = None;
        let libcloud_target = match probe(&self.clients[1], sandbox, &main, self.stop) {
            Ok(()) => main.clone(),
            Err(e) => {
                eprintln!("bench: Apache Libcloud cannot use s3s-fs ({e}); using moto for its row");
                let (running, target) = start_moto(self.root, self.stop)?;
                moto = Some(running);
                create_bucket(&self.bin, sandbox, &target)?;
                probe(&self.clients[1], sandbox, &target, self.stop)?;
                note = Some(format!(
                    "{} failed a round trip with s3s-fs, so its row ran against moto's S3",
                    self.labels[1]
                ));
                target
            }
        };
        let targets = [main.clone(), libcloud_target, main];
        let series = self.rounds(&targets, source, digest)?;
        let server = format!("s3s-fs {}", s3s.version());
        s3s.stop();
        drop(moto);
        Ok(self.results(server.trim().to_string(), series, note))
    }

    /// The rounds against the sink server.
    fn on_sink(&self, source: &Path, digest: &str) -> Result<Results> {
        let sink = SinkServer::start(source)?;
        eprintln!("bench: the sink server is up at {}", sink.endpoint());
        let target = Target {
            port: sink.port(),
            access_key: DUMMY_ACCESS_KEY.into(),
            secret_key: DUMMY_SECRET_KEY.into(),
        };
        create_bucket(&self.bin, &self.sandbox, &target)?;
        probe(&self.clients[1], &self.sandbox, &target, self.stop)?;
        let targets = [target.clone(), target.clone(), target];
        let series = self.rounds(&targets, source, digest)?;
        drop(sink);
        Ok(self.results(
            "the sink server (stores nothing, CRC32C-checks every byte)".into(),
            series,
            None,
        ))
    }

    /// Every timed run: each round uploads `source` with each client in turn, then
    /// downloads it back and checks its SHA-256 against `digest`.
    fn rounds(&self, targets: &[Target; 3], source: &Path, digest: &str) -> Result<[Series; 3]> {
        let mut series = self.labels.clone().map(|label| Series {
            label,
            ..Series::default()
        });
        let (size, runs) = (self.size, self.runs);
        let timeout = Duration::from_secs(120 + size / MIB);
        for round in 1..=runs {
            for (c, client) in self.clients.iter().enumerate() {
                let target = &targets[c];
                let key = format!("object-{c}.bin");
                let download = self.sandbox.file("download.bin");
                let label = series[c].label.clone();
                for (direction, file) in [
                    (Direction::Upload, source),
                    (Direction::Download, download.as_path()),
                ] {
                    if self.stop.is_set() {
                        return Err(Error::msg("interrupted"));
                    }
                    let t = Transfer {
                        direction,
                        port: target.port,
                        bucket: BUCKET,
                        key: &key,
                        file,
                        keys: target.keys(),
                    };
                    host::settle();
                    let usage = timed(client, &t, &self.sandbox, &label, timeout, self.stop)?;
                    eprintln!(
                        "bench: {label} {} run {round}/{runs}: {}, CPU {}, peak RSS {}",
                        match direction {
                            Direction::Upload => "upload",
                            Direction::Download => "download",
                        },
                        figures::rate(figures::mib_per_sec(size, usage.wall)),
                        figures::ms(usage.cpu()),
                        figures::mib(usage.max_rss)
                    );
                    match direction {
                        Direction::Upload => series[c].uploads.push(usage),
                        Direction::Download => {
                            series[c].downloads.push(usage);
                            payload::verify(&download, digest, size, &label)?;
                            let _ = std::fs::remove_file(&download);
                        }
                    }
                }
            }
        }
        Ok(series)
    }

    fn results(&self, server: String, series: [Series; 3], note: Option<String>) -> Results {
        Results {
            size: self.size,
            runs: self.runs,
            server,
            series,
            part_size_mib: PART_SIZE_MIB,
            concurrency: CONCURRENCY,
            note,
        }
    }
}

/// One measured transfer; a failure shows the client's stderr.
fn timed(
    client: &Client,
    t: &Transfer<'_>,
    sandbox: &Sandbox,
    label: &str,
    timeout: Duration,
    stop: &Interrupt,
) -> Result<Usage> {
    let log = sandbox.file("client.err");
    let mut launch = sandbox.launch(client.program(), t.keys, &log)?;
    launch.cmd().args(client.args(t)).stdout(Stdio::null());
    let done = launch.run(timeout, stop)?;
    if done.status.success() {
        Ok(done.usage)
    } else {
        Err(Error::msg(format!(
            "{label} failed ({}); its stderr ends:\n{}",
            done.status,
            log_tail(&log, TAIL_LINES)
        )))
    }
}

/// Creates the bucket with our CLI (untimed).
fn create_bucket(bin: &Path, sandbox: &Sandbox, target: &Target) -> Result<()> {
    let log = sandbox.file("setup.err");
    let mut cmd = Command::new(bin);
    sandbox.prepare(&mut cmd, target.keys(), &log)?;
    let status = cmd
        .args(ours_globals(target.port))
        .args(["storage", "containers", "create", BUCKET])
        .stdout(Stdio::null())
        .status()
        .map_err(|e| Error::msg(format!("cannot run {}: {e}", bin.display())))?;
    if status.success() {
        Ok(())
    } else {
        Err(Error::msg(format!(
            "creating the bucket failed; stderr ends:\n{}",
            log_tail(&log, TAIL_LINES)
        )))
    }
}

/// A 1 MiB round trip with `client`, checked byte for byte.
fn probe(client: &Client, sandbox: &Sandbox, target: &Target, stop: &Interrupt) -> Result<()> {
    let up = sandbox.file("probe.bin");
    let down = sandbox.file("probe.out");
    let digest = payload::write(&up, MIB)?;
    for (direction, file) in [(Direction::Upload, &up), (Direction::Download, &down)] {
        let t = Transfer {
            direction,
            port: target.port,
            bucket: BUCKET,
            key: "probe.bin",
            file,
            keys: target.keys(),
        };
        timed(client, &t, sandbox, "probe", Duration::from_secs(120), stop)?;
    }
    let checked = payload::verify(&down, &digest, MIB, "probe");
    let _ = std::fs::remove_file(&up);
    let _ = std::fs::remove_file(&down);
    checked
}

/// Starts moto from the services table; returns it and where it listens.
fn start_moto(root: &Path, stop: &Interrupt) -> Result<(Running, Target)> {
    let moto = SERVICES
        .iter()
        .find(|s| s.name == "moto")
        .ok_or_else(|| Error::msg("the services table has no moto"))?;
    let running = Running::start(&[moto], &Layout::new(root.to_path_buf()), stop)?;
    let port = running
        .env()
        .into_iter()
        .find(|(k, _)| k == moto.env_var)
        .and_then(|(_, url)| url.rsplit(':').next().and_then(|p| p.parse().ok()))
        .ok_or_else(|| Error::msg("moto started without a port"))?;
    Ok((
        running,
        Target {
            port,
            access_key: DUMMY_ACCESS_KEY.into(),
            secret_key: DUMMY_SECRET_KEY.into(),
        },
    ))
}
