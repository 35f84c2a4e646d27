//! The `gcs-transfer` report: each client's throughput both ways with its ratios to
//! Apache Libcloud and curl and its peak memory, then what each upload cost the
//! client and the emulator, then the notes that say how to read the figures.

use std::fmt::Write;
use std::time::Duration;

use super::procfs::Spent;
use crate::figures::{self, MIB, grouped, median, mib_per_sec, ratio, times};
use crate::measure::Usage;
use crate::table::Table;

/// One client's timed runs.
#[derive(Debug, Clone, Default)]
pub struct Series {
    /// The row label.
    pub label: String,
    /// Uploads.
    pub uploads: Vec<Usage>,
    /// What the emulator spent during each upload (when it could be read).
    pub emulator: Vec<Spent>,
    /// Downloads.
    pub downloads: Vec<Usage>,
    /// Why the client was not run, when it was not.
    pub not_comparable: Option<String>,
}

/// Everything the report shows.
#[derive(Debug, Clone)]
pub struct Results {
    /// Bytes moved each way.
    pub size: u64,
    /// Timed runs per client.
    pub runs: u32,
    /// Ours, Apache Libcloud, curl.
    pub series: [Series; 3],
    /// Notes printed under the tables.
    pub notes: Vec<String>,
}

/// The index of Apache Libcloud's and curl's rows in [`Results::series`].
const LIBCLOUD: usize = 1;
const CURL: usize = 2;

/// The median rate of `runs` moving `size` bytes.
fn rate(size: u64, runs: &[Usage]) -> Option<f64> {
    let walls: Vec<Duration> = runs.iter().map(|u| u.wall).collect();
    median(&walls).and_then(|w| mib_per_sec(size, w))
}

/// `mine / theirs`, when both are known.
fn versus(mine: Option<f64>, theirs: Option<f64>) -> String {
    times(mine.zip(theirs).and_then(|(a, b)| ratio(a, b)))
}

fn median_of<T: Copy + PartialOrd>(values: impl Iterator<Item = T>) -> Option<T> {
    median(&values.collect::<Vec<_>>())
}

