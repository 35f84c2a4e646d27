//! The `sync` result table: wall time, CPU and peak RSS of each client's first sync and
//! of its re-sync, how many objects the re-sync wrote again, then our figures against
//! the best of the others (the goal: beat both on both runs).

use std::fmt::Write;
use std::time::Duration;

use crate::figures::{self, MIB, grouped, median};
use crate::measure::Usage;
use crate::table::Table;

/// One client's timed runs.
#[derive(Debug, Clone, Default)]
pub struct Row {
    /// The row label.
    pub label: String,
    /// First syncs into an empty bucket.
    pub first: Vec<Usage>,
    /// Re-syncs right after.
    pub again: Vec<Usage>,
    /// Objects each re-sync wrote again.
    pub rewritten: Vec<usize>,
    /// Why the client has no figures (not run, or failed), when it has none.
    pub missing: Option<String>,
}

/// Everything the report shows.
#[derive(Debug, Clone)]
pub struct Results {
    /// Small files in the directory.
    pub files: u32,
    /// Size of each large file, bytes.
    pub big: u64,
    /// Large files.
    pub big_files: u32,
    /// Bytes in the directory.
    pub bytes: u64,
    /// Timed runs per client.
    pub runs: u32,
    /// The server, as named in the heading.
    pub server: String,
    /// Ours first, then the reference clients.
    pub rows: Vec<Row>,
}

/// Medians of one kind of run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Figures {
    /// Wall time.
    pub wall: Duration,
    /// User plus system CPU.
    pub cpu: Duration,
    /// Peak RSS, bytes.
    pub rss: u64,
}

/// The median of each figure over `runs`; `None` for no runs.
pub fn figures_of(runs: &[Usage]) -> Option<Figures> {
    let wall: Vec<Duration> = runs.iter().map(|u| u.wall).collect();
    let cpu: Vec<Duration> = runs.iter().map(Usage::cpu).collect();
    let rss: Vec<u64> = runs.iter().map(|u| u.max_rss).collect();
    Some(Figures {
        wall: median(&wall)?,
        cpu: median(&cpu)?,
        rss: median(&rss)?,
    })
}

/// A duration in seconds with two decimals: `12.34 s`.
pub fn secs(d: Duration) -> String {
    format!("{:.2} s", d.as_secs_f64())
}

/// Which figure a target compares.
#[derive(Debug, Clone, Copy)]
enum Measure {
    Wall,
    Rss,
}

fn pick(f: Figures, m: Measure) -> f64 {
    match m {
        Measure::Wall => f.wall.as_secs_f64(),
        Measure::Rss => f.rss as f64,
    }
}

fn show(value: f64, m: Measure) -> String {
    match m {
        Measure::Wall => secs(Duration::from_secs_f64(value)),
        Measure::Rss => figures::mib(value as u64),
    }
}

/// The report text.
pub fn render(r: &Results) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "sync: a directory of {} files of 1-64 KiB and {} of {} MiB ({} MiB in all) into \
         an empty bucket of {} on 127.0.0.1, then again with nothing changed (median of \
         {} run{} each; every bucket's listing checked against the directory)\n",
        grouped(u64::from(r.files)),
        r.big_files,
        grouped(r.big / MIB),
        grouped(r.bytes / MIB),
        r.server,
        r.runs,
        if r.runs == 1 { "" } else { "s" }
    );
    let mut table = Table::new([
        "client",
        "first sync",
        "CPU",
        "peak RSS",
        "re-sync",
        "CPU",
        "peak RSS",
        "rewritten",
    ]);
    for row in &r.rows {
        let cells = |f: Option<Figures>| match f {
            Some(f) => [secs(f.wall), secs(f.cpu), figures::mib(f.rss)],
            None => ["-".to_string(), "-".to_string(), "-".to_string()],
        };
        let [w1, c1, m1] = cells(figures_of(&row.first));
        let [w2, c2, m2] = cells(figures_of(&row.again));
        let rewritten = row
            .rewritten
            .iter()
            .max()
            .map_or_else(|| "-".to_string(), |n| grouped(*n as u64));
        table.row([row.label.clone(), w1, c1, m1, w2, c2, m2, rewritten]);
    }
    let _ = write!(out, "{table}");
    for row in &r.rows {
        if let Some(why) = &row.missing {
            let _ = writeln!(out, "note: {} has no figures: {why}", row.label);
        }
    }
    let _ = writeln!(
        out,
        "rewritten: objects the re-sync wrote again (their modification time moved)\n"
    );
    let _ = write!(out, "{}", targets(r));
    out
}

/// A row's first syncs, or its re-syncs when `again`.
fn runs(row: &Row, again: bool) -> &[Usage] {
    if again { &row.again } else { &row.first }
}

