//! Reading what libFuzzer printed: how many inputs it ran, in how long, and, when a
//! target failed, why and where it wrote the input.

use std::path::PathBuf;

/// What one fuzzing run printed, as far as it could be read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunOutput {
    /// Inputs executed: `Done N runs`, else `stat::number_of_executed_runs`, else the
    /// last `#N` progress line.
    pub runs: Option<u64>,
    /// Seconds the fuzzing loop ran (`Done N runs in S second(s)`).
    pub seconds: Option<u64>,
    /// The failing input libFuzzer wrote (`Test unit written to PATH`).
    pub artifact: Option<PathBuf>,
    /// The first lines explaining a failure: the panic and its message, or libFuzzer's
    /// `ERROR:` line.
    pub failure: Option<String>,
}

/// Reads libFuzzer's output.
pub fn parse(output: &str) -> RunOutput {
    let lines: Vec<&str> = output.lines().collect();
    let mut done = None;
    let mut stat_runs = None;
    let mut last_progress = None;
    let mut report = RunOutput::default();
    for (i, line) in lines.iter().enumerate() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("Done ") {
            let mut words = rest.split_whitespace();
            if let (Some(runs), Some("runs"), Some("in"), Some(secs)) =
                (words.next(), words.next(), words.next(), words.next())
            {
                done = runs.parse().ok();
                report.seconds = secs.parse().ok();
            }
        } else if let Some(rest) = line.strip_prefix("stat::number_of_executed_runs:") {
            stat_runs = rest.trim().parse().ok();
        } else if let Some(rest) = line.strip_prefix('#') {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            if !digits.is_empty() && rest[digits.len()..].starts_with(char::is_whitespace) {
                last_progress = digits.parse().ok();
            }
        }
        if let Some((_, path)) = line.split_once("Test unit written to ") {
            report.artifact = Some(PathBuf::from(path.trim()));
        }
        if report.failure.is_none() {
            report.failure = failure_at(&lines, i);
        }
    }
    report.runs = done.or(stat_runs).or(last_progress);
    report
}

/// The explanation starting at line `i`, if one starts there: a panic (its `panicked
/// at` line and the message line after it) or libFuzzer's `ERROR: libFuzzer:` line.
fn failure_at(lines: &[&str], i: usize) -> Option<String> {
    let line = lines[i].trim();
    if line.contains("panicked at") {
        let message = lines.get(i + 1).map(|m| m.trim()).unwrap_or_default();
        return Some(if message.is_empty() {
            line.to_string()
        } else {
            format!("{line} {message}")
        });
    }
    line.split_once("ERROR: libFuzzer:")
        .map(|(_, what)| format!("libFuzzer: {}", what.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLEAN: &str = "\
INFO: Running with entropic power schedule (0xFF, 100).
INFO: Seed: 1234
INFO:      412 files found in target/fuzz-corpus/cloud-linode/parse_responses
#413\tINITED cov: 1880 ft: 7010 corp: 380/301Kb exec/s: 0 rss: 61Mb
#65536\tpulse  cov: 1901 ft: 7133 corp: 402/310Kb lim: 4096 exec/s: 3276 rss: 402Mb
#131072\tpulse  cov: 1903 ft: 7140 corp: 404/311Kb lim: 4096 exec/s: 6553 rss: 402Mb
Done 152331 runs in 21 second(s)
stat::number_of_executed_runs: 152331
stat::average_exec_per_sec:     7253
stat::new_units_added:          31
stat::slowest_unit_time_sec:    0
stat::peak_rss_mb:              402
";

    const PANIC: &str = "\
#1024\tpulse  cov: 800 ft: 900 corp: 40/3Kb exec/s: 512 rss: 40Mb

thread '<unnamed>' panicked at src/model/parsers/nodes.rs:41:17:
attempt to add with overflow
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace
==4242== ERROR: libFuzzer: deadly signal
NOTE: libFuzzer has rudimentary signal handlers.
MS: 1 ChangeByte-; base unit: 0123456789abcdef
0x1,0x7b,
\\x01{
artifact_prefix='/w/crates/cloud-linode/fuzz/artifacts/parse_responses/'; Test unit written to /w/crates/cloud-linode/fuzz/artifacts/parse_responses/crash-0a1b2c
Base64: AXs=
stat::number_of_executed_runs: 1990
stat::average_exec_per_sec:     995
";

    #[test]
    fn clean_run_gives_runs_and_seconds() {
        let out = parse(CLEAN);
        assert_eq!(out.runs, Some(152_331));
        assert_eq!(out.seconds, Some(21));
        assert_eq!(out.artifact, None);
        assert_eq!(out.failure, None);
    }

    #[test]
    fn crash_gives_the_panic_and_the_artifact() {
        let out = parse(PANIC);
        assert_eq!(out.runs, Some(1990));
        assert_eq!(out.seconds, None);
        assert_eq!(
            out.artifact,
            Some(PathBuf::from(
                "/w/crates/cloud-linode/fuzz/artifacts/parse_responses/crash-0a1b2c"
            ))
        );
        assert_eq!(
            out.failure.as_deref(),
            Some(
                "thread '<unnamed>' panicked at src/model/parsers/nodes.rs:41:17: \
                 attempt to add with overflow"
            )
        );
    }

    #[test]
    fn falls_back_to_the_last_progress_line() {
        let out = parse(
            "#1\tINITED cov: 1\n#4096\tpulse cov: 2\n==1== ERROR: libFuzzer: out-of-memory (used: 2100Mb; exceeds: 2048Mb)\n",
        );
        assert_eq!(out.runs, Some(4096));
        assert_eq!(
            out.failure.as_deref(),
            Some("libFuzzer: out-of-memory (used: 2100Mb; exceeds: 2048Mb)")
        );
        assert_eq!(parse("").runs, None);
        assert_eq!(parse("#abc not progress\n").runs, None);
    }
}
