//! The `ec2-list` result tables: for each fleet, both clients side by side at `N`
//! nodes with the Apache Libcloud / libcloud-rs ratios, the floor cloud-core's XML scanner and
//! JSON writer set (see [`limit`](super::limit)), and how our peak memory goes from `N`
//! to `3N` nodes; then one summary row per fleet and the verdicts on the targets.

use std::fmt::Write;
use std::time::Duration;

use super::limit::Limit;
use crate::figures::{self, grouped, median, micros_per, ratio, times};
use crate::measure::Usage;
use crate::table::Table;

/// The CPU target: Apache Libcloud's client CPU over ours, on every fleet.
pub const CPU_TARGET: f64 = 50.0;
/// Our CPU over the floor (tokenize + write) may be at most this.
pub const LIMIT_TARGET: f64 = 2.0;
/// Peak RSS may grow by at most this many bytes per extra node from `N` to `3N`.
pub const MEMORY_TARGET: f64 = 64.0;
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

/// One fleet's results.
#[derive(Debug, Clone)]
pub struct FleetResults {
    /// The fleet's name.
    pub name: String,
    /// Bytes of `DescribeInstances` XML per instance.
    pub xml_per_node: u64,
    /// Ours at `N`, then at `3N`.
    pub ours: [Series; 2],
    /// Apache Libcloud at `N`.
    pub theirs: Series,
    /// The floor at `N`.
    pub limit: Limit,
}

/// The figures a fleet's verdicts rest on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Verdicts {
    /// Apache Libcloud's CPU over ours.
    pub cpu_ratio: Option<f64>,
    /// Our CPU over the floor.
    pub over_limit: Option<f64>,
    /// Bytes of peak RSS per extra node from `N` to `3N`.
    pub growth: Option<f64>,
}

impl FleetResults {
    /// The figures the verdicts rest on, for fleets of `n` and `large` nodes.
    pub fn verdicts(&self, n: u64, large: u64) -> Verdicts {
        let ours = self.ours[0].figures();
        Verdicts {
            cpu_ratio: ratio_of(self.theirs.figures().cpu, ours.cpu),
            over_limit: ratio_of(ours.cpu, self.limit.total()),
            growth: growth_per_node(ours.rss, self.ours[1].figures().rss, n, large),
        }
    }
}

