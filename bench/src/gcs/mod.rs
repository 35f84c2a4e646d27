//! `cargo xtask bench gcs-transfer`: throughput and memory of our CLI moving a large
//! file to and from fake-gcs-server, next to Apache Libcloud's `google_storage` driver
//! and plain `curl`.
//!
//! The benchmark starts its own fake-gcs-server (`server.rs`), whose public host is
//! `storage.googleapis.com` so that its XML API answers Apache Libcloud (see
//! `bench/python/gcs_transfer.py` for how the driver is pointed at it). Apache Libcloud
//! is first tried on a small round trip; should that fail, its row says "not
//! comparable" and why, and the others still run. Each round uploads the file with each
//! client in turn, then downloads it back and checks the SHA-256, then deletes the
//! object (untimed) so the in-memory emulator does not keep every copy; dirty pages are
//! written out (`sync`) before every timed transfer. What the emulator spends on each
//! upload (CPU, peak memory) is read from `/proc` (`procfs.rs`), because on uploads it
//! is the emulator, more than the client, that is measured.

pub mod clients;
pub mod procfs;
pub mod report;
pub mod server;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use xtask::interrupt::Interrupt;
use xtask::services::Layout;
use xtask::services::process::{TAIL_LINES, log_tail};

use clients::{CHUNK_SIZE_MIB, Client, Direction, Transfer};
use report::{Results, Series};
use server::FakeGcs;

use super::figures::{self, MIB};
use super::measure::Usage;
use super::s3::payload;
use super::sandbox::{DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY, Sandbox};
use super::{cli_bin, gnu_time, host, python};
use crate::{Error, Result};

/// The bucket every client uses.
pub const BUCKET: &str = "bench";

/// The size of Apache Libcloud's untimed trial round trip.
const PROBE_SIZE: u64 = MIB;

/// How long one transfer of `size` bytes may take before it is killed: uploads in
/// resumable requests cost the emulator time that grows with the square of the size.
fn timeout_for(size: u64) -> Duration {
    let mib = size / MIB;
    Duration::from_secs(300 + mib + mib * mib / 2048)
}

/// Runs the benchmark from the workspace `root`; prints the report.
pub fn run(root: &Path, size_mib: u64, runs: u32, stop: &Interrupt) -> Result<u8> {
    gnu_time::ensure()?;
    let curl_label = host::curl_label()?;
    let bin = cli_bin::build_release(root)?;
    cli_bin::require_provider(&bin, "gcs")?;
    let venv = python::ensure(&Layout::new(root.to_path_buf()))?;
    let clients = [
        Client::Ours { bin: bin.clone() },
        Client::Libcloud {
            python: venv.bin("python"),
            script: python::script(root, "gcs_transfer.py"),
        },
        Client::Curl,
    ];
    let labels = [
        "libcloud-rs CLI".to_string(),
        format!("Apache Libcloud {}", python::libcloud_version(&venv)),
        curl_label,
    ];
    let sandbox = Sandbox::create(root, "gcs-transfer")?;
    let size = size_mib * MIB;
    let source = sandbox.file("payload.bin");
    eprintln!("bench: writing {size_mib} MiB to {}", source.display());
    let digest = payload::write(&source, size)?;
    let mut server = FakeGcs::start(root, &sandbox.file("fake-gcs.log"), stop)?;
    let port = server.port();
    eprintln!(
        "bench: fake-gcs-server is up at {}",
        clients::endpoint(port)
    );
    create_bucket(&bin, &sandbox, port, stop)?;
    let mut series = labels.clone().map(|label| Series {
        label,
        ..Series::default()
    });
    if let Err(e) = probe(&clients[1], &sandbox, port, stop) {
        eprintln!("bench: Apache Libcloud cannot be pointed at the emulator: {e}");
        series[1].not_comparable = Some(reason(&e.to_string()));
    }
    let libcloud_ran = series[1].not_comparable.is_none();
    let bench = Rounds {
        sandbox: &sandbox,
        server: &server,
        size,
        stop,
    };
    for round in 1..=runs {
        for (c, client) in clients.iter().enumerate() {
            if series[c].not_comparable.is_none() {
                bench.round(client, &mut series[c], &source, &digest, (round, runs))?;
            }
        }
    }
    server.stop();
    let results = Results {
        size,
        runs,
        series,
        notes: notes(&labels, libcloud_ran),
    };
    println!("{}", report::render(&results));
    Ok(0)
}

