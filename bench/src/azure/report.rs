//! The `azure-transfer` report: each client's throughput and peak memory each way with
//! our ratios to Apache Libcloud, then the goals and whether they were met.

use std::fmt::Write;

use crate::figures::{self, MIB, grouped, mib_per_sec, ratio, times};
use crate::s3::report::{Series, figures_of};
use crate::table::Table;

/// Upload goal: this many times Apache Libcloud's throughput.
pub const UPLOAD_VS_LIBCLOUD: f64 = 2.0;
/// Download goal: this share of the faster of Apache Libcloud and curl.
pub const DOWNLOAD_VS_FASTEST: f64 = 0.95;

/// Everything the report shows.
#[derive(Debug, Clone)]
pub struct Results {
    /// Bytes moved each way.
    pub size: u64,
    /// Timed runs per client.
    pub runs: u32,
    /// The server, as named in the heading.
    pub server: String,
    /// Ours, Apache Libcloud, curl, in this order.
    pub series: [Series; 3],
}

/// One goal and how it went.
#[derive(Debug, Clone, PartialEq)]
pub struct Goal {
    /// What is compared.
    pub what: String,
    /// Our throughput divided by the reference's, when both are known.
    pub measured: Option<f64>,
    /// The least ratio that meets the goal.
    pub target: f64,
}

impl Goal {
    /// Whether the goal was met; `None` when a figure is missing.
    pub fn met(&self) -> Option<bool> {
        self.measured.map(|m| m >= self.target)
    }
}

/// Median throughput (MiB/s) of each client, uploads then downloads.
fn rates(r: &Results) -> ([Option<f64>; 3], [Option<f64>; 3]) {
    let rate = |runs: &[crate::measure::Usage]| mib_per_sec(r.size, figures_of(runs).wall);
    let up = [0, 1, 2].map(|i| rate(&r.series[i].uploads));
    let down = [0, 1, 2].map(|i| rate(&r.series[i].downloads));
    (up, down)
}

/// `a / b` when both are known.
fn share(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    a.zip(b).and_then(|(a, b)| ratio(a, b))
}

/// The index (1 or 2) and rate of the faster of Apache Libcloud and curl; the one known
/// when the other is not.
pub fn fastest_reference(libcloud: Option<f64>, curl: Option<f64>) -> Option<(usize, f64)> {
    match (libcloud, curl) {
        (Some(l), Some(c)) if c > l => Some((2, c)),
        (Some(l), _) => Some((1, l)),
        (None, Some(c)) => Some((2, c)),
        (None, None) => None,
    }
}

/// The two goals: upload at least twice Apache Libcloud's throughput; download at least
/// 95% of the faster of Apache Libcloud and curl.
pub fn goals(r: &Results) -> [Goal; 2] {
    let (up, down) = rates(r);
    let label = |i: usize| r.series[i].label.as_str();
    let fastest = fastest_reference(down[1], down[2]);
    [
        Goal {
            what: format!("upload throughput, ours / {}", label(1)),
            measured: share(up[0], up[1]),
            target: UPLOAD_VS_LIBCLOUD,
        },
        Goal {
            what: format!(
                "download throughput, ours / the faster of Apache Libcloud and curl{}",
                fastest.map_or(String::new(), |(i, _)| format!(" ({})", label(i)))
            ),
            measured: share(down[0], fastest.map(|(_, rate)| rate)),
            target: DOWNLOAD_VS_FASTEST,
        },
    ]
}

