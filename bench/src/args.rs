//! The command line of `cargo xtask bench`, and the plan it resolves into.

use clap::{Parser, ValueEnum};

use crate::{Error, Result};

/// Instances the `ec2-list` replay server holds unless `--nodes` says otherwise.
pub const DEFAULT_NODES: u32 = 10_000;
/// Size of the `s3-transfer` file in MiB unless `--size-mib` says otherwise.
pub const DEFAULT_SIZE_MIB: u64 = 1024;
/// Record values `dns-import` imports unless `--records` says otherwise.
pub const DEFAULT_RECORDS: u32 = 10_000;
/// Timed runs per client unless `--runs` says otherwise.
pub const DEFAULT_RUNS: u32 = 3;
/// Nodes `deploy` deploys to unless `--nodes` says otherwise.
pub const DEFAULT_DEPLOY_NODES: u32 = 20;
/// Size of the file `deploy` uploads to each node in MiB unless `--size-mib` says
/// otherwise.
pub const DEFAULT_DEPLOY_MIB: u64 = 10;
/// Small files `sync` generates unless `--files` says otherwise.
pub const DEFAULT_SYNC_FILES: u32 = 10_000;
/// Size in MiB of each of the four large files `sync` adds unless `--size-mib` says
/// otherwise.
pub const DEFAULT_SYNC_BIG_MIB: u64 = 256;
/// Timed runs per client of `sync` unless `--runs` says otherwise (one: each run moves
/// over a GiB per client).
pub const DEFAULT_SYNC_RUNS: u32 = 1;
/// The fewest instances `ec2-list` accepts: fewer say nothing about per-node cost.
pub const MIN_NODES: u32 = 10;

/// The servers `s3-transfer` runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum S3Servers {
    /// s3s-fs: a real S3 server on a local folder, checking every signature.
    #[value(name = "s3s-fs")]
    S3sFs,
    /// The sink server: counts and checksums the bytes and stores nothing, so the
    /// figures are the clients' own.
    Sink,
    /// s3s-fs, then the sink server.
    Both,
}

/// The benchmarks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BenchName {
    /// `nodes list` of thousands of EC2 instances: client CPU, wall time and memory.
    Ec2List,
    /// Upload and download of a large object over S3: throughput and memory.
    S3Transfer,
    /// Import of a large zone into Route 53: time, CPU and requests.
    DnsImport,
    /// Deployment over SSH to many nodes at once: wall time, CPU and memory.
    Deploy,
    /// Upload and download of a large object through Keystone and Swift.
    SwiftTransfer,
    /// Sync of a directory of many files to S3, then a no-op re-sync.
    Sync,
    /// Upload and download of a large object through fake-gcs-server.
    GcsTransfer,
    /// Upload and download of a large object through Azurite.
    AzureTransfer,
}

impl BenchName {
    /// Every benchmark, in the order `--list` shows them.
    pub const ALL: [BenchName; 8] = [
        BenchName::Ec2List,
        BenchName::S3Transfer,
        BenchName::DnsImport,
        BenchName::Deploy,
        BenchName::SwiftTransfer,
        BenchName::Sync,
        BenchName::GcsTransfer,
        BenchName::AzureTransfer,
    ];

