//! The services (emulators) a test run starts on 127.0.0.1: which ones are needed,
//! installing and starting them, and stopping them again.

mod probe;
pub mod process;
pub mod select;
pub mod table;
pub mod venv;

use std::path::{Path, PathBuf};
use std::time::Duration;

pub use probe::{free_port, http_answers, is_ready, tcp_accepts};
use process::Spawned;
use select::PackageFilter;
use table::{SERVICES, Service};

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
    port: u16,
    process: Spawned,
}

/// The services started for a run. Dropping it stops them all.
#[derive(Default)]
pub struct Running {
    started: Vec<Started>,
}

impl Running {
    /// Installs (when missing) and starts each service, waiting until each is up.
    /// On failure the ones already started are stopped.
    pub fn start(services: &[&'static Service], layout: &Layout, stop: &Interrupt) -> Result<Self> {
        let mut running = Running::default();
        for &service in services {
            if stop.is_set() {
                return Err(Error::msg("interrupted"));
            }
            (service.install)(layout)?;
            let port = free_port()
                .map_err(|e| Error::msg(format!("no free port for {}: {e}", service.name)))?;
            let log = layout.emulators_dir().join(format!("{}.log", service.name));
            let mut process = Spawned::start(service.name, (service.command)(layout, port), &log)?;
            process.wait_ready(|| is_ready(service.ready, port), START_TIMEOUT, stop)?;
            eprintln!(
                "xtask: {} is up at {} (log: {})",
                service.name,
                (service.endpoint)(port),
                process.log().display()
            );
            running.started.push(Started {
                service,
                port,
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
                let endpoint = (s.service.env_var.to_string(), (s.service.endpoint)(s.port));
                let extra = s
                    .service
                    .extra_env
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()));
                std::iter::once(endpoint).chain(extra)
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

impl Drop for Running {
    fn drop(&mut self) {
        self.stop();
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use table::Ready;

    fn python_http_server(layout: &Layout, port: u16) -> std::process::Command {
        let mut cmd = std::process::Command::new("python3");
        cmd.args([
            "-m",
            "http.server",
            "--bind",
            "127.0.0.1",
            &port.to_string(),
        ])
        .current_dir(layout.root());
        cmd
    }

    static FAKE: Service = Service {
        name: "static-http",
        env_var: "LIBCLOUD_TEST_STATIC_ENDPOINT",
        install: |_| Ok(()),
        command: python_http_server,
        ready: Ready::Http("/"),
        endpoint: table::http_endpoint,
        extra_env: &[],
    };

    static BROKEN: Service = Service {
        name: "broken",
        env_var: "LIBCLOUD_TEST_BROKEN_ENDPOINT",
        install: |_| Err(Error::msg("cannot install broken")),
        command: python_http_server,
        ready: Ready::Tcp,
        endpoint: table::http_endpoint,
        extra_env: &[],
    };

    #[test]
    fn starts_exports_and_stops() {
        if std::process::Command::new("python3")
            .arg("--version")
            .output()
            .is_err()
        {
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
