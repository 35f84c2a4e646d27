//! The services (emulators) a test run starts on 127.0.0.1: which ones are needed,
//! installing and starting them, and stopping them again.

pub mod azurite;
pub mod fake_gcs;
pub mod mimic;
pub mod openstack;
pub mod pdns;
mod probe;
pub mod process;
pub mod select;
pub mod sshd;
pub mod table;
pub mod venv;

use std::path::{Path, PathBuf};
use std::time::Duration;

pub use probe::{free_port, free_udp_and_tcp_port, http_answers, is_ready, tcp_accepts};
use process::Spawned;
use select::PackageFilter;
use table::{Ports, SERVICES, Service};

use crate::interrupt::Interrupt;
use crate::{Error, Result};

/// How long a started service gets to come up.
pub const START_TIMEOUT: Duration = Duration::from_secs(60);

/// Where services are installed and log to.
#[derive(Debug, Clone)]
pub struct Layout {
    root: PathBuf,
}

impl Layout {
    /// The layout of the workspace at `root`.
    pub fn new(root: PathBuf) -> Self {
        Layout { root }
    }

    /// The workspace root.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `target/emulators/`: installs and logs.
    pub fn emulators_dir(&self) -> PathBuf {
        self.root.join("target").join("emulators")
    }
}

/// The services the crates covered by `runner_args` ask for.
pub fn needed(root: &Path, runner_args: &[String]) -> Result<Vec<&'static Service>> {
    let requests = select::read_requests(root)?;
    select::select(&requests, &PackageFilter::from_args(runner_args), SERVICES)
}

struct Started {
    service: &'static Service,
    ports: Ports,
    process: Spawned,
}

/// The services started for a run. Dropping it stops them all.
#[derive(Default)]
pub struct Running {
    started: Vec<Started>,
    /// The emulator folder, which `{emulators}` in a service's `extra_env` stands for.
    emulators: PathBuf,
}

