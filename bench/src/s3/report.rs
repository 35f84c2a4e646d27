//! The `s3-transfer` result table: throughput, CPU and peak memory of each client in
//! each direction, then our ratios to curl and Apache Libcloud against the targets.

use std::fmt::Write;
use std::time::Duration;

use crate::figures::{self, MIB, grouped, median, mib_per_sec, percent, ratio, times};
use crate::measure::Usage;
use crate::table::Table;

/// Download throughput target: this share of curl's.
pub const DOWNLOAD_VS_CURL: f64 = 0.95;
/// Upload throughput target: this share of curl's.
pub const UPLOAD_VS_CURL: f64 = 0.90;
/// Upload throughput target: this many times Apache Libcloud's.
pub const UPLOAD_VS_LIBCLOUD: f64 = 2.0;
/// Memory target: this much plus the parts in flight.
pub const RSS_BASE_MIB: u64 = 64;

/// One client's timed runs.
#[derive(Debug, Clone, Default)]
pub struct Series {
    /// The row label.
    pub label: String,
    /// Uploads.
    pub uploads: Vec<Usage>,
    /// Downloads.
    pub downloads: Vec<Usage>,
}

/// Medians of one direction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figures {
    /// Wall time.
    pub wall: Duration,
    /// User plus system CPU.
    pub cpu: Duration,
    /// Peak RSS, bytes.
    pub rss: u64,
}

/// The median of each figure over `runs`.
pub fn figures_of(runs: &[Usage]) -> Figures {
    let wall: Vec<Duration> = runs.iter().map(|u| u.wall).collect();
    let cpu: Vec<Duration> = runs.iter().map(Usage::cpu).collect();
    let rss: Vec<u64> = runs.iter().map(|u| u.max_rss).collect();
    Figures {
        wall: median(&wall).unwrap_or_default(),
        cpu: median(&cpu).unwrap_or_default(),
        rss: median(&rss).unwrap_or_default(),
    }
}

/// Everything the report shows.
#[derive(Debug, Clone)]
pub struct Results {
    /// Bytes moved each way.
    pub size: u64,
    /// Timed runs per client.
    pub runs: u32,
    /// The server, as named in the heading.
    pub server: String,
    /// Ours, Apache Libcloud, curl.
    pub series: [Series; 3],
    /// Part size our CLI used, MiB.
    pub part_size_mib: u64,
    /// Parts in flight our CLI used.
    pub concurrency: u64,
    /// A note under the table (where Apache Libcloud had to be run elsewhere), if any.
    pub note: Option<String>,
}

impl Results {
    /// The memory target for our CLI, bytes.
    pub fn rss_target(&self) -> u64 {
        (RSS_BASE_MIB + self.concurrency * self.part_size_mib) * MIB
    }
}

fn at_least(value: Option<f64>, target: f64) -> Option<bool> {
    value.map(|v| v >= target)
}

