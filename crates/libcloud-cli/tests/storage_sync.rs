//! `libcloud storage sync`: a directory to the local provider and back, a second run
//! that copies nothing, changes, `--dry-run`, `--delete`, filters and one-line errors;
//! against s3s-fs (which checks every signature), 10,000 small files and a few
//! multipart ones, and a sync killed part way that leaves no partial object and is
//! finished by the next run.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::files::{same_contents, write_sample};
use common::{Run, Sandbox};
use serde_json::Value;

const MIB: u64 = 1024 * 1024;

fn write(dir: &Path, rel: &str, data: &[u8]) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, data).unwrap();
}

fn s(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

/// `(copied, deleted, unchanged)` of a JSON sync report.
fn counts(report: &Value) -> (u64, u64, u64) {
    let n = |k: &str| {
        report[k]
            .as_u64()
            .unwrap_or_else(|| panic!("{k} in {report}"))
    };
    (n("copied"), n("deleted"), n("unchanged"))
}

/// `(name, size)` of every object `storage ls` lists.
fn listing(run: Run) -> Vec<(String, u64)> {
    run.ok()
        .json()
        .as_array()
        .expect("ls prints an array")
        .iter()
        .map(|o| {
            (
                o["name"].as_str().unwrap().to_string(),
                o["size"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn a_directory_syncs_to_the_local_provider_and_back() {
    let sb = Sandbox::new();
    let src = sb.work("src");
    write(&src, "a.txt", b"alpha");
    write(&src, "docs/b.md", b"bravo bravo");
    write(&src, "docs/deep/c.bin", &[7u8; 4096]);
    write(&src, "logs/x.log", b"noise");
    sb.run(&["storage", "containers", "create", "c"]).ok();
    let to = "local:c/backup";

    let first = sb.json(&["storage", "sync", s(&src), to]);
    assert_eq!(counts(&first), (4, 0, 0), "{first}");
    assert_eq!(first["copied_bytes"], 5 + 11 + 4096 + 5);
    let again = sb.json(&["storage", "sync", s(&src), to]);
    assert_eq!(counts(&again), (0, 0, 4), "a second run copies nothing");

    write(&src, "a.txt", b"ALPHA");
    std::fs::remove_file(src.join("logs/x.log")).unwrap();
    write(&src, "new.txt", b"n");
    let plan = sb
        .run(&["storage", "sync", s(&src), to, "--delete", "--dry-run"])
        .ok();
    assert_eq!(
        plan.stdout.lines().collect::<Vec<_>>(),
        [
            "copy a.txt (5 bytes, content)",
            "copy new.txt (1 bytes, missing)",
            "delete logs/x.log",
            "would copy 2 (6 bytes), would delete 1, unchanged 2",
        ]
    );
    let stored = listing(sb.run(&["--output", "json", "storage", "ls", "c"]));
    assert_eq!(stored.len(), 4, "a dry run changes nothing: {stored:?}");

    let done = sb.json(&["storage", "sync", s(&src), to, "--delete"]);
    assert_eq!(counts(&done), (2, 1, 2), "{done}");

    let down = sb.work("down");
    let back = sb.json(&["storage", "sync", to, s(&down), "--exclude", "*.bin"]);
    assert_eq!(counts(&back), (3, 0, 0), "{back}");
    assert!(same_contents(&src.join("a.txt"), &down.join("a.txt")));
    assert!(!down.join("docs/deep/c.bin").exists(), "excluded");
    let all = sb.json(&["storage", "sync", to, s(&down)]);
    assert_eq!(counts(&all), (1, 0, 3), "{all}");
    let settled = sb.json(&["storage", "sync", to, s(&down), "--delete"]);
    assert_eq!(counts(&settled), (0, 0, 4), "{settled}");
}

#[test]
fn bad_sides_are_one_line_each() {
    let sb = Sandbox::new();
    let dir = sb.work("d");
    std::fs::create_dir_all(&dir).unwrap();
    let line = sb
        .run(&["storage", "sync", s(&dir), s(&dir)])
        .failed_with_kind(1, "invalid_input");
    assert!(line.contains("both sides are local directories"), "{line}");
    let line = sb
        .run(&["storage", "sync", s(&dir), "local:nosuch/p"])
        .failed_with_kind(1, "not_found");
    assert!(line.contains("nosuch"), "{line}");
    let line = sb
        .run(&["storage", "sync", s(&dir), "local:c", "--exclude", "[ab"])
        .failed_with_kind(1, "invalid_input");
    assert!(line.contains("unclosed '['"), "{line}");
}

/// A sandbox with an `s3s` profile (s3s-fs, parts of 5 MiB from 5 MiB up); `None`
/// without s3s-fs.
fn s3s_sandbox() -> Option<Sandbox> {
    let endpoint = cloud_test::guard::emulator_endpoint("LIBCLOUD_TEST_S3S_ENDPOINT")?;
    let var = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set"));
    let sb = Sandbox::new();
    sb.write_config(&format!(
        r#"
[profiles.s3s]
provider = "s3"
endpoint = "{endpoint}"
region = "us-east-1"

[profiles.s3s.credentials]
access_key_id = "{}"
secret_access_key = "{}"

[profiles.s3s.options]
multipart_threshold = "5MiB"
part_size = "5MiB"
"#,
        var("LIBCLOUD_TEST_S3S_ACCESS_KEY"),
        var("LIBCLOUD_TEST_S3S_SECRET_KEY"),
    ));
    Some(sb)
}

fn bucket(prefix: &str) -> String {
    format!("{prefix}-{}", std::process::id())
}

#[test]
fn ten_thousand_files_and_multipart_ones_sync_to_s3s_fs_once() {
    let Some(sb) = s3s_sandbox() else { return };
    let src = sb.work("many");
    for i in 0..10_000u64 {
        let len = 1 + (i * 7919) % 2048;
        let byte = (i % 251) as u8;
        write(
            &src,
            &format!("d{:02}/f{i:05}.dat", i % 40),
            &vec![byte; len as usize],
        );
    }
    for i in 0..3 {
        write_sample(&src.join(format!("big-{i}.bin")), 12 * MIB + i, 7 + i);
    }
    let b = bucket("sync-many");
    sb.run(&["--profile", "s3s", "storage", "containers", "create", &b])
        .ok();
    let to = format!("s3s:{b}/");
    let first = sb.json(&["storage", "sync", s(&src), &to]);
    assert_eq!(counts(&first), (10_003, 0, 0), "{first}");
    let listed = listing(sb.run(&["--profile", "s3s", "--output", "json", "storage", "ls", &b]));
    assert_eq!(listed.len(), 10_003);
    assert!(
        listed.contains(&("big-2.bin".to_string(), 12 * MIB + 2)),
        "multipart sizes"
    );

    let again = sb.json(&["storage", "sync", s(&src), &to]);
    assert_eq!(
        counts(&again),
        (0, 0, 10_003),
        "a second run copies nothing"
    );

    // A multipart object's ETag is no digest: its recorded time tells it apart.
    write_sample(&src.join("big-1.bin"), 12 * MIB + 1, 99);
    for i in 0..10u64 {
        std::fs::remove_file(src.join(format!("d{:02}/f{i:05}.dat", i % 40))).unwrap();
    }
    let changed = sb.json(&["storage", "sync", s(&src), &to, "--delete"]);
    assert_eq!(counts(&changed), (1, 10, 9_992), "{changed}");
    let down = sb.work("down");
    let back = sb.json(&["storage", "sync", &to, s(&down), "--include", "big-*"]);
    assert_eq!(counts(&back), (3, 0, 0), "{back}");
    assert!(same_contents(
        &src.join("big-1.bin"),
        &down.join("big-1.bin")
    ));
}

#[test]
fn a_killed_sync_leaves_no_partial_object_and_the_next_run_finishes() {
    let Some(sb) = s3s_sandbox() else { return };
    let src = sb.work("big");
    std::fs::create_dir_all(&src).unwrap();
    let sizes: Vec<u64> = (0..6).map(|i| 24 * MIB + i * 4099).collect();
    for (i, size) in sizes.iter().enumerate() {
        write_sample(&src.join(format!("part-{i}.bin")), *size, 40 + i as u64);
    }
    let b = bucket("sync-killed");
    sb.run(&["--profile", "s3s", "storage", "containers", "create", &b])
        .ok();
    let to = format!("s3s:{b}/");
    let ls = || listing(sb.run(&["--profile", "s3s", "--output", "json", "storage", "ls", &b]));
    let mut child = sb.spawn(&["storage", "sync", s(&src), &to, "--concurrency", "1"]);
    let deadline = Instant::now() + Duration::from_secs(120);
    while ls().is_empty() {
        assert!(Instant::now() < deadline, "the sync stored nothing in time");
        assert!(
            child.try_wait().unwrap().is_none(),
            "the sync ended too soon"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let kept = ls();
    assert!(kept.len() < sizes.len(), "killed before the end: {kept:?}");
    for (name, size) in &kept {
        let i: usize = name[5..6].parse().unwrap();
        assert_eq!(*size, sizes[i], "{name} is whole");
    }
    let next = sb.json(&["storage", "sync", s(&src), &to]);
    assert_eq!(
        counts(&next),
        ((sizes.len() - kept.len()) as u64, 0, kept.len() as u64),
        "{next}"
    );
    assert_eq!(ls().len(), sizes.len());
    let done = sb.json(&["storage", "sync", s(&src), &to]);
    assert_eq!(counts(&done), (0, 0, sizes.len() as u64));
}