/// Our figures against the best reference client's, per run kind and measure.
fn targets(r: &Results) -> Table {
    let mut t = Table::new(["target", "ours", "best other", "verdict"]);
    let Some((ours, others)) = r.rows.split_first() else {
        return t;
    };
    for (kind, again) in [("first sync", false), ("re-sync", true)] {
        for (what, m) in [("wall time", Measure::Wall), ("peak RSS", Measure::Rss)] {
            let mine = figures_of(runs(ours, again)).map(|f| pick(f, m));
            let best = others
                .iter()
                .filter_map(|o| figures_of(runs(o, again)).map(|f| (pick(f, m), o.label.as_str())))
                .min_by(|a, b| a.0.total_cmp(&b.0));
            let verdict = match (mine, best) {
                (Some(a), Some((b, _))) => Some(a < b),
                _ => None,
            };
            t.row([
                format!("{kind} {what}: ours below both"),
                mine.map_or_else(|| "-".into(), |v| show(v, m)),
                best.map_or_else(|| "-".into(), |(v, who)| format!("{} ({who})", show(v, m))),
                figures::verdict(verdict).to_string(),
            ]);
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usage(wall_ms: u64, rss_mib: u64) -> Usage {
        Usage {
            wall: Duration::from_millis(wall_ms),
            user: Duration::from_millis(wall_ms / 2),
            system: Duration::from_millis(wall_ms / 4),
            max_rss: rss_mib * MIB,
        }
    }

    fn row(label: &str, first: u64, again: u64, rss: u64) -> Row {
        Row {
            label: label.into(),
            first: vec![usage(first, rss)],
            again: vec![usage(again, rss / 2)],
            rewritten: vec![0],
            missing: None,
        }
    }

    fn results(rows: Vec<Row>) -> Results {
        Results {
            files: 10_000,
            big: 256 * MIB,
            big_files: 4,
            bytes: 1_350 * MIB,
            runs: 1,
            server: "s3s-fs 0.14.1".into(),
            rows,
        }
    }

    fn line<'a>(text: &'a str, start: &str) -> &'a str {
        text.lines().find(|l| l.starts_with(start)).unwrap()
    }

    #[test]
    fn rows_show_both_runs_in_seconds_and_mib() {
        let text = render(&results(vec![
            row("libcloud-rs CLI", 12_000, 800, 40),
            row("rclone v1.60.1", 20_000, 3_000, 100),
            row("aws-cli 1.46.3", 60_000, 9_000, 120),
        ]));
        assert!(
            text.contains("10,000 files of 1-64 KiB and 4 of 256 MiB"),
            "{text}"
        );
        assert!(text.contains("(1,350 MiB in all)"), "{text}");
        assert!(text.contains("median of 1 run each"), "{text}");
        let ours = line(&text, "libcloud-rs CLI");
        assert!(
            ours.contains("12.00 s") && ours.contains("0.80 s"),
            "{ours}"
        );
        assert!(
            ours.contains("40.0 MiB") && ours.contains("20.0 MiB"),
            "{ours}"
        );
        assert!(ours.contains("9.00 s"), "CPU of the first sync: {ours}");
        let wall = line(&text, "first sync wall time");
        assert!(
            wall.contains("20.00 s (rclone v1.60.1)") && wall.ends_with(" met"),
            "{wall}"
        );
        assert_eq!(text.matches(" NOT met").count(), 0, "{text}");
    }

    #[test]
    fn a_slower_ours_misses_and_a_missing_ours_is_unknown() {
        let text = render(&results(vec![
            row("libcloud-rs CLI", 25_000, 800, 40),
            row("rclone v1.60.1", 20_000, 3_000, 100),
            row("aws-cli 1.46.3", 60_000, 9_000, 30),
        ]));
        assert!(line(&text, "first sync wall time").ends_with("NOT met"));
        assert!(line(&text, "re-sync wall time").ends_with(" met"));
        let rss = line(&text, "first sync peak RSS");
        assert!(
            rss.contains("30.0 MiB (aws-cli 1.46.3)") && rss.ends_with("NOT met"),
            "{rss}"
        );

        let missing = Row {
            label: "libcloud-rs CLI".into(),
            missing: Some("it has no `storage sync` yet".into()),
            ..Row::default()
        };
        let text = render(&results(vec![
            missing,
            row("rclone v1.60.1", 20_000, 3_000, 100),
        ]));
        let ours = line(&text, "libcloud-rs CLI");
        assert!(ours.split_whitespace().skip(2).all(|c| c == "-"), "{ours}");
        assert!(
            text.contains("note: libcloud-rs CLI has no figures: it has no"),
            "{text}"
        );
        assert!(line(&text, "re-sync peak RSS").ends_with("unknown"));
    }
}
