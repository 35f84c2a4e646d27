//! Which services a test run needs: every crate lists the ones its tests use in
//! `crates/<crate>/emulators.txt` (one name per line, `#` starts a comment), and a run
//! limited with `-p`/`--package` or `--exclude` only counts the crates it tests.

use std::path::{Path, PathBuf};

use super::table::Service;
use crate::{Error, Result};

/// The file a crate lists its services in.
pub const EMULATORS_FILE: &str = "emulators.txt";

/// One crate's request for services.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The crate's folder name under `crates/`, which is also its package name.
    pub krate: String,
    /// Where the request was read from, for error messages.
    pub file: PathBuf,
    /// The service names listed.
    pub names: Vec<String>,
}

/// The names in an `emulators.txt`: whitespace-separated words, `#` to end of line is a
/// comment.
pub fn parse_names(text: &str) -> Vec<String> {
    text.lines()
        .map(|line| line.split('#').next().unwrap_or(""))
        .flat_map(str::split_whitespace)
        .map(str::to_string)
        .collect()
}

/// Reads every `crates/*/emulators.txt` under `root`, in crate-name order.
pub fn read_requests(root: &Path) -> Result<Vec<Request>> {
    let crates = root.join("crates");
    let entries = std::fs::read_dir(&crates)
        .map_err(|e| Error::msg(format!("cannot list {}: {e}", crates.display())))?;
    let mut out = Vec::new();
    for entry in entries {
        let entry =
            entry.map_err(|e| Error::msg(format!("cannot list {}: {e}", crates.display())))?;
        let file = entry.path().join(EMULATORS_FILE);
        if !file.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&file)
            .map_err(|e| Error::msg(format!("cannot read {}: {e}", file.display())))?;
        out.push(Request {
            krate: entry.file_name().to_string_lossy().into_owned(),
            file,
            names: parse_names(&text),
        });
    }
    out.sort_by(|a, b| a.krate.cmp(&b.krate));
    Ok(out)
}

/// Which packages a test run covers, read from the runner arguments.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackageFilter {
    /// `-p`/`--package` values; empty means the whole workspace.
    pub only: Vec<String>,
    /// `--exclude` values.
    pub exclude: Vec<String>,
}

impl PackageFilter {
    /// Reads `-p X`, `-pX`, `--package X`, `--package=X`, `--exclude X` and
    /// `--exclude=X` from runner arguments; stops at a bare `--` (what follows is for
    /// the test binaries).
    pub fn from_args(args: &[String]) -> Self {
        let mut filter = PackageFilter::default();
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            let arg = arg.as_str();
            if arg == "--" {
                break;
            }
            let (list, value) = if arg == "-p" || arg == "--package" {
                (&mut filter.only, it.next().cloned())
            } else if arg == "--exclude" {
                (&mut filter.exclude, it.next().cloned())
            } else if let Some(v) = arg.strip_prefix("--package=") {
                (&mut filter.only, Some(v.to_string()))
            } else if let Some(v) = arg.strip_prefix("--exclude=") {
                (&mut filter.exclude, Some(v.to_string()))
            } else if let Some(v) = arg.strip_prefix("-p").filter(|v| !v.is_empty()) {
                (&mut filter.only, Some(v.to_string()))
            } else {
                continue;
            };
            list.extend(value);
        }
        filter
    }

    /// Whether the run names its packages (then `--workspace` must not be added: cargo
    /// ignores `-p` next to it).
    pub fn names_packages(&self) -> bool {
        !self.only.is_empty()
    }

    /// Whether the run tests `krate`.
    pub fn covers(&self, krate: &str) -> bool {
        (self.only.is_empty() || self.only.iter().any(|p| p == krate))
            && !self.exclude.iter().any(|p| p == krate)
    }
}

