//! `cargo xtask fuzz`: builds every fuzz target (`crates/*/fuzz/fuzz_targets/*.rs`) with
//! cargo-fuzz into one shared target folder, seeds each from its provider's fixtures,
//! runs each for a fixed time, prints the number of inputs each ran, and keeps a failing
//! input as a regression test in `crates/<crate>/fuzz/regressions/<target>/`.

pub mod cargo_fuzz;
pub mod libfuzzer;
pub mod regressions;
pub mod seeds;
pub mod summary;
pub mod targets;
pub mod toolchain;

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use cargo_fuzz::CargoFuzz;
use summary::{Outcome, TargetResult};
use targets::FuzzTarget;
use toolchain::{Toolchain, ToolchainChoice};

use crate::child::{self, INTERRUPTED};
use crate::interrupt::Interrupt;
use crate::services::process::log_tail;
use crate::{Error, Result};

/// Seconds each target is fuzzed for when `--seconds` is not given.
pub const DEFAULT_SECONDS: u64 = 60;

/// Seconds each target is fuzzed for in CI (`cargo xtask ci`, `.ci/run`).
pub const CI_SECONDS: u64 = 20;

/// How cargo-fuzz builds the targets: optimized, with overflow checks and debug
/// assertions on (as in the tests), and without AddressSanitizer: the targets are safe
/// Rust, where ASan finds nothing a panic would not, and it makes the first build slower.
pub const BUILD_FLAGS: &[&str] = &["-O", "--debug-assertions", "--sanitizer", "none"];

/// libFuzzer's memory ceiling per target, in MiB.
pub const RSS_LIMIT_MB: u32 = 2048;

/// Seconds one input may take before libFuzzer reports it as a timeout.
pub const INPUT_TIMEOUT_SECS: u32 = 20;

/// How long a target gets to stop after Ctrl-C before it is killed.
const INTERRUPT_GRACE: Duration = Duration::from_secs(5);

/// Options of the fuzz task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FuzzOptions {
    /// Seconds each target is fuzzed for.
    pub seconds: u64,
    /// Only the targets of this name (`parse_responses`) or id (`cloud-s3/parse_responses`).
    pub target: Option<String>,
    /// Which toolchain to build with.
    pub toolchain: ToolchainChoice,
}

/// Where the task keeps what it builds and writes, all under `target/`.
#[derive(Debug, Clone)]
pub struct FuzzPaths {
    root: PathBuf,
}

impl FuzzPaths {
    /// The paths of the workspace at `root`.
    pub fn new(root: &Path) -> Self {
        FuzzPaths {
            root: root.to_path_buf(),
        }
    }

    /// `target/fuzz`: the cargo target folder every fuzz crate builds into, so shared
    /// dependencies compile once.
    pub fn cargo_target_dir(&self) -> PathBuf {
        self.root.join("target").join("fuzz")
    }

    /// `target/fuzz-corpus/<crate>/<target>`: the corpus a target starts from and grows.
    pub fn corpus(&self, target: &FuzzTarget) -> PathBuf {
        self.root
            .join("target")
            .join("fuzz-corpus")
            .join(&target.crate_name)
            .join(&target.name)
    }

    /// `target/fuzz-logs/<crate>/<target>.log`: libFuzzer's output for a target.
    pub fn log(&self, target: &FuzzTarget) -> PathBuf {
        self.root
            .join("target")
            .join("fuzz-logs")
            .join(&target.crate_name)
            .join(format!("{}.log", target.name))
    }
}

/// The cargo-fuzz arguments that build every target of the crate whose fuzz folder is
/// `fuzz_dir`.
pub fn build_args(fuzz_dir: &Path) -> Vec<String> {
    let mut args = vec!["build".to_string()];
    args.extend(BUILD_FLAGS.iter().map(|f| f.to_string()));
    args.extend(["--fuzz-dir".to_string(), fuzz_dir.display().to_string()]);
    args
}

/// The cargo-fuzz arguments that fuzz `target` for `seconds` from `corpus`.
pub fn run_args(target: &FuzzTarget, corpus: &Path, seconds: u64) -> Vec<String> {
    let mut args = vec!["run".to_string()];
    args.extend(BUILD_FLAGS.iter().map(|f| f.to_string()));
    args.extend([
        "--fuzz-dir".to_string(),
        target.fuzz_dir.display().to_string(),
        target.name.clone(),
        corpus.display().to_string(),
        "--".to_string(),
        format!("-max_total_time={seconds}"),
        format!("-rss_limit_mb={RSS_LIMIT_MB}"),
        format!("-timeout={INPUT_TIMEOUT_SECS}"),
        "-print_final_stats=1".to_string(),
    ]);
    args
}