/// The report text.
pub fn render(r: &Results) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "azure-transfer: upload and download of {} MiB through {} on 127.0.0.1 \
         (medians of {} run{}; every download's SHA-256 checked)\n",
        grouped(r.size / MIB),
        r.server,
        r.runs,
        if r.runs == 1 { "" } else { "s" }
    );
    let (up, down) = rates(r);
    let mut table = Table::new([
        "client",
        "upload",
        "vs Libcloud",
        "peak RSS",
        "download",
        "vs Libcloud",
        "peak RSS",
    ]);
    for (i, s) in r.series.iter().enumerate() {
        table.row([
            s.label.clone(),
            figures::rate(up[i]),
            times(share(up[i], up[1])),
            figures::mib(figures_of(&s.uploads).rss),
            figures::rate(down[i]),
            times(share(down[i], down[1])),
            figures::mib(figures_of(&s.downloads).rss),
        ]);
    }
    let _ = writeln!(out, "{table}");
    let mut targets = Table::new(["goal", "measured", "target", "verdict"]);
    for goal in goals(r) {
        targets.row([
            goal.what.clone(),
            times(goal.measured),
            format!(">= {}", times(Some(goal.target))),
            figures::verdict(goal.met()).to_string(),
        ]);
    }
    let _ = write!(out, "{targets}");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::s3::report::tests::series;

    /// 1 GiB: ours 512 up, 1024 down; Apache Libcloud 128 up, 256 down; curl 1024 up,
    /// 512 down (MiB/s).
    fn results() -> Results {
        Results {
            size: 1024 * MIB,
            runs: 3,
            server: "Azurite 3.35.0".into(),
            series: [
                series("libcloud-rs CLI", 2000, 1000, 40),
                series("Apache Libcloud 3.9.1", 8000, 4000, 120),
                series("curl 7.88.1", 1000, 2000, 10),
            ],
        }
    }

    #[test]
    fn the_faster_reference_is_picked_and_a_missing_one_skipped() {
        assert_eq!(fastest_reference(Some(3.0), Some(5.0)), Some((2, 5.0)));
        assert_eq!(fastest_reference(Some(5.0), Some(3.0)), Some((1, 5.0)));
        assert_eq!(fastest_reference(Some(5.0), None), Some((1, 5.0)));
        assert_eq!(fastest_reference(None, Some(3.0)), Some((2, 3.0)));
        assert_eq!(fastest_reference(None, None), None);
    }

    #[test]
    fn goals_compare_with_libcloud_up_and_the_fastest_down() {
        let [up, down] = goals(&results());
        assert_eq!(up.measured, Some(4.0));
        assert_eq!(up.met(), Some(true));
        assert!(down.what.ends_with("(curl 7.88.1)"), "{}", down.what);
        assert_eq!(down.measured, Some(2.0));
        assert_eq!(down.met(), Some(true));
    }

    #[test]
    fn misses_are_reported_not_hidden() {
        let mut r = results();
        r.series[0] = series("libcloud-rs CLI", 5000, 4000, 40);
        let [up, down] = goals(&r);
        assert_eq!(up.met(), Some(false));
        assert_eq!(down.met(), Some(false));
        let text = render(&r);
        assert_eq!(text.matches("NOT met").count(), 2, "{text}");
        r.series[1].uploads.clear();
        assert_eq!(goals(&r)[0].met(), None);
    }

    #[test]
    fn the_table_shows_rates_ratios_and_memory() {
        let text = render(&results());
        assert!(text.contains("1,024 MiB through Azurite 3.35.0"), "{text}");
        assert!(text.contains("(medians of 3 runs;"), "{text}");
        let ours = text
            .lines()
            .find(|l| l.starts_with("libcloud-rs CLI"))
            .unwrap();
        for cell in ["512.0 MiB/s", "4.00×", "1024.0 MiB/s", "40.0 MiB"] {
            assert!(ours.contains(cell), "{cell} in {ours}");
        }
        let theirs = text
            .lines()
            .find(|l| l.starts_with("Apache Libcloud"))
            .unwrap();
        assert!(
            theirs.contains("128.0 MiB/s") && theirs.contains("1.00×"),
            "{theirs}"
        );
        let goal = text
            .lines()
            .find(|l| l.starts_with("upload throughput"))
            .unwrap();
        assert!(
            goal.contains(">= 2.00×") && goal.ends_with(" met"),
            "{goal}"
        );
    }
}
