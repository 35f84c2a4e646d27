//! The two clients `dns-import` times: `libcloud dns import` of the zone file, and a
//! script creating the same record sets with Apache Libcloud's Route 53 driver.

use std::path::{Path, PathBuf};

use super::zone::DOMAIN;

/// A client of the benchmark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Client {
    /// `libcloud --provider route53 … dns import` (release build).
    Ours {
        /// The `libcloud` binary.
        bin: PathBuf,
    },
    /// `bench/python/route53_import.py` on Apache Libcloud.
    Libcloud {
        /// The virtual environment's Python.
        python: PathBuf,
        /// The driver script.
        script: PathBuf,
    },
}

impl Client {
    /// The program to start.
    pub fn program(&self) -> &Path {
        match self {
            Client::Ours { bin } => bin,
            Client::Libcloud { python, .. } => python,
        }
    }

    /// Its arguments for a server at `127.0.0.1:port`, importing `zone_file` (ours) or
    /// `sets_json` (the script).
    pub fn args(&self, port: u16, zone_file: &Path, sets_json: &Path) -> Vec<String> {
        match self {
            Client::Ours { .. } => vec![
                "--provider".into(),
                "route53".into(),
                "--endpoint".into(),
                format!("http://127.0.0.1:{port}"),
                "--output".into(),
                "json".into(),
                "dns".into(),
                "import".into(),
                DOMAIN.into(),
                zone_file.display().to_string(),
            ],
            Client::Libcloud { script, .. } => vec![
                script.display().to_string(),
                "--port".into(),
                port.to_string(),
                "--zone-id".into(),
                super::api::ZONE_ID.into(),
                "--sets".into(),
                sets_json.display().to_string(),
            ],
        }
    }

    /// A label for progress lines.
    pub fn label(&self) -> &'static str {
        match self {
            Client::Ours { .. } => "libcloud-rs",
            Client::Libcloud { .. } => "Apache Libcloud",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ours_imports_the_zone_file_through_route53() {
        let c = Client::Ours {
            bin: "/w/libcloud".into(),
        };
        assert_eq!(
            c.args(9, Path::new("/s/zone"), Path::new("/s/sets.json"))
                .join(" "),
            "--provider route53 --endpoint http://127.0.0.1:9 --output json dns import bench.example /s/zone"
        );
    }

    #[test]
    fn the_script_gets_the_zone_id_and_the_sets() {
        let c = Client::Libcloud {
            python: "/venv/python".into(),
            script: "/w/route53_import.py".into(),
        };
        let args = c.args(9, Path::new("/s/zone"), Path::new("/s/sets.json"));
        assert_eq!(args[0], "/w/route53_import.py");
        assert!(args.windows(2).any(|w| w == ["--sets", "/s/sets.json"]));
        assert_eq!(c.program(), Path::new("/venv/python"));
    }
}