/// Runs the fuzz task; the result is 0 when every target held, 1 when one failed, 130
/// when interrupted.
pub fn run(root: &Path, opts: &FuzzOptions, stop: &Interrupt) -> Result<u8> {
    let targets = targets::select(targets::discover(root)?, opts.target.as_deref())?;
    if targets.is_empty() {
        eprintln!("xtask fuzz: no fuzz targets under crates/*/fuzz/fuzz_targets");
        return Ok(0);
    }
    let toolchain = Toolchain::resolve(opts.toolchain)?;
    eprintln!("xtask fuzz: toolchain: {}", toolchain.describe());
    let cargo_fuzz = CargoFuzz::find_or_install(root, stop)?;
    let paths = FuzzPaths::new(root);

    let mut fuzz_dirs: Vec<&Path> = targets.iter().map(|t| t.fuzz_dir.as_path()).collect();
    fuzz_dirs.dedup();
    for fuzz_dir in fuzz_dirs {
        let code = build(root, fuzz_dir, toolchain, &cargo_fuzz, &paths, stop)?;
        if code != 0 {
            return Ok(code);
        }
    }

    let mut results = Vec::new();
    for (i, target) in targets.iter().enumerate() {
        eprintln!(
            "xtask fuzz [{}/{}]: {} for {} s",
            i + 1,
            targets.len(),
            target.id(),
            opts.seconds
        );
        let result = fuzz_one(
            root,
            target,
            opts.seconds,
            toolchain,
            &cargo_fuzz,
            &paths,
            stop,
        )?;
        let interrupted = result.outcome == Outcome::Interrupted;
        results.push(result);
        if interrupted {
            break;
        }
    }
    eprint!("xtask fuzz: results\n{}", summary::table(&results));
    let failed = results
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Failed(_)))
        .count();
    if results.iter().any(|r| r.outcome == Outcome::Interrupted) {
        return Ok(INTERRUPTED);
    }
    if failed > 0 {
        eprintln!(
            "xtask fuzz: {failed} target(s) failed; their inputs are kept as regression tests (see above)"
        );
        return Ok(1);
    }
    Ok(0)
}

/// Builds the targets of one fuzz folder with the output on the terminal; the result
/// is cargo-fuzz's exit code.
fn build(
    root: &Path,
    fuzz_dir: &Path,
    toolchain: Toolchain,
    cargo_fuzz: &CargoFuzz,
    paths: &FuzzPaths,
    stop: &Interrupt,
) -> Result<u8> {
    seed_lockfile(root, fuzz_dir)?;
    let argv: Vec<String> = cargo_fuzz
        .argv()
        .into_iter()
        .chain(build_args(fuzz_dir))
        .collect();
    let mut cmd = toolchain.command(&argv);
    cmd.current_dir(root)
        .env("CARGO_TARGET_DIR", paths.cargo_target_dir())
        .stdin(Stdio::null());
    let relative = fuzz_dir.strip_prefix(root).unwrap_or(fuzz_dir);
    eprintln!("xtask fuzz: building {}", relative.display());
    let started = Instant::now();
    let code = child::wait_for(cmd, "cargo fuzz build", stop, INTERRUPT_GRACE)?;
    if code == 0 {
        eprintln!(
            "xtask fuzz: built {} in {} s",
            relative.display(),
            started.elapsed().as_secs()
        );
    } else if code != INTERRUPTED {
        eprintln!("xtask fuzz: building {} failed", relative.display());
    }
    Ok(code)
}

/// A fuzz folder is its own workspace whose lock file is not committed: starting it
/// from the main workspace's lock file gives every fuzz crate the same dependency
/// versions, which then compile once in the shared target folder.
fn seed_lockfile(root: &Path, fuzz_dir: &Path) -> Result<()> {
    let lock = fuzz_dir.join("Cargo.lock");
    let main_lock = root.join("Cargo.lock");
    if lock.exists() || !main_lock.is_file() {
        return Ok(());
    }
    std::fs::copy(&main_lock, &lock)
        .map(drop)
        .map_err(|e| Error::msg(format!("cannot copy Cargo.lock to {}: {e}", lock.display())))
}