impl Running {
    /// Installs (when missing) and starts each service, waiting until each is up.
    /// On failure the ones already started are stopped.
    pub fn start(services: &[&'static Service], layout: &Layout, stop: &Interrupt) -> Result<Self> {
        let mut running = Running {
            started: Vec::new(),
            emulators: layout.emulators_dir(),
        };
        for &service in services {
            if stop.is_set() {
                return Err(Error::msg("interrupted"));
            }
            (service.install)(layout)?;
            let ports = pick_ports(service)?;
            let log = layout.emulators_dir().join(format!("{}.log", service.name));
            let command = (service.command)(layout, ports)?;
            let mut process = Spawned::start(service.name, command, &log)?;
            process.wait_ready(|| is_ready(service.ready, ports.main), START_TIMEOUT, stop)?;
            let second = match (&service.second_port, ports.second) {
                (Some(s), Some(port)) => format!(", and at {}", (s.address)(port)),
                _ => String::new(),
            };
            eprintln!(
                "xtask: {} is up at {}{second} (log: {})",
                service.name,
                (service.endpoint)(ports.main),
                process.log().display()
            );
            running.started.push(Started {
                service,
                ports,
                process,
            });
        }
        Ok(running)
    }

    /// The environment variables telling the tests where each service listens.
    pub fn env(&self) -> Vec<(String, String)> {
        self.started
            .iter()
            .flat_map(|s| {
                let endpoint = (
                    s.service.env_var.to_string(),
                    (s.service.endpoint)(s.ports.main),
                );
                let second = match (&s.service.second_port, s.ports.second) {
                    (Some(spec), Some(port)) => {
                        Some((spec.env_var.to_string(), (spec.address)(port)))
                    }
                    _ => None,
                };
                let emulators = self.emulators.to_string_lossy();
                let extra = s
                    .service
                    .extra_env
                    .iter()
                    .map(move |(k, v)| (k.to_string(), v.replace("{emulators}", &emulators)));
                std::iter::once(endpoint).chain(second).chain(extra)
            })
            .collect()
    }

    /// Stops every service, most recently started first.
    pub fn stop(&mut self) {
        while let Some(mut s) = self.started.pop() {
            s.process.stop();
            eprintln!("xtask: stopped {}", s.service.name);
        }
    }
}

/// Free ports for `service`: its main port, and a second one free for UDP and TCP when
/// it asks for one.
fn pick_ports(service: &Service) -> Result<Ports> {
    let no_port = |e: std::io::Error| Error::msg(format!("no free port for {}: {e}", service.name));
    let main = free_port().map_err(no_port)?;
    let second = match service.second_port {
        Some(_) => Some(free_udp_and_tcp_port(&[main]).map_err(no_port)?),
        None => None,
    };
    Ok(Ports { main, second })
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop();
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use table::Ready;

    fn python_http_server(layout: &Layout, ports: Ports) -> Result<std::process::Command> {
        let mut cmd = std::process::Command::new("python3");
        cmd.args([
            "-m",
            "http.server",
            "--bind",
            "127.0.0.1",
            &ports.main.to_string(),
        ])
        .current_dir(layout.root());
        Ok(cmd)
    }

    static FAKE: Service = Service {
        name: "static-http",
        env_var: "LIBCLOUD_TEST_STATIC_ENDPOINT",
        install: |_| Ok(()),
        command: python_http_server,
        ready: Ready::Http("/"),
        endpoint: table::http_endpoint,
        extra_env: &[],
        second_port: None,
    };

    static TWO_PORTS: Service = Service {
        name: "two-ports",
        env_var: "LIBCLOUD_TEST_TWO_ENDPOINT",
        install: |_| Ok(()),
        command: python_http_server,
        ready: Ready::Http("/"),
        endpoint: table::http_endpoint,
        extra_env: &[("LIBCLOUD_TEST_TWO_KEY", "k")],
        second_port: Some(table::SecondPort {
            env_var: "LIBCLOUD_TEST_TWO_ADDR",
            address: table::loopback_address,
        }),
    };

    static BROKEN: Service = Service {
        name: "broken",
        env_var: "LIBCLOUD_TEST_BROKEN_ENDPOINT",
        install: |_| Err(Error::msg("cannot install broken")),
        command: python_http_server,
        ready: Ready::Tcp,
        endpoint: table::http_endpoint,
        extra_env: &[],
        second_port: None,
    };

    fn python3_present() -> bool {
        std::process::Command::new("python3")
            .arg("--version")
            .output()
            .is_ok()
    }

    #[test]
    fn starts_exports_and_stops() {
        if !python3_present() {
            eprintln!("python3 is absent: skipping");
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout::new(dir.path().to_path_buf());
        let mut running = Running::start(&[&FAKE], &layout, &Interrupt::never()).unwrap();
        let env = running.env();
        assert_eq!(env.len(), 1);
        assert_eq!(env[0].0, "LIBCLOUD_TEST_STATIC_ENDPOINT");
        let port: u16 = env[0].1.rsplit(':').next().unwrap().parse().unwrap();
        assert!(http_answers(port, "/"));
        assert!(layout.emulators_dir().join("static-http.log").is_file());
        running.stop();
        assert!(!tcp_accepts(port));
        assert!(running.env().is_empty());
    }

    #[test]
    fn a_second_port_is_picked_and_exported() {
        if !python3_present() {
            eprintln!("python3 is absent: skipping");
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout::new(dir.path().to_path_buf());
        let mut running = Running::start(&[&TWO_PORTS], &layout, &Interrupt::never()).unwrap();
        let env = running.env();
        let names: Vec<&str> = env.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            names,
            [
                "LIBCLOUD_TEST_TWO_ENDPOINT",
                "LIBCLOUD_TEST_TWO_ADDR",
                "LIBCLOUD_TEST_TWO_KEY"
            ]
        );
        let main: u16 = env[0].1.rsplit(':').next().unwrap().parse().unwrap();
        let second = env[1].1.strip_prefix("127.0.0.1:").unwrap();
        let second: u16 = second.parse().unwrap();
        assert_ne!(main, second);
        assert!(http_answers(main, "/"));
        running.stop();
    }

    #[test]
    fn pdns_starts_with_its_api_and_dns_ports() {
        let pdns = SERVICES.iter().find(|s| s.name == "pdns").unwrap();
        if (pdns.install)(&Layout::new("/unused".into())).is_err() || !python3_present() {
            eprintln!("PowerDNS or python3 is absent: skipping");
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout::new(dir.path().to_path_buf());
        let mut running = Running::start(&[pdns], &layout, &Interrupt::never()).unwrap();
        let env: std::collections::BTreeMap<String, String> = running.env().into_iter().collect();
        assert_eq!(env["LIBCLOUD_TEST_PDNS_API_KEY"], pdns::API_KEY);
        let api = &env["LIBCLOUD_TEST_PDNS_ENDPOINT"];
        let api_port: u16 = api.rsplit(':').next().unwrap().parse().unwrap();
        assert!(http_answers(api_port, "/api/v1/servers"));
        let dns = &env["LIBCLOUD_TEST_PDNS_DNS_ADDR"];
        let dns_port: u16 = dns.strip_prefix("127.0.0.1:").unwrap().parse().unwrap();
        assert!(tcp_accepts(dns_port), "DNS over TCP at {dns}");
        running.stop();
        assert!(!tcp_accepts(api_port));
    }

    #[test]
    fn install_failure_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout::new(dir.path().to_path_buf());
        let err = Running::start(&[&BROKEN], &layout, &Interrupt::never())
            .err()
            .unwrap();
        assert!(err.message().contains("cannot install broken"));
    }

    #[test]
    fn nothing_needed_without_emulator_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("crates/cloud-core")).unwrap();
        assert!(needed(dir.path(), &[]).unwrap().is_empty());
    }
}
