//! A small OpenStack for the OpenStack driver's tests: Keystone v3 and Swift from PyPI
//! in one virtual environment, plus Debian's memcached, all on 127.0.0.1 and all fresh
//! at every start.
//!
//! It is one service because each half needs the other's port (Swift's proxy checks
//! tokens with Keystone; Keystone's catalog names Swift's URL) and the runner gives a
//! service only its own ports. The main port is Swift's proxy, the second Keystone's.
//! A supervisor script runs every process: memcached, Keystone (then seeds it with the
//! test projects, users and catalog), Swift's account, container and object servers,
//! and the proxy last, so the proxy's `/healthcheck` answering means all are up.

mod install;
pub mod keystone;
mod scripts;
pub mod swift;

use std::path::{Path, PathBuf};
use std::process::Command;

use super::process::run_logged;
use super::table::Ports;
use super::{Layout, free_port};
use crate::{Error, Result};
pub(crate) use install::install;
use install::venv;
pub use install::{KEYSTONE_VERSION, KEYSTONEMIDDLEWARE_VERSION, SWIFT_VERSION};

/// The region every catalog entry is in.
pub const REGION: &str = "RegionOne";
/// The name of the domain every user and project is in (its id is `default`).
pub const DOMAIN: &str = "Default";
/// The test user, a `member` of [`DEMO_PROJECT`].
pub const DEMO_USER: &str = "demo";
/// Its password (a fixed test value, not a credential).
pub const DEMO_PASSWORD: &str = "libcloud-test-demo-password";
/// The test project.
pub const DEMO_PROJECT: &str = "demo";
/// Keystone's bootstrap administrator, `admin` of the `admin` project.
pub const ADMIN_USER: &str = "admin";
/// Its password (a fixed test value, not a credential).
pub const ADMIN_PASSWORD: &str = "libcloud-test-admin-password";
/// The administrator's project.
pub const ADMIN_PROJECT: &str = "admin";
/// The project of the service user Swift validates tokens as.
const SERVICE_PROJECT: &str = "service";
/// That service user.
const SWIFT_USER: &str = "swift";
/// Its password (a fixed test value, not a credential).
const SWIFT_PASSWORD: &str = "libcloud-test-swift-service-password";

/// The variables exported along with the endpoints.
pub const EXTRA_ENV: &[(&str, &str)] = &[
    ("LIBCLOUD_TEST_OS_USERNAME", DEMO_USER),
    ("LIBCLOUD_TEST_OS_PASSWORD", DEMO_PASSWORD),
    ("LIBCLOUD_TEST_OS_PROJECT_NAME", DEMO_PROJECT),
    ("LIBCLOUD_TEST_OS_USER_DOMAIN_NAME", DOMAIN),
    ("LIBCLOUD_TEST_OS_PROJECT_DOMAIN_NAME", DOMAIN),
    ("LIBCLOUD_TEST_OS_REGION_NAME", REGION),
    ("LIBCLOUD_TEST_OS_ADMIN_USERNAME", ADMIN_USER),
    ("LIBCLOUD_TEST_OS_ADMIN_PASSWORD", ADMIN_PASSWORD),
    ("LIBCLOUD_TEST_OS_ADMIN_PROJECT_NAME", ADMIN_PROJECT),
    ("LIBCLOUD_TEST_SWIFT_MAX_FILE_SIZE", "16777216"),
];

/// Keystone's endpoint for its port: `http://127.0.0.1:PORT/v3`.
pub fn keystone_endpoint(port: u16) -> String {
    format!("http://127.0.0.1:{port}/v3")
}

/// The folder one run's configuration, database, rings and stored objects live in:
/// `target/emulators/openstack`, emptied at every start.
pub fn run_dir(layout: &Layout) -> PathBuf {
    layout.emulators_dir().join("openstack")
}

/// The ports of the processes behind the proxy and Keystone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InnerPorts {
    /// memcached.
    pub memcached: u16,
    /// Swift's account server.
    pub account: u16,
    /// Swift's container server.
    pub container: u16,
    /// Swift's object server.
    pub object: u16,
}

impl InnerPorts {
    /// Four free loopback ports, none of them in `taken`.
    pub fn pick(taken: &[u16]) -> Result<Self> {
        let mut picked: Vec<u16> = Vec::new();
        let mut tries = 0;
        while picked.len() < 4 {
            tries += 1;
            if tries > 200 {
                return Err(Error::msg("no four free ports for the OpenStack servers"));
            }
            let port =
                free_port().map_err(|e| Error::msg(format!("no free port for openstack: {e}")))?;
            if !taken.contains(&port) && !picked.contains(&port) {
                picked.push(port);
            }
        }
        Ok(InnerPorts {
            memcached: picked[0],
            account: picked[1],
            container: picked[2],
            object: picked[3],
        })
    }
}

fn write(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text)
        .map_err(|e| Error::msg(format!("cannot write {}: {e}", path.display())))
}

fn create_dir(path: &Path) -> Result<()> {
    std::fs::create_dir_all(path)
        .map_err(|e| Error::msg(format!("cannot create {}: {e}", path.display())))
}