/// Seeds, runs and judges one target.
fn fuzz_one(
    root: &Path,
    target: &FuzzTarget,
    seconds: u64,
    toolchain: Toolchain,
    cargo_fuzz: &CargoFuzz,
    paths: &FuzzPaths,
    stop: &Interrupt,
) -> Result<TargetResult> {
    let corpus = paths.corpus(target);
    let stats = seeds::fill_corpus(target, &root.join("fixtures"), &corpus)?;
    let log = paths.log(target);
    eprintln!(
        "xtask fuzz:   {} seeds ({} fixture bodies), corpus {}, log {}",
        stats.seeds,
        stats.bodies,
        corpus.display(),
        log.display()
    );
    let argv: Vec<String> = cargo_fuzz
        .argv()
        .into_iter()
        .chain(run_args(target, &corpus, seconds))
        .collect();
    let mut cmd = toolchain.command(&argv);
    let (out, err) = crate::services::process::open_log(&log)?;
    cmd.current_dir(root)
        .env("CARGO_TARGET_DIR", paths.cargo_target_dir())
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err);
    let started = Instant::now();
    let code = child::wait_for(cmd, "cargo fuzz run", stop, INTERRUPT_GRACE)?;
    let wall = started.elapsed();
    let output = std::fs::read(&log)
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default();
    let report = libfuzzer::parse(&output);
    let outcome = match code {
        0 => Outcome::Clean,
        INTERRUPTED => Outcome::Interrupted,
        _ => Outcome::Failed(explain_failure(root, target, &report, &log, code)?),
    };
    let runs = report
        .runs
        .map_or("an unknown number of".to_string(), |n| n.to_string());
    eprintln!(
        "xtask fuzz:   {}: {runs} runs in {} s",
        target.id(),
        wall.as_secs()
    );
    Ok(TargetResult {
        id: target.id(),
        seeds: stats.seeds,
        runs: report.runs,
        fuzz_seconds: report.seconds,
        wall,
        outcome,
    })
}

/// Prints what went wrong with a failed target, keeps its failing input as a
/// regression test, and returns the short reason for the table.
fn explain_failure(
    root: &Path,
    target: &FuzzTarget,
    report: &libfuzzer::RunOutput,
    log: &Path,
    code: u8,
) -> Result<String> {
    eprintln!(
        "xtask fuzz: {} failed (exit code {code}); last lines of {}:\n{}",
        target.id(),
        log.display(),
        log_tail(log, 40)
    );
    let reason = report
        .failure
        .clone()
        .unwrap_or_else(|| format!("exit code {code}"));
    if let Some(artifact) = &report.artifact {
        let kept = regressions::keep(&root.join(artifact), target)?;
        eprintln!(
            "xtask fuzz: {}: {reason}\nxtask fuzz: {}",
            target.id(),
            regressions::reproduce_hint(root, target, &kept)
        );
    }
    Ok(reason)
}

#[cfg(test)]
mod tests {
    use super::*;
    use targets::InputShape;

    fn target() -> FuzzTarget {
        FuzzTarget {
            crate_name: "cloud-acme".into(),
            name: "parsers".into(),
            fuzz_dir: PathBuf::from("/w/crates/cloud-acme/fuzz"),
            shape: InputShape::Body,
        }
    }

    #[test]
    fn build_and_run_share_the_flags() {
        assert_eq!(
            build_args(Path::new("/w/crates/cloud-acme/fuzz")).join(" "),
            "build -O --debug-assertions --sanitizer none --fuzz-dir /w/crates/cloud-acme/fuzz"
        );
        let paths = FuzzPaths::new(Path::new("/w"));
        let corpus = paths.corpus(&target());
        assert_eq!(
            corpus,
            Path::new("/w/target/fuzz-corpus/cloud-acme/parsers")
        );
        assert_eq!(
            run_args(&target(), &corpus, 20).join(" "),
            "run -O --debug-assertions --sanitizer none --fuzz-dir /w/crates/cloud-acme/fuzz \
             parsers /w/target/fuzz-corpus/cloud-acme/parsers -- -max_total_time=20 \
             -rss_limit_mb=2048 -timeout=20 -print_final_stats=1"
        );
        assert_eq!(paths.cargo_target_dir(), Path::new("/w/target/fuzz"));
        assert_eq!(
            paths.log(&target()),
            Path::new("/w/target/fuzz-logs/cloud-acme/parsers.log")
        );
    }

    #[test]
    fn lockfile_is_seeded_once() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let fuzz_dir = root.join("crates/cloud-acme/fuzz");
        std::fs::create_dir_all(&fuzz_dir).unwrap();
        std::fs::write(root.join("Cargo.lock"), "version = 4\n").unwrap();
        seed_lockfile(root, &fuzz_dir).unwrap();
        assert_eq!(
            std::fs::read_to_string(fuzz_dir.join("Cargo.lock")).unwrap(),
            "version = 4\n"
        );
        std::fs::write(fuzz_dir.join("Cargo.lock"), "resolved\n").unwrap();
        seed_lockfile(root, &fuzz_dir).unwrap();
        assert_eq!(
            std::fs::read_to_string(fuzz_dir.join("Cargo.lock")).unwrap(),
            "resolved\n"
        );
    }
}