/// What every timed round needs.
struct Rounds<'a> {
    sandbox: &'a Sandbox,
    server: &'a FakeGcs,
    size: u64,
    stop: &'a Interrupt,
}

impl Rounds<'_> {
    /// One upload and one download by `client`, added to `series`; the download is
    /// checked against `digest`, then the object is deleted.
    fn round(
        &self,
        client: &Client,
        series: &mut Series,
        source: &Path,
        digest: &str,
        (round, runs): (u32, u32),
    ) -> Result<()> {
        let port = self.server.port();
        let download = self.sandbox.file("download.bin");
        let label = series.label.clone();
        for (direction, file) in [
            (Direction::Upload, source),
            (Direction::Download, download.as_path()),
        ] {
            if self.stop.is_set() {
                return Err(Error::msg("interrupted"));
            }
            let t = Transfer {
                direction,
                port,
                bucket: BUCKET,
                key: client.key(),
                file,
            };
            host::settle();
            let meter = self.server.pid().and_then(procfs::Meter::start);
            let usage = timed(client, &t, self.sandbox, timeout_for(self.size), self.stop)
                .map_err(|e| Error::msg(format!("{label} {}: {e}", direction.word())))?;
            let spent = meter.and_then(procfs::Meter::finish);
            eprintln!(
                "bench: {label} {} run {round}/{runs}: {}, CPU {}, peak RSS {}{}",
                direction.word(),
                figures::rate(figures::mib_per_sec(self.size, usage.wall)),
                figures::ms(usage.cpu()),
                figures::mib(usage.max_rss),
                spent
                    .map(|s| format!("; emulator CPU {}", figures::ms(s.cpu)))
                    .unwrap_or_default()
            );
            match direction {
                Direction::Upload => {
                    series.uploads.push(usage);
                    series.emulator.extend(spent);
                }
                Direction::Download => {
                    series.downloads.push(usage);
                    payload::verify(&download, digest, self.size, &label)?;
                    let _ = std::fs::remove_file(&download);
                }
            }
        }
        delete_object(port, client.key());
        Ok(())
    }
}

/// The notes under the tables (how Apache Libcloud reached the emulator only when it
/// did).
fn notes(labels: &[String; 3], libcloud_ran: bool) -> Vec<String> {
    let mut notes = vec![
        format!(
            "uploads measure fake-gcs-server more than the clients. On every request of \
             a resumable upload it appends the bytes to all those received so far and \
             hashes the whole again (MD5 and CRC32C), holding it all in memory; so {} \
             (resumable requests of {CHUNK_SIZE_MIB} MiB, as against Google) costs it \
             work that grows with the square of the size, while {} (one XML API PUT) \
             and {} (one uploadType=media POST) send one request it hashes once. The \
             client CPU column is each client's own cost.",
            labels[0], labels[1], labels[2]
        ),
        format!(
            "{}'s download flushes the file to disk (fsync) before renaming it into \
             place, inside its timing; the others leave that to the kernel.",
            labels[0]
        ),
    ];
    if libcloud_ran {
        notes.push(format!(
            "{} reaches the emulator through the driver's documented proxy_url option \
             (plain HTTP, requests in absolute form for storage.googleapis.com, which \
             this emulator instance was started to answer), with HMAC (GCS_S3) \
             credentials; its PUT gets X-Goog-Algorithm added (fake-gcs-server accepts \
             an XML API PUT only as a signed-URL upload) and runs without its ETag check \
             (the emulator sends none), and the bucket HEAD it sends first is skipped \
             (the emulator does not answer it). See bench/python/gcs_transfer.py.",
            labels[1]
        ));
    }
    notes
}

