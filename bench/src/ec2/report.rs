//! The `ec2-list` result tables: both clients side by side at `N` nodes with the
//! Apache Libcloud / libcloud-rs ratios, how peak memory scales from `N/10` to `N`, and
//! the verdict on the CPU target.

use std::fmt::Write;
use std::time::Duration;

use crate::figures::{self, grouped, median, micros_per, ratio, times};
use crate::measure::Usage;
use crate::table::Table;

/// The CPU target: Apache Libcloud's client CPU over ours.
pub const CPU_TARGET: f64 = 30.0;

/// One client at one fleet size: every timed run, and what it reported.
#[derive(Debug, Clone, Default)]
pub struct Series {
    /// Each timed run.
    pub runs: Vec<Usage>,
    /// Nodes the client said it listed (checked equal to the fleet size).
    pub reported: u64,
    /// `DescribeInstances` requests per run.
    pub pages: u64,
}

/// The medians of a series.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figures {
    /// User plus system CPU.
    pub cpu: Duration,
    /// Wall time.
    pub wall: Duration,
    /// Peak RSS, bytes.
    pub rss: u64,
}

impl Series {
    /// The median of each figure over the runs.
    pub fn figures(&self) -> Figures {
        let cpu: Vec<Duration> = self.runs.iter().map(Usage::cpu).collect();
        let wall: Vec<Duration> = self.runs.iter().map(|u| u.wall).collect();
        let rss: Vec<u64> = self.runs.iter().map(|u| u.max_rss).collect();
        Figures {
            cpu: median(&cpu).unwrap_or_default(),
            wall: median(&wall).unwrap_or_default(),
            rss: median(&rss).unwrap_or_default(),
        }
    }
}

/// Everything the report shows.
#[derive(Debug, Clone)]
pub struct Results {
    /// The fleet size `N`.
    pub nodes: u64,
    /// The small fleet size, `N/10`.
    pub small_nodes: u64,
    /// Timed runs per client.
    pub runs: u32,
    /// The label of our client.
    pub ours_label: String,
    /// The label of the reference client.
    pub theirs_label: String,
    /// Ours at `N`, then at `N/10`.
    pub ours: [Series; 2],
    /// Apache Libcloud at `N`, then at `N/10`.
    pub theirs: [Series; 2],
}

fn ratio_of(a: Duration, b: Duration) -> Option<f64> {
    ratio(a.as_secs_f64(), b.as_secs_f64())
}

/// Bytes of peak RSS added per node between the small and the large fleet.
pub fn growth_per_node(small: u64, large: u64, small_nodes: u64, nodes: u64) -> Option<f64> {
    ratio(
        large as f64 - small as f64,
        nodes as f64 - small_nodes as f64,
    )
}

fn bytes_per_node(value: Option<f64>) -> String {
    value.map_or_else(|| "-".into(), |v| format!("{v:.0} B"))
}