/// Writes the configuration files of one run under `dir`.
fn write_configs(dir: &Path, proxy: u16, keystone: u16, inner: InnerPorts) -> Result<()> {
    let keystone_dir = dir.join("keystone");
    let swift_dir = dir.join("swift");
    let devices = dir.join("srv");
    for d in [&keystone_dir, &swift_dir, &devices.join("d1")] {
        create_dir(d)?;
    }
    write(
        &keystone_dir.join("keystone.conf"),
        &keystone::config(&keystone_dir),
    )?;
    write(&swift_dir.join("swift.conf"), &swift::swift_conf())?;
    for (kind, port) in [
        ("account", inner.account),
        ("container", inner.container),
        ("object", inner.object),
    ] {
        write(
            &swift_dir.join(format!("{kind}-server.conf")),
            &swift::storage_server_conf(kind, port, &swift_dir, &devices),
        )?;
    }
    let peers = swift::ProxyPeers {
        memcached: inner.memcached,
        keystone,
    };
    let user = swift::ServiceUser {
        project: SERVICE_PROJECT,
        name: SWIFT_USER,
        password: SWIFT_PASSWORD,
    };
    write(
        &swift_dir.join("proxy-server.conf"),
        &swift::proxy_conf(proxy, &swift_dir, &devices, peers, user),
    )
}

/// The variables the seeding script reads.
fn seed_env(proxy: u16, keystone: u16) -> Vec<(&'static str, String)> {
    vec![
        ("SEED_KEYSTONE_URL", keystone_endpoint(keystone)),
        ("SEED_ADMIN_PASSWORD", ADMIN_PASSWORD.to_string()),
        ("SEED_REGION", REGION.to_string()),
        ("SEED_DEMO_PROJECT", DEMO_PROJECT.to_string()),
        ("SEED_DEMO_USER", DEMO_USER.to_string()),
        ("SEED_DEMO_PASSWORD", DEMO_PASSWORD.to_string()),
        ("SEED_SERVICE_PROJECT", SERVICE_PROJECT.to_string()),
        ("SEED_SWIFT_USER", SWIFT_USER.to_string()),
        ("SEED_SWIFT_PASSWORD", SWIFT_PASSWORD.to_string()),
        (
            "SEED_SWIFT_URL",
            format!("http://127.0.0.1:{proxy}/v1/AUTH_$(project_id)s"),
        ),
    ]
}

/// Makes a fresh run folder (configuration, Keystone's bootstrapped database and keys,
/// Swift's rings) and returns the supervisor command that runs everything, Swift's
/// proxy on the main port and Keystone on the second.
pub(super) fn command(layout: &Layout, ports: Ports) -> Result<Command> {
    let keystone = ports
        .second
        .ok_or_else(|| Error::msg("openstack needs a second port, for Keystone"))?;
    let proxy = ports.main;
    let inner = InnerPorts::pick(&[proxy, keystone])?;
    let dir = run_dir(layout);
    let _ = std::fs::remove_dir_all(&dir);
    create_dir(&dir)?;
    write_configs(&dir, proxy, keystone, inner)?;
    let scripts = scripts::write_all(&dir.join("scripts"))?;
    let venv = venv(layout);

    let mut prepare = venv.python();
    prepare
        .arg(&scripts.prepare)
        .arg(dir.join("keystone").join("keystone.conf"))
        .arg(keystone_endpoint(keystone))
        .arg(REGION)
        .arg(dir.join("swift"))
        .args([inner.account, inner.container, inner.object].map(|p| p.to_string()))
        .env("OS_BOOTSTRAP_PASSWORD", ADMIN_PASSWORD);
    let log = layout.emulators_dir().join("openstack-setup.log");
    run_logged(
        prepare,
        &log,
        "preparing Keystone's database and Swift's rings",
    )?;

    let mut cmd = venv.python();
    cmd.arg(&scripts.supervise)
        .arg(&dir)
        .args(
            [
                inner.memcached,
                keystone,
                inner.account,
                inner.container,
                inner.object,
                proxy,
            ]
            .map(|p| p.to_string()),
        )
        .envs(seed_env(proxy, keystone));
    Ok(cmd)
}

#[cfg(test)]
mod tests {
    use super::install::{find_memcached, installed_check};
    use super::*;

    #[test]
    fn inner_ports_are_distinct_and_avoid_the_taken_ones() {
        let taken = [free_port().unwrap(), free_port().unwrap()];
        let p = InnerPorts::pick(&taken).unwrap();
        let all = [p.memcached, p.account, p.container, p.object];
        for (i, port) in all.iter().enumerate() {
            assert!(!taken.contains(port));
            assert!(!all[i + 1..].contains(port));
        }
    }

    #[test]
    fn a_second_port_is_required() {
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout::new(dir.path().to_path_buf());
        let err = command(&layout, Ports::one(8080)).unwrap_err();
        assert!(err.message().contains("second port"), "{err}");
    }

