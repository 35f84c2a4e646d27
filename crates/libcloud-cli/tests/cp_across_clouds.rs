//! `libcloud storage cp` between three providers at once, each side its own
//! configuration: a 1 GiB object from a file to S3 (s3s-fs), from S3 to Swift (the real
//! Keystone and Swift, as a static large object), from Swift to the local provider and
//! back to a file, byte-identical, with every copy's peak memory under 128 MiB; and a
//! source whose connection breaks mid-copy, which leaves no object and no segments at
//! the destination.

mod common;

use std::process::Command;

use cloud_test::fault_proxy::{Fault, FaultProxy, Match, Rule};
use common::files::{run_with_peak_rss, same_contents, write_sample};
use common::{Run, Sandbox};

const MIB: u64 = 1024 * 1024;
const PEAK_RSS: u64 = 128 * MIB;

/// The two servers and a sandbox whose config file has an `s3s` profile (at `s3s`, or
/// at `s3s_via` when given) and a `disk` profile (the local provider).
struct Clouds {
    sb: Sandbox,
    os_vars: Vec<(&'static str, String)>,
}

fn clouds(s3s_via: Option<&url::Url>) -> Option<Clouds> {
    let s3s = cloud_test::guard::emulator_endpoint("LIBCLOUD_TEST_S3S_ENDPOINT")?;
    let os_vars = common::openstack::os_vars("unused")?;
    let var = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set"));
    let sb = Sandbox::new();
    sb.write_config(&format!(
        r#"
[profiles.s3s]
provider = "s3"
endpoint = "{}"
region = "us-east-1"

[profiles.s3s.credentials]
access_key_id = "{}"
secret_access_key = "{}"

[profiles.disk]
provider = "local"
"#,
        s3s_via.unwrap_or(&s3s),
        var("LIBCLOUD_TEST_S3S_ACCESS_KEY"),
        var("LIBCLOUD_TEST_S3S_SECRET_KEY"),
    ));
    Some(Clouds { sb, os_vars })
}

impl Clouds {
    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = self.sb.command(args);
        for var in ["AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"] {
            cmd.env_remove(var);
        }
        cmd.env("AWS_EC2_METADATA_DISABLED", "true");
        for (k, v) in &self.os_vars {
            cmd.env(k, v);
        }
        cmd
    }

    fn run(&self, args: &[&str]) -> Run {
        Run::from(self.command(args).output().expect("run libcloud"))
    }

    /// Runs a copy to success within [`PEAK_RSS`].
    fn bounded(&self, args: &[&str]) {
        let (run, peak) = run_with_peak_rss(self.command(args));
        run.ok();
        eprintln!(
            "`{}`: peak RSS {:.1} MiB",
            args.join(" "),
            peak as f64 / MIB as f64
        );
        assert!(
            peak <= PEAK_RSS,
            "`{}` peaked at {} MiB",
            args.join(" "),
            peak / MIB
        );
    }

    /// Creates `bucket` on s3s-fs and `container` on Swift.
    fn create(&self, bucket: &str, container: &str) {
        self.run(&[
            "--profile",
            "s3s",
            "storage",
            "containers",
            "create",
            bucket,
        ])
        .ok();
        self.run(&[
            "--provider",
            "openstack",
            "storage",
            "containers",
            "create",
            container,
        ])
        .ok();
    }

    fn names(&self, args: &[&str]) -> Vec<String> {
        let mut all = vec!["--output", "json"];
        all.extend_from_slice(args);
        self.run(&all)
            .ok()
            .json()
            .as_array()
            .expect("an array")
            .iter()
            .map(|o| o["name"].as_str().unwrap().to_string())
            .collect()
    }
}

fn unique(prefix: &str) -> String {
    format!("{prefix}-{}", std::process::id())
}

#[test]
fn a_gib_goes_from_s3_to_swift_to_local_and_back_byte_identical() {
    let Some(clouds) = clouds(None) else { return };
    let (bucket, container) = (unique("across"), unique("across"));
    clouds.create(&bucket, &container);
    let os = ["--provider", "openstack"];
    clouds
        .run(&[
            "--profile",
            "disk",
            "storage",
            "containers",
            "create",
            &container,
        ])
        .ok();
    let file = clouds.sb.work("big.bin");
    write_sample(&file, 1024 * MIB + 3, 0xC0FF_EE00);
    let s3_key = format!("s3s:{bucket}/big.bin");
    let swift_key = format!("openstack:{container}/big.bin");
    let disk_key = format!("disk:{container}/big.bin");
    clouds.bounded(&["storage", "cp", file.to_str().unwrap(), &s3_key]);
    clouds.bounded(&["storage", "cp", &s3_key, &swift_key]);
    clouds.bounded(&["storage", "cp", &swift_key, &disk_key]);
    let back = clouds.sb.work("back.bin");
    clouds.bounded(&["storage", "cp", &disk_key, back.to_str().unwrap()]);
    assert!(same_contents(&file, &back), "the same bytes came back");

    clouds
        .run(&[
            "--profile",
            "s3s",
            "storage",
            "rm",
            &format!("{bucket}/big.bin"),
        ])
        .ok();
    clouds
        .run(&[&os[..], &["storage", "rm", &format!("{container}/big.bin")]].concat())
        .ok();
}

#[test]
fn a_source_that_breaks_mid_copy_leaves_nothing_at_the_destination() {
    let Some(s3s) = cloud_test::guard::emulator_endpoint("LIBCLOUD_TEST_S3S_ENDPOINT") else {
        return;
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    // The first download is cut at 40 MiB; every later attempt (the resume) is reset.
    let object = Match::MethodContaining("GET", "/broken.bin".into());
    let proxy = runtime.block_on(FaultProxy::start(
        &s3s,
        vec![
            Rule::times(object.clone(), Fault::CutBodyAfter(40 * MIB), 1),
            Rule::always(object, Fault::Reset),
        ],
    ));
    let via = proxy.url();
    let Some(clouds) = clouds(Some(&via)) else {
        return;
    };
    let (bucket, container) = (unique("broken"), unique("broken"));
    clouds.create(&bucket, &container);
    let os = ["--provider", "openstack"];
    let file = clouds.sb.work("broken.bin");
    write_sample(&file, 96 * MIB, 5);
    let s3_key = format!("s3s:{bucket}/broken.bin");
    clouds
        .run(&["storage", "cp", file.to_str().unwrap(), &s3_key])
        .ok();

    let swift_key = format!("openstack:{container}/broken.bin");
    let line = clouds
        .run(&["storage", "cp", &s3_key, &swift_key])
        .failed_with_one_line(1);
    assert!(line.starts_with("error["), "{line}");
    assert_eq!(
        clouds.names(&[&os[..], &["storage", "ls", &container]].concat()),
        Vec::<String>::new(),
        "no object at the destination"
    );
    let segments = format!("{container}_segments");
    let left = clouds.run(&[&os[..], &["--output", "json", "storage", "ls", &segments]].concat());
    if left.code == 0 {
        assert_eq!(
            left.json(),
            serde_json::json!([]),
            "no segments left behind"
        );
    } else {
        assert!(left.stderr.contains("not_found"), "{}", left.stderr);
    }
    drop(proxy);
}
