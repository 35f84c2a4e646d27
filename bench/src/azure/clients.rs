//! The three clients `azure-transfer` times, their command lines, and the variables each
//! is configured by.

use std::path::{Path, PathBuf};

use super::account::Account;

/// Which way the bytes go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// File to blob.
    Upload,
    /// Blob to file.
    Download,
}

/// A client of the benchmark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Client {
    /// `libcloud --provider azure_blobs storage put|get` (release build), configured by
    /// `AZURE_STORAGE_CONNECTION_STRING` alone.
    Ours {
        /// The `libcloud` binary.
        bin: PathBuf,
    },
    /// `bench/python/azure_transfer.py` on Apache Libcloud's Azure Blobs driver.
    Libcloud {
        /// The virtual environment's Python.
        python: PathBuf,
        /// The driver script.
        script: PathBuf,
    },
    /// `curl` with a SAS in the URL: one `Put Blob`, one `Get Blob`.
    Curl,
}

/// One transfer of one client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transfer<'a> {
    /// Upload or download.
    pub direction: Direction,
    /// The account on Azurite.
    pub account: &'a Account,
    /// The container.
    pub container: &'a str,
    /// The local file read (upload) or written (download).
    pub file: &'a Path,
    /// The SAS query string curl appends to the blob's address (see [`super::sas`]);
    /// the other clients sign for themselves and ignore it.
    pub sas: &'a str,
}

impl Client {
    /// The program to start.
    pub fn program(&self) -> PathBuf {
        match self {
            Client::Ours { bin } => bin.clone(),
            Client::Libcloud { python, .. } => python.clone(),
            Client::Curl => "curl".into(),
        }
    }