/// The report text.
pub fn render(r: &Results) -> String {
    let ours = r.ours[0].figures();
    let theirs = r.theirs[0].figures();
    let ours_small = r.ours[1].figures();
    let theirs_small = r.theirs[1].figures();
    let n = r.nodes;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "ec2-list: list {} EC2 instances from a replay server on 127.0.0.1 \
         (median of {} runs each)\n",
        grouped(n),
        r.runs
    );
    let mut main = Table::new([
        format!("{} nodes", grouped(n)),
        r.ours_label.clone(),
        r.theirs_label.clone(),
        "libcloud / ours".to_string(),
    ]);
    main.row([
        "nodes reported".to_string(),
        grouped(r.ours[0].reported),
        grouped(r.theirs[0].reported),
        String::new(),
    ]);
    main.row([
        "DescribeInstances requests".to_string(),
        grouped(r.ours[0].pages),
        grouped(r.theirs[0].pages),
        String::new(),
    ]);
    main.row([
        "client CPU (user+sys)".to_string(),
        figures::ms(ours.cpu),
        figures::ms(theirs.cpu),
        times(ratio_of(theirs.cpu, ours.cpu)),
    ]);
    main.row([
        "  per node".to_string(),
        figures::micros(micros_per(ours.cpu, n)),
        figures::micros(micros_per(theirs.cpu, n)),
        String::new(),
    ]);
    main.row([
        "wall time".to_string(),
        figures::ms(ours.wall),
        figures::ms(theirs.wall),
        times(ratio_of(theirs.wall, ours.wall)),
    ]);
    main.row([
        "peak RSS".to_string(),
        figures::mib(ours.rss),
        figures::mib(theirs.rss),
        times(ratio(theirs.rss as f64, ours.rss as f64)),
    ]);
    let _ = writeln!(out, "{main}");

    let mut scaling = Table::new([
        "peak RSS".to_string(),
        r.ours_label.clone(),
        r.theirs_label.clone(),
    ]);
    scaling.row([
        format!("at {} nodes", grouped(r.small_nodes)),
        figures::mib(ours_small.rss),
        figures::mib(theirs_small.rss),
    ]);
    scaling.row([
        format!("at {} nodes", grouped(n)),
        figures::mib(ours.rss),
        figures::mib(theirs.rss),
    ]);
    scaling.row([
        "added per node".to_string(),
        bytes_per_node(growth_per_node(ours_small.rss, ours.rss, r.small_nodes, n)),
        bytes_per_node(growth_per_node(
            theirs_small.rss,
            theirs.rss,
            r.small_nodes,
            n,
        )),
    ]);
    scaling.row([
        format!("client CPU at {} nodes", grouped(r.small_nodes)),
        figures::ms(ours_small.cpu),
        figures::ms(theirs_small.cpu),
    ]);
    let _ = writeln!(out, "{scaling}");

    let cpu_ratio = ratio_of(theirs.cpu, ours.cpu);
    let _ = writeln!(
        out,
        "target: client CPU at least {CPU_TARGET:.0}× below Apache Libcloud's: {} ({})",
        times(cpu_ratio),
        figures::verdict(cpu_ratio.map(|v| v >= CPU_TARGET))
    );
    let _ = writeln!(
        out,
        "target: memory flat in the node count: {} of peak RSS per extra node ({} at {} \
         nodes, {} at {})",
        bytes_per_node(growth_per_node(ours_small.rss, ours.rss, r.small_nodes, n)),
        figures::mib(ours_small.rss),
        grouped(r.small_nodes),
        figures::mib(ours.rss),
        grouped(n)
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::MIB;

    fn usage(cpu_ms: u64, wall_ms: u64, rss_mib: u64) -> Usage {
        Usage {
            wall: Duration::from_millis(wall_ms),
            user: Duration::from_millis(cpu_ms * 3 / 4),
            system: Duration::from_millis(cpu_ms - cpu_ms * 3 / 4),
            max_rss: rss_mib * MIB,
        }
    }

    fn series(runs: Vec<Usage>, reported: u64, pages: u64) -> Series {
        Series {
            runs,
            reported,
            pages,
        }
    }

    #[test]
    fn medians_are_taken_per_figure() {
        let s = series(
            vec![usage(100, 300, 20), usage(120, 100, 30), usage(80, 200, 25)],
            10,
            1,
        );
        let f = s.figures();
        assert_eq!(f.cpu, Duration::from_millis(100));
        assert_eq!(f.wall, Duration::from_millis(200));
        assert_eq!(f.rss, 25 * MIB);
    }

    #[test]
    fn growth_is_per_extra_node() {
        assert_eq!(growth_per_node(10 * MIB, 10 * MIB, 1000, 10_000), Some(0.0));
        assert_eq!(growth_per_node(1000, 10_000, 1000, 10_000), Some(1.0));
        assert_eq!(growth_per_node(1, 2, 5, 5), None);
    }

    #[test]
    fn report_shows_figures_ratios_and_verdicts() {
        let r = Results {
            nodes: 10_000,
            small_nodes: 1000,
            runs: 3,
            ours_label: "libcloud-rs".into(),
            theirs_label: "Apache Libcloud 3.9.1".into(),
            ours: [
                series(vec![usage(150, 200, 24)], 10_000, 10),
                series(vec![usage(20, 40, 23)], 1000, 1),
            ],
            theirs: [
                series(vec![usage(5500, 5800, 300)], 10_000, 1),
                series(vec![usage(560, 600, 60)], 1000, 1),
            ],
        };
        let text = render(&r);
        assert!(text.contains("list 10,000 EC2 instances"), "{text}");
        assert!(text.contains("median of 3 runs"), "{text}");
        let cpu = text
            .lines()
            .find(|l| l.starts_with("client CPU (user+sys)"))
            .unwrap();
        assert!(
            cpu.contains("150.0 ms") && cpu.contains("5500.0 ms") && cpu.ends_with("36.7×"),
            "{cpu}"
        );
        let per_node = text.lines().find(|l| l.starts_with("  per node")).unwrap();
        assert!(
            per_node.contains("15.0 µs") && per_node.contains("550.0 µs"),
            "{per_node}"
        );
        let rss = text
            .lines()
            .find(|l| l.starts_with("peak RSS") && l.contains('×'))
            .unwrap();
        assert!(rss.contains("24.0 MiB") && rss.ends_with("12.5×"), "{rss}");
        assert!(text.contains("at 1,000 nodes"), "{text}");
        let added = text
            .lines()
            .find(|l| l.starts_with("added per node"))
            .unwrap();
        assert!(added.contains("117 B"), "{added}");
        assert!(text.contains("36.7× (met)"), "{text}");
        assert!(text.contains("117 B of peak RSS per extra node"), "{text}");
    }

    #[test]
    fn a_missed_target_says_so() {
        let r = Results {
            nodes: 100,
            small_nodes: 10,
            runs: 1,
            ours_label: "ours".into(),
            theirs_label: "theirs".into(),
            ours: [
                series(vec![usage(100, 1, 1)], 100, 1),
                series(vec![usage(10, 1, 1)], 10, 1),
            ],
            theirs: [
                series(vec![usage(200, 1, 1)], 100, 1),
                series(vec![usage(20, 1, 1)], 10, 1),
            ],
        };
        assert!(render(&r).contains("2.00× (NOT met)"));
    }
}