/// Everything the report shows.
#[derive(Debug, Clone)]
pub struct Results {
    /// The fleet size `N`.
    pub nodes: u64,
    /// The large fleet size, `3N`.
    pub large_nodes: u64,
    /// Timed runs per client.
    pub runs: u32,
    /// The label of our client.
    pub ours_label: String,
    /// The label of the reference client.
    pub theirs_label: String,
    /// One entry per fleet.
    pub fleets: Vec<FleetResults>,
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

/// One fleet's detailed table.
fn fleet_table(r: &Results, f: &FleetResults) -> Table {
    let ours = f.ours[0].figures();
    let large = f.ours[1].figures();
    let theirs = f.theirs.figures();
    let n = r.nodes;
    let mut t = Table::new([
        format!("{}: {} nodes", f.name, grouped(n)),
        r.ours_label.clone(),
        r.theirs_label.clone(),
        "libcloud / ours".to_string(),
    ]);
    t.row([
        "nodes reported".to_string(),
        grouped(f.ours[0].reported),
        grouped(f.theirs.reported),
        String::new(),
    ]);
    t.row([
        "DescribeInstances requests".to_string(),
        grouped(f.ours[0].pages),
        grouped(f.theirs.pages),
        String::new(),
    ]);
    t.row([
        "client CPU (user+sys)".to_string(),
        figures::ms(ours.cpu),
        figures::ms(theirs.cpu),
        times(ratio_of(theirs.cpu, ours.cpu)),
    ]);
    t.row([
        "  per node".to_string(),
        figures::micros(micros_per(ours.cpu, n)),
        figures::micros(micros_per(theirs.cpu, n)),
        String::new(),
    ]);
    t.row([
        "wall time".to_string(),
        figures::ms(ours.wall),
        figures::ms(theirs.wall),
        times(ratio_of(theirs.wall, ours.wall)),
    ]);
    t.row([
        "peak RSS".to_string(),
        figures::mib(ours.rss),
        figures::mib(theirs.rss),
        times(ratio(theirs.rss as f64, ours.rss as f64)),
    ]);
    t.row([
        format!("peak RSS at {} nodes", grouped(r.large_nodes)),
        figures::mib(large.rss),
        String::new(),
        String::new(),
    ]);
    t.row([
        format!("client CPU at {} nodes", grouped(r.large_nodes)),
        figures::ms(large.cpu),
        String::new(),
        String::new(),
    ]);
    t.row([
        format!(
            "floor: XML scan ({:.1} MiB)",
            f.limit.xml_bytes as f64 / figures::MIB as f64
        ),
        figures::ms(f.limit.tokenize),
        String::new(),
        String::new(),
    ]);
    t.row([
        format!(
            "floor: JSON write ({:.1} MiB)",
            f.limit.json_bytes as f64 / figures::MIB as f64
        ),
        figures::ms(f.limit.write),
        String::new(),
        String::new(),
    ]);
    t.row([
        "ours / floor".to_string(),
        times(ratio_of(ours.cpu, f.limit.total())),
        String::new(),
        String::new(),
    ]);
    t
}

/// The report text.
pub fn render(r: &Results) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "ec2-list: list {} EC2 instances from a replay server on 127.0.0.1 \
         (median of {} runs each; our memory also at {})\n",
        grouped(r.nodes),
        r.runs,
        grouped(r.large_nodes)
    );
    for f in &r.fleets {
        let _ = writeln!(out, "{}", fleet_table(r, f));
    }
    let mut summary = Table::new([
        "fleet".to_string(),
        "XML/node".to_string(),
        "ours CPU".to_string(),
        "libcloud CPU".to_string(),
        "ratio".to_string(),
        format!("RSS {}", grouped(r.nodes)),
        format!("RSS {}", grouped(r.large_nodes)),
        "floor".to_string(),
        "ours/floor".to_string(),
    ]);
    for f in &r.fleets {
        let v = f.verdicts(r.nodes, r.large_nodes);
        summary.row([
            f.name.clone(),
            format!("{} B", grouped(f.xml_per_node)),
            figures::ms(f.ours[0].figures().cpu),
            figures::ms(f.theirs.figures().cpu),
            times(v.cpu_ratio),
            figures::mib(f.ours[0].figures().rss),
            figures::mib(f.ours[1].figures().rss),
            figures::ms(f.limit.total()),
            times(v.over_limit),
        ]);
    }
    let _ = writeln!(out, "{summary}");
    for f in &r.fleets {
        let v = f.verdicts(r.nodes, r.large_nodes);
        let _ = writeln!(
            out,
            "target ({}): client CPU at least {CPU_TARGET:.0}× below Apache Libcloud's: {} ({})",
            f.name,
            times(v.cpu_ratio),
            figures::verdict(v.cpu_ratio.map(|x| x >= CPU_TARGET))
        );
        let _ = writeln!(
            out,
            "target ({}): within {LIMIT_TARGET:.0}× of the tokenize+write floor: {} ({})",
            f.name,
            times(v.over_limit),
            figures::verdict(v.over_limit.map(|x| x <= LIMIT_TARGET))
        );
        let _ = writeln!(
            out,
            "target ({}): memory flat in the node count: {} of peak RSS per extra node \
             from {} to {} nodes ({})",
            f.name,
            bytes_per_node(v.growth),
            grouped(r.nodes),
            grouped(r.large_nodes),
            figures::verdict(v.growth.map(|x| x <= MEMORY_TARGET))
        );
    }
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

    fn limit(tokenize_ms: u64, write_ms: u64) -> Limit {
        Limit {
            tokenize: Duration::from_millis(tokenize_ms),
            write: Duration::from_millis(write_ms),
            xml_bytes: 48 * MIB,
            json_bytes: 36 * MIB,
        }
    }

    fn fleet(name: &str, ours_ms: u64, theirs_ms: u64, rss: [u64; 2]) -> FleetResults {
        FleetResults {
            name: name.into(),
            xml_per_node: 4800,
            ours: [
                series(vec![usage(ours_ms, 200, rss[0])], 10_000, 10),
                series(vec![usage(ours_ms * 3, 600, rss[1])], 30_000, 30),
            ],
            theirs: series(vec![usage(theirs_ms, 5800, 300)], 10_000, 1),
            limit: limit(60, 15),
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
    fn report_shows_each_fleet_the_floor_and_the_verdicts() {
        let r = Results {
            nodes: 10_000,
            large_nodes: 30_000,
            runs: 3,
            ours_label: "libcloud-rs".into(),
            theirs_label: "Apache Libcloud 3.9.1".into(),
            fleets: vec![
                fleet("realistic", 100, 5500, [20, 20]),
                fleet("uniform", 150, 5500, [20, 24]),
            ],
        };
        let text = render(&r);
        assert!(text.contains("list 10,000 EC2 instances"), "{text}");
        assert!(text.contains("median of 3 runs"), "{text}");
        assert!(text.contains("realistic: 10,000 nodes"), "{text}");
        let cpu = text
            .lines()
            .find(|l| l.starts_with("client CPU (user+sys)"))
            .unwrap();
        assert!(
            cpu.contains("100.0 ms") && cpu.contains("5500.0 ms") && cpu.ends_with("55.0×"),
            "{cpu}"
        );
        let per_node = text.lines().find(|l| l.starts_with("  per node")).unwrap();
        assert!(per_node.contains("10.0 µs") && per_node.contains("550.0 µs"));
        let floor = text
            .lines()
            .find(|l| l.starts_with("ours / floor"))
            .unwrap();
        assert!(floor.contains("1.33×"), "{floor}");
        assert!(text.contains("floor: XML scan (48.0 MiB)"), "{text}");
        assert!(text.contains("peak RSS at 30,000 nodes"), "{text}");
        let summary = text.lines().find(|l| l.starts_with("uniform ")).unwrap();
        assert!(
            summary.contains("4,800 B") && summary.contains("36.7×") && summary.contains("2.00×"),
            "{summary}"
        );
        assert!(
            text.contains(
                "target (realistic): client CPU at least 50× below Apache Libcloud's: 55.0× (met)"
            ),
            "{text}"
        );
        assert!(
            text.contains(
                "target (uniform): client CPU at least 50× below Apache Libcloud's: 36.7× (NOT met)"
            ),
            "{text}"
        );
        assert!(
            text.contains("target (realistic): within 2× of the tokenize+write floor: 1.33× (met)"),
            "{text}"
        );
        assert!(
            text.contains("target (uniform): within 2× of the tokenize+write floor: 2.00× (met)"),
            "{text}"
        );
        assert!(
            text.contains("target (realistic): memory flat in the node count: 0 B"),
            "{text}"
        );
        assert!(
            text.contains("210 B of peak RSS per extra node from 10,000 to 30,000 nodes (NOT met)"),
            "{text}"
        );
    }
}