/// The services the covered crates ask for, in table order, each once. A name missing
/// from the table is an error naming the file it came from.
pub fn select<'t>(
    requests: &[Request],
    filter: &PackageFilter,
    table: &'t [Service],
) -> Result<Vec<&'t Service>> {
    let mut wanted = vec![false; table.len()];
    for req in requests {
        for name in &req.names {
            let Some(i) = table.iter().position(|s| s.name == name.as_str()) else {
                let known: Vec<&str> = table.iter().map(|s| s.name).collect();
                return Err(Error::msg(format!(
                    "{} names the unknown service {name:?} (known: {})",
                    req.file.display(),
                    known.join(", ")
                )));
            };
            if filter.covers(&req.krate) {
                wanted[i] = true;
            }
        }
    }
    Ok(table
        .iter()
        .zip(wanted)
        .filter_map(|(s, w)| w.then_some(s))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::table::{Ready, SERVICES};

    fn args(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| w.to_string()).collect()
    }

    fn req(krate: &str, names: &[&str]) -> Request {
        Request {
            krate: krate.into(),
            file: PathBuf::from(format!("crates/{krate}/emulators.txt")),
            names: args(names),
        }
    }

    fn fake(name: &'static str) -> Service {
        Service {
            name,
            env_var: "UNUSED",
            install: |_| Ok(()),
            command: |_, _| Ok(std::process::Command::new("true")),
            ready: Ready::Tcp,
            endpoint: |port| format!("127.0.0.1:{port}"),
            extra_env: &[],
            second_port: None,
        }
    }

    #[test]
    fn parse_skips_comments_and_blank_lines() {
        let text = "# services for the EC2 tests\nmoto\n\n  azurite   # blob\n#sshd\nx y\n";
        assert_eq!(parse_names(text), ["moto", "azurite", "x", "y"]);
        assert!(parse_names("").is_empty());
        assert!(parse_names("# nothing\n   \n").is_empty());
    }

    #[test]
    fn filter_reads_every_package_spelling() {
        let f = PackageFilter::from_args(&args(&[
            "-p",
            "a",
            "-pb",
            "--package",
            "c",
            "--package=d",
            "--exclude",
            "e",
            "--exclude=f",
            "--no-capture",
            "--",
            "-p",
            "ignored",
        ]));
        assert_eq!(f.only, ["a", "b", "c", "d"]);
        assert_eq!(f.exclude, ["e", "f"]);
        assert!(f.names_packages());
        let all = PackageFilter::from_args(&args(&["--no-capture", "--exclude", "x"]));
        assert!(!all.names_packages());
        assert!(all.covers("y") && !all.covers("x"));
    }

    #[test]
    fn no_requests_selects_nothing() {
        let got = select(&[], &PackageFilter::default(), SERVICES).unwrap();
        assert!(got.is_empty());
    }

    #[test]
    fn selection_is_a_union_in_table_order() {
        let table = [fake("moto"), fake("azurite"), fake("sshd")];
        let requests = [
            req("cloud-azure", &["azurite"]),
            req("cloud-ec2", &["sshd", "moto"]),
            req("cloud-s3", &["moto"]),
        ];
        let got = select(&requests, &PackageFilter::default(), &table).unwrap();
        let names: Vec<&str> = got.iter().map(|s| s.name).collect();
        assert_eq!(names, ["moto", "azurite", "sshd"]);
    }

    #[test]
    fn selection_follows_the_package_filter() {
        let table = [fake("moto"), fake("azurite")];
        let requests = [req("cloud-azure", &["azurite"]), req("cloud-s3", &["moto"])];
        let only_s3 = PackageFilter::from_args(&args(&["-p", "cloud-s3"]));
        let got = select(&requests, &only_s3, &table).unwrap();
        assert_eq!(got.iter().map(|s| s.name).collect::<Vec<_>>(), ["moto"]);
        let no_s3 = PackageFilter::from_args(&args(&["--exclude", "cloud-s3"]));
        let got = select(&requests, &no_s3, &table).unwrap();
        assert_eq!(got.iter().map(|s| s.name).collect::<Vec<_>>(), ["azurite"]);
        let core = PackageFilter::from_args(&args(&["-p", "cloud-core"]));
        assert!(select(&requests, &core, &table).unwrap().is_empty());
    }

    #[test]
    fn unknown_name_is_an_error_naming_the_file() {
        let err = select(
            &[req("cloud-x", &["motto"])],
            &PackageFilter::default(),
            SERVICES,
        )
        .unwrap_err();
        assert!(
            err.message().contains("crates/cloud-x/emulators.txt"),
            "{err}"
        );
        assert!(
            err.message().contains("motto") && err.message().contains("moto"),
            "{err}"
        );
    }

    #[test]
    fn reads_requests_from_crate_folders() {
        let dir = tempfile::tempdir().unwrap();
        let crates = dir.path().join("crates");
        for (krate, body) in [
            ("b", Some("moto\n")),
            ("a", Some("# none yet\n")),
            ("c", None),
        ] {
            std::fs::create_dir_all(crates.join(krate)).unwrap();
            if let Some(body) = body {
                std::fs::write(crates.join(krate).join(EMULATORS_FILE), body).unwrap();
            }
        }
        let got = read_requests(dir.path()).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!((got[0].krate.as_str(), got[0].names.len()), ("a", 0));
        assert_eq!(got[1].krate, "b");
        assert_eq!(got[1].names, ["moto"]);
        let picked = select(&got, &PackageFilter::default(), SERVICES).unwrap();
        assert_eq!(picked.len(), 1);
        assert_eq!(picked[0].name, "moto");
    }
}