    /// The name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            BenchName::Ec2List => "ec2-list",
            BenchName::S3Transfer => "s3-transfer",
            BenchName::DnsImport => "dns-import",
            BenchName::Deploy => "deploy",
            BenchName::SwiftTransfer => "swift-transfer",
            BenchName::Sync => "sync",
            BenchName::GcsTransfer => "gcs-transfer",
            BenchName::AzureTransfer => "azure-transfer",
        }
    }

    /// One line on what it measures.
    pub fn summary(self) -> &'static str {
        match self {
            BenchName::Ec2List => {
                "`libcloud nodes list` vs Apache Libcloud's list_nodes() over a replay \
                 server of --nodes EC2 instances: client CPU, wall time, peak RSS"
            }
            BenchName::S3Transfer => {
                "`libcloud storage put/get` vs Apache Libcloud and curl against s3s-fs \
                 and a sink server (--server) with a --size-mib file: throughput, peak RSS"
            }
            BenchName::DnsImport => {
                "`libcloud dns import` of a --records zone file vs Apache Libcloud's Route 53 \
                 driver over a Route 53 server: wall time, CPU, requests"
            }
            BenchName::Deploy => {
                "`libcloud nodes deploy` of --nodes nodes at once (upload a --size-mib file, \
                 run a script) vs Apache Libcloud's deploy_node with a thread per node, \
                 through OpenSSH on 127.0.0.1: wall time, CPU, peak RSS"
            }
            BenchName::SwiftTransfer => {
                "`libcloud storage put/get` vs Apache Libcloud's Swift driver and \
                 python-swiftclient with a --size-mib file through Keystone and Swift: \
                 throughput, peak RSS"
            }
            BenchName::Sync => {
                "`libcloud storage sync` vs rclone and `aws s3 sync` of --files small files \
                 and four --size-mib files to s3s-fs, then a no-op re-sync: wall time, CPU, \
                 peak RSS"
            }
            BenchName::GcsTransfer => {
                "`libcloud storage put/get` vs Apache Libcloud's Google Storage driver and \
                 curl with a --size-mib file through fake-gcs-server: throughput, peak RSS"
            }
            BenchName::AzureTransfer => {
                "`libcloud storage put/get` vs Apache Libcloud's Azure Blobs driver and \
                 curl with a --size-mib file through Azurite: throughput, peak RSS"
            }
        }
    }
}

/// Benchmarks the `libcloud` CLI (release build) against reference clients on 127.0.0.1
/// and prints the figures side by side (`--list` names them).
#[derive(Parser, Debug, Clone, PartialEq, Eq)]
#[command(name = "libcloud-bench", bin_name = "cargo xtask bench", version)]
pub struct BenchArgs {
    /// The benchmark to run.
    #[arg(value_enum, required_unless_present = "list")]
    pub name: Option<BenchName>,
    /// List the benchmarks and what each measures.
    #[arg(long, conflicts_with = "name")]
    pub list: bool,
    /// `ec2-list`: instances the replay server holds [default: 10000]; `deploy`: nodes
    /// deployed to at once [default: 20].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub nodes: Option<u32>,
    /// `s3-transfer`, `swift-transfer`, `gcs-transfer`, `azure-transfer`: size of the
    /// transferred file in MiB [default: 1024]; `deploy`: of
    /// the file uploaded to each node [default: 10]; `sync`: of each of the four large
    /// files [default: 256].
    #[arg(long, value_name = "MIB", value_parser = clap::value_parser!(u64).range(1..=65_536))]
    pub size_mib: Option<u64>,
    /// `s3-transfer`: the servers to run against [default: both].
    #[arg(long, value_enum, value_name = "SERVER")]
    pub server: Option<S3Servers>,
    /// `dns-import`: record values in the imported zone [default: 10000].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(10..=1_000_000))]
    pub records: Option<u32>,
    /// `sync`: small files (1 to 64 KiB) in the synced directory [default: 10000].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub files: Option<u32>,
    /// Timed runs per client; the median of each figure is shown [default: 3; `sync`: 1].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=25))]
    pub runs: Option<u32>,
}