    #[test]
    fn configs_are_written_under_the_run_folder() {
        let dir = tempfile::tempdir().unwrap();
        let inner = InnerPorts {
            memcached: 11211,
            account: 6202,
            container: 6201,
            object: 6200,
        };
        write_configs(dir.path(), 8080, 5000, inner).unwrap();
        for file in [
            "keystone/keystone.conf",
            "swift/swift.conf",
            "swift/account-server.conf",
            "swift/container-server.conf",
            "swift/object-server.conf",
            "swift/proxy-server.conf",
        ] {
            assert!(dir.path().join(file).is_file(), "{file}");
        }
        assert!(dir.path().join("srv/d1").is_dir());
        let proxy = std::fs::read_to_string(dir.path().join("swift/proxy-server.conf")).unwrap();
        assert!(proxy.contains("bind_port = 8080\n"));
        assert!(proxy.contains("auth_url = http://127.0.0.1:5000/v3\n"));
        assert!(proxy.contains("memcache_servers = 127.0.0.1:11211\n"));
    }

    #[test]
    fn the_catalog_points_at_the_proxy_and_names_the_test_users() {
        let env: std::collections::BTreeMap<_, _> = seed_env(8080, 5000).into_iter().collect();
        assert_eq!(
            env["SEED_SWIFT_URL"],
            "http://127.0.0.1:8080/v1/AUTH_$(project_id)s"
        );
        assert_eq!(env["SEED_KEYSTONE_URL"], "http://127.0.0.1:5000/v3");
        assert_eq!(env["SEED_DEMO_USER"], DEMO_USER);
        assert_eq!(env["SEED_DEMO_PASSWORD"], DEMO_PASSWORD);
    }

    #[test]
    fn exported_values_match_the_constants() {
        let env: std::collections::BTreeMap<_, _> = EXTRA_ENV.iter().copied().collect();
        assert_eq!(env["LIBCLOUD_TEST_OS_USERNAME"], DEMO_USER);
        assert_eq!(env["LIBCLOUD_TEST_OS_PASSWORD"], DEMO_PASSWORD);
        assert_eq!(env["LIBCLOUD_TEST_OS_PROJECT_NAME"], DEMO_PROJECT);
        assert_eq!(env["LIBCLOUD_TEST_OS_REGION_NAME"], REGION);
        assert_eq!(
            env["LIBCLOUD_TEST_SWIFT_MAX_FILE_SIZE"],
            swift::MAX_FILE_SIZE.to_string()
        );
        assert_eq!(keystone_endpoint(5000), "http://127.0.0.1:5000/v3");
    }

    /// The environment `cargo xtask test` installed, when there is one: this test does
    /// not install it (a minute of downloads), it only borrows it.
    fn installed_venv() -> Option<PathBuf> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let layout = Layout::new(root);
        let venv = venv(&layout);
        (find_memcached().is_some() && venv.runs(&installed_check()))
            .then(|| venv.dir().to_path_buf())
    }

    #[cfg(unix)]
    #[test]
    fn starts_and_serves_a_token_a_container_and_an_object() {
        use super::super::{Running, table::SERVICES};
        let Some(installed) = installed_venv() else {
            eprintln!("the OpenStack environment or memcached is absent: skipping");
            return;
        };
        let dir = tempfile::tempdir().unwrap();
        let layout = Layout::new(dir.path().to_path_buf());
        std::fs::create_dir_all(layout.emulators_dir()).unwrap();
        std::os::unix::fs::symlink(&installed, venv(&layout).dir()).unwrap();
        let service = SERVICES.iter().find(|s| s.name == "openstack").unwrap();
        let stop = crate::interrupt::Interrupt::never();
        let started = std::time::Instant::now();
        let mut running = Running::start(&[service], &layout, &stop).unwrap();
        eprintln!(
            "openstack started in {:.1} s",
            started.elapsed().as_secs_f64()
        );
        let smoke = dir.path().join("smoke.py");
        std::fs::write(&smoke, include_str!("smoke.py")).unwrap();
        let out = venv(&layout)
            .python()
            .arg(&smoke)
            .envs(running.env())
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        eprintln!("{text}");
        assert!(out.status.success(), "{text}");
        let ports: Vec<u16> = ["proxy", "account", "container", "object"]
            .iter()
            .map(|kind| bound_port(&layout, kind))
            .collect();
        running.stop();
        // The supervisor's watchdog stops its children just after it dies.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while ports.iter().any(|p| super::super::tcp_accepts(*p)) {
            assert!(
                std::time::Instant::now() < deadline,
                "a server outlived its supervisor"
            );
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    }

    /// The port the `kind` Swift server was configured with.
    fn bound_port(layout: &Layout, kind: &str) -> u16 {
        let conf = run_dir(layout)
            .join("swift")
            .join(format!("{kind}-server.conf"));
        let text = std::fs::read_to_string(conf).unwrap();
        text.lines()
            .find_map(|l| l.strip_prefix("bind_port = "))
            .unwrap()
            .parse()
            .unwrap()
    }
}
