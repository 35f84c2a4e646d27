//! `cargo xtask bench sync`: our CLI's `storage sync` of a local directory into an S3
//! bucket, next to rclone's `sync` and the AWS CLI's `aws s3 sync`, all against s3s-fs
//! on 127.0.0.1 (started as `s3-transfer` starts it, its objects in the scratch
//! folder).
//!
//! The directory (`data.rs`) is written once into the scratch folder: `--files` small
//! files of 1 to 64 KiB in nested folders and four large files of `--size-mib` MiB, of
//! pseudo-random bytes from a fixed seed. Each run gives each client an empty bucket of
//! its own, times its first sync and then an immediate re-sync with nothing changed
//! (dirty pages written out before each, untimed), and lists the bucket after each:
//! every file must be there with its size and nothing else, or the client gets no
//! figures (`check.rs`). The listing also tells how many objects the re-sync wrote
//! again. A checked bucket's folder is deleted, so the disk holds one copy at a time.
//! Until our CLI has `storage sync`, its row says so and the other two still run.

pub mod bucket;
pub mod check;
pub mod clients;
pub mod data;
pub mod report;
pub mod tools;

use std::path::{Path, PathBuf};
use std::time::Duration;

use xtask::interrupt::Interrupt;
use xtask::services::Layout;
use xtask::services::process::{TAIL_LINES, log_tail};

use clients::{Client, Target};
use data::{BIG_FILES, Manifest, Spec};
use report::{Results, Row};

use super::figures::{self, MIB};
use super::measure::Usage;
use super::s3::server::S3sFs;
use super::sandbox::Sandbox;
use super::{cli_bin, gnu_time, host, python};
use crate::{Error, Result};

/// How long a sync may take before it is killed: this much, plus a second per MiB.
const BASE_TIMEOUT: Duration = Duration::from_secs(600);

/// Runs the benchmark from the workspace `root` with `files` small files and four
/// large ones of `big_mib` MiB; prints the report. Exits 1 when a client failed.
pub fn run(root: &Path, files: u32, big_mib: u64, runs: u32, stop: &Interrupt) -> Result<u8> {
    gnu_time::ensure()?;
    tools::ensure_rclone()?;
    let layout = Layout::new(root.to_path_buf());
    let venv = python::ensure(&layout)?;
    let aws = python::ensure_aws_cli(&layout, &venv)?;
    let bin = cli_bin::build_release(root)?;
    cli_bin::require_provider(&bin, "s3")?;
    let sandbox = Sandbox::create(root, "sync")?;
    let config = sandbox.file("rclone.conf");
    std::fs::write(&config, "")
        .map_err(|e| Error::msg(format!("cannot write {}: {e}", config.display())))?;
    let lineup = [
        (
            Client::Ours { bin: bin.clone() },
            "libcloud-rs CLI".to_string(),
        ),
        (
            Client::Rclone {
                bin: tools::RCLONE.into(),
                config,
            },
            tools::rclone_version(),
        ),
        (Client::Aws { bin: aws.clone() }, tools::aws_version(&aws)),
    ];
    let mut rows: Vec<Row> = lineup
        .iter()
        .map(|(_, label)| Row {
            label: label.clone(),
            ..Row::default()
        })
        .collect();
    if !tools::ours_has_sync(&bin) {
        rows[0].missing =
            Some("`libcloud storage sync --help` fails: no `storage sync` yet".into());
    }

    let tree = sandbox.file("tree");
    let spec = Spec { files, big_mib };
    eprintln!(
        "bench: writing {files} small files and {BIG_FILES} of {big_mib} MiB to {}",
        tree.display()
    );
    let manifest = data::write(&tree, spec)?;
    let bytes = data::total_bytes(&manifest);
    let data_dir = sandbox.file("s3s-data");
    let mut s3s = S3sFs::start(root, data_dir.clone(), &sandbox.file("s3s-fs.log"), stop)?;
    eprintln!("bench: s3s-fs is up at {}", s3s.endpoint());
    let keys = (s3s.keys().0.to_string(), s3s.keys().1.to_string());
    let bench = Bench {
        bin: &bin,
        sandbox: &sandbox,
        manifest: &manifest,
        port: s3s.port(),
        keys: (&keys.0, &keys.1),
        dir: &tree,
        data: &data_dir,
        timeout: BASE_TIMEOUT + Duration::from_secs(bytes / MIB),
        stop,
    };
    let mut failed = false;
    for round in 1..=runs {
        for ((client, label), row) in lineup.iter().zip(rows.iter_mut()) {
            if row.missing.is_some() {
                continue;
            }
            match bench.round(client, label, round, runs) {
                Ok((first, again, rewritten)) => {
                    row.first.push(first);
                    row.again.push(again);
                    row.rewritten.push(rewritten);
                }
                Err(_) if stop.is_set() => return Err(Error::msg("interrupted")),
                Err(e) => {
                    eprintln!("bench: {label} failed: {e}");
                    *row = Row {
                        label: label.clone(),
                        missing: Some(format!("it failed: {e}")),
                        ..Row::default()
                    };
                    failed = true;
                }
            }
        }
    }
    let server = format!("s3s-fs {}", s3s.version());
    s3s.stop();
    let results = Results {
        files,
        big: big_mib * MIB,
        big_files: BIG_FILES,
        bytes,
        runs,
        server: server.trim().to_string(),
        rows,
    };
    println!("{}", report::render(&results));
    Ok(u8::from(failed))
}