/// The report text.
pub fn render(r: &Results) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "s3-transfer: upload and download of {} MiB through {} on 127.0.0.1 \
         (median of {} runs each; every download's SHA-256 checked; our CLI sends \
         UNSIGNED-PAYLOAD with a CRC32C per part, curl UNSIGNED-PAYLOAD alone)\n",
        grouped(r.size / MIB),
        r.server,
        r.runs
    );
    let mut table = Table::new([
        "client", "upload", "CPU", "peak RSS", "download", "CPU", "peak RSS",
    ]);
    let mut up = Vec::new();
    let mut down = Vec::new();
    for s in &r.series {
        let u = figures_of(&s.uploads);
        let d = figures_of(&s.downloads);
        table.row([
            s.label.clone(),
            figures::rate(mib_per_sec(r.size, u.wall)),
            figures::ms(u.cpu),
            figures::mib(u.rss),
            figures::rate(mib_per_sec(r.size, d.wall)),
            figures::ms(d.cpu),
            figures::mib(d.rss),
        ]);
        up.push(mib_per_sec(r.size, u.wall));
        down.push(mib_per_sec(r.size, d.wall));
    }
    let _ = write!(out, "{table}");
    if let Some(note) = &r.note {
        let _ = writeln!(out, "note: {note}");
    }
    let _ = writeln!(out);

    let share = |a: Option<f64>, b: Option<f64>| a.zip(b).and_then(|(a, b)| ratio(a, b));
    let down_vs_curl = share(down[0], down[2]);
    let up_vs_curl = share(up[0], up[2]);
    let up_vs_libcloud = share(up[0], up[1]);
    let mut targets = Table::new(["target", "measured", "goal", "verdict"]);
    targets.row([
        "download throughput, ours / curl".to_string(),
        percent(down_vs_curl),
        format!(">= {}", percent(Some(DOWNLOAD_VS_CURL))),
        figures::verdict(at_least(down_vs_curl, DOWNLOAD_VS_CURL)).to_string(),
    ]);
    targets.row([
        "upload throughput, ours / curl".to_string(),
        percent(up_vs_curl),
        format!(">= {}", percent(Some(UPLOAD_VS_CURL))),
        figures::verdict(at_least(up_vs_curl, UPLOAD_VS_CURL)).to_string(),
    ]);
    targets.row([
        format!("upload throughput, ours / {}", r.series[1].label),
        times(up_vs_libcloud),
        format!(">= {}", times(Some(UPLOAD_VS_LIBCLOUD))),
        figures::verdict(at_least(up_vs_libcloud, UPLOAD_VS_LIBCLOUD)).to_string(),
    ]);
    let ours_up = figures_of(&r.series[0].uploads).rss;
    let ours_down = figures_of(&r.series[0].downloads).rss;
    let peak = ours_up.max(ours_down);
    targets.row([
        "our peak RSS (upload, download)".to_string(),
        format!("{}, {}", figures::mib(ours_up), figures::mib(ours_down)),
        format!(
            "<= {} ({RSS_BASE_MIB} + {} x {} MiB)",
            figures::mib(r.rss_target()),
            r.concurrency,
            r.part_size_mib
        ),
        figures::verdict(Some(peak <= r.rss_target())).to_string(),
    ]);
    let _ = write!(out, "{targets}");
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A run of `wall_ms` (a quarter of it user time, a quarter system) peaking at
    /// `rss_mib`.
    pub(crate) fn usage(wall_ms: u64, rss_mib: u64) -> Usage {
        Usage {
            wall: Duration::from_millis(wall_ms),
            user: Duration::from_millis(wall_ms / 4),
            system: Duration::from_millis(wall_ms / 4),
            max_rss: rss_mib * MIB,
        }
    }

    /// Three uploads whose median takes `up_ms` and one download of `down_ms`.
    pub(crate) fn series(label: &str, up_ms: u64, down_ms: u64, rss: u64) -> Series {
        Series {
            label: label.into(),
            uploads: vec![
                usage(up_ms, rss),
                usage(up_ms + 500, rss),
                usage(up_ms - 100, rss),
            ],
            downloads: vec![usage(down_ms, rss)],
        }
    }

    fn results(note: Option<String>) -> Results {
        Results {
            size: 1024 * MIB,
            runs: 3,
            server: "s3s-fs 0.14.1".into(),
            series: [
                series("libcloud-rs CLI", 2000, 1000, 40),
                series("Apache Libcloud 3.9.1", 8000, 4000, 120),
                series("curl 7.88.1", 1900, 960, 10),
            ],
            part_size_mib: 8,
            concurrency: 4,
            note,
        }
    }

    #[test]
    fn table_shows_rates_from_median_wall_times() {
        let text = render(&results(None));
        assert!(text.contains("1,024 MiB through s3s-fs 0.14.1"), "{text}");
        let ours = text
            .lines()
            .find(|l| l.starts_with("libcloud-rs CLI"))
            .unwrap();
        assert!(
            ours.contains("512.0 MiB/s") && ours.contains("1024.0 MiB/s"),
            "{ours}"
        );
        assert!(ours.contains("40.0 MiB"), "{ours}");
        let theirs = text
            .lines()
            .find(|l| l.starts_with("Apache Libcloud"))
            .unwrap();
        assert!(theirs.contains("128.0 MiB/s"), "{theirs}");
        assert!(!text.contains("note:"));
    }

    #[test]
    fn targets_compare_ours_with_curl_and_libcloud() {
        let text = render(&results(Some("Apache Libcloud ran against moto".into())));
        let down = text
            .lines()
            .find(|l| l.starts_with("download throughput"))
            .unwrap();
        assert!(down.contains("96.0%") && down.ends_with(" met"), "{down}");
        let up = text
            .lines()
            .find(|l| l.starts_with("upload throughput, ours / curl"))
            .unwrap();
        assert!(up.contains("95.0%") && up.ends_with(" met"), "{up}");
        let lib = text
            .lines()
            .find(|l| l.starts_with("upload throughput, ours / Apache"))
            .unwrap();
        assert!(lib.contains("4.00×") && lib.ends_with(" met"), "{lib}");
        let rss = text
            .lines()
            .find(|l| l.starts_with("our peak RSS"))
            .unwrap();
        assert!(
            rss.contains("96.0 MiB (64 + 4 x 8 MiB)") && rss.ends_with(" met"),
            "{rss}"
        );
        assert!(text.contains("note: Apache Libcloud ran against moto"));
    }

    #[test]
    fn misses_are_reported() {
        let mut r = results(None);
        r.series[0] = series("libcloud-rs CLI", 5000, 2000, 200);
        let text = render(&r);
        assert_eq!(text.matches("NOT met").count(), 4, "{text}");
        assert_eq!(r.rss_target(), 96 * MIB);
    }
}