/// Why a client failed, in one line: the last line of its standard error (a Python
/// exception's message), else the error's first line.
fn reason(error: &str) -> String {
    let stderr = error
        .split_once("its stderr ends:")
        .map(|(_, rest)| rest.split("its stdout ends:").next().unwrap_or_default());
    stderr
        .and_then(|s| s.lines().rev().map(str::trim).find(|l| !l.is_empty()))
        .or_else(|| error.lines().next())
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// Removes `key` from the emulator (untimed, best effort: a left-over object only costs
/// the emulator memory until the next upload replaces it).
fn delete_object(port: u16, key: &str) {
    let _ = Command::new("curl")
        .args([
            "--silent",
            "--fail",
            "--noproxy",
            "*",
            "--request",
            "DELETE",
        ])
        .arg(clients::object_url(port, BUCKET, key))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// Creates the bucket with our CLI.
fn create_bucket(bin: &Path, sandbox: &Sandbox, port: u16, stop: &Interrupt) -> Result<()> {
    let ours = Client::Ours {
        bin: bin.to_path_buf(),
    };
    let args = clients::create_bucket_args(BUCKET);
    run_client(&ours, &args, sandbox, port, Duration::from_secs(60), stop)
        .map(|_| ())
        .map_err(|e| Error::msg(format!("creating the bucket: {e}")))
}

/// Apache Libcloud's trial round trip of a small file (untimed).
fn probe(client: &Client, sandbox: &Sandbox, port: u16, stop: &Interrupt) -> Result<()> {
    let small = sandbox.file("probe.bin");
    let back = sandbox.file("probe-back.bin");
    let digest = payload::write(&small, PROBE_SIZE)?;
    let timeout = Duration::from_secs(120);
    for (direction, file) in [(Direction::Upload, &small), (Direction::Download, &back)] {
        let t = Transfer {
            direction,
            port,
            bucket: BUCKET,
            key: "probe.bin",
            file,
        };
        timed(client, &t, sandbox, timeout, stop)?;
    }
    payload::verify(&back, &digest, PROBE_SIZE, client.label())?;
    delete_object(port, "probe.bin");
    let _ = std::fs::remove_file(&small);
    let _ = std::fs::remove_file(&back);
    Ok(())
}

/// One measured transfer.
fn timed(
    client: &Client,
    t: &Transfer<'_>,
    sandbox: &Sandbox,
    timeout: Duration,
    stop: &Interrupt,
) -> Result<Usage> {
    run_client(client, &client.args(t), sandbox, t.port, timeout, stop)
}

/// Runs `client` with `args` in the sandbox's clean environment plus its own variables;
/// a failure shows the end of its output.
fn run_client(
    client: &Client,
    args: &[String],
    sandbox: &Sandbox,
    port: u16,
    timeout: Duration,
    stop: &Interrupt,
) -> Result<Usage> {
    let log = sandbox.file("client.err");
    let out = sandbox.file("client.out");
    let out_file = std::fs::File::create(&out)
        .map_err(|e| Error::msg(format!("cannot create {}: {e}", out.display())))?;
    let mut launch =
        sandbox.launch(client.program(), (DUMMY_ACCESS_KEY, DUMMY_SECRET_KEY), &log)?;
    launch
        .cmd()
        .args(args)
        .envs(client.env(port))
        .stdout(out_file);
    let done = launch.run(timeout, stop)?;
    if done.status.success() {
        return Ok(done.usage);
    }
    Err(Error::msg(format!(
        "{} failed ({}); its stderr ends:\n{}\nits stdout ends:\n{}",
        client.label(),
        done.status,
        log_tail(&log, TAIL_LINES),
        log_tail(&out, TAIL_LINES)
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uploads_get_more_time_as_the_square_of_the_size() {
        assert_eq!(timeout_for(64 * MIB), Duration::from_secs(300 + 64 + 2));
        assert_eq!(
            timeout_for(1024 * MIB),
            Duration::from_secs(300 + 1024 + 512)
        );
        assert!(timeout_for(4096 * MIB) > Duration::from_secs(8000));
    }

    #[test]
    fn notes_name_every_client_and_the_chunk_size() {
        let labels = ["ours".to_string(), "theirs".into(), "curl 8".into()];
        let all = notes(&labels, true);
        assert!(all[0].contains("ours (resumable requests of 16 MiB"));
        assert!(all[0].contains("theirs (one XML API PUT)"));
        assert!(all[0].contains("curl 8 (one uploadType=media POST)"));
        assert!(all[2].starts_with("theirs reaches the emulator"));
        let without = notes(&labels, false);
        assert_eq!(without.len(), 2);
        assert!(without.iter().all(|n| !n.contains("reaches the emulator")));
    }

    #[test]
    fn a_failure_is_summed_up_by_the_last_line_of_its_stderr() {
        let error = "Apache Libcloud failed (exit status: 1); its stderr ends:\n\
                     Traceback (most recent call last):\n  File \"x.py\"\n\
                     libcloud.common.types.LibcloudError: 400 invalid uploadType\n\n\
                     its stdout ends:\n";
        assert_eq!(
            reason(error),
            "libcloud.common.types.LibcloudError: 400 invalid uploadType"
        );
        assert_eq!(reason("cannot start python\nmore"), "cannot start python");
        assert_eq!(reason(""), "");
    }
}