/// The report text.
pub fn render(r: &Results) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "gcs-transfer: upload and download of {} MiB through fake-gcs-server on 127.0.0.1 \
         (median of {} runs each; every download's SHA-256 checked)\n",
        grouped(r.size / MIB),
        r.runs
    );
    let up: Vec<Option<f64>> = r.series.iter().map(|s| rate(r.size, &s.uploads)).collect();
    let down: Vec<Option<f64>> = r
        .series
        .iter()
        .map(|s| rate(r.size, &s.downloads))
        .collect();
    let mut table = Table::new([
        "client",
        "upload*",
        "vs Libcloud",
        "vs curl",
        "download",
        "vs Libcloud",
        "vs curl",
        "peak RSS up",
        "peak RSS down",
    ]);
    for (i, s) in r.series.iter().enumerate() {
        if s.not_comparable.is_some() {
            let none = || "-".to_string();
            let nc = || "not comparable".to_string();
            table.row([s.label.clone(), nc(), none(), none(), nc()]);
            continue;
        }
        let rss = |runs: &[Usage]| {
            median_of(runs.iter().map(|u| u.max_rss))
                .map(figures::mib)
                .unwrap_or_else(|| "-".into())
        };
        table.row([
            s.label.clone(),
            figures::rate(up[i]),
            versus(up[i], up[LIBCLOUD]),
            versus(up[i], up[CURL]),
            figures::rate(down[i]),
            versus(down[i], down[LIBCLOUD]),
            versus(down[i], down[CURL]),
            rss(&s.uploads),
            rss(&s.downloads),
        ]);
    }
    let _ = writeln!(out, "{table}");

    let _ = writeln!(
        out,
        "* what each upload cost (medians): the client's own CPU next to the emulator's; \
         the emulator's peak RSS is its high-water mark during the upload, which \
         includes memory its Go runtime kept from earlier transfers"
    );
    let mut cost = Table::new([
        "client",
        "upload wall",
        "client CPU",
        "emulator CPU",
        "emulator peak RSS",
    ]);
    for s in r.series.iter().filter(|s| s.not_comparable.is_none()) {
        let wall = median_of(s.uploads.iter().map(|u| u.wall));
        let cpu = median_of(s.uploads.iter().map(Usage::cpu));
        let emu_cpu = median_of(s.emulator.iter().map(|e| e.cpu));
        let emu_rss = median_of(s.emulator.iter().filter_map(|e| e.peak_rss));
        let secs = |d: Option<Duration>| {
            d.map(|d| format!("{:.2} s", d.as_secs_f64()))
                .unwrap_or_else(|| "-".into())
        };
        cost.row([
            s.label.clone(),
            secs(wall),
            secs(cpu),
            secs(emu_cpu),
            emu_rss.map(figures::mib).unwrap_or_else(|| "-".into()),
        ]);
    }
    let _ = write!(out, "{cost}");
    let excluded = r.series.iter().filter_map(|s| {
        let why = s.not_comparable.as_ref()?;
        Some(format!("{} is not comparable: {why}", s.label))
    });
    for note in excluded.chain(r.notes.iter().cloned()) {
        let _ = writeln!(out, "\nnote: {note}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usage(secs: u64, rss_mib: u64) -> Usage {
        Usage {
            wall: Duration::from_secs(secs),
            user: Duration::from_secs(1),
            system: Duration::ZERO,
            max_rss: rss_mib * MIB,
        }
    }

    fn series(label: &str, up_secs: u64, down_secs: u64) -> Series {
        Series {
            label: label.into(),
            uploads: vec![usage(up_secs, 20)],
            emulator: vec![Spent {
                cpu: Duration::from_secs(7),
                peak_rss: Some(512 * MIB),
            }],
            downloads: vec![usage(down_secs, 10)],
            not_comparable: None,
        }
    }

    fn results() -> Results {
        Results {
            size: 1024 * MIB,
            runs: 1,
            series: [
                series("ours", 4, 2),
                series("Apache Libcloud 3.9.1", 8, 8),
                series("curl 8", 4, 1),
            ],
            notes: vec!["uploads measure the emulator".into()],
        }
    }

    /// The cells of every line starting with `label` (cells are 3+ spaces apart).
    fn rows(text: &str, label: &str) -> Vec<Vec<String>> {
        text.lines()
            .filter(|l| l.starts_with(label))
            .map(|l| {
                l.split("  ")
                    .map(str::trim)
                    .filter(|c| !c.is_empty())
                    .map(String::from)
                    .collect()
            })
            .collect()
    }

    #[test]
    fn ratios_are_against_libcloud_and_curl() {
        let text = render(&results());
        let ours = rows(&text, "ours");
        assert_eq!(
            ours[0],
            [
                "ours",
                "256.0 MiB/s",
                "2.00×",
                "1.00×",
                "512.0 MiB/s",
                "4.00×",
                "0.50×",
                "20.0 MiB",
                "10.0 MiB"
            ]
        );
        assert_eq!(ours[1], ["ours", "4.00 s", "1.00 s", "7.00 s", "512.0 MiB"]);
        assert!(text.contains("1,024 MiB"), "{text}");
        assert!(
            text.contains("note: uploads measure the emulator"),
            "{text}"
        );
    }

    #[test]
    fn a_client_that_cannot_reach_the_emulator_is_marked_and_not_compared() {
        let mut r = results();
        r.series[1] = Series {
            label: "Apache Libcloud 3.9.1".into(),
            not_comparable: Some("no XML API".into()),
            ..Series::default()
        };
        let text = render(&r);
        let theirs = rows(&text, "Apache Libcloud");
        assert_eq!(theirs.len(), 1, "no cost row for a client that did not run");
        assert_eq!(theirs[0][1], "not comparable");
        let ours = &rows(&text, "ours")[0];
        assert_eq!((ours[2].as_str(), ours[3].as_str()), ("-", "1.00×"));
        assert!(
            text.contains("note: Apache Libcloud 3.9.1 is not comparable: no XML API"),
            "{text}"
        );
    }
}
