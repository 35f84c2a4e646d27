//! The `libcloud` binary against s3s-fs (which checks every signature): containers,
//! put / get of a 256 MiB file (multipart, picked by size), ls, url, rm; and failed
//! downloads, cut short or corrupted by a fault proxy, that leave nothing at the
//! destination and an earlier file intact.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::Command;

use cloud_test::fault_proxy::{Fault, FaultProxy, Match, Rule};
use common::Sandbox;
use sha2::{Digest, Sha256};

const MIB: usize = 1024 * 1024;

/// AWS variables a developer's shell may set that would change what the binary does.
const AWS_VARS: &[&str] = &[
    "AWS_PROFILE",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_S3",
    "AWS_SESSION_TOKEN",
    "AWS_CONFIG_FILE",
    "AWS_SHARED_CREDENTIALS_FILE",
];

struct S3s {
    endpoint: url::Url,
    key_id: String,
    secret: String,
}

fn s3s() -> Option<S3s> {
    let endpoint = cloud_test::guard::emulator_endpoint("LIBCLOUD_TEST_S3S_ENDPOINT")?;
    let var = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set"));
    Some(S3s {
        endpoint,
        key_id: var("LIBCLOUD_TEST_S3S_ACCESS_KEY"),
        secret: var("LIBCLOUD_TEST_S3S_SECRET_KEY"),
    })
}

/// A command for the binary as provider `s3` at `endpoint` with the server's keys.
fn s3_command(sb: &Sandbox, server: &S3s, endpoint: &url::Url, args: &[&str]) -> Command {
    let mut all = vec!["--provider", "s3", "--endpoint", endpoint.as_str()];
    all.extend_from_slice(args);
    let mut cmd = sb.command(&all);
    for var in AWS_VARS {
        cmd.env_remove(var);
    }
    cmd.env("AWS_ACCESS_KEY_ID", &server.key_id)
        .env("AWS_SECRET_ACCESS_KEY", &server.secret)
        .env("AWS_EC2_METADATA_DISABLED", "true");
    cmd
}

fn run(sb: &Sandbox, server: &S3s, endpoint: &url::Url, args: &[&str]) -> common::Run {
    common::Run::from(
        s3_command(sb, server, endpoint, args)
            .output()
            .expect("run libcloud"),
    )
}

fn json(sb: &Sandbox, server: &S3s, args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.extend(["--output", "json"]);
    run(sb, server, &server.endpoint, &all).ok().json()
}

/// Writes `len` bytes of a fixed pseudo-random sequence.
fn write_random(path: &Path, len: usize) {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).expect("create"));
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let mut left = len;
    let mut buf = vec![0u8; 64 * 1024];
    while left > 0 {
        for word in buf.chunks_mut(8) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            word.copy_from_slice(&x.to_le_bytes()[..word.len()]);
        }
        let n = left.min(buf.len());
        file.write_all(&buf[..n]).expect("write");
        left -= n;
    }
    file.flush().expect("flush");
}

fn sha256(path: &Path) -> String {
    let mut hasher = Sha256::new();
    let mut file = std::fs::File::open(path).expect("open");
    std::io::copy(&mut file, &mut hasher).expect("hash");
    format!("{:x}", hasher.finalize())
}