/// What `cargo xtask bench` was asked to do, options resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// Print the benchmarks.
    List,
    /// Run `ec2-list`.
    Ec2List {
        /// Instances on the replay server.
        nodes: u32,
        /// Timed runs per client.
        runs: u32,
    },
    /// Run `s3-transfer`.
    S3Transfer {
        /// File size in MiB.
        size_mib: u64,
        /// Timed runs per client.
        runs: u32,
        /// The servers.
        servers: S3Servers,
    },
    /// Run `dns-import`.
    DnsImport {
        /// Record values in the zone.
        records: u32,
        /// Timed runs per client.
        runs: u32,
    },
    /// Run `swift-transfer`.
    SwiftTransfer {
        /// File size in MiB.
        size_mib: u64,
        /// Timed runs per client.
        runs: u32,
    },
    /// Run `gcs-transfer`.
    GcsTransfer {
        /// File size in MiB.
        size_mib: u64,
        /// Timed runs per client.
        runs: u32,
    },
    /// Run `azure-transfer`.
    AzureTransfer {
        /// File size in MiB.
        size_mib: u64,
        /// Timed runs per client.
        runs: u32,
    },
    /// Run `deploy`.
    Deploy {
        /// Nodes deployed to at once.
        nodes: u32,
        /// Size of the uploaded file in MiB.
        size_mib: u64,
        /// Timed runs per client.
        runs: u32,
    },
    /// Run `sync`.
    Sync {
        /// Small files in the synced directory.
        files: u32,
        /// Size of each large file in MiB.
        big_mib: u64,
        /// Timed runs per client.
        runs: u32,
    },
}

impl BenchArgs {
    /// Resolves the options; an option the chosen benchmark does not use is an error
    /// rather than silently ignored.
    pub fn plan(&self) -> Result<Plan> {
        let runs = self.runs.unwrap_or(DEFAULT_RUNS);
        if let Some(other) = self.name.filter(|n| *n != BenchName::Sync) {
            refuse(self.files.is_some(), "--files", other)?;
        }
        match self.name {
            None if self.list => Ok(Plan::List),
            None => Err(Error::msg("name a benchmark, or pass --list")),
            Some(BenchName::DnsImport) => {
                refuse(self.nodes.is_some(), "--nodes", BenchName::DnsImport)?;
                refuse(self.size_mib.is_some(), "--size-mib", BenchName::DnsImport)?;
                refuse(self.server.is_some(), "--server", BenchName::DnsImport)?;
                Ok(Plan::DnsImport {
                    records: self.records.unwrap_or(DEFAULT_RECORDS),
                    runs,
                })
            }
            Some(BenchName::SwiftTransfer) => {
                refuse(self.nodes.is_some(), "--nodes", BenchName::SwiftTransfer)?;
                refuse(
                    self.records.is_some(),
                    "--records",
                    BenchName::SwiftTransfer,
                )?;
                refuse(self.server.is_some(), "--server", BenchName::SwiftTransfer)?;
                Ok(Plan::SwiftTransfer {
                    size_mib: self.size_mib.unwrap_or(DEFAULT_SIZE_MIB),
                    runs,
                })
            }
            Some(name @ (BenchName::GcsTransfer | BenchName::AzureTransfer)) => {
                refuse(self.nodes.is_some(), "--nodes", name)?;
                refuse(self.records.is_some(), "--records", name)?;
                refuse(self.server.is_some(), "--server", name)?;
                let size_mib = self.size_mib.unwrap_or(DEFAULT_SIZE_MIB);
                Ok(if name == BenchName::GcsTransfer {
                    Plan::GcsTransfer { size_mib, runs }
                } else {
                    Plan::AzureTransfer { size_mib, runs }
                })
            }
            Some(BenchName::Deploy) => {
                refuse(self.records.is_some(), "--records", BenchName::Deploy)?;
                refuse(self.server.is_some(), "--server", BenchName::Deploy)?;
                let nodes = self.nodes.unwrap_or(DEFAULT_DEPLOY_NODES);
                if nodes > 200 {
                    return Err(Error::msg("deploy takes at most 200 --nodes"));
                }
                Ok(Plan::Deploy {
                    nodes,
                    size_mib: self.size_mib.unwrap_or(DEFAULT_DEPLOY_MIB),
                    runs,
                })
            }
            Some(BenchName::Ec2List) => {
                refuse(self.records.is_some(), "--records", BenchName::Ec2List)?;
                if self.nodes.is_some_and(|n| n < MIN_NODES) {
                    return Err(Error::msg(format!(
                        "ec2-list takes at least {MIN_NODES} --nodes"
                    )));
                }
                refuse(self.size_mib.is_some(), "--size-mib", BenchName::Ec2List)?;
                refuse(self.server.is_some(), "--server", BenchName::Ec2List)?;
                Ok(Plan::Ec2List {
                    nodes: self.nodes.unwrap_or(DEFAULT_NODES),
                    runs,
                })
            }
            Some(BenchName::Sync) => {
                refuse(self.nodes.is_some(), "--nodes", BenchName::Sync)?;
                refuse(self.records.is_some(), "--records", BenchName::Sync)?;
                refuse(self.server.is_some(), "--server", BenchName::Sync)?;
                Ok(Plan::Sync {
                    files: self.files.unwrap_or(DEFAULT_SYNC_FILES),
                    big_mib: self.size_mib.unwrap_or(DEFAULT_SYNC_BIG_MIB),
                    runs: self.runs.unwrap_or(DEFAULT_SYNC_RUNS),
                })
            }
            Some(BenchName::S3Transfer) => {
                refuse(self.nodes.is_some(), "--nodes", BenchName::S3Transfer)?;
                refuse(self.records.is_some(), "--records", BenchName::S3Transfer)?;
                Ok(Plan::S3Transfer {
                    size_mib: self.size_mib.unwrap_or(DEFAULT_SIZE_MIB),
                    runs,
                    servers: self.server.unwrap_or(S3Servers::Both),
                })
            }
        }
    }
}