    /// The blob this client writes (each its own, so no client reads another's).
    pub fn key(&self) -> &'static str {
        match self {
            Client::Ours { .. } => "ours.bin",
            Client::Libcloud { .. } => "libcloud.bin",
            Client::Curl => "curl.bin",
        }
    }

    /// The variables that configure it, added to the sandbox's clean environment.
    pub fn env(&self, account: &Account) -> Vec<(String, String)> {
        match self {
            Client::Ours { .. } => vec![(
                "AZURE_STORAGE_CONNECTION_STRING".into(),
                account.connection_string(),
            )],
            Client::Libcloud { .. } => vec![
                ("AZURE_STORAGE_ACCOUNT".into(), account.name.clone()),
                ("AZURE_STORAGE_KEY".into(), account.key.clone()),
            ],
            Client::Curl => Vec::new(),
        }
    }

    /// Its arguments for `t`.
    pub fn args(&self, t: &Transfer<'_>) -> Vec<String> {
        let file = t.file.display().to_string();
        match (self, t.direction) {
            (Client::Ours { .. }, direction) => {
                let object = format!("{}/{}", t.container, self.key());
                let mut args: Vec<String> = ["--provider", "azure_blobs", "storage"]
                    .map(String::from)
                    .to_vec();
                match direction {
                    Direction::Upload => args.extend(["put".into(), file, object]),
                    Direction::Download => args.extend(["get".into(), object, file]),
                }
                args
            }
            (Client::Libcloud { script, .. }, direction) => vec![
                script.display().to_string(),
                match direction {
                    Direction::Upload => "put".into(),
                    Direction::Download => "get".into(),
                },
                "--port".into(),
                t.account.port.to_string(),
                "--container".into(),
                t.container.into(),
                "--key".into(),
                self.key().into(),
                file,
            ],
            (Client::Curl, direction) => {
                let url = format!("{}?{}", t.account.blob_url(t.container, self.key()), t.sas);
                let mut args: Vec<String> = ["--silent", "--show-error", "--fail"]
                    .map(String::from)
                    .to_vec();
                match direction {
                    Direction::Upload => args.extend([
                        "--header".into(),
                        "x-ms-blob-type: BlockBlob".into(),
                        "--upload-file".into(),
                        file,
                        "--output".into(),
                        "/dev/null".into(),
                    ]),
                    Direction::Download => args.extend(["--output".into(), file]),
                }
                args.push(url);
                args
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account() -> Account {
        Account {
            name: "devstoreaccount1".into(),
            key: "a2V5".into(),
            endpoint: "http://127.0.0.1:10000/devstoreaccount1".into(),
            port: 10000,
        }
    }

    fn transfer(account: &Account, direction: Direction) -> Transfer<'_> {
        Transfer {
            direction,
            account,
            container: "bench",
            file: Path::new("/s/payload.bin"),
            sas: "sv=1&sig=x",
        }
    }

    #[test]
    fn ours_puts_and_gets_its_own_blob() {
        let a = account();
        let ours = Client::Ours {
            bin: "/w/target/release/libcloud".into(),
        };
        assert_eq!(
            ours.args(&transfer(&a, Direction::Upload)).join(" "),
            "--provider azure_blobs storage put /s/payload.bin bench/ours.bin"
        );
        assert_eq!(
            ours.args(&transfer(&a, Direction::Download)).join(" "),
            "--provider azure_blobs storage get bench/ours.bin /s/payload.bin"
        );
        assert_eq!(ours.program(), Path::new("/w/target/release/libcloud"));
    }

    #[test]
    fn the_libcloud_script_gets_direction_port_container_and_key() {
        let a = account();
        let lib = Client::Libcloud {
            python: "/venv/bin/python".into(),
            script: "/w/bench/python/azure_transfer.py".into(),
        };
        assert_eq!(
            lib.args(&transfer(&a, Direction::Upload)).join(" "),
            "/w/bench/python/azure_transfer.py put --port 10000 --container bench \
             --key libcloud.bin /s/payload.bin"
        );
        assert_eq!(lib.args(&transfer(&a, Direction::Download))[1], "get");
        assert_eq!(lib.program(), Path::new("/venv/bin/python"));
    }

    #[test]
    fn curl_puts_a_block_blob_and_gets_it_with_the_sas() {
        let a = account();
        let url = "http://127.0.0.1:10000/devstoreaccount1/bench/curl.bin?sv=1&sig=x";
        let up = Client::Curl.args(&transfer(&a, Direction::Upload));
        assert!(
            up.windows(2)
                .any(|w| w == ["--header", "x-ms-blob-type: BlockBlob"])
        );
        assert!(
            up.windows(2)
                .any(|w| w == ["--upload-file", "/s/payload.bin"])
        );
        assert!(up.contains(&"--fail".to_string()));
        assert_eq!(up.last().unwrap(), url);
        let down = Client::Curl.args(&transfer(&a, Direction::Download));
        assert!(down.windows(2).any(|w| w == ["--output", "/s/payload.bin"]));
        assert!(!down.iter().any(|a| a == "--upload-file" || a == "--header"));
        assert_eq!(down.last().unwrap(), url);
    }

    #[test]
    fn each_client_is_configured_its_own_way_and_writes_its_own_blob() {
        let a = account();
        let ours = Client::Ours { bin: "l".into() };
        let lib = Client::Libcloud {
            python: "p".into(),
            script: "s".into(),
        };
        let ours_env = ours.env(&a);
        assert_eq!(ours_env.len(), 1);
        assert_eq!(ours_env[0].0, "AZURE_STORAGE_CONNECTION_STRING");
        assert!(
            ours_env[0]
                .1
                .contains("BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;")
        );
        let names: Vec<String> = lib.env(&a).into_iter().map(|(k, _)| k).collect();
        assert_eq!(names, ["AZURE_STORAGE_ACCOUNT", "AZURE_STORAGE_KEY"]);
        assert!(Client::Curl.env(&a).is_empty());
        let mut keys = [ours.key(), lib.key(), Client::Curl.key()];
        keys.sort_unstable();
        assert!(keys.windows(2).all(|w| w[0] != w[1]));
    }
}