/// What every client's rounds share.
struct Bench<'a> {
    bin: &'a Path,
    sandbox: &'a Sandbox,
    manifest: &'a Manifest,
    port: u16,
    keys: (&'a str, &'a str),
    dir: &'a Path,
    data: &'a Path,
    timeout: Duration,
    stop: &'a Interrupt,
}

impl Bench<'_> {
    /// One round of `client`: a fresh bucket, the first sync and the re-sync, each
    /// checked by listing; their usage and the objects the re-sync wrote again.
    fn round(
        &self,
        client: &Client,
        label: &str,
        round: u32,
        runs: u32,
    ) -> Result<(Usage, Usage, usize)> {
        let name = format!("sync-{}-{round}", client.key());
        let target = Target {
            port: self.port,
            keys: self.keys,
            bucket: &name,
            dir: self.dir,
        };
        let result = self.syncs(client, label, round, runs, &target);
        bucket::discard(self.data, &name);
        result
    }

    /// The two timed syncs of [`Bench::round`] into `target`'s new bucket.
    fn syncs(
        &self,
        client: &Client,
        label: &str,
        round: u32,
        runs: u32,
        target: &Target<'_>,
    ) -> Result<(Usage, Usage, usize)> {
        let target = *target;
        bucket::create(self.bin, self.sandbox, &target)?;
        let first = self.timed(client, &target)?;
        let listed = bucket::list(self.bin, self.sandbox, &target)?;
        check::matches(self.manifest, &listed)
            .map_err(|e| Error::msg(format!("after the first sync: {e}")))?;
        self.log(label, "first sync", round, runs, &first);
        let again = self.timed(client, &target)?;
        let relisted = bucket::list(self.bin, self.sandbox, &target)?;
        check::matches(self.manifest, &relisted)
            .map_err(|e| Error::msg(format!("after the re-sync: {e}")))?;
        let rewritten = check::rewritten(&listed, &relisted);
        self.log(label, "re-sync", round, runs, &again);
        if rewritten > 0 {
            eprintln!("bench: {label}'s re-sync wrote {rewritten} objects again");
        }
        Ok((first, again, rewritten))
    }

    /// One measured sync; a failure shows the client's stderr and stdout.
    fn timed(&self, client: &Client, target: &Target<'_>) -> Result<Usage> {
        if self.stop.is_set() {
            return Err(Error::msg("interrupted"));
        }
        host::settle();
        let err = self.sandbox.file("client.err");
        let out = self.sandbox.file("client.out");
        let out_file = std::fs::File::create(&out)
            .map_err(|e| Error::msg(format!("cannot create {}: {e}", out.display())))?;
        let mut launch = self.sandbox.launch(client.program(), target.keys, &err)?;
        launch
            .cmd()
            .args(client.args(target))
            .envs(client.env(target))
            .stdout(out_file);
        let done = launch.run(self.timeout, self.stop)?;
        if done.status.success() {
            Ok(done.usage)
        } else {
            Err(Error::msg(format!(
                "{} ({}); its stderr ends:\n{}\nits stdout ends:\n{}",
                program_name(client.program()),
                done.status,
                log_tail(&err, TAIL_LINES),
                log_tail(&out, TAIL_LINES)
            )))
        }
    }

    fn log(&self, label: &str, what: &str, round: u32, runs: u32, u: &Usage) {
        eprintln!(
            "bench: {label} {what} {round}/{runs}: {}, CPU {}, peak RSS {}",
            report::secs(u.wall),
            report::secs(u.cpu()),
            figures::mib(u.max_rss)
        );
    }
}

fn program_name(program: &Path) -> String {
    program
        .file_name()
        .map(PathBuf::from)
        .unwrap_or_else(|| program.to_path_buf())
        .display()
        .to_string()
}