fn refuse(given: bool, flag: &str, bench: BenchName) -> Result<()> {
    if given {
        Err(Error::msg(format!(
            "{flag} does not apply to {}",
            bench.name()
        )))
    } else {
        Ok(())
    }
}

/// The text of `cargo xtask bench --list`.
pub fn listing() -> String {
    let width = BenchName::ALL
        .iter()
        .map(|b| b.name().len())
        .max()
        .unwrap_or(0);
    BenchName::ALL
        .iter()
        .map(|b| format!("{:width$}  {}\n", b.name(), b.summary()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(words: &[&str]) -> std::result::Result<BenchArgs, clap::Error> {
        BenchArgs::try_parse_from(std::iter::once("bench").chain(words.iter().copied()))
    }

    #[test]
    fn cli_definition_is_consistent() {
        use clap::CommandFactory;
        BenchArgs::command().debug_assert();
    }

    #[test]
    fn defaults_apply_per_benchmark() {
        assert_eq!(
            parse(&["ec2-list"]).unwrap().plan().unwrap(),
            Plan::Ec2List {
                nodes: 10_000,
                runs: 3
            }
        );
        assert_eq!(
            parse(&["s3-transfer", "--runs", "1"])
                .unwrap()
                .plan()
                .unwrap(),
            Plan::S3Transfer {
                size_mib: 1024,
                runs: 1,
                servers: S3Servers::Both
            }
        );
        assert_eq!(
            parse(&["ec2-list", "--nodes", "500"])
                .unwrap()
                .plan()
                .unwrap(),
            Plan::Ec2List {
                nodes: 500,
                runs: 3
            }
        );
        assert_eq!(
            parse(&["s3-transfer", "--size-mib", "64", "--server", "s3s-fs"])
                .unwrap()
                .plan()
                .unwrap(),
            Plan::S3Transfer {
                size_mib: 64,
                runs: 3,
                servers: S3Servers::S3sFs
            }
        );
    }

    #[test]
    fn list_stands_alone() {
        assert_eq!(parse(&["--list"]).unwrap().plan().unwrap(), Plan::List);
        assert!(parse(&["--list", "ec2-list"]).is_err());
        assert!(parse(&[]).is_err(), "a name or --list is required");
        assert!(parse(&["nope"]).is_err());
    }

    #[test]
    fn options_of_the_other_benchmark_are_refused() {
        let err = parse(&["ec2-list", "--size-mib", "8"])
            .unwrap()
            .plan()
            .unwrap_err();
        assert!(err.message().contains("--size-mib"), "{err}");
        let err = parse(&["ec2-list", "--server", "sink"])
            .unwrap()
            .plan()
            .unwrap_err();
        assert!(err.message().contains("--server"), "{err}");
        let err = parse(&["s3-transfer", "--nodes", "100"])
            .unwrap()
            .plan()
            .unwrap_err();
        assert!(err.message().contains("--nodes"), "{err}");
    }

    #[test]
    fn ranges_are_checked() {
        assert!(
            parse(&["ec2-list", "--nodes", "9"])
                .unwrap()
                .plan()
                .is_err()
        );
        assert!(
            parse(&["ec2-list", "--nodes", "10"])
                .unwrap()
                .plan()
                .is_ok()
        );
        assert!(parse(&["deploy", "--nodes", "0"]).is_err());
        assert!(
            parse(&["deploy", "--nodes", "201"])
                .unwrap()
                .plan()
                .is_err()
        );
        assert_eq!(
            parse(&["deploy"]).unwrap().plan().unwrap(),
            Plan::Deploy {
                nodes: 20,
                size_mib: 10,
                runs: 3
            }
        );
        assert!(
            parse(&["deploy", "--records", "10"])
                .unwrap()
                .plan()
                .is_err()
        );
        assert!(parse(&["ec2-list", "--runs", "0"]).is_err());
        assert!(parse(&["s3-transfer", "--size-mib", "0"]).is_err());
    }

    #[test]
    fn sync_takes_files_size_and_runs_and_others_refuse_files() {
        assert_eq!(
            parse(&["sync"]).unwrap().plan().unwrap(),
            Plan::Sync {
                files: 10_000,
                big_mib: 256,
                runs: 1
            }
        );
        assert_eq!(
            parse(&["sync", "--files", "500", "--size-mib", "8", "--runs", "2"])
                .unwrap()
                .plan()
                .unwrap(),
            Plan::Sync {
                files: 500,
                big_mib: 8,
                runs: 2
            }
        );
        let err = parse(&["s3-transfer", "--files", "5"])
            .unwrap()
            .plan()
            .unwrap_err();
        assert!(err.message().contains("--files"), "{err}");
        let err = parse(&["sync", "--nodes", "5"])
            .unwrap()
            .plan()
            .unwrap_err();
        assert!(err.message().contains("--nodes"), "{err}");
        assert!(parse(&["sync", "--files", "0"]).is_err());
    }

    #[test]
    fn the_cloud_storage_transfers_take_size_and_runs_only() {
        assert_eq!(
            parse(&["gcs-transfer"]).unwrap().plan().unwrap(),
            Plan::GcsTransfer {
                size_mib: 1024,
                runs: 3
            }
        );
        assert_eq!(
            parse(&["azure-transfer", "--size-mib", "64", "--runs", "1"])
                .unwrap()
                .plan()
                .unwrap(),
            Plan::AzureTransfer {
                size_mib: 64,
                runs: 1
            }
        );
        for flag in ["--nodes", "--records", "--server"] {
            let value = if flag == "--server" { "sink" } else { "100" };
            let err = parse(&["azure-transfer", flag, value])
                .unwrap()
                .plan()
                .unwrap_err();
            assert!(err.message().contains(flag), "{err}");
        }
    }

    #[test]
    fn listing_names_every_benchmark_once_per_line() {
        let text = listing();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), BenchName::ALL.len());
        assert!(lines[0].starts_with("ec2-list     "));
        assert!(lines[1].starts_with("s3-transfer  "));
        for b in BenchName::ALL {
            assert_eq!(
                BenchName::from_str(b.name(), false).unwrap(),
                b,
                "{}",
                b.name()
            );
        }
    }
}