fn s(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// A bucket name no other test or run uses: the process id and the clock.
fn bucket_name(what: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    format!("{what}-{}-{nanos}", std::process::id())
}

#[test]
fn put_get_ls_url_rm_of_a_256_mib_file() {
    let Some(server) = s3s() else { return };
    let sb = Sandbox::new();
    let bucket = bucket_name("cli-big");
    let created = json(&sb, &server, &["storage", "containers", "create", &bucket]);
    assert_eq!(created["name"], bucket.as_str());
    let all = json(&sb, &server, &["storage", "containers", "list"]);
    let names: Vec<&str> = all
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert!(names.contains(&bucket.as_str()), "{all}");

    let src = sb.work("big.bin");
    write_random(&src, 256 * MIB);
    let target = format!("{bucket}/data/big file.bin");
    let meta = json(&sb, &server, &["storage", "put", s(&src), &target]);
    assert_eq!(meta["size"], 256 * MIB);
    let etag = meta["etag"].as_str().unwrap_or_default();
    assert!(
        etag.contains('-'),
        "a 256 MiB file goes up in parts: {meta}"
    );

    let listed = json(
        &sb,
        &server,
        &["storage", "ls", &bucket, "--prefix", "data/"],
    );
    assert_eq!(listed[0]["name"], "data/big file.bin", "{listed}");
    assert_eq!(listed[0]["size"], 256 * MIB);

    let copy = sb.work("copy.bin");
    json(&sb, &server, &["storage", "get", &target, s(&copy)]);
    assert_eq!(sha256(&copy), sha256(&src));
    std::fs::remove_file(&src).expect("remove source");
    std::fs::remove_file(&copy).expect("remove copy");

    let small = sb.work("small.txt");
    std::fs::write(&small, b"fetched through a signed URL\n").expect("write");
    let small_target = format!("{bucket}/small.txt");
    json(&sb, &server, &["storage", "put", s(&small), &small_target]);
    let url = run(
        &sb,
        &server,
        &server.endpoint,
        &["storage", "url", &small_target, "--expires", "60"],
    )
    .ok()
    .stdout
    .trim()
    .to_string();
    let url = url::Url::parse(&url).expect("a URL");
    cloud_test::guard::assert_loopback(&url);
    let fetched = Command::new("curl")
        .args(["-sSf", "--noproxy", "*", url.as_str()])
        .output();
    match fetched {
        Ok(out) => assert_eq!(out.stdout, b"fetched through a signed URL\n", "{out:?}"),
        Err(_) => println!("curl is not installed: the signed URL was not fetched"),
    }

    for key in [target.as_str(), small_target.as_str()] {
        run(&sb, &server, &server.endpoint, &["storage", "rm", key]).ok();
    }
    let listed = json(&sb, &server, &["storage", "ls", &bucket]);
    assert_eq!(listed, serde_json::json!([]));
    run(
        &sb,
        &server,
        &server.endpoint,
        &["storage", "containers", "delete", &bucket],
    )
    .ok();
}

#[test]
fn failed_downloads_leave_nothing_behind() {
    let Some(server) = s3s() else { return };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let sb = Sandbox::new();
    let bucket = bucket_name("cli-fail");
    json(&sb, &server, &["storage", "containers", "create", &bucket]);
    let src = sb.work("obj.bin");
    write_random(&src, 3 * MIB);
    let key = format!("{bucket}/obj.bin");
    json(&sb, &server, &["storage", "put", s(&src), &key]);

    // Every answer cut after 64 KiB: each resume gets 64 KiB further, and the attempts
    // (5) run out long before the 3 MiB have arrived.
    let truncate = Fault::CutBodyAfter(64 * 1024);
    for fault in [truncate, Fault::CorruptBody] {
        let rules = vec![Rule::always(Match::Method("GET"), fault)];
        let proxy = runtime.block_on(FaultProxy::start(&server.endpoint, rules));
        let fresh = sb.work("fresh.bin");
        let failed = run(
            &sb,
            &server,
            &proxy.url(),
            &["storage", "get", &key, s(&fresh)],
        );
        let kind = match fault {
            Fault::CorruptBody => "malformed_response",
            _ => "transport",
        };
        let line = failed.failed_with_kind(1, kind);
        assert!(proxy.broken() >= 1, "{fault:?} broke nothing");
        assert!(
            !fresh.exists(),
            "{fault:?}: a failed download left a file: {line}"
        );
        if fault == Fault::CorruptBody {
            assert!(
                line.contains("do not match"),
                "the checksum caught it: {line}"
            );
        }

        let earlier = sb.work("earlier.bin");
        std::fs::write(&earlier, b"the earlier file").expect("write");
        let failed = run(
            &sb,
            &server,
            &proxy.url(),
            &["storage", "get", &key, s(&earlier)],
        );
        failed.failed_with_one_line(1);
        assert_eq!(std::fs::read(&earlier).expect("read"), b"the earlier file");
        let leftovers: Vec<String> = common::file_names(&sb.work(""))
            .into_iter()
            .filter(|n| n.contains(".part"))
            .collect();
        assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
    }

    run(&sb, &server, &server.endpoint, &["storage", "rm", &key]).ok();
    run(
        &sb,
        &server,
        &server.endpoint,
        &["storage", "containers", "delete", &bucket],
    )
    .ok();
}
