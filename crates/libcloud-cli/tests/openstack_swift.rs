//! `libcloud --provider openstack storage …` against the real Keystone and Swift `cargo
//! xtask test` starts, configured by `OS_*` variables alone: a container, a 1 GiB file
//! (far above Swift's 16 MiB `max_file_size`, so it goes up as a static large object)
//! with the binary's peak memory bounded both ways, the same bytes back, a listing, a
//! temporary URL curl can use until it expires, and everything deleted again.

mod common;

use common::files::{run_with_peak_rss, same_contents, write_sample};
use common::{Run, Sandbox};

const MIB: u64 = 1024 * 1024;

/// The size of the round trip: 1 GiB and a few bytes, so the last segment is short.
const OBJECT: u64 = 1024 * MIB + 17;

/// The most memory one `storage put` or `storage get` of it may use.
const PEAK_RSS: u64 = 96 * MIB;

struct Cloud {
    vars: Vec<(&'static str, String)>,
}

fn cloud() -> Option<Cloud> {
    Some(Cloud {
        vars: common::openstack::os_vars("cli-temp-url-key")?,
    })
}

impl Cloud {
    fn command(&self, sb: &Sandbox, args: &[&str]) -> std::process::Command {
        let mut all = vec!["--provider", "openstack"];
        all.extend_from_slice(args);
        let mut cmd = sb.command(&all);
        for (k, v) in &self.vars {
            cmd.env(k, v);
        }
        cmd
    }

    fn checked(&self, run: Run) -> Run {
        let password = &self.vars[2].1;
        assert!(
            !run.stderr.contains(password.as_str()),
            "the password leaked"
        );
        run
    }

    fn run(&self, sb: &Sandbox, args: &[&str]) -> Run {
        let out = self.command(sb, args).output().expect("run libcloud");
        self.checked(Run::from(out))
    }

    /// Runs the binary to success and checks its peak memory against [`PEAK_RSS`].
    fn run_bounded(&self, sb: &Sandbox, args: &[&str]) -> Run {
        let (run, peak) = run_with_peak_rss(self.command(sb, args));
        let run = self.checked(run).ok();
        eprintln!(
            "`{}`: peak RSS {:.1} MiB",
            args[..2].join(" "),
            peak as f64 / MIB as f64
        );
        assert!(
            peak <= PEAK_RSS,
            "`{}` peaked at {} MiB, above {} MiB",
            args.join(" "),
            peak / MIB,
            PEAK_RSS / MIB
        );
        run
    }
}

/// Fetches `url` into `into` with curl; the HTTP status.
fn curl(url: &str, into: &std::path::Path) -> String {
    let out = std::process::Command::new("curl")
        .arg("-s")
        .arg("-o")
        .arg(into)
        .args(["-w", "%{http_code}", url])
        .output()
        .expect("curl runs");
    String::from_utf8_lossy(&out.stdout).to_string()
}

#[test]
fn os_variables_alone_drive_a_large_object_round_trip_and_a_temp_url() {
    let Some(cloud) = cloud() else { return };
    let sb = Sandbox::new();
    let container = format!("cli-{}", std::process::id());
    cloud
        .run(&sb, &["storage", "containers", "create", &container])
        .ok();
    let local = sb.work("big.bin");
    write_sample(&local, OBJECT, 0x9E37_79B9_7F4A_7C15);
    let target = format!("{container}/dir/big.bin");
    cloud.run_bounded(&sb, &["storage", "put", local.to_str().unwrap(), &target]);
    let back = sb.work("back.bin");
    cloud.run_bounded(&sb, &["storage", "get", &target, back.to_str().unwrap()]);
    assert!(same_contents(&local, &back), "the same bytes came back");
    std::fs::remove_file(&back).unwrap();
    let listed = cloud
        .run(&sb, &["--output", "json", "storage", "ls", &container])
        .ok()
        .json();
    let names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["name"].as_str())
        .collect();
    assert_eq!(names, ["dir/big.bin"], "{listed}");
    assert_eq!(listed[0]["size"], OBJECT, "{listed}");

    set_account_key(&cloud, "cli-temp-url-key");
    let url = cloud
        .run(&sb, &["storage", "url", &target, "--expires", "300"])
        .ok();
    let url = url.stdout.trim().to_string();
    assert!(url.contains("temp_url_sig="), "{url}");
    let fetched = sb.work("curl.bin");
    assert_eq!(curl(&url, &fetched), "200");
    assert!(same_contents(&local, &fetched), "curl got the object");
    std::fs::remove_file(&fetched).unwrap();
    let short = cloud
        .run(&sb, &["storage", "url", &target, "--expires", "1"])
        .ok();
    std::thread::sleep(std::time::Duration::from_millis(2100));
    assert_eq!(
        curl(short.stdout.trim(), &sb.work("expired")),
        "401",
        "an expired URL is refused"
    );

    cloud.run(&sb, &["storage", "rm", &target]).ok();
    let segments = format!("{container}_segments");
    let left = cloud
        .run(&sb, &["--output", "json", "storage", "ls", &segments])
        .ok()
        .json();
    assert_eq!(
        left,
        serde_json::json!([]),
        "the segments went with the object"
    );
    for c in [&container, &segments] {
        cloud.run(&sb, &["storage", "containers", "delete", c]).ok();
    }
}

/// Sets the account's temporary URL key through the library (the CLI has no command for
/// account settings).
fn set_account_key(cloud: &Cloud, key: &str) {
    use libcloud::drivers::cloud_openstack::{OpenStackFactory, SwiftStorage};
    let mut env = libcloud::core::MapEnv::default();
    for (k, v) in &cloud.vars {
        env.set(*k, v.clone());
    }
    let config = libcloud::ProviderConfig {
        env: std::sync::Arc::new(env),
        ..Default::default()
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        use libcloud::DriverFactory;
        let session = OpenStackFactory.connect(&config).await.unwrap();
        let storage = session.storage().unwrap();
        let swift = storage.as_any().downcast_ref::<SwiftStorage>().unwrap();
        swift
            .set_temp_url_key(&libcloud::Secret::new(key))
            .await
            .unwrap();
    });
}

#[test]
fn a_wrong_password_an_unknown_region_and_no_compute_are_one_line_each() {
    let Some(cloud) = cloud() else { return };
    let sb = Sandbox::new();
    let with = |name: &str, value: &str| Cloud {
        vars: cloud
            .vars
            .iter()
            .map(|(k, v)| {
                let v = if *k == name {
                    value.to_string()
                } else {
                    v.clone()
                };
                (*k, v)
            })
            .collect(),
    };
    let line = with("OS_PASSWORD", "not-the-password")
        .run(&sb, &["storage", "containers", "list"])
        .failed_with_kind(1, "invalid_credentials");
    assert!(line.contains("refused the credentials"), "{line}");
    assert!(!line.contains("not-the-password"), "{line}");
    let line = with("OS_REGION_NAME", "Atlantis")
        .run(&sb, &["storage", "containers", "list"])
        .failed_with_kind(1, "unsupported");
    assert!(
        line.contains("the catalog of region Atlantis has no object-store service"),
        "{line}"
    );
    let line = cloud
        .run(&sb, &["nodes", "list"])
        .failed_with_kind(1, "unsupported");
    assert!(line.contains("has no compute service"), "{line}");
}
